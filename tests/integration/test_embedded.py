"""No bootstrap.servers: connectd runs an in-process in-memory Kafka and warns about it."""

import re
import unittest

from harness import (ConnectdTestCase, append_lines, free_port, read_text,
                     wait_until)


class EmbeddedKafkaTest(ConnectdTestCase):

    def run_pipeline(self, bootstrap_value):
        source_file, sink_file = self.path("in.txt"), self.path("out.txt")
        lines = [f"embedded line {i} " + "x" * (i % 40) for i in range(1000)]
        append_lines(source_file, lines)
        port = free_port()
        config = self.worker_config(None, rest_port=port)
        if bootstrap_value is not None:
            config["bootstrap.servers"] = bootstrap_value
        worker = self.write_worker(config)
        source = self.write_connector("src", {"connector.class": "FileStreamSource", "file": source_file,
                                              "topic": "pipe"})
        sink = self.write_connector("sink", {"connector.class": "FileStreamSink", "file": sink_file,
                                             "topics": "pipe"}, as_json=True)
        daemon = self.start_connectd(worker, [source, sink], rest_port=port).wait_ready()
        expected = "".join(line + "\n" for line in lines)
        wait_until(lambda: len(read_text(sink_file)) >= len(expected), timeout=30,
                   what="the sink file to reach the input's size")
        got = read_text(sink_file)
        self.assertEqual(sorted(got.split("\n")), sorted(expected.split("\n")), "same lines as the input")
        self.assertEqual(got, expected, "same lines but not in input order: the embedded topic must keep order "
                                        "(one partition, as Kafka's default num.partitions=1)")

        more = [f"appended {i}" for i in range(100)]
        append_lines(source_file, more)
        expected += "".join(line + "\n" for line in more)
        wait_until(lambda: read_text(sink_file) == expected, timeout=30, what="appended lines in the sink file")

        warn = [ln for ln in daemon.log_without_paths().splitlines() if re.search(r"(?i)embedded", ln)]
        self.assertTrue(warn, "the log must mention the embedded cluster")
        self.assertTrue(any(re.search(r"WARN", ln) for ln in warn),
                        f"the embedded-cluster line must be a WARN line, got: {warn}")
        self.assertTrue(any(re.search(r"(?i)in[- ]memory|in[- ]process", ln) for ln in warn),
                        f"the warning must say the cluster is in memory, got: {warn}")
        daemon.stop()

    def test_without_bootstrap_servers(self):
        self.run_pipeline(None)

    def test_with_bootstrap_servers_embedded(self):
        self.run_pipeline("embedded")


if __name__ == "__main__":
    unittest.main()
