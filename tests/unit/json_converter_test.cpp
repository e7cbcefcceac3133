// JsonConverter: exact bytes as Kafka's JsonConverter writes them, parsing back, and every
// error path (each must name topic, partition and offset).
#include "converters/json_converter.h"
#include "data/decimal.h"
#include "data/java_number_text.h"

#include <doctest/doctest.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <memory>

namespace connectd {
namespace {

ErrorContext Where() {
  ErrorContext where;
  where.topic = "orders";
  where.partition = 3;
  where.offset = 42;
  return where;
}

std::unique_ptr<JsonConverter> Make(const ConfigMap& config = {}) {
  auto converter = std::make_unique<JsonConverter>();
  Status s = converter->Configure(config, false);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return converter;
}

std::string Write(JsonConverter& c, const SchemaPtr& schema, const Value& value) {
  std::string out;
  bool is_null = true;
  Status s = c.FromConnectData(Where(), schema, value, &out, &is_null);
  REQUIRE_MESSAGE(s.ok(), s.message());
  REQUIRE_FALSE(is_null);
  return out;
}

Status WriteError(JsonConverter& c, const SchemaPtr& schema, const Value& value) {
  std::string out;
  bool is_null = false;
  Status s = c.FromConnectData(Where(), schema, value, &out, &is_null);
  REQUIRE_FALSE(s.ok());
  return s;
}

SchemaAndValue Read(JsonConverter& c, const std::string& json) {
  SchemaAndValue result;
  Status s = c.ToConnectData(Where(), json.data(), json.size(), &result);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return result;
}

Status ReadError(JsonConverter& c, const std::string& json) {
  SchemaAndValue result;
  Status s = c.ToConnectData(Where(), json.data(), json.size(), &result);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK_MESSAGE(s.message().find("topic 'orders' partition 3 offset 42") != std::string::npos, s.message());
  return s;
}

bool Contains(const Status& s, const std::string& text) { return s.message().find(text) != std::string::npos; }

const SchemaPtr& Prim(SchemaType type, bool optional = false) { return Schema::Primitive(type, optional); }

void Set(Value& record, const std::string& field, Value v) {
  const Field* f = record.structure().schema->field(field);
  REQUIRE(f != nullptr);
  record.structure().fields[static_cast<size_t>(f->index)] = std::move(v);
}

std::string Raw(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

// ToSchemalessJson must give exactly the bytes of the round trip it replaces (read without a
// schema, write back as value_to_json does) and refuse whatever that round trip rejects.
TEST_CASE("JsonConverter ToSchemalessJson matches reading and writing back, and refuses what reading rejects") {
  auto reader = Make({{"schemas.enable", "false"}});
  auto writer = Make({{"schemas.enable", "false"}});
  const std::vector<std::string> accepted = {
      R"({"id":1,"name":"a"})",
      " {\n \"id\" : 1 ,\t\"tags\" : [ 1, 2.50, -0, 1e3, 1E-7, 0.1, 123456789012345678, -9223372036854775808 ] } ",
      R"({"s":"quote \" backslash \\ slash \/ tab \t nl \n ctl \u0001 \u00e9 \ud83d\ude00 é"})",
      R"({"dup":1,"dup":2})",
      R"({"nested":{"a":[{"b":null,"c":true,"d":false}],"e":{}},"f":[]})",
      R"("just a string")",
      "12",
      "-3.25e2",
      "[1,\"x\",null]",
      R"({"big":1.7976931348623157e308,"small":4.9e-324,"neg":-0.0})",
      R"({"a":1} trailing text the reader ignores)",
      std::string("{\"a\":1}\0{", 9),
  };
  for (const std::string& json : accepted) {
    CAPTURE(json);
    std::string fast;
    REQUIRE(reader->ToSchemalessJson(json.data(), json.size(), &fast));
    SchemaAndValue read = Read(*reader, json);
    CHECK(!read.schema);
    CHECK(fast == Write(*writer, nullptr, read.value));
    // What the fast path wrote reads back as the same value.
    CHECK(Read(*reader, fast).value == read.value);
  }

  const std::vector<std::string> refused = {
      "",
      "   ",
      "null",
      "{\"a\":",
      "{\"a\":1,}",
      "{\"n\":123456789012345678901234567890}",
      "{\"n\":1e400}",
      std::string("{\"s\":\"\xC3\x28\"}"),
      std::string("{\"s\":\"x\0y\"}", 11),
      std::string("\0{}", 3),
      std::string(1001, '[') + std::string(1001, ']'),
  };
  for (const std::string& json : refused) {
    CAPTURE(json);
    std::string fast = "untouched";
    CHECK_FALSE(reader->ToSchemalessJson(json.data(), json.size(), &fast));
    CHECK(fast == "untouched");
  }
  CHECK_FALSE(reader->ToSchemalessJson(nullptr, 0, nullptr));

  // With schemas the envelope decides the value's type: no shortcut.
  auto with_schemas = Make();
  std::string out;
  CHECK_FALSE(with_schemas->ToSchemalessJson("{\"schema\":null,\"payload\":1}", 27, &out));
}

}  // namespace

TEST_CASE("JsonConverter writes every primitive schema type as Kafka does") {
  auto c = Make();
  CHECK(Write(*c, Prim(SchemaType::kInt8), Value::Int8(-5)) == R"({"schema":{"type":"int8","optional":false},"payload":-5})");
  CHECK(Write(*c, Prim(SchemaType::kInt16), Value::Int16(300)) ==
        R"({"schema":{"type":"int16","optional":false},"payload":300})");
  CHECK(Write(*c, Prim(SchemaType::kInt32), Value::Int32(-2147483647 - 1)) ==
        R"({"schema":{"type":"int32","optional":false},"payload":-2147483648})");
  CHECK(Write(*c, Prim(SchemaType::kInt64), Value::Int64(9007199254740993)) ==
        R"({"schema":{"type":"int64","optional":false},"payload":9007199254740993})");
  CHECK(Write(*c, Prim(SchemaType::kFloat32), Value::Float32(1.5f)) ==
        R"({"schema":{"type":"float","optional":false},"payload":1.5})");
  CHECK(Write(*c, Prim(SchemaType::kFloat64), Value::Float64(1e7)) ==
        R"({"schema":{"type":"double","optional":false},"payload":1.0E7})");
  CHECK(Write(*c, Prim(SchemaType::kBoolean), Value::Boolean(true)) ==
        R"({"schema":{"type":"boolean","optional":false},"payload":true})");
  CHECK(Write(*c, Prim(SchemaType::kString), Value::String("a\"b\\c\n\t\x01\x1f/\xc3\xa9")) ==
        "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"a\\\"b\\\\c\\n\\t\\u0001\\u001F/\xc3\xa9\"}");
  CHECK(Write(*c, Prim(SchemaType::kBytes), Value::MakeBytes(Raw({0x00, 0x01, 0xFF}))) ==
        R"({"schema":{"type":"bytes","optional":false},"payload":"AAH/"})");
  CHECK(Write(*c, Prim(SchemaType::kBytes), Value::MakeBytes("ab")) ==
        R"({"schema":{"type":"bytes","optional":false},"payload":"YWI="})");
  CHECK(Write(*c, Prim(SchemaType::kString, true), Value()) ==
        R"({"schema":{"type":"string","optional":true},"payload":null})");
}

TEST_CASE("JsonConverter writes a struct schema with field names after each field's schema") {
  auto c = Make();
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("x.y.Value")
                         .AddField("id", Prim(SchemaType::kInt32))
                         .AddField("price", SchemaBuilder::Decimal(2).Optional().Build())
                         .Build();
  Value v = Value::MakeStruct(schema);
  Set(v, "id", Value::Int32(1));
  Set(v, "price", Value::MakeBytes(Raw({0x30, 0x39})));
  CHECK(Write(*c, schema, v) ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
        R"({"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,)"
        R"("parameters":{"scale":"2"},"field":"price"}],"optional":false,"name":"x.y.Value"},)"
        R"("payload":{"id":1,"price":"MDk="}})");
}

TEST_CASE("JsonConverter writes name, version, doc, parameters and default in Kafka's order") {
  auto c = Make();
  SchemaPtr schema = SchemaBuilder(SchemaType::kInt32)
                         .Optional()
                         .Name("n")
                         .Version(3)
                         .Doc("the \"count\"")
                         .Parameter("b", "2")
                         .Parameter("a", "1")
                         .Default(Value::Int32(7))
                         .Build();
  CHECK(Write(*c, schema, Value::Int32(1)) ==
        R"({"schema":{"type":"int32","optional":true,"name":"n","version":3,"doc":"the \"count\"",)"
        R"("parameters":{"b":"2","a":"1"},"default":7},"payload":1})");
}

TEST_CASE("JsonConverter writes Decimal as base64 of the minimal two's complement, or as a number") {
  auto base64 = Make();
  SchemaPtr decimal = SchemaBuilder::Decimal(2).Build();
  const std::string schema_json =
      R"({"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}})";
  auto payload = [&](JsonConverter& c, const std::string& bytes) {
    std::string out = Write(c, decimal, Value::MakeBytes(bytes));
    std::string prefix = "{\"schema\":" + schema_json + ",\"payload\":";
    REQUIRE(out.compare(0, prefix.size(), prefix) == 0);
    return out.substr(prefix.size(), out.size() - prefix.size() - 1);
  };
  CHECK(payload(*base64, Raw({0xFF})) == R"("/w==")");             // -1
  CHECK(payload(*base64, Raw({0xFF, 0xFF, 0xFF})) == R"("/w==")");  // -1, sign-extended
  CHECK(payload(*base64, Raw({0x30, 0x39})) == R"("MDk=")");        // 12345
  CHECK(payload(*base64, Raw({0x00, 0x00, 0x30, 0x39})) == R"("MDk=")");
  CHECK(payload(*base64, Raw({0x00, 0x80})) == R"("AIA=")");  // 128 keeps its sign byte
  CHECK(payload(*base64, Raw({0x80})) == R"("gA==")");        // -128

  auto numeric = Make({{"decimal.format", "numeric"}});
  CHECK(payload(*numeric, Raw({0x30, 0x39})) == "123.45");
  CHECK(payload(*numeric, Raw({0xFF})) == "-0.01");
  CHECK(payload(*numeric, Raw({0x00})) == "0.00");
  CHECK(payload(*numeric, Raw({0xCF, 0xC7})) == "-123.45");
  // 2^64 + 1 = 18446744073709551617 -> 184467440737095516.17
  CHECK(payload(*numeric, Raw({0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01})) == "184467440737095516.17");

  SchemaPtr tiny = SchemaBuilder::Decimal(10).Build();
  CHECK(Write(*numeric, tiny, Value::MakeBytes(Raw({0x01}))).find(R"("payload":1E-10})") != std::string::npos);
  SchemaPtr negative_scale = SchemaBuilder::Decimal(-2).Build();
  CHECK(Write(*numeric, negative_scale, Value::MakeBytes(Raw({0x0F}))).find(R"("payload":1.5E+3})") !=
        std::string::npos);
}

TEST_CASE("JsonConverter writes Date, Time and Timestamp as their integers") {
  auto c = Make();
  CHECK(Write(*c, SchemaBuilder::Date().Build(), Value::Int32(19000)) ==
        R"({"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":19000})");
  CHECK(Write(*c, SchemaBuilder::Time().Build(), Value::Int32(3600000)) ==
        R"({"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":3600000})");
  CHECK(Write(*c, SchemaBuilder::Timestamp().Build(), Value::Int64(1700000000123)) ==
        R"({"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1700000000123})");
}

TEST_CASE("JsonConverter writes arrays, maps and nested structs") {
  auto c = Make({{"schemas.enable", "false"}});
  auto with_schema = Make();

  SchemaPtr strings = SchemaBuilder::Array(Prim(SchemaType::kString)).Build();
  CHECK(Write(*with_schema, strings, Value::MakeArray({Value::String("a"), Value::String("b")})) ==
        R"({"schema":{"type":"array","items":{"type":"string","optional":false},"optional":false},"payload":["a","b"]})");

  SchemaPtr by_name = SchemaBuilder::Map(Prim(SchemaType::kString), Prim(SchemaType::kInt32, true)).Build();
  Value named = Value::MakeMap({{Value::String("x"), Value::Int32(1)}, {Value::String("y"), Value()}});
  CHECK(Write(*with_schema, by_name, named) ==
        R"({"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":true},"optional":false},)"
        R"("payload":{"x":1,"y":null}})");

  SchemaPtr by_number = SchemaBuilder::Map(Prim(SchemaType::kInt32), Prim(SchemaType::kString)).Build();
  Value numbered = Value::MakeMap({{Value::Int32(1), Value::String("a")}, {Value::Int32(2), Value::String("b")}});
  CHECK(Write(*c, by_number, numbered) == R"([[1,"a"],[2,"b"]])");

  SchemaPtr inner = SchemaBuilder::Struct().Name("Inner").AddField("n", Prim(SchemaType::kInt64)).Optional().Build();
  SchemaPtr outer = SchemaBuilder::Struct()
                        .AddField("inner", inner)
                        .AddField("list", SchemaBuilder::Array(inner).Build())
                        .AddField("missing", inner)
                        .Build();
  Value in = Value::MakeStruct(inner);
  Set(in, "n", Value::Int64(5));
  Value out = Value::MakeStruct(outer);
  Set(out, "inner", in);
  Set(out, "list", Value::MakeArray({in, in}));
  CHECK(Write(*c, outer, out) == R"({"inner":{"n":5},"list":[{"n":5},{"n":5}],"missing":null})");
  CHECK(Write(*with_schema, outer, out) ==
        R"({"schema":{"type":"struct","fields":[)"
        R"({"type":"struct","fields":[{"type":"int64","optional":false,"field":"n"}],"optional":true,"name":"Inner","field":"inner"},)"
        R"({"type":"array","items":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"n"}],"optional":true,"name":"Inner"},"optional":false,"field":"list"},)"
        R"({"type":"struct","fields":[{"type":"int64","optional":false,"field":"n"}],"optional":true,"name":"Inner","field":"missing"}],)"
        R"("optional":false},"payload":{"inner":{"n":5},"list":[{"n":5},{"n":5}],"missing":null}})");
}

TEST_CASE("JsonConverter writes a null field that has a default as the default") {
  SchemaPtr schema = SchemaBuilder::Struct()
                         .AddField("n", SchemaBuilder(SchemaType::kInt32).Optional().Default(Value::Int32(7)).Build())
                         .AddField("s", SchemaBuilder(SchemaType::kString).Default(Value::String("none")).Build())
                         .Build();
  Value v = Value::MakeStruct(schema);
  auto c = Make();
  CHECK(Write(*c, schema, v) ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":true,"default":7,"field":"n"},)"
        R"({"type":"string","optional":false,"default":"none","field":"s"}],"optional":false},)"
        R"("payload":{"n":7,"s":"none"}})");

  auto keep_null = Make({{"schemas.enable", "false"}, {"replace.null.with.default", "false"}});
  SchemaPtr optional_only = SchemaBuilder::Struct()
                                .AddField("n", SchemaBuilder(SchemaType::kInt32).Optional().Default(Value::Int32(7)).Build())
                                .Build();
  CHECK(Write(*keep_null, optional_only, Value::MakeStruct(optional_only)) == R"({"n":null})");
}

// Escapes as the writer does: \" \\ \b \f \n \r \t, other control characters as \u00XX.
std::string ExpectedJsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          const char* hex = "0123456789ABCDEF";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

TEST_CASE("JsonConverter escapes a character that needs it at any position of a string of any length") {
  // Strings are checked eight bytes at a time: every length around a word, every position, and
  // UTF-8 bytes whose low seven bits look like '"', '\\' or a control character (U+0085 is C2 85,
  // U+00A2 is C2 A2, U+00DC is C3 9C... none needs an escape).
  auto c = Make({{"schemas.enable", "false"}});
  const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x01"};
  const std::string harmless[] = {"\xc2\x85", "\xc2\xa2", "\xc3\x9c", "\xdc\x80", " ", "\x7f", "/"};
  for (size_t length = 1; length <= 19; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (const std::string& special : specials) {
        std::string text(length, 'a');
        text.replace(at, 1, special);
        CAPTURE(length);
        CAPTURE(at);
        CHECK(Write(*c, Prim(SchemaType::kString), Value::String(text)) == ExpectedJsonString(text));
      }
      for (const std::string& plain : harmless) {
        std::string text(length, 'a');
        text.replace(at, 1, plain);
        CHECK(Write(*c, Prim(SchemaType::kString), Value::String(text)) == "\"" + text + "\"");
      }
    }
  }
}

TEST_CASE("JsonConverter without schemas writes the bare payload; null with no schema is a tombstone") {
  auto c = Make({{"schemas.enable", "false"}});
  CHECK(Write(*c, Prim(SchemaType::kString), Value::String("x")) == R"("x")");
  CHECK(Write(*c, Prim(SchemaType::kInt32, true), Value()) == "null");

  auto enveloped = Make();
  for (JsonConverter* converter : {c.get(), enveloped.get()}) {
    std::string out = "stale";
    bool is_null = false;
    Status s = converter->FromConnectData(Where(), nullptr, Value(), &out, &is_null);
    REQUIRE(s.ok());
    CHECK(is_null);
    CHECK(out.empty());
  }
}

TEST_CASE("JsonConverter infers JSON for schemaless values") {
  auto c = Make({{"schemas.enable", "false"}});
  Value map = Value::MakeMap({{Value::String("a"), Value::Int32(1)},
                              {Value::String("b"), Value::Float64(1.5)},
                              {Value::String("c"), Value::MakeArray({Value::Boolean(true), Value()})},
                              {Value::String("d"), Value::MakeBytes("ab")},
                              {Value::String("e"), Value::Float32(0.1f)}});
  CHECK(Write(*c, nullptr, map) == R"({"a":1,"b":1.5,"c":[true,null],"d":"YWI=","e":0.1})");
  Value pairs = Value::MakeMap({{Value::Int64(1), Value::String("x")}});
  CHECK(Write(*c, nullptr, pairs) == R"([[1,"x"]])");

  auto enveloped = Make();
  CHECK(Write(*enveloped, nullptr, Value::Int64(5)) == R"({"schema":null,"payload":5})");
}

TEST_CASE("JsonConverter formats doubles and floats as Java does") {
  auto c = Make({{"schemas.enable", "false"}});
  auto d = [&](double v) { return Write(*c, Prim(SchemaType::kFloat64), Value::Float64(v)); };
  auto f = [&](float v) { return Write(*c, Prim(SchemaType::kFloat32), Value::Float32(v)); };
  CHECK(d(1.0) == "1.0");
  CHECK(d(100.0) == "100.0");
  CHECK(d(-0.0) == "-0.0");
  CHECK(d(0.0) == "0.0");
  CHECK(d(9999999.0) == "9999999.0");
  CHECK(d(1e7) == "1.0E7");
  CHECK(d(1.5e10) == "1.5E10");
  CHECK(d(123456789.0) == "1.23456789E8");
  CHECK(d(0.001) == "0.001");
  CHECK(d(0.0001) == "1.0E-4");
  CHECK(d(1.234e-5) == "1.234E-5");
  CHECK(d(0.1 + 0.2) == "0.30000000000000004");
  CHECK(d(3.141592653589793) == "3.141592653589793");
  CHECK(d(-12345.678) == "-12345.678");
  CHECK(d(1e21) == "1.0E21");
  CHECK(d(1e23) == "1.0E23");
  CHECK(d(DBL_MAX) == "1.7976931348623157E308");
  CHECK(d(std::numeric_limits<double>::denorm_min()) == "4.9E-324");
  CHECK(d(DBL_MIN) == "2.2250738585072014E-308");
  CHECK(d(std::nan("")) == R"("NaN")");
  CHECK(d(std::numeric_limits<double>::infinity()) == R"("Infinity")");
  CHECK(d(-std::numeric_limits<double>::infinity()) == R"("-Infinity")");
  CHECK(f(0.1f) == "0.1");
  CHECK(f(3.14f) == "3.14");
  CHECK(f(1.0f / 3) == "0.33333334");
  CHECK(f(1e10f) == "1.0E10");
  CHECK(f(16777216.0f) == "1.6777216E7");
  CHECK(f(FLT_MAX) == "3.4028235E38");
  CHECK(f(std::numeric_limits<float>::denorm_min()) == "1.4E-45");
  CHECK(JavaDoubleToString(2.5) == "2.5");
  CHECK(JavaFloatToString(-2.5f) == "-2.5");
}

TEST_CASE("JavaBigDecimalToString follows BigDecimal.toString") {
  std::string out;
  CHECK(JavaBigDecimalToString(Raw({0x30, 0x39}), 0, &out));
  CHECK(out == "12345");
  CHECK(JavaBigDecimalToString(Raw({0x30, 0x39}), 7, &out));
  CHECK(out == "0.0012345");
  CHECK(JavaBigDecimalToString(Raw({0x30, 0x39}), 9, &out));
  CHECK(out == "0.000012345");
  CHECK(JavaBigDecimalToString(Raw({0x30, 0x39}), 11, &out));  // adjusted exponent -7
  CHECK(out == "1.2345E-7");
  CHECK(JavaBigDecimalToString(Raw({0x00}), 10, &out));
  CHECK(out == "0E-10");
  CHECK(JavaBigDecimalToString(Raw({0x80}), 0, &out));
  CHECK(out == "-128");
  CHECK_FALSE(JavaBigDecimalToString("", 2, &out));
}

TEST_CASE("JsonConverter rejects values that do not fit their schema, naming the field and location") {
  auto c = Make();
  SchemaPtr schema = SchemaBuilder::Struct()
                         .AddField("id", Prim(SchemaType::kInt32))
                         .AddField("tags", SchemaBuilder::Array(Prim(SchemaType::kString)).Build())
                         .Build();
  Value v = Value::MakeStruct(schema);
  Set(v, "id", Value::String("abc"));
  Set(v, "tags", Value::MakeArray());
  Status s = WriteError(*c, schema, v);
  CHECK(Contains(s, "topic 'orders' partition 3 offset 42"));
  CHECK(Contains(s, "field \"id\""));
  CHECK(Contains(s, "schema type int32 does not match the string value abc"));

  Set(v, "id", Value::Int32(1));
  Set(v, "tags", Value::MakeArray({Value::String("a"), Value()}));
  s = WriteError(*c, schema, v);
  CHECK(Contains(s, "topic 'orders' partition 3 offset 42"));
  CHECK(Contains(s, "field \"tags[1]\""));
  CHECK(Contains(s, "null value for a required string"));

  Set(v, "id", Value());
  Set(v, "tags", Value::MakeArray());
  s = WriteError(*c, schema, v);
  CHECK(Contains(s, "field \"id\""));

  SchemaPtr other = SchemaBuilder::Struct().AddField("id", Prim(SchemaType::kInt64)).Build();
  s = WriteError(*c, schema, Value::MakeStruct(other));
  CHECK(Contains(s, "topic 'orders' partition 3 offset 42"));
  CHECK(Contains(s, "different schema"));

  s = WriteError(*c, Prim(SchemaType::kInt64), Value::Int32(5));
  CHECK(Contains(s, "schema type int64 does not match the int32 value 5"));
  s = WriteError(*c, Prim(SchemaType::kInt32), Value());
  CHECK(Contains(s, "null value for a required int32"));
  s = WriteError(*c, SchemaBuilder::Decimal(2).Build(), Value::MakeBytes(""));
  CHECK(Contains(s, "Decimal"));

  SchemaPtr bad_default = SchemaBuilder::Struct()
                              .AddField("n", SchemaBuilder(SchemaType::kInt32).Default(Value::String("x")).Build())
                              .Build();
  s = WriteError(*c, bad_default, Value::MakeStruct(bad_default));
  CHECK(Contains(s, "topic 'orders' partition 3 offset 42"));
  CHECK(Contains(s, "cannot write the schema's default value (at \"n\")"));
}

TEST_CASE("JsonConverter reads primitive envelopes") {
  auto c = Make();
  SchemaAndValue r = Read(*c, R"({"schema":{"type":"int32","optional":false},"payload":7})");
  REQUIRE(r.schema.get() != nullptr);
  CHECK(r.schema->Equals(*Prim(SchemaType::kInt32)));
  CHECK(r.value == Value::Int32(7));

  r = Read(*c, R"({"payload":"aGk=","schema":{"type":"bytes","optional":true}})");
  CHECK(r.schema->Equals(*Prim(SchemaType::kBytes, true)));
  CHECK(r.value == Value::MakeBytes("hi"));

  r = Read(*c, R"({"schema":{"type":"double","optional":false},"payload":"NaN"})");
  CHECK(std::isnan(r.value.DoubleOf()));
  r = Read(*c, R"({"schema":{"type":"float","optional":false},"payload":"-Infinity"})");
  CHECK(r.value == Value::Float32(-std::numeric_limits<float>::infinity()));
  r = Read(*c, R"({"schema":{"type":"double","optional":false},"payload":3})");
  CHECK(r.value == Value::Float64(3.0));
  r = Read(*c, R"({"schema":{"type":"int64","optional":false},"payload":1.0E2})");
  CHECK(r.value == Value::Int64(100));

  r = Read(*c, R"({"schema":{"type":"int16","optional":true},"payload":null})");
  CHECK(r.schema->optional());
  CHECK(r.value.is_null());
}

TEST_CASE("JsonConverter reads decimals exactly from base64 and from numbers") {
  auto c = Make();
  const std::string schema =
      R"({"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}})";
  auto read = [&](const std::string& payload) {
    return Read(*c, "{\"schema\":" + schema + ",\"payload\":" + payload + "}");
  };
  SchemaAndValue r = read(R"("MDk=")");
  CHECK(r.schema->Equals(*SchemaBuilder::Decimal(2).Build()));
  CHECK(r.value == Value::MakeBytes(Raw({0x30, 0x39})));
  CHECK(read(R"("//8=")").value == Value::MakeBytes(Raw({0xFF})));  // non-minimal -1
  CHECK(read("123.45").value == Value::MakeBytes(Raw({0x30, 0x39})));
  CHECK(read("123.4").value == Value::MakeBytes(Raw({0x30, 0x34})));  // 12340
  CHECK(read("-0.01").value == Value::MakeBytes(Raw({0xFF})));
  CHECK(read("1.2345E2").value == Value::MakeBytes(Raw({0x30, 0x39})));
  CHECK(read("0").value == Value::MakeBytes(Raw({0x00})));
  CHECK(read("184467440737095516.17").value ==
        Value::MakeBytes(Raw({0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01})));
  Status s = ReadError(*c, "{\"schema\":" + schema + ",\"payload\":1.234}");
  CHECK(Contains(s, "more digits after the decimal point than the schema's scale 2"));
  s = ReadError(*c, "{\"schema\":" + schema + ",\"payload\":true}");
  CHECK(Contains(s, "Decimal"));
}

TEST_CASE("JsonConverter round-trips schemas and values") {
  SchemaPtr address = SchemaBuilder::Struct()
                          .Name("x.Address")
                          .AddField("street", Prim(SchemaType::kString))
                          .AddField("zip", Prim(SchemaType::kInt32, true))
                          .Optional()
                          .Build();
  SchemaPtr schema =
      SchemaBuilder::Struct()
          .Name("x.y.Value")
          .Version(2)
          .Doc("a row")
          .AddField("id", Prim(SchemaType::kInt64))
          .AddField("i8", Prim(SchemaType::kInt8))
          .AddField("i16", Prim(SchemaType::kInt16))
          .AddField("i32", Prim(SchemaType::kInt32))
          .AddField("f32", Prim(SchemaType::kFloat32))
          .AddField("f64", Prim(SchemaType::kFloat64))
          .AddField("flag", Prim(SchemaType::kBoolean))
          .AddField("blob", Prim(SchemaType::kBytes, true))
          .AddField("price", SchemaBuilder::Decimal(2).Optional().Build())
          .AddField("day", SchemaBuilder::Date().Build())
          .AddField("at", SchemaBuilder::Time().Build())
          .AddField("ts", SchemaBuilder::Timestamp().Build())
          .AddField("tags", SchemaBuilder::Array(Prim(SchemaType::kString)).Build())
          .AddField("attrs", SchemaBuilder::Map(Prim(SchemaType::kString), Prim(SchemaType::kInt32, true)).Build())
          .AddField("codes", SchemaBuilder::Map(Prim(SchemaType::kInt32), Prim(SchemaType::kString)).Build())
          .AddField("address", address)
          .AddField("note", SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("none")).Build())
          .AddField("ratio", SchemaBuilder(SchemaType::kFloat64).Parameter("unit", "pct").Build())
          .AddField("amount", SchemaBuilder::Decimal(3).Default(Value::MakeBytes(Raw({0x01}))).Build())
          .Build();
  Value addr = Value::MakeStruct(address);
  Set(addr, "street", Value::String("Main St \"1\""));
  Value v = Value::MakeStruct(schema);
  Set(v, "id", Value::Int64(-9007199254740993));
  Set(v, "i8", Value::Int8(-128));
  Set(v, "i16", Value::Int16(32767));
  Set(v, "i32", Value::Int32(123456));
  Set(v, "f32", Value::Float32(0.1f));
  Set(v, "f64", Value::Float64(0.1 + 0.2));
  Set(v, "flag", Value::Boolean(false));
  Set(v, "blob", Value::MakeBytes(Raw({0x00, 0xFF, 0x10})));
  Set(v, "price", Value::MakeBytes(Raw({0xCF, 0xC7})));
  Set(v, "day", Value::Int32(19000));
  Set(v, "at", Value::Int32(45296000));
  Set(v, "ts", Value::Int64(1700000000123));
  Set(v, "tags", Value::MakeArray({Value::String("a"), Value::String("b")}));
  Set(v, "attrs", Value::MakeMap({{Value::String("k"), Value::Int32(1)}, {Value::String("z"), Value()}}));
  Set(v, "codes", Value::MakeMap({{Value::Int32(7), Value::String("seven")}}));
  Set(v, "address", addr);
  Set(v, "note", Value::String("hello"));
  Set(v, "ratio", Value::Float64(1.5e-9));
  Set(v, "amount", Value::MakeBytes(Raw({0x00, 0x80})));

  for (const char* format : {"BASE64", "NUMERIC"}) {
    CAPTURE(format);
    auto c = Make({{"decimal.format", format}});
    std::string json = Write(*c, schema, v);
    SchemaAndValue back = Read(*c, json);
    REQUIRE(back.schema.get() != nullptr);
    CHECK(back.schema->Equals(*schema));
    CHECK(back.value == v);
    CHECK(Write(*c, back.schema, back.value) == json);
  }
}

TEST_CASE("JsonConverter reads a missing or null field as its default or null") {
  auto c = Make();
  const std::string schema =
      R"({"type":"struct","fields":[{"type":"int32","optional":true,"default":7,"field":"n"},)"
      R"({"type":"string","optional":true,"field":"s"}],"optional":false})";
  SchemaAndValue r = Read(*c, "{\"schema\":" + schema + ",\"payload\":{\"s\":null}}");
  REQUIRE(r.schema.get() != nullptr);
  CHECK(*r.schema->fields()[0].schema->default_value() == Value::Int32(7));
  CHECK(*r.value.structure().Get("n") == Value::Int32(7));
  CHECK(r.value.structure().Get("s")->is_null());

  auto keep_null = Make({{"replace.null.with.default", "false"}});
  r = Read(*keep_null, "{\"schema\":" + schema + ",\"payload\":{}}");
  CHECK(r.value.structure().Get("n")->is_null());
}

TEST_CASE("JsonConverter reads schemaless JSON") {
  auto c = Make({{"schemas.enable", "false"}});
  SchemaAndValue r = Read(*c, R"({"a":1,"b":1.5,"c":"x","d":[true,null],"e":{"f":-2},"g":1e2})");
  CHECK(r.schema.get() == nullptr);
  Value expected = Value::MakeMap({{Value::String("a"), Value::Int64(1)},
                                   {Value::String("b"), Value::Float64(1.5)},
                                   {Value::String("c"), Value::String("x")},
                                   {Value::String("d"), Value::MakeArray({Value::Boolean(true), Value()})},
                                   {Value::String("e"), Value::MakeMap({{Value::String("f"), Value::Int64(-2)}})},
                                   {Value::String("g"), Value::Float64(100.0)}});
  CHECK(r.value == expected);

  r = Read(*c, R"({"schema":{"type":"int32"},"payload":1})");  // an envelope is plain data here
  CHECK(r.value.kind() == ValueKind::kMap);
  r = Read(*c, "  \"text\"  ");
  CHECK(r.value == Value::String("text"));
  r = Read(*c, "null");
  CHECK(r.value.is_null());
  r = Read(*c, "");
  CHECK(r.value.is_null());
  r = Read(*c, R"({"a":1} trailing)");  // Jackson stops after the first value
  CHECK(r.value == Value::MakeMap({{Value::String("a"), Value::Int64(1)}}));

  auto enveloped = Make();
  r = Read(*enveloped, R"({"schema":null,"payload":[1,"x"]})");
  CHECK(r.schema.get() == nullptr);
  CHECK(r.value == Value::MakeArray({Value::Int64(1), Value::String("x")}));
}

TEST_CASE("JsonConverter reads a null message as null schema and value") {
  auto c = Make();
  SchemaAndValue r;
  r.value = Value::Int32(1);
  REQUIRE(c->ToConnectData(Where(), nullptr, 0, &r).ok());
  CHECK(r.schema.get() == nullptr);
  CHECK(r.value.is_null());
}

TEST_CASE("JsonConverter caches parsed schemas by their text") {
  auto c = Make();
  const std::string json = R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":false},"payload":{"id":%}})";
  auto with = [&](const std::string& id) {
    std::string text = json;
    text.replace(text.find('%'), 1, id);
    return Read(*c, text);
  };
  SchemaAndValue a = with("1");
  SchemaAndValue b = with("2");
  CHECK(a.schema.get() == b.schema.get());
  CHECK(*b.value.structure().Get("id") == Value::Int32(2));

  auto uncached = Make({{"schemas.cache.size", "0"}});
  SchemaPtr first = Read(*uncached, R"({"schema":{"type":"string","optional":false},"payload":"a"})").schema;
  SchemaPtr second = Read(*uncached, R"({"schema":{"type":"string","optional":false},"payload":"b"})").schema;
  CHECK(first.get() != second.get());
  CHECK(first->Equals(*second));
}

TEST_CASE("JsonConverter checks messages that reuse a cached schema as strictly as the first") {
  auto c = Make();
  const std::string prefix = R"({"schema":{"type":"string","optional":true},"payload":)";
  CHECK(Read(*c, prefix + R"("a"})").value == Value::String("a"));  // caches the schema

  CHECK(Read(*c, prefix + " \"b\" \n}").value == Value::String("b"));
  CHECK(Read(*c, prefix + "null}").value.is_null());
  CHECK(Read(*c, prefix + "\"\xf0\x9f\x98\x80\"}").value == Value::String("\xf0\x9f\x98\x80"));
  Status s = ReadError(*c, prefix + R"("c","extra":1})");
  CHECK(Contains(s, "may not contain additional fields"));
  s = ReadError(*c, prefix + R"("c")");
  CHECK(Contains(s, "invalid JSON at byte offset 57: Missing a comma"));
  s = ReadError(*c, prefix + R"(tru})");
  CHECK(Contains(s, "invalid JSON at byte offset 57: Invalid value"));
  s = ReadError(*c, prefix + R"(5})");
  CHECK(Contains(s, "expects a JSON string, but found number"));
  s = ReadError(*c, prefix + "\"\xc0\x80\"}");  // overlong NUL
  CHECK(Contains(s, "invalid JSON at byte offset 55: Invalid UTF-8"));
  s = ReadError(*c, prefix + "\"\xed\xa0\x80\"}");  // a UTF-16 surrogate
  CHECK(Contains(s, "Invalid UTF-8"));

  SchemaAndValue other = Read(*c, R"({"schema":{"type":"int32","optional":false},"payload":1})");
  CHECK(other.value == Value::Int32(1));
  CHECK(Read(*c, prefix + R"("d"})").value == Value::String("d"));
}

TEST_CASE("JsonConverter read errors name the location and what to change") {
  auto c = Make();
  Status s = ReadError(*c, R"({"id":1,"name":"x"})");
  CHECK(Contains(s, "schemas.enable=false"));
  CHECK(Contains(s, "\"schema\" and \"payload\""));
  s = ReadError(*c, R"({"schema":{"type":"int32"},"payload":1,"extra":true})");
  CHECK(Contains(s, "may not contain additional fields"));
  s = ReadError(*c, R"([1,2])");
  CHECK(Contains(s, "schemas.enable=false"));
  s = ReadError(*c, "");
  CHECK(Contains(s, "schemas.enable=false"));

  s = ReadError(*c, R"({"schema":{"type":"int32"},"payload":})");
  CHECK(Contains(s, "invalid JSON at byte offset 37"));
  s = ReadError(*c, "{\"schema\":null,\"payload\":\"\xff\"}");
  CHECK(Contains(s, "invalid JSON"));
  s = ReadError(*c, std::string(2000, '['));
  CHECK(Contains(s, "nesting is deeper than 1000"));

  s = ReadError(*c, R"({"schema":{"type":"int32","optional":false},"payload":"7"})");
  CHECK(Contains(s, "schema type int32 expects a JSON number, but found string"));
  s = ReadError(*c, R"({"schema":{"type":"int8","optional":false},"payload":300})");
  CHECK(Contains(s, "out of range for schema type int8"));
  s = ReadError(*c, R"({"schema":{"type":"int32","optional":false},"payload":1.5})");
  CHECK(Contains(s, "expects an integer"));
  s = ReadError(*c, R"({"schema":{"type":"string","optional":false},"payload":5})");
  CHECK(Contains(s, "expects a JSON string, but found number"));
  s = ReadError(*c, R"({"schema":{"type":"bytes","optional":false},"payload":"not base64!"})");
  CHECK(Contains(s, "Invalid bytes field"));
  s = ReadError(*c, R"({"schema":{"type":"int32","optional":false},"payload":null})");
  CHECK(Contains(s, "Invalid null value for required int32"));

  const std::string fields =
      R"({"type":"struct","fields":[{"type":"array","items":{"type":"int32","optional":false},"optional":false,"field":"list"}],"optional":false})";
  s = ReadError(*c, "{\"schema\":" + fields + ",\"payload\":{\"list\":[1,\"x\"]}}");
  CHECK(Contains(s, "field \"list[1]\""));
  s = ReadError(*c, "{\"schema\":" + fields + ",\"payload\":{}}");
  CHECK(Contains(s, "field \"list\""));
  s = ReadError(*c, "{\"schema\":" + fields + ",\"payload\":[]}");
  CHECK(Contains(s, "expects a JSON object, but found array"));

  s = ReadError(*c, R"({"schema":{"type":"uuid"},"payload":1})");
  CHECK(Contains(s, "Unknown schema type: uuid"));
  s = ReadError(*c, R"({"schema":{"optional":true},"payload":1})");
  CHECK(Contains(s, "Schema must contain 'type' field"));
  s = ReadError(*c, R"({"schema":{"type":"array"},"payload":[]})");
  CHECK(Contains(s, "Array schema did not specify the element type"));
  s = ReadError(*c, R"({"schema":{"type":"map","keys":{"type":"string"}},"payload":{}})");
  CHECK(Contains(s, "Map schema did not specify the value type"));
  s = ReadError(*c, R"({"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}})");
  CHECK(Contains(s, "field name not specified properly"));
  CHECK(Contains(s, "schema.fields[0]"));
  s = ReadError(*c,
                R"({"schema":{"type":"struct","fields":[{"type":"int32","field":"a"},{"type":"int32","field":"a"}]},"payload":{}})");
  CHECK(Contains(s, "duplicate field name \"a\""));
  s = ReadError(*c, R"({"schema":{"type":"int32","parameters":{"a":1}},"payload":1})");
  CHECK(Contains(s, "Schema parameters must have string values."));
  s = ReadError(*c, R"({"schema":{"type":"struct","fields":[{"type":"map","keys":{"type":"x"},"values":{"type":"int32"},"field":"m"}]},"payload":{}})");
  CHECK(Contains(s, "schema.fields[0].keys"));
  s = ReadError(*c, R"({"schema":{"type":"int32","default":"x"},"payload":1})");
  CHECK(Contains(s, "schema.default"));

  const std::string int_keys =
      R"({"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false})";
  SchemaAndValue ok = Read(*c, "{\"schema\":" + int_keys + ",\"payload\":[[1,\"a\"]]}");
  CHECK(ok.value == Value::MakeMap({{Value::Int32(1), Value::String("a")}}));
  s = ReadError(*c, "{\"schema\":" + int_keys + ",\"payload\":{\"1\":\"a\"}}");
  CHECK(Contains(s, "[key, value] pairs"));
  s = ReadError(*c, "{\"schema\":" + int_keys + ",\"payload\":[[1]]}");
  CHECK(Contains(s, "invalid map entry"));

  auto schemaless = Make({{"schemas.enable", "false"}});
  s = ReadError(*schemaless, "99999999999999999999");
  CHECK(Contains(s, "out of range for int64"));
}

TEST_CASE("JsonConverter configuration is validated and names the key") {
  JsonConverter c;
  Status s = c.Configure({{"schemas.enable", "maybe"}}, false);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(Contains(s, "schemas.enable"));
  s = c.Configure({{"decimal.format", "HEX"}}, false);
  CHECK(Contains(s, "decimal.format"));
  s = c.Configure({{"schemas.cache.size", "lots"}}, true);
  CHECK(Contains(s, "schemas.cache.size"));
  s = c.Configure({{"replace.null.with.default", "1"}}, true);
  CHECK(Contains(s, "replace.null.with.default"));
  s = c.Configure({{"schemas.enable", " FALSE "},
                   {"decimal.format", "Numeric"},
                   {"schemas.cache.size", "10"},
                   {"converter.type", "value"},
                   {"unknown.key", "ignored"}},
                  false);
  CHECK(s.ok());
  CHECK(Write(c, SchemaBuilder::Decimal(1).Build(), Value::MakeBytes(Raw({0x05}))) == "0.5");
}

}  // namespace connectd
