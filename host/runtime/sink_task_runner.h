// SinkTaskRunner: librdkafka consumer (group "connect-<connector>") -> converters -> transforms
// -> plugin put, for one sink task. Consumer offsets are committed only for what the plugin's
// flush confirmed durable, every offset.flush.interval.ms, before partitions are revoked, and at
// shutdown. A put that asks to retry pauses the assigned partitions and delivers the same batch
// again after a backoff, so nothing queues up without bound.
#pragma once

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/task_runner.h"

namespace connectd {

class SinkTaskRunner final : public TaskRunner {
 public:
  explicit SinkTaskRunner(TaskSpec spec) : TaskRunner(std::move(spec)) {}

 private:
  using TopicPartitionKey = std::pair<std::string, int32_t>;

  void Run() override;
  Status CreateConsumer();
  Status Subscribe();
  // Converts and transforms one message; *out stays null when a transform drops it.
  Status ToRecord(const rd_kafka_message_t* message, std::unique_ptr<ConnectRecord>* out);
  // Hands a batch to the plugin, retrying with backoff while it asks to.
  Status Put(const std::vector<std::unique_ptr<ConnectRecord>>& records);
  // Flushes the plugin and commits what it confirmed. `only` limits it to some partitions.
  Status FlushAndCommit(const rd_kafka_topic_partition_list_t* only);
  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  static void RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                                void* opaque);

  rd_kafka_t* consumer_ = nullptr;
  std::map<TopicPartitionKey, int64_t> positions_;  // next offset to read, per assigned partition
  std::map<TopicPartitionKey, int64_t> committed_;
  Status rebalance_error_;
};

}  // namespace connectd
