"""The minimal REST surface in Kafka Connect's JSON shapes."""

import unittest

from harness import ConnectdTestCase, FILE_SINK_CLASS, FILE_SOURCE_CLASS, append_lines, free_port


class RestBasicTest(ConnectdTestCase):

    def test_root_connectors_and_status_shapes(self):
        broker = self.start_broker(topics={"lines": 1})
        append_lines(self.path("in.txt"), ["x"])
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port))
        src = self.write_connector("src", {"connector.class": FILE_SOURCE_CLASS, "file": self.path("in.txt"),
                                           "topic": "lines"})
        sink = self.write_connector("sink", {"connector.class": FILE_SINK_CLASS, "file": self.path("out.txt"),
                                             "topics": "lines"}, as_json=True)
        daemon = self.start_connectd(worker, [src, sink], rest_port=port).wait_ready()

        status, root = daemon.rest_get("/")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(root), ["commit", "kafka_cluster_id", "version"])
        self.assertTrue(all(isinstance(root[k], str) for k in root), root)
        self.assertTrue(root["version"])

        status, names = daemon.rest_get("/connectors")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(names), ["sink", "src"])

        for name, kind in (("src", "source"), ("sink", "sink")):
            st = daemon.connector_status(name)
            self.assertEqual(sorted(st), ["connector", "name", "tasks", "type"])
            self.assertEqual(st["name"], name)
            self.assertEqual(st["type"], kind)
            self.assertEqual(st["connector"]["state"], "RUNNING")
            self.assertIsInstance(st["connector"]["worker_id"], str)
            self.assertEqual(len(st["tasks"]), 1)
            self.assertEqual(st["tasks"][0]["id"], 0)
            self.assertEqual(st["tasks"][0]["state"], "RUNNING")
            self.assertEqual(st["tasks"][0]["worker_id"], st["connector"]["worker_id"])
            self.assertNotIn("trace", st["tasks"][0], "a RUNNING task has no trace (as in Kafka)")

        status, _ = daemon.rest_get("/connectors/nope/status")
        self.assertEqual(status, 404)
        daemon.stop()

    def test_rest_port_key_works_too(self):
        append_lines(self.path("in.txt"), ["x"])
        port = free_port()
        worker = self.write_worker(self.worker_config(None,
                                                      extra={"rest.port": str(port), "rest.host.name": "127.0.0.1"}))
        src = self.write_connector("src", {"connector.class": FILE_SOURCE_CLASS, "file": self.path("in.txt"),
                                           "topic": "lines"})
        daemon = self.start_connectd(worker, [src], rest_port=port).wait_ready()
        self.assertEqual(daemon.rest_get("/connectors"), (200, ["src"]))
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
