// Converter: turns Kafka message bytes into Connect data and back, as Kafka Connect's
// org.apache.kafka.connect.storage.Converter. One instance serves one task's keys (or values)
// and is used by that task's thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "data/schema.h"
#include "data/value.h"
#include "error/error_context.h"
#include "error/status.h"

namespace connectd {

struct SchemaAndValue {
  SchemaPtr schema;  // null when schemaless
  Value value;
};

class Converter {
 public:
  virtual ~Converter() = default;

  // `config` holds the converter's own keys with the "key.converter."/"value.converter." prefix
  // removed (e.g. "schemas.enable"). An invalid setting returns InvalidArgument naming the key.
  virtual Status Configure(const ConfigMap& config, bool is_key) = 0;

  // Serializes schema+value for `where.topic`. Sets *is_null (and leaves *out empty) when the
  // result is a Kafka null (a tombstone), e.g. a null value with no schema.
  virtual Status FromConnectData(const ErrorContext& where, const SchemaPtr& schema, const Value& value,
                                 std::string* out, bool* is_null) = 0;

  // Deserializes the bytes of the message at `where` (topic, partition, offset); data==nullptr
  // means the Kafka message had a null key/value. A message that does not fit fails with a
  // message naming where it is and what configuration to change.
  virtual Status ToConnectData(const ErrorContext& where, const char* data, size_t size, SchemaAndValue* out) = 0;

  // Writes to *out the JSON the host's value_to_json gives (schemaless, no envelope) for the value
  // ToConnectData would read from these bytes, without building that value, and returns true;
  // the value then has no schema. Returns false when this converter cannot (every converter but
  // JsonConverter with schemas.enable=false), and for any message ToConnectData would reject or
  // read as a null: call ToConnectData then, for the value or the error.
  virtual bool ToSchemalessJson(const char* /*data*/, size_t /*size*/, std::string* /*out*/) { return false; }
};

// Creates the converter for a Kafka class name (or short name such as "JsonConverter").
// NotFound lists the known converters.
Status CreateConverter(const std::string& class_name, std::unique_ptr<Converter>* out);

// The full class names of every converter the host provides, for plugin listings.
std::vector<std::string> ConverterClassNames();

}  // namespace connectd
