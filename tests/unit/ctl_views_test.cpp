#include "cli/ctl_views.h"

#include <doctest/doctest.h>

#include <string>

#include "cli/ctl_rest_client.h"

namespace connectd {
namespace {

rapidjson::Document Json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

TEST_CASE("ctl views: connectors table from the expanded listing, sorted by name") {
  rapidjson::Document doc = Json(R"({
    "src": {
      "status": {"name": "src", "connector": {"state": "RUNNING", "worker_id": "w:8083"},
                 "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "w:8083"},
                           {"id": 1, "state": "FAILED", "worker_id": "w:8083", "trace": "boom"}],
                 "type": "source"},
      "info": {"name": "src", "config": {"connector.class": "FileStreamSource", "name": "src"},
               "tasks": [{"connector": "src", "task": 0}, {"connector": "src", "task": 1}], "type": "source"}},
    "a-sink": {
      "status": {"name": "a-sink", "connector": {"state": "PAUSED", "worker_id": "w:8083"}, "tasks": [], "type": "sink"},
      "info": {"name": "a-sink", "config": {"connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector"},
               "tasks": [], "type": "sink"}}
  })");
  CHECK(ConnectorsTable(doc) ==
        "NAME     TYPE     STATE     TASKS   CLASS\n"
        "a-sink   sink     PAUSED    0/0     org.apache.kafka.connect.file.FileStreamSinkConnector\n"
        "src      source   RUNNING   1/2     FileStreamSource\n");
}

TEST_CASE("ctl views: missing or mistyped members show as empty cells") {
  rapidjson::Document doc = Json(R"({"x": {"status": {"connector": "odd", "tasks": 3}, "info": []}, "y": 5})");
  CHECK(ConnectorsTable(doc) ==
        "NAME   TYPE   STATE   TASKS   CLASS\n"
        "x                     0/0\n"
        "y                     0/0\n");
  CHECK(ConnectorsTable(Json("[]")) == "NAME   TYPE   STATE   TASKS   CLASS\n");
}

TEST_CASE("ctl views: plugins table in the worker's order") {
  rapidjson::Document doc = Json(R"([
    {"class": "org.apache.kafka.connect.file.FileStreamSinkConnector", "type": "sink", "version": "0.1.0"},
    {"class": "org.apache.kafka.connect.transforms.InsertField$Value", "type": "transformation"}
  ])");
  CHECK(PluginsTable(doc) ==
        "CLASS                                                   TYPE             VERSION\n"
        "org.apache.kafka.connect.file.FileStreamSinkConnector   sink             0.1.0\n"
        "org.apache.kafka.connect.transforms.InsertField$Value   transformation\n");
}

TEST_CASE("ctl views: offsets as compact JSON cells") {
  rapidjson::Document doc = Json(R"({"offsets": [
    {"partition": {"filename": "/tmp/in.txt"}, "offset": {"position": 12}},
    {"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": {"kafka_offset": 3}}
  ]})");
  CHECK(OffsetCount(doc) == 2);
  CHECK(OffsetsTable(doc) ==
        "PARTITION                                 OFFSET\n"
        "{\"filename\":\"/tmp/in.txt\"}                {\"position\":12}\n"
        "{\"kafka_topic\":\"t\",\"kafka_partition\":0}   {\"kafka_offset\":3}\n");
  CHECK(OffsetsTable(Json(R"({"offsets": [{"partition": {"a": 1}}]})")) ==
        "PARTITION   OFFSET\n"
        "{\"a\":1}     null\n");
  CHECK(OffsetCount(Json(R"({"offsets": []})")) == 0);
  CHECK(OffsetCount(Json("{}")) == 0);
}

TEST_CASE("ctl views: describe page with sorted config, task traces and topics") {
  rapidjson::Document info = Json(R"({"name": "src", "config": {"topic": "t", "connector.class": "FileStreamSource",
      "name": "src", "password": "[hidden]", "multi": "a\nb"},
      "tasks": [{"connector": "src", "task": 0}, {"connector": "src", "task": 1}], "type": "source"})");
  rapidjson::Document status = Json(R"({"name": "src", "connector": {"state": "RUNNING", "worker_id": "w:8083"},
      "tasks": [{"id": 1, "state": "FAILED", "worker_id": "w:8083", "trace": "java.lang.Exception: boom\n\tat x"},
                {"id": 0, "state": "RUNNING", "worker_id": "w:8083"}], "type": "source"})");
  rapidjson::Document topics = Json(R"({"src": {"topics": ["t", "u"]}})");
  CHECK(ConnectorDescription(info, status, &topics) ==
        "Name:     src\n"
        "Class:    FileStreamSource\n"
        "Type:     source\n"
        "State:    RUNNING\n"
        "Worker:   w:8083\n"
        "Config:\n"
        "  connector.class = FileStreamSource\n"
        "  multi = a\\nb\n"
        "  name = src\n"
        "  password = [hidden]\n"
        "  topic = t\n"
        "Tasks:\n"
        "  ID   STATE     WORKER\n"
        "  0    RUNNING   w:8083\n"
        "  1    FAILED    w:8083\n"
        "Task 1 trace:\n"
        "    java.lang.Exception: boom\n"
        "    \tat x\n"
        "Topics:   t, u\n");
}

TEST_CASE("ctl views: describe a failed connector without tasks or topic tracking") {
  rapidjson::Document info = Json(R"({"name": "bad", "config": {"connector.class": "X"}, "tasks": [], "type": "sink"})");
  rapidjson::Document status = Json(R"({"name": "bad", "connector": {"state": "FAILED", "worker_id": "w:1",
      "trace": "cannot start\nsecond line"}, "tasks": [], "type": "sink"})");
  CHECK(ConnectorDescription(info, status, nullptr) ==
        "Name:     bad\n"
        "Class:    X\n"
        "Type:     sink\n"
        "State:    FAILED\n"
        "Worker:   w:1\n"
        "Trace:\n"
        "    cannot start\n"
        "    second line\n"
        "Config:\n"
        "  connector.class = X\n"
        "Tasks:    <none>\n");
  rapidjson::Document no_topics = Json(R"({"bad": {"topics": []}})");
  const std::string page = ConnectorDescription(info, status, &no_topics);
  CHECK(page.substr(page.size() - 17) == "Topics:   <none>\n");
}

TEST_CASE("ctl views: pretty JSON keeps numbers as written") {
  std::string out;
  REQUIRE(PrettyJson(R"({"a":[1.50,18446744073709551615,-0.0e1],"b":{"c":"x\"y","d":null,"e":true},"f":[]})", &out));
  CHECK(out ==
        "{\n"
        "  \"a\": [\n"
        "    1.50,\n"
        "    18446744073709551615,\n"
        "    -0.0e1\n"
        "  ],\n"
        "  \"b\": {\n"
        "    \"c\": \"x\\\"y\",\n"
        "    \"d\": null,\n"
        "    \"e\": true\n"
        "  },\n"
        "  \"f\": []\n"
        "}\n");
  REQUIRE(PrettyJson("  [\"x\"]\n", &out));
  CHECK(out == "[\n  \"x\"\n]\n");
  CHECK_FALSE(PrettyJson("", &out));
  CHECK_FALSE(PrettyJson("{\"a\":", &out));
  CHECK_FALSE(PrettyJson("{} {}", &out));
  CHECK_FALSE(PrettyJson("<html>", &out));
}

TEST_CASE("ctl views: worker error lines") {
  CHECK(WorkerErrorText(404, R"({"error_code":404,"message":"Connector nope not found"})") ==
        "Connector nope not found (HTTP 404)");
  CHECK(WorkerErrorText(502, "<html>\n<body>Bad Gateway</body>\n</html>\n") ==
        "<html> <body>Bad Gateway</body> </html> (HTTP 502)");
  CHECK(WorkerErrorText(500, "") == "Internal Server Error (HTTP 500)");
  CHECK(WorkerErrorText(409, R"({"error_code":409})") == "{\"error_code\":409} (HTTP 409)");
  CHECK(WorkerErrorText(400, std::string(400, 'x')) == std::string(300, 'x') + "... (HTTP 400)");
}

TEST_CASE("ctl rest client: connector names are encoded as one path segment") {
  CHECK(EncodePathSegment("file-source_1.x~") == "file-source_1.x~");
  CHECK(EncodePathSegment("a/b c?d#e%f") == "a%2Fb%20c%3Fd%23e%25f");
  CHECK(EncodePathSegment("caf\xC3\xA9") == "caf%C3%A9");
}

}  // namespace
}  // namespace connectd
