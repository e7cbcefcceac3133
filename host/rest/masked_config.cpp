#include "rest/masked_config.h"

#include "plugin/plugin_registry.h"

namespace connectd {

const char* const kHiddenPassword = "[hidden]";

bool IsPasswordKey(const ConnectorPlugin* plugin, const std::string& key) {
  if (plugin == nullptr) return false;
  for (const ConfigKey& k : plugin->config_keys) {
    if (k.name == key) return k.type == CD_CONFIG_PASSWORD;
  }
  return false;
}

void WriteMaskedConfig(JsonWriter& w, const ConnectorPlugin* plugin, const ConfigMap& config) {
  w.StartObject();
  for (const auto& [k, v] : config) {
    w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(IsPasswordKey(plugin, k) ? kHiddenPassword : v);
  }
  w.EndObject();
}

}  // namespace connectd
