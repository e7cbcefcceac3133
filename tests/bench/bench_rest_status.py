#!/usr/bin/env python3
"""bench_rest_status.py — a bounded load test of GET /connectors?expand=status while a pipeline
runs. Run on demand (it is not a CTest test); it builds nothing.

Usage:  tests/bench/bench_rest_status.py BUILD_DIR [REQUESTS] [CLIENTS]
  BUILD_DIR  a built tree: uses BUILD_DIR/connectd, BUILD_DIR/plugins and
             BUILD_DIR/tests/mock_broker/{mock_broker,kafka_offsets}
  REQUESTS   total requests (default 20000), CLIENTS concurrent keep-alive clients (default 4)

What runs: one mock_broker process; connectd with a FileStreamSource that follows a file a
writer thread keeps appending to (~50k lines/s) and a FileStreamSink reading the same topic back,
plus 20 more idle source connectors so each answer describes 22 connectors. Each client thread
sends its share of the requests back to back over one HTTP/1.1 connection (http.client) and
records each latency. Reported: requests/s, p50/p99/max latency, non-200 answers and transport
errors (both must be 0), and that the pipeline kept moving meanwhile (messages on the topic).
"""

import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    build = os.path.abspath(sys.argv[1])
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    os.environ.setdefault("CONNECTD_BIN", os.path.join(build, "connectd"))
    os.environ.setdefault("MOCK_BROKER_BIN", os.path.join(build, "tests", "mock_broker", "mock_broker"))
    os.environ.setdefault("KAFKA_OFFSETS_BIN", os.path.join(build, "tests", "mock_broker", "kafka_offsets"))
    os.environ.setdefault("PLUGIN_DIR", os.path.join(build, "plugins"))
    import harness  # after the environment is set

    class Bench(harness.ConnectdTestCase):
        def runTest(self):
            pass

    # The test case's helpers (temp dir, process tracking), outside of a unittest run.
    case = Bench()
    case.tmp = tempfile.mkdtemp(prefix="connectd-bench-rest-")
    case._processes = []
    result = {}
    try:
        result = run(case, harness, total, clients)
    finally:
        for proc in case._processes:
            proc.kill()
        shutil.rmtree(case.tmp, ignore_errors=True)
    print(json.dumps(result, indent=2))
    return 0 if result.get("errors") == 0 and result.get("non_200") == 0 else 1


def run(case, harness, total, clients):
    broker = case.start_broker(topics={"pipe": 4, "idle": 1})
    port = harness.free_port()
    worker = case.write_worker(case.worker_config(broker.bootstrap, rest_port=port))
    daemon = case.start_connectd(worker, [], rest_port=port).wait_ready()
    source_file = case.path("pipe.txt")
    harness.append_lines(source_file, ["start"])
    daemon.rest_call("POST", "/connectors", {"name": "pipe-source", "config": {
        "connector.class": harness.FILE_SOURCE_CLASS, "file": source_file, "topic": "pipe"}})
    daemon.rest_call("POST", "/connectors", {"name": "pipe-sink", "config": {
        "connector.class": harness.FILE_SINK_CLASS, "file": case.path("out.txt"), "topics": "pipe"}})
    for i in range(20):
        idle_file = case.path(f"idle-{i}.txt")
        harness.append_lines(idle_file, ["x"])
        daemon.rest_call("POST", "/connectors", {"name": f"idle-{i:02d}", "config": {
            "connector.class": harness.FILE_SOURCE_CLASS, "file": idle_file, "topic": "idle"}})
    writer = harness.LineWriter(source_file, per_tick=500, tick=0.01)
    writer.start()
    time.sleep(1.0)
    before = harness.end_offset_sum(broker.bootstrap, "pipe")

    latencies = []
    failures = {"non_200": 0, "errors": 0}
    lock = threading.Lock()

    def client(count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for _ in range(count):
            started = time.perf_counter()
            try:
                conn.request("GET", "/connectors?expand=status")
                resp = conn.getresponse()
                body = resp.read()
                ok = resp.status == 200 and len(json.loads(body)) == 22
            except (OSError, http.client.HTTPException, ValueError):
                ok = None
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - started)
            if ok is not True:
                with lock:
                    failures["errors" if ok is None else "non_200"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(total // clients,)) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    after = harness.end_offset_sum(broker.bootstrap, "pipe")
    writer.stop()
    daemon.stop()
    latencies.sort()
    return {
        "requests": len(latencies),
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
        "non_200": failures["non_200"],
        "errors": failures["errors"],
        "pipeline_messages_during_test": after - before,
    }


if __name__ == "__main__":
    sys.exit(main())
