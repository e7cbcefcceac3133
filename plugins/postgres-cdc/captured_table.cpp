#include "captured_table.h"

#include <algorithm>

#include "transaction_metadata.h"

namespace connectd {
namespace pgcdc {

namespace {

// SnapshotRecord's values, lower-case, in Debezium's declaration order: the "allowed" parameter.
constexpr const char* kSnapshotValues = "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental";

}  // namespace

size_t FieldIndex(sdk::SchemaView schema, const char* name) {
  std::optional<size_t> index = schema.fieldIndex(name);
  if (!index.has_value()) throw sdk::ConnectException(std::string("schema has no field '") + name + "'");
  return *index;
}

EnvelopeFields::EnvelopeFields(sdk::SchemaView envelope)
    : before(FieldIndex(envelope, "before")),
      after(FieldIndex(envelope, "after")),
      source(FieldIndex(envelope, "source")),
      transaction(FieldIndex(envelope, "transaction")),
      op(FieldIndex(envelope, "op")),
      ts_ms(FieldIndex(envelope, "ts_ms")),
      ts_us(FieldIndex(envelope, "ts_us")),
      ts_ns(FieldIndex(envelope, "ts_ns")) {}

CapturedTable::CapturedTable(TableId id, uint32_t relation_oid, char replica_identity,
                             std::vector<ColumnDefinition> columns, const std::vector<std::string>& primary_key,
                             const EventNaming& naming, const PgTypeRegistry& types, const TableFilter& filter,
                             sdk::SchemaView source_schema)
    : id_(std::move(id)),
      relation_oid_(relation_oid),
      replica_identity_(replica_identity),
      placeholder_(naming.unavailable_value_placeholder) {
  const std::string base = naming.topic_prefix + "." + id_.schema + "." + id_.table;
  topic_ = naming.topic_prefix + naming.topic_delimiter + id_.schema + naming.topic_delimiter + id_.table;
  sdk::SchemaBuilder value = sdk::SchemaBuilder::Struct();
  value.name(base + ".Value").optional();
  size_t value_fields = 0;
  for (ColumnDefinition& def : columns) {
    CapturedColumn c;
    c.definition = std::move(def);
    bool is_key = false;
    for (const std::string& k : primary_key) is_key = is_key || k == c.definition.name;
    if (is_key || filter.includesColumn(id_, c.definition.name)) {
      c.mapping = ColumnMapping::Resolve(types, c.definition.name, c.definition.type_oid, c.definition.type_modifier,
                                         !c.definition.not_null, naming.type_options);
      if (!c.included() && is_key) {
        throw sdk::ConnectException("table " + id_.qualified() + ": primary key column '" + c.definition.name +
                                    "' has type oid " + std::to_string(c.definition.type_oid) +
                                    ", which has no mapping (set include.unknown.datatypes=true)");
      }
    }
    if (c.included()) {
      c.field_schema = c.definition.default_text.has_value() ? c.mapping->schemaWithDefault(*c.definition.default_text)
                                                             : sdk::Schema(c.mapping->schema());
      value.field(c.definition.name, c.field_schema);
      c.value_field = value_fields++;
    }
    columns_.push_back(std::move(c));
  }
  value_schema_ = value.build();

  if (!primary_key.empty()) {
    sdk::SchemaBuilder key = sdk::SchemaBuilder::Struct();
    key.name(base + ".Key");
    for (const std::string& k : primary_key) {
      for (size_t i = 0; i < columns_.size(); ++i) {
        // A column named twice (message.key.columns=t:a,a) is one key field.
        if (columns_[i].definition.name != k ||
            std::find(key_columns_.begin(), key_columns_.end(), i) != key_columns_.end()) {
          continue;
        }
        key_columns_.push_back(i);
        key.field(k, columns_[i].field_schema);
      }
    }
    key_schema_ = key.build();
  }

  transaction_schema_ = BuildTransactionBlockSchema();
  envelope_schema_ = sdk::SchemaBuilder::Struct()
                         .name(base + ".Envelope")
                         .version(2)
                         .field("before", value_schema_)
                         .field("after", value_schema_)
                         .field("source", source_schema)
                         .field("transaction", transaction_schema_)
                         .field("op", sdk::Schema::Primitive(sdk::Type::String))
                         .field("ts_ms", sdk::Schema::Primitive(sdk::Type::Int64, true))
                         .field("ts_us", sdk::Schema::Primitive(sdk::Type::Int64, true))
                         .field("ts_ns", sdk::Schema::Primitive(sdk::Type::Int64, true))
                         .build();
  envelope_fields_ = EnvelopeFields(envelope_schema_);
}

bool CapturedTable::sameColumns(const std::vector<ColumnDefinition>& columns) const {
  if (columns.size() != columns_.size()) return false;
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnDefinition& a = columns[i];
    const ColumnDefinition& b = columns_[i].definition;
    if (a.name != b.name || a.type_oid != b.type_oid || a.type_modifier != b.type_modifier || a.not_null != b.not_null ||
        a.default_text != b.default_text) {
      return false;
    }
  }
  return true;
}

sdk::Value CapturedTable::ColumnValue(size_t index, const ColumnText& text) const {
  const ColumnMapping& m = *columns_[index].mapping;
  try {
    switch (text.state) {
      case ColumnText::State::kText:
        return m.fromText(text.text);
      case ColumnText::State::kUnchangedToast:
        return m.unchangedToast(placeholder_);
      case ColumnText::State::kNull:
        break;
    }
  } catch (const sdk::ConnectException& e) {
    throw sdk::ConnectException("table " + id_.qualified() + ": " + e.what());
  }
  if (m.schema().optional()) return sdk::Value::Adopt(nullptr);
  return m.fallback(columns_[index].field_schema);
}

sdk::Value CapturedTable::row(const std::vector<ColumnText>& texts) const {
  if (texts.size() != columns_.size()) {
    throw sdk::ConnectException("table " + id_.qualified() + ": a row has " + std::to_string(texts.size()) +
                                " columns, the table " + std::to_string(columns_.size()));
  }
  sdk::Value out = sdk::Value::Struct(value_schema_);
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i].included()) continue;
    sdk::Value v = ColumnValue(i, texts[i]);
    if (!v.isNull()) out.setAt(columns_[i].value_field, std::move(v));
  }
  return out;
}

sdk::Value CapturedTable::key(const std::vector<ColumnText>& texts) const {
  sdk::Value out = sdk::Value::Struct(key_schema_);
  for (size_t k = 0; k < key_columns_.size(); ++k) {  // the key's fields are in key_columns_ order
    sdk::Value v = ColumnValue(key_columns_[k], texts[key_columns_[k]]);
    if (!v.isNull()) out.setAt(k, std::move(v));
  }
  return out;
}

sdk::Schema BuildSourceSchema() {
  sdk::Schema snapshot = sdk::SchemaBuilder(sdk::Type::String)
                             .name("io.debezium.data.Enum")
                             .version(1)
                             .parameter("allowed", kSnapshotValues)
                             .defaultValue(sdk::Value::String("false"))
                             .optional()
                             .build();
  auto string = sdk::Schema::Primitive(sdk::Type::String);
  auto opt_string = sdk::Schema::Primitive(sdk::Type::String, true);
  auto int64 = sdk::Schema::Primitive(sdk::Type::Int64);
  auto opt_int64 = sdk::Schema::Primitive(sdk::Type::Int64, true);
  return sdk::SchemaBuilder::Struct()
      .name("io.debezium.connector.postgresql.Source")
      .version(1)
      .field("version", string)
      .field("connector", string)
      .field("name", string)
      .field("ts_ms", int64)
      .field("snapshot", snapshot)
      .field("db", string)
      .field("sequence", opt_string)
      .field("ts_us", opt_int64)
      .field("ts_ns", opt_int64)
      .field("schema", string)
      .field("table", string)
      .field("txId", opt_int64)
      .field("lsn", opt_int64)
      .field("xmin", opt_int64)
      .field("origin", opt_string)
      .field("origin_lsn", opt_int64)
      .build();
}

sdk::Schema BuildHeartbeatKeySchema() {
  return sdk::SchemaBuilder::Struct()
      .name("io.debezium.connector.common.ServerNameKey")
      .version(1)
      .field("serverName", sdk::Schema::Primitive(sdk::Type::String))
      .build();
}

sdk::Schema BuildHeartbeatValueSchema() {
  return sdk::SchemaBuilder::Struct()
      .name("io.debezium.connector.common.Heartbeat")
      .version(1)
      .field("ts_ms", sdk::Schema::Primitive(sdk::Type::Int64))
      .build();
}

}  // namespace pgcdc
}  // namespace connectd
