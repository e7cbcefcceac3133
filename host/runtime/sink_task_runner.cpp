#include "runtime/sink_task_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "config/config_values.h"
#include "kafka/client_config.h"
#include "log/log.h"

namespace connectd {

namespace {

constexpr int kPollTimeoutMs = 100;
constexpr int64_t kMaxRetryBackoffMs = 10000;
// How long an assignment waits for the group's committed offsets before leaving them to librdkafka.
constexpr int kCommittedTimeoutMs = 5000;

using Clock = std::chrono::steady_clock;

std::vector<cd_topic_partition> ToAbi(const rd_kafka_topic_partition_list_t* list) {
  std::vector<cd_topic_partition> out;
  for (int i = 0; i < list->cnt; ++i) out.push_back(cd_topic_partition{list->elems[i].topic, list->elems[i].partition});
  return out;
}

}  // namespace

void SinkTaskRunner::RebalanceCallback(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                                       void* opaque) {
  static_cast<SinkTaskRunner*>(opaque)->OnRebalance(err, partitions);
}

void SinkTaskRunner::SetStartOffsets(rd_kafka_topic_partition_list_t* partitions) {
  char reset[32];
  size_t size = sizeof(reset);
  if (rd_kafka_conf_get(rd_kafka_conf(consumer_), "auto.offset.reset", reset, &size) != RD_KAFKA_CONF_OK) return;
  const std::string policy = reset;
  int64_t fallback = RD_KAFKA_OFFSET_INVALID;  // "error": librdkafka reports the missing offset
  if (policy == "smallest" || policy == "earliest" || policy == "beginning") fallback = RD_KAFKA_OFFSET_BEGINNING;
  if (policy == "largest" || policy == "latest" || policy == "end") fallback = RD_KAFKA_OFFSET_END;
  rd_kafka_topic_partition_list_t* committed = rd_kafka_topic_partition_list_copy(partitions);
  if (rd_kafka_committed(consumer_, committed, kCommittedTimeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < committed->cnt; ++i) {
      const rd_kafka_topic_partition_t& c = committed->elems[i];
      if (c.err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
      rd_kafka_topic_partition_t* target = rd_kafka_topic_partition_list_find(partitions, c.topic, c.partition);
      if (target != nullptr) target->offset = c.offset >= 0 ? c.offset : fallback;
    }
  }
  rd_kafka_topic_partition_list_destroy(committed);
}

void SinkTaskRunner::OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(consumer_), "COOPERATIVE") == 0;
  std::vector<cd_topic_partition> tps = ToAbi(partitions);
  cd_error cerr;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_topic_partition_list_t* starts = rd_kafka_topic_partition_list_copy(partitions);
    SetStartOffsets(starts);
    if (cooperative) {
      rd_kafka_error_t* e = rd_kafka_incremental_assign(consumer_, starts);
      if (e != nullptr) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(consumer_, starts);
    }
    rd_kafka_topic_partition_list_destroy(starts);
    for (const cd_topic_partition& tp : tps) assigned_.insert({tp.topic, tp.partition});
    // A put is being retried or the task is paused: new partitions wait paused like the others.
    if (retrying_ || user_paused_) rd_kafka_pause_partitions(consumer_, partitions);
    if (plugin().sink_open != nullptr && !failed_ &&
        plugin().sink_open(plugin_task_, tps.data(), tps.size(), &cerr) == CD_ERROR) {
      rebalance_error_ = Status::Failed("open of assigned partitions failed: " + cerr.message);
    }
    LogInfo(log_component_, "assigned " + std::to_string(partitions->cnt) + " partition(s)");
    return;
  }
  // Revoked (or lost): commit what is durable for these partitions before another task owns them.
  if (!failed_) {
    Status s = FlushAndCommit(partitions);
    if (!s.ok()) LogWarn(log_component_, "commit before revocation failed: " + s.message());
    if (plugin().sink_close != nullptr && plugin().sink_close(plugin_task_, tps.data(), tps.size(), &cerr) == CD_ERROR) {
      LogWarn(log_component_, "close of revoked partitions failed: " + cerr.message);
    }
  }
  for (const cd_topic_partition& tp : tps) {
    positions_.erase({tp.topic, tp.partition});
    committed_.erase({tp.topic, tp.partition});
    assigned_.erase({tp.topic, tp.partition});
  }
  for (auto it = deferred_.begin(); it != deferred_.end();) {
    if (assigned_.count({rd_kafka_topic_name((*it)->rkt), (*it)->partition}) == 0) {
      rd_kafka_message_destroy(*it);
      it = deferred_.erase(it);
    } else {
      ++it;
    }
  }
  if (cooperative) {
    rd_kafka_error_t* e = rd_kafka_incremental_unassign(consumer_, partitions);
    if (e != nullptr) rd_kafka_error_destroy(e);
  } else {
    rd_kafka_assign(consumer_, nullptr);
  }
}

Status SinkTaskRunner::CreateConsumer() {
  rd_kafka_conf_t* conf = nullptr;
  ConfigMap overrides = spec_.services->config->consumer_overrides();
  auto max_poll = overrides.find("max.poll.records");
  if (max_poll != overrides.end()) {
    char* end = nullptr;
    long long n = std::strtoll(max_poll->second.c_str(), &end, 10);
    if (end == max_poll->second.c_str() || *end != '\0' || n < 1) {
      return Status::InvalidArgument("worker config consumer.max.poll.records must be a positive integer, got \"" +
                                     max_poll->second + "\"");
    }
    max_batch_ = static_cast<size_t>(n);
    overrides.erase(max_poll);
  }
  Status s = NewConsumerConfig(spec_.services->bootstrap_servers, "connect-" + spec_.connector, overrides, &conf);
  if (s.ok()) s = SetClientProperty(conf, "client.id", client_id());
  if (!s.ok()) {
    if (conf != nullptr) rd_kafka_conf_destroy(conf);
    return s;
  }
  rd_kafka_conf_set_rebalance_cb(conf, &SinkTaskRunner::RebalanceCallback);
  rd_kafka_conf_set_opaque(conf, this);
  char err[512];
  consumer_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (consumer_ == nullptr) return Status::Failed(std::string("cannot create the Kafka consumer: ") + err);
  rd_kafka_poll_set_consumer(consumer_);
  consumer_queue_ = rd_kafka_queue_get_consumer(consumer_);
  return Status::OK();
}

Status SinkTaskRunner::Subscribe() {
  std::vector<std::string> topics = ParseConfigList(spec_.connector_config["topics"]);
  const std::string& regex = spec_.connector_config["topics.regex"];
  // librdkafka treats a subscription starting with '^' as a regular expression.
  if (!regex.empty()) {
    topics = {regex.front() == '^' ? regex : "^" + regex};
  } else {
    if (spec_.services->ensure_topic) {
      for (const std::string& t : topics) spec_.services->ensure_topic(t);
    }
    // A handle per topic makes librdkafka (2.0) learn its partitions and their leaders now, while
    // the group forms. Otherwise it meets them at the assignment, and a partition whose offset it
    // looks up before its leader's thread took it in waits 500 ms ("no current leader").
    for (const std::string& t : topics) topic_handles_.push_back(rd_kafka_topic_new(consumer_, t.c_str(), nullptr));
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
  for (const std::string& t : topics) rd_kafka_topic_partition_list_add(list, t.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer_, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Failed(std::string("cannot subscribe: ") + rd_kafka_err2str(err));
  return Status::OK();
}

Status SinkTaskRunner::ToRecord(const rd_kafka_message_t* message, std::unique_ptr<ConnectRecord>* out) {
  auto record = std::make_unique<ConnectRecord>();
  record->topic = rd_kafka_topic_name(message->rkt);
  RecordActiveTopic(record->topic);
  record->kafka_partition = message->partition;
  record->kafka_offset = message->offset;
  rd_kafka_timestamp_type_t ts_type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  record->timestamp = rd_kafka_message_timestamp(message, &ts_type);
  record->timestamp_type = ts_type == RD_KAFKA_TIMESTAMP_CREATE_TIME      ? TimestampType::kCreateTime
                           : ts_type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? TimestampType::kLogAppendTime
                                                                           : TimestampType::kNone;

  // Where the record is; Fail() adds the connector and task. A member, so a long topic name is
  // not allocated again for every record.
  ErrorContext& where = message_where_;
  where.topic = record->topic;
  where.partition = message->partition;
  where.offset = message->offset;
  SchemaAndValue key;
  Status s = key_converter_->ToConnectData(where, static_cast<const char*>(message->key), message->key_len, &key);
  if (!s.ok()) return s.WithContext("key converter");
  record->key_schema = std::move(key.schema);
  record->key = std::move(key.value);
  const char* payload = static_cast<const char*>(message->payload);
  if (values_as_json_ && value_converter_->ToSchemalessJson(payload, message->len, &record->value_json)) {
    record->value_json_ready = true;
    record->deferred_value = this;
  } else {
    SchemaAndValue value;
    s = value_converter_->ToConnectData(where, payload, message->len, &value);
    if (!s.ok()) return s.WithContext("value converter");
    record->value_schema = std::move(value.schema);
    record->value = std::move(value.value);
  }

  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* data = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &data, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
      Value v = data == nullptr ? Value() : Value::String(std::string(static_cast<const char*>(data), size));
      record->headers.push_back(Header{name, Schema::Primitive(SchemaType::kString, true), std::move(v)});
    }
  }

  bool keep = true;
  if (!transforms_->empty()) {
    s = transforms_->Apply(*record, &keep);
    if (!s.ok()) return s.WithContext(where.Describe());
  }
  if (keep) *out = std::move(record);
  return Status::OK();
}

void SinkTaskRunner::Build(ConnectRecord& record) {
  ErrorContext where;
  where.topic = record.topic;
  where.partition = record.kafka_partition;
  where.offset = record.kafka_offset;
  SchemaAndValue value;
  // The JSON came from ToSchemalessJson, which accepts only what ToConnectData reads.
  Status s = value_converter_->ToConnectData(where, record.value_json.data(), record.value_json.size(), &value);
  if (!s.ok()) {
    LogError(log_component_, "value converter: " + s.message());
    return;
  }
  record.value_schema = std::move(value.schema);
  record.value = std::move(value.value);
}

void SinkTaskRunner::DropUnassigned(std::vector<std::unique_ptr<ConnectRecord>>* records,
                                    std::vector<std::pair<TopicPartitionKey, int64_t>>* consumed) const {
  auto owned = [this](const TopicPartitionKey& tp) { return assigned_.count(tp) != 0; };
  if (records != nullptr) {
    // Consecutive records mostly share a partition: look each run up once. (A copy of the key:
    // remove_if frees the records it overwrites.)
    std::optional<TopicPartitionKey> last;
    bool last_owned = false;
    records->erase(std::remove_if(records->begin(), records->end(),
                                  [&](const std::unique_ptr<ConnectRecord>& r) {
                                    if (!last || r->kafka_partition != last->second || r->topic != last->first) {
                                      last = TopicPartitionKey{r->topic, r->kafka_partition};
                                      last_owned = owned(*last);
                                    }
                                    return !last_owned;
                                  }),
                   records->end());
  }
  if (consumed != nullptr) {
    consumed->erase(std::remove_if(consumed->begin(), consumed->end(), [&](const auto& c) { return !owned(c.first); }),
                    consumed->end());
  }
}

void SinkTaskRunner::ReleaseConsumerHandles() {
  if (consumer_queue_ != nullptr) rd_kafka_queue_destroy(consumer_queue_);
  consumer_queue_ = nullptr;
  for (rd_kafka_topic_t* t : topic_handles_) {
    if (t != nullptr) rd_kafka_topic_destroy(t);
  }
  topic_handles_.clear();
}

rd_kafka_message_t* SinkTaskRunner::NextMessage(int timeout_ms) {
  if (deferred_.empty()) {
    // Whatever the consumer has, up to a batch, in one call: rd_kafka_consumer_poll costs two
    // clock reads and the queue's lock per message. Rebalance callbacks run inside, as in a poll.
    taken_.resize(max_batch_);
    ssize_t n = rd_kafka_consume_batch_queue(consumer_queue_, timeout_ms, taken_.data(), taken_.size());
    for (ssize_t i = 0; i < n; ++i) deferred_.push_back(taken_[static_cast<size_t>(i)]);
  }
  if (deferred_.empty()) return nullptr;
  rd_kafka_message_t* m = deferred_.front();
  deferred_.pop_front();
  return m;
}

Status SinkTaskRunner::Put(std::vector<std::unique_ptr<ConnectRecord>>& records) {
  int64_t backoff_ms = 100;
  bool paused = false;
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  Status result;
  for (;;) {
    DropUnassigned(&records, nullptr);
    if (records.empty()) break;
    std::vector<const cd_record*> handles;
    handles.reserve(records.size());
    for (const auto& r : records) handles.push_back(ToHandle(r.get()));
    cd_error err;
    cd_rc rc = plugin().sink_put(plugin_task_, handles.data(), handles.size(), &err);
    if (rc == CD_OK) break;
    if (rc != CD_RETRY) {
      result = Status::Failed("put failed: " + (err.set ? err.message : std::string("no message")));
      break;
    }
    if (!paused && rd_kafka_assignment(consumer_, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_pause_partitions(consumer_, assignment);
      rd_kafka_topic_partition_list_destroy(assignment);
      assignment = nullptr;
      paused = true;
      retrying_ = true;
    }
    LogWarn(log_component_, "put asked to retry: " + err.message + "; retrying in " + std::to_string(backoff_ms) + " ms");
    // Keep the group membership alive while paused. A message that still arrives (fetched
    // before the pause) is kept for the next batch, never dropped.
    auto until = Clock::now() + std::chrono::milliseconds(backoff_ms);
    while (Clock::now() < until && !stopping()) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_, kPollTimeoutMs);
      if (m != nullptr) deferred_.push_back(m);
    }
    if (stopping()) {
      result = Status::Retriable("stopped while the plugin asked to retry");
      break;
    }
    backoff_ms = std::min(backoff_ms * 2, kMaxRetryBackoffMs);
  }
  if (paused) {
    retrying_ = false;
    // Resume what is assigned now, which a rebalance during the retry may have changed.
    if (rd_kafka_assignment(consumer_, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_resume_partitions(consumer_, assignment);
      rd_kafka_topic_partition_list_destroy(assignment);
    }
  }
  return result;
}

Status SinkTaskRunner::FlushAndCommit(const rd_kafka_topic_partition_list_t* only) {
  cd_offset_list offsets;
  for (const auto& [tp, position] : positions_) {
    if (only != nullptr && rd_kafka_topic_partition_list_find(only, tp.first.c_str(), tp.second) == nullptr) continue;
    auto it = committed_.find(tp);
    if (it != committed_.end() && it->second >= position) continue;
    offsets.entries.push_back(cd_offset_list::Entry{tp.first, tp.second, position});
  }
  if (offsets.entries.empty()) return Status::OK();
  if (plugin().sink_flush != nullptr) {
    cd_error err;
    cd_rc rc = plugin().sink_flush(plugin_task_, &offsets, &err);
    if (rc == CD_RETRY) {
      LogWarn(log_component_, "flush asked to retry: " + err.message + "; offsets not committed this time");
      return Status::OK();
    }
    if (rc != CD_OK) return Status::Failed("flush failed: " + (err.set ? err.message : std::string("no message")));
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(offsets.entries.size()));
  for (const auto& e : offsets.entries) {
    if (e.offset >= 0) rd_kafka_topic_partition_list_add(list, e.topic.c_str(), e.partition)->offset = e.offset;
  }
  Status result;
  if (list->cnt > 0) {
    rd_kafka_resp_err_t err = rd_kafka_commit(consumer_, list, 0);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      result = Status::Retriable(std::string("offset commit failed: ") + rd_kafka_err2str(err));
    } else {
      for (int i = 0; i < list->cnt; ++i) committed_[{list->elems[i].topic, list->elems[i].partition}] = list->elems[i].offset;
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
  return result;
}

bool SinkTaskRunner::SyncPause() {
  bool paused = SyncPauseState();
  if (paused != user_paused_) {
    user_paused_ = paused;
    rd_kafka_topic_partition_list_t* assignment = nullptr;
    if (rd_kafka_assignment(consumer_, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (paused) rd_kafka_pause_partitions(consumer_, assignment);
      else rd_kafka_resume_partitions(consumer_, assignment);
      rd_kafka_topic_partition_list_destroy(assignment);
    }
  }
  return paused;
}

void SinkTaskRunner::CommitIfDue(std::chrono::milliseconds interval, Clock::time_point* next_commit) {
  if (Clock::now() < *next_commit) return;
  Status s = FlushAndCommit(nullptr);
  if (s.retriable()) {
    LogWarn(log_component_, s.message() + "; will retry at the next flush");
  } else if (!s.ok()) {
    Fail(s);
  }
  *next_commit = Clock::now() + interval;
}

void SinkTaskRunner::Run() {
  Status setup = SetUpPipeline();
  if (setup.ok()) setup = CreateConsumer();
  if (setup.ok()) setup = CreatePluginTask();
  if (setup.ok()) setup = Subscribe();
  values_as_json_ = setup.ok() && transforms_->empty() && plugin().sink_values_as_json != nullptr &&
                    plugin().sink_values_as_json(plugin_task_) != 0;
  if (!setup.ok()) {
    Fail(setup);
    DestroyPluginTask();
    ReleaseConsumerHandles();
    if (consumer_ != nullptr) {
      rd_kafka_consumer_close(consumer_);
      rd_kafka_destroy(consumer_);
    }
    consumer_ = nullptr;
    return;
  }
  SetState(ConnectState::kRunning);
  LogInfo(log_component_, "sink task started, consumer group connect-" + spec_.connector);

  const auto flush_interval = std::chrono::milliseconds(spec_.services->config->offset_flush_interval_ms);
  auto next_commit = Clock::now() + flush_interval;
  std::vector<std::unique_ptr<ConnectRecord>> batch;
  std::vector<std::pair<TopicPartitionKey, int64_t>> consumed;
  while (!stopping() && !failed_) {
    if (SyncPause()) {
      // Keep the group membership alive; a message fetched before the pause is kept for later.
      rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_, kPollTimeoutMs);
      if (m != nullptr) deferred_.push_back(m);
      CommitIfDue(flush_interval, &next_commit);
      continue;
    }
    batch.clear();
    consumed.clear();
    Status s;  // this round's outcome only: a handled commit failure must not fail the next round
    int timeout = kPollTimeoutMs;
    const rd_kafka_topic_t* last_rkt = nullptr;
    for (size_t polled = 0; polled < max_batch_; ++polled) {
      rd_kafka_message_t* m = NextMessage(timeout);
      if (m == nullptr) break;
      timeout = 0;
      if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
          LogWarn(log_component_, std::string("consumer: ") + rd_kafka_message_errstr(m));
        }
        rd_kafka_message_destroy(m);
        continue;
      }
      std::unique_ptr<ConnectRecord> record;
      s = ToRecord(m, &record);
      // Messages come in runs of one partition: a run is one entry.
      if (m->rkt == last_rkt && !consumed.empty() && consumed.back().first.second == m->partition) {
        consumed.back().second = m->offset + 1;
      } else {
        consumed.emplace_back(TopicPartitionKey{rd_kafka_topic_name(m->rkt), m->partition}, m->offset + 1);
        last_rkt = m->rkt;
      }
      rd_kafka_message_destroy(m);
      if (!s.ok()) break;
      if (record) batch.push_back(std::move(record));
    }
    if (s.ok() && !rebalance_error_.ok()) s = rebalance_error_;
    // A revocation inside the polls above: those partitions' records now belong to another task.
    DropUnassigned(&batch, &consumed);
    if (!s.ok()) {
      Fail(s);
      break;
    }
    if (!batch.empty()) {
      s = Put(batch);
      if (s.retriable()) break;  // stopping: these records were not put, so not committed
      if (!s.ok()) {
        Fail(s);
        break;
      }
    }
    DropUnassigned(nullptr, &consumed);
    for (const auto& [tp, next] : consumed) positions_[tp] = next;
    CommitIfDue(flush_interval, &next_commit);
  }

  if (!failed_) {
    Status s = FlushAndCommit(nullptr);
    if (!s.ok()) LogWarn(log_component_, "final commit failed: " + s.message());
  }
  for (rd_kafka_message_t* m : deferred_) rd_kafka_message_destroy(m);
  deferred_.clear();
  ReleaseConsumerHandles();
  // Closing the consumer revokes the assignment; the rebalance callback closes partitions.
  rd_kafka_consumer_close(consumer_);
  DestroyPluginTask();
  rd_kafka_destroy(consumer_);
  consumer_ = nullptr;
  if (!failed_) {
    SetState(ConnectState::kUnassigned);
    LogInfo(log_component_, "sink task stopped; offsets committed");
  }
}

}  // namespace connectd
