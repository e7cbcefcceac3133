#include "temp_dir.h"
#include "config/connector_config_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace connectd {
namespace {

const char kShape[] = "{\"name\": \"...\", \"config\": {\"connector.class\": \"...\", ...}}";

ConnectorDefinition ParseOk(const std::string& json) {
  ConnectorDefinition def;
  Status s = ParseConnectorJson(json, "c.json", &def);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return def;
}

std::string JsonError(const std::string& json) {
  ConnectorDefinition def;
  Status s = ParseConnectorJson(json, "c.json", &def);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(def.name.empty());
  CHECK(def.config.empty());
  return s.message();
}


TEST_CASE("connector json: the REST body shape; name is added to config") {
  ConnectorDefinition def = ParseOk(R"({
    "name": "local-file-source",
    "config": {
      "connector.class": "FileStreamSource",
      "tasks.max": "1",
      "file": "/tmp/test.txt",
      "topic": "connect-test"
    }
  })");
  CHECK(def.name == "local-file-source");
  CHECK(def.config == ConfigMap{{"connector.class", "FileStreamSource"},
                                {"file", "/tmp/test.txt"},
                                {"name", "local-file-source"},
                                {"tasks.max", "1"},
                                {"topic", "connect-test"}});
}

TEST_CASE("connector json: numbers keep their text and booleans become true/false") {
  ConnectorDefinition def = ParseOk(
      R"({"name": "n", "config": {"connector.class": "X", "tasks.max": 2, "ratio": 1.50, "big": 1e3,
          "neg": -0, "flag": true, "off": false, "s": "a\"b\u00e9"}})");
  CHECK(def.config == ConfigMap{{"big", "1e3"},
                                {"connector.class", "X"},
                                {"flag", "true"},
                                {"name", "n"},
                                {"neg", "-0"},
                                {"off", "false"},
                                {"ratio", "1.50"},
                                {"s", "a\"b\xC3\xA9"},
                                {"tasks.max", "2"}});
}

TEST_CASE("connector json: a number as name is taken as its text") {
  ConnectorDefinition def = ParseOk(R"({"name": 42, "config": {"connector.class": "X"}})");
  CHECK(def.name == "42");
  CHECK(def.config.at("name") == "42");
}

TEST_CASE("connector json: name inside config must match") {
  CHECK(ParseOk(R"({"name": "a", "config": {"connector.class": "X", "name": "a"}})").config.at("name") == "a");
  CHECK(JsonError(R"({"name": "a", "config": {"connector.class": "X", "name": "b"}})") ==
        "c.json: \"config\" has name \"b\" but \"name\" is \"a\"; make them equal or remove name from config");
}

TEST_CASE("connector json: unknown top-level members and a UTF-8 BOM are accepted") {
  ConnectorDefinition def =
      ParseOk("\xEF\xBB\xBF{\"name\": \"a\", \"initial_state\": \"PAUSED\", \"config\": {\"connector.class\": \"X\"}}");
  CHECK(def.config == ConfigMap{{"connector.class", "X"}, {"name", "a"}});
}

TEST_CASE("connector json: missing or malformed name") {
  CHECK(JsonError(R"({"config": {"connector.class": "X"}})") ==
        std::string("c.json: missing \"name\"; expected ") + kShape);
  CHECK(JsonError(R"({"name": {"x": 1}, "config": {"connector.class": "X"}})") ==
        "c.json: \"name\" is an object; it must be a string");
  CHECK(JsonError(R"({"name": null, "config": {"connector.class": "X"}})") ==
        "c.json: \"name\" is null; it must be a string");
  CHECK(JsonError(R"({"name": "  ", "config": {"connector.class": "X"}})") ==
        "c.json: \"name\" is empty; give the connector a name");
}

TEST_CASE("connector json: missing config, or config not an object") {
  CHECK(JsonError(R"({"name": "a"})") == std::string("c.json: missing \"config\" object; expected ") + kShape);
  CHECK(JsonError(R"({"name": "a", "config": ["connector.class"]})") ==
        std::string("c.json: \"config\" is an array; it must be an object of string values, as in ") + kShape);
  CHECK(JsonError(R"({"name": "a", "config": "connector.class=X"})") ==
        std::string("c.json: \"config\" is a scalar; it must be an object of string values, as in ") + kShape);
  CHECK(JsonError(R"({"name": "a", "config": null})") ==
        std::string("c.json: \"config\" is null; it must be an object of string values, as in ") + kShape);
}

TEST_CASE("connector json: nested values are rejected naming the key") {
  CHECK(JsonError(R"({"name": "a", "config": {"connector.class": "X", "nested": {"a": 1}}})") ==
        "c.json: config value of \"nested\" is an object; connector config values are strings (write it as a "
        "string)");
  CHECK(JsonError(R"({"name": "a", "config": {"connector.class": "X", "topics": ["a", "b"]}})") ==
        "c.json: config value of \"topics\" is an array; connector config values are strings (write it as a "
        "string)");
  CHECK(JsonError(R"({"name": "a", "config": {"connector.class": "X", "file": null}})") ==
        "c.json: config value of \"file\" is null; connector config values are strings (write it as a string)");
}

TEST_CASE("connector json: connector.class is required") {
  CHECK(JsonError(R"({"name": "a", "config": {"tasks.max": "1"}})") ==
        "c.json: connector \"a\" has no \"connector.class\"; set it to the connector's class name or alias");
  CHECK(JsonError(R"({"name": "a", "config": {"connector.class": " "}})") ==
        "c.json: connector \"a\" has no \"connector.class\"; set it to the connector's class name or alias");
}

TEST_CASE("connector json: the document must be an object") {
  CHECK(JsonError(R"(["name"])") == std::string("c.json: the JSON document is an array; expected ") + kShape);
  CHECK(JsonError("\"x\"") == std::string("c.json: the JSON document is a scalar; expected ") + kShape);
}

TEST_CASE("connector json: invalid JSON names line and column") {
  CHECK(JsonError("{\n  \"name\": \"x\",\n  \"config\": {\n    \"a\": \"b\"\n    \"c\": \"d\"\n  }\n}") ==
        "c.json line 5 column 5: invalid JSON: Missing a comma or '}' after an object member.");
  // Columns count characters, not bytes ("é" is two bytes), and a tab is one column.
  CHECK(JsonError("{\"name\": \"\xC3\xA9\", \"config\": {\"a\": tru}}") ==
        "c.json line 1 column 34: invalid JSON: Invalid value.");
  CHECK(JsonError("{\"name\": \"x\",\n\t\"config\": {\"a\": 1,}}") ==
        "c.json line 2 column 20: invalid JSON: Missing a name for object member.");
  CHECK(JsonError("") == "c.json line 1 column 1: invalid JSON: The document is empty.");
  CHECK(JsonError("{\"name\":\"x\",\"config\":{}} x") ==
        "c.json line 1 column 26: invalid JSON: The document root must not be followed by other values.");
  CHECK(JsonError("{\"name\":\"x\",\n\"config\":{\"a\":\"\xFF\"}}") ==
        "c.json line 2 column 16: invalid JSON: Invalid encoding in string.");
}

TEST_CASE("connector file: JSON is chosen by a first non-blank '{'") {
  TempDir dir;
  std::string path =
      dir.Write("sink.json", "\n  \t{\"name\": \"s\", \"config\": {\"connector.class\": \"FileStreamSink\"}}");
  ConnectorDefinition def;
  REQUIRE(ReadConnectorDefinition(path, &def).ok());
  CHECK(def.name == "s");
  CHECK(def.config == ConfigMap{{"connector.class", "FileStreamSink"}, {"name", "s"}});

  std::string broken = dir.Write("broken.json", "{\n\"name\": \"s\",\n\"config\": {\"a\" \"b\"}}\n");
  Status s = ReadConnectorDefinition(broken, &def);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == broken + " line 3 column 16: invalid JSON: Missing a colon after a name of object member.");
}

TEST_CASE("connector file: a properties file") {
  TempDir dir;
  std::string path = dir.Write("source.properties",
                               "# quickstart\nname=local-file-source\nconnector.class=FileStreamSource\n"
                               "tasks.max=1\nfile=test.txt\ntopic=connect-test\n");
  ConnectorDefinition def;
  REQUIRE(ReadConnectorDefinition(path, &def).ok());
  CHECK(def.name == "local-file-source");
  CHECK(def.config == ConfigMap{{"connector.class", "FileStreamSource"},
                                {"file", "test.txt"},
                                {"name", "local-file-source"},
                                {"tasks.max", "1"},
                                {"topic", "connect-test"}});
}

TEST_CASE("connector file: properties errors name the file") {
  TempDir dir;
  ConnectorDefinition def;
  std::string no_name = dir.Write("a.properties", "connector.class=X\n");
  Status s = ReadConnectorDefinition(no_name, &def);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == no_name + ": missing \"name\"; add a line name=<connector name>");

  std::string empty_name = dir.Write("b.properties", "name=\nconnector.class=X\n");
  CHECK(ReadConnectorDefinition(empty_name, &def).message() ==
        empty_name + ": \"name\" is empty; give the connector a name");

  std::string no_class = dir.Write("c.properties", "name=c\n");
  CHECK(ReadConnectorDefinition(no_class, &def).message() ==
        no_class + ": connector \"c\" has no \"connector.class\"; set it to the connector's class name or alias");

  std::string malformed = dir.Write("d.properties", "name=d\nconnector.class\n");
  CHECK(ReadConnectorDefinition(malformed, &def).message() ==
        malformed +
            " line 2: \"connector.class\" has no value; write connector.class=value (or connector.class= "
            "for an empty value)");

  s = ReadConnectorDefinition(dir.path + "/none.json", &def);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message() == "cannot open " + dir.path + "/none.json: No such file or directory");
  CHECK(def.name.empty());
}

}  // namespace
}  // namespace connectd
