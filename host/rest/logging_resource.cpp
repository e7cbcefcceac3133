#include "rest/logging_resource.h"

#include <Poco/String.h>

#include <chrono>

#include "log/log.h"

namespace connectd {

namespace {

constexpr const char* kComponent = "rest.loggers";

void WriteLevel(JsonWriter& w, const LoggerLevelInfo& info) {
  w.StartObject();
  w.Key("level");
  w.String(LogLevelName(info.level));
  w.Key("last_modified");
  if (info.last_modified_ms) {
    w.Int64(*info.last_modified_ms);
  } else {
    w.Null();
  }
  w.EndObject();
}

RestReply ListLoggers() {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  for (const auto& [name, info] : LogLevels()) {
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    WriteLevel(w, info);
  }
  w.EndObject();
  return RestReply::Json(200, buf);
}

RestReply GetLogger(const std::string& name) {
  LoggerLevelInfo info;
  if (!LogLevelOf(name, &info)) return RestReply::Error(404, "Logger " + name + " not found.");
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  WriteLevel(w, info);
  return RestReply::Json(200, buf);
}

// The body's "level" as text. Jackson turns a number or boolean into its text for Kafka's
// Map<String, String>; anything else that is not a string is named by its JSON text too.
std::string LevelText(const rapidjson::Value& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// Kafka's checks in Kafka's order: level missing (400), level unknown (404), then the scope,
// where anything but "cluster" means this worker. In standalone mode this worker is the
// cluster, so both scopes apply the level here; they differ only in the reply, as in Kafka.
RestReply SetLevel(const RestRequest& req, const std::string& name) {
  rapidjson::Document body;
  RestReply error;
  if (!req.ParseJsonBody(&body, &error)) return error;
  if (!body.IsObject()) {
    return RestReply::Error(400, "Request body must be a JSON object such as {\"level\": \"DEBUG\"}");
  }
  auto member = body.FindMember("level");
  if (member == body.MemberEnd() || member->value.IsNull()) {
    return RestReply::Error(400, "Desired 'level' parameter was not specified in request.");
  }
  std::string level_text = LevelText(member->value);
  LogLevel level;
  if (!LoggerLevelFromName(level_text, &level)) {
    return RestReply::Error(404, "invalid log level '" + level_text + "'.");
  }

  std::string scope = Poco::toLower(req.QueryParam("scope", "worker"));
  bool cluster = scope == "cluster";
  if (!cluster && scope != "worker") {
    LogWarn(kComponent, "Received invalid scope '" + req.QueryParam("scope") +
                            "' in request to adjust logging level; will default to worker");
  }
  LogInfo(kComponent, "Setting level of namespace " + name + " and children to " + LogLevelName(level));
  int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::vector<std::string> affected = LogSetLevel(name, level, now_ms);
  if (cluster) return RestReply::NoContent();

  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (const std::string& logger : affected) w.String(logger);
  w.EndArray();
  return RestReply::Json(200, buf);
}

// Jersey's answer for a method the path does not have.
RestReply MethodNotAllowed() { return RestReply::Error(405, "HTTP 405 Method Not Allowed"); }

}  // namespace

RestReply HandleLoggers(const RestRequest& req) {
  const std::vector<std::string>& s = req.segments;
  // "/admin/loggers/" names no logger: it is the list, as in Jersey.
  size_t depth = s.size() == 3 && s[2].empty() ? 2 : s.size();
  if (depth < 2 || depth > 3 || s[1] != "loggers") {
    return RestReply::Error(404, "Unknown endpoint " + req.method + " " + req.path);
  }
  if (depth == 2) return req.method == "GET" ? ListLoggers() : MethodNotAllowed();
  if (req.method == "GET") return GetLogger(s[2]);
  if (req.method == "PUT") return SetLevel(req, s[2]);
  return MethodNotAllowed();
}

}  // namespace connectd
