#include "transforms/record_part.h"

namespace connectd {

Status RequireStruct(const Value& value, RecordPart part, const char* purpose) {
  if (value.kind() == ValueKind::kStruct) {
    const Struct& s = value.structure();
    if (s.schema && s.fields.size() == s.schema->fields().size()) return Status::OK();
    return Status::Failed(std::string("the record ") + RecordPartName(part) +
                          " is a Struct whose field values do not match its schema (a bug in whatever built it)");
  }
  return Status::Failed(std::string("only a Struct record ") + RecordPartName(part) + " is supported for " + purpose +
                        ", found " + ValueKindName(value.kind()));
}

Status RequireMap(const Value& value, RecordPart part, const char* purpose) {
  if (value.kind() == ValueKind::kMap) return Status::OK();
  return Status::Failed(std::string("only a Map record ") + RecordPartName(part) + " is supported for " + purpose +
                        " when the " + RecordPartName(part) + " has no schema, found " + ValueKindName(value.kind()));
}

}  // namespace connectd
