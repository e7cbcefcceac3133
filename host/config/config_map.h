// ConfigMap: a flat string-to-string configuration, as Kafka Connect passes connector, task,
// converter and transform configs. Ordered so listings and generated documentation are stable.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace connectd {

using ConfigMap = std::map<std::string, std::string>;

// The entries of `config` whose key starts with `prefix`, with the prefix removed
// ("value.converter.schemas.enable" -> "schemas.enable" for prefix "value.converter.").
inline ConfigMap ConfigWithPrefix(const ConfigMap& config, std::string_view prefix) {
  ConfigMap out;
  for (auto it = config.lower_bound(std::string(prefix)); it != config.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.emplace(it->first.substr(prefix.size()), it->second);
  }
  return out;
}

}  // namespace connectd
