#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kSetValue = "org.apache.kafka.connect.transforms.SetSchemaMetadata$Value";
const char* const kSetKey = "org.apache.kafka.connect.transforms.SetSchemaMetadata$Key";

ConnectRecord ValueRecord(SchemaPtr schema, Value value) {
  ConnectRecord record;
  record.value_schema = std::move(schema);
  record.value = std::move(value);
  return record;
}

// Kafka's assertMatchingSchema: the Struct points at the record's schema object.
void CheckMatchingSchema(const ConnectRecord& record) {
  REQUIRE(record.value.kind() == ValueKind::kStruct);
  CHECK(record.value.structure().schema == record.value_schema);
}

TEST_CASE("SetSchemaMetadata sets the name, the version or both (Kafka's SetSchemaMetadataTest)") {
  SchemaPtr empty_struct = SchemaBuilder::Struct().Build();
  SUBCASE("name") {
    auto transform = Configured(kSetValue, {{"schema.name", "foo"}});
    ConnectRecord record = ValueRecord(empty_struct, Value::Null());
    ApplyOk(*transform, record);
    CHECK(record.value_schema->Equals(*SchemaBuilder::Struct().Name("foo").Build()));
    CHECK(record.value.is_null());
  }
  SUBCASE("version") {
    auto transform = Configured(kSetValue, {{"schema.version", "42"}});
    ConnectRecord record = ValueRecord(empty_struct, Value::Null());
    ApplyOk(*transform, record);
    CHECK(record.value_schema->Equals(*SchemaBuilder::Struct().Version(42).Build()));
  }
  SUBCASE("name and version") {
    auto transform = Configured(kSetValue, {{"schema.name", "foo"}, {"schema.version", " 42 "}});
    ConnectRecord record = ValueRecord(empty_struct, Value::Null());
    ApplyOk(*transform, record);
    CHECK(record.value_schema->Equals(*SchemaBuilder::Struct().Name("foo").Version(42).Build()));
  }
}

TEST_CASE("SetSchemaMetadata points a Struct at the renamed schema") {
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("my.orig.SchemaDefn")
                         .Doc("kept")
                         .AddField("f1", Schema::Primitive(SchemaType::kString, false))
                         .AddField("f2", Schema::Primitive(SchemaType::kInt32, false))
                         .Build();
  Value value = Value::MakeStruct(schema);
  value.structure().fields = {Value::String("value1"), Value::Int32(1)};
  auto transform = Configured(kSetValue, {{"schema.name", "foo"}, {"schema.version", "42"}});
  ConnectRecord record = ValueRecord(schema, value);
  ApplyOk(*transform, record);
  SchemaPtr expected = SchemaBuilder::From(*schema).Name("foo").Version(42).Build();
  CHECK(record.value_schema->Equals(*expected));
  CheckMatchingSchema(record);
  // Field schemas are the same objects, as in Kafka's updated ConnectSchema.
  CHECK(record.value_schema->fields()[0].schema == schema->fields()[0].schema);
  CHECK(record.value.structure().fields == std::vector<Value>{Value::String("value1"), Value::Int32(1)});

  SUBCASE("the renamed schema is cached per input schema") {
    ConnectRecord second = ValueRecord(schema, value);
    ApplyOk(*transform, second);
    CHECK(second.value_schema == record.value_schema);
  }
}

TEST_CASE("SetSchemaMetadata with a null field that has a default follows replace.null.with.default") {
  SchemaPtr schema =
      SchemaBuilder::Struct()
          .Name("my.orig.SchemaDefn")
          .AddField("f1", SchemaBuilder(SchemaType::kString).Default(Value::String("default")).Optional().Build())
          .AddField("f2", Schema::Primitive(SchemaType::kInt32, false))
          .Build();
  for (bool replace : {false, true}) {
    CAPTURE(replace);
    Value value = Value::MakeStruct(schema);
    value.structure().fields[1] = Value::Int32(1);
    auto transform = Configured(kSetValue, {{"schema.name", "foo"},
                                            {"schema.version", "42"},
                                            {"replace.null.with.default", replace ? "true" : "false"}});
    ConnectRecord record = ValueRecord(schema, value);
    ApplyOk(*transform, record);
    CHECK(*record.value_schema->name() == "foo");
    CHECK(*record.value_schema->version() == 42);
    CheckMatchingSchema(record);
    CHECK(record.value.structure().fields[0] == (replace ? Value::String("default") : Value::Null()));
  }
}

TEST_CASE("SetSchemaMetadata requires a schema when there is a value") {
  auto transform = Configured(kSetValue, {{"schema.name", "foo"}});
  ConnectRecord record = ValueRecord(nullptr, Value::Int32(42));
  bool keep = true;
  Status st = transform->Apply(record, &keep);
  CHECK(st.code() == Status::Code::kFailed);
  CHECK(st.message() ==
        "a schema is required for updating schema metadata, but the record value has none; use a converter that "
        "provides schemas");

  ConnectRecord nothing;
  ApplyOk(*transform, nothing);
  CHECK(nothing.value_schema == nullptr);
  CHECK(nothing.value.is_null());
}

TEST_CASE("SetSchemaMetadata leaves a non-Struct value as it is and keeps the rest of the schema") {
  auto transform = Configured(kSetKey, {{"schema.version", "7"}});
  SchemaPtr schema = SchemaBuilder(SchemaType::kInt64).Name("id").Doc("the id").Optional().Default(Value::Int64(0)).Build();
  ConnectRecord record;
  record.key_schema = schema;
  record.key = Value::Int64(5);
  ApplyOk(*transform, record);
  CHECK(record.key_schema->Equals(*SchemaBuilder::From(*schema).Version(7).Build()));
  CHECK(record.key == Value::Int64(5));
  CHECK(record.value_schema == nullptr);
}

TEST_CASE("SetSchemaMetadata configuration errors") {
  CHECK(ConfigureError(kSetValue, {}).message() ==
        "schema.name: neither schema.name nor schema.version is configured; set at least one");
  CHECK(ConfigureError(kSetValue, {{"schema.version", "abc"}}).message() ==
        "schema.version: 'abc' is not a 32-bit integer; set a whole number");
  CHECK(ConfigureError(kSetValue, {{"schema.version", "2147483648"}}).message() ==
        "schema.version: '2147483648' is not a 32-bit integer; set a whole number");
  CHECK(ConfigureError(kSetValue, {{"schema.name", "a"}, {"replace.null.with.default", "x"}}).message() ==
        "replace.null.with.default: expected true or false, found 'x'");
}

}  // namespace
}  // namespace connectd
