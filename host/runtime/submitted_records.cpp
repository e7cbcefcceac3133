#include "runtime/submitted_records.h"

namespace connectd {

namespace {
// Shared partitions usually compare by pointer; equal maps built separately still match.
bool SamePartition(const std::shared_ptr<const Value>& a, const std::shared_ptr<const Value>& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return *a == *b;
}
}  // namespace

SubmittedRecords::PartitionQueue& SubmittedRecords::QueueFor(const std::shared_ptr<const Value>& partition) {
  if (last_queue_ != nullptr && SamePartition(last_queue_->partition, partition)) return *last_queue_;
  for (auto& q : queues_) {
    if (SamePartition(q->partition, partition)) {
      last_queue_ = q.get();
      return *q;
    }
  }
  queues_.push_back(std::make_unique<PartitionQueue>());
  queues_.back()->partition = partition;
  last_queue_ = queues_.back().get();
  return *last_queue_;
}

SubmittedRecords::Submitted* SubmittedRecords::Submit(const std::shared_ptr<const Value>& source_partition,
                                                      Value& source_offset, std::unique_ptr<ConnectRecord> original) {
  std::lock_guard<std::mutex> lock(mutex_);
  PartitionQueue& q = QueueFor(source_partition);
  q.records.push_back(Submitted{std::move(source_offset), false, std::move(original)});
  ++outstanding_;
  return &q.records.back();
}

void SubmittedRecords::Ack(Submitted* record) {
  std::lock_guard<std::mutex> lock(mutex_);
  record->acked = true;
}

size_t SubmittedRecords::outstanding() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return outstanding_;
}

std::vector<std::pair<Value, Value>> SubmittedRecords::Committable(
    const std::function<void(const ConnectRecord&)>& on_committable) {
  std::vector<std::pair<Value, Value>> out;
  std::vector<std::unique_ptr<ConnectRecord>> committed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& q : queues_) {
      Value latest;
      bool found = false;
      while (!q->records.empty() && q->records.front().acked) {
        Submitted& front = q->records.front();
        if (front.original && on_committable) committed.push_back(std::move(front.original));
        if (!front.offset.is_null()) {
          latest = std::move(front.offset);
          found = true;
        }
        q->records.pop_front();
        --outstanding_;
      }
      if (found && q->partition) out.emplace_back(*q->partition, std::move(latest));
    }
  }
  for (const auto& original : committed) on_committable(*original);
  return out;
}

}  // namespace connectd
