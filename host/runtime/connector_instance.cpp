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

ConnectState ConnectorInstance::ActiveState() const {
  return target_.load() == TargetState::kPaused ? ConnectState::kPaused : ConnectState::kRunning;
}

Status ConnectorInstance::SetTargetState(TargetState target) {
  TargetState previous = target_.exchange(target);
  if (target == TargetState::kStopped) {
    Stop();
    {
      std::lock_guard<std::mutex> lock(task_configs_mu_);
      task_configs_.clear();
    }
    services_->statuses->ClearTasks(name_);
    SetState(ConnectState::kStopped);
    if (previous != TargetState::kStopped) LogInfo(name_, "connector stopped at the operator's request");
    return Status::OK();
  }
  if (plugin_connector_ != nullptr) {
    // Already running: only the tasks' pause state changes.
    for (auto& t : tasks_) t->SetPaused(target == TargetState::kPaused);
    SetState(ActiveState());
    if (previous != target) LogInfo(name_, target == TargetState::kPaused ? "connector paused" : "connector resumed");
    return Status::OK();
  }
  Status s = StartConnector();
  if (!s.ok()) return s;
  bool changed = false;
  s = GenerateTaskConfigs(&changed);
  if (!s.ok()) return s;
  StartTasks();
  LogInfo(name_, "connector started with " + std::to_string(tasks_.size()) + " task(s) (" + plugin_->class_name + ")" +
                     (target == TargetState::kPaused ? ", paused" : ""));
  return Status::OK();
}

Status ConnectorInstance::StartConnector() {
  SetState(ConnectState::kUnassigned);
  context_.stop = std::make_shared<StopSignal>();  // a fresh signal for the new plugin connector
  cd_error err;
  if (plugin_->info.connector_create(&config_, &context_, &plugin_connector_, &err) != CD_OK) {
    plugin_connector_ = nullptr;
    Status s = Status::Failed("connector '" + name_ + "' failed to start: " + err.message);
    SetState(ConnectState::kFailed, s.message());
    return s;
  }
  SetState(ActiveState());
  return Status::OK();
}

void ConnectorInstance::StopConnector() {
  if (plugin_connector_ == nullptr) return;
  context_.stop->Request();
  plugin_->info.connector_destroy(plugin_connector_);
  plugin_connector_ = nullptr;
}

Status ConnectorInstance::GenerateTaskConfigs(bool* changed) {
  Status s = FetchTaskConfigs(changed);
  if (!s.ok()) SetState(ConnectState::kFailed, s.message());
  return s;
}

Status ConnectorInstance::FetchTaskConfigs(bool* changed) {
  int64_t max_tasks = std::stoll(config_.map.at("tasks.max"));
  cd_task_configs out;
  cd_error err;
  if (plugin_->info.connector_task_configs(plugin_connector_, static_cast<uint32_t>(max_tasks), &out, &err) != CD_OK) {
    return Status::Failed("connector '" + name_ + "' could not generate task configs: " + err.message);
  }
  if (out.configs.empty()) return Status::Failed("connector '" + name_ + "' generated no task configs");
  if (static_cast<int64_t>(out.configs.size()) > max_tasks) out.configs.resize(static_cast<size_t>(max_tasks));
  std::lock_guard<std::mutex> lock(task_configs_mu_);
  *changed = out.configs != task_configs_;
  task_configs_ = std::move(out.configs);
  return Status::OK();
}

std::unique_ptr<TaskRunner> ConnectorInstance::NewTask(int32_t id) {
  TaskSpec spec;
  spec.connector = name_;
  spec.task_id = id;
  spec.plugin = plugin_;
  spec.connector_config = config_.map;
  {
    std::lock_guard<std::mutex> lock(task_configs_mu_);
    spec.task_config = task_configs_[static_cast<size_t>(id)];
  }
  spec.services = services_;
  std::unique_ptr<TaskRunner> task = NewTaskRunner(std::move(spec));
  task->SetPaused(target_.load() == TargetState::kPaused);
  return task;
}

void ConnectorInstance::StartTasks() {
  services_->statuses->ClearTasks(name_);
  size_t count = task_configs().size();
  for (size_t i = 0; i < count; ++i) {
    tasks_.push_back(NewTask(static_cast<int32_t>(i)));
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
  bool changed = false;
  Status s = GenerateTaskConfigs(&changed);
  if (!s.ok()) return s;
  StartTasks();
  return Status::OK();
}

Status ConnectorInstance::RestartConnector() {
  if (target_.load() == TargetState::kStopped) return Status::OK();
  LogInfo(name_, "restarting the connector");
  StopConnector();
  Status s = StartConnector();
  if (!s.ok()) return s;
  bool changed = false;
  s = GenerateTaskConfigs(&changed);
  if (!s.ok()) return s;
  if (changed || tasks_.empty()) {
    StopTasks();
    StartTasks();
  }
  return Status::OK();
}

Status ConnectorInstance::RestartTasks(const std::vector<int32_t>& ids) {
  for (int32_t id : ids) {
    if (id < 0 || static_cast<size_t>(id) >= tasks_.size()) {
      return Status::NotFound("Task " + name_ + "-" + std::to_string(id) + " not found");
    }
  }
  for (int32_t id : ids) tasks_[static_cast<size_t>(id)]->RequestStop();
  for (int32_t id : ids) {
    auto& task = tasks_[static_cast<size_t>(id)];
    task->Join();
    task = NewTask(id);
    task->Start();
    LogInfo(name_, "task " + std::to_string(id) + " restarted");
  }
  return Status::OK();
}

void ConnectorInstance::Stop() {
  StopTasks();
  if (plugin_connector_ != nullptr) {
    StopConnector();
    LogInfo(name_, "connector stopped");
  }
}

}  // namespace connectd
