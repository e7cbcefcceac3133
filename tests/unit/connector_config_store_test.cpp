#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/connector_config_store.h"
#include "temp_dir.h"

using namespace connectd;

namespace {
std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
mode_t FileMode(const std::string& path) {
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}
std::vector<StoredConnector> LoadAll(ConnectorConfigStore& store) {
  std::vector<StoredConnector> out;
  Status s = store.Load(&out);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return out;
}
std::vector<StoredConnector> LoadAll(const std::string& path) {
  ConnectorConfigStore store(path);
  return LoadAll(store);
}
Status LoadError(const std::string& path) {
  ConnectorConfigStore store(path);
  std::vector<StoredConnector> out;
  Status s = store.Load(&out);
  CHECK(out.empty());
  return s;
}
StoredConnector Connector(const std::string& name, TargetState state, ConfigMap config) {
  return StoredConnector{name, std::move(config), state};
}
}  // namespace

TEST_CASE("connector config store: target state names are Kafka's and parse case-insensitively") {
  CHECK(std::string(TargetStateName(TargetState::kStarted)) == "STARTED");
  CHECK(std::string(TargetStateName(TargetState::kPaused)) == "PAUSED");
  CHECK(std::string(TargetStateName(TargetState::kStopped)) == "STOPPED");
  TargetState state = TargetState::kStarted;
  CHECK(TargetStateFromName("paused", &state));
  CHECK(state == TargetState::kPaused);
  CHECK(TargetStateFromName("Stopped", &state));
  CHECK(state == TargetState::kStopped);
  CHECK(TargetStateFromName("STARTED", &state));
  CHECK(state == TargetState::kStarted);
  CHECK_FALSE(TargetStateFromName("RUNNING", &state));
  CHECK_FALSE(TargetStateFromName("STARTED ", &state));
  CHECK_FALSE(TargetStateFromName(std::string("PAUSED\0x", 8), &state));
  CHECK_FALSE(TargetStateFromName("", &state));
  CHECK(state == TargetState::kStarted);  // untouched on failure
}

TEST_CASE("connector config store: connectors with every target state survive a restart") {
  TempDir dir;
  std::string path = dir.File("connectors.json");
  {
    ConnectorConfigStore store(path);
    CHECK(store.path() == path);
    CHECK(LoadAll(store).empty());
    REQUIRE(store.Put(Connector("sink-b", TargetState::kPaused, {{"connector.class", "FileStreamSink"}, {"topics", "t"}})).ok());
    REQUIRE(store.Put(Connector("src-a", TargetState::kStarted,
                                {{"connector.class", "FileStreamSource"}, {"tasks.max", "1"}, {"file", "/tmp/\"q\"\n"}}))
                .ok());
    REQUIRE(store.Put(Connector("c", TargetState::kStopped, {})).ok());
  }
  CHECK(ReadAll(path) ==
        "{\n"
        "  \"version\": 1,\n"
        "  \"connectors\": {\n"
        "    \"c\": {\n"
        "      \"config\": {},\n"
        "      \"target_state\": \"STOPPED\"\n"
        "    },\n"
        "    \"sink-b\": {\n"
        "      \"config\": {\n"
        "        \"connector.class\": \"FileStreamSink\",\n"
        "        \"topics\": \"t\"\n"
        "      },\n"
        "      \"target_state\": \"PAUSED\"\n"
        "    },\n"
        "    \"src-a\": {\n"
        "      \"config\": {\n"
        "        \"connector.class\": \"FileStreamSource\",\n"
        "        \"file\": \"/tmp/\\\"q\\\"\\n\",\n"
        "        \"tasks.max\": \"1\"\n"
        "      },\n"
        "      \"target_state\": \"STARTED\"\n"
        "    }\n"
        "  }\n"
        "}\n");
  CHECK(access((path + ".tmp").c_str(), F_OK) != 0);  // renamed into place

  std::vector<StoredConnector> loaded = LoadAll(path);  // a second instance, as after a restart
  REQUIRE(loaded.size() == 3);
  CHECK(loaded[0].name == "c");
  CHECK(loaded[0].config.empty());
  CHECK(loaded[0].target_state == TargetState::kStopped);
  CHECK(loaded[1].name == "sink-b");
  CHECK(loaded[1].config == ConfigMap{{"connector.class", "FileStreamSink"}, {"topics", "t"}});
  CHECK(loaded[1].target_state == TargetState::kPaused);
  CHECK(loaded[2].name == "src-a");
  CHECK(loaded[2].config ==
        ConfigMap{{"connector.class", "FileStreamSource"}, {"tasks.max", "1"}, {"file", "/tmp/\"q\"\n"}});
  CHECK(loaded[2].target_state == TargetState::kStarted);
}

TEST_CASE("connector config store: Put replaces a connector's config and state") {
  TempDir dir;
  std::string path = dir.File("connectors.json");
  ConnectorConfigStore store(path);
  REQUIRE(store.Put(Connector("a", TargetState::kStarted, {{"k1", "v1"}, {"k2", "v2"}})).ok());
  REQUIRE(store.Put(Connector("a", TargetState::kPaused, {{"k1", "new"}})).ok());
  for (const auto& loaded : {LoadAll(store), LoadAll(path)}) {
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].config == ConfigMap{{"k1", "new"}});
    CHECK(loaded[0].target_state == TargetState::kPaused);
  }
}

TEST_CASE("connector config store: Remove forgets a connector and ignores an unknown one") {
  TempDir dir;
  std::string path = dir.File("connectors.json");
  ConnectorConfigStore store(path);
  REQUIRE(store.Put(Connector("a", TargetState::kStarted, {{"k", "1"}})).ok());
  REQUIRE(store.Put(Connector("b", TargetState::kStopped, {{"k", "2"}})).ok());
  REQUIRE(store.Remove("a").ok());
  CHECK(store.Remove("a").ok());
  CHECK(store.Remove("never-existed").ok());
  std::vector<StoredConnector> loaded = LoadAll(path);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].name == "b");
  REQUIRE(store.Remove("b").ok());
  CHECK(ReadAll(path) == "{\n  \"version\": 1,\n  \"connectors\": {}\n}\n");
  CHECK(LoadAll(path).empty());
}

TEST_CASE("connector config store: a missing file is empty and Put without Load keeps stored connectors") {
  TempDir dir;
  std::string path = dir.File("connectors.json");
  CHECK(LoadAll(path).empty());
  CHECK(access(path.c_str(), F_OK) != 0);  // loading creates nothing
  {
    ConnectorConfigStore first(path);
    REQUIRE(first.Put(Connector("a", TargetState::kStarted, {})).ok());
  }
  ConnectorConfigStore second(path);
  REQUIRE(second.Put(Connector("b", TargetState::kStarted, {})).ok());
  std::vector<StoredConnector> loaded = LoadAll(path);
  REQUIRE(loaded.size() == 2);
  CHECK(loaded[0].name == "a");
  CHECK(loaded[1].name == "b");
}

TEST_CASE("connector config store: a missing target_state means STARTED") {
  TempDir dir;
  std::string path = dir.Write("connectors.json", R"({"version":1,"connectors":{"a":{"config":{"k":"v"}}}})");
  std::vector<StoredConnector> loaded = LoadAll(path);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].config == ConfigMap{{"k", "v"}});
  CHECK(loaded[0].target_state == TargetState::kStarted);
}

TEST_CASE("connector config store: corrupt JSON is an IOError naming the file and byte offset") {
  TempDir dir;
  std::string content = R"({"version":1,"connectors":{"a":{"config":{"k" "v"}}}})";
  std::string path = dir.Write("connectors.json", content);
  Status s = LoadError(path);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message() == "connector config file " + path +
                           " is corrupt (Missing a colon after a name of object member. at byte 46); refusing to "
                           "start rather than forgetting the connectors it holds (repair or restore the file, or "
                           "remove it to start with no stored connectors and create them again over REST)");

  // A Put must not overwrite a file it could not read.
  ConnectorConfigStore store(path);
  Status put = store.Put(Connector("b", TargetState::kStarted, {}));
  CHECK(put.code() == Status::Code::kIOError);
  CHECK(put.message().rfind("cannot store connector 'b': connector config file " + path + " is corrupt", 0) == 0);
  CHECK(store.Remove("a").code() == Status::Code::kIOError);
  CHECK(ReadAll(path) == content);

  dir.Write("connectors.json", "");
  CHECK(LoadError(path).message().find("is corrupt (The document is empty. at byte 0)") != std::string::npos);
  dir.Write("connectors.json", "[]");
  CHECK(LoadError(path).message().find("is corrupt (it is an array, expected {\"version\":1,\"connectors\":{...}})") !=
        std::string::npos);
  dir.Write("connectors.json", R"({"connectors":{}})");
  CHECK(LoadError(path).message().find("is corrupt (it has no \"version\"") != std::string::npos);
  dir.Write("connectors.json", R"({"version":1})");
  CHECK(LoadError(path).message().find("\"connectors\" is missing or not an object") != std::string::npos);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"a":"x"}})");
  CHECK(LoadError(path).message().find("(connector 'a' is a string, expected {\"config\":{...},") != std::string::npos);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"a":{"target_state":"PAUSED"}}})");
  CHECK(LoadError(path).message().find("(connector 'a' has no \"config\" object)") != std::string::npos);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"a":{"config":{}},"a":{"config":{}}}})");
  CHECK(LoadError(path).message().find("(connector 'a' appears twice)") != std::string::npos);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"a":{"config":{"k":"1","k":"2"}}}})");
  CHECK(LoadError(path).message().find("(connector 'a', config key 'k' appears twice)") != std::string::npos);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"":{"config":{}}}})");
  CHECK(LoadError(path).message().find("(a connector has an empty name)") != std::string::npos);
}

TEST_CASE("connector config store: an unknown version is refused") {
  TempDir dir;
  std::string path = dir.Write("connectors.json", R"({"version":2,"connectors":{}})");
  Status s = LoadError(path);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message() == "connector config file " + path +
                           " has version 2, but this connectd reads only version 1; refusing to start (it may have "
                           "been written by a newer connectd: run that version, or remove the file and create the "
                           "connectors again over REST)");
  dir.Write("connectors.json", R"({"version":"1","connectors":{}})");
  CHECK(LoadError(path).message().find(" has version not an integer, but this connectd reads only version 1") !=
        std::string::npos);
}

TEST_CASE("connector config store: a config value that is not a string names the connector and key") {
  TempDir dir;
  std::string path = dir.Write("connectors.json", R"({"version":1,"connectors":{"src":{"config":{"tasks.max":1}}}})");
  Status s = LoadError(path);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message().rfind("connector config file " + path +
                              " is corrupt (connector 'src', config key 'tasks.max' is a number; every config value "
                              "must be a JSON string, e.g. \"1\" instead of 1); refusing to start",
                          0) == 0);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"src":{"config":{"a":"x","b":null}}}})");
  CHECK(LoadError(path).message().find("(connector 'src', config key 'b' is null;") != std::string::npos);
}

TEST_CASE("connector config store: an unknown target_state is refused") {
  TempDir dir;
  std::string path =
      dir.Write("connectors.json", R"({"version":1,"connectors":{"a":{"config":{},"target_state":"RUNNING"}}})");
  CHECK(LoadError(path).message().find(
            "(connector 'a' has target_state 'RUNNING'; expected \"STARTED\", \"PAUSED\" or \"STOPPED\")") !=
        std::string::npos);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"a":{"config":{},"target_state":1}}})");
  CHECK(LoadError(path).message().find("(connector 'a' has target_state a number;") != std::string::npos);
  dir.Write("connectors.json", R"({"version":1,"connectors":{"a":{"config":{},"target_state":"paused"}}})");
  std::vector<StoredConnector> loaded = LoadAll(path);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].target_state == TargetState::kPaused);
}

TEST_CASE("connector config store: a directory as the path is an IOError") {
  TempDir dir;
  Status s = LoadError(dir.path);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message() == "connector config file " + dir.path + " is a directory; use the path of a regular file");
  ConnectorConfigStore store(dir.path);
  Status put = store.Put(Connector("a", TargetState::kStarted, {}));
  CHECK(put.code() == Status::Code::kIOError);
  CHECK(put.message() == "cannot store connector 'a': connector config file " + dir.path +
                             " is a directory; use the path of a regular file");
  CHECK(std::filesystem::is_directory(dir.path));
}

TEST_CASE("connector config store: a failed write leaves the store unchanged") {
  TempDir dir;
  std::string path = dir.File("no-such-dir/connectors.json");
  ConnectorConfigStore store(path);
  CHECK(LoadAll(store).empty());
  Status s = store.Put(Connector("a", TargetState::kStarted, {}));
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message() == "cannot store connector 'a': cannot write connector config file " + path + " (creating " +
                           path + ".tmp): No such file or directory; check that its directory exists and is writable");
  CHECK(LoadAll(store).empty());
}

TEST_CASE("connector config store: the file is readable by its owner only") {
  TempDir dir;
  std::string path = dir.File("connectors.json");
  mode_t old_umask = umask(0);  // would leave group/other bits if the store relied on the umask
  {
    std::ofstream(path) << R"({"version":1,"connectors":{}})";
    std::ofstream(path + ".tmp") << "stale";
    chmod(path.c_str(), 0644);
    chmod((path + ".tmp").c_str(), 0666);
    ConnectorConfigStore store(path);
    REQUIRE(store.Put(Connector("a", TargetState::kStarted, {{"connection.password", "secret"}})).ok());
  }
  umask(old_umask);
  CHECK(FileMode(path) == 0600);
  CHECK(access((path + ".tmp").c_str(), F_OK) != 0);
  REQUIRE(LoadAll(path).size() == 1);
}

TEST_CASE("connector config store: memory-only mode keeps connectors but writes nothing") {
  TempDir dir;
  std::string old_cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir.path);  // a relative write would land here
  {
    ConnectorConfigStore store("");
    CHECK(store.path().empty());
    CHECK(LoadAll(store).empty());
    REQUIRE(store.Put(Connector("a", TargetState::kPaused, {{"k", "v"}})).ok());
    REQUIRE(store.Put(Connector("b", TargetState::kStarted, {})).ok());
    REQUIRE(store.Remove("b").ok());
    std::vector<StoredConnector> loaded = LoadAll(store);
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].name == "a");
    CHECK(loaded[0].target_state == TargetState::kPaused);
  }
  std::filesystem::current_path(old_cwd);
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("connector config store: an empty connector name is refused") {
  ConnectorConfigStore store("");
  Status s = store.Put(Connector("", TargetState::kStarted, {}));
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == "cannot store a connector with an empty name; give the connector a name");
}

TEST_CASE("connector config store: concurrent Puts from several threads are all kept") {
  TempDir dir;
  std::string path = dir.File("connectors.json");
  ConnectorConfigStore store(path);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 10; ++i) {
        CHECK(store.Put(Connector("c" + std::to_string(t) + "-" + std::to_string(i), TargetState::kStarted, {})).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(LoadAll(path).size() == 40);
}

TEST_CASE("connector config store: the default file sits next to the offsets file") {
  CHECK(DefaultConnectorConfigPath("") == "");
  CHECK(DefaultConnectorConfigPath("/var/lib/connectd/connect.offsets") == "/var/lib/connectd/connectors.json");
  CHECK(DefaultConnectorConfigPath("connect.offsets") == "connectors.json");
  CHECK(DefaultConnectorConfigPath("data/connect.offsets") == "data/connectors.json");
  CHECK(DefaultConnectorConfigPath("/connect.offsets") == "/connectors.json");
  CHECK(DefaultConnectorConfigPath("/data/connectors.json") == "/data/connectd-connectors.json");
}
