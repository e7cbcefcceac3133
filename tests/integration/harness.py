"""Helpers for connectd integration tests: real processes, real Kafka protocol.

Every test runs connectd as its own process against `mock_broker` (librdkafka's mock cluster in a
separate process) and checks results only through independent tools: kcat for topic contents,
`kafka_offsets` for committed offsets and high watermarks, Python for files and REST.

Binaries come from environment variables that CTest sets (tests/integration/CMakeLists.txt):
  CONNECTD_BIN       the connectd executable
  MOCK_BROKER_BIN    tests/mock_broker/mock_broker
  KAFKA_OFFSETS_BIN  tests/mock_broker/kafka_offsets (default: next to MOCK_BROKER_BIN)
  PLUGIN_DIR         directory holding the built plugin .so files (used as plugin.path)
  KCAT_BIN           kcat (default: `kcat` on PATH)
Set CONNECTD_TEST_KEEP=1 to keep each test's temporary directory (its path is printed).

Processes started through a test case are tracked and always killed when the test ends, pass
or fail; when a test fails the logs of every process it started are printed.
"""

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

DEFAULT_TIMEOUT = 30.0

STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter"
JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter"
BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter"
FILE_SOURCE_CLASS = "org.apache.kafka.connect.file.FileStreamSourceConnector"
FILE_SINK_CLASS = "org.apache.kafka.connect.file.FileStreamSinkConnector"

_live_processes = set()


def _kill_leftovers():
    """Last resort at interpreter exit: no test process may outlive the test run."""
    for proc in list(_live_processes):
        if proc.poll() is None:
            proc.kill()
            proc.wait()


atexit.register(_kill_leftovers)


def _env_path(name, default=None):
    value = os.environ.get(name, default)
    if not value:
        raise unittest.SkipTest(f"environment variable {name} is not set (CTest sets it)")
    return value


def connectd_bin():
    return _env_path("CONNECTD_BIN")


def mock_broker_bin():
    return _env_path("MOCK_BROKER_BIN")


def kafka_offsets_bin():
    default = os.path.join(os.path.dirname(os.environ.get("MOCK_BROKER_BIN", "")), "kafka_offsets")
    return _env_path("KAFKA_OFFSETS_BIN", default)


def plugin_dir():
    return _env_path("PLUGIN_DIR")


def kcat_bin():
    path = os.environ.get("KCAT_BIN") or shutil.which("kcat") or shutil.which("kafkacat")
    if not path:
        raise unittest.SkipTest("kcat is not installed (apt-get install kcat)")
    return path


def free_port():
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=DEFAULT_TIMEOUT, interval=0.05, what="condition"):
    """Polls predicate() until it returns a truthy value, which is returned; raises on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.1f}s waiting for {what}")
        time.sleep(interval)


def _escape_properties(text, is_key):
    """Java .properties escaping for the few characters that matter in test configs."""
    out = text.replace("\\", "\\\\").replace("\n", "\\n")
    if is_key:
        out = out.replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ")
    return out


def write_properties(path, entries, header="written by tests/integration/harness.py"):
    """Writes entries (a dict, in order) as a .properties file; returns path."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"# {header}\n")
        for key, value in entries.items():
            out.write(f"{_escape_properties(key, True)}={_escape_properties(str(value), False)}\n")
    return path


def write_connector_json(path, name, config):
    """Writes a connector config in the REST/JSON shape {"name":..,"config":{..}}; returns path."""
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"name": name, "config": {k: str(v) for k, v in config.items()}}, out, indent=2)
    return path


def append_lines(path, lines):
    with open(path, "a", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")


def read_text(path):
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


class ManagedProcess:
    """A child process whose stdout and stderr go to files in the test's directory."""

    def __init__(self, name, argv, workdir, env=None):
        self.name = name
        self.argv = list(argv)
        self.workdir = workdir
        self.stdout_path = os.path.join(workdir, f"{name}.stdout")
        self.stderr_path = os.path.join(workdir, f"{name}.stderr")
        self._stdout = open(self.stdout_path, "wb")
        self._stderr = open(self.stderr_path, "wb")
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdout=self._stdout, stderr=self._stderr,
                                     stdin=subprocess.DEVNULL, env=full_env, cwd=workdir)
        _live_processes.add(self.proc)

    @property
    def pid(self):
        return self.proc.pid

    def running(self):
        return self.proc.poll() is None

    def stdout(self):
        return read_text(self.stdout_path)

    def stderr(self):
        return read_text(self.stderr_path)

    def wait_exit(self, timeout=DEFAULT_TIMEOUT):
        """Waits for the process to exit on its own; returns its exit code."""
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name} (pid {self.pid}) still running after {timeout:.0f}s; "
                                 f"stderr tail:\n{self.stderr()[-3000:]}")
        self._close()
        return rc

    def terminate(self, sig=signal.SIGTERM, timeout=DEFAULT_TIMEOUT):
        """Sends sig and waits; returns the exit code (negative: killed by that signal)."""
        if self.running():
            self.proc.send_signal(sig)
        return self.wait_exit(timeout)

    def kill(self):
        if self.running():
            self.proc.kill()
        self.proc.wait()
        self._close()

    def _close(self):
        _live_processes.discard(self.proc)
        for f in (self._stdout, self._stderr):
            if not f.closed:
                f.close()


class MockBroker(ManagedProcess):
    """mock_broker in its own process; .bootstrap holds its bootstrap servers."""

    def __init__(self, workdir, brokers=1, topics=None, down_ms=None, name="mock_broker"):
        argv = [mock_broker_bin(), "--brokers", str(brokers)]
        for topic, partitions in (topics or {}).items():
            argv += ["--topic", f"{topic}:{partitions}"]
        if down_ms is not None:
            argv += ["--down-ms", str(down_ms)]
        super().__init__(name, argv, workdir)
        try:
            line = wait_until(lambda: self._first_line(), timeout=10, what="mock_broker bootstrap line")
        except AssertionError:
            self.kill()
            raise
        self.bootstrap = line.strip()
        if not re.fullmatch(r"[\w.\-]+:\d+(,[\w.\-]+:\d+)*", self.bootstrap):
            raise AssertionError(f"mock_broker printed an unexpected bootstrap line: {line!r}")

    def _first_line(self):
        if not self.running():
            raise AssertionError(f"mock_broker exited with {self.proc.returncode}: {self.stderr()}")
        text = self.stdout()
        return text.split("\n", 1)[0] if "\n" in text else None

    def stop(self):
        rc = self.terminate(signal.SIGTERM, timeout=10)
        if rc != 0:
            raise AssertionError(f"mock_broker exited with {rc} on SIGTERM: {self.stderr()}")


class Connectd(ManagedProcess):
    """A `connectd standalone WORKER CONNECTOR...` process; rest_port is None without REST."""

    READY_LINE = "connectd ready"

    def __init__(self, workdir, worker_path, connector_paths, rest_port=None, name="connectd",
                 extra_args=None):
        argv = [connectd_bin(), "standalone", worker_path] + list(connector_paths) + list(extra_args or [])
        super().__init__(name, argv, workdir)
        self.rest_port = rest_port

    def log(self):
        """connectd logs to stderr."""
        return self.stderr()

    def log_without_paths(self):
        """The log with the test's directory replaced by <tmp>, so patterns never match file names
        (test directories are named after the test)."""
        return self.log().replace(self.workdir, "<tmp>")

    def wait_for_log(self, pattern, timeout=DEFAULT_TIMEOUT, flags=0):
        """Waits for a log line matching the regex (paths under the test directory excluded, see
        log_without_paths); returns the match. Fails fast if connectd exits."""
        regex = re.compile(pattern, flags)

        def found():
            match = regex.search(self.log_without_paths())
            if match:
                return match
            if not self.running():
                raise AssertionError(f"connectd exited with {self.proc.returncode} before logging "
                                     f"/{pattern}/; log:\n{self.log()[-5000:]}")
            return None

        return wait_until(found, timeout=timeout, what=f"connectd log line /{pattern}/")

    def wait_ready(self, timeout=DEFAULT_TIMEOUT):
        """Waits for the ready log line and, when REST is configured, for GET /connectors to answer."""
        self.wait_for_log(re.escape(self.READY_LINE), timeout=timeout)
        if self.rest_port is not None:
            wait_until(lambda: self._rest_answers(), timeout=timeout, what="REST GET /connectors")
        return self

    def _rest_answers(self):
        try:
            status, _ = self.rest_get("/connectors", timeout=1)
            return status == 200
        except (OSError, urllib.error.URLError):
            if not self.running():
                raise AssertionError(f"connectd exited with {self.proc.returncode}; "
                                     f"log:\n{self.log()[-5000:]}")
            return False

    def rest_get(self, path, timeout=5):
        """GET http://127.0.0.1:PORT/path; returns (status, parsed JSON or raw text)."""
        return self.rest_call("GET", path, timeout=timeout)

    def rest_call(self, method, path, body=None, timeout=30):
        """An HTTP request to the REST API; `body` is sent as is (str) or as JSON (anything else).
        Returns (status, parsed JSON or raw text; "" for an empty body)."""
        url = f"http://127.0.0.1:{self.rest_port}{path}"
        data = None
        if body is not None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                body = resp.read().decode("utf-8")
                status = resp.status
        except urllib.error.HTTPError as err:
            body = err.read().decode("utf-8", errors="replace")
            status = err.code
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body

    def connector_status(self, name):
        status, body = self.rest_get(f"/connectors/{name}/status")
        if status != 200:
            raise AssertionError(f"GET /connectors/{name}/status answered {status}: {body}")
        return body

    def stop(self, timeout=DEFAULT_TIMEOUT):
        """SIGTERM; asserts connectd exits 0 (graceful stop flushes offsets and commits)."""
        rc = self.terminate(signal.SIGTERM, timeout=timeout)
        if rc != 0:
            raise AssertionError(f"connectd exited with {rc} on SIGTERM (expected 0); "
                                 f"log:\n{self.log()[-5000:]}")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._close()


# ---------------------------------------------------------------- Kafka access through kcat

def _run(argv, timeout=DEFAULT_TIMEOUT, input_bytes=None):
    result = subprocess.run(argv, input=input_bytes, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            timeout=timeout)
    return result


def consume_raw(bootstrap, topic, fmt="%s\\n", partition=None, timeout=DEFAULT_TIMEOUT, extra=None):
    """Reads a topic from the beginning to its current end (kcat -C -e); returns stdout bytes."""
    argv = [kcat_bin(), "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
            "-f", fmt.replace("\\n", "\n")]
    if partition is not None:
        argv += ["-p", str(partition)]
    argv += list(extra or [])
    result = _run(argv, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"kcat -C on {topic} failed ({result.returncode}): "
                             f"{result.stderr.decode(errors='replace')}")
    return result.stdout


SYSTEM_PYTHON = "/usr/bin/python3"
_REEXEC_MARKER = "CONNECTD_TEST_REEXECUTED"


def rerun_under_system_python(test_file):
    """For a test module whose imports failed: runs it again under Debian's /usr/bin/python3, where
    packaging/install-deps.sh installs python3-* modules (CMake may have found another python3 first,
    e.g. pyenv's). Returns (to let the module skip) when that is the interpreter already running."""
    if (os.environ.get(_REEXEC_MARKER) or not os.path.exists(SYSTEM_PYTHON)
            or os.path.realpath(sys.executable) == os.path.realpath(SYSTEM_PYTHON)):
        return
    os.environ[_REEXEC_MARKER] = "1"
    here = os.path.dirname(os.path.abspath(test_file))
    os.environ["PYTHONPATH"] = here + os.pathsep + os.environ.get("PYTHONPATH", "")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, "-m", "unittest", "-v", os.path.splitext(os.path.basename(test_file))[0]])


def consume_values(bootstrap, topic, partition=None):
    """Every message value as a str (assumes values hold no newline)."""
    text = consume_raw(bootstrap, topic, "%s\\n", partition).decode("utf-8")
    return text.split("\n")[:-1] if text else []


def consume_records(bootstrap, topic):
    """Every message as a dict {partition, offset, key_len, key, value}; -1 key_len = null key.

    Uses a record separator that test data never contains, so values may hold newlines."""
    sep_field, sep_record = "\x1f", "\x1e"
    raw = consume_raw(bootstrap, topic, f"%p{sep_field}%o{sep_field}%K{sep_field}%k{sep_field}%s{sep_record}")
    records = []
    for chunk in raw.decode("utf-8").split(sep_record)[:-1]:
        partition, offset, key_len, key, value = chunk.split(sep_field, 4)
        records.append({"partition": int(partition), "offset": int(offset), "key_len": int(key_len),
                        "key": key, "value": value})
    return records


def produce_lines(bootstrap, topic, lines, partition=None, key_delimiter=None):
    """Produces each line as one message with kcat -P (keys split at key_delimiter if given)."""
    argv = [kcat_bin(), "-P", "-b", bootstrap, "-t", topic]
    if partition is not None:
        argv += ["-p", str(partition)]
    if key_delimiter is not None:
        argv += ["-K", key_delimiter]
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    result = _run(argv, input_bytes=data)
    if result.returncode != 0:
        raise AssertionError(f"kcat -P to {topic} failed ({result.returncode}): "
                             f"{result.stderr.decode(errors='replace')}")


def end_offset_sum(bootstrap, topic):
    """Sum of the high watermarks of every partition: messages ever written to topic (0 if absent)."""
    result = _run([kafka_offsets_bin(), "end", bootstrap, topic], timeout=15)
    if result.returncode != 0:
        return 0
    return int(result.stdout.decode().strip())


def start_offset_sum(bootstrap, topic):
    """Sum of the low watermarks of every partition: messages the broker's retention dropped. The mock
    cluster keeps about 5 MB per partition, so a test that reads a whole topic back checks this is 0."""
    result = _run([kafka_offsets_bin(), "start", bootstrap, topic], timeout=15)
    if result.returncode != 0:
        raise AssertionError(f"kafka_offsets start {topic} failed: {result.stderr.decode(errors='replace')}")
    return int(result.stdout.decode().strip())


def wait_for_messages(bootstrap, topic, count, timeout=DEFAULT_TIMEOUT):
    """Waits until topic's high watermarks add up to at least count."""
    return wait_until(lambda: end_offset_sum(bootstrap, topic) >= count, timeout=timeout, interval=0.1,
                      what=f"{count} messages in topic {topic}")


def committed_offsets(bootstrap, group, topic):
    """{partition: committed offset or -1} for group on topic, read without joining the group."""
    result = _run([kafka_offsets_bin(), "committed", bootstrap, group, topic], timeout=15)
    if result.returncode != 0:
        raise AssertionError(f"kafka_offsets committed {group} {topic} failed: "
                             f"{result.stderr.decode(errors='replace')}")
    offsets = {}
    for line in result.stdout.decode().splitlines():
        partition, offset = line.split()
        offsets[int(partition)] = int(offset)
    return offsets


class LineWriter(threading.Thread):
    """Appends numbered lines to a file at a steady pace until stopped (a growing log file)."""

    def __init__(self, path, prefix="line", per_tick=50, tick=0.01, start_at=0):
        super().__init__(daemon=True)
        self.path, self.prefix, self.per_tick, self.tick = path, prefix, per_tick, tick
        self.next_number = start_at
        self._stop_event = threading.Event()

    def line(self, number):
        return f"{self.prefix}-{number:07d}"

    def run(self):
        with open(self.path, "a", encoding="utf-8") as out:
            while not self._stop_event.is_set():
                out.write("".join(self.line(self.next_number + i) + "\n" for i in range(self.per_tick)))
                out.flush()
                self.next_number += self.per_tick
                time.sleep(self.tick)

    def stop(self):
        self._stop_event.set()
        self.join()
        return [self.line(i) for i in range(self.next_number)]


# ---------------------------------------------------------------- test case base

class ConnectdTestCase(unittest.TestCase):
    """Gives each test a temp dir, tracks the processes it starts, cleans up and shows logs."""

    def run(self, result=None):
        result = result if result is not None else self.defaultTestResult()
        problems_before = len(result.failures) + len(result.errors)
        self.tmp = tempfile.mkdtemp(prefix=f"connectd-it-{self._testMethodName}-")
        self._processes = []
        try:
            super().run(result)
        finally:
            for proc in self._processes:
                proc.kill()
            failed = len(result.failures) + len(result.errors) > problems_before
            if failed:
                self._print_logs()
            if os.environ.get("CONNECTD_TEST_KEEP") or failed:
                print(f"[{self.id()}] test files kept in {self.tmp}")
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)
        return result

    def _print_logs(self):
        for proc in self._processes:
            for path in (proc.stderr_path, proc.stdout_path):
                text = read_text(path)
                if text:
                    print(f"\n----- {os.path.basename(path)} ({' '.join(proc.argv)})\n{text[-20000:]}")

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def start_broker(self, topics=None, brokers=1, down_ms=None, name="mock_broker"):
        broker = MockBroker(self.tmp, brokers=brokers, topics=topics, down_ms=down_ms, name=name)
        self._processes.append(broker)
        return broker

    def worker_config(self, bootstrap, rest_port=None, **overrides):
        """A standalone worker config for this test; bootstrap None means embedded Kafka.

        Keyword overrides use underscores for dots (offset_flush_interval_ms=...); pass a dict
        as `extra` for keys that are not valid identifiers."""
        config = {}
        if bootstrap is not None:
            config["bootstrap.servers"] = bootstrap
        config.update({
            "plugin.path": plugin_dir(),
            "key.converter": STRING_CONVERTER,
            "value.converter": STRING_CONVERTER,
            "offset.storage.file.filename": self.path("connect.offsets"),
            "offset.flush.interval.ms": 500,
        })
        if rest_port is not None:
            config["listeners"] = f"http://127.0.0.1:{rest_port}"
        extra = overrides.pop("extra", {})
        for key, value in overrides.items():
            config[key.replace("_", ".")] = value
        config.update(extra)
        return config

    def write_worker(self, config, name="worker.properties"):
        return write_properties(self.path(name), config)

    def write_connector(self, name, config, as_json=False):
        """Writes a connector config (.properties with name=, or .json); returns its path."""
        if as_json:
            return write_connector_json(self.path(f"{name}.json"), name, config)
        return write_properties(self.path(f"{name}.properties"), {"name": name, **config})

    def start_connectd(self, worker_path, connector_paths, rest_port=None, name="connectd"):
        daemon = Connectd(self.tmp, worker_path, connector_paths, rest_port=rest_port, name=name)
        self._processes.append(daemon)
        return daemon

    def run_connectd_to_exit(self, worker_path, connector_paths, timeout=DEFAULT_TIMEOUT, name="connectd"):
        """Starts connectd and waits for it to exit on its own; returns (exit code, log)."""
        daemon = self.start_connectd(worker_path, connector_paths, name=name)
        rc = daemon.wait_exit(timeout)
        return rc, daemon.log()
