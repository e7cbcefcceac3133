#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kClass = "org.apache.kafka.connect.transforms.ValueToKey";

SchemaPtr AbcSchema() {
  return SchemaBuilder::Struct()
      .Name("com.example.Value")
      .AddField("a", Schema::Primitive(SchemaType::kInt32, false))
      .AddField("b", Schema::Primitive(SchemaType::kInt32, false))
      .AddField("c", Schema::Primitive(SchemaType::kInt32, false))
      .Build();
}

TEST_CASE("ValueToKey builds an unnamed key Struct from the value's fields") {
  auto transform = Configured(kClass, {{"fields", "a,b"}});
  SchemaPtr value_schema = AbcSchema();
  ConnectRecord record;
  record.topic = "t";
  record.value_schema = value_schema;
  record.value = Value::MakeStruct(value_schema);
  record.value.structure().fields = {Value::Int32(1), Value::Int32(2), Value::Int32(3)};
  const Value original_value = record.value;
  bool keep = true;
  REQUIRE(transform->Apply(record, &keep).ok());

  SchemaPtr expected_key_schema = SchemaBuilder::Struct()
                                      .AddField("a", Schema::Primitive(SchemaType::kInt32, false))
                                      .AddField("b", Schema::Primitive(SchemaType::kInt32, false))
                                      .Build();
  REQUIRE(record.key_schema);
  CHECK(record.key_schema->Equals(*expected_key_schema));
  Value expected_key = Value::MakeStruct(expected_key_schema);
  expected_key.structure().fields = {Value::Int32(1), Value::Int32(2)};
  CHECK(record.key == expected_key);
  CHECK(record.value == original_value);
  CHECK(record.value_schema == value_schema);

  SUBCASE("the key schema is derived once per value schema") {
    ConnectRecord second;
    second.value_schema = value_schema;
    second.value = original_value;
    REQUIRE(transform->Apply(second, &keep).ok());
    CHECK(second.key_schema == record.key_schema);
  }
}

TEST_CASE("ValueToKey on a schemaless Map value") {
  auto transform = Configured(kClass, {{"fields", "a,b,missing"}});
  ConnectRecord record;
  record.key = Value::String("old");
  record.value = MapOf({{"a", Value::Int32(1)}, {"b", Value::Int32(2)}, {"c", Value::Int32(3)}});
  bool keep = true;
  REQUIRE(transform->Apply(record, &keep).ok());
  CHECK(record.key_schema == nullptr);
  // A field the Map lacks becomes a null entry, as Kafka's Map.get gives null.
  CHECK(record.key == MapOf({{"a", Value::Int32(1)}, {"b", Value::Int32(2)}, {"missing", Value::Null()}}));
}

TEST_CASE("ValueToKey replace.null.with.default") {
  SchemaPtr with_default = SchemaBuilder(SchemaType::kInt32).Optional().Default(Value::Int32(42)).Build();
  SchemaPtr schema = SchemaBuilder::Struct().AddField("optional_with_default", with_default).Build();
  for (bool replace : {true, false}) {
    auto transform =
        Configured(kClass, {{"fields", "optional_with_default"}, {"replace.null.with.default", replace ? "true" : "false"}});
    ConnectRecord record;
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    bool keep = true;
    REQUIRE(transform->Apply(record, &keep).ok());
    CHECK(record.key.structure().fields[0] == (replace ? Value::Int32(42) : Value::Null()));
    CHECK(record.key_schema->fields()[0].schema == with_default);
  }
}

TEST_CASE("ValueToKey errors") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("ValueToKey", &transform).ok());
  CHECK(transform->Configure({}).message().rfind("fields: missing required setting", 0) == 0);
  CHECK(transform->Configure({{"fields", " "}}).message().rfind("fields: the list is empty", 0) == 0);
  CHECK(transform->Configure({{"fields", "a,b,a"}}).message() == "fields: 'a' is listed twice; list each field once");

  REQUIRE(transform->Configure({{"fields", "a,not_exist"}}).ok());
  SchemaPtr schema = AbcSchema();
  ConnectRecord record;
  record.topic = "orders";
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  bool keep = true;
  Status st = transform->Apply(record, &keep);
  CHECK(st.code() == Status::Code::kFailed);
  CHECK(st.message() ==
        "field 'not_exist' does not exist in the value schema of topic 'orders' (its fields: a, b, c); "
        "fix the 'fields' setting");
  CHECK(record.key.is_null());

  SUBCASE("a tombstone fails, as in Kafka") {
    ConnectRecord tombstone;
    tombstone.topic = "orders";
    CHECK(transform->Apply(tombstone, &keep).message() ==
          "only a Map record value is supported for copying fields from value to key when the value has no schema, "
          "found null");
    tombstone.value_schema = schema;
    CHECK(transform->Apply(tombstone, &keep).message() ==
          "only a Struct record value is supported for copying fields from value to key, found null");
  }
}

}  // namespace
}  // namespace connectd
