"""Kafka (mock broker) -> JdbcSinkConnector (connectd-odbc) -> PostgreSQL, MariaDB and SQLite through
their ODBC drivers, and the Postgres -> source -> Kafka -> sink -> MariaDB pipeline. Tables are read
back with psql, mariadb and sqlite3; committed offsets with kafka_offsets."""

import json
import time
import unittest

from db_servers import DbServerError, MariaDbServer, PostgresServer, SqliteDb
from harness import (ConnectdTestCase, JSON_CONVERTER, committed_offsets, free_port, produce_lines, wait_until)

JDBC_SINK = "io.confluent.connect.jdbc.JdbcSinkConnector"
JDBC_SOURCE = "io.confluent.connect.jdbc.JdbcSourceConnector"

V1_FIELDS = [{"field": "id", "type": "int32", "optional": False},
             {"field": "name", "type": "string", "optional": False},
             {"field": "price", "type": "bytes", "optional": True, "name": "org.apache.kafka.connect.data.Decimal",
              "version": 1, "parameters": {"scale": "2"}},
             {"field": "at", "type": "int64", "optional": True, "name": "org.apache.kafka.connect.data.Timestamp",
              "version": 1},
             {"field": "ok", "type": "boolean", "optional": True}]
V2_FIELDS = V1_FIELDS + [{"field": "note", "type": "string", "optional": True}]


def envelope(fields, payload, name="product"):
    return json.dumps({"schema": {"type": "struct", "name": name, "optional": False, "fields": fields},
                       "payload": payload}, ensure_ascii=False, separators=(",", ":"))


def key_envelope(id_):
    return json.dumps({"schema": {"type": "struct", "optional": False,
                                  "fields": [{"field": "id", "type": "int32", "optional": False}]},
                       "payload": {"id": id_}}, separators=(",", ":"))


def until_table_exists(query):
    """Runs query, answering None while the sink has not created the table yet."""
    try:
        return query()
    except DbServerError:
        return None


def product(id_, name, price="APo=", at=1795341600123, ok=True, **extra):
    return {"id": id_, "name": name, "price": price, "at": at, "ok": ok, **extra}


class OdbcSinkTestBase(ConnectdTestCase):

    def start_sink(self, config, topics, name="jdbc-sink", worker_extra=None, key_json=False):
        self.rest_port = free_port()
        extra = {"value.converter": JSON_CONVERTER, "consumer.session.timeout.ms": 6000}
        if key_json:
            extra["key.converter"] = JSON_CONVERTER
        extra.update(worker_extra or {})
        worker = self.worker_config(self.broker.bootstrap, rest_port=self.rest_port, extra=extra)
        self.worker_path = self.write_worker(worker)
        self.connector_path = self.write_connector(name, {"connector.class": JDBC_SINK, "tasks.max": 1,
                                                          "topics": topics, **config})
        return self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port).wait_ready()

    def task_trace(self, daemon, name):
        def failed():
            tasks = daemon.connector_status(name).get("tasks", [])
            return bool(tasks) and tasks[0]["state"] == "FAILED"
        wait_until(failed, what=f"task of {name} to fail")
        return daemon.connector_status(name)["tasks"][0].get("trace", "")


class PostgresSinkTest(OdbcSinkTestBase):

    def setUp(self):
        self.broker = self.start_broker(topics={"products": 1, "keyed": 1, "bad": 1, "steady": 2, "odd": 1,
                                                "schemaless": 1, "twotask": 2, "twin": 1, "tomb": 1})
        self.pg = PostgresServer(self.tmp).start()
        self._processes.append(self.pg)

    def rows(self, sql):
        return [line.split("|") for line in self.pg.psql(sql).splitlines() if line]

    def test_upsert_with_auto_create_and_auto_evolve(self):
        produce_lines(self.broker.bootstrap, "products", [
            envelope(V1_FIELDS, product(1, "café ☕")),
            envelope(V1_FIELDS, product(2, "two", price=None, at=None, ok=None)),
            envelope(V1_FIELDS, product(3, "three", price="/zg=", ok=False))])
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "insert.mode": "upsert", "pk.mode": "record_value", "pk.fields": "id",
                                  "auto.create": "true", "auto.evolve": "true"}, "products")
        wait_until(lambda: until_table_exists(lambda: self.pg.psql("SELECT count(*) FROM products").strip()) == "3",
                   what="3 rows")
        self.assertEqual(self.rows("SELECT id, name, price, at, ok FROM products ORDER BY id"), [
            ["1", "café ☕", "2.50", "2026-11-22 10:00:00.123", "t"],
            ["2", "two", "", "", ""],
            ["3", "three", "-2.00", "2026-11-22 10:00:00.123", "f"]])
        columns = self.rows("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                            "WHERE table_name = 'products' ORDER BY ordinal_position")
        self.assertEqual(columns, [["id", "integer", "NO"], ["name", "text", "NO"], ["price", "numeric", "YES"],
                                   ["at", "timestamp without time zone", "YES"], ["ok", "boolean", "YES"]])
        self.assertEqual(self.pg.psql("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON "
                                      "a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE "
                                      "i.indrelid = 'products'::regclass AND i.indisprimary").strip(), "id")

        # A new optional field becomes a column; an upsert of id 2 replaces the row.
        produce_lines(self.broker.bootstrap, "products", [
            envelope(V2_FIELDS, product(2, "TWO", note="evolved")),
            envelope(V2_FIELDS, product(4, "four", note=None))])
        wait_until(lambda: self.pg.psql("SELECT count(*) FROM products").strip() == "4", what="4 rows")
        self.assertEqual(self.rows("SELECT id, name, note FROM products ORDER BY id"),
                         [["1", "café ☕", ""], ["2", "TWO", "evolved"], ["3", "three", ""], ["4", "four", ""]])
        wait_until(lambda: committed_offsets(self.broker.bootstrap, "connect-jdbc-sink", "products") == {0: 5},
                   what="offsets committed after the rows")

        # Redelivery (a reset of the group to 0 after a crash) leaves the table as it is.
        daemon.kill9()
        daemon = self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port,
                                     name="connectd-2").wait_ready()
        produce_lines(self.broker.bootstrap, "products", [envelope(V2_FIELDS, product(5, "five"))])
        wait_until(lambda: self.pg.psql("SELECT count(*) FROM products").strip() == "5", what="5 rows")
        self.assertEqual(self.rows("SELECT id, name FROM products ORDER BY id")[1], ["2", "TWO"])
        daemon.stop()

    def test_record_key_deletes_and_update_mode(self):
        self.pg.psql("CREATE TABLE keyed (id INT PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(6,2), "
                     "at TIMESTAMP, ok BOOLEAN)")
        self.pg.psql("INSERT INTO keyed VALUES (1, 'one', 1, NULL, NULL), (2, 'two', 2, NULL, NULL), "
                     "(3, 'three', 3, NULL, NULL)")
        lines = [key_envelope(2) + "\t" + envelope(V1_FIELDS, product(2, "deux")),
                 key_envelope(3) + "\t",   # a tombstone: deletes id 3
                 key_envelope(9) + "\t" + envelope(V1_FIELDS, product(9, "absent"))]  # update of a missing row
        self._produce_keyed("keyed", lines)
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "insert.mode": "update", "pk.mode": "record_key", "delete.enabled": "true"},
                                 "keyed", key_json=True)
        wait_until(lambda: self.pg.psql("SELECT count(*) FROM keyed").strip() == "2", what="row 3 deleted")
        wait_until(lambda: self.rows("SELECT id, name FROM keyed ORDER BY id") == [["1", "one"], ["2", "deux"]],
                   what="row 2 updated")
        daemon.stop()

    def _produce_keyed(self, topic, lines):
        from harness import _run, kcat_bin
        data = "".join(line + "\n" for line in lines).encode()
        result = _run([kcat_bin(), "-P", "-b", self.broker.bootstrap, "-t", topic, "-K", "\t", "-Z"],
                      input_bytes=data)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_rejected_row_fails_the_task_naming_table_topic_partition_offset(self):
        self.pg.psql("CREATE TABLE bad (id INT PRIMARY KEY, name TEXT NOT NULL CHECK (name <> 'boom'), "
                     "price NUMERIC(6,2), at TIMESTAMP, ok BOOLEAN)")
        produce_lines(self.broker.bootstrap, "bad", [envelope(V1_FIELDS, product(1, "fine")),
                                                     envelope(V1_FIELDS, product(2, "boom"))])
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres"}, "bad")
        trace = self.task_trace(daemon, "jdbc-sink")
        for part in ("'bad'", "topic bad", "partition 0", "offset 1", "check constraint"):
            self.assertIn(part, trace)
        self.assertEqual(self.pg.psql("SELECT count(*) FROM bad").strip(), "0", "the batch was rolled back")
        self.assertTrue(daemon.running(), "the process keeps running")
        self.assertTrue(all(o <= 0 for o in committed_offsets(self.broker.bootstrap, "connect-jdbc-sink", "bad").values()),
                        "nothing committed past the rejected batch")

    def test_awkward_text_bytes_and_floats_arrive_exactly(self):
        fields = [{"field": "id", "type": "int64", "optional": False},
                  {"field": "s", "type": "string", "optional": True},
                  {"field": "b", "type": "bytes", "optional": True},
                  {"field": "f", "type": "double", "optional": True},
                  {"field": "day", "type": "int32", "optional": True, "name": "org.apache.kafka.connect.data.Date"},
                  {"field": "t", "type": "int32", "optional": True, "name": "org.apache.kafka.connect.data.Time"}]
        texts = ['a "quoted" \\ back,slash {brace} ', "NULL", "", "ünï ☕ 𝄞", "'; DROP TABLE odd; --"]
        lines = [envelope(fields, {"id": i, "s": t, "b": "AP8K", "f": 0.1 + i, "day": -1, "t": 1})
                 for i, t in enumerate(texts)]
        lines.append(envelope(fields, {"id": 99, "s": None, "b": None, "f": None, "day": None, "t": None}))
        produce_lines(self.broker.bootstrap, "odd", lines)
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "insert.mode": "upsert", "pk.mode": "record_value", "pk.fields": "id",
                                  "auto.create": "true"}, "odd")
        wait_until(lambda: until_table_exists(lambda: self.pg.psql("SELECT count(*) FROM odd").strip()) == "6",
                   what="6 rows")
        got = self.pg.psql("SELECT id, s IS NULL, s, encode(b, 'hex'), f, day, t FROM odd ORDER BY id", ).splitlines()
        expected = [f"{i}|f|{t}|00ff0a|{0.1 + i!r}|1969-12-31|00:00:00.001" for i, t in enumerate(texts)]
        expected.append("99|t|||||")
        self.assertEqual(got, expected)
        daemon.stop()

    def test_a_record_without_a_schema_fails_the_task_with_its_position(self):
        produce_lines(self.broker.bootstrap, "schemaless", ['{"id": 1, "name": "x"}'])
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "auto.create": "true"}, "schemaless",
                                 worker_extra={"value.converter.schemas.enable": "false"})
        trace = self.task_trace(daemon, "jdbc-sink")
        for part in ("'schemaless'", "topic schemaless partition 0 offset 0", "schemas.enable=true"):
            self.assertIn(part, trace)
        self.assertTrue(daemon.running())

    def test_a_same_named_table_in_another_schema_is_not_mistaken_for_the_target(self):
        self.pg.psql("CREATE SCHEMA audit; CREATE TABLE audit.twin (other TEXT)")
        produce_lines(self.broker.bootstrap, "twin", [envelope(V1_FIELDS, product(1, "one"))])
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "auto.create": "true"}, "twin")
        wait_until(lambda: until_table_exists(lambda: self.pg.psql("SELECT name FROM public.twin").strip()) == "one",
                   what="public.twin created and written")
        self.assertEqual(self.pg.psql("SELECT count(*) FROM audit.twin").strip(), "0")
        daemon.stop()

    def test_a_tombstone_without_delete_enabled_fails_naming_the_record(self):
        self._produce_keyed("tomb", [key_envelope(1) + "\t" + envelope(V1_FIELDS, product(1, "one")),
                                     key_envelope(1) + "\t"])
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "auto.create": "true"}, "tomb", key_json=True)
        trace = self.task_trace(daemon, "jdbc-sink")
        self.assertIn("topic tomb partition 0 offset 1", trace)
        self.assertIn("delete.enabled=false", trace)

    def test_two_tasks_creating_the_same_table_both_keep_running(self):
        for partition in (0, 1):
            produce_lines(self.broker.bootstrap, "twotask",
                          [envelope(V1_FIELDS, product(partition * 1000 + i, "x")) for i in range(300)],
                          partition=partition)
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "insert.mode": "upsert", "pk.mode": "record_value", "pk.fields": "id",
                                  "auto.create": "true", "tasks.max": 2, "retry.backoff.ms": 200}, "twotask")
        wait_until(lambda: until_table_exists(lambda: self.pg.psql("SELECT count(*) FROM twotask").strip()) == "600",
                   what="600 rows from both tasks")
        self.assertEqual([t["state"] for t in daemon.connector_status("jdbc-sink")["tasks"]], ["RUNNING", "RUNNING"])
        daemon.stop()

    def test_database_down_mid_stream_loses_nothing(self):
        daemon = self.start_sink({"connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
                                  "insert.mode": "upsert", "pk.mode": "kafka", "auto.create": "true",
                                  "retry.backoff.ms": 500, "max.retries": 100, "connection.backoff.ms": 500,
                                  "connection.attempts": 100}, "steady")
        produce_lines(self.broker.bootstrap, "steady",
                      [envelope(V1_FIELDS, product(i, f"n{i}")) for i in range(200)], partition=0)
        wait_until(lambda: until_table_exists(lambda: self.pg.psql("SELECT count(*) FROM steady").strip()) == "200",
                   what="200 rows")
        self.pg.stop()
        produce_lines(self.broker.bootstrap, "steady",
                      [envelope(V1_FIELDS, product(i, f"n{i}")) for i in range(200, 400)], partition=1)
        time.sleep(3)
        self.pg.start()
        wait_until(lambda: until_table_exists(lambda: self.pg.psql("SELECT count(*) FROM steady").strip()) == "400",
                   timeout=60,
                   what="400 rows after the restart")
        self.assertEqual(self.rows('SELECT count(DISTINCT id), min("__connect_offset"), max("__connect_offset") '
                                   'FROM steady WHERE "__connect_partition" = 1'), [["200", "0", "199"]])
        self.assertEqual(daemon.connector_status("jdbc-sink")["tasks"][0]["state"], "RUNNING")
        daemon.stop()


class MariaDbSinkTest(OdbcSinkTestBase):

    def test_upsert_with_kafka_keys_and_a_password(self):
        self.broker = self.start_broker(topics={"orders": 1})
        db = MariaDbServer(self.tmp).start()
        self._processes.append(db)
        db.create_database("shop")
        db.create_user("writer", "p;w{d}")
        produce_lines(self.broker.bootstrap, "orders", [envelope(V1_FIELDS, product(i, f"é{i}")) for i in range(5)])
        daemon = self.start_sink({"connection.url": db.jdbc_url("shop"), "connection.user": "writer",
                                  "connection.password": "p;w{d}", "insert.mode": "upsert", "pk.mode": "record_value",
                                  "pk.fields": "id", "auto.create": "true", "auto.evolve": "true",
                                  "table.name.format": "kafka_${topic}"}, "orders")
        count = lambda: until_table_exists(  # noqa: E731
            lambda: db.sql("SELECT count(*) FROM kafka_orders", db="shop").strip())
        wait_until(lambda: count() == "5", what="5 rows in MariaDB")
        produce_lines(self.broker.bootstrap, "orders", [envelope(V2_FIELDS, product(1, "one", note="n"))])
        wait_until(lambda: until_table_exists(
            lambda: db.sql("SELECT name, note FROM kafka_orders WHERE id = 1", db="shop").strip()) == "one\tn",
                   what="row 1 upserted with the new column")
        self.assertEqual(db.sql("SELECT id, name, price, at, ok FROM kafka_orders WHERE id = 3", db="shop").strip(),
                         "3\té3\t2.50\t2026-11-22 10:00:00.123\t1")
        daemon.stop()

    def test_a_wrong_password_fails_the_task_without_retrying_for_ever(self):
        self.broker = self.start_broker(topics={"denied": 1})
        db = MariaDbServer(self.tmp).start()
        self._processes.append(db)
        db.create_database("shop")
        db.create_user("writer", "right")
        produce_lines(self.broker.bootstrap, "denied", [envelope(V1_FIELDS, product(1, "x"))])
        daemon = self.start_sink({"connection.url": db.jdbc_url("shop"), "connection.user": "writer",
                                  "connection.password": "wrong", "auto.create": "true"}, "denied")
        trace = self.task_trace(daemon, "jdbc-sink")
        self.assertIn("Access denied", trace)
        self.assertNotIn("wrong", trace, "the password is never shown")


class SqliteSinkTest(OdbcSinkTestBase):

    def test_insert_and_upsert_into_sqlite(self):
        self.broker = self.start_broker(topics={"lite": 1, "log": 1})
        db = SqliteDb(self.path("sink.db"))
        produce_lines(self.broker.bootstrap, "lite", [envelope(V1_FIELDS, product(1, "a")),
                                                      envelope(V1_FIELDS, product(2, "b")),
                                                      envelope(V1_FIELDS, product(1, "A"))])
        daemon = self.start_sink({"connection.url": db.jdbc_url(), "insert.mode": "upsert",
                                  "pk.mode": "record_value", "pk.fields": "id", "auto.create": "true"}, "lite")
        wait_until(lambda: until_table_exists(
            lambda: db.sql("SELECT group_concat(name, ',') FROM (SELECT name FROM lite ORDER BY id)").strip()) == "A,b",
            what="rows A,b in SQLite")
        daemon.stop()

        # insert mode without keys, into a table auto.create makes: every record is a row.
        produce_lines(self.broker.bootstrap, "log", [envelope(V1_FIELDS, product(1, "same"))] * 3)
        self.connector_path = self.write_connector("log-sink", {
            "connector.class": JDBC_SINK, "topics": "log", "connection.url": db.jdbc_url(), "auto.create": "true"})
        daemon = self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port,
                                     name="connectd-2").wait_ready()
        wait_until(lambda: until_table_exists(lambda: db.sql("SELECT count(*), min(name) FROM log").strip()) == "3|same",
                   what="3 rows in table log")
        self.assertIn('"id" INTEGER NOT NULL', db.sql(".schema log"))
        daemon.stop()


class PipelineTest(OdbcSinkTestBase):

    def test_postgres_table_to_kafka_to_mariadb_table(self):
        self.broker = self.start_broker(topics={"pipe-accounts": 1})
        pg = PostgresServer(self.tmp).start()
        self._processes.append(pg)
        maria = MariaDbServer(self.tmp).start()
        self._processes.append(maria)
        maria.create_database("copy")
        pg.psql("CREATE TABLE accounts (id SERIAL PRIMARY KEY, owner TEXT NOT NULL, balance NUMERIC(12,2) NOT NULL, "
                "opened DATE NOT NULL, updated TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'))")
        pg.psql("INSERT INTO accounts (owner, balance, opened) SELECT 'owner ' || g || ' ü', g * 1.25, "
                "DATE '2026-01-01' + g FROM generate_series(1, 500) g")
        self.rest_port = free_port()
        worker = self.worker_config(self.broker.bootstrap, rest_port=self.rest_port,
                                    extra={"value.converter": JSON_CONVERTER, "consumer.session.timeout.ms": 6000})
        worker_path = self.write_worker(worker)
        source = self.write_connector("pg-source", {
            "connector.class": JDBC_SOURCE, "connection.url": pg.jdbc_url(), "connection.user": "postgres",
            "mode": "timestamp+incrementing", "incrementing.column.name": "id", "timestamp.column.name": "updated",
            "table.whitelist": "accounts", "topic.prefix": "pipe-", "poll.interval.ms": 300})
        sink = self.write_connector("maria-sink", {
            "connector.class": JDBC_SINK, "topics": "pipe-accounts", "connection.url": maria.jdbc_url("copy"),
            "connection.user": "root", "insert.mode": "upsert", "pk.mode": "record_value", "pk.fields": "id",
            "auto.create": "true", "table.name.format": "accounts"})
        daemon = self.start_connectd(worker_path, [source, sink], rest_port=self.rest_port).wait_ready()
        query = "SELECT id, owner, balance, opened FROM accounts ORDER BY id"

        def same():
            left = [line.split("|") for line in pg.psql(query).splitlines()]
            right = until_table_exists(lambda: [line.split("\t") for line in maria.sql(query, db="copy").splitlines()])
            return left == right
        wait_until(same, timeout=60, what="the MariaDB copy to equal the Postgres table")
        pg.psql("UPDATE accounts SET balance = balance + 1000, updated = now() AT TIME ZONE 'UTC' WHERE id % 50 = 0")
        pg.psql("INSERT INTO accounts (owner, balance, opened) VALUES ('late', 1, DATE '2027-01-01')")
        wait_until(same, timeout=60, what="updates and inserts to reach MariaDB")
        self.assertEqual(maria.sql("SELECT count(*), sum(balance) FROM accounts", db="copy").strip(),
                         pg.psql("SELECT count(*), sum(balance) FROM accounts").strip().replace("|", "\t"))
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
