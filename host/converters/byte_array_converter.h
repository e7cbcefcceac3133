// ByteArrayConverter: org.apache.kafka.connect.converters.ByteArrayConverter. Passes BYTES
// values through unchanged in both directions.
//
// Configuration: none; every key is ignored, as in Kafka.
// FromConnectData: the schema, when given, must be BYTES and the value BYTES or null (a null
// value is a Kafka null); anything else is InvalidArgument naming the topic and the type.
// ToConnectData: the message bytes with an optional bytes schema (a null value for a null
// message).
//
// One instance per task and key/value side; used by one thread at a time.
#pragma once

#include <string>

#include "converters/converter.h"

namespace connectd {

class ByteArrayConverter final : public Converter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.converters.ByteArrayConverter";

  Status Configure(const ConfigMap& config, bool is_key) override;
  Status FromConnectData(const ErrorContext& where, const SchemaPtr& schema, const Value& value, std::string* out,
                         bool* is_null) override;
  Status ToConnectData(const ErrorContext& where, const char* data, size_t size, SchemaAndValue* out) override;
};

}  // namespace connectd
