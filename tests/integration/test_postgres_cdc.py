"""PostgreSQL 15 (wal_level=logical) -> PostgresCdcConnector, configured with Debezium's class name and
keys -> Kafka (mock broker). Events are read back with kcat and compared field by field with the
format Debezium's PostgreSQL connector documents; the slot's position is read with psql."""

import json
import time
import unittest

from db_servers import PostgresServer
from harness import (ConnectdTestCase, JSON_CONVERTER, consume_records, free_port, wait_for_messages, wait_until)

DEBEZIUM_PG = "io.debezium.connector.postgresql.PostgresConnector"
TOPIC = "dbserver1.public.customers"


def events(bootstrap, topic):
    """(key, value) pairs, parsed from JSON; None for a null key or value (tombstone)."""
    out = []
    for r in consume_records(bootstrap, topic):
        key = json.loads(r["key"]) if r["key_len"] >= 0 else None
        value = json.loads(r["value"]) if r["value"] else None
        out.append((key, value))
    return out


class PostgresCdcTestBase(ConnectdTestCase):
    topics = {TOPIC: 1}

    def setUp(self):
        self.broker = self.start_broker(topics=self.topics)
        self.pg = PostgresServer(self.tmp).start()
        self._processes.append(self.pg)

    def connector_config(self, **extra):
        config = {"connector.class": DEBEZIUM_PG, "tasks.max": 1,
                  "database.hostname": "127.0.0.1", "database.port": self.pg.port, "database.user": "postgres",
                  "database.password": "unused-with-trust", "database.dbname": "postgres",
                  "topic.prefix": "dbserver1", "plugin.name": "pgoutput", "poll.interval.ms": 100}
        config.update({k.replace("_", "."): v for k, v in extra.items()})
        return config

    def start_cdc(self, config, name="inventory-connector", worker_extra=None):
        self.rest_port = free_port()
        worker = self.worker_config(self.broker.bootstrap, rest_port=self.rest_port,
                                    extra={"key.converter": JSON_CONVERTER, "value.converter": JSON_CONVERTER,
                                           **(worker_extra or {})})
        self.worker_path = self.write_worker(worker)
        self.connector_path = self.write_connector(name, config)
        return self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port).wait_ready()

    def restart(self, daemon, name="connectd-2"):
        return self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port,
                                   name=name).wait_ready()

    def values(self, topic=TOPIC):
        return [v["payload"] if v else None for _, v in events(self.broker.bootstrap, topic)]


class PostgresCdcEventsTest(PostgresCdcTestBase):

    def test_snapshot_then_stream_in_debezium_format(self):
        self.pg.psql("CREATE TABLE customers (id SERIAL PRIMARY KEY, first_name VARCHAR(255) NOT NULL, "
                     "email TEXT, balance NUMERIC(10,2), joined DATE, seen TIMESTAMPTZ, active BOOLEAN)")
        self.pg.psql("INSERT INTO customers (first_name, email, balance, joined, seen, active) VALUES "
                     "('Sally', 'sally@example.com', 12.50, '2026-11-22', '2026-11-22 10:00:00.123456+00', true), "
                     "('George', NULL, NULL, NULL, NULL, NULL), ('Edward', 'ed@example.com', 0, NULL, NULL, false)")
        daemon = self.start_cdc(self.connector_config(table_include_list="public.customers",
                                                      skipped_operations="none"))
        wait_for_messages(self.broker.bootstrap, TOPIC, 3)
        snap = events(self.broker.bootstrap, TOPIC)
        key, value = snap[0]
        self.assertEqual(key["schema"], {"type": "struct", "optional": False, "name": "dbserver1.public.customers.Key",
                                         "fields": [{"type": "int32", "optional": False, "field": "id"}]})
        self.assertEqual(key["payload"], {"id": 1})
        schema = value["schema"]
        self.assertEqual(schema["name"], "dbserver1.public.customers.Envelope")
        self.assertEqual(schema["version"], 2)
        self.assertEqual([f["field"] for f in schema["fields"]],
                         ["before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"])
        row_schema = schema["fields"][1]
        self.assertEqual(row_schema["name"], "dbserver1.public.customers.Value")
        self.assertTrue(row_schema["optional"])
        by_name = {f["field"]: f for f in row_schema["fields"]}
        self.assertEqual(by_name["first_name"], {"type": "string", "optional": False, "field": "first_name"})
        self.assertEqual(by_name["balance"]["name"], "org.apache.kafka.connect.data.Decimal")
        self.assertEqual(by_name["balance"]["parameters"], {"scale": "2", "connect.decimal.precision": "10"})
        self.assertEqual(by_name["joined"]["name"], "io.debezium.time.Date")
        self.assertEqual(by_name["seen"]["name"], "io.debezium.time.ZonedTimestamp")
        source_schema = schema["fields"][2]
        self.assertEqual(source_schema["name"], "io.debezium.connector.postgresql.Source")
        self.assertEqual([f["field"] for f in source_schema["fields"]][:14],
                         ["version", "connector", "name", "ts_ms", "snapshot", "db", "sequence", "ts_us", "ts_ns",
                          "schema", "table", "txId", "lsn", "xmin"])
        p = value["payload"]
        self.assertEqual(p["op"], "r")
        self.assertIsNone(p["before"])
        self.assertEqual(p["after"], {"id": 1, "first_name": "Sally", "email": "sally@example.com", "balance": "BOI=",
                                      "joined": 20779, "seen": "2026-11-22T10:00:00.123456Z", "active": True})
        self.assertEqual([v["payload"]["source"]["snapshot"] for _, v in snap], ["first", "true", "last"])
        src = p["source"]
        self.assertEqual((src["connector"], src["name"], src["db"], src["schema"], src["table"]),
                         ("postgresql", "dbserver1", "postgres", "public", "customers"))
        self.assertIsInstance(src["lsn"], int)

        # Streaming: one multi-statement transaction, in order, with one txId.
        self.pg.psql("BEGIN; INSERT INTO customers (first_name) VALUES ('Anne'); "
                     "UPDATE customers SET email = 'g@example.com' WHERE id = 2; "
                     "DELETE FROM customers WHERE id = 3; COMMIT;")
        wait_for_messages(self.broker.bootstrap, TOPIC, 7)
        stream = events(self.broker.bootstrap, TOPIC)[3:]
        ops = [(k["payload"] if k else None, v["payload"]["op"] if v else None) for k, v in stream]
        self.assertEqual(ops, [({"id": 4}, "c"), ({"id": 2}, "u"), ({"id": 3}, "d"), ({"id": 3}, None)])
        created, updated, deleted = (stream[i][1]["payload"] for i in range(3))
        self.assertEqual(created["after"]["first_name"], "Anne")
        self.assertIsNone(created["before"])
        self.assertIsNone(updated["before"], "REPLICA IDENTITY DEFAULT: no before for an update")
        self.assertEqual(updated["after"]["email"], "g@example.com")
        # REPLICA IDENTITY DEFAULT: the delete's before holds the key; NOT NULL columns get Debezium's fallback.
        self.assertEqual(deleted["before"], {"id": 3, "first_name": "", "email": None, "balance": None,
                                             "joined": None, "seen": None, "active": None})
        self.assertIsNone(deleted["after"])
        self.assertEqual(len({e["source"]["txId"] for e in (created, updated, deleted)}), 1)
        lsns = [e["source"]["lsn"] for e in (created, updated, deleted)]
        self.assertEqual(lsns, sorted(lsns))
        self.assertEqual(created["source"]["snapshot"], "false")
        seq = json.loads(created["source"]["sequence"])
        self.assertEqual(seq[1], str(created["source"]["lsn"]))

        # REPLICA IDENTITY FULL: updates carry the whole old row; a key change is delete + create.
        self.pg.psql("ALTER TABLE customers REPLICA IDENTITY FULL")
        self.pg.psql("UPDATE customers SET balance = 99.99 WHERE id = 1")
        self.pg.psql("UPDATE customers SET id = 10 WHERE id = 4")
        self.pg.psql("TRUNCATE customers")
        wait_for_messages(self.broker.bootstrap, TOPIC, 12)
        tail = events(self.broker.bootstrap, TOPIC)[7:]
        self.assertEqual(tail[0][1]["payload"]["before"]["balance"], "BOI=")
        self.assertEqual(tail[0][1]["payload"]["after"]["balance"], "Jw8=")
        self.assertEqual([(k["payload"] if k else None, v["payload"]["op"] if v else None) for k, v in tail[1:]],
                         [({"id": 4}, "d"), ({"id": 4}, None), ({"id": 10}, "c"), (None, "t")])
        daemon.stop()

    def test_schema_change_produces_events_with_the_new_schema(self):
        self.pg.psql("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT)")
        daemon = self.start_cdc(self.connector_config(snapshot_mode="no_data"))
        time.sleep(1.5)
        self.pg.psql("INSERT INTO customers VALUES (1, 'a')")
        self.pg.psql("ALTER TABLE customers ADD COLUMN tier INT NOT NULL DEFAULT 3")
        self.pg.psql("INSERT INTO customers VALUES (2, 'b', 7)")
        self.pg.psql("ALTER TABLE customers DROP COLUMN name")
        self.pg.psql("INSERT INTO customers VALUES (3, 8)")
        wait_for_messages(self.broker.bootstrap, TOPIC, 3)
        got = events(self.broker.bootstrap, TOPIC)
        fields = [[f["field"] for f in v["schema"]["fields"][1]["fields"]] for _, v in got]
        self.assertEqual(fields, [["id", "name"], ["id", "name", "tier"], ["id", "tier"]])
        # A constant DEFAULT is in the field's schema, as Debezium puts it there.
        tier = [f for f in got[1][1]["schema"]["fields"][1]["fields"] if f["field"] == "tier"][0]
        self.assertEqual(tier, {"type": "int32", "optional": False, "default": 3, "field": "tier"})
        self.assertEqual([v["payload"]["after"] for _, v in got],
                         [{"id": 1, "name": "a"}, {"id": 2, "name": "b", "tier": 7}, {"id": 3, "tier": 8}])
        daemon.stop()

    def test_wal2json_plugin_gives_the_same_events(self):
        self.pg.psql("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT NOT NULL, score NUMERIC(6,3))")
        daemon = self.start_cdc(self.connector_config(plugin_name="wal2json", snapshot_mode="no_data",
                                                      slot_name="w2j"))
        time.sleep(1.5)
        self.pg.psql("INSERT INTO customers VALUES (1, 'x', 1.5); UPDATE customers SET name = 'y' WHERE id = 1; "
                     "DELETE FROM customers WHERE id = 1")
        wait_for_messages(self.broker.bootstrap, TOPIC, 4)
        got = self.values()
        self.assertEqual([v["op"] if v else None for v in got], ["c", "u", "d", None])
        self.assertEqual(got[0]["after"], {"id": 1, "name": "x", "score": "Bdw="})
        self.assertEqual(got[1]["after"]["name"], "y")
        self.assertEqual(got[2]["before"]["id"], 1)
        daemon.stop()

    def test_bad_password_and_bad_keys_fail_with_the_key_named(self):
        self.pg.psql("ALTER USER postgres PASSWORD 'right'")
        hba = self.pg.datadir + "/pg_hba.conf"
        with open(hba, "w") as f:
            f.write("local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
                    "host replication all 127.0.0.1/32 scram-sha-256\n")
        self.pg.psql("SELECT pg_reload_conf()")
        daemon = self.start_cdc(self.connector_config(database_password="wrong"))
        status = wait_until(lambda: (lambda s: s if s["tasks"] and s["tasks"][0]["state"] == "FAILED" else None)(
            daemon.connector_status("inventory-connector")), what="the task to fail")
        trace = status["tasks"][0]["trace"]
        self.assertIn("password authentication failed", trace)
        self.assertIn("database.password", trace)
        self.assertNotIn("wrong", trace)
        daemon.stop()
        code, log = self.run_connectd_to_exit(self.worker_path, [self.write_connector(
            "bad", self.connector_config(snapshot_mode="sometimes"))], name="connectd-bad")
        self.assertNotEqual(code, 0)
        self.assertIn("snapshot.mode", log)


class PostgresCdcTransactionMetadataTest(PostgresCdcTestBase):
    topics = {TOPIC: 1, "dbserver1.public.orders": 1, "dbserver1.transaction": 1}

    def test_begin_end_events_and_transaction_blocks_as_debezium_writes_them(self):
        self.pg.psql("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT)")
        self.pg.psql("CREATE TABLE orders (id INT PRIMARY KEY, customer INT)")
        daemon = self.start_cdc(self.connector_config(snapshot_mode="no_data", provide_transaction_metadata="true"))
        time.sleep(1.5)
        self.pg.psql("BEGIN; INSERT INTO customers VALUES (1, 'a'), (2, 'b'); INSERT INTO orders VALUES (7, 1); "
                     "DELETE FROM customers WHERE id = 2; COMMIT;")
        self.pg.psql("INSERT INTO orders VALUES (8, 1)")
        wait_for_messages(self.broker.bootstrap, "dbserver1.transaction", 4)
        wait_for_messages(self.broker.bootstrap, TOPIC, 4)
        tx = events(self.broker.bootstrap, "dbserver1.transaction")
        self.assertEqual([v["payload"]["status"] for _, v in tx], ["BEGIN", "END", "BEGIN", "END"])
        key, begin = tx[0]
        self.assertEqual(key["schema"]["name"], "io.debezium.connector.common.TransactionMetadataKey")
        self.assertEqual(begin["schema"]["name"], "io.debezium.connector.common.TransactionMetadataValue")
        self.assertEqual([f["field"] for f in begin["schema"]["fields"]],
                         ["status", "id", "event_count", "data_collections", "ts_ms"])
        self.assertIsNone(begin["payload"]["event_count"])
        self.assertIsNone(begin["payload"]["data_collections"])
        self.assertEqual(key["payload"]["id"], begin["payload"]["id"])
        end = tx[1][1]["payload"]
        self.assertEqual(end["event_count"], 4)
        self.assertEqual(end["data_collections"], [{"data_collection": "public.customers", "event_count": 3},
                                                   {"data_collection": "public.orders", "event_count": 1}])
        self.assertEqual(tx[3][1]["payload"]["data_collections"],
                         [{"data_collection": "public.orders", "event_count": 1}])

        customers = [v["payload"] for _, v in events(self.broker.bootstrap, TOPIC) if v]
        orders = [v["payload"] for _, v in events(self.broker.bootstrap, "dbserver1.public.orders") if v]
        self.assertEqual([e["op"] for e in customers], ["c", "c", "d"])
        txid = customers[0]["source"]["txId"]
        # Debezium's PostgreSQL ids: "<txId>:<LSN of the message>"; the BEGIN's and END's share the txId.
        for e in customers + orders[:1]:
            self.assertEqual(e["transaction"]["id"], f"{txid}:{e['source']['lsn']}")
        self.assertTrue(begin["payload"]["id"].startswith(f"{txid}:"))
        self.assertTrue(end["id"].startswith(f"{txid}:"))
        self.assertEqual(end["ts_ms"], customers[0]["source"]["ts_ms"])
        self.assertEqual([(e["transaction"]["total_order"], e["transaction"]["data_collection_order"])
                          for e in customers], [(1, 1), (2, 2), (4, 3)])
        self.assertEqual((orders[0]["transaction"]["total_order"], orders[0]["transaction"]["data_collection_order"]),
                         (3, 1))
        self.assertEqual((orders[1]["transaction"]["total_order"], orders[1]["transaction"]["data_collection_order"]),
                         (1, 1))
        daemon.stop()


class PostgresCdcMessageKeyColumnsTest(PostgresCdcTestBase):
    topics = {TOPIC: 1, "dbserver1.public.events": 1}

    def test_message_key_columns_replace_or_supply_the_key(self):
        self.pg.psql("CREATE TABLE events (a INT NOT NULL, b TEXT, c INT)")  # no primary key
        self.pg.psql("CREATE TABLE customers (id INT PRIMARY KEY, email TEXT NOT NULL)")
        daemon = self.start_cdc(self.connector_config(
            snapshot_mode="no_data", message_key_columns="public.events:b,a;(.*)\\.customers:email"))
        time.sleep(1.5)
        self.pg.psql("INSERT INTO events VALUES (1, 'x', 3); INSERT INTO customers VALUES (7, 'c@example.com')")
        wait_for_messages(self.broker.bootstrap, "dbserver1.public.events", 1)
        wait_for_messages(self.broker.bootstrap, TOPIC, 1)
        key, _ = events(self.broker.bootstrap, "dbserver1.public.events")[0]
        self.assertEqual(key["schema"], {"type": "struct", "optional": False, "name": "dbserver1.public.events.Key",
                                         "fields": [{"type": "string", "optional": True, "field": "b"},
                                                    {"type": "int32", "optional": False, "field": "a"}]})
        self.assertEqual(key["payload"], {"b": "x", "a": 1})
        key, _ = events(self.broker.bootstrap, TOPIC)[0]
        self.assertEqual(key["payload"], {"email": "c@example.com"})
        daemon.stop()

    def test_an_unknown_key_column_fails_the_task_naming_it(self):
        self.pg.psql("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT)")
        self.pg.psql("INSERT INTO customers VALUES (1, 'a')")
        daemon = self.start_cdc(self.connector_config(message_key_columns="public.customers:email"))
        status = wait_until(lambda: (lambda s: s if s["tasks"] and s["tasks"][0]["state"] == "FAILED" else None)(
            daemon.connector_status("inventory-connector")), what="the task to fail")
        self.assertIn("message.key.columns: 'public.customers:email' makes column 'email' the key of table "
                      "public.customers, which has no such column", status["tasks"][0]["trace"])
        daemon.stop()


def java_murmur2(data):
    """Kafka's Utils.murmur2 (the Java producer's key hash), as a signed 32-bit int."""
    m, mask = 0x5BD1E995, 0xFFFFFFFF
    h = (0x9747B28C ^ len(data)) & mask
    whole = len(data) & ~3
    for i in range(0, whole, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & mask
        k ^= k >> 24
        k = (k * m) & mask
        h = ((h * m) & mask) ^ k
    tail = data[whole:]
    if len(tail) >= 3:
        h ^= tail[2] << 16
    if len(tail) >= 2:
        h ^= tail[1] << 8
    if tail:
        h = ((h ^ tail[0]) * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


class PostgresCdcPartitioningTest(PostgresCdcTestBase):
    topics = {TOPIC: 4}

    def test_keys_land_in_the_partitions_the_java_producer_picks(self):
        # Kafka's own vectors (UtilsTest.testMurmur2) check the reference hash above.
        for data, expected in ((b"21", -973932308), (b"foobar", -790332482), (b"abc", 479470107),
                               (b"a-little-bit-long-string", -985981536),
                               (b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)):
            self.assertEqual(java_murmur2(data), expected, data)
        self.pg.psql("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT)")
        self.pg.psql("INSERT INTO customers SELECT g, 'n' || g FROM generate_series(1, 40) g")
        daemon = self.start_cdc(self.connector_config())
        wait_for_messages(self.broker.bootstrap, TOPIC, 40)
        records = consume_records(self.broker.bootstrap, TOPIC)
        self.assertEqual(len(records), 40)
        for r in records:
            key = r["key"].encode()
            self.assertEqual(r["partition"], (java_murmur2(key) & 0x7FFFFFFF) % 4, key)
        self.assertEqual({r["partition"] for r in records}, {0, 1, 2, 3})
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
