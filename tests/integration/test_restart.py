"""Source offsets survive restarts: no loss after SIGTERM or kill -9, no duplicates after SIGTERM.
Also the source runner's send thread: a failure there fails the task and keeps the offset behind,
and a stop while the producer waits for room ends promptly."""

import json
import os
import signal
import time
import unittest

from harness import (ConnectdTestCase, FILE_SOURCE_CLASS, LineWriter, append_lines, consume_values,
                     end_offset_sum, free_port, read_text, wait_for_messages, wait_until)


class RestartTest(ConnectdTestCase):

    def setUp(self):
        self.broker = self.start_broker(topics={"lines": 1})
        self.input = self.path("input.txt")
        open(self.input, "w").close()
        self.port = free_port()
        self.worker = self.write_worker(self.worker_config(self.broker.bootstrap, rest_port=self.port,
                                                           offset_flush_interval_ms=200))
        self.connector = self.write_connector("file-source", {"connector.class": FILE_SOURCE_CLASS,
                                                              "file": self.input, "topic": "lines"})

    def start(self, name):
        return self.start_connectd(self.worker, [self.connector], rest_port=self.port, name=name).wait_ready()

    def test_sigterm_then_restart_gives_exactly_every_line_once(self):
        first = [f"first {i}" for i in range(500)]
        append_lines(self.input, first)
        daemon = self.start("connectd-1")
        wait_for_messages(self.broker.bootstrap, "lines", 500)
        daemon.stop()  # asserts exit code 0
        self.assert_offset_stored(os.path.getsize(self.input))

        more = [f"second {i}" for i in range(300)]
        append_lines(self.input, more)
        daemon = self.start("connectd-2")
        wait_for_messages(self.broker.bootstrap, "lines", 800)
        time.sleep(1.5)  # anything re-sent from an old offset would show up by now
        self.assertEqual(end_offset_sum(self.broker.bootstrap, "lines"), 800)
        self.assertEqual(consume_values(self.broker.bootstrap, "lines"), first + more)
        daemon.stop()

    def assert_offset_stored(self, position):
        """The offset file holds Kafka Connect's offset key and value for the source file:
        ["file-source", {"filename": FILE}] -> {"position": bytes read}."""
        stored = read_text(self.path("connect.offsets"))
        self.assertIn(json.dumps({"filename": self.input}, separators=(",", ":")), stored)
        self.assertIn(json.dumps({"position": position}, separators=(",", ":")), stored)

    def test_sigint_stops_gracefully_too(self):
        append_lines(self.input, [f"line {i}" for i in range(100)])
        daemon = self.start("connectd-1")
        wait_for_messages(self.broker.bootstrap, "lines", 100)
        rc = daemon.terminate(signal.SIGINT)
        self.assertEqual(rc, 0, "SIGINT must stop connectd with exit code 0")
        self.assertEqual(end_offset_sum(self.broker.bootstrap, "lines"), 100)
        self.assert_offset_stored(os.path.getsize(self.input))

    def test_restart_with_nothing_new_sends_nothing(self):
        append_lines(self.input, [f"only {i}" for i in range(20)])
        daemon = self.start("connectd-1")
        wait_for_messages(self.broker.bootstrap, "lines", 20)
        daemon.stop()
        daemon = self.start("connectd-2")
        time.sleep(1.5)
        self.assertEqual(end_offset_sum(self.broker.bootstrap, "lines"), 20)
        daemon.stop()

    def test_kill_9_mid_stream_then_restart_loses_nothing(self):
        writer = LineWriter(self.input, per_tick=50, tick=0.01)
        writer.start()
        try:
            daemon = self.start("connectd-1")
            wait_for_messages(self.broker.bootstrap, "lines", 2000)
            time.sleep(1.0)  # several offset flushes (200 ms) have happened
            daemon.kill9()
            killed_at = end_offset_sum(self.broker.bootstrap, "lines")
            time.sleep(0.5)  # the file keeps growing while connectd is down
            daemon = self.start("connectd-2")
            time.sleep(1.0)
        finally:
            expected = writer.stop()
        # Counting is not enough here (replayed duplicates count too): wait for the last line itself.
        wait_for_messages(self.broker.bootstrap, "lines", len(expected), timeout=60)
        wait_until(lambda: consume_values(self.broker.bootstrap, "lines")[-1:] == expected[-1:], timeout=60,
                   interval=0.5, what=f"the last line {expected[-1]!r} in the topic")
        time.sleep(1.0)
        got = consume_values(self.broker.bootstrap, "lines")
        daemon.stop()

        self.assertGreater(killed_at, 0)
        self.assertLess(killed_at, len(expected), "the kill must happen mid-stream")
        # Allowed shape: lines 0..k-1 from the first run, then lines j..end from the restart, where j
        # is the last flushed position (j <= k): every line present, in order, duplicates only in j..k-1.
        prefix = 0
        while prefix < min(len(got), len(expected)) and got[prefix] == expected[prefix]:
            prefix += 1
        if prefix == len(got):
            self.assertEqual(got, expected)
            return
        self.assertIn(got[prefix], expected[:prefix],
                      f"after {prefix} lines in order, the next line {got[prefix]!r} is neither the next one "
                      f"({expected[prefix] if prefix < len(expected) else 'end'!r}) nor a replay of an earlier one")
        restart_from = expected.index(got[prefix])
        self.assertEqual(got[prefix:], expected[restart_from:],
                         f"after the replay from line {restart_from} every later line must follow in order")
        self.assertLessEqual(prefix - restart_from, killed_at,
                             "only lines sent after the last flushed offset may be duplicated")


    def test_a_transform_failing_mid_stream_fails_the_task_and_keeps_its_offset_behind(self):
        # Transforms run on the send thread: its failure must reach the task's status, stop the
        # reading, and leave the stored offset before the bad record.
        append_lines(self.input, ["1", "2", "not a number", "4"])
        self.connector = self.write_connector("file-source", {
            "connector.class": FILE_SOURCE_CLASS, "file": self.input, "topic": "lines",
            "transforms": "cast", "transforms.cast.type": "org.apache.kafka.connect.transforms.Cast$Value",
            "transforms.cast.spec": "int32"})
        daemon = self.start("connectd-1")
        wait_until(lambda: daemon.connector_status("file-source")["tasks"][0]["state"] == "FAILED",
                   what="the task FAILED")
        trace = daemon.connector_status("file-source")["tasks"][0]["trace"]
        self.assertIn('the string "not a number" is not a valid INT32', trace)
        self.assertIn("topic 'lines'", trace)
        time.sleep(0.5)  # nothing after the bad line is produced
        self.assertLessEqual(end_offset_sum(self.broker.bootstrap, "lines"), 2)
        daemon.stop()
        stored = read_text(self.path("connect.offsets")) if os.path.exists(self.path("connect.offsets")) else ""
        self.assertNotIn(json.dumps({"position": os.path.getsize(self.input)}, separators=(",", ":")), stored)

    def test_stop_while_the_producer_waits_for_room_ends_promptly(self):
        # The broker is gone, so the producer's queue (16 MB) fills and the send thread waits for
        # room. SIGTERM must still stop connectd within the shutdown flush timeout, not hang, and
        # store no offset for what was never delivered.
        daemon = self.start("connectd-1")
        self.broker.kill()
        with open(self.input, "w") as f:
            f.write(("x" * 1000 + "\n") * 40000)  # 40 MB
        time.sleep(3)  # the queue fills
        started = time.monotonic()
        daemon.stop(timeout=30)
        self.assertLess(time.monotonic() - started, 20)
        self.assertIn("still unacknowledged at shutdown; their offsets are not committed", daemon.log())
        stored = read_text(self.path("connect.offsets")) if os.path.exists(self.path("connect.offsets")) else ""
        self.assertNotIn('"position"', stored)

if __name__ == "__main__":
    unittest.main()
