#include "sink_record_fields.h"

namespace connectd {
namespace s3 {

namespace {

// The value's field schema and value for one path segment; false when absent.
bool Child(sdk::SchemaView schema, sdk::ValueView value, const std::string& name, sdk::SchemaView* child_schema,
           sdk::ValueView* child) {
  if (value.kind() == CD_VALUE_STRUCT) {
    sdk::SchemaView s = value.structSchema();
    for (size_t i = 0; i < s.fieldCount(); ++i) {
      std::string_view field;
      sdk::SchemaView f = s.field(i, &field);
      if (field == name) {
        *child_schema = f;
        *child = value.field(i);
        return true;
      }
    }
    return false;
  }
  if (value.kind() == CD_VALUE_MAP) {
    *child_schema = schema ? schema.valueSchema() : sdk::SchemaView();
    *child = value.get(name.c_str());
    return !child->isNull();
  }
  return false;
}

PartitionFieldValue FieldValue(sdk::SchemaView schema, sdk::ValueView value) {
  PartitionFieldValue out;
  if (value.isNull()) {
    out.kind = PartitionFieldValue::Kind::kNull;
    return out;
  }
  if (schema && schema.name() == CD_LOGICAL_TIMESTAMP) {
    out.kind = PartitionFieldValue::Kind::kTimestamp;
    out.integer = value.asInt();
    return out;
  }
  switch (value.kind()) {
    case CD_VALUE_INT8: out.kind = PartitionFieldValue::Kind::kInt8; out.integer = value.asInt(); break;
    case CD_VALUE_INT16: out.kind = PartitionFieldValue::Kind::kInt16; out.integer = value.asInt(); break;
    case CD_VALUE_INT32: out.kind = PartitionFieldValue::Kind::kInt32; out.integer = value.asInt(); break;
    case CD_VALUE_INT64: out.kind = PartitionFieldValue::Kind::kInt64; out.integer = value.asInt(); break;
    case CD_VALUE_FLOAT32: out.kind = PartitionFieldValue::Kind::kFloat32; out.floating = value.asDouble(); break;
    case CD_VALUE_FLOAT64: out.kind = PartitionFieldValue::Kind::kFloat64; out.floating = value.asDouble(); break;
    case CD_VALUE_BOOLEAN: out.kind = PartitionFieldValue::Kind::kBoolean; out.integer = value.asBool() ? 1 : 0; break;
    case CD_VALUE_STRING: out.kind = PartitionFieldValue::Kind::kString; out.text = std::string(value.asString()); break;
    default:
      out.kind = PartitionFieldValue::Kind::kOther;
      out.type_name = value.kind() == CD_VALUE_STRUCT ? "struct"
                      : value.kind() == CD_VALUE_MAP  ? "map"
                      : value.kind() == CD_VALUE_ARRAY ? "array"
                                                       : "bytes";
  }
  return out;
}

}  // namespace

PartitionRecord ToPartitionRecord(const sdk::RecordView& record, bool with_value_fields) {
  PartitionRecord out;
  out.topic = std::string(record.topic());
  out.kafka_partition = record.kafkaPartition();
  out.kafka_offset = record.kafkaOffset();
  if (record.timestamp() >= 0) out.timestamp_ms = record.timestamp();
  if (!with_value_fields) return out;
  sdk::ValueView value = record.value();
  out.value_shape = value.kind() == CD_VALUE_STRUCT ? PartitionRecord::ValueShape::kStruct
                    : value.kind() == CD_VALUE_MAP  ? PartitionRecord::ValueShape::kMap
                                                    : PartitionRecord::ValueShape::kOther;
  sdk::SchemaView schema = record.valueSchema();
  out.lookup_field = [schema, value](const std::string& dotted) {
    sdk::SchemaView s = schema;
    sdk::ValueView v = value;
    size_t start = 0;
    for (;;) {
      size_t dot = dotted.find('.', start);
      std::string name = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      sdk::SchemaView child_schema;
      sdk::ValueView child;
      if (v.isNull()) {
        PartitionFieldValue null_value;
        null_value.kind = PartitionFieldValue::Kind::kNull;
        return null_value;
      }
      if (!Child(s, v, name, &child_schema, &child)) return PartitionFieldValue();
      if (dot == std::string::npos) return FieldValue(child_schema, child);
      s = child_schema;
      v = child;
      start = dot + 1;
    }
  };
  return out;
}

}  // namespace s3
}  // namespace connectd
