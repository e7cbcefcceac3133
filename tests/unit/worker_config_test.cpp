#include "config/worker_config.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace connectd {
namespace {

const char kJsonConverter[] = "org.apache.kafka.connect.json.JsonConverter";

WorkerConfig ParseOk(const ConfigMap& props) {
  WorkerConfig config;
  Status s = ParseWorkerConfig(props, "worker.properties", &config);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return config;
}

std::string ParseError(const ConfigMap& props) {
  WorkerConfig config;
  Status s = ParseWorkerConfig(props, "worker.properties", &config);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == Status::Code::kInvalidArgument);
  return s.message();
}

TEST_CASE("worker config: defaults") {
  WorkerConfig c = ParseOk({});
  CHECK(c.raw.empty());
  CHECK(c.bootstrap_servers == "");
  CHECK(c.embedded_kafka());
  CHECK(c.plugin_path.empty());
  CHECK(c.offset_storage_file == "");
  CHECK(c.offset_flush_interval_ms == 60000);
  CHECK(c.key_converter == kJsonConverter);
  CHECK(c.value_converter == kJsonConverter);
  CHECK(c.rest_host == "127.0.0.1");
  CHECK(c.rest_port == 8083);
  CHECK(c.log_level == "INFO");
}

TEST_CASE("worker config: a complete connect-standalone file") {
  ConfigMap props = {{"bootstrap.servers", " kafka-1:9092,kafka-2:9092 "},
                     {"plugin.path", " /opt/connectd/plugins , /usr/lib/connectd,,  "},
                     {"offset.storage.file.filename", "/tmp/connect.offsets"},
                     {"offset.flush.interval.ms", " 10000 "},
                     {"key.converter", "org.apache.kafka.connect.storage.StringConverter"},
                     {"value.converter", " org.apache.kafka.connect.json.JsonConverter "},
                     {"value.converter.schemas.enable", "false"},
                     {"listeners", "http://0.0.0.0:8084"},
                     {"log.level", "debug"},
                     {"producer.linger.ms", "5"},
                     {"consumer.max.poll.records", "100"}};
  WorkerConfig c = ParseOk(props);
  CHECK(c.raw == props);
  CHECK(c.bootstrap_servers == "kafka-1:9092,kafka-2:9092");
  CHECK_FALSE(c.embedded_kafka());
  CHECK(c.plugin_path == std::vector<std::string>{"/opt/connectd/plugins", "/usr/lib/connectd"});
  CHECK(c.offset_storage_file == "/tmp/connect.offsets");
  CHECK(c.offset_flush_interval_ms == 10000);
  CHECK(c.key_converter == "org.apache.kafka.connect.storage.StringConverter");
  CHECK(c.value_converter == kJsonConverter);
  CHECK(c.rest_host == "0.0.0.0");
  CHECK(c.rest_port == 8084);
  CHECK(c.log_level == "DEBUG");
  CHECK(c.producer_overrides() == ConfigMap{{"linger.ms", "5"}});
  CHECK(c.consumer_overrides() == ConfigMap{{"max.poll.records", "100"}});
}

TEST_CASE("worker config: bootstrap.servers 'embedded' selects the in-process cluster") {
  CHECK(ParseOk({{"bootstrap.servers", "embedded"}}).embedded_kafka());
  CHECK(ParseOk({{"bootstrap.servers", "  "}}).embedded_kafka());
}

TEST_CASE("worker config: offset.flush.interval.ms must be a positive long") {
  CHECK(ParseOk({{"offset.flush.interval.ms", "9223372036854775807"}}).offset_flush_interval_ms ==
        9223372036854775807LL);
  for (const char* bad : {"0", "-5", "abc", "1.5", "10ms", "", "9223372036854775808"}) {
    CHECK(ParseError({{"offset.flush.interval.ms", bad}}) ==
          std::string("worker.properties: invalid value '") + bad +
              "' for 'offset.flush.interval.ms': must be a positive number of milliseconds");
  }
}

TEST_CASE("worker config: converters must not be empty") {
  CHECK(ParseError({{"key.converter", " "}}) ==
        "worker.properties: invalid value ' ' for 'key.converter': must name a converter class, e.g. "
        "org.apache.kafka.connect.json.JsonConverter");
  CHECK(ParseError({{"value.converter", ""}}) ==
        "worker.properties: invalid value '' for 'value.converter': must name a converter class, e.g. "
        "org.apache.kafka.connect.json.JsonConverter");
}

TEST_CASE("worker config: listeners") {
  auto listener = [](const std::string& value) {
    WorkerConfig c = ParseOk({{"listeners", value}});
    return c.rest_host + " " + std::to_string(c.rest_port);
  };
  CHECK(listener("http://localhost:8085") == "localhost 8085");
  CHECK(listener("http://:8083") == "0.0.0.0 8083");
  CHECK(listener("HTTP://127.0.0.1:80") == "127.0.0.1 80");
  CHECK(listener("http://[::1]:8086") == "::1 8086");
  CHECK(listener(" http://a:1 , http://b:2 ") == "a 1");
  CHECK(listener("http://a:0") == "a 0");
  CHECK(listener("http://a:65535") == "a 65535");
}

TEST_CASE("worker config: listeners replace rest.host.name and rest.port") {
  WorkerConfig c = ParseOk({{"listeners", "http://10.0.0.1:9000"}, {"rest.host.name", "ignored"}, {"rest.port", "1"}});
  CHECK(c.rest_host == "10.0.0.1");
  CHECK(c.rest_port == 9000);
}

TEST_CASE("worker config: invalid listeners") {
  auto error = [](const std::string& value) { return ParseError({{"listeners", value}}); };
  CHECK(
      error("https://0.0.0.0:8443") ==
      "worker.properties: invalid value 'https://0.0.0.0:8443' for 'listeners': https listeners are not supported yet");
  CHECK(error("http://a:1,https://b:2") ==
        "worker.properties: invalid value 'http://a:1,https://b:2' for 'listeners': https listeners are not "
        "supported yet");
  CHECK(error("ftp://a:21") ==
        "worker.properties: invalid value 'ftp://a:21' for 'listeners': unsupported protocol 'ftp' in 'ftp://a:21'; "
        "write http://host:port");
  CHECK(error("localhost:8083") ==
        "worker.properties: invalid value 'localhost:8083' for 'listeners': 'localhost:8083' is not a listener URL; "
        "write http://host:port");
  CHECK(error("http://localhost") ==
        "worker.properties: invalid value 'http://localhost' for 'listeners': 'http://localhost' has no port; write "
        "http://host:port");
  CHECK(error("http://localhost:70000") ==
        "worker.properties: invalid value 'http://localhost:70000' for 'listeners': the port of "
        "'http://localhost:70000' must be a number between 0 and 65535");
  CHECK(error("http://localhost:") ==
        "worker.properties: invalid value 'http://localhost:' for 'listeners': the port of 'http://localhost:' must "
        "be a number between 0 and 65535");
  CHECK(error("http://localhost:-1") ==
        "worker.properties: invalid value 'http://localhost:-1' for 'listeners': the port of 'http://localhost:-1' "
        "must be a number between 0 and 65535");
  CHECK(error("http://[::1]8083") ==
        "worker.properties: invalid value 'http://[::1]8083' for 'listeners': 'http://[::1]8083' is not a listener "
        "URL; write http://[ipv6]:port");
  CHECK(error(" ") ==
        "worker.properties: invalid value ' ' for 'listeners': no listener given; write http://host:port");
}

TEST_CASE("worker config: legacy rest.host.name and rest.port") {
  WorkerConfig c = ParseOk({{"rest.host.name", " 192.168.1.5 "}, {"rest.port", " 8090 "}});
  CHECK(c.rest_host == "192.168.1.5");
  CHECK(c.rest_port == 8090);
  CHECK(ParseOk({{"rest.port", "0"}}).rest_port == 0);
  CHECK(ParseOk({{"rest.host.name", ""}}).rest_host == "0.0.0.0");
  for (const char* bad : {"abc", "65536", "-1", "80.5", ""}) {
    CHECK(ParseError({{"rest.port", bad}}) == std::string("worker.properties: invalid value '") + bad +
                                                  "' for 'rest.port': must be a number between 0 and 65535");
  }
}

TEST_CASE("worker config: log.level") {
  CHECK(ParseOk({{"log.level", "trace"}}).log_level == "TRACE");
  CHECK(ParseOk({{"log.level", " Warn "}}).log_level == "WARN");
  CHECK(ParseOk({{"log.level", "warning"}}).log_level == "WARN");
  CHECK(ParseOk({{"log.level", "ERROR"}}).log_level == "ERROR");
  CHECK(ParseError({{"log.level", "verbose"}}) ==
        "worker.properties: invalid value 'verbose' for 'log.level': must be one of TRACE, DEBUG, INFO, WARN, ERROR");
}

TEST_CASE("worker config: a failed parse leaves the output alone") {
  WorkerConfig c;
  c.rest_port = 1234;
  CHECK_FALSE(ParseWorkerConfig({{"bootstrap.servers", "k:9092"}, {"rest.port", "x"}}, "w", &c).ok());
  CHECK(c.rest_port == 1234);
  CHECK(c.bootstrap_servers.empty());
}

}  // namespace
}  // namespace connectd
