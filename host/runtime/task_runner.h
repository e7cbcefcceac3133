// TaskRunner: one running task of a connector, on its own thread. The source and sink loops
// derive from it; the connector that owns the runner starts and stops it.
//
// Threading: Start/RequestStop/Join are called by the owning connector's thread; Run() and
// every plugin task callback happen on the runner's thread only.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "config/config_map.h"
#include "config/worker_config.h"
#include "converters/converter.h"
#include "error/error_context.h"
#include "plugin/abi_objects.h"
#include "plugin/plugin_registry.h"
#include "storage/offset_store.h"
#include "storage/status_store.h"
#include "transforms/transformation.h"

namespace connectd {

// What every task and connector of this worker shares. Owned by the worker; outlives them.
struct WorkerServices {
  const WorkerConfig* config = nullptr;
  std::string bootstrap_servers;
  OffsetStore* offsets = nullptr;
  StatusStore* statuses = nullptr;
  std::string worker_id;
  // Embedded Kafka only (else empty): creates a topic the way a broker auto-creates it.
  std::function<void(const std::string&)> ensure_topic;
};

struct TaskSpec {
  std::string connector;
  int32_t task_id = 0;
  const ConnectorPlugin* plugin = nullptr;
  ConfigMap connector_config;  // validated, defaults filled: converters and transforms come from here
  ConfigMap task_config;       // what connector_task_configs produced for this task
  const WorkerServices* services = nullptr;
};

class TaskRunner {
 public:
  explicit TaskRunner(TaskSpec spec);
  // Precondition: the thread was joined (the derived destructors stop and join it).
  virtual ~TaskRunner();
  TaskRunner(const TaskRunner&) = delete;
  TaskRunner& operator=(const TaskRunner&) = delete;

  void Start();
  // Asks the loop to finish (non-blocking); plugin waits in context_wait wake up.
  void RequestStop() { context_.stop->Request(); }
  // Pauses or resumes the task (non-blocking; any thread). A paused source task stops polling
  // its plugin, a paused sink task stops fetching; both keep committing what was delivered and
  // report PAUSED. May be called before Start() to start paused.
  void SetPaused(bool paused) { pause_requested_.store(paused); }
  // Waits for the thread; the task's offsets are committed and the plugin task destroyed.
  void Join();
  int32_t task_id() const { return spec_.task_id; }

 protected:
  // The loop; returns when stopped or failed.
  virtual void Run() = 0;

  // Creates the key/value converters and the transform chain from the connector config (with
  // the worker's converters as defaults, as Kafka does).
  Status SetUpPipeline();
  // Calls the plugin's task_create.
  Status CreatePluginTask();
  void DestroyPluginTask();
  void SetState(ConnectState state, const std::string& trace = "");
  // Marks the task FAILED and logs why; the loop then ends.
  void Fail(const Status& status);
  bool stopping() const { return context_.stop->requested(); }
  bool pause_requested() const { return pause_requested_.load(); }
  // Reports the loop's pause state when it changes (PAUSED or RUNNING); returns whether the
  // loop must stay paused now.
  bool SyncPauseState();
  // Records `topic` as one of the connector's active topics, cheaply when it already was.
  void RecordActiveTopic(const std::string& topic) {
    if (topic == last_active_topic_ &&
        active_topics_generation_ == spec_.services->statuses->active_topics_generation()) {
      return;
    }
    RecordActiveTopicSlow(topic);
  }
  // Backoff sleep that wakes on stop; true when stopping.
  bool Backoff(int64_t ms) { return context_.stop->WaitFor(ms); }
  std::string client_id() const { return "connector-" + spec_.connector + "-" + std::to_string(spec_.task_id); }
  const cd_connector_info& plugin() const { return spec_.plugin->info; }

  TaskSpec spec_;
  ErrorContext where_;  // connector and task; topic/partition/offset added per record
  std::string log_component_;
  cd_config task_config_;
  cd_context context_;
  void* plugin_task_ = nullptr;
  std::unique_ptr<Converter> key_converter_;
  std::unique_ptr<Converter> value_converter_;
  std::unique_ptr<TransformChain> transforms_;
  bool failed_ = false;

 private:
  void RecordActiveTopicSlow(const std::string& topic);

  std::atomic<bool> pause_requested_{false};
  bool paused_ = false;  // what the loop last reported
  std::string last_active_topic_;
  uint64_t active_topics_generation_ = 0;
  std::set<std::string> active_topics_;  // recorded since active_topics_generation_
  std::thread thread_;
};

// Builds the runner for a source or sink task.
std::unique_ptr<TaskRunner> NewTaskRunner(TaskSpec spec);

}  // namespace connectd
