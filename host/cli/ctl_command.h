// connectd ctl: an operator's client of a running worker's REST API.
#pragma once

#include <string>
#include <vector>

namespace connectd {

// Runs `connectd ctl ARGS...`; returns the process exit code.
int RunCtlCommand(const std::vector<std::string>& args);

}  // namespace connectd
