#include "s3_partitioner.h"

#include <cctype>
#include <cmath>
#include <stdexcept>

#include "connectd/sdk.hpp"

namespace connectd {
namespace s3 {
namespace {

constexpr const char* kPartitionerPackage = "io.confluent.connect.storage.partitioner.";
constexpr const char* kExtractorPrefix = "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$";

std::string ConfigValue(const std::map<std::string, std::string>& config, const std::string& key,
                        const std::string& fallback) {
  const auto it = config.find(key);
  return it == config.end() ? fallback : it->second;
}

std::string Trim(const std::string& s) {
  size_t begin = 0, end = s.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  return s.substr(begin, end - begin);
}

bool IsBlank(const std::string& s) { return Trim(s).empty(); }

[[noreturn]] void InvalidConfig(const std::string& key, const std::string& value, const std::string& why) {
  throw sdk::ConnectException("Invalid value " + value + " for configuration " + key + ": " + why);
}

// Kafka's LIST type: comma-separated, each element trimmed; an empty string is an empty list.
std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> items;
  if (Trim(text).empty()) return items;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    items.push_back(Trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

std::string RecordContext(const PartitionRecord& record) {
  return " (topic " + record.topic + ", partition " + std::to_string(record.kafka_partition) + ", offset " +
         std::to_string(record.kafka_offset) + ")";
}

std::string KindName(const PartitionFieldValue& value) {
  using Kind = PartitionFieldValue::Kind;
  switch (value.kind) {
    case Kind::kMissing: return "missing";
    case Kind::kNull: return "null";
    case Kind::kInt8: return "int8";
    case Kind::kInt16: return "int16";
    case Kind::kInt32: return "int32";
    case Kind::kInt64: return "int64";
    case Kind::kFloat32: return "float32";
    case Kind::kFloat64: return "float64";
    case Kind::kBoolean: return "boolean";
    case Kind::kString: return "string";
    case Kind::kTimestamp: return "timestamp";
    case Kind::kOther: return value.type_name;
  }
  return value.type_name;
}

// Java's Number.longValue() of a double: truncation toward zero, saturating, NaN -> 0.
int64_t JavaLongValue(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return INT64_MAX;
  if (d <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(d);
}

}  // namespace

S3Partitioner S3Partitioner::Configure(const std::map<std::string, std::string>& config,
                                       const std::string& zoneinfo_dir) {
  S3Partitioner p;
  p.delim_ = ConfigValue(config, "directory.delim", "/");
  const std::string class_name =
      Trim(ConfigValue(config, "partitioner.class", std::string(kPartitionerPackage) + "DefaultPartitioner"));
  const std::string simple = class_name.rfind(kPartitionerPackage, 0) == 0
                                 ? class_name.substr(std::string(kPartitionerPackage).size())
                                 : std::string();
  if (simple == "DefaultPartitioner") {
    p.kind_ = Kind::kDefault;
    return p;
  }
  if (simple == "FieldPartitioner") {
    p.kind_ = Kind::kField;
    const std::string names = ConfigValue(config, "partition.field.name", "");
    p.field_names_ = ParseList(names);
    if (p.field_names_.empty()) {
      InvalidConfig("partition.field.name", names,
                    "Partition field name cannot be null or empty when using FieldPartitioner.");
    }
    for (const std::string& name : p.field_names_) {
      if (name.empty()) InvalidConfig("partition.field.name", name, "Field name cannot be null or empty");
      size_t start = 0;
      while (true) {
        const size_t dot = name.find('.', start);
        if (IsBlank(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start))) {
          InvalidConfig("partition.field.name", name,
                        "Field name cannot contain an empty or whitespace-only path segment");
        }
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
    }
    return p;
  }
  if (simple != "TimeBasedPartitioner" && simple != "HourlyPartitioner" && simple != "DailyPartitioner") {
    InvalidConfig("partitioner.class", class_name,
                  "Class " + class_name + " could not be found. connectd provides " + kPartitionerPackage +
                      "DefaultPartitioner, FieldPartitioner, TimeBasedPartitioner, HourlyPartitioner and "
                      "DailyPartitioner.");
  }
  p.kind_ = Kind::kTimeBased;
  std::string path_format;
  if (simple == "TimeBasedPartitioner") {
    const std::string duration_text = Trim(ConfigValue(config, "partition.duration.ms", "-1"));
    size_t used = 0;
    try {
      p.partition_duration_ms_ = std::stoll(duration_text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != duration_text.size()) {
      InvalidConfig("partition.duration.ms", duration_text, "Not a number of type LONG");
    }
    // Confluent accepts 0 here and then divides by it for every record; refuse it up front.
    if (p.partition_duration_ms_ <= 0) {
      InvalidConfig("partition.duration.ms", duration_text, "Partition duration needs to be a positive.");
    }
    path_format = ConfigValue(config, "path.format", "");
  } else {
    const bool hourly = simple == "HourlyPartitioner";
    p.partition_duration_ms_ = hourly ? 3600000 : 86400000;
    path_format = "'year'=YYYY" + p.delim_ + "'month'=MM" + p.delim_ + "'day'=dd";
    if (hourly) path_format += p.delim_ + "'hour'=HH";
  }
  if (IsBlank(path_format) || path_format == p.delim_) {
    InvalidConfig("path.format", path_format, "Path format cannot be empty.");
  }
  if (!IsBlank(p.delim_) && path_format.size() >= p.delim_.size() &&
      path_format.compare(path_format.size() - p.delim_.size(), p.delim_.size(), p.delim_) == 0) {
    path_format.resize(path_format.size() - p.delim_.size());
  }
  p.path_format_ = path_format;
  const std::string locale = ConfigValue(config, "locale", "");
  if (IsBlank(locale)) InvalidConfig("locale", locale, "Locale cannot be empty.");
  const std::string timezone = ConfigValue(config, "timezone", "");
  if (IsBlank(timezone)) InvalidConfig("timezone", timezone, "Timezone cannot be empty.");
  try {
    p.zone_ = JodaTimeZone::ForId(Trim(timezone), zoneinfo_dir);
  } catch (const std::invalid_argument& e) {
    InvalidConfig("timezone", timezone, e.what());
  }
  try {
    p.format_ = JodaTimeFormat::Compile(path_format, locale);
  } catch (const std::invalid_argument& e) {
    InvalidConfig("path.format", path_format, e.what());
  }
  const std::string extractor = ConfigValue(config, "timestamp.extractor", "Wallclock");
  if (extractor == "Wallclock" || extractor == std::string(kExtractorPrefix) + "WallclockTimestampExtractor") {
    p.timestamp_source_ = TimestampSource::kWallclock;
  } else if (extractor == "Record" || extractor == std::string(kExtractorPrefix) + "RecordTimestampExtractor") {
    p.timestamp_source_ = TimestampSource::kRecord;
  } else if (extractor == "RecordField" ||
             extractor == std::string(kExtractorPrefix) + "RecordFieldTimestampExtractor") {
    p.timestamp_source_ = TimestampSource::kRecordField;
  } else {
    throw sdk::ConnectException("Invalid timestamp extractor: " + extractor +
                                " (timestamp.extractor: use Wallclock, Record or RecordField)");
  }
  p.timestamp_field_ = ConfigValue(config, "timestamp.field", "timestamp");
  return p;
}

std::string S3Partitioner::PartitionedPath(const std::string& topic, const std::string& encoded_partition) const {
  return topic + delim_ + encoded_partition;
}

std::string S3Partitioner::EncodeFields(const PartitionRecord& record) const {
  using FieldKind = PartitionFieldValue::Kind;
  if (record.value_shape != PartitionRecord::ValueShape::kStruct) {
    throw sdk::ConnectException("Error encoding partition. FieldPartitioner (partition.field.name) needs a Struct "
                                "record value" + RecordContext(record));
  }
  std::string out;
  for (const std::string& name : field_names_) {
    if (!out.empty()) out += delim_;
    const PartitionFieldValue value = record.lookup_field(name);
    switch (value.kind) {
      case FieldKind::kMissing:
        throw sdk::ConnectException("Field '" + name + "' is not present in the schema. Fix partition.field.name" +
                                    RecordContext(record));
      case FieldKind::kNull: out += name + "=null"; break;
      case FieldKind::kInt8:
      case FieldKind::kInt16:
      case FieldKind::kInt32:
      case FieldKind::kInt64: out += name + "=" + std::to_string(value.integer); break;
      case FieldKind::kString: out += name + "=" + value.text; break;
      case FieldKind::kBoolean: out += name + "=" + (value.integer != 0 ? "true" : "false"); break;
      default:
        throw sdk::ConnectException("Error encoding partition. Type " + KindName(value) + " of field '" + name +
                                    "' is not supported as a partition key (partition.field.name); use an "
                                    "integer, string or boolean field" + RecordContext(record));
    }
  }
  return out;
}

int64_t S3Partitioner::ExtractTimestamp(const PartitionRecord& record, int64_t now_ms) const {
  using FieldKind = PartitionFieldValue::Kind;
  switch (timestamp_source_) {
    case TimestampSource::kWallclock: return now_ms;
    case TimestampSource::kRecord:
      if (!record.timestamp_ms) {
        throw sdk::ConnectException(std::string("Unable to determine timestamp using timestamp.extractor ") +
                                    kExtractorPrefix + "RecordTimestampExtractor for record" +
                                    RecordContext(record) + ": the record has no timestamp");
      }
      return *record.timestamp_ms;
    case TimestampSource::kRecordField: break;
  }
  const bool is_struct = record.value_shape == PartitionRecord::ValueShape::kStruct;
  if (!is_struct && record.value_shape != PartitionRecord::ValueShape::kMap) {
    throw sdk::ConnectException("Error encoding partition. timestamp.extractor RecordField needs a Struct or Map "
                                "record value" + RecordContext(record));
  }
  const PartitionFieldValue value = record.lookup_field(timestamp_field_);
  const std::string unsupported = "Error extracting timestamp from record field: " + timestamp_field_ + " (type " +
                                  KindName(value) + "; timestamp.field must name an int32, int64, string or " +
                                  "Timestamp field)" + RecordContext(record);
  switch (value.kind) {
    case FieldKind::kMissing:
    case FieldKind::kNull:
      throw sdk::ConnectException("The field '" + timestamp_field_ + "' does not exist. Fix timestamp.field" +
                                  RecordContext(record));
    case FieldKind::kTimestamp: return value.integer;
    case FieldKind::kInt32:
    case FieldKind::kInt64: return value.integer;
    case FieldKind::kInt8:
    case FieldKind::kInt16:
      if (is_struct) throw sdk::ConnectException(unsupported);
      return value.integer;
    case FieldKind::kFloat32:
    case FieldKind::kFloat64:
      if (is_struct) throw sdk::ConnectException(unsupported);
      return JavaLongValue(value.floating);
    case FieldKind::kString: {
      const std::string& s = value.text;
      const size_t digits_at = (!s.empty() && s[0] == '-') ? 1 : 0;
      const size_t digit_count = s.size() - digits_at;
      bool numeric = digit_count >= 1 && digit_count <= 19;
      for (size_t i = digits_at; numeric && i < s.size(); ++i) numeric = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
      if (numeric) {
        try {
          return std::stoll(s);
        } catch (const std::out_of_range&) {
          // Too large for a long: Confluent then tries the ISO parser, as below.
        }
      }
      if (const auto parsed = ParseIsoDateTimeMs(s)) return *parsed;
      throw sdk::ConnectException("Invalid format: \"" + s + "\" (timestamp.field " + timestamp_field_ +
                                  " must hold epoch milliseconds or an ISO-8601 date-time)" + RecordContext(record));
    }
    default: throw sdk::ConnectException(unsupported);
  }
}

std::string S3Partitioner::EncodePartition(const PartitionRecord& record, int64_t now_ms) const {
  switch (kind_) {
    case Kind::kDefault: return "partition=" + std::to_string(record.kafka_partition);
    case Kind::kField: return EncodeFields(record);
    case Kind::kTimeBased: break;
  }
  const int64_t timestamp = ExtractTimestamp(record, now_ms);
  // Floor in local time with Java's truncating division, then map the local bucket start back
  // to an instant, exactly as TimeBasedPartitioner.getPartition does.
  const int64_t local = zone_->ConvertUtcToLocal(timestamp);
  const int64_t bucket_local = (local / partition_duration_ms_) * partition_duration_ms_;
  return format_->Print(zone_->ConvertLocalToUtc(bucket_local), *zone_);
}

}  // namespace s3
}  // namespace connectd
