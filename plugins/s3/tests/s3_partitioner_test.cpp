// Confluent's partitioner tests (DefaultPartitionerTest, FieldPartitionerTest,
// TimeBasedPartitionerTest, HourlyPartitionerTest, DailyPartitionerTest) and the documented
// path.format examples, with their exact expected strings.
#include "s3_partitioner.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "connectd/sdk.hpp"

namespace connectd {
namespace s3 {
namespace {

using Kind = PartitionFieldValue::Kind;
using Config = std::map<std::string, std::string>;
const std::string kPackage = "io.confluent.connect.storage.partitioner.";

PartitionFieldValue Int(Kind kind, int64_t v) {
  PartitionFieldValue f;
  f.kind = kind;
  f.integer = v;
  return f;
}
PartitionFieldValue Text(const std::string& s) {
  PartitionFieldValue f;
  f.kind = Kind::kString;
  f.text = s;
  return f;
}
PartitionFieldValue Of(Kind kind) {
  PartitionFieldValue f;
  f.kind = kind;
  return f;
}

// A record whose value is a struct (or map) holding the given dotted paths; others are missing.
PartitionRecord Record(std::map<std::string, PartitionFieldValue> fields,
                       PartitionRecord::ValueShape shape = PartitionRecord::ValueShape::kStruct) {
  PartitionRecord r;
  r.topic = "test-topic";
  r.kafka_partition = 12;
  r.kafka_offset = 7;
  r.value_shape = shape;
  r.lookup_field = [fields](const std::string& name) {
    const auto it = fields.find(name);
    return it == fields.end() ? PartitionFieldValue() : it->second;
  };
  return r;
}

// Confluent's test record: boolean=true, int=12, long=12L, float, double, string="def".
PartitionRecord ConfluentRecord() {
  PartitionFieldValue f32 = Of(Kind::kFloat32), f64 = Of(Kind::kFloat64);
  f32.floating = 12.2;
  f64.floating = 12.2;
  return Record({{"boolean", Int(Kind::kBoolean, 1)},
                 {"int", Int(Kind::kInt32, 12)},
                 {"long", Int(Kind::kInt64, 12)},
                 {"float", f32},
                 {"double", f64},
                 {"string", Text("def")}});
}

std::string ConfigError(const Config& config) {
  try {
    S3Partitioner::Configure(config);
  } catch (const sdk::ConnectException& e) {
    return e.what();
  }
  return "no error";
}

std::string EncodeError(const S3Partitioner& p, const PartitionRecord& r, int64_t now = 0) {
  try {
    p.EncodePartition(r, now);
  } catch (const sdk::ConnectException& e) {
    return e.what();
  }
  return "no error";
}

Config TimeBased(const std::string& path_format, int64_t duration_ms, const std::string& extractor) {
  return {{"partitioner.class", kPackage + "TimeBasedPartitioner"},
          {"path.format", path_format},
          {"partition.duration.ms", std::to_string(duration_ms)},
          {"locale", "en"},
          {"timezone", "America/Los_Angeles"},
          {"timestamp.extractor", extractor}};
}

TEST_CASE("DefaultPartitioner: partition=<kafka partition>") {
  const S3Partitioner p = S3Partitioner::Configure({});
  CHECK(p.kind() == S3Partitioner::Kind::kDefault);
  CHECK(p.EncodePartition(ConfluentRecord(), 0) == "partition=12");
  CHECK(p.PartitionedPath("orders", "partition=12") == "orders/partition=12");
  CHECK(S3Partitioner::Configure({{"partitioner.class", kPackage + "DefaultPartitioner"}, {"directory.delim", "|"}})
            .PartitionedPath("orders", "partition=0") == "orders|partition=0");
}

TEST_CASE("FieldPartitioner: Confluent's cases") {
  auto field = [](const std::string& names, const std::string& delim = "/") {
    return S3Partitioner::Configure(
        {{"partitioner.class", kPackage + "FieldPartitioner"}, {"partition.field.name", names}, {"directory.delim", delim}});
  };
  CHECK(field("boolean").EncodePartition(ConfluentRecord(), 0) == "boolean=true");
  CHECK(field("boolean").EncodePartition(Record({{"boolean", Int(Kind::kBoolean, 0)}}), 0) == "boolean=false");
  CHECK(field("int").EncodePartition(ConfluentRecord(), 0) == "int=12");
  CHECK(field("long").EncodePartition(ConfluentRecord(), 0) == "long=12");
  CHECK(field("byte").EncodePartition(Record({{"byte", Int(Kind::kInt8, 42)}}), 0) == "byte=42");
  CHECK(field("short").EncodePartition(Record({{"short", Int(Kind::kInt16, 1234)}}), 0) == "short=1234");
  CHECK(field("string").EncodePartition(ConfluentRecord(), 0) == "string=def");
  CHECK(field("string").EncodePartition(Record({{"string", Text("test/with\\special:chars=and+spaces")}}), 0) ==
        "string=test/with\\special:chars=and+spaces");
  CHECK(field("string").EncodePartition(Record({{"string", Text("")}}), 0) == "string=");
  CHECK(field("string,int").EncodePartition(ConfluentRecord(), 0) == "string=def/int=12");
  CHECK(field(" int , string ").EncodePartition(ConfluentRecord(), 0) == "int=12/string=def");
  CHECK(field("string,int", "|").EncodePartition(ConfluentRecord(), 0) == "string=def|int=12");
  CHECK(field("string").EncodePartition(Record({{"string", Of(Kind::kNull)}}), 0) == "string=null");
  CHECK(field("string,int,boolean")
            .EncodePartition(Record({{"string", Text("def")}, {"int", Of(Kind::kNull)}, {"boolean", Of(Kind::kNull)}}),
                             0) == "string=def/int=null/boolean=null");
  CHECK(field("user.address.city").EncodePartition(Record({{"user.address.city", Text("NYC")}}), 0) ==
        "user.address.city=NYC");
  CHECK(field("user.address.city").EncodePartition(Record({{"user.address.city", Of(Kind::kNull)}}), 0) ==
        "user.address.city=null");
}

TEST_CASE("FieldPartitioner: errors name the field, key and record") {
  const S3Partitioner floats = S3Partitioner::Configure(
      {{"partitioner.class", kPackage + "FieldPartitioner"}, {"partition.field.name", "float"}});
  CHECK(EncodeError(floats, ConfluentRecord()) ==
        "Error encoding partition. Type float32 of field 'float' is not supported as a partition key "
        "(partition.field.name); use an integer, string or boolean field (topic test-topic, partition 12, offset 7)");
  PartitionFieldValue array = Of(Kind::kOther);
  array.type_name = "array";
  const S3Partitioner arrays = S3Partitioner::Configure(
      {{"partitioner.class", kPackage + "FieldPartitioner"}, {"partition.field.name", "array"}});
  CHECK(EncodeError(arrays, Record({{"array", array}})).rfind("Error encoding partition. Type array of field 'array'", 0) == 0);
  const S3Partitioner missing = S3Partitioner::Configure(
      {{"partitioner.class", kPackage + "FieldPartitioner"}, {"partition.field.name", "missing"}});
  CHECK(EncodeError(missing, Record({{"present", Text("value")}})) ==
        "Field 'missing' is not present in the schema. Fix partition.field.name (topic test-topic, partition 12, "
        "offset 7)");
  CHECK(EncodeError(missing, Record({}, PartitionRecord::ValueShape::kOther)) ==
        "Error encoding partition. FieldPartitioner (partition.field.name) needs a Struct record value (topic "
        "test-topic, partition 12, offset 7)");
  CHECK(ConfigError({{"partitioner.class", kPackage + "FieldPartitioner"}}) ==
        "Invalid value  for configuration partition.field.name: Partition field name cannot be null or empty when "
        "using FieldPartitioner.");
  CHECK(ConfigError({{"partitioner.class", kPackage + "FieldPartitioner"}, {"partition.field.name", "a,,b"}}) ==
        "Invalid value  for configuration partition.field.name: Field name cannot be null or empty");
  CHECK(ConfigError({{"partitioner.class", kPackage + "FieldPartitioner"}, {"partition.field.name", "user. .city"}}) ==
        "Invalid value user. .city for configuration partition.field.name: Field name cannot contain an empty or "
        "whitespace-only path segment");
}

TEST_CASE("TimeBasedPartitioner: Confluent's BiHourly case and the documented example") {
  // DATE_TIME = 2015-04-02 01:00 America/Los_Angeles; 2-hour buckets start at 00:00.
  const S3Partitioner bi = S3Partitioner::Configure(TimeBased("'year'=YYYY/'month'=M/'day'=d/'hour'=H/", 7200000, "Record"));
  CHECK(bi.path_format() == "'year'=YYYY/'month'=M/'day'=d/'hour'=H");
  CHECK(bi.partition_duration_ms() == 7200000);
  PartitionRecord r = ConfluentRecord();
  r.timestamp_ms = 1427961600000;
  CHECK(bi.EncodePartition(r, 0) == "year=2015/month=4/day=2/hour=0");
  CHECK(bi.PartitionedPath("topic", bi.EncodePartition(r, 0)) == "topic/year=2015/month=4/day=2/hour=0");

  // PartitionerConfig's doc example, hourly buckets, en-US: 2015-12-07 15:42 UTC is 07:42 PST.
  Config doc = TimeBased("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", 3600000, "Wallclock");
  doc["locale"] = "en-US";
  CHECK(S3Partitioner::Configure(doc).EncodePartition(r, 1449502920000) == "year=2015/month=12/day=07/hour=07");
  doc["timezone"] = "UTC";
  CHECK(S3Partitioner::Configure(doc).EncodePartition(r, 1449502920000) == "year=2015/month=12/day=07/hour=15");
}

TEST_CASE("HourlyPartitioner and DailyPartitioner") {
  Config hourly = {{"partitioner.class", kPackage + "HourlyPartitioner"},
                   {"locale", "en"},
                   {"timezone", "America/Los_Angeles"},
                   {"timestamp.extractor", "Record"},
                   {"path.format", "ignored"},
                   {"partition.duration.ms", "5"}};
  PartitionRecord r = ConfluentRecord();
  r.timestamp_ms = 1391252400000;  // 2014-02-01 03:00 America/Los_Angeles
  const S3Partitioner h = S3Partitioner::Configure(hourly);
  CHECK(h.path_format() == "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
  CHECK(h.EncodePartition(r, 0) == "year=2014/month=02/day=01/hour=03");
  Config daily = hourly;
  daily["partitioner.class"] = kPackage + "DailyPartitioner";
  CHECK(S3Partitioner::Configure(daily).EncodePartition(r, 0) == "year=2014/month=02/day=01");
  daily["directory.delim"] = "|";
  CHECK(S3Partitioner::Configure(daily).path_format() == "'year'=YYYY|'month'=MM|'day'=dd");

  // HourlyPartitionerTest.testHourlyPartionerWithDaylightSavings.
  hourly["timezone"] = "America/Santiago";
  hourly["locale"] = "es_CL";
  const S3Partitioner santiago = S3Partitioner::Configure(hourly);
  r.timestamp_ms = 1715224653000;
  CHECK(santiago.EncodePartition(r, 0) == "year=2024/month=05/day=08/hour=23");
  r.timestamp_ms = 1706411853000;
  CHECK(santiago.EncodePartition(r, 0) == "year=2024/month=01/day=28/hour=00");

  // Daily bucket whose local midnight fell in Sao Paulo's DST gap (2018-11-04 12:00 local).
  daily["directory.delim"] = "/";
  daily["timezone"] = "America/Sao_Paulo";
  r.timestamp_ms = 1541340000000;
  CHECK(S3Partitioner::Configure(daily).EncodePartition(r, 0) == "year=2018/month=11/day=04");

  // Java's truncating division puts 1969-12-31T23:59:59.999Z in the 1970-01-01 00:00 bucket.
  hourly["timezone"] = "UTC";
  r.timestamp_ms = -1;
  CHECK(S3Partitioner::Configure(hourly).EncodePartition(r, 0) == "year=1970/month=01/day=01/hour=00");
}

TEST_CASE("TimeBasedPartitioner: RecordField extractor") {
  Config config = TimeBased("'year'=YYYY/'month'=M/'day'=d/'hour'=H", 3600000, "RecordField");
  const S3Partitioner p = S3Partitioner::Configure(config);
  const std::string expected = "year=2015/month=4/day=2/hour=1";
  const int64_t moment = 1427961600000;  // 2015-04-02 01:00 America/Los_Angeles
  CHECK(p.EncodePartition(Record({{"timestamp", Int(Kind::kInt64, moment)}}), 0) == expected);
  CHECK(p.EncodePartition(Record({{"timestamp", Int(Kind::kTimestamp, moment)}}), 0) == expected);
  CHECK(p.EncodePartition(Record({{"timestamp", Text("2015-04-02T01:00:00-07:00")}}), 0) == expected);
  CHECK(p.EncodePartition(Record({{"timestamp", Text("2015-04-02T01:00:00.000-07:00")}}), 0) == expected);
  CHECK(p.EncodePartition(Record({{"timestamp", Text("1427961600000")}}), 0) == expected);
  CHECK(p.EncodePartition(Record({{"timestamp", Int(Kind::kInt32, 28800000)}}), 0) == "year=1970/month=1/day=1/hour=0");
  PartitionFieldValue f64 = Of(Kind::kFloat64);
  f64.floating = 1427961600000.9;
  CHECK(p.EncodePartition(Record({{"timestamp", f64}}, PartitionRecord::ValueShape::kMap), 0) == expected);
  CHECK(p.EncodePartition(Record({{"timestamp", Int(Kind::kTimestamp, moment)}}, PartitionRecord::ValueShape::kMap),
                          0) == expected);

  config["timestamp.field"] = "nested.ts";
  CHECK(S3Partitioner::Configure(config).EncodePartition(Record({{"nested.ts", Int(Kind::kInt64, moment)}}), 0) ==
        expected);

  const std::string where = " (topic test-topic, partition 12, offset 7)";
  CHECK(EncodeError(p, Record({{"timestamp", f64}})) ==
        "Error extracting timestamp from record field: timestamp (type float64; timestamp.field must name an int32, "
        "int64, string or Timestamp field)" + where);
  CHECK(EncodeError(p, Record({{"timestamp", Text("def")}})) ==
        "Invalid format: \"def\" (timestamp.field timestamp must hold epoch milliseconds or an ISO-8601 date-time)" +
            where);
  CHECK(EncodeError(p, Record({})) == "The field 'timestamp' does not exist. Fix timestamp.field" + where);
  CHECK(EncodeError(p, Record({}, PartitionRecord::ValueShape::kOther)) ==
        "Error encoding partition. timestamp.extractor RecordField needs a Struct or Map record value" + where);
}

TEST_CASE("TimeBasedPartitioner: Record and Wallclock extractors") {
  const S3Partitioner record = S3Partitioner::Configure(TimeBased("'hour'=HH", 3600000, "Record"));
  CHECK(EncodeError(record, ConfluentRecord()) ==
        "Unable to determine timestamp using timestamp.extractor "
        "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordTimestampExtractor for record (topic "
        "test-topic, partition 12, offset 7): the record has no timestamp");
  const S3Partitioner wall = S3Partitioner::Configure(TimeBased(
      "'hour'=HH", 3600000, "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$WallclockTimestampExtractor"));
  CHECK(wall.EncodePartition(ConfluentRecord(), 1427961909123) == "hour=01");
  Config defaults = TimeBased("'hour'=HH", 3600000, "Wallclock");
  defaults.erase("timestamp.extractor");
  CHECK(S3Partitioner::Configure(defaults).EncodePartition(ConfluentRecord(), 1427961909123) == "hour=01");
}

TEST_CASE("TimeBasedPartitioner: configuration errors as Confluent words them") {
  Config c = TimeBased("'year'=YYYY", 3600000, "Record");
  auto with = [&c](const std::string& key, const std::string& value) {
    Config copy = c;
    copy[key] = value;
    return ConfigError(copy);
  };
  CHECK(with("partition.duration.ms", "-1") ==
        "Invalid value -1 for configuration partition.duration.ms: Partition duration needs to be a positive.");
  CHECK(with("partition.duration.ms", "0") ==
        "Invalid value 0 for configuration partition.duration.ms: Partition duration needs to be a positive.");
  CHECK(with("partition.duration.ms", "1h") ==
        "Invalid value 1h for configuration partition.duration.ms: Not a number of type LONG");
  CHECK(with("path.format", "year='YYYY'/month='MM'") ==
        "Invalid value year='YYYY'/month='MM' for configuration path.format: Illegal pattern component: r");
  CHECK(with("path.format", "") == "Invalid value  for configuration path.format: Path format cannot be empty.");
  CHECK(with("path.format", "/") == "Invalid value / for configuration path.format: Path format cannot be empty.");
  CHECK(S3Partitioner::Configure([&c] {
          Config copy = c;
          copy["path.format"] = "'year='YYYY/";
          return copy;
        }()).path_format() == "'year='YYYY");
  CHECK(with("locale", "") == "Invalid value  for configuration locale: Locale cannot be empty.");
  CHECK(with("timezone", " ") == "Invalid value   for configuration timezone: Timezone cannot be empty.");
  CHECK(with("timezone", "Mars/Olympus")
            .rfind("Invalid value Mars/Olympus for configuration timezone: The datetime zone id 'Mars/Olympus' is not "
                   "recognised",
                   0) == 0);
  CHECK(with("timestamp.extractor", "com.example.MyExtractor") ==
        "Invalid timestamp extractor: com.example.MyExtractor (timestamp.extractor: use Wallclock, Record or "
        "RecordField)");
  CHECK(ConfigError({{"partitioner.class", "com.example.MyPartitioner"}})
            .rfind("Invalid value com.example.MyPartitioner for configuration partitioner.class: Class "
                   "com.example.MyPartitioner could not be found.",
                   0) == 0);
}

}  // namespace
}  // namespace s3
}  // namespace connectd
