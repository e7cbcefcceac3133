// Cast$Key / $Value: casts listed fields of a Struct or schemaless Map, or the whole key/value,
// to int8..int64, float32, float64, boolean or string, converting exactly as Kafka's Cast does
// (Java's narrowing and parsing, Decimal through BigDecimal, Date/Time/Timestamp as their number
// or as Kafka's ISO-8601 text, bytes only to base64 text).
#include <strings.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "config/config_values.h"
#include "data/base64.h"
#include "data/decimal.h"
#include "data/java_number_text.h"
#include "transforms/derived_schema_cache.h"
#include "data/java_date_format.h"
#include "data/java_number_conversions.h"
#include "transforms/struct_field_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "cast types";

// Kafka's Schema.Type names, indexed by SchemaType: the spec is written with them and Kafka's
// messages print them.
constexpr const char* kKafkaTypeNames[] = {"INT8",    "INT16",  "INT32",  "INT64", "FLOAT32", "FLOAT64",
                                           "BOOLEAN", "STRING", "BYTES",  "ARRAY", "MAP",     "STRUCT"};
constexpr const char* kSupportedOutputs = "[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]";
constexpr const char* kSupportedInputs = "[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]";

const char* KafkaTypeName(SchemaType type) { return kKafkaTypeNames[static_cast<size_t>(type)]; }

bool IsSupportedOutput(SchemaType type) { return type <= SchemaType::kString; }
bool IsSupportedInput(SchemaType type) { return type <= SchemaType::kBytes; }

// Schema.Type.valueOf(text.toUpperCase(Locale.ROOT)).
bool ParseKafkaType(const std::string& text, SchemaType* out) {
  for (size_t i = 0; i < sizeof(kKafkaTypeNames) / sizeof(kKafkaTypeNames[0]); ++i) {
    if (strcasecmp(text.c_str(), kKafkaTypeNames[i]) == 0) {
      *out = static_cast<SchemaType>(i);
      return true;
    }
  }
  return false;
}

// The schema type Kafka infers for a schemaless value (ConnectSchema.schemaType of its class).
SchemaType InferredType(ValueKind kind) {
  switch (kind) {
    case ValueKind::kBoolean: return SchemaType::kBoolean;
    case ValueKind::kInt8: return SchemaType::kInt8;
    case ValueKind::kInt16: return SchemaType::kInt16;
    case ValueKind::kInt32: return SchemaType::kInt32;
    case ValueKind::kInt64: return SchemaType::kInt64;
    case ValueKind::kFloat32: return SchemaType::kFloat32;
    case ValueKind::kFloat64: return SchemaType::kFloat64;
    case ValueKind::kString: return SchemaType::kString;
    case ValueKind::kBytes: return SchemaType::kBytes;
    case ValueKind::kArray: return SchemaType::kArray;
    case ValueKind::kMap: return SchemaType::kMap;
    case ValueKind::kNull:
    case ValueKind::kStruct: break;
  }
  return SchemaType::kStruct;
}

// Values.dateFormatFor(date).format(date): an instant before the end of 1970-01-01 (negative
// ones too) prints as its time of day, a midnight as a date, anything else as a timestamp. The JVM
// formats in its default time zone; connectd uses UTC, which Connect workers run in as a rule and
// which the 'Z' Kafka appends claims.
std::string JavaDateText(int64_t millis) {
  constexpr int64_t kMillisPerDay = 86400000;
  struct Formats {
    JavaDateFormat time, date, timestamp;
  };
  // Kafka's constant patterns, which Compile accepts.
  static const Formats formats = [] {
    Formats f;
    JavaDateFormat::Compile("HH:mm:ss.SSS'Z'", &f.time);
    JavaDateFormat::Compile("yyyy-MM-dd", &f.date);
    JavaDateFormat::Compile("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", &f.timestamp);
    return f;
  }();
  if (millis < kMillisPerDay) return formats.time.Format(millis);
  if (millis % kMillisPerDay == 0) return formats.date.Format(millis);
  return formats.timestamp.Format(millis);
}

Value FromLong(int64_t v, SchemaType target) {
  switch (target) {
    case SchemaType::kInt8: return Value::Int8(static_cast<int8_t>(v));
    case SchemaType::kInt16: return Value::Int16(static_cast<int16_t>(v));
    case SchemaType::kInt32: return Value::Int32(static_cast<int32_t>(v));
    case SchemaType::kFloat32: return Value::Float32(static_cast<float>(v));
    case SchemaType::kFloat64: return Value::Float64(static_cast<double>(v));
    case SchemaType::kBoolean: return Value::Boolean(v != 0);
    case SchemaType::kString: return Value::String(std::to_string(v));
    default: return Value::Int64(v);
  }
}

// A Float or Double: Java's (byte)/(short)/(int)/(long) narrowing; boolean is longValue() != 0.
Value FromFloating(double v, bool is_float, SchemaType target) {
  switch (target) {
    case SchemaType::kInt8: return Value::Int8(static_cast<int8_t>(JavaDoubleToInt(v)));
    case SchemaType::kInt16: return Value::Int16(static_cast<int16_t>(JavaDoubleToInt(v)));
    case SchemaType::kInt32: return Value::Int32(JavaDoubleToInt(v));
    case SchemaType::kInt64: return Value::Int64(JavaDoubleToLong(v));
    case SchemaType::kFloat32: return Value::Float32(static_cast<float>(v));
    case SchemaType::kFloat64: return Value::Float64(v);
    case SchemaType::kBoolean: return Value::Boolean(JavaDoubleToLong(v) != 0);
    default:
      return Value::String(is_float ? JavaFloatToString(static_cast<float>(v)) : JavaDoubleToString(v));
  }
}

// A BigDecimal (the value of a Decimal schema): Number's conversions on BigDecimal.
Value FromDecimal(const std::string& unscaled, int32_t scale, SchemaType target) {
  JavaBigDecimal number = JavaBigDecimalFromUnscaled(unscaled, scale);
  switch (target) {
    case SchemaType::kFloat32: return Value::Float32(JavaBigDecimalFloatValue(number));
    case SchemaType::kFloat64: return Value::Float64(JavaBigDecimalDoubleValue(number));
    case SchemaType::kString: {
      std::string text;
      AppendBigDecimal(unscaled, scale, &text);
      return Value::String(std::move(text));
    }
    default: return FromLong(JavaBigDecimalLongValue(number), target);
  }
}

// Byte.parseByte .. Double.parseDouble, Boolean.parseBoolean; false where Java throws.
bool FromString(const std::string& s, SchemaType target, Value* out) {
  int64_t integer = 0;
  switch (target) {
    case SchemaType::kInt8:
      if (!ParseJavaInteger(s, INT8_MIN, INT8_MAX, &integer)) return false;
      *out = Value::Int8(static_cast<int8_t>(integer));
      return true;
    case SchemaType::kInt16:
      if (!ParseJavaInteger(s, INT16_MIN, INT16_MAX, &integer)) return false;
      *out = Value::Int16(static_cast<int16_t>(integer));
      return true;
    case SchemaType::kInt32:
      if (!ParseJavaInteger(s, INT32_MIN, INT32_MAX, &integer)) return false;
      *out = Value::Int32(static_cast<int32_t>(integer));
      return true;
    case SchemaType::kInt64:
      if (!ParseJavaInteger(s, INT64_MIN, INT64_MAX, &integer)) return false;
      *out = Value::Int64(integer);
      return true;
    case SchemaType::kFloat32: {
      float f = 0;
      if (!ParseJavaFloat(s, &f)) return false;
      *out = Value::Float32(f);
      return true;
    }
    case SchemaType::kFloat64: {
      double d = 0;
      if (!ParseJavaDouble(s, &d)) return false;
      *out = Value::Float64(d);
      return true;
    }
    case SchemaType::kBoolean: *out = Value::Boolean(strcasecmp(s.c_str(), "true") == 0); return true;
    default: *out = Value::String(s); return true;
  }
}

// The milliseconds a Date/Time/Timestamp value stands for, or nullopt when `schema` is none of
// them (or the value is not the integer those schemas carry).
std::optional<int64_t> DateMillis(const Schema& schema, const Value& value) {
  if (!value.is_integer()) return std::nullopt;
  if (schema.IsLogical(kDateLogicalName)) return value.Int64Of() * 86400000;
  if (schema.IsLogical(kTimeLogicalName) || schema.IsLogical(kTimestampLogicalName)) return value.Int64Of();
  return std::nullopt;
}

// Kafka's castValueToType: `value` (described by `schema`, or schemaless when null) cast to
// `target`. `what` names the value in errors ("field 'x' of the record value").
Status CastValue(const Schema* schema, const Value& value, SchemaType target, const std::string& what,
                 Value* out) {
  if (value.is_null()) {
    *out = Value::Null();
    return Status::OK();
  }
  SchemaType inferred = schema ? schema->type() : InferredType(value.kind());
  if (!IsSupportedInput(inferred)) {
    return Status::Failed("cannot cast " + what + ": Cast does not support casting from " + KafkaTypeName(inferred) +
                          "; supported types are " + kSupportedInputs + "; cast only values of those types");
  }
  if (schema != nullptr && schema->name()) {
    // Date/Time/Timestamp become text as java.util.Date does; cast to a number they are the
    // number they are stored as, which is what Kafka converts them back to first.
    std::optional<int64_t> millis = DateMillis(*schema, value);
    if (millis && target == SchemaType::kString) {
      *out = Value::String(JavaDateText(*millis));
      return Status::OK();
    }
    if (schema->IsLogical(kDecimalLogicalName) && value.kind() == ValueKind::kBytes) {
      int32_t scale = 0;
      if (!DecimalScale(*schema, &scale) || value.bytes().data.empty()) {
        return Status::Failed("cannot cast " + what +
                              ": it is not a valid Decimal (its schema needs an integer 'scale' parameter and the "
                              "value at least one byte); fix whatever produced the record");
      }
      *out = FromDecimal(value.bytes().data, scale, target);
      return Status::OK();
    }
  }
  switch (value.kind()) {
    case ValueKind::kBoolean:
      *out = target == SchemaType::kString ? Value::String(value.boolean() ? "true" : "false")
                                           : FromLong(value.boolean() ? 1 : 0, target);
      break;
    case ValueKind::kInt8:
    case ValueKind::kInt16:
    case ValueKind::kInt32:
    case ValueKind::kInt64: *out = FromLong(value.Int64Of(), target); break;
    case ValueKind::kFloat32: *out = FromFloating(value.DoubleOf(), true, target); break;
    case ValueKind::kFloat64: *out = FromFloating(value.DoubleOf(), false, target); break;
    case ValueKind::kString:
      if (!FromString(value.string(), target, out)) {
        return Status::Failed("cannot cast " + what + ": the string \"" + value.string() + "\" is not a valid " +
                              KafkaTypeName(target) + " (out of range or not a number); fix the data or cast it to "
                              "another type");
      }
      break;
    case ValueKind::kBytes:
      if (target != SchemaType::kString) {
        return Status::Failed("cannot cast " + what + " to " + KafkaTypeName(target) +
                              ": Cast turns bytes only into a string (base64); cast it to string instead");
      }
      *out = Value::String(Base64(value.bytes().data));
      break;
    default:
      return Status::Failed("cannot cast " + what + ": its value is " + ValueKindName(value.kind()) +
                            ", which does not match its schema type " + KafkaTypeName(inferred));
  }
  return Status::OK();
}

class Cast final : public Transformation {
 public:
  explicit Cast(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    const char* hint = "set it to field:type pairs (e.g. price:float64,id:int32) or to one type for the whole ";
    if (config.count("spec") == 0) {
      return Status::InvalidArgument(std::string("spec: missing required setting; ") + hint + RecordPartName(part_));
    }
    std::vector<std::string> mappings = ConfigList(config, "spec");
    if (mappings.empty()) {
      return Status::InvalidArgument(std::string("spec: must specify at least one field to cast; ") + hint +
                                     RecordPartName(part_));
    }
    field_casts_.clear();
    whole_value_cast_.reset();
    std::unordered_map<std::string, size_t> positions;
    for (const std::string& mapping : mappings) {
      std::vector<std::string> parts = SplitConfigItemAtColons(mapping);
      if (parts.empty() || parts.size() > 2) {
        return Status::InvalidArgument("spec: invalid cast '" + mapping +
                                       "'; write field:type pairs separated by commas, e.g. foo:int32,bar:string");
      }
      std::string type_text = TrimConfigValue(parts.back());
      SchemaType type;
      if (!ParseKafkaType(type_text, &type)) {
        return Status::InvalidArgument("spec: invalid type found in casting spec: '" + type_text +
                                       "'; valid types are int8, int16, int32, int64, float32, float64, boolean and "
                                       "string");
      }
      if (!IsSupportedOutput(type)) {
        return Status::InvalidArgument(std::string("spec: Cast does not support casting to ") + KafkaTypeName(type) +
                                       "; supported types are " + kSupportedOutputs);
      }
      if (parts.size() == 1) {
        whole_value_cast_ = type;
        continue;
      }
      // A field listed twice takes its last type, as Kafka's HashMap does.
      std::string field = TrimConfigValue(parts[0]);
      auto [it, inserted] = positions.emplace(field, field_casts_.size());
      if (inserted) {
        field_casts_.emplace_back(std::move(field), type);
      } else {
        field_casts_[it->second].second = type;
      }
    }
    if (whole_value_cast_ && mappings.size() > 1) {
      return Status::InvalidArgument(
          "spec: a cast of the whole " + std::string(RecordPartName(part_)) +
          " (a bare type) must be the only entry; remove it or the field:type entries");
    }
    Status st = ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
    if (!st.ok()) return st;
    schemas_ = {};
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    if (value.is_null()) return Status::OK();
    SchemaPtr& schema = PartSchema(record, part_);
    if (!schema) return ApplySchemaless(value);
    if (whole_value_cast_) return ApplyWholeWithSchema(schema, value);
    return ApplyFieldsWithSchema(schema, value);
  }

 private:
  // The output schema and, for each of its fields, the type that field is cast to (none: kept).
  struct Derivation {
    SchemaPtr schema;
    std::vector<std::optional<SchemaType>> targets;
  };

  std::string WholeName() const { return std::string("the record ") + RecordPartName(part_); }
  std::string FieldName(const std::string& field) const {
    return "field '" + field + "' of the record " + RecordPartName(part_);
  }

  Status ApplySchemaless(Value& value) {
    if (whole_value_cast_) {
      Value cast;
      Status st = CastValue(nullptr, value, *whole_value_cast_, WholeName(), &cast);
      if (!st.ok()) return st;
      value = std::move(cast);
      return Status::OK();
    }
    Status st = RequireMap(value, part_, kPurpose);
    if (!st.ok()) return st;
    Map& map = value.map();
    for (const auto& [field, type] : field_casts_) {
      Value* existing = map.Find(field);
      Value cast;
      if (existing) {
        st = CastValue(nullptr, *existing, type, FieldName(field), &cast);
        if (!st.ok()) return st;
        *existing = std::move(cast);
      } else {
        // Kafka puts the (null) result of casting an absent entry.
        map.entries.emplace_back(Value::String(field), Value::Null());
      }
    }
    return Status::OK();
  }

  Status ApplyWholeWithSchema(SchemaPtr& schema, Value& value) {
    const Derivation* derived = nullptr;
    Status st = Derived(schema, &derived);
    if (!st.ok()) return st;
    Value cast;
    st = CastValue(schema.get(), value, *whole_value_cast_, WholeName(), &cast);
    if (!st.ok()) return st;
    schema = derived->schema;
    value = std::move(cast);
    return Status::OK();
  }

  Status ApplyFieldsWithSchema(SchemaPtr& schema, Value& value) {
    Status st = RequireStruct(value, part_, kPurpose);
    if (!st.ok()) return st;
    Struct& input = value.structure();
    const Derivation* derived = nullptr;
    st = Derived(input.schema, &derived);
    if (!st.ok()) return st;
    Value output = Value::MakeStruct(derived->schema);
    Struct& out = output.structure();
    const std::vector<Field>& fields = input.schema->fields();
    const std::vector<Field>& out_fields = derived->schema->fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      Value field_value = TakeStructField(input, fields[i], replace_null_with_default_);
      if (derived->targets[i]) {
        st = CastValue(fields[i].schema.get(), field_value, *derived->targets[i], FieldName(fields[i].name),
                       &out.fields[i]);
        if (!st.ok()) return st;
      } else {
        out.fields[i] = std::move(field_value);
      }
      st = CheckStructPut(out_fields[i], out.fields[i], part_, kPurpose);
      if (!st.ok()) return st;
    }
    schema = derived->schema;
    value = std::move(output);
    return Status::OK();
  }

  Status Derived(const SchemaPtr& input, const Derivation** out) {
    *out = schemas_.Find(input);
    if (*out) return Status::OK();
    Derivation built;
    Status st = Derive(*input, &built);
    if (!st.ok()) return st;
    *out = &schemas_.Put(input, std::move(built));
    return Status::OK();
  }

  // Kafka's getOrBuildSchema: the name, version, doc and parameters carry over (onto the target
  // type for a whole-value cast); cast fields get a plain schema of their target type, optional
  // as before, with the default cast too; optional and default of the whole schema carry over.
  Status Derive(const Schema& input, Derivation* out) const {
    SchemaBuilder builder(whole_value_cast_ ? *whole_value_cast_ : SchemaType::kStruct);
    if (input.name()) builder.Name(*input.name());
    if (input.version()) builder.Version(*input.version());
    if (input.doc()) builder.Doc(*input.doc());
    for (const auto& [key, parameter] : input.parameters()) builder.Parameter(key, parameter);
    if (!whole_value_cast_) {
      for (const Field& field : input.fields()) {
        std::optional<SchemaType> target;
        for (const auto& [name, type] : field_casts_) {
          if (name == field.name) target = type;
        }
        out->targets.push_back(target);
        if (!target) {
          builder.AddField(field.name, field.schema);
          continue;
        }
        SchemaBuilder field_builder(*target);
        if (field.schema->optional()) field_builder.Optional();
        if (const Value* default_value = field.schema->default_value()) {
          Value cast;
          Status st = CastValue(field.schema.get(), *default_value, *target,
                                "the default value of " + FieldName(field.name), &cast);
          if (!st.ok()) return st;
          field_builder.Default(std::move(cast));
        }
        builder.AddField(field.name, field_builder.Build());
      }
    }
    if (input.optional()) builder.Optional();
    if (const Value* default_value = input.default_value()) {
      Value cast;
      Status st = CastValue(&input, *default_value, builder.type(), "the default value of " + WholeName(), &cast);
      if (!st.ok()) return st;
      builder.Default(std::move(cast));
    }
    out->schema = builder.Build();
    return Status::OK();
  }

  const RecordPart part_;
  std::vector<std::pair<std::string, SchemaType>> field_casts_;  // in spec order, each field once
  std::optional<SchemaType> whole_value_cast_;
  bool replace_null_with_default_ = true;
  DerivedSchemaCache<Derivation> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewCast(RecordPart part) { return std::make_unique<Cast>(part); }

}  // namespace connectd
