#include "data/value.h"

#include "data/java_number_text.h"

#include <sstream>

namespace connectd {

bool Array::operator==(const Array& o) const { return items == o.items; }
bool Map::operator==(const Map& o) const { return entries == o.entries; }
bool Struct::operator==(const Struct& o) const {
  if (fields != o.fields) return false;
  if (!schema || !o.schema) return schema == o.schema;
  return schema->Equals(*o.schema);
}

const Value* Map::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.kind() == ValueKind::kString && k.string() == key) return &v;
  }
  return nullptr;
}

Value* Map::Find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Map*>(this)->Find(key));
}

const Value* Struct::Get(std::string_view field) const {
  const Field* f = schema ? schema->field(field) : nullptr;
  return f ? &fields[static_cast<size_t>(f->index)] : nullptr;
}

Value Value::MakeStruct(SchemaPtr schema) {
  size_t n = schema->fields().size();
  return Value(std::in_place_index<kStructIndex>, Struct{std::move(schema), std::vector<Value>(n)});
}

bool Value::is_integer() const {
  switch (kind()) {
    case ValueKind::kInt8:
    case ValueKind::kInt16:
    case ValueKind::kInt32:
    case ValueKind::kInt64:
      return true;
    default:
      return false;
  }
}

int64_t Value::Int64Of() const {
  if (const Narrow* narrow = std::get_if<kNarrowIndex>(&storage_)) return narrow->value;
  return std::get<kInt64Index>(storage_);
}

double Value::DoubleOf() const {
  switch (kind()) {
    case ValueKind::kFloat32:
      return std::get<kFloat32Index>(storage_);
    case ValueKind::kFloat64:
      return std::get<kFloat64Index>(storage_);
    default:
      return static_cast<double>(Int64Of());
  }
}

namespace {

ValueKind KindFor(SchemaType type) {
  switch (type) {
    case SchemaType::kInt8: return ValueKind::kInt8;
    case SchemaType::kInt16: return ValueKind::kInt16;
    case SchemaType::kInt32: return ValueKind::kInt32;
    case SchemaType::kInt64: return ValueKind::kInt64;
    case SchemaType::kFloat32: return ValueKind::kFloat32;
    case SchemaType::kFloat64: return ValueKind::kFloat64;
    case SchemaType::kBoolean: return ValueKind::kBoolean;
    case SchemaType::kString: return ValueKind::kString;
    case SchemaType::kBytes: return ValueKind::kBytes;
    case SchemaType::kArray: return ValueKind::kArray;
    case SchemaType::kMap: return ValueKind::kMap;
    case SchemaType::kStruct: return ValueKind::kStruct;
  }
  return ValueKind::kNull;
}

bool Validate(const Schema& schema, const Value& value, const std::string& path, std::string* error) {
  if (value.is_null()) {
    if (schema.optional() || schema.default_value() != nullptr) return true;
    *error = "missing value for required " + std::string(path.empty() ? "value" : "field \"" + path + "\"") +
             " of type " + SchemaTypeName(schema.type());
    return false;
  }
  if (value.kind() != KindFor(schema.type())) {
    *error = "invalid value for " + std::string(path.empty() ? "value" : "field \"" + path + "\"") +
             ": schema type " + SchemaTypeName(schema.type()) + " does not match " + ValueToDebugString(value);
    return false;
  }
  switch (schema.type()) {
    case SchemaType::kStruct: {
      const Struct& s = value.structure();
      if (s.schema && !s.schema->Equals(schema)) {
        *error = "struct schema of " + std::string(path.empty() ? "value" : "field \"" + path + "\"") +
                 " does not match the schema it is written with";
        return false;
      }
      for (const Field& f : schema.fields()) {
        std::string child = path.empty() ? f.name : path + "." + f.name;
        if (!Validate(*f.schema, s.fields[static_cast<size_t>(f.index)], child, error)) return false;
      }
      return true;
    }
    case SchemaType::kArray:
      for (size_t i = 0; i < value.array().items.size(); ++i) {
        if (!Validate(*schema.value_schema(), value.array().items[i], path + "[" + std::to_string(i) + "]", error)) {
          return false;
        }
      }
      return true;
    case SchemaType::kMap:
      for (const auto& [k, v] : value.map().entries) {
        if (!Validate(*schema.key_schema(), k, path + "<key>", error)) return false;
        if (!Validate(*schema.value_schema(), v, path + "<value>", error)) return false;
      }
      return true;
    default:
      return true;
  }
}

void Render(const Value& v, std::ostringstream& out) {
  switch (v.kind()) {
    case ValueKind::kNull: out << "null"; break;
    case ValueKind::kBoolean: out << (v.boolean() ? "true" : "false"); break;
    case ValueKind::kInt8:
    case ValueKind::kInt16:
    case ValueKind::kInt32:
    case ValueKind::kInt64: out << v.Int64Of(); break;
    case ValueKind::kFloat32: out << JavaFloatToString(static_cast<float>(v.DoubleOf())); break;
    case ValueKind::kFloat64: out << JavaDoubleToString(v.DoubleOf()); break;
    case ValueKind::kString: out << v.string(); break;
    case ValueKind::kBytes: out << "<" << v.bytes().data.size() << " bytes>"; break;
    case ValueKind::kArray: {
      out << "[";
      const char* sep = "";
      for (const Value& item : v.array().items) {
        out << sep;
        Render(item, out);
        sep = ", ";
      }
      out << "]";
      break;
    }
    case ValueKind::kMap: {
      out << "{";
      const char* sep = "";
      for (const auto& [k, item] : v.map().entries) {
        out << sep;
        Render(k, out);
        out << "=";
        Render(item, out);
        sep = ", ";
      }
      out << "}";
      break;
    }
    case ValueKind::kStruct: {
      out << "Struct{";
      const Struct& s = v.structure();
      const char* sep = "";
      for (const Field& f : s.schema->fields()) {
        const Value& item = s.fields[static_cast<size_t>(f.index)];
        if (item.is_null()) continue;
        out << sep << f.name << "=";
        Render(item, out);
        sep = ",";
      }
      out << "}";
      break;
    }
  }
}

}  // namespace

const char* ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBoolean: return "boolean";
    case ValueKind::kInt8: return "int8";
    case ValueKind::kInt16: return "int16";
    case ValueKind::kInt32: return "int32";
    case ValueKind::kInt64: return "int64";
    case ValueKind::kFloat32: return "float";
    case ValueKind::kFloat64: return "double";
    case ValueKind::kString: return "string";
    case ValueKind::kBytes: return "bytes";
    case ValueKind::kArray: return "array";
    case ValueKind::kMap: return "map";
    case ValueKind::kStruct: return "struct";
  }
  return "unknown";
}

bool ValidateValue(const Schema& schema, const Value& value, std::string* error) {
  return Validate(schema, value, "", error);
}

std::string ValueToDebugString(const Value& value) {
  std::ostringstream out;
  Render(value, out);
  return out.str();
}

}  // namespace connectd
