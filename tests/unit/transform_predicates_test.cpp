#include <doctest/doctest.h>

#include <ostream>

#include "transforms/transformation.h"

namespace connectd {
namespace {

std::unique_ptr<Predicate> Configured(const std::string& class_name, const ConfigMap& config) {
  std::unique_ptr<Predicate> predicate;
  REQUIRE(CreatePredicate(class_name, &predicate).ok());
  Status st = predicate->Configure(config);
  INFO(st.message());
  REQUIRE(st.ok());
  return predicate;
}

Status ConfigureError(const std::string& class_name, const ConfigMap& config) {
  std::unique_ptr<Predicate> predicate;
  REQUIRE(CreatePredicate(class_name, &predicate).ok());
  return predicate->Configure(config);
}

ConnectRecord WithTopic(const std::string& topic) {
  ConnectRecord record;
  record.topic = topic;
  return record;
}

TEST_CASE("TopicNameMatches: the cases of Kafka's TopicNameMatchesTest") {
  auto predicate =
      Configured("org.apache.kafka.connect.transforms.predicates.TopicNameMatches", {{"pattern", "my-prefix-.*"}});
  CHECK(predicate->Test(WithTopic("my-prefix-")));
  CHECK(predicate->Test(WithTopic("my-prefix-foo")));
  CHECK_FALSE(predicate->Test(WithTopic("x-my-prefix-")));
  CHECK_FALSE(predicate->Test(WithTopic("x-my-prefix-foo")));
  CHECK_FALSE(predicate->Test(WithTopic("your-prefix-")));
  CHECK_FALSE(predicate->Test(WithTopic("your-prefix-foo")));
  CHECK_FALSE(predicate->Test(WithTopic("")));
  // Asked again, the remembered answers are the same.
  CHECK(predicate->Test(WithTopic("my-prefix-foo")));
  CHECK_FALSE(predicate->Test(WithTopic("your-prefix-foo")));
}

TEST_CASE("TopicNameMatches config errors name the key") {
  const char* cls = "TopicNameMatches";
  Status st = ConfigureError(cls, {});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("pattern: missing required setting", 0) == 0);
  CHECK(ConfigureError(cls, {{"pattern", ""}}).message().rfind("pattern: must not be empty", 0) == 0);
  CHECK(ConfigureError(cls, {{"pattern", "["}})
            .message()
            .rfind("pattern: '[' is not usable: invalid regular expression", 0) == 0);
  CHECK(ConfigureError(cls, {{"pattern", "*"}}).message().rfind("pattern: '*' is not usable", 0) == 0);
}

TEST_CASE("HasHeaderKey") {
  auto predicate = Configured("org.apache.kafka.connect.transforms.predicates.HasHeaderKey", {{"name", "trace"}});
  ConnectRecord record;
  CHECK_FALSE(predicate->Test(record));
  record.headers.push_back(Header{"other", nullptr, Value::String("x")});
  CHECK_FALSE(predicate->Test(record));
  record.headers.push_back(Header{"trace", nullptr, Value::Null()});
  CHECK(predicate->Test(record));
  record.headers.push_back(Header{"trace", nullptr, Value::String("2")});
  CHECK(predicate->Test(record));
  CHECK_FALSE(Configured("HasHeaderKey", {{"name", "Trace"}})->Test(record));

  CHECK(ConfigureError("HasHeaderKey", {}).message().rfind("name: missing required setting", 0) == 0);
  CHECK(ConfigureError("HasHeaderKey", {{"name", " "}}).message().rfind("name: must not be empty", 0) == 0);
}

TEST_CASE("RecordIsTombstone is true exactly when the value is null") {
  auto predicate = Configured("org.apache.kafka.connect.transforms.predicates.RecordIsTombstone", {});
  ConnectRecord record;
  record.key = Value::String("k");
  CHECK(predicate->Test(record));
  record.value_schema = Schema::Primitive(SchemaType::kString, true);
  CHECK(predicate->Test(record));
  record.value = Value::String("");
  CHECK_FALSE(predicate->Test(record));
  CHECK(Configured("RecordIsTombstone", {})->Test(ConnectRecord{}));
}

TEST_CASE("Filter drops every record it is applied to") {
  std::unique_ptr<Transformation> filter;
  REQUIRE(CreateTransformation("org.apache.kafka.connect.transforms.Filter", &filter).ok());
  REQUIRE(filter->Configure({{"anything", "ignored"}}).ok());
  ConnectRecord record = WithTopic("t");
  bool keep = true;
  REQUIRE(filter->Apply(record, &keep).ok());
  CHECK_FALSE(keep);
  CHECK(record.topic == "t");
}

}  // namespace
}  // namespace connectd
