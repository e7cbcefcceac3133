// Worker: the standalone herder. Owns every running connector, validates configs against the
// plugin's config table and the framework's keys, and answers what the REST API asks.
//
// Threading: every method may be called from any thread (the main thread, REST handlers). The
// ones that start or stop connectors are serialised by one lifecycle mutex; they call plugins and
// join tasks without holding the mutex the query methods take, so queries never wait on a plugin.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/connector_config_file.h"
#include "runtime/connector_instance.h"

namespace connectd {

struct ConnectorInfo {
  std::string name;
  ConfigMap config;  // as submitted
  std::vector<ConfigMap> tasks;
  cd_connector_type type = CD_CONNECTOR_SOURCE;
};

class Worker {
 public:
  Worker(const PluginRegistry* plugins, WorkerServices services);
  ~Worker();

  // Validates and starts a connector. InvalidArgument names the connector and lists every bad
  // key; a connector that fails to start stays registered as FAILED and its error is returned.
  // AlreadyExists when a connector has this name.
  Status AddConnector(const ConnectorDefinition& definition);
  // Stops and forgets a connector. NotFound when there is none.
  Status RemoveConnector(const std::string& name);
  // Creates the connector, or replaces the config of an existing one (validated before the old
  // one is stopped). *created tells which.
  Status PutConnectorConfig(const std::string& name, const ConfigMap& config, bool* created);
  void StopAll();
  // Handles connectors' requests for task reconfiguration.
  void Tick();

  std::vector<std::string> ConnectorNames() const;
  // False when unknown.
  bool GetConnector(const std::string& name, ConnectorInfo* out) const;
  const WorkerServices& services() const { return services_; }
  const PluginRegistry& plugins() const { return *plugins_; }

 private:
  const PluginRegistry* plugins_;
  WorkerServices services_;
  // Validates a definition; InvalidArgument lists every bad key.
  Status Validate(const ConnectorDefinition& definition, const ConnectorPlugin** plugin, ConfigMap* resolved) const;
  Status AddLocked(const ConnectorDefinition& definition);
  Status RemoveLocked(const std::string& name);

  std::mutex lifecycle_mu_;  // held while connectors start, stop or reconfigure
  mutable std::mutex mu_;    // guards connectors_ (the map), never held while calling a plugin
  std::map<std::string, std::unique_ptr<ConnectorInstance>> connectors_;
  // Each connector's config as submitted (what GET .../config shows, as Kafka does: without
  // the defaults the running instance was resolved with).
  std::map<std::string, ConfigMap> submitted_;
};

}  // namespace connectd
