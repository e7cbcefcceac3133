"""Database -> JdbcSourceConnector (connectd-odbc) -> Kafka (mock broker), against real PostgreSQL,
MariaDB and SQLite through their ODBC drivers. Records are read back with kcat and compared with
what psql / mariadb / sqlite3 wrote; offsets are checked by restarting connectd."""

import base64
import json
import time
import unittest

from db_servers import MariaDbServer, PostgresServer, SqliteDb
from harness import (ConnectdTestCase, JSON_CONVERTER, consume_values, free_port, wait_for_messages, wait_until)

JDBC_SOURCE = "io.confluent.connect.jdbc.JdbcSourceConnector"


def payloads(bootstrap, topic):
    return [json.loads(v)["payload"] for v in consume_values(bootstrap, topic)]


class OdbcSourceTestBase(ConnectdTestCase):

    def start_source(self, config, name="jdbc-source", worker_extra=None):
        self.rest_port = free_port()
        worker = self.worker_config(self.broker.bootstrap, rest_port=self.rest_port,
                                    extra={"value.converter": JSON_CONVERTER, **(worker_extra or {})})
        self.worker_path = self.write_worker(worker)
        self.connector_path = self.write_connector(name, {"connector.class": JDBC_SOURCE, "tasks.max": 1,
                                                          "poll.interval.ms": 200, **config})
        return self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port).wait_ready()

    def restart(self, daemon):
        daemon.stop()
        return self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port,
                                   name="connectd-2").wait_ready()


class PostgresSourceTest(OdbcSourceTestBase):

    def setUp(self):
        self.broker = self.start_broker(topics={t: 1 for t in (
            "test-postgres-orders", "pg-items", "bulk-a", "bulk-b", "only-kept", "down-s", "spread-t1", "spread-t2",
            "spread-t3", "later-x", "bulk-wide")})
        self.pg = PostgresServer(self.tmp).start()
        self._processes.append(self.pg)

    def test_incrementing_mode_from_the_confluent_docs_resumes_without_gap_or_repeat(self):
        self.pg.psql("CREATE TABLE orders (id SERIAL PRIMARY KEY, name TEXT NOT NULL, amount NUMERIC(10,2), "
                     "created TIMESTAMP NOT NULL, shipped DATE, flag BOOLEAN, ratio DOUBLE PRECISION, "
                     "small SMALLINT, big BIGINT, raw BYTEA, at TIME)")
        self.pg.psql("INSERT INTO orders (name, amount, created, shipped, flag, ratio, small, big, raw, at) VALUES "
                     "('café ☕', 12.50, '2026-11-22 10:00:00.123', '2026-11-23', true, 0.25, 7, 9000000000, "
                     "'\\x00ff', '13:05:07.25'), "
                     "('b', NULL, '2026-11-22 10:00:01', NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
        # As in Confluent's quickstart: connection.url, mode, incrementing.column.name, topic.prefix.
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
            "mode": "incrementing", "incrementing.column.name": "id", "topic.prefix": "test-postgres-",
            "table.whitelist": "orders"})
        wait_for_messages(self.broker.bootstrap, "test-postgres-orders", 2)
        values = consume_values(self.broker.bootstrap, "test-postgres-orders")
        first = json.loads(values[0])
        self.assertEqual(first["payload"], {
            "id": 1, "name": "café ☕", "amount": "BOI=", "created": 1795341600123, "shipped": 20780,
            "flag": True, "ratio": 0.25, "small": 7, "big": 9000000000, "raw": "AP8=", "at": 47107250})
        fields = {f["field"]: f for f in first["schema"]["fields"]}
        self.assertEqual(first["schema"]["name"], "orders")
        self.assertEqual(fields["id"]["type"], "int32")
        self.assertFalse(fields["id"]["optional"])
        self.assertEqual(fields["amount"]["name"], "org.apache.kafka.connect.data.Decimal")
        self.assertEqual(fields["amount"]["parameters"]["scale"], "2")
        self.assertTrue(fields["amount"]["optional"])
        self.assertEqual(fields["created"]["name"], "org.apache.kafka.connect.data.Timestamp")
        self.assertEqual(fields["shipped"]["name"], "org.apache.kafka.connect.data.Date")
        self.assertEqual(fields["at"]["name"], "org.apache.kafka.connect.data.Time")
        self.assertEqual(fields["flag"]["type"], "boolean")
        self.assertEqual(fields["raw"]["type"], "bytes")
        self.assertEqual(json.loads(values[1])["payload"]["amount"], None)

        # Rows inserted while running arrive; an update of an old row does not (incrementing mode).
        self.pg.psql("INSERT INTO orders (name, created) SELECT 'r' || g, now() FROM generate_series(3, 250) g")
        self.pg.psql("UPDATE orders SET name = 'changed' WHERE id = 1")
        wait_for_messages(self.broker.bootstrap, "test-postgres-orders", 250)
        time.sleep(1)
        daemon = self.restart(daemon)
        self.pg.psql("INSERT INTO orders (name, created) SELECT 'r' || g, now() FROM generate_series(251, 300) g")
        wait_for_messages(self.broker.bootstrap, "test-postgres-orders", 300)
        time.sleep(1.5)
        ids = [p["id"] for p in payloads(self.broker.bootstrap, "test-postgres-orders")]
        self.assertEqual(ids, list(range(1, 301)), "every row once, in order, across the restart")
        daemon.stop()

    def test_timestamp_incrementing_mode_sees_updates_and_respects_the_delay(self):
        self.pg.psql("CREATE TABLE items (id INT PRIMARY KEY, label TEXT, updated TIMESTAMP NOT NULL)")
        self.pg.psql("INSERT INTO items VALUES (1, 'one', '2026-01-01 00:00:00'), (2, 'two', '2026-01-01 00:00:00'),"
                     " (3, 'three', '2026-01-01 00:00:01')")
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres",
            "mode": "timestamp+incrementing", "incrementing.column.name": "id", "timestamp.column.name": "updated",
            "topic.prefix": "pg-", "table.include.list": "public\\.items", "batch.max.rows": 2})
        wait_for_messages(self.broker.bootstrap, "pg-items", 3)
        self.pg.psql("UPDATE items SET label = 'TWO', updated = now() AT TIME ZONE 'UTC' WHERE id = 2")
        self.pg.psql("INSERT INTO items VALUES (4, 'four', now() AT TIME ZONE 'UTC')")
        wait_for_messages(self.broker.bootstrap, "pg-items", 5)
        time.sleep(1)
        got = [(p["id"], p["label"]) for p in payloads(self.broker.bootstrap, "pg-items")]
        self.assertEqual(got, [(1, "one"), (2, "two"), (3, "three"), (2, "TWO"), (4, "four")])
        daemon = self.restart(daemon)
        time.sleep(1.5)
        self.assertEqual(len(consume_values(self.broker.bootstrap, "pg-items")), 5, "nothing repeated")
        daemon.stop()

    def test_bulk_query_mode_and_new_tables_without_restart(self):
        self.pg.psql("CREATE TABLE a (id INT NOT NULL, v TEXT)")
        self.pg.psql("INSERT INTO a VALUES (1, 'x'), (2, 'y')")
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres", "mode": "bulk",
            "topic.prefix": "bulk-", "poll.interval.ms": 60000, "table.poll.interval.ms": 500})
        wait_for_messages(self.broker.bootstrap, "bulk-a", 2)
        self.pg.psql("CREATE TABLE b (id INT NOT NULL)")
        self.pg.psql("INSERT INTO b VALUES (10), (11), (12)")
        wait_for_messages(self.broker.bootstrap, "bulk-b", 3, timeout=30)
        self.assertEqual([p["id"] for p in payloads(self.broker.bootstrap, "bulk-b")], [10, 11, 12])
        daemon.stop()

    def test_cells_longer_than_the_read_buffers_arrive_whole(self):
        # Cells are read into buffers sized from the column; longer ones (unbounded TEXT/BYTEA,
        # surrogate pairs in VARCHAR(n)) are read again, whole, and NULLs stay NULL.
        long_text = ("é" * 3000 + "😀" * 3000 + "z" * 9001)
        blob = bytes(range(256)) * 40
        self.pg.psql("CREATE TABLE wide (id INT NOT NULL, t TEXT, v VARCHAR(2), b BYTEA, n NUMERIC(1,1))")
        self.pg.psql(f"INSERT INTO wide VALUES (1, '{long_text}', '😀😀', "
                     f"decode('{blob.hex()}', 'hex'), -0.5), (2, NULL, NULL, NULL, NULL), (3, 'short', 'ab', '', 0)")
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres", "mode": "bulk",
            "table.whitelist": "wide", "topic.prefix": "bulk-", "poll.interval.ms": 60000})
        wait_for_messages(self.broker.bootstrap, "bulk-wide", 3)
        got = payloads(self.broker.bootstrap, "bulk-wide")[:3]
        self.assertEqual([p["id"] for p in got], [1, 2, 3])
        self.assertEqual(got[0]["t"], long_text)
        self.assertEqual(got[0]["v"], "😀😀")
        self.assertEqual(base64.b64decode(got[0]["b"]), blob)
        self.assertEqual(base64.b64decode(got[0]["n"]), (-5).to_bytes(1, "big", signed=True))
        self.assertEqual(got[1], {"id": 2, "t": None, "v": None, "b": None, "n": None})
        self.assertEqual((got[2]["t"], got[2]["v"], got[2]["b"]), ("short", "ab", ""))
        daemon.stop()

    def test_tables_are_spread_over_tasks(self):
        for t in ("t1", "t2", "t3"):
            self.pg.psql(f"CREATE TABLE {t} (id SERIAL PRIMARY KEY, v TEXT)")
            self.pg.psql(f"INSERT INTO {t} (v) SELECT '{t}-' || g FROM generate_series(1, 20) g")
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres", "mode": "incrementing",
            "incrementing.column.name": "id", "topic.prefix": "spread-", "tasks.max": 2}, name="spread")
        for t in ("t1", "t2", "t3"):
            wait_for_messages(self.broker.bootstrap, f"spread-{t}", 20)
        status = daemon.connector_status("spread")
        self.assertEqual([task["state"] for task in status["tasks"]], ["RUNNING", "RUNNING"])
        time.sleep(1)
        for t in ("t1", "t2", "t3"):
            self.assertEqual([p["v"] for p in payloads(self.broker.bootstrap, f"spread-{t}")],
                             [f"{t}-{i}" for i in range(1, 21)])
        daemon.stop()

    def test_a_connector_started_before_its_tables_waits_for_them(self):
        self.pg.psql("CREATE SCHEMA later")
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres", "mode": "bulk",
            "schema.pattern": "later", "topic.prefix": "later-", "poll.interval.ms": 60000,
            "table.poll.interval.ms": 300}, name="early")
        wait_until(lambda: [t["state"] for t in daemon.connector_status("early").get("tasks", [])] == ["RUNNING"],
                   what="one idle task")
        self.pg.psql("CREATE TABLE later.x (id INT NOT NULL); INSERT INTO later.x VALUES (7), (8)")
        wait_for_messages(self.broker.bootstrap, "later-x", 2)
        self.assertEqual(sorted(p["id"] for p in payloads(self.broker.bootstrap, "later-x")), [7, 8])
        self.assertEqual(daemon.connector_status("early")["connector"]["state"], "RUNNING")
        daemon.stop()

    def test_query_mode_appends_the_where_clause(self):
        self.pg.psql("CREATE TABLE q (id INT NOT NULL, kind TEXT)")
        self.pg.psql("INSERT INTO q VALUES (1, 'keep'), (2, 'drop'), (3, 'keep')")
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres", "mode": "incrementing",
            "incrementing.column.name": "id", "topic.prefix": "only-kept",
            "query": "SELECT * FROM (SELECT id, kind FROM q WHERE kind = 'keep') AS kept"})
        wait_for_messages(self.broker.bootstrap, "only-kept", 2)
        self.pg.psql("INSERT INTO q VALUES (4, 'keep'), (5, 'drop')")
        wait_for_messages(self.broker.bootstrap, "only-kept", 3)
        time.sleep(1)
        self.assertEqual([p["id"] for p in payloads(self.broker.bootstrap, "only-kept")], [1, 3, 4])
        daemon.stop()

    def test_a_nullable_incrementing_column_is_refused_with_its_name(self):
        self.pg.psql("CREATE TABLE n (id INT, v TEXT)")
        self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres", "mode": "incrementing",
            "incrementing.column.name": "id", "topic.prefix": "n-", "table.whitelist": "n"}, name="nullable")
        wait_until(lambda: self._task_failed("nullable"), what="the task to fail")
        trace = self._task_trace("nullable")
        self.assertIn("id", trace)
        self.assertIn("nullable", trace)

    def test_database_down_for_a_while_loses_nothing(self):
        self.pg.psql("CREATE TABLE s (id SERIAL PRIMARY KEY, v TEXT NOT NULL)")
        self.pg.psql("INSERT INTO s (v) SELECT 'a' || g FROM generate_series(1, 100) g")
        daemon = self.start_source({
            "connection.url": self.pg.jdbc_url(), "connection.user": "postgres", "mode": "incrementing",
            "incrementing.column.name": "id", "topic.prefix": "down-", "table.whitelist": "s",
            "connection.backoff.ms": 300, "connection.attempts": 50})
        wait_for_messages(self.broker.bootstrap, "down-s", 100)
        self.pg.stop()
        time.sleep(2)
        self.pg.start()
        self.pg.psql("INSERT INTO s (v) SELECT 'b' || g FROM generate_series(1, 100) g")
        wait_for_messages(self.broker.bootstrap, "down-s", 200, timeout=60)
        time.sleep(1)
        self.assertEqual([p["id"] for p in payloads(self.broker.bootstrap, "down-s")], list(range(1, 201)))
        daemon.stop()

    def _status(self, name):
        daemon = self._processes[-1]
        return daemon.connector_status(name)

    def _task_failed(self, name):
        tasks = self._status(name).get("tasks", [])
        return bool(tasks) and tasks[0]["state"] == "FAILED"

    def _task_trace(self, name):
        return self._status(name)["tasks"][0].get("trace", "")


class MariaDbSourceTest(OdbcSourceTestBase):

    def test_timestamp_mode_with_a_user_and_password(self):
        self.broker = self.start_broker(topics={"maria-events": 1})
        db = MariaDbServer(self.tmp).start()
        self._processes.append(db)
        db.create_database("shop")
        db.create_user("connect", "s3cret;pw")
        db.sql("CREATE TABLE events (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, what VARCHAR(40), "
               "price DECIMAL(8,3), ts DATETIME(3) NOT NULL)", db="shop")
        db.sql("INSERT INTO events (what, price, ts) VALUES ('é', 1.250, '2026-01-01 00:00:00.500'), "
               "('b', -3.000, '2026-01-01 00:00:01')", db="shop")
        daemon = self.start_source({
            "connection.url": db.jdbc_url("shop"), "connection.user": "connect", "connection.password": "s3cret;pw",
            "mode": "timestamp", "timestamp.column.name": "ts", "topic.prefix": "maria-"})
        wait_for_messages(self.broker.bootstrap, "maria-events", 2)
        got = payloads(self.broker.bootstrap, "maria-events")
        self.assertEqual([(p["id"], p["what"], p["ts"]) for p in got],
                         [(1, "é", 1767225600500), (2, "b", 1767225601000)])
        db.sql("INSERT INTO events (what, price, ts) VALUES ('c', 0, UTC_TIMESTAMP(3))", db="shop")
        wait_for_messages(self.broker.bootstrap, "maria-events", 3)
        daemon.stop()


class SqliteSourceTest(OdbcSourceTestBase):

    def test_the_confluent_quickstart_config_runs_unchanged(self):
        # Confluent's JDBC source quickstart: its table and its connector properties, verbatim.
        self.broker = self.start_broker(topics={"test-sqlite-jdbc-accounts": 1})
        db = SqliteDb(self.path("test.db"))
        db.sql("CREATE TABLE accounts(id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name VARCHAR(255)); "
               "INSERT INTO accounts(name) VALUES('alice'); INSERT INTO accounts(name) VALUES('bob');")
        self.rest_port = free_port()
        worker = self.write_worker(self.worker_config(self.broker.bootstrap, rest_port=self.rest_port,
                                                      extra={"value.converter": JSON_CONVERTER}))
        connector = self.path("source-quickstart-sqlite.properties")
        with open(connector, "w") as f:
            f.write("name=test-source-sqlite-jdbc-autoincrement\n"
                    "connector.class=io.confluent.connect.jdbc.JdbcSourceConnector\n"
                    "tasks.max=1\n"
                    "connection.url=jdbc:sqlite:test.db\n"
                    "mode=incrementing\n"
                    "incrementing.column.name=id\n"
                    "topic.prefix=test-sqlite-jdbc-\n")
        daemon = self.start_connectd(worker, [connector], rest_port=self.rest_port).wait_ready()
        wait_for_messages(self.broker.bootstrap, "test-sqlite-jdbc-accounts", 2)
        db.sql("INSERT INTO accounts(name) VALUES('cathy');")
        wait_for_messages(self.broker.bootstrap, "test-sqlite-jdbc-accounts", 3, timeout=15)
        time.sleep(1)
        values = [json.loads(v) for v in consume_values(self.broker.bootstrap, "test-sqlite-jdbc-accounts")]
        self.assertEqual([v["payload"] for v in values],
                         [{"id": 1, "name": "alice"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cathy"}])
        self.assertEqual(values[0]["schema"], {
            "type": "struct", "optional": False, "name": "accounts",
            "fields": [{"type": "int64", "optional": False, "field": "id"},
                       {"type": "string", "optional": True, "field": "name"}]})
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
