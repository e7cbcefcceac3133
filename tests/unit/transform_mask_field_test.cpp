#include <doctest/doctest.h>

#include <ostream>

#include "data/decimal.h"
#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kMaskValue = "org.apache.kafka.connect.transforms.MaskField$Value";
const char* const kMaskKey = "org.apache.kafka.connect.transforms.MaskField$Key";

Value DecimalValue(bool negative, const char* digits) { return Value::MakeBytes(DecimalToTwosComplement(negative, digits)); }

// The schema and values of Kafka's MaskFieldTest.
SchemaPtr KafkaTestSchema() {
  static const SchemaPtr schema =
      SchemaBuilder::Struct()
          .AddField("magic", Primitive(SchemaType::kInt32))
          .AddField("bool", Primitive(SchemaType::kBoolean))
          .AddField("byte", Primitive(SchemaType::kInt8))
          .AddField("short", Primitive(SchemaType::kInt16))
          .AddField("int", Primitive(SchemaType::kInt32))
          .AddField("long", Primitive(SchemaType::kInt64))
          .AddField("float", Primitive(SchemaType::kFloat32))
          .AddField("double", Primitive(SchemaType::kFloat64))
          .AddField("string", Primitive(SchemaType::kString))
          .AddField("date", SchemaBuilder::Date().Build())
          .AddField("time", SchemaBuilder::Time().Build())
          .AddField("timestamp", SchemaBuilder::Timestamp().Build())
          .AddField("decimal", SchemaBuilder::Decimal(0).Build())
          .AddField("array", SchemaBuilder::Array(Primitive(SchemaType::kInt32)).Build())
          .AddField("map", SchemaBuilder::Map(Primitive(SchemaType::kString), Primitive(SchemaType::kString)).Build())
          .AddField("withDefault", SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("default")).Build())
          .Build();
  return schema;
}

Value KafkaTestStruct() {
  Value value = Value::MakeStruct(KafkaTestSchema());
  value.structure().fields = {Value::Int32(42),
                              Value::Boolean(true),
                              Value::Int8(42),
                              Value::Int16(42),
                              Value::Int32(42),
                              Value::Int64(42),
                              Value::Float32(42.f),
                              Value::Float64(42.),
                              Value::String("hmm"),
                              Value::Int32(19000),
                              Value::Int32(3600000),
                              Value::Int64(1700000000000),
                              DecimalValue(false, "42"),
                              Value::MakeArray({Value::Int32(1), Value::Int32(2), Value::Int32(3)}),
                              MapOf({{"what", Value::String("what")}}),
                              Value::Null()};
  return value;
}

Value KafkaTestMap() {
  return MapOf({{"magic", Value::Int32(42)},
                {"bool", Value::Boolean(true)},
                {"byte", Value::Int8(42)},
                {"short", Value::Int16(42)},
                {"int", Value::Int32(42)},
                {"long", Value::Int64(42)},
                {"float", Value::Float32(42.f)},
                {"double", Value::Float64(42.)},
                {"string", Value::String("55.121.20.20")},
                {"list", Value::MakeArray({Value::Int32(42)})},
                {"map", MapOf({{"key", Value::String("value")}})}});
}

// Kafka's transform(): fields, replacement and replace.null.with.default=false.
std::unique_ptr<Transformation> Transform(const char* fields, const char* replacement) {
  ConfigMap config = {{"fields", fields}, {"replace.null.with.default", "false"}};
  if (replacement) config["replacement"] = replacement;
  return Configured(kMaskValue, config);
}

Value MaskSchemaless(const char* fields, const char* replacement) {
  ConnectRecord record;
  record.value = KafkaTestMap();
  ApplyOk(*Transform(fields, replacement), record);
  return record.value;
}

Value MaskedWithSchema(const char* field, const char* replacement) {
  ConnectRecord record;
  record.value_schema = KafkaTestSchema();
  record.value = KafkaTestStruct();
  ApplyOk(*Transform(field, replacement), record);
  CHECK(record.value_schema == KafkaTestSchema());
  return *record.value.structure().Get(field);
}

Status MaskErrorWithSchema(const char* field, const char* replacement) {
  ConnectRecord record;
  record.value_schema = KafkaTestSchema();
  record.value = KafkaTestStruct();
  return ApplyError(*Transform(field, replacement), record);
}

Status MaskErrorSchemaless(const char* fields, const char* replacement) {
  ConnectRecord record;
  record.value = KafkaTestMap();
  return ApplyError(*Transform(fields, replacement), record);
}

TEST_CASE("MaskField schemaless masks with the empty value of each type (Kafka's testSchemaless)") {
  Value masked = MaskSchemaless("bool,byte,short,int,long,float,double,string,list,map,absent", nullptr);
  CHECK(masked == MapOf({{"magic", Value::Int32(42)},
                         {"bool", Value::Boolean(false)},
                         {"byte", Value::Int8(0)},
                         {"short", Value::Int16(0)},
                         {"int", Value::Int32(0)},
                         {"long", Value::Int64(0)},
                         {"float", Value::Float32(0.f)},
                         {"double", Value::Float64(0.)},
                         {"string", Value::String("")},
                         {"list", Value::MakeArray()},
                         {"map", Value::MakeMap()},
                         {"absent", Value::Null()}}));
}

TEST_CASE("MaskField with schema masks with the empty value of each type (Kafka's testWithSchema)") {
  ConnectRecord record;
  record.value_schema = KafkaTestSchema();
  record.value = KafkaTestStruct();
  ApplyOk(*Transform("bool,byte,short,int,long,float,double,string,date,time,timestamp,decimal,array,map,withDefault",
                     nullptr),
          record);
  CHECK(record.value_schema == KafkaTestSchema());
  CHECK(record.value.structure().schema == KafkaTestSchema());
  CHECK(record.value.structure().fields == std::vector<Value>{Value::Int32(42),
                                                              Value::Boolean(false),
                                                              Value::Int8(0),
                                                              Value::Int16(0),
                                                              Value::Int32(0),
                                                              Value::Int64(0),
                                                              Value::Float32(0.f),
                                                              Value::Float64(0.),
                                                              Value::String(""),
                                                              Value::Int32(0),
                                                              Value::Int32(0),
                                                              Value::Int64(0),
                                                              DecimalValue(false, "0"),
                                                              Value::MakeArray(),
                                                              Value::MakeMap(),
                                                              Value::Null()});
}

TEST_CASE("MaskField masks a null field's default when replace.null.with.default is true") {
  auto transform = Configured(kMaskValue, {{"fields", "withDefault"}});
  ConnectRecord record;
  record.value_schema = KafkaTestSchema();
  record.value = KafkaTestStruct();
  ApplyOk(*transform, record);
  CHECK(*record.value.structure().Get("withDefault") == Value::String(""));
}

TEST_CASE("MaskField schemaless with a replacement read as each field's type (testSchemalessWithReplacement)") {
  CHECK(*MaskSchemaless("short", "123").map().Find("short") == Value::Int16(123));
  CHECK(*MaskSchemaless("byte", "123").map().Find("byte") == Value::Int8(123));
  CHECK(*MaskSchemaless("int", "123").map().Find("int") == Value::Int32(123));
  CHECK(*MaskSchemaless("long", "123").map().Find("long") == Value::Int64(123));
  CHECK(*MaskSchemaless("float", "123.0").map().Find("float") == Value::Float32(123.f));
  CHECK(*MaskSchemaless("double", "123.0").map().Find("double") == Value::Float64(123.));
  CHECK(*MaskSchemaless("string", "123").map().Find("string") == Value::String("123"));
  // Values.convertTo*: BigDecimal text, truncated toward zero, then narrowed.
  CHECK(*MaskSchemaless("byte", "-129.9").map().Find("byte") == Value::Int8(127));
  CHECK(*MaskSchemaless("int", "1e3").map().Find("int") == Value::Int32(1000));
  CHECK(*MaskSchemaless("long", "+7").map().Find("long") == Value::Int64(7));
  // BigDecimal.longValue keeps the low 64 bits: 10^19 wraps, 10^64 is a multiple of 2^64.
  CHECK(*MaskSchemaless("long", "1e19").map().Find("long") == Value::Int64(-8446744073709551616LL));
  CHECK(*MaskSchemaless("long", "-1E+64").map().Find("long") == Value::Int64(0));
  CHECK(*MaskSchemaless("int", "4294967297.99").map().Find("int") == Value::Int32(1));
  CHECK(*MaskSchemaless("float", "0.1").map().Find("float") == Value::Float32(static_cast<float>(0.1)));
}

TEST_CASE("MaskField schemaless refuses a replacement for what is not a number or string") {
  CHECK(MaskErrorSchemaless("bool", "false").message() ==
        "cannot mask field 'bool' of the record value: MaskField cannot mask a value of type boolean with a custom "
        "replacement (only numbers and strings); remove replacement or this field");
  CHECK(MaskErrorSchemaless("list", "123").message().rfind(
            "cannot mask field 'list' of the record value: MaskField cannot mask a value of type array with a custom", 0) ==
        0);
  CHECK(MaskErrorSchemaless("map", "123").message().rfind(
            "cannot mask field 'map' of the record value: MaskField cannot mask a value of type map", 0) == 0);
}

TEST_CASE("MaskField with schema and a replacement (testWithSchemaAndReplacement)") {
  CHECK(MaskedWithSchema("short", "123") == Value::Int16(123));
  CHECK(MaskedWithSchema("byte", "123") == Value::Int8(123));
  CHECK(MaskedWithSchema("int", "123") == Value::Int32(123));
  CHECK(MaskedWithSchema("long", "123") == Value::Int64(123));
  CHECK(MaskedWithSchema("float", "123.0") == Value::Float32(123.f));
  CHECK(MaskedWithSchema("double", "123.0") == Value::Float64(123.));
  CHECK(MaskedWithSchema("string", "123") == Value::String("123"));
  // BigDecimal("123.0") is stored at the schema's scale (0) since that is exact.
  CHECK(MaskedWithSchema("decimal", "123.0") == DecimalValue(false, "123"));
  CHECK(MaskedWithSchema("decimal", "-1.2E+3") == DecimalValue(true, "1200"));
}

TEST_CASE("MaskField with schema refuses replacements Kafka refuses (testWithSchemaUnsupportedReplacementType)") {
  CHECK(MaskErrorWithSchema("time", "123").message() ==
        "cannot mask field 'time' of the record value: MaskField cannot mask a value of type Date/Time/Timestamp with a "
        "custom replacement (only numbers and strings); remove replacement or this field");
  CHECK(MaskErrorWithSchema("timestamp", "123").message().rfind("cannot mask field 'timestamp'", 0) == 0);
  CHECK(MaskErrorWithSchema("array", "123").message().rfind(
            "cannot mask field 'array' of the record value: MaskField cannot mask a value of type array", 0) == 0);
  CHECK(MaskErrorWithSchema("decimal", "1.5").message() ==
        "cannot mask field 'decimal' of the record value: the replacement '1.5' cannot be stored exactly in the "
        "field's Decimal schema (scale 0); set a replacement with at most that many digits after the point");
}

TEST_CASE("MaskField refuses a replacement that is not a number for a numeric field (testReplacementTypeMismatch)") {
  for (const char* field : {"byte", "short", "int", "long", "float", "double"}) {
    CAPTURE(field);
    CHECK(MaskErrorSchemaless(field, "foo").message() ==
          std::string("cannot mask field '") + field +
              "' of the record value: the replacement 'foo' is not a number, but the field is numeric; set "
              "replacement to a number");
  }
  // The string field is masked first; the int then fails the record.
  CHECK(MaskErrorSchemaless("string,int", "foo").message().rfind("cannot mask field 'int'", 0) == 0);
  for (const char* bad : {"1e", "0x10", "1,5", "NaN", "Infinity", ".", "1e2147483648"}) {
    CAPTURE(bad);
    CHECK(MaskErrorSchemaless("int", bad).message().rfind("cannot mask field 'int' of the record value: the replacement",
                                                          0) == 0);
  }
  CHECK(MaskErrorWithSchema("decimal", "foo").message().rfind(
            "cannot mask field 'decimal' of the record value: the replacement 'foo' is not a number", 0) == 0);
}

TEST_CASE("MaskField configuration errors") {
  CHECK(ConfigureError(kMaskValue, {}).message() ==
        "fields: missing required setting; set it to the comma-separated names of the fields to mask");
  CHECK(ConfigureError(kMaskValue, {{"fields", " "}}).message() ==
        "fields: the list is empty; set it to the comma-separated names of the fields to mask");
  CHECK(ConfigureError(kMaskValue, {{"fields", "a"}, {"replacement", ""}}).message() ==
        "replacement: must be non-empty; set a number or non-empty string, or remove it to mask with empty values");
  CHECK(ConfigureError(kMaskValue, {{"fields", "a"}, {"replace.null.with.default", "no"}}).message() ==
        "replace.null.with.default: expected true or false, found 'no'");
}

TEST_CASE("MaskField refuses tombstones and values it cannot mask, as Kafka's") {
  auto transform = Configured(kMaskKey, {{"fields", "a"}});
  ConnectRecord schemaless;
  CHECK(ApplyError(*transform, schemaless).message() ==
        "only a Map record key is supported for mask fields when the key has no schema, found null");
  ConnectRecord with_schema;
  with_schema.key_schema = SchemaBuilder::Struct().Optional().AddField("a", Primitive(SchemaType::kInt32)).Build();
  CHECK(ApplyError(*transform, with_schema).message() == "only a Struct record key is supported for mask fields, found null");
  SchemaPtr bytes_schema = SchemaBuilder::Struct().AddField("a", Primitive(SchemaType::kBytes)).Build();
  ConnectRecord bytes;
  bytes.key_schema = bytes_schema;
  bytes.key = Value::MakeStruct(bytes_schema);
  bytes.key.structure().fields[0] = Value::MakeBytes("secret");
  CHECK(ApplyError(*transform, bytes).message() ==
        "cannot mask field 'a' of the record key: MaskField cannot mask a value of type bytes; remove it from fields");
}

TEST_CASE("MaskField$Key masks the key only") {
  auto transform = Configured(kMaskKey, {{"fields", "ssn"}, {"replacement", "***"}});
  ConnectRecord record;
  record.key = MapOf({{"ssn", Value::String("123-45-6789")}, {"id", Value::Int32(1)}});
  record.value = MapOf({{"ssn", Value::String("123-45-6789")}});
  ApplyOk(*transform, record);
  CHECK(record.key == MapOf({{"ssn", Value::String("***")}, {"id", Value::Int32(1)}}));
  CHECK(record.value == MapOf({{"ssn", Value::String("123-45-6789")}}));
}

}  // namespace
}  // namespace connectd
