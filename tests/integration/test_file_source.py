"""FileStreamSource -> Kafka (mock broker): exact topic bytes, following a growing file, aliases."""

import json
import time
import unittest

from harness import (ConnectdTestCase, FILE_SOURCE_CLASS, JSON_CONVERTER, STRING_CONVERTER, append_lines,
                     consume_records, consume_values, free_port, wait_for_messages)

LINES = ["hello", "second line", "tab\tand spaces  ", "unicode: é ü 日本", '{"looks":"like json"}', "last"]


class FileSourceTest(ConnectdTestCase):

    def start_source(self, converter, schemas_enable=None, topic="lines", connector_class=FILE_SOURCE_CLASS,
                     lines=LINES, partitions=1, connector_extra=None, worker_extra=None):
        self.broker = self.start_broker(topics={topic: partitions})
        self.input = self.path("input.txt")
        append_lines(self.input, lines)
        extra = {"value.converter": converter}
        if schemas_enable is not None:
            extra["value.converter.schemas.enable"] = str(schemas_enable).lower()
        extra.update(worker_extra or {})
        port = free_port()
        worker = self.write_worker(self.worker_config(self.broker.bootstrap, rest_port=port, extra=extra))
        conn = self.write_connector("file-source", {"connector.class": connector_class, "tasks.max": 1,
                                                    "file": self.input, "topic": topic, **(connector_extra or {})})
        return self.start_connectd(worker, [conn], rest_port=port).wait_ready()

    def test_string_converter_writes_each_line_as_is_with_null_key(self):
        daemon = self.start_source(STRING_CONVERTER)
        wait_for_messages(self.broker.bootstrap, "lines", len(LINES))
        records = consume_records(self.broker.bootstrap, "lines")
        self.assertEqual([r["value"] for r in records], LINES)
        self.assertEqual([r["key_len"] for r in records], [-1] * len(LINES), "keys must be null")
        self.assertEqual([r["offset"] for r in records], list(range(len(LINES))))

        status = daemon.connector_status("file-source")
        self.assertEqual(status["name"], "file-source")
        self.assertEqual(status["type"], "source")
        self.assertEqual(status["connector"]["state"], "RUNNING")
        self.assertEqual([(t["id"], t["state"]) for t in status["tasks"]], [(0, "RUNNING")])
        daemon.stop()

    def test_json_converter_with_schemas_writes_the_exact_envelope(self):
        # A JsonConverter key converter too: a null key stays null (no {"schema":null,...} envelope).
        daemon = self.start_source(JSON_CONVERTER, schemas_enable=True,
                                   worker_extra={"key.converter": JSON_CONVERTER,
                                                 "key.converter.schemas.enable": "true"})
        wait_for_messages(self.broker.bootstrap, "lines", len(LINES))
        records = consume_records(self.broker.bootstrap, "lines")
        expected = ['{"schema":{"type":"string","optional":false},"payload":' + json.dumps(line, ensure_ascii=False)
                    + "}" for line in LINES]
        self.assertEqual(records[0]["value"], '{"schema":{"type":"string","optional":false},"payload":"hello"}')
        self.assertEqual([r["value"] for r in records], expected)
        self.assertEqual([r["key_len"] for r in records], [-1] * len(LINES), "keys must be null")
        daemon.stop()

    def test_json_converter_without_schemas_writes_a_json_string(self):
        daemon = self.start_source(JSON_CONVERTER, schemas_enable=False, lines=["hello", 'say "hi"'])
        wait_for_messages(self.broker.bootstrap, "lines", 2)
        self.assertEqual(consume_values(self.broker.bootstrap, "lines"), ['"hello"', '"say \\"hi\\""'])
        daemon.stop()

    def test_lines_appended_while_running_arrive_in_order(self):
        daemon = self.start_source(STRING_CONVERTER)
        wait_for_messages(self.broker.bootstrap, "lines", len(LINES))
        more = [f"appended {i}" for i in range(200)]
        append_lines(self.input, more[:100])
        wait_for_messages(self.broker.bootstrap, "lines", len(LINES) + 100)
        append_lines(self.input, more[100:])
        wait_for_messages(self.broker.bootstrap, "lines", len(LINES) + 200)
        self.assertEqual(consume_values(self.broker.bootstrap, "lines"), LINES + more)
        daemon.stop()

    def test_small_batch_size_keeps_order(self):
        lines = [f"batched {i}" for i in range(250)]
        daemon = self.start_source(STRING_CONVERTER, lines=lines, connector_extra={"batch.size": 7})
        wait_for_messages(self.broker.bootstrap, "lines", len(lines))
        self.assertEqual(consume_values(self.broker.bootstrap, "lines"), lines)
        daemon.stop()

    def test_partial_last_line_waits_for_its_newline(self):
        daemon = self.start_source(STRING_CONVERTER, lines=["complete"])
        wait_for_messages(self.broker.bootstrap, "lines", 1)
        with open(self.input, "a", encoding="utf-8") as f:
            f.write("half a li")
        # Give the task several poll rounds; the unterminated line must not be emitted yet.
        time.sleep(1.5)
        self.assertEqual(consume_values(self.broker.bootstrap, "lines"), ["complete"])
        with open(self.input, "a", encoding="utf-8") as f:
            f.write("ne\nnext\n")
        wait_for_messages(self.broker.bootstrap, "lines", 3)
        self.assertEqual(consume_values(self.broker.bootstrap, "lines"), ["complete", "half a line", "next"])
        daemon.stop()

    def test_crlf_cr_and_empty_lines_split_like_kafka(self):
        # Kafka's FileStreamSourceTask ends a line at "\n", "\r\n" or a lone "\r", and emits
        # empty lines as empty strings.
        self.broker = self.start_broker(topics={"lines": 1})
        self.input = self.path("input.txt")
        with open(self.input, "wb") as f:
            f.write(b"dos line\r\nunix line\n\nold mac\rend\n")
        port = free_port()
        worker = self.write_worker(self.worker_config(self.broker.bootstrap, rest_port=port))
        conn = self.write_connector("file-source", {"connector.class": FILE_SOURCE_CLASS, "file": self.input,
                                                    "topic": "lines"})
        daemon = self.start_connectd(worker, [conn], rest_port=port).wait_ready()
        wait_for_messages(self.broker.bootstrap, "lines", 5)
        values = [r["value"] for r in consume_records(self.broker.bootstrap, "lines")]
        self.assertEqual(values, ["dos line", "unix line", "", "old mac", "end"])
        daemon.stop()

    def test_all_three_class_spellings_run_in_one_process(self):
        spellings = [FILE_SOURCE_CLASS, "FileStreamSource", "FileStreamSourceConnector"]
        broker = self.start_broker(topics={f"t{i}": 1 for i in range(3)})
        port = free_port()
        worker = self.write_worker(self.worker_config(broker.bootstrap, rest_port=port))
        connectors = []
        for i, spelling in enumerate(spellings):
            path = self.path(f"in{i}.txt")
            append_lines(path, [f"from {spelling} {n}" for n in range(3)])
            # One of them as JSON, to cover both connector file formats.
            connectors.append(self.write_connector(f"src{i}", {"connector.class": spelling, "file": path,
                                                               "topic": f"t{i}"}, as_json=(i == 1)))
        daemon = self.start_connectd(worker, connectors, rest_port=port).wait_ready()
        for i, spelling in enumerate(spellings):
            wait_for_messages(broker.bootstrap, f"t{i}", 3)
            self.assertEqual(consume_values(broker.bootstrap, f"t{i}"), [f"from {spelling} {n}" for n in range(3)])
        status, names = daemon.rest_get("/connectors")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(names), ["src0", "src1", "src2"])
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
