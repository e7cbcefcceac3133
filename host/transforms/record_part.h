// The half of a record a $Key/$Value transform works on (Kafka's operatingSchema/operatingValue),
// and the checks Kafka's transforms make before touching it (Requirements.requireStruct/requireMap).
// Used by the transforms on their task's thread.
#pragma once

#include <string>

#include "data/record.h"
#include "error/status.h"

namespace connectd {

enum class RecordPart { kKey, kValue };

inline const char* RecordPartName(RecordPart part) { return part == RecordPart::kKey ? "key" : "value"; }
inline SchemaPtr& PartSchema(ConnectRecord& record, RecordPart part) {
  return part == RecordPart::kKey ? record.key_schema : record.value_schema;
}
inline Value& PartValue(ConnectRecord& record, RecordPart part) {
  return part == RecordPart::kKey ? record.key : record.value;
}

// OK when `value` is a Struct with a schema and one value per schema field; otherwise Failed "only a Struct record
// <part> is supported for <purpose>, found <kind>" (the record has a schema, so Kafka requires a Struct).
Status RequireStruct(const Value& value, RecordPart part, const char* purpose);
// OK when `value` is a Map; otherwise Failed naming what was found (schemaless records must
// carry a Map for field-level transforms).
Status RequireMap(const Value& value, RecordPart part, const char* purpose);

}  // namespace connectd
