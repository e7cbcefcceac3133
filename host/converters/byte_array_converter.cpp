#include "converters/byte_array_converter.h"

namespace connectd {

namespace {

Status NotBytes(const ErrorContext& where, const std::string& what) {
  std::string location = where.Describe();
  return Status::InvalidArgument((location.empty() ? "" : location + ": ") + "ByteArrayConverter cannot write " +
                                 what +
                                 "; it only writes bytes values. Use StringConverter or JsonConverter for this "
                                 "data, or a transform that produces bytes");
}

}  // namespace

Status ByteArrayConverter::Configure(const ConfigMap& /*config*/, bool /*is_key*/) { return Status::OK(); }

Status ByteArrayConverter::FromConnectData(const ErrorContext& where, const SchemaPtr& schema, const Value& value,
                                           std::string* out, bool* is_null) {
  *is_null = false;
  out->clear();
  if (schema != nullptr && schema->type() != SchemaType::kBytes) {
    return NotBytes(where, std::string("data with schema type ") + SchemaTypeName(schema->type()));
  }
  if (value.is_null()) {
    *is_null = true;
    return Status::OK();
  }
  if (value.kind() != ValueKind::kBytes) {
    return NotBytes(where, "a " + std::string(schema == nullptr ? "schemaless" : "bytes-schema") +
                               " value that is not bytes (" + ValueToDebugString(value).substr(0, 64) + ")");
  }
  out->assign(value.bytes().data);
  return Status::OK();
}

Status ByteArrayConverter::ToConnectData(const ErrorContext& /*where*/, const char* data, size_t size,
                                         SchemaAndValue* out) {
  out->schema = Schema::Primitive(SchemaType::kBytes, true);
  out->value = data == nullptr ? Value() : Value::MakeBytes(std::string(data, size));
  return Status::OK();
}

}  // namespace connectd
