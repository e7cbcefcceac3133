"""The plugin ABI from the outside: a plugin.path full of deliberately broken plugins (wrong
magic, wrong ABI major, a newer minor, a misspelt entry symbol, failing init and factory, a
source without poll, a file that is not ELF) next to a minimal plain-C plugin that leaves every
optional callback NULL. connectd must name each rejected file and why, keep running, and run
the minimal plugin end to end (checked with kcat)."""

import os
import unittest

from harness import ConnectdTestCase, consume_values, free_port, wait_for_messages


def abi_plugin_dir():
    path = os.environ.get("ABI_PLUGIN_DIR")
    if not path:
        raise unittest.SkipTest("ABI_PLUGIN_DIR is not set (CTest sets it)")
    return path


class AbiPluginsTest(ConnectdTestCase):

    def test_broken_plugins_are_named_and_the_minimal_c_plugin_runs(self):
        broker = self.start_broker(topics={"abi-test": 1})
        port = free_port()
        worker = self.write_worker(self.worker_config(
            broker.bootstrap, rest_port=port, extra={"plugin.path": abi_plugin_dir(),
                                     "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                                     "value.converter.schemas.enable": "false"}))
        conn = self.write_connector("counter", {"connector.class": "CounterSource", "topic": "abi-test"})
        daemon = self.start_connectd(worker, [conn], rest_port=port)
        daemon.wait_ready()

        log = daemon.log()
        expected = {
            "abi_wrong_magic.so": "magic is 0xDEADBEEF",
            "abi_wrong_major.so": "built for plugin ABI major version 2",
            "abi_newer_minor.so": "needs plugin ABI 1.6, this host provides 1.5",
            "abi_no_entry.so": "no 'connectd_plugin_entry' symbol",
            "abi_init_fails.so": "init failed: init refused on purpose",
            "abi_describe_fails.so": "describe refused on purpose",
            "abi_missing_poll.so": "source without source_poll",
            "garbage.so": "cannot load shared library",
        }
        for file, reason in expected.items():
            lines = [line for line in log.splitlines() if file in line and "not loaded" in line]
            self.assertEqual(len(lines), 1, f"one log line names {file}")
            self.assertIn(reason, lines[0])

        # The C plugin emits 0, 1, 2 as INT64 values: JSON numbers on the topic.
        wait_for_messages(broker.bootstrap, "abi-test", 3)
        self.assertEqual(consume_values(broker.bootstrap, "abi-test"), ["0", "1", "2"])
        self.assertEqual(daemon.connector_status("counter")["tasks"][0]["state"], "RUNNING")
        daemon.stop()  # asserts exit code 0


if __name__ == "__main__":
    unittest.main()
