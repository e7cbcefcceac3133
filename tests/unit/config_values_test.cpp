#include "config/config_values.h"

#include <doctest/doctest.h>

#include <ostream>

namespace connectd {
namespace {

using Strings = std::vector<std::string>;

TEST_CASE("ParseConfigList follows Kafka's LIST parsing") {
  CHECK(ParseConfigList("") == Strings{});
  CHECK(ParseConfigList(" \t ") == Strings{});
  CHECK(ParseConfigList("a") == Strings{"a"});
  CHECK(ParseConfigList(" a , b ,c ") == Strings{"a", "b", "c"});
  CHECK(ParseConfigList("a,,b") == Strings{"a", "", "b"});
  CHECK(ParseConfigList("a,") == Strings{"a", ""});
  CHECK(ParseConfigList("x y,z") == Strings{"x y", "z"});
}

TEST_CASE("config strings are trimmed as Java's String.trim does") {
  CHECK(TrimConfigValue(" \t\x01value\n ") == "value");
  CHECK(TrimConfigValue("in side") == "in side");
  ConfigMap config = {{"k", "  v  "}};
  CHECK(OptionalConfigString(config, "k") == std::optional<std::string>("v"));
  CHECK(OptionalConfigString(config, "missing") == std::nullopt);
  std::string out;
  Status st = RequiredConfigString(config, "missing", "set it to x", &out);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message() == "missing: missing required setting; set it to x");
  REQUIRE(RequiredConfigString(config, "k", "", &out).ok());
  CHECK(out == "v");
  CHECK(ConfigList(config, "missing") == Strings{});
}

TEST_CASE("ConfigBoolean accepts true/false in any case") {
  bool out = false;
  REQUIRE(ConfigBoolean({}, "b", true, &out).ok());
  CHECK(out);
  REQUIRE(ConfigBoolean({{"b", " False "}}, "b", true, &out).ok());
  CHECK_FALSE(out);
  REQUIRE(ConfigBoolean({{"b", "TRUE"}}, "b", false, &out).ok());
  CHECK(out);
  Status st = ConfigBoolean({{"b", "1"}}, "b", false, &out);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message() == "b: expected true or false, found '1'");
}

TEST_CASE("SplitConfigItemAtColons splits as Java's String.split(\":\")") {
  CHECK(SplitConfigItemAtColons("foo:int32") == Strings{"foo", "int32"});
  CHECK(SplitConfigItemAtColons(" foo : bar ") == Strings{" foo ", " bar "});
  CHECK(SplitConfigItemAtColons("int8") == Strings{"int8"});
  CHECK(SplitConfigItemAtColons("a:b:c") == Strings{"a", "b", "c"});
  CHECK(SplitConfigItemAtColons("a:b:") == Strings{"a", "b"});
  CHECK(SplitConfigItemAtColons("a::") == Strings{"a"});
  CHECK(SplitConfigItemAtColons(":b") == Strings{"", "b"});
  CHECK(SplitConfigItemAtColons("") == Strings{""});
  CHECK(SplitConfigItemAtColons(":").empty());
  CHECK(SplitConfigItemAtColons("::").empty());
}

}  // namespace
}  // namespace connectd
