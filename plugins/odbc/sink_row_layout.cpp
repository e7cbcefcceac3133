#include "sink_row_layout.h"

#include <algorithm>

namespace connectd {
namespace odbc {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

const char* PkModeName(PkMode mode) {
  switch (mode) {
    case PkMode::kNone:
      return "none";
    case PkMode::kKafka:
      return "kafka";
    case PkMode::kRecordKey:
      return "record_key";
    case PkMode::kRecordValue:
      return "record_value";
  }
  return "none";
}

// The SQL literal of a schema's default value, for CREATE/ALTER ... DEFAULT.
std::optional<std::string> DefaultLiteral(sdk::SchemaView schema, FieldKind kind) {
  sdk::ValueView def(sdk::Host().schema_default(schema.raw()));
  if (def.raw() == nullptr || def.isNull()) return std::nullopt;
  switch (kind) {
    case FieldKind::kInt8:
    case FieldKind::kInt16:
    case FieldKind::kInt32:
    case FieldKind::kInt64:
      return std::to_string(def.asInt());
    case FieldKind::kFloat32:
    case FieldKind::kFloat64: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.17g", def.asDouble());
      return std::string(buf);
    }
    case FieldKind::kBoolean:
      return def.asBool() ? "1" : "0";
    case FieldKind::kString: {
      std::string out = "'";
      for (char c : def.asString()) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
      }
      return out + "'";
    }
    default:
      // Bytes and logical types have no portable literal: such columns get no DEFAULT.
      return std::nullopt;
  }
}

}  // namespace

bool PkModeFromName(std::string_view name, PkMode* out) {
  for (PkMode m : {PkMode::kNone, PkMode::kKafka, PkMode::kRecordKey, PkMode::kRecordValue}) {
    if (name == PkModeName(m)) {
      *out = m;
      return true;
    }
  }
  return false;
}

std::vector<std::string> RowLayout::KeyNames() const {
  std::vector<std::string> out;
  for (const SinkColumn& c : key_columns) out.push_back(c.name);
  return out;
}

std::vector<std::string> RowLayout::ValueNames() const {
  std::vector<std::string> out;
  for (const SinkColumn& c : value_columns) out.push_back(c.name);
  return out;
}

SinkColumn ColumnFor(const std::string& name, sdk::SchemaView schema, const std::string& table) {
  SinkColumn c;
  c.name = name;
  c.optional = schema.optional();
  std::string_view logical = schema.name();
  if (logical == CD_LOGICAL_DECIMAL) {
    c.kind = FieldKind::kDecimal;
    auto scale = schema.parameter("scale");
    c.scale = scale ? std::atoi(std::string(*scale).c_str()) : 0;
  } else if (logical == CD_LOGICAL_DATE) {
    c.kind = FieldKind::kDate;
  } else if (logical == CD_LOGICAL_TIME) {
    c.kind = FieldKind::kTime;
  } else if (logical == CD_LOGICAL_TIMESTAMP) {
    c.kind = FieldKind::kTimestamp;
  } else {
    switch (schema.type()) {
      case sdk::Type::Int8:
        c.kind = FieldKind::kInt8;
        break;
      case sdk::Type::Int16:
        c.kind = FieldKind::kInt16;
        break;
      case sdk::Type::Int32:
        c.kind = FieldKind::kInt32;
        break;
      case sdk::Type::Int64:
        c.kind = FieldKind::kInt64;
        break;
      case sdk::Type::Float32:
        c.kind = FieldKind::kFloat32;
        break;
      case sdk::Type::Float64:
        c.kind = FieldKind::kFloat64;
        break;
      case sdk::Type::Boolean:
        c.kind = FieldKind::kBoolean;
        break;
      case sdk::Type::String:
        c.kind = FieldKind::kString;
        break;
      case sdk::Type::Bytes:
        c.kind = FieldKind::kBytes;
        break;
      default:
        throw sdk::ConnectException("table '" + table + "': field '" + name +
                                    "' is an array, map or struct, which no column can hold; flatten it first "
                                    "(for example with the Flatten transform)");
    }
  }
  c.default_literal = DefaultLiteral(schema, c.kind);
  return c;
}

RowLayout BuildRowLayout(PkMode mode, const std::vector<std::string>& pk_fields,
                         const std::vector<std::string>& fields_whitelist, sdk::SchemaView key_schema,
                         sdk::SchemaView value_schema, const std::string& table) {
  if (value_schema && value_schema.type() != sdk::Type::Struct) {
    throw sdk::ConnectException("table '" + table + "': the value schema must be a Struct (records need a value " +
                                "schema, for example value.converter.schemas.enable=true)");
  }
  RowLayout layout;
  auto add_key = [&](SinkColumn column, ColumnSource source) {
    layout.key_columns.push_back(std::move(column));
    layout.key_sources.push_back(source);
  };
  // The struct fields named in pk.fields (all of them when empty), in pk.fields' order.
  auto struct_pk = [&](sdk::SchemaView schema, ColumnSource::From from, const char* which) {
    size_t n = schema.fieldCount();
    if (pk_fields.empty()) {
      for (size_t i = 0; i < n; ++i) {
        std::string_view fname;
        sdk::SchemaView f = schema.field(i, &fname);
        add_key(ColumnFor(std::string(fname), f, table), ColumnSource{from, i});
      }
      return;
    }
    for (const std::string& pk : pk_fields) {
      int32_t index = sdk::Host().schema_field_index(schema.raw(), pk.c_str());
      if (index < 0) {
        throw sdk::ConnectException("PK mode for table '" + table + "' is " + PkModeName(mode) +
                                    " with configured PK fields " + JoinNames(pk_fields) + ", but record " + which +
                                    " schema does not contain field: " + pk);
      }
      add_key(ColumnFor(pk, schema.field(static_cast<size_t>(index)), table),
              ColumnSource{from, static_cast<size_t>(index)});
    }
  };

  switch (mode) {
    case PkMode::kNone:
      break;
    case PkMode::kKafka: {
      std::vector<std::string> names = {"__connect_topic", "__connect_partition", "__connect_offset"};
      if (!pk_fields.empty()) {
        if (pk_fields.size() != 3) {
          throw sdk::ConnectException("PK mode for table '" + table +
                                      "' is kafka so there should either be no field names defined for defaults " +
                                      JoinNames(names) + " to be applicable, or exactly 3, defined fields are: " +
                                      JoinNames(pk_fields));
        }
        names = pk_fields;
      }
      SinkColumn topic{names[0], FieldKind::kString, 0, false, std::nullopt};
      SinkColumn partition{names[1], FieldKind::kInt32, 0, false, std::nullopt};
      SinkColumn offset{names[2], FieldKind::kInt64, 0, false, std::nullopt};
      add_key(topic, ColumnSource{ColumnSource::kTopic, 0});
      add_key(partition, ColumnSource{ColumnSource::kPartition, 0});
      add_key(offset, ColumnSource{ColumnSource::kOffset, 0});
      break;
    }
    case PkMode::kRecordKey:
      if (!key_schema) {
        throw sdk::ConnectException("PK mode for table '" + table +
                                    "' is record_key, but record key schema is missing (records need a key schema, "
                                    "for example key.converter.schemas.enable=true)");
      }
      if (key_schema.type() == sdk::Type::Struct) {
        struct_pk(key_schema, ColumnSource::kKeyField, "key");
      } else if (key_schema.type() == sdk::Type::Array || key_schema.type() == sdk::Type::Map) {
        throw sdk::ConnectException("table '" + table + "': key schema must be primitive type or Struct");
      } else {
        if (pk_fields.size() != 1) {
          throw sdk::ConnectException(
              "Need exactly one PK column defined since the key schema for records is a primitive type, defined "
              "columns are: " +
              JoinNames(pk_fields) + " (table '" + table + "', set pk.fields)");
        }
        add_key(ColumnFor(pk_fields[0], key_schema, table), ColumnSource{ColumnSource::kWholeKey, 0});
      }
      break;
    case PkMode::kRecordValue:
      if (!value_schema) {
        throw sdk::ConnectException("PK mode for table '" + table +
                                    "' is record_value, but record value schema is missing");
      }
      struct_pk(value_schema, ColumnSource::kValueField, "value");
      break;
  }
  // A primary key column is never NULL, whatever the field's schema says.
  for (SinkColumn& c : layout.key_columns) c.optional = false;

  if (value_schema) {
    size_t n = value_schema.fieldCount();
    for (size_t i = 0; i < n; ++i) {
      std::string_view fname;
      sdk::SchemaView f = value_schema.field(i, &fname);
      std::string name(fname);
      bool is_key = std::any_of(layout.key_columns.begin(), layout.key_columns.end(),
                                [&](const SinkColumn& c) { return c.name == name; });
      if (is_key) continue;
      if (!fields_whitelist.empty() &&
          std::find(fields_whitelist.begin(), fields_whitelist.end(), name) == fields_whitelist.end()) {
        continue;
      }
      layout.value_columns.push_back(ColumnFor(name, f, table));
      layout.value_sources.push_back(ColumnSource{ColumnSource::kValueField, i});
    }
  }
  if (layout.key_columns.empty() && layout.value_columns.empty()) {
    throw sdk::ConnectException("No fields found using key and value schemas for table: " + table);
  }
  return layout;
}

}  // namespace odbc
}  // namespace connectd
