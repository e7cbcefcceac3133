"""Debezium events from PostgresCdcConnector read by a consumer users already have: Confluent's JDBC
sink behind Debezium's ExtractNewRecordState, which must keep a copy of the table equal to the source
(checked with psql). test_postgres_cdc_kafkajs reads the same events with a Node.js consumer."""

import time
import unittest

from db_servers import PostgresServer
from harness import ConnectdTestCase, JSON_CONVERTER, free_port, wait_until

DEBEZIUM_PG = "io.debezium.connector.postgresql.PostgresConnector"
JDBC_SINK = "io.confluent.connect.jdbc.JdbcSinkConnector"
TOPIC = "dbserver1.public.customers"


class PostgresCdcConsumerBase(ConnectdTestCase):
    """PostgreSQL with a customers table of two rows, and connectd started with given connectors."""

    def setUp(self):
        self.broker = self.start_broker(topics={TOPIC: 1})
        self.pg = PostgresServer(self.tmp).start()
        self._processes.append(self.pg)
        self.pg.psql("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT NOT NULL, balance NUMERIC(10,2), "
                     "vip BOOLEAN)")
        self.pg.psql("INSERT INTO customers VALUES (1, 'Sally', 10.00, true), (2, 'George', NULL, false)")

    def start(self, connectors):
        rest_port = free_port()
        worker = self.worker_config(self.broker.bootstrap, rest_port=rest_port,
                                    extra={"key.converter": JSON_CONVERTER, "value.converter": JSON_CONVERTER})
        paths = [self.write_connector(name, config) for name, config in connectors.items()]
        return self.start_connectd(self.write_worker(worker), paths, rest_port=rest_port).wait_ready()

    def cdc_config(self):
        return {"connector.class": DEBEZIUM_PG, "tasks.max": 1, "database.hostname": "127.0.0.1",
                "database.port": self.pg.port, "database.user": "postgres", "database.password": "x",
                "database.dbname": "postgres", "topic.prefix": "dbserver1", "table.include.list": "public.customers",
                "poll.interval.ms": 100}



class PostgresCdcConsumersTest(PostgresCdcConsumerBase):

    def test_extract_new_record_state_into_the_jdbc_sink_keeps_a_copy_equal_to_the_source(self):
        self.pg.create_database("replica")
        sink = {"connector.class": JDBC_SINK, "tasks.max": 1, "topics": TOPIC,
                "connection.url": self.pg.jdbc_url("replica"), "connection.user": "postgres",
                "insert.mode": "upsert", "pk.mode": "record_key", "delete.enabled": "true", "auto.create": "true",
                "table.name.format": "customers_copy",
                "transforms": "unwrap", "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
                "transforms.unwrap.drop.tombstones": "false"}
        daemon = self.start({"inventory": self.cdc_config(), "replica-sink": sink})
        query = "SELECT id, name, balance, vip FROM {} ORDER BY id"

        def same():
            try:
                return self.pg.psql(query.format("customers")) == self.pg.psql(query.format("customers_copy"), db="replica")
            except Exception:  # the sink has not created the table yet
                return False
        wait_until(same, timeout=60, what="the snapshot copied")
        self.pg.psql("INSERT INTO customers SELECT g, 'n' || g, g * 1.5, g % 2 = 0 FROM generate_series(3, 300) g")
        self.pg.psql("UPDATE customers SET name = name || '!', balance = NULL WHERE id % 7 = 0")
        self.pg.psql("DELETE FROM customers WHERE id % 11 = 0")
        self.pg.psql("BEGIN; UPDATE customers SET vip = NOT vip WHERE id < 50; DELETE FROM customers WHERE id = 1; "
                     "INSERT INTO customers VALUES (1, 'back', 0, NULL); COMMIT;")
        wait_until(same, timeout=60, what="the copy to equal the source")
        time.sleep(1)
        self.assertEqual(self.pg.psql(query.format("customers")),
                         self.pg.psql(query.format("customers_copy"), db="replica"))
        self.assertEqual(self.pg.psql("SELECT count(*) FROM customers_copy", db="replica").strip(),
                         self.pg.psql("SELECT count(*) FROM customers").strip())
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
