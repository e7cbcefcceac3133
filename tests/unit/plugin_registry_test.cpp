#include <doctest/doctest.h>

#include <cstddef>
#include <string>

#include "plugin/abi_objects.h"
#include "plugin/host_api.h"
#include "plugin/plugin_registry.h"

using namespace connectd;

namespace {
std::string AbiPlugin(const char* name) { return std::string(CONNECTD_TEST_ABI_PLUGIN_DIR) + "/abi_" + name + ".so"; }

void CheckRejected(const char* name, const std::string& expected) {
  PluginRegistry registry;
  Status s = registry.LoadFile(AbiPlugin(name));
  INFO(name << ": " << s.message());
  CHECK_FALSE(s.ok());
  CHECK(s.message().find(expected) != std::string::npos);
  CHECK(registry.connectors().empty());
}
}  // namespace

TEST_CASE("broken plugins are rejected with the reason") {
  CheckRejected("wrong_magic", "magic is 0xDEADBEEF, expected 0x4344504C");
  CheckRejected("wrong_major", "built for plugin ABI major version 2, this host speaks major version 1");
  CheckRejected("newer_minor", "needs plugin ABI 1.6, this host provides 1.5");
  CheckRejected("no_entry", "no 'connectd_plugin_entry' symbol");
  CheckRejected("init_fails", "init failed: init refused on purpose");
  CheckRejected("describe_fails", "connector_describe(0) failed: describe refused on purpose");
  CheckRejected("missing_poll", "is a source without source_poll");
  {
    PluginRegistry registry;
    Status s = registry.LoadFile(std::string(CONNECTD_TEST_ABI_PLUGIN_DIR) + "/garbage.so");
    CHECK(s.message().find("cannot load shared library") != std::string::npos);
  }
}

TEST_CASE("a directory with broken plugins still loads the good one") {
  PluginRegistry registry;
  int problems = registry.LoadPath({CONNECTD_TEST_ABI_PLUGIN_DIR, "/nonexistent/plugin/dir"});
  CHECK(problems == 9);  // 7 broken variants, garbage.so, the missing directory
  REQUIRE(registry.connectors().size() == 1);
  const ConnectorPlugin& c = *registry.connectors()[0];
  CHECK(c.class_name == "test.abi.CounterSourceConnector");
  CHECK((c.info.source_record_acked == nullptr));  // optional callbacks stay NULL
  CHECK((c.info.source_commit == nullptr));
  REQUIRE(c.config_keys.size() == 2);
  CHECK(c.config_keys[0].name == "topic");
  CHECK(c.config_keys[0].required);
  CHECK(c.config_keys[1].default_value == std::optional<std::string>("3"));

  const ConnectorPlugin* found = nullptr;
  CHECK(registry.Find("test.abi.CounterSourceConnector", &found).ok());
  CHECK(registry.Find("CounterSourceConnector", &found).ok());
  CHECK(registry.Find("CounterSource", &found).ok());
  Status missing = registry.Find("FileStreamSource", &found);
  CHECK(missing.code() == Status::Code::kNotFound);
  CHECK(missing.message().find("available: test.abi.CounterSourceConnector") != std::string::npos);
}

TEST_CASE("a C plugin runs through the host API") {
  PluginRegistry registry;
  REQUIRE(registry.LoadFile(AbiPlugin("minimal")).ok());
  const cd_connector_info& info = registry.connectors()[0]->info;

  cd_config config(ConfigMap{{"topic", "t"}});
  cd_context ctx;
  ctx.connector = "c";
  void* connector = nullptr;
  cd_error err;
  REQUIRE(info.connector_create(&config, &ctx, &connector, &err) == CD_OK);
  cd_task_configs tasks;
  REQUIRE(info.connector_task_configs(connector, 4, &tasks, &err) == CD_OK);
  REQUIRE(tasks.configs.size() == 1);
  CHECK(tasks.configs[0].at("role") == "counter");

  cd_config task_config(tasks.configs[0]);
  void* task = nullptr;
  REQUIRE(info.task_create(&task_config, &ctx, &task, &err) == CD_OK);
  std::vector<int64_t> seen;
  for (int i = 0; i < 5; ++i) {
    cd_record_list out;
    REQUIRE(info.source_poll(task, &out, &err) == CD_OK);
    for (auto& r : out.records) {
      CHECK(r->topic == "abi-test");
      REQUIRE(static_cast<bool>(r->value_schema));
      CHECK(r->value_schema->type() == SchemaType::kInt64);
      seen.push_back(r->value.Int64Of());
    }
  }
  CHECK(seen == std::vector<int64_t>{0, 1, 2});
  info.task_destroy(task);
  info.connector_destroy(connector);

  cd_config bad_task(ConfigMap{});
  cd_error task_err;
  CHECK(info.task_create(&bad_task, &ctx, &task, &task_err) == CD_ERROR);
  CHECK(task_err.message == "task config lacks role=counter");
}

TEST_CASE("CheckPluginEntry names the field that differs") {
  cd_plugin_entry e{};
  e.magic = CD_PLUGIN_MAGIC;
  e.abi_major = CD_ABI_MAJOR;
  e.abi_minor = CD_ABI_MINOR;
  e.entry_size = 8;
  e.host_api_size = sizeof(cd_host_api);
  CHECK(CheckPluginEntry(e).message().find("entry_size is 8") != std::string::npos);
  e.entry_size = sizeof(cd_plugin_entry);
  e.host_api_size = sizeof(cd_host_api) + 8;
  CHECK(CheckPluginEntry(e).message().find("expects a host API of") != std::string::npos);
  e.host_api_size = sizeof(cd_host_api);
  CHECK(CheckPluginEntry(e).message().find("no connector_count/connector_describe") != std::string::npos);
}

TEST_CASE("CheckPluginEntry accepts a plugin built for an older minor and refuses a newer one") {
  cd_plugin_entry e{};
  e.magic = CD_PLUGIN_MAGIC;
  e.abi_major = CD_ABI_MAJOR;
  e.entry_size = sizeof(cd_plugin_entry);
  e.connector_count = [] { return 0u; };
  e.connector_describe = [](uint32_t, cd_connector_info*, size_t, cd_error*) { return CD_ERROR; };
  // ABI 1.1: its table ended with decimal_to_text.
  e.abi_minor = 1;
  e.host_api_size = static_cast<uint32_t>(offsetof(cd_host_api, value_to_json));
  CHECK(CheckPluginEntry(e).ok());
  // ABI 1.2: its table ended with value_to_json.
  e.abi_minor = 2;
  e.host_api_size = static_cast<uint32_t>(offsetof(cd_host_api, record_value_json));
  CHECK(CheckPluginEntry(e).ok());
  // ABI 1.3: its table ended with record_value_json.
  e.abi_minor = 3;
  e.host_api_size = static_cast<uint32_t>(offsetof(cd_host_api, value_map_put_int64));
  CHECK(CheckPluginEntry(e).ok());
  // ABI 1.4: its table ended with value_struct_set_string.
  e.abi_minor = 4;
  e.host_api_size = static_cast<uint32_t>(offsetof(cd_host_api, value_struct_set_at));
  CHECK(CheckPluginEntry(e).ok());
  e.abi_minor = 5;
  e.host_api_size = sizeof(cd_host_api);
  CHECK(CheckPluginEntry(e).ok());
  e.abi_minor = 6;
  CHECK(CheckPluginEntry(e).message() == "needs plugin ABI 1.6, this host provides 1.5; upgrade connectd");
}
