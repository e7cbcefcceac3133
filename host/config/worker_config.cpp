#include "config/worker_config.h"

#include "storage/connector_config_store.h"

#include <cctype>
#include <charconv>
#include <optional>

#include "log/log.h"
#include "config/config_values.h"

namespace connectd {

namespace {

// Every error names the file, the key and the value as written, then says what is wrong.
Status InvalidValue(const std::string& source, const std::string& key, const std::string& value,
                    const std::string& reason) {
  return Status::InvalidArgument(source + ": invalid value '" + value + "' for '" + key + "': " + reason);
}

// Decimal digits with an optional '-', nothing else, fitting in an int64.
bool ParseInt64(const std::string& text, int64_t* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && !text.empty();
}

bool ParsePort(const std::string& text, int* out) {
  int64_t port = 0;
  if (!ParseInt64(text, &port) || port < 0 || port > 65535) return false;
  *out = static_cast<int>(port);
  return true;
}

std::string Lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct HttpListener {
  std::string host;
  int port = 0;
};

// Kafka's `listeners` syntax: protocol://host:port, host possibly empty (every interface) or a
// bracketed IPv6 address. Every entry is checked; the first http one is the REST listener.
Status ParseListeners(const std::string& source, const std::string& value, HttpListener* out) {
  const std::string key = "listeners";
  std::optional<HttpListener> first_http;
  for (const std::string& entry : ParseConfigList(value)) {
    size_t scheme_end = entry.find("://");
    if (scheme_end == std::string::npos) {
      return InvalidValue(source, key, value, "'" + entry + "' is not a listener URL; write http://host:port");
    }
    std::string scheme = Lowercase(entry.substr(0, scheme_end));
    if (scheme == "https") return InvalidValue(source, key, value, "https listeners are not supported yet");
    if (scheme != "http") {
      return InvalidValue(source, key, value,
                          "unsupported protocol '" + scheme + "' in '" + entry + "'; write http://host:port");
    }
    std::string authority = entry.substr(scheme_end + 3);
    HttpListener listener;
    size_t colon;
    if (!authority.empty() && authority[0] == '[') {
      size_t close = authority.find(']');
      if (close == std::string::npos || close + 1 >= authority.size() || authority[close + 1] != ':') {
        return InvalidValue(source, key, value, "'" + entry + "' is not a listener URL; write http://[ipv6]:port");
      }
      listener.host = authority.substr(1, close - 1);
      colon = close + 1;
    } else {
      colon = authority.rfind(':');
      if (colon == std::string::npos) {
        return InvalidValue(source, key, value, "'" + entry + "' has no port; write http://host:port");
      }
      listener.host = authority.substr(0, colon);
    }
    if (!ParsePort(authority.substr(colon + 1), &listener.port)) {
      return InvalidValue(source, key, value, "the port of '" + entry + "' must be a number between 0 and 65535");
    }
    if (listener.host.empty()) listener.host = "0.0.0.0";
    if (!first_http) first_http = listener;
  }
  if (!first_http) return InvalidValue(source, key, value, "no listener given; write http://host:port");
  *out = *first_http;
  return Status::OK();
}

}  // namespace

Status ParseWorkerConfig(const ConfigMap& props, const std::string& source, WorkerConfig* out) {
  WorkerConfig config;
  config.raw = props;
  if (auto v = OptionalConfigString(props, "bootstrap.servers")) config.bootstrap_servers = *v;
  for (const std::string& dir : ConfigList(props, "plugin.path")) {
    if (!dir.empty()) config.plugin_path.push_back(dir);
  }
  if (auto v = OptionalConfigString(props, "offset.storage.file.filename")) config.offset_storage_file = *v;
  config.config_storage_file = DefaultConnectorConfigPath(config.offset_storage_file);
  if (auto v = OptionalConfigString(props, "config.storage.file.filename")) config.config_storage_file = *v;

  const std::string body_key = "rest.max.request.bytes";
  if (auto v = OptionalConfigString(props, body_key)) {
    if (!ParseInt64(*v, &config.rest_max_request_bytes) || config.rest_max_request_bytes <= 0) {
      return InvalidValue(source, body_key, props.at(body_key), "must be a positive number of bytes");
    }
  }

  const std::string flush_key = "offset.flush.interval.ms";
  if (auto v = OptionalConfigString(props, flush_key)) {
    if (!ParseInt64(*v, &config.offset_flush_interval_ms) || config.offset_flush_interval_ms <= 0) {
      return InvalidValue(source, flush_key, props.at(flush_key), "must be a positive number of milliseconds");
    }
  }

  for (auto [key, target] : {std::make_pair("key.converter", &config.key_converter),
                             std::make_pair("value.converter", &config.value_converter)}) {
    auto v = OptionalConfigString(props, key);
    if (!v) continue;
    if (v->empty()) {
      return InvalidValue(source, key, props.at(key),
                          "must name a converter class, e.g. org.apache.kafka.connect.json.JsonConverter");
    }
    *target = *v;
  }

  // `listeners` replaces the legacy rest.host.name/rest.port, as in Kafka.
  if (props.count("listeners") != 0) {
    HttpListener listener;
    Status s = ParseListeners(source, props.at("listeners"), &listener);
    if (!s.ok()) return s;
    config.rest_host = listener.host;
    config.rest_port = listener.port;
  } else {
    if (auto v = OptionalConfigString(props, "rest.host.name")) config.rest_host = v->empty() ? "0.0.0.0" : *v;
    if (auto v = OptionalConfigString(props, "rest.port")) {
      if (!ParsePort(*v, &config.rest_port)) {
        return InvalidValue(source, "rest.port", props.at("rest.port"), "must be a number between 0 and 65535");
      }
    }
  }

  if (auto v = OptionalConfigString(props, "log.level")) {
    LogLevel level;
    if (!LogLevelFromName(*v, &level)) {
      return InvalidValue(source, "log.level", props.at("log.level"), "must be one of TRACE, DEBUG, INFO, WARN, ERROR");
    }
    static const char* const kCanonicalNames[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};
    config.log_level = kCanonicalNames[static_cast<int>(level)];
  }
  *out = std::move(config);
  return Status::OK();
}

}  // namespace connectd
