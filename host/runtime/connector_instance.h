// ConnectorInstance: one running connector: the plugin's connector object, its task configs and
// a TaskRunner per task. Reconfiguration (asked by the plugin through the context) stops the
// tasks, regenerates their configs and starts them again.
//
// Threading: Start/Stop/Reconfigure are called by the worker's thread only; the reconfiguration
// flag may be set from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/task_runner.h"

namespace connectd {

class ConnectorInstance {
 public:
  ConnectorInstance(std::string name, const ConnectorPlugin* plugin, ConfigMap config, const WorkerServices* services);
  ~ConnectorInstance();
  ConnectorInstance(const ConnectorInstance&) = delete;
  ConnectorInstance& operator=(const ConnectorInstance&) = delete;

  // Creates the plugin connector, asks for task configs and starts the tasks. On failure the
  // connector is FAILED (its status carries the trace) and the error is returned.
  Status Start();
  // Stops every task (all asked at once, then joined) and destroys the plugin connector.
  void Stop();
  // True when the plugin asked for new task configs since the last Reconfigure.
  bool reconfiguration_requested() const { return reconfigure_.load(); }
  Status Reconfigure();

  const std::string& name() const { return name_; }
  const ConnectorPlugin* plugin() const { return plugin_; }
  // A copy: reconfiguration may replace them on the worker's thread meanwhile.
  std::vector<ConfigMap> task_configs() const {
    std::lock_guard<std::mutex> lock(task_configs_mu_);
    return task_configs_;
  }

 private:
  Status GenerateTaskConfigs();
  void StartTasks();
  void StopTasks();
  void SetState(ConnectState state, const std::string& trace = "");

  std::string name_;
  const ConnectorPlugin* plugin_;
  cd_config config_;
  const WorkerServices* services_;
  cd_context context_;
  void* plugin_connector_ = nullptr;
  mutable std::mutex task_configs_mu_;
  std::vector<ConfigMap> task_configs_;
  std::vector<std::unique_ptr<TaskRunner>> tasks_;
  std::atomic<bool> reconfigure_{false};
};

}  // namespace connectd
