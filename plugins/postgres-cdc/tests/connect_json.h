// Test helper: the JSON the host's JsonConverter (schemas.enable=true, its default) writes for
// a plugin-built value and schema, so tests compare exactly what reaches Kafka.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "connectd/sdk.hpp"
#include "converters/json_converter.h"
#include "plugin/abi_objects.h"

namespace connectd {
namespace pgcdc {

inline std::string Json(sdk::SchemaView schema, const sdk::Value& value) {
  JsonConverter converter;
  std::string out;
  bool is_null = false;
  Status status =
      converter.FromConnectData(ErrorContext{}, SharedSchema(schema.raw()), *AsValue(value.raw()), &out, &is_null);
  REQUIRE_MESSAGE(status.ok(), status.message());
  return out;
}

}  // namespace pgcdc
}  // namespace connectd
