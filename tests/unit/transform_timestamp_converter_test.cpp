#include <doctest/doctest.h>

#include <limits>
#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

constexpr const char* kValueClass = "org.apache.kafka.connect.transforms.TimestampConverter$Value";
constexpr const char* kKeyClass = "org.apache.kafka.connect.transforms.TimestampConverter$Key";

// The instants of Kafka's TimestampConverterTest: 1970-01-02T00:00:01.234Z and its parts.
constexpr int64_t kDatePlusTime = 86401234;
constexpr int64_t kDate = 86400000;
constexpr int64_t kTime = 1234;
constexpr int64_t kDatePlusTimeMicros = kDatePlusTime * 1000 + 123;
constexpr int64_t kDatePlusTimeNanos = kDatePlusTimeMicros * 1000 + 456;
constexpr int64_t kDatePlusTimeSeconds = 86401;
constexpr const char* kStringFormat = "yyyy MM dd HH mm ss SSS z";
constexpr const char* kDatePlusTimeString = "1970 01 02 00 00 01 234 UTC";

ConnectRecord Record(SchemaPtr schema, Value value) {
  ConnectRecord record;
  record.topic = "topic";
  record.kafka_partition = 0;
  record.value_schema = std::move(schema);
  record.value = std::move(value);
  return record;
}

// Applies `config` to a record of `schema` and `value` and returns the result.
ConnectRecord Converted(const ConfigMap& config, SchemaPtr schema, Value value) {
  auto transform = Configured(kValueClass, config);
  ConnectRecord record = Record(std::move(schema), std::move(value));
  ApplyOk(*transform, record);
  return record;
}

Status ApplyError(const ConfigMap& config, SchemaPtr schema, Value value) {
  auto transform = Configured(kValueClass, config);
  ConnectRecord record = Record(std::move(schema), std::move(value));
  return connectd::ApplyError(*transform, record);
}

const SchemaPtr& Int64Schema() { return Schema::Primitive(SchemaType::kInt64, false); }
const SchemaPtr& StringSchema() { return Schema::Primitive(SchemaType::kString, false); }
SchemaPtr DateSchema(bool optional = false) { return SchemaBuilder::Date().Optional(optional).Build(); }
SchemaPtr TimeSchema(bool optional = false) { return SchemaBuilder::Time().Optional(optional).Build(); }
SchemaPtr TimestampSchema(bool optional = false) { return SchemaBuilder::Timestamp().Optional(optional).Build(); }

Value Map1(const char* key, Value value) { return Value::MakeMap({{Value::String(key), std::move(value)}}); }

TEST_CASE("TimestampConverter configuration") {
  CHECK(ConfigureStatus(kValueClass, {}).message().rfind("target.type: missing required setting", 0) == 0);
  CHECK(ConfigureStatus(kValueClass, {{"target.type", "invalid"}}).message() ==
        "target.type: Invalid value invalid; String must be one of: string, unix, Date, Time, Timestamp");
  CHECK(ConfigureStatus(kValueClass, {{"target.type", "timestamp"}}).code() == Status::Code::kInvalidArgument);  // case matters
  CHECK(ConfigureStatus(kValueClass, {{"target.type", "unix"}, {"unix.precision", "invalid"}}).message() ==
        "unix.precision: Invalid value invalid; String must be one of: nanoseconds, microseconds, milliseconds, "
        "seconds");
  CHECK(ConfigureStatus(kValueClass, {{"target.type", "unix"}, {"unix.precision", "seconds"}}).ok());
  CHECK(ConfigureStatus(kValueClass, {{"target.type", "string"}})
            .message()
            .rfind("format: TimestampConverter requires format option to be specified when using string timestamps",
                   0) == 0);
  CHECK(ConfigureStatus(kValueClass, {{"target.type", "string"}, {"format", "   "}}).message().rfind("format: ", 0) == 0);
  Status bad = ConfigureStatus(kValueClass, {{"target.type", "string"}, {"format", "bad-format"}});
  CHECK(bad.code() == Status::Code::kInvalidArgument);
  CHECK(bad.message().rfind("format: TimestampConverter requires a SimpleDateFormat-compatible pattern for string "
                            "timestamps: bad-format (",
                            0) == 0);
  CHECK(bad.message().find("Illegal pattern character 'b'") != std::string::npos);
  CHECK(ConfigureStatus(kValueClass, {{"target.type", "Date"}, {"replace.null.with.default", "maybe"}}).message() ==
        "replace.null.with.default: expected true or false, found 'maybe'");
}

TEST_CASE("TimestampConverter without schema: unix time and text to the other types") {
  SUBCASE("to Timestamp, Date and Time (epoch ms, as connectd writes a schemaless java.util.Date)") {
    ConnectRecord r = Converted({{"target.type", "Timestamp"}}, nullptr, Value::Int64(kDatePlusTime));
    CHECK(r.value_schema == nullptr);
    CHECK(r.value == Value::Int64(kDatePlusTime));
    CHECK(Converted({{"target.type", "Date"}}, nullptr, Value::Int64(kDatePlusTime)).value == Value::Int64(kDate));
    CHECK(Converted({{"target.type", "Time"}}, nullptr, Value::Int64(kDatePlusTime)).value == Value::Int64(kTime));
    CHECK(Converted({{"target.type", "unix"}}, nullptr, Value::Int64(kDatePlusTime)).value ==
          Value::Int64(kDatePlusTime));
  }
  SUBCASE("to string") {
    ConnectRecord r =
        Converted({{"target.type", "string"}, {"format", kStringFormat}}, nullptr, Value::Int64(kDatePlusTime));
    CHECK(r.value_schema == nullptr);
    CHECK(r.value == Value::String(kDatePlusTimeString));
  }
  SUBCASE("from string") {
    CHECK(Converted({{"target.type", "Timestamp"}, {"format", kStringFormat}}, nullptr,
                    Value::String(kDatePlusTimeString))
              .value == Value::Int64(kDatePlusTime));
    // Sub-millisecond digits are lost, as in Kafka.
    CHECK(Converted({{"target.type", "unix"}, {"unix.precision", "microseconds"}, {"format", kStringFormat}}, nullptr,
                    Value::String(kDatePlusTimeString))
              .value == Value::Int64(86401234000));
    CHECK(Converted({{"target.type", "unix"}, {"unix.precision", "nanoseconds"}, {"format", kStringFormat}}, nullptr,
                    Value::String(kDatePlusTimeString))
              .value == Value::Int64(86401234000000));
    CHECK(Converted({{"target.type", "unix"}, {"unix.precision", "seconds"}, {"format", kStringFormat}}, nullptr,
                    Value::String(kDatePlusTimeString))
              .value == Value::Int64(kDatePlusTimeSeconds));
  }
  SUBCASE("unix precisions on input") {
    CHECK(Converted({{"target.type", "Timestamp"}, {"unix.precision", "microseconds"}}, nullptr,
                    Value::Int64(kDatePlusTimeMicros))
              .value == Value::Int64(kDatePlusTime));
    CHECK(Converted({{"target.type", "Timestamp"}, {"unix.precision", "nanoseconds"}}, nullptr,
                    Value::Int64(kDatePlusTimeNanos))
              .value == Value::Int64(kDatePlusTime));
    CHECK(Converted({{"target.type", "Timestamp"}, {"unix.precision", "seconds"}}, nullptr,
                    Value::Int64(kDatePlusTimeSeconds))
              .value == Value::Int64(kDatePlusTime - 234));
  }
  SUBCASE("a field of a Map") {
    ConnectRecord r = Converted({{"target.type", "Date"}, {"field", "ts"}}, nullptr,
                                Value::MakeMap({{Value::String("ts"), Value::Int64(kDatePlusTime)},
                                                {Value::String("other"), Value::String("test")}}));
    CHECK(r.value == Value::MakeMap({{Value::String("ts"), Value::Int64(kDate)},
                                     {Value::String("other"), Value::String("test")}}));
  }
}

TEST_CASE("TimestampConverter without schema: nulls") {
  for (const char* target : {"string", "unix", "Date", "Time", "Timestamp"}) {
    INFO(target);
    ConnectRecord whole = Converted({{"target.type", target}, {"format", kStringFormat}}, nullptr, Value());
    CHECK(whole.value.is_null());
    CHECK(whole.value_schema == nullptr);
    ConnectRecord field =
        Converted({{"target.type", target}, {"format", kStringFormat}, {"field", "ts"}}, nullptr, Value());
    CHECK(field.value.is_null());
    // A null or missing field is null afterwards (Kafka puts null under the field name).
    CHECK(Converted({{"target.type", target}, {"format", kStringFormat}, {"field", "ts"}}, nullptr, Map1("ts", Value()))
              .value == Map1("ts", Value()));
    CHECK(Converted({{"target.type", target}, {"format", kStringFormat}, {"field", "ts"}}, nullptr,
                    Map1("other", Value::Int32(1)))
              .value == Value::MakeMap({{Value::String("other"), Value::Int32(1)}, {Value::String("ts"), Value()}}));
  }
}

TEST_CASE("TimestampConverter with schema: Timestamp to the other types") {
  ConnectRecord r = Converted({{"target.type", "Timestamp"}}, TimestampSchema(), Value::Int64(kDatePlusTime));
  CheckSchemaEquals(r.value_schema, TimestampSchema());
  CHECK(r.value == Value::Int64(kDatePlusTime));

  r = Converted({{"target.type", "Date"}}, TimestampSchema(), Value::Int64(kDatePlusTime));
  CheckSchemaEquals(r.value_schema, DateSchema());
  CHECK(r.value == Value::Int32(1));  // days

  r = Converted({{"target.type", "Time"}}, TimestampSchema(), Value::Int64(kDatePlusTime));
  CheckSchemaEquals(r.value_schema, TimeSchema());
  CHECK(r.value == Value::Int32(kTime));

  r = Converted({{"target.type", "unix"}}, TimestampSchema(), Value::Int64(kDatePlusTime));
  CheckSchemaEquals(r.value_schema, Int64Schema());
  CHECK(r.value == Value::Int64(kDatePlusTime));

  r = Converted({{"target.type", "string"}, {"format", kStringFormat}}, TimestampSchema(), Value::Int64(kDatePlusTime));
  CheckSchemaEquals(r.value_schema, StringSchema());
  CHECK(r.value == Value::String(kDatePlusTimeString));
}

TEST_CASE("TimestampConverter with schema: the other types to Timestamp") {
  ConnectRecord r = Converted({{"target.type", "Timestamp"}}, DateSchema(), Value::Int32(1));
  CheckSchemaEquals(r.value_schema, TimestampSchema());
  CHECK(r.value == Value::Int64(kDate));

  r = Converted({{"target.type", "Timestamp"}}, TimeSchema(), Value::Int32(kTime));
  CheckSchemaEquals(r.value_schema, TimestampSchema());
  CHECK(r.value == Value::Int64(kTime));

  r = Converted({{"target.type", "Timestamp"}}, Int64Schema(), Value::Int64(kDatePlusTime));
  CheckSchemaEquals(r.value_schema, TimestampSchema());
  CHECK(r.value == Value::Int64(kDatePlusTime));

  r = Converted({{"target.type", "Timestamp"}, {"format", kStringFormat}}, StringSchema(),
                Value::String(kDatePlusTimeString));
  CheckSchemaEquals(r.value_schema, TimestampSchema());
  CHECK(r.value == Value::Int64(kDatePlusTime));
}

TEST_CASE("TimestampConverter with schema: null values keep their place with the target schema") {
  const SchemaPtr optional_string = Schema::Primitive(SchemaType::kString, true);
  const SchemaPtr optional_int64 = Schema::Primitive(SchemaType::kInt64, true);
  struct Target {
    const char* type;
    SchemaPtr expected;
  };
  const Target targets[] = {{"Timestamp", TimestampSchema(true)},
                            {"Time", TimeSchema(true)},
                            {"Date", DateSchema(true)},
                            {"string", optional_string},
                            {"unix", optional_int64}};
  const SchemaPtr originals[] = {optional_int64, TimeSchema(true), DateSchema(true), optional_string,
                                 TimestampSchema(true)};
  for (const Target& target : targets) {
    for (const SchemaPtr& original : originals) {
      INFO(target.type, " from ", original->name().value_or(SchemaTypeName(original->type())));
      ConfigMap config = {{"target.type", target.type}, {"format", kStringFormat}};
      ConnectRecord whole = Converted(config, original, Value());
      CheckSchemaEquals(whole.value_schema, target.expected);
      CHECK(whole.value.is_null());

      config["field"] = "ts";
      SchemaBuilder struct_builder = SchemaBuilder::Struct().AddField("ts", original).AddField("other", StringSchema());
      SchemaBuilder expected_builder =
          SchemaBuilder::Struct().AddField("ts", target.expected).AddField("other", StringSchema());
      SchemaPtr struct_schema = struct_builder.Build();
      Value original_value = Value::MakeStruct(struct_schema);
      original_value.structure().fields = {Value(), Value::String("test")};
      ConnectRecord field = Converted(config, struct_schema, original_value);
      SchemaPtr expected_schema = expected_builder.Build();
      CheckSchemaEquals(field.value_schema, expected_schema);
      Value expected = Value::MakeStruct(expected_schema);
      expected.structure().fields = {Value(), Value::String("test")};
      CHECK(field.value == expected);

      // The whole Struct null: the schema is still converted, optional as before.
      ConnectRecord null_struct = Converted(config, struct_builder.Optional().Build(), Value());
      CheckSchemaEquals(null_struct.value_schema, expected_builder.Optional().Build());
      CHECK(null_struct.value.is_null());
    }
  }
}

TEST_CASE("TimestampConverter converts one field of a Struct") {
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("row")
                         .Version(2)
                         .Doc("a row")
                         .Parameter("p", "v")
                         .AddField("ts", Int64Schema())
                         .AddField("other", StringSchema())
                         .Build();
  Value original = Value::MakeStruct(schema);
  original.structure().fields = {Value::Int64(kDatePlusTime), Value::String("test")};
  ConnectRecord r = Converted({{"target.type", "Timestamp"}, {"field", "ts"}}, schema, original);
  SchemaPtr expected_schema = SchemaBuilder::Struct()
                                  .Name("row")
                                  .Version(2)
                                  .Doc("a row")
                                  .Parameter("p", "v")
                                  .AddField("ts", TimestampSchema())
                                  .AddField("other", StringSchema())
                                  .Build();
  CheckSchemaEquals(r.value_schema, expected_schema);
  Value expected = Value::MakeStruct(expected_schema);
  expected.structure().fields = {Value::Int64(kDatePlusTime), Value::String("test")};
  CHECK(r.value == expected);
  CHECK(r.value.structure().schema == r.value_schema);

  SUBCASE("unix precisions") {
    SchemaPtr ts_only = SchemaBuilder::Struct().AddField("ts", Int64Schema()).Build();
    SchemaPtr ts_expected = SchemaBuilder::Struct().AddField("ts", TimestampSchema()).Build();
    auto run = [&](const char* precision, int64_t input) {
      Value v = Value::MakeStruct(ts_only);
      v.structure().fields[0] = Value::Int64(input);
      ConnectRecord out =
          Converted({{"target.type", "Timestamp"}, {"field", "ts"}, {"unix.precision", precision}}, ts_only, v);
      CheckSchemaEquals(out.value_schema, ts_expected);
      return out.value.structure().fields[0];
    };
    CHECK(run("microseconds", kDatePlusTimeMicros) == Value::Int64(kDatePlusTime));
    CHECK(run("nanoseconds", kDatePlusTimeNanos) == Value::Int64(kDatePlusTime));
    CHECK(run("seconds", kDatePlusTimeSeconds) == Value::Int64(kDate + 1000));
  }
  SUBCASE("a field the schema lacks leaves the Struct as it is") {
    ConnectRecord same = Converted({{"target.type", "Timestamp"}, {"field", "missing"}}, schema, original);
    CheckSchemaEquals(same.value_schema, schema);
    CHECK(same.value.structure().fields == original.structure().fields);
  }
}

TEST_CASE("TimestampConverter replace.null.with.default") {
  SchemaPtr schema = SchemaBuilder::Struct()
                         .AddField("ts", SchemaBuilder(SchemaType::kInt64).Optional().Default(Value::Int64(0)).Build())
                         .AddField("other", StringSchema())
                         .Build();
  SchemaPtr expected_schema =
      SchemaBuilder::Struct().AddField("ts", TimestampSchema(true)).AddField("other", StringSchema()).Build();
  Value original = Value::MakeStruct(schema);
  original.structure().fields = {Value(), Value::String("test")};
  // Kafka's testWithSchemaNullFieldWithDefaultConversion: without replacement the field stays null.
  ConnectRecord r = Converted({{"target.type", "Timestamp"}, {"field", "ts"}, {"replace.null.with.default", "false"}},
                              schema, original);
  CheckSchemaEquals(r.value_schema, expected_schema);
  CHECK(r.value.structure().fields[0].is_null());
  CHECK(r.value.structure().fields[1] == Value::String("test"));
  // With it (the default), the default 0 is converted: the epoch.
  r = Converted({{"target.type", "Timestamp"}, {"field", "ts"}}, schema, original);
  CHECK(r.value.structure().fields[0] == Value::Int64(0));
}

TEST_CASE("TimestampConverter converts the Struct schema's default too") {
  SchemaPtr plain = SchemaBuilder::Struct().AddField("ts", Int64Schema()).Build();
  Value default_value = Value::MakeStruct(plain);
  default_value.structure().fields[0] = Value::Int64(kDatePlusTime);
  SchemaPtr schema = SchemaBuilder::Struct().AddField("ts", Int64Schema()).Optional().Default(default_value).Build();
  ConnectRecord r = Converted({{"target.type", "Date"}, {"field", "ts"}}, schema, Value());
  REQUIRE(r.value_schema);
  CHECK(r.value_schema->optional());
  REQUIRE(r.value_schema->default_value());
  const Struct& converted_default = r.value_schema->default_value()->structure();
  CHECK(converted_default.fields[0] == Value::Int32(1));
  CHECK(converted_default.schema->field("ts")->schema->Equals(*DateSchema()));
}

TEST_CASE("TimestampConverter$Key converts the key") {
  auto transform = Configured(kKeyClass, {{"target.type", "Timestamp"}});
  ConnectRecord record;
  record.topic = "topic";
  record.key = Value::Int64(kDatePlusTime);
  record.value = Value::String("untouched");
  bool keep = true;
  REQUIRE(transform->Apply(record, &keep).ok());
  CHECK(record.key_schema == nullptr);
  CHECK(record.key == Value::Int64(kDatePlusTime));

  auto to_date = Configured(kKeyClass, {{"target.type", "Date"}});
  record.key_schema = TimestampSchema();
  REQUIRE(to_date->Apply(record, &keep).ok());
  CheckSchemaEquals(record.key_schema, DateSchema());
  CHECK(record.key == Value::Int32(1));
  CHECK(record.value == Value::String("untouched"));
}

TEST_CASE("TimestampConverter: the usual string <-> timestamp configurations") {
  // transforms.TimestampConverter.format=yyyy-MM-dd, target.type=string on a Timestamp field.
  SchemaPtr schema = SchemaBuilder::Struct().AddField("created", TimestampSchema()).Build();
  Value v = Value::MakeStruct(schema);
  v.structure().fields[0] = Value::Int64(1566570894346);  // 2019-08-23T14:34:54.346Z
  ConnectRecord r = Converted({{"target.type", "string"}, {"field", "created"}, {"format", "yyyy-MM-dd"}}, schema, v);
  CHECK(r.value.structure().fields[0] == Value::String("2019-08-23"));

  // ISO-8601 text with an offset to a Timestamp.
  r = Converted({{"target.type", "Timestamp"}, {"format", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"}}, StringSchema(),
                Value::String("2019-08-23T16:34:54.346+02:00"));
  CHECK(r.value == Value::Int64(1566570894346));

  // Unix seconds to a date string; negative instants round toward the past for dates, toward
  // zero for seconds (TimeUnit), as in Kafka.
  r = Converted({{"target.type", "string"}, {"format", "yyyy-MM-dd HH:mm:ss"}, {"unix.precision", "seconds"}},
                Int64Schema(), Value::Int64(1566570894));
  CHECK(r.value == Value::String("2019-08-23 14:34:54"));
  CHECK(Converted({{"target.type", "Date"}}, Int64Schema(), Value::Int64(-1)).value == Value::Int32(-1));
  CHECK(Converted({{"target.type", "Time"}}, Int64Schema(), Value::Int64(-1)).value == Value::Int32(86399999));
  CHECK(Converted({{"target.type", "unix"}, {"unix.precision", "seconds"}}, TimestampSchema(), Value::Int64(-1500))
            .value == Value::Int64(-1));
  CHECK(Converted({{"target.type", "unix"}, {"unix.precision", "nanoseconds"}}, TimestampSchema(),
                  Value::Int64(std::numeric_limits<int64_t>::max() / 1000))
            .value == Value::Int64(std::numeric_limits<int64_t>::max()));  // TimeUnit saturates
}

TEST_CASE("TimestampConverter errors name the value and follow Kafka's messages") {
  Status st =
      ApplyError({{"target.type", "Timestamp"}, {"format", "yyyy-MM-dd"}}, StringSchema(), Value::String("23/08/2019"));
  CHECK(st.message() ==
        "the record value: Could not parse timestamp: value (23/08/2019) does not match pattern (yyyy-MM-dd)");

  st = ApplyError({{"target.type", "Timestamp"}}, Schema::Primitive(SchemaType::kInt32, false), Value::Int32(5));
  CHECK(st.message().rfind("the record value: Schema Schema{INT32} does not correspond to a known timestamp type "
                           "format",
                           0) == 0);
  // Even for a null value, as in Kafka.
  st = ApplyError({{"target.type", "Timestamp"}}, Schema::Primitive(SchemaType::kInt32, true), Value());
  CHECK(st.message().find("Schema{INT32} does not correspond") != std::string::npos);

  st = ApplyError({{"target.type", "Timestamp"}}, nullptr, Value::Int32(5));
  CHECK(st.message().rfind("the record value: TimestampConverter does not support class java.lang.Integer objects "
                           "as timestamps",
                           0) == 0);

  st = ApplyError({{"target.type", "Timestamp"}}, StringSchema(), Value::String("2019"));
  CHECK(st.message().find("format is not set") != std::string::npos);

  SchemaPtr wrong_field =
      SchemaBuilder::Struct().AddField("ts", Schema::Primitive(SchemaType::kBoolean, false)).Build();
  Value v = Value::MakeStruct(wrong_field);
  v.structure().fields[0] = Value::Boolean(true);
  st = ApplyError({{"target.type", "Timestamp"}, {"field", "ts"}}, wrong_field, v);
  CHECK(st.message().rfind("field 'ts' of the record value: Schema Schema{BOOLEAN} does not correspond", 0) == 0);

  st = ApplyError({{"target.type", "Timestamp"}, {"field", "ts"}}, StringSchema(), Value::String("x"));
  CHECK(st.message() == "only a Struct record value is supported for converting timestamp formats, found string");

  st = ApplyError({{"target.type", "Timestamp"}, {"field", "ts"}}, nullptr, Value::String("x"));
  CHECK(st.message() ==
        "only a Map record value is supported for converting timestamp formats when the value has no schema, found "
        "string");

  // A required field cannot become null.
  SchemaPtr required = SchemaBuilder::Struct().AddField("ts", Int64Schema()).Build();
  st = ApplyError({{"target.type", "Date"}, {"field", "ts"}}, required, Value::MakeStruct(required));
  CHECK(st.message().find("cannot set the required field 'ts'") != std::string::npos);
}

}  // namespace
}  // namespace connectd
