// RestRequest and RestReply: one HTTP exchange as the REST resources see it, independent of
// Poco, so each resource (connectors, connector-plugins, admin/loggers, root) is a plain
// function from a request to a reply and can be tested without a socket.
//
// Threading: values; a request is handled on one Poco server thread from start to end.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace connectd {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

struct RestReply;

struct RestRequest {
  std::string method;                 // "GET", "PUT", ...
  std::string path;                   // decoded path, for messages
  std::vector<std::string> segments;  // decoded path segments ("/connectors/a%2Fb" -> {"connectors", "a/b"})
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string body;                   // the whole body (already checked against the size limit)

  // The value of the last `key` query parameter, or `fallback` when absent.
  std::string QueryParam(const std::string& key, const std::string& fallback = "") const;
  // Parses the body as JSON. False with *error set to a 400 naming the parse error and its
  // offset when the body is empty or not JSON.
  bool ParseJsonBody(rapidjson::Document* out, RestReply* error) const;
};

struct RestReply {
  int status = 200;
  std::string body;  // JSON text; empty with 204

  // Kafka Connect's error body {"error_code": status, "message": message}.
  static RestReply Error(int status, const std::string& message);
  // Status with the writer's JSON as body.
  static RestReply Json(int status, const rapidjson::StringBuffer& json);
  static RestReply NoContent() { return RestReply{204, ""}; }
};

}  // namespace connectd
