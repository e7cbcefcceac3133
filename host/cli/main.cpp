// connectd command line:
//   connectd standalone WORKER.properties CONNECTOR.properties|CONNECTOR.json ...
//   connectd plugins [--plugin-path DIRS] [--docs]
//   connectd version
//   connectd ctl ...   (a client of a running worker's REST API: see cli/ctl_command.h)
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>

#include <csignal>
#include <map>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "config/connector_config.h"
#include "config/connector_config_file.h"
#include "config/config_values.h"
#include "config/properties_file.h"
#include "config/worker_config.h"
#include "cli/ctl_command.h"
#include "converters/converter.h"
#include "kafka/cluster_probe.h"
#include "kafka/embedded_cluster.h"
#include "log/log.h"
#include "plugin/plugin_registry.h"
#include "rest/rest_server.h"
#include "runtime/worker.h"
#include "storage/connector_config_store.h"
#include "storage/offset_store.h"
#include "storage/status_store.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

constexpr const char* kComponent = "connectd";

struct CommandLine {
  std::string command;
  std::vector<std::string> args;
  std::string plugin_path;
  std::string log_level;
  bool docs = false;
  bool help = false;
};

Poco::Util::OptionSet Options() {
  using Poco::Util::Option;
  Poco::Util::OptionSet options;
  options.addOption(Option("help", "h", "print this help"));
  options.addOption(Option("plugin-path", "p", "plugin directories, comma separated (plugins command)")
                        .argument("DIRS"));
  options.addOption(Option("docs", "d", "print every connector's configuration reference as Markdown (plugins)"));
  options.addOption(Option("log-level", "l", "TRACE, DEBUG, INFO, WARN or ERROR (overrides log.level)")
                        .argument("LEVEL"));
  return options;
}

void PrintHelp() {
  // HelpFormatter keeps a reference to the options: they must outlive it.
  const Poco::Util::OptionSet options = Options();
  Poco::Util::HelpFormatter help(options);
  help.setUnixStyle(true);
  help.setCommand("connectd");
  help.setUsage(
      "standalone WORKER.properties CONNECTOR.properties|CONNECTOR.json ...\n"
      "       connectd plugins [--plugin-path DIRS] [--docs]\n"
      "       connectd version\n"
      "       connectd ctl [--url URL] [-o table|json] COMMAND ...   (connectd ctl --help)");
  help.setHeader("A native Kafka Connect worker.");
  help.format(std::cout);
}

bool ParseCommandLine(int argc, char** argv, CommandLine* out) {
  Poco::Util::OptionSet options = Options();
  Poco::Util::OptionProcessor processor(options);
  processor.setUnixStyle(true);
  try {
    for (int i = 1; i < argc; ++i) {
      std::string name;
      std::string value;
      if (processor.process(argv[i], name, value)) {
        if (name == "help") out->help = true;
        else if (name == "plugin-path") out->plugin_path = value;
        else if (name == "docs") out->docs = true;
        else if (name == "log-level") out->log_level = value;
      } else if (out->command.empty()) {
        out->command = argv[i];
      } else {
        out->args.push_back(argv[i]);
      }
    }
    processor.checkRequired();
  } catch (const Poco::Util::OptionException& e) {
    std::cerr << "connectd: " << e.displayText() << "\n";
    return false;
  }
  return true;
}

// Blocks SIGINT/SIGTERM/SIGHUP in every thread (threads inherit the mask) so the main thread alone
// takes them with sigtimedwait.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A write to a closed socket or pipe must fail with EPIPE, not kill the worker unflushed.
  signal(SIGPIPE, SIG_IGN);
  return set;
}

// Waits up to timeout_ms for SIGINT/SIGTERM; true when one arrived.
bool WaitForStopSignal(const sigset_t& set, int64_t timeout_ms) {
  timespec ts{static_cast<time_t>(timeout_ms / 1000), static_cast<long>((timeout_ms % 1000) * 1000000)};
  int sig = sigtimedwait(&set, nullptr, &ts);
  if (sig > 0) {
    LogInfo(kComponent, std::string("received ") + (sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "SIGTERM") +
                            ", shutting down");
    return true;
  }
  return false;
}

int Fatal(const Status& s) {
  LogError(kComponent, s.message());
  std::fprintf(stderr, "connectd: %s\n", s.message().c_str());
  return 1;
}

int Plugins(const CommandLine& cl) {
  PluginRegistry plugins;
  plugins.LoadPath(ParseConfigList(cl.plugin_path));
  if (cl.docs) {
    for (const auto& c : plugins.connectors()) {
      std::cout << "### " << c->class_name << "\n\n" << c->description << "\n\n"
                << "| key | type | default | importance | description |\n|---|---|---|---|---|\n";
      for (const ConfigKey& k : FrameworkConfigKeys(c->type)) std::cout << ConfigKeyMarkdownRow(k) << "\n";
      for (const ConfigKey& k : c->config_keys) std::cout << ConfigKeyMarkdownRow(k) << "\n";
      std::cout << "\n";
    }
    return 0;
  }
  std::printf("%-60s %-7s %s\n", "CONNECTOR", "TYPE", "VERSION");
  for (const auto& c : plugins.connectors()) {
    std::printf("%-60s %-7s %s\n", c->class_name.c_str(), c->type == CD_CONNECTOR_SINK ? "sink" : "source",
                c->version.c_str());
  }
  for (const std::string& name : ConverterClassNames()) std::printf("%-60s %-7s %s\n", name.c_str(), "converter", CONNECTD_VERSION);
  for (const std::string& name : TransformationClassNames()) {
    std::printf("%-60s %-7s %s\n", name.c_str(), "transform", CONNECTD_VERSION);
  }
  for (const std::string& name : PredicateClassNames()) std::printf("%-60s %-7s %s\n", name.c_str(), "predicate", CONNECTD_VERSION);
  return 0;
}

int Standalone(const CommandLine& cl, const sigset_t& signals) {
  if (cl.args.empty()) {
    PrintHelp();
    return 2;
  }
  ConfigMap props;
  Status s = ReadPropertiesFile(cl.args[0], &props);
  WorkerConfig config;
  if (s.ok()) s = ParseWorkerConfig(props, cl.args[0], &config);
  if (!s.ok()) return Fatal(s);
  LogLevel level = LogLevel::kInfo;
  LogLevelFromName(cl.log_level.empty() ? config.log_level : cl.log_level, &level);
  LogInit(level);

  // Read every connector file before starting anything, so a typo fails fast.
  std::vector<ConnectorDefinition> definitions;
  for (size_t i = 1; i < cl.args.size(); ++i) {
    ConnectorDefinition def;
    s = ReadConnectorDefinition(cl.args[i], &def);
    if (!s.ok()) return Fatal(s);
    definitions.push_back(std::move(def));
  }

  PluginRegistry plugins;
  plugins.LoadPath(config.plugin_path);
  if (plugins.connectors().empty()) {
    LogWarn(kComponent, "no connector plugins found; set plugin.path in " + cl.args[0]);
  }

  std::unique_ptr<OffsetStore> offsets = NewFileOffsetStore(config.offset_storage_file);
  s = offsets->Start();
  if (!s.ok()) return Fatal(s);
  if (config.offset_storage_file.empty()) {
    LogWarn(kComponent, "offset.storage.file.filename is not set: source offsets are kept in memory only");
  }

  std::unique_ptr<EmbeddedCluster> embedded;
  std::string bootstrap = config.bootstrap_servers;
  if (config.embedded_kafka()) {
    embedded = std::make_unique<EmbeddedCluster>();
    s = embedded->Start(1);
    if (!s.ok()) return Fatal(s);
    bootstrap = embedded->bootstrap_servers();
    LogWarn(kComponent, "**********************************************************************");
    LogWarn(kComponent, "No bootstrap.servers: running an EMBEDDED, IN-MEMORY Kafka at " + bootstrap + ".");
    LogWarn(kComponent, "It is for trying connectd out: every record is lost when connectd exits.");
    LogWarn(kComponent, "Set bootstrap.servers in " + cl.args[0] + " to use a real Kafka cluster.");
    LogWarn(kComponent, "**********************************************************************");
  }

  // Kafka Connect waits for its cluster before starting connectors; so do we, reporting each try.
  std::string cluster_id;
  int64_t backoff_ms = 1000;
  for (int attempt = 1;; ++attempt) {
    s = FetchClusterId(bootstrap, config.producer_overrides(), 1000, &cluster_id);
    if (s.ok()) break;
    if (!s.retriable()) return Fatal(s);
    LogWarn(kComponent, "cannot reach Kafka (attempt " + std::to_string(attempt) + "): " + s.message() +
                            "; retrying in " + std::to_string(backoff_ms) + " ms");
    if (WaitForStopSignal(signals, backoff_ms)) return 0;
    backoff_ms = std::min<int64_t>(backoff_ms * 2, 30000);
  }
  LogInfo(kComponent, "Kafka cluster " + cluster_id + " at " + bootstrap);

  std::unique_ptr<StatusStore> statuses = NewMemoryStatusStore();
  WorkerServices services;
  services.config = &config;
  services.bootstrap_servers = bootstrap;
  services.offsets = offsets.get();
  services.statuses = statuses.get();
  services.worker_id = config.rest_host + ":" + std::to_string(config.rest_port);
  if (embedded) services.ensure_topic = [cluster = embedded.get()](const std::string& t) { cluster->EnsureTopic(t); };
  ConnectorConfigStore store(config.config_storage_file);
  std::vector<StoredConnector> stored;
  s = store.Load(&stored);
  if (!s.ok()) return Fatal(s);
  if (config.config_storage_file.empty()) {
    LogWarn(kComponent, "no config.storage.file.filename (nor offset file): connectors created over REST are "
                        "forgotten at exit");
  }
  Worker worker(&plugins, services, &store);

  RestServer rest(&worker, cluster_id, static_cast<size_t>(config.rest_max_request_bytes));
  if (config.rest_port > 0) {
    s = rest.Start(config.rest_host, config.rest_port);
    if (!s.ok()) return Fatal(s);
  }
  // Connectors kept from earlier runs come back in their target state; a connector also given
  // on the command line takes the command line's config.
  std::map<std::string, TargetState> kept_states;
  for (const StoredConnector& c : stored) kept_states[c.name] = c.target_state;
  for (const StoredConnector& c : stored) {
    bool on_command_line = false;
    for (const ConnectorDefinition& def : definitions) on_command_line = on_command_line || def.name == c.name;
    if (on_command_line) continue;
    s = worker.AddConnector(ConnectorDefinition{c.name, c.config}, c.target_state);
    if (!s.ok()) LogError(kComponent, "connector '" + c.name + "' kept in " + store.path() + ": " + s.message());
  }
  for (const ConnectorDefinition& def : definitions) {
    auto kept = kept_states.find(def.name);
    s = worker.AddConnector(def, kept == kept_states.end() ? TargetState::kStarted : kept->second);
    if (s.code() == Status::Code::kInvalidArgument || s.code() == Status::Code::kAlreadyExists) {
      worker.StopAll();
      return Fatal(s);
    }
    if (!s.ok()) LogError(kComponent, s.message() + " (the connector is FAILED; other connectors keep running)");
  }
  rest.MarkStarted();
  LogInfo(kComponent, "connectd ready: " + std::to_string(worker.ConnectorNames().size()) + " connector(s)" +
                          (config.rest_port > 0 ? ", REST API at http://" + config.rest_host + ":" +
                                                      std::to_string(rest.port())
                                                : std::string(", REST API disabled")));

  while (!WaitForStopSignal(signals, 200)) worker.Tick();
  rest.Stop();
  worker.StopAll();
  LogInfo(kComponent, "stopped; offsets flushed");
  return 0;
}

}  // namespace
}  // namespace connectd

int main(int argc, char** argv) {
  using namespace connectd;
  sigset_t signals = BlockStopSignals();
  LogInit(LogLevel::kInfo);
  // ctl has its own options (-o, -f, --url); everything after "ctl" is its.
  if (argc > 1 && std::string(argv[1]) == "ctl") return RunCtlCommand(std::vector<std::string>(argv + 2, argv + argc));
  CommandLine cl;
  if (!ParseCommandLine(argc, argv, &cl)) return 2;
  if (cl.help || cl.command.empty()) {
    PrintHelp();
    return cl.help ? 0 : 2;
  }
  if (cl.command == "version") {
    std::printf("connectd %s (plugin ABI %d.%d)\n", CONNECTD_VERSION, CD_ABI_MAJOR, CD_ABI_MINOR);
    return 0;
  }
  if (cl.command == "plugins") return Plugins(cl);
  if (cl.command == "standalone") return Standalone(cl, signals);
  std::fprintf(stderr, "connectd: unknown command '%s' (try --help)\n", cl.command.c_str());
  return 2;
}
