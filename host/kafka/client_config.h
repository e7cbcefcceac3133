// Builds librdkafka client configurations for the worker's producers and consumers: Kafka
// Connect's defaults first, then the worker's producer.* / consumer.* overrides, then what the
// runtime must own (group.id, callbacks). An invalid key or value fails naming it.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

// Producer for source tasks: acks=all, idempotent (ordered retries), infinite delivery timeout
// (a broker outage delays delivery but never drops records).
Status NewProducerConfig(const std::string& bootstrap_servers, const ConfigMap& overrides, rd_kafka_conf_t** out);
// Consumer for sink tasks: group `group_id`, no auto-commit (offsets are committed only after the
// plugin's flush), earliest reset.
Status NewConsumerConfig(const std::string& bootstrap_servers, const std::string& group_id, const ConfigMap& overrides,
                         rd_kafka_conf_t** out);
// Sets one property; InvalidArgument names it and librdkafka's reason.
Status SetClientProperty(rd_kafka_conf_t* conf, const std::string& key, const std::string& value);

}  // namespace connectd
