#include "runtime/worker.h"

#include "config/connector_config.h"
#include "log/log.h"

namespace connectd {

Worker::Worker(const PluginRegistry* plugins, WorkerServices services)
    : plugins_(plugins), services_(std::move(services)) {}

Worker::~Worker() { StopAll(); }

Status Worker::AddConnector(const ConnectorDefinition& definition) {
  ConfigMap config = definition.config;
  config["name"] = definition.name;
  const std::string context = "connector '" + definition.name + "'";
  auto cls = config.find("connector.class");
  if (cls == config.end() || cls->second.empty()) {
    return Status::InvalidArgument(context + ": Missing required configuration \"connector.class\" which has no "
                                             "default value.");
  }
  const ConnectorPlugin* plugin = nullptr;
  Status s = plugins_->Find(cls->second, &plugin);
  if (!s.ok()) return s.WithContext(context);

  ConfigMap resolved;
  std::vector<ConfigKeyError> errors;
  ValidateConnectorConfig(*plugin, config, &resolved, &errors);
  if (plugin->info.connector_validate != nullptr && errors.empty()) {
    cd_config view(resolved);
    cd_error err;
    if (plugin->info.connector_validate(&view, &err) != CD_OK) errors.push_back({"", err.message});
  }
  if (!errors.empty()) {
    std::string message = context + " has an invalid configuration:";
    for (const ConfigKeyError& e : errors) message += "\n  " + (e.key.empty() ? "" : e.key + ": ") + e.message;
    return Status::InvalidArgument(message);
  }

  {
    std::lock_guard<std::mutex> lock(mu_);
    if (connectors_.count(definition.name) != 0) return Status::InvalidArgument(context + " already exists");
  }
  auto instance = std::make_unique<ConnectorInstance>(definition.name, plugin, std::move(resolved), &services_);
  s = instance->Start();
  std::lock_guard<std::mutex> lock(mu_);
  connectors_[definition.name] = std::move(instance);
  return s;
}

void Worker::StopAll() {
  std::map<std::string, std::unique_ptr<ConnectorInstance>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all.swap(connectors_);
  }
  for (auto& [name, instance] : all) instance->Stop();
  Status s = services_.offsets->Flush();
  if (!s.ok()) LogError("worker", "final offset flush failed: " + s.message());
}

void Worker::Tick() {
  std::vector<ConnectorInstance*> pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [name, instance] : connectors_) {
      if (instance->reconfiguration_requested()) pending.push_back(instance.get());
    }
  }
  // Safe without the lock: only this thread adds or removes connectors.
  for (ConnectorInstance* instance : pending) {
    Status s = instance->Reconfigure();
    if (!s.ok()) LogError(instance->name(), s.message());
  }
}

std::vector<std::string> Worker::ConnectorNames() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  for (const auto& kv : connectors_) names.push_back(kv.first);
  return names;
}

bool Worker::GetConnector(const std::string& name, ConnectorInfo* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return false;
  out->name = name;
  out->config = it->second->config();
  out->tasks = it->second->task_configs();
  out->type = it->second->plugin()->type;
  return true;
}

}  // namespace connectd
