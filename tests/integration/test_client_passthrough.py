"""producer.* / consumer.* worker keys reach librdkafka: a valid one takes effect, an unknown one
stops connectd at startup with a message naming the key."""

import time
import unittest

from harness import (ConnectdTestCase, FILE_SINK_CLASS, FILE_SOURCE_CLASS, append_lines, consume_values, free_port,
                     produce_lines, read_text, wait_for_messages, wait_until)


class ClientPassthroughTest(ConnectdTestCase):

    def test_producer_and_consumer_settings_are_applied(self):
        broker = self.start_broker(topics={"lines": 1, "in": 1})
        # Written before connectd starts: consumer.auto.offset.reset=latest must skip it.
        produce_lines(broker.bootstrap, "in", ["old"])
        source_file = self.path("in.txt")
        sink_file = self.path("out.txt")
        append_lines(source_file, ["short", "x" * 2000])
        port = free_port()
        worker = self.write_worker(self.worker_config(
            broker.bootstrap, rest_port=port, extra={"producer.message.max.bytes": "1000",
                                                     "consumer.auto.offset.reset": "latest"}))
        src = self.write_connector("src", {"connector.class": FILE_SOURCE_CLASS, "file": source_file,
                                           "topic": "lines"})
        sink = self.write_connector("sink", {"connector.class": FILE_SINK_CLASS, "file": sink_file, "topics": "in"})
        daemon = self.start_connectd(worker, [src, sink], rest_port=port)
        daemon.wait_ready()

        # producer.message.max.bytes=1000: the 2000-byte line is refused, the task fails on it.
        def source_failed():
            task = daemon.connector_status("src")["tasks"][0]
            return task if task["state"] == "FAILED" else None
        task = wait_until(source_failed, timeout=20, what="the source task to fail on the large record")
        self.assertIn("too large", task["trace"])
        wait_for_messages(broker.bootstrap, "lines", 1)  # what was produced before is still delivered
        self.assertEqual(consume_values(broker.bootstrap, "lines"), ["short"])

        # "new" must be written after the sink's group join, or "latest" would skip it too.
        daemon.wait_for_log(r"\[sink-0\] assigned 1 partition", timeout=30)
        time.sleep(0.5)  # the fetch position is set right after the assignment
        produce_lines(broker.bootstrap, "in", ["new"])
        wait_until(lambda: read_text(sink_file) == "new\n", timeout=30, what="only the new line in the sink file")
        daemon.stop()

    def test_unknown_client_property_names_the_worker_key(self):
        broker = self.start_broker()
        worker = self.write_worker(self.worker_config(broker.bootstrap, extra={"producer.no.such.property": "1"}))
        append_lines(self.path("in.txt"), ["a"])
        src = self.write_connector("src", {"connector.class": FILE_SOURCE_CLASS, "file": self.path("in.txt"),
                                           "topic": "lines"})
        rc, log = self.run_connectd_to_exit(worker, [src], timeout=20)
        self.assertEqual(rc, 1, log)
        self.assertIn("producer.no.such.property", log)


if __name__ == "__main__":
    unittest.main()
