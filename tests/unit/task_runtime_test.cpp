// The source and sink task loops end to end inside one process: SDK connectors defined here,
// the worker, and librdkafka's mock cluster. Results are read back with a plain librdkafka
// consumer and librdkafka's committed-offset query, not through connectd's own code.
#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "connectd/sdk.hpp"
#include "kafka/embedded_cluster.h"
#include "plugin/host_api.h"
#include "runtime/worker.h"

namespace sdk = connectd::sdk;
using namespace connectd;

namespace {

constexpr int kRecords = 50;

// What the test plugins saw; the plugins run on task threads.
struct Observed {
  std::mutex mu;
  std::vector<int64_t> acked;
  std::vector<std::string> put;
  int flushes = 0;
};
Observed& Seen() {
  static Observed o;
  return o;
}

class CountingTask : public sdk::SourceTask {
 public:
  void start(const sdk::Config& config, sdk::Context& context) override {
    topic_ = config.getString("topic");
    context_ = &context;
    sdk::Value p = sdk::Value::Map();
    p.put("source", sdk::Value::String("counter"));
    if (auto stored = context.offset(p)) next_ = stored->get("next").asInt();
    partition_.emplace(std::move(p));
  }
  void poll(sdk::RecordList& out) override {
    if (next_ >= kRecords) {
      context_->wait(20);
      return;
    }
    for (int i = 0; i < 10 && next_ < kRecords; ++i, ++next_) {
      sdk::SourceRecord r(topic_);
      r.value(sdk::Schema::Primitive(sdk::Type::String), sdk::Value::String("n" + std::to_string(next_)));
      r.sourcePartition(*partition_);
      r.sourceOffset(std::move(sdk::Value::Map().put("next", sdk::Value::Int64(next_ + 1))));
      out.add(std::move(r));
    }
  }
  void commitRecord(const sdk::RecordView& record) override {
    std::lock_guard<std::mutex> lock(Seen().mu);
    Seen().acked.push_back(record.sourceOffset().get("next").asInt());
  }

 private:
  std::string topic_;
  int64_t next_ = 0;
  sdk::Context* context_ = nullptr;
  std::optional<sdk::SourcePartition> partition_;
};

template <class Base>
class PassConfigConnector : public Base {
 public:
  static const char* const* aliases() { return nullptr; }
  static constexpr const char* kVersion = "1";
  static constexpr const char* kDescription = "test";
  void start(const sdk::Config& config, sdk::Context&) override { config_ = config.all(); }
  void taskConfigs(uint32_t, sdk::TaskConfigs& out) override { out.add(config_); }

 private:
  std::map<std::string, std::string> config_;
};

class CountingSource : public PassConfigConnector<sdk::SourceConnector> {
 public:
  using Task = CountingTask;
  static constexpr const char* kClassName = "test.CountingSourceConnector";
  static const sdk::ConfigDef& configDef() {
    static const sdk::ConfigDef def =
        sdk::ConfigDef().define("topic", CD_CONFIG_STRING, std::nullopt, CD_IMPORTANCE_HIGH, "topic");
    return def;
  }
};

class RecordingTask : public sdk::SinkTask {
 public:
  void start(const sdk::Config&, sdk::Context&) override {}
  void put(const std::vector<sdk::RecordView>& records) override {
    std::lock_guard<std::mutex> lock(Seen().mu);
    for (const auto& r : records) Seen().put.emplace_back(r.value().asString());
  }
  void flush(sdk::OffsetList&) override {
    std::lock_guard<std::mutex> lock(Seen().mu);
    ++Seen().flushes;
  }
};

class RecordingSink : public PassConfigConnector<sdk::SinkConnector> {
 public:
  using Task = RecordingTask;
  static constexpr const char* kClassName = "test.RecordingSinkConnector";
  static const sdk::ConfigDef& configDef() {
    static const sdk::ConfigDef def;
    return def;
  }
};

std::unique_ptr<ConnectorPlugin> Describe(void (*describe)(cd_connector_info*)) {
  sdk::HostSlot() = HostApi();
  auto p = std::make_unique<ConnectorPlugin>();
  describe(&p->info);
  p->class_name = p->info.class_name;
  p->type = p->info.type;
  p->config_keys = ConfigKeysFromAbi(p->info.config_defs, p->info.config_def_count, p->info.config_def_size);
  return p;
}

template <class Pred>
bool WaitFor(Pred pred, int timeout_ms = 20000) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

std::vector<std::string> ReadTopic(const std::string& bootstrap, const std::string& topic, size_t expected) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", "test-reader", err, sizeof(err));
  rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  std::vector<std::string> out;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (out.size() < expected && std::chrono::steady_clock::now() < until) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) out.emplace_back(static_cast<const char*>(m->payload), m->len);
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

// Produces prefix0 .. prefix<n-1> to partition 0 of `topic` and waits for the acknowledgements.
void ProduceNumbered(const std::string& bootstrap, const char* topic, const std::string& prefix, int n) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  for (int i = 0; i < n; ++i) {
    std::string v = prefix + std::to_string(i);
    rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_VALUE(v.data(), v.size()),
                      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
  }
  REQUIRE(rd_kafka_flush(producer, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_destroy(producer);
}

int64_t CommittedOffset(const std::string& bootstrap, const std::string& group, const std::string& topic) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), 0);
  int64_t offset = -1;
  if (rd_kafka_committed(rk, list, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) offset = list->elems[0].offset;
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(rk);
  return offset;
}

// An embedded cluster and the services a worker hands its connectors and tasks (in-memory
// offsets and statuses, StringConverter, 200 ms offset flushes), shared by the tests below.
struct RuntimeFixture {
  EmbeddedCluster cluster;
  WorkerConfig config;
  std::unique_ptr<OffsetStore> offsets = NewFileOffsetStore("");
  std::unique_ptr<StatusStore> statuses = NewMemoryStatusStore();
  WorkerServices services;

  RuntimeFixture() {
    REQUIRE(cluster.Start(1).ok());
    REQUIRE(offsets->Start().ok());
    config.offset_flush_interval_ms = 200;
    config.key_converter = config.value_converter = "org.apache.kafka.connect.storage.StringConverter";
    services = WorkerServices{&config, cluster.bootstrap_servers(), offsets.get(), statuses.get(), "test:0", {}};
  }
};

}  // namespace

TEST_CASE_FIXTURE(RuntimeFixture, "source offsets follow acknowledgements; the sink commits what it flushed") {
  REQUIRE(cluster.CreateTopic("numbers", 1).ok());

  auto source = Describe(&sdk::internal::Glue<CountingSource>::Describe);
  auto sink = Describe(&sdk::internal::Glue<RecordingSink>::Describe);
  CHECK((source->info.source_record_acked != nullptr));  // overridden: registered
  CHECK((sink->info.sink_flush != nullptr));

  {
    ConnectorInstance producer("counter", source.get(),
                               {{"name", "counter"}, {"connector.class", "x"}, {"tasks.max", "1"}, {"topic", "numbers"}},
                               &services);
    REQUIRE(producer.SetTargetState(TargetState::kStarted).ok());
    REQUIRE(WaitFor([&] {
      std::lock_guard<std::mutex> lock(Seen().mu);
      return Seen().acked.size() == kRecords;
    }));
    producer.Stop();
  }
  {
    std::lock_guard<std::mutex> lock(Seen().mu);
    for (int i = 0; i < kRecords; ++i) CHECK(Seen().acked[static_cast<size_t>(i)] == i + 1);  // in production order
  }
  Value partition = Value::MakeMap({{Value::String("source"), Value::String("counter")}});
  auto stored = offsets->Get("counter", partition);
  REQUIRE(stored.has_value());
  CHECK(stored->map().Find("next")->Int64Of() == kRecords);

  std::vector<std::string> on_kafka = ReadTopic(cluster.bootstrap_servers(), "numbers", kRecords);
  REQUIRE(on_kafka.size() == kRecords);
  CHECK(on_kafka.front() == "n0");
  CHECK(on_kafka.back() == "n49");

  {
    ConnectorInstance consumer("recorder", sink.get(),
                               {{"name", "recorder"}, {"connector.class", "x"}, {"tasks.max", "1"}, {"topics", "numbers"}},
                               &services);
    REQUIRE(consumer.SetTargetState(TargetState::kStarted).ok());
    REQUIRE(WaitFor([&] {
      std::lock_guard<std::mutex> lock(Seen().mu);
      return Seen().put.size() == kRecords && Seen().flushes > 0;
    }));
    consumer.Stop();
  }
  CHECK(Seen().put.front() == "n0");
  CHECK(CommittedOffset(cluster.bootstrap_servers(), "connect-recorder", "numbers") == kRecords);
  ConnectorStatusView status;
  REQUIRE(statuses->Get("recorder", &status));
  CHECK(status.tasks.at(0).state == ConnectState::kUnassigned);  // stopped cleanly, not FAILED
}

namespace {

// Asks for new task configs once it has started; each generation of configs is numbered.
class ReconfiguringSource : public sdk::SourceConnector {
 public:
  class Task : public sdk::SourceTask {
   public:
    void start(const sdk::Config&, sdk::Context& context) override { context_ = &context; }
    void poll(sdk::RecordList&) override { context_->wait(20); }

   private:
    sdk::Context* context_ = nullptr;
  };
  static constexpr const char* kClassName = "test.ReconfiguringSourceConnector";
  static constexpr const char* kVersion = "1";
  static constexpr const char* kDescription = "test";
  static const char* const* aliases() { return nullptr; }
  static const sdk::ConfigDef& configDef() {
    static const sdk::ConfigDef def;
    return def;
  }
  void start(const sdk::Config&, sdk::Context& context) override { context.requestTaskReconfiguration(); }
  void taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) override {
    ++generation_;
    for (uint32_t i = 0; i < max_tasks; ++i) out.add({{"generation", std::to_string(generation_)}});
  }

 private:
  int generation_ = 0;
};

}  // namespace

TEST_CASE_FIXTURE(RuntimeFixture, "a connector's request for new task configs restarts its tasks with them") {
  auto plugin = Describe(&sdk::internal::Glue<ReconfiguringSource>::Describe);

  ConnectorInstance instance("reconf", plugin.get(), {{"name", "reconf"}, {"connector.class", "x"}, {"tasks.max", "2"}},
                             &services);
  REQUIRE(instance.SetTargetState(TargetState::kStarted).ok());
  REQUIRE(instance.task_configs().size() == 2);
  CHECK(instance.task_configs()[0].at("generation") == "1");
  REQUIRE(instance.reconfiguration_requested());

  REQUIRE(instance.Reconfigure().ok());
  CHECK_FALSE(instance.reconfiguration_requested());
  CHECK(instance.task_configs()[1].at("generation") == "2");
  ConnectorStatusView status;
  REQUIRE(WaitFor([&] {
    return statuses->Get("reconf", &status) && status.tasks.size() == 2 &&
           status.tasks.at(0).state == ConnectState::kRunning && status.tasks.at(1).state == ConnectState::kRunning;
  }));
  instance.Stop();
}

namespace {

// Refuses its first two puts with RETRY, then records what it gets.
struct FlakyObserved {
  std::mutex mu;
  int refusals = 0;
  std::vector<std::string> put;
};
FlakyObserved& Flaky() {
  static FlakyObserved o;
  return o;
}

class FlakySink : public PassConfigConnector<sdk::SinkConnector> {
 public:
  class Task : public sdk::SinkTask {
   public:
    void start(const sdk::Config&, sdk::Context&) override {}
    void put(const std::vector<sdk::RecordView>& records) override {
      std::lock_guard<std::mutex> lock(Flaky().mu);
      if (!records.empty() && Flaky().refusals < 2) {
        ++Flaky().refusals;
        throw sdk::RetriableException("the store is busy");
      }
      for (const auto& r : records) Flaky().put.emplace_back(r.value().asString());
    }
  };
  static constexpr const char* kClassName = "test.FlakySinkConnector";
  static const sdk::ConfigDef& configDef() {
    static const sdk::ConfigDef def;
    return def;
  }
};

}  // namespace

TEST_CASE_FIXTURE(RuntimeFixture, "a sink put that asks to retry gets the same records again, none lost or repeated") {
  REQUIRE(cluster.CreateTopic("letters", 1).ok());
  ProduceNumbered(cluster.bootstrap_servers(), "letters", "v", 20);
  auto plugin = Describe(&sdk::internal::Glue<FlakySink>::Describe);

  ConnectorInstance sink("flaky", plugin.get(),
                         {{"name", "flaky"}, {"connector.class", "x"}, {"tasks.max", "1"}, {"topics", "letters"}},
                         &services);
  REQUIRE(sink.SetTargetState(TargetState::kStarted).ok());
  REQUIRE(WaitFor([&] {
    std::lock_guard<std::mutex> lock(Flaky().mu);
    return Flaky().put.size() >= 20;
  }));
  REQUIRE(WaitFor([&] { return CommittedOffset(cluster.bootstrap_servers(), "connect-flaky", "letters") == 20; }));
  sink.Stop();
  std::lock_guard<std::mutex> lock(Flaky().mu);
  CHECK(Flaky().refusals == 2);
  REQUIRE(Flaky().put.size() == 20);
  for (int i = 0; i < 20; ++i) CHECK(Flaky().put[static_cast<size_t>(i)] == "v" + std::to_string(i));
}

TEST_CASE_FIXTURE(RuntimeFixture, "a commit refused during a rebalance is retried at the next flush; the task runs on") {
  REQUIRE(cluster.CreateTopic("refused", 1).ok());
  ProduceNumbered(cluster.bootstrap_servers(), "refused", "r", 20);
  {
    std::lock_guard<std::mutex> lock(Flaky().mu);
    Flaky().refusals = 2;  // this test's puts all succeed
    Flaky().put.clear();
  }
  // The broker answers the next three OffsetCommit requests (API key 8) as a rebalancing group does.
  constexpr int16_t kOffsetCommitApiKey = 8;
  rd_kafka_mock_push_request_errors(cluster.mock_cluster(), kOffsetCommitApiKey, 3,
                                    RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
                                    RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS);
  auto plugin = Describe(&sdk::internal::Glue<FlakySink>::Describe);
  ConnectorInstance sink("refused", plugin.get(),
                         {{"name", "refused"}, {"connector.class", "x"}, {"tasks.max", "1"}, {"topics", "refused"}},
                         &services);
  REQUIRE(sink.SetTargetState(TargetState::kStarted).ok());
  REQUIRE(WaitFor([&] { return CommittedOffset(cluster.bootstrap_servers(), "connect-refused", "refused") == 20; }));
  ConnectorStatusView status;
  REQUIRE(statuses->Get("refused", &status));
  REQUIRE(status.tasks.size() == 1);
  CHECK(status.tasks.at(0).state == ConnectState::kRunning);
  sink.Stop();
  std::lock_guard<std::mutex> lock(Flaky().mu);
  CHECK(Flaky().put.size() == 20);
}

TEST_CASE_FIXTURE(RuntimeFixture, "a source task fails, naming the topic, when librdkafka refuses the topic's name") {
  auto source = Describe(&sdk::internal::Glue<CountingSource>::Describe);
  const std::string topic(600, 't');  // librdkafka takes names of at most 512 bytes
  ConnectorInstance producer("refused", source.get(),
                             {{"name", "refused"}, {"connector.class", "x"}, {"tasks.max", "1"}, {"topic", topic}},
                             &services);
  REQUIRE(producer.SetTargetState(TargetState::kStarted).ok());
  ConnectorStatusView status;
  REQUIRE(WaitFor([&] {
    return statuses->Get("refused", &status) && !status.tasks.empty() &&
           status.tasks.at(0).state == ConnectState::kFailed;
  }));
  CHECK(status.tasks.at(0).trace.find("cannot produce to topic '" + topic + "'") != std::string::npos);
  producer.Stop();
}
