// WorkerConfig: the standalone worker's settings, read from its .properties file with Kafka
// Connect's key names. Unknown keys are kept (producer.*/consumer.* pass through to librdkafka).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

struct WorkerConfig {
  ConfigMap raw;  // every key as written

  // Empty or "embedded": run the in-process in-memory cluster.
  std::string bootstrap_servers;
  bool embedded_kafka() const { return bootstrap_servers.empty() || bootstrap_servers == "embedded"; }
  std::vector<std::string> plugin_path;  // directories (or .so files)
  std::string offset_storage_file;       // empty: offsets kept in memory only
  // Connectors and their target states (config.storage.file.filename); by default
  // connectors.json beside the offsets file; empty: kept in memory only.
  std::string config_storage_file;
  int64_t offset_flush_interval_ms = 60000;
  std::string key_converter = "org.apache.kafka.connect.json.JsonConverter";
  std::string value_converter = "org.apache.kafka.connect.json.JsonConverter";
  // REST listener; from `listeners` (first http:// entry) or legacy rest.host.name/rest.port.
  std::string rest_host = "127.0.0.1";
  int rest_port = 8083;  // 0: no REST server
  int64_t rest_max_request_bytes = 1 << 20;  // larger request bodies are refused with 400
  std::string log_level = "INFO";

  // "producer."/"consumer." keys with the prefix removed, for librdkafka.
  ConfigMap producer_overrides() const { return ConfigWithPrefix(raw, "producer."); }
  ConfigMap consumer_overrides() const { return ConfigWithPrefix(raw, "consumer."); }
};

// Interprets `props` (source names the file in errors). InvalidArgument names the key.
Status ParseWorkerConfig(const ConfigMap& props, const std::string& source, WorkerConfig* out);

}  // namespace connectd
