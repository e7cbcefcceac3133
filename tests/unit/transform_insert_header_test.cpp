#include <doctest/doctest.h>

#include <limits>
#include <ostream>

#include "data/decimal.h"
#include "data/value_text_parse.h"
#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kClass = "org.apache.kafka.connect.transforms.InsertHeader";

// Kafka's InsertHeaderTest record, with an "existing" header.
ConnectRecord Record(const char* existing_key = "existing") {
  return HeaderTestRecord({StringHeader(existing_key, "existing-value")});
}

// The header InsertHeader appends for `literal`.
Header Inserted(const std::string& literal) {
  auto transform = Configured(kClass, {{"header", "inserted"}, {"value.literal", literal}});
  ConnectRecord record = Record();
  ApplyOk(*transform, record);
  CHECK(record.topic == "topic");
  CHECK(record.key == Value::String("key"));
  CHECK(record.value == Value::String("value"));
  REQUIRE(record.headers.size() == 2);
  CHECK(record.headers[0].key == "existing");
  CHECK(record.headers[1].key == "inserted");
  return record.headers[1];
}

TEST_CASE("InsertHeader: Kafka's InsertHeaderTest") {
  Header h = Inserted("inserted-value");
  CheckSchemaEquals(h.schema, Primitive(SchemaType::kString));
  CHECK(h.value == Value::String("inserted-value"));

  // A header with the same name is added, not replaced.
  auto transform = Configured(kClass, {{"header", "existing"}, {"value.literal", "inserted-value"}});
  ConnectRecord record = Record();
  bool keep = true;
  REQUIRE(transform->Apply(record, &keep).ok());
  REQUIRE(record.headers.size() == 2);
  CHECK(record.headers[0].value == Value::String("existing-value"));
  CHECK(record.headers[1].key == "existing");
  CHECK(record.headers[1].value == Value::String("inserted-value"));

  // "1" is a byte header (Headers.addByte).
  h = Inserted("1");
  CheckSchemaEquals(h.schema, Primitive(SchemaType::kInt8));
  CHECK(h.value == Value::Int8(1));
}

TEST_CASE("InsertHeader: typed literals") {
  CHECK(Inserted("true").value == Value::Boolean(true));
  CHECK(Inserted("1234").value == Value::Int16(1234));
  CHECK(Inserted("2.5").value == Value::Float32(2.5f));
  Header null_header = Inserted("null");
  CHECK(null_header.schema == nullptr);
  CHECK(null_header.value.is_null());
  Header date = Inserted("2019-08-23");
  CheckSchemaEquals(date.schema, SchemaBuilder::Date().Build());
  CHECK(date.value == Value::Int32(18131));
  // The literal is trimmed, as Kafka's STRING settings are.
  CHECK(Inserted("  best-app-ever  ").value == Value::String("best-app-ever"));
  CHECK(Inserted("").value == Value::String(""));
}

TEST_CASE("InsertHeader requires header and value.literal") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("InsertHeader", &transform).ok());
  CHECK(transform->Configure({{"value.literal", "1"}}).message().rfind("header: missing required setting", 0) == 0);
  Status st = transform->Configure({{"header", "inserted"}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("value.literal: missing required setting", 0) == 0);
}

struct Parsed {
  SchemaPtr schema;
  Value value;
};

Parsed Parse(const std::string& text) {
  Parsed p;
  ParseValueText(text, &p.schema, &p.value);
  return p;
}

// The text is kept as a STRING.
void CheckString(const std::string& text) {
  INFO(text);
  Parsed p = Parse(text);
  CheckSchemaEquals(p.schema, Primitive(SchemaType::kString));
  CHECK(p.value == Value::String(text));
}

Value Bytes(bool negative, const char* digits) { return Value::MakeBytes(DecimalToTwosComplement(negative, digits)); }

TEST_CASE("Values.parseString: scalars") {
  CheckString("");
  CheckString("simple string");
  CheckString("\xEF\xBF\xBF");  // U+FFFF, Kafka's KAFKA-10574 case
  CheckString("null=");
  CheckString("true}");
  CheckString("false]");
  CheckString("  ");
  CheckString("si\\{mple");
  CheckString("'simple' string");
  Parsed p = Parse("\n \t \ttrue\n \t \t");
  CheckSchemaEquals(p.schema, Primitive(SchemaType::kBoolean));
  CHECK(p.value == Value::Boolean(true));
  CHECK(Parse(" false ").value == Value::Boolean(false));
  p = Parse(" null ");
  CHECK(p.schema == nullptr);
  CHECK(p.value.is_null());
}

TEST_CASE("Values.parseString: numbers take the narrowest type") {
  auto check = [](const std::string& text, SchemaType type, const Value& value) {
    INFO(text);
    Parsed p = Parse(text);
    CheckSchemaEquals(p.schema, Primitive(type));
    CHECK(p.value == value);
  };
  check("127", SchemaType::kInt8, Value::Int8(127));
  check("-128", SchemaType::kInt8, Value::Int8(-128));
  check("32767", SchemaType::kInt16, Value::Int16(32767));
  check("-32768", SchemaType::kInt16, Value::Int16(-32768));
  check("2147483647", SchemaType::kInt32, Value::Int32(2147483647));
  check("-2147483648", SchemaType::kInt32, Value::Int32(std::numeric_limits<int32_t>::min()));
  check("9223372036854775807", SchemaType::kInt64, Value::Int64(std::numeric_limits<int64_t>::max()));
  check("-9223372036854775808", SchemaType::kInt64, Value::Int64(std::numeric_limits<int64_t>::min()));
  check("+5", SchemaType::kInt8, Value::Int8(5));
  // shouldParseFractionalPartsAsIntegerWhenNoFractionalPart
  check("1.0", SchemaType::kInt8, Value::Int8(1));
  check("1.1", SchemaType::kFloat32, Value::Float32(1.1f));
  check("300.0", SchemaType::kInt16, Value::Int16(300));
  check("300.01", SchemaType::kFloat32, Value::Float32(300.01f));
  check("66000.0", SchemaType::kInt32, Value::Int32(66000));
  check("66000.0008", SchemaType::kFloat32, Value::Float32(66000.0008f));
  check("1e3", SchemaType::kInt16, Value::Int16(1000));
  check("3.4028235E38", SchemaType::kFloat32, Value::Float32(std::numeric_limits<float>::max()));
  check("-3.4028235E38", SchemaType::kFloat32, Value::Float32(-std::numeric_limits<float>::max()));
  check("1.7976931348623157E308", SchemaType::kFloat64, Value::Float64(std::numeric_limits<double>::max()));
  // Beyond a long: a Decimal of scale 0 (shouldParseBigIntegerAsDecimalWithZeroScale).
  Parsed p = Parse("9223372036854775808");
  CheckSchemaEquals(p.schema, SchemaBuilder::Decimal(0).Build());
  CHECK(p.value == Bytes(false, "9223372036854775808"));
  p = Parse("-9223372036854775809");
  CheckSchemaEquals(p.schema, SchemaBuilder::Decimal(0).Build());
  CHECK(p.value == Bytes(true, "9223372036854775809"));
  // Beyond a double: a Decimal of the number's scale.
  p = Parse("1.5E+400");
  CheckSchemaEquals(p.schema, SchemaBuilder::Decimal(-399).Build());
  CHECK(p.value == Bytes(false, "15"));
  // A number followed by more text is text; a number before a delimiter is the number.
  CheckString("12 34");
  CheckString("1.2.3");
  CHECK(Parse("1,2").value == Value::Int8(1));
}

TEST_CASE("Values.parseString: temporal literals, in UTC") {
  Parsed p = Parse("2019-08-23T14:34:54.346Z");
  CheckSchemaEquals(p.schema, SchemaBuilder::Timestamp().Build());
  CHECK(p.value == Value::Int64(1566570894346));
  p = Parse("2019-08-23");
  CheckSchemaEquals(p.schema, SchemaBuilder::Date().Build());
  CHECK(p.value == Value::Int32(18131));
  p = Parse("14:34:54.346Z");
  CheckSchemaEquals(p.schema, SchemaBuilder::Time().Build());
  CHECK(p.value == Value::Int32(52494346));
  CHECK(Parse("2019-08-23T14\\:34\\:54.346Z").value == Value::Int64(1566570894346));
  CHECK(Parse("14\\:34\\:54.346Z").value == Value::Int32(52494346));
  CHECK(Parse("2019-13-01").value == Value::Int32(18262));  // lenient: 2020-01-01
}

TEST_CASE("Values.parseString: arrays") {
  Parsed p = Parse("[true, false]");
  CheckSchemaEquals(p.schema, SchemaBuilder::Array(Primitive(SchemaType::kBoolean)).Build());
  CHECK(p.value == Value::MakeArray({Value::Boolean(true), Value::Boolean(false)}));

  // Numbers widen to the widest element type.
  p = Parse("[1, 2, 32768]");
  CheckSchemaEquals(p.schema, SchemaBuilder::Array(Primitive(SchemaType::kInt32)).Build());
  CHECK(p.value == Value::MakeArray({Value::Int32(1), Value::Int32(2), Value::Int32(32768)}));
  p = Parse("[1, 2, 3.4028235E38]");
  CHECK(p.value == Value::MakeArray({Value::Float32(1), Value::Float32(2), Value::Float32(3.4028235E38f)}));
  p = Parse("[1, 2, 1.7976931348623157E308]");
  CheckSchemaEquals(p.schema, SchemaBuilder::Array(Primitive(SchemaType::kFloat64)).Build());
  CHECK(p.value == Value::MakeArray({Value::Float64(1), Value::Float64(2), Value::Float64(1.7976931348623157E308)}));

  // No common type: no element schema, elements as parsed (shouldParseStringListWithMultipleElementTypes).
  for (const char* text : {"[1, 2, 300, \"four\"]", "[\"four\", 1, 2, 300]"}) {
    p = Parse(text);
    REQUIRE(p.schema);
    CHECK(p.schema->type() == SchemaType::kArray);
    CHECK(p.schema->value_schema() == nullptr);
  }
  CHECK(Parse("[1, 2, 300, \"four\"]").value ==
        Value::MakeArray({Value::Int8(1), Value::Int8(2), Value::Int16(300), Value::String("four")}));

  p = Parse("[]");
  CHECK(p.schema->type() == SchemaType::kArray);
  CHECK(p.schema->value_schema() == nullptr);
  CHECK(p.value == Value::MakeArray());
  p = Parse("[null]");
  CHECK(p.schema->value_schema() == nullptr);
  CHECK(p.value == Value::MakeArray({Value()}));
  CHECK(Parse("[[]]").schema->value_schema()->type() == SchemaType::kArray);
  CHECK(Parse("[{}]").schema->value_schema()->type() == SchemaType::kMap);

  // Dates in lists.
  p = Parse("[2019-08-23]");
  CheckSchemaEquals(p.schema, SchemaBuilder::Array(SchemaBuilder::Date().Build()).Build());
  CHECK(p.value == Value::MakeArray({Value::Int32(18131)}));
  p = Parse("[14:34:54.346Z]");
  CheckSchemaEquals(p.schema, SchemaBuilder::Array(SchemaBuilder::Time().Build()).Build());
  CHECK(p.value == Value::MakeArray({Value::Int32(52494346)}));
  p = Parse("[2019-08-23T14:34:54.346Z,2019-01-23T15:12:34.567Z,   2019-04-23T19:12:34.567Z]");
  CheckSchemaEquals(p.schema, SchemaBuilder::Array(SchemaBuilder::Timestamp().Build()).Build());
  CHECK(p.value ==
        Value::MakeArray({Value::Int64(1566570894346), Value::Int64(1548256354567), Value::Int64(1556046754567)}));

  // Decimals (shouldParseArrayOfOnlyDecimals, shouldNotConvertArrayValuesToDecimal).
  p = Parse("[9223372036854775808, -9223372036854775809]");
  CheckSchemaEquals(p.schema, SchemaBuilder::Array(SchemaBuilder::Decimal(0).Build()).Build());
  CHECK(p.value == Value::MakeArray({Bytes(false, "9223372036854775808"), Bytes(true, "9223372036854775809")}));
  p = Parse("[\"1.0\", 9223372036854775808, -9223372036854775809, 1, 1]");
  CHECK(p.schema->value_schema() == nullptr);
  CHECK(p.value == Value::MakeArray({Value::String("1.0"), Bytes(false, "9223372036854775808"),
                                     Bytes(true, "9223372036854775809"), Value::Int8(1), Value::Int8(1)}));

  // What does not parse stays text.
  CheckString("[foo]");
  CheckString("[0 1 2]");
  CheckString("[1, 2, 3,,,]");
  CheckString("[1, null]");
  CheckString("[null, 1]");
  CheckString("[1, 2");
}

TEST_CASE("Values.parseString: maps") {
  const SchemaPtr& s = Primitive(SchemaType::kString);
  Parsed p = Parse("{\"foo\":\"123\",\"bar\":\"baz\"}");
  CheckSchemaEquals(p.schema, SchemaBuilder::Map(s, s).Build());
  CHECK(p.value ==
        Value::MakeMap({{Value::String("foo"), Value::String("123")}, {Value::String("bar"), Value::String("baz")}}));
  p = Parse(" { \"foo\" :  12345 , \"bar\" : 0,  \"baz\" : -4321 }  ");
  CheckSchemaEquals(p.schema, SchemaBuilder::Map(s, Primitive(SchemaType::kInt16)).Build());
  CHECK(p.value == Value::MakeMap({{Value::String("foo"), Value::Int16(12345)},
                                   {Value::String("bar"), Value::Int16(0)},
                                   {Value::String("baz"), Value::Int16(-4321)}}));
  p = Parse("{\"foo\":1234567890,\"bar\":0,\"baz\":-987654321}");
  CheckSchemaEquals(p.schema, SchemaBuilder::Map(s, Primitive(SchemaType::kInt32)).Build());

  p = Parse("{true: false, false: true}");
  CheckSchemaEquals(p.schema, SchemaBuilder::Map(Primitive(SchemaType::kBoolean), Primitive(SchemaType::kBoolean)).Build());

  // Keys with a common type and values without (shouldParseStringMapWithMultipleValueTypes).
  p = Parse("{1:1, 2:1, 300:300, 4:\"four\"}");
  CheckSchemaEquals(p.schema, SchemaBuilder::Map(Primitive(SchemaType::kInt16), nullptr).Build());
  CHECK(p.value == Value::MakeMap({{Value::Int16(1), Value::Int8(1)},
                                   {Value::Int16(2), Value::Int8(1)},
                                   {Value::Int16(300), Value::Int16(300)},
                                   {Value::Int16(4), Value::String("four")}}));
  // Keys without a common type (shouldParseStringMapWithMultipleKeyTypes).
  p = Parse("{\"four\":1, 1:1, 2:1, 300:300}");
  CHECK(p.schema->key_schema() == nullptr);
  CHECK(p.schema->value_schema() == nullptr);
  CHECK(p.value == Value::MakeMap({{Value::String("four"), Value::Int8(1)},
                                   {Value::Int8(1), Value::Int8(1)},
                                   {Value::Int8(2), Value::Int8(1)},
                                   {Value::Int16(300), Value::Int16(300)}}));

  p = Parse("{3: null}");
  CheckSchemaEquals(p.schema, SchemaBuilder::Map(Primitive(SchemaType::kInt8), nullptr).Build());
  CHECK(p.value == Value::MakeMap({{Value::Int8(3), Value()}}));
  p = Parse("{}");
  CHECK(p.schema->type() == SchemaType::kMap);
  CHECK(p.value == Value::MakeMap());
  CHECK(Parse("{\"a\":{}}").schema->value_schema()->type() == SchemaType::kMap);
  CHECK(Parse("{\"a\":[]}").schema->value_schema()->type() == SchemaType::kArray);

  // Time values, quoted or not.
  for (const char* text : {"{\"k1\":\"14:34:54.346Z\"}", "{\"k1\":14:34:54.346Z}"}) {
    INFO(text);
    p = Parse(text);
    CheckSchemaEquals(p.schema, SchemaBuilder::Map(s, SchemaBuilder::Time().Build()).Build());
    CHECK(p.value == Value::MakeMap({{Value::String("k1"), Value::Int32(52494346)}}));
  }
  // A repeated key keeps its first place and takes the last value, as a LinkedHashMap.
  CHECK(Parse("{\"a\":1, \"b\":2, \"a\":3}").value ==
        Value::MakeMap({{Value::String("a"), Value::Int8(3)}, {Value::String("b"), Value::Int8(2)}}));

  CheckString("{foo: 3}");
  CheckString("{3: foo}");
  CheckString("{6:9 4:20}");
  CheckString("{null: 3}");
  // After a failed map Kafka rewinds to the text's first token, here the blank " ", and returns it.
  p = Parse(" { \"foo\" :  1234567890 ,, \"bar\" : 0 }  ");
  CheckSchemaEquals(p.schema, s);
  CHECK(p.value == Value::String(" "));
  CheckString("{\"a\":1");
}

}  // namespace
}  // namespace connectd
