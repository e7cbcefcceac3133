#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kValueClass = "org.apache.kafka.connect.transforms.ReplaceField$Value";

// The schema and value of Kafka's ReplaceFieldTest.
SchemaPtr KafkaTestSchema() {
  return SchemaBuilder::Struct()
      .AddField("dont", Schema::Primitive(SchemaType::kString, false))
      .AddField("abc", Schema::Primitive(SchemaType::kInt32, false))
      .AddField("foo", Schema::Primitive(SchemaType::kBoolean, false))
      .AddField("etc", Schema::Primitive(SchemaType::kString, false))
      .Build();
}

Value KafkaTestStruct(const SchemaPtr& schema) {
  Value value = Value::MakeStruct(schema);
  value.structure().fields = {Value::String("whatever"), Value::Int32(42), Value::Boolean(true), Value::String("etc")};
  return value;
}

Value KafkaTestMap() {
  return MapOf({{"dont", Value::String("whatever")},
                {"abc", Value::Int32(42)},
                {"foo", Value::Boolean(true)},
                {"etc", Value::String("etc")}});
}

TEST_CASE("ReplaceField$Value with a schema keeps included fields and renames them") {
  auto transform = Configured(kValueClass, {{"include", "abc,foo"}, {"renames", "abc:xyz,foo:bar"}});
  SchemaPtr schema = KafkaTestSchema();
  ConnectRecord record;
  record.topic = "test";
  record.value_schema = schema;
  record.value = KafkaTestStruct(schema);
  ApplyOk(*transform, record);

  SchemaPtr expected_schema = SchemaBuilder::Struct()
                                  .AddField("xyz", Schema::Primitive(SchemaType::kInt32, false))
                                  .AddField("bar", Schema::Primitive(SchemaType::kBoolean, false))
                                  .Build();
  CHECK(record.value_schema->Equals(*expected_schema));
  Value expected = Value::MakeStruct(expected_schema);
  expected.structure().fields = {Value::Int32(42), Value::Boolean(true)};
  CHECK(record.value == expected);

  SUBCASE("the derived schema is reused for the same input schema") {
    ConnectRecord second;
    second.value_schema = schema;
    second.value = KafkaTestStruct(schema);
    ApplyOk(*transform, second);
    CHECK(second.value_schema == record.value_schema);
  }
}

TEST_CASE("ReplaceField$Value schemaless excludes and renames") {
  auto transform = Configured(kValueClass, {{"exclude", "dont"}, {"renames", "abc:xyz,foo:bar"}});
  ConnectRecord record;
  record.topic = "test";
  record.value = KafkaTestMap();
  ApplyOk(*transform, record);
  CHECK(record.value_schema == nullptr);
  CHECK(record.value ==
        MapOf({{"xyz", Value::Int32(42)}, {"bar", Value::Boolean(true)}, {"etc", Value::String("etc")}}));
}

TEST_CASE("ReplaceField: exclude wins over include, and the schema basics are kept") {
  auto transform = Configured("ReplaceField$Value", {{"include", "abc, dont"}, {"exclude", "dont"}});
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("com.example.Row")
                         .Version(3)
                         .Doc("a row")
                         .Optional()
                         .AddField("dont", Schema::Primitive(SchemaType::kString, false))
                         .AddField("abc", Schema::Primitive(SchemaType::kInt32, false))
                         .Build();
  ConnectRecord record;
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  record.value.structure().fields = {Value::String("x"), Value::Int32(1)};
  ApplyOk(*transform, record);
  SchemaPtr expected_schema = SchemaBuilder::Struct()
                                  .Name("com.example.Row")
                                  .Version(3)
                                  .Doc("a row")
                                  .AddField("abc", Schema::Primitive(SchemaType::kInt32, false))
                                  .Build();
  CHECK(record.value_schema->Equals(*expected_schema));
  CHECK(record.value.structure().fields == std::vector<Value>{Value::Int32(1)});
}

TEST_CASE("ReplaceField leaves tombstones unchanged") {
  auto transform = Configured(kValueClass, {{"include", "abc,foo"}, {"renames", "abc:xyz,foo:bar"}});
  SchemaPtr schema = KafkaTestSchema();
  ConnectRecord record;
  record.value_schema = schema;
  ApplyOk(*transform, record);
  CHECK(record.value.is_null());
  CHECK(record.value_schema == schema);
}

TEST_CASE("ReplaceField$Key works on the key") {
  auto transform = Configured("org.apache.kafka.connect.transforms.ReplaceField$Key", {{"renames", "id:key_id"}});
  ConnectRecord record;
  record.key = MapOf({{"id", Value::Int64(5)}});
  record.value = MapOf({{"id", Value::Int64(5)}});
  ApplyOk(*transform, record);
  CHECK(record.key == MapOf({{"key_id", Value::Int64(5)}}));
  CHECK(record.value == MapOf({{"id", Value::Int64(5)}}));
}

TEST_CASE("ReplaceField accepts the legacy blacklist/whitelist names") {
  SUBCASE("blacklist") {
    auto transform = Configured(kValueClass, {{"blacklist", "dont"}, {"renames", "abc:xyz,foo:bar"}});
    ConnectRecord record;
    record.value = KafkaTestMap();
    ApplyOk(*transform, record);
    CHECK(record.value ==
          MapOf({{"xyz", Value::Int32(42)}, {"bar", Value::Boolean(true)}, {"etc", Value::String("etc")}}));
  }
  SUBCASE("whitelist") {
    auto transform = Configured(kValueClass, {{"whitelist", "abc,foo"}});
    ConnectRecord record;
    record.value = KafkaTestMap();
    ApplyOk(*transform, record);
    CHECK(record.value == MapOf({{"abc", Value::Int32(42)}, {"foo", Value::Boolean(true)}}));
  }
  SUBCASE("the new name wins when both are set") {
    auto transform = Configured(kValueClass, {{"include", "etc"}, {"whitelist", "abc"}});
    ConnectRecord record;
    record.value = KafkaTestMap();
    ApplyOk(*transform, record);
    CHECK(record.value == MapOf({{"etc", Value::String("etc")}}));
  }
}

TEST_CASE("ReplaceField replace.null.with.default") {
  SchemaPtr with_default = SchemaBuilder(SchemaType::kInt32).Optional().Default(Value::Int32(42)).Build();
  SchemaPtr schema = SchemaBuilder::Struct().AddField("abc", with_default).Build();
  auto run = [&](const char* setting) {
    auto transform = Configured(
        kValueClass,
        {{"include", "abc"}, {"renames", "abc:optional_with_default"}, {"replace.null.with.default", setting}});
    ConnectRecord record;
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    ApplyOk(*transform, record);
    REQUIRE(record.value_schema->fields().size() == 1);
    CHECK(record.value_schema->fields()[0].name == "optional_with_default");
    return record.value.structure().fields[0];
  };
  CHECK(run("true") == Value::Int32(42));
  CHECK(run("false").is_null());
}

TEST_CASE("ReplaceField renames use Java's split rules") {
  // "a:b:" splits into (a, b) because Java drops trailing empty strings.
  auto transform = Configured(kValueClass, {{"renames", "abc:xyz:"}});
  ConnectRecord record;
  record.value = MapOf({{"abc", Value::Int32(1)}});
  ApplyOk(*transform, record);
  CHECK(record.value == MapOf({{"xyz", Value::Int32(1)}}));
}

TEST_CASE("ReplaceField errors") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation(kValueClass, &transform).ok());
  for (const char* bad : {"abc", "a:b:c", "abc:"}) {
    Status st = transform->Configure({{"renames", std::string("x:y,") + bad}});
    CHECK(st.code() == Status::Code::kInvalidArgument);
    CHECK(st.message() == std::string("renames: invalid rename mapping '") + bad +
                              "'; write old:new pairs separated by commas, e.g. foo:bar,abc:xyz");
  }

  auto renaming = Configured(kValueClass, {{"renames", "abc:etc"}});
  SchemaPtr schema = KafkaTestSchema();
  ConnectRecord record;
  record.value_schema = schema;
  record.value = KafkaTestStruct(schema);
  bool keep = true;
  Status st = renaming->Apply(record, &keep);
  CHECK(st.code() == Status::Code::kFailed);
  CHECK(st.message().rfind("renaming gives two fields the name 'etc'", 0) == 0);
  CHECK(record.value_schema == schema);

  ConnectRecord not_struct;
  not_struct.value_schema = Schema::Primitive(SchemaType::kString, false);
  not_struct.value = Value::String("x");
  CHECK(renaming->Apply(not_struct, &keep).message() ==
        "only a Struct record value is supported for field replacement, found string");
}

}  // namespace
}  // namespace connectd
