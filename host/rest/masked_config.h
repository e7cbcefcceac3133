// How connector configs leave the process over REST: values of keys the plugin declares as
// PASSWORD are replaced by "[hidden]", as Kafka Connect shows them.
//
// Threading: pure; any thread.
#pragma once

#include <string>

#include "config/config_map.h"
#include "rest/rest_exchange.h"

namespace connectd {

struct ConnectorPlugin;

// Kafka Connect shows password values as this string.
extern const char* const kHiddenPassword;

// True when `plugin` (may be null: nothing is a password) declares `key` as a PASSWORD.
bool IsPasswordKey(const ConnectorPlugin* plugin, const std::string& key);
// Writes `config` as a JSON object with password values masked.
void WriteMaskedConfig(JsonWriter& w, const ConnectorPlugin* plugin, const ConfigMap& config);

}  // namespace connectd
