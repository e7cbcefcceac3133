"""The S3 plugin's HTTP client (plugins/s3/s3_client.h) against s3rver, a local S3-compatible
server run as its own Node.js process (npm s3rver@3, installed in tests/integration/s3rver by
tests/run.sh). s3_client_tool (plugins/s3/tests/s3_client_tool.cpp) performs each call; boto3
checks the results: object bytes, a 12 MB multipart upload in 5 MiB parts, unicode and space
keys, listing with continuation, a missing bucket, and an aborted multipart upload. (boto3's
client is botocore's; botocore is used directly so python3-botocore alone suffices.) s3rver checks
every request's SigV4 signature (credentials S3RVER/S3RVER), so the signing is exercised too.

Needs S3_CLIENT_TOOL_BIN (CTest sets it), node with s3rver installed, and botocore (Debian:
python3-botocore, which python3-boto3 pulls in). When the interpreter running this lacks it, the test re-runs itself under
/usr/bin/python3, where Debian installs it."""

import os
import random
import shutil
import subprocess
import tempfile
import unittest

import s3rver_server
from harness import rerun_under_system_python

BUCKET = "connectd-test"
PART_SIZE = 5 * 1024 * 1024

try:
    from botocore.exceptions import ClientError
except ImportError:
    ClientError = None
    rerun_under_system_python(__file__)


class S3ClientAgainstS3rver(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tool = os.environ.get("S3_CLIENT_TOOL_BIN")
        if not cls.tool:
            raise unittest.SkipTest("S3_CLIENT_TOOL_BIN is not set (CTest sets it)")
        if s3rver_server.missing():
            raise unittest.SkipTest(s3rver_server.missing())
        cls.workdir = tempfile.mkdtemp(prefix="connectd-s3rver-")
        cls.server = s3rver_server.S3rver(cls.workdir, BUCKET).start()
        cls.endpoint = cls.server.endpoint
        cls.s3 = cls.server.s3

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def run_tool(self, *command, expect_ok=True):
        # The tool reads credentials from the environment (ResolveAwsCredentials).
        env = dict(os.environ, AWS_ACCESS_KEY_ID="S3RVER", AWS_SECRET_ACCESS_KEY="S3RVER")
        env.pop("AWS_SESSION_TOKEN", None)
        result = subprocess.run([self.tool, "--endpoint", self.endpoint, "--retries", "1",
                                 "--backoff-ms", "10", *command],
                                capture_output=True, env=env, timeout=120)
        if expect_ok:
            self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace"))
        return result

    def write_file(self, name, data):
        path = os.path.join(self.workdir, name)
        with open(path, "wb") as file:
            file.write(data)
        return path

    def test_put_then_boto3_reads_same_bytes(self):
        data = bytes(range(256)) * 41
        path = self.write_file("small.bin", data)
        etag = self.run_tool("put", BUCKET, "put/small.bin", path, "application/json").stdout
        got = self.s3.get_object(Bucket=BUCKET, Key="put/small.bin")
        self.assertEqual(got["Body"].read(), data)
        self.assertEqual(got["ContentType"], "application/json")
        self.assertEqual(etag.decode().strip(), got["ETag"])

    def test_unicode_and_space_keys_round_trip(self):
        keys = ["topics/a b/partition=0/é ü 中文+x=y~z.json", "topics/a b/sp  ace&amp;.json"]
        for index, key in enumerate(keys):
            data = f"record {index}\n".encode()
            path = self.write_file(f"u{index}.json", data)
            self.run_tool("put", BUCKET, key, path)
            self.assertEqual(self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read(), data)
            out = os.path.join(self.workdir, f"u{index}.out")
            self.run_tool("get", BUCKET, key, out)
            with open(out, "rb") as file:
                self.assertEqual(file.read(), data)
        listed = self.run_tool("list", BUCKET, "topics/a b/").stdout.decode().splitlines()
        self.assertEqual(listed, sorted(f"{key}\t{len(f'record {index}') + 1}"
                                        for index, key in enumerate(keys)))

    def test_list_pages_through_continuation_tokens(self):
        for index in range(5):
            path = self.write_file(f"l{index}", b"x" * index)
            self.run_tool("put", BUCKET, f"list/{index}", path)
        listed = self.run_tool("list", BUCKET, "list/").stdout.decode().splitlines()
        self.assertEqual(listed, [f"list/{index}\t{index}" for index in range(5)])

    def test_multipart_upload_of_12_mb_in_5_mib_parts(self):
        data = random.Random(6).randbytes(12 * 1000 * 1000)
        path = self.write_file("big.bin", data)
        etag = self.run_tool("multipart", BUCKET, "multi/big file é.bin", path,
                             str(PART_SIZE)).stdout.decode().strip()
        got = self.s3.get_object(Bucket=BUCKET, Key="multi/big file é.bin")
        self.assertEqual(got["Body"].read(), data)
        self.assertEqual(etag, got["ETag"])

    def test_missing_bucket_names_no_such_bucket(self):
        path = self.write_file("m.txt", b"m")
        put = self.run_tool("put", "no-such-bucket", "k.txt", path, expect_ok=False)
        self.assertEqual(put.returncode, 1)
        self.assertEqual(put.stderr.decode().strip(),
                         "PUT s3://no-such-bucket/k.txt (PutObject) failed: 404 NoSuchBucket: The "
                         "specified bucket does not exist; create the bucket or correct "
                         "s3.bucket.name")
        head = self.run_tool("head", "no-such-bucket", expect_ok=False)
        self.assertIn("HEAD s3://no-such-bucket (HeadBucket) failed: 404 NoSuchBucket",
                      head.stderr.decode())
        self.run_tool("head", BUCKET)

    def test_aborted_multipart_upload_leaves_no_object(self):
        data = random.Random(7).randbytes(6 * 1024 * 1024)
        path = self.write_file("abort.bin", data)
        result = self.run_tool("abort", BUCKET, "aborted/obj.bin", path, str(PART_SIZE),
                               expect_ok=False)
        if result.returncode != 0:
            # s3rver 3.x has no AbortMultipartUpload route: it answers 405 to boto3 as well. The
            # request must still have reached it as DELETE .../key?uploadId=..., and fail at once.
            stderr = result.stderr.decode()
            self.assertRegex(stderr, r"^DELETE s3://connectd-test/aborted/obj\.bin "
                                     r"\(AbortMultipartUpload of upload [0-9a-f]+\) failed: 405 "
                                     r"MethodNotAllowed: ")
            upload = self.s3.create_multipart_upload(Bucket=BUCKET, Key="aborted/boto3")
            with self.assertRaises(ClientError) as boto3_abort:
                self.s3.abort_multipart_upload(Bucket=BUCKET, Key="aborted/boto3",
                                               UploadId=upload["UploadId"])
            self.assertEqual(boto3_abort.exception.response["Error"]["Code"], "MethodNotAllowed")
        with self.assertRaises(ClientError) as missing:
            self.s3.head_object(Bucket=BUCKET, Key="aborted/obj.bin")
        self.assertEqual(missing.exception.response["Error"]["Code"], "404")
        self.assertEqual(self.run_tool("list", BUCKET, "aborted/").stdout, b"")


if __name__ == "__main__":
    unittest.main()
