// StringConverter: org.apache.kafka.connect.storage.StringConverter. Writes a value's string
// form as UTF-8 and reads any message as an optional string.
//
// Configuration (keys without the "key.converter."/"value.converter." prefix):
//   converter.encoding  UTF-8 (default; also "UTF8", any case). Any other charset is
//                       InvalidArgument naming the key: connectd only speaks UTF-8.
//   converter.type      accepted and ignored; Configure's is_key decides, as in Kafka.
//
// FromConnectData ignores the schema, as Kafka does, and writes value.toString():
//   STRING            the string's bytes
//   INT8..INT64       decimal digits;  BOOLEAN  true/false
//   FLOAT32/FLOAT64   Java's Float.toString/Double.toString (1.0, 1.0E10)
//   BYTES             a Decimal (by the schema) as BigDecimal.toString ("123.45"); other
//                     bytes unchanged (Kafka would write a useless "[B@1b6d3586")
//   ARRAY/MAP/STRUCT  ValueToDebugString ("[1, 2]", "{a=1}", "Struct{id=1,name=x}"), close
//                     to Java's List/Map/Struct.toString; nested floats use its rendering
//   null              a Kafka null (tombstone)
// ToConnectData: the bytes as they are (not validated as UTF-8) with an optional string
// schema; a null message gives the optional string schema and a null value, as Kafka.
//
// One instance per task and key/value side; used by one thread at a time.
#pragma once

#include <string>

#include "converters/converter.h"

namespace connectd {

class StringConverter final : public Converter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.storage.StringConverter";

  Status Configure(const ConfigMap& config, bool is_key) override;
  Status FromConnectData(const ErrorContext& where, const SchemaPtr& schema, const Value& value, std::string* out,
                         bool* is_null) override;
  Status ToConnectData(const ErrorContext& where, const char* data, size_t size, SchemaAndValue* out) override;
};

}  // namespace connectd
