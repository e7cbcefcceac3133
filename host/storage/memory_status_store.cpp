#include "storage/status_store.h"

namespace connectd {

const char* ConnectStateName(ConnectState state) {
  switch (state) {
    case ConnectState::kUnassigned: return "UNASSIGNED";
    case ConnectState::kRunning: return "RUNNING";
    case ConnectState::kPaused: return "PAUSED";
    case ConnectState::kStopped: return "STOPPED";
    case ConnectState::kFailed: return "FAILED";
    case ConnectState::kRestarting: return "RESTARTING";
  }
  return "UNASSIGNED";
}

namespace {

class MemoryStatusStore : public StatusStore {
 public:
  void PutConnector(const std::string& name, StateEntry entry) override {
    std::lock_guard<std::mutex> lock(mu_);
    statuses_[name].connector = std::move(entry);
  }
  void PutTask(const std::string& name, int32_t task, StateEntry entry) override {
    std::lock_guard<std::mutex> lock(mu_);
    statuses_[name].tasks[task] = std::move(entry);
  }
  void ClearTasks(const std::string& name) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = statuses_.find(name);
    if (it != statuses_.end()) it->second.tasks.clear();
  }
  void Remove(const std::string& name) override {
    std::lock_guard<std::mutex> lock(mu_);
    statuses_.erase(name);
  }
  bool Get(const std::string& name, ConnectorStatusView* out) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = statuses_.find(name);
    if (it == statuses_.end()) return false;
    *out = it->second;
    return true;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, ConnectorStatusView> statuses_;
};

}  // namespace

std::unique_ptr<StatusStore> NewMemoryStatusStore() { return std::make_unique<MemoryStatusStore>(); }

}  // namespace connectd
