#include "rest/config_infos.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "config/config_def.h"
#include "config/config_values.h"
#include "config/connector_config.h"
#include "data/java_number_text.h"
#include "plugin/abi_objects.h"
#include "plugin/plugin_registry.h"
#include "rest/masked_config.h"

namespace connectd {

namespace {

// The ConfigDef fields Kafka's REST entities carry and connectd's ConfigKey does not.
struct KeyLayout {
  const char* group;  // nullptr: none
  int order;
  const char* width;
  const char* display_name;  // nullptr: the key's name
};

// How a key defined with only name/type/default/importance/documentation is laid out in Kafka.
constexpr KeyLayout kNoLayout = {nullptr, -1, "NONE", nullptr};

// The layout Kafka's ConnectorConfig and SinkConnectorConfig give the framework keys connectd has.
const KeyLayout& FrameworkLayout(const std::string& name) {
  static const std::map<std::string, KeyLayout> layouts = {
      {"name", {"Common", 1, "MEDIUM", "Connector name"}},
      {"connector.class", {"Common", 2, "LONG", "Connector class"}},
      {"tasks.max", {"Common", 3, "SHORT", "Tasks max"}},
      {"topics", {"Common", 4, "LONG", "Topics"}},
      {"topics.regex", {"Common", 4, "LONG", "Topics regex"}},
      {"key.converter", {"Common", 5, "SHORT", "Key converter class"}},
      {"value.converter", {"Common", 6, "SHORT", "Value converter class"}},
      {"transforms", {"Transforms", 8, "LONG", "Transforms"}},
      {"predicates", {"Predicates", 9, "LONG", "Predicates"}},
  };
  auto it = layouts.find(name);
  return it == layouts.end() ? kNoLayout : it->second;
}

struct ListedKey {
  const ConfigKey* key;
  const KeyLayout* layout;
};

const ConfigKey* FindKey(const std::vector<ConfigKey>& keys, const std::string& name) {
  for (const ConfigKey& k : keys) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

// Kafka's connectorPluginConfig order: the plugin's keys, then the framework keys it lacks.
std::vector<ListedKey> ConfigDefOrder(const ConnectorPlugin& plugin) {
  std::vector<ListedKey> listed;
  for (const ConfigKey& k : plugin.config_keys) listed.push_back({&k, &kNoLayout});
  for (const ConfigKey& k : FrameworkConfigKeys(plugin.type)) {
    if (FindKey(plugin.config_keys, k.name) == nullptr) listed.push_back({&k, &FrameworkLayout(k.name)});
  }
  return listed;
}

// Kafka's validation order: the framework keys (a plugin key of the same name replaces the
// definition in place), then the plugin's other keys.
std::vector<ListedKey> ValidationOrder(const ConnectorPlugin& plugin) {
  std::vector<ListedKey> listed;
  const std::vector<ConfigKey>& framework = FrameworkConfigKeys(plugin.type);
  for (const ConfigKey& k : framework) {
    const ConfigKey* own = FindKey(plugin.config_keys, k.name);
    listed.push_back(own != nullptr ? ListedKey{own, &kNoLayout} : ListedKey{&k, &FrameworkLayout(k.name)});
  }
  for (const ConfigKey& k : plugin.config_keys) {
    if (FindKey(framework, k.name) == nullptr) listed.push_back({&k, &kNoLayout});
  }
  return listed;
}

// True when `text` parses as the key's type (its allowed values and range aside), reusing
// ValidateConfig's parser through a copy of the key without validators.
bool ParsesAsType(const ConfigKey& key, const std::string& text) {
  ConfigKey type_only;
  type_only.name = key.name;
  type_only.type = key.type;
  ConfigMap resolved;
  std::vector<ConfigKeyError> errors;
  ValidateConfig({type_only}, ConfigMap{{key.name, text}}, &resolved, &errors);
  return errors.empty();
}

// The value parsed from `text` as Kafka's ConfigDef.convertToString prints it ("007" -> "7",
// "1" -> "1.0" for a DOUBLE, "a , b" -> "a,b", "TRUE" -> "true", a password -> "[hidden]"), or
// nullopt when `text` does not parse as the key's type (Kafka then has no value).
std::optional<std::string> ValueText(const ConfigKey& key, const std::string& text) {
  if (!ParsesAsType(key, text)) return std::nullopt;
  std::string trimmed = TrimConfigValue(text);
  switch (key.type) {
    case CD_CONFIG_INT:
    case CD_CONFIG_LONG:
      return std::to_string(std::strtoll(trimmed.c_str(), nullptr, 10));
    case CD_CONFIG_DOUBLE:
      return JavaDoubleToString(std::strtod(trimmed.c_str(), nullptr));
    case CD_CONFIG_BOOLEAN:
      for (char& c : trimmed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return trimmed;
    case CD_CONFIG_LIST: {
      std::string joined;
      bool first = true;
      for (const std::string& item : ParseConfigList(trimmed)) {
        if (!first) joined += ',';
        joined += item;
        first = false;
      }
      return joined;
    }
    case CD_CONFIG_PASSWORD:
      return std::string(kHiddenPassword);
    case CD_CONFIG_STRING:
    case CD_CONFIG_CLASS:
      return trimmed;
  }
  return trimmed;
}

void WriteOptionalString(JsonWriter& w, const std::optional<std::string>& s) {
  if (s) {
    w.String(*s);
  } else {
    w.Null();
  }
}

// Kafka's ConfigKeyInfo, in the order Jackson writes it ("order" last: it is not a creator
// property).
void WriteConfigKeyInfo(JsonWriter& w, const ListedKey& listed) {
  const ConfigKey& key = *listed.key;
  const KeyLayout& layout = *listed.layout;
  w.StartObject();
  w.Key("name");
  w.String(key.name);
  w.Key("type");
  w.String(ConfigTypeName(key.type));
  w.Key("required");
  // Kafka's "required" means "has no default": connectd's required flag with a default set
  // never fires, as the default fills the key first.
  w.Bool(key.required && !key.default_value);
  w.Key("default_value");
  std::optional<std::string> default_text;
  if (key.default_value) {
    // A default that does not parse is shown as declared rather than hidden.
    default_text = ValueText(key, *key.default_value);
    if (!default_text) default_text = *key.default_value;
  }
  WriteOptionalString(w, default_text);
  w.Key("importance");
  w.String(ConfigImportanceName(key.importance));
  w.Key("documentation");
  w.String(key.documentation);
  w.Key("group");
  if (layout.group != nullptr) {
    w.String(layout.group);
  } else {
    w.Null();
  }
  w.Key("width");
  w.String(layout.width);
  w.Key("display_name");
  w.String(layout.display_name != nullptr ? std::string(layout.display_name) : key.name);
  w.Key("dependents");
  w.StartArray();
  w.EndArray();
  w.Key("order");
  w.Int(layout.order);
  w.EndObject();
}

// Kafka's ConfigValueInfo; recommended values are always empty (connectd keys have no recommender).
void WriteConfigValueInfo(JsonWriter& w, const std::string& name, const std::optional<std::string>& value,
                          const std::vector<std::string>& errors) {
  w.StartObject();
  w.Key("name");
  w.String(name);
  w.Key("value");
  WriteOptionalString(w, value);
  w.Key("recommended_values");
  w.StartArray();
  w.EndArray();
  w.Key("errors");
  w.StartArray();
  for (const std::string& e : errors) w.String(e);
  w.EndArray();
  w.Key("visible");
  w.Bool(true);
  w.EndObject();
}

// Every error for `config`, per key in the order found.
std::map<std::string, std::vector<std::string>> CollectErrors(const ConnectorPlugin& plugin, const ConfigMap& config) {
  ConfigMap resolved;
  std::vector<ConfigKeyError> errors;
  ValidateConnectorConfig(plugin, config, &resolved, &errors);
  // As Worker::Validate: the plugin's own check sees a config that passed the table checks.
  if (plugin.info.connector_validate != nullptr && errors.empty()) {
    cd_config view(resolved);
    cd_error err;
    if (plugin.info.connector_validate(&view, &err) != CD_OK) {
      errors.push_back({"connector.class", err.message.empty() ? plugin.class_name +
                                                                     " rejected the configuration without saying why"
                                                               : err.message});
    }
  }
  std::map<std::string, std::vector<std::string>> by_key;
  for (ConfigKeyError& e : errors) by_key[e.key].push_back(std::move(e.message));
  return by_key;
}

}  // namespace

void WriteConnectorConfigDef(JsonWriter& w, const ConnectorPlugin& plugin) {
  w.StartArray();
  for (const ListedKey& listed : ConfigDefOrder(plugin)) WriteConfigKeyInfo(w, listed);
  w.EndArray();
}

void WriteConfigInfos(JsonWriter& w, const ConnectorPlugin& plugin, const std::string& connector_class,
                      const ConfigMap& config) {
  std::vector<ListedKey> listed = ValidationOrder(plugin);
  std::map<std::string, std::vector<std::string>> errors = CollectErrors(plugin, config);

  int error_count = 0;
  for (const auto& [key, messages] : errors) error_count += static_cast<int>(messages.size());
  std::vector<std::string> groups;
  std::set<std::string> listed_names;
  for (const ListedKey& l : listed) {
    listed_names.insert(l.key->name);
    const char* group = l.layout->group;
    if (group != nullptr && std::find(groups.begin(), groups.end(), group) == groups.end()) groups.emplace_back(group);
  }

  static const std::vector<std::string> kNoErrors;
  w.StartObject();
  w.Key("name");
  w.String(connector_class);
  w.Key("error_count");
  w.Int(error_count);
  w.Key("groups");
  w.StartArray();
  for (const std::string& g : groups) w.String(g);
  w.EndArray();
  w.Key("configs");
  w.StartArray();
  // As Kafka's generateResult: values for keys nothing declares come first, without a definition.
  for (const auto& [key, messages] : errors) {
    if (listed_names.count(key) != 0) continue;
    w.StartObject();
    w.Key("definition");
    w.Null();
    w.Key("value");
    auto given = config.find(key);
    WriteConfigValueInfo(w, key, given == config.end() ? std::nullopt : std::optional<std::string>(given->second),
                         messages);
    w.EndObject();
  }
  for (const ListedKey& l : listed) {
    const ConfigKey& key = *l.key;
    std::optional<std::string> value;
    auto given = config.find(key.name);
    if (given != config.end()) {
      value = ValueText(key, given->second);
    } else if (key.default_value) {
      value = ValueText(key, *key.default_value);
    }
    auto key_errors = errors.find(key.name);
    w.StartObject();
    w.Key("definition");
    WriteConfigKeyInfo(w, l);
    w.Key("value");
    WriteConfigValueInfo(w, key.name, value, key_errors == errors.end() ? kNoErrors : key_errors->second);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace connectd
