#include "config/connector_config.h"

#include <regex>

#include "config/config_values.h"
#include "plugin/plugin_registry.h"
#include "transforms/transformation.h"

namespace connectd {

namespace {

// Importance as Kafka's ConnectorConfig declares it.
ConfigKey Key(const char* name, cd_config_type type, std::optional<std::string> def, const char* doc,
              bool required, cd_config_importance importance) {
  ConfigKey k;
  k.name = name;
  k.type = type;
  k.default_value = std::move(def);
  k.importance = importance;
  k.documentation = doc;
  k.required = required;
  return k;
}

std::vector<ConfigKey> CommonKeys() {
  std::vector<ConfigKey> keys = {
      Key("name", CD_CONFIG_STRING, std::nullopt, "Globally unique name to use for this connector.", true,
          CD_IMPORTANCE_HIGH),
      Key("connector.class", CD_CONFIG_STRING, std::nullopt,
          "Name or alias of the class for this connector (full class name, simple name, or short name).", true,
          CD_IMPORTANCE_HIGH),
      Key("tasks.max", CD_CONFIG_INT, "1", "Maximum number of tasks to use for this connector.", false,
          CD_IMPORTANCE_HIGH),
      Key("key.converter", CD_CONFIG_CLASS, std::nullopt,
          "Converter class for record keys; overrides the worker's key.converter.", false, CD_IMPORTANCE_LOW),
      Key("value.converter", CD_CONFIG_CLASS, std::nullopt,
          "Converter class for record values; overrides the worker's value.converter.", false,
          CD_IMPORTANCE_LOW),
      Key("transforms", CD_CONFIG_LIST, "", "Aliases for the transformations to apply to records, in order.", false,
          CD_IMPORTANCE_LOW),
      Key("predicates", CD_CONFIG_LIST, "", "Aliases for the predicates used by transformations.", false,
          CD_IMPORTANCE_LOW),
  };
  keys[2].range = std::make_pair(1.0, 2147483647.0);
  return keys;
}

}  // namespace

const std::vector<ConfigKey>& FrameworkConfigKeys(cd_connector_type type) {
  static const std::vector<ConfigKey> source = CommonKeys();
  static const std::vector<ConfigKey> sink = [] {
    std::vector<ConfigKey> keys = CommonKeys();
    keys.push_back(Key("topics", CD_CONFIG_LIST, "", "List of topics to consume, separated by commas.", false,
                       CD_IMPORTANCE_HIGH));
    keys.push_back(Key("topics.regex", CD_CONFIG_STRING, "",
                       "Regular expression giving the topics to consume; only one of topics or topics.regex.",
                       false, CD_IMPORTANCE_HIGH));
    return keys;
  }();
  return type == CD_CONNECTOR_SINK ? sink : source;
}

void ValidateConnectorConfig(const ConnectorPlugin& plugin, const ConfigMap& config, ConfigMap* resolved,
                             std::vector<ConfigKeyError>* errors) {
  ConfigMap with_framework;
  ValidateConfig(FrameworkConfigKeys(plugin.type), config, &with_framework, errors);
  ValidateConfig(plugin.config_keys, with_framework, resolved, errors);

  if (plugin.type == CD_CONNECTOR_SINK) {
    bool has_topics = !ParseConfigList((*resolved)["topics"]).empty();
    const std::string& regex = (*resolved)["topics.regex"];
    if (has_topics == !regex.empty()) {
      errors->push_back({has_topics ? "topics.regex" : "topics",
                         has_topics ? "Must configure only one of topics or topics.regex, not both"
                                    : "Must configure one of topics or topics.regex"});
    }
    if (!regex.empty()) {
      try {
        std::regex re(regex);
      } catch (const std::regex_error& e) {
        errors->push_back({"topics.regex", "Invalid regular expression '" + regex + "': " + e.what()});
      }
    }
  }
  std::unique_ptr<TransformChain> chain;
  Status s = TransformChain::Create(*resolved, &chain);
  if (!s.ok()) errors->push_back({"transforms", s.message()});
}

}  // namespace connectd
