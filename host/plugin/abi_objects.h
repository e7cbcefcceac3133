// The host-side definitions of the opaque types in plugin.h. Plugins see only pointers; the
// runtime creates these objects and hands them across the ABI.
//
// Value and record handles are the host's own objects (cd_value* is a connectd::Value*,
// cd_record* a connectd::ConnectRecord*), so nothing is copied when a plugin reads a record.
// cd_schema* is a `const connectd::Schema*`; the ABI's references to it are counted in
// host_api.cpp.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "connectd/plugin.h"
#include "data/record.h"
#include "data/schema.h"
#include "data/value.h"

namespace connectd {

inline Value* AsValue(cd_value* v) { return reinterpret_cast<Value*>(v); }
inline const Value* AsValue(const cd_value* v) { return reinterpret_cast<const Value*>(v); }
inline cd_value* ToHandle(Value* v) { return reinterpret_cast<cd_value*>(v); }
inline const cd_value* ToHandle(const Value* v) { return reinterpret_cast<const cd_value*>(v); }
inline ConnectRecord* AsRecord(cd_record* r) { return reinterpret_cast<ConnectRecord*>(r); }
inline const ConnectRecord* AsRecord(const cd_record* r) { return reinterpret_cast<const ConnectRecord*>(r); }
inline cd_record* ToHandle(ConnectRecord* r) { return reinterpret_cast<cd_record*>(r); }
inline const cd_record* ToHandle(const ConnectRecord* r) { return reinterpret_cast<const cd_record*>(r); }
inline const Schema* AsSchema(const cd_schema* s) { return reinterpret_cast<const Schema*>(s); }
inline const cd_schema* ToHandle(const Schema* s) { return reinterpret_cast<const cd_schema*>(s); }
// A shared reference for a schema the plugin passed in (it must be a host-built schema).
inline SchemaPtr SharedSchema(const cd_schema* s) {
  return s == nullptr ? nullptr : AsSchema(s)->shared_from_this();
}

}  // namespace connectd

// A failure message written by a plugin callback.
struct cd_error {
  std::string message;
  bool set = false;
};

// A read-only connector or task config.
struct cd_config {
  explicit cd_config(connectd::ConfigMap m) : map(std::move(m)) {
    for (const auto& kv : map) entries.push_back(&kv);
  }
  connectd::ConfigMap map;
  std::vector<const std::pair<const std::string, std::string>*> entries;  // index -> entry
};

// Stop signal shared by a running connector or task and the thread that stops it.
class StopSignal {
 public:
  void Request() {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  bool requested() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stop_;
  }
  // Waits up to timeout_ms; true when a stop was requested.
  bool WaitFor(int64_t timeout_ms) {
    // Clamped so "wait until stopped" (INT64_MAX) cannot overflow the clock arithmetic.
    constexpr int64_t kMaxWaitMs = 24LL * 3600 * 1000;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_ && timeout_ms > 0) {
      int64_t step = timeout_ms < kMaxWaitMs ? timeout_ms : kMaxWaitMs;
      cv_.wait_for(lock, std::chrono::milliseconds(step), [this] { return stop_; });
      timeout_ms -= step;
    }
    return stop_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

// Identifies a running connector (task_id -1) or task and carries the services the ABI offers it.
struct cd_context {
  std::string connector;
  int32_t task_id = -1;
  std::shared_ptr<StopSignal> stop = std::make_shared<StopSignal>();
  // Source tasks: reads a committed offset for a source partition.
  std::function<std::optional<connectd::Value>(const connectd::Value& partition)> offset_reader;
  // Connectors: asks the worker to regenerate task configs.
  std::function<void()> request_reconfiguration;
};

struct cd_source_partition {
  std::shared_ptr<const connectd::Value> value;
};

struct cd_record_list {
  std::vector<std::unique_ptr<connectd::ConnectRecord>> records;
};

struct cd_task_configs {
  std::vector<connectd::ConfigMap> configs;
};

struct cd_offset_list {
  struct Entry {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = -1;  // next offset to read; -1 = commit nothing
  };
  std::vector<Entry> entries;
};
