"""Debezium events from PostgresCdcConnector read by a Node.js service written with kafkajs (from npm,
installed by tests/run.sh), the way users' own consumers read before/after/op/source."""

import json
import os
import shutil
import subprocess
import unittest

from harness import wait_for_messages
from test_postgres_cdc_consumers import TOPIC, PostgresCdcConsumerBase

KAFKAJS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kafkajs")


class PostgresCdcKafkajsTest(PostgresCdcConsumerBase):

    @unittest.skipUnless(shutil.which("node") and os.path.isdir(os.path.join(KAFKAJS_DIR, "node_modules", "kafkajs")),
                         "node or kafkajs missing (tests/run.sh installs them)")
    def test_a_kafkajs_consumer_reads_the_events(self):
        daemon = self.start({"inventory": self.cdc_config()})
        wait_for_messages(self.broker.bootstrap, TOPIC, 2)
        self.pg.psql("BEGIN; INSERT INTO customers VALUES (3, 'Anne', 1.25, NULL); "
                     "UPDATE customers SET name = 'Sal' WHERE id = 1; DELETE FROM customers WHERE id = 2; COMMIT;")
        wait_for_messages(self.broker.bootstrap, TOPIC, 6)
        result = subprocess.run(["node", os.path.join(KAFKAJS_DIR, "consume_changes.js"), self.broker.bootstrap, TOPIC,
                                 "5"], capture_output=True, timeout=90)
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace"))
        seen = [json.loads(line) for line in result.stdout.decode().splitlines()]
        self.assertEqual([(e["op"], e["id"]) for e in seen], [("r", 1), ("r", 2), ("c", 3), ("u", 1), ("d", 2)])
        self.assertEqual([e["snapshot"] for e in seen], ["first", "last", "false", "false", "false"])
        self.assertEqual(seen[2]["after"], {"id": 3, "name": "Anne", "balance": "fQ==", "vip": None})
        self.assertEqual(seen[3]["after"]["name"], "Sal")
        self.assertEqual(seen[4]["before"]["id"], 2)
        self.assertIsNone(seen[4]["after"])
        self.assertEqual({e["table"] for e in seen}, {"public.customers"})
        self.assertEqual(len({e["txId"] for e in seen[2:]}), 1, "one transaction, one txId")
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
