"""/admin/loggers: reading and changing logger levels at run time, with Kafka Connect's shapes and
error codes, checked against what connectd actually writes to its log."""

import re
import time
import unittest
import urllib.parse

from harness import ConnectdTestCase, FILE_SOURCE_CLASS, append_lines, free_port, wait_for_messages, wait_until


def now_ms():
    return int(time.time() * 1000)


class RestLoggersTest(ConnectdTestCase):

    def start(self, connectors, **worker_overrides):
        """A broker with a topic per connector and connectd running a file source for each name."""
        broker = self.start_broker(topics={f"{name}-topic": 1 for name in connectors})
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port, **worker_overrides))
        paths = []
        for name in connectors:
            append_lines(self.path(f"{name}.txt"), [f"{name}-first"])
            paths.append(self.write_connector(name, {"connector.class": FILE_SOURCE_CLASS,
                                                     "file": self.path(f"{name}.txt"), "topic": f"{name}-topic"}))
        daemon = self.start_connectd(worker, paths, rest_port=port).wait_ready()
        for name in connectors:
            daemon.wait_for_log(rf"\[{re.escape(name)}-0\] source task started")
        return broker, daemon

    def put_level(self, daemon, name, level, scope=None):
        path = "/admin/loggers/" + urllib.parse.quote(name, safe="")
        if scope is not None:
            path += "?scope=" + urllib.parse.quote(scope)
        return daemon.rest_call("PUT", path, {"level": level})

    def wait_task_state(self, daemon, name, state):
        wait_until(lambda: daemon.connector_status(name)["tasks"][0]["state"] == state,
                   what=f"task {name}-0 {state}")

    def test_connector_level_covers_its_tasks_and_changes_the_log(self):
        _, daemon = self.start(["src", "other"])

        self.assertEqual(daemon.rest_get("/admin/loggers"),
                         (200, {"root": {"level": "INFO", "last_modified": None}}))
        self.assertEqual(daemon.rest_get("/admin/loggers/src"), (200, {"level": "INFO", "last_modified": None}))
        self.assertEqual(daemon.rest_get("/admin/loggers/src-0"), (200, {"level": "INFO", "last_modified": None}))

        before = now_ms()
        self.assertEqual(self.put_level(daemon, "src", "WARN"), (200, ["src", "src-0"]))
        after = now_ms()
        status, levels = daemon.rest_get("/admin/loggers")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(levels), ["root", "src", "src-0"])
        self.assertEqual(levels["root"], {"level": "INFO", "last_modified": None})
        for name in ("src", "src-0"):
            self.assertEqual(levels[name]["level"], "WARN")
            self.assertTrue(before <= levels[name]["last_modified"] <= after, levels)
        self.assertEqual(daemon.rest_get("/admin/loggers/src-0"), (200, levels["src-0"]))
        daemon.wait_for_log(r"INFO  \[rest\.loggers\] Setting level of namespace src and children to WARN")

        # At WARN the INFO lines of src and its task stop; the untouched connector keeps logging.
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/pause"), (202, ""))
        self.wait_task_state(daemon, "src", "PAUSED")
        self.assertEqual(daemon.rest_call("PUT", "/connectors/other/pause"), (202, ""))
        daemon.wait_for_log(r"INFO  \[other\] connector paused")
        daemon.wait_for_log(r"INFO  \[other-0\] task paused")
        log = daemon.log()
        self.assertNotIn("[src] connector paused", log)
        self.assertNotIn("[src-0] task paused", log)

        # Back at DEBUG (which lets INFO through) they return.
        self.assertEqual(self.put_level(daemon, "src", "debug"), (200, ["src", "src-0"]))
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/resume"), (202, ""))
        daemon.wait_for_log(r"INFO  \[src\] connector resumed")
        daemon.wait_for_log(r"INFO  \[src-0\] task resumed")
        self.assertEqual(daemon.rest_get("/admin/loggers/src")[1]["level"], "DEBUG")
        daemon.stop()

    def test_level_set_before_a_connector_exists_reaches_it_and_its_tasks(self):
        broker, daemon = self.start(["ctrl"])
        self.assertEqual(daemon.rest_get("/admin/loggers/late"),
                         (404, {"error_code": 404, "message": "Logger late not found."}))
        self.assertEqual(self.put_level(daemon, "late", "WARN"), (200, ["late"]))
        self.assertEqual(daemon.rest_get("/admin/loggers/late")[1]["level"], "WARN")

        append_lines(self.path("late.txt"), ["x"])
        status, body = daemon.rest_call("POST", "/connectors", {"name": "late", "config": {
            "connector.class": FILE_SOURCE_CLASS, "file": self.path("late.txt"), "topic": "ctrl-topic"}})
        self.assertEqual(status, 201, body)
        self.wait_task_state(daemon, "late", "RUNNING")
        self.assertEqual(daemon.rest_call("PUT", "/connectors/ctrl/pause"), (202, ""))
        daemon.wait_for_log(r"INFO  \[ctrl-0\] task paused")
        wait_for_messages(broker.bootstrap, "ctrl-topic", 2)
        self.assertNotRegex(daemon.log(), r"\[late(-0)?\]")
        # The task's logger exists now and inherits WARN without a level of its own.
        self.assertEqual(daemon.rest_get("/admin/loggers/late-0"), (200, {"level": "WARN", "last_modified": None}))
        daemon.stop()

    def test_debug_lines_appear_and_stop_with_the_level(self):
        # librdkafka logs each produce request at debug level through the "kafka.<client>" loggers.
        broker, daemon = self.start(["src"], extra={"producer.debug": "msg"})
        debug_line = re.compile(r"DEBUG \[kafka\.connector-src-0#producer-\d+\]")
        wait_for_messages(broker.bootstrap, "src-topic", 1)
        self.assertNotRegex(daemon.log(), debug_line, "DEBUG lines are hidden at the default INFO")

        status, names = self.put_level(daemon, "kafka", "DEBUG")
        self.assertEqual(status, 200, names)
        self.assertEqual(names, sorted(names))
        self.assertIn("kafka", names)
        producers = [n for n in names if re.fullmatch(r"kafka\.connector-src-0#producer-\d+", n)]
        self.assertEqual(len(producers), 1, names)
        self.assertTrue(all(n == "kafka" or n.startswith("kafka.") for n in names), names)
        quoted = urllib.parse.quote(producers[0], safe="")
        self.assertEqual(daemon.rest_get(f"/admin/loggers/{quoted}")[1]["level"], "DEBUG")

        append_lines(self.path("src.txt"), ["second"])
        wait_for_messages(broker.bootstrap, "src-topic", 2)
        daemon.wait_for_log(debug_line.pattern)

        self.assertEqual(self.put_level(daemon, "kafka", "WARN")[0], 200)
        time.sleep(0.5)  # a line that passed the check just before the change may still be written
        seen = len(daemon.log())
        append_lines(self.path("src.txt"), ["third"])
        wait_for_messages(broker.bootstrap, "src-topic", 3)
        time.sleep(1)
        self.assertNotRegex(daemon.log()[seen:], debug_line)
        daemon.stop()

    def test_scopes_root_and_every_error(self):
        _, daemon = self.start(["src"])
        not_specified = {"error_code": 400, "message": "Desired 'level' parameter was not specified in request."}
        for body in ({}, {"level": None}, {"lvl": "DEBUG"}):
            self.assertEqual(daemon.rest_call("PUT", "/admin/loggers/src", body), (400, not_specified), body)
        for level in ("verbose", "ALL", "", 5):
            self.assertEqual(daemon.rest_call("PUT", "/admin/loggers/src", {"level": level}),
                             (404, {"error_code": 404, "message": f"invalid log level '{level}'."}), level)
        status, body = daemon.rest_call("PUT", "/admin/loggers/src", '{"level": ')
        self.assertEqual(status, 400)
        self.assertTrue(body["message"].startswith("Request body is not valid JSON: "), body)
        status, body = daemon.rest_call("PUT", "/admin/loggers/src", ["DEBUG"])
        self.assertEqual(status, 400)
        self.assertEqual(body["message"], 'Request body must be a JSON object such as {"level": "DEBUG"}')
        # None of that changed anything or created a logger.
        self.assertEqual(daemon.rest_get("/admin/loggers"),
                         (200, {"root": {"level": "INFO", "last_modified": None}}))
        self.assertEqual(daemon.rest_get("/admin/loggers/nope"),
                         (404, {"error_code": 404, "message": "Logger nope not found."}))

        not_allowed = {"error_code": 405, "message": "HTTP 405 Method Not Allowed"}
        self.assertEqual(daemon.rest_call("POST", "/admin/loggers", {"level": "DEBUG"}), (405, not_allowed))
        self.assertEqual(daemon.rest_call("PUT", "/admin/loggers", {"level": "DEBUG"}), (405, not_allowed))
        self.assertEqual(daemon.rest_call("DELETE", "/admin/loggers/src"), (405, not_allowed))
        self.assertEqual(daemon.rest_get("/admin/other"),
                         (404, {"error_code": 404, "message": "Unknown endpoint GET /admin/other"}))
        self.assertEqual(daemon.rest_get("/admin/loggers/src/x"),
                         (404, {"error_code": 404, "message": "Unknown endpoint GET /admin/loggers/src/x"}))

        # scope=cluster: the same change (this worker is the whole cluster), answered with 204.
        self.assertEqual(self.put_level(daemon, "src", "ERROR", scope="cluster"), (204, ""))
        self.assertEqual(daemon.rest_get("/admin/loggers/src-0")[1]["level"], "ERROR")
        self.assertEqual(self.put_level(daemon, "src", "TRACE", scope="worker"), (200, ["src", "src-0"]))
        # An unknown scope is treated as worker, with a warning, as Kafka does.
        self.assertEqual(self.put_level(daemon, "src", "FATAL", scope="galaxy"), (200, ["src", "src-0"]))
        daemon.wait_for_log(r"WARN  \[rest\.loggers\] Received invalid scope 'galaxy' in request to adjust "
                            r"logging level; will default to worker")
        self.assertEqual(daemon.rest_get("/admin/loggers/src")[1]["level"], "FATAL")

        # The root by any case: every logger, the root included.
        status, names = self.put_level(daemon, "ROOT", "off")
        self.assertEqual(status, 200, names)
        self.assertEqual(names, sorted(names))
        for name in ("root", "connectd", "src", "src-0", "rest.loggers"):
            self.assertIn(name, names)
        self.assertEqual(daemon.rest_get("/admin/loggers/Root")[1]["level"], "OFF")
        status, levels = daemon.rest_get("/admin/loggers")
        self.assertEqual(status, 200)
        self.assertEqual(set(levels), set(names))
        self.assertTrue(all(v["level"] == "OFF" and isinstance(v["last_modified"], int) for v in levels.values()),
                        levels)
        seen = len(daemon.log())
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/pause"), (202, ""))
        self.wait_task_state(daemon, "src", "PAUSED")
        self.assertEqual(daemon.log()[seen:], "", "OFF everywhere: not a line")
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
