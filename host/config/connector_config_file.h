// Reads a connector definition given on the command line: either a .properties file (with a
// "name" key) or a JSON file in the REST body shape {"name": "...", "config": {...}}. JSON config
// values that are numbers or booleans are taken as their text, as Kafka's REST API does.
#pragma once

#include <string>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

struct ConnectorDefinition {
  std::string name;
  ConfigMap config;  // includes "name"
};

// Chooses the format by content (a first non-blank '{' means JSON). Errors name the path and
// the line/column (JSON) or line (properties), or the missing "name"/"connector.class".
Status ReadConnectorDefinition(const std::string& path, ConnectorDefinition* out);
// Parses the REST body shape from memory; `source` names it in errors.
Status ParseConnectorJson(const std::string& text, const std::string& source, ConnectorDefinition* out);
// Parses a flat JSON object of config keys (the body of PUT /connectors/{name}/config).
Status ParseConfigJson(const std::string& text, const std::string& source, ConfigMap* out);

}  // namespace connectd
