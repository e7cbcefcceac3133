#include "value_text.h"

#include <charconv>
#include <string_view>

#include "java_text.h"

namespace connectd {
namespace file {

namespace {

constexpr int64_t kMillisPerDay = 86400000;

std::string_view LogicalName(sdk::SchemaView schema) {
  return schema ? schema.name() : std::string_view();
}

void AppendInteger(int64_t v, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, static_cast<size_t>(res.ptr - buf));
}

void AppendIntegerValue(sdk::SchemaView schema, int64_t v, std::string* out) {
  std::string_view logical = LogicalName(schema);
  if (logical == CD_LOGICAL_DATE) {
    AppendJavaDate(v * kMillisPerDay, out);
  } else if (logical == CD_LOGICAL_TIME || logical == CD_LOGICAL_TIMESTAMP) {
    AppendJavaDate(v, out);
  } else {
    AppendInteger(v, out);
  }
}

void AppendBytesValue(sdk::SchemaView schema, std::string_view bytes, std::string* out) {
  if (LogicalName(schema) == CD_LOGICAL_DECIMAL) {
    int32_t scale = 0;
    if (auto param = schema.parameter("scale")) {
      std::from_chars(param->data(), param->data() + param->size(), scale);
    }
    AppendJavaBigDecimal(bytes, scale, out);
  } else {
    out->append(bytes);
  }
}

}  // namespace

void AppendValueText(sdk::SchemaView schema, sdk::ValueView value, std::string* out) {
  switch (value.kind()) {
    case CD_VALUE_NULL:
      out->append("null");
      return;
    case CD_VALUE_BOOLEAN:
      out->append(value.asBool() ? "true" : "false");
      return;
    case CD_VALUE_INT8:
    case CD_VALUE_INT16:
    case CD_VALUE_INT32:
    case CD_VALUE_INT64:
      AppendIntegerValue(schema, value.asInt(), out);
      return;
    case CD_VALUE_FLOAT32:
      AppendJavaFloat(static_cast<float>(value.asDouble()), out);
      return;
    case CD_VALUE_FLOAT64:
      AppendJavaDouble(value.asDouble(), out);
      return;
    case CD_VALUE_STRING:
      out->append(value.asString());
      return;
    case CD_VALUE_BYTES:
      AppendBytesValue(schema, value.asString(), out);
      return;
    case CD_VALUE_ARRAY: {
      sdk::SchemaView element = schema ? schema.valueSchema() : sdk::SchemaView();
      out->push_back('[');
      for (size_t i = 0, n = value.size(); i < n; ++i) {
        if (i > 0) out->append(", ");
        AppendValueText(element, value.at(i), out);
      }
      out->push_back(']');
      return;
    }
    case CD_VALUE_MAP: {
      sdk::SchemaView key_schema = schema ? schema.keySchema() : sdk::SchemaView();
      sdk::SchemaView value_schema = schema ? schema.valueSchema() : sdk::SchemaView();
      out->push_back('{');
      for (size_t i = 0, n = value.size(); i < n; ++i) {
        if (i > 0) out->append(", ");
        AppendValueText(key_schema, value.keyAt(i), out);
        out->push_back('=');
        AppendValueText(value_schema, value.valueAt(i), out);
      }
      out->push_back('}');
      return;
    }
    case CD_VALUE_STRUCT: {
      sdk::SchemaView struct_schema = value.structSchema();
      out->append("Struct{");
      bool first = true;
      for (size_t i = 0, n = struct_schema.fieldCount(); i < n; ++i) {
        sdk::ValueView field_value = value.field(i);
        if (field_value.isNull()) continue;
        std::string_view name;
        sdk::SchemaView field_schema = struct_schema.field(i, &name);
        if (!first) out->push_back(',');
        first = false;
        out->append(name);
        out->push_back('=');
        AppendValueText(field_schema, field_value, out);
      }
      out->push_back('}');
      return;
    }
  }
  // A kind added by a newer ABI minor: this plugin cannot know how to print it.
  out->append("null");
}

}  // namespace file
}  // namespace connectd
