#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kExtractKey = "org.apache.kafka.connect.transforms.ExtractField$Key";
const char* const kExtractValue = "org.apache.kafka.connect.transforms.ExtractField$Value";

SchemaPtr Int32Schema() { return Schema::Primitive(SchemaType::kInt32, false); }

ConnectRecord KeyRecord(SchemaPtr schema, Value key) {
  ConnectRecord record;
  record.topic = "test";
  record.key_schema = std::move(schema);
  record.key = std::move(key);
  return record;
}

// Kafka's {"magic": {"foo": 42}} with schemas.
struct Nested {
  SchemaPtr foo_schema = SchemaBuilder::Struct().AddField("foo", Int32Schema()).Build();
  SchemaPtr key_schema = SchemaBuilder::Struct().AddField("magic", foo_schema).Build();
  Value key() const {
    Value inner = Value::MakeStruct(foo_schema);
    inner.structure().fields[0] = Value::Int32(42);
    Value outer = Value::MakeStruct(key_schema);
    outer.structure().fields[0] = inner;
    return outer;
  }
};

TEST_CASE("ExtractField on a schemaless Map, flat and nested (Kafka's ExtractFieldTest)") {
  SUBCASE("schemaless") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}});
    ConnectRecord record = KeyRecord(nullptr, MapOf({{"magic", Value::Int32(42)}}));
    ApplyOk(*transform, record);
    CHECK(record.key_schema == nullptr);
    CHECK(record.key == Value::Int32(42));
  }
  SUBCASE("schemaless and nested path") {
    auto transform = Configured(kExtractKey, {{"field.syntax.version", "V2"}, {"field", "magic.foo"}});
    ConnectRecord record = KeyRecord(nullptr, MapOf({{"magic", MapOf({{"foo", Value::Int32(42)}})}}));
    ApplyOk(*transform, record);
    CHECK(record.key_schema == nullptr);
    CHECK(record.key == Value::Int32(42));
  }
  SUBCASE("null schemaless") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}});
    ConnectRecord record = KeyRecord(nullptr, Value::Null());
    ApplyOk(*transform, record);
    CHECK(record.key_schema == nullptr);
    CHECK(record.key.is_null());
  }
  SUBCASE("a missing field gives null") {
    auto transform = Configured(kExtractKey, {{"field", "nonexistent"}});
    ConnectRecord record = KeyRecord(nullptr, MapOf({{"magic", Value::Int32(42)}}));
    ApplyOk(*transform, record);
    CHECK(record.key.is_null());
  }
  SUBCASE("a missing nested field gives null") {
    auto transform = Configured(kExtractKey, {{"field.syntax.version", "v2"}, {"field", "magic.nonexistent"}});
    ConnectRecord record = KeyRecord(nullptr, MapOf({{"magic", MapOf({{"foo", Value::Int32(42)}})}}));
    ApplyOk(*transform, record);
    CHECK(record.key.is_null());
  }
  SUBCASE("V1 reads a dotted name as one field") {
    auto transform = Configured(kExtractKey, {{"field", "magic.foo"}});
    ConnectRecord record = KeyRecord(nullptr, MapOf({{"magic.foo", Value::Int32(7)},
                                                     {"magic", MapOf({{"foo", Value::Int32(42)}})}}));
    ApplyOk(*transform, record);
    CHECK(record.key == Value::Int32(7));
  }
}

TEST_CASE("ExtractField on a Struct takes the field's schema") {
  SUBCASE("with schema") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}});
    SchemaPtr schema = SchemaBuilder::Struct().AddField("magic", Int32Schema()).Build();
    Value key = Value::MakeStruct(schema);
    key.structure().fields[0] = Value::Int32(42);
    ConnectRecord record = KeyRecord(schema, key);
    ApplyOk(*transform, record);
    CHECK(record.key_schema == Int32Schema());
    CHECK(record.key == Value::Int32(42));
  }
  SUBCASE("with schema and nested path") {
    auto transform = Configured(kExtractKey, {{"field.syntax.version", "V2"}, {"field", "magic.foo"}});
    Nested nested;
    ConnectRecord record = KeyRecord(nested.key_schema, nested.key());
    ApplyOk(*transform, record);
    CHECK(record.key_schema == Int32Schema());
    CHECK(record.key == Value::Int32(42));
  }
  SUBCASE("a null Struct gives null with the field's schema") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}});
    SchemaPtr schema = SchemaBuilder::Struct().AddField("magic", Int32Schema()).Optional().Build();
    ConnectRecord record = KeyRecord(schema, Value::Null());
    ApplyOk(*transform, record);
    CHECK(record.key_schema == Int32Schema());
    CHECK(record.key.is_null());
  }
  SUBCASE("a whole nested Struct") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}});
    Nested nested;
    ConnectRecord record = KeyRecord(nested.key_schema, nested.key());
    ApplyOk(*transform, record);
    CHECK(record.key_schema == nested.foo_schema);
    Value expected = Value::MakeStruct(nested.foo_schema);
    expected.structure().fields[0] = Value::Int32(42);
    CHECK(record.key == expected);
  }
}

TEST_CASE("ExtractField fails on a field the schema does not have") {
  SUBCASE("flat") {
    auto transform = Configured(kExtractKey, {{"field", "nonexistent"}});
    SchemaPtr schema = SchemaBuilder::Struct().AddField("magic", Int32Schema()).Build();
    Value key = Value::MakeStruct(schema);
    key.structure().fields[0] = Value::Int32(42);
    ConnectRecord record = KeyRecord(schema, key);
    CHECK(ApplyError(*transform, record).message() ==
          "unknown field: 'nonexistent' is not a field of the record key schema; set field to one of its fields");
  }
  SUBCASE("nested") {
    auto transform = Configured(kExtractKey, {{"field.syntax.version", "V2"}, {"field", "magic.nonexistent"}});
    Nested nested;
    ConnectRecord record = KeyRecord(nested.key_schema, nested.key());
    CHECK(ApplyError(*transform, record).message() ==
          "unknown field: 'magic.nonexistent' is not a field of the record key schema; set field to one of its fields");
  }
  SUBCASE("through a field that is not a Struct") {
    auto transform = Configured(kExtractKey, {{"field.syntax.version", "V2"}, {"field", "magic.foo.bar"}});
    Nested nested;
    ConnectRecord record = KeyRecord(nested.key_schema, nested.key());
    CHECK(ApplyError(*transform, record).message() ==
          "cannot look up 'bar' (field 'magic.foo.bar') in the record key: that schema is int32, not a struct; fix "
          "the field path");
  }
  SUBCASE("a schema that is not a Struct") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}});
    ConnectRecord record = KeyRecord(Int32Schema(), Value::Null());
    CHECK(ApplyError(*transform, record).message() ==
          "cannot look up 'magic' (field 'magic') in the record key: that schema is int32, not a struct; fix the field "
          "path");
  }
  SUBCASE("a value that is not a Struct") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}});
    ConnectRecord record = KeyRecord(Int32Schema(), Value::Int32(1));
    CHECK(ApplyError(*transform, record).message() ==
          "only a Struct record key is supported for field extraction, found int32");
  }
  SUBCASE("a schemaless value that is not a Map, or a nested entry that is not one") {
    auto transform = Configured(kExtractKey, {{"field", "magic"}, {"field.syntax.version", "V2"}});
    ConnectRecord record = KeyRecord(nullptr, Value::Int32(1));
    CHECK(ApplyError(*transform, record).message() ==
          "only a Map record key is supported for field extraction when the key has no schema, found int32");
    auto nested = Configured(kExtractKey, {{"field", "magic.foo"}, {"field.syntax.version", "V2"}});
    ConnectRecord flat = KeyRecord(nullptr, MapOf({{"magic", Value::Int32(42)}}));
    CHECK(ApplyError(*nested, flat).message() ==
          "cannot follow field 'magic.foo' of the record key: 'magic' holds int32, but only a Map is supported for "
          "nested field access when the key has no schema");
  }
}

TEST_CASE("ExtractField of an unset optional field follows replace.null.with.default") {
  SchemaPtr schema =
      SchemaBuilder::Struct()
          .AddField("optional_with_default", SchemaBuilder(SchemaType::kInt32).Optional().Default(Value::Int32(42)).Build())
          .Build();
  for (const char* class_name : {kExtractKey, kExtractValue}) {
    for (bool replace : {false, true}) {
      CAPTURE(class_name);
      CAPTURE(replace);
      auto transform = Configured(class_name, {{"field", "optional_with_default"},
                                               {"replace.null.with.default", replace ? "true" : "false"}});
      ConnectRecord record;
      bool key = std::string(class_name) == kExtractKey;
      (key ? record.key_schema : record.value_schema) = schema;
      (key ? record.key : record.value) = Value::MakeStruct(schema);
      ApplyOk(*transform, record);
      CHECK((key ? record.key : record.value) == (replace ? Value::Int32(42) : Value::Null()));
      CHECK((key ? record.key_schema : record.value_schema) == schema->fields()[0].schema);
    }
  }
}

TEST_CASE("ExtractField with V2 reads a null nested Struct through its default") {
  SchemaPtr inner = SchemaBuilder::Struct().AddField("foo", Int32Schema()).Build();
  Value inner_default = Value::MakeStruct(inner);
  inner_default.structure().fields[0] = Value::Int32(9);
  SchemaPtr schema =
      SchemaBuilder::Struct().AddField("magic", SchemaBuilder::From(*inner).Optional().Default(inner_default).Build()).Build();
  auto transform = Configured(kExtractValue, {{"field", "magic.foo"}, {"field.syntax.version", "V2"}});
  ConnectRecord record;
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  ApplyOk(*transform, record);
  CHECK(record.value == Value::Int32(9));
  CHECK(record.value_schema == Int32Schema());
}

TEST_CASE("ExtractField V2 paths: dots, backticks and escapes as KIP-821") {
  Value value = MapOf({{"foo.bar", MapOf({{"baz", Value::Int32(1)}})},
                       {"a`b", MapOf({{"c", Value::Int32(2)}})},
                       {"x`.y", MapOf({{"z", Value::Int32(3)}})},
                       {"p\\`", MapOf({{"q", Value::Int32(6)}})},
                       {"end", MapOf({{"", Value::Int32(4)}})},
                       {"tick`", Value::Int32(5)}});
  struct Case {
    const char* path;
    Value expected;
  };
  const Case cases[] = {{"`foo.bar`.baz", Value::Int32(1)},
                        {"`a`b`.c", Value::Int32(2)},  // a backtick not before a dot belongs to the name
                        {"`x\\`.y`.z", Value::Int32(3)},  // \` before a dot is a backtick in the name
                        {"`p\\``.q", Value::Int32(6)},    // elsewhere the backslash stays
                        {"end.", Value::Int32(4)},     // a trailing dot adds an empty step
                        {"`tick``", Value::Int32(5)},
                        {"foo.bar.baz", Value::Null()}};
  for (const Case& c : cases) {
    CAPTURE(c.path);
    auto transform = Configured(kExtractValue, {{"field", c.path}, {"field.syntax.version", "V2"}});
    ConnectRecord record;
    record.value = value;
    ApplyOk(*transform, record);
    CHECK(record.value == c.expected);
  }
}

TEST_CASE("ExtractField configuration errors") {
  CHECK(ConfigureError(kExtractKey, {}).message() == "field: missing required setting; set it to the name of the field to extract");
  CHECK(ConfigureError(kExtractKey, {{"field", "a"}, {"field.syntax.version", "V3"}}).message() ==
        "field.syntax.version: expected V1 or V2 (any case), found 'V3'");
  CHECK(ConfigureError(kExtractKey, {{"field", "`foo.bar"}, {"field.syntax.version", "V2"}}).message() ==
        "field: incomplete backtick pair in path '`foo.bar': the backtick at position 0 is never closed; add a "
        "backslash before it to make it part of the name");
  CHECK(ConfigureError(kExtractKey, {{"field", "a.`b\\`"}, {"field.syntax.version", "V2"}}).message().rfind(
            "field: incomplete backtick pair in path 'a.`b\\`': the backtick at position 2", 0) == 0);
  CHECK(ConfigureError(kExtractKey, {{"field", ""}, {"field.syntax.version", "V2"}}).message() ==
        "field: the path is empty; name the field to extract");
  CHECK(ConfigureError(kExtractKey, {{"field", "a"}, {"replace.null.with.default", "1"}}).message() ==
        "replace.null.with.default: expected true or false, found '1'");
}

// The predicate example of Kafka's Connect documentation: drop topic foo, extract other_field from
// keys everywhere except topic bar.
TEST_CASE("ExtractField$Key in Kafka's documented predicate example") {
  std::unique_ptr<TransformChain> chain;
  Status st = TransformChain::Create({{"transforms", "Filter,Extract"},
                                      {"transforms.Filter.type", "org.apache.kafka.connect.transforms.Filter"},
                                      {"transforms.Filter.predicate", "IsFoo"},
                                      {"transforms.Extract.type", "org.apache.kafka.connect.transforms.ExtractField$Key"},
                                      {"transforms.Extract.field", "other_field"},
                                      {"transforms.Extract.predicate", "IsBar"},
                                      {"transforms.Extract.negate", "true"},
                                      {"predicates", "IsFoo,IsBar"},
                                      {"predicates.IsFoo.type",
                                       "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
                                      {"predicates.IsFoo.pattern", "foo"},
                                      {"predicates.IsBar.type",
                                       "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
                                      {"predicates.IsBar.pattern", "bar"}},
                                     &chain);
  INFO(st.message());
  REQUIRE(st.ok());
  auto run = [&](const char* topic, bool* keep) {
    ConnectRecord record;
    record.topic = topic;
    record.key = MapOf({{"other_field", Value::String("k")}, {"id", Value::Int32(1)}});
    Status applied = chain->Apply(record, keep);
    REQUIRE(applied.ok());
    return record.key;
  };
  bool keep = true;
  run("foo", &keep);
  CHECK_FALSE(keep);
  CHECK(run("bar", &keep) == MapOf({{"other_field", Value::String("k")}, {"id", Value::Int32(1)}}));
  CHECK(keep);
  CHECK(run("baz", &keep) == Value::String("k"));
  CHECK(keep);
}

}  // namespace
}  // namespace connectd
