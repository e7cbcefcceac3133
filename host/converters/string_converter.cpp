#include "converters/string_converter.h"

#include <algorithm>
#include <cctype>

#include "data/decimal.h"
#include "data/java_number_text.h"

namespace connectd {

namespace {

// Java charset names are case-insensitive; "UTF8" is an alias of "UTF-8".
bool IsUtf8Name(std::string name) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  name.erase(name.begin(), std::find_if(name.begin(), name.end(), not_space));
  name.erase(std::find_if(name.rbegin(), name.rend(), not_space).base(), name.end());
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
  return name == "UTF-8" || name == "UTF8";
}

bool DecimalScaleOf(const SchemaPtr& schema, int32_t* scale) {
  return schema != nullptr && schema->IsLogical(kDecimalLogicalName) && DecimalScale(*schema, scale);
}

}  // namespace

Status StringConverter::Configure(const ConfigMap& config, bool /*is_key*/) {
  auto encoding = config.find("converter.encoding");
  if (encoding != config.end() && !IsUtf8Name(encoding->second)) {
    return Status::InvalidArgument("Invalid value '" + encoding->second +
                                   "' for configuration converter.encoding: connectd's StringConverter supports "
                                   "only UTF-8; set converter.encoding=UTF-8 or remove it");
  }
  return Status::OK();
}

Status StringConverter::FromConnectData(const ErrorContext& /*where*/, const SchemaPtr& schema, const Value& value,
                                        std::string* out, bool* is_null) {
  *is_null = false;
  out->clear();
  switch (value.kind()) {
    case ValueKind::kNull:
      *is_null = true;
      break;
    case ValueKind::kString:
      out->assign(value.string());
      break;
    case ValueKind::kBoolean:
      out->assign(value.boolean() ? "true" : "false");
      break;
    case ValueKind::kInt8:
    case ValueKind::kInt16:
    case ValueKind::kInt32:
    case ValueKind::kInt64:
      out->assign(std::to_string(value.Int64Of()));
      break;
    case ValueKind::kFloat32:
      out->assign(JavaFloatToString(static_cast<float>(value.DoubleOf())));
      break;
    case ValueKind::kFloat64:
      out->assign(JavaDoubleToString(value.DoubleOf()));
      break;
    case ValueKind::kBytes: {
      int32_t scale = 0;
      if (!DecimalScaleOf(schema, &scale) || !JavaBigDecimalToString(value.bytes().data, scale, out)) {
        out->assign(value.bytes().data);
      }
      break;
    }
    case ValueKind::kArray:
    case ValueKind::kMap:
    case ValueKind::kStruct:
      out->assign(ValueToDebugString(value));
      break;
  }
  return Status::OK();
}

Status StringConverter::ToConnectData(const ErrorContext& /*where*/, const char* data, size_t size,
                                      SchemaAndValue* out) {
  out->schema = Schema::Primitive(SchemaType::kString, true);
  out->value = data == nullptr ? Value() : Value::String(std::string(data, size));
  return Status::OK();
}

}  // namespace connectd
