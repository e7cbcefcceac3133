#include "runtime/worker.h"

#include "config/connector_config.h"
#include "log/log.h"

namespace connectd {

Worker::Worker(const PluginRegistry* plugins, WorkerServices services)
    : plugins_(plugins), services_(std::move(services)) {}

Worker::~Worker() { StopAll(); }

Status Worker::Validate(const ConnectorDefinition& definition, const ConnectorPlugin** plugin,
                        ConfigMap* resolved) const {
  ConfigMap config = definition.config;
  config["name"] = definition.name;
  const std::string context = "connector '" + definition.name + "'";
  auto cls = config.find("connector.class");
  if (cls == config.end() || cls->second.empty()) {
    return Status::InvalidArgument(context + ": Missing required configuration \"connector.class\" which has no "
                                             "default value.");
  }
  Status s = plugins_->Find(cls->second, plugin);
  if (!s.ok()) return Status::InvalidArgument(s.WithContext(context).message());

  std::vector<ConfigKeyError> errors;
  ValidateConnectorConfig(**plugin, config, resolved, &errors);
  if ((*plugin)->info.connector_validate != nullptr && errors.empty()) {
    cd_config view(*resolved);
    cd_error err;
    if ((*plugin)->info.connector_validate(&view, &err) != CD_OK) errors.push_back({"", err.message});
  }
  if (!errors.empty()) {
    std::string message = context + " has an invalid configuration:";
    for (const ConfigKeyError& e : errors) message += "\n  " + (e.key.empty() ? "" : e.key + ": ") + e.message;
    return Status::InvalidArgument(message);
  }
  return Status::OK();
}

Status Worker::AddConnector(const ConnectorDefinition& definition) {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  return AddLocked(definition);
}

Status Worker::AddLocked(const ConnectorDefinition& definition) {
  const ConnectorPlugin* plugin = nullptr;
  ConfigMap resolved;
  Status s = Validate(definition, &plugin, &resolved);
  if (!s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (connectors_.count(definition.name) != 0) {
      return Status::AlreadyExists("Connector " + definition.name + " already exists");
    }
  }
  auto instance = std::make_unique<ConnectorInstance>(definition.name, plugin, std::move(resolved), &services_);
  s = instance->Start();
  std::lock_guard<std::mutex> lock(mu_);
  connectors_[definition.name] = std::move(instance);
  ConfigMap& submitted = submitted_[definition.name];
  submitted = definition.config;
  submitted["name"] = definition.name;
  return s;
}

Status Worker::RemoveConnector(const std::string& name) {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  return RemoveLocked(name);
}

Status Worker::RemoveLocked(const std::string& name) {
  std::unique_ptr<ConnectorInstance> instance;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return Status::NotFound("Connector " + name + " not found");
    instance = std::move(it->second);
    connectors_.erase(it);
    submitted_.erase(name);
  }
  instance->Stop();
  services_.statuses->Remove(name);
  Status s = services_.offsets->Flush();
  if (!s.ok()) LogError(name, "offset flush after removal failed: " + s.message());
  return Status::OK();
}

Status Worker::PutConnectorConfig(const std::string& name, const ConfigMap& config, bool* created) {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  ConnectorDefinition definition{name, config};
  const ConnectorPlugin* plugin = nullptr;
  ConfigMap resolved;
  Status s = Validate(definition, &plugin, &resolved);
  if (!s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    *created = connectors_.count(name) == 0;
  }
  if (!*created) {
    s = RemoveLocked(name);
    if (!s.ok()) return s;
  }
  return AddLocked(definition);
}

void Worker::StopAll() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  std::map<std::string, std::unique_ptr<ConnectorInstance>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all.swap(connectors_);
    submitted_.clear();
  }
  for (auto& [name, instance] : all) instance->Stop();
  Status s = services_.offsets->Flush();
  if (!s.ok()) LogError("worker", "final offset flush failed: " + s.message());
}

void Worker::Tick() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  std::vector<ConnectorInstance*> pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [name, instance] : connectors_) {
      if (instance->reconfiguration_requested()) pending.push_back(instance.get());
    }
  }
  // Safe without mu_: connectors are only added or removed under lifecycle_mu_, which we hold.
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
  out->config = submitted_.at(name);
  out->tasks = it->second->task_configs();
  out->type = it->second->plugin()->type;
  return true;
}

}  // namespace connectd
