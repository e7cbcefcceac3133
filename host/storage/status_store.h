// StatusStore: the state of every connector and task (RUNNING, FAILED with its trace, ...) and
// the topics each connector used (Kafka's active topics), behind an interface so distributed mode can back it with Kafka's status topic. The
// standalone worker keeps it in memory.
//
// Threading: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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

  // Records that a connector's task produced to or consumed from `topic`.
  virtual void AddActiveTopic(const std::string& name, const std::string& topic) = 0;
  // The topics recorded since the connector was created or its topics were last reset.
  virtual std::set<std::string> ActiveTopics(const std::string& name) const = 0;
  // Forgets a connector's topics; tasks record them again as they use them.
  virtual void ResetActiveTopics(const std::string& name) = 0;
  // Changes on every reset (of any connector), so tasks can cache what they already recorded
  // and call AddActiveTopic only for a topic that is new since the last reset.
  virtual uint64_t active_topics_generation() const = 0;
};

std::unique_ptr<StatusStore> NewMemoryStatusStore();

}  // namespace connectd
