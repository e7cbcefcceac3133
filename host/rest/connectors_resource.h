// /connectors: list, create, read, update (PUT and PATCH), delete connectors; their status,
// tasks, active topics and offsets; pause, resume, stop and restart, with Kafka Connect's paths,
// status codes and JSON shapes.
//
// Threading: any Poco server thread; the worker serialises what changes connectors.
#pragma once

#include "rest/rest_exchange.h"

namespace connectd {

class Worker;

// Precondition: req.segments[0] == "connectors".
RestReply HandleConnectors(const RestRequest& req, Worker* worker);

}  // namespace connectd
