#include "kafka/client_config.h"

#include "log/log.h"

namespace connectd {

namespace {

// librdkafka's own log lines go through the host's logger, so broker outages are reported.
void LogCallback(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  LogLevel l = level <= 3 ? LogLevel::kError : level <= 4 ? LogLevel::kWarn : level <= 6 ? LogLevel::kInfo : LogLevel::kDebug;
  Log(l, std::string("kafka.") + rd_kafka_name(rk), std::string(fac) + ": " + buf);
}

void ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void*) {
  LogWarn(std::string("kafka.") + rd_kafka_name(rk),
          std::string(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))) + ": " + reason +
              " (librdkafka keeps retrying with backoff)");
}

Status Build(const std::string& bootstrap_servers, const ConfigMap& defaults, const ConfigMap& overrides,
             const char* override_prefix, rd_kafka_conf_t** out) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Status s = SetClientProperty(conf, "bootstrap.servers", bootstrap_servers);
  for (const auto& [k, v] : defaults) {
    if (s.ok()) s = SetClientProperty(conf, k, v);
  }
  for (const auto& [k, v] : overrides) {
    if (s.ok()) s = SetClientProperty(conf, k, v).WithContext(std::string("worker config ") + override_prefix + k);
  }
  if (!s.ok()) {
    rd_kafka_conf_destroy(conf);
    return s;
  }
  rd_kafka_conf_set_log_cb(conf, &LogCallback);
  rd_kafka_conf_set_error_cb(conf, &ErrorCallback);
  *out = conf;
  return Status::OK();
}

}  // namespace

Status SetClientProperty(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
    return Status::InvalidArgument("invalid Kafka client property '" + key + "': " + err);
  }
  return Status::OK();
}

Status NewProducerConfig(const std::string& bootstrap_servers, const ConfigMap& overrides, rd_kafka_conf_t** out) {
  const ConfigMap defaults = {
      {"acks", "all"},
      {"enable.idempotence", "true"},
      {"message.timeout.ms", "0"},
      {"linger.ms", "5"},
      // The Java producer's partitioning (murmur2 of the key; keyless records sticky): a key lands
      // in the partition the JVM Kafka Connect put it in, so per-key order holds across a move to
      // connectd. librdkafka's own default hashes with CRC32.
      {"partitioner", "murmur2_random"},
      {"queue.buffering.max.messages", "1000000"},
      // 16 MB of payload rather than librdkafka's 1 GB (the Java producer's buffer.memory is
      // 32 MB): a fast source then waits for the broker instead of growing the process. librdkafka
      // roughly doubles this in per-message state; at 32 MB the CDC source reached 115-120 MB of
      // RSS with ~600-byte events, at 16 MB 72 MB, at the same rate (tests/bench).
      {"queue.buffering.max.kbytes", "16384"},
  };
  return Build(bootstrap_servers, defaults, overrides, "producer.", out);
}

Status NewConsumerConfig(const std::string& bootstrap_servers, const std::string& group_id, const ConfigMap& overrides,
                         rd_kafka_conf_t** out) {
  ConfigMap defaults = {
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", "false"},
  };
  // Once the pre-fetch queue is above queued.min.messages or queued.max.messages.kbytes,
  // librdkafka fetches again only after a backoff: fetch.queue.backoff.ms since 2.3, a fixed
  // second before (Debian 12 ships 2.0). With librdkafka's 100000 messages (counted over all
  // assigned partitions together) a sink slower than the broker then got ~100k records a second,
  // however fast it was. Before 2.3 the queue must hold a second of records: the message count is
  // lifted so that the byte bound (64 MB by default) governs.
  if (rd_kafka_version() >= 0x020300ff) {
    defaults["fetch.queue.backoff.ms"] = "20";
  } else {
    defaults["queued.min.messages"] = "10000000";
  }
  Status s = Build(bootstrap_servers, defaults, overrides, "consumer.", out);
  if (s.ok()) s = SetClientProperty(*out, "group.id", group_id);
  return s;
}

}  // namespace connectd
