// OffsetJson: source partitions and offsets as Kafka Connect writes them in its offset storage
// and its offsets REST API: JsonConverter JSON without schemas.
//
// Threading: one instance per thread (the converter keeps buffers).
#pragma once

#include <memory>
#include <string>

#include "converters/converter.h"
#include "data/value.h"
#include "error/status.h"

namespace connectd {

class OffsetJson {
 public:
  // Must succeed before Write/Read are used.
  Status Init();
  // `v` as JSON text; a null value is "null".
  Status Write(const Value& v, std::string* out);
  Status Read(const char* json, size_t size, Value* out);
  Status Read(const std::string& json, Value* out) { return Read(json.data(), json.size(), out); }

 private:
  std::unique_ptr<Converter> json_;
};

}  // namespace connectd
