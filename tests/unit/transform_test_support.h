// Helpers the transform unit tests share: creating and configuring a transformation by its Kafka
// class name, applying it while asserting the outcome, and building the schemaless maps, structs,
// schemas and headers the Kafka test suites use. Each helper asserts with doctest, so it may only be
// called from inside a TEST_CASE, on the test's thread. Everything returned is owned by the caller.
#pragma once

#include <doctest/doctest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "transforms/transformation.h"

namespace connectd {

// A transformation of `class_name`, configured with `config`; the test stops (REQUIRE) when
// either step fails, showing the Configure message.
inline std::unique_ptr<Transformation> Configured(const std::string& class_name, const ConfigMap& config) {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation(class_name, &transform).ok());
  Status st = transform->Configure(config);
  INFO(st.message());
  REQUIRE(st.ok());
  return transform;
}

// What Configure of a new `class_name` transformation returns for `config`, unchecked.
inline Status ConfigureStatus(const std::string& class_name, const ConfigMap& config) {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation(class_name, &transform).ok());
  return transform->Configure(config);
}

// Configure's status for a config the test expects to be rejected; checks it is InvalidArgument.
inline Status ConfigureError(const std::string& class_name, const ConfigMap& config) {
  Status st = ConfigureStatus(class_name, config);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  return st;
}

// Applies `transform` to `record` in place; requires success and checks the record is kept.
inline void ApplyOk(Transformation& transform, ConnectRecord& record) {
  bool keep = true;
  Status st = transform.Apply(record, &keep);
  INFO(st.message());
  REQUIRE(st.ok());
  CHECK(keep);
}

// Applies `transform` to `record` expecting a data error; checks the status is Failed.
inline Status ApplyError(Transformation& transform, ConnectRecord& record) {
  bool keep = true;
  Status st = transform.Apply(record, &keep);
  CHECK(st.code() == Status::Code::kFailed);
  return st;
}

// A schemaless map with string keys, entries in the given order.
inline Value MapOf(std::initializer_list<std::pair<const char*, Value>> entries) {
  Value map = Value::MakeMap();
  for (const auto& [k, v] : entries) map.map().entries.emplace_back(Value::String(k), v);
  return map;
}

// A Struct of `schema` holding `fields` in schema order.
inline Value StructOf(const SchemaPtr& schema, std::vector<Value> fields) {
  Value value = Value::MakeStruct(schema);
  value.structure().fields = std::move(fields);
  return value;
}

// The shared primitive schema of `type`, required unless `optional`.
inline const SchemaPtr& Primitive(SchemaType type, bool optional = false) { return Schema::Primitive(type, optional); }

// A header whose value is `value` with a required string schema.
inline Header StringHeader(const char* key, const char* value) {
  return Header{key, Schema::Primitive(SchemaType::kString, false), Value::String(value)};
}

// The record of Kafka's DropHeadersTest and InsertHeaderTest: topic "topic", partition 0, the
// schemaless key "key" and value "value", timestamp 0, and `headers`.
inline ConnectRecord HeaderTestRecord(std::vector<Header> headers) {
  ConnectRecord record;
  record.topic = "topic";
  record.kafka_partition = 0;
  record.key = Value::String("key");
  record.value = Value::String("value");
  record.timestamp = 0;
  record.headers = std::move(headers);
  return record;
}

// Checks `actual` is set and equal to `expected` (Kafka's assertEquals on schemas).
inline void CheckSchemaEquals(const SchemaPtr& actual, const SchemaPtr& expected) {
  REQUIRE(actual);
  CHECK(actual->Equals(*expected));
}

}  // namespace connectd
