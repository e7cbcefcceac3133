"""Creating, updating and deleting connectors over REST, with Kafka Connect's status codes and
JSON shapes; data checked on the broker with kcat and in the sink file."""

import unittest

from harness import (ConnectdTestCase, FILE_SINK_CLASS, FILE_SOURCE_CLASS, append_lines, consume_values, free_port,
                     read_text, wait_for_messages, wait_until)


class RestManageTest(ConnectdTestCase):

    def test_create_update_delete(self):
        broker = self.start_broker(topics={"first": 1, "second": 1})
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port))
        daemon = self.start_connectd(worker, [], rest_port=port).wait_ready()
        source_file = self.path("in.txt")
        append_lines(source_file, ["a", "b"])
        config = {"connector.class": FILE_SOURCE_CLASS, "file": source_file, "topic": "first"}

        status, body = daemon.rest_call("POST", "/connectors", {"name": "src", "config": config})
        self.assertEqual(status, 201, body)
        self.assertEqual(body, {"name": "src", "config": {**config, "name": "src"},
                                "tasks": [{"connector": "src", "task": 0}], "type": "source"})
        wait_for_messages(broker.bootstrap, "first", 2)
        self.assertEqual(consume_values(broker.bootstrap, "first"), ["a", "b"])

        status, body = daemon.rest_call("POST", "/connectors", {"name": "src", "config": config})
        self.assertEqual((status, body), (409, {"error_code": 409, "message": "Connector src already exists"}))

        status, body = daemon.rest_call("POST", "/connectors", {"name": "bad", "config": {
            "connector.class": FILE_SOURCE_CLASS, "file": source_file}})
        self.assertEqual(status, 400)
        self.assertEqual(body["error_code"], 400)
        self.assertIn("topic", body["message"])

        status, body = daemon.rest_call("POST", "/connectors", '{"name": "broken", "config": {')
        self.assertEqual(status, 400)
        self.assertIn("invalid JSON", body["message"])

        status, body = daemon.rest_call("POST", "/connectors", {"name": "x", "config": {"connector.class": "Nope"}})
        self.assertEqual(status, 400)
        self.assertIn("FileStreamSource", body["message"], "the message lists the available connectors")

        # PUT on an existing connector updates it (200): the source now writes to "second".
        status, body = daemon.rest_call("PUT", "/connectors/src/config", {**config, "topic": "second"})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["config"]["topic"], "second")
        append_lines(source_file, ["c"])
        wait_for_messages(broker.bootstrap, "second", 1)
        self.assertEqual(consume_values(broker.bootstrap, "second"), ["c"], "resumes from its stored offset")

        # PUT on a new name creates it (201).
        sink_file = self.path("out.txt")
        status, body = daemon.rest_call("PUT", "/connectors/sink/config", {
            "connector.class": FILE_SINK_CLASS, "file": sink_file, "topics": "first"})
        self.assertEqual(status, 201, body)
        wait_until(lambda: read_text(sink_file) == "a\nb\n", timeout=30, what="the sink file")

        status, body = daemon.rest_call("PUT", "/connectors/sink/config", {
            "name": "other", "connector.class": FILE_SINK_CLASS, "topics": "first"})
        self.assertEqual(status, 400)

        status, body = daemon.rest_get("/connectors?expand=status&expand=info")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(body), ["sink", "src"])
        self.assertEqual(body["src"]["status"]["connector"]["state"], "RUNNING")
        self.assertEqual(body["sink"]["info"]["type"], "sink")

        self.assertEqual(daemon.rest_call("DELETE", "/connectors/src"), (204, ""))
        status, body = daemon.rest_call("DELETE", "/connectors/src")
        self.assertEqual((status, body["message"]), (404, "Connector src not found"))
        self.assertEqual(daemon.rest_get("/connectors"), (200, ["sink"]))
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
