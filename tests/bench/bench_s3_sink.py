#!/usr/bin/env python3
"""bench_s3_sink.py — the S3 sink (Confluent's S3SinkConnector, JsonFormat) against plain uploads of
the same objects, in the same run on the same s3rver. Run on demand (it is not a CTest test); it
builds nothing.

Usage:  tests/bench/bench_s3_sink.py BUILD_DIR [RECORDS] [--partitions N] [--flush-size F]
                                     [--tasks T] [--compression C] [--ref-threads LIST]
                                     [--ref-clients LIST] [--keep]
  BUILD_DIR  a built tree: BUILD_DIR/connectd, the plugin connectd-s3.so (BUILD_DIR/plugins or
             BUILD_DIR/plugins/s3; its directory becomes plugin.path),
             BUILD_DIR/tests/mock_broker/mock_broker and, for the `tool` reference,
             BUILD_DIR/plugins/s3/s3_client_tool
  RECORDS    records produced (default 1000000); RECORDS / partitions must be a multiple of
             --flush-size, so every record ends in a full object (no scheduled rotation)
  --partitions N   partitions of the topic (default 20: the mock broker keeps only ~5 MB of
                   batches per partition, so all records must fit in N x 5 MB compressed)
  --flush-size F   the sink's flush.size (default 10000: objects of ~2 MB)
  --tasks T        the sink's tasks.max (default 1)
  --compression C  the producer's compression.type (default lz4)
  --ref-threads LIST  comma-separated thread counts of the plain uploads (default 1,4,8)
  --ref-clients LIST  botocore and/or tool (default botocore,tool)
  --keep           keep the work directory (configs, logs, s3rver's data)
Needs node and s3rver (tests/run.sh installs it with npm into tests/integration/s3rver), and a
python3 with botocore and confluent_kafka (Debian: python3-botocore, python3-confluent-kafka; run
it with /usr/bin/python3 if another python3 comes first on PATH).

Target (from the issue): the sink's throughput >= 0.8x the fastest plain upload of the same
objects. Exit status: 0 target met, 3 target missed, 1 a run failed or the objects do not hold
exactly the records produced, 2 something needed is missing.

What is measured, and why this way:
  Records: RECORDS JSON values of ~200 bytes (an order: id, customer, email, cents, currency,
  country, time, flag, a 16-hex-digit note), no key; record i goes to partition
  i % partitions, so every partition gets RECORDS / partitions of them and its objects are known
  in advance: topics/bench/partition=<p>/bench+<p>+<start offset, 10 digits>.json.
  (a) Sink: all records are produced first (a confluent_kafka producer, compressed batches);
      the low watermarks are then checked to be 0, so the broker still holds every record. Then
      connectd runs S3SinkConnector (JsonFormat, DefaultPartitioner, flush.size F, value
      converter JsonConverter with schemas.enable=false) into s3rver. The clock starts when
      connectd logs its partition assignment (the group join, ~3 s of the broker's
      group.initial.rebalance.delay.ms, is left out as it is from any consumer) and stops when the
      last object exists. An object counts as existing when s3rver has written its metadata file
      (s3rver answers the PUT right after that); the data directory is watched every 5 ms, which
      costs s3rver nothing (polling it over HTTP would take its single thread from the sink).
      Afterwards the bucket is listed with botocore: exactly the expected keys, and every object
      read back must hold exactly its F records, in offset order (so exactly RECORDS in all, each
      once), its first one equal (as JSON) to the value produced.
  (b) Reference: the very objects the sink wrote (same count, same bytes) are PUT again under
      reference/<client>-<threads>/..., by
        botocore: put_object from this python, one client per thread, objects dealt round-robin;
        tool:     BUILD_DIR/plugins/s3/s3_client_tool put (connectd's own S3 client in a process
                  per object, objects read from files written beforehand), that many at a time.
      Each listed and size-checked afterwards. The fastest of them is the reference.
  Rates: MB/s (10^6 bytes) of record bytes (the JSON values produced) over each run's time; the
  objects hold the same records plus a newline each, so both rates share one numerator and the
  ratio is the reference's time over the sink's.
  CPU: user + system seconds of connectd, s3rver, the mock broker and this python (the
  botocore uploads; the tool's processes as children) over each run: on a two-core machine it
  tells which process limits the rate. Other load on the machine (builds) lowers every rate:
  compare runs from one invocation only.
"""

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)

from bench_postgres_cdc import CpuMeter, RssSampler  # noqa: E402 (after the path is set)

S3_SINK = "io.confluent.connect.s3.S3SinkConnector"
JSON_FORMAT = "io.confluent.connect.s3.format.json.JsonFormat"
JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter"
BUCKET = "bench"
TOPIC = "bench"
CONNECTOR = "s3-bench"
ACCESS_KEY = "S3RVER"
SECRET_KEY = "S3RVER"
REGION = "us-east-1"
METADATA_SUFFIX = "._S3rver_metadata.json"  # s3rver writes it last, just before answering a PUT
WATCH_SECONDS = 0.005
STALL_SECONDS = 120.0  # no new object for this long fails the run
THROUGHPUT_TARGET = 0.8

# ~200 bytes; the note varies so batches do not compress unrealistically well.
VALUE_TEMPLATE = ('{"id":%d,"customer":"customer-%09d","email":"user.%09d@example.com","cents":%d,'
                  '"currency":"EUR","country":"%s","created":"2024-01-01T%02d:%02d:%02dZ","active":%s,'
                  '"note":"%016x"}')
COUNTRIES = ["DE", "FR", "NL", "IT", "ES", "PL", "SE", "AT"]


class BenchError(Exception):
    pass


def record_value(i):
    return (VALUE_TEMPLATE % (i, i % 1000003, i, (i * 7919) % 10000000, COUNTRIES[i % 8], (i // 3600) % 24,
                              (i // 60) % 60, i % 60, "true" if i % 2 else "false",
                              (i * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)).encode()


def object_key(partition, start_offset):
    return f"topics/{TOPIC}/partition={partition}/{TOPIC}+{partition}+{start_offset:010d}.json"


class ObjectWatcher(threading.Thread):
    """Watches s3rver's data directory for the sink's objects, partition by partition in offset
    order; uploaded[p] is how many of partition p's objects exist, done_at (perf_counter) is set
    when all do."""

    def __init__(self, bucket_dir, partitions, objects_per_partition, flush_size):
        super().__init__(daemon=True)
        self.bucket_dir = bucket_dir
        self.partitions, self.objects_per_partition, self.flush_size = partitions, objects_per_partition, flush_size
        self.uploaded = [0] * partitions
        self.last_progress_at = time.perf_counter()
        self.first_at = None
        self.done_at = None
        self._stop_event = threading.Event()

    def metadata_path(self, partition, index):
        return os.path.join(self.bucket_dir, object_key(partition, index * self.flush_size) + METADATA_SUFFIX)

    def run(self):
        total = self.partitions * self.objects_per_partition
        while not self._stop_event.is_set():
            for p in range(self.partitions):
                while (self.uploaded[p] < self.objects_per_partition
                       and os.path.exists(self.metadata_path(p, self.uploaded[p]))):
                    self.uploaded[p] += 1
                    self.last_progress_at = time.perf_counter()
                    if self.first_at is None:
                        self.first_at = self.last_progress_at
            if sum(self.uploaded) == total:
                self.done_at = self.last_progress_at
                return
            self._stop_event.wait(WATCH_SECONDS)

    def stop(self):
        self._stop_event.set()
        self.join()


class Bench:
    def __init__(self, args, harness, s3rver_server, kafka, botocore_config):
        self.args, self.harness, self.s3rver_server = args, harness, s3rver_server
        self.kafka, self.botocore_config = kafka, botocore_config
        self.records = args.records
        self.per_partition = args.records // args.partitions
        self.objects_per_partition = self.per_partition // args.flush_size
        self.work = tempfile.mkdtemp(prefix="connectd-bench-s3-")
        self.processes = []
        self.s3 = None
        self.record_bytes = 0
        self.bodies = {}   # key -> bytes, the sink's objects
        self.results = {}  # label -> dict(seconds, note)
        self.memory = None
        self.data_ok = True

    # ------------------------------------------------------------------ setup
    def run(self):
        a = self.args
        print(f"== work directory {self.work}")
        self.s3 = self.s3rver_server.S3rver(self.work, BUCKET).start()
        print(f"== s3rver at {self.s3.endpoint} (pid {self.s3.server.pid}), bucket {BUCKET}")
        broker = self.harness.MockBroker(self.work, topics={TOPIC: a.partitions})
        self.processes.append(broker)
        self.broker = broker
        print(f"== mock broker at {broker.bootstrap}, topic {TOPIC} with {a.partitions} partitions")
        self.run_sink()
        self.read_back()
        for client in a.ref_clients:
            for threads in a.ref_threads:
                self.run_reference(client, threads)
        return self.report()

    def find_plugin_dir(self):
        build = self.args.build_dir
        for candidate in (os.path.join(build, "plugins"), os.path.join(build, "plugins", "s3")):
            if os.path.exists(os.path.join(candidate, "connectd-s3.so")):
                return candidate
        raise BenchError(f"connectd-s3.so not found in {build}/plugins or {build}/plugins/s3 (cmake --build BUILD_DIR)")

    def start_connectd(self):
        a, h = self.args, self.harness
        worker = h.write_properties(os.path.join(self.work, "worker.properties"), {
            "bootstrap.servers": self.broker.bootstrap,
            "plugin.path": self.find_plugin_dir(),
            "listeners": f"http://127.0.0.1:{h.free_port()}",
            "key.converter": JSON_CONVERTER,
            "value.converter": JSON_CONVERTER,
            "key.converter.schemas.enable": "false",
            "value.converter.schemas.enable": "false",
            "offset.storage.file.filename": os.path.join(self.work, "connect.offsets"),
            "offset.flush.interval.ms": 10000,
            "consumer.fetch.error.backoff.ms": 10,
        })
        connector = h.write_properties(os.path.join(self.work, f"{CONNECTOR}.properties"), {
            "name": CONNECTOR,
            "connector.class": S3_SINK,
            "tasks.max": a.tasks,
            "topics": TOPIC,
            "s3.bucket.name": BUCKET,
            "s3.region": REGION,
            "store.url": self.s3.endpoint,
            "aws.access.key.id": ACCESS_KEY,
            "aws.secret.access.key": SECRET_KEY,
            "format.class": JSON_FORMAT,
            "flush.size": a.flush_size,
        })
        daemon = h.Connectd(self.work, worker, [connector], name="connectd")
        self.processes.append(daemon)
        daemon.wait_ready(timeout=60)
        # Group join and assignment happen before the clock starts.
        assigned = daemon.wait_for_log(r"assigned (\d+) partition\(s\)", timeout=60)
        print(f"   connectd ready, {assigned.group(0)}")
        return daemon

    @staticmethod
    def fail_if_exited(process):
        if not process.running():
            raise BenchError(f"{process.name} exited with {process.proc.returncode}; "
                             f"log tail:\n{process.stderr()[-4000:]}")

    # ------------------------------------------------------------------ (a) the sink
    def run_sink(self):
        a = self.args
        total_objects = a.partitions * self.objects_per_partition
        print(f"== (a) S3 sink: {self.records:,} records -> {total_objects} objects of {a.flush_size:,} records, "
              f"tasks.max {a.tasks}, producer compression {a.compression}")
        self.produce()
        watcher = ObjectWatcher(os.path.join(self.work, "s3rver-data", BUCKET), a.partitions,
                                self.objects_per_partition, a.flush_size)
        daemon = self.start_connectd()
        started = time.perf_counter()
        sampler = RssSampler(daemon.pid)
        cpu = CpuMeter({"connectd": daemon.pid, "s3rver": self.s3.server.pid, "broker": self.broker.pid})
        sampler.start()
        cpu.start()
        watcher.start()
        try:
            while watcher.done_at is None:
                self.fail_if_exited(daemon)
                self.check_stall(watcher, daemon)
                time.sleep(0.05)
            spent = cpu.stop()
        finally:
            watcher.stop()
            sampler.stop()
        self.memory = (sampler.peak_rss_kb, sampler.hwm_kb, sampler.samples)
        seconds = watcher.done_at - started
        self.results["connectd S3 sink"] = {
            "seconds": seconds,
            "note": f"first object after {(watcher.first_at - started):.2f} s; {CpuMeter.describe(spent)}"}
        print(f"   {total_objects} objects {seconds:.2f} s after the partitions were assigned")
        time.sleep(1.0)  # an object beyond the expected ones would show now
        daemon.stop(timeout=60)

    def produce(self):
        """Produces record i (values[i]) to partition i % partitions, all before the sink starts, and
        checks that the broker still holds every one (its low watermarks are 0)."""
        a = self.args
        values = [record_value(i) for i in range(self.records)]
        self.record_bytes = sum(len(v) for v in values)
        # Batches of ~1 MB: the mock broker answers a fetch with one batch per partition, where
        # Kafka sends up to max.partition.fetch.bytes (1 MB); with small batches any consumer
        # (kcat too) reads the mock broker at a fraction of the rate it reads a real broker.
        producer = self.kafka.Producer({
            "bootstrap.servers": self.broker.bootstrap, "compression.type": a.compression,
            "linger.ms": 2000, "batch.size": 1000000, "batch.num.messages": 1000000,
            "queue.buffering.max.messages": 2000000, "acks": 1})
        started = time.perf_counter()
        for i, value in enumerate(values):
            while True:
                try:
                    producer.produce(TOPIC, value, partition=i % a.partitions)
                    break
                except BufferError:
                    producer.poll(0.01)
        remaining = producer.flush(300)
        if remaining:
            raise BenchError(f"{remaining} records still undelivered to the mock broker after 300 s")
        print(f"   produced {self.records:,} records in {time.perf_counter() - started:.2f} s")
        consumer = self.kafka.Consumer({"bootstrap.servers": self.broker.bootstrap, "group.id": "bench-check"})
        try:
            for p in range(a.partitions):
                low, high = consumer.get_watermark_offsets(self.kafka.TopicPartition(TOPIC, p), timeout=10)
                if low != 0 or high != self.per_partition:
                    raise BenchError(f"partition {p} holds offsets {low}..{high}, not 0..{self.per_partition}: "
                                     f"the mock broker dropped batches; use more --partitions")
        finally:
            consumer.close()

    @staticmethod
    def check_stall(watcher, daemon):
        if time.perf_counter() - watcher.last_progress_at > STALL_SECONDS:
            raise BenchError(f"no new object in {STALL_SECONDS:.0f} s (objects per partition: {watcher.uploaded}); "
                             f"connectd log tail:\n{daemon.log()[-4000:]}")

    # ------------------------------------------------------------------ checking the objects
    def read_back(self):
        """Lists the bucket and reads every object: exactly the expected keys, each holding its
        flush.size records in offset order."""
        a = self.args
        expected = [object_key(p, n * a.flush_size) for p in range(a.partitions)
                    for n in range(self.objects_per_partition)]
        keys = self.s3.keys()
        if keys != sorted(expected):
            self.data_ok = False
            missing, extra = sorted(set(expected) - set(keys)), sorted(set(keys) - set(expected))
            print(f"   the bucket holds {len(keys)} objects, expected {len(expected)}; "
                  f"missing {missing[:5]}, unexpected {extra[:5]}")
        problems, records = [], 0
        for p in range(a.partitions):
            for n in range(self.objects_per_partition):
                key = object_key(p, n * a.flush_size)
                if key not in keys:
                    continue
                body = self.s3.get(key)
                self.bodies[key] = body
                lines = body.split(b"\n")
                if lines[-1] != b"":
                    problems.append(f"{key}: does not end with a newline")
                ids = [json.loads(line)["id"] for line in lines[:-1]]
                first = n * a.flush_size
                want = [(first + k) * a.partitions + p for k in range(a.flush_size)]
                records += len(ids)
                if ids != want:
                    problems.append(f"{key}: {len(ids)} records, ids {ids[:3]}.. expected {want[:3]}.. "
                                    f"({a.flush_size} in offset order)")
                    continue
                if json.loads(lines[0]) != json.loads(record_value(want[0])):
                    problems.append(f"{key}: first record {lines[0][:120]!r} differs from the value produced "
                                    f"{record_value(want[0])[:120]!r}")
        if problems:
            self.data_ok = False
            print("   " + "\n   ".join(problems[:10]))
        if records == self.records and not problems:
            object_bytes = sum(len(b) for b in self.bodies.values())
            print(f"   the {len(self.bodies)} objects hold exactly the {records:,} records produced, in offset "
                  f"order ({object_bytes / 1e6:,.1f} MB of objects, {self.record_bytes / 1e6:,.1f} MB of values)")
        else:
            self.data_ok = False
            print(f"   the objects hold {records:,} records, expected exactly {self.records:,}")

    # ------------------------------------------------------------------ (b) the references
    def run_reference(self, client, threads):
        label = f"{client} x{threads}"
        prefix = f"reference/{client}-{threads}/"
        items = sorted(self.bodies.items())
        print(f"== (b) {label}: {len(items)} objects, {threads} at a time, under {prefix}")
        if client == "botocore":
            seconds, spent = self.upload_botocore(prefix, items, threads)
        else:
            seconds, spent = self.upload_tool(prefix, items, threads)
        listing = self.s3.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix, MaxKeys=1000)
        sizes = {o["Key"][len(prefix):]: o["Size"] for o in listing.get("Contents", [])}
        if sizes != {key: len(body) for key, body in items}:
            self.data_ok = False
            print(f"   {prefix} holds {len(sizes)} objects, not the {len(items)} of the sink's sizes")
        self.results[label] = {"seconds": seconds, "note": CpuMeter.describe(spent)}
        print(f"   {seconds:.2f} s")

    def botocore_client(self):
        import botocore.session
        return botocore.session.get_session().create_client(
            "s3", endpoint_url=self.s3.endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=self.botocore_config(s3={"addressing_style": "path"}, max_pool_connections=2))

    def run_uploaders(self, upload, threads):
        """Runs upload(n) for n in 0..threads-1 on threads; returns (seconds, CPU seconds by process)."""
        workers = [threading.Thread(target=upload, args=(n,), daemon=True) for n in range(threads)]
        cpu = CpuMeter({"s3rver": self.s3.server.pid, "python": os.getpid()})
        cpu.start()
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seconds = time.perf_counter() - started
        return seconds, cpu.stop()

    def upload_botocore(self, prefix, items, threads):
        clients = [self.botocore_client() for _ in range(threads)]
        errors = []

        def upload(n):
            try:
                for key, body in items[n::threads]:
                    clients[n].put_object(Bucket=BUCKET, Key=prefix + key, Body=body, ContentType="application/json")
            except Exception as err:  # reported by the bench's thread
                errors.append(f"{type(err).__name__}: {err}")

        seconds, spent = self.run_uploaders(upload, threads)
        if errors:
            raise BenchError(f"botocore put_object failed: {errors[0]}")
        return seconds, spent

    def upload_tool(self, prefix, items, threads):
        tool = os.path.join(self.args.build_dir, "plugins", "s3", "s3_client_tool")
        directory = os.path.join(self.work, "objects")
        os.makedirs(directory, exist_ok=True)
        paths = []
        for n, (_, body) in enumerate(items):
            path = os.path.join(directory, f"{n}.json")
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(body)
            paths.append(path)
        env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
        env.pop("AWS_SESSION_TOKEN", None)
        base = [tool, "--endpoint", self.s3.endpoint, "--region", REGION, "--path-style", "put", BUCKET]
        errors = []

        def upload(n):
            for (key, _), path in list(zip(items, paths))[n::threads]:
                out = subprocess.run(base + [prefix + key, path, "application/json"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
                if out.returncode != 0:
                    errors.append(f"{key}: exit {out.returncode}: {out.stderr.decode(errors='replace').strip()}")
                    return

        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds, spent = self.run_uploaders(upload, threads)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent["s3_client_tool"] = (children.ru_utime - children_before.ru_utime
                                   + children.ru_stime - children_before.ru_stime)
        if errors:
            raise BenchError(f"s3_client_tool put failed: {errors[0]}")
        return seconds, spent

    # ------------------------------------------------------------------ report
    def report(self):
        a = self.args
        object_bytes = sum(len(b) for b in self.bodies.values())
        print()
        print(f"S3 sink (JsonFormat, flush.size {a.flush_size:,}, tasks.max {a.tasks}) vs plain PUTs of the same "
              f"objects, s3rver, {self.records:,} records of ~{self.record_bytes / max(self.records, 1):.0f} bytes "
              f"({self.record_bytes / 1e6:,.1f} MB of values, {len(self.bodies)} objects, "
              f"{object_bytes / 1e6:,.1f} MB), {a.partitions} partitions")
        print()
        print(f"{'run':<20}{'seconds':>9}{'MB/s':>9}{'records/s':>12}  note")
        for label, r in self.results.items():
            rate = self.record_bytes / r["seconds"] / 1e6
            print(f"{label:<20}{r['seconds']:>9.2f}{rate:>9.1f}{self.records / r['seconds']:>12,.0f}  {r['note']}")
        print("(MB/s: 10^6 bytes of record values a second; the sink's seconds run from the partition assignment "
              "to the last object existing, the references' from the first PUT to the last answer)")
        print()
        missed = False
        sink = self.results.get("connectd S3 sink")
        references = {k: v for k, v in self.results.items() if k != "connectd S3 sink"}
        if sink and references:
            best = min(references, key=lambda k: references[k]["seconds"])
            ratio = references[best]["seconds"] / sink["seconds"]
            missed = ratio < THROUGHPUT_TARGET
            print(f"connectd S3 sink / fastest plain upload ({best}): {ratio:.2f}x (target >= {THROUGHPUT_TARGET}x) "
                  f"{'ok' if not missed else 'BELOW TARGET'}")
        if self.memory:
            rss, hwm, samples = self.memory
            print(f"connectd peak VmRSS {rss / 1024:.1f} MB, VmHWM {hwm / 1024:.1f} MB ({samples} samples)")
        print()
        if not self.data_ok:
            print("DATA CHECK FAILED (see above)")
            return 1
        return 3 if missed else 0

    def close(self):
        for proc in reversed(self.processes):
            proc.kill()
        if self.s3 is not None:
            self.s3.stop()
        if self.args.keep:
            print(f"work directory kept: {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("records", nargs="?", type=int, default=1000000)
    parser.add_argument("--partitions", type=int, default=20)
    parser.add_argument("--flush-size", type=int, default=10000)
    parser.add_argument("--tasks", type=int, default=1)
    parser.add_argument("--compression", default="lz4")
    parser.add_argument("--ref-threads", default="1,4,8")
    parser.add_argument("--ref-clients", default="botocore,tool")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    args.ref_threads = [int(t) for t in args.ref_threads.split(",") if t]
    args.ref_clients = [c for c in args.ref_clients.split(",") if c]
    if args.records <= 0 or args.partitions <= 0 or args.flush_size <= 0 \
            or args.records % (args.partitions * args.flush_size):
        print(f"RECORDS ({args.records}) must be a positive multiple of --partitions x --flush-size "
              f"({args.partitions} x {args.flush_size}), so every record lands in a full object", file=sys.stderr)
        return 2
    if set(args.ref_clients) - {"botocore", "tool"} or any(t <= 0 for t in args.ref_threads):
        print("--ref-clients takes botocore and/or tool, --ref-threads positive numbers", file=sys.stderr)
        return 2
    build = args.build_dir
    os.environ.setdefault("CONNECTD_BIN", os.path.join(build, "connectd"))
    os.environ.setdefault("MOCK_BROKER_BIN", os.path.join(build, "tests", "mock_broker", "mock_broker"))
    try:
        import confluent_kafka
        from botocore.config import Config
    except ImportError as err:
        print(f"{err}: install python3-botocore and python3-confluent-kafka (sh packaging/install-deps.sh --test) "
              f"and run with the python3 they belong to (/usr/bin/python3), not {sys.executable}", file=sys.stderr)
        return 2
    import harness  # after the environment is set
    import s3rver_server

    reason = s3rver_server.missing()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    wanted = [os.environ["CONNECTD_BIN"], os.environ["MOCK_BROKER_BIN"]]
    if "tool" in args.ref_clients:
        wanted.append(os.path.join(build, "plugins", "s3", "s3_client_tool"))
    for path in wanted:
        if not os.access(path, os.X_OK):
            print(f"missing executable: {path} (cmake --build {build})", file=sys.stderr)
            return 2
    bench = Bench(args, harness, s3rver_server, confluent_kafka, Config)
    # SIGTERM (timeout(1), CI) unwinds like an error, so every process started is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        return bench.run()
    except (BenchError, AssertionError, RuntimeError, subprocess.SubprocessError) as err:
        print(f"bench failed: {err}", file=sys.stderr)
        return 1
    finally:
        bench.close()


if __name__ == "__main__":
    sys.exit(main())
