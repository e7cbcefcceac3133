// ConnectorInstance: one connector: the plugin's connector object, its task configs and a
// TaskRunner per task, driven into its target state (STARTED, PAUSED or STOPPED, as Kafka
// Connect's TargetState). Reconfiguration (asked by the plugin through the context) stops the
// tasks, regenerates their configs and starts them again.
//
// Threading: every method but the accessors marked otherwise is called by the worker under its
// lifecycle lock, one at a time; the reconfiguration flag may be set from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/task_runner.h"
#include "storage/connector_config_store.h"

namespace connectd {

class ConnectorInstance {
 public:
  ConnectorInstance(std::string name, const ConnectorPlugin* plugin, ConfigMap config, const WorkerServices* services);
  ~ConnectorInstance();
  ConnectorInstance(const ConnectorInstance&) = delete;
  ConnectorInstance& operator=(const ConnectorInstance&) = delete;

  // Brings the connector to `target`. STARTED or PAUSED: creates the plugin connector, asks for
  // task configs and starts the tasks (paused for PAUSED) unless they already run, in which case
  // they are only paused or resumed. STOPPED: stops the tasks and the plugin connector and
  // forgets the task configs (Kafka shows a stopped connector with no tasks). On failure the
  // connector is FAILED (its status carries the trace) and the error is returned.
  Status SetTargetState(TargetState target);
  // Stops every task (all asked at once, then joined) and destroys the plugin connector; the
  // target state is kept (used at shutdown and deletion).
  void Stop();
  // Restarts the plugin connector (not the tasks); new task configs restart the tasks, as
  // Kafka's standalone herder does. Nothing happens to a STOPPED connector.
  Status RestartConnector();
  // Restarts the given tasks with their current configs. NotFound names a task id that does
  // not exist.
  Status RestartTasks(const std::vector<int32_t>& ids);
  // True when the plugin asked for new task configs since the last Reconfigure.
  bool reconfiguration_requested() const { return reconfigure_.load(); }
  Status Reconfigure();

  const std::string& name() const { return name_; }
  const ConnectorPlugin* plugin() const { return plugin_; }
  // Any thread.
  TargetState target_state() const { return target_.load(); }
  // A copy (any thread): reconfiguration may replace them on the worker's thread meanwhile.
  std::vector<ConfigMap> task_configs() const {
    std::lock_guard<std::mutex> lock(task_configs_mu_);
    return task_configs_;
  }

 private:
  Status StartConnector();
  void StopConnector();
  // Asks the plugin for task configs; on failure the connector is FAILED with the reason.
  Status GenerateTaskConfigs(bool* changed);
  Status FetchTaskConfigs(bool* changed);
  void StartTasks();
  std::unique_ptr<TaskRunner> NewTask(int32_t id);
  void StopTasks();
  void SetState(ConnectState state, const std::string& trace = "");
  // RUNNING or PAUSED, following the target state.
  ConnectState ActiveState() const;

  std::string name_;
  const ConnectorPlugin* plugin_;
  cd_config config_;
  const WorkerServices* services_;
  cd_context context_;
  void* plugin_connector_ = nullptr;
  std::atomic<TargetState> target_{TargetState::kStopped};
  mutable std::mutex task_configs_mu_;
  std::vector<ConfigMap> task_configs_;
  std::vector<std::unique_ptr<TaskRunner>> tasks_;
  std::atomic<bool> reconfigure_{false};
};

}  // namespace connectd
