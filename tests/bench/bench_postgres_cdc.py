#!/usr/bin/env python3
"""bench_postgres_cdc.py — the PostgreSQL CDC source (Debezium's PostgresConnector) against
PostgreSQL's own pg_recvlogical, in the same run on the same server: throughput of a large
transaction, commit-to-Kafka latency at a steady rate, and connectd's memory under both. Run on
demand (it is not a CTest test); it builds nothing.

Usage:  tests/bench/bench_postgres_cdc.py BUILD_DIR [ROWS] [--rounds K] [--partitions N] [--rate R]
                                          [--seconds S] [--batch B] [--skip-connectd] [--keep]
  BUILD_DIR  a built tree: BUILD_DIR/connectd, the plugin connectd-postgres-cdc.so (BUILD_DIR/plugins
             or BUILD_DIR/plugins/postgres-cdc; its directory becomes plugin.path) and
             BUILD_DIR/tests/mock_broker/{mock_broker,kafka_offsets}
  ROWS       rows of the large transaction (default 1000000)
  --rounds K      runs of (a), (b) and (c), one after the other, K times (default 3)
  --partitions N  partitions of every topic (default 8)
  --rate R        rows/s of the paced writer (default 5000)
  --seconds S     how long the paced writer runs (default 20)
  --batch B       rows per transaction of the paced writer (default 10: R/B transactions a second)
  --skip-connectd only the pg_recvlogical reference (checks the setup without the plugin)
  --keep          keep the work directory (configs, logs, the pg_recvlogical output)
Needs PostgreSQL 15, kcat, and a python3 with Debian's python3-psycopg2 and python3-confluent-kafka
(sh packaging/install-deps.sh --test; run it with /usr/bin/python3 if another python3 comes first
on PATH).

Targets (from the issue): streaming throughput >= 0.7x pg_recvlogical's (the median of the rounds);
p99 commit-to-Kafka latency < 100 ms at 5,000 rows/s; connectd's peak RSS < 100 MB. Exit status:
0 all targets met, 3 a target missed, 1 a run failed or delivered a different number of events.

What is measured, and why this way:
  Table: (id BIGINT PRIMARY KEY, name TEXT, amount NUMERIC(10,2), created TIMESTAMPTZ, flag
  BOOLEAN), one per run, each in a publication of its own (FOR TABLE), each read through a slot
  of its own created before the insert. Only one slot is read at a time, so no other walsender
  competes for the two cores. A CHECKPOINT precedes each insert.
  (a) Reference: `pg_recvlogical --start -P pgoutput -o proto_version=1 -o publication_names=..`
      writing to a file (-F 0: no fsync, connectd does not fsync either). ROWS rows are inserted
      with one INSERT .. SELECT generate_series in one transaction. pgoutput (protocol 1) sends
      nothing before the commit, so the clock starts when COMMIT returns and stops when the file
      ends with that transaction's Commit message (polled every 5 ms). The file is then parsed:
      it must hold exactly ROWS Insert messages.
  (b) connectd, PostgresConnector with snapshot.mode=no_data and publication.autocreate.mode=
      filtered, JsonConverter for keys and values with schemas (Debezium's default), then (c)
      schemaless. Same insert; the clock starts when COMMIT returns and stops when the topic's
      high watermarks add up to ROWS (`kafka_offsets wait-end`, 5 ms ticks; the mock broker keeps
      only ~5 MB per partition, so events are counted, not read). The newest event of every
      partition is read back and checked (op c, an id in range, schema present or not).
  (d) Latency: connectd as in (b); a paced writer (psycopg2) commits --batch rows per transaction,
      --rate rows/s for --seconds s; a confluent_kafka consumer (assigned every partition, no
      group) runs meanwhile. Per event: consumed = time the consumer got it - commit time
      (source.ts_us, the commit timestamp PostgreSQL wrote), and created = the message's
      CreateTime (stamped by connectd's producer when it hands the record to librdkafka; whole
      milliseconds, so it reads up to 1 ms early) - commit time. Every event must arrive.
  Rounds: (a), (b) and (c) run in turn K times, each round on new tables and slots. Each round's
      ratio compares connectd with the pg_recvlogical run of the same round; the verdict is on the
      median ratio, because other load on a shared machine moves single runs of either by 15%.
  Memory: VmRSS of the connectd process sampled every 100 ms during (b), (c) and (d); peak
  reported, and VmHWM (the kernel's own peak) at the end of each run.
  CPU: user + system time from /proc/PID/stat of the client (pg_recvlogical or connectd), the
  walsender and the mock broker, from COMMIT to the last event: on two cores it tells which
  process limits the rate. Other load on the machine (builds) lowers every rate: compare runs
  from one invocation only.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

DEBEZIUM_PG = "io.debezium.connector.postgresql.PostgresConnector"
JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter"
PG_RECVLOGICAL = os.path.join(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"), "pg_recvlogical")
COLUMNS_SQL = "id BIGINT PRIMARY KEY, name TEXT, amount NUMERIC(10,2), created TIMESTAMPTZ, flag BOOLEAN"
TOPIC_PREFIX = "bench"
DONE_POLL_SECONDS = 0.005
RSS_SAMPLE_SECONDS = 0.1
DELIVERY_TIMEOUT_SECONDS = 300.0
LATENCY_DRAIN_SECONDS = 30.0

THROUGHPUT_TARGET = 0.7
P99_TARGET_MS = 100.0
RSS_TARGET_MB = 100.0


class BenchError(Exception):
    pass


def insert_sql(table, first, count):
    """The rows first..first+count-1 of `table` as one INSERT .. SELECT."""
    return (f"INSERT INTO {table} SELECT g, 'name-' || lpad(g::text, 9, '0'), (g % 100000) / 100.0, "
            f"timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 2 = 0 "
            f"FROM generate_series({first}, {first + count - 1}) g")


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(fraction * len(sorted_values) + 0.999999))
    return sorted_values[min(rank, len(sorted_values)) - 1]


# ---------------------------------------------------------------- pgoutput (protocol 1) file

COMMIT_MESSAGE_BYTES = 26  # 'C', flags, commit LSN, end LSN, commit time


def last_commit_end_lsn(path):
    """The end LSN of the transaction whose Commit is the file's last message; None when the
    last message is no Commit.

    pg_recvlogical writes each message followed by a newline."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            if size < COMMIT_MESSAGE_BYTES + 1:
                return None
            f.seek(size - COMMIT_MESSAGE_BYTES - 1)
            tail = f.read()
    except FileNotFoundError:
        return None
    if tail[0:1] != b"C" or tail[-1:] != b"\n":
        return None
    return struct.unpack_from(">Q", tail, 10)[0]


def count_pgoutput_messages(path):
    """{message type: count} of a pg_recvlogical pgoutput (protocol 1) file, walked message by
    message (a newline in the data cannot be taken for a boundary)."""
    with open(path, "rb") as f:
        data = f.read()
    counts = {}
    pos, end = 0, len(data)
    unpack_i16, unpack_i32 = struct.Struct(">h").unpack_from, struct.Struct(">i").unpack_from

    def skip_tuple(p):
        (ncols,) = unpack_i16(data, p)
        p += 2
        for _ in range(ncols):
            kind = data[p]
            p += 1
            if kind == 0x74:  # 't': text value
                (length,) = unpack_i32(data, p)
                p += 4 + length
        return p

    while pos < end:
        kind = data[pos]
        p = pos + 1
        if kind == 0x42:    # 'B' final LSN, commit time, xid
            p += 20
        elif kind == 0x43:  # 'C'
            p += 25
        elif kind == 0x52:  # 'R' relid, namespace, name, replica identity, columns
            p += 4
            p = data.index(b"\0", p) + 1
            p = data.index(b"\0", p) + 1
            p += 1
            (ncols,) = unpack_i16(data, p)
            p += 2
            for _ in range(ncols):
                p += 1
                p = data.index(b"\0", p) + 1
                p += 8
        elif kind == 0x59:  # 'Y' type
            p += 4
            p = data.index(b"\0", p) + 1
            p = data.index(b"\0", p) + 1
        elif kind == 0x49:  # 'I' relid 'N' tuple
            p = skip_tuple(p + 5)
        else:
            raise BenchError(f"{path}: unexpected pgoutput message {chr(kind)!r} at byte {pos}")
        if p >= end or data[p] != 0x0A:
            raise BenchError(f"{path}: message {chr(kind)!r} at byte {pos} is not followed by a newline")
        counts[chr(kind)] = counts.get(chr(kind), 0) + 1
        pos = p + 1
    return counts


# ---------------------------------------------------------------- memory

class RssSampler(threading.Thread):
    """Samples VmRSS of a process every RSS_SAMPLE_SECONDS until stopped; peak in kB."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss_kb = 0
        self.hwm_kb = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def read_status(self):
        fields = {}
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith(("VmRSS:", "VmHWM:")):
                        name, value = line.split(":", 1)
                        fields[name] = int(value.split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
        return fields

    def run(self):
        while not self._stop_event.is_set():
            fields = self.read_status()
            if "VmRSS" in fields:
                self.peak_rss_kb = max(self.peak_rss_kb, fields["VmRSS"])
                self.hwm_kb = max(self.hwm_kb, fields.get("VmHWM", 0))
                self.samples += 1
            self._stop_event.wait(RSS_SAMPLE_SECONDS)

    def stop(self):
        """Stops sampling (the process must still run, so VmHWM can be read once more)."""
        self._stop_event.set()
        self.join()
        self.hwm_kb = max(self.hwm_kb, self.read_status().get("VmHWM", 0))


class CpuMeter:
    """CPU time (user + system) the named processes spent between start() and stop()."""

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, pids):
        self.pids = pids  # name -> pid
        self.started = {}

    @classmethod
    def seconds(cls, pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / cls.TICKS  # utime, stime

    def start(self):
        self.started = {name: self.seconds(pid) for name, pid in self.pids.items()}

    def stop(self):
        """{name: CPU seconds since start()}; the processes must still run."""
        return {name: self.seconds(pid) - self.started[name] for name, pid in self.pids.items()}

    @staticmethod
    def describe(spent):
        return "CPU s " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in spent.items())


# ---------------------------------------------------------------- latency

class LatencyConsumer(threading.Thread):
    """Reads every partition of a topic from offset 0 as events arrive; per event keeps the id,
    consumed-minus-commit and CreateTime-minus-commit in microseconds."""

    def __init__(self, kafka, bootstrap, topic, partitions):
        super().__init__(daemon=True)
        self.consumer = kafka.Consumer({
            "bootstrap.servers": bootstrap, "group.id": "bench-latency", "enable.auto.commit": False,
            "fetch.wait.max.ms": 10, "enable.partition.eof": False})
        self.consumer.assign([kafka.TopicPartition(topic, p, 0) for p in range(partitions)])
        self.by_id = {}  # id -> (consumed us, created us)
        self.errors = []
        self._stop_event = threading.Event()

    def run(self):
        try:
            while not self._stop_event.is_set():
                # poll() returns as soon as one message is there (consume() would wait for a
                # full batch or its timeout, which would be counted as latency).
                msg = self.consumer.poll(0.05)
                if msg is None:
                    continue
                received_us = time.time_ns() // 1000
                if msg.error():
                    self.errors.append(str(msg.error()))
                    continue
                value = msg.value()
                if not value:
                    continue
                event = json.loads(value)
                payload = event.get("payload", event)
                source = payload["source"]
                commit_us = source.get("ts_us") or source["ts_ms"] * 1000
                _, created_ms = msg.timestamp()
                self.by_id[payload["after"]["id"]] = (received_us - commit_us, created_ms * 1000 - commit_us)
        finally:
            self.consumer.close()

    def stop(self):
        self._stop_event.set()
        self.join()


class PacedWriter(threading.Thread):
    """Inserts rows first.. at `rate` rows/s, `batch` rows per committed transaction, for
    `seconds`; keeps to the schedule (a late tick is caught up, not dropped)."""

    def __init__(self, connect, table, first, rate, batch, seconds):
        super().__init__(daemon=True)
        self.connect, self.table, self.first = connect, table, first
        self.rate, self.batch, self.seconds = rate, batch, seconds
        self.written = 0
        self.behind_max = 0.0
        self.error = None

    def run(self):
        try:
            conn = self.connect()
            cur = conn.cursor()
            tick = self.batch / self.rate
            total = int(self.rate * self.seconds)
            started = time.perf_counter()
            next_id = self.first
            while self.written < total:
                due = started + (self.written // self.batch) * tick
                now = time.perf_counter()
                if due > now:
                    time.sleep(due - now)
                else:
                    self.behind_max = max(self.behind_max, now - due)
                n = min(self.batch, total - self.written)
                cur.execute(insert_sql(self.table, next_id, n))
                conn.commit()
                next_id += n
                self.written += n
            conn.close()
        except Exception as err:  # reported by the bench's thread
            self.error = err


# ---------------------------------------------------------------- the bench

class Bench:
    def __init__(self, args, harness, db_servers, psycopg2):
        self.args, self.harness, self.db_servers, self.psycopg2 = args, harness, db_servers, psycopg2
        self.rows = args.rows
        self.work = tempfile.mkdtemp(prefix="connectd-bench-pgcdc-")
        self.processes = []
        self.pg = None
        self.rounds = []    # per round: label -> dict(seconds, rate, first, note)
        self.memory = {}    # label -> (peak VmRSS kB, VmHWM kB, samples)
        self.latency = None
        self.data_ok = True

    def connect(self):
        return self.psycopg2.connect(host=self.pg.host, port=self.pg.port, user=self.pg.user,
                                     dbname=self.pg.dbname)

    def sql(self, statement):
        """Runs one statement in autocommit; returns the first row's first column (None when it
        returns no row)."""
        conn = self.connect()
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(statement)
                row = cur.fetchone() if cur.description else None
                return row[0] if row else None
        finally:
            conn.close()

    def topic(self, table):
        return f"{TOPIC_PREFIX}.public.{table}"

    def run(self):
        h = self.harness
        partitions = self.args.partitions
        print(f"== work directory {self.work}")
        self.pg = self.db_servers.PostgresServer(self.work).start()
        print(f"== PostgreSQL on 127.0.0.1:{self.pg.port}")
        rounds = range(1, self.args.rounds + 1)
        tables = ([f"bench_schemas_{r}" for r in rounds] + [f"bench_schemaless_{r}" for r in rounds] +
                  ["bench_latency"])
        broker = h.MockBroker(self.work, topics={self.topic(t): partitions for t in tables})
        self.processes.append(broker)
        self.broker, self.bootstrap = broker, broker.bootstrap
        print(f"== mock broker at {self.bootstrap}, {partitions} partitions a topic")

        plugin_dir = None if self.args.skip_connectd else self.find_plugin_dir()
        for r in rounds:
            self.rounds.append({})
            if self.args.rounds > 1:
                print(f"== round {r} of {self.args.rounds}")
            self.run_reference(r)
            if plugin_dir:
                self.run_throughput("connectd schemas", f"bench_schemas_{r}", plugin_dir, schemas=True)
                self.run_throughput("connectd schemaless", f"bench_schemaless_{r}", plugin_dir, schemas=False)
        if plugin_dir:
            self.run_latency("bench_latency", plugin_dir)
        else:
            print("== --skip-connectd: not running the connector")
        return self.report()

    def find_plugin_dir(self):
        build = self.args.build_dir
        for candidate in (os.path.join(build, "plugins"), os.path.join(build, "plugins", "postgres-cdc")):
            if os.path.exists(os.path.join(candidate, "connectd-postgres-cdc.so")):
                return candidate
        raise BenchError(f"connectd-postgres-cdc.so not found in {build}/plugins or {build}/plugins/postgres-cdc "
                         "(cmake --build BUILD_DIR), or pass --skip-connectd")

    def create_table(self, table):
        # Without autovacuum: it would vacuum and analyze each 1M-row table a minute after its
        # insert, in the middle of whichever later run is being timed.
        self.sql(f"CREATE TABLE {table} ({COLUMNS_SQL}) WITH (autovacuum_enabled = off)")

    def drop_table(self, table):
        """Once its run is over, so that every round starts from the same database."""
        self.sql(f"DROP TABLE {table} CASCADE")

    def insert_one_transaction(self, table, at_commit):
        """CHECKPOINT, then ROWS rows in one transaction; calls at_commit() as soon as COMMIT
        returns; returns (insert seconds, commit time as perf_counter, an LSN inside the
        transaction before its commit)."""
        self.sql("CHECKPOINT")
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                started = time.perf_counter()
                cur.execute(insert_sql(table, 1, self.rows))
                cur.execute("SELECT pg_current_wal_insert_lsn() - '0/0'")
                before_commit = int(cur.fetchone()[0])
                conn.commit()
                committed = time.perf_counter()
                at_commit()
        finally:
            conn.close()
        return committed - started, committed, before_commit

    # ------------------------------------------------------------------ (a) pg_recvlogical
    def run_reference(self, round_number):
        table = slot = f"bench_ref_{round_number}"
        publication = f"{table}_pub"
        print(f"== (a) pg_recvlogical pgoutput proto_version=1, {self.rows:,} rows in one transaction")
        self.create_table(table)
        self.sql(f"CREATE PUBLICATION {publication} FOR TABLE {table}")
        conn_args = ["-h", self.pg.host, "-p", str(self.pg.port), "-U", self.pg.user, "-d", self.pg.dbname]
        subprocess.run([PG_RECVLOGICAL] + conn_args + ["--slot", slot, "--create-slot", "-P", "pgoutput"],
                       check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        out_path = os.path.join(self.work, f"pg_recvlogical_{round_number}.out")
        receiver = self.harness.ManagedProcess(
            "pg_recvlogical", [PG_RECVLOGICAL] + conn_args +
            ["--slot", slot, "--start", "-o", "proto_version=1", "-o", f"publication_names={publication}",
             "-f", out_path, "-F", "0"], self.work)
        self.processes.append(receiver)
        self.harness.wait_until(lambda: self.slot_active(slot) or self.fail_if_exited(receiver),
                                timeout=30, what=f"pg_recvlogical to stream from slot {slot}")
        cpu = CpuMeter({"pg_recvlogical": receiver.pid, "walsender": self.walsender_pid(slot)})
        insert_seconds, committed, before_commit = self.insert_one_transaction(table, cpu.start)
        first_at = None
        deadline = time.perf_counter() + DELIVERY_TIMEOUT_SECONDS
        while True:
            now = time.perf_counter()
            if first_at is None and os.path.exists(out_path) and os.path.getsize(out_path) > 0:
                first_at = now
            end_lsn = last_commit_end_lsn(out_path)
            if end_lsn is not None and end_lsn > before_commit:
                done_at = now
                spent = cpu.stop()
                break
            self.fail_if_exited(receiver)
            if now > deadline:
                raise BenchError(f"pg_recvlogical did not write the transaction's commit in "
                                 f"{DELIVERY_TIMEOUT_SECONDS:.0f} s; stderr:\n{receiver.stderr()[-3000:]}")
            time.sleep(DONE_POLL_SECONDS)
        receiver.terminate(timeout=30)
        self.drop_slot(slot)
        self.drop_table(table)
        self.record("pg_recvlogical", done_at - committed, first_at - committed,
                    f"insert {insert_seconds:.1f} s; {os.path.getsize(out_path) / 1e6:,.0f} MB of pgoutput; "
                    f"{CpuMeter.describe(spent)}")
        counts = count_pgoutput_messages(out_path)
        if counts.get("I", 0) != self.rows:
            self.data_ok = False
            print(f"   pg_recvlogical wrote {counts.get('I', 0)} inserts, expected {self.rows} ({counts})")
        else:
            print(f"   the file holds exactly {self.rows:,} Insert messages")

    def drop_slot(self, slot):
        """Drops the slot if it still exists, once its walsender has gone (it outlives its
        client by a moment)."""
        self.harness.wait_until(lambda: not self.slot_active(slot), timeout=30,
                                what=f"slot {slot} to be released")
        if self.sql(f"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{slot}'"):
            self.sql(f"SELECT pg_drop_replication_slot('{slot}')")

    def walsender_pid(self, slot):
        return self.sql(f"SELECT active_pid FROM pg_replication_slots WHERE slot_name = '{slot}'")

    def slot_active(self, slot):
        return self.sql(f"SELECT active FROM pg_replication_slots WHERE slot_name = '{slot}'") is True

    @staticmethod
    def fail_if_exited(process):
        if not process.running():
            raise BenchError(f"{process.name} exited with {process.proc.returncode}; "
                             f"stderr:\n{process.stderr()[-3000:]}")
        return False

    # ------------------------------------------------------------------ connectd
    def start_connector(self, name, table, plugin_dir, schemas):
        """connectd streaming `table` from a new slot; returns once the slot is being read."""
        schemas_enable = "true" if schemas else "false"
        worker = self.harness.write_properties(os.path.join(self.work, f"worker-{name}.properties"), {
            "bootstrap.servers": self.bootstrap,
            "plugin.path": plugin_dir,
            "listeners": f"http://127.0.0.1:{self.harness.free_port()}",
            "key.converter": JSON_CONVERTER,
            "value.converter": JSON_CONVERTER,
            "key.converter.schemas.enable": schemas_enable,
            "value.converter.schemas.enable": schemas_enable,
            "offset.storage.file.filename": os.path.join(self.work, f"{name}.offsets"),
            "offset.flush.interval.ms": 10000,
        })
        connector = self.harness.write_properties(os.path.join(self.work, f"{name}.properties"), {
            "name": name,
            "connector.class": DEBEZIUM_PG,
            "tasks.max": 1,
            "database.hostname": self.pg.host,
            "database.port": self.pg.port,
            "database.user": self.pg.user,
            "database.password": "unused-with-trust",
            "database.dbname": self.pg.dbname,
            "topic.prefix": TOPIC_PREFIX,
            "plugin.name": "pgoutput",
            "slot.name": table,
            "slot.drop.on.stop": "true",
            "publication.name": f"{table}_pub",
            "publication.autocreate.mode": "filtered",
            "table.include.list": f"public.{table}",
            "snapshot.mode": "no_data",
        })
        daemon = self.harness.Connectd(self.work, worker, [connector], name=name)
        self.processes.append(daemon)
        daemon.wait_ready(timeout=60)
        self.harness.wait_until(lambda: self.slot_active(table) or self.fail_if_exited(daemon),
                                timeout=60, what=f"connectd to stream from slot {table}")
        return daemon

    def stop_connector(self, daemon, slot):
        daemon.stop(timeout=60)
        self.drop_slot(slot)

    def wait_end(self, topic, count, timeout_s):
        """A `kafka_offsets wait-end` process: exits once the high watermarks sum to count."""
        return subprocess.Popen([self.harness.kafka_offsets_bin(), "wait-end", self.bootstrap, topic, str(count),
                                 str(int(timeout_s * 1000))], stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run_throughput(self, label, table, plugin_dir, schemas):
        topic = self.topic(table)
        print(f"== ({'b' if schemas else 'c'}) {label}: {self.rows:,} rows in one transaction -> {topic}")
        self.create_table(table)
        daemon = self.start_connector(table, table, plugin_dir, schemas)
        sampler = RssSampler(daemon.pid)
        sampler.start()
        waiters = []
        try:
            first = self.wait_end(topic, 1, DELIVERY_TIMEOUT_SECONDS)
            waiters.append(first)
            every = self.wait_end(topic, self.rows, DELIVERY_TIMEOUT_SECONDS)
            waiters.append(every)
            time.sleep(0.5)  # both waiters connected and polling
            cpu = CpuMeter({"connectd": daemon.pid, "broker": self.broker.pid, "walsender": self.walsender_pid(table)})
            insert_seconds, committed, _ = self.insert_one_transaction(table, cpu.start)
            first_at = done_at = None
            while done_at is None:
                now = time.perf_counter()
                if first_at is None and first.poll() is not None:
                    first_at = now
                if every.poll() is not None:
                    done_at = now
                    spent = cpu.stop()
                    break
                self.fail_if_exited(daemon)
                time.sleep(DONE_POLL_SECONDS)
            if every.returncode != 0:
                raise BenchError(f"{label}: {self.rows} events not on {topic} in {DELIVERY_TIMEOUT_SECONDS:.0f} s "
                                 f"(now {self.harness.end_offset_sum(self.bootstrap, topic)}); "
                                 f"log tail:\n{daemon.log()[-4000:]}")
        finally:
            for waiter in waiters:
                if waiter.poll() is None:
                    waiter.kill()
                waiter.wait()
        sampler.stop()
        seen = self.memory.get(label, (0, 0, 0))
        self.memory[label] = (max(seen[0], sampler.peak_rss_kb), max(seen[1], sampler.hwm_kb),
                              seen[2] + sampler.samples)
        time.sleep(0.5)  # anything beyond ROWS would show now
        total = self.harness.end_offset_sum(self.bootstrap, topic)
        self.stop_connector(daemon, table)
        self.drop_table(table)
        self.record(label, done_at - committed, (first_at or done_at) - committed,
                    f"insert {insert_seconds:.1f} s; {CpuMeter.describe(spent)}")
        if total != self.rows:
            self.data_ok = False
            print(f"   {topic} holds {total} events, expected exactly {self.rows}")
        self.check_newest_events(topic, schemas)

    def check_newest_events(self, topic, schemas):
        """The newest event of every partition must be an insert of one of the rows, with the
        envelope schema when schemas are on and without it when off."""
        problems = []
        for p in range(self.args.partitions):
            out = subprocess.run([self.harness.kcat_bin(), "-C", "-b", self.bootstrap, "-t", topic, "-p", str(p),
                                  "-o", "-1", "-c", "1", "-e", "-q", "-f", "%s"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
            if out.returncode != 0 or not out.stdout:
                problems.append(f"partition {p}: no event read ({out.stderr.decode(errors='replace').strip()})")
                continue
            event = json.loads(out.stdout)
            has_schema = set(event) == {"schema", "payload"}
            payload = event["payload"] if has_schema else event
            row_id = (payload.get("after") or {}).get("id")
            if has_schema != schemas or payload.get("op") != "c" or not (1 <= (row_id or 0) <= self.rows):
                problems.append(f"partition {p}: unexpected event {out.stdout[:300]!r}")
        if problems:
            self.data_ok = False
            print("   " + "\n   ".join(problems))
        else:
            print(f"   the newest event of each of {self.args.partitions} partitions is an insert of a row "
                  f"({'with' if schemas else 'without'} schema)")

    # ------------------------------------------------------------------ (d) latency
    def run_latency(self, table, plugin_dir):
        import confluent_kafka
        a = self.args
        topic = self.topic(table)
        total = int(a.rate * a.seconds)
        print(f"== (d) latency: {a.rate:,} rows/s for {a.seconds} s, {a.batch} rows a transaction -> {topic}")
        self.create_table(table)
        daemon = self.start_connector(table, table, plugin_dir, schemas=True)
        consumer = LatencyConsumer(confluent_kafka, self.bootstrap, topic, a.partitions)
        consumer.start()
        sampler = None
        try:
            # One row first: the topic's metadata is fetched and the consumer is fetching before
            # the measured rows.
            self.sql(insert_sql(table, 0, 1))
            self.harness.wait_until(lambda: 0 in consumer.by_id or self.fail_if_exited(daemon), timeout=30,
                                    what="the warm-up row to reach the consumer")
            sampler = RssSampler(daemon.pid)
            sampler.start()
            writer = PacedWriter(self.connect, table, 1, a.rate, a.batch, a.seconds)
            cpu = CpuMeter({"connectd": daemon.pid})
            cpu.start()
            started = time.perf_counter()
            writer.start()
            writer.join(a.seconds * 3 + 60)
            wrote_seconds = time.perf_counter() - started
            connectd_cpu = cpu.stop()["connectd"]
            if writer.is_alive() or writer.error:
                raise BenchError(f"the paced writer failed: {writer.error or 'still running'}")
            deadline = time.perf_counter() + LATENCY_DRAIN_SECONDS
            while len(consumer.by_id) < total + 1 and time.perf_counter() < deadline:
                self.fail_if_exited(daemon)
                time.sleep(0.05)
        finally:
            consumer.stop()
            if sampler:
                sampler.stop()
        self.memory["connectd latency"] = (sampler.peak_rss_kb, sampler.hwm_kb, sampler.samples)
        self.stop_connector(daemon, table)
        measured = [v for k, v in consumer.by_id.items() if k >= 1]
        consumed = sorted(v[0] / 1000 for v in measured)
        created = sorted(v[1] / 1000 for v in measured)
        self.latency = {
            "events": len(measured), "expected": total, "rate": writer.written / wrote_seconds,
            "behind_ms": writer.behind_max * 1000, "cpu_share": connectd_cpu / wrote_seconds,
            "consumed": (percentile(consumed, 0.5), percentile(consumed, 0.99), consumed[-1] if consumed else 0),
            "created": (percentile(created, 0.5), percentile(created, 0.99), created[-1] if created else 0),
        }
        print(f"   {len(measured):,} of {total:,} events consumed; writer {self.latency['rate']:,.0f} rows/s, "
              f"at most {self.latency['behind_ms']:.0f} ms behind its schedule; connectd used "
              f"{self.latency['cpu_share']:.0%} of a core")
        if consumer.errors:
            print(f"   consumer errors: {consumer.errors[:5]}")
        if len(measured) != total:
            self.data_ok = False
            print(f"   {total - len(measured)} events never reached the consumer")

    # ------------------------------------------------------------------ report
    def record(self, label, seconds, first_seconds, note):
        seconds = max(seconds, 1e-6)
        self.rounds[-1][label] = {"seconds": seconds, "rate": self.rows / seconds, "first": first_seconds, "note": note}
        print(f"   {label}: {self.rows:,} events {seconds:.2f} s after the commit = "
              f"{self.rows / seconds:,.0f} events/s (first after {first_seconds * 1000:.0f} ms)")

    def report(self):
        print()
        print(f"PostgreSQL CDC source vs pg_recvlogical, PostgreSQL 15, {self.rows:,} rows in one transaction, "
              f"{self.args.partitions} partitions")
        print()
        print(f"{'round':<6}{'run':<22}{'seconds':>9}{'events/s':>12}{'first ms':>10}  note")
        for number, results in enumerate(self.rounds, 1):
            for label, r in results.items():
                print(f"{number:<6}{label:<22}{r['seconds']:>9.2f}{r['rate']:>12,.0f}{r['first'] * 1000:>10.0f}  "
                      f"{r['note']}")
        print("(seconds: from COMMIT returning to the last event; first ms: to the first event)")
        print()
        missed = False
        for label in ("connectd schemas", "connectd schemaless"):
            # Each round's ratio is taken against the reference of the same round, minutes apart at
            # most; the verdict is on their median, as other load on a shared machine moves single
            # runs by +-15%.
            ratios = [results[label]["rate"] / results["pg_recvlogical"]["rate"]
                      for results in self.rounds if label in results]
            if not ratios:
                continue
            ratio = statistics.median(ratios)
            ok = ratio >= THROUGHPUT_TARGET
            missed |= not ok and label == "connectd schemas"
            verdict = ("ok" if ok else "BELOW TARGET") if label == "connectd schemas" else "(no target)"
            rounds = f" (median of {', '.join(f'{x:.2f}' for x in ratios)})" if len(ratios) > 1 else ""
            print(f"{label} / pg_recvlogical: {ratio:.2f}x{rounds} (target >= {THROUGHPUT_TARGET}x) {verdict}")
        if self.latency:
            lat = self.latency
            print()
            print(f"latency at {lat['rate']:,.0f} rows/s, {self.args.batch} rows a transaction, "
                  f"{lat['events']:,} events (schemas on)")
            print(f"{'commit to':<34}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
            print(f"{'consumer (confluent_kafka)':<34}{lat['consumed'][0]:>9.1f}{lat['consumed'][1]:>9.1f}"
                  f"{lat['consumed'][2]:>9.1f}")
            print(f"{'message CreateTime (whole ms)':<34}{lat['created'][0]:>9.1f}{lat['created'][1]:>9.1f}"
                  f"{lat['created'][2]:>9.1f}")
            ok = lat["consumed"][1] < P99_TARGET_MS
            missed |= not ok
            print(f"p99 commit to consumer: {lat['consumed'][1]:.1f} ms (target < {P99_TARGET_MS:.0f} ms) "
                  f"{'ok' if ok else 'ABOVE TARGET'}")
        if self.memory:
            print()
            print(f"{'connectd memory during':<22}{'peak VmRSS MB':>15}{'VmHWM MB':>10}{'samples':>9}")
            for label, (rss, hwm, samples) in self.memory.items():
                print(f"{label:<22}{rss / 1024:>15.1f}{hwm / 1024:>10.1f}{samples:>9}")
            peak = max(max(rss, hwm) for rss, hwm, _ in self.memory.values()) / 1024
            ok = peak < RSS_TARGET_MB
            missed |= not ok
            print(f"peak RSS: {peak:.1f} MB (target < {RSS_TARGET_MB:.0f} MB) {'ok' if ok else 'ABOVE TARGET'}")
        print()
        if not self.data_ok:
            print("DATA CHECK FAILED (see above)")
            return 1
        return 3 if missed else 0

    def close(self):
        for proc in reversed(self.processes):
            proc.kill()
        if self.pg:
            self.pg.stop()
        if self.args.keep:
            print(f"work directory kept: {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("rows", nargs="?", type=int, default=1000000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--rate", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-connectd", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    build = args.build_dir
    os.environ.setdefault("CONNECTD_BIN", os.path.join(build, "connectd"))
    os.environ.setdefault("MOCK_BROKER_BIN", os.path.join(build, "tests", "mock_broker", "mock_broker"))
    os.environ.setdefault("KAFKA_OFFSETS_BIN", os.path.join(build, "tests", "mock_broker", "kafka_offsets"))
    try:
        import psycopg2
        if not args.skip_connectd:
            import confluent_kafka  # noqa: F401 (checked here, used by the latency run)
    except ImportError as err:
        print(f"{err}: install python3-psycopg2 and python3-confluent-kafka (sh packaging/install-deps.sh --test) "
              f"and run with the python3 they belong to (/usr/bin/python3), not {sys.executable}", file=sys.stderr)
        return 2
    import db_servers
    import harness  # after the environment is set

    wanted = [os.environ["MOCK_BROKER_BIN"], os.environ["KAFKA_OFFSETS_BIN"], PG_RECVLOGICAL,
              shutil.which("kcat") or "kcat"]
    if not args.skip_connectd:
        wanted.append(os.environ["CONNECTD_BIN"])
    for path in wanted:
        if not os.access(path, os.X_OK):
            print(f"missing executable: {path} (cmake --build {build})", file=sys.stderr)
            return 2
    bench = Bench(args, harness, db_servers, psycopg2)
    # SIGTERM (timeout(1), CI) unwinds like an error, so every process started is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        return bench.run()
    except (BenchError, db_servers.DbServerError, AssertionError, subprocess.SubprocessError,
            psycopg2.Error) as err:
        print(f"bench failed: {err}", file=sys.stderr)
        return 1
    finally:
        bench.close()


if __name__ == "__main__":
    sys.exit(main())
