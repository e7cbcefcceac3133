// Asks a Kafka cluster for its id: the worker's check that Kafka is reachable before connectors
// start, and the kafka_cluster_id the REST API reports.
#pragma once

#include <string>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

// Retriable when the cluster does not answer within timeout_ms; InvalidArgument when the
// client settings themselves are wrong.
Status FetchClusterId(const std::string& bootstrap_servers, const ConfigMap& client_overrides, int timeout_ms,
                      std::string* cluster_id);

}  // namespace connectd
