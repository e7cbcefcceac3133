#include "runtime/connector_instance.h"

#include "log/log.h"

namespace connectd {

ConnectorInstance::ConnectorInstance(std::string name, const ConnectorPlugin* plugin, ConfigMap config,
                                     const WorkerServices* services)
    : name_(std::move(name)), plugin_(plugin), config_(std::move(config)), services_(services) {
  context_.connector = name_;
  context_.task_id = -1;
  context_.request_reconfiguration = [this] { reconfigure_.store(true); };
}

ConnectorInstance::~ConnectorInstance() { Stop(); }

void ConnectorInstance::SetState(ConnectState state, const std::string& trace) {
  services_->statuses->PutConnector(name_, StateEntry{state, trace, services_->worker_id});
}

Status ConnectorInstance::Start() {
  SetState(ConnectState::kUnassigned);
  cd_error err;
  if (plugin_->info.connector_create(&config_, &context_, &plugin_connector_, &err) != CD_OK) {
    plugin_connector_ = nullptr;
    Status s = Status::Failed("connector '" + name_ + "' failed to start: " + err.message);
    SetState(ConnectState::kFailed, s.message());
    return s;
  }
  Status s = GenerateTaskConfigs();
  if (!s.ok()) {
    SetState(ConnectState::kFailed, s.message());
    return s;
  }
  SetState(ConnectState::kRunning);
  StartTasks();
  LogInfo(name_, "connector started with " + std::to_string(tasks_.size()) + " task(s) (" + plugin_->class_name + ")");
  return Status::OK();
}

Status ConnectorInstance::GenerateTaskConfigs() {
  int64_t max_tasks = std::stoll(config_.map.at("tasks.max"));
  cd_task_configs out;
  cd_error err;
  if (plugin_->info.connector_task_configs(plugin_connector_, static_cast<uint32_t>(max_tasks), &out, &err) != CD_OK) {
    return Status::Failed("connector '" + name_ + "' could not generate task configs: " + err.message);
  }
  if (out.configs.empty()) return Status::Failed("connector '" + name_ + "' generated no task configs");
  if (static_cast<int64_t>(out.configs.size()) > max_tasks) out.configs.resize(static_cast<size_t>(max_tasks));
  std::lock_guard<std::mutex> lock(task_configs_mu_);
  task_configs_ = std::move(out.configs);
  return Status::OK();
}

void ConnectorInstance::StartTasks() {
  services_->statuses->ClearTasks(name_);
  std::lock_guard<std::mutex> lock(task_configs_mu_);
  for (size_t i = 0; i < task_configs_.size(); ++i) {
    TaskSpec spec;
    spec.connector = name_;
    spec.task_id = static_cast<int32_t>(i);
    spec.plugin = plugin_;
    spec.connector_config = config_.map;
    spec.task_config = task_configs_[i];
    spec.services = services_;
    tasks_.push_back(NewTaskRunner(std::move(spec)));
    tasks_.back()->Start();
  }
}

void ConnectorInstance::StopTasks() {
  for (auto& t : tasks_) t->RequestStop();
  for (auto& t : tasks_) t->Join();
  tasks_.clear();
}

Status ConnectorInstance::Reconfigure() {
  reconfigure_.store(false);
  if (plugin_connector_ == nullptr) return Status::OK();  // never started (FAILED) or stopped
  LogInfo(name_, "reconfiguring tasks at the connector's request");
  StopTasks();
  Status s = GenerateTaskConfigs();
  if (!s.ok()) {
    SetState(ConnectState::kFailed, s.message());
    return s;
  }
  StartTasks();
  return Status::OK();
}

void ConnectorInstance::Stop() {
  StopTasks();
  if (plugin_connector_ != nullptr) {
    context_.stop->Request();
    plugin_->info.connector_destroy(plugin_connector_);
    plugin_connector_ = nullptr;
    LogInfo(name_, "connector stopped");
  }
}

}  // namespace connectd
