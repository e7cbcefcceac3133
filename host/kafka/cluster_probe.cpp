#include "kafka/cluster_probe.h"

#include <librdkafka/rdkafka.h>

#include "kafka/client_config.h"

namespace connectd {

Status FetchClusterId(const std::string& bootstrap_servers, const ConfigMap& client_overrides, int timeout_ms,
                      std::string* cluster_id) {
  rd_kafka_conf_t* conf = nullptr;
  Status s = NewProducerConfig(bootstrap_servers, client_overrides, &conf);
  if (s.ok()) s = SetClientProperty(conf, "client.id", "connectd-probe");
  // The probe's own connection errors are reported by the caller, once per attempt.
  if (s.ok()) s = SetClientProperty(conf, "log_level", "0");
  if (!s.ok()) {
    if (conf != nullptr) rd_kafka_conf_destroy(conf);
    return s;
  }
  rd_kafka_conf_set_error_cb(conf, nullptr);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) return Status::InvalidArgument(std::string("cannot create a Kafka client: ") + err);
  char* id = rd_kafka_clusterid(rk, timeout_ms);
  if (id != nullptr) {
    *cluster_id = id;
    rd_kafka_mem_free(rk, id);
  }
  rd_kafka_destroy(rk);
  if (id == nullptr) {
    return Status::Retriable("no answer from Kafka at " + bootstrap_servers + " within " + std::to_string(timeout_ms) +
                             " ms");
  }
  return Status::OK();
}

}  // namespace connectd
