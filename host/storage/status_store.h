// StatusStore: the state of every connector and task (RUNNING, FAILED with its trace, ...),
// behind an interface so distributed mode can back it with Kafka's status topic. The
// standalone worker keeps it in memory.
//
// Threading: every method may be called from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace connectd {

enum class ConnectState { kUnassigned, kRunning, kPaused, kStopped, kFailed, kRestarting };

// "RUNNING", "FAILED", ... as Kafka Connect's REST API spells them.
const char* ConnectStateName(ConnectState state);

struct StateEntry {
  ConnectState state = ConnectState::kUnassigned;
  std::string trace;  // the failure message when FAILED
  std::string worker_id;
};

struct ConnectorStatusView {
  StateEntry connector;
  std::map<int32_t, StateEntry> tasks;
};

class StatusStore {
 public:
  virtual ~StatusStore() = default;
  virtual void PutConnector(const std::string& name, StateEntry entry) = 0;
  virtual void PutTask(const std::string& name, int32_t task, StateEntry entry) = 0;
  // Forgets a connector's tasks (before new task configs are started).
  virtual void ClearTasks(const std::string& name) = 0;
  // Forgets a deleted connector.
  virtual void Remove(const std::string& name) = 0;
  // False when the connector is unknown.
  virtual bool Get(const std::string& name, ConnectorStatusView* out) const = 0;
};

std::unique_ptr<StatusStore> NewMemoryStatusStore();

}  // namespace connectd
