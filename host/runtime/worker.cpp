#include "runtime/worker.h"

#include "config/connector_config.h"
#include "log/log.h"

namespace connectd {

namespace {

// How long the offsets endpoints wait for Kafka.
constexpr int kAdminTimeoutMs = 10000;

std::string SinkGroup(const std::string& connector) { return "connect-" + connector; }

}  // namespace

Worker::Worker(const PluginRegistry* plugins, WorkerServices services, ConnectorConfigStore* store)
    : plugins_(plugins), services_(std::move(services)), store_(store) {}

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

Status Worker::Remember(const std::string& name, TargetState state) {
  ConfigMap config;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = submitted_.find(name);
    if (it == submitted_.end()) return Status::OK();
    config = it->second;
  }
  Status s = store_->Put(StoredConnector{name, std::move(config), state});
  if (!s.ok()) LogError(name, "cannot record the connector in " + store_->path() + ": " + s.message());
  return s;
}

Status Worker::Find(const std::string& name, ConnectorInstance** out) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return Status::NotFound("Connector " + name + " not found");
  *out = it->second.get();
  return Status::OK();
}

Status Worker::AddConnector(const ConnectorDefinition& definition, TargetState initial) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  return AddLocked(definition, initial);
}

Status Worker::AddLocked(const ConnectorDefinition& definition, TargetState initial) {
  const ConnectorPlugin* plugin = nullptr;
  ConfigMap resolved;
  Status s = Validate(definition, &plugin, &resolved);
  if (!s.ok()) return s;
  ConnectorInstance* instance = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (connectors_.count(definition.name) != 0) {
      return Status::AlreadyExists("Connector " + definition.name + " already exists");
    }
    auto owned = std::make_unique<ConnectorInstance>(definition.name, plugin, std::move(resolved), &services_);
    instance = owned.get();
    connectors_[definition.name] = std::move(owned);
    ConfigMap& submitted = submitted_[definition.name];
    submitted = definition.config;
    submitted["name"] = definition.name;
  }
  // Recorded before it starts: a connector that fails to start still exists, FAILED, as in Kafka.
  Status stored = Remember(definition.name, initial);
  s = instance->SetTargetState(initial);
  return s.ok() ? stored : s;
}

Status Worker::RemoveConnector(const std::string& name) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  return RemoveLocked(name, true);
}

Status Worker::RemoveLocked(const std::string& name, bool forget) {
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
  if (forget) {
    s = store_->Remove(name);
    if (!s.ok()) return s.WithContext("cannot forget connector '" + name + "' in " + store_->path());
  }
  return Status::OK();
}

Status Worker::PutConnectorConfig(const std::string& name, const ConfigMap& config, bool* created) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  return PutConfigLocked(name, config, created);
}

Status Worker::PutConfigLocked(const std::string& name, const ConfigMap& config, bool* created) {
  ConnectorDefinition definition{name, config};
  const ConnectorPlugin* plugin = nullptr;
  ConfigMap resolved;
  Status s = Validate(definition, &plugin, &resolved);
  if (!s.ok()) return s;
  TargetState state = TargetState::kStarted;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = connectors_.find(name);
    *created = it == connectors_.end();
    if (!*created) state = it->second->target_state();
  }
  if (!*created) {
    s = RemoveLocked(name, false);
    if (!s.ok()) return s;
  }
  return AddLocked(definition, state);
}

Status Worker::PatchConnectorConfig(const std::string& name,
                                    const std::map<std::string, std::optional<std::string>>& patch) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConfigMap config;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = submitted_.find(name);
    if (it == submitted_.end()) return Status::NotFound("Connector " + name + " not found");
    config = it->second;
  }
  for (const auto& [key, value] : patch) {
    if (value) config[key] = *value;
    else config.erase(key);
  }
  bool created = false;
  return PutConfigLocked(name, config, &created);
}

Status Worker::SetTargetState(const std::string& name, TargetState target) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConnectorInstance* instance = nullptr;
  Status s = Find(name, &instance);
  if (!s.ok()) return s;
  Status stored = Remember(name, target);
  s = instance->SetTargetState(target);
  if (target == TargetState::kStopped) {
    Status flushed = services_.offsets->Flush();
    if (!flushed.ok()) LogError(name, "offset flush after stop failed: " + flushed.message());
  }
  return s.ok() ? stored : s;
}

Status Worker::RestartConnector(const std::string& name) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConnectorInstance* instance = nullptr;
  Status s = Find(name, &instance);
  if (!s.ok()) return s;
  return instance->RestartConnector();
}

Status Worker::RestartConnectorAndTasks(const std::string& name, bool include_tasks, bool only_failed,
                                        ConnectorStatusView* plan) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConnectorInstance* instance = nullptr;
  Status s = Find(name, &instance);
  if (!s.ok()) return Status::NotFound("Unknown connector: " + name);
  if (!services_.statuses->Get(name, plan)) return Status::NotFound("Status for connector " + name + " not found");
  // A stopped connector has nothing running to restart; it stays STOPPED.
  if (instance->target_state() == TargetState::kStopped) return Status::OK();
  auto selected = [only_failed](const StateEntry& e) { return !only_failed || e.state == ConnectState::kFailed; };
  bool restart_connector = selected(plan->connector);
  std::vector<int32_t> tasks;
  if (include_tasks) {
    for (const auto& [id, entry] : plan->tasks) {
      if (selected(entry)) tasks.push_back(id);
    }
  }
  // Kafka marks what it restarts RESTARTING, in the status it returns and in the status store.
  if (restart_connector) {
    plan->connector.state = ConnectState::kRestarting;
    plan->connector.trace.clear();
    services_.statuses->PutConnector(name, plan->connector);
  }
  for (int32_t id : tasks) {
    StateEntry& entry = plan->tasks[id];
    entry.state = ConnectState::kRestarting;
    entry.trace.clear();
    services_.statuses->PutTask(name, id, entry);
  }
  if (restart_connector) {
    s = instance->RestartConnector();
    if (!s.ok()) LogError(name, "restart failed: " + s.message());
  }
  if (!tasks.empty()) {
    s = instance->RestartTasks(tasks);
    if (!s.ok()) LogError(name, "task restart failed: " + s.message());
  }
  return Status::OK();
}

Status Worker::RestartTask(const std::string& name, int32_t task) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConnectorInstance* instance = nullptr;
  Status s = Find(name, &instance);
  if (!s.ok()) return s;
  return instance->RestartTasks({task});
}

ConfigMap Worker::AdminClientConfig() const {
  ConfigMap config = services_.config->consumer_overrides();
  config["bootstrap.servers"] = services_.bootstrap_servers;
  return config;
}

Status Worker::GetOffsets(const std::string& name, std::vector<ConnectorOffset>* out) {
  ConnectorInfo info;
  if (!GetConnector(name, &info)) return Status::NotFound("Connector " + name + " not found");
  out->clear();
  if (info.type == CD_CONNECTOR_SOURCE) {
    for (auto& [partition, offset] : services_.offsets->List(name)) out->push_back({partition, offset});
    return Status::OK();
  }
  std::vector<TopicPartitionOffset> committed;
  Status s = ListGroupOffsets(AdminClientConfig(), SinkGroup(name), kAdminTimeoutMs, &committed);
  if (!s.ok()) return s.WithContext("cannot read the committed offsets of consumer group " + SinkGroup(name));
  for (const TopicPartitionOffset& tpo : committed) {
    if (!tpo.offset) continue;
    // Kafka Connect writes kafka_partition first (its HashMap's order).
    Value partition = Value::MakeMap({{Value::String("kafka_partition"), Value::Int32(tpo.partition)},
                                      {Value::String("kafka_topic"), Value::String(tpo.topic)}});
    Value offset = Value::MakeMap({{Value::String("kafka_offset"), Value::Int64(*tpo.offset)}});
    out->push_back({std::move(partition), std::move(offset)});
  }
  return Status::OK();
}

Status Worker::CheckOffsetsModifiable(const std::string& name, ConnectorInstance** out) const {
  Status s = Find(name, out);
  if (!s.ok()) return s;
  if ((*out)->target_state() != TargetState::kStopped || !(*out)->task_configs().empty()) {
    return Status::InvalidArgument(
        "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the "
        "specified connector by issuing a 'PUT' request to the '/connectors/" +
        name + "/stop' endpoint");
  }
  return Status::OK();
}

Status Worker::AlterSourceOffsets(const std::string& name, const std::vector<ConnectorOffset>& offsets) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConnectorInstance* instance = nullptr;
  Status s = CheckOffsetsModifiable(name, &instance);
  if (!s.ok()) return s;
  if (instance->plugin()->type != CD_CONNECTOR_SOURCE) {
    return Status::InvalidArgument("connector '" + name + "' is a sink connector: its offsets are Kafka positions");
  }
  std::vector<std::pair<Value, Value>> entries;
  for (const ConnectorOffset& o : offsets) entries.emplace_back(o.partition, o.offset);
  s = services_.offsets->Put(name, entries);
  if (s.ok()) s = services_.offsets->Flush();
  return s;
}

Status Worker::AlterSinkOffsets(const std::string& name, const std::vector<TopicPartitionOffset>& offsets) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConnectorInstance* instance = nullptr;
  Status s = CheckOffsetsModifiable(name, &instance);
  if (!s.ok()) return s;
  if (instance->plugin()->type != CD_CONNECTOR_SINK) {
    return Status::InvalidArgument("connector '" + name + "' is a source connector: its offsets are its own");
  }
  return AlterGroupOffsets(AdminClientConfig(), SinkGroup(name), offsets, kAdminTimeoutMs).WithContext("connector '" + name + "'");
}

Status Worker::ResetOffsets(const std::string& name) {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
  ConnectorInstance* instance = nullptr;
  Status s = CheckOffsetsModifiable(name, &instance);
  if (!s.ok()) return s;
  if (instance->plugin()->type == CD_CONNECTOR_SINK) {
    return ResetGroupOffsets(AdminClientConfig(), SinkGroup(name), kAdminTimeoutMs).WithContext("connector '" + name + "'");
  }
  std::vector<std::pair<Value, Value>> tombstones;
  for (auto& [partition, offset] : services_.offsets->List(name)) tombstones.emplace_back(partition, Value());
  s = services_.offsets->Put(name, tombstones);
  if (s.ok()) s = services_.offsets->Flush();
  return s;
}

void Worker::StopAll() {
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
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
  std::lock_guard<std::timed_mutex> lifecycle(lifecycle_mu_);
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

bool Worker::Responsive(int64_t timeout_ms) {
  std::unique_lock<std::timed_mutex> lifecycle(lifecycle_mu_, std::chrono::milliseconds(timeout_ms));
  return lifecycle.owns_lock();
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
  out->target_state = it->second->target_state();
  return true;
}

}  // namespace connectd
