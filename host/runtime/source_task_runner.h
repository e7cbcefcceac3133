// SourceTaskRunner: poll -> transforms -> converters -> librdkafka producer, for one source task.
// Offsets are staged in the offset store only once Kafka acknowledged the record and every
// earlier record of its source partition, and flushed every offset.flush.interval.ms and at
// shutdown. Back-pressure: when the producer queue is full or too many records are unacknowledged,
// the loop stops polling the plugin until deliveries catch up.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <string>

#include "runtime/submitted_records.h"
#include "runtime/task_runner.h"

namespace connectd {

class SourceTaskRunner final : public TaskRunner {
 public:
  explicit SourceTaskRunner(TaskSpec spec) : TaskRunner(std::move(spec)) {}
  ~SourceTaskRunner() override {
    RequestStop();
    Join();
  }

 private:
  void Run() override;
  Status CreateProducer();
  // Transforms, converts and produces one record; takes ownership.
  Status Send(std::unique_ptr<ConnectRecord> record);
  // Moves acknowledged offsets to the offset store (staged).
  Status CollectAcknowledged();
  // Collects, then makes the store durable and tells the plugin.
  Status CommitOffsets();
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);

  rd_kafka_t* producer_ = nullptr;
  SubmittedRecords submitted_;
  std::string delivery_error_;  // first permanent delivery failure
  std::string last_topic_;  // the topic ensure_topic last saw, to call it once per topic change
  std::string key_buffer_;
  std::string value_buffer_;
};

}  // namespace connectd
