#include "config/config_values.h"

#include <strings.h>

namespace connectd {

namespace {

// Java's \s, which Kafka's list separator pattern "\s*,\s*" strips around each comma.
bool IsJavaWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view StripJavaWhitespace(std::string_view s) {
  while (!s.empty() && IsJavaWhitespace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsJavaWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string TrimConfigValue(std::string_view value) {
  auto is_trimmed = [](char c) { return static_cast<unsigned char>(c) <= ' '; };
  while (!value.empty() && is_trimmed(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_trimmed(value.back())) value.remove_suffix(1);
  return std::string(value);
}

std::vector<std::string> ParseConfigList(std::string_view value) {
  std::string trimmed = TrimConfigValue(value);
  std::vector<std::string> items;
  if (trimmed.empty()) return items;
  std::string_view rest = trimmed;
  while (true) {
    size_t comma = rest.find(',');
    items.emplace_back(StripJavaWhitespace(rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return items;
}

std::vector<std::string> SplitConfigItemAtColons(std::string_view item) {
  std::vector<std::string> parts;
  while (true) {
    size_t colon = item.find(':');
    parts.emplace_back(item.substr(0, colon));
    if (colon == std::string_view::npos) break;
    item.remove_prefix(colon + 1);
  }
  // Java keeps a colon-free item whole, even an empty one; otherwise it drops trailing empties.
  if (parts.size() > 1) {
    while (!parts.empty() && parts.back().empty()) parts.pop_back();
  }
  return parts;
}

std::optional<std::string> OptionalConfigString(const ConfigMap& config, const std::string& key) {
  auto it = config.find(key);
  if (it == config.end()) return std::nullopt;
  return TrimConfigValue(it->second);
}

Status RequiredConfigString(const ConfigMap& config, const std::string& key, const std::string& hint,
                            std::string* out) {
  std::optional<std::string> value = OptionalConfigString(config, key);
  if (!value) return Status::InvalidArgument(key + ": missing required setting; " + hint);
  *out = std::move(*value);
  return Status::OK();
}

std::vector<std::string> ConfigList(const ConfigMap& config, const std::string& key) {
  auto it = config.find(key);
  if (it == config.end()) return {};
  return ParseConfigList(it->second);
}

Status ConfigBoolean(const ConfigMap& config, const std::string& key, bool default_value, bool* out) {
  std::optional<std::string> value = OptionalConfigString(config, key);
  if (!value) {
    *out = default_value;
    return Status::OK();
  }
  if (strcasecmp(value->c_str(), "true") == 0) {
    *out = true;
  } else if (strcasecmp(value->c_str(), "false") == 0) {
    *out = false;
  } else {
    return Status::InvalidArgument(key + ": expected true or false, found '" + *value + "'");
  }
  return Status::OK();
}

}  // namespace connectd
