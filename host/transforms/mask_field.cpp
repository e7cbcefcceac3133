// MaskField$Key / $Value: replaces the listed fields of a Struct or schemaless Map with the empty
// value of their type (false, 0, "", the epoch for Date/Time/Timestamp, 0 for Decimal, an empty
// array or map), or with `replacement` read as the field's type (numbers and strings only), as
// Kafka's MaskField does. Like Kafka it does not accept a null key/value (tombstone).
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "config/config_values.h"
#include "data/decimal.h"
#include "data/java_number_conversions.h"
#include "transforms/struct_field_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "mask fields";

// What Kafka's MaskField sees as the Java class of a value, which decides how it is masked.
enum class MaskedKind { kPlain, kDecimal, kDate };

MaskedKind KindOf(const Schema* schema, const Value& value) {
  if (schema == nullptr || !schema->name()) return MaskedKind::kPlain;
  if (schema->IsLogical(kDecimalLogicalName) && value.kind() == ValueKind::kBytes) return MaskedKind::kDecimal;
  if ((schema->IsLogical(kDateLogicalName) || schema->IsLogical(kTimeLogicalName) ||
       schema->IsLogical(kTimestampLogicalName)) &&
      value.is_integer()) {
    return MaskedKind::kDate;
  }
  return MaskedKind::kPlain;
}

class MaskField final : public Transformation {
 public:
  explicit MaskField(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    const char* hint = "set it to the comma-separated names of the fields to mask";
    if (config.count("fields") == 0) return Status::InvalidArgument(std::string("fields: missing required setting; ") + hint);
    fields_.clear();
    std::unordered_set<std::string> seen;
    for (std::string& field : ConfigList(config, "fields")) {
      if (seen.insert(field).second) fields_.push_back(std::move(field));
    }
    if (fields_.empty()) return Status::InvalidArgument(std::string("fields: the list is empty; ") + hint);
    replacement_ = OptionalConfigString(config, "replacement");
    if (replacement_ && replacement_->empty()) {
      return Status::InvalidArgument(
          "replacement: must be non-empty; set a number or non-empty string, or remove it to mask with empty values");
    }
    numeric_replacement_valid_ = replacement_ && ParseJavaBigDecimal(*replacement_, &numeric_replacement_);
    return ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    return PartSchema(record, part_) ? ApplyWithSchema(value) : ApplySchemaless(value);
  }

 private:
  bool Masks(const std::string& name) const {
    for (const std::string& field : fields_) {
      if (field == name) return true;
    }
    return false;
  }

  std::string Where(const std::string& field) const {
    return "cannot mask field '" + field + "' of the record " + RecordPartName(part_) + ": ";
  }

  // Kafka puts the masked value of every listed field, so an absent one becomes a null entry.
  Status ApplySchemaless(Value& value) {
    Status st = RequireMap(value, part_, kPurpose);
    if (!st.ok()) return st;
    Map& map = value.map();
    for (const std::string& field : fields_) {
      Value* existing = map.Find(field);
      if (existing == nullptr) {
        map.entries.emplace_back(Value::String(field), Value::Null());
        continue;
      }
      st = Mask(nullptr, field, existing);
      if (!st.ok()) return st;
    }
    return Status::OK();
  }

  Status ApplyWithSchema(Value& value) {
    Status st = RequireStruct(value, part_, kPurpose);
    if (!st.ok()) return st;
    Struct& input = value.structure();
    for (const Field& field : input.schema->fields()) {
      Value field_value = TakeStructField(input, field, replace_null_with_default_);
      if (Masks(field.name)) {
        st = Mask(field.schema.get(), field.name, &field_value);
        if (!st.ok()) return st;
      }
      st = CheckStructPut(field, field_value, part_, kPurpose);
      if (!st.ok()) return st;
      input.fields[static_cast<size_t>(field.index)] = std::move(field_value);
    }
    return Status::OK();
  }

  // Masks *value (described by `schema`, or schemaless when null) in place; null stays null.
  Status Mask(const Schema* schema, const std::string& field, Value* value) const {
    if (value->is_null()) return Status::OK();
    MaskedKind kind = KindOf(schema, *value);
    return replacement_ ? Replace(schema, kind, field, value) : Empty(schema, kind, field, value);
  }

  Status Empty(const Schema* schema, MaskedKind kind, const std::string& field, Value* value) const {
    if (kind == MaskedKind::kDecimal) {
      // Zero at the schema's scale: BigDecimal.ZERO, which the schema can carry.
      int32_t scale = 0;
      if (!DecimalScale(*schema, &scale)) return InvalidDecimal(field);
      *value = Value::MakeBytes(std::string(1, '\0'));
      return Status::OK();
    }
    switch (value->kind()) {
      case ValueKind::kBoolean: *value = Value::Boolean(false); break;
      case ValueKind::kInt8: *value = Value::Int8(0); break;
      case ValueKind::kInt16: *value = Value::Int16(0); break;
      case ValueKind::kInt32: *value = Value::Int32(0); break;  // a Date/Time is the epoch
      case ValueKind::kInt64: *value = Value::Int64(0); break;  // a Timestamp is the epoch
      case ValueKind::kFloat32: *value = Value::Float32(0); break;
      case ValueKind::kFloat64: *value = Value::Float64(0); break;
      case ValueKind::kString: *value = Value::String(""); break;
      case ValueKind::kArray: *value = Value::MakeArray(); break;
      case ValueKind::kMap: *value = Value::MakeMap(); break;
      default:
        return Status::Failed(Where(field) + "MaskField cannot mask a value of type " + ValueKindName(value->kind()) +
                              "; remove it from fields");
    }
    return Status::OK();
  }

  // `replacement` read as the value's type: numbers as Kafka's Values.convertTo* read text
  // (new BigDecimal(text), truncated and narrowed), strings as they are.
  Status Replace(const Schema* schema, MaskedKind kind, const std::string& field, Value* value) const {
    bool numeric = kind == MaskedKind::kDecimal ||
                   (kind == MaskedKind::kPlain && (value->is_integer() || value->kind() == ValueKind::kFloat32 ||
                                                   value->kind() == ValueKind::kFloat64));
    if (kind == MaskedKind::kPlain && value->kind() == ValueKind::kString) {
      *value = Value::String(*replacement_);
      return Status::OK();
    }
    if (!numeric) {
      const char* type = kind == MaskedKind::kDate ? "Date/Time/Timestamp" : ValueKindName(value->kind());
      return Status::Failed(Where(field) + "MaskField cannot mask a value of type " + type +
                            " with a custom replacement (only numbers and strings); remove replacement or this field");
    }
    if (!numeric_replacement_valid_) {
      return Status::Failed(Where(field) + "the replacement '" + *replacement_ +
                            "' is not a number, but the field is numeric; set replacement to a number");
    }
    if (kind == MaskedKind::kDecimal) {
      int32_t scale = 0;
      if (!DecimalScale(*schema, &scale)) return InvalidDecimal(field);
      std::string text = (numeric_replacement_.negative ? "-" : "") + numeric_replacement_.digits + "e" +
                         std::to_string(-numeric_replacement_.scale);
      std::string unscaled;
      std::string error;
      if (!DecimalTextToUnscaled(text, scale, &unscaled, &error)) {
        return Status::Failed(Where(field) + "the replacement '" + *replacement_ +
                              "' cannot be stored exactly in the field's Decimal schema (scale " +
                              std::to_string(scale) + "); set a replacement with at most that many digits after the point");
      }
      *value = Value::MakeBytes(std::move(unscaled));
      return Status::OK();
    }
    int64_t integer = JavaBigDecimalLongValue(numeric_replacement_);
    switch (value->kind()) {
      case ValueKind::kInt8: *value = Value::Int8(static_cast<int8_t>(integer)); break;
      case ValueKind::kInt16: *value = Value::Int16(static_cast<int16_t>(integer)); break;
      case ValueKind::kInt32: *value = Value::Int32(static_cast<int32_t>(integer)); break;
      case ValueKind::kInt64: *value = Value::Int64(integer); break;
      // Kafka reads a float replacement as a double first, then narrows it.
      case ValueKind::kFloat32:
        *value = Value::Float32(static_cast<float>(JavaBigDecimalDoubleValue(numeric_replacement_)));
        break;
      default: *value = Value::Float64(JavaBigDecimalDoubleValue(numeric_replacement_)); break;
    }
    return Status::OK();
  }

  Status InvalidDecimal(const std::string& field) const {
    return Status::Failed(Where(field) +
                          "its Decimal schema has no integer 'scale' parameter; fix whatever produced the record");
  }

  const RecordPart part_;
  std::vector<std::string> fields_;  // in config order, each once
  std::optional<std::string> replacement_;
  JavaBigDecimal numeric_replacement_;  // valid when numeric_replacement_valid_
  bool numeric_replacement_valid_ = false;
  bool replace_null_with_default_ = true;
};

}  // namespace

std::unique_ptr<Transformation> NewMaskField(RecordPart part) { return std::make_unique<MaskField>(part); }

}  // namespace connectd
