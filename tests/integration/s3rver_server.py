"""s3rver (npm s3rver@3, installed by tests/run.sh into tests/integration/s3rver/) as its own
process on a free port, with one bucket, and a botocore S3 client for checking what was written.

Needs botocore (Debian: python3-botocore) and node; `missing()` says what is absent so tests can
skip with the reason."""

import os
import shutil
import subprocess
import time

from harness import free_port

try:
    import botocore.session
    from botocore.config import Config
except ImportError:
    botocore = None

HERE = os.path.dirname(os.path.abspath(__file__))
S3RVER_BIN = os.path.join(HERE, "s3rver", "node_modules", ".bin", "s3rver")


def missing():
    """Why s3rver tests cannot run here, or None."""
    if botocore is None:
        return "botocore is missing (apt-get install python3-botocore)"
    if not shutil.which("node") or not os.path.exists(S3RVER_BIN):
        return "node or s3rver missing (tests/run.sh installs s3rver with npm into tests/integration/s3rver)"
    return None


class S3rver:
    """s3rver serving `bucket` from workdir/s3rver-data; stop() ends it."""

    def __init__(self, workdir, bucket):
        self.workdir = workdir
        self.bucket = bucket
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, "s3rver.log")
        self.server = None
        self.s3 = None

    def start(self, timeout=20):
        self.log = open(self.log_path, "wb")
        # s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in
        # its legacy provider; without it every truncated listing is a 500 InternalError.
        env = dict(os.environ, NODE_OPTIONS="--openssl-legacy-provider")
        self.server = subprocess.Popen(
            [S3RVER_BIN, "-d", os.path.join(self.workdir, "s3rver-data"), "-a", "127.0.0.1", "-p", str(self.port),
             "--configure-bucket", self.bucket], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.s3 = botocore.session.get_session().create_client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id="S3RVER",
            aws_secret_access_key="S3RVER", config=Config(s3={"addressing_style": "path"}))
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.s3.head_bucket(Bucket=self.bucket)
                return self
            except Exception:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    with open(self.log_path, errors="replace") as f:
                        raise RuntimeError("s3rver did not start:\n" + f.read()[-2000:])
                time.sleep(0.2)

    def keys(self, prefix=""):
        """Every key under prefix, sorted."""
        keys, token = [], None
        while True:
            kwargs = {"Bucket": self.bucket, "Prefix": prefix}
            if token:
                kwargs["ContinuationToken"] = token
            page = self.s3.list_objects_v2(**kwargs)
            keys += [o["Key"] for o in page.get("Contents", [])]
            token = page.get("NextContinuationToken")
            if not token:
                return sorted(keys)

    def get(self, key):
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        self.log.close()
