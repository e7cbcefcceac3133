// TimestampConverter$Key / $Value: converts a timestamp (the whole key/value, or the field `field`
// of a Struct or Map) between unix time (INT64 in `unix.precision`), text in the SimpleDateFormat
// `format` (UTC), and Connect's Date, Time and Timestamp, as Kafka's TimestampConverter.
//
// Every conversion goes through epoch milliseconds (Kafka's java.util.Date), so sub-millisecond
// digits are lost as in Kafka. The source type comes from the schema (a logical name, else STRING
// is text and INT64 unix time) or, without a schema, from the value (INT64 unix time, STRING text).
// connectd holds a Date as INT32 days, a Time as INT32 ms of the day and a Timestamp as INT64 ms;
// without a schema Kafka produces a java.util.Date, which connectd writes as INT64 epoch ms.
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config_values.h"
#include "transforms/derived_schema_cache.h"
#include "data/java_date_format.h"
#include "transforms/struct_field_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "converting timestamp formats";
constexpr int64_t kMsPerDay = 86400000;

enum class TimestampType { kString, kUnix, kDate, kTime, kTimestamp };
enum class UnixPrecision { kSeconds, kMilliseconds, kMicroseconds, kNanoseconds };

const char* TimestampTypeName(TimestampType type) {
  switch (type) {
    case TimestampType::kString: return "string";
    case TimestampType::kUnix: return "unix";
    case TimestampType::kDate: return "Date";
    case TimestampType::kTime: return "Time";
    case TimestampType::kTimestamp: return "Timestamp";
  }
  return "";
}

// The class Kafka names in its messages for a value of this kind (Object.getClass().toString()).
const char* JavaClassOf(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBoolean: return "class java.lang.Boolean";
    case ValueKind::kInt8: return "class java.lang.Byte";
    case ValueKind::kInt16: return "class java.lang.Short";
    case ValueKind::kInt32: return "class java.lang.Integer";
    case ValueKind::kInt64: return "class java.lang.Long";
    case ValueKind::kFloat32: return "class java.lang.Float";
    case ValueKind::kFloat64: return "class java.lang.Double";
    case ValueKind::kString: return "class java.lang.String";
    case ValueKind::kBytes: return "class [B";
    case ValueKind::kArray: return "class java.util.ArrayList";
    case ValueKind::kMap: return "class java.util.HashMap";
    case ValueKind::kStruct: return "class org.apache.kafka.connect.data.Struct";
  }
  return "";
}

// ConnectSchema.toString(): "Schema{INT32}", "Schema{com.example.Key:STRUCT}".
std::string KafkaSchemaText(const Schema& schema) {
  std::string type = SchemaTypeName(schema.type());
  for (char& c : type) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return "Schema{" + (schema.name() ? *schema.name() + ":" : std::string()) + type + "}";
}

// The schema of a converted timestamp.
const SchemaPtr& TypeSchema(TimestampType type, bool optional) {
  static const SchemaPtr date = SchemaBuilder::Date().Build();
  static const SchemaPtr optional_date = SchemaBuilder::Date().Optional().Build();
  static const SchemaPtr time = SchemaBuilder::Time().Build();
  static const SchemaPtr optional_time = SchemaBuilder::Time().Optional().Build();
  static const SchemaPtr timestamp = SchemaBuilder::Timestamp().Build();
  static const SchemaPtr optional_timestamp = SchemaBuilder::Timestamp().Optional().Build();
  switch (type) {
    case TimestampType::kString: return Schema::Primitive(SchemaType::kString, optional);
    case TimestampType::kUnix: return Schema::Primitive(SchemaType::kInt64, optional);
    case TimestampType::kDate: return optional ? optional_date : date;
    case TimestampType::kTime: return optional ? optional_time : time;
    case TimestampType::kTimestamp: return optional ? optional_timestamp : timestamp;
  }
  return Schema::Primitive(SchemaType::kString, optional);
}

// The timestamp type a schema declares: a logical name, else STRING text or INT64 unix time.
Status TimestampTypeOf(const Schema& schema, TimestampType* out) {
  if (schema.IsLogical(kTimestampLogicalName)) {
    *out = TimestampType::kTimestamp;
  } else if (schema.IsLogical(kDateLogicalName)) {
    *out = TimestampType::kDate;
  } else if (schema.IsLogical(kTimeLogicalName)) {
    *out = TimestampType::kTime;
  } else if (schema.type() == SchemaType::kString) {
    *out = TimestampType::kString;
  } else if (schema.type() == SchemaType::kInt64) {
    *out = TimestampType::kUnix;
  } else {
    return Status::Failed("Schema " + KafkaSchemaText(schema) +
                          " does not correspond to a known timestamp type format; TimestampConverter reads STRING, "
                          "INT64 and the Date, Time and Timestamp logical types");
  }
  return Status::OK();
}

// java.util.concurrent.TimeUnit conversions to a finer unit saturate at the limits of a long
// (to a coarser one they truncate toward zero, as C++'s division does).
int64_t SaturatingMultiply(int64_t value, int64_t factor) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  if (value > max / factor) return max;
  if (value < -(max / factor)) return std::numeric_limits<int64_t>::min();
  return value * factor;
}

// Milliseconds since the start of the UTC day, for any instant.
int64_t MsOfDay(int64_t ms) {
  int64_t r = ms % kMsPerDay;
  return r < 0 ? r + kMsPerDay : r;
}

// A Struct schema with `field`'s schema replaced, and what its field needs.
struct DerivedStruct {
  SchemaPtr schema;
  int field_index = -1;  // -1 when the schema has no such field
  // The field's timestamp type, or why its schema is not one (reported only for a Struct that
  // has the field, as Kafka does).
  TimestampType field_type = TimestampType::kUnix;
  Status field_type_status;
};

class TimestampConverter final : public Transformation {
 public:
  explicit TimestampConverter(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    field_ = OptionalConfigString(config, "field").value_or("");
    std::string target;
    Status st = RequiredConfigString(config, "target.type", "set it to string, unix, Date, Time or Timestamp", &target);
    if (!st.ok()) return st;
    static const std::pair<const char*, TimestampType> kTypes[] = {{"string", TimestampType::kString},
                                                                   {"unix", TimestampType::kUnix},
                                                                   {"Date", TimestampType::kDate},
                                                                   {"Time", TimestampType::kTime},
                                                                   {"Timestamp", TimestampType::kTimestamp}};
    std::optional<TimestampType> type;
    for (const auto& [name, value] : kTypes) {
      if (target == name) type = value;
    }
    if (!type) {
      return Status::InvalidArgument("target.type: Invalid value " + target +
                                     "; String must be one of: string, unix, Date, Time, Timestamp");
    }
    target_ = *type;
    std::string pattern = OptionalConfigString(config, "format").value_or("");
    std::string precision = OptionalConfigString(config, "unix.precision").value_or("milliseconds");
    static const std::pair<const char*, UnixPrecision> kPrecisions[] = {{"nanoseconds", UnixPrecision::kNanoseconds},
                                                                        {"microseconds", UnixPrecision::kMicroseconds},
                                                                        {"milliseconds", UnixPrecision::kMilliseconds},
                                                                        {"seconds", UnixPrecision::kSeconds}};
    std::optional<UnixPrecision> unix_precision;
    for (const auto& [name, value] : kPrecisions) {
      if (precision == name) unix_precision = value;
    }
    if (!unix_precision) {
      return Status::InvalidArgument("unix.precision: Invalid value " + precision +
                                     "; String must be one of: nanoseconds, microseconds, milliseconds, seconds");
    }
    precision_ = *unix_precision;
    st = ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
    if (!st.ok()) return st;
    if (target_ == TimestampType::kString && pattern.empty()) {
      return Status::InvalidArgument(
          "format: TimestampConverter requires format option to be specified when using string timestamps; set it "
          "to a SimpleDateFormat pattern such as yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    }
    format_.reset();
    if (!pattern.empty()) {
      JavaDateFormat format;
      st = JavaDateFormat::Compile(pattern, &format);
      if (!st.ok()) {
        return Status::InvalidArgument(
            "format: TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: " +
            pattern + " (" + st.message() + ")");
      }
      format_ = std::move(format);
    }
    schemas_ = {};
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    return PartSchema(record, part_) ? ApplyWithSchema(record) : ApplySchemaless(record);
  }

 private:
  // Names the converted value in errors.
  std::string Subject() const {
    return field_.empty() ? std::string("the record ") + RecordPartName(part_)
                          : "field '" + field_ + "' of the record " + RecordPartName(part_);
  }

  Status ApplySchemaless(ConnectRecord& record) {
    Value& value = PartValue(record, part_);
    if (value.is_null()) return Status::OK();
    if (field_.empty()) return ConvertSchemaless(&value);
    Status st = RequireMap(value, part_, kPurpose);
    if (!st.ok()) return st;
    Map& map = value.map();
    if (Value* field = map.Find(field_)) return field->is_null() ? Status::OK() : ConvertSchemaless(field);
    map.entries.emplace_back(Value::String(field_), Value());
    return Status::OK();
  }

  // A schemaless timestamp: INT64 is unix time, STRING is text in `format`.
  Status ConvertSchemaless(Value* value) const {
    TimestampType source;
    if (value->kind() == ValueKind::kInt64) {
      source = TimestampType::kUnix;
    } else if (value->kind() == ValueKind::kString) {
      source = TimestampType::kString;
    } else {
      return Status::Failed(Subject() + ": TimestampConverter does not support " + JavaClassOf(value->kind()) +
                            " objects as timestamps; without a schema it reads INT64 unix time and STRING text");
    }
    return Convert(source, /*with_schema=*/false, value);
  }

  Status ApplyWithSchema(ConnectRecord& record) {
    SchemaPtr& schema = PartSchema(record, part_);
    Value& value = PartValue(record, part_);
    if (field_.empty()) {
      TimestampType source;
      Status st = TimestampTypeOf(*schema, &source);
      if (!st.ok()) return st.WithContext(Subject());
      if (!value.is_null()) {
        st = Convert(source, /*with_schema=*/true, &value);
        if (!st.ok()) return st;
      }
      schema = TypeSchema(target_, schema->optional());
      return Status::OK();
    }
    if (!value.is_null()) {
      Status st = RequireStruct(value, part_, kPurpose);
      if (!st.ok()) return st;
    }
    if (schema->type() != SchemaType::kStruct) {
      return Status::Failed(Subject() + ": Cannot list fields on non-struct type " + KafkaSchemaText(*schema) +
                            "; remove field to convert the whole " + RecordPartName(part_));
    }
    const DerivedStruct* derived = schemas_.Find(schema);
    if (!derived) {
      DerivedStruct built;
      Status st = Derive(*schema, &built);
      if (!st.ok()) return st;
      derived = &schemas_.Put(schema, std::move(built));
    }
    if (!value.is_null()) {
      Value converted;
      Status st = ConvertStruct(value.structure(), *derived, &converted);
      if (!st.ok()) return st;
      value = std::move(converted);
    }
    schema = derived->schema;
    return Status::OK();
  }

  // Kafka copies the name, version, doc, parameters, optional and default (converted too) and
  // replaces the field's schema by the target type's, optional as before.
  Status Derive(const Schema& input, DerivedStruct* out) const {
    SchemaBuilder builder = SchemaBuilder::Struct();
    if (input.name()) builder.Name(*input.name());
    if (input.version()) builder.Version(*input.version());
    if (input.doc()) builder.Doc(*input.doc());
    for (const auto& [key, parameter] : input.parameters()) builder.Parameter(key, parameter);
    for (const Field& field : input.fields()) {
      if (field.name == field_) {
        out->field_index = field.index;
        out->field_type_status = TimestampTypeOf(*field.schema, &out->field_type);
        builder.AddField(field.name, TypeSchema(target_, field.schema->optional()));
      } else {
        builder.AddField(field.name, field.schema);
      }
    }
    if (input.optional()) builder.Optional();
    out->schema = builder.Build();
    if (const Value* default_value = input.default_value(); default_value && !default_value->is_null()) {
      Status st = RequireStruct(*default_value, part_, kPurpose);
      if (!st.ok()) return st.WithContext("the default value of the record " + std::string(RecordPartName(part_)));
      Value converted;
      st = ConvertStruct(default_value->structure(), *out, &converted);
      if (!st.ok()) return st.WithContext("the default value of the record " + std::string(RecordPartName(part_)));
      builder.Default(std::move(converted));
      out->schema = builder.Build();
    }
    return Status::OK();
  }

  // A copy of `input` with the field converted, as a Struct of `derived.schema`.
  Status ConvertStruct(const Struct& input, const DerivedStruct& derived, Value* out) const {
    Value output = Value::MakeStruct(derived.schema);
    Struct& converted = output.structure();
    const std::vector<Field>& fields = input.schema->fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      const Value& raw = input.fields[i];
      const Value* default_value = fields[i].schema->default_value();
      Value field_value = raw.is_null() && replace_null_with_default_ && default_value ? *default_value : raw;
      if (static_cast<int>(i) == derived.field_index) {
        if (!derived.field_type_status.ok()) return derived.field_type_status.WithContext(Subject());
        if (!field_value.is_null()) {
          Status st = Convert(derived.field_type, /*with_schema=*/true, &field_value);
          if (!st.ok()) return st;
        }
      }
      Status st = CheckStructPut(derived.schema->fields()[i], field_value, part_, kPurpose);
      if (!st.ok()) return st;
      converted.fields[i] = std::move(field_value);
    }
    *out = std::move(output);
    return Status::OK();
  }

  // Converts a non-null timestamp of type `source` to the target type.
  Status Convert(TimestampType source, bool with_schema, Value* value) const {
    int64_t ms = 0;
    Status st = ToEpochMs(source, *value, &ms);
    if (!st.ok()) return st.WithContext(Subject());
    *value = FromEpochMs(ms, with_schema);
    return Status::OK();
  }

  Status ToEpochMs(TimestampType source, const Value& value, int64_t* ms) const {
    auto expected = [&](const char* what) {
      return Status::Failed(std::string("Expected ") + TimestampTypeName(source) + " timestamp to be " + what +
                            ", but found " + JavaClassOf(value.kind()));
    };
    switch (source) {
      case TimestampType::kString: {
        if (value.kind() != ValueKind::kString) return expected("a String");
        if (!format_) {
          return Status::Failed("the timestamp is the string '" + value.string() +
                                "' but format is not set; set format to the SimpleDateFormat pattern of the text");
        }
        if (format_->Parse(value.string(), ms).ok()) return Status::OK();
        return Status::Failed("Could not parse timestamp: value (" + value.string() + ") does not match pattern (" +
                              format_->pattern() + ")");
      }
      case TimestampType::kUnix: {
        if (value.kind() != ValueKind::kInt64) return expected("a Long");
        int64_t unix_time = value.Int64Of();
        switch (precision_) {
          case UnixPrecision::kSeconds: *ms = SaturatingMultiply(unix_time, 1000); break;
          case UnixPrecision::kMilliseconds: *ms = unix_time; break;
          case UnixPrecision::kMicroseconds: *ms = unix_time / 1000; break;
          case UnixPrecision::kNanoseconds: *ms = unix_time / 1000000; break;
        }
        return Status::OK();
      }
      case TimestampType::kDate:
        if (value.kind() != ValueKind::kInt32) return expected("an INT32 count of days since 1970-01-01");
        *ms = value.Int64Of() * kMsPerDay;
        return Status::OK();
      case TimestampType::kTime:
        if (value.kind() != ValueKind::kInt32) return expected("an INT32 count of milliseconds since midnight");
        *ms = value.Int64Of();
        return Status::OK();
      case TimestampType::kTimestamp:
        if (value.kind() != ValueKind::kInt64) return expected("an INT64 count of milliseconds since 1970-01-01");
        *ms = value.Int64Of();
        return Status::OK();
    }
    return Status::OK();
  }

  Value FromEpochMs(int64_t ms, bool with_schema) const {
    switch (target_) {
      case TimestampType::kString: return Value::String(format_->Format(ms));
      case TimestampType::kUnix:
        switch (precision_) {
          case UnixPrecision::kSeconds: return Value::Int64(ms / 1000);
          case UnixPrecision::kMilliseconds: return Value::Int64(ms);
          case UnixPrecision::kMicroseconds: return Value::Int64(SaturatingMultiply(ms, 1000));
          case UnixPrecision::kNanoseconds: return Value::Int64(SaturatingMultiply(ms, 1000000));
        }
        return Value::Int64(ms);
      case TimestampType::kDate: {
        int64_t days = ms / kMsPerDay - (ms % kMsPerDay < 0 ? 1 : 0);
        if (with_schema) return Value::Int32(static_cast<int32_t>(days));
        // The start of the day; Java's long arithmetic wraps for the few instants before the first
        // whole day a long can hold.
        return Value::Int64(static_cast<int64_t>(static_cast<uint64_t>(days) * static_cast<uint64_t>(kMsPerDay)));
      }
      case TimestampType::kTime: {
        int64_t ms_of_day = MsOfDay(ms);
        return with_schema ? Value::Int32(static_cast<int32_t>(ms_of_day)) : Value::Int64(ms_of_day);
      }
      case TimestampType::kTimestamp: return Value::Int64(ms);
    }
    return Value::Int64(ms);
  }

  const RecordPart part_;
  std::string field_;  // empty: the whole key/value
  TimestampType target_ = TimestampType::kTimestamp;
  std::optional<JavaDateFormat> format_;
  UnixPrecision precision_ = UnixPrecision::kMilliseconds;
  bool replace_null_with_default_ = true;
  DerivedSchemaCache<DerivedStruct> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewTimestampConverter(RecordPart part) {
  return std::make_unique<TimestampConverter>(part);
}

}  // namespace connectd
