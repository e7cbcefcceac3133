// Worker: the standalone herder. Owns every connector, validates configs against the plugin's
// config table and the framework's keys, drives connectors into their target states (started,
// paused, stopped), restarts them, reads and modifies their offsets, and keeps what it was asked
// in the connector config store so a restart brings it back. Answers what the REST API asks.
//
// Threading: every method may be called from any thread (the main thread, REST handlers). The
// ones that change connectors are serialised by one lifecycle mutex; they call plugins and join
// tasks without holding the mutex the query methods take, so queries never wait on a plugin.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/connector_config_file.h"
#include "kafka/consumer_group_offsets.h"
#include "runtime/connector_instance.h"
#include "storage/connector_config_store.h"

namespace connectd {

struct ConnectorInfo {
  std::string name;
  ConfigMap config;  // as submitted
  std::vector<ConfigMap> tasks;
  cd_connector_type type = CD_CONNECTOR_SOURCE;
  TargetState target_state = TargetState::kStarted;
};

// One source partition's offset, as the offsets endpoints show and take it. For sink
// connectors the partition is {"kafka_topic","kafka_partition"} and the offset {"kafka_offset"}.
struct ConnectorOffset {
  Value partition;
  Value offset;  // null: none (a reset of that partition when altering)
};

class Worker {
 public:
  // `store` (not owned, outlives the worker) records connectors and their target states.
  Worker(const PluginRegistry* plugins, WorkerServices services, ConnectorConfigStore* store);
  ~Worker();

  // Validates and starts a connector in `initial` state. InvalidArgument names the connector
  // and lists every bad key; a connector that fails to start stays registered as FAILED and
  // its error (code Failed) is returned. AlreadyExists when a connector has this name.
  Status AddConnector(const ConnectorDefinition& definition, TargetState initial = TargetState::kStarted);
  // Stops and forgets a connector (and its stored config). NotFound when there is none.
  Status RemoveConnector(const std::string& name);
  // Creates the connector, or replaces the config of an existing one (validated before the old
  // one is stopped; its target state is kept). *created tells which.
  Status PutConnectorConfig(const std::string& name, const ConfigMap& config, bool* created);
  // Kafka's PATCH: keys mapped to nullopt are removed, the others set. NotFound when unknown.
  Status PatchConnectorConfig(const std::string& name, const std::map<std::string, std::optional<std::string>>& patch);
  // Pause, resume or stop. Idempotent. NotFound when unknown.
  Status SetTargetState(const std::string& name, TargetState target);
  // Restarts the connector object only (Kafka's restart without parameters).
  Status RestartConnector(const std::string& name);
  // Kafka's restart with includeTasks/onlyFailed: restarts the connector unless only failed
  // instances are asked and it is not FAILED, and (with include_tasks) the tasks likewise.
  // *plan is the status before the restart with every restarted instance shown RESTARTING.
  Status RestartConnectorAndTasks(const std::string& name, bool include_tasks, bool only_failed,
                                  ConnectorStatusView* plan);
  // NotFound names the connector or task.
  Status RestartTask(const std::string& name, int32_t task);
  // Source: the offset store's entries; sink: the committed offsets of its consumer group.
  Status GetOffsets(const std::string& name, std::vector<ConnectorOffset>* out);
  // Writes the given offsets of a source connector (null offset: forget that partition).
  // InvalidArgument unless the connector is a STOPPED source connector, with Kafka's message.
  Status AlterSourceOffsets(const std::string& name, const std::vector<ConnectorOffset>& offsets);
  // The same for a sink connector: sets its consumer group's committed offsets.
  Status AlterSinkOffsets(const std::string& name, const std::vector<TopicPartitionOffset>& offsets);
  // Forgets every offset of a STOPPED connector.
  Status ResetOffsets(const std::string& name);
  void StopAll();
  // Handles connectors' requests for task reconfiguration.
  void Tick();
  // False when the lifecycle lock could not be taken within `timeout_ms` (a connector is stuck
  // starting or stopping): what GET /health reports as unhealthy.
  bool Responsive(int64_t timeout_ms);

  std::vector<std::string> ConnectorNames() const;
  // False when unknown.
  bool GetConnector(const std::string& name, ConnectorInfo* out) const;
  const WorkerServices& services() const { return services_; }
  const PluginRegistry& plugins() const { return *plugins_; }

 private:
  // Validates a definition; InvalidArgument lists every bad key.
  Status Validate(const ConnectorDefinition& definition, const ConnectorPlugin** plugin, ConfigMap* resolved) const;
  Status AddLocked(const ConnectorDefinition& definition, TargetState initial);
  Status RemoveLocked(const std::string& name, bool forget);
  Status PutConfigLocked(const std::string& name, const ConfigMap& config, bool* created);
  // The instance, or NotFound. Caller holds lifecycle_mu_ (instances only change under it).
  Status Find(const std::string& name, ConnectorInstance** out) const;
  // Checks a connector exists and is STOPPED with no tasks, as Kafka requires before its offsets change.
  Status CheckOffsetsModifiable(const std::string& name, ConnectorInstance** out) const;
  ConfigMap AdminClientConfig() const;
  // Records a connector's config and target state in the store.
  Status Remember(const std::string& name, TargetState state);

  const PluginRegistry* plugins_;
  WorkerServices services_;
  ConnectorConfigStore* store_;

  std::timed_mutex lifecycle_mu_;  // held while connectors start, stop or change
  mutable std::mutex mu_;          // guards the maps, never held while calling a plugin
  std::map<std::string, std::unique_ptr<ConnectorInstance>> connectors_;
  // Each connector's config as submitted (what GET .../config shows, as Kafka does: without
  // the defaults the running instance was resolved with).
  std::map<std::string, ConfigMap> submitted_;
};

}  // namespace connectd
