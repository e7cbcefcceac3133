// Kafka Connect's config description entities, written as its REST API writes them:
// ConfigKeyInfo for one declared key (GET /connector-plugins/{plugin}/config) and ConfigInfos,
// the per-key result of validating a connector config (PUT .../config/validate). Field names,
// field order, nulls and value texts follow Kafka's AbstractHerder (convertConfigKey,
// convertConfigValue, generateResult), so UIs written for Kafka read them unchanged.
//
// What connectd's ConfigKey does not carry (group, order, width, display name) is written as
// Kafka writes a key defined without them (null, -1, "NONE", the key's name), except for the
// framework keys, which get the group, order, width and display name Kafka's ConnectorConfig
// gives them.
//
// Threading: any thread. WriteConfigInfos calls the plugin's connector_validate, which the ABI
// allows from any host thread (Worker::Validate calls it from REST threads too).
#pragma once

#include <string>

#include "config/config_map.h"
#include "rest/rest_exchange.h"

namespace connectd {

struct ConnectorPlugin;

// Writes the JSON array of ConfigKeyInfo for `plugin`, as Kafka's connectorPluginConfig: the
// plugin's own keys in declaration order, then the framework keys (FrameworkConfigKeys) the
// plugin does not declare itself.
void WriteConnectorConfigDef(JsonWriter& w, const ConnectorPlugin& plugin);

// Validates `config` (the submitted, flat connector config) for `plugin` and writes Kafka's
// ConfigInfos object: {"name": connector_class, "error_count", "groups", "configs"}, one entry
// per framework key then per plugin key, each with its value as Kafka prints the parsed value
// (null when absent without default or unparsable; passwords as "[hidden]") and its errors.
// Errors come from ValidateConnectorConfig and, when that finds none, from the plugin's
// connector_validate, whose message (it names no key) is listed under "connector.class".
// `connector_class` is the body's connector.class as submitted; Kafka echoes it unchanged.
void WriteConfigInfos(JsonWriter& w, const ConnectorPlugin& plugin, const std::string& connector_class,
                      const ConfigMap& config);

}  // namespace connectd
