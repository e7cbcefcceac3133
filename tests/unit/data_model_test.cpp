#include <doctest/doctest.h>

#include "data/record.h"
#include "data/schema.h"
#include "data/value.h"

using namespace connectd;

namespace {
SchemaPtr PersonSchema() {
  return SchemaBuilder::Struct()
      .Name("com.example.Person")
      .AddField("id", Schema::Primitive(SchemaType::kInt32, false))
      .AddField("name", Schema::Primitive(SchemaType::kString, true))
      .AddField("price", SchemaBuilder::Decimal(2).Optional().Build())
      .Build();
}
}  // namespace

TEST_CASE("schema builders produce Kafka's logical types") {
  SchemaPtr d = SchemaBuilder::Decimal(3).Build();
  CHECK(d->type() == SchemaType::kBytes);
  CHECK(d->name() == std::optional<std::string>("org.apache.kafka.connect.data.Decimal"));
  CHECK(d->version() == std::optional<int32_t>(1));
  REQUIRE(d->parameter("scale") != nullptr);
  CHECK(*d->parameter("scale") == "3");
  CHECK(SchemaBuilder::Date().Build()->type() == SchemaType::kInt32);
  CHECK(SchemaBuilder::Time().Build()->IsLogical(kTimeLogicalName));
  CHECK(SchemaBuilder::Timestamp().Build()->type() == SchemaType::kInt64);
}

TEST_CASE("struct schemas keep field order and replace a field of the same name") {
  SchemaPtr s = SchemaBuilder::Struct()
                    .AddField("a", Schema::Primitive(SchemaType::kInt8, false))
                    .AddField("b", Schema::Primitive(SchemaType::kString, false))
                    .AddField("a", Schema::Primitive(SchemaType::kInt64, true))
                    .Build();
  REQUIRE(s->fields().size() == 2);
  CHECK(s->fields()[0].name == "a");
  CHECK(s->fields()[0].schema->type() == SchemaType::kInt64);
  CHECK(s->field("b")->index == 1);
  CHECK(s->field("zz") == nullptr);
}

TEST_CASE("Build() leaves the built schema immutable") {
  SchemaBuilder b = SchemaBuilder::Struct();
  b.AddField("a", Schema::Primitive(SchemaType::kInt32, false));
  SchemaPtr first = b.Build();
  b.AddField("b", Schema::Primitive(SchemaType::kInt32, false));
  SchemaPtr second = b.Build();
  CHECK(first->fields().size() == 1);
  CHECK(second->fields().size() == 2);
  CHECK_FALSE(first->Equals(*second));
}

TEST_CASE("schema equality is structural") {
  CHECK(PersonSchema()->Equals(*PersonSchema()));
  SchemaPtr other = SchemaBuilder::From(*PersonSchema()).Name("com.example.Other").Build();
  CHECK_FALSE(PersonSchema()->Equals(*other));
  CHECK_FALSE(Schema::Primitive(SchemaType::kInt32, false)->Equals(*Schema::Primitive(SchemaType::kInt32, true)));
}

TEST_CASE("type names round-trip") {
  for (int i = 0; i <= static_cast<int>(SchemaType::kStruct); ++i) {
    SchemaType t = static_cast<SchemaType>(i);
    SchemaType back;
    REQUIRE(SchemaTypeFromName(SchemaTypeName(t), &back));
    CHECK(back == t);
  }
  SchemaType unused;
  CHECK_FALSE(SchemaTypeFromName("int128", &unused));
  CHECK(std::string(SchemaTypeName(SchemaType::kFloat64)) == "double");
}

TEST_CASE("values validate against their schema and name the field at fault") {
  SchemaPtr person = PersonSchema();
  Value v = Value::MakeStruct(person);
  std::string error;
  CHECK_FALSE(ValidateValue(*person, v, &error));
  CHECK(error == "missing value for required field \"id\" of type int32");

  v.structure().fields[0] = Value::Int32(7);
  CHECK(ValidateValue(*person, v, &error));

  v.structure().fields[1] = Value::Int64(3);
  CHECK_FALSE(ValidateValue(*person, v, &error));
  CHECK(error.find("field \"name\"") != std::string::npos);

  SchemaPtr list = SchemaBuilder::Array(Schema::Primitive(SchemaType::kString, false)).Build();
  Value items = Value::MakeArray({Value::String("a"), Value()});
  CHECK_FALSE(ValidateValue(*list, items, &error));
  CHECK(error.find("[1]") != std::string::npos);
}

TEST_CASE("a required field with a default accepts null") {
  SchemaPtr s = SchemaBuilder(SchemaType::kInt32).Default(Value::Int32(5)).Build();
  std::string error;
  CHECK(ValidateValue(*s, Value(), &error));
}

TEST_CASE("values compare by content, maps find string keys, integers widen") {
  Value m = Value::MakeMap({{Value::String("filename"), Value::String("/x")}});
  REQUIRE(m.map().Find("filename") != nullptr);
  CHECK(m.map().Find("filename")->string() == "/x");
  CHECK(m.map().Find("other") == nullptr);
  CHECK(m == Value::MakeMap({{Value::String("filename"), Value::String("/x")}}));
  CHECK(m != Value::MakeMap({{Value::String("filename"), Value::String("/y")}}));
  CHECK(Value::Int8(-3).Int64Of() == -3);
  CHECK(Value::Int16(300).Int64Of() == 300);
  CHECK(Value::Float32(1.5f).DoubleOf() == 1.5);
  CHECK(Value::Int32(1) != Value::Int64(1));  // widths are kept
}

TEST_CASE("debug rendering as Kafka's toString") {
  Value v = Value::MakeStruct(PersonSchema());
  v.structure().fields[0] = Value::Int32(7);
  v.structure().fields[1] = Value::String("ann");
  CHECK(ValueToDebugString(v) == "Struct{id=7,name=ann}");
  CHECK(ValueToDebugString(Value::MakeArray({Value::Int32(1), Value::Boolean(true)})) == "[1, true]");
  CHECK(ValueToDebugString(Value::MakeMap({{Value::String("k"), Value()}})) == "{k=null}");
}

TEST_CASE("floating-point values render as Java prints them") {
  CHECK(ValueToDebugString(Value::Float64(0.1)) == "0.1");
  CHECK(ValueToDebugString(Value::Float64(1234567.0)) == "1234567.0");
  CHECK(ValueToDebugString(Value::Float64(1e7)) == "1.0E7");
  CHECK(ValueToDebugString(Value::Float32(0.1f)) == "0.1");
  CHECK(ValueToDebugString(Value::MakeArray({Value::Float64(2.5), Value::Float32(1e10f)})) == "[2.5, 1.0E10]");
}
