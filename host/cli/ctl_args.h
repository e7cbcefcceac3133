// The command line of `connectd ctl`: what to do, against which worker, printed how. Parsing is
// separate from running so usage errors (exit code 2) are found before any request is sent.
//
// Threading: pure; any thread.
#pragma once

#include <string>
#include <vector>

#include "error/status.h"

namespace connectd {

enum class CtlAction {
  kHelp,
  kGetConnectors,
  kGetPlugins,
  kDescribeConnector,
  kApply,
  kPause,
  kResume,
  kStop,
  kDelete,
  kRestart,
  kOffsets,
};

enum class CtlFormat { kTable, kJson };

struct CtlInvocation {
  CtlAction action = CtlAction::kHelp;
  std::string url;  // checked by CheckWorkerUrl
  CtlFormat format = CtlFormat::kTable;
  std::string connector;            // every action on one connector
  std::vector<std::string> files;   // apply: the -f files, in order
  bool include_tasks = false;       // restart
  bool only_failed = false;         // restart
  int task = -1;                    // restart --task N: that task alone (N >= 0)
};

// The text `connectd ctl --help` prints.
const char* CtlUsage();

// Parses the arguments after `ctl`. Options may come before or after the command words;
// `default_url` is used when there is no --url ($CONNECTD_URL or http://127.0.0.1:8083, chosen
// by the caller). InvalidArgument describes the usage error (unknown command or option, missing
// connector name, an option the command does not take, a bad --url, -o or --task value).
Status ParseCtlArgs(const std::vector<std::string>& args, const std::string& default_url, CtlInvocation* out);

}  // namespace connectd
