// SinkTaskRunner: librdkafka consumer (group "connect-<connector>") -> converters -> transforms
// -> plugin put, for one sink task. Consumer offsets are committed only for what the plugin's
// flush confirmed durable, every offset.flush.interval.ms, before partitions are revoked, and at
// shutdown. A put that asks to retry pauses the assigned partitions and delivers the same batch
// again after a backoff, so nothing queues up without bound.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <deque>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/task_runner.h"

namespace connectd {

class SinkTaskRunner final : public TaskRunner, private DeferredValue {
 public:
  explicit SinkTaskRunner(TaskSpec spec) : TaskRunner(std::move(spec)) {}
  ~SinkTaskRunner() override {
    RequestStop();
    Join();
  }

 private:
  using TopicPartitionKey = std::pair<std::string, int32_t>;

  void Run() override;
  Status CreateConsumer();
  Status Subscribe();
  // Converts and transforms one message; *out stays null when a transform drops it.
  Status ToRecord(const rd_kafka_message_t* message, std::unique_ptr<ConnectRecord>* out);
  // Hands a batch to the plugin, retrying with backoff while it asks to. Records of partitions
  // revoked meanwhile are dropped from the batch first (their new owner reads them again).
  Status Put(std::vector<std::unique_ptr<ConnectRecord>>& records);
  // Removes records and positions of partitions this task no longer owns.
  void DropUnassigned(std::vector<std::unique_ptr<ConnectRecord>>* records,
                      std::vector<std::pair<TopicPartitionKey, int64_t>>* consumed) const;
  // Releases consumer_queue_ and topic_handles_; before the consumer is closed.
  void ReleaseConsumerHandles();
  // The next message: one taken earlier (deferred_), else from the consumer.
  rd_kafka_message_t* NextMessage(int timeout_ms);
  // Flushes the plugin and commits what it confirmed. `only` limits it to some partitions.
  Status FlushAndCommit(const rd_kafka_topic_partition_list_t* only);
  // Every `interval`: flush and commit; a retriable failure is logged and retried next time, any
  // other fails the task.
  void CommitIfDue(std::chrono::milliseconds interval, std::chrono::steady_clock::time_point* next_commit);
  // Follows a pause or resume request: pauses or resumes the fetching of every assigned
  // partition. True while paused.
  bool SyncPause();
  // DeferredValue: the value of a record handed over as JSON only, read from that JSON.
  void Build(ConnectRecord& record) override;
  // Sets the offset each of `partitions` starts from: its committed offset, else the end that
  // auto.offset.reset names. librdkafka finds the same by itself, but waits 100 ms before it
  // resets a partition without a committed offset (every partition of a new group). Leaves the
  // list as it is when the committed offsets cannot be read; librdkafka then resolves them.
  // Task thread (inside a rebalance callback); blocks for one round trip to the coordinator.
  void SetStartOffsets(rd_kafka_topic_partition_list_t* partitions);
  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  static void RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                                void* opaque);

  rd_kafka_t* consumer_ = nullptr;
  // Records per put(): consumer.max.poll.records (a Java consumer key librdkafka lacks).
  size_t max_batch_ = 500;
  std::set<TopicPartitionKey> assigned_;
  rd_kafka_queue_t* consumer_queue_ = nullptr;  // the consumer's queue, for batch reads
  std::vector<rd_kafka_topic_t*> topic_handles_;  // of the subscribed topics (see Subscribe)
  // Messages taken from the consumer and not converted yet: the rest of a batch read, and those
  // that arrived while a put was being retried. Kept, never dropped, and handed out in order by
  // NextMessage (those of revoked partitions are discarded at revocation).
  std::deque<rd_kafka_message_t*> deferred_;
  std::vector<rd_kafka_message_t*> taken_;  // NextMessage's batch read
  bool retrying_ = false;
  bool user_paused_ = false;  // paused through the REST API (SetPaused)
  std::map<TopicPartitionKey, int64_t> positions_;  // next offset to read, per assigned partition
  std::map<TopicPartitionKey, int64_t> committed_;
  Status rebalance_error_;
  // The plugin reads values as JSON only (sink_values_as_json), there are no transforms, and the
  // value converter can give that JSON straight from the message (ToSchemalessJson): values are
  // then only built when the plugin asks for one.
  bool values_as_json_ = false;
  ErrorContext message_where_;  // ToRecord's, reused
};

}  // namespace connectd
