#include "config/config_def.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <vector>

namespace connectd {
namespace {

ConfigKey Key(const std::string& name, cd_config_type type) {
  ConfigKey k;
  k.name = name;
  k.type = type;
  return k;
}

// The single error for `value` given for `key`, or "" when it is accepted.
std::string ErrorFor(const ConfigKey& key, const std::string& value) {
  ConfigMap resolved;
  std::vector<ConfigKeyError> errors;
  ValidateConfig({key}, {{key.name, value}}, &resolved, &errors);
  REQUIRE(errors.size() <= 1);
  if (errors.empty()) return "";
  CHECK(errors[0].key == key.name);
  return errors[0].message;
}

// The value ValidateConfig passes on for `value` given for `key`.
std::string Resolved(const ConfigKey& key, const std::string& value) {
  ConfigMap resolved;
  std::vector<ConfigKeyError> errors;
  ValidateConfig({key}, {{key.name, value}}, &resolved, &errors);
  CHECK(errors.empty());
  return resolved.at(key.name);
}

TEST_CASE("config def: type and importance names as Kafka prints them") {
  CHECK(std::string(ConfigTypeName(CD_CONFIG_STRING)) == "STRING");
  CHECK(std::string(ConfigTypeName(CD_CONFIG_INT)) == "INT");
  CHECK(std::string(ConfigTypeName(CD_CONFIG_LONG)) == "LONG");
  CHECK(std::string(ConfigTypeName(CD_CONFIG_DOUBLE)) == "DOUBLE");
  CHECK(std::string(ConfigTypeName(CD_CONFIG_BOOLEAN)) == "BOOLEAN");
  CHECK(std::string(ConfigTypeName(CD_CONFIG_LIST)) == "LIST");
  CHECK(std::string(ConfigTypeName(CD_CONFIG_PASSWORD)) == "PASSWORD");
  CHECK(std::string(ConfigTypeName(CD_CONFIG_CLASS)) == "CLASS");
  CHECK(std::string(ConfigImportanceName(CD_IMPORTANCE_HIGH)) == "HIGH");
  CHECK(std::string(ConfigImportanceName(CD_IMPORTANCE_MEDIUM)) == "MEDIUM");
  CHECK(std::string(ConfigImportanceName(CD_IMPORTANCE_LOW)) == "LOW");
}

TEST_CASE("config def: required keys, defaults and undeclared keys") {
  ConfigKey required = Key("topic", CD_CONFIG_STRING);
  required.required = true;
  ConfigKey required_with_default = Key("batch.size", CD_CONFIG_INT);
  required_with_default.required = true;
  required_with_default.default_value = "2000";
  ConfigKey optional = Key("file", CD_CONFIG_STRING);
  ConfigKey with_default = Key("mode", CD_CONFIG_STRING);
  with_default.default_value = "bulk";
  ConfigKey empty_default = Key("prefix", CD_CONFIG_STRING);
  empty_default.default_value = "";

  ConfigMap resolved;
  std::vector<ConfigKeyError> errors = {{"earlier", "kept"}};
  ValidateConfig({required, required_with_default, optional, with_default, empty_default},
                 {{"mode", "incrementing"}, {"custom.key", "  as is  "}}, &resolved, &errors);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].key == "earlier");
  CHECK(errors[1].key == "topic");
  CHECK(errors[1].message == "Missing required configuration \"topic\" which has no default value.");
  CHECK(resolved ==
        ConfigMap{{"batch.size", "2000"}, {"custom.key", "  as is  "}, {"mode", "incrementing"}, {"prefix", ""}});
}

TEST_CASE("config def: a required key given an empty value is present") {
  ConfigKey k = Key("file", CD_CONFIG_STRING);
  k.required = true;
  CHECK(ErrorFor(k, "") == "");
}

TEST_CASE("config def: one error per key, in declaration order; declared values are trimmed") {
  ConfigMap resolved;
  std::vector<ConfigKeyError> errors;
  ValidateConfig({Key("b", CD_CONFIG_INT), Key("a", CD_CONFIG_BOOLEAN), Key("c", CD_CONFIG_STRING)},
                 {{"a", "maybe"}, {"b", "x"}, {"c", "  padded\t"}}, &resolved, &errors);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].key == "b");
  CHECK(errors[0].message == "Invalid value x for configuration b: Not a number of type INT");
  CHECK(errors[1].key == "a");
  CHECK(errors[1].message == "Invalid value maybe for configuration a: Expected value to be either true or false");
  CHECK(resolved.at("c") == "padded");
}

TEST_CASE("config def: INT is 32-bit, Java syntax") {
  ConfigKey k = Key("tasks.max", CD_CONFIG_INT);
  CHECK(Resolved(k, " 42 ") == "42");
  CHECK(ErrorFor(k, "+7") == "");
  CHECK(ErrorFor(k, "-2147483648") == "");
  CHECK(ErrorFor(k, "2147483647") == "");
  CHECK(ErrorFor(k, "2147483648") == "Invalid value 2147483648 for configuration tasks.max: Not a number of type INT");
  CHECK(ErrorFor(k, "-2147483649") ==
        "Invalid value -2147483649 for configuration tasks.max: Not a number of type INT");
  CHECK(ErrorFor(k, "1.5") == "Invalid value 1.5 for configuration tasks.max: Not a number of type INT");
  CHECK(ErrorFor(k, "0x10") == "Invalid value 0x10 for configuration tasks.max: Not a number of type INT");
  CHECK(ErrorFor(k, "+-1") == "Invalid value +-1 for configuration tasks.max: Not a number of type INT");
  CHECK(ErrorFor(k, "-") == "Invalid value - for configuration tasks.max: Not a number of type INT");
  CHECK(ErrorFor(k, "") == "Invalid value  for configuration tasks.max: Not a number of type INT");
  // The value is shown as written, as Kafka shows the raw object.
  CHECK(ErrorFor(k, " one ") == "Invalid value  one  for configuration tasks.max: Not a number of type INT");
}

TEST_CASE("config def: LONG is 64-bit") {
  ConfigKey k = Key("poll.ms", CD_CONFIG_LONG);
  CHECK(ErrorFor(k, "9223372036854775807") == "");
  CHECK(ErrorFor(k, "-9223372036854775808") == "");
  CHECK(ErrorFor(k, "3000000000") == "");
  CHECK(ErrorFor(k, "9223372036854775808") ==
        "Invalid value 9223372036854775808 for configuration poll.ms: Not a number of type LONG");
  CHECK(ErrorFor(k, "-9223372036854775809") ==
        "Invalid value -9223372036854775809 for configuration poll.ms: Not a number of type LONG");
  CHECK(ErrorFor(k, "10ms") == "Invalid value 10ms for configuration poll.ms: Not a number of type LONG");
}

TEST_CASE("config def: DOUBLE accepts Java's decimal forms") {
  ConfigKey k = Key("ratio", CD_CONFIG_DOUBLE);
  for (const char* ok : {"1.5", "-2.", ".5", "1e3", "1E-3", "+4", "1.5f", "3d", "NaN", "Infinity", "-Infinity"}) {
    CHECK_MESSAGE(ErrorFor(k, ok) == "", ok);
  }
  for (const char* bad : {"abc", "1e", ".", "inf", "nan", "0x10", "1.5x", "1,5", ""}) {
    CHECK(ErrorFor(k, bad) ==
          std::string("Invalid value ") + bad + " for configuration ratio: Not a number of type DOUBLE");
  }
}

TEST_CASE("config def: BOOLEAN is true/false in any case") {
  ConfigKey k = Key("schemas.enable", CD_CONFIG_BOOLEAN);
  CHECK(Resolved(k, "TRUE") == "TRUE");
  CHECK(ErrorFor(k, "False") == "");
  CHECK(Resolved(k, " true ") == "true");
  CHECK(ErrorFor(k, "yes") ==
        "Invalid value yes for configuration schemas.enable: Expected value to be either true or false");
  CHECK(ErrorFor(k, "1") ==
        "Invalid value 1 for configuration schemas.enable: Expected value to be either true or false");
}

TEST_CASE("config def: LIST, CLASS, STRING and PASSWORD accept any text") {
  CHECK(ErrorFor(Key("topics", CD_CONFIG_LIST), "a, b,,c") == "");
  CHECK(ErrorFor(Key("converter", CD_CONFIG_CLASS), "org.apache.kafka.connect.json.JsonConverter") == "");
  CHECK(ErrorFor(Key("s", CD_CONFIG_STRING), "anything at all") == "");
  CHECK(Resolved(Key("connection.password", CD_CONFIG_PASSWORD), " secret ") == "secret");
}

TEST_CASE("config def: valid values are compared case-insensitively") {
  ConfigKey k = Key("format", CD_CONFIG_STRING);
  k.valid_values = {"json", "avro"};
  CHECK(Resolved(k, "JSON") == "JSON");
  CHECK(ErrorFor(k, " avro ") == "");
  CHECK(ErrorFor(k, "xml") ==
        "Invalid value xml for configuration format: String must be one of (case insensitive): json, avro");
  CHECK(ErrorFor(k, " xml ") ==
        "Invalid value xml for configuration format: String must be one of (case insensitive): json, avro");
}

TEST_CASE("config def: valid values of a LIST apply to each item") {
  ConfigKey k = Key("fields", CD_CONFIG_LIST);
  k.valid_values = {"a", "b"};
  CHECK(ErrorFor(k, "a, B") == "");
  CHECK(ErrorFor(k, "") == "");
  CHECK(ErrorFor(k, "a, c, d") ==
        "Invalid value c for configuration fields: String must be one of (case insensitive): a, b");
}

TEST_CASE("config def: valid values of a PASSWORD do not show it") {
  ConfigKey k = Key("pin", CD_CONFIG_PASSWORD);
  k.valid_values = {"1234"};
  CHECK(ErrorFor(k, "0000") ==
        "Invalid value [hidden] for configuration pin: String must be one of (case insensitive): 1234");
}

TEST_CASE("config def: valid values of an INT show the parsed number") {
  ConfigKey k = Key("level", CD_CONFIG_INT);
  k.valid_values = {"1", "2"};
  CHECK(ErrorFor(k, "2") == "");
  CHECK(ErrorFor(k, "3") == "Invalid value 3 for configuration level: String must be one of (case insensitive): 1, 2");
  CHECK(ErrorFor(k, "x") == "Invalid value x for configuration level: Not a number of type INT");
}

TEST_CASE("config def: INT/LONG ranges print integer bounds and the parsed value") {
  ConfigKey k = Key("tasks.max", CD_CONFIG_INT);
  k.range = std::make_pair(1.0, 10.0);
  CHECK(ErrorFor(k, "1") == "");
  CHECK(ErrorFor(k, "10") == "");
  CHECK(ErrorFor(k, "0") == "Invalid value 0 for configuration tasks.max: Value must be at least 1");
  CHECK(ErrorFor(k, "11") == "Invalid value 11 for configuration tasks.max: Value must be no more than 10");
  CHECK(ErrorFor(k, "+011") == "Invalid value 11 for configuration tasks.max: Value must be no more than 10");
  ConfigKey l = Key("offset", CD_CONFIG_LONG);
  l.range = std::make_pair(-5.0, 1e12);
  CHECK(ErrorFor(l, "-6") == "Invalid value -6 for configuration offset: Value must be at least -5");
  CHECK(ErrorFor(l, "1000000000001") ==
        "Invalid value 1000000000001 for configuration offset: Value must be no more than 1000000000000");
}

TEST_CASE("config def: DOUBLE ranges print Java doubles") {
  ConfigKey k = Key("ratio", CD_CONFIG_DOUBLE);
  k.range = std::make_pair(0.0, 1.0);
  CHECK(ErrorFor(k, "0") == "");
  CHECK(ErrorFor(k, "1.0") == "");
  CHECK(ErrorFor(k, "1.5") == "Invalid value 1.5 for configuration ratio: Value must be no more than 1.0");
  CHECK(ErrorFor(k, "-.25") == "Invalid value -0.25 for configuration ratio: Value must be at least 0.0");
  CHECK(ErrorFor(k, "1e10") == "Invalid value 1.0E10 for configuration ratio: Value must be no more than 1.0");
  CHECK(ErrorFor(k, "12345678.9") ==
        "Invalid value 1.23456789E7 for configuration ratio: Value must be no more than 1.0");
  CHECK(ErrorFor(k, "1234567") == "Invalid value 1234567.0 for configuration ratio: Value must be no more than 1.0");
  CHECK(ErrorFor(k, "-0.0001") == "Invalid value -1.0E-4 for configuration ratio: Value must be at least 0.0");
  CHECK(ErrorFor(k, "-0.001") == "Invalid value -0.001 for configuration ratio: Value must be at least 0.0");
  CHECK(ErrorFor(k, "100.125") == "Invalid value 100.125 for configuration ratio: Value must be no more than 1.0");
  ConfigKey tiny = Key("eps", CD_CONFIG_DOUBLE);
  tiny.range = std::make_pair(0.1, 2.5);
  CHECK(ErrorFor(tiny, "0.05") == "Invalid value 0.05 for configuration eps: Value must be at least 0.1");
  CHECK(ErrorFor(tiny, "3") == "Invalid value 3.0 for configuration eps: Value must be no more than 2.5");
}

TEST_CASE("config def: ranges do not apply to non-numeric types") {
  ConfigKey k = Key("name", CD_CONFIG_STRING);
  k.range = std::make_pair(1.0, 2.0);
  CHECK(ErrorFor(k, "zzz") == "");
}

TEST_CASE("config def: defaults are filled but not validated") {
  ConfigKey k = Key("n", CD_CONFIG_INT);
  k.default_value = "not a number";
  ConfigMap resolved;
  std::vector<ConfigKeyError> errors;
  ValidateConfig({k}, {}, &resolved, &errors);
  CHECK(errors.empty());
  CHECK(resolved == ConfigMap{{"n", "not a number"}});
}

const char* const kFormats[] = {"json", "avro", nullptr};

cd_config_def FullDef() {
  cd_config_def d{};
  d.name = "format";
  d.type = CD_CONFIG_STRING;
  d.default_value = "json";
  d.importance = CD_IMPORTANCE_HIGH;
  d.documentation = "Output format.";
  d.required = 1;
  d.valid_values = kFormats;
  d.has_range = 1;
  d.min_value = 1;
  d.max_value = 5;
  return d;
}

TEST_CASE("config def: ConfigKeysFromAbi copies every field") {
  cd_config_def defs[2] = {FullDef(), {}};
  defs[1].name = "count";
  defs[1].type = CD_CONFIG_INT;
  defs[1].importance = CD_IMPORTANCE_LOW;
  std::vector<ConfigKey> keys = ConfigKeysFromAbi(defs, 2, sizeof(cd_config_def));
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].name == "format");
  CHECK(keys[0].type == CD_CONFIG_STRING);
  CHECK(keys[0].default_value == std::optional<std::string>("json"));
  CHECK(keys[0].importance == CD_IMPORTANCE_HIGH);
  CHECK(keys[0].documentation == "Output format.");
  CHECK(keys[0].required);
  CHECK(keys[0].valid_values == std::vector<std::string>{"json", "avro"});
  CHECK(keys[0].range == std::optional<std::pair<double, double>>(std::make_pair(1.0, 5.0)));
  CHECK(keys[1].name == "count");
  CHECK(keys[1].type == CD_CONFIG_INT);
  CHECK_FALSE(keys[1].default_value.has_value());
  CHECK(keys[1].importance == CD_IMPORTANCE_LOW);
  CHECK(keys[1].documentation.empty());
  CHECK_FALSE(keys[1].required);
  CHECK(keys[1].valid_values.empty());
  CHECK_FALSE(keys[1].range.has_value());
}

// Lays out `count` copies of `def` with the given stride, as a plugin compiled with a shorter
// (older) or longer (newer) cd_config_def would.
std::vector<unsigned char> Packed(const cd_config_def& def, size_t count, size_t stride) {
  std::vector<unsigned char> bytes(count * stride, 0xAB);
  for (size_t i = 0; i < count; ++i) std::memcpy(bytes.data() + i * stride, &def, std::min(stride, sizeof(def)));
  return bytes;
}

TEST_CASE("config def: ConfigKeysFromAbi reads only the fields inside def_size") {
  cd_config_def def = FullDef();
  SUBCASE("before valid_values: valid values, range are absent") {
    uint32_t size = offsetof(cd_config_def, valid_values);
    std::vector<unsigned char> bytes = Packed(def, 2, size);
    std::vector<ConfigKey> keys = ConfigKeysFromAbi(reinterpret_cast<const cd_config_def*>(bytes.data()), 2, size);
    REQUIRE(keys.size() == 2);
    for (const ConfigKey& k : keys) {
      CHECK(k.name == "format");
      CHECK(k.default_value == std::optional<std::string>("json"));
      CHECK(k.importance == CD_IMPORTANCE_HIGH);
      CHECK(k.documentation == "Output format.");
      CHECK(k.required);
      CHECK(k.valid_values.empty());
      CHECK_FALSE(k.range.has_value());
    }
  }
  SUBCASE("has_range inside but max_value outside: no range") {
    uint32_t size = offsetof(cd_config_def, max_value);
    std::vector<unsigned char> bytes = Packed(def, 1, size);
    std::vector<ConfigKey> keys = ConfigKeysFromAbi(reinterpret_cast<const cd_config_def*>(bytes.data()), 1, size);
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].valid_values == std::vector<std::string>{"json", "avro"});
    CHECK_FALSE(keys[0].range.has_value());
  }
  SUBCASE("only the name: everything else takes the defaults") {
    uint32_t size = sizeof(const char*);
    std::vector<unsigned char> bytes = Packed(def, 3, size);
    std::vector<ConfigKey> keys = ConfigKeysFromAbi(reinterpret_cast<const cd_config_def*>(bytes.data()), 3, size);
    REQUIRE(keys.size() == 3);
    CHECK(keys[2].name == "format");
    CHECK(keys[2].type == CD_CONFIG_STRING);
    CHECK_FALSE(keys[2].default_value.has_value());
    CHECK(keys[2].importance == CD_IMPORTANCE_MEDIUM);
    CHECK_FALSE(keys[2].required);
  }
  SUBCASE("a newer plugin's longer declarations are walked with its stride") {
    uint32_t size = sizeof(cd_config_def) + 24;
    std::vector<unsigned char> bytes = Packed(def, 2, size);
    std::vector<ConfigKey> keys = ConfigKeysFromAbi(reinterpret_cast<const cd_config_def*>(bytes.data()), 2, size);
    REQUIRE(keys.size() == 2);
    CHECK(keys[1].name == "format");
    CHECK(keys[1].range == std::optional<std::pair<double, double>>(std::make_pair(1.0, 5.0)));
  }
  SUBCASE("def_size too small for the name: nothing is read") {
    std::vector<unsigned char> bytes = Packed(def, 2, 4);
    CHECK(ConfigKeysFromAbi(reinterpret_cast<const cd_config_def*>(bytes.data()), 2, 4).empty());
  }
}

TEST_CASE("config def: ConfigKeysFromAbi skips nameless declarations and unknown enum values") {
  cd_config_def defs[3] = {FullDef(), {}, FullDef()};
  defs[2].name = "odd";
  int bad_type = 99;
  int bad_importance = -1;
  std::memcpy(reinterpret_cast<unsigned char*>(&defs[2]) + offsetof(cd_config_def, type), &bad_type, sizeof(int));
  std::memcpy(reinterpret_cast<unsigned char*>(&defs[2]) + offsetof(cd_config_def, importance), &bad_importance,
              sizeof(int));
  std::vector<ConfigKey> keys = ConfigKeysFromAbi(defs, 3, sizeof(cd_config_def));
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].name == "format");
  CHECK(keys[1].name == "odd");
  CHECK(keys[1].type == CD_CONFIG_STRING);
  CHECK(keys[1].importance == CD_IMPORTANCE_MEDIUM);
  CHECK(ConfigKeysFromAbi(nullptr, 3, sizeof(cd_config_def)).empty());
}

TEST_CASE("config def: Markdown rows") {
  ConfigKey topic = Key("topic", CD_CONFIG_STRING);
  topic.importance = CD_IMPORTANCE_HIGH;
  topic.documentation = "The topic to write to.";
  CHECK(ConfigKeyMarkdownRow(topic) == "| topic | STRING | \u2014 | high | The topic to write to. |");

  ConfigKey prefix = Key("prefix", CD_CONFIG_STRING);
  prefix.default_value = "";
  prefix.importance = CD_IMPORTANCE_LOW;
  CHECK(ConfigKeyMarkdownRow(prefix) == "| prefix | STRING | \"\" | low |  |");

  ConfigKey password = Key("connection.password", CD_CONFIG_PASSWORD);
  password.default_value = "changeme";
  password.documentation = "Password.";
  CHECK(ConfigKeyMarkdownRow(password) == "| connection.password | PASSWORD | [hidden] | medium | Password. |");

  ConfigKey format = Key("format", CD_CONFIG_STRING);
  format.default_value = "json";
  format.documentation = "Output format.";
  format.valid_values = {"json", "avro"};
  CHECK(ConfigKeyMarkdownRow(format) ==
        "| format | STRING | json | medium | Output format. Valid values: [json, avro] |");
  format.documentation.clear();
  CHECK(ConfigKeyMarkdownRow(format) == "| format | STRING | json | medium | Valid values: [json, avro] |");
}

TEST_CASE("config def: Markdown rows show ranges as Kafka's Range does") {
  ConfigKey tasks = Key("tasks.max", CD_CONFIG_INT);
  tasks.default_value = "1";
  tasks.documentation = "Maximum tasks.";
  tasks.range = std::make_pair(1.0, 2147483647.0);
  CHECK(ConfigKeyMarkdownRow(tasks) == "| tasks.max | INT | 1 | medium | Maximum tasks. Valid values: [1,...] |");
  tasks.range = std::make_pair(0.0, 65535.0);
  CHECK(ConfigKeyMarkdownRow(tasks) == "| tasks.max | INT | 1 | medium | Maximum tasks. Valid values: [0,...,65535] |");

  ConfigKey offset = Key("offset", CD_CONFIG_LONG);
  offset.range = std::make_pair(-std::numeric_limits<double>::infinity(), 10.0);
  CHECK(ConfigKeyMarkdownRow(offset) == "| offset | LONG | \u2014 | medium | Valid values: [...,10] |");
  offset.range = std::make_pair(-9223372036854775808.0, 9223372036854775807.0);
  CHECK(ConfigKeyMarkdownRow(offset) == "| offset | LONG | \u2014 | medium | Valid values: [...] |");

  ConfigKey ratio = Key("ratio", CD_CONFIG_DOUBLE);
  ratio.range = std::make_pair(0.0, 1.0);
  CHECK(ConfigKeyMarkdownRow(ratio) == "| ratio | DOUBLE | \u2014 | medium | Valid values: [0.0,...,1.0] |");
  ratio.range = std::make_pair(0.5, std::numeric_limits<double>::infinity());
  CHECK(ConfigKeyMarkdownRow(ratio) == "| ratio | DOUBLE | \u2014 | medium | Valid values: [0.5,...] |");
  ratio.range = std::make_pair(-1e300, 1e-5);
  CHECK(ConfigKeyMarkdownRow(ratio) == "| ratio | DOUBLE | \u2014 | medium | Valid values: [-1.0E300,...,1.0E-5] |");

  ConfigKey name = Key("name", CD_CONFIG_STRING);
  name.range = std::make_pair(0.0, 1.0);
  CHECK(ConfigKeyMarkdownRow(name) == "| name | STRING | \u2014 | medium |  |");
}

TEST_CASE("config def: Markdown cells escape '|' and fold line breaks") {
  ConfigKey regex = Key("topics.regex", CD_CONFIG_STRING);
  regex.default_value = "a|b";
  regex.documentation = "Either a|b\nor c\r\nnothing.";
  CHECK(ConfigKeyMarkdownRow(regex) == "| topics.regex | STRING | a\\|b | medium | Either a\\|b or c  nothing. |");
}

}  // namespace
}  // namespace connectd
