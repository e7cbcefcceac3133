"""Kafka (mock broker) -> FileStreamSink: file contents, per-partition order, committed offsets,
and a converter error that fails the task but not the process."""

import time
import unittest

from harness import (ConnectdTestCase, FILE_SINK_CLASS, JSON_CONVERTER, committed_offsets, end_offset_sum,
                     free_port, produce_lines, read_text, wait_until)


def file_lines(path):
    text = read_text(path)
    return text.split("\n")[:-1] if text else []


class FileSinkTest(ConnectdTestCase):

    def start_sink(self, topics, name="file-sink", connector_extra=None, worker_extra=None, use_regex=False):
        port = free_port()
        worker = self.write_worker(self.worker_config(self.broker.bootstrap, rest_port=port,
                                                      extra=worker_extra or {}))
        self.output = self.path("output.txt")
        config = {"connector.class": FILE_SINK_CLASS, "tasks.max": 1, "file": self.output}
        if use_regex:
            config["topics.regex"] = topics
        else:
            config["topics"] = topics
        config.update(connector_extra or {})
        conn = self.write_connector(name, config)
        return self.start_connectd(worker, [conn], rest_port=port).wait_ready()

    def test_lines_are_written_in_order_and_offsets_committed(self):
        self.broker = self.start_broker(topics={"in": 1})
        first = [f"record {i}" for i in range(100)]
        produce_lines(self.broker.bootstrap, "in", first)
        daemon = self.start_sink("in")
        wait_until(lambda: len(file_lines(self.output)) >= 100, what="100 lines in the sink file")
        second = [f"later {i}" for i in range(50)]
        produce_lines(self.broker.bootstrap, "in", second)
        wait_until(lambda: len(file_lines(self.output)) >= 150, what="150 lines in the sink file")
        self.assertEqual(file_lines(self.output), first + second)

        # The sink's consumer group is connect-<name> and commits what was written (flush interval 500 ms).
        wait_until(lambda: committed_offsets(self.broker.bootstrap, "connect-file-sink", "in") == {0: 150},
                   timeout=15, what="group connect-file-sink to commit offset 150 on in-0")
        daemon.stop()
        self.assertEqual(committed_offsets(self.broker.bootstrap, "connect-file-sink", "in"), {0: 150})
        self.assertEqual(file_lines(self.output), first + second)

    def test_per_partition_order_over_several_partitions(self):
        self.broker = self.start_broker(topics={"multi": 4})
        expected = {}
        for partition in range(4):
            expected[partition] = [f"p{partition}-{i}" for i in range(60)]
            produce_lines(self.broker.bootstrap, "multi", expected[partition], partition=partition)
        daemon = self.start_sink("multi")
        wait_until(lambda: len(file_lines(self.output)) >= 240, what="240 lines in the sink file")
        lines = file_lines(self.output)
        self.assertEqual(sorted(lines), sorted(sum(expected.values(), [])), "every record exactly once")
        for partition in range(4):
            self.assertEqual([ln for ln in lines if ln.startswith(f"p{partition}-")], expected[partition],
                             f"order within partition {partition}")
        wait_until(lambda: committed_offsets(self.broker.bootstrap, "connect-file-sink", "multi")
                   == {0: 60, 1: 60, 2: 60, 3: 60}, timeout=15, what="committed offsets 60 on every partition")
        daemon.stop()

    def test_topics_regex_subscribes_to_matching_topics(self):
        self.broker = self.start_broker(topics={"logs-a": 1, "logs-b": 1, "other": 1})
        produce_lines(self.broker.bootstrap, "logs-a", ["a1", "a2"])
        produce_lines(self.broker.bootstrap, "logs-b", ["b1"])
        produce_lines(self.broker.bootstrap, "other", ["not me"])
        daemon = self.start_sink("logs-.*", use_regex=True)
        wait_until(lambda: len(file_lines(self.output)) >= 3, what="3 lines in the sink file")
        time.sleep(1.0)
        self.assertEqual(sorted(file_lines(self.output)), ["a1", "a2", "b1"])
        daemon.stop()

    def test_comma_separated_topics(self):
        self.broker = self.start_broker(topics={"first": 1, "second": 1, "third": 1})
        produce_lines(self.broker.bootstrap, "first", ["f1", "f2"])
        produce_lines(self.broker.bootstrap, "second", ["s1"])
        produce_lines(self.broker.bootstrap, "third", ["not subscribed"])
        daemon = self.start_sink("first, second")
        wait_until(lambda: len(file_lines(self.output)) >= 3, what="3 lines in the sink file")
        time.sleep(1.0)
        lines = file_lines(self.output)
        self.assertEqual(sorted(lines), ["f1", "f2", "s1"])
        self.assertLess(lines.index("f1"), lines.index("f2"))
        daemon.stop()

    def test_plain_json_with_schemas_enable_fails_the_task_with_a_useful_trace(self):
        self.broker = self.start_broker(topics={"json-in": 1})
        good = ['{"schema":{"type":"string","optional":false},"payload":"ok one"}',
                '{"schema":{"type":"string","optional":false},"payload":"ok two"}']
        produce_lines(self.broker.bootstrap, "json-in", good + ['{"plain":"json","no":"envelope"}'])
        daemon = self.start_sink("json-in", connector_extra={"value.converter": JSON_CONVERTER,
                                                             "value.converter.schemas.enable": "true"})

        def failed_task():
            status = daemon.connector_status("file-sink")
            tasks = status.get("tasks", [])
            return status if tasks and tasks[0].get("state") == "FAILED" else None

        status = wait_until(failed_task, timeout=20, interval=0.2, what="task 0 of file-sink to be FAILED")
        self.assertEqual(status["type"], "sink")
        self.assertEqual(status["connector"]["state"], "RUNNING")
        task = status["tasks"][0]
        self.assertEqual(task["id"], 0)
        self.assertIn("worker_id", task)
        trace = task.get("trace", "")
        self.assertIn("json-in", trace, "the trace names the topic")
        self.assertRegex(trace, r"(?i)(partition\W{0,3}0\b|json-in-0\b)", "the trace names the partition")
        self.assertRegex(trace, r"(?i)offset\W{0,3}2\b", "the trace names the offset of the bad record")
        self.assertIn("schemas.enable", trace, "the trace says which setting to change")

        # Like Kafka's WorkerSinkTask, a batch may be converted as a whole before put(), so the good
        # records before the bad one may or may not have been written; the bad one never is.
        written = file_lines(self.output)
        self.assertIn(written, ([], ["ok one"], ["ok one", "ok two"]))
        # The process keeps running and serving REST.
        time.sleep(1.0)
        self.assertTrue(daemon.running(), "a failed task must not stop the process")
        status_code, names = daemon.rest_get("/connectors")
        self.assertEqual((status_code, names), (200, ["file-sink"]))
        self.assertEqual(end_offset_sum(self.broker.bootstrap, "json-in"), 3)
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
