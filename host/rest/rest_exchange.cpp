#include "rest/rest_exchange.h"

#include <rapidjson/error/en.h>

namespace connectd {

std::string RestRequest::QueryParam(const std::string& key, const std::string& fallback) const {
  std::string value = fallback;
  for (const auto& [k, v] : query) {
    if (k == key) value = v;
  }
  return value;
}

bool RestRequest::ParseJsonBody(rapidjson::Document* out, RestReply* error) const {
  out->Parse(body.c_str(), body.size());
  if (!out->HasParseError()) return true;
  *error = RestReply::Error(400, "Request body is not valid JSON: " +
                                     std::string(rapidjson::GetParseError_En(out->GetParseError())) + " (at byte " +
                                     std::to_string(out->GetErrorOffset()) + ")");
  return false;
}

RestReply RestReply::Error(int status, const std::string& message) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("error_code");
  w.Int(status);
  w.Key("message");
  w.String(message);
  w.EndObject();
  return Json(status, buf);
}

RestReply RestReply::Json(int status, const rapidjson::StringBuffer& json) {
  return RestReply{status, std::string(json.GetString(), json.GetSize())};
}

}  // namespace connectd
