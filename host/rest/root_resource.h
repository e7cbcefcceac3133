// GET / (the worker's version and its Kafka cluster) and GET /health (whether the worker has
// finished starting), as Kafka Connect answers them.
//
// Threading: any Poco server thread.
#pragma once

#include <string>

#include "rest/rest_exchange.h"

namespace connectd {

// `started`: the worker has loaded its connectors and handles requests fully.
RestReply HandleRoot(const RestRequest& req, const std::string& kafka_cluster_id, bool started);

}  // namespace connectd
