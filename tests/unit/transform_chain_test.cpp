#include <doctest/doctest.h>

#include <ostream>

#include "transforms/transformation.h"

namespace connectd {
namespace {

std::unique_ptr<TransformChain> Chain(const ConfigMap& config) {
  std::unique_ptr<TransformChain> chain;
  Status st = TransformChain::Create(config, &chain);
  INFO(st.message());
  REQUIRE(st.ok());
  REQUIRE(chain);
  return chain;
}

Status CreateError(const ConfigMap& config) {
  std::unique_ptr<TransformChain> chain;
  Status st = TransformChain::Create(config, &chain);
  CHECK_FALSE(st.ok());
  CHECK(chain == nullptr);
  return st;
}

// Runs `topic` through the chain; returns the resulting topic, or "<dropped>".
std::string Run(const TransformChain& chain, const std::string& topic) {
  ConnectRecord record;
  record.topic = topic;
  record.value = Value::String("v");
  bool keep = false;
  Status st = chain.Apply(record, &keep);
  INFO(st.message());
  REQUIRE(st.ok());
  return keep ? record.topic : "<dropped>";
}

TEST_CASE("a config without transforms gives an empty chain that keeps records unchanged") {
  for (const ConfigMap& config : {ConfigMap{}, ConfigMap{{"transforms", ""}}, ConfigMap{{"transforms", "  "}}}) {
    auto chain = Chain(config);
    CHECK(chain->empty());
    CHECK(Run(*chain, "t") == "t");
  }
}

TEST_CASE("transforms run in the listed order") {
  ConfigMap config = {{"transforms.a.type", "org.apache.kafka.connect.transforms.RegexRouter"},
                      {"transforms.a.regex", "(.*)"},
                      {"transforms.a.replacement", "$1-a"},
                      {"transforms.b.type", "RegexRouter"},
                      {"transforms.b.regex", "(.*)"},
                      {"transforms.b.replacement", "$1-b"}};
  config["transforms"] = "a,b";
  CHECK(Run(*Chain(config), "t") == "t-a-b");
  config["transforms"] = " b , a ";
  CHECK(Run(*Chain(config), "t") == "t-b-a");
}

TEST_CASE("the chain from Kafka's transformation example, with the aliases separated by ', '") {
  auto chain = Chain({{"transforms", "MakeMap, InsertSource"},
                      {"transforms.MakeMap.type", "org.apache.kafka.connect.transforms.ReplaceField$Value"},
                      {"transforms.MakeMap.renames", "text:line"},
                      {"transforms.InsertSource.type", "org.apache.kafka.connect.transforms.InsertField$Value"},
                      {"transforms.InsertSource.static.field", "data_source"},
                      {"transforms.InsertSource.static.value", "test-file-source"}});
  ConnectRecord record;
  record.topic = "connect-test";
  record.value = Value::MakeMap({{Value::String("text"), Value::String("hello")}});
  bool keep = false;
  REQUIRE(chain->Apply(record, &keep).ok());
  CHECK(keep);
  CHECK(record.value == Value::MakeMap({{Value::String("line"), Value::String("hello")},
                                        {Value::String("data_source"), Value::String("test-file-source")}}));
}

TEST_CASE("the predicate examples of Kafka's documentation") {
  SUBCASE("Filter records of topic foo") {
    auto chain = Chain({{"transforms", "Filter"},
                        {"transforms.Filter.type", "org.apache.kafka.connect.transforms.Filter"},
                        {"transforms.Filter.predicate", "IsFoo"},
                        {"predicates", "IsFoo"},
                        {"predicates.IsFoo.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
                        {"predicates.IsFoo.pattern", "foo"}});
    CHECK(Run(*chain, "foo") == "<dropped>");
    CHECK(Run(*chain, "foobar") == "foobar");
    CHECK(Run(*chain, "bar") == "bar");
  }
  SUBCASE("a second transform applied to every topic except bar (negate=true)") {
    auto chain = Chain({{"transforms", "Filter,Extract"},
                        {"transforms.Filter.type", "org.apache.kafka.connect.transforms.Filter"},
                        {"transforms.Filter.predicate", "IsFoo"},
                        {"transforms.Extract.type", "org.apache.kafka.connect.transforms.RegexRouter"},
                        {"transforms.Extract.regex", "(.*)"},
                        {"transforms.Extract.replacement", "$1-extracted"},
                        {"transforms.Extract.predicate", "IsBar"},
                        {"transforms.Extract.negate", "true"},
                        {"predicates", "IsFoo,IsBar"},
                        {"predicates.IsFoo.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
                        {"predicates.IsFoo.pattern", "foo"},
                        {"predicates.IsBar.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
                        {"predicates.IsBar.pattern", "bar"}});
    CHECK(Run(*chain, "foo") == "<dropped>");
    CHECK(Run(*chain, "bar") == "bar");
    CHECK(Run(*chain, "baz") == "baz-extracted");
  }
}

TEST_CASE("negate=false and a predicate shared by two transforms") {
  auto chain = Chain({{"transforms", "x,y"},
                      {"transforms.x.type", "RegexRouter"},
                      {"transforms.x.regex", "(.*)"},
                      {"transforms.x.replacement", "$1-x"},
                      {"transforms.x.predicate", "Short"},
                      {"transforms.x.negate", "FALSE"},
                      {"transforms.y.type", "RegexRouter"},
                      {"transforms.y.regex", "(.*)"},
                      {"transforms.y.replacement", "$1-y"},
                      {"transforms.y.predicate", "Short"},
                      {"predicates", "Short"},
                      {"predicates.Short.type", "TopicNameMatches"},
                      {"predicates.Short.pattern", ".{1,3}(-x)?"}});
  CHECK(Run(*chain, "abc") == "abc-x-y");
  CHECK(Run(*chain, "abcd") == "abcd");
}

TEST_CASE("a dropped record skips the rest of the chain") {
  // ValueToKey fails on a String value; Filter drops the record before it gets there.
  auto chain = Chain({{"transforms", "drop,key"},
                      {"transforms.drop.type", "Filter"},
                      {"transforms.drop.predicate", "tombstone"},
                      {"transforms.drop.negate", "true"},
                      {"transforms.key.type", "ValueToKey"},
                      {"transforms.key.fields", "id"},
                      {"predicates", "tombstone"},
                      {"predicates.tombstone.type", "RecordIsTombstone"}});
  CHECK(Run(*chain, "t") == "<dropped>");
}

TEST_CASE("Apply errors name the transform alias") {
  auto chain = Chain({{"transforms", "route,key"},
                      {"transforms.route.type", "RegexRouter"},
                      {"transforms.route.regex", "t"},
                      {"transforms.route.replacement", "u"},
                      {"transforms.key.type", "ValueToKey"},
                      {"transforms.key.fields", "id"}});
  ConnectRecord record;
  record.topic = "t";
  record.value = Value::String("not a map");
  bool keep = true;
  Status st = chain->Apply(record, &keep);
  CHECK(st.code() == Status::Code::kFailed);
  CHECK(st.message() ==
        "transform 'key': only a Map record value is supported for copying fields from value to key when the value "
        "has no schema, found string");
}

TEST_CASE("chain config errors name the key") {
  Status st = CreateError({{"transforms", "route"}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("transforms.route.type: missing required setting", 0) == 0);

  st = CreateError({{"transforms", "route"}, {"transforms.route.type", "com.example.Nope"}});
  CHECK(st.code() == Status::Code::kNotFound);
  CHECK(st.message().rfind("transforms.route.type: unknown transformation class 'com.example.Nope'; known classes: ",
                           0) == 0);
  for (const std::string& name : TransformationClassNames()) CHECK(st.message().find(name) != std::string::npos);

  st = CreateError({{"transforms", "route"},
                    {"transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter"},
                    {"transforms.route.regex", "(oops"},
                    {"transforms.route.replacement", "x"}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("transforms.route.regex: '(oops' is not usable: invalid regular expression", 0) == 0);

  st = CreateError({{"transforms", "f"},
                    {"transforms.f.type", "Filter"},
                    {"transforms.f.predicate", "nope"},
                    {"predicates", "IsFoo"},
                    {"predicates.IsFoo.type", "TopicNameMatches"},
                    {"predicates.IsFoo.pattern", "foo"}});
  CHECK(st.message() ==
        "transforms.f.predicate: 'nope' is not an alias listed in 'predicates' (listed: IsFoo); add it there with its "
        "type");

  st = CreateError({{"transforms", "f"},
                    {"transforms.f.type", "Filter"},
                    {"transforms.f.predicate", "p"},
                    {"transforms.f.negate", "yes"},
                    {"predicates", "p"},
                    {"predicates.p.type", "RecordIsTombstone"}});
  CHECK(st.message() == "transforms.f.negate: expected true or false, found 'yes'");

  st = CreateError({{"transforms", "f"}, {"transforms.f.type", "Filter"}, {"transforms.f.negate", "true"}});
  CHECK(st.message().rfind("transforms.f.negate: set without transforms.f.predicate", 0) == 0);

  st = CreateError({{"predicates", "p"}});
  CHECK(st.message().rfind("predicates.p.type: missing required setting", 0) == 0);

  st = CreateError({{"predicates", "p"}, {"predicates.p.type", "Nope"}});
  CHECK(st.code() == Status::Code::kNotFound);
  CHECK(st.message().rfind("predicates.p.type: unknown predicate class 'Nope'; known classes: ", 0) == 0);
  for (const std::string& name : PredicateClassNames()) CHECK(st.message().find(name) != std::string::npos);

  st = CreateError({{"predicates", "p"}, {"predicates.p.type", "TopicNameMatches"}, {"predicates.p.pattern", "["}});
  CHECK(st.message().rfind("predicates.p.pattern: '[' is not usable", 0) == 0);

  st = CreateError({{"transforms", "i"}, {"transforms.i.type", "InsertField$Value"}});
  CHECK(st.message().rfind("transforms.i.topic.field: no field insertion configured", 0) == 0);

  CHECK(CreateError({{"transforms", "a,a"}, {"transforms.a.type", "Filter"}}).message() ==
        "transforms: duplicate alias 'a'; list each alias once");
  CHECK(CreateError({{"transforms", "a,,b"}}).message() ==
        "transforms: the list 'a,,b' has an empty alias; separate aliases with single commas");
  CHECK(CreateError({{"predicates", "p,"}}).message().rfind("predicates: the list 'p,' has an empty alias", 0) == 0);
}

TEST_CASE("class names: full Kafka names and short aliases") {
  CHECK(TransformationClassNames() == std::vector<std::string>{
                                          "org.apache.kafka.connect.transforms.Cast$Key",
                                          "org.apache.kafka.connect.transforms.Cast$Value",
                                          "org.apache.kafka.connect.transforms.DropHeaders",
                                          "org.apache.kafka.connect.transforms.ExtractField$Key",
                                          "org.apache.kafka.connect.transforms.ExtractField$Value",
                                          "org.apache.kafka.connect.transforms.Filter",
                                          "org.apache.kafka.connect.transforms.Flatten$Key",
                                          "org.apache.kafka.connect.transforms.Flatten$Value",
                                          "org.apache.kafka.connect.transforms.HeaderFrom$Key",
                                          "org.apache.kafka.connect.transforms.HeaderFrom$Value",
                                          "org.apache.kafka.connect.transforms.HoistField$Key",
                                          "org.apache.kafka.connect.transforms.HoistField$Value",
                                          "org.apache.kafka.connect.transforms.InsertField$Key",
                                          "org.apache.kafka.connect.transforms.InsertField$Value",
                                          "org.apache.kafka.connect.transforms.InsertHeader",
                                          "org.apache.kafka.connect.transforms.MaskField$Key",
                                          "org.apache.kafka.connect.transforms.MaskField$Value",
                                          "org.apache.kafka.connect.transforms.RegexRouter",
                                          "org.apache.kafka.connect.transforms.ReplaceField$Key",
                                          "org.apache.kafka.connect.transforms.ReplaceField$Value",
                                          "org.apache.kafka.connect.transforms.SetSchemaMetadata$Key",
                                          "org.apache.kafka.connect.transforms.SetSchemaMetadata$Value",
                                          "org.apache.kafka.connect.transforms.TimestampConverter$Key",
                                          "org.apache.kafka.connect.transforms.TimestampConverter$Value",
                                          "org.apache.kafka.connect.transforms.TimestampRouter",
                                          "org.apache.kafka.connect.transforms.ValueToKey",
                                          "io.debezium.transforms.ExtractNewRecordState",
                                      });
  CHECK(PredicateClassNames() == std::vector<std::string>{
                                     "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                                     "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
                                     "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
                                 });
  std::unique_ptr<Transformation> transform;
  for (const char* name : {"InsertField$Key", "InsertField$Value", "ReplaceField$Key", "ReplaceField$Value",
                           "ValueToKey", "RegexRouter", "Filter", " org.apache.kafka.connect.transforms.Filter "}) {
    CHECK_MESSAGE(CreateTransformation(name, &transform).ok(), name);
  }
  CHECK(CreateTransformation("InsertField", &transform).code() == Status::Code::kNotFound);
  std::unique_ptr<Predicate> predicate;
  for (const char* name : {"TopicNameMatches", "HasHeaderKey", "RecordIsTombstone"}) {
    CHECK_MESSAGE(CreatePredicate(name, &predicate).ok(), name);
  }
}

}  // namespace
}  // namespace connectd
