// ConfigDef: the host's typed copy of a connector's declared config keys (cd_config_def in
// plugin.h), and validation of a config against them: required keys, types, allowed values,
// ranges; defaults filled in. Used when a connector starts and, later, by the REST validate
// endpoint, so errors are collected per key rather than stopping at the first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "connectd/plugin.h"
#include "error/status.h"

namespace connectd {

struct ConfigKey {
  std::string name;
  cd_config_type type = CD_CONFIG_STRING;
  std::optional<std::string> default_value;
  cd_config_importance importance = CD_IMPORTANCE_MEDIUM;
  std::string documentation;
  bool required = false;
  std::vector<std::string> valid_values;  // empty: any
  std::optional<std::pair<double, double>> range;
};

struct ConfigKeyError {
  std::string key;
  std::string message;
};

// Copies `count` declarations walked with stride `def_size` (the plugin's sizeof), reading only
// the fields that fit in `def_size`, so plugins built for an older minor keep working. Fields
// beyond it read as absent; declarations with a NULL name are skipped.
std::vector<ConfigKey> ConfigKeysFromAbi(const cd_config_def* defs, uint32_t count, uint32_t def_size);

// Validates `config` against `keys`. On return *resolved holds `config` plus the defaults of
// absent keys, declared keys' values trimmed as Kafka parses them; one entry per offending key is
// appended to *errors, worded as Kafka's ConfigDef words it ("Missing required configuration \"k\"
// which has no default value.", "Invalid value x for configuration k: Not a number of type INT").
// Keys not declared are kept as is. Defaults are not checked. Pure; any thread may call.
void ValidateConfig(const std::vector<ConfigKey>& keys, const ConfigMap& config, ConfigMap* resolved,
                    std::vector<ConfigKeyError>* errors);

// Type name as Kafka prints it ("STRING", "INT", "LONG", "DOUBLE", "BOOLEAN", "LIST", "PASSWORD", "CLASS").
const char* ConfigTypeName(cd_config_type type);
const char* ConfigImportanceName(cd_config_importance importance);

// Renders one key as a Markdown table row for the generated configuration reference.
std::string ConfigKeyMarkdownRow(const ConfigKey& key);

}  // namespace connectd
