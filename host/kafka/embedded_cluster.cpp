#include "kafka/embedded_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace connectd {

EmbeddedCluster::~EmbeddedCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

Status EmbeddedCluster::Start(int brokers) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The handle only hosts the mock cluster; it never connects anywhere.
  if (rd_kafka_conf_set(conf, "client.id", "connectd-embedded-kafka", err, sizeof(err)) != RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "4", err, sizeof(err)) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return Status::Failed(std::string("embedded Kafka: ") + err);
  }
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (handle_ == nullptr) return Status::Failed(std::string("embedded Kafka: ") + err);
  cluster_ = rd_kafka_mock_cluster_new(handle_, brokers);
  if (cluster_ == nullptr) return Status::Failed("embedded Kafka: cannot create the mock cluster");
  bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_);
  return Status::OK();
}

Status EmbeddedCluster::CreateTopic(const std::string& topic, int partitions) {
  rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Failed("embedded Kafka: cannot create topic '" + topic + "': " + rd_kafka_err2str(e));
  }
  return Status::OK();
}

}  // namespace connectd

namespace connectd {

void EmbeddedCluster::EnsureTopic(const std::string& topic) {
  std::lock_guard<std::mutex> lock(topics_mu_);
  if (!topics_.insert(topic).second) return;
  // An existing topic (auto-created by a client first) is fine as it is.
  rd_kafka_mock_topic_create(cluster_, topic.c_str(), 1, 1);
}

}  // namespace connectd
