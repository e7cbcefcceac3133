// OffsetStore: where source offsets live, behind an interface so the standalone worker's file
// store and, later, distributed mode's Kafka-topic store are interchangeable.
//
// Keys and values are serialized exactly as Kafka Connect writes its offsets topic: the key is
// the JSON of ["<connector>", {<source partition>}] and the value the JSON of the offset map
// (JsonConverter, schemas disabled).
//
// Threading: every method may be called from any thread.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/value.h"
#include "error/status.h"

namespace connectd {

class OffsetStore {
 public:
  virtual ~OffsetStore() = default;
  // Loads what is stored. A store that exists but cannot be read fails (never silently
  // restarts from zero).
  virtual Status Start() = 0;
  // The last offset put for a connector's source partition, or nullopt.
  virtual std::optional<Value> Get(const std::string& connector, const Value& partition) = 0;
  // Stages offsets (partition, offset) of one connector; durable only after Flush(). A null
  // offset removes the partition's entry (a tombstone, as Kafka's offset reset writes).
  virtual Status Put(const std::string& connector, const std::vector<std::pair<Value, Value>>& offsets) = 0;
  // Makes everything put so far durable, atomically.
  virtual Status Flush() = 0;
  // Every (partition, offset) stored for a connector.
  virtual std::vector<std::pair<Value, Value>> List(const std::string& connector) = 0;
};

// Memory only when `path` is empty; otherwise the file at `path` (written to a temporary file
// and renamed over it, so a crash leaves either the old or the new content).
std::unique_ptr<OffsetStore> NewFileOffsetStore(const std::string& path);

}  // namespace connectd
