#include "runtime/task_runner.h"

#include "log/log.h"
#include "runtime/sink_task_runner.h"
#include "runtime/source_task_runner.h"

namespace connectd {

namespace {

// Kafka's rule: a converter class set on the connector brings its own "<kind>.converter.*"
// settings; otherwise the worker's class and settings apply.
Status MakeConverter(const TaskSpec& spec, const char* kind, bool is_key, std::unique_ptr<Converter>* out) {
  const std::string key = std::string(kind) + ".converter";
  auto it = spec.connector_config.find(key);
  bool from_connector = it != spec.connector_config.end() && !it->second.empty();
  const ConfigMap& source = from_connector ? spec.connector_config : spec.services->config->raw;
  std::string class_name = from_connector ? it->second
                                          : (is_key ? spec.services->config->key_converter
                                                    : spec.services->config->value_converter);
  Status s = CreateConverter(class_name, out);
  if (s.ok()) s = (*out)->Configure(ConfigWithPrefix(source, key + "."), is_key);
  return s.WithContext(std::string(from_connector ? "connector" : "worker") + " config " + key);
}

}  // namespace

TaskRunner::TaskRunner(TaskSpec spec) : spec_(std::move(spec)), task_config_(spec_.task_config) {
  where_.connector = spec_.connector;
  where_.task = spec_.task_id;
  log_component_ = spec_.connector + "-" + std::to_string(spec_.task_id);
  context_.connector = spec_.connector;
  context_.task_id = spec_.task_id;
}

// Derived runners join in their own destructors, while their members still exist.
TaskRunner::~TaskRunner() = default;

void TaskRunner::Start() {
  SetState(ConnectState::kUnassigned);
  thread_ = std::thread([this] { Run(); });
}

void TaskRunner::Join() {
  if (thread_.joinable()) thread_.join();
}

Status TaskRunner::SetUpPipeline() {
  Status s = MakeConverter(spec_, "key", true, &key_converter_);
  if (s.ok()) s = MakeConverter(spec_, "value", false, &value_converter_);
  if (s.ok()) s = TransformChain::Create(spec_.connector_config, &transforms_);
  return s;
}

Status TaskRunner::CreatePluginTask() {
  cd_error err;
  cd_rc rc = plugin().task_create(&task_config_, &context_, &plugin_task_, &err);
  if (rc != CD_OK) {
    plugin_task_ = nullptr;
    return Status::Failed("task failed to start: " + (err.set ? err.message : std::string("no message")));
  }
  return Status::OK();
}

void TaskRunner::DestroyPluginTask() {
  if (plugin_task_ != nullptr) plugin().task_destroy(plugin_task_);
  plugin_task_ = nullptr;
}

void TaskRunner::SetState(ConnectState state, const std::string& trace) {
  spec_.services->statuses->PutTask(spec_.connector, spec_.task_id,
                                    StateEntry{state, trace, spec_.services->worker_id});
}

void TaskRunner::Fail(const Status& status) {
  failed_ = true;
  std::string trace = status.WithContext(where_.Describe()).message();
  LogError(log_component_, "task FAILED: " + trace + " (restart the connector once fixed)");
  SetState(ConnectState::kFailed, trace);
}

bool TaskRunner::SyncPauseState() {
  bool want = pause_requested();
  if (want != paused_) {
    paused_ = want;
    SetState(want ? ConnectState::kPaused : ConnectState::kRunning);
    LogInfo(log_component_, want ? "task paused" : "task resumed");
  }
  return paused_;
}

void TaskRunner::RecordActiveTopicSlow(const std::string& topic) {
  // Read the generation before recording: a reset in between makes the next call record again.
  uint64_t generation = spec_.services->statuses->active_topics_generation();
  if (generation != active_topics_generation_) {
    active_topics_.clear();
    active_topics_generation_ = generation;
  }
  if (active_topics_.insert(topic).second) spec_.services->statuses->AddActiveTopic(spec_.connector, topic);
  last_active_topic_ = topic;
}

std::unique_ptr<TaskRunner> NewTaskRunner(TaskSpec spec) {
  if (spec.plugin->type == CD_CONNECTOR_SINK) return std::make_unique<SinkTaskRunner>(std::move(spec));
  return std::make_unique<SourceTaskRunner>(std::move(spec));
}

}  // namespace connectd
