// Sink connector offsets as consumer group offsets, against librdkafka's mock cluster (the real
// Kafka protocol, in process). Offsets are committed and read back with plain librdkafka consumers
// of the test's own, not through the code under test.
#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <string>
#include <vector>

#include "kafka/consumer_group_offsets.h"
#include "kafka/embedded_cluster.h"

using namespace connectd;

namespace {

constexpr int kTimeoutMs = 5000;

// The mock cluster's group waits almost a session timeout for members to rejoin and after the last
// one left, so members of the tests' groups use short sessions.
constexpr int kMemberChangeTimeoutMs = 15000;

rd_kafka_t* NewTestConsumer(const std::string& bootstrap, const std::string& group) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  REQUIRE(rd_kafka_conf_set(conf, "session.timeout.ms", "6000", err, sizeof(err)) == RD_KAFKA_CONF_OK);
  REQUIRE(rd_kafka_conf_set(conf, "heartbeat.interval.ms", "1000", err, sizeof(err)) == RD_KAFKA_CONF_OK);
  REQUIRE(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err)) == RD_KAFKA_CONF_OK);
  REQUIRE(rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof(err)) == RD_KAFKA_CONF_OK);
  REQUIRE(rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err)) == RD_KAFKA_CONF_OK);
  REQUIRE(rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err)) == RD_KAFKA_CONF_OK);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  REQUIRE(rk != nullptr);
  return rk;
}

// Commits explicit offsets the way a consumer outside any rebalance does.
void Commit(const std::string& bootstrap, const std::string& group, const std::vector<TopicPartitionOffset>& offsets) {
  rd_kafka_t* rk = NewTestConsumer(bootstrap, group);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const auto& tpo : offsets)
    rd_kafka_topic_partition_list_add(list, tpo.topic.c_str(), tpo.partition)->offset = *tpo.offset;
  CHECK(rd_kafka_err2name(rd_kafka_commit(rk, list, 0)) == std::string("NO_ERROR"));
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(rk);
}

// The committed offset as a consumer of the group sees it; RD_KAFKA_OFFSET_INVALID when none.
int64_t Committed(const std::string& bootstrap, const std::string& group, const std::string& topic, int32_t partition) {
  rd_kafka_t* rk = NewTestConsumer(bootstrap, group);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), partition);
  REQUIRE(rd_kafka_committed(rk, list, kTimeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR);
  int64_t offset = list->elems[0].offset;
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(rk);
  return offset;
}

struct ClusterFixture {
  EmbeddedCluster cluster;
  ConfigMap client;

  ClusterFixture() {
    REQUIRE(cluster.Start(1).ok());
    REQUIRE(cluster.CreateTopic("orders", 2).ok());
    REQUIRE(cluster.CreateTopic("refunds", 1).ok());
    REQUIRE(cluster.CreateTopic("unused", 1).ok());
    client = {{"bootstrap.servers", cluster.bootstrap_servers()}};
  }
  const std::string& bootstrap() const { return cluster.bootstrap_servers(); }
};

std::string Describe(const std::vector<TopicPartitionOffset>& offsets) {
  std::string out;
  for (const auto& tpo : offsets) {
    out += tpo.topic + "/" + std::to_string(tpo.partition) + "=" + (tpo.offset ? std::to_string(*tpo.offset) : "null") +
           " ";
  }
  return out;
}

Status Parse(const char* json, std::vector<TopicPartitionOffset>* out) {
  rapidjson::Document doc;
  REQUIRE_FALSE(doc.Parse(json).HasParseError());
  return ParseSinkOffsets(doc, out);
}

// The message ParseSinkOffsets gives for `json`, which must be rejected as InvalidArgument.
std::string ParseError(const char* json) {
  std::vector<TopicPartitionOffset> out;
  Status s = Parse(json, &out);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  return s.message();
}

const char* kActiveMembers =
    "cannot alter the committed offsets of consumer group 'connect-busy' because the group still has active members: "
    "the sink connector's tasks have not stopped completely yet, or the connector was resumed before this request "
    "completed. If the connector is STOPPED, retry; if it keeps failing, restart the worker to get rid of zombie sink "
    "tasks";

}  // namespace

TEST_CASE_FIXTURE(ClusterFixture, "consumer group offsets: list gives every committed offset of the group, sorted") {
  Commit(bootstrap(), "connect-sink", {{"refunds", 0, 3}, {"orders", 1, 7}, {"orders", 0, 5}});
  Commit(bootstrap(), "connect-other", {{"orders", 0, 99}, {"unused", 0, 1}});

  std::vector<TopicPartitionOffset> offsets{{"stale", 9, 9}};
  REQUIRE(ListGroupOffsets(client, "connect-sink", kTimeoutMs, &offsets).ok());
  CHECK(Describe(offsets) == "orders/0=5 orders/1=7 refunds/0=3 ");

  REQUIRE(ListGroupOffsets(client, "connect-never-ran", kTimeoutMs, &offsets).ok());
  CHECK(offsets.empty());
}

TEST_CASE_FIXTURE(ClusterFixture, "consumer group offsets: alter commits the given offsets and keeps the others") {
  Commit(bootstrap(), "connect-sink", {{"orders", 0, 5}, {"orders", 1, 7}});

  REQUIRE(AlterGroupOffsets(client, "connect-sink", {{"orders", 0, 42}, {"refunds", 0, 0}}, kTimeoutMs).ok());
  CHECK(Committed(bootstrap(), "connect-sink", "orders", 0) == 42);
  CHECK(Committed(bootstrap(), "connect-sink", "orders", 1) == 7);
  CHECK(Committed(bootstrap(), "connect-sink", "refunds", 0) == 0);
  CHECK(Committed(bootstrap(), "connect-sink", "unused", 0) == RD_KAFKA_OFFSET_INVALID);

  // A group that never existed can be given offsets before its connector first runs.
  REQUIRE(AlterGroupOffsets(client, "connect-new", {{"orders", 1, 1000}}, kTimeoutMs).ok());
  CHECK(Committed(bootstrap(), "connect-new", "orders", 1) == 1000);

  std::vector<TopicPartitionOffset> offsets;
  REQUIRE(ListGroupOffsets(client, "connect-sink", kTimeoutMs, &offsets).ok());
  CHECK(Describe(offsets) == "orders/0=42 orders/1=7 refunds/0=0 ");
}

TEST_CASE_FIXTURE(ClusterFixture, "consumer group offsets: alter names a partition Kafka does not have") {
  Status s = AlterGroupOffsets(client, "connect-sink", {{"orders", 5, 10}}, kTimeoutMs);
  CHECK(s.code() == Status::Code::kFailed);
  CHECK(s.message() ==
        "cannot commit offsets for consumer group 'connect-sink' at topic 'orders' partition 5 offset 10: "
        "Broker: Unknown topic or partition");
}

TEST_CASE_FIXTURE(ClusterFixture,
                  "consumer group offsets: the embedded Kafka cannot delete offsets and says so before changing any") {
  Commit(bootstrap(), "connect-sink", {{"orders", 0, 5}, {"orders", 1, 7}});
  const std::string embedded = "the Kafka cluster at " + bootstrap() +
                               " is connectd's embedded Kafka (librdkafka's mock cluster), which cannot delete "
                               "consumer groups or their offsets; ";

  Status s = AlterGroupOffsets(client, "connect-sink", {{"orders", 0, 42}, {"orders", 1, std::nullopt}}, kTimeoutMs);
  CHECK(s.code() == Status::Code::kFailed);
  CHECK(s.message() == "cannot delete the committed offsets of consumer group 'connect-sink': " + embedded +
                           "give each partition an offset instead of null, or use a real Kafka cluster");

  s = ResetGroupOffsets(client, "connect-sink", kTimeoutMs);
  CHECK(s.code() == Status::Code::kFailed);
  CHECK(s.message() == "cannot reset the committed offsets of consumer group 'connect-sink': " + embedded +
                           "use a real Kafka cluster to reset them");

  CHECK(Committed(bootstrap(), "connect-sink", "orders", 0) == 5);
  CHECK(Committed(bootstrap(), "connect-sink", "orders", 1) == 7);
}

TEST_CASE_FIXTURE(ClusterFixture, "consumer group offsets: a group with an active member refuses the alteration") {
  rd_kafka_t* member = NewTestConsumer(bootstrap(), "connect-busy");
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, "orders", RD_KAFKA_PARTITION_UA);
  REQUIRE(rd_kafka_subscribe(member, topics) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(topics);
  // The mock cluster waits a few seconds for more members before the first assignment.
  int assigned = 0;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
       assigned == 0 && std::chrono::steady_clock::now() < until;) {
    if (rd_kafka_message_t* m = rd_kafka_consumer_poll(member, 100)) rd_kafka_message_destroy(m);
    rd_kafka_topic_partition_list_t* assignment = nullptr;
    REQUIRE(rd_kafka_assignment(member, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR);
    assigned = assignment->cnt;
    rd_kafka_topic_partition_list_destroy(assignment);
  }
  REQUIRE(assigned == 2);

  // Within a short timeout the rebalance the alteration starts is not over yet...
  Status s = AlterGroupOffsets(client, "connect-busy", {{"orders", 0, 42}}, 2000);
  CHECK(s.code() == Status::Code::kRetriable);
  CHECK(s.message() == "cannot alter the committed offsets of consumer group 'connect-busy': the Kafka cluster at " +
                           bootstrap() +
                           " (connectd's embedded Kafka) did not let a member join the group within 2000 ms, because "
                           "the group still has active members or its last members left less than their "
                           "session.timeout.ms (45 s by default) ago; if the connector is STOPPED, retry in a minute");
  // ...and once it is, the member shares the topic's partitions with the active one.
  s = AlterGroupOffsets(client, "connect-busy", {{"orders", 0, 42}}, kMemberChangeTimeoutMs);
  CHECK(s.code() == Status::Code::kFailed);
  CHECK(s.message() == kActiveMembers);
  CHECK(Committed(bootstrap(), "connect-busy", "orders", 0) == RD_KAFKA_OFFSET_INVALID);

  // Once the member has left, the alteration succeeds, although the mock cluster still refuses
  // commits from outside the group it remembers.
  rd_kafka_consumer_close(member);
  rd_kafka_destroy(member);
  rd_kafka_t* stranger = NewTestConsumer(bootstrap(), "connect-busy");
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, "orders", 1)->offset = 3;
  CHECK(rd_kafka_err2name(rd_kafka_commit(stranger, list, 0)) == std::string("UNKNOWN_MEMBER_ID"));
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(stranger);

  s = AlterGroupOffsets(client, "connect-busy", {{"orders", 0, 42}, {"refunds", 0, 9}}, kMemberChangeTimeoutMs);
  CHECK(s.message() == "");
  REQUIRE(s.ok());
  CHECK(Committed(bootstrap(), "connect-busy", "orders", 0) == 42);
  CHECK(Committed(bootstrap(), "connect-busy", "orders", 1) == RD_KAFKA_OFFSET_INVALID);
  CHECK(Committed(bootstrap(), "connect-busy", "refunds", 0) == 9);

  // Again, now that the group was last left by the alteration's own member.
  REQUIRE(AlterGroupOffsets(client, "connect-busy", {{"orders", 1, 7}}, kMemberChangeTimeoutMs).ok());
  CHECK(Committed(bootstrap(), "connect-busy", "orders", 0) == 42);
  CHECK(Committed(bootstrap(), "connect-busy", "orders", 1) == 7);

  // A partition the cluster does not have is named as on a group that never had members.
  s = AlterGroupOffsets(client, "connect-busy", {{"orders", 5, 10}}, kTimeoutMs);
  CHECK(s.code() == Status::Code::kFailed);
  CHECK(s.message() ==
        "cannot commit offsets for consumer group 'connect-busy' at topic 'orders' partition 5 offset 10: "
        "Broker: Unknown topic or partition");
}

TEST_CASE("consumer group offsets: a cluster that does not answer is a retriable error") {
  const ConfigMap nowhere{{"bootstrap.servers", "127.0.0.1:1"}};
  std::vector<TopicPartitionOffset> offsets;
  Status s = ListGroupOffsets(nowhere, "connect-sink", 300, &offsets);
  CHECK(s.code() == Status::Code::kRetriable);
  CHECK(s.message() == "no answer from Kafka at 127.0.0.1:1 within 300 ms about consumer group 'connect-sink'");

  s = ResetGroupOffsets(nowhere, "connect-sink", 300);
  CHECK(s.code() == Status::Code::kRetriable);
  s = AlterGroupOffsets(nowhere, "connect-sink", {{"orders", 0, 1}}, 300);
  CHECK(s.code() == Status::Code::kRetriable);
}

TEST_CASE("consumer group offsets: bad client settings and bad alterations fail before contacting Kafka") {
  const ConfigMap nowhere{{"bootstrap.servers", "127.0.0.1:1"}};
  std::vector<TopicPartitionOffset> offsets;

  Status s = ListGroupOffsets({{"client.id", "x"}}, "connect-sink", 300, &offsets);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() ==
        "the Kafka client settings for consumer group 'connect-sink' have no bootstrap.servers; set the worker's "
        "bootstrap.servers");

  s = ListGroupOffsets({{"bootstrap.servers", "127.0.0.1:1"}, {"no.such.property", "1"}}, "connect-sink", 300,
                       &offsets);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() ==
        "worker config consumer.no.such.property: invalid Kafka client property 'no.such.property': "
        "No such configuration property: \"no.such.property\"");

  CHECK(AlterGroupOffsets(nowhere, "connect-sink", {}, 300).ok());

  s = AlterGroupOffsets(nowhere, "connect-sink", {{"orders", 0, 1}, {"orders", 0, 2}}, 300);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(
      s.message() ==
      "cannot alter the offsets of consumer group 'connect-sink': topic 'orders' partition 0 is given more than once");

  s = AlterGroupOffsets(nowhere, "connect-sink", {{"orders", 0, -3}}, 300);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() ==
        "cannot alter the offsets of consumer group 'connect-sink': offset -3 for topic 'orders' partition 0 is "
        "negative");

  s = AlterGroupOffsets(nowhere, "connect-sink", {{"orders", -1, 3}}, 300);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() ==
        "cannot alter the offsets of consumer group 'connect-sink': partition -1 of topic 'orders' is negative");
}

TEST_CASE("consumer group offsets: parsing accepts Kafka Connect's sink offsets") {
  std::vector<TopicPartitionOffset> out{{"stale", 0, 1}};
  REQUIRE(Parse(R"([
      {"partition": {"kafka_topic": "orders", "kafka_partition": 1}, "offset": {"kafka_offset": 100}},
      {"partition": {"kafka_topic": "orders", "kafka_partition": "0", "extra": true}, "offset": {"kafka_offset": "+7"}},
      {"partition": {"kafka_topic": "refunds", "kafka_partition": 0}, "offset": null},
      {"partition": {"kafka_topic": "audit", "kafka_partition": 2}},
      {"partition": {"kafka_topic": 2024, "kafka_partition": 0}, "offset": {"kafka_offset": 9223372036854775807}},
      {"partition": {"kafka_topic": "orders", "kafka_partition": 1}, "offset": {"kafka_offset": 0}}
    ])",
                &out)
              .ok());
  CHECK(Describe(out) == "2024/0=9223372036854775807 audit/2=null orders/0=7 orders/1=0 refunds/0=null ");
}

TEST_CASE("consumer group offsets: parsing rejects malformed sink offsets with Kafka Connect's messages") {
  CHECK(ParseError("[]") == "Partitions / offsets need to be provided for an alter offsets request");
  CHECK(ParseError("null") == "Partitions / offsets need to be provided for an alter offsets request");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 0}}, 5])") ==
        "offsets[1]: each offset must be a JSON object with the fields 'partition' and 'offset'");
  CHECK(ParseError(R"([{"offset": {"kafka_offset": 1}}])") ==
        "offsets[0]: The partition for a sink connector offset cannot be null or missing");
  CHECK(ParseError(R"([{"partition": null, "offset": {"kafka_offset": 1}}])") ==
        "offsets[0]: The partition for a sink connector offset cannot be null or missing");
  CHECK(ParseError(R"([{"partition": {"kafka_partition": 0}, "offset": {"kafka_offset": 1}}])") ==
        "offsets[0]: The partition for a sink connector offset must contain the keys 'kafka_topic' and "
        "'kafka_partition'");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t"}, "offset": {"kafka_offset": 1}}])") ==
        "offsets[0]: The partition for a sink connector offset must contain the keys 'kafka_topic' and "
        "'kafka_partition'");
  CHECK(ParseError(R"([{"partition": "t-0", "offset": {"kafka_offset": 1}}])") ==
        "offsets[0]: The partition for a sink connector offset must contain the keys 'kafka_topic' and "
        "'kafka_partition'");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": null, "kafka_partition": 0}}])") ==
        "offsets[0]: Kafka topic names must be valid strings and may not be null");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": ["t"], "kafka_partition": 0}}])") ==
        "offsets[0]: Kafka topic names must be valid strings and may not be null");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": null}}])") ==
        "offsets[0]: Kafka partitions must be valid numbers and may not be null");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": "one"}}])") ==
        "offsets[0]: Failed to parse the following Kafka partition value in the provided offsets: 'one'. Partition "
        "values for sink connectors need to be integers.");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 1.5}}])") ==
        "offsets[0]: Failed to parse the following Kafka partition value in the provided offsets: '1.5'. Partition "
        "values for sink connectors need to be integers.");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 3000000000}}])") ==
        "offsets[0]: Failed to parse the following Kafka partition value in the provided offsets: '3000000000'. "
        "Partition values for sink connectors need to be integers.");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": " 1"}}])") ==
        "offsets[0]: Failed to parse the following Kafka partition value in the provided offsets: ' 1'. Partition "
        "values for sink connectors need to be integers.");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": -1}}])") ==
        "offsets[0]: Kafka partition -1 of topic 't' is negative; partitions are numbered from 0");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": {}}])") ==
        "offsets[0]: The offset for a sink connector should either be null or contain the key 'kafka_offset'");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": 10}])") ==
        "offsets[0]: The offset for a sink connector should either be null or contain the key 'kafka_offset'");
  CHECK(
      ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": {"kafka_offset": null}}])") ==
      "offsets[0]: Failed to parse the following Kafka offset value in the provided offsets: 'null'. Offset values "
      "for sink connectors need to be integers.");
  CHECK(
      ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": {"kafka_offset": "10x"}}])") ==
      "offsets[0]: Failed to parse the following Kafka offset value in the provided offsets: '10x'. Offset values "
      "for sink connectors need to be integers.");
  CHECK(
      ParseError(
          R"([{"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": {"kafka_offset": 9223372036854775808}}])") ==
      "offsets[0]: Failed to parse the following Kafka offset value in the provided offsets: '9223372036854775808'. "
      "Offset values for sink connectors need to be integers.");
  CHECK(ParseError(
            R"([{"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": {"kafka_offset": {"a": 1}}}])") ==
        "offsets[0]: Failed to parse the following Kafka offset value in the provided offsets: '{\"a\":1}'. Offset "
        "values for sink connectors need to be integers.");
  CHECK(ParseError(R"([{"partition": {"kafka_topic": "t", "kafka_partition": 2}, "offset": {"kafka_offset": -5}}])") ==
        "offsets[0]: Kafka offset -5 for topic 't' partition 2 is negative; give an offset >= 0, or null to forget "
        "that partition's offset");
}

TEST_CASE("consumer group offsets: written in Kafka Connect's REST shape") {
  rapidjson::Document doc;
  rapidjson::Value array = SinkOffsetsToJson({{"orders", 0, 42}, {"refunds", 3, std::nullopt}}, doc.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  array.Accept(writer);
  CHECK(std::string(buffer.GetString()) ==
        R"([{"partition":{"kafka_partition":0,"kafka_topic":"orders"},"offset":{"kafka_offset":42}},)"
        R"({"partition":{"kafka_partition":3,"kafka_topic":"refunds"},"offset":null}])");
}
