// Reads connector, transform and predicate settings the way Kafka's ConfigDef parses them, so a config
// written for the JVM worker means the same here: values are trimmed, lists are split at commas,
// booleans are "true"/"false" in any case.
//
// Error messages start with the key they are about ("regex: ..."), which lets the chain prefix
// "transforms.<alias>." to name the full connector key. Pure functions; any thread may call.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

// Java's String.trim(): removes the characters <= ' ' at both ends.
std::string TrimConfigValue(std::string_view value);

// Kafka's LIST type: an empty (after trimming) value is the empty list; otherwise the value is
// split at commas and the whitespace around each comma dropped. Empty items are kept
// ("a,,b" has three), as Kafka keeps them.
std::vector<std::string> ParseConfigList(std::string_view value);

// Java's String.split(":") on one item of a "a:b" list (Cast's spec, ReplaceField's renames), so
// malformed items are rejected exactly where Kafka rejects them: the pieces between the colons,
// untrimmed, with trailing empty pieces dropped. An item without a colon is one piece ("" gives
// {""}); one of colons only gives none (":" gives {}).
std::vector<std::string> SplitConfigItemAtColons(std::string_view item);

// The trimmed value of `key`, or nullopt when the key is absent.
std::optional<std::string> OptionalConfigString(const ConfigMap& config, const std::string& key);

// The trimmed value of a key that has no default. When it is absent, returns InvalidArgument
// "<key>: missing required setting; <hint>" where `hint` tells the user what to put there.
Status RequiredConfigString(const ConfigMap& config, const std::string& key, const std::string& hint, std::string* out);

// The list under `key` (ParseConfigList), empty when the key is absent.
std::vector<std::string> ConfigList(const ConfigMap& config, const std::string& key);

// Kafka's BOOLEAN type: `default_value` when absent, InvalidArgument naming the key when the
// value is neither "true" nor "false" (any case, surrounding whitespace ignored).
Status ConfigBoolean(const ConfigMap& config, const std::string& key, bool default_value, bool* out);

}  // namespace connectd
