// FileStreamSource: Kafka's FileStreamSourceConnector (same class name, keys and offsets), which
// publishes each line of a file, or of stdin, to one topic.
//
// Config (as Kafka 3.x): `file` (absent or empty: stdin), `topic` (required, a single topic),
// `batch.size` (records per poll, default 2000). The connector always makes one task.
//
// Records: STRING value schema, the line as value (terminator stripped; lines end at "\n",
// "\r\n" or "\r"), null key, the read time as timestamp, source partition {"filename": <file>}
// and offset {"position": <int64 byte position after the line's terminator>} — Kafka's keys, so
// stored offsets mean the same thing. stdin records carry no partition or offset.
//
// The task resumes from the committed offset and then follows the file as it grows. An
// unterminated last line is held back until its terminator arrives. File changes while running:
// - missing file (at start or later recreated): warn once and wait for it, as Kafka does;
// - removed while open: warn once and keep reading the open file until a new one appears;
// - replaced (another inode at the path, e.g. log rotation): finish the old file, then read the
//   new one from position 0 (an unterminated last line of the old file is dropped with a warning);
// - truncated below the read position (copy-truncate rotation): warn and read again from 0.
//   Kafka keeps its old position then and silently skips what is rewritten below it;
// - committed position past the end at start (truncated or replaced while stopped): warn and
//   read from 0 (Kafka would skip to the stale position).
// Positions are bytes; Kafka counts chars, which only differs for non-ASCII files.
//
// Threading: the SDK calls each object from one thread at a time (plugin.h rules).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "connectd/sdk.hpp"
#include "line_buffer.h"

namespace connectd {
namespace file {

class FileStreamSourceTask : public sdk::SourceTask {
 public:
  FileStreamSourceTask();
  ~FileStreamSourceTask() override;

  // Reads the config and the committed offset, and opens the file when it exists. Throws
  // ConnectException when the file exists but cannot be read.
  void start(const sdk::Config& config, sdk::Context& context) override;
  // Adds up to batch.size lines; when none are available waits up to kIdleWaitMs (returning
  // at once when the host asks the task to stop).
  void poll(sdk::RecordList& out) override;
  void stop() override;

  // How long an idle poll waits for the file to grow or appear.
  static constexpr int64_t kIdleWaitMs = 250;

 private:
  // Opens path_; false when it does not exist yet. Resumes from committed_ the first time.
  bool OpenInput();
  // Reads once into lines_; false when nothing was available (end of file, or no input yet).
  bool ReadMore();
  // Called when the file is at its end and nothing was read: handles truncation, removal and
  // replacement. True when reading should be tried again at once (data arrived, or the file
  // was rewound or reopened).
  bool CheckFileChanged();
  void CloseInput();
  void Emit(sdk::RecordList& out, std::string_view line, int64_t next_position, int64_t now_ms);
  std::string Describe() const;

  sdk::Context* context_ = nullptr;
  std::string path_;  // empty: stdin
  std::string topic_;
  int32_t batch_size_ = 2000;
  sdk::SchemaView value_schema_;
  std::optional<sdk::SourcePartition> partition_;  // {"filename": path_}, shared by every record; unset for stdin
  std::optional<int64_t> committed_;     // position to resume from on the first open
  int fd_ = -1;
  bool regular_ = false;  // a regular file: seekable, with a size to check
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  bool warned_missing_ = false;
  LineBuffer lines_;
};

class FileStreamSourceConnector : public sdk::SourceConnector {
 public:
  using Task = FileStreamSourceTask;
  static constexpr const char* kClassName = "org.apache.kafka.connect.file.FileStreamSourceConnector";
  static constexpr const char* kVersion = CONNECTD_FILE_PLUGIN_VERSION;
  static constexpr const char* kDescription = "Publishes each line of a file (or stdin) to a Kafka topic";
  // The host already accepts "FileStreamSourceConnector" and "FileStreamSource".
  static const char* const* aliases() { return nullptr; }
  static const sdk::ConfigDef& configDef();

  // Throws ConnectException when `topic` names more than one topic.
  void start(const sdk::Config& config, sdk::Context& context) override;
  // One task, whatever max_tasks is (a file has one reader).
  void taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) override;

 private:
  std::map<std::string, std::string> task_config_;
};

}  // namespace file
}  // namespace connectd
