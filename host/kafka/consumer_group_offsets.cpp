#include "kafka/consumer_group_offsets.h"

#include <librdkafka/rdkafka.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <utility>

#include "error/error_context.h"
#include "kafka/client_config.h"

namespace connectd {

namespace {

constexpr const char* kTopicKey = "kafka_topic";
constexpr const char* kPartitionKey = "kafka_partition";
constexpr const char* kOffsetKey = "kafka_offset";

// librdkafka's mock cluster names itself "mockCluster<hex>"; no real broker does.
constexpr const char* kMockClusterIdPrefix = "mockCluster";

// An admin request answers by its own request timeout; the queue is polled a little longer so that
// answer (rather than our own timeout) is what the caller sees.
constexpr int kAdminAnswerGraceMs = 1000;

// The session of the member AlterGroupOffsets joins a mock cluster's group with: long enough for
// its short life, short so that the group is free again soon after it leaves.
constexpr int kTemporaryMemberSessionTimeoutMs = 6000;
constexpr int kTemporaryMemberHeartbeatMs = 1000;

struct EventDeleter {
  void operator()(rd_kafka_event_t* ev) const { rd_kafka_event_destroy(ev); }
};
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

bool IsTransient(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
      return true;
    default:
      return false;
  }
}

Status KafkaFailure(rd_kafka_resp_err_t err, const std::string& message) {
  return IsTransient(err) ? Status::Retriable(message) : Status::Failed(message);
}

// The errors a broker gives a request from outside the group while the group has members.
bool MeansActiveMembers(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || err == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS ||
         err == RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP || err == RD_KAFKA_RESP_ERR_GROUP_SUBSCRIBED_TO_TOPIC;
}

std::string GroupName(const std::string& group) { return "consumer group '" + group + "'"; }

// Kafka Connect's explanation of the same failure, about the group rather than the connector.
Status ActiveMembers(const std::string& group, const char* verb) {
  return Status::Failed("cannot " + std::string(verb) + " the committed offsets of " + GroupName(group) +
                        " because the group still has active members: the sink connector's tasks have not "
                        "stopped completely yet, or the connector was resumed before this request completed. If "
                        "the connector is STOPPED, retry; if it keeps failing, restart the worker to get rid of "
                        "zombie sink tasks");
}

// `verb` and `hint` finish "cannot <verb> ... ; <hint>".
Status MockCannotDelete(const std::string& group, const std::string& bootstrap_servers, const char* verb,
                        const char* hint) {
  return Status::Failed("cannot " + std::string(verb) + " the committed offsets of " + GroupName(group) +
                        ": the Kafka cluster at " + bootstrap_servers +
                        " is connectd's embedded Kafka (librdkafka's mock cluster), which cannot delete consumer "
                        "groups or their offsets; " +
                        hint);
}

class Deadline {
 public:
  explicit Deadline(int timeout_ms)
      : end_(std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0))) {}
  int RemainingMs() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<int64_t>(left.count(), 0));
  }

 private:
  std::chrono::steady_clock::time_point end_;
};

// One librdkafka client (a consumer handle that never subscribes, so it never joins the group)
// for the admin requests of one call, bounded by one deadline.
class GroupAdminClient {
 public:
  GroupAdminClient(std::string group, int timeout_ms)
      : group_(std::move(group)), timeout_ms_(timeout_ms), deadline_(timeout_ms) {}
  ~GroupAdminClient() {
    if (queue_ != nullptr) rd_kafka_queue_destroy(queue_);
    if (rk_ != nullptr) rd_kafka_destroy(rk_);
  }
  GroupAdminClient(const GroupAdminClient&) = delete;
  GroupAdminClient& operator=(const GroupAdminClient&) = delete;

  // Creates the client and asks the cluster for its id: the reachability check, and how a mock
  // cluster is recognised.
  Status Open(const ConfigMap& client_config) {
    auto bootstrap = client_config.find("bootstrap.servers");
    if (bootstrap == client_config.end() || bootstrap->second.empty()) {
      return Status::InvalidArgument("the Kafka client settings for " + GroupName(group_) +
                                     " have no bootstrap.servers; set the worker's bootstrap.servers");
    }
    bootstrap_servers_ = bootstrap->second;
    ConfigMap overrides = client_config;
    overrides.erase("bootstrap.servers");
    rd_kafka_conf_t* conf = nullptr;
    Status s = NewConsumerConfig(bootstrap_servers_, group_, overrides, &conf);
    if (!s.ok()) return s;
    char err[512];
    rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    if (rk_ == nullptr) {
      rd_kafka_conf_destroy(conf);
      return Status::InvalidArgument(std::string("cannot create a Kafka client: ") + err);
    }
    queue_ = rd_kafka_queue_new(rk_);
    // Brokers-only metadata first: asked first, rd_kafka_clusterid on a consumer handle with a
    // group often waits a whole second for a refresh the connection already brought.
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk_, 0, nullptr, &md, deadline_.RemainingMs());
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return IsTransient(e) ? NoAnswer()
                            : Status::Failed("cannot reach the Kafka cluster at " + bootstrap_servers_ + ": " +
                                             rd_kafka_err2str(e));
    }
    rd_kafka_metadata_destroy(md);
    char* id = rd_kafka_clusterid(rk_, deadline_.RemainingMs());
    if (id == nullptr) return NoAnswer();
    mock_cluster_ = std::string(id).rfind(kMockClusterIdPrefix, 0) == 0;
    rd_kafka_mem_free(rk_, id);
    return Status::OK();
  }

  bool mock_cluster() const { return mock_cluster_; }
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }
  int RemainingMs() const { return deadline_.RemainingMs(); }
  int timeout_ms() const { return timeout_ms_; }

  // Every partition of every topic the cluster's metadata lists.
  Status AllPartitions(PartitionListPtr* out) {
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, 1, nullptr, &md, deadline_.RemainingMs());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return KafkaFailure(
          err, "cannot list the topics of the Kafka cluster at " + bootstrap_servers_ + ": " + rd_kafka_err2str(err));
    }
    out->reset(rd_kafka_topic_partition_list_new(0));
    for (int t = 0; t < md->topic_cnt; ++t) {
      const rd_kafka_metadata_topic_t& topic = md->topics[t];
      // A topic being deleted or not visible to this client has no offsets this client may read.
      if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
      for (int p = 0; p < topic.partition_cnt; ++p) {
        rd_kafka_topic_partition_list_add(out->get(), topic.topic, topic.partitions[p].id);
      }
    }
    rd_kafka_metadata_destroy(md);
    return Status::OK();
  }

  // Starts one admin request with `launch` (given the options and the queue to answer on) and
  // waits for its result event; a failure of the whole request is returned as a Status.
  Status RunAdmin(rd_kafka_admin_op_t op, const std::string& what,
                  const std::function<void(rd_kafka_t*, const rd_kafka_AdminOptions_t*, rd_kafka_queue_t*)>& launch,
                  EventPtr* result) {
    int remaining = deadline_.RemainingMs();
    if (remaining <= 0) return NoAnswer();
    rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk_, op);
    char err[512];
    if (rd_kafka_AdminOptions_set_request_timeout(options, remaining, err, sizeof(err)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_AdminOptions_destroy(options);
      return Status::Failed(what + ": " + err);
    }
    launch(rk_, options, queue_);
    rd_kafka_AdminOptions_destroy(options);
    result->reset(rd_kafka_queue_poll(queue_, remaining + kAdminAnswerGraceMs));
    if (*result == nullptr) return NoAnswer();
    rd_kafka_resp_err_t e = rd_kafka_event_error(result->get());
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
      return KafkaFailure(e, what + ": " + rd_kafka_event_error_string(result->get()));
    return Status::OK();
  }

 Status NoAnswer() const {
    return Status::Retriable("no answer from Kafka at " + bootstrap_servers_ + " within " +
                             std::to_string(timeout_ms_) + " ms about " + GroupName(group_));
  }

 private:
  std::string group_;
  int timeout_ms_;
  Deadline deadline_;
  std::string bootstrap_servers_;
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;
  bool mock_cluster_ = false;
};

// The result for the one group a group admin request was about; nullptr when the answer names none.
const rd_kafka_group_result_t* SingleGroupResult(const rd_kafka_group_result_t** results, size_t count) {
  return count == 1 ? results[0] : nullptr;
}

Status MissingGroupResult(const std::string& what) {
  return Status::Failed(what + ": Kafka's answer names no consumer group");
}

std::string PartitionContext(const char* topic, int32_t partition, int64_t offset) {
  ErrorContext context;
  context.topic = topic;
  context.partition = partition;
  context.offset = offset;
  return context.Describe();
}

// Commits from outside the group (generation -1, no member id). When the broker refuses because of
// the group's members, `*refusal` is set to its error code and ActiveMembers is returned.
Status CommitOffsets(GroupAdminClient* client, const std::string& group,
                     const std::vector<TopicPartitionOffset>& offsets, rd_kafka_resp_err_t* refusal) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const TopicPartitionOffset& tpo : offsets) {
    if (tpo.offset)
      rd_kafka_topic_partition_list_add(list.get(), tpo.topic.c_str(), tpo.partition)->offset = *tpo.offset;
  }
  if (list->cnt == 0) return Status::OK();
  const std::string what = "cannot commit offsets for " + GroupName(group);
  rd_kafka_AlterConsumerGroupOffsets_t* request = rd_kafka_AlterConsumerGroupOffsets_new(group.c_str(), list.get());
  EventPtr event;
  Status s = client->RunAdmin(
      RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, what,
      [&request](rd_kafka_t* rk, const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_AlterConsumerGroupOffsets(rk, &request, 1, options, queue);
      },
      &event);
  rd_kafka_AlterConsumerGroupOffsets_destroy(request);
  if (!s.ok()) return s;
  size_t count = 0;
  const rd_kafka_group_result_t** results = rd_kafka_AlterConsumerGroupOffsets_result_groups(
      rd_kafka_event_AlterConsumerGroupOffsets_result(event.get()), &count);
  const rd_kafka_group_result_t* result = SingleGroupResult(results, count);
  if (result == nullptr) return MissingGroupResult(what);
  if (const rd_kafka_error_t* error = rd_kafka_group_result_error(result)) {
    if (MeansActiveMembers(rd_kafka_error_code(error))) {
      *refusal = rd_kafka_error_code(error);
      return ActiveMembers(group, "alter");
    }
    return KafkaFailure(rd_kafka_error_code(error), what + ": " + rd_kafka_error_string(error));
  }
  const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(result);
  for (int i = 0; partitions != nullptr && i < partitions->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = partitions->elems[i];
    if (p.err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    if (MeansActiveMembers(p.err)) {
      *refusal = p.err;
      return ActiveMembers(group, "alter");
    }
    return KafkaFailure(
        p.err, what + " at " + PartitionContext(p.topic, p.partition, p.offset) + ": " + rd_kafka_err2str(p.err));
  }
  return Status::OK();
}

// What the temporary member's rebalance callback shares with the thread polling it.
struct TemporaryMemberState {
  bool assigned = false;
};

// Takes exactly what the group gives (so the coordinator sees a well-behaved member) and pauses it
// at once: the member exists to commit, never to fetch.
void OnTemporaryMemberRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                                void* opaque) {
  const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (cooperative) {
      if (rd_kafka_error_t* error = rd_kafka_incremental_assign(rk, partitions)) rd_kafka_error_destroy(error);
    } else {
      rd_kafka_assign(rk, partitions);
    }
    rd_kafka_pause_partitions(rk, partitions);
    static_cast<TemporaryMemberState*>(opaque)->assigned = true;
  } else if (cooperative) {
    if (rd_kafka_error_t* error = rd_kafka_incremental_unassign(rk, partitions)) rd_kafka_error_destroy(error);
  } else {
    rd_kafka_assign(rk, nullptr);
  }
}

struct ConsumerCloser {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
};

// The partitions the cluster's metadata gives each topic of `offsets`; an entry naming a partition
// the cluster does not have fails as the broker's own commit would.
Status PartitionsOfTopics(GroupAdminClient* client, const std::string& group,
                          const std::vector<TopicPartitionOffset>& offsets,
                          std::set<std::pair<std::string, int32_t>>* out) {
  PartitionListPtr all;
  Status s = client->AllPartitions(&all);
  if (!s.ok()) return s;
  std::set<std::string> topics;
  for (const TopicPartitionOffset& tpo : offsets) topics.insert(tpo.topic);
  out->clear();
  for (int i = 0; i < all->cnt; ++i) {
    if (topics.count(all->elems[i].topic) != 0) out->emplace(all->elems[i].topic, all->elems[i].partition);
  }
  for (const TopicPartitionOffset& tpo : offsets) {
    if (out->count({tpo.topic, tpo.partition}) == 0) {
      return Status::Failed("cannot commit offsets for " + GroupName(group) + " at " +
                            PartitionContext(tpo.topic.c_str(), tpo.partition, *tpo.offset) + ": " +
                            rd_kafka_err2str(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART));
    }
  }
  return Status::OK();
}

// Commits `offsets` (all with an offset) as a member of `group`: joins it subscribed to their
// topics, waits for the assignment, and commits only if it was given every partition of those
// topics, i.e. no other member consumes them. Leaving commits nothing (no auto-commit, no stored
// positions). See the header for why this is only done on the mock cluster.
Status CommitAsTemporaryMember(GroupAdminClient* client, const ConfigMap& client_config, const std::string& group,
                               const std::vector<TopicPartitionOffset>& offsets) {
  std::set<std::pair<std::string, int32_t>> topic_partitions;
  Status s = PartitionsOfTopics(client, group, offsets, &topic_partitions);
  if (!s.ok()) return s;

  ConfigMap overrides = client_config;
  overrides.erase("bootstrap.servers");
  rd_kafka_conf_t* conf = nullptr;
  s = NewConsumerConfig(client->bootstrap_servers(), group, overrides, &conf);
  // Set after the worker's overrides, which must not make this member commit positions.
  if (s.ok()) s = SetClientProperty(conf, "enable.auto.commit", "false");
  if (s.ok()) s = SetClientProperty(conf, "enable.auto.offset.store", "false");
  // When a group's last member leaves, the mock cluster blocks joins for that member's session
  // timeout minus a second: a short one lets the connector rejoin soon after this member left.
  if (s.ok()) s = SetClientProperty(conf, "session.timeout.ms", std::to_string(kTemporaryMemberSessionTimeoutMs));
  if (s.ok()) s = SetClientProperty(conf, "heartbeat.interval.ms", std::to_string(kTemporaryMemberHeartbeatMs));
  if (!s.ok()) {
    if (conf != nullptr) rd_kafka_conf_destroy(conf);
    return s;
  }
  TemporaryMemberState state;
  rd_kafka_conf_set_opaque(conf, &state);
  rd_kafka_conf_set_rebalance_cb(conf, &OnTemporaryMemberRebalance);
  char err[512];
  rd_kafka_t* raw = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (raw == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("cannot create a Kafka client: ") + err);
  }
  std::unique_ptr<rd_kafka_t, ConsumerCloser> member(raw);
  rd_kafka_poll_set_consumer(member.get());

  std::set<std::string> topics;
  for (const TopicPartitionOffset& tpo : offsets) topics.insert(tpo.topic);
  PartitionListPtr subscription(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& topic : topics)
    rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(member.get(), subscription.get());
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Failed("cannot join " + GroupName(group) + " to commit its offsets: " + rd_kafka_err2str(e));
  }

  // An empty group assigns within a few seconds; the mock cluster holds a join up for almost the
  // session timeout of the group's members while they rebalance or after the last one left.
  while (!state.assigned) {
    int remaining = client->RemainingMs();
    if (remaining <= 0) {
      return Status::Retriable("cannot alter the committed offsets of " + GroupName(group) + ": the Kafka cluster at " +
                               client->bootstrap_servers() +
                               " (connectd's embedded Kafka) did not let a member join the group within " +
                               std::to_string(client->timeout_ms()) +
                               " ms, because the group still has active members or its last members left less than "
                               "their session.timeout.ms (45 s by default) ago; if the connector is STOPPED, retry "
                               "in a minute");
    }
    if (rd_kafka_message_t* m = rd_kafka_consumer_poll(member.get(), std::min(remaining, 100)))
      rd_kafka_message_destroy(m);
  }
  rd_kafka_topic_partition_list_t* raw_assignment = nullptr;
  e = rd_kafka_assignment(member.get(), &raw_assignment);
  PartitionListPtr assignment(raw_assignment);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Failed("cannot read the partitions " + GroupName(group) + " assigned: " + rd_kafka_err2str(e));
  }
  std::set<std::pair<std::string, int32_t>> assigned;
  for (int i = 0; i < assignment->cnt; ++i) assigned.emplace(assignment->elems[i].topic, assignment->elems[i].partition);
  if (assigned != topic_partitions) return ActiveMembers(group, "alter");

  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const TopicPartitionOffset& tpo : offsets)
    rd_kafka_topic_partition_list_add(list.get(), tpo.topic.c_str(), tpo.partition)->offset = *tpo.offset;
  const std::string what = "cannot commit offsets for " + GroupName(group);
  e = rd_kafka_commit(member.get(), list.get(), 0);
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = list->elems[i];
    if (p.err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    if (MeansActiveMembers(p.err) || p.err == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION) return ActiveMembers(group, "alter");
    return KafkaFailure(
        p.err, what + " at " + PartitionContext(p.topic, p.partition, p.offset) + ": " + rd_kafka_err2str(p.err));
  }
  if (MeansActiveMembers(e) || e == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION) return ActiveMembers(group, "alter");
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return KafkaFailure(e, what + ": " + rd_kafka_err2str(e));
  return Status::OK();
}

Status DeleteOffsets(GroupAdminClient* client, const std::string& group,
                     const std::vector<TopicPartitionOffset>& offsets) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const TopicPartitionOffset& tpo : offsets) {
    if (!tpo.offset) rd_kafka_topic_partition_list_add(list.get(), tpo.topic.c_str(), tpo.partition);
  }
  if (list->cnt == 0) return Status::OK();
  const std::string what = "cannot delete the committed offsets of " + GroupName(group);
  rd_kafka_DeleteConsumerGroupOffsets_t* request = rd_kafka_DeleteConsumerGroupOffsets_new(group.c_str(), list.get());
  EventPtr event;
  Status s = client->RunAdmin(
      RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS, what,
      [&request](rd_kafka_t* rk, const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteConsumerGroupOffsets(rk, &request, 1, options, queue);
      },
      &event);
  rd_kafka_DeleteConsumerGroupOffsets_destroy(request);
  if (!s.ok()) return s;
  size_t count = 0;
  const rd_kafka_group_result_t** results = rd_kafka_DeleteConsumerGroupOffsets_result_groups(
      rd_kafka_event_DeleteConsumerGroupOffsets_result(event.get()), &count);
  const rd_kafka_group_result_t* result = SingleGroupResult(results, count);
  if (result == nullptr) return MissingGroupResult(what);
  if (const rd_kafka_error_t* error = rd_kafka_group_result_error(result)) {
    // A group that does not exist has no offsets left to delete.
    if (rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) return Status::OK();
    if (MeansActiveMembers(rd_kafka_error_code(error))) return ActiveMembers(group, "alter");
    return KafkaFailure(rd_kafka_error_code(error), what + ": " + rd_kafka_error_string(error));
  }
  const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(result);
  for (int i = 0; partitions != nullptr && i < partitions->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = partitions->elems[i];
    if (p.err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    if (MeansActiveMembers(p.err)) return ActiveMembers(group, "alter");
    return KafkaFailure(p.err,
                        what + " at " + PartitionContext(p.topic, p.partition, -1) + ": " + rd_kafka_err2str(p.err));
  }
  return Status::OK();
}

// Java's String.valueOf of the value Jackson reads from this JSON: a string as it is, anything else
// as its JSON text (Java would print 1.0E20 or {a=1} where this prints 1e20 or {"a":1}).
std::string ValueText(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Java's Integer.parseInt / Long.parseLong on ASCII text: an optional sign, then at least one
// digit and nothing else, within [min, max].
bool ParseJavaInteger(const std::string& text, int64_t min, int64_t max, int64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == text.size()) return false;
  // Accumulated as a negative number, whose range holds min = -2^63 too.
  int64_t value = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    int digit = text[i] - '0';
    if (value < (INT64_MIN + digit) / 10) return false;
    value = value * 10 - digit;
  }
  if (!negative) {
    if (value == INT64_MIN) return false;
    value = -value;
  }
  if (value < min || value > max) return false;
  *out = value;
  return true;
}

const rapidjson::Value* Member(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

Status ParseEntry(const rapidjson::Value& entry, TopicPartitionOffset* out) {
  if (!entry.IsObject()) {
    return Status::InvalidArgument("each offset must be a JSON object with the fields 'partition' and 'offset'");
  }
  const rapidjson::Value* partition = Member(entry, "partition");
  if (partition == nullptr || partition->IsNull()) {
    return Status::InvalidArgument("The partition for a sink connector offset cannot be null or missing");
  }
  const rapidjson::Value* topic = partition->IsObject() ? Member(*partition, kTopicKey) : nullptr;
  const rapidjson::Value* number = partition->IsObject() ? Member(*partition, kPartitionKey) : nullptr;
  if (topic == nullptr || number == nullptr) {
    return Status::InvalidArgument(std::string("The partition for a sink connector offset must contain the keys '") +
                                   kTopicKey + "' and '" + kPartitionKey + "'");
  }
  if (topic->IsNull() || topic->IsObject() || topic->IsArray()) {
    return Status::InvalidArgument("Kafka topic names must be valid strings and may not be null");
  }
  if (number->IsNull()) return Status::InvalidArgument("Kafka partitions must be valid numbers and may not be null");
  out->topic = ValueText(*topic);
  int64_t parsed = 0;
  if (!ParseJavaInteger(ValueText(*number), INT32_MIN, INT32_MAX, &parsed)) {
    return Status::InvalidArgument("Failed to parse the following Kafka partition value in the provided offsets: '" +
                                   ValueText(*number) + "'. Partition values for sink connectors need to be integers.");
  }
  if (parsed < 0) {
    return Status::InvalidArgument("Kafka partition " + std::to_string(parsed) + " of topic '" + out->topic +
                                   "' is negative; partitions are numbered from 0");
  }
  out->partition = static_cast<int32_t>(parsed);

  const rapidjson::Value* offset = Member(entry, "offset");
  out->offset.reset();
  if (offset == nullptr || offset->IsNull()) return Status::OK();
  const rapidjson::Value* value = offset->IsObject() ? Member(*offset, kOffsetKey) : nullptr;
  if (value == nullptr) {
    return Status::InvalidArgument(
        std::string("The offset for a sink connector should either be null or contain the key '") + kOffsetKey + "'");
  }
  if (!ParseJavaInteger(ValueText(*value), INT64_MIN, INT64_MAX, &parsed)) {
    return Status::InvalidArgument("Failed to parse the following Kafka offset value in the provided offsets: '" +
                                   ValueText(*value) + "'. Offset values for sink connectors need to be integers.");
  }
  if (parsed < 0) {
    return Status::InvalidArgument("Kafka offset " + std::to_string(parsed) + " for " +
                                   PartitionContext(out->topic.c_str(), out->partition, -1) +
                                   " is negative; give an offset >= 0, or null to forget that partition's offset");
  }
  out->offset = parsed;
  return Status::OK();
}

bool ByTopicPartition(const TopicPartitionOffset& a, const TopicPartitionOffset& b) {
  return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
}

}  // namespace

Status ListGroupOffsets(const ConfigMap& client_config, const std::string& group, int timeout_ms,
                        std::vector<TopicPartitionOffset>* out) {
  out->clear();
  GroupAdminClient client(group, timeout_ms);
  Status s = client.Open(client_config);
  PartitionListPtr all;
  if (s.ok()) s = client.AllPartitions(&all);
  if (!s.ok() || all->cnt == 0) return s;

  const std::string what = "cannot list the committed offsets of " + GroupName(group);
  rd_kafka_ListConsumerGroupOffsets_t* request = rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), all.get());
  EventPtr event;
  s = client.RunAdmin(
      RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, what,
      [&request](rd_kafka_t* rk, const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, options, queue);
      },
      &event);
  rd_kafka_ListConsumerGroupOffsets_destroy(request);
  if (!s.ok()) return s;
  size_t count = 0;
  const rd_kafka_group_result_t** results = rd_kafka_ListConsumerGroupOffsets_result_groups(
      rd_kafka_event_ListConsumerGroupOffsets_result(event.get()), &count);
  const rd_kafka_group_result_t* result = SingleGroupResult(results, count);
  if (result == nullptr) return MissingGroupResult(what);
  if (const rd_kafka_error_t* error = rd_kafka_group_result_error(result)) {
    return KafkaFailure(rd_kafka_error_code(error), what + ": " + rd_kafka_error_string(error));
  }
  const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(result);
  for (int i = 0; partitions != nullptr && i < partitions->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = partitions->elems[i];
    // A topic deleted since the metadata was read has no offsets any more.
    if (p.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;
    if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      out->clear();
      return KafkaFailure(p.err,
                          what + " at " + PartitionContext(p.topic, p.partition, -1) + ": " + rd_kafka_err2str(p.err));
    }
    // A negative offset is the broker's "nothing committed for this partition".
    if (p.offset >= 0) out->push_back(TopicPartitionOffset{p.topic, p.partition, p.offset});
  }
  std::sort(out->begin(), out->end(), ByTopicPartition);
  return Status::OK();
}

Status AlterGroupOffsets(const ConfigMap& client_config, const std::string& group,
                         const std::vector<TopicPartitionOffset>& offsets, int timeout_ms) {
  std::set<std::pair<std::string, int32_t>> seen;
  bool deletes = false;
  for (const TopicPartitionOffset& tpo : offsets) {
    const std::string what = "cannot alter the offsets of " + GroupName(group) + ": ";
    const std::string where = PartitionContext(tpo.topic.c_str(), tpo.partition, -1);
    if (tpo.partition < 0) {
      return Status::InvalidArgument(what + "partition " + std::to_string(tpo.partition) + " of topic '" + tpo.topic +
                                     "' is negative");
    }
    if (tpo.offset && *tpo.offset < 0) {
      return Status::InvalidArgument(what + "offset " + std::to_string(*tpo.offset) + " for " + where + " is negative");
    }
    if (!seen.emplace(tpo.topic, tpo.partition).second)
      return Status::InvalidArgument(what + where + " is given more than once");
    deletes = deletes || !tpo.offset;
  }
  if (offsets.empty()) return Status::OK();

  GroupAdminClient client(group, timeout_ms);
  Status s = client.Open(client_config);
  if (!s.ok()) return s;
  if (deletes && client.mock_cluster()) {
    return MockCannotDelete(group, client.bootstrap_servers(), "delete",
                            "give each partition an offset instead of null, or use a real Kafka cluster");
  }
  rd_kafka_resp_err_t refusal = RD_KAFKA_RESP_ERR_NO_ERROR;
  s = CommitOffsets(&client, group, offsets, &refusal);
  // The mock cluster's answer to every commit from outside a group it has ever seen.
  if (refusal == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID && client.mock_cluster())
    s = CommitAsTemporaryMember(&client, client_config, group, offsets);
  if (s.ok()) s = DeleteOffsets(&client, group, offsets);
  return s;
}

Status ResetGroupOffsets(const ConfigMap& client_config, const std::string& group, int timeout_ms) {
  GroupAdminClient client(group, timeout_ms);
  Status s = client.Open(client_config);
  if (!s.ok()) return s;
  if (client.mock_cluster()) {
    return MockCannotDelete(group, client.bootstrap_servers(), "reset", "use a real Kafka cluster to reset them");
  }

  const std::string what = "cannot reset the committed offsets of " + GroupName(group);
  rd_kafka_DeleteGroup_t* request = rd_kafka_DeleteGroup_new(group.c_str());
  EventPtr event;
  s = client.RunAdmin(
      RD_KAFKA_ADMIN_OP_DELETEGROUPS, what,
      [&request](rd_kafka_t* rk, const rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteGroups(rk, &request, 1, options, queue);
      },
      &event);
  rd_kafka_DeleteGroup_destroy(request);
  if (!s.ok()) return s;
  size_t count = 0;
  const rd_kafka_group_result_t** results =
      rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event.get()), &count);
  const rd_kafka_group_result_t* result = SingleGroupResult(results, count);
  if (result == nullptr) return MissingGroupResult(what);
  const rd_kafka_error_t* error = rd_kafka_group_result_error(result);
  // Resetting is idempotent: a group already deleted is reset.
  if (error == nullptr || rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) return Status::OK();
  if (MeansActiveMembers(rd_kafka_error_code(error))) return ActiveMembers(group, "reset");
  return KafkaFailure(rd_kafka_error_code(error), what + ": " + rd_kafka_error_string(error));
}

Status ParseSinkOffsets(const rapidjson::Value& offsets_array, std::vector<TopicPartitionOffset>* out) {
  if (!offsets_array.IsArray() || offsets_array.Empty()) {
    return Status::InvalidArgument("Partitions / offsets need to be provided for an alter offsets request");
  }
  std::vector<TopicPartitionOffset> parsed;
  parsed.reserve(offsets_array.Size());
  for (rapidjson::SizeType i = 0; i < offsets_array.Size(); ++i) {
    TopicPartitionOffset tpo;
    Status s = ParseEntry(offsets_array[i], &tpo);
    if (!s.ok()) return s.WithContext("offsets[" + std::to_string(i) + "]");
    parsed.push_back(std::move(tpo));
  }
  // Stable, so among entries for one partition the last one given stays last and wins.
  std::stable_sort(parsed.begin(), parsed.end(), ByTopicPartition);
  out->clear();
  for (TopicPartitionOffset& tpo : parsed) {
    if (!out->empty() && out->back().topic == tpo.topic && out->back().partition == tpo.partition) {
      out->back() = std::move(tpo);
    } else {
      out->push_back(std::move(tpo));
    }
  }
  return Status::OK();
}

rapidjson::Value SinkOffsetsToJson(const std::vector<TopicPartitionOffset>& offsets,
                                   rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value array(rapidjson::kArrayType);
  for (const TopicPartitionOffset& tpo : offsets) {
    // Kafka Connect writes a partition from a Java HashMap, whose order puts kafka_partition first.
    rapidjson::Value partition(rapidjson::kObjectType);
    partition.AddMember(rapidjson::StringRef(kPartitionKey), tpo.partition, allocator);
    partition.AddMember(rapidjson::StringRef(kTopicKey), rapidjson::Value(tpo.topic, allocator), allocator);
    rapidjson::Value offset(rapidjson::kNullType);
    if (tpo.offset) {
      offset.SetObject();
      offset.AddMember(rapidjson::StringRef(kOffsetKey), *tpo.offset, allocator);
    }
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("partition", partition, allocator);
    entry.AddMember("offset", offset, allocator);
    array.PushBack(entry, allocator);
  }
  return array;
}

}  // namespace connectd
