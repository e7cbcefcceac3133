"""/connector-plugins over HTTP: the listing, each plugin's config definition and config
validation, in Kafka Connect's shapes (PluginInfo, ConfigKeyInfo, ConfigInfos) and status codes."""

import unittest

from harness import ConnectdTestCase, FILE_SINK_CLASS, FILE_SOURCE_CLASS, free_port

KEY_INFO_FIELDS = ["name", "type", "required", "default_value", "importance", "documentation", "group",
                   "width", "display_name", "dependents", "order"]
VALUE_INFO_FIELDS = ["name", "value", "recommended_values", "errors", "visible"]
SOURCE_FRAMEWORK_KEYS = ["name", "connector.class", "tasks.max", "key.converter", "value.converter",
                         "transforms", "predicates"]
VALIDATE_PATH = "/connector-plugins/{}/config/validate"


def value_of(infos, name):
    """The "value" half of the ConfigInfos entry for key `name`."""
    for entry in infos["configs"]:
        if entry["value"]["name"] == name:
            return entry["value"]
    raise AssertionError(f"no entry for {name} in {[e['value']['name'] for e in infos['configs']]}")


class RestPluginsTest(ConnectdTestCase):

    def start(self):
        """connectd with the file plugin, embedded Kafka and no connector: the plugin endpoints
        need neither."""
        port = free_port()
        worker = self.write_worker(self.worker_config(None, rest_port=port))
        return self.start_connectd(worker, [], rest_port=port).wait_ready()

    def test_listing(self):
        daemon = self.start()
        status, plugins = daemon.rest_get("/connector-plugins")
        self.assertEqual(status, 200)
        self.assertEqual([(p["class"], p["type"]) for p in plugins],
                         [("OdbcSinkConnector", "sink"), ("S3SinkConnector", "sink"), (FILE_SINK_CLASS, "sink"),
                          ("OdbcSourceConnector", "source"), ("PostgresCdcConnector", "source"),
                          (FILE_SOURCE_CLASS, "source")])
        for p in plugins:
            self.assertEqual(list(p), ["class", "type", "version"])
            self.assertRegex(p["version"], r"^\d+\.\d+")
        self.assertEqual(daemon.rest_get("/connector-plugins?connectorsOnly=true"), (200, plugins))

        status, everything = daemon.rest_get("/connector-plugins?connectorsOnly=false")
        self.assertEqual(status, 200)
        self.assertEqual(everything[:len(plugins)], plugins)
        types = [p["type"] for p in everything]
        # Kafka's order: connectors, transformations, predicates, converters; each sorted by class.
        self.assertEqual(types, sorted(types, key=["sink", "source", "transformation", "predicate",
                                                   "converter"].index))
        for kind in ("transformation", "predicate", "converter"):
            classes = [p["class"] for p in everything if p["type"] == kind]
            self.assertEqual(classes, sorted(classes), kind)
        classes = {p["class"]: p["type"] for p in everything}
        self.assertEqual(classes["org.apache.kafka.connect.transforms.InsertField$Value"], "transformation")
        self.assertEqual(classes["org.apache.kafka.connect.transforms.predicates.TopicNameMatches"], "predicate")
        self.assertEqual(classes["org.apache.kafka.connect.json.JsonConverter"], "converter")
        self.assertEqual(classes["org.apache.kafka.connect.storage.StringConverter"], "converter")
        daemon.stop()

    def test_config_definition(self):
        daemon = self.start()
        status, keys = daemon.rest_get(f"/connector-plugins/{FILE_SOURCE_CLASS}/config")
        self.assertEqual(status, 200)
        self.assertEqual([k["name"] for k in keys], ["file", "topic", "batch.size"] + SOURCE_FRAMEWORK_KEYS)
        for k in keys:
            self.assertEqual(list(k), KEY_INFO_FIELDS)
        by_name = {k["name"]: k for k in keys}
        self.assertEqual(by_name["batch.size"], {
            "name": "batch.size", "type": "INT", "required": False, "default_value": "2000", "importance": "LOW",
            "documentation": "The maximum number of records the source task can read from the file each time "
                             "it is polled",
            "group": None, "width": "NONE", "display_name": "batch.size", "dependents": [], "order": -1})
        self.assertEqual(by_name["topic"]["required"], True)
        self.assertIsNone(by_name["topic"]["default_value"])
        connector_class = dict(by_name["connector.class"])
        self.assertTrue(connector_class.pop("documentation"))
        self.assertEqual(connector_class, {
            "name": "connector.class", "type": "STRING", "required": True, "default_value": None,
            "importance": "HIGH", "group": "Common", "width": "LONG", "display_name": "Connector class",
            "dependents": [], "order": 2})

        for alias in ("FileStreamSourceConnector", "FileStreamSource"):
            self.assertEqual(daemon.rest_get(f"/connector-plugins/{alias}/config"), (200, keys))
        status, sink_keys = daemon.rest_get("/connector-plugins/FileStreamSink/config")
        self.assertEqual(status, 200)
        self.assertEqual([k["name"] for k in sink_keys],
                         ["file"] + SOURCE_FRAMEWORK_KEYS + ["topics", "topics.regex"])

        self.assertEqual(daemon.rest_get("/connector-plugins/Nope/config"),
                         (404, {"error_code": 404, "message": "Unknown plugin Nope."}))
        daemon.stop()

    def test_validate_valid_config(self):
        daemon = self.start()
        status, infos = daemon.rest_call("PUT", VALIDATE_PATH.format("FileStreamSource"), {
            "name": "src", "connector.class": FILE_SOURCE_CLASS, "topic": "lines", "file": "/tmp/in.txt"})
        self.assertEqual(status, 200)
        self.assertEqual(list(infos), ["name", "error_count", "groups", "configs"])
        self.assertEqual(infos["name"], FILE_SOURCE_CLASS)
        self.assertEqual(infos["error_count"], 0)
        self.assertEqual(infos["groups"], ["Common", "Transforms", "Predicates"])
        self.assertEqual([e["value"]["name"] for e in infos["configs"]],
                         SOURCE_FRAMEWORK_KEYS + ["file", "topic", "batch.size"])
        for entry in infos["configs"]:
            self.assertEqual(list(entry), ["definition", "value"])
            self.assertEqual(list(entry["definition"]), KEY_INFO_FIELDS)
            self.assertEqual(list(entry["value"]), VALUE_INFO_FIELDS)
            self.assertEqual(entry["value"]["errors"], [])
        self.assertEqual(value_of(infos, "batch.size"),
                         {"name": "batch.size", "value": "2000", "recommended_values": [], "errors": [],
                          "visible": True})
        self.assertEqual(value_of(infos, "tasks.max")["value"], "1")
        self.assertIsNone(value_of(infos, "key.converter")["value"])
        daemon.stop()

    def test_validate_lists_errors_per_key(self):
        daemon = self.start()
        # Numbers are accepted as their text, as Kafka's REST API does.
        status, infos = daemon.rest_call("PUT", VALIDATE_PATH.format(FILE_SOURCE_CLASS), {
            "connector.class": "FileStreamSource", "tasks.max": "abc", "batch.size": 0})
        self.assertEqual(status, 200)
        self.assertEqual(infos["name"], "FileStreamSource")
        self.assertEqual(infos["error_count"], 4)
        errors = {e["value"]["name"]: e["value"]["errors"] for e in infos["configs"] if e["value"]["errors"]}
        self.assertEqual(errors, {
            "name": ['Missing required configuration "name" which has no default value.'],
            "topic": ['Missing required configuration "topic" which has no default value.'],
            "tasks.max": ["Invalid value abc for configuration tasks.max: Not a number of type INT"],
            "batch.size": ["Invalid value 0 for configuration batch.size: Value must be at least 1"],
        })
        self.assertIsNone(value_of(infos, "tasks.max")["value"])
        self.assertEqual(value_of(infos, "batch.size")["value"], "0")

        status, infos = daemon.rest_call("PUT", VALIDATE_PATH.format("FileStreamSink"), {
            "name": "sink", "connector.class": FILE_SINK_CLASS, "transforms": "route"})
        self.assertEqual(status, 200)
        self.assertEqual(infos["error_count"], 2)
        self.assertEqual(value_of(infos, "topics")["errors"], ["Must configure one of topics or topics.regex"])
        self.assertEqual(len(value_of(infos, "transforms")["errors"]), 1)
        self.assertIn("transforms.route.type", value_of(infos, "transforms")["errors"][0])
        daemon.stop()

    def test_validate_refuses_bad_requests(self):
        daemon = self.start()
        path = VALIDATE_PATH.format("FileStreamSource")
        status, body = daemon.rest_call("PUT", path, '{"connector.class": ')
        self.assertEqual(status, 400)
        self.assertEqual(body, {"error_code": 400,
                                "message": "request body line 1 column 21: invalid JSON: Invalid value."})
        status, body = daemon.rest_call("PUT", path, ["FileStreamSource"])
        self.assertEqual(status, 400)
        self.assertIn("the JSON document is an array", body["message"])
        status, body = daemon.rest_call("PUT", path, {"connector.class": "FileStreamSource", "topic": ["a"]})
        self.assertEqual(status, 400)
        self.assertIn('config value of "topic" is an array', body["message"])

        self.assertEqual(
            daemon.rest_call("PUT", VALIDATE_PATH.format("FileStreamSink"), {"connector.class": FILE_SOURCE_CLASS}),
            (400, {"error_code": 400, "message": f"Included connector type {FILE_SOURCE_CLASS} does not match "
                                                 "request type FileStreamSink"}))
        self.assertEqual(
            daemon.rest_call("PUT", path, {"name": "x", "topic": "t"}),
            (400, {"error_code": 400, "message": "Connector config {name=x, topic=t} contains no connector type"}))
        status, body = daemon.rest_call("PUT", VALIDATE_PATH.format("Nope"), {"connector.class": "Nope"})
        self.assertEqual(status, 400)
        self.assertIn("no connector plugin matches connector.class 'Nope'", body["message"])

        status, body = daemon.rest_call("POST", path, {"connector.class": "FileStreamSource"})
        self.assertEqual(status, 405)
        self.assertEqual(body["error_code"], 405)
        status, body = daemon.rest_get("/connector-plugins/FileStreamSource")
        self.assertEqual(status, 404)
        self.assertEqual(body["error_code"], 404)
        daemon.stop()


if __name__ == "__main__":
    unittest.main()
