#include "storage/status_store.h"

#include <atomic>

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
    topics_.erase(name);
    generation_.fetch_add(1);
  }
  bool Get(const std::string& name, ConnectorStatusView* out) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = statuses_.find(name);
    if (it == statuses_.end()) return false;
    *out = it->second;
    return true;
  }

  void AddActiveTopic(const std::string& name, const std::string& topic) override {
    std::lock_guard<std::mutex> lock(mu_);
    topics_[name].insert(topic);
  }
  std::set<std::string> ActiveTopics(const std::string& name) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = topics_.find(name);
    return it == topics_.end() ? std::set<std::string>() : it->second;
  }
  void ResetActiveTopics(const std::string& name) override {
    std::lock_guard<std::mutex> lock(mu_);
    topics_.erase(name);
    generation_.fetch_add(1);
  }
  uint64_t active_topics_generation() const override { return generation_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mu_;
  std::map<std::string, ConnectorStatusView> statuses_;
  std::map<std::string, std::set<std::string>> topics_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace

std::unique_ptr<StatusStore> NewMemoryStatusStore() { return std::make_unique<MemoryStatusStore>(); }

}  // namespace connectd
