// The table of host services handed to every plugin (cd_host_api in plugin.h). The table is
// immutable and lives for the whole process.
#pragma once

#include "connectd/plugin.h"

namespace connectd {

const cd_host_api* HostApi();

}  // namespace connectd
