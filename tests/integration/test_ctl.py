"""`connectd ctl`, the operator CLI, run as a real process against a running connectd: every
command's output is checked against what the REST API itself answers (read with urllib), and
every change it makes is checked over REST."""

import json
import os
import re
import subprocess
import unittest
import urllib.parse

from harness import (ConnectdTestCase, FILE_SINK_CLASS, FILE_SOURCE_CLASS, append_lines, connectd_bin, free_port,
                     wait_until)

CTL_TIMEOUT = 60


def table_rows(text):
    """The cells of a kubectl-style table: columns are separated by two or more spaces."""
    return [re.split(r" {2,}", line) for line in text.splitlines()]


class CtlTest(ConnectdTestCase):

    # ------------------------------------------------------------------ helpers

    def start_worker(self, topics=None):
        broker = self.start_broker(topics=topics or {"lines": 1})
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port))
        self.daemon = self.start_connectd(worker, [], rest_port=port).wait_ready()
        self.url = f"http://127.0.0.1:{port}"
        return self.daemon

    def ctl(self, *args, url=None, env=None):
        """Runs `connectd ctl --url URL ARGS...` (no --url when url is False); returns the
        CompletedProcess with text stdout and stderr."""
        argv = [connectd_bin(), "ctl"]
        if url is not False:
            argv += ["--url", url or self.url]
        argv += list(args)
        full_env = {k: v for k, v in os.environ.items() if k != "CONNECTD_URL"}
        full_env.update(env or {})
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env,
                              timeout=CTL_TIMEOUT, stdin=subprocess.DEVNULL)

    def ctl_ok(self, *args, **kwargs):
        result = self.ctl(*args, **kwargs)
        self.assertEqual(result.returncode, 0, f"ctl {' '.join(args)} failed:\n{result.stderr}")
        return result

    def ctl_error(self, code, *args, **kwargs):
        """Runs ctl expecting exit `code` and nothing on stdout; returns stderr."""
        result = self.ctl(*args, **kwargs)
        self.assertEqual(result.returncode, code, f"ctl {' '.join(args)}: stdout {result.stdout!r}, "
                                                  f"stderr {result.stderr!r}")
        self.assertEqual(result.stdout, "")
        return result.stderr

    def rest(self, method, path, body=None):
        return self.daemon.rest_call(method, path, body)

    def create_source(self, name, lines=("a", "b")):
        source_file = self.path(f"{name}.txt")
        append_lines(source_file, list(lines))
        config = {"connector.class": FILE_SOURCE_CLASS, "file": source_file, "topic": "lines"}
        status, body = self.rest("POST", "/connectors", {"name": name, "config": config})
        self.assertEqual(status, 201, body)
        self.wait_state(name, "RUNNING", ["RUNNING"])
        return source_file, config

    def wait_state(self, name, connector_state, task_states):
        path = f"/connectors/{urllib.parse.quote(name, safe='')}/status"

        def matches():
            status, body = self.daemon.rest_get(path)
            self.assertEqual(status, 200, body)
            return (body["connector"]["state"] == connector_state and
                    [t["state"] for t in body["tasks"]] == task_states)
        wait_until(matches, timeout=30, what=f"{name} {connector_state} with tasks {task_states}")

    # ------------------------------------------------------------------ get

    def test_get_connectors_table_and_json(self):
        self.start_worker({"lines": 1})
        self.assertEqual(self.ctl_ok("get", "connectors").stdout, "")
        self.create_source("src")
        status, body = self.rest("PUT", "/connectors/sink/config", {
            "connector.class": FILE_SINK_CLASS, "file": self.path("out.txt"), "topics": "lines"})
        self.assertEqual(status, 201, body)
        self.wait_state("sink", "RUNNING", ["RUNNING"])

        result = self.ctl_ok("get", "connectors")
        lines = result.stdout.splitlines()
        self.assertEqual(table_rows(result.stdout), [
            ["NAME", "TYPE", "STATE", "TASKS", "CLASS"],
            ["sink", "sink", "RUNNING", "1/1", FILE_SINK_CLASS],
            ["src", "source", "RUNNING", "1/1", FILE_SOURCE_CLASS],
        ])
        # Columns line up: each header word starts where its cells start.
        for word in ("TYPE", "STATE", "TASKS", "CLASS"):
            column = lines[0].index(word)
            for line in lines[1:]:
                self.assertNotEqual(line[column], " ", f"{word} column in {line!r}")
                self.assertEqual(line[column - 1], " ", f"{word} column in {line!r}")
        self.assertFalse(any(line.endswith(" ") for line in lines), "no trailing spaces")

        result = self.ctl_ok("-o", "json", "get", "connectors")
        self.assertEqual(json.loads(result.stdout),
                         self.daemon.rest_get("/connectors?expand=status&expand=info")[1])
        self.assertIn('\n  "s', result.stdout, "pretty-printed with two-space indent")

        # --url comes from $CONNECTD_URL when not given.
        result = self.ctl_ok("get", "connectors", url=False, env={"CONNECTD_URL": self.url})
        self.assertEqual(len(result.stdout.splitlines()), 3)

    def test_get_plugins(self):
        self.start_worker()
        result = self.ctl_ok("get", "plugins")
        rows = table_rows(result.stdout)
        self.assertEqual(rows[0], ["CLASS", "TYPE", "VERSION"])
        _, plugins = self.daemon.rest_get("/connector-plugins?connectorsOnly=false")
        self.assertEqual([row[0] for row in rows[1:]], [p["class"] for p in plugins])
        self.assertIn([FILE_SOURCE_CLASS, "source"], [row[:2] for row in rows[1:]])
        self.assertEqual(json.loads(self.ctl_ok("get", "plugins", "-o", "json").stdout), plugins)

    # ------------------------------------------------------------------ apply

    def test_apply_properties_and_json_files(self):
        self.start_worker({"lines": 1, "other": 1})
        in_file = self.path("in.txt")
        append_lines(in_file, ["x"])
        props = self.write_connector("from-props", {"connector.class": FILE_SOURCE_CLASS, "file": in_file,
                                                    "topic": "lines", "tasks.max": 1})
        rest_shape = self.write_connector("from-json", {"connector.class": FILE_SINK_CLASS,
                                                        "file": self.path("out.txt"), "topics": "lines"}, as_json=True)
        flat = self.path("flat.json")
        with open(flat, "w", encoding="utf-8") as out:
            json.dump({"name": "flat", "connector.class": FILE_SINK_CLASS, "file": self.path("flat.txt"),
                       "topics": "lines", "tasks.max": 1}, out)

        result = self.ctl_ok("apply", "-f", props, "-f", rest_shape, "--filename", flat)
        self.assertEqual(result.stdout, "connector from-props created\nconnector from-json created\n"
                                        "connector flat created\n")
        self.assertEqual(self.daemon.rest_get("/connectors/from-props/config"), (200, {
            "name": "from-props", "connector.class": FILE_SOURCE_CLASS, "file": in_file, "topic": "lines",
            "tasks.max": "1"}))
        self.assertEqual(self.daemon.rest_get("/connectors/from-json/config"), (200, {
            "name": "from-json", "connector.class": FILE_SINK_CLASS, "file": self.path("out.txt"),
            "topics": "lines"}))
        self.assertEqual(self.daemon.rest_get("/connectors/flat/config")[1]["tasks.max"], "1",
                         "a JSON number is sent as its text")
        self.assertEqual(sorted(self.daemon.rest_get("/connectors")[1]), ["flat", "from-json", "from-props"])

        # Applying a changed file updates the connector.
        self.write_connector("from-props", {"connector.class": FILE_SOURCE_CLASS, "file": in_file, "topic": "other"})
        result = self.ctl_ok("apply", "-f", props)
        self.assertEqual(result.stdout, "connector from-props configured\n")
        self.assertEqual(self.daemon.rest_get("/connectors/from-props/config")[1]["topic"], "other")

        # -o json prints the worker's answer.
        result = self.ctl_ok("apply", "-f", props, "-o", "json")
        self.assertEqual(json.loads(result.stdout), self.daemon.rest_get("/connectors/from-props")[1])

    def test_apply_errors(self):
        self.start_worker()
        stderr = self.ctl_error(1, "apply", "-f", self.path("missing.properties"))
        self.assertTrue(stderr.startswith("connectd ctl: "), stderr)
        self.assertIn(self.path("missing.properties"), stderr)

        # A file the worker refuses: its message and status; nothing created.
        bad = self.write_connector("bad", {"connector.class": FILE_SOURCE_CLASS, "file": self.path("x.txt")})
        stderr = self.ctl_error(1, "apply", "-f", bad)
        self.assertRegex(stderr, re.compile(r"^connectd ctl: .*topic.* \(HTTP 400\)\n$", re.S))
        self.assertEqual(self.daemon.rest_get("/connectors"), (200, []))

        # Every file is read before anything is sent: a broken second file changes nothing.
        good = self.write_connector("good", {"connector.class": FILE_SINK_CLASS, "file": self.path("o.txt"),
                                             "topics": "lines"})
        broken = self.path("broken.json")
        with open(broken, "w", encoding="utf-8") as out:
            out.write('{"name": "broken", "config": {')
        stderr = self.ctl_error(1, "apply", "-f", good, "-f", broken)
        self.assertIn(broken, stderr)
        self.assertIn("invalid JSON", stderr)
        self.assertEqual(self.daemon.rest_get("/connectors"), (200, []))

    # ------------------------------------------------------------------ describe and delete

    def test_describe(self):
        self.start_worker()
        source_file, config = self.create_source("src")
        result = self.ctl_ok("describe", "connector", "src")
        lines = result.stdout.splitlines()
        _, status = self.daemon.rest_get("/connectors/src/status")
        self.assertEqual(lines[:6], [
            "Name:     src",
            f"Class:    {FILE_SOURCE_CLASS}",
            "Type:     source",
            "State:    RUNNING",
            f"Worker:   {status['connector']['worker_id']}",
            "Config:",
        ])
        full_config = {**config, "name": "src"}
        self.assertEqual(lines[6:6 + len(full_config)], [f"  {k} = {full_config[k]}" for k in sorted(full_config)])
        rest = lines[6 + len(full_config):]
        self.assertEqual(rest[0], "Tasks:")
        self.assertEqual(table_rows("\n".join(line.strip() for line in rest[1:3])), [
            ["ID", "STATE", "WORKER"], ["0", "RUNNING", status["tasks"][0]["worker_id"]]])
        topics_status, topics = self.daemon.rest_get("/connectors/src/topics")
        if topics_status == 200:
            self.assertEqual(rest[3:], [f"Topics:   {', '.join(topics['src']['topics']) or '<none>'}"])
        else:
            self.assertEqual(rest[3:], [], "no Topics line when the worker does not track topics")

        # A failed task's trace is shown in full under the tasks, indented.
        status, body = self.rest("PUT", "/connectors/broken/config", {
            "connector.class": FILE_SINK_CLASS, "file": self.path("no-such-dir", "out.txt"), "topics": "lines"})
        self.assertEqual(status, 201, body)
        self.wait_state("broken", "RUNNING", ["FAILED"])
        trace = self.daemon.connector_status("broken")["tasks"][0]["trace"]
        page = self.ctl_ok("describe", "connector", "broken").stdout
        self.assertIn("  0    FAILED   ", page)
        self.assertIn("Task 0 trace:\n" + "".join(f"    {line}\n" for line in trace.split("\n")), page)

        described = json.loads(self.ctl_ok("describe", "connector", "src", "-o", "json").stdout)
        expected = {"info": self.daemon.rest_get("/connectors/src")[1],
                    "status": self.daemon.rest_get("/connectors/src/status")[1]}
        if topics_status == 200:
            expected["topics"] = self.daemon.rest_get("/connectors/src/topics")[1]
        self.assertEqual(described, expected)

    def test_delete(self):
        self.start_worker()
        self.create_source("src")
        self.create_source("keep")
        self.assertEqual(self.ctl_ok("delete", "src").stdout, "connector src deleted\n")
        self.assertEqual(self.daemon.rest_get("/connectors"), (200, ["keep"]))
        self.assertEqual(self.ctl_error(1, "delete", "src"), "connectd ctl: Connector src not found (HTTP 404)\n")

    # ------------------------------------------------------------------ errors

    def test_unknown_connector(self):
        self.start_worker()
        for args in (("describe", "connector", "no-such-connector"), ("pause", "no-such-connector"),
                     ("offsets", "no-such-connector"), ("restart", "no-such-connector", "--task", "0")):
            stderr = self.ctl_error(1, *args)
            self.assertTrue(stderr.startswith("connectd ctl: "), stderr)
            self.assertIn("no-such-connector", stderr)
            self.assertTrue(stderr.endswith("(HTTP 404)\n"), stderr)

    def test_name_with_reserved_characters_reaches_the_worker(self):
        self.start_worker()
        self.create_source("a b&c")
        self.assertIn("Name:     a b&c\n", self.ctl_ok("describe", "connector", "a b&c").stdout)
        self.assertEqual(self.ctl_ok("delete", "a b&c").stdout, "connector a b&c deleted\n")
        self.assertEqual(self.daemon.rest_get("/connectors"), (200, []))

    def test_unreachable_worker(self):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        stderr = self.ctl_error(1, "get", "connectors", url=url)
        self.assertTrue(stderr.startswith(f"connectd ctl: cannot reach connectd at {url}: "), stderr)
        self.assertIn("--url", stderr)
        stderr = self.ctl_error(1, "get", "connectors", url=False, env={"CONNECTD_URL": url})
        self.assertIn(url, stderr)

    def test_usage_errors(self):
        self.url = "http://127.0.0.1:1"  # never contacted: usage errors come first
        for args in ((), ("frobnicate",), ("get",), ("get", "tasks"), ("describe", "src"), ("pause",),
                     ("apply",), ("get", "connectors", "-o", "yaml"), ("get", "connectors", "--bogus"),
                     ("restart", "src", "--task", "x"), ("restart", "src", "--task", "0", "--include-tasks"),
                     ("pause", "src", "--only-failed")):
            stderr = self.ctl_error(2, *args)
            self.assertTrue(stderr.startswith("connectd ctl: "), f"{args}: {stderr}")
            self.assertIn("connectd ctl --help", stderr)
        self.assertIn("https is not supported", self.ctl_error(2, "get", "connectors", url="https://h:1"))
        self.assertIn("not of the form", self.ctl_error(2, "get", "connectors", url="h:1"))

        result = self.ctl_ok("--help", url=False)
        self.assertTrue(result.stdout.startswith("Usage: connectd ctl "), result.stdout)
        for command in ("get connectors", "describe connector NAME", "apply -f FILE", "restart NAME --task N",
                        "offsets NAME"):
            self.assertIn(command, result.stdout)

    # ------------------------------------------------------------------ lifecycle

    def test_pause_resume_stop(self):
        self.start_worker()
        self.create_source("src")
        self.assertEqual(self.ctl_ok("pause", "src").stdout, "connector src paused\n")
        self.wait_state("src", "PAUSED", ["PAUSED"])
        self.assertEqual(table_rows(self.ctl_ok("get", "connectors").stdout)[1][:4], ["src", "source", "PAUSED", "0/1"])
        self.assertEqual(self.ctl_ok("resume", "src").stdout, "connector src resumed\n")
        self.wait_state("src", "RUNNING", ["RUNNING"])
        self.assertEqual(self.ctl_ok("stop", "src").stdout, "connector src stopped\n")
        self.wait_state("src", "STOPPED", [])
        self.assertIn("State:    STOPPED\n", self.ctl_ok("describe", "connector", "src").stdout)
        self.assertEqual(self.ctl_ok("resume", "src").stdout, "connector src resumed\n")
        self.wait_state("src", "RUNNING", ["RUNNING"])

    def test_restart(self):
        self.start_worker()
        self.create_source("src")
        self.assertEqual(self.ctl_ok("restart", "src").stdout, "connector src restarted\n")
        self.wait_state("src", "RUNNING", ["RUNNING"])
        self.assertEqual(self.ctl_ok("restart", "src", "--task", "0").stdout, "task 0 of connector src restarted\n")
        self.wait_state("src", "RUNNING", ["RUNNING"])
        # includeTasks makes it asynchronous (202) in Kafka Connect; -o json shows the plan.
        self.assertEqual(self.ctl_ok("restart", "src", "--include-tasks").stdout, "connector src restart requested\n")
        self.wait_state("src", "RUNNING", ["RUNNING"])
        planned = json.loads(self.ctl_ok("restart", "src", "--include-tasks", "--only-failed", "-o", "json").stdout)
        self.assertEqual((planned["name"], planned["type"]), ("src", "source"))
        self.assertEqual([t["id"] for t in planned["tasks"]], [0])
        self.wait_state("src", "RUNNING", ["RUNNING"])
        stderr = self.ctl_error(1, "restart", "src", "--task", "7")
        self.assertEqual(stderr, "connectd ctl: Task src-7 not found (HTTP 404)\n")

    def test_offsets(self):
        self.start_worker({"lines": 1, "empty": 1})
        source_file, _ = self.create_source("src", lines=("one", "two"))

        def offsets():
            status, body = self.daemon.rest_get("/connectors/src/offsets")
            self.assertEqual(status, 200, body)
            return body if body["offsets"] and body["offsets"][0]["offset"].get("position") == 8 else None

        body = wait_until(offsets, timeout=30, what="the source offset after two lines")
        result = self.ctl_ok("offsets", "src")
        self.assertEqual(table_rows(result.stdout), [
            ["PARTITION", "OFFSET"],
            [json.dumps({"filename": source_file}, separators=(",", ":")), '{"position":8}'],
        ])
        self.assertEqual(json.loads(self.ctl_ok("offsets", "src", "-o", "json").stdout), body)

        # A sink that has consumed nothing yet has no offsets: a note on stderr, no table.
        status, _ = self.rest("PUT", "/connectors/idle/config", {
            "connector.class": FILE_SINK_CLASS, "file": self.path("idle.txt"), "topics": "empty"})
        self.assertEqual(status, 201)
        result = self.ctl_ok("offsets", "idle")
        self.assertEqual((result.stdout, result.stderr), ("", "No offsets found for connector idle.\n"))


if __name__ == "__main__":
    unittest.main()
