#!/usr/bin/env python3
"""bench_odbc_postgres.py — the ODBC plugin against PostgreSQL's own COPY, in the same run on the
same server. Run on demand (it is not a CTest test); it builds nothing.

Usage:  tests/bench/bench_odbc_postgres.py BUILD_DIR [ROWS] [--tasks N] [--skip-connectd] [--keep]
  BUILD_DIR  a built tree: BUILD_DIR/connectd, the plugin connectd-odbc.so (BUILD_DIR/plugins or
             BUILD_DIR/plugins/odbc; its directory becomes plugin.path) and
             BUILD_DIR/tests/mock_broker/{mock_broker,kafka_offsets}
  ROWS       rows per run (default 1000000)
  --tasks N  tasks.max of the sink connectors (default 1)
  --skip-connectd  only the references and the Kafka topic (checks the setup without the plugin)
  --keep     keep the work directory (configs, logs, data files)
  --source-only  run only the source (and the COPY references), not the sinks
  BENCH_BATCH_MAX_ROWS (environment) the source's batch.max.rows (default 100, Confluent's)
Needs PostgreSQL 15, psql, kcat and python3 (sh packaging/install-deps.sh --test).

Targets (from the issue): sink insert mode >= 0.3x COPY FROM, upsert >= 0.2x COPY FROM;
source bulk read >= 0.5x COPY TO. Exit status: 0 all targets met, 3 a target missed,
1 a run failed or wrote different data than COPY did.

What is measured, and why this way:
  Schema: (id BIGINT, name TEXT, amount DOUBLE PRECISION, qty INT, created TIMESTAMP); the same
  ROWS rows everywhere (id 0..ROWS-1, created 1 s apart from 2024-01-01 UTC).
  (a) COPY FROM reference: `psql -c "COPY bench_copy FROM STDIN"` fed the rows as text; wall time
      of the psql process (connection included, a few ms).
  (b) Sink: the rows as JsonConverter records with schemas ({"schema":..,"payload":..}, created as
      org.apache.kafka.connect.data.Timestamp) are produced with kcat to topic `bench` BEFORE
      connectd starts, so the sink is never waiting for a producer. The mock broker keeps only
      ~5 MB per partition, so the topic gets enough partitions for ~2 MB each, and the earliest
      offset of every partition is checked to be 0 (nothing dropped). Then connectd runs
      JdbcSinkConnector (insert, then upsert with pk.mode=record_value pk.fields=id, each into a
      table of its own and with its own consumer group); SELECT count(*) is polled every 0.2 s.
      Rate = rows landed between the first poll that saw rows and the poll that saw all of them,
      divided by that time (startup and group join excluded; printed separately). Afterwards the
      table must hold exactly the COPY table's data (count, sums, min/max created, md5 of names).
  (c) Source: table bench_src (the same rows). COPY TO reference: `psql -c "COPY bench_src TO
      STDOUT" >/dev/null`. Then JdbcSourceConnector mode=bulk table.whitelist=bench_src
      topic.prefix=src- (poll.interval.ms large, so the table is read once): time from the first
      message to ROWS messages on src-bench_src, counted by the sum of the high watermarks
      (`kafka_offsets wait-end`; high watermarks count every message even after the mock's
      retention dropped old ones).
  (d) Driver alone: tests/bench/odbc_read_ceiling (built with the tests) reads bench_src through
      psqlODBC as the source connects (cursor fetches of 10000 rows), every column bound in arrays
      of 1000 rows, and discards the rows: the most any connector reading through the driver can
      reach. Reported beside the targets, without one.
"""

import argparse
import datetime
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

COLUMNS_SQL = "id BIGINT, name TEXT, amount DOUBLE PRECISION, qty INT, created TIMESTAMP"
SINK_CLASS = "io.confluent.connect.jdbc.JdbcSinkConnector"
SOURCE_CLASS = "io.confluent.connect.jdbc.JdbcSourceConnector"
STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter"
JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter"
EPOCH_MS = 1704067200000  # 2024-01-01T00:00:00Z
BYTES_PER_PARTITION = 2_000_000  # well under the mock broker's ~5 MB per partition
MAX_PARTITIONS = 1024
POLL_SECONDS = 0.2
STALL_SECONDS = 120.0  # no progress for this long fails a run

TARGETS = [("sink insert", "copy from", 0.3), ("sink upsert", "copy from", 0.2),
           ("source bulk", "copy to", 0.5)]

RECORD_SCHEMA = {
    "type": "struct", "optional": False, "name": "bench.Row",
    "fields": [
        {"field": "id", "type": "int64", "optional": False},
        {"field": "name", "type": "string", "optional": False},
        {"field": "amount", "type": "double", "optional": False},
        {"field": "qty", "type": "int32", "optional": False},
        {"field": "created", "type": "int64", "optional": False,
         "name": "org.apache.kafka.connect.data.Timestamp", "version": 1},
    ],
}


class BenchError(Exception):
    pass


def row(i):
    """Row i as (id, name, amount, qty, created epoch ms)."""
    return i, f"name-{i:09d}", i * 0.25, i % 1000, EPOCH_MS + i * 1000


def copy_text_line(i):
    rid, name, amount, qty, created_ms = row(i)
    created = datetime.datetime.fromtimestamp(created_ms / 1000, datetime.timezone.utc)
    return f"{rid}\t{name}\t{amount!r}\t{qty}\t{created:%Y-%m-%d %H:%M:%S}\n"


def kafka_line(i, schema_json):
    """key TAB JsonConverter value (kcat -K splits at the first tab)."""
    rid, name, amount, qty, created_ms = row(i)
    payload = json.dumps({"id": rid, "name": name, "amount": amount, "qty": qty, "created": created_ms},
                         separators=(",", ":"))
    return f"{rid}\t{{\"schema\":{schema_json},\"payload\":{payload}}}\n"


def write_inputs(work, rows):
    """Writes the COPY text file and the kcat input; returns (copy path, kafka path, kafka bytes)."""
    copy_path, kafka_path = os.path.join(work, "rows.copy"), os.path.join(work, "rows.kafka")
    schema_json = json.dumps(RECORD_SCHEMA, separators=(",", ":"))
    with open(copy_path, "w") as copy_out, open(kafka_path, "w") as kafka_out:
        for start in range(0, rows, 10000):
            chunk = range(start, min(start + 10000, rows))
            copy_out.write("".join(copy_text_line(i) for i in chunk))
            kafka_out.write("".join(kafka_line(i, schema_json) for i in chunk))
    return copy_path, kafka_path, os.path.getsize(kafka_path)


def timed(argv, stdin_path=None, stdout=subprocess.DEVNULL):
    """Runs argv to completion; returns its wall time in seconds; raises on a non-zero exit."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        result = subprocess.run(argv, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - started
    finally:
        if stdin_path:
            stdin.close()
    if result.returncode != 0:
        raise BenchError(f"{' '.join(argv)} exited with {result.returncode}: {result.stderr.decode()}")
    return elapsed


def table_fingerprint(pg, table):
    return pg.psql(f"SELECT count(*), sum(id), sum(qty), sum(amount), min(created), max(created), "
                   f"md5(string_agg(name, ',' ORDER BY id)) FROM {table}").strip()


def count_rows(pg, table):
    return int(pg.psql(f"SELECT count(*) FROM {table}").strip())


def table_exists(pg, table):
    return pg.psql(f"SELECT to_regclass('{table}') IS NOT NULL").strip() == "t"


def earliest_offsets(kcat, bootstrap, topic, partitions):
    """{partition: earliest retained offset}, asked with kcat -Q (timestamp -2 = earliest)."""
    argv = [kcat, "-Q", "-b", bootstrap]
    for p in range(partitions):
        argv += ["-t", f"{topic}:{p}:-2"]
    out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if out.returncode != 0:
        raise BenchError(f"kcat -Q failed: {out.stderr.decode()}")
    offsets = {}
    for line in out.stdout.decode().splitlines():
        # " bench [12] offset 0"
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "offset":
            offsets[int(parts[1].strip("[]"))] = int(parts[3])
    return offsets


class Bench:
    def __init__(self, args, harness, db_servers):
        self.args, self.harness, self.db_servers = args, harness, db_servers
        self.rows = args.rows
        self.work = tempfile.mkdtemp(prefix="connectd-bench-odbc-")
        self.processes = []
        self.pg = None
        self.results = {}   # label -> dict(seconds, rate, note)
        self.data_ok = True

    # ------------------------------------------------------------------ setup
    def run(self):
        h = self.harness
        print(f"== work directory {self.work}")
        print(f"== generating {self.rows} rows")
        copy_path, kafka_path, kafka_bytes = write_inputs(self.work, self.rows)
        partitions = min(MAX_PARTITIONS, max(4, math.ceil(kafka_bytes / BYTES_PER_PARTITION)))
        print(f"   {os.path.getsize(copy_path):,} bytes as COPY text, {kafka_bytes:,} bytes of JSON "
              f"records -> topic bench with {partitions} partitions")

        self.pg = self.db_servers.PostgresServer(self.work).start()
        print(f"== PostgreSQL on 127.0.0.1:{self.pg.port}")
        broker = h.MockBroker(self.work, topics={"bench": partitions, "src-bench_src": 64})
        self.processes.append(broker)
        self.bootstrap = broker.bootstrap
        print(f"== mock broker at {self.bootstrap}")

        print("== (a) COPY bench_copy FROM STDIN")
        # The same table the sink's auto.create makes (pk.mode=record_value pk.fields=id): both pay
        # for the primary key index.
        self.pg.psql(f"CREATE TABLE bench_copy ({COLUMNS_SQL}, PRIMARY KEY (id))")
        seconds = timed(self.pg.psql_argv() + ["-c", "COPY bench_copy FROM STDIN"], stdin_path=copy_path)
        self.record("copy from", seconds)
        if count_rows(self.pg, "bench_copy") != self.rows:
            raise BenchError("COPY did not load every row")
        self.reference = table_fingerprint(self.pg, "bench_copy")

        print("== (c) COPY bench_src TO STDOUT")
        self.pg.psql("CREATE TABLE bench_src AS SELECT * FROM bench_copy; VACUUM ANALYZE bench_src")
        self.pg.psql("SELECT count(*) FROM bench_src")  # warm the cache for both readers alike
        seconds = timed(self.pg.psql_argv() + ["-c", "COPY bench_src TO STDOUT"])
        self.record("copy to", seconds)
        self.run_driver_ceiling()

        print("== producing the records to topic bench (kcat)")
        started = time.perf_counter()
        subprocess.run([h.kcat_bin(), "-P", "-b", self.bootstrap, "-t", "bench", "-K", "\t", "-l", kafka_path],
                       check=True, timeout=1800)
        h.wait_for_messages(self.bootstrap, "bench", self.rows, timeout=600)
        print(f"   {self.rows} records in {time.perf_counter() - started:.1f} s")
        earliest = earliest_offsets(h.kcat_bin(), self.bootstrap, "bench", partitions)
        dropped = {p: o for p, o in earliest.items() if o != 0}
        if len(earliest) != partitions or dropped:
            raise BenchError(f"the mock broker dropped records (earliest offsets {dropped or earliest}); "
                             f"lower BYTES_PER_PARTITION")

        if self.args.skip_connectd:
            print("== --skip-connectd: not running the connectors")
        else:
            plugin_dir = self.find_plugin_dir()
            if not self.args.source_only:
                self.run_sink("insert", plugin_dir)
                self.run_sink("upsert", plugin_dir)
            self.run_source(plugin_dir)
        return self.report()

    def find_plugin_dir(self):
        build = self.args.build_dir
        for candidate in (os.path.join(build, "plugins"), os.path.join(build, "plugins", "odbc")):
            if os.path.exists(os.path.join(candidate, "connectd-odbc.so")):
                return candidate
        raise BenchError(f"connectd-odbc.so not found in {build}/plugins or {build}/plugins/odbc "
                         "(cmake --build BUILD_DIR), or pass --skip-connectd")

    def worker(self, name, plugin_dir):
        return self.harness.write_properties(os.path.join(self.work, f"worker-{name}.properties"), {
            "bootstrap.servers": self.bootstrap,
            "plugin.path": plugin_dir,
            "key.converter": STRING_CONVERTER,
            "value.converter": JSON_CONVERTER,
            "value.converter.schemas.enable": "true",
            "offset.storage.file.filename": os.path.join(self.work, f"{name}.offsets"),
            "offset.flush.interval.ms": 10000,
            # As Confluent's docs advise: batch.size only helps when a poll hands over that many.
            "consumer.max.poll.records": 3000,
        })

    def start_connectd(self, name, plugin_dir, connector):
        connector_path = self.harness.write_properties(os.path.join(self.work, f"{name}.properties"), connector)
        daemon = self.harness.Connectd(self.work, self.worker(name, plugin_dir), [connector_path], name=name)
        self.processes.append(daemon)
        return daemon

    # ------------------------------------------------------------------ runs
    def run_sink(self, mode, plugin_dir):
        table = f"bench_{mode}"
        print(f"== (b) JdbcSinkConnector insert.mode={mode} tasks.max={self.args.tasks} -> {table}")
        connector = {
            "name": f"bench-sink-{mode}",
            "connector.class": SINK_CLASS,
            "topics": "bench",
            "connection.url": f"jdbc:postgresql://127.0.0.1:{self.pg.port}/postgres",
            "connection.user": "postgres",
            "insert.mode": mode,
            "pk.mode": "record_value",
            "pk.fields": "id",
            "auto.create": "true",
            "batch.size": 3000,
            "tasks.max": self.args.tasks,
            "table.name.format": table,
        }
        started = time.perf_counter()
        daemon = self.start_connectd(f"sink-{mode}", plugin_dir, connector)
        first_at = first_count = None
        last_count, last_progress = 0, time.perf_counter()
        while True:
            now = time.perf_counter()
            landed = count_rows(self.pg, table) if first_at or table_exists(self.pg, table) else 0
            if landed and first_at is None:
                first_at, first_count = now, landed
            if landed >= self.rows:
                break
            if landed != last_count:
                last_count, last_progress = landed, now
            if not daemon.running():
                raise BenchError(f"connectd exited with {daemon.proc.returncode} after {landed} rows; "
                                 f"log tail:\n{daemon.log()[-4000:]}")
            if now - last_progress > STALL_SECONDS:
                raise BenchError(f"no progress for {STALL_SECONDS:.0f} s at {landed} of {self.rows} rows; "
                                 f"log tail:\n{daemon.log()[-4000:]}")
            time.sleep(POLL_SECONDS if first_at else 0.02)
        done_at = time.perf_counter()
        daemon.stop(timeout=120)
        self.record_steady(f"sink {mode}", started, first_at, first_count, done_at, "rows")
        self.check_table(table)

    def check_table(self, table):
        got = table_fingerprint(self.pg, table)
        if got != self.reference:
            self.data_ok = False
            print(f"   DATA MISMATCH in {table}:\n     COPY: {self.reference}\n     sink: {got}\n"
                  f"   columns: {self.pg.psql(self.columns_sql(table)).strip()}")
        else:
            print(f"   {table} holds exactly the COPY table's data")

    @staticmethod
    def columns_sql(table):
        return (f"SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
                f"FROM information_schema.columns WHERE table_name = '{table}'")

    def run_driver_ceiling(self):
        """psqlODBC alone: the table read with bound row arrays and cursor fetches of 10000 rows,
        as the source connects, with the rows discarded: what any connector reading through the
        driver can reach at best."""
        probe = os.path.join(self.args.build_dir, "tests", "bench", "odbc_read_ceiling")
        if not os.access(probe, os.X_OK):
            print(f"   (no {probe}: driver ceiling not measured)")
            return
        print("== (c) psqlODBC alone reading bench_src (odbc_read_ceiling)")
        connection = (f"Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port={self.pg.port};Database=postgres;"
                      "Uid=postgres;BoolsAsChar=0;UseDeclareFetch=1;Fetch=10000;")
        out = subprocess.run([probe, connection, "SELECT * FROM bench_src", "1000"], check=True,
                             stdout=subprocess.PIPE, timeout=600).stdout.decode().split()
        if int(out[0]) != self.rows:
            raise BenchError(f"odbc_read_ceiling read {out[0]} rows, expected {self.rows}")
        self.record("driver alone", float(out[1]))

    def run_source(self, plugin_dir):
        h = self.harness
        topic = "src-bench_src"
        print(f"== (c) JdbcSourceConnector mode=bulk table.whitelist=bench_src -> {topic}")
        connector = {
            "name": "bench-source",
            "connector.class": SOURCE_CLASS,
            "connection.url": f"jdbc:postgresql://127.0.0.1:{self.pg.port}/postgres",
            "connection.user": "postgres",
            "mode": "bulk",
            "table.whitelist": "bench_src",
            "topic.prefix": "src-",
            "poll.interval.ms": 86400000,
            "batch.max.rows": int(os.environ.get("BENCH_BATCH_MAX_ROWS", "100")),
            "tasks.max": 1,
        }
        offsets = h.kafka_offsets_bin()
        started = time.perf_counter()
        daemon = self.start_connectd("source", plugin_dir, connector)
        # wait-end prints the sum it saw last: the records already there at first_at.
        waited = subprocess.run([offsets, "wait-end", self.bootstrap, topic, "1", "600000"],
                                stdout=subprocess.PIPE)
        first_at = time.perf_counter()
        first = int(waited.stdout.decode().strip() or 0)
        if waited.returncode == 0:
            waited = subprocess.run([offsets, "wait-end", self.bootstrap, topic, str(self.rows), "1800000"],
                                    stdout=subprocess.DEVNULL)
        done_at = time.perf_counter()
        if waited.returncode != 0:
            raise BenchError(f"the source did not deliver {self.rows} records (now "
                             f"{h.end_offset_sum(self.bootstrap, topic)}); log tail:\n{daemon.log()[-4000:]}")
        daemon.stop(timeout=120)
        total = h.end_offset_sum(self.bootstrap, topic)
        if total != self.rows:
            self.data_ok = False
            print(f"   {topic} holds {total} records, expected exactly {self.rows}")
        self.record_steady("source bulk", started, first_at, first, done_at, "record")

    # ------------------------------------------------------------------ report
    def record(self, label, seconds, rows=None, note=""):
        rows = self.rows if rows is None else rows
        self.results[label] = {"seconds": seconds, "rate": rows / seconds, "note": note}
        print(f"   {label}: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s")

    def record_steady(self, label, started, first_at, first_count, done_at, what):
        """The rate from the first `what` seen to the last, startup excluded. When most rows were
        already there at the first look, that window says nothing: the rate from exec is used."""
        from_exec = f"{self.rows / (done_at - started):,.0f} rows/s from exec"
        if first_count > self.rows // 2:
            self.record(label, done_at - started,
                        note=f"{first_count} of the rows came before the first look: rate from exec")
            return
        self.record(label, max(done_at - first_at, 1e-6), rows=self.rows - first_count,
                    note=f"+{first_at - started:.1f} s before the first {what}; {from_exec}")

    def report(self):
        print()
        print(f"ODBC plugin vs COPY, PostgreSQL 15, {self.rows:,} rows, sink tasks.max={self.args.tasks}")
        print()
        print(f"{'run':<14}{'seconds':>10}{'rows/s':>14}  note")
        for label, r in self.results.items():
            print(f"{label:<14}{r['seconds']:>10.2f}{r['rate']:>14,.0f}  {r['note']}")
        print()
        missed = False
        for label, reference, target in TARGETS:
            if label not in self.results:
                continue
            ratio = self.results[label]["rate"] / self.results[reference]["rate"]
            ok = ratio >= target
            missed |= not ok
            print(f"{label} / {reference}: {ratio:.2f}x (target >= {target}x) {'ok' if ok else 'BELOW TARGET'}")
        for label, reference in (("source bulk", "driver alone"), ("driver alone", "copy to")):
            if label in self.results and reference in self.results:
                ratio = self.results[label]["rate"] / self.results[reference]["rate"]
                print(f"{label} / {reference}: {ratio:.2f}x (no target)")
        if not self.data_ok:
            print("DATA CHECK FAILED (see above)")
            return 1
        return 3 if missed else 0

    def close(self):
        for proc in self.processes:
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
    parser.add_argument("--tasks", type=int, default=1)
    parser.add_argument("--skip-connectd", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--source-only", action="store_true")
    args = parser.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    build = args.build_dir
    os.environ.setdefault("CONNECTD_BIN", os.path.join(build, "connectd"))
    os.environ.setdefault("MOCK_BROKER_BIN", os.path.join(build, "tests", "mock_broker", "mock_broker"))
    os.environ.setdefault("KAFKA_OFFSETS_BIN", os.path.join(build, "tests", "mock_broker", "kafka_offsets"))
    import db_servers
    import harness  # after the environment is set

    wanted = [os.environ["MOCK_BROKER_BIN"], os.environ["KAFKA_OFFSETS_BIN"], shutil.which("kcat") or "kcat"]
    if not args.skip_connectd:
        wanted.append(os.environ["CONNECTD_BIN"])
    for path in wanted:
        if not os.access(path, os.X_OK):
            print(f"missing executable: {path} (cmake --build {build})", file=sys.stderr)
            return 2
    bench = Bench(args, harness, db_servers)
    try:
        return bench.run()
    except (BenchError, db_servers.DbServerError, AssertionError, subprocess.SubprocessError) as err:
        print(f"bench failed: {err}", file=sys.stderr)
        return 1
    finally:
        bench.close()


if __name__ == "__main__":
    sys.exit(main())
