"""Bad configs and bad surroundings: clear messages, exit code 1, or keep running where sensible."""

import os
import unittest

from harness import (ConnectdTestCase, FILE_SOURCE_CLASS, ManagedProcess, append_lines, connectd_bin,
                     consume_values, free_port, wait_for_messages)


class BadInputTest(ConnectdTestCase):

    def source_config(self, **extra):
        source_file = self.path("in.txt")
        if not os.path.exists(source_file):
            append_lines(source_file, ["a", "b", "c"])
        config = {"connector.class": FILE_SOURCE_CLASS, "file": source_file, "topic": "lines"}
        config.update(extra)
        return config

    def assert_fails_at_startup(self, worker, connectors):
        rc, log = self.run_connectd_to_exit(worker, connectors, timeout=20)
        self.assertEqual(rc, 1, f"connectd must exit 1 on a config error; log:\n{log}")
        return log

    def test_malformed_properties_line_names_file_and_line(self):
        worker = self.path("worker.properties")
        with open(worker, "w", encoding="utf-8") as f:
            f.write("# a comment\n"
                    "bootstrap.servers=embedded\n"
                    f"plugin.path={os.environ.get('PLUGIN_DIR', '')}\n"
                    "key.converter=org.apache.kafka.connect.storage.StringConverter\n"
                    # Java's Properties.load rejects a broken \\uXXXX escape ("Malformed \\uxxxx encoding").
                    "value.converter=org.apache.kafka.connect.storage.\\uZZ12StringConverter\n")
        log = self.assert_fails_at_startup(worker, [self.write_connector("src", self.source_config())])
        self.assertIn("worker.properties", log)
        self.assertRegex(log, r"(?i)(worker\.properties:5\b|line\W{0,3}5\b)", "the message gives line 5")

    def test_malformed_connector_json_names_file_and_position(self):
        worker = self.write_worker(self.worker_config(None))
        conn = self.path("broken.json")
        with open(conn, "w", encoding="utf-8") as f:
            f.write('{"name": "src",\n "config": {"connector.class": "FileStreamSource",, "topic": "x"}}\n')
        log = self.assert_fails_at_startup(worker, [conn])
        self.assertIn("broken.json", log)
        self.assertRegex(log, r"(?i)(offset|position|column|line|char)\W{0,3}\d+", "the message gives a position")

    def test_unknown_connector_class_lists_available_connectors(self):
        worker = self.write_worker(self.worker_config(None))
        conn = self.write_connector("src", self.source_config(**{"connector.class": "com.example.NoSuchConnector"}))
        log = self.assert_fails_at_startup(worker, [conn])
        self.assertIn("com.example.NoSuchConnector", log)
        self.assertIn("FileStreamSource", log, "the message lists the available connectors")
        self.assertIn("FileStreamSink", log, "the message lists the available connectors")

    def test_missing_required_topic_names_the_key(self):
        worker = self.write_worker(self.worker_config(None))
        config = self.source_config()
        del config["topic"]
        conn = self.write_connector("src", config)
        log = self.assert_fails_at_startup(worker, [conn])
        self.assertRegex(log, r"""["'`]?\btopic\b["'`]?""")
        self.assertRegex(log, r"(?i)(missing|required)")

    def test_garbage_plugin_is_reported_and_skipped(self):
        broker = self.start_broker(topics={"lines": 1})
        bad_dir = self.path("bad-plugins")
        os.mkdir(bad_dir)
        bad_so = os.path.join(bad_dir, "libgarbage.so")
        with open(bad_so, "wb") as f:
            f.write(b"\x7fELF this is not really a shared object" + bytes(range(256)))
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port,
                                                      plugin_path=f"{os.environ['PLUGIN_DIR']},{bad_dir}"))
        daemon = self.start_connectd(worker, [self.write_connector("src", self.source_config())],
                                     rest_port=port).wait_ready()
        wait_for_messages(broker.bootstrap, "lines", 3)
        self.assertEqual(consume_values(broker.bootstrap, "lines"), ["a", "b", "c"])
        self.assertIn("libgarbage.so", daemon.log(), "the log names the plugin that could not be loaded")
        daemon.stop()

    def test_corrupt_offset_file_refuses_to_start(self):
        offsets = self.path("connect.offsets")
        with open(offsets, "wb") as f:
            f.write(b"\x00\x01garbage\xff\xfe{not offsets at all\n")
        worker = self.write_worker(self.worker_config(None))
        log = self.assert_fails_at_startup(worker, [self.write_connector("src", self.source_config())])
        self.assertIn(offsets, log, "the message names the offset file")

    def test_offset_path_that_is_a_directory_refuses_to_start(self):
        offsets = self.path("connect.offsets")
        os.mkdir(offsets)  # unreadable as a file, whoever runs the test (root ignores chmod)
        worker = self.write_worker(self.worker_config(None))
        log = self.assert_fails_at_startup(worker, [self.write_connector("src", self.source_config())])
        self.assertIn(offsets, log, "the message names the offset file")

    def test_no_arguments_prints_usage(self):
        daemon = self.start_connectd_argv([])
        rc = daemon.wait_exit(10)
        self.assertIn(rc, (1, 2), f"no arguments: expected a usage error exit code, got {rc} (negative = signal)")
        self.assertIn("standalone", daemon.stdout() + daemon.stderr(), "the usage names the standalone command")

    def test_help_prints_usage_and_exits_0(self):
        daemon = self.start_connectd_argv(["--help"])
        rc = daemon.wait_exit(10)
        self.assertEqual(rc, 0, f"--help: expected exit code 0, got {rc} (negative = signal)")
        self.assertIn("standalone", daemon.stdout() + daemon.stderr())

    def start_connectd_argv(self, args):
        daemon = ManagedProcess("connectd", [connectd_bin()] + args, self.tmp)
        self._processes.append(daemon)
        return daemon

    def test_missing_worker_file_names_it(self):
        missing = self.path("no-such-worker.properties")
        log = self.assert_fails_at_startup(missing, [self.write_connector("src", self.source_config())])
        self.assertIn(missing, log)

    def test_broker_down_at_start_retries_then_delivers(self):
        broker = self.start_broker(topics={"lines": 1}, down_ms=4000)
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port))
        daemon = self.start_connectd(worker, [self.write_connector("src", self.source_config())], rest_port=port)
        # The broker refuses connections for 4 s: connectd must say it is retrying while that lasts.
        daemon.wait_for_log(r"(?i)\bretr(y|ies|ying)\b", timeout=3.5)
        self.assertTrue(daemon.running(), "connectd must keep running while Kafka is unreachable")
        wait_for_messages(broker.bootstrap, "lines", 3, timeout=40)
        self.assertEqual(consume_values(broker.bootstrap, "lines"), ["a", "b", "c"])
        daemon.wait_ready(timeout=20)
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
