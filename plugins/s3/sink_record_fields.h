// Adapts a sink record (sdk::RecordView) to what the partitioners read (PartitionRecord): its
// topic, partition, offset, timestamp and a lookup of dotted fields through nested Structs or
// Maps of its value.
//
// Threading: the result borrows `record` and is used on the task thread during one call.
#pragma once

#include "connectd/sdk.hpp"
#include "s3_partitioner.h"

namespace connectd {
namespace s3 {

// with_value_fields: fill value_shape and lookup_field (the partitioner reads value fields);
// otherwise the record's value is not read at all.
PartitionRecord ToPartitionRecord(const sdk::RecordView& record, bool with_value_fields);

}  // namespace s3
}  // namespace connectd
