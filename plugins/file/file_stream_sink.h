// FileStreamSink: Kafka's FileStreamSinkConnector (same class name and keys), which appends the
// value of every record it receives to a file, or to stdout, one line per record.
//
// Config: `file` (absent or empty: stdout); the host handles topics / topics.regex. The connector
// makes max_tasks identical tasks, as Kafka does; they append whole lines with O_APPEND, so
// lines never interleave mid-line.
//
// Each record is written as its value's text (value_text.h) plus "\n", in the order delivered.
// Writes are buffered; flush() writes the buffer and fsyncs the file, so the host commits Kafka
// offsets only for data that is on disk. A failed write fails the task with a ConnectException
// naming the file; what was not flushed is redelivered after a restart (at least once).
//
// Threading: the SDK calls each object from one thread at a time (plugin.h rules).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "connectd/sdk.hpp"

namespace connectd {
namespace file {

class FileStreamSinkTask : public sdk::SinkTask {
 public:
  ~FileStreamSinkTask() override;

  // Opens the file for appending (creating it). Throws ConnectException when it cannot.
  void start(const sdk::Config& config, sdk::Context& context) override;
  // Writes the records' lines with one write(2) per batch (more when a batch exceeds
  // kWriteBufferBytes), so they are visible at once; durability comes with flush().
  void put(const std::vector<sdk::RecordView>& records) override;
  // Writes everything buffered and fsyncs it (stdout and other non-files are not fsynced).
  void flush(sdk::OffsetList& offsets) override;
  // Writes what is buffered (failures are logged) and closes the file.
  void stop() override;

  static constexpr size_t kWriteBufferBytes = 1 << 20;

 private:
  void WritePending();
  std::string Describe() const;

  sdk::Context* context_ = nullptr;
  std::string path_;  // empty: stdout
  int fd_ = -1;
  bool syncable_ = false;  // a regular file, where fsync means something
  std::string pending_;
};

class FileStreamSinkConnector : public sdk::SinkConnector {
 public:
  using Task = FileStreamSinkTask;
  static constexpr const char* kClassName = "org.apache.kafka.connect.file.FileStreamSinkConnector";
  static constexpr const char* kVersion = CONNECTD_FILE_PLUGIN_VERSION;
  static constexpr const char* kDescription = "Appends the value of each record to a file (or stdout), one per line";
  // The host already accepts "FileStreamSinkConnector" and "FileStreamSink".
  static const char* const* aliases() { return nullptr; }
  static const sdk::ConfigDef& configDef();

  void start(const sdk::Config& config, sdk::Context& context) override;
  // max_tasks copies of the same config.
  void taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) override;

 private:
  std::map<std::string, std::string> task_config_;
};

}  // namespace file
}  // namespace connectd
