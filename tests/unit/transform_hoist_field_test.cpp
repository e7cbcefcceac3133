#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kHoistKey = "org.apache.kafka.connect.transforms.HoistField$Key";
const char* const kHoistValue = "org.apache.kafka.connect.transforms.HoistField$Value";

TEST_CASE("HoistField$Key wraps a schemaless key in a Map (Kafka's HoistFieldTest.schemaless)") {
  auto transform = Configured(kHoistKey, {{"field", "magic"}});
  ConnectRecord record;
  record.topic = "test";
  record.key = Value::Int32(42);
  record.value = Value::String("untouched");
  ApplyOk(*transform, record);
  CHECK(record.key_schema == nullptr);
  CHECK(record.key == MapOf({{"magic", Value::Int32(42)}}));
  CHECK(record.value == Value::String("untouched"));
}

TEST_CASE("HoistField$Key wraps a key with a schema in a Struct (Kafka's HoistFieldTest.withSchema)") {
  auto transform = Configured(kHoistKey, {{"field", "magic"}});
  SchemaPtr int32 = Schema::Primitive(SchemaType::kInt32, false);
  ConnectRecord record;
  record.key_schema = int32;
  record.key = Value::Int32(42);
  ApplyOk(*transform, record);
  SchemaPtr expected = SchemaBuilder::Struct().AddField("magic", int32).Build();
  CHECK(record.key_schema->Equals(*expected));
  CHECK(record.key_schema->fields()[0].schema == int32);
  Value expected_key = Value::MakeStruct(expected);
  expected_key.structure().fields[0] = Value::Int32(42);
  CHECK(record.key == expected_key);
  CHECK(record.key.structure().schema == record.key_schema);

  SUBCASE("the wrapping schema is cached per input schema") {
    ConnectRecord second;
    second.key_schema = int32;
    second.key = Value::Int32(7);
    ApplyOk(*transform, second);
    CHECK(second.key_schema == record.key_schema);
  }
}

TEST_CASE("HoistField wraps nulls as Kafka does") {
  SUBCASE("schemaless: a Map holding null") {
    auto transform = Configured(kHoistValue, {{"field", "line"}});
    ConnectRecord record;
    ApplyOk(*transform, record);
    CHECK(record.value == MapOf({{"line", Value::Null()}}));
  }
  SUBCASE("optional schema: a Struct whose field is null") {
    auto transform = Configured(kHoistValue, {{"field", "line"}});
    SchemaPtr optional_string = Schema::Primitive(SchemaType::kString, true);
    ConnectRecord record;
    record.value_schema = optional_string;
    ApplyOk(*transform, record);
    SchemaPtr expected = SchemaBuilder::Struct().AddField("line", optional_string).Build();
    CHECK(record.value_schema->Equals(*expected));
    CHECK(record.value == Value::MakeStruct(expected));
  }
  SUBCASE("required schema: refused, as Kafka's Struct.put") {
    auto transform = Configured(kHoistValue, {{"field", "line"}});
    ConnectRecord record;
    record.value_schema = Schema::Primitive(SchemaType::kString, false);
    bool keep = true;
    Status st = transform->Apply(record, &keep);
    CHECK(st.message() ==
          "cannot set the required field 'line' of the record value to null for hoisting into a field (Kafka's Struct "
          "accepts null only in optional fields); make the field optional in the record's schema");
  }
}

TEST_CASE("HoistField needs a field name") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation(kHoistValue, &transform).ok());
  Status st = transform->Configure({});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message() == "field: missing required setting; set it to the name of the field that will hold the whole value");
}

// The example of Kafka's Connect documentation: file lines hoisted into a Map, then a static
// field inserted, gives {"line":"foo","data_source":"test-file-source"}.
TEST_CASE("HoistField$Value and InsertField$Value in Kafka's documented file source example") {
  std::unique_ptr<TransformChain> chain;
  Status st = TransformChain::Create({{"transforms", "MakeMap, InsertSource"},
                                      {"transforms.MakeMap.type", "org.apache.kafka.connect.transforms.HoistField$Value"},
                                      {"transforms.MakeMap.field", "line"},
                                      {"transforms.InsertSource.type",
                                       "org.apache.kafka.connect.transforms.InsertField$Value"},
                                      {"transforms.InsertSource.static.field", "data_source"},
                                      {"transforms.InsertSource.static.value", "test-file-source"}},
                                     &chain);
  INFO(st.message());
  REQUIRE(st.ok());
  for (const char* line : {"foo", "bar", "hello world"}) {
    ConnectRecord record;
    record.topic = "connect-test";
    record.value = Value::String(line);
    bool keep = true;
    REQUIRE(chain->Apply(record, &keep).ok());
    CHECK(keep);
    CHECK(record.value_schema == nullptr);
    CHECK(record.value == MapOf({{"line", Value::String(line)}, {"data_source", Value::String("test-file-source")}}));
  }
  // FileStreamSource gives its lines a string schema; the JsonConverter (schemas.enable=false)
  // then writes the Struct as the same JSON object.
  SchemaPtr string_schema = Schema::Primitive(SchemaType::kString, false);
  ConnectRecord record;
  record.topic = "connect-test";
  record.value_schema = string_schema;
  record.value = Value::String("foo");
  bool keep = true;
  REQUIRE(chain->Apply(record, &keep).ok());
  SchemaPtr expected = SchemaBuilder::Struct()
                           .AddField("line", string_schema)
                           .AddField("data_source", Schema::Primitive(SchemaType::kString, true))
                           .Build();
  CHECK(record.value_schema->Equals(*expected));
  Value expected_value = Value::MakeStruct(expected);
  expected_value.structure().fields = {Value::String("foo"), Value::String("test-file-source")};
  CHECK(record.value == expected_value);
}

}  // namespace
}  // namespace connectd
