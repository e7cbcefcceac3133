// Status: the result of an operation that can fail, returned instead of throwing across
// subsystem boundaries (LevelDB style). A Status is cheap to copy when OK.
//
// Retriable() errors are transient (broker down, plugin asked to RETRY): the caller backs off
// and tries again. Everything else is a hard failure that stops the task that saw it.
#pragma once

#include <string>
#include <utility>

namespace connectd {

class Status {
 public:
  enum class Code { kOk = 0, kInvalidArgument, kNotFound, kAlreadyExists, kIOError, kRetriable, kFailed };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(Code::kAlreadyExists, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Retriable(std::string msg) { return Status(Code::kRetriable, std::move(msg)); }
  static Status Failed(std::string msg) { return Status(Code::kFailed, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  bool retriable() const { return code_ == Code::kRetriable; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<prefix>: <message>"; used to add context (connector,
  // task, topic, partition, offset, config key) as an error travels up.
  Status WithContext(const std::string& prefix) const {
    if (ok()) return *this;
    return Status(code_, prefix + ": " + message_);
  }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace connectd
