"""A connector's life over REST: pause, resume, stop, offsets (read, alter, reset), restart of
the connector and of a task, active topics, PATCH of its config and delete, each step checked
on the broker with kcat and kafka_offsets; then a restart of connectd that brings the
connectors created over REST back in the state they were left in."""

import time
import unittest

from harness import (ConnectdTestCase, FILE_SINK_CLASS, FILE_SOURCE_CLASS, append_lines, committed_offsets,
                     consume_values, end_offset_sum, free_port, produce_lines, read_text, wait_for_messages,
                     wait_until)

# How long a paused or stopped connector is watched for records it must not produce.
QUIET_SECONDS = 2.0


class RestLifecycleTest(ConnectdTestCase):

    def start(self, topics, rest_extra=None):
        broker = self.start_broker(topics=topics)
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port, extra=rest_extra or {}))
        daemon = self.start_connectd(worker, [], rest_port=port).wait_ready()
        return broker, worker, daemon

    def wait_state(self, daemon, name, connector_state, task_states):
        def matches():
            body = daemon.connector_status(name)
            return (body["connector"]["state"] == connector_state and
                    [t["state"] for t in body["tasks"]] == task_states)
        wait_until(matches, timeout=30, what=f"{name} {connector_state} with tasks {task_states}")

    def assert_quiet(self, bootstrap, topic, count):
        time.sleep(QUIET_SECONDS)
        self.assertEqual(end_offset_sum(bootstrap, topic), count, f"nothing new on {topic}")

    def test_source_lifecycle(self):
        broker, _, daemon = self.start({"lines": 1, "other": 1})
        source_file = self.path("in.txt")
        append_lines(source_file, ["a", "b"])
        config = {"connector.class": FILE_SOURCE_CLASS, "file": source_file, "topic": "lines"}
        status, body = daemon.rest_call("POST", "/connectors", {"name": "src", "config": config})
        self.assertEqual(status, 201, body)
        wait_for_messages(broker.bootstrap, "lines", 2)
        self.wait_state(daemon, "src", "RUNNING", ["RUNNING"])
        self.assertEqual(daemon.rest_get("/connectors/src/topics"), (200, {"src": {"topics": ["lines"]}}))
        status, body = daemon.rest_get("/connectors/src/tasks/0/status")
        self.assertEqual((status, body["id"], body["state"]), (200, 0, "RUNNING"))
        self.assertEqual(daemon.rest_get("/health"), (200, {
            "status": "healthy", "message": "Worker has completed startup and is ready to handle requests."}))

        # Offsets change only while STOPPED, as in Kafka.
        status, body = daemon.rest_call("PATCH", "/connectors/src/offsets", {"offsets": [
            {"partition": {"filename": source_file}, "offset": {"position": 0}}]})
        self.assertEqual(status, 400)
        self.assertEqual(body["message"], "Connectors must be in the STOPPED state before their offsets can be "
                                          "modified. This can be done for the specified connector by issuing a "
                                          "'PUT' request to the '/connectors/src/stop' endpoint")
        self.assertEqual(daemon.rest_call("DELETE", "/connectors/src/offsets")[0], 400)

        # Pause: no new records; resume: they come.
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/pause"), (202, ""))
        self.wait_state(daemon, "src", "PAUSED", ["PAUSED"])
        append_lines(source_file, ["c"])
        self.assert_quiet(broker.bootstrap, "lines", 2)
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/pause"), (202, ""), "idempotent")
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/resume"), (202, ""))
        self.wait_state(daemon, "src", "RUNNING", ["RUNNING"])
        wait_for_messages(broker.bootstrap, "lines", 3)
        self.assertEqual(consume_values(broker.bootstrap, "lines"), ["a", "b", "c"])

        # Stop: the tasks go away, nothing is produced, the offsets are readable.
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/stop"), (204, ""))
        status, body = daemon.rest_get("/connectors/src/status")
        self.assertEqual((body["connector"]["state"], body["tasks"]), ("STOPPED", []))
        self.assertEqual(daemon.rest_get("/connectors/src")[1]["tasks"], [])
        self.assertEqual(daemon.rest_get("/connectors/src/tasks"), (200, []))
        append_lines(source_file, ["d"])
        self.assert_quiet(broker.bootstrap, "lines", 3)
        self.assertEqual(daemon.rest_get("/connectors/src/offsets"), (200, {"offsets": [
            {"partition": {"filename": source_file}, "offset": {"position": 6}}]}))

        # Alter: back to just after "a\n"; resuming re-reads b, c and reads d.
        for bad, message in [('{"offsets": [', "not valid JSON"),
                             ({"offsets": []}, "Partitions / offsets need to be provided for an alter offsets request"),
                             ({"offsets": [{"offset": {"position": 1}}]}, "Source partitions must be JSON objects"),
                             ({"offsets": [{"partition": {"filename": source_file}, "offset": 5}]},
                              "Source offsets must be JSON objects or null")]:
            status, body = daemon.rest_call("PATCH", "/connectors/src/offsets", bad)
            self.assertEqual(status, 400, bad)
            self.assertIn(message, body["message"])
        status, body = daemon.rest_call("PATCH", "/connectors/src/offsets", {"offsets": [
            {"partition": {"filename": source_file}, "offset": {"position": 2}}]})
        self.assertEqual((status, body), (200, {"message": "The offsets for this connector have been altered "
                                                           "successfully"}))
        self.assertEqual(daemon.rest_get("/connectors/src/offsets")[1]["offsets"][0]["offset"], {"position": 2})
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/resume"), (202, ""))
        self.wait_state(daemon, "src", "RUNNING", ["RUNNING"])
        wait_for_messages(broker.bootstrap, "lines", 6)
        self.assertEqual(consume_values(broker.bootstrap, "lines"), ["a", "b", "c", "b", "c", "d"])

        # Restarts: the connector alone (204), connector and tasks (202 with RESTARTING), one task.
        self.assertEqual(daemon.rest_call("POST", "/connectors/src/restart"), (204, ""))
        status, body = daemon.rest_call("POST", "/connectors/src/restart?includeTasks=true&onlyFailed=false")
        self.assertEqual(status, 202, body)
        self.assertEqual(body["connector"]["state"], "RESTARTING")
        self.assertEqual([t["state"] for t in body["tasks"]], ["RESTARTING"])
        status, body = daemon.rest_call("POST", "/connectors/src/restart?includeTasks=true&onlyFailed=true")
        self.assertEqual(status, 202, body)
        self.assertNotEqual(body["connector"]["state"], "RESTARTING", "nothing failed, nothing restarted")
        self.assertEqual(daemon.rest_call("POST", "/connectors/src/tasks/0/restart"), (204, ""))
        status, body = daemon.rest_call("POST", "/connectors/src/tasks/7/restart")
        self.assertEqual((status, body["message"]), (404, "Task src-7 not found"))
        self.wait_state(daemon, "src", "RUNNING", ["RUNNING"])
        append_lines(source_file, ["e"])
        wait_for_messages(broker.bootstrap, "lines", 7)
        self.assertEqual(consume_values(broker.bootstrap, "lines")[6:], ["e"], "restarts resume from the offset")

        # Reset: stopped, offsets forgotten, the file is read again from the start.
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/stop"), (204, ""))
        status, body = daemon.rest_call("POST", "/connectors/src/restart?includeTasks=true")
        self.assertEqual((status, body["connector"]["state"], body["tasks"]), (202, "STOPPED", []),
                         "a stopped connector is not restarted")
        self.assertEqual(daemon.rest_call("POST", "/connectors/src/restart"), (204, ""))
        self.assertEqual(daemon.connector_status("src")["connector"]["state"], "STOPPED")
        self.assertEqual(daemon.rest_call("DELETE", "/connectors/src/offsets"), (200, {
            "message": "The offsets for this connector have been reset successfully"}))
        self.assertEqual(daemon.rest_get("/connectors/src/offsets"), (200, {"offsets": []}))
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/topics/reset"), (202, ""))
        self.assertEqual(daemon.rest_get("/connectors/src/topics"), (200, {"src": {"topics": []}}))
        self.assertEqual(daemon.rest_call("PUT", "/connectors/src/resume"), (202, ""))
        wait_for_messages(broker.bootstrap, "lines", 12)
        self.assertEqual(consume_values(broker.bootstrap, "lines")[7:], ["a", "b", "c", "d", "e"])
        self.assertEqual(daemon.rest_get("/connectors/src/topics"), (200, {"src": {"topics": ["lines"]}}))

        # PATCH config: one key changed, the others kept; a null removes a key.
        status, body = daemon.rest_call("PATCH", "/connectors/src/config", {"topic": "other", "batch.size": None})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["config"], {**config, "name": "src", "topic": "other"})
        append_lines(source_file, ["f"])
        wait_for_messages(broker.bootstrap, "other", 1)
        self.assertEqual(consume_values(broker.bootstrap, "other"), ["f"])
        status, body = daemon.rest_call("PATCH", "/connectors/src/config", {"topic": None})
        self.assertEqual(status, 400, "the patched config is validated")
        self.assertIn("topic", body["message"])
        self.assertEqual(daemon.rest_call("PATCH", "/connectors/src/config", {"name": "x"})[0], 400)
        self.assertEqual(daemon.rest_call("PATCH", "/connectors/src/config", "[1]")[0], 400)

        self.assertEqual(daemon.rest_call("DELETE", "/connectors/src"), (204, ""))
        for method, path in [("PUT", "/pause"), ("PUT", "/resume"), ("PUT", "/stop"), ("POST", "/restart"),
                             ("POST", "/restart?includeTasks=true"), ("GET", "/offsets"), ("DELETE", "/offsets"),
                             ("GET", "/topics"), ("PUT", "/topics/reset"), ("GET", "/tasks/0/status"),
                             ("POST", "/tasks/0/restart"), ("PATCH", "/config")]:
            body = {"a": "b"} if method == "PATCH" else None
            status, reply = daemon.rest_call(method, "/connectors/src" + path, body)
            self.assertEqual(status, 404, f"{method} {path}: {reply}")
            self.assertEqual(reply["error_code"], 404)
            self.assertIn("src", reply["message"])
        daemon.stop()

    def test_sink_offsets(self):
        # A short consumer session: the mock broker lets a new member (the one that alters the
        # offsets) join only after the last member's session has run out.
        broker, _, daemon = self.start({"events": 1}, rest_extra={"consumer.session.timeout.ms": 6000,
                                                                  "consumer.heartbeat.interval.ms": 1000})
        produce_lines(broker.bootstrap, "events", ["one", "two", "three"])
        sink_file = self.path("out.txt")
        status, body = daemon.rest_call("PUT", "/connectors/sink/config", {
            "connector.class": FILE_SINK_CLASS, "file": sink_file, "topics": "events"})
        self.assertEqual(status, 201, body)
        wait_until(lambda: read_text(sink_file) == "one\ntwo\nthree\n", timeout=30, what="the sink file")
        self.assertEqual(daemon.rest_get("/connectors/sink/topics"), (200, {"sink": {"topics": ["events"]}}))
        self.assertEqual(daemon.rest_call("PUT", "/connectors/sink/stop"), (204, ""))
        self.assertEqual(committed_offsets(broker.bootstrap, "connect-sink", "events"), {0: 3})
        self.assertEqual(daemon.rest_get("/connectors/sink/offsets"), (200, {"offsets": [
            {"partition": {"kafka_topic": "events", "kafka_partition": 0}, "offset": {"kafka_offset": 3}}]}))

        status, body = daemon.rest_call("PATCH", "/connectors/sink/offsets", {"offsets": [
            {"partition": {"kafka_topic": "events"}, "offset": {"kafka_offset": 1}}]})
        self.assertEqual(status, 400)
        self.assertIn("kafka_partition", body["message"])
        answers = []

        def altered():
            answers.append(daemon.rest_call("PATCH", "/connectors/sink/offsets", {"offsets": [
                {"partition": {"kafka_topic": "events", "kafka_partition": 0}, "offset": {"kafka_offset": 1}}]}))
            return answers[-1][0] != 500
        wait_until(altered, timeout=40, interval=1, what="the mock broker to accept a member of connect-sink")
        self.assertEqual(answers[-1], (200, {"message": "The offsets for this connector have been altered "
                                                        "successfully"}))
        self.assertEqual(committed_offsets(broker.bootstrap, "connect-sink", "events"), {0: 1})
        self.assertEqual(daemon.rest_call("PUT", "/connectors/sink/resume"), (202, ""))
        wait_until(lambda: read_text(sink_file) == "one\ntwo\nthree\ntwo\nthree\n", timeout=30,
                   what="the sink file after the offset moved back")

        # The mock broker cannot delete committed offsets (a real Kafka can): a clear error, nothing
        # changed, and the worker carries on.
        self.assertEqual(daemon.rest_call("PUT", "/connectors/sink/stop"), (204, ""))
        status, body = daemon.rest_call("DELETE", "/connectors/sink/offsets")
        self.assertEqual(status, 500, body)
        self.assertIn("connect-sink", body["message"])
        self.assertEqual(committed_offsets(broker.bootstrap, "connect-sink", "events"), {0: 3})
        self.assertEqual(daemon.rest_call("PUT", "/connectors/sink/resume"), (202, ""))
        self.wait_state(daemon, "sink", "RUNNING", ["RUNNING"])
        daemon.stop()

    def test_restart_brings_rest_connectors_back(self):
        broker, worker, daemon = self.start({"kept": 1, "parked": 1, "held": 1})
        files = {}
        for name in ["kept", "parked", "held"]:
            files[name] = self.path(f"{name}.txt")
            append_lines(files[name], [f"{name}-1"])
        daemon.rest_call("POST", "/connectors", {"name": "kept", "config": {
            "connector.class": FILE_SOURCE_CLASS, "file": files["kept"], "topic": "kept"}})
        daemon.rest_call("POST", "/connectors", {"name": "parked", "initial_state": "STOPPED", "config": {
            "connector.class": FILE_SOURCE_CLASS, "file": files["parked"], "topic": "parked"}})
        daemon.rest_call("POST", "/connectors", {"name": "held", "initial_state": "PAUSED", "config": {
            "connector.class": FILE_SOURCE_CLASS, "file": files["held"], "topic": "held"}})
        wait_for_messages(broker.bootstrap, "kept", 1)
        self.wait_state(daemon, "held", "PAUSED", ["PAUSED"])
        self.assertEqual(daemon.connector_status("parked")["connector"]["state"], "STOPPED")
        status, body = daemon.rest_call("POST", "/connectors", {"name": "x", "initial_state": "SLEEPING", "config": {
            "connector.class": FILE_SOURCE_CLASS, "file": files["kept"], "topic": "kept"}})
        self.assertEqual(status, 400, body)
        daemon.stop()

        for name in files:
            append_lines(files[name], [f"{name}-2"])
        again = self.start_connectd(worker, [], rest_port=daemon.rest_port, name="connectd-again").wait_ready()
        self.assertEqual(again.rest_get("/connectors"), (200, ["held", "kept", "parked"]))
        self.wait_state(again, "kept", "RUNNING", ["RUNNING"])
        self.wait_state(again, "held", "PAUSED", ["PAUSED"])
        self.assertEqual(again.connector_status("parked")["connector"]["state"], "STOPPED")
        wait_for_messages(broker.bootstrap, "kept", 2)
        self.assertEqual(consume_values(broker.bootstrap, "kept"), ["kept-1", "kept-2"], "no gap, no repeat")
        self.assert_quiet(broker.bootstrap, "held", 0)
        self.assertEqual(end_offset_sum(broker.bootstrap, "parked"), 0)
        self.assertEqual(again.rest_call("PUT", "/connectors/held/resume"), (202, ""))
        wait_for_messages(broker.bootstrap, "held", 2)
        self.assertEqual(again.rest_call("DELETE", "/connectors/kept"), (204, ""))
        again.stop()

        third = self.start_connectd(worker, [], rest_port=daemon.rest_port, name="connectd-third").wait_ready()
        self.assertEqual(third.rest_get("/connectors"), (200, ["held", "parked"]), "a deleted connector stays deleted")
        self.wait_state(third, "held", "RUNNING", ["RUNNING"])
        third.stop()

    def test_request_limits_and_types(self):
        _, _, daemon = self.start({"t": 1}, rest_extra={"rest.max.request.bytes": 2000})
        big = {"name": "big", "config": {"connector.class": FILE_SOURCE_CLASS, "topic": "t", "file": "x" * 3000}}
        status, body = daemon.rest_call("POST", "/connectors", big)
        self.assertEqual(status, 400)
        self.assertIn("larger than 2000 bytes", body["message"])
        for bad in ['[]', '{"name": 5, "config": {}}', '{"name": "n", "config": []}', '{"name": "n"}',
                    '{"name": "n", "config": {"topic": {"nested": 1}}}', '']:
            status, body = daemon.rest_call("POST", "/connectors", bad)
            self.assertEqual(status, 400, f"{bad!r}: {body}")
            self.assertEqual(body["error_code"], 400)
        self.assertEqual(daemon.rest_call("PUT", "/connectors/n/config", '"text"')[0], 400)
        self.assertEqual(daemon.rest_call("GET", "/nowhere")[0], 404)
        self.assertEqual(daemon.rest_call("DELETE", "/connectors")[0], 405)
        self.assertEqual(daemon.rest_get("/connectors"), (200, []), "nothing was created")
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
