#include "cli/ctl_connector_file.h"

#include <doctest/doctest.h>

#include <string>

#include "temp_dir.h"

namespace connectd {
namespace {

TEST_CASE("ctl connector file: properties and the REST body shape, as connectd standalone reads them") {
  TempDir dir;
  ConnectorDefinition def;
  REQUIRE(ReadAppliedConnector(dir.Write("a.properties", "name=a\nconnector.class=FileStreamSource\ntopic=t\n"), &def)
              .ok());
  CHECK(def.name == "a");
  CHECK(def.config == ConfigMap{{"connector.class", "FileStreamSource"}, {"name", "a"}, {"topic", "t"}});

  REQUIRE(ReadAppliedConnector(dir.Write("b.json", R"({"name": "b", "config": {"connector.class": "X", "tasks.max": 2}})"),
                               &def)
              .ok());
  CHECK(def.name == "b");
  CHECK(def.config == ConfigMap{{"connector.class", "X"}, {"name", "b"}, {"tasks.max", "2"}});
}

TEST_CASE("ctl connector file: a flat JSON config holding name") {
  TempDir dir;
  ConnectorDefinition def;
  Status s = ReadAppliedConnector(
      dir.Write("c.json", "\xEF\xBB\xBF {\"name\": \"c\", \"connector.class\": \"X\", \"batch\": 10, \"on\": true}"), &def);
  REQUIRE_MESSAGE(s.ok(), s.message());
  CHECK(def.name == "c");
  CHECK(def.config == ConfigMap{{"batch", "10"}, {"connector.class", "X"}, {"name", "c"}, {"on", "true"}});
}

TEST_CASE("ctl connector file: errors name the file and what to change") {
  TempDir dir;
  ConnectorDefinition def;
  const std::string no_name = dir.Write("n.json", R"({"connector.class": "X"})");
  Status s = ReadAppliedConnector(no_name, &def);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == no_name + ": a flat JSON config needs a \"name\" key; add \"name\": \"<connector name>\" or use "
                                 "the shape {\"name\": ..., \"config\": {...}}");

  const std::string no_class = dir.Write("k.json", R"({"name": "k", "topic": "t"})");
  s = ReadAppliedConnector(no_class, &def);
  CHECK(s.message() == no_class + ": connector \"k\" has no \"connector.class\"; set it to the connector's class name "
                                  "or alias");

  const std::string nested = dir.Write("v.json", R"({"name": "v", "connector.class": "X", "bad": {"x": 1}})");
  s = ReadAppliedConnector(nested, &def);
  CHECK(s.message() == nested + ": config value of \"bad\" is an object; connector config values are strings (write it "
                                "as a string)");

  s = ReadAppliedConnector(dir.Write("broken.json", "{\"name\": "), &def);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("invalid JSON") != std::string::npos);

  s = ReadAppliedConnector(dir.File("missing.properties"), &def);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message().find(dir.File("missing.properties")) != std::string::npos);
  CHECK(def.name.empty());
}

}  // namespace
}  // namespace connectd
