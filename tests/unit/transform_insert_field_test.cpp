#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kValueClass = "org.apache.kafka.connect.transforms.InsertField$Value";

// The configuration of Kafka's InsertFieldTest: one required, one bare and one optional field.
const ConfigMap kKafkaTestConfig = {{"topic.field", "topic_field!"},
                                    {"partition.field", "partition_field"},
                                    {"timestamp.field", "timestamp_field?"},
                                    {"static.field", "instance_id"},
                                    {"static.value", "my-instance-id"}};

SchemaPtr SimpleStructSchema() {
  return SchemaBuilder::Struct()
      .Name("name")
      .Version(1)
      .Doc("doc")
      .AddField("magic", Schema::Primitive(SchemaType::kInt64, true))
      .Build();
}

TEST_CASE("InsertField$Value derives the Struct schema and fills the inserted fields") {
  auto transform = Configured("org.apache.kafka.connect.transforms.InsertField$Value", kKafkaTestConfig);
  SchemaPtr input_schema = SimpleStructSchema();
  ConnectRecord record;
  record.topic = "test";
  record.kafka_partition = 0;
  record.timestamp = 789;
  record.value_schema = input_schema;
  record.value = Value::MakeStruct(input_schema);
  record.value.structure().fields[0] = Value::Int64(42);

  ApplyOk(*transform, record);

  SchemaPtr expected_schema = SchemaBuilder::Struct()
                                  .Name("name")
                                  .Version(1)
                                  .Doc("doc")
                                  .AddField("magic", Schema::Primitive(SchemaType::kInt64, true))
                                  .AddField("topic_field", Schema::Primitive(SchemaType::kString, false))
                                  .AddField("partition_field", Schema::Primitive(SchemaType::kInt32, true))
                                  .AddField("timestamp_field", SchemaBuilder::Timestamp().Optional().Build())
                                  .AddField("instance_id", Schema::Primitive(SchemaType::kString, true))
                                  .Build();
  REQUIRE(record.value_schema);
  CHECK(record.value_schema->Equals(*expected_schema));
  Value expected = Value::MakeStruct(expected_schema);
  expected.structure().fields = {Value::Int64(42), Value::String("test"), Value::Int32(0), Value::Int64(789),
                                 Value::String("my-instance-id")};
  CHECK(record.value == expected);
  CHECK(record.value.structure().schema == record.value_schema);
  CHECK(record.key.is_null());
  CHECK(record.key_schema == nullptr);

  SUBCASE("the derived schema is cached by input schema") {
    ConnectRecord second;
    second.topic = "test";
    second.kafka_partition = 1;
    second.value_schema = input_schema;
    second.value = Value::MakeStruct(input_schema);
    ApplyOk(*transform, second);
    CHECK(second.value_schema == record.value_schema);
    // No timestamp: the optional field stays null; the partition is the record's.
    CHECK(second.value.structure().fields[2] == Value::Int32(1));
    CHECK(second.value.structure().fields[3].is_null());

    // An equal schema built separately maps to the same derived schema.
    SchemaPtr equal_schema = SimpleStructSchema();
    ConnectRecord third;
    third.value_schema = equal_schema;
    third.value = Value::MakeStruct(equal_schema);
    ApplyOk(*transform, third);
    CHECK(third.value_schema == record.value_schema);
  }
}

TEST_CASE("InsertField$Value adds entries to a schemaless Map") {
  auto transform = Configured("org.apache.kafka.connect.transforms.InsertField$Value", kKafkaTestConfig);
  ConnectRecord record;
  record.topic = "test";
  record.kafka_partition = 0;
  record.timestamp = 123;
  record.value = MapOf({{"magic", Value::Int64(42)}});

  ApplyOk(*transform, record);

  CHECK(record.value_schema == nullptr);
  CHECK(record.value == MapOf({{"magic", Value::Int64(42)},
                               {"topic_field", Value::String("test")},
                               {"partition_field", Value::Int32(0)},
                               {"timestamp_field", Value::Int64(123)},
                               {"instance_id", Value::String("my-instance-id")}}));
}

TEST_CASE("InsertField replaces an existing Map entry in place and skips what the record lacks") {
  auto transform =
      Configured("InsertField$Value", {{"topic.field", "t"}, {"partition.field", "p"}, {"timestamp.field", "ts"}});
  ConnectRecord record;
  record.topic = "orders";
  record.value = MapOf({{"t", Value::String("old")}, {"x", Value::Int32(1)}});
  ApplyOk(*transform, record);
  CHECK(record.value == MapOf({{"t", Value::String("orders")}, {"x", Value::Int32(1)}}));
}

TEST_CASE("InsertField leaves tombstones unchanged") {
  auto transform = Configured("org.apache.kafka.connect.transforms.InsertField$Value", kKafkaTestConfig);
  SUBCASE("without schema") {
    ConnectRecord record;
    record.topic = "test";
    ApplyOk(*transform, record);
    CHECK(record.value.is_null());
    CHECK(record.value_schema == nullptr);
  }
  SUBCASE("with schema") {
    SchemaPtr schema = SimpleStructSchema();
    ConnectRecord record;
    record.topic = "test";
    record.value_schema = schema;
    ApplyOk(*transform, record);
    CHECK(record.value.is_null());
    CHECK(record.value_schema == schema);
  }
}

TEST_CASE("InsertField$Key works on the key and leaves the value alone") {
  auto transform = Configured("org.apache.kafka.connect.transforms.InsertField$Key", kKafkaTestConfig);
  ConnectRecord record;
  record.topic = "test";
  record.kafka_partition = 0;
  record.key = MapOf({{"magic", Value::Int64(42)}});
  ApplyOk(*transform, record);
  CHECK(record.key == MapOf({{"magic", Value::Int64(42)},
                             {"topic_field", Value::String("test")},
                             {"partition_field", Value::Int32(0)},
                             {"instance_id", Value::String("my-instance-id")}}));
  CHECK(record.value.is_null());
}

TEST_CASE("InsertField: the static field example from Kafka's documentation") {
  // transforms.InsertSource.static.field=data_source, static.value=test-file-source, applied to the
  // Map that HoistField$Value made of a file line.
  auto transform = Configured("org.apache.kafka.connect.transforms.InsertField$Value",
                              {{"static.field", "data_source"}, {"static.value", "test-file-source"}});
  ConnectRecord record;
  record.topic = "connect-test";
  record.value = MapOf({{"line", Value::String("foo")}});
  ApplyOk(*transform, record);
  CHECK(record.value == MapOf({{"line", Value::String("foo")}, {"data_source", Value::String("test-file-source")}}));
}

TEST_CASE("InsertField offset.field needs a record read from Kafka") {
  auto transform = Configured("InsertField$Value", {{"offset.field", "off!"}});
  SchemaPtr schema = SchemaBuilder::Struct().AddField("a", Schema::Primitive(SchemaType::kInt32, false)).Build();
  ConnectRecord record;
  record.topic = "t";
  record.value_schema = schema;
  record.value = Value::MakeStruct(schema);
  record.value.structure().fields[0] = Value::Int32(7);

  SUBCASE("sink record") {
    record.kafka_offset = 55;
    ApplyOk(*transform, record);
    SchemaPtr expected_schema = SchemaBuilder::Struct()
                                    .AddField("a", Schema::Primitive(SchemaType::kInt32, false))
                                    .AddField("off", Schema::Primitive(SchemaType::kInt64, false))
                                    .Build();
    CHECK(record.value_schema->Equals(*expected_schema));
    Value expected = Value::MakeStruct(expected_schema);
    expected.structure().fields = {Value::Int32(7), Value::Int64(55)};
    CHECK(record.value == expected);
  }
  SUBCASE("source record") {
    bool keep = true;
    Status st = transform->Apply(record, &keep);
    CHECK(st.code() == Status::Code::kFailed);
    CHECK(st.message().find("offset.field 'off' needs a sink record") != std::string::npos);
    CHECK(record.value_schema == schema);
  }
}

TEST_CASE("InsertField copies the schema's name/version/doc/parameters but not optional or default") {
  auto transform = Configured("InsertField$Value", {{"topic.field", "topic"}});
  SchemaPtr input = SchemaBuilder::Struct()
                        .Name("n")
                        .Parameter("p", "v")
                        .Optional()
                        .AddField("a", Schema::Primitive(SchemaType::kString, true))
                        .Build();
  ConnectRecord record;
  record.topic = "t";
  record.value_schema = input;
  record.value = Value::MakeStruct(input);
  ApplyOk(*transform, record);
  SchemaPtr expected = SchemaBuilder::Struct()
                           .Name("n")
                           .Parameter("p", "v")
                           .AddField("a", Schema::Primitive(SchemaType::kString, true))
                           .AddField("topic", Schema::Primitive(SchemaType::kString, true))
                           .Build();
  CHECK(record.value_schema->Equals(*expected));
}

TEST_CASE("InsertField replace.null.with.default") {
  SchemaPtr with_default = SchemaBuilder(SchemaType::kInt32).Optional().Default(Value::Int32(42)).Build();
  SchemaPtr schema = SchemaBuilder::Struct().AddField("d", with_default).Build();
  auto run = [&](const char* setting) {
    ConfigMap config = {{"topic.field", "t"}};
    if (setting) config["replace.null.with.default"] = setting;
    auto transform = Configured("InsertField$Value", config);
    ConnectRecord record;
    record.topic = "x";
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    ApplyOk(*transform, record);
    return record.value.structure().fields[0];
  };
  CHECK(run(nullptr) == Value::Int32(42));
  CHECK(run("true") == Value::Int32(42));
  CHECK(run("FALSE").is_null());
}

TEST_CASE("InsertField rejects a value it cannot handle") {
  auto transform = Configured("InsertField$Value", {{"topic.field", "topic_field"}});
  bool keep = true;
  SUBCASE("a schema'd value that is not a Struct") {
    ConnectRecord record;
    record.value_schema = Schema::Primitive(SchemaType::kInt32, false);
    record.value = Value::Int32(42);
    Status st = transform->Apply(record, &keep);
    CHECK(st.code() == Status::Code::kFailed);
    CHECK(st.message() == "only a Struct record value is supported for field insertion, found int32");
    CHECK(record.value == Value::Int32(42));
  }
  SUBCASE("a schemaless value that is not a Map") {
    ConnectRecord record;
    record.value = Value::String("line");
    Status st = transform->Apply(record, &keep);
    CHECK(st.message() ==
          "only a Map record value is supported for field insertion when the value has no schema, found string");
  }
  SUBCASE("a Struct that already has the field") {
    SchemaPtr schema =
        SchemaBuilder::Struct().AddField("topic_field", Schema::Primitive(SchemaType::kString, true)).Build();
    ConnectRecord record;
    record.value_schema = schema;
    record.value = Value::MakeStruct(schema);
    Status st = transform->Apply(record, &keep);
    CHECK(st.code() == Status::Code::kFailed);
    CHECK(st.message().find("cannot insert field 'topic_field'") != std::string::npos);
    CHECK(record.value_schema == schema);
  }
}

TEST_CASE("InsertField config errors name the key") {
  CHECK(ConfigureStatus(kValueClass, {}).message().rfind("topic.field: no field insertion configured", 0) == 0);
  Status st = ConfigureStatus(kValueClass, {{"static.field", "instance_id"}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("static.value: no value specified for the static field 'instance_id'", 0) == 0);
  CHECK(ConfigureStatus(kValueClass, {{"topic.field", "!"}}).message().rfind("topic.field: the field name is empty", 0) == 0);
  CHECK(ConfigureStatus(kValueClass, {{"topic.field", "a"}, {"static.field", "a"}, {"static.value", "v"}})
            .message()
            .rfind("static.field: the field name 'a' is already inserted", 0) == 0);
  CHECK(ConfigureStatus(kValueClass, {{"topic.field", "a"}, {"replace.null.with.default", "yes"}}).message() ==
        "replace.null.with.default: expected true or false, found 'yes'");
}

}  // namespace
}  // namespace connectd
