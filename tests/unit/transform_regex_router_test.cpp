#include <doctest/doctest.h>

#include <ostream>

#include "transforms/java_regex.h"
#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

std::unique_ptr<Transformation> Router(const std::string& regex, const std::string& replacement) {
  return Configured("org.apache.kafka.connect.transforms.RegexRouter", {{"regex", regex}, {"replacement", replacement}});
}

std::string Route(const std::string& regex, const std::string& replacement, const std::string& topic) {
  auto router = Router(regex, replacement);
  ConnectRecord record;
  record.topic = topic;
  record.kafka_partition = 3;
  record.value = Value::String("payload");
  ApplyOk(*router, record);
  CHECK(record.kafka_partition == 3);
  CHECK(record.value == Value::String("payload"));
  return record.topic;
}

TEST_CASE("RegexRouter: the cases of Kafka's RegexRouterTest") {
  CHECK(Route("foo", "bar", "foo") == "bar");
  CHECK(Route("foo", "bar", "orig") == "orig");
  CHECK(Route("(.*)", "$1", "orig") == "orig");
  CHECK(Route("(.*)", "prefix-$1", "orig") == "prefix-orig");
  CHECK(Route("(.*)", "$1-suffix", "orig") == "orig-suffix");
  CHECK(Route("(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$1", "index-20160117") == "index");
}

TEST_CASE("RegexRouter: the examples of the RegexRouter documentation") {
  CHECK(Route("soe-(.*)", "$1", "soe-Order") == "Order");
  CHECK(Route(".*", "acme_$0", "Order") == "acme_Order");
  // The page renders this pattern as "(.)Stream_(.)", which cannot match the whole topic; the
  // stated result needs the '*' its markup dropped.
  CHECK(Route("(.*)Stream_(.*)", "$1$2", "Order_Stream_Data") == "Order_Data");
  // Debezium's "server.schema.table" topics routed to the table name.
  CHECK(Route("([^.]+)\\.([^.]+)\\.([^.]+)", "$3", "dbserver1.inventory.customers") == "customers");
}

TEST_CASE("RegexRouter matches the whole topic, then replaces the first match as Java does") {
  CHECK(Route("foo", "bar", "foobar") == "foobar");
  CHECK(Route("bar", "baz", "foobar") == "foobar");
  // matches() accepts "ab" through the second alternative, but replaceFirst() searches afresh
  // and replaces only the "a" the first alternative finds.
  CHECK(Route("a|ab", "X", "ab") == "Xb");
  // A group that did not take part adds nothing.
  CHECK(Route("(x)?(.*)", "[$1]$2", "topic") == "[]topic");
}

TEST_CASE("RegexRouter replacement syntax") {
  CHECK(Route("(.*)", "\\$1-$1", "t") == "$1-t");
  CHECK(Route("(.*)", "a\\\\b", "t") == "a\\b");
  // Java reads "$10" as group 1 followed by "0" when there is no group 10.
  CHECK(Route("(.*)", "$10", "t") == "t0");
  CHECK(Route("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "$10$1", "abcdefghij") == "ja");
  CHECK(Route("(?<db>[^.]+)\\.(?<table>.+)", "${table}_from_${db}", "inventory.orders") == "orders_from_inventory");
}

TEST_CASE("RegexRouter translates Java-only regex syntax") {
  CHECK(Route("\\Qa.b\\E-(.*)", "$1", "a.b-x") == "x");
  CHECK(Route("\\Qa.b\\E-(.*)", "$1", "aXb-x") == "aXb-x");
  CHECK(Route("(?i)ORDERS", "orders", "Orders") == "orders");
  CHECK(Route("\\Aorders\\z", "o", "orders") == "o");
  CHECK(Route("[\\Q.-\\E]+", "dots", ".-.") == "dots");
}

TEST_CASE("RegexRouter caches routes per topic without changing the results") {
  auto router = Router("(.*)-raw", "$1");
  for (int round = 0; round < 2; ++round) {
    for (const char* topic : {"a-raw", "b", "a-raw"}) {
      ConnectRecord record;
      record.topic = topic;
      bool keep = true;
      REQUIRE(router->Apply(record, &keep).ok());
      CHECK(record.topic == (std::string(topic) == "b" ? "b" : "a"));
    }
  }
}

TEST_CASE("RegexRouter config errors name the key") {
  Status st = ConfigureStatus("RegexRouter", {{"replacement", "x"}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("regex: missing required setting", 0) == 0);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "x"}}).message().rfind("replacement: missing required setting", 0) == 0);

  st = ConfigureStatus("RegexRouter", {{"regex", "(unclosed"}, {"replacement", "x"}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("regex: '(unclosed' is not usable: invalid regular expression", 0) == 0);

  CHECK(ConfigureStatus("RegexRouter", {{"regex", "(?<=a)b"}, {"replacement", "x"}}).message() ==
        "regex: '(?<=a)b' is not usable: the Java regex construct (?<= (lookbehind) is not supported; "
        "rewrite the pattern without lookbehind");
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "a*+"}, {"replacement", "x"}}).message().find("possessive quantifier (*+)") !=
        std::string::npos);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "a{2}+"}, {"replacement", "x"}}).message().find("possessive quantifier (}+)") !=
        std::string::npos);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "\\p{Alpha}+"}, {"replacement", "x"}})
            .message()
            .find("construct \\p is not supported") != std::string::npos);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "(?>a)"}, {"replacement", "x"}}).message().find("atomic group") != std::string::npos);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "a(?s)b"}, {"replacement", "x"}}).message().find("inline flags") !=
        std::string::npos);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "[a-z&&b]"}, {"replacement", "x"}}).message().find("&& (class intersection)") !=
        std::string::npos);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "[a[bc]]"}, {"replacement", "x"}}).message().find("'[' inside a character class") !=
        std::string::npos);

  CHECK(ConfigureStatus("RegexRouter", {{"regex", "(.*)"}, {"replacement", "$2"}}).message() ==
        "replacement: '$2' is not usable: the replacement refers to $2 but the regex has 1 group(s)");
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "(.*)"}, {"replacement", "cost$"}})
            .message()
            .rfind("replacement: 'cost$' is not usable: '$' in the replacement must be followed by a group number",
                   0) == 0);
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "(.*)"}, {"replacement", "${name}"}}).message() ==
        "replacement: '${name}' is not usable: the replacement refers to ${name} but the regex has no group named "
        "'name'");
  CHECK(ConfigureStatus("RegexRouter", {{"regex", "(.*)"}, {"replacement", "x\\"}}).message().find("lone backslash") !=
        std::string::npos);
}

TEST_CASE("JavaRegex keeps the meaning of shared syntax") {
  JavaRegex regex;
  REQUIRE(JavaRegex::Compile("my-prefix-.*", &regex).ok());
  CHECK(regex.Matches("my-prefix-"));
  CHECK(regex.Matches("my-prefix-foo"));
  CHECK_FALSE(regex.Matches("x-my-prefix-"));
  CHECK_FALSE(regex.Matches("your-prefix-foo"));

  REQUIRE(JavaRegex::Compile("(a)(?:b)(?<n>c)[(]", &regex).ok());
  CHECK(regex.group_count() == 2);
  CHECK(regex.GroupNumber("n") == 2);
  CHECK(regex.GroupNumber("m") == 0);
  CHECK(regex.Matches("abc("));
}

}  // namespace
}  // namespace connectd
