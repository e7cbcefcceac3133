// StringConverter and ByteArrayConverter, and the converter registry.
#include "converters/string_converter.h"

#include <doctest/doctest.h>

#include <cfloat>

#include "converters/byte_array_converter.h"
#include "converters/json_converter.h"

namespace connectd {
namespace {

ErrorContext Where() {
  ErrorContext where;
  where.topic = "events";
  where.partition = 1;
  where.offset = 9;
  return where;
}

std::string Write(Converter& c, const SchemaPtr& schema, const Value& value) {
  std::string out;
  bool is_null = true;
  Status s = c.FromConnectData(Where(), schema, value, &out, &is_null);
  REQUIRE_MESSAGE(s.ok(), s.message());
  REQUIRE_FALSE(is_null);
  return out;
}

bool WritesNull(Converter& c, const SchemaPtr& schema, const Value& value) {
  std::string out = "stale";
  bool is_null = false;
  Status s = c.FromConnectData(Where(), schema, value, &out, &is_null);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return is_null && out.empty();
}

const SchemaPtr& Prim(SchemaType type, bool optional = false) { return Schema::Primitive(type, optional); }

}  // namespace

TEST_CASE("StringConverter writes strings as UTF-8 and other values as Java's toString") {
  StringConverter c;
  REQUIRE(c.Configure({}, false).ok());
  CHECK(Write(c, Prim(SchemaType::kString), Value::String("h\xc3\xa9llo")) == "h\xc3\xa9llo");
  CHECK(Write(c, nullptr, Value::String("")) == "");
  CHECK(Write(c, nullptr, Value::Int32(-42)) == "-42");
  CHECK(Write(c, nullptr, Value::Int64(9007199254740993)) == "9007199254740993");
  CHECK(Write(c, nullptr, Value::Int8(7)) == "7");
  CHECK(Write(c, nullptr, Value::Boolean(true)) == "true");
  CHECK(Write(c, nullptr, Value::Float64(1.0)) == "1.0");
  CHECK(Write(c, nullptr, Value::Float64(1e7)) == "1.0E7");
  CHECK(Write(c, nullptr, Value::Float32(0.1f)) == "0.1");
  CHECK(Write(c, SchemaBuilder::Decimal(2).Build(), Value::MakeBytes("\x30\x39")) == "123.45");
  CHECK(Write(c, Prim(SchemaType::kBytes), Value::MakeBytes("raw")) == "raw");
  CHECK(Write(c, nullptr, Value::MakeArray({Value::Int32(1), Value::Int32(2)})) == "[1, 2]");
  CHECK(Write(c, nullptr, Value::MakeMap({{Value::String("a"), Value::Int32(1)}})) == "{a=1}");
  SchemaPtr schema = SchemaBuilder::Struct().AddField("id", Prim(SchemaType::kInt32)).AddField(
                                                 "name", Prim(SchemaType::kString, true)).Build();
  Value v = Value::MakeStruct(schema);
  v.structure().fields[0] = Value::Int32(1);
  CHECK(Write(c, schema, v) == "Struct{id=1}");
}

TEST_CASE("StringConverter writes a null value as a Kafka null, with or without a schema") {
  StringConverter c;
  CHECK(WritesNull(c, nullptr, Value()));
  CHECK(WritesNull(c, Prim(SchemaType::kString, true), Value()));
}

TEST_CASE("StringConverter reads bytes as an optional string") {
  StringConverter c;
  SchemaAndValue r;
  const std::string text("a\0b", 3);
  REQUIRE(c.ToConnectData(Where(), text.data(), text.size(), &r).ok());
  REQUIRE(r.schema.get() != nullptr);
  CHECK(r.schema->Equals(*Prim(SchemaType::kString, true)));
  CHECK(r.value == Value::String(text));

  REQUIRE(c.ToConnectData(Where(), "", 0, &r).ok());
  CHECK(r.value == Value::String(""));

  REQUIRE(c.ToConnectData(Where(), nullptr, 0, &r).ok());
  CHECK(r.schema->Equals(*Prim(SchemaType::kString, true)));
  CHECK(r.value.is_null());
}

TEST_CASE("StringConverter accepts only UTF-8 and names converter.encoding otherwise") {
  StringConverter c;
  CHECK(c.Configure({{"converter.encoding", "UTF-8"}}, true).ok());
  CHECK(c.Configure({{"converter.encoding", " utf8 "}, {"converter.type", "key"}}, true).ok());
  Status s = c.Configure({{"converter.encoding", "ISO-8859-1"}}, false);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("converter.encoding") != std::string::npos);
  CHECK(s.message().find("ISO-8859-1") != std::string::npos);
}

TEST_CASE("ByteArrayConverter passes bytes through and reads an optional bytes schema") {
  ByteArrayConverter c;
  REQUIRE(c.Configure({{"anything", "x"}}, false).ok());
  const std::string raw("\x00\xff\x10", 3);
  CHECK(Write(c, Prim(SchemaType::kBytes), Value::MakeBytes(raw)) == raw);
  CHECK(Write(c, nullptr, Value::MakeBytes("")) == "");
  CHECK(WritesNull(c, nullptr, Value()));
  CHECK(WritesNull(c, Prim(SchemaType::kBytes, true), Value()));

  SchemaAndValue r;
  REQUIRE(c.ToConnectData(Where(), raw.data(), raw.size(), &r).ok());
  REQUIRE(r.schema.get() != nullptr);
  CHECK(r.schema->Equals(*Prim(SchemaType::kBytes, true)));
  CHECK(r.value == Value::MakeBytes(raw));
  REQUIRE(c.ToConnectData(Where(), nullptr, 0, &r).ok());
  CHECK(r.value.is_null());
}

TEST_CASE("ByteArrayConverter rejects non-bytes data, naming the topic and the type") {
  ByteArrayConverter c;
  std::string out;
  bool is_null = false;
  Status s = c.FromConnectData(Where(), Prim(SchemaType::kString), Value::String("x"), &out, &is_null);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("topic 'events' partition 1 offset 9") != std::string::npos);
  CHECK(s.message().find("schema type string") != std::string::npos);

  s = c.FromConnectData(Where(), nullptr, Value::Int32(5), &out, &is_null);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("topic 'events'") != std::string::npos);
  CHECK(s.message().find("not bytes") != std::string::npos);
}

TEST_CASE("CreateConverter finds converters by class name and Kafka's aliases") {
  for (const char* name : {"org.apache.kafka.connect.json.JsonConverter", "JsonConverter", "Json"}) {
    std::unique_ptr<Converter> c;
    REQUIRE(CreateConverter(name, &c).ok());
    CHECK(dynamic_cast<JsonConverter*>(c.get()) != nullptr);
  }
  for (const char* name : {"org.apache.kafka.connect.storage.StringConverter", "StringConverter", "String"}) {
    std::unique_ptr<Converter> c;
    REQUIRE(CreateConverter(name, &c).ok());
    CHECK(dynamic_cast<StringConverter*>(c.get()) != nullptr);
  }
  for (const char* name : {"org.apache.kafka.connect.converters.ByteArrayConverter", "ByteArrayConverter"}) {
    std::unique_ptr<Converter> c;
    REQUIRE(CreateConverter(name, &c).ok());
    CHECK(dynamic_cast<ByteArrayConverter*>(c.get()) != nullptr);
  }

  std::unique_ptr<Converter> c;
  Status s = CreateConverter("io.confluent.connect.avro.AvroConverter", &c);
  CHECK(s.code() == Status::Code::kNotFound);
  CHECK(s.message().find("io.confluent.connect.avro.AvroConverter") != std::string::npos);
  CHECK(s.message().find("org.apache.kafka.connect.json.JsonConverter") != std::string::npos);
  CHECK(c == nullptr);

  CHECK(ConverterClassNames() == std::vector<std::string>{"org.apache.kafka.connect.json.JsonConverter",
                                                          "org.apache.kafka.connect.storage.StringConverter",
                                                          "org.apache.kafka.connect.converters.ByteArrayConverter"});
}

}  // namespace connectd
