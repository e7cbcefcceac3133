#include <doctest/doctest.h>

#include "config/connector_config.h"
#include "plugin/plugin_registry.h"

using namespace connectd;

namespace {
ConnectorPlugin Plugin(cd_connector_type type) {
  ConnectorPlugin p;
  p.class_name = "test.Connector";
  p.type = type;
  ConfigKey file;
  file.name = "file";
  file.required = true;
  p.config_keys.push_back(file);
  return p;
}

std::vector<ConfigKeyError> Validate(const ConnectorPlugin& p, const ConfigMap& config, ConfigMap* resolved = nullptr) {
  ConfigMap out;
  std::vector<ConfigKeyError> errors;
  ValidateConnectorConfig(p, config, resolved ? resolved : &out, &errors);
  return errors;
}
}  // namespace

TEST_CASE("framework defaults are filled and the plugin's keys are checked") {
  ConfigMap resolved;
  auto errors = Validate(Plugin(CD_CONNECTOR_SOURCE), {{"name", "n"}, {"connector.class", "x"}}, &resolved);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].key == "file");
  CHECK(resolved.at("tasks.max") == "1");

  errors = Validate(Plugin(CD_CONNECTOR_SOURCE), {{"name", "n"}, {"connector.class", "x"}, {"file", "f"}, {"tasks.max", "0"}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].key == "tasks.max");
}

TEST_CASE("a sink needs exactly one of topics and topics.regex") {
  ConnectorPlugin sink = Plugin(CD_CONNECTOR_SINK);
  ConfigMap base = {{"name", "n"}, {"connector.class", "x"}, {"file", "f"}};
  auto errors = Validate(sink, base);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "Must configure one of topics or topics.regex");

  ConfigMap both = base;
  both["topics"] = "a";
  both["topics.regex"] = "b.*";
  errors = Validate(sink, both);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].key == "topics.regex");

  ConfigMap bad_regex = base;
  bad_regex["topics.regex"] = "(unclosed";
  errors = Validate(sink, bad_regex);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("Invalid regular expression '(unclosed'") == 0);

  ConfigMap ok = base;
  ok["topics"] = "a, b";
  CHECK(Validate(sink, ok).empty());
}

TEST_CASE("a broken transform chain is reported with its key") {
  ConfigMap config = {{"name", "n"}, {"connector.class", "x"}, {"file", "f"}, {"transforms", "t"}};
  auto errors = Validate(Plugin(CD_CONNECTOR_SOURCE), config);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("transforms.t.type") != std::string::npos);
}
