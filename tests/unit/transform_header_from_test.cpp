#include <doctest/doctest.h>

#include <ostream>

#include "transforms/transformation.h"

namespace connectd {
namespace {

struct FieldSpec {
  std::string name;
  SchemaPtr schema;
  Value value;
};

// The records of Kafka's HeaderFromTest.RecordBuilder: the operating side (key or value) is a
// Struct of `fields` (or a Map of them without schema), the other side a schemaless string.
ConnectRecord Record(bool key_transform, bool with_schema, const std::vector<FieldSpec>& fields,
                     const std::vector<Header>& headers) {
  ConnectRecord record;
  record.topic = "topic";
  record.kafka_partition = 0;
  record.timestamp = 0;
  SchemaPtr schema;
  Value value;
  if (with_schema) {
    SchemaBuilder builder = SchemaBuilder::Struct();
    for (const FieldSpec& f : fields) builder.AddField(f.name, f.schema);
    schema = builder.Build();
    value = Value::MakeStruct(schema);
    for (size_t i = 0; i < fields.size(); ++i) value.structure().fields[i] = fields[i].value;
  } else {
    value = Value::MakeMap();
    for (const FieldSpec& f : fields) value.map().entries.emplace_back(Value::String(f.name), f.value);
  }
  record.key_schema = key_transform ? schema : nullptr;
  record.key = key_transform ? value : Value::String("key");
  record.value_schema = key_transform ? nullptr : schema;
  record.value = key_transform ? Value::String("value") : value;
  for (const Header& h : headers) {
    // Schemaless transformations give headers without schema.
    record.headers.push_back(Header{h.key, with_schema ? h.schema : nullptr, h.value});
  }
  return record;
}

void CheckSameRecord(const ConnectRecord& expected, const ConnectRecord& actual) {
  CHECK(actual.topic == expected.topic);
  CHECK(actual.kafka_partition == expected.kafka_partition);
  CHECK(actual.timestamp == expected.timestamp);
  CHECK(actual.key == expected.key);
  CHECK(actual.value == expected.value);
  for (auto [a, e] : {std::make_pair(actual.key_schema, expected.key_schema),
                      std::make_pair(actual.value_schema, expected.value_schema)}) {
    REQUIRE((a == nullptr) == (e == nullptr));
    if (a) CHECK(a->Equals(*e));
  }
  REQUIRE(actual.headers.size() == expected.headers.size());
  for (size_t i = 0; i < actual.headers.size(); ++i) {
    const Header& a = actual.headers[i];
    const Header& e = expected.headers[i];
    INFO("header ", i, " ", a.key);
    CHECK(a.key == e.key);
    CHECK(a.value == e.value);
    REQUIRE((a.schema == nullptr) == (e.schema == nullptr));
    if (a.schema) CHECK(a.schema->Equals(*e.schema));
  }
}

struct Case {
  const char* description;
  std::vector<FieldSpec> fields;
  std::vector<Header> headers;
  std::string transform_fields;
  std::string transform_headers;
  const char* operation;
  bool replace_null_with_default;
  std::vector<FieldSpec> expected_fields;
  std::vector<Header> expected_headers;
};

std::vector<Case> KafkaCases() {
  const SchemaPtr s = Schema::Primitive(SchemaType::kString, false);
  const SchemaPtr with_default =
      SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("default")).Build();
  const SchemaPtr foo_schema = SchemaBuilder::Struct().AddField("foo", s).Build();
  Value foo = Value::MakeStruct(foo_schema);
  foo.structure().fields[0] = Value::String("foo-value");
  const FieldSpec field1{"field1", s, Value::String("field1-value")};
  const FieldSpec field2{"field2", s, Value::String("field2-value")};
  const Header existing{"header1", s, Value::String("existing-value")};
  const Header inserted1{"inserted1", s, Value::String("field1-value")};
  return {
      {"basic copy",
       {field1, field2},
       {existing},
       "field1",
       "inserted1",
       "copy",
       true,
       {field1, field2},
       {existing, inserted1}},
      {"basic move",
       {field1, field2},
       {existing},
       "field1",
       "inserted1",
       "move",
       true,
       {field2},
       {existing, inserted1}},
      {"copy with preexisting header",
       {field1, field2},
       {{"inserted1", s, Value::String("existing-value")}},
       "field1",
       "inserted1",
       "copy",
       true,
       {field1, field2},
       {{"inserted1", s, Value::String("existing-value")}, inserted1}},
      {"move with preexisting header",
       {field1, field2},
       {{"inserted1", s, Value::String("existing-value")}},
       "field1",
       "inserted1",
       "move",
       true,
       {field2},
       {{"inserted1", s, Value::String("existing-value")}, inserted1}},
      {"copy with struct value",
       {{"field1", foo_schema, foo}, field2},
       {existing},
       "field1",
       "inserted1",
       "copy",
       true,
       {{"field1", foo_schema, foo}, field2},
       {existing, {"inserted1", foo_schema, foo}}},
      {"move with struct value",
       {{"field1", foo_schema, foo}, field2},
       {existing},
       "field1",
       "inserted1",
       "move",
       true,
       {field2},
       {existing, {"inserted1", foo_schema, foo}}},
      {"two headers from same field",
       {field1, field2},
       {existing},
       "field1,field1",
       "inserted1,inserted2",
       "move",
       true,
       {field2},
       {existing, inserted1, {"inserted2", s, Value::String("field1-value")}}},
      {"two fields to same header",
       {field1, field2},
       {existing},
       "field1,field2",
       "inserted1,inserted1",
       "move",
       true,
       {},
       {existing, inserted1, {"inserted1", s, Value::String("field2-value")}}},
      {"Copy null field without default",
       {{"field1", with_default, Value::String("field1-value")}, {"field2", with_default, Value()}},
       {existing},
       "field1,field2",
       "inserted1,inserted2",
       "copy",
       false,
       {{"field1", with_default, Value::String("field1-value")}, {"field2", with_default, Value()}},
       {existing, {"inserted1", with_default, Value::String("field1-value")}, {"inserted2", with_default, Value()}}},
      {"Move null field without default",
       {{"field1", with_default, Value::String("field1-value")}, {"field2", with_default, Value()}},
       {existing},
       "field1,field2",
       "inserted1,inserted2",
       "move",
       false,
       {},
       {existing, {"inserted1", with_default, Value::String("field1-value")}, {"inserted2", with_default, Value()}}},
  };
}

TEST_CASE("HeaderFrom: Kafka's HeaderFromTest cases, key and value, with and without schema") {
  for (bool key_transform : {true, false}) {
    for (bool with_schema : {true, false}) {
      for (const Case& c : KafkaCases()) {
        INFO(c.description, key_transform ? " (key" : " (value", with_schema ? ", schema)" : ", schemaless)");
        std::unique_ptr<Transformation> transform;
        REQUIRE(CreateTransformation(key_transform ? "org.apache.kafka.connect.transforms.HeaderFrom$Key"
                                                   : "org.apache.kafka.connect.transforms.HeaderFrom$Value",
                                     &transform)
                    .ok());
        Status st =
            transform->Configure({{"fields", c.transform_fields},
                                  {"headers", c.transform_headers},
                                  {"operation", c.operation},
                                  {"replace.null.with.default", c.replace_null_with_default ? "true" : "false"}});
        INFO(st.message());
        REQUIRE(st.ok());
        ConnectRecord record = Record(key_transform, with_schema, c.fields, c.headers);
        bool keep = true;
        st = transform->Apply(record, &keep);
        INFO(st.message());
        REQUIRE(st.ok());
        CheckSameRecord(Record(key_transform, with_schema, c.expected_fields, c.expected_headers), record);
      }
    }
  }
}

TEST_CASE("HeaderFrom replace.null.with.default (the default) puts the default in the header and the moved Struct") {
  const SchemaPtr with_default =
      SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("default")).Build();
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("HeaderFrom$Value", &transform).ok());
  REQUIRE(transform->Configure({{"fields", "a"}, {"headers", "h"}, {"operation", "move"}}).ok());
  SchemaPtr schema = SchemaBuilder::Struct().Name("n").AddField("a", with_default).AddField("b", with_default).Build();
  ConnectRecord record;
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  bool keep = true;
  REQUIRE(transform->Apply(record, &keep).ok());
  REQUIRE(record.headers.size() == 1);
  CHECK(record.headers[0].value == Value::String("default"));
  SchemaPtr expected_schema = SchemaBuilder::Struct().Name("n").AddField("b", with_default).Build();
  CHECK(record.value_schema->Equals(*expected_schema));
  CHECK(record.value.structure().fields == std::vector<Value>{Value::String("default")});

  // The derived schema is reused for the next record of the same schema.
  SchemaPtr first = record.value_schema;
  ConnectRecord second;
  second.value_schema = schema;
  second.value = Value::MakeStruct(schema);
  REQUIRE(transform->Apply(second, &keep).ok());
  CHECK(second.value_schema == first);
}

TEST_CASE("HeaderFrom: documentation-style example, copying id and age into headers") {
  // transforms.headers.fields=id,age  transforms.headers.headers=PersonId,PersonAge
  // transforms.headers.operation=copy, on a schemaless JSON value.
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("org.apache.kafka.connect.transforms.HeaderFrom$Value", &transform).ok());
  REQUIRE(transform->Configure({{"fields", "id,age"}, {"headers", "PersonId,PersonAge"}, {"operation", "copy"}}).ok());
  ConnectRecord record;
  record.value = Value::MakeMap({{Value::String("id"), Value::Int64(7)},
                                 {Value::String("age"), Value::Int64(42)},
                                 {Value::String("name"), Value::String("Ann")}});
  Value before = record.value;
  bool keep = true;
  REQUIRE(transform->Apply(record, &keep).ok());
  CHECK(record.value == before);
  REQUIRE(record.headers.size() == 2);
  CHECK(record.headers[0].key == "PersonId");
  CHECK(record.headers[0].schema == nullptr);
  CHECK(record.headers[0].value == Value::Int64(7));
  CHECK(record.headers[1].key == "PersonAge");
  CHECK(record.headers[1].value == Value::Int64(42));
}

TEST_CASE("HeaderFrom: a missing Map entry becomes a null header") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("HeaderFrom$Value", &transform).ok());
  REQUIRE(transform->Configure({{"fields", "missing"}, {"headers", "h"}, {"operation", "move"}}).ok());
  ConnectRecord record;
  record.value = Value::MakeMap({{Value::String("a"), Value::Int64(1)}});
  bool keep = true;
  REQUIRE(transform->Apply(record, &keep).ok());
  REQUIRE(record.headers.size() == 1);
  CHECK(record.headers[0].key == "h");
  CHECK(record.headers[0].schema == nullptr);
  CHECK(record.headers[0].value.is_null());
  CHECK(record.value == Value::MakeMap({{Value::String("a"), Value::Int64(1)}}));
}

TEST_CASE("HeaderFrom errors") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("HeaderFrom$Value", &transform).ok());
  SUBCASE("configuration") {
    CHECK(transform->Configure({{"fields", "foo,bar"}, {"headers", "foo"}, {"operation", "copy"}}).message() ==
          "fields: 'fields' config must have the same number of elements as 'headers' config (2 fields, 1 headers); "
          "header i receives field i");
    CHECK(transform->Configure({{"fields", "foo"}, {"headers", "foo,bar"}, {"operation", "copy"}}).code() ==
          Status::Code::kInvalidArgument);
    CHECK(transform->Configure({{"fields", ""}, {"headers", ""}, {"operation", "copy"}})
              .message()
              .rfind("fields: Empty list", 0) == 0);
    CHECK(transform->Configure({{"headers", "h"}, {"operation", "copy"}})
              .message()
              .rfind("fields: missing required setting", 0) == 0);
    CHECK(transform->Configure({{"fields", "f"}, {"headers", "h"}})
              .message()
              .rfind("operation: missing required setting", 0) == 0);
    CHECK(transform->Configure({{"fields", "f"}, {"headers", "h"}, {"operation", "MOVE"}}).message() ==
          "operation: Invalid value MOVE; String must be one of: move, copy");
  }
  SUBCASE("records") {
    REQUIRE(transform->Configure({{"fields", "f"}, {"headers", "h"}, {"operation", "copy"}}).ok());
    bool keep = true;
    ConnectRecord tombstone;
    Status st = transform->Apply(tombstone, &keep);
    CHECK(st.message() ==
          "only a Map record value is supported for header copy when the value has no schema, found null");
    SchemaPtr schema = SchemaBuilder::Struct().AddField("other", Schema::Primitive(SchemaType::kInt32, false)).Build();
    ConnectRecord record;
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    record.value.structure().fields[0] = Value::Int32(1);
    st = transform->Apply(record, &keep);
    CHECK(st.code() == Status::Code::kFailed);
    CHECK(st.message() == "field 'f' for header 'h' is not in the record value schema; check fields");
    CHECK(record.headers.empty());
  }
}

}  // namespace
}  // namespace connectd
