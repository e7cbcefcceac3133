"""Kafka (mock broker) -> S3SinkConnector, configured with Confluent's class name and keys -> s3rver (its
own process). Object names and contents are read back with botocore and compared with what Confluent's
S3 sink writes: each partitioner and format, rotation by size, record time and wall clock, gzip,
multipart uploads, kill -9 and restart giving exactly the objects of an uninterrupted run, and a
missing bucket failing the task with S3's error code.

Needs botocore and confluent_kafka (Debian: python3-botocore, python3-confluent-kafka) and s3rver
(tests/run.sh installs it with npm); re-runs itself under /usr/bin/python3 when the running
interpreter lacks the modules."""

import gzip
import json
import time
import unittest

import s3rver_server
from harness import (BYTE_ARRAY_CONVERTER, ConnectdTestCase, JSON_CONVERTER, free_port, wait_until,
                     rerun_under_system_python)

try:
    import confluent_kafka
except ImportError:
    confluent_kafka = None
    rerun_under_system_python(__file__)

S3_SINK = "io.confluent.connect.s3.S3SinkConnector"
BUCKET = "lake"
JSON_FORMAT = "io.confluent.connect.s3.format.json.JsonFormat"
BYTES_FORMAT = "io.confluent.connect.s3.format.bytearray.ByteArrayFormat"


class S3SinkTest(ConnectdTestCase):

    def setUp(self):
        reason = s3rver_server.missing() or (None if confluent_kafka else "confluent_kafka is missing")
        if reason:
            self.skipTest(reason)
        self.s3 = s3rver_server.S3rver(self.tmp, BUCKET).start()
        self.addCleanup(self.s3.stop)

    def start_sink(self, topics, config, value_converter=JSON_CONVERTER, name="s3-sink", schemas=False):
        self.broker = getattr(self, "broker", None) or self.start_broker(topics={t: 1 for t in topics})
        self.rest_port = free_port()
        worker = self.worker_config(self.broker.bootstrap, rest_port=self.rest_port,
                                    extra={"value.converter": value_converter, "value.converter.schemas.enable": str(schemas).lower(),
                                           "offset.flush.interval.ms": 300,
                                           # a killed member leaves the group within 6 s, not 45
                                           "consumer.session.timeout.ms": 6000})
        self.worker_path = self.write_worker(worker)
        self.connector_path = self.write_connector(name, {
            "connector.class": S3_SINK, "tasks.max": 1, "topics": ",".join(topics), "s3.bucket.name": BUCKET,
            "store.url": self.s3.endpoint, "s3.region": "us-east-1", "aws.access.key.id": "S3RVER",
            "aws.secret.access.key": "S3RVER", **config})
        return self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port).wait_ready()

    def produce(self, topic, values, timestamps=None, partition=0, keys=None, headers=None):
        # Compressed batches: the mock broker keeps only ~5 MB per partition, counted as stored.
        producer = confluent_kafka.Producer({"bootstrap.servers": self.broker.bootstrap, "compression.type": "gzip"})
        for i, value in enumerate(values):
            kwargs = {"partition": partition}
            if timestamps:
                kwargs["timestamp"] = timestamps[i]
            if keys and keys[i] is not None:
                kwargs["key"] = keys[i]
            if headers and headers[i]:
                kwargs["headers"] = headers[i]
            producer.produce(topic, value=value, **kwargs)
        self.assertEqual(producer.flush(30), 0)

    def lines(self, key, gz=False):
        body = self.s3.get(key)
        return (gzip.decompress(body) if gz else body).decode().splitlines()

    def test_json_default_partitioner_rotates_by_flush_size(self):
        self.broker = self.start_broker(topics={"orders": 2})
        daemon = self.start_sink(["orders"], {"format.class": JSON_FORMAT, "flush.size": 3})
        self.produce("orders", [json.dumps({"id": i, "name": f"n{i}"}) for i in range(10)])
        self.produce("orders", [json.dumps({"id": 100})], partition=1)
        wait_until(lambda: len(self.s3.keys()) >= 3, what="three objects")
        time.sleep(1)
        self.assertEqual(self.s3.keys(), ["topics/orders/partition=0/orders+0+0000000000.json",
                                          "topics/orders/partition=0/orders+0+0000000003.json",
                                          "topics/orders/partition=0/orders+0+0000000006.json"])
        self.assertEqual([json.loads(line) for line in self.lines("topics/orders/partition=0/orders+0+0000000003.json")],
                         [{"id": 3, "name": "n3"}, {"id": 4, "name": "n4"}, {"id": 5, "name": "n5"}])
        # The consumer offset stops at what is in S3 (9); the 10th record waits for two more.
        committed = wait_until(lambda: self.committed("orders", 0) == 9 and 9, what="offset 9 committed")
        self.assertEqual(committed, 9)
        daemon.stop()

    def committed(self, topic, partition):
        consumer = confluent_kafka.Consumer({"bootstrap.servers": self.broker.bootstrap, "group.id": "connect-s3-sink"})
        try:
            tp = consumer.committed([confluent_kafka.TopicPartition(topic, partition)], timeout=10)[0]
            return tp.offset
        finally:
            consumer.close()

    def test_field_partitioner_with_gzip_and_a_topics_dir(self):
        daemon = self.start_sink(["events"], {
            "format.class": JSON_FORMAT, "flush.size": 4, "s3.compression.type": "gzip", "topics.dir": "raw",
            "partitioner.class": "io.confluent.connect.storage.partitioner.FieldPartitioner",
            "partition.field.name": "region"}, schemas=True)
        # FieldPartitioner reads Structs, so the values carry their schema.
        schema = {"type": "struct", "optional": False, "fields": [
            {"field": "region", "type": "string", "optional": False}, {"field": "n", "type": "int32", "optional": False}]}
        regions = ["eu", "us", "eu", "us", "eu", "eu", "us", "eu", "us"]
        self.produce("events", [json.dumps({"schema": schema, "payload": {"region": r, "n": i}})
                                for i, r in enumerate(regions)])
        wait_until(lambda: len(self.s3.keys()) >= 4, what="four objects")
        time.sleep(1)
        # flush.size counts the partition's records across its open objects: 0-3, then 4-7; 8 waits.
        self.assertEqual(self.s3.keys(), ["raw/events/region=eu/events+0+0000000000.json.gz",
                                          "raw/events/region=eu/events+0+0000000004.json.gz",
                                          "raw/events/region=us/events+0+0000000001.json.gz",
                                          "raw/events/region=us/events+0+0000000006.json.gz"])
        got = {key: [json.loads(x)["n"] for x in self.lines(key, gz=True)] for key in self.s3.keys()}
        self.assertEqual(list(got.values()), [[0, 2], [4, 5, 7], [1, 3], [6]])
        daemon.stop()

    def test_time_based_partitioner_and_rotation_by_record_time(self):
        hour = 3600 * 1000
        base = 1795337532000 - 1795337532000 % hour  # an hour boundary in 2026
        daemon = self.start_sink(["clicks"], {
            "format.class": JSON_FORMAT, "flush.size": 1000, "rotate.interval.ms": 5000,
            "partitioner.class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
            "path.format": "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", "partition.duration.ms": hour,
            "locale": "en-US", "timezone": "UTC", "timestamp.extractor": "Record"})
        stamps = [base + 1000, base + 2000, base + 7000, base + 8000, base + hour + 1000, base + hour + 9000]
        self.produce("clicks", [json.dumps({"i": i}) for i in range(len(stamps))], timestamps=stamps)
        wait_until(lambda: len(self.s3.keys()) >= 3, what="three objects")
        time.sleep(1)
        day = time.strftime("year=%Y/month=%m/day=%d/hour=%H", time.gmtime(base / 1000))
        next_hour = time.strftime("year=%Y/month=%m/day=%d/hour=%H", time.gmtime((base + hour) / 1000))
        self.assertEqual(self.s3.keys(), [f"topics/clicks/{day}/clicks+0+0000000000.json",
                                          f"topics/clicks/{day}/clicks+0+0000000002.json",
                                          f"topics/clicks/{next_hour}/clicks+0+0000000004.json"])
        self.assertEqual(len(self.lines(f"topics/clicks/{day}/clicks+0+0000000000.json")), 2)
        daemon.stop()

    def test_byte_array_multipart_and_scheduled_rotation(self):
        record = b"x" * 1023
        daemon = self.start_sink(["blobs"], {
            "format.class": BYTES_FORMAT, "flush.size": 12000, "s3.part.size": 5242880,
            "rotate.schedule.interval.ms": 3000, "timezone": "America/Los_Angeles"},
            value_converter=BYTE_ARRAY_CONVERTER)
        self.produce("blobs", [record] * 12000)
        wait_until(lambda: len(self.s3.keys()) >= 1, timeout=60, what="the large object")
        key = self.s3.keys()[0]
        self.assertEqual(key, "topics/blobs/partition=0/blobs+0+0000000000.bin")
        body = self.s3.get(key)
        self.assertEqual(len(body), 12000 * 1024, "12 MB in three parts")
        self.assertEqual(body, (record + b"\n") * 12000)
        # Wall-clock rotation: two records, far below flush.size, still arrive within the interval.
        # They come after the schedule set by the first record ran out while nothing was open,
        # which must restart it rather than split them.
        time.sleep(3.5)
        self.produce("blobs", [b"late-1", b"late-2"])
        wait_until(lambda: len(self.s3.keys()) >= 2, timeout=15, what="the scheduled rotation")
        self.assertEqual(self.s3.get("topics/blobs/partition=0/blobs+0+0000012000.bin"), b"late-1\nlate-2\n")
        daemon.stop()

    def test_kill9_and_restart_write_exactly_the_objects_of_one_run(self):
        daemon = self.start_sink(["stream"], {"format.class": JSON_FORMAT, "flush.size": 100})
        self.produce("stream", [json.dumps({"n": i}) for i in range(1500)])
        wait_until(lambda: len(self.s3.keys()) >= 5, what="some objects")
        daemon.kill9()
        self.produce("stream", [json.dumps({"n": i}) for i in range(1500, 3000)])
        daemon = self.start_connectd(self.worker_path, [self.connector_path], rest_port=self.rest_port,
                                     name="connectd-2").wait_ready()
        wait_until(lambda: len(self.s3.keys()) >= 30, timeout=60, what="every object")
        time.sleep(1.5)
        keys = self.s3.keys()
        self.assertEqual(keys, [f"topics/stream/partition=0/stream+0+{n:010d}.json" for n in range(0, 3000, 100)])
        for key in keys:
            start = int(key.rsplit("+", 1)[1].split(".")[0])
            self.assertEqual([json.loads(x)["n"] for x in self.lines(key)], list(range(start, start + 100)), key)
        daemon.stop()

    def test_keys_and_headers_are_stored_beside_the_values(self):
        daemon = self.start_sink(["keyed"], {
            "format.class": JSON_FORMAT, "flush.size": 2, "store.kafka.keys": "true", "store.kafka.headers": "true",
            "keys.format.class": JSON_FORMAT, "headers.format.class": JSON_FORMAT})
        self.produce("keyed", [json.dumps({"n": 1}), json.dumps({"n": 2})], keys=["k1", "k\"2"],
                     headers=[[("h", b"v1"), ("n", b"42")], [("h", b"v2")]])
        base = "topics/keyed/partition=0/keyed+0+0000000000"
        wait_until(lambda: len(self.s3.keys()) >= 3, what="the value, keys and headers objects")
        self.assertEqual(self.s3.keys(), [base + ".headers.json", base + ".json", base + ".keys.json"])
        self.assertEqual(self.lines(base + ".json"), ['{"n":1}', '{"n":2}'])
        self.assertEqual(self.lines(base + ".keys.json"), ['"k1"', '"k\\"2"'])
        self.assertEqual([json.loads(line) for line in self.lines(base + ".headers.json")],
                         [{"headers": [{"key": "h", "value": "v1"}, {"key": "n", "value": "42"}]},
                          {"headers": [{"key": "h", "value": "v2"}]}])
        # A record without a key cannot be stored with its key: the task fails naming it.
        self.produce("keyed", [json.dumps({"n": 3})], headers=[[("h", b"v3")]])
        status = wait_until(lambda: (lambda s: s if s["tasks"] and s["tasks"][0]["state"] == "FAILED" else None)(
            daemon.connector_status("s3-sink")), what="the task to fail")
        self.assertIn("topic 'keyed' partition 0 offset 2: the record has no key, which store.kafka.keys needs",
                      status["tasks"][0]["trace"])
        daemon.stop()

    def test_json_values_are_written_compactly_as_confluent_does_and_bad_json_fails_naming_its_offset(self):
        # JsonFormat writes each value as JsonConverter writes it back: connectd rewrites the
        # message's JSON without building the value (the host's sink_values_as_json path), which
        # must give those very bytes, and must still fail on malformed JSON like the converter.
        daemon = self.start_sink(["orders"], {"format.class": JSON_FORMAT, "flush.size": 3,
                                              "behavior.on.null.values": "ignore"})
        self.produce("orders", ['{ "a" : 1.50, "n" : -0, "s" : "caf\\u00e9 \\/ \\"q\\" \u00e9\U0001F600" }',
                                ' [1, 2e3, 1E-7, true, null, {}] ', None, '"text"'])
        key = "topics/orders/partition=0/orders+0+0000000000.json"
        wait_until(lambda: key in self.s3.keys(), what="the first object")
        self.assertEqual(self.s3.get(key).decode("utf-8").splitlines(),
                         ['{"a":1.5,"n":0,"s":"caf\u00e9 / \\"q\\" \u00e9\U0001F600"}',
                          '[1,2000.0,1.0E-7,true,null,{}]',
                          '"text"'])
        # A failed conversion fails the task before its batch is put, as in Kafka Connect.
        self.produce("orders", ['{"broken":'])
        status = wait_until(lambda: (lambda s: s if s["tasks"] and s["tasks"][0]["state"] == "FAILED" else None)(
            daemon.connector_status("s3-sink")), what="the task to fail on the malformed value")
        trace = status["tasks"][0]["trace"]
        self.assertIn("topic 'orders' partition 0 offset 4", trace)
        self.assertIn("invalid JSON", trace)
        self.assertEqual(self.s3.keys(), [key])
        self.assertEqual(self.committed("orders", 0), 4)
        daemon.stop()

    def test_scheduled_rotation_without_a_timezone_is_refused_as_confluent_does(self):
        daemon = self.start_sink(["orders"], {"format.class": JSON_FORMAT, "flush.size": 3,
                                              "rotate.schedule.interval.ms": 60000})
        status = wait_until(lambda: (lambda s: s if s["connector"]["state"] == "FAILED" else None)(
            daemon.connector_status("s3-sink")), what="the connector to fail")
        self.assertIn("timezone configuration must be set when using rotate.schedule.interval.ms",
                      status["connector"]["trace"])
        daemon.stop()

    def test_a_missing_bucket_fails_the_task_with_the_s3_error(self):
        daemon = self.start_sink(["orders"], {"format.class": JSON_FORMAT, "flush.size": 3,
                                              "s3.bucket.name": "no-such-bucket"})
        status = wait_until(lambda: (lambda s: s if s["tasks"] and s["tasks"][0]["state"] == "FAILED" else None)(
            daemon.connector_status("s3-sink")), what="the task to fail")
        self.assertIn("NoSuchBucket", status["tasks"][0]["trace"])
        self.assertIn("no-such-bucket", status["tasks"][0]["trace"])
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
