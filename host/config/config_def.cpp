#include "config/config_def.h"

#include <strings.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>

#include "config/config_values.h"

namespace connectd {

namespace {

// Copies one field of a plugin's declaration when it lies inside the `def_size` bytes the plugin
// knows about. memcpy because a stride that is not a multiple of the alignment is allowed.
template <typename T>
bool ReadAbiField(const unsigned char* def, size_t offset, uint32_t def_size, T* out) {
  if (offset + sizeof(T) > def_size) return false;
  std::memcpy(out, def + offset, sizeof(T));
  return true;
}

// Java's Integer.parseInt / Long.parseLong on already trimmed text: an optional sign, then
// decimal digits, within [min, max].
bool ParseJavaInteger(const std::string& text, int64_t min, int64_t max, int64_t* out) {
  size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0;
  if (i == text.size()) return false;
  for (size_t k = i; k < text.size(); ++k) {
    if (text[k] < '0' || text[k] > '9') return false;
  }
  bool negative = text[0] == '-';
  // Accumulated negatively so that the most negative value fits.
  int64_t value = 0;
  for (size_t k = i; k < text.size(); ++k) {
    int digit = text[k] - '0';
    if (value < (std::numeric_limits<int64_t>::min() + digit) / 10) return false;
    value = value * 10 - digit;
  }
  if (!negative) {
    if (value == std::numeric_limits<int64_t>::min()) return false;
    value = -value;
  }
  if (value < min || value > max) return false;
  *out = value;
  return true;
}

// Java's Double.parseDouble on already trimmed text, decimal forms only: "NaN", "Infinity" with
// an optional sign, or digits with an optional fraction, exponent and f/F/d/D suffix.
bool ParseJavaDouble(const std::string& text, double* out) {
  size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0;
  std::string rest = text.substr(i);
  if (rest == "NaN" || rest == "Infinity") {
    if (rest == "NaN") {
      *out = std::numeric_limits<double>::quiet_NaN();
    } else {
      *out = text[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    return true;
  }
  auto digits = [&text](size_t* pos) {
    size_t start = *pos;
    while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') ++*pos;
    return *pos - start;
  };
  size_t mantissa_digits = digits(&i);
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa_digits += digits(&i);
  }
  if (mantissa_digits == 0) return false;
  size_t number_end = i;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits(&i) == 0) return false;
    number_end = i;
  }
  if (i < text.size() && std::strchr("fFdD", text[i]) != nullptr) ++i;
  if (i != text.size()) return false;
  *out = std::strtod(text.substr(0, number_end).c_str(), nullptr);
  return true;
}

// Java's Double.toString: the shortest digits that read back as `d`, in plain notation for
// 1e-3 <= |d| < 1e7 and as "d.dddE<n>" otherwise, always with a fractional digit ("1.0").
std::string JavaDoubleString(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision - 1, std::fabs(d));
    if (std::strtod(buf, nullptr) == std::fabs(d)) break;
  }
  std::string scientific(buf);
  size_t e = scientific.find('e');
  int exponent = static_cast<int>(std::strtol(scientific.c_str() + e + 1, nullptr, 10));
  std::string digits = scientific.substr(0, 1) + (e > 2 ? scientific.substr(2, e - 2) : "");
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

  std::string out = d < 0 ? "-" : "";
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else {
      size_t int_digits = static_cast<size_t>(exponent) + 1;
      if (digits.size() < int_digits) digits.append(int_digits - digits.size(), '0');
      out += digits.substr(0, int_digits) + "." + (digits.size() > int_digits ? digits.substr(int_digits) : "0");
    }
  } else {
    out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "E" + std::to_string(exponent);
  }
  return out;
}

bool IsIntegerType(cd_config_type type) { return type == CD_CONFIG_INT || type == CD_CONFIG_LONG; }
bool IsNumericType(cd_config_type type) { return IsIntegerType(type) || type == CD_CONFIG_DOUBLE; }

// A range bound that the type cannot exceed anyway (an infinity, or at or past the limits of
// INT/LONG) constrains nothing; Kafka leaves such a bound out ("[1,...]").
bool IsOpenBound(cd_config_type type, double bound) {
  if (std::isinf(bound)) return true;
  if (type == CD_CONFIG_INT) return bound >= 2147483647.0 || bound <= -2147483648.0;
  if (type == CD_CONFIG_LONG) return bound >= 9223372036854775807.0 || bound <= -9223372036854775808.0;
  return false;
}

// A bound as Kafka prints the Number it was declared with: an Integer/Long for INT/LONG keys,
// a Double for DOUBLE keys.
std::string BoundText(cd_config_type type, double bound) {
  if (IsIntegerType(type) && !IsOpenBound(CD_CONFIG_LONG, bound) && bound == std::floor(bound)) {
    return std::to_string(static_cast<int64_t>(bound));
  }
  return JavaDoubleString(bound);
}

// Kafka's Range.toString(): "[min,...,max]", "[min,...]", "[...,max]".
std::string RangeText(const ConfigKey& key) {
  bool open_min = IsOpenBound(key.type, key.range->first);
  bool open_max = IsOpenBound(key.type, key.range->second);
  if (open_min && open_max) return "[...]";
  if (open_min) return "[...," + BoundText(key.type, key.range->second) + "]";
  if (open_max) return "[" + BoundText(key.type, key.range->first) + ",...]";
  return "[" + BoundText(key.type, key.range->first) + ",...," + BoundText(key.type, key.range->second) + "]";
}

std::string JoinValidValues(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

bool IsValidValue(const ConfigKey& key, const std::string& value) {
  for (const std::string& allowed : key.valid_values) {
    if (strcasecmp(allowed.c_str(), value.c_str()) == 0) return true;
  }
  return false;
}

// Kafka's ConfigException(name, value, message) text.
std::string InvalidValue(const ConfigKey& key, const std::string& shown_value, const std::string& reason) {
  return "Invalid value " + shown_value + " for configuration " + key.name + ": " + reason;
}

std::string NotInValidValues(const ConfigKey& key, const std::string& shown_value) {
  return InvalidValue(key, shown_value,
                      "String must be one of (case insensitive): " + JoinValidValues(key.valid_values));
}

// Kafka's Range.ensureValid messages; `shown_value` is the parsed number as Java prints it.
std::string RangeViolation(const ConfigKey& key, double value, const std::string& shown_value) {
  if (!key.range || !IsNumericType(key.type)) return "";
  if (value < key.range->first) {
    return InvalidValue(key, shown_value, "Value must be at least " + BoundText(key.type, key.range->first));
  }
  if (value > key.range->second) {
    return InvalidValue(key, shown_value, "Value must be no more than " + BoundText(key.type, key.range->second));
  }
  return "";
}

// The error for a value given for `key` (`raw` as written, `trimmed` as Kafka parses it), or ""
// when it is valid. The order of checks is Kafka's: parse the type, then the validator.
std::string CheckValue(const ConfigKey& key, const std::string& raw, const std::string& trimmed) {
  switch (key.type) {
    case CD_CONFIG_INT:
    case CD_CONFIG_LONG: {
      bool is_int = key.type == CD_CONFIG_INT;
      int64_t n = 0;
      int64_t min = is_int ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min();
      int64_t max = is_int ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max();
      if (!ParseJavaInteger(trimmed, min, max, &n)) {
        return InvalidValue(key, raw, std::string("Not a number of type ") + ConfigTypeName(key.type));
      }
      if (!key.valid_values.empty() && !IsValidValue(key, trimmed)) return NotInValidValues(key, std::to_string(n));
      return RangeViolation(key, static_cast<double>(n), std::to_string(n));
    }
    case CD_CONFIG_DOUBLE: {
      double d = 0;
      if (!ParseJavaDouble(trimmed, &d)) return InvalidValue(key, raw, "Not a number of type DOUBLE");
      if (!key.valid_values.empty() && !IsValidValue(key, trimmed)) return NotInValidValues(key, JavaDoubleString(d));
      return RangeViolation(key, d, JavaDoubleString(d));
    }
    case CD_CONFIG_BOOLEAN:
      if (strcasecmp(trimmed.c_str(), "true") != 0 && strcasecmp(trimmed.c_str(), "false") != 0) {
        return InvalidValue(key, raw, "Expected value to be either true or false");
      }
      if (!key.valid_values.empty() && !IsValidValue(key, trimmed)) return NotInValidValues(key, trimmed);
      return "";
    case CD_CONFIG_LIST:
      // Kafka's ValidList checks every item and names the first one not allowed.
      if (key.valid_values.empty()) return "";
      for (const std::string& item : ParseConfigList(trimmed)) {
        if (!IsValidValue(key, item)) return NotInValidValues(key, item);
      }
      return "";
    case CD_CONFIG_PASSWORD:
      if (!key.valid_values.empty() && !IsValidValue(key, trimmed)) return NotInValidValues(key, "[hidden]");
      return "";
    case CD_CONFIG_STRING:
    case CD_CONFIG_CLASS:
      if (!key.valid_values.empty() && !IsValidValue(key, trimmed)) return NotInValidValues(key, trimmed);
      return "";
  }
  return "";
}

// A Markdown table cell: '|' escaped and line breaks folded so the row stays one line.
std::string MarkdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

const char* LowercaseImportanceName(cd_config_importance importance) {
  switch (importance) {
    case CD_IMPORTANCE_HIGH: return "high";
    case CD_IMPORTANCE_MEDIUM: return "medium";
    case CD_IMPORTANCE_LOW: return "low";
  }
  return "medium";
}

}  // namespace

std::vector<ConfigKey> ConfigKeysFromAbi(const cd_config_def* defs, uint32_t count, uint32_t def_size) {
  std::vector<ConfigKey> keys;
  if (defs == nullptr) return keys;
  const auto* base = reinterpret_cast<const unsigned char*>(defs);
  for (uint32_t i = 0; i < count; ++i) {
    const unsigned char* def = base + static_cast<size_t>(i) * def_size;
    const char* name = nullptr;
    // A declaration without a name cannot be looked up in a config; there is nothing to keep.
    if (!ReadAbiField(def, offsetof(cd_config_def, name), def_size, &name) || name == nullptr) continue;
    ConfigKey key;
    key.name = name;
    // Enums are read as integers: a value outside the enum must not be loaded as one.
    std::underlying_type_t<cd_config_type> type = CD_CONFIG_STRING;
    if (ReadAbiField(def, offsetof(cd_config_def, type), def_size, &type) && type >= CD_CONFIG_STRING &&
        type <= CD_CONFIG_CLASS) {
      key.type = static_cast<cd_config_type>(type);
    }
    const char* default_value = nullptr;
    if (ReadAbiField(def, offsetof(cd_config_def, default_value), def_size, &default_value) &&
        default_value != nullptr) {
      key.default_value = default_value;
    }
    std::underlying_type_t<cd_config_importance> importance = CD_IMPORTANCE_MEDIUM;
    if (ReadAbiField(def, offsetof(cd_config_def, importance), def_size, &importance) &&
        importance >= CD_IMPORTANCE_HIGH && importance <= CD_IMPORTANCE_LOW) {
      key.importance = static_cast<cd_config_importance>(importance);
    }
    const char* documentation = nullptr;
    if (ReadAbiField(def, offsetof(cd_config_def, documentation), def_size, &documentation) &&
        documentation != nullptr) {
      key.documentation = documentation;
    }
    int required = 0;
    key.required = ReadAbiField(def, offsetof(cd_config_def, required), def_size, &required) && required != 0;
    const char* const* valid_values = nullptr;
    if (ReadAbiField(def, offsetof(cd_config_def, valid_values), def_size, &valid_values)) {
      for (const char* const* v = valid_values; v != nullptr && *v != nullptr; ++v) key.valid_values.emplace_back(*v);
    }
    int has_range = 0;
    double min_value = 0;
    double max_value = 0;
    if (ReadAbiField(def, offsetof(cd_config_def, has_range), def_size, &has_range) && has_range != 0 &&
        ReadAbiField(def, offsetof(cd_config_def, min_value), def_size, &min_value) &&
        ReadAbiField(def, offsetof(cd_config_def, max_value), def_size, &max_value)) {
      key.range = std::make_pair(min_value, max_value);
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

void ValidateConfig(const std::vector<ConfigKey>& keys, const ConfigMap& config, ConfigMap* resolved,
                    std::vector<ConfigKeyError>* errors) {
  ConfigMap out = config;
  for (const ConfigKey& key : keys) {
    auto it = config.find(key.name);
    if (it == config.end()) {
      if (key.default_value) {
        out[key.name] = *key.default_value;
      } else if (key.required) {
        errors->push_back(
            {key.name, "Missing required configuration \"" + key.name + "\" which has no default value."});
      }
      continue;
    }
    std::string trimmed = TrimConfigValue(it->second);
    std::string message = CheckValue(key, it->second, trimmed);
    if (!message.empty()) errors->push_back({key.name, std::move(message)});
    out[key.name] = std::move(trimmed);
  }
  *resolved = std::move(out);
}

const char* ConfigTypeName(cd_config_type type) {
  switch (type) {
    case CD_CONFIG_STRING: return "STRING";
    case CD_CONFIG_INT: return "INT";
    case CD_CONFIG_LONG: return "LONG";
    case CD_CONFIG_DOUBLE: return "DOUBLE";
    case CD_CONFIG_BOOLEAN: return "BOOLEAN";
    case CD_CONFIG_LIST: return "LIST";
    case CD_CONFIG_PASSWORD: return "PASSWORD";
    case CD_CONFIG_CLASS: return "CLASS";
  }
  return "STRING";
}

const char* ConfigImportanceName(cd_config_importance importance) {
  switch (importance) {
    case CD_IMPORTANCE_HIGH: return "HIGH";
    case CD_IMPORTANCE_MEDIUM: return "MEDIUM";
    case CD_IMPORTANCE_LOW: return "LOW";
  }
  return "MEDIUM";
}

std::string ConfigKeyMarkdownRow(const ConfigKey& key) {
  std::string default_text = "\u2014";
  if (key.default_value) {
    if (key.type == CD_CONFIG_PASSWORD) {
      default_text = "[hidden]";
    } else if (key.default_value->empty()) {
      default_text = "\"\"";
    } else {
      default_text = *key.default_value;
    }
  }
  std::string doc = key.documentation;
  auto append = [&doc](const std::string& part) {
    if (!doc.empty()) doc += ' ';
    doc += part;
  };
  if (!key.valid_values.empty()) append("Valid values: [" + JoinValidValues(key.valid_values) + "]");
  if (key.range && IsNumericType(key.type)) append("Valid values: " + RangeText(key));
  return "| " + MarkdownCell(key.name) + " | " + ConfigTypeName(key.type) + " | " + MarkdownCell(default_text) + " | " +
         LowercaseImportanceName(key.importance) + " | " + MarkdownCell(doc) + " |";
}

}  // namespace connectd
