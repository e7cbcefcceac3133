"""The transform library inside a running connectd: a FileStreamSource whose records go through a chain
of Kafka's transforms (HoistField, InsertField, InsertHeader, SetSchemaMetadata, Flatten, MaskField,
HeaderFrom, DropHeaders, and a Filter whose predicate matches nothing); the bytes on Kafka and the headers are read with kcat."""

import json
import unittest

from harness import (ConnectdTestCase, FILE_SOURCE_CLASS, JSON_CONVERTER, append_lines, consume_raw, free_port,
                     wait_for_messages)

T = "org.apache.kafka.connect.transforms."


class TransformChainTest(ConnectdTestCase):

    def test_a_chain_of_kafka_transforms_shapes_values_and_headers(self):
        self.broker = self.start_broker(topics={"lines": 1})
        source = self.path("input.txt")
        append_lines(source, ["42", "skip-me", "7"])
        port = free_port()
        worker = self.write_worker(self.worker_config(self.broker.bootstrap, rest_port=port,
                                                      extra={"value.converter": JSON_CONVERTER}))
        chain = {
            "transforms": "drop,hoist,nest,origin,flatten,meta,secret,mask,copy,clean",
            "transforms.drop.type": T + "Filter", "transforms.drop.predicate": "skipped",
            "predicates": "skipped",
            "predicates.skipped.type": T + "predicates.TopicNameMatches", "predicates.skipped.pattern": "never",
            "transforms.hoist.type": T + "HoistField$Value", "transforms.hoist.field": "n",
            "transforms.nest.type": T + "HoistField$Value", "transforms.nest.field": "outer",
            "transforms.origin.type": T + "InsertHeader", "transforms.origin.header": "origin",
            "transforms.origin.value.literal": "files",
            "transforms.flatten.type": T + "Flatten$Value", "transforms.flatten.delimiter": "_",
            "transforms.meta.type": T + "SetSchemaMetadata$Value", "transforms.meta.schema.name": "com.example.Line",
            "transforms.meta.schema.version": "3",
            "transforms.secret.type": T + "InsertField$Value", "transforms.secret.static.field": "secret",
            "transforms.secret.static.value": "hunter2",
            "transforms.mask.type": T + "MaskField$Value", "transforms.mask.fields": "secret",
            "transforms.copy.type": T + "HeaderFrom$Value", "transforms.copy.fields": "outer_n",
            "transforms.copy.headers": "n", "transforms.copy.operation": "copy",
            "transforms.clean.type": T + "DropHeaders", "transforms.clean.headers": "origin",
        }
        conn = self.write_connector("chain", {"connector.class": FILE_SOURCE_CLASS, "tasks.max": 1, "file": source,
                                              "topic": "lines", **chain})
        daemon = self.start_connectd(worker, [conn], rest_port=port).wait_ready()
        wait_for_messages(self.broker.bootstrap, "lines", 3)
        raw = consume_raw(self.broker.bootstrap, "lines", "%h\x1f%s\x1e").decode()
        records = [r.split("\x1f") for r in raw.split("\x1e")[:-1]]
        values = [json.loads(v) for _, v in records]
        self.assertEqual(values[0]["payload"], {"outer_n": "42", "secret": ""})
        self.assertEqual(values[0]["schema"]["name"], "com.example.Line")
        self.assertEqual(values[0]["schema"]["version"], 3)
        self.assertEqual([f["field"] for f in values[0]["schema"]["fields"]], ["outer_n", "secret"])
        self.assertEqual([v["payload"]["outer_n"] for v in values], ["42", "skip-me", "7"])
        # origin was inserted and dropped again; n was copied from the value.
        self.assertEqual([h for h, _ in records], ["n=42", "n=skip-me", "n=7"])
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
