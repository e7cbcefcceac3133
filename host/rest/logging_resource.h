// /admin/loggers: the log level of every logger, and changing one at run time, with Kafka
// Connect's shapes.
//
// Threading: any Poco server thread.
#pragma once

#include "rest/rest_exchange.h"

namespace connectd {

// Precondition: req.segments[0] == "admin".
RestReply HandleLoggers(const RestRequest& req);

}  // namespace connectd
