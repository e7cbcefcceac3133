#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <ostream>

#include "data/decimal.h"
#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kCastValue = "org.apache.kafka.connect.transforms.Cast$Value";
const char* const kCastKey = "org.apache.kafka.connect.transforms.Cast$Key";

Value DecimalValue(bool negative, const char* digits) { return Value::MakeBytes(DecimalToTwosComplement(negative, digits)); }

// Casts a whole schemaless value.
Value CastWhole(const char* type, Value value) {
  auto transform = Configured(kCastValue, {{"spec", type}});
  ConnectRecord record;
  record.value = std::move(value);
  ApplyOk(*transform, record);
  CHECK(record.value_schema == nullptr);
  return record.value;
}

// Casts a whole value with `schema`; returns the value and sets *out_schema.
Value CastWholeWithSchema(const char* type, SchemaPtr schema, Value value, SchemaPtr* out_schema = nullptr) {
  auto transform = Configured(kCastValue, {{"spec", type}});
  ConnectRecord record;
  record.value_schema = std::move(schema);
  record.value = std::move(value);
  ApplyOk(*transform, record);
  REQUIRE(record.value_schema);
  if (out_schema) *out_schema = record.value_schema;
  return record.value;
}

TEST_CASE("Cast configuration errors follow Kafka's CastTest") {
  CHECK(ConfigureError(kCastKey, {}).message() ==
        "spec: missing required setting; set it to field:type pairs (e.g. price:float64,id:int32) or to one type for "
        "the whole key");
  CHECK(ConfigureError(kCastKey, {{"spec", ""}}).message() ==
        "spec: must specify at least one field to cast; set it to field:type pairs (e.g. price:float64,id:int32) or "
        "to one type for the whole key");
  CHECK(ConfigureError(kCastKey, {{"spec", "foo:faketype"}}).message() ==
        "spec: invalid type found in casting spec: 'faketype'; valid types are int8, int16, int32, int64, float32, "
        "float64, boolean and string");
  CHECK(ConfigureError(kCastKey, {{"spec", "foo:array"}}).message() ==
        "spec: Cast does not support casting to ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, "
        "FLOAT64, BOOLEAN, STRING]");
  CHECK(ConfigureError(kCastKey, {{"spec", "array"}}).message().rfind("spec: Cast does not support casting to ARRAY", 0) == 0);
  CHECK(ConfigureError(kCastKey, {{"spec", "foo:bytes"}}).message().rfind("spec: Cast does not support casting to BYTES", 0) == 0);
  CHECK(ConfigureError(kCastKey, {{"spec", "foo:int8:extra"}}).message() ==
        "spec: invalid cast 'foo:int8:extra'; write field:type pairs separated by commas, e.g. foo:int32,bar:string");
  CHECK(ConfigureError(kCastKey, {{"spec", ":"}}).message().rfind("spec: invalid cast ':'", 0) == 0);
  CHECK(ConfigureError(kCastKey, {{"spec", "foo:int8,int32"}}).message() ==
        "spec: a cast of the whole key (a bare type) must be the only entry; remove it or the field:type entries");
  CHECK(ConfigureError(kCastKey, {{"spec", "int32"}, {"replace.null.with.default", "maybe"}}).message() ==
        "replace.null.with.default: expected true or false, found 'maybe'");
  // Types are case-insensitive and trimmed, as Kafka's Type.valueOf(trim().toUpperCase()).
  Configured(kCastValue, {{"spec", " a : Int32 , b:FLOAT64 "}});
}

TEST_CASE("Cast leaves null keys and values alone") {
  SUBCASE("value with schema") {
    auto transform = Configured(kCastValue, {{"spec", "foo:int64"}});
    ConnectRecord record;
    record.key_schema = Primitive(SchemaType::kString);
    record.key = Value::String("key");
    record.value_schema = Primitive(SchemaType::kString);
    ApplyOk(*transform, record);
    CHECK(record.value.is_null());
    CHECK(record.value_schema == Primitive(SchemaType::kString));
    CHECK(record.key == Value::String("key"));
  }
  SUBCASE("key without schema") {
    auto transform = Configured(kCastKey, {{"spec", "foo:int64"}});
    ConnectRecord record;
    record.value = Value::String("value");
    ApplyOk(*transform, record);
    CHECK(record.key.is_null());
    CHECK(record.key_schema == nullptr);
    CHECK(record.value == Value::String("value"));
  }
}

TEST_CASE("Cast of a null field with a default follows replace.null.with.default") {
  SchemaPtr schema =
      SchemaBuilder::Struct().AddField("magic", SchemaBuilder(SchemaType::kInt32).Optional().Default(Value::Int32(10)).Build()).Build();
  for (bool replace : {true, false}) {
    CAPTURE(replace);
    auto transform = Configured(kCastValue, {{"spec", "magic:string"}, {"replace.null.with.default", replace ? "true" : "false"}});
    ConnectRecord record;
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    ApplyOk(*transform, record);
    SchemaPtr expected_field = SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("10")).Build();
    CHECK(record.value_schema->Equals(*SchemaBuilder::Struct().AddField("magic", expected_field).Build()));
    CHECK(record.value.structure().fields[0] == (replace ? Value::String("10") : Value::Null()));
  }
}

TEST_CASE("Cast$Key casts the whole key with a schema") {
  auto transform = Configured(kCastKey, {{"spec", "int8"}});
  ConnectRecord record;
  record.key_schema = Primitive(SchemaType::kInt32);
  record.key = Value::Int32(42);
  record.value_schema = Primitive(SchemaType::kString);
  record.value = Value::String("bogus");
  ApplyOk(*transform, record);
  CHECK(record.key_schema->Equals(*Primitive(SchemaType::kInt8)));
  CHECK(record.key == Value::Int8(42));
  CHECK(record.value == Value::String("bogus"));
  CHECK(record.value_schema == Primitive(SchemaType::kString));
}

TEST_CASE("Cast of a whole int32 value to every type, with and without schema") {
  struct Case {
    const char* type;
    SchemaType schema_type;
    Value from_42;
  };
  const Case cases[] = {{"int8", SchemaType::kInt8, Value::Int8(42)},
                        {"int16", SchemaType::kInt16, Value::Int16(42)},
                        {"int32", SchemaType::kInt32, Value::Int32(42)},
                        {"int64", SchemaType::kInt64, Value::Int64(42)},
                        {"float32", SchemaType::kFloat32, Value::Float32(42.f)},
                        {"float64", SchemaType::kFloat64, Value::Float64(42.)},
                        {"boolean", SchemaType::kBoolean, Value::Boolean(true)},
                        {"string", SchemaType::kString, Value::String("42")}};
  for (const Case& c : cases) {
    CAPTURE(c.type);
    SchemaPtr schema;
    CHECK(CastWholeWithSchema(c.type, Primitive(SchemaType::kInt32), Value::Int32(42), &schema) == c.from_42);
    CHECK(schema->Equals(*Primitive(c.schema_type)));
    CHECK(CastWhole(c.type, Value::Int32(42)) == c.from_42);
  }
  CHECK(CastWholeWithSchema("boolean", Primitive(SchemaType::kInt32), Value::Int32(0)) == Value::Boolean(false));
  CHECK(CastWhole("boolean", Value::Int32(0)) == Value::Boolean(false));
}

TEST_CASE("Cast of a whole Decimal and Timestamp to string keeps the schema's name, as Kafka copies it") {
  SchemaPtr schema;
  CHECK(CastWholeWithSchema("string", SchemaBuilder::Decimal(0).Build(), DecimalValue(false, "42"), &schema) ==
        Value::String("42"));
  CHECK(schema->Equals(*SchemaBuilder(SchemaType::kString)
                            .Name(kDecimalLogicalName)
                            .Version(1)
                            .Parameter(kDecimalScaleParameter, "0")
                            .Build()));
  // A day and a millisecond: Kafka's timestamp format.
  CHECK(CastWholeWithSchema("string", SchemaBuilder::Timestamp().Build(), Value::Int64(86400001), &schema) ==
        Value::String("1970-01-02T00:00:00.001Z"));
  CHECK(schema->type() == SchemaType::kString);
}

TEST_CASE("Cast converts the default of a whole value") {
  SchemaPtr schema;
  Value cast = CastWholeWithSchema("int32", SchemaBuilder(SchemaType::kFloat32).Default(Value::Float32(-42.125f)).Build(),
                                   Value::Float32(42.125f), &schema);
  CHECK(cast == Value::Int32(42));
  REQUIRE(schema->default_value() != nullptr);
  CHECK(*schema->default_value() == Value::Int32(-42));
  CHECK(schema->type() == SchemaType::kInt32);
}

TEST_CASE("Cast of a schemaless value of an unsupported type fails") {
  auto transform = Configured(kCastValue, {{"spec", "int8"}});
  ConnectRecord record;
  record.value = Value::MakeArray({Value::String("foo")});
  CHECK(ApplyError(*transform, record).message() ==
        "cannot cast the record value: Cast does not support casting from ARRAY; supported types are [INT8, INT16, "
        "INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]; cast only values of those types");
}

TEST_CASE("Cast of logical types to primitives uses their stored numbers (Kafka's castLogicalToPrimitive)") {
  auto transform = Configured(kCastValue, {{"spec",
                                            "date_to_int32:int32,timestamp_to_int64:int64,time_to_int64:int64,"
                                            "decimal_to_int32:int32,timestamp_to_float64:float64,"
                                            "null_timestamp_to_int32:int32"}});
  SchemaPtr schema = SchemaBuilder::Struct()
                         .AddField("date_to_int32", SchemaBuilder::Date().Build())
                         .AddField("timestamp_to_int64", SchemaBuilder::Timestamp().Build())
                         .AddField("time_to_int64", SchemaBuilder::Time().Build())
                         .AddField("decimal_to_int32", SchemaBuilder::Decimal(0).Build())
                         .AddField("timestamp_to_float64", SchemaBuilder::Timestamp().Build())
                         .AddField("null_timestamp_to_int32", SchemaBuilder::Timestamp().Optional().Build())
                         .Build();
  ConnectRecord record;
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  record.value.structure().fields = {Value::Int32(1),
                                     Value::Int64(0),
                                     Value::Int32(1),
                                     DecimalValue(false, "2147483648"),
                                     Value::Int64(std::numeric_limits<int64_t>::max()),
                                     Value::Null()};
  ApplyOk(*transform, record);
  SchemaPtr expected = SchemaBuilder::Struct()
                           .AddField("date_to_int32", Primitive(SchemaType::kInt32))
                           .AddField("timestamp_to_int64", Primitive(SchemaType::kInt64))
                           .AddField("time_to_int64", Primitive(SchemaType::kInt64))
                           .AddField("decimal_to_int32", Primitive(SchemaType::kInt32))
                           .AddField("timestamp_to_float64", Primitive(SchemaType::kFloat64))
                           .AddField("null_timestamp_to_int32", Primitive(SchemaType::kInt32, true))
                           .Build();
  CHECK(record.value_schema->Equals(*expected));
  const std::vector<Value>& fields = record.value.structure().fields;
  CHECK(fields[0] == Value::Int32(1));
  CHECK(fields[1] == Value::Int64(0));
  CHECK(fields[2] == Value::Int64(1));
  CHECK(fields[3] == Value::Int32(std::numeric_limits<int32_t>::min()));
  CHECK(fields[4] == Value::Float64(9.223372036854776E18));
  CHECK(fields[5].is_null());
}

TEST_CASE("Cast of logical types to string uses Kafka's ISO-8601 forms and BigDecimal.toString") {
  auto transform = Configured(kCastValue, {{"spec", "date:string,decimal:string,time:string,timestamp:string"}});
  SchemaPtr schema = SchemaBuilder::Struct()
                         .AddField("date", SchemaBuilder::Date().Build())
                         .AddField("decimal", SchemaBuilder::Decimal(0).Build())
                         .AddField("time", SchemaBuilder::Time().Build())
                         .AddField("timestamp", SchemaBuilder::Timestamp().Build())
                         .Build();
  ConnectRecord record;
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  record.value.structure().fields = {Value::Int32(1), DecimalValue(false, "1982"), Value::Int32(3600000),
                                     Value::Int64(1700000000123)};
  ApplyOk(*transform, record);
  CHECK(record.value.structure().fields ==
        std::vector<Value>{Value::String("1970-01-02"), Value::String("1982"), Value::String("01:00:00.000Z"),
                           Value::String("2023-11-14T22:13:20.123Z")});
  for (const Field& field : record.value_schema->fields()) CHECK(field.schema->Equals(*Primitive(SchemaType::kString)));
}

TEST_CASE("Cast renders dates as Values.dateFormatFor chooses the format") {
  auto cast = [](SchemaPtr schema, Value value) { return CastWholeWithSchema("string", schema, value); };
  SchemaPtr date = SchemaBuilder::Date().Build();
  SchemaPtr timestamp = SchemaBuilder::Timestamp().Build();
  // Before the end of the first day (negative instants included) only the time of day is printed.
  CHECK(cast(date, Value::Int32(0)) == Value::String("00:00:00.000Z"));
  CHECK(cast(date, Value::Int32(-1)) == Value::String("00:00:00.000Z"));
  CHECK(cast(timestamp, Value::Int64(-1)) == Value::String("23:59:59.999Z"));
  CHECK(cast(timestamp, Value::Int64(86399999)) == Value::String("23:59:59.999Z"));
  // A midnight prints as a date, whatever the logical type.
  CHECK(cast(timestamp, Value::Int64(86400000LL * 19723)) == Value::String("2024-01-01"));
  CHECK(cast(date, Value::Int32(11016)) == Value::String("2000-02-29"));
  CHECK(cast(date, Value::Int32(2932897)) == Value::String("10000-01-01"));
  CHECK(cast(timestamp, Value::Int64(951782400000LL + 45296789)) == Value::String("2000-02-29T12:34:56.789Z"));
}

TEST_CASE("Cast of fields with a schema (Kafka's castFieldsWithSchema)") {
  auto transform = Configured(kCastValue, {{"spec",
                                            "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,"
                                            "float64:boolean,boolean:int8,string:int32,bigdecimal:string,date:string,"
                                            "optional:int32,bytes:string,byteArray:string"}});
  SchemaPtr timestamp_schema = SchemaBuilder::Timestamp().Build();
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("supported")
                         .Version(3)
                         .Doc("all the types")
                         .AddField("int8", Primitive(SchemaType::kInt8))
                         .AddField("int16", Primitive(SchemaType::kInt16, true))
                         .AddField("int32", SchemaBuilder(SchemaType::kInt32).Default(Value::Int32(2)).Build())
                         .AddField("int64", Primitive(SchemaType::kInt64))
                         .AddField("float32", Primitive(SchemaType::kFloat32))
                         .AddField("float64", SchemaBuilder(SchemaType::kFloat64).Default(Value::Float64(-1.125)).Build())
                         .AddField("boolean", Primitive(SchemaType::kBoolean))
                         .AddField("string", Primitive(SchemaType::kString))
                         .AddField("bigdecimal", SchemaBuilder::Decimal(0).Build())
                         .AddField("date", SchemaBuilder::Date().Build())
                         .AddField("optional", Primitive(SchemaType::kFloat32, true))
                         .AddField("timestamp", timestamp_schema)
                         .AddField("bytes", Primitive(SchemaType::kBytes))
                         .AddField("byteArray", Primitive(SchemaType::kBytes))
                         .Build();
  const std::string bytes("\xFE\xDC\xBA\x98\x76\x54\x32\x10", 8);
  ConnectRecord record;
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  record.value.structure().fields = {Value::Int8(8),      Value::Int16(16),        Value::Int32(32),
                                     Value::Int64(64),    Value::Float32(32.f),    Value::Float64(-64.),
                                     Value::Boolean(true), Value::String("42"),    DecimalValue(false, "42"),
                                     Value::Int32(1),     Value::Null(),           Value::Int64(0),
                                     Value::MakeBytes(bytes), Value::MakeBytes(bytes)};
  ApplyOk(*transform, record);

  CHECK(record.value.structure().fields ==
        std::vector<Value>{Value::Int16(8), Value::Int32(16), Value::Int64(32), Value::Boolean(true),
                           Value::Float64(32.), Value::Boolean(true), Value::Int8(1), Value::Int32(42),
                           Value::String("42"), Value::String("1970-01-02"), Value::Null(), Value::Int64(0),
                           Value::String("/ty6mHZUMhA="), Value::String("/ty6mHZUMhA=")});
  SchemaPtr expected = SchemaBuilder::Struct()
                           .Name("supported")
                           .Version(3)
                           .Doc("all the types")
                           .AddField("int8", Primitive(SchemaType::kInt16))
                           .AddField("int16", Primitive(SchemaType::kInt32, true))
                           .AddField("int32", SchemaBuilder(SchemaType::kInt64).Default(Value::Int64(2)).Build())
                           .AddField("int64", Primitive(SchemaType::kBoolean))
                           .AddField("float32", Primitive(SchemaType::kFloat64))
                           .AddField("float64", SchemaBuilder(SchemaType::kBoolean).Default(Value::Boolean(true)).Build())
                           .AddField("boolean", Primitive(SchemaType::kInt8))
                           .AddField("string", Primitive(SchemaType::kInt32))
                           .AddField("bigdecimal", Primitive(SchemaType::kString))
                           .AddField("date", Primitive(SchemaType::kString))
                           .AddField("optional", Primitive(SchemaType::kInt32, true))
                           .AddField("timestamp", timestamp_schema)
                           .AddField("bytes", Primitive(SchemaType::kString))
                           .AddField("byteArray", Primitive(SchemaType::kString))
                           .Build();
  CHECK(record.value_schema->Equals(*expected));
  CHECK(record.value.structure().schema == record.value_schema);
  // A field that is not cast keeps its schema object.
  CHECK(record.value_schema->field("timestamp")->schema == timestamp_schema);

  SUBCASE("the derived schema is cached per input schema") {
    ConnectRecord second;
    second.value_schema = schema;
    second.value = Value::MakeStruct(schema);
    second.value.structure().fields = {Value::Int8(1),  Value::Null(),      Value::Int32(3),  Value::Int64(0),
                                       Value::Float32(0), Value::Float64(0), Value::Boolean(false), Value::String("-7"),
                                       DecimalValue(true, "5"), Value::Int32(0), Value::Float32(1.5f), Value::Int64(0),
                                       Value::MakeBytes(""), Value::MakeBytes("a")};
    ApplyOk(*transform, second);
    CHECK(second.value_schema == record.value_schema);
    CHECK(second.value.structure().fields ==
          std::vector<Value>{Value::Int16(1), Value::Null(), Value::Int64(3), Value::Boolean(false),
                             Value::Float64(0), Value::Boolean(false), Value::Int8(0), Value::Int32(-7),
                             Value::String("-5"), Value::String("00:00:00.000Z"), Value::Int32(1), Value::Int64(0),
                             Value::String(""), Value::String("YQ==")});
  }
}

TEST_CASE("Cast of fields of a schemaless Map (Kafka's castFieldsSchemaless)") {
  auto transform = Configured(kCastValue, {{"spec",
                                            "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,"
                                            "float64:boolean,boolean:int8,string:int32,missing:string"}});
  ConnectRecord record;
  record.value = MapOf({{"int8", Value::Int8(8)},
                        {"int16", Value::Int16(16)},
                        {"int32", Value::Int32(32)},
                        {"int64", Value::Int64(64)},
                        {"float32", Value::Float32(32.f)},
                        {"float64", Value::Float64(-64.)},
                        {"boolean", Value::Boolean(true)},
                        {"string", Value::String("42")},
                        {"other", Value::String("kept")}});
  ApplyOk(*transform, record);
  CHECK(record.value_schema == nullptr);
  // Kafka puts a cast for every listed field, so an absent one appears as null.
  CHECK(record.value == MapOf({{"int8", Value::Int16(8)},
                               {"int16", Value::Int32(16)},
                               {"int32", Value::Int64(32)},
                               {"int64", Value::Boolean(true)},
                               {"float32", Value::Float64(32.)},
                               {"float64", Value::Boolean(true)},
                               {"boolean", Value::Int8(1)},
                               {"string", Value::Int32(42)},
                               {"other", Value::String("kept")},
                               {"missing", Value::Null()}}));
}

TEST_CASE("Cast narrows and parses numbers as Java does") {
  // Integer narrowing keeps the low bits.
  CHECK(CastWhole("int8", Value::Int32(300)) == Value::Int8(44));
  CHECK(CastWhole("int16", Value::Int64(-65535)) == Value::Int16(1));
  CHECK(CastWhole("int32", Value::Int64(4294967297LL)) == Value::Int32(1));
  // Floating point truncates toward zero, saturates at the int/long range (then narrows), NaN is 0.
  CHECK(CastWhole("int32", Value::Float64(-1.9)) == Value::Int32(-1));
  CHECK(CastWhole("int32", Value::Float64(1e10)) == Value::Int32(2147483647));
  CHECK(CastWhole("int8", Value::Float64(1e10)) == Value::Int8(-1));
  CHECK(CastWhole("int64", Value::Float32(-1e30f)) == Value::Int64(std::numeric_limits<int64_t>::min()));
  CHECK(CastWhole("int32", Value::Float64(std::nan(""))) == Value::Int32(0));
  CHECK(CastWhole("boolean", Value::Float64(0.5)) == Value::Boolean(false));
  CHECK(CastWhole("boolean", Value::Float64(-1.5)) == Value::Boolean(true));
  CHECK(CastWhole("float32", Value::Int64(16777217)) == Value::Float32(16777216.f));
  CHECK(CastWhole("float32", Value::Boolean(true)) == Value::Float32(1.f));
  // Text as Java's Float/Double.toString and Boolean.toString.
  CHECK(CastWhole("string", Value::Float32(0.1f)) == Value::String("0.1"));
  CHECK(CastWhole("string", Value::Float64(1e10)) == Value::String("1.0E10"));
  CHECK(CastWhole("string", Value::Float64(100)) == Value::String("100.0"));
  CHECK(CastWhole("string", Value::Boolean(false)) == Value::String("false"));
  CHECK(CastWhole("string", Value::Int64(-9)) == Value::String("-9"));
  // Integer.parseInt and friends: a sign, ASCII digits, no spaces, in range.
  CHECK(CastWhole("int32", Value::String("+12")) == Value::Int32(12));
  CHECK(CastWhole("int8", Value::String("-128")) == Value::Int8(-128));
  CHECK(CastWhole("int64", Value::String("-9223372036854775808")) == Value::Int64(std::numeric_limits<int64_t>::min()));
  // Double.parseDouble: trimmed, suffixes, hexadecimal, NaN and Infinity.
  CHECK(CastWhole("float64", Value::String(" 1.5 ")) == Value::Float64(1.5));
  CHECK(CastWhole("float64", Value::String("1e3d")) == Value::Float64(1000));
  CHECK(CastWhole("float64", Value::String("0x1.8p1")) == Value::Float64(3));
  CHECK(CastWhole("float64", Value::String(".5")) == Value::Float64(0.5));
  CHECK(CastWhole("float64", Value::String("-Infinity")) == Value::Float64(-INFINITY));
  CHECK(std::isnan(CastWhole("float32", Value::String("NaN")).DoubleOf()));
  CHECK(CastWhole("float32", Value::String("3.4028236e38")) == Value::Float32(INFINITY));
  // Boolean.parseBoolean: "true" in any case, anything else false.
  CHECK(CastWhole("boolean", Value::String("TRUE")) == Value::Boolean(true));
  CHECK(CastWhole("boolean", Value::String("yes")) == Value::Boolean(false));

  auto transform = Configured(kCastValue, {{"spec", "n:int8"}});
  for (const char* bad : {"128", " 1", "1.0", "", "0x10", "1_000"}) {
    CAPTURE(bad);
    ConnectRecord record;
    record.value = MapOf({{"n", Value::String(bad)}});
    CHECK(ApplyError(*transform, record).message() ==
          std::string("cannot cast field 'n' of the record value: the string \"") + bad +
              "\" is not a valid INT8 (out of range or not a number); fix the data or cast it to another type");
  }
  for (const char* bad : {"1e", "0x1.8", "Infinityf", "1.5ff", ".", "e5", "1 .5"}) {
    CAPTURE(bad);
    auto to_double = Configured(kCastValue, {{"spec", "float64"}});
    ConnectRecord record;
    record.value = Value::String(bad);
    CHECK(ApplyError(*to_double, record).message().rfind("cannot cast the record value: the string", 0) == 0);
  }
}

TEST_CASE("Cast of a Decimal converts through BigDecimal") {
  SchemaPtr scale2 = SchemaBuilder::Decimal(2).Build();
  Value minus_123_45 = DecimalValue(true, "12345");
  CHECK(CastWholeWithSchema("string", scale2, minus_123_45) == Value::String("-123.45"));
  CHECK(CastWholeWithSchema("int32", scale2, minus_123_45) == Value::Int32(-123));
  CHECK(CastWholeWithSchema("float64", scale2, minus_123_45) == Value::Float64(-123.45));
  CHECK(CastWholeWithSchema("float32", scale2, minus_123_45) == Value::Float32(-123.45f));
  CHECK(CastWholeWithSchema("boolean", scale2, minus_123_45) == Value::Boolean(true));
  CHECK(CastWholeWithSchema("boolean", scale2, DecimalValue(false, "50")) == Value::Boolean(false));
  // longValue keeps the low 64 bits: 2^64 + 5 is 5.
  CHECK(CastWholeWithSchema("int64", SchemaBuilder::Decimal(0).Build(), DecimalValue(false, "18446744073709551621")) ==
        Value::Int64(5));
  CHECK(CastWholeWithSchema("string", SchemaBuilder::Decimal(8).Build(), DecimalValue(false, "1")) ==
        Value::String("1E-8"));
}

TEST_CASE("Cast of bytes to anything but string fails") {
  auto transform = Configured(kCastValue, {{"spec", "b:int32"}});
  SchemaPtr schema = SchemaBuilder::Struct().AddField("b", Primitive(SchemaType::kBytes)).Build();
  ConnectRecord record;
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  record.value.structure().fields[0] = Value::MakeBytes("x");
  CHECK(ApplyError(*transform, record).message() ==
        "cannot cast field 'b' of the record value to INT32: Cast turns bytes only into a string (base64); cast it to "
        "string instead");
}

TEST_CASE("Cast refuses what Kafka's Struct.put and default casting refuse") {
  SUBCASE("a null in a required field with a default when defaults are not used") {
    auto transform = Configured(kCastValue, {{"spec", "other:string"}, {"replace.null.with.default", "false"}});
    SchemaPtr schema = SchemaBuilder::Struct()
                           .AddField("n", SchemaBuilder(SchemaType::kInt32).Default(Value::Int32(5)).Build())
                           .AddField("other", Primitive(SchemaType::kInt32))
                           .Build();
    ConnectRecord record;
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    record.value.structure().fields[1] = Value::Int32(1);
    CHECK(ApplyError(*transform, record).message() ==
          "cannot set the required field 'n' of the record value to null for cast types (Kafka's Struct accepts null "
          "only in optional fields); keep replace.null.with.default=true so the field's default is used, or make it "
          "optional");
  }
  SUBCASE("a Struct schema with a default") {
    auto transform = Configured(kCastValue, {{"spec", "n:string"}});
    SchemaPtr inner = SchemaBuilder::Struct().AddField("n", Primitive(SchemaType::kInt32)).Build();
    Value default_value = Value::MakeStruct(inner);
    default_value.structure().fields[0] = Value::Int32(0);
    SchemaPtr schema = SchemaBuilder::From(*inner).Default(default_value).Build();
    ConnectRecord record;
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    record.value.structure().fields[0] = Value::Int32(1);
    CHECK(ApplyError(*transform, record).message().rfind(
              "cannot cast the default value of the record value: Cast does not support casting from STRUCT", 0) == 0);
  }
  SUBCASE("a schemaless value that is not a Map") {
    auto transform = Configured(kCastValue, {{"spec", "n:string"}});
    ConnectRecord record;
    record.value = Value::Int32(1);
    CHECK(ApplyError(*transform, record).message() ==
          "only a Map record value is supported for cast types when the value has no schema, found int32");
  }
}

}  // namespace
}  // namespace connectd
