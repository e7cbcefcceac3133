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

PartitionRecord ToPartitionRecord(const sdk::RecordView& record);

}  // namespace s3
}  // namespace connectd
