// Worker: the standalone herder. Owns every running connector, validates configs against the
// plugin's config table and the framework's keys, and answers what the REST API asks.
//
// Threading: AddConnector/RemoveConnector/StopAll/Tick are called by one thread at a time (the
// main thread); they call plugins and join tasks without holding the mutex that the query
// methods (any thread, e.g. REST handlers) take, so queries never wait on a plugin.
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
  ConfigMap config;
  std::vector<ConfigMap> tasks;
  cd_connector_type type = CD_CONNECTOR_SOURCE;
};

class Worker {
 public:
  Worker(const PluginRegistry* plugins, WorkerServices services);
  ~Worker();

  // Validates and starts a connector. InvalidArgument names the connector and lists every bad
  // key; a connector that fails to start stays registered as FAILED and its error is returned.
  Status AddConnector(const ConnectorDefinition& definition);
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
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<ConnectorInstance>> connectors_;
};

}  // namespace connectd
