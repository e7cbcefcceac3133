// The connector files `connectd ctl apply -f` accepts: everything `connectd standalone` reads
// (ReadConnectorDefinition: .properties with name=, JSON {"name": ..., "config": {...}}) and
// also the flat JSON object that PUT /connectors/{name}/config takes, when it holds "name" — the
// shape `curl` users keep their configs in.
//
// Threading: any thread.
#pragma once

#include <string>

#include "config/connector_config_file.h"
#include "error/status.h"

namespace connectd {

// Reads `path` into *out (config includes "name"). Errors name the path: unreadable file,
// invalid JSON or properties (with line), missing or empty name, missing connector.class.
Status ReadAppliedConnector(const std::string& path, ConnectorDefinition* out);

}  // namespace connectd
