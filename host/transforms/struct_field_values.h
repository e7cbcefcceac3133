// How Kafka's transforms read and write Struct fields, which decides when a schema default stands
// in for null and when a null is refused: Struct.get(field) returns the field's default for a null
// value, Struct.getWithoutDefault does not (the choice replace.null.with.default makes), and
// Struct.put refuses null in a required field even when that field has a default.
// Pure functions on values the caller owns; used on the calling task's thread.
#pragma once

#include <string>
#include <utility>

#include "data/value.h"
#include "error/status.h"
#include "transforms/record_part.h"

namespace connectd {

// Takes the value of `field` out of `input` (which the caller is about to discard): with
// `use_default`, a null value becomes a copy of the field's default, when it has one.
// Precondition: `field` belongs to input.schema.
inline Value TakeStructField(Struct& input, const Field& field, bool use_default) {
  Value& value = input.fields[static_cast<size_t>(field.index)];
  const Value* default_value = field.schema->default_value();
  if (use_default && value.is_null() && default_value != nullptr) return *default_value;
  return std::move(value);
}

// OK unless `value` is null and `field` (of the Struct being built) is required, which Kafka's
// Struct.put refuses; the error names the field, the record part and `purpose`.
inline Status CheckStructPut(const Field& field, const Value& value, RecordPart part, const char* purpose) {
  if (!value.is_null() || field.schema->optional()) return Status::OK();
  std::string advice = field.schema->default_value() != nullptr
                           ? "keep replace.null.with.default=true so the field's default is used, or make it optional"
                           : "make the field optional in the record's schema";
  return Status::Failed("cannot set the required field '" + field.name + "' of the record " + RecordPartName(part) +
                        " to null for " + purpose + " (Kafka's Struct accepts null only in optional fields); " +
                        advice);
}

}  // namespace connectd
