#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kFlattenKey = "org.apache.kafka.connect.transforms.Flatten$Key";
const char* const kFlattenValue = "org.apache.kafka.connect.transforms.Flatten$Value";

ConnectRecord ValueRecord(SchemaPtr schema, Value value) {
  ConnectRecord record;
  record.topic = "topic";
  record.value_schema = std::move(schema);
  record.value = std::move(value);
  return record;
}

TEST_CASE("Flatten requires a Struct or a Map at the top") {
  auto transform = Configured(kFlattenValue, {});
  ConnectRecord with_schema = ValueRecord(Primitive(SchemaType::kInt32), Value::Int32(42));
  CHECK(ApplyError(*transform, with_schema).message() ==
        "only a Struct record value is supported for flattening, found int32");
  ConnectRecord schemaless = ValueRecord(nullptr, Value::Int32(42));
  CHECK(ApplyError(*transform, schemaless).message() ==
        "only a Map record value is supported for flattening when the value has no schema, found int32");
}

TEST_CASE("Flatten of nested Structs (Kafka's testNestedStruct)") {
  auto transform = Configured(kFlattenValue, {});
  SchemaPtr supported = SchemaBuilder::Struct()
                            .AddField("int8", Primitive(SchemaType::kInt8))
                            .AddField("int16", Primitive(SchemaType::kInt16))
                            .AddField("int32", Primitive(SchemaType::kInt32))
                            .AddField("int64", Primitive(SchemaType::kInt64))
                            .AddField("float32", Primitive(SchemaType::kFloat32))
                            .AddField("float64", Primitive(SchemaType::kFloat64))
                            .AddField("boolean", Primitive(SchemaType::kBoolean))
                            .AddField("string", Primitive(SchemaType::kString))
                            .AddField("bytes", Primitive(SchemaType::kBytes))
                            .Build();
  SchemaPtr one_level = SchemaBuilder::Struct().AddField("B", supported).Build();
  SchemaPtr two_level = SchemaBuilder::Struct().Name("outer").Version(2).Doc("d").AddField("A", one_level).Build();
  std::vector<Value> leaves = {Value::Int8(8),      Value::Int16(16),       Value::Int32(32),
                               Value::Int64(64),    Value::Float32(32.f),   Value::Float64(64.),
                               Value::Boolean(true), Value::String("stringy"), Value::MakeBytes("bytes")};
  ConnectRecord record =
      ValueRecord(two_level, StructOf(two_level, {StructOf(one_level, {StructOf(supported, leaves)})}));
  ApplyOk(*transform, record);

  SchemaBuilder expected = SchemaBuilder::Struct().Name("outer").Version(2).Doc("d");
  for (const Field& field : supported->fields()) expected.AddField("A.B." + field.name, field.schema);
  CHECK(record.value_schema->Equals(*expected.Build()));
  CHECK(record.value.structure().schema == record.value_schema);
  CHECK(record.value.structure().fields == leaves);
}

TEST_CASE("Flatten of nested Maps with a delimiter (Kafka's testNestedMapWithDelimiter)") {
  auto transform = Configured(kFlattenValue, {{"delimiter", "#"}});
  Value supported = MapOf({{"int8", Value::Int8(8)},
                           {"int16", Value::Int16(16)},
                           {"int32", Value::Int32(32)},
                           {"int64", Value::Int64(64)},
                           {"float32", Value::Float32(32.f)},
                           {"float64", Value::Float64(64.)},
                           {"boolean", Value::Boolean(true)},
                           {"string", Value::String("stringy")},
                           {"bytes", Value::MakeBytes("bytes")}});
  ConnectRecord record = ValueRecord(nullptr, MapOf({{"A", MapOf({{"B", supported}})}}));
  ApplyOk(*transform, record);
  CHECK(record.value_schema == nullptr);
  CHECK(record.value == MapOf({{"A#B#int8", Value::Int8(8)},
                               {"A#B#int16", Value::Int16(16)},
                               {"A#B#int32", Value::Int32(32)},
                               {"A#B#int64", Value::Int64(64)},
                               {"A#B#float32", Value::Float32(32.f)},
                               {"A#B#float64", Value::Float64(64.)},
                               {"A#B#boolean", Value::Boolean(true)},
                               {"A#B#string", Value::String("stringy")},
                               {"A#B#bytes", Value::MakeBytes("bytes")}}));
}

TEST_CASE("Flatten with optional fields and Structs") {
  auto transform = Configured(kFlattenValue, {});
  SUBCASE("an optional field (testOptionalFieldStruct)") {
    SchemaPtr inner = SchemaBuilder::Struct().AddField("opt_int32", Primitive(SchemaType::kInt32, true)).Build();
    SchemaPtr outer = SchemaBuilder::Struct().AddField("B", inner).Build();
    ConnectRecord record = ValueRecord(outer, StructOf(outer, {StructOf(inner, {Value::Null()})}));
    ApplyOk(*transform, record);
    CHECK(record.value_schema->Equals(
        *SchemaBuilder::Struct().AddField("B.opt_int32", Primitive(SchemaType::kInt32, true)).Build()));
    CHECK(record.value.structure().fields == std::vector<Value>{Value::Null()});
  }
  SUBCASE("a null value with an optional Struct schema passes through (testOptionalStruct)") {
    SchemaPtr schema =
        SchemaBuilder::Struct().Optional().AddField("opt_int32", Primitive(SchemaType::kInt32, true)).Build();
    ConnectRecord record = ValueRecord(schema, Value::Null());
    ApplyOk(*transform, record);
    CHECK(record.value_schema == schema);
    CHECK(record.value.is_null());
  }
  SUBCASE("a null optional nested Struct (testOptionalNestedStruct)") {
    SchemaPtr inner =
        SchemaBuilder::Struct().Optional().AddField("opt_int32", Primitive(SchemaType::kInt32, true)).Build();
    SchemaPtr outer = SchemaBuilder::Struct().AddField("B", inner).AddField("after", Primitive(SchemaType::kString)).Build();
    ConnectRecord record = ValueRecord(outer, StructOf(outer, {Value::Null(), Value::String("x")}));
    ApplyOk(*transform, record);
    CHECK(record.value_schema->Equals(*SchemaBuilder::Struct()
                                           .AddField("B.opt_int32", Primitive(SchemaType::kInt32, true))
                                           .AddField("after", Primitive(SchemaType::kString))
                                           .Build()));
    CHECK(record.value.structure().fields == std::vector<Value>{Value::Null(), Value::String("x")});
  }
  SUBCASE("a null optional field of a Map (testOptionalFieldMap)") {
    ConnectRecord record = ValueRecord(nullptr, MapOf({{"B", MapOf({{"opt_int32", Value::Null()}})}}));
    ApplyOk(*transform, record);
    CHECK(record.value == MapOf({{"B.opt_int32", Value::Null()}}));
  }
}

TEST_CASE("Flatten$Key flattens a schemaless key (Kafka's testKey)") {
  auto transform = Configured(kFlattenKey, {});
  ConnectRecord record;
  record.key = MapOf({{"A", MapOf({{"B", Value::Int32(12)}})}});
  ApplyOk(*transform, record);
  CHECK(record.key_schema == nullptr);
  CHECK(record.key == MapOf({{"A.B", Value::Int32(12)}}));
}

TEST_CASE("Flatten leaves arrays as they are") {
  auto transform = Configured(kFlattenValue, {});
  SUBCASE("schemaless (testSchemalessArray)") {
    Value value = MapOf({{"foo", Value::MakeArray({Value::String("bar"),
                                                   MapOf({{"baz", MapOf({{"lfg", Value::String("lfg")}})}})})}});
    ConnectRecord record = ValueRecord(nullptr, value);
    ApplyOk(*transform, record);
    CHECK(record.value == value);
  }
  SUBCASE("with schema (testArrayWithSchema)") {
    SchemaPtr nested = SchemaBuilder::Struct().AddField("lfg", Primitive(SchemaType::kString)).Build();
    SchemaPtr inner = SchemaBuilder::Struct().AddField("baz", nested).Build();
    SchemaPtr schema =
        SchemaBuilder::Struct().AddField("foo", SchemaBuilder::Array(inner).Doc("durk").Build()).Build();
    Value value = StructOf(schema, {Value::MakeArray({StructOf(inner, {StructOf(nested, {Value::String("lfg")})})})});
    ConnectRecord record = ValueRecord(schema, value);
    ApplyOk(*transform, record);
    CHECK(record.value == value);
    CHECK(record.value_schema->Equals(*schema));
  }
}

TEST_CASE("Flatten makes fields optional and takes defaults from optional parents (testOptionalAndDefaultValuesNested)") {
  auto transform = Configured(kFlattenValue, {});
  SchemaBuilder builder = SchemaBuilder::Struct().Optional();
  builder.AddField("req_field", Primitive(SchemaType::kString));
  builder.AddField("opt_field",
                   SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("child_default")).Build());
  SchemaPtr without_default = builder.Build();
  Value child_default = StructOf(without_default, {Value::String("req_default"), Value::Null()});
  SchemaPtr schema = builder.Default(child_default).Build();
  ConnectRecord record = ValueRecord(schema, Value::MakeStruct(schema));
  ApplyOk(*transform, record);
  SchemaPtr expected =
      SchemaBuilder::Struct()
          .AddField("req_field", SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("req_default")).Build())
          .AddField("opt_field",
                    SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("child_default")).Build())
          .Build();
  CHECK(record.value_schema->Equals(*expected));
  // A null leaf takes its own default (Kafka's Struct.get); one without stays null.
  CHECK(record.value.structure().fields == std::vector<Value>{Value::Null(), Value::String("child_default")});
}

TEST_CASE("Flatten passes tombstones through") {
  auto transform = Configured(kFlattenValue, {});
  ConnectRecord schemaless = ValueRecord(nullptr, Value::Null());
  ApplyOk(*transform, schemaless);
  CHECK(schemaless.value.is_null());
  CHECK(schemaless.value_schema == nullptr);
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("name")
                         .Version(1)
                         .Doc("doc")
                         .AddField("magic", Primitive(SchemaType::kInt64, true))
                         .Build();
  ConnectRecord with_schema = ValueRecord(schema, Value::Null());
  ApplyOk(*transform, with_schema);
  CHECK(with_schema.value.is_null());
  CHECK(with_schema.value_schema == schema);
}

TEST_CASE("Flatten keeps null fields in order (testMapWithNullFields, testStructWithNullFields)") {
  auto transform = Configured(kFlattenValue, {});
  Value map = MapOf({{"firstNull", Value::Null()},
                     {"firstNonNull", Value::String("nonNull")},
                     {"secondNull", Value::Null()},
                     {"secondNonNull", Value::String("alsoNonNull")},
                     {"thirdNonNull", Value::Null()}});
  ConnectRecord schemaless = ValueRecord(nullptr, map);
  ApplyOk(*transform, schemaless);
  CHECK(schemaless.value == map);

  SchemaBuilder builder = SchemaBuilder::Struct();
  for (const char* name : {"firstNull", "firstNonNull", "secondNull", "secondNonNull", "thirdNonNull"}) {
    builder.AddField(name, Primitive(SchemaType::kString, true));
  }
  SchemaPtr schema = builder.Build();
  Value value = StructOf(schema, {Value::Null(), Value::String("nonNull"), Value::Null(), Value::String("alsoNonNull"),
                                  Value::Null()});
  ConnectRecord with_schema = ValueRecord(schema, value);
  ApplyOk(*transform, with_schema);
  CHECK(with_schema.value == value);
  CHECK(with_schema.value_schema->Equals(*schema));
}

TEST_CASE("Flatten refuses what Kafka refuses") {
  auto transform = Configured(kFlattenValue, {});
  SUBCASE("a map field in a Struct") {
    SchemaPtr schema = SchemaBuilder::Struct()
                           .AddField("m", SchemaBuilder::Map(Primitive(SchemaType::kString), Primitive(SchemaType::kString)).Build())
                           .Build();
    ConnectRecord record = ValueRecord(schema, StructOf(schema, {Value::MakeMap()}));
    CHECK(ApplyError(*transform, record).message() ==
          "Flatten does not support a map in a record value with schema (field 'm'); drop or convert that field before "
          "flattening");
  }
  SUBCASE("two fields flattened to one name") {
    SchemaPtr inner = SchemaBuilder::Struct().AddField("b", Primitive(SchemaType::kInt32)).Build();
    SchemaPtr schema = SchemaBuilder::Struct().AddField("a.b", Primitive(SchemaType::kInt32)).AddField("a", inner).Build();
    ConnectRecord record = ValueRecord(schema, StructOf(schema, {Value::Int32(1), StructOf(inner, {Value::Int32(2)})}));
    CHECK(ApplyError(*transform, record).message() ==
          "flattening gives two fields the name 'a.b' in the record value schema; choose another delimiter");
  }
  SUBCASE("a Struct inside a schemaless Map") {
    SchemaPtr inner = SchemaBuilder::Struct().AddField("b", Primitive(SchemaType::kInt32)).Build();
    ConnectRecord record = ValueRecord(nullptr, MapOf({{"a", StructOf(inner, {Value::Int32(1)})}}));
    CHECK(ApplyError(*transform, record).message() ==
          "Flatten does not support a Struct inside a record value without schema (field 'a'); give the record a "
          "schema or nest Maps instead");
  }
  SUBCASE("a null required field without default") {
    SchemaPtr schema = SchemaBuilder::Struct().AddField("r", Primitive(SchemaType::kInt32)).Build();
    ConnectRecord record = ValueRecord(schema, Value::MakeStruct(schema));
    CHECK(ApplyError(*transform, record).message() ==
          "cannot set the required field 'r' of the record value to null for flattening (Kafka's Struct accepts null "
          "only in optional fields); make the field optional in the record's schema");
  }
}

TEST_CASE("Flatten of a schemaless Map: a name produced twice keeps its place and takes the later value") {
  auto transform = Configured(kFlattenValue, {{"delimiter", "_"}});
  ConnectRecord record =
      ValueRecord(nullptr, MapOf({{"a_b", Value::Int32(1)}, {"c", Value::Int32(3)}, {"a", MapOf({{"b", Value::Int32(2)}})}}));
  ApplyOk(*transform, record);
  CHECK(record.value == MapOf({{"a_b", Value::Int32(2)}, {"c", Value::Int32(3)}}));
}

TEST_CASE("Flatten caches the flattened schema per input schema") {
  auto transform = Configured(kFlattenValue, {});
  SchemaPtr inner = SchemaBuilder::Struct().AddField("b", Primitive(SchemaType::kInt32)).Build();
  SchemaPtr schema = SchemaBuilder::Struct().AddField("a", inner).Build();
  ConnectRecord first = ValueRecord(schema, StructOf(schema, {StructOf(inner, {Value::Int32(1)})}));
  ConnectRecord second = ValueRecord(schema, StructOf(schema, {StructOf(inner, {Value::Int32(2)})}));
  ApplyOk(*transform, first);
  ApplyOk(*transform, second);
  CHECK(first.value_schema == second.value_schema);
  CHECK(second.value.structure().fields == std::vector<Value>{Value::Int32(2)});
}

}  // namespace
}  // namespace connectd
