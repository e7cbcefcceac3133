#include "file_stream_source.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>

#include "errno_text.h"

namespace connectd {
namespace file {

namespace {

constexpr const char* kFileConfig = "file";
constexpr const char* kTopicConfig = "topic";
constexpr const char* kBatchSizeConfig = "batch.size";
constexpr const char* kFilenameField = "filename";
constexpr const char* kPositionField = "position";
constexpr const char* kDefaultBatchSize = "2000";
// Large reads keep syscalls far below one per line.
constexpr size_t kReadBufferBytes = 1 << 20;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsInteger(cd_value_kind kind) {
  return kind == CD_VALUE_INT8 || kind == CD_VALUE_INT16 || kind == CD_VALUE_INT32 || kind == CD_VALUE_INT64;
}

}  // namespace

// ---- connector ------------------------------------------------------------------------

const sdk::ConfigDef& FileStreamSourceConnector::configDef() {
  static const sdk::ConfigDef def = [] {
    sdk::ConfigDef d;
    d.define(kFileConfig, CD_CONFIG_STRING, std::nullopt, CD_IMPORTANCE_HIGH,
             "Source filename. If not specified, the standard input will be used");
    sdk::ConfigDef::Key topic;
    topic.name = kTopicConfig;
    topic.type = CD_CONFIG_STRING;
    topic.importance = CD_IMPORTANCE_HIGH;
    topic.documentation = "The topic to publish data to";
    topic.required = true;
    d.define(std::move(topic));
    sdk::ConfigDef::Key batch;
    batch.name = kBatchSizeConfig;
    batch.type = CD_CONFIG_INT;
    batch.default_value = kDefaultBatchSize;
    batch.importance = CD_IMPORTANCE_LOW;
    batch.documentation = "The maximum number of records the source task can read from the file each time it is polled";
    batch.range = std::make_pair(1.0, static_cast<double>(INT32_MAX));
    d.define(std::move(batch));
    return d;
  }();
  return def;
}

void FileStreamSourceConnector::start(const sdk::Config& config, sdk::Context&) {
  std::string topic = config.getString(kTopicConfig);
  // Kafka declares `topic` as a list and accepts exactly one entry.
  if (topic.find(',') != std::string::npos || topic.find_first_not_of(" \t") == std::string::npos) {
    throw sdk::ConnectException("'topic' in FileStreamSourceConnector configuration requires definition of a single "
                                "topic, got \"" + topic + "\"; set topic to one topic name");
  }
  task_config_.clear();
  if (auto file = config.get(kFileConfig)) task_config_[kFileConfig] = *file;
  task_config_[kTopicConfig] = topic;
  task_config_[kBatchSizeConfig] = config.get(kBatchSizeConfig).value_or(kDefaultBatchSize);
}

void FileStreamSourceConnector::taskConfigs(uint32_t, sdk::TaskConfigs& out) { out.add(task_config_); }

// ---- task -----------------------------------------------------------------------------

FileStreamSourceTask::FileStreamSourceTask() : lines_(kReadBufferBytes) {}

FileStreamSourceTask::~FileStreamSourceTask() { CloseInput(); }

void FileStreamSourceTask::start(const sdk::Config& config, sdk::Context& context) {
  context_ = &context;
  path_ = config.get(kFileConfig).value_or("");
  topic_ = config.getString(kTopicConfig);
  batch_size_ = config.getInt(kBatchSizeConfig);
  if (batch_size_ < 1) {
    throw sdk::ConnectException("batch.size must be at least 1, got " + std::to_string(batch_size_));
  }
  value_schema_ = sdk::Schema::Primitive(sdk::Type::String);

  if (path_.empty()) {
    // Kafka tracks no offsets for stdin: a pipe cannot be re-read.
    fd_ = STDIN_FILENO;
    struct stat st {};
    regular_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
    lines_.Reset(0);
    context_->info("reading lines from stdin");
    return;
  }

  sdk::Value partition = sdk::Value::Map();
  partition.put(kFilenameField, sdk::Value::String(path_));
  std::optional<sdk::Value> offset = context_->offset(partition);
  partition_.emplace(std::move(partition));
  if (offset) {
    sdk::ValueView position = offset->get(kPositionField);
    if (!position.isNull()) {
      if (!IsInteger(position.kind())) {
        throw sdk::ConnectException("the committed offset of " + Describe() +
                                    " has a \"position\" that is not an integer; delete the connector's stored "
                                    "offsets to read the file from the start");
      }
      committed_ = position.asInt();
    }
  }
  OpenInput();
}

void FileStreamSourceTask::stop() { CloseInput(); }

std::string FileStreamSourceTask::Describe() const { return path_.empty() ? "stdin" : "source file '" + path_ + "'"; }

void FileStreamSourceTask::CloseInput() {
  if (fd_ >= 0 && fd_ != STDIN_FILENO) ::close(fd_);
  fd_ = -1;
}

bool FileStreamSourceTask::OpenInput() {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) {
      if (!warned_missing_) {
        context_->warn("couldn't find " + Describe() + "; waiting for it to be created");
        warned_missing_ = true;
      }
      return false;
    }
    throw sdk::ConnectException("cannot open " + Describe() + ": " + ErrnoText(err) +
                                "; check the path in \"file\" and that connectd's user may read it");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw sdk::ConnectException("cannot stat " + Describe() + ": " + ErrnoText(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw sdk::ConnectException(Describe() + " is a directory; set \"file\" to a file");
  }
  fd_ = fd;
  regular_ = S_ISREG(st.st_mode);
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  warned_missing_ = false;

  int64_t start = 0;
  if (committed_) {
    if (!regular_) {
      context_->warn(Describe() + " is not a regular file and cannot be positioned; the committed position " +
                     std::to_string(*committed_) + " is ignored and reading starts at its current data");
    } else if (*committed_ > static_cast<int64_t>(st.st_size)) {
      context_->warn("the committed position " + std::to_string(*committed_) + " is past the end of " + Describe() +
                     " (" + std::to_string(st.st_size) +
                     " bytes): it was truncated or replaced while the task was stopped; reading it from the start");
    } else if (::lseek(fd_, static_cast<off_t>(*committed_), SEEK_SET) < 0) {
      int err = errno;
      CloseInput();
      throw sdk::ConnectException("cannot seek " + Describe() + " to its committed position " +
                                  std::to_string(*committed_) + ": " + ErrnoText(err));
    } else {
      start = *committed_;
    }
    committed_.reset();  // belongs to this file only, not to one that replaces it later
  }
  lines_.Reset(start);
  context_->info("reading " + Describe() + " from position " + std::to_string(start));
  return true;
}

bool FileStreamSourceTask::ReadMore() {
  if (!regular_) {
    // stdin or a pipe may block: read only when data is ready.
    struct pollfd p {fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, 0);
    if (ready <= 0) return false;
  }
  size_t room = 0;
  char* dst = lines_.Reserve(&room);
  while (true) {
    ssize_t n = ::read(fd_, dst, room);
    if (n > 0) {
      lines_.Commit(static_cast<size_t>(n));
      return true;
    }
    if (n == 0) return false;
    int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) return false;
    throw sdk::ConnectException("cannot read " + Describe() + ": " + ErrnoText(err));
  }
}

bool FileStreamSourceTask::CheckFileChanged() {
  if (path_.empty() || !regular_) return false;
  struct stat open_st {};
  if (::fstat(fd_, &open_st) == 0) {
    // Bytes read from the file so far: lines returned plus the unfinished tail.
    const int64_t read_end = lines_.position() + static_cast<int64_t>(lines_.pending());
    if (static_cast<int64_t>(open_st.st_size) < read_end) {
      context_->warn(Describe() + " was truncated to " + std::to_string(open_st.st_size) +
                     " bytes, below the read position " + std::to_string(read_end) + "; reading it again from the start");
      if (::lseek(fd_, 0, SEEK_SET) < 0) {
        throw sdk::ConnectException("cannot seek " + Describe() + " to its start: " + ErrnoText(errno));
      }
      lines_.Reset(0);
      return true;
    }
  }
  struct stat path_st {};
  if (::stat(path_.c_str(), &path_st) != 0) {
    if (errno == ENOENT && !warned_missing_) {
      context_->warn(Describe() + " was removed; reading the open file until a new one is created at that path");
      warned_missing_ = true;
    }
    return false;
  }
  warned_missing_ = false;
  if (path_st.st_dev == dev_ && path_st.st_ino == ino_) return false;
  // Replaced. The writer may have appended to the old file since the read that hit its end.
  if (ReadMore()) return true;
  if (lines_.pending() > 0) {
    context_->warn("dropping an unterminated last line of " + std::to_string(lines_.pending()) +
                   " bytes at the end of the replaced " + Describe());
  }
  context_->info(Describe() + " was replaced by a new file; reading the new one from the start");
  CloseInput();
  return OpenInput();
}

void FileStreamSourceTask::Emit(sdk::RecordList& out, std::string_view line, int64_t next_position, int64_t now_ms) {
  sdk::SourceRecord record(topic_);
  record.value(value_schema_, sdk::Value::String(line));
  record.timestamp(now_ms);
  if (partition_) {
    record.sourcePartition(*partition_);
    sdk::Value offset = sdk::Value::Map();
    offset.put(kPositionField, sdk::Value::Int64(next_position));
    record.sourceOffset(std::move(offset));
  }
  out.add(std::move(record));
}

void FileStreamSourceTask::poll(sdk::RecordList& out) {
  if (fd_ < 0 && !OpenInput()) {
    context_->wait(kIdleWaitMs);
    return;
  }
  const int64_t now_ms = NowMs();
  int32_t emitted = 0;
  std::string_view line;
  int64_t next_position = 0;
  while (emitted < batch_size_) {
    if (lines_.NextLine(&line, &next_position)) {
      Emit(out, line, next_position, now_ms);
      ++emitted;
      continue;
    }
    if (ReadMore()) continue;
    if (emitted > 0) return;
    if (CheckFileChanged()) continue;
    context_->wait(kIdleWaitMs);
    return;
  }
}

}  // namespace file
}  // namespace connectd
