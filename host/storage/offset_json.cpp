#include "storage/offset_json.h"

namespace connectd {

Status OffsetJson::Init() {
  Status s = CreateConverter("org.apache.kafka.connect.json.JsonConverter", &json_);
  if (!s.ok()) return s;
  return json_->Configure({{"schemas.enable", "false"}}, false);
}

Status OffsetJson::Write(const Value& v, std::string* out) {
  bool is_null = false;
  Status s = json_->FromConnectData(ErrorContext{}, nullptr, v, out, &is_null);
  if (s.ok() && is_null) *out = "null";
  return s;
}

Status OffsetJson::Read(const char* json, size_t size, Value* out) {
  SchemaAndValue sv;
  Status s = json_->ToConnectData(ErrorContext{}, json, size, &sv);
  if (s.ok()) *out = std::move(sv.value);
  return s;
}

}  // namespace connectd
