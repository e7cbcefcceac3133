// Drives the built connectd-file.so through the C ABI with the host's real service table, the way
// the worker does: describe, create, poll/put/flush, destroy.
#include "temp_dir.h"
#include <dlfcn.h>
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "data/record.h"
#include "data/schema.h"
#include "data/value.h"
#include "plugin/abi_objects.h"
#include "plugin/host_api.h"

using connectd::ConnectRecord;
using connectd::SchemaBuilder;
using connectd::SchemaPtr;
using connectd::SchemaType;
using connectd::Value;

namespace {

struct Plugin {
  const cd_plugin_entry* entry = nullptr;
  cd_connector_info source{};
  cd_connector_info sink{};
};

const Plugin& LoadPlugin() {
  static const Plugin plugin = [] {
    Plugin p;
    void* handle = dlopen(CONNECTD_FILE_PLUGIN_SO, RTLD_NOW | RTLD_LOCAL);
    REQUIRE_MESSAGE(handle != nullptr, dlerror());
    p.entry = static_cast<const cd_plugin_entry*>(dlsym(handle, CD_PLUGIN_ENTRY_SYMBOL));
    REQUIRE(p.entry != nullptr);
    cd_error err;
    REQUIRE(p.entry->init(connectd::HostApi(), &err) == CD_OK);
    REQUIRE(p.entry->connector_count() == 2);
    REQUIRE(p.entry->connector_describe(0, &p.source, sizeof(p.source), &err) == CD_OK);
    REQUIRE(p.entry->connector_describe(1, &p.sink, sizeof(p.sink), &err) == CD_OK);
    return p;
  }();
  return plugin;
}


void WriteFile(const std::string& path, const std::string& data, bool append = false) {
  std::ofstream f(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  f << data;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

Value PartitionOf(const std::string& path) {
  return Value::MakeMap({{Value::String("filename"), Value::String(path)}});
}
Value OffsetOf(int64_t position) { return Value::MakeMap({{Value::String("position"), Value::Int64(position)}}); }

// A source task created through the ABI; destroyed with the object.
class SourceTask {
 public:
  SourceTask(const connectd::ConfigMap& config, std::optional<Value> committed = std::nullopt)
      : config_(config) {
    ctx_.connector = "file-source";
    ctx_.task_id = 0;
    ctx_.offset_reader = [this, committed](const Value& partition) -> std::optional<Value> {
      read_partitions.push_back(partition);
      return committed;
    };
    rc = LoadPlugin().source.task_create(&config_, &ctx_, &task_, &err_);
  }
  ~SourceTask() {
    if (task_ != nullptr) LoadPlugin().source.task_destroy(task_);
  }
  std::vector<std::unique_ptr<ConnectRecord>> Poll() {
    cd_record_list list;
    cd_error err;
    REQUIRE(LoadPlugin().source.source_poll(task_, &list, &err) == CD_OK);
    return std::move(list.records);
  }
  // Polls until `n` records arrived in total (or 5 s passed).
  std::vector<std::unique_ptr<ConnectRecord>> PollUntil(size_t n) {
    std::vector<std::unique_ptr<ConnectRecord>> all;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (all.size() < n && std::chrono::steady_clock::now() < deadline) {
      for (auto& r : Poll()) all.push_back(std::move(r));
    }
    return all;
  }
  void RequestStop() { ctx_.stop->Request(); }

  cd_rc rc = CD_ERROR;
  std::vector<Value> read_partitions;
  const std::string& error() const { return err_.message; }

 private:
  cd_config config_;
  cd_context ctx_;
  cd_error err_;
  void* task_ = nullptr;
};

std::vector<std::string> ValuesOf(const std::vector<std::unique_ptr<ConnectRecord>>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r->value.string());
  return out;
}
std::vector<int64_t> PositionsOf(const std::vector<std::unique_ptr<ConnectRecord>>& records) {
  std::vector<int64_t> out;
  for (const auto& r : records) out.push_back(r->source_offset.map().Find("position")->Int64Of());
  return out;
}

class SinkTask {
 public:
  explicit SinkTask(const connectd::ConfigMap& config) : config_(config) {
    ctx_.connector = "file-sink";
    ctx_.task_id = 0;
    rc = LoadPlugin().sink.task_create(&config_, &ctx_, &task_, &err_);
  }
  ~SinkTask() {
    if (task_ != nullptr) LoadPlugin().sink.task_destroy(task_);
  }
  void Put(const std::vector<ConnectRecord>& records) {
    std::vector<const cd_record*> handles;
    for (const auto& r : records) handles.push_back(connectd::ToHandle(&r));
    cd_error err;
    REQUIRE(LoadPlugin().sink.sink_put(task_, handles.data(), handles.size(), &err) == CD_OK);
  }
  cd_offset_list Flush() {
    cd_offset_list offsets;
    offsets.entries.push_back({"in", 0, 42});
    cd_error err;
    REQUIRE(LoadPlugin().sink.sink_flush(task_, &offsets, &err) == CD_OK);
    return offsets;
  }
  void Destroy() {
    LoadPlugin().sink.task_destroy(task_);
    task_ = nullptr;
  }

  cd_rc rc = CD_ERROR;
  const std::string& error() const { return err_.message; }

 private:
  cd_config config_;
  cd_context ctx_;
  cd_error err_;
  void* task_ = nullptr;
};

ConnectRecord SinkRecord(SchemaPtr schema, Value value) {
  ConnectRecord r;
  r.topic = "in";
  r.kafka_partition = 0;
  r.value_schema = std::move(schema);
  r.value = std::move(value);
  return r;
}

std::map<std::string, const cd_config_def*> DefsOf(const cd_connector_info& info) {
  std::map<std::string, const cd_config_def*> out;
  const char* base = reinterpret_cast<const char*>(info.config_defs);
  for (uint32_t i = 0; i < info.config_def_count; ++i) {
    auto* d = reinterpret_cast<const cd_config_def*>(base + i * info.config_def_size);
    out[d->name] = d;
  }
  return out;
}

std::vector<connectd::ConfigMap> TaskConfigs(const cd_connector_info& info, const connectd::ConfigMap& config,
                                             uint32_t max_tasks) {
  cd_config cfg(config);
  cd_context ctx;
  ctx.connector = "c";
  void* connector = nullptr;
  cd_error err;
  REQUIRE(info.connector_create(&cfg, &ctx, &connector, &err) == CD_OK);
  cd_task_configs out;
  REQUIRE(info.connector_task_configs(connector, max_tasks, &out, &err) == CD_OK);
  info.connector_destroy(connector);
  return out.configs;
}

}  // namespace

TEST_CASE("the plugin describes Kafka's two file connectors") {
  const Plugin& p = LoadPlugin();
  CHECK(std::string(p.entry->plugin_name) == "file");
  CHECK(std::string(p.source.class_name) == "org.apache.kafka.connect.file.FileStreamSourceConnector");
  CHECK(p.source.type == CD_CONNECTOR_SOURCE);
  CHECK(static_cast<bool>(p.source.source_poll));
  CHECK_FALSE(static_cast<bool>(p.source.source_record_acked));
  CHECK(std::string(p.sink.class_name) == "org.apache.kafka.connect.file.FileStreamSinkConnector");
  CHECK(p.sink.type == CD_CONNECTOR_SINK);
  CHECK(static_cast<bool>(p.sink.sink_put));
  CHECK(static_cast<bool>(p.sink.sink_flush));

  auto source = DefsOf(p.source);
  REQUIRE(source.size() == 3);
  CHECK(source["file"]->type == CD_CONFIG_STRING);
  CHECK(source["file"]->default_value == nullptr);
  CHECK(source["file"]->required == 0);
  CHECK(source["topic"]->type == CD_CONFIG_STRING);
  CHECK(source["topic"]->required == 1);
  CHECK(source["batch.size"]->type == CD_CONFIG_INT);
  CHECK(std::string(source["batch.size"]->default_value) == "2000");
  auto sink = DefsOf(p.sink);
  REQUIRE(sink.size() == 1);
  CHECK(sink["file"]->default_value == nullptr);
}

TEST_CASE("source connector: one task config; a topic list is refused") {
  auto configs = TaskConfigs(LoadPlugin().source, {{"file", "/x"}, {"topic", "t"}, {"batch.size", "7"}}, 4);
  REQUIRE(configs.size() == 1);
  CHECK(configs[0] == connectd::ConfigMap{{"batch.size", "7"}, {"file", "/x"}, {"topic", "t"}});

  cd_config cfg({{"topic", "a,b"}, {"batch.size", "2000"}});
  cd_context ctx;
  void* connector = nullptr;
  cd_error err;
  CHECK(LoadPlugin().source.connector_create(&cfg, &ctx, &connector, &err) == CD_ERROR);
  CHECK(err.message.find("single topic") != std::string::npos);
  CHECK(err.message.find("a,b") != std::string::npos);
}

TEST_CASE("sink connector: max_tasks identical task configs") {
  auto configs = TaskConfigs(LoadPlugin().sink, {{"file", "/out"}, {"topics", "t"}}, 2);
  REQUIRE(configs.size() == 2);
  CHECK(configs[0] == connectd::ConfigMap{{"file", "/out"}});
  CHECK(configs[1] == connectd::ConfigMap{{"file", "/out"}});
}

TEST_CASE("source emits each line with Kafka's schema, partition and offsets") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "dos line\r\nunix line\n\nold mac\rend\nhalf");
  SourceTask task({{"file", path}, {"topic", "lines"}, {"batch.size", "2000"}});
  REQUIRE_MESSAGE(task.rc == CD_OK, task.error());
  REQUIRE(task.read_partitions.size() == 1);
  CHECK(task.read_partitions[0] == PartitionOf(path));

  auto records = task.PollUntil(5);
  CHECK(ValuesOf(records) == std::vector<std::string>{"dos line", "unix line", "", "old mac", "end"});
  CHECK(PositionsOf(records) == std::vector<int64_t>{10, 20, 21, 29, 33});
  const ConnectRecord& r = *records[0];
  CHECK(r.topic == "lines");
  CHECK(r.kafka_partition == -1);
  CHECK(r.key.is_null());
  CHECK(r.key_schema == nullptr);
  REQUIRE(r.value_schema != nullptr);
  CHECK(r.value_schema->type() == SchemaType::kString);
  CHECK_FALSE(r.value_schema->optional());
  REQUIRE(r.source_partition != nullptr);
  CHECK(*r.source_partition == PartitionOf(path));
  CHECK(r.source_offset == OffsetOf(10));
  CHECK(r.timestamp > 1600000000000);

  // "half" has no newline yet: an idle poll returns nothing.
  CHECK(task.Poll().empty());
  WriteFile(path, " a line\nnext\n", true);
  records = task.PollUntil(2);
  CHECK(ValuesOf(records) == std::vector<std::string>{"half a line", "next"});
  CHECK(PositionsOf(records) == std::vector<int64_t>{45, 50});
}

TEST_CASE("source polls at most batch.size records") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "1\n2\n3\n4\n5\n");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2"}});
  REQUIRE(task.rc == CD_OK);
  CHECK(ValuesOf(task.Poll()) == std::vector<std::string>{"1", "2"});
  CHECK(ValuesOf(task.Poll()) == std::vector<std::string>{"3", "4"});
  CHECK(ValuesOf(task.Poll()) == std::vector<std::string>{"5"});
}

TEST_CASE("source resumes exactly after the committed position") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "one\ntwo\nthree\n");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}}, OffsetOf(8));
  REQUIRE(task.rc == CD_OK);
  auto records = task.PollUntil(1);
  CHECK(ValuesOf(records) == std::vector<std::string>{"three"});
  CHECK(PositionsOf(records) == std::vector<int64_t>{14});
}

TEST_CASE("source reads from the start when the committed position is past the end") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "new\n");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}}, OffsetOf(1000));
  REQUIRE(task.rc == CD_OK);
  CHECK(ValuesOf(task.PollUntil(1)) == std::vector<std::string>{"new"});
}

TEST_CASE("source refuses a committed position that is not an integer") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "x\n");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}},
                  Value::MakeMap({{Value::String("position"), Value::String("12")}}));
  CHECK(task.rc == CD_ERROR);
  CHECK(task.error().find(path) != std::string::npos);
  CHECK(task.error().find("position") != std::string::npos);
}

TEST_CASE("source rereads a file truncated below its position") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "aaaa\nbbbb\n");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}});
  REQUIRE(task.rc == CD_OK);
  CHECK(ValuesOf(task.PollUntil(2)) == std::vector<std::string>{"aaaa", "bbbb"});
  WriteFile(path, "c\n");  // truncates, then writes
  auto records = task.PollUntil(1);
  CHECK(ValuesOf(records) == std::vector<std::string>{"c"});
  CHECK(PositionsOf(records) == std::vector<int64_t>{2});
}

TEST_CASE("source follows a replaced file from its start") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "old 1\n");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}});
  REQUIRE(task.rc == CD_OK);
  CHECK(ValuesOf(task.PollUntil(1)) == std::vector<std::string>{"old 1"});
  WriteFile(path, "old 2\n", true);
  REQUIRE(std::rename(path.c_str(), dir.File("in.txt.1").c_str()) == 0);
  WriteFile(path, "new 1\n");
  auto records = task.PollUntil(2);
  CHECK(ValuesOf(records) == std::vector<std::string>{"old 2", "new 1"});
  CHECK(PositionsOf(records) == std::vector<int64_t>{12, 6});
}

TEST_CASE("source waits for a missing file and reads it once created") {
  TempDir dir;
  const std::string path = dir.File("later.txt");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}});
  REQUIRE_MESSAGE(task.rc == CD_OK, task.error());
  auto start = std::chrono::steady_clock::now();
  CHECK(task.Poll().empty());
  auto idle = std::chrono::steady_clock::now() - start;
  CHECK(idle >= std::chrono::milliseconds(100));
  CHECK(idle < std::chrono::milliseconds(1000));
  WriteFile(path, "hello\n");
  CHECK(ValuesOf(task.PollUntil(1)) == std::vector<std::string>{"hello"});
}

TEST_CASE("an idle source poll returns at once when the host asks to stop") {
  TempDir dir;
  const std::string path = dir.File("in.txt");
  WriteFile(path, "");
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}});
  REQUIRE(task.rc == CD_OK);
  task.RequestStop();
  auto start = std::chrono::steady_clock::now();
  CHECK(task.Poll().empty());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(50));
}

TEST_CASE("source fails with the path when the file is a directory") {
  TempDir dir;
  SourceTask task({{"file", dir.path}, {"topic", "t"}, {"batch.size", "2000"}});
  CHECK(task.rc == CD_ERROR);
  CHECK(task.error() == "source file '" + dir.path + "' is a directory; set \"file\" to a file");
}

TEST_CASE("source reads a large file in batches with exact values and offsets") {
  TempDir dir;
  const std::string path = dir.File("big.txt");
  std::string data;
  const int kLines = 30000;
  for (int i = 0; i < kLines; ++i) data += "line number " + std::to_string(i) + (i % 2 ? "\r\n" : "\n");
  WriteFile(path, data);
  SourceTask task({{"file", path}, {"topic", "t"}, {"batch.size", "2000"}});
  REQUIRE(task.rc == CD_OK);
  auto records = task.PollUntil(kLines);
  REQUIRE(records.size() == static_cast<size_t>(kLines));
  int64_t pos = 0;
  bool all_match = true;
  for (int i = 0; i < kLines; ++i) {
    std::string expected = "line number " + std::to_string(i);
    pos += static_cast<int64_t>(expected.size()) + (i % 2 ? 2 : 1);
    all_match = all_match && records[i]->value.string() == expected &&
                records[i]->source_offset.map().Find("position")->Int64Of() == pos;
  }
  CHECK(all_match);
  CHECK(pos == static_cast<int64_t>(data.size()));
}

TEST_CASE("sink appends each value's text and a newline, durable after flush") {
  TempDir dir;
  const std::string path = dir.File("out.txt");
  WriteFile(path, "existing\n");
  SinkTask task({{"file", path}});
  REQUIRE_MESSAGE(task.rc == CD_OK, task.error());

  SchemaPtr string_schema = connectd::Schema::Primitive(SchemaType::kString, false);
  SchemaPtr person = SchemaBuilder::Struct()
                         .Name("person")
                         .AddField("name", connectd::Schema::Primitive(SchemaType::kString, false))
                         .AddField("age", connectd::Schema::Primitive(SchemaType::kInt32, true))
                         .AddField("nick", connectd::Schema::Primitive(SchemaType::kString, true))
                         .AddField("price", SchemaBuilder::Decimal(2).Build())
                         .AddField("born", SchemaBuilder::Date().Build())
                         .Build();
  Value ann = Value::MakeStruct(person);
  ann.structure().fields[0] = Value::String("Ann");
  ann.structure().fields[1] = Value::Int32(42);
  ann.structure().fields[3] = Value::MakeBytes(std::string("\x04\xD2", 2));
  ann.structure().fields[4] = Value::Int32(1);

  std::vector<ConnectRecord> batch;
  batch.push_back(SinkRecord(string_schema, Value::String("plain text")));
  batch.push_back(SinkRecord(nullptr, Value()));
  batch.push_back(SinkRecord(person, std::move(ann)));
  batch.push_back(SinkRecord(nullptr, Value::MakeMap({{Value::String("a"), Value::Int64(1)},
                                                      {Value::String("b"), Value::Boolean(true)}})));
  batch.push_back(SinkRecord(nullptr, Value::MakeArray({Value::Float64(1.5), Value::String("x"), Value()})));
  batch.push_back(SinkRecord(nullptr, Value::MakeBytes("raw bytes")));
  task.Put(batch);

  cd_offset_list offsets = task.Flush();
  CHECK(offsets.entries[0].offset == 42);  // everything is durable: nothing lowered
  CHECK(ReadFile(path) ==
        "existing\n"
        "plain text\n"
        "null\n"
        "Struct{name=Ann,age=42,price=12.34,born=Fri Jan 02 00:00:00 UTC 1970}\n"
        "{a=1, b=true}\n"
        "[1.5, x, null]\n"
        "raw bytes\n");
}

TEST_CASE("sink writes what is buffered when stopped and keeps the delivery order") {
  TempDir dir;
  const std::string path = dir.File("out.txt");
  SinkTask task({{"file", path}});
  REQUIRE(task.rc == CD_OK);
  SchemaPtr s = connectd::Schema::Primitive(SchemaType::kString, false);
  std::string expected;
  for (int round = 0; round < 3; ++round) {
    std::vector<ConnectRecord> batch;
    for (int i = 0; i < 20000; ++i) {
      // ~30 bytes a line: 60000 lines cross the 1 MiB write threshold.
      std::string v = "r" + std::to_string(round) + "-" + std::to_string(i) + std::string(20, '.');
      expected += v + "\n";
      batch.push_back(SinkRecord(s, Value::String(v)));
    }
    task.Put(batch);
  }
  task.Destroy();
  CHECK(ReadFile(path) == expected);
}

TEST_CASE("sink fails with the path and the reason when the file cannot be opened") {
  TempDir dir;
  const std::string path = dir.File("missing-dir/out.txt");
  SinkTask task({{"file", path}});
  CHECK(task.rc == CD_ERROR);
  CHECK(task.error() == "cannot open sink file '" + path +
                            "' for appending: No such file or directory; check that its directory exists and that "
                            "connectd's user may write there");
}

TEST_CASE("sink names the path when it is a directory") {
  TempDir dir;
  SinkTask task({{"file", dir.path}});
  CHECK(task.rc == CD_ERROR);
  CHECK(task.error().find("cannot open sink file '" + dir.path + "' for appending: Is a directory") == 0);
}

TEST_CASE("source without a file reads stdin and attaches no offsets") {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const int saved_stdin = dup(STDIN_FILENO);
  REQUIRE(dup2(pipe_fds[0], STDIN_FILENO) == STDIN_FILENO);
  close(pipe_fds[0]);
  {
    SourceTask task({{"topic", "t"}, {"batch.size", "2000"}});
    REQUIRE_MESSAGE(task.rc == CD_OK, task.error());
    CHECK(task.read_partitions.empty());
    CHECK(task.Poll().empty());  // nothing written yet: an idle poll, not a blocked read
    REQUIRE(write(pipe_fds[1], "from\r\nstdin\npart", 16) == 16);
    auto records = task.PollUntil(2);
    CHECK(ValuesOf(records) == std::vector<std::string>{"from", "stdin"});
    CHECK(records[0]->source_partition == nullptr);
    CHECK(records[0]->source_offset.is_null());
  }
  close(pipe_fds[1]);
  dup2(saved_stdin, STDIN_FILENO);
  close(saved_stdin);
}
