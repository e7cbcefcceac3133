#include "file_stream_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "errno_text.h"
#include "value_text.h"

namespace connectd {
namespace file {

namespace {
constexpr const char* kFileConfig = "file";
}  // namespace

// ---- connector ------------------------------------------------------------------------

const sdk::ConfigDef& FileStreamSinkConnector::configDef() {
  static const sdk::ConfigDef def = [] {
    sdk::ConfigDef d;
    d.define(kFileConfig, CD_CONFIG_STRING, std::nullopt, CD_IMPORTANCE_HIGH,
             "Destination filename. If not specified, the standard output will be used");
    return d;
  }();
  return def;
}

void FileStreamSinkConnector::start(const sdk::Config& config, sdk::Context&) {
  task_config_.clear();
  if (auto file = config.get(kFileConfig)) task_config_[kFileConfig] = *file;
}

void FileStreamSinkConnector::taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) {
  for (uint32_t i = 0; i < max_tasks; ++i) out.add(task_config_);
}

// ---- task -----------------------------------------------------------------------------

FileStreamSinkTask::~FileStreamSinkTask() {
  if (fd_ >= 0 && fd_ != STDOUT_FILENO) ::close(fd_);
}

std::string FileStreamSinkTask::Describe() const { return path_.empty() ? "stdout" : "sink file '" + path_ + "'"; }

void FileStreamSinkTask::start(const sdk::Config& config, sdk::Context& context) {
  context_ = &context;
  path_ = config.get(kFileConfig).value_or("");
  if (path_.empty()) {
    fd_ = STDOUT_FILENO;
  } else {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      int err = errno;
      throw sdk::ConnectException("cannot open " + Describe() + " for appending: " + ErrnoText(err) +
                                  "; check that its directory exists and that connectd's user may write there");
    }
  }
  struct stat st {};
  syncable_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  pending_.reserve(kWriteBufferBytes);
  context_->info("appending record values to " + Describe());
}

void FileStreamSinkTask::put(const std::vector<sdk::RecordView>& records) {
  for (const sdk::RecordView& record : records) {
    sdk::ValueView value = record.value();
    if (value.kind() == CD_VALUE_STRING) {
      pending_.append(value.asString());
    } else {
      AppendValueText(record.valueSchema(), value, &pending_);
    }
    pending_.push_back('\n');
    if (pending_.size() >= kWriteBufferBytes) WritePending();
  }
  // One write per batch: records show up in the file as they arrive (as with Kafka's sink),
  // without a syscall per record; flush() adds the fsync.
  if (!pending_.empty()) WritePending();
}

void FileStreamSinkTask::WritePending() {
  size_t done = 0;
  while (done < pending_.size()) {
    ssize_t n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n >= 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    int err = errno;
    if (err == EINTR) continue;
    // Keep what was not written, so nothing is written twice if the task goes on.
    pending_.erase(0, done);
    throw sdk::ConnectException("cannot write to " + Describe() + ": " + ErrnoText(err));
  }
  pending_.clear();
}

void FileStreamSinkTask::flush(sdk::OffsetList&) {
  WritePending();
  if (syncable_ && ::fsync(fd_) != 0) {
    int err = errno;
    throw sdk::ConnectException("cannot fsync " + Describe() + ": " + ErrnoText(err) +
                                "; its offsets are not committed");
  }
}

void FileStreamSinkTask::stop() {
  if (fd_ < 0) return;
  try {
    WritePending();
  } catch (const sdk::ConnectException& e) {
    context_->error(std::string(e.what()) + "; " + std::to_string(pending_.size()) +
                    " buffered bytes are lost and will be redelivered from the last committed offsets");
  }
  if (fd_ != STDOUT_FILENO) ::close(fd_);
  fd_ = -1;
}

}  // namespace file
}  // namespace connectd
