#include "runtime/source_task_runner.h"

#include "kafka/client_config.h"
#include "log/log.h"

namespace connectd {

namespace {

// Unacknowledged records above which the task stops polling its plugin.
constexpr size_t kMaxOutstanding = 500000;
// Polled records waiting for the send thread above which polling waits: a few batches, enough
// to keep both threads busy.
constexpr size_t kMaxQueuedRecords = 4096;
// How long the idle send thread waits for a batch before serving delivery reports again, and
// when nothing is in flight (an idle task then costs a few wake-ups a second).
constexpr auto kSenderIdleWait = std::chrono::milliseconds(5);
constexpr auto kSenderQuietWait = std::chrono::milliseconds(200);
// Fewer queued records than this make the send thread wait up to kSenderLinger for more.
constexpr size_t kLingerRecords = 512;
constexpr auto kSenderLinger = std::chrono::milliseconds(1);
constexpr int64_t kRetryBackoffMs = 1000;
// How long the send thread waits for the metadata of a topic it has not produced to yet.
constexpr int kTopicMetadataTimeoutMs = 1000;
// How long shutdown waits for in-flight records (Kafka's offset.flush.timeout.ms default).
constexpr int kShutdownFlushMs = 5000;

using Clock = std::chrono::steady_clock;

// Header values as text, as Kafka's SimpleHeaderConverter writes primitives.
std::string HeaderBytes(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kString: return v.string();
    case ValueKind::kBytes: return v.bytes().data;
    default: return ValueToDebugString(v);
  }
}

}  // namespace

void SourceTaskRunner::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<SourceTaskRunner*>(opaque);
  auto* submitted = static_cast<SubmittedRecords::Submitted*>(message->_private);
  if (message->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || message->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) return;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // With an infinite delivery timeout only permanent errors end here; the offset is never
    // committed, so the record is read again after a restart.
    if (self->delivery_error_.empty()) {
      self->delivery_error_ = std::string("Kafka refused a record for topic '") + rd_kafka_topic_name(message->rkt) +
                              "': " + rd_kafka_err2str(message->err);
    }
    return;
  }
  self->submitted_.Ack(submitted);
}

Status SourceTaskRunner::CreateProducer() {
  rd_kafka_conf_t* conf = nullptr;
  Status s = NewProducerConfig(spec_.services->bootstrap_servers, spec_.services->config->producer_overrides(), &conf);
  if (s.ok()) s = SetClientProperty(conf, "client.id", client_id());
  if (!s.ok()) {
    if (conf != nullptr) rd_kafka_conf_destroy(conf);
    return s;
  }
  rd_kafka_conf_set_dr_msg_cb(conf, &SourceTaskRunner::OnDelivery);
  rd_kafka_conf_set_opaque(conf, this);
  char err[512];
  producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (producer_ == nullptr) return Status::Failed(std::string("cannot create the Kafka producer: ") + err);
  return Status::OK();
}

Status SourceTaskRunner::Send(ConnectRecord& record) {
  std::unique_ptr<ConnectRecord> original;
  if (plugin().source_record_acked != nullptr) original = std::make_unique<ConnectRecord>(record);
  std::shared_ptr<const Value> partition = std::move(record.source_partition);
  Value offset = std::move(record.source_offset);

  bool keep = true;
  if (!transforms_->empty()) {
    Status s = transforms_->Apply(record, &keep);
    if (!s.ok()) return s.WithContext("topic '" + record.topic + "'");
  }
  SubmittedRecords::Submitted* submitted = submitted_.Submit(partition, offset, std::move(original));
  if (!keep) {
    // A filtered record counts as delivered, so its offset still advances.
    submitted_.Ack(submitted);
    return Status::OK();
  }

  // Where the record goes; Fail() adds the connector and task.
  ErrorContext& where = send_where_;
  where.topic = record.topic;
  bool key_null = false;
  bool value_null = false;
  Status s = key_converter_->FromConnectData(where, record.key_schema, record.key, &key_buffer_, &key_null);
  if (!s.ok()) return s.WithContext("key converter");
  s = value_converter_->FromConnectData(where, record.value_schema, record.value, &value_buffer_, &value_null);
  if (!s.ok()) return s.WithContext("value converter");

  RecordActiveTopic(record.topic);
  if (last_topic_handle_ == nullptr || record.topic != last_topic_) {
    if (spec_.services->ensure_topic) spec_.services->ensure_topic(record.topic);
    last_topic_handle_ = TopicHandle(record.topic);
    if (last_topic_handle_ == nullptr) {
      return Status::Failed("cannot produce to topic '" + record.topic + "': " + rd_kafka_err2str(rd_kafka_last_error()));
    }
    last_topic_ = record.topic;
  }

  rd_kafka_headers_t* headers = nullptr;
  if (!record.headers.empty()) {
    headers = rd_kafka_headers_new(record.headers.size());
    for (const Header& h : record.headers) {
      if (h.value.is_null()) {
        rd_kafka_header_add(headers, h.key.data(), static_cast<ssize_t>(h.key.size()), nullptr, 0);
      } else {
        std::string bytes = HeaderBytes(h.value);
        rd_kafka_header_add(headers, h.key.data(), static_cast<ssize_t>(h.key.size()), bytes.data(),
                            static_cast<ssize_t>(bytes.size()));
      }
    }
  }
  int32_t partition_id = record.kafka_partition >= 0 ? record.kafka_partition : RD_KAFKA_PARTITION_UA;
  int64_t timestamp = record.timestamp >= 0 ? record.timestamp : 0;
  for (;;) {
    rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_, RD_KAFKA_V_RKT(last_topic_handle_), RD_KAFKA_V_PARTITION(partition_id),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key_null ? nullptr : key_buffer_.data(), key_null ? 0 : key_buffer_.size()),
        RD_KAFKA_V_VALUE(value_null ? nullptr : const_cast<char*>(value_buffer_.data()),
                         value_null ? 0 : value_buffer_.size()),
        RD_KAFKA_V_TIMESTAMP(timestamp), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(submitted), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::OK();
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (headers != nullptr) rd_kafka_headers_destroy(headers);
      return Status::Failed("cannot produce to topic '" + record.topic + "': " + rd_kafka_err2str(err));
    }
    // Back-pressure: serve deliveries until the queue has room. On stop (or when the task thread
    // ended on a failure) the record is dropped unacknowledged, so its offset is never committed
    // and it is read again after a restart.
    rd_kafka_poll(producer_, 10);
    if (stopping() || sender_stopping_) {
      if (headers != nullptr) rd_kafka_headers_destroy(headers);
      dropping_ = true;
      return Status::OK();
    }
  }
}

rd_kafka_topic_t* SourceTaskRunner::TopicHandle(const std::string& topic) {
  auto [it, added] = topics_.try_emplace(topic, nullptr);
  if (!added) return it->second;
  it->second = rd_kafka_topic_new(producer_, topic.c_str(), nullptr);
  if (it->second == nullptr) {
    topics_.erase(it);
    return nullptr;
  }
  // librdkafka asks for a new topic's partitions only on its next periodic scan (every second),
  // holding the first records that long; asking now costs one round trip. A timeout means the
  // cluster is unreachable: then the scan is left to do it, here and for later topics.
  if (prefetch_metadata_) {
    const rd_kafka_metadata_t* metadata = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(producer_, 0, it->second, &metadata, kTopicMetadataTimeoutMs);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) rd_kafka_metadata_destroy(metadata);
    if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) prefetch_metadata_ = false;
  }
  return it->second;
}

void SourceTaskRunner::DestroyTopicHandles() {
  for (auto& [name, handle] : topics_) rd_kafka_topic_destroy(handle);
  topics_.clear();
  last_topic_handle_ = nullptr;
}

void SourceTaskRunner::Enqueue(Batch batch) {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  while (queued_records_ >= kMaxQueuedRecords && send_failure_.ok() && !stopping()) {
    poller_waiting_ = true;
    room_available_.wait_for(lock, std::chrono::milliseconds(10));
    poller_waiting_ = false;
  }
  if (!send_failure_.ok() || stopping()) return;
  const bool was_empty = queue_.empty();
  queued_records_ += batch.size();
  queue_.push_back(std::move(batch));
  // Wake the sender for the first batch and when a full batch built up while it lingers; every
  // wake-up is a context switch on both threads, so not one per small batch.
  if (sender_waiting_ && (was_empty || queued_records_ >= kLingerRecords)) batch_available_.notify_one();
}

void SourceTaskRunner::StopSender() {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    sender_stopping_ = true;
  }
  batch_available_.notify_one();
  if (sender_.joinable()) sender_.join();
}

Status SourceTaskRunner::SendFailure() {
  std::lock_guard<std::mutex> lock(queue_mutex_);
  return send_failure_;
}

void SourceTaskRunner::SendLoop() {
  Status failure;
  std::deque<Batch> taken;
  for (;;) {
    const auto idle_wait = rd_kafka_outq_len(producer_) > 0 ? kSenderIdleWait : kSenderQuietWait;
    {
      std::unique_lock<std::mutex> lock(queue_mutex_);
      sender_waiting_ = true;
      if (queue_.empty() && !sender_stopping_) batch_available_.wait_for(lock, idle_wait);
      // A few records: linger briefly so that they go out with the ones right behind them.
      if (!queue_.empty() && queued_records_ < kLingerRecords && !sender_stopping_) {
        batch_available_.wait_for(lock, kSenderLinger);
      }
      sender_waiting_ = false;
      if (queue_.empty() && sender_stopping_) break;
      taken.swap(queue_);
      queued_records_ = 0;
      if (poller_waiting_) room_available_.notify_one();
    }
    rd_kafka_poll(producer_, 0);
    if (!delivery_error_.empty()) {
      failure = Status::Failed(delivery_error_);
      break;
    }
    for (Batch& batch : taken) {
      for (auto& record : batch) {
        failure = Send(*record);
        if (!failure.ok() || dropping_) break;
      }
      if (!failure.ok() || dropping_) break;
    }
    ReturnSpent(taken);
    if (!failure.ok() || dropping_) break;
  }
  std::lock_guard<std::mutex> lock(queue_mutex_);
  if (!failure.ok()) send_failure_ = failure;
  // Unsent batches are dropped: never submitted, their offsets are never committed, and they
  // are read again after a restart.
  for (Batch& batch : queue_) spent_.push_back(std::move(batch));
  queue_.clear();
  queued_records_ = 0;
  room_available_.notify_one();
}

void SourceTaskRunner::ReturnSpent(std::deque<Batch>& batches) {
  std::lock_guard<std::mutex> lock(queue_mutex_);
  for (Batch& batch : batches) spent_.push_back(std::move(batch));
  batches.clear();
}

void SourceTaskRunner::FreeSpent() {
  std::deque<Batch> spent;  // freed on return, outside the lock
  std::lock_guard<std::mutex> lock(queue_mutex_);
  spent.swap(spent_);
}

Status SourceTaskRunner::CollectAcknowledged() {
  std::vector<std::pair<Value, Value>> offsets = submitted_.Committable(
      plugin().source_record_acked == nullptr ? std::function<void(const ConnectRecord&)>()
                                              : [this](const ConnectRecord& original) {
                                                  plugin().source_record_acked(plugin_task_, ToHandle(&original));
                                                });
  if (offsets.empty()) return Status::OK();
  return spec_.services->offsets->Put(spec_.connector, offsets);
}

Status SourceTaskRunner::CommitOffsets() {
  Status s = CollectAcknowledged();
  if (s.ok()) s = spec_.services->offsets->Flush();
  if (!s.ok()) return s.WithContext("cannot commit source offsets");
  if (plugin().source_commit != nullptr && plugin_task_ != nullptr) {
    cd_error err;
    if (plugin().source_commit(plugin_task_, &err) == CD_ERROR) {
      return Status::Failed("commit failed: " + err.message);
    }
  }
  return Status::OK();
}

void SourceTaskRunner::Run() {
  context_.offset_reader = [this](const Value& partition) {
    return spec_.services->offsets->Get(spec_.connector, partition);
  };
  Status s = SetUpPipeline();
  if (s.ok()) s = CreateProducer();
  if (s.ok()) s = CreatePluginTask();
  if (!s.ok()) {
    Fail(s);
    DestroyPluginTask();
    if (producer_ != nullptr) rd_kafka_destroy(producer_);
    producer_ = nullptr;
    return;
  }
  SetState(ConnectState::kRunning);
  LogInfo(log_component_, "source task started");
  sender_ = std::thread([this] { SendLoop(); });

  const auto flush_interval = std::chrono::milliseconds(spec_.services->config->offset_flush_interval_ms);
  auto next_commit = Clock::now() + flush_interval;
  while (!stopping() && !failed_) {
    FreeSpent();
    s = SendFailure();
    if (!s.ok()) {
      Fail(s);
      break;
    }
    s = CollectAcknowledged();
    if (s.ok() && Clock::now() >= next_commit) {
      s = CommitOffsets();
      next_commit = Clock::now() + flush_interval;
    }
    if (!s.ok()) {
      Fail(s);
      break;
    }
    if (SyncPauseState()) {
      Backoff(100);  // deliveries and offsets go on while paused
      continue;
    }
    if (submitted_.outstanding() >= kMaxOutstanding) {
      Backoff(10);
      continue;
    }
    cd_record_list batch;
    cd_error err;
    cd_rc rc = plugin().source_poll(plugin_task_, &batch, &err);
    if (rc == CD_RETRY) {
      LogWarn(log_component_, "poll asked to retry: " + err.message + "; retrying in " +
                                  std::to_string(kRetryBackoffMs) + " ms");
      Backoff(kRetryBackoffMs);
      continue;
    }
    if (rc != CD_OK) {
      Fail(Status::Failed("poll failed: " + (err.set ? err.message : std::string("no message"))));
      break;
    }
    if (!batch.records.empty()) Enqueue(std::move(batch.records));
  }

  // Deliver what is queued and in flight, then store the offsets of everything acknowledged.
  StopSender();
  FreeSpent();
  if (!failed_) {
    s = SendFailure();
    if (!s.ok()) Fail(s);
  }
  rd_kafka_flush(producer_, kShutdownFlushMs);
  if (rd_kafka_outq_len(producer_) > 0) {
    LogWarn(log_component_, std::to_string(rd_kafka_outq_len(producer_)) +
                                " records still unacknowledged at shutdown; their offsets are not committed and they "
                                "will be produced again after a restart");
    // Purge so that no delivery report reaches the plugin task after it is destroyed.
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(producer_, 0);
  }
  s = CommitOffsets();
  if (!s.ok()) Fail(s);
  DestroyPluginTask();
  DestroyTopicHandles();
  rd_kafka_destroy(producer_);
  producer_ = nullptr;
  if (!failed_) {
    SetState(ConnectState::kUnassigned);
    LogInfo(log_component_, "source task stopped; offsets committed");
  }
}

}  // namespace connectd
