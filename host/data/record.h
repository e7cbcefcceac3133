// A Kafka Connect record as it moves through the host: topic, Kafka partition, key and value
// (each with an optional schema), timestamp, headers; plus the source partition/offset a source
// task attached (source side) or the Kafka offset it was read at (sink side).
//
// Records are owned by exactly one stage at a time and moved between stages; they are not shared
// between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/schema.h"
#include "data/value.h"

namespace connectd {

struct Header {
  std::string key;
  SchemaPtr schema;  // may be null (schemaless)
  Value value;
};

enum class TimestampType : int { kNone = 0, kCreateTime = 1, kLogAppendTime = 2 };

struct ConnectRecord;

// Builds the value of a sink record that was handed over as JSON only (see
// ConnectRecord::deferred_value). Owned by the task runner; lives as long as its records.
class DeferredValue {
 public:
  virtual ~DeferredValue() = default;
  // Sets record.value and record.value_schema from record.value_json. Task thread.
  virtual void Build(ConnectRecord& record) = 0;
};

struct ConnectRecord {
  static constexpr int32_t kNoPartition = -1;
  static constexpr int64_t kNoTimestamp = -1;

  std::string topic;
  int32_t kafka_partition = kNoPartition;
  SchemaPtr key_schema;
  Value key;
  SchemaPtr value_schema;
  Value value;
  int64_t timestamp = kNoTimestamp;  // ms since the epoch
  TimestampType timestamp_type = TimestampType::kNone;
  std::vector<Header> headers;

  // Source records: the source partition (a schemaless map shared by every record of the
  // partition; null when none) and offset (a schemaless map, or null).
  std::shared_ptr<const Value> source_partition;
  Value source_offset;

  // Sink records: where the record was read; -1 otherwise.
  int64_t kafka_offset = -1;

  // Sink records: the value as schemaless JSON (the host's value_to_json text), when
  // value_json_ready. When deferred_value is set, `value` is not built yet: ValueOf builds it.
  std::string value_json;
  bool value_json_ready = false;
  DeferredValue* deferred_value = nullptr;
};

// `record`'s value, built first when it was deferred. Task thread.
inline const Value& ValueOf(ConnectRecord& record) {
  if (record.deferred_value != nullptr) {
    DeferredValue* builder = record.deferred_value;
    record.deferred_value = nullptr;
    builder->Build(record);
  }
  return record.value;
}

}  // namespace connectd
