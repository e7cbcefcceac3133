// /connector-plugins: the installed connector classes (and, with ?connectorsOnly=false, the
// converters, transforms and predicates), each plugin's config definition, and validation of a
// config against it in Kafka's ConfigInfos shape.
//
// Threading: any Poco server thread; the registry is read-only once loaded.
#pragma once

#include "rest/rest_exchange.h"

namespace connectd {

class PluginRegistry;

// Precondition: req.segments[0] == "connector-plugins".
RestReply HandleConnectorPlugins(const RestRequest& req, const PluginRegistry& plugins);

}  // namespace connectd
