// Confluent's storage partitioners (io.confluent.connect.storage.partitioner.*): the encoded
// partition of a record, i.e. the directory part between "<topic>/" and the object name.
//   DefaultPartitioner   partition=<kafka partition>
//   FieldPartitioner     <field>=<value> per `partition.field.name`, joined by `directory.delim`
//   TimeBasedPartitioner the bucket start (timestamp floored to `partition.duration.ms` in
//                        `timezone`) printed with the Joda pattern `path.format`
//   Hourly/Daily         TimeBased with a fixed duration and 'year'=YYYY/'month'=MM/'day'=dd[/'hour'=HH]
//
// Input: the partitioner does not read sdk::RecordView itself so that it is testable without a
// host; the sink task adapts each record into a PartitionRecord (see there).
//
// Errors: configuration problems throw sdk::ConnectException from S3Partitioner::Configure with
// Kafka's ConfigException wording ("Invalid value <v> for configuration <key>: <why>"); record
// problems throw sdk::ConnectException from EncodePartition naming the field, the config key and
// the record's topic/partition/offset.
//
// Threading: Configure on any thread; the configured object is immutable and EncodePartition
// may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "joda_time_format.h"

namespace connectd {
namespace s3 {

// One (possibly nested, dot-separated) field of a record value, as the partitioners need it.
struct PartitionFieldValue {
  enum class Kind {
    kMissing,  // Struct: the field is not in the schema. Map: the key is absent (or maps to null).
    kNull,     // Struct: the field, or a struct on the way to it, is null.
    kInt8,
    kInt16,
    kInt32,
    kInt64,
    kFloat32,
    kFloat64,
    kBoolean,
    kString,
    kTimestamp,  // org.apache.kafka.connect.data.Timestamp (or a java.util.Date in a map): ms
    kOther,      // arrays, maps, structs, bytes, decimals...; type_name names it
  };
  Kind kind = Kind::kMissing;
  int64_t integer = 0;  // kInt*, kTimestamp (epoch ms), kBoolean (0/1)
  double floating = 0;  // kFloat32, kFloat64
  std::string text;     // kString
  std::string type_name;  // kOther: the Connect type, for messages (e.g. "array")
};

// What a record contributes to its partition. lookup_field resolves a dotted path through
// nested structs (value_shape kStruct) or nested maps (kMap); it is only called for those shapes
// and must stay valid for the duration of the EncodePartition call.
struct PartitionRecord {
  enum class ValueShape { kStruct, kMap, kOther };
  std::string topic;
  int32_t kafka_partition = 0;
  int64_t kafka_offset = 0;
  std::optional<int64_t> timestamp_ms;  // the Kafka record timestamp, absent when null
  ValueShape value_shape = ValueShape::kOther;
  std::function<PartitionFieldValue(const std::string& dotted_name)> lookup_field;
};

class S3Partitioner {
 public:
  enum class Kind { kDefault, kField, kTimeBased };
  enum class TimestampSource { kWallclock, kRecord, kRecordField };

  // Reads partitioner.class, partition.field.name, partition.duration.ms, path.format, locale,
  // timezone, timestamp.extractor, timestamp.field and directory.delim (Confluent's defaults
  // apply to absent keys). zoneinfo_dir is where IANA time zones are read from.
  static S3Partitioner Configure(const std::map<std::string, std::string>& config,
                                 const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  // The encoded partition for a record; now_ms is the wall clock the Wallclock extractor uses.
  std::string EncodePartition(const PartitionRecord& record, int64_t now_ms) const;

  // "<topic><directory.delim><encoded partition>", Confluent's generatePartitionedPath.
  std::string PartitionedPath(const std::string& topic, const std::string& encoded_partition) const;

  Kind kind() const { return kind_; }
  // Whether EncodePartition reads fields of the record's value (FieldPartitioner, or the
  // RecordField timestamp extractor).
  bool readsValueFields() const {
    return kind_ == Kind::kField || (kind_ == Kind::kTimeBased && timestamp_source_ == TimestampSource::kRecordField);
  }
  // The effective path.format (trailing directory.delim removed), for time-based partitioners.
  const std::string& path_format() const { return path_format_; }
  int64_t partition_duration_ms() const { return partition_duration_ms_; }

 private:
  std::string EncodeFields(const PartitionRecord& record) const;
  int64_t ExtractTimestamp(const PartitionRecord& record, int64_t now_ms) const;

  Kind kind_ = Kind::kDefault;
  std::string delim_ = "/";
  std::vector<std::string> field_names_;
  int64_t partition_duration_ms_ = -1;
  std::string path_format_;
  std::optional<JodaTimeZone> zone_;
  std::optional<JodaTimeFormat> format_;
  TimestampSource timestamp_source_ = TimestampSource::kWallclock;
  std::string timestamp_field_ = "timestamp";
};

}  // namespace s3
}  // namespace connectd
