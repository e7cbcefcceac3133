// The keys every connector config has whatever its plugin (Kafka's ConnectorConfig and
// SinkConnectorConfig): name, connector.class, tasks.max, converters, transforms, predicates,
// topics/topics.regex for sinks. ValidateConnectorConfig checks those and the plugin's own
// declared keys in one pass, so every error is reported at once with its key.
#pragma once

#include <string>
#include <vector>

#include "config/config_def.h"
#include "config/config_map.h"
#include "connectd/plugin.h"

namespace connectd {

struct ConnectorPlugin;

// The framework's keys for a source or a sink.
const std::vector<ConfigKey>& FrameworkConfigKeys(cd_connector_type type);

// Validates `config` for `plugin`; *resolved gets defaults filled; *errors one entry per bad key.
void ValidateConnectorConfig(const ConnectorPlugin& plugin, const ConfigMap& config, ConfigMap* resolved,
                             std::vector<ConfigKeyError>* errors);

}  // namespace connectd
