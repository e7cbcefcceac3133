// SubmittedRecords: the source records a task has handed to the producer and not yet had
// acknowledged, per source partition and in submission order. An offset becomes committable
// only when its record and every earlier record of the same source partition are acknowledged
// (Kafka's at-least-once rule for source offsets).
//
// Threading: Submit and Ack run on a source task's send thread (delivery reports are served there
// by rd_kafka_poll), Committable and outstanding on its task thread; every call takes one lock.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "data/record.h"
#include "data/value.h"

namespace connectd {

class SubmittedRecords {
 public:
  struct Submitted {
    Value offset;  // null: the record carries no offset
    bool acked = false;
    // The record as the plugin produced it, kept only when the plugin wants acknowledgements.
    std::unique_ptr<ConnectRecord> original;
  };

  // Registers a record in submission order; the returned pointer stays valid until the record
  // is acknowledged and collected by Committable(). `source_offset` is moved from; a null
  // `source_partition` is a partition of its own.
  Submitted* Submit(const std::shared_ptr<const Value>& source_partition, Value& source_offset,
                    std::unique_ptr<ConnectRecord> original);
  // Marks a record delivered.
  void Ack(Submitted* record);
  // Removes the acknowledged prefix of every partition and returns, per partition, the latest
  // offset in it (the one to store). Partitions with nothing new are left out. `on_committable`
  // (may be empty) receives each removed record's original, in submission order per partition,
  // so a plugin never hears of a record before every earlier one of its partition is delivered;
  // it is called without the lock held.
  std::vector<std::pair<Value, Value>> Committable(
      const std::function<void(const ConnectRecord&)>& on_committable = nullptr);
  // Records submitted and not yet collected.
  size_t outstanding() const;

 private:
  struct PartitionQueue {
    std::shared_ptr<const Value> partition;
    std::deque<Submitted> records;
  };
  PartitionQueue& QueueFor(const std::shared_ptr<const Value>& partition);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<PartitionQueue>> queues_;
  PartitionQueue* last_queue_ = nullptr;  // most sources use one partition: skip the search
  size_t outstanding_ = 0;
};

}  // namespace connectd
