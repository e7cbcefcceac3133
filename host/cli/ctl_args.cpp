#include "cli/ctl_args.h"

#include <map>
#include <utility>

#include "cli/ctl_rest_client.h"

namespace connectd {

namespace {

// The options that take a value, under every spelling, mapped to one canonical name.
const std::map<std::string, std::string>& ValueOptions() {
  static const std::map<std::string, std::string> options = {
      {"--url", "--url"},   {"-o", "-o"}, {"--output", "-o"}, {"-f", "-f"},
      {"--filename", "-f"}, {"--task", "--task"},
  };
  return options;
}

// Splits "--url=X", "-oX" and "-o=X" into option and value; false when `arg` is no such form.
bool SplitAttachedValue(const std::string& arg, std::string* option, std::string* value) {
  size_t eq = arg.find('=');
  if (arg.compare(0, 2, "--") == 0 && eq != std::string::npos) {
    *option = arg.substr(0, eq);
    *value = arg.substr(eq + 1);
    return ValueOptions().count(*option) > 0;
  }
  if (arg.size() > 2 && arg[0] == '-' && arg[1] != '-') {
    *option = arg.substr(0, 2);
    *value = arg.substr(arg[2] == '=' ? 3 : 2);
    return ValueOptions().count(*option) > 0;
  }
  return false;
}

Status ParseTaskId(const std::string& text, int* out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("--task takes a task number (0, 1, ...), not '" + text + "'");
  }
  *out = std::stoi(text);
  return Status::OK();
}

struct Scanned {
  std::vector<std::string> words;
  std::map<std::string, std::vector<std::string>> values;  // canonical option -> values in order
  bool include_tasks = false;
  bool only_failed = false;
  bool help = false;
};

Status Scan(const std::vector<std::string>& args, Scanned* out) {
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg == "-" || arg.empty() || arg[0] != '-') {
      out->words.push_back(arg);
      continue;
    }
    std::string option;
    std::string value;
    if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      out->help = true;
    } else if (arg == "--include-tasks") {
      out->include_tasks = true;
    } else if (arg == "--only-failed") {
      out->only_failed = true;
    } else if (ValueOptions().count(arg) > 0) {
      if (i + 1 >= args.size()) return Status::InvalidArgument("option " + arg + " needs a value");
      out->values[ValueOptions().at(arg)].push_back(args[++i]);
    } else if (SplitAttachedValue(arg, &option, &value)) {
      out->values[ValueOptions().at(option)].push_back(value);
    } else {
      return Status::InvalidArgument("unknown option '" + arg + "'");
    }
  }
  return Status::OK();
}

// The last value given for `option` (later ones win, as in kubectl), or `fallback`.
std::string LastValue(const Scanned& s, const std::string& option, const std::string& fallback) {
  auto it = s.values.find(option);
  return it == s.values.end() ? fallback : it->second.back();
}

// Sets the action from the command words; `words[0]` is the command.
Status ParseWords(const std::vector<std::string>& words, CtlInvocation* out) {
  if (words.empty()) return Status::InvalidArgument("missing command (get, describe, apply, pause, resume, stop, "
                                                    "restart, delete, offsets)");
  const std::string& command = words[0];
  auto expect_count = [&](size_t count, const std::string& form) {
    if (words.size() == count) return Status::OK();
    return Status::InvalidArgument(words.size() < count ? "missing argument: usage is 'connectd ctl " + form + "'"
                                                        : "unexpected argument '" + words[count] +
                                                              "': usage is 'connectd ctl " + form + "'");
  };
  if (command == "help") {
    out->action = CtlAction::kHelp;
    return Status::OK();
  }
  if (command == "get") {
    Status s = expect_count(2, "get connectors|plugins");
    if (!s.ok()) return s;
    if (words[1] == "connectors" || words[1] == "connector") {
      out->action = CtlAction::kGetConnectors;
    } else if (words[1] == "plugins" || words[1] == "plugin" || words[1] == "connector-plugins") {
      out->action = CtlAction::kGetPlugins;
    } else {
      return Status::InvalidArgument("cannot get '" + words[1] + "': use 'get connectors' or 'get plugins'");
    }
    return Status::OK();
  }
  if (command == "describe") {
    Status s = expect_count(3, "describe connector NAME");
    if (!s.ok()) return s;
    if (words[1] != "connector" && words[1] != "connectors") {
      return Status::InvalidArgument("cannot describe '" + words[1] + "': use 'describe connector NAME'");
    }
    if (words[2].empty()) return Status::InvalidArgument("the connector name is empty");
    out->action = CtlAction::kDescribeConnector;
    out->connector = words[2];
    return Status::OK();
  }
  if (command == "apply") {
    out->action = CtlAction::kApply;
    return expect_count(1, "apply -f FILE [-f FILE...]");
  }
  static const std::map<std::string, CtlAction> kOnConnector = {
      {"pause", CtlAction::kPause},   {"resume", CtlAction::kResume},   {"stop", CtlAction::kStop},
      {"delete", CtlAction::kDelete}, {"restart", CtlAction::kRestart}, {"offsets", CtlAction::kOffsets},
  };
  auto action = kOnConnector.find(command);
  if (action == kOnConnector.end()) {
    return Status::InvalidArgument("unknown command '" + command + "'");
  }
  Status s = expect_count(2, command + " NAME");
  if (!s.ok()) return s;
  if (words[1].empty()) return Status::InvalidArgument("the connector name is empty");
  out->action = action->second;
  out->connector = words[1];
  return Status::OK();
}

}  // namespace

const char* CtlUsage() {
  return "Usage: connectd ctl [--url URL] [-o table|json] COMMAND\n"
         "\n"
         "Manages the connectors of a running connectd (or Kafka Connect) worker over its REST API.\n"
         "\n"
         "Commands:\n"
         "  get connectors                      list connectors: NAME TYPE STATE TASKS(running/total) CLASS\n"
         "  get plugins                         list the installed plugins: CLASS TYPE VERSION\n"
         "  describe connector NAME             config, state, tasks (with failure traces) and topics\n"
         "  apply -f FILE [-f FILE...]          create or update connectors from .properties or .json files\n"
         "  pause NAME | resume NAME            pause or resume a connector and its tasks\n"
         "  stop NAME                           stop a connector and shut its tasks down (keeps its config)\n"
         "  restart NAME [--include-tasks] [--only-failed]\n"
         "                                      restart a connector (and its tasks, or only failed ones)\n"
         "  restart NAME --task N               restart task N of a connector\n"
         "  delete NAME                         delete a connector\n"
         "  offsets NAME                        show a connector's offsets: PARTITION OFFSET\n"
         "\n"
         "Options:\n"
         "  --url URL          the worker's REST API (default: $CONNECTD_URL, else http://127.0.0.1:8083)\n"
         "  -o, --output FMT   table (default) or json (the worker's JSON, pretty-printed)\n"
         "  -f, --filename F   apply: a connector file, .properties with name=..., or JSON\n"
         "                     {\"name\": ..., \"config\": {...}} or a flat JSON config holding \"name\"\n"
         "  -h, --help         print this help\n"
         "\n"
         "Exit codes: 0 success, 1 the worker refused the request or could not be reached, 2 usage error.\n";
}

Status ParseCtlArgs(const std::vector<std::string>& args, const std::string& default_url, CtlInvocation* out) {
  Scanned scanned;
  Status s = Scan(args, &scanned);
  if (!s.ok()) return s;
  CtlInvocation inv;
  if (scanned.help) {
    *out = inv;
    return Status::OK();
  }
  s = ParseWords(scanned.words, &inv);
  if (!s.ok()) return s;

  inv.url = LastValue(scanned, "--url", default_url);
  s = CheckWorkerUrl(inv.url);
  if (!s.ok()) return s;
  const std::string format = LastValue(scanned, "-o", "table");
  if (format == "json") {
    inv.format = CtlFormat::kJson;
  } else if (format != "table") {
    return Status::InvalidArgument("-o takes table or json, not '" + format + "'");
  }

  auto files = scanned.values.find("-f");
  if (files != scanned.values.end()) {
    if (inv.action != CtlAction::kApply) return Status::InvalidArgument("-f is only for apply");
    inv.files = files->second;
  } else if (inv.action == CtlAction::kApply) {
    return Status::InvalidArgument("apply needs at least one -f FILE");
  }

  const bool task_given = scanned.values.count("--task") > 0;
  if (inv.action != CtlAction::kRestart && (task_given || scanned.include_tasks || scanned.only_failed)) {
    return Status::InvalidArgument("--task, --include-tasks and --only-failed are only for restart");
  }
  if (task_given) {
    if (scanned.include_tasks || scanned.only_failed) {
      return Status::InvalidArgument("--task restarts one task; it cannot be combined with --include-tasks or "
                                     "--only-failed");
    }
    s = ParseTaskId(LastValue(scanned, "--task", ""), &inv.task);
    if (!s.ok()) return s;
  }
  inv.include_tasks = scanned.include_tasks;
  inv.only_failed = scanned.only_failed;
  *out = std::move(inv);
  return Status::OK();
}

}  // namespace connectd
