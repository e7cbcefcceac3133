// EmbeddedCluster: librdkafka's in-memory mock cluster running inside the connectd process, the
// quickstart's Kafka. It speaks the real Kafka protocol on 127.0.0.1, so kcat and other clients
// can reach it, but it keeps everything in memory (about 5 MB per partition, lost at exit).
//
// Threading: Start and the destructor on the main thread; the cluster runs its own threads.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include "error/status.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace connectd {

class EmbeddedCluster {
 public:
  EmbeddedCluster() = default;
  ~EmbeddedCluster();
  EmbeddedCluster(const EmbeddedCluster&) = delete;
  EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

  Status Start(int brokers);
  // "127.0.0.1:port,..." once started.
  const std::string& bootstrap_servers() const { return bootstraps_; }
  // Creates a topic with an explicit partition count (otherwise topics are auto-created).
  Status CreateTopic(const std::string& topic, int partitions);
  // Creates `topic` with one partition unless it exists, as a Kafka broker with its default
  // num.partitions=1 auto-creates it (the mock cluster alone would make 4, which reorders a
  // file's lines). Thread-safe.
  void EnsureTopic(const std::string& topic);
  // The mock cluster itself, for fault injection in tests (rd_kafka_mock_push_request_errors).
  rd_kafka_mock_cluster_t* mock_cluster() const { return cluster_; }

 private:
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstraps_;
  std::mutex topics_mu_;
  std::set<std::string> topics_;
};

}  // namespace connectd
