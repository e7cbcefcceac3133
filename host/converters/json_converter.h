// JsonConverter: org.apache.kafka.connect.json.JsonConverter, writing the same bytes the JVM
// converter (Jackson, compact) writes so consumers cannot tell the difference:
//   schemas.enable=true   {"schema":<schema JSON>,"payload":<value JSON>}
//   schemas.enable=false  <value JSON>
//
// Configuration (keys without the "key.converter."/"value.converter." prefix):
//   schemas.enable             true (default) | false
//   decimal.format             BASE64 (default) | NUMERIC, case-insensitive
//   replace.null.with.default  true (default) | false: write/read a null field as its default
//   schemas.cache.size         int, default 1000: how many schemas keep their JSON cached
//   converter.type             accepted and ignored; Configure's is_key decides, as in Kafka
// Unknown keys are ignored, as Kafka does.
//
// Host Values of the logical types (they are the Kafka physical types):
//   Decimal    BYTES: the unscaled value, big-endian two's complement (BigInteger.toByteArray);
//              the scale is the schema's "scale" parameter. Written in its minimal form, so
//              non-minimal input bytes (sign-extended) produce the same output as Kafka.
//              ToConnectData returns the minimal form.
//   Date       INT32 days since 1970-01-01
//   Time       INT32 milliseconds since midnight
//   Timestamp  INT64 milliseconds since the epoch
//
// Numbers: FLOAT32/FLOAT64 are written as Java's Float.toString/Double.toString (JDK 19 and
// later: the shortest decimal that reads back as the same value); NaN and infinities are
// written as the strings "NaN", "Infinity", "-Infinity", as Jackson does, and read back from
// those strings. NUMERIC decimals are written as BigDecimal.toString ("123.45", "1E-10").
//
// Reading (ToConnectData): an INT8..INT64 field accepts an integral JSON number in range
// (Kafka silently truncates; here a fraction or overflow is an error naming the field).
// Schemaless integers outside int64 are an error as well. NUMERIC decimals are read exactly
// (from the number's text) and rescaled to the schema's scale; a number with more fraction
// digits than the scale is an error.
//
// Deviations from Kafka, all where Kafka throws: a Struct value written without a schema is
// written with its own schema (Kafka rejects it); duplicate field names in a schema are an
// error, as in Kafka's SchemaBuilder.
//
// Errors are InvalidArgument; data errors name the message location (ErrorContext) and the
// field path ("after.price", "items[3]").
//
// One instance per task and key/value side; used by one thread at a time. The instance keeps
// its output buffer, parse buffers and schema caches between calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "converters/converter.h"

namespace connectd {

class JsonConverter final : public Converter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.json.JsonConverter";

  // Usable right away with Kafka's defaults; Configure changes them.
  JsonConverter();
  ~JsonConverter() override;

  Status Configure(const ConfigMap& config, bool is_key) override;
  Status FromConnectData(const ErrorContext& where, const SchemaPtr& schema, const Value& value, std::string* out,
                         bool* is_null) override;
  Status ToConnectData(const ErrorContext& where, const char* data, size_t size, SchemaAndValue* out) override;
  // With schemas.enable=false: one pass over the message, no Value tree; numbers are rewritten as
  // the round trip writes them (integers as int64, fractions as Java's Double.toString).
  bool ToSchemalessJson(const char* data, size_t size, std::string* out) override;

 private:
  struct Settings {
    bool schemas_enable = true;
    bool decimal_numeric = false;
    bool replace_null_with_default = true;
    int32_t schema_cache_size = 1000;
  };
  class Serializer;
  class Deserializer;

  Settings settings_;
  std::unique_ptr<Serializer> serializer_;
  std::unique_ptr<Deserializer> deserializer_;
};

}  // namespace connectd
