// A table the connector captures: its columns as the change stream carries them, its primary
// key, and the Debezium schemas of its events (<prefix>.<schema>.<table>.Key / .Value /
// .Envelope), rebuilt whenever the table's columns change.
//
// Threading: built and used by the task thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectd/sdk.hpp"
#include "pg_type_mapping.h"
#include "table_filter.h"

namespace connectd {
namespace pgcdc {

// A column as the catalog (snapshot) or a pgoutput Relation message describes it.
struct ColumnDefinition {
  std::string name;
  uint32_t type_oid = 0;
  int32_t type_modifier = -1;
  bool not_null = false;
  // The column's DEFAULT when it is a constant, as the server prints the value (its text form,
  // like a row's); nullopt for none or an expression (nextval(), now(), ...), as Debezium.
  std::optional<std::string> default_text;
};

struct CapturedColumn {
  ColumnDefinition definition;
  // Empty when a column filter drops it or its type has no mapping (Debezium skips those).
  std::optional<ColumnMapping> mapping;
  // The field's schema in the Value and Key structs: the mapping's, with the default when the
  // column has one that converts. Only set when included().
  sdk::Schema field_schema;
  size_t value_field = 0;  // the field's position in the Value struct; only set when included()
  bool included() const { return mapping.has_value(); }
};

// The position of field `name` in struct `schema`, for the setters by position: found once, not
// per event. Throws sdk::ConnectException when the schema has no such field.
size_t FieldIndex(sdk::SchemaView schema, const char* name);

// Positions of an envelope's fields (the same in every table's envelope).
struct EnvelopeFields {
  EnvelopeFields() = default;
  explicit EnvelopeFields(sdk::SchemaView envelope);
  size_t before = 0, after = 0, source = 0, transaction = 0, op = 0, ts_ms = 0, ts_us = 0, ts_ns = 0;
};

// One column's content in a row as read from the database.
struct ColumnText {
  enum class State { kNull, kUnchangedToast, kText };
  State state = State::kNull;
  std::string_view text;
};

// What the schemas are named after and how types map.
struct EventNaming {
  std::string topic_prefix;     // topic.prefix (Debezium's logical server name)
  std::string topic_delimiter;  // topic.delimiter, "."
  std::string unavailable_value_placeholder;  // unavailable.value.placeholder
  TypeMappingOptions type_options;
};

class CapturedTable {
 public:
  // Builds the schemas for `columns` (in tuple order) with `primary_key` naming the key columns
  // in key order. Throws sdk::ConnectException when a key column has no mapping.
  CapturedTable(TableId id, uint32_t relation_oid, char replica_identity, std::vector<ColumnDefinition> columns,
                const std::vector<std::string>& primary_key, const EventNaming& naming, const PgTypeRegistry& types,
                const TableFilter& filter, sdk::SchemaView source_schema);

  const TableId& id() const { return id_; }
  uint32_t relationOid() const { return relation_oid_; }
  char replicaIdentity() const { return replica_identity_; }
  const std::string& topic() const { return topic_; }
  const std::vector<CapturedColumn>& columns() const { return columns_; }
  // Indexes into columns() of the primary key's columns, in key order.
  const std::vector<size_t>& keyColumns() const { return key_columns_; }
  bool hasKey() const { return !key_columns_.empty(); }
  sdk::SchemaView keySchema() const { return key_schema_; }
  sdk::SchemaView valueSchema() const { return value_schema_; }
  sdk::SchemaView envelopeSchema() const { return envelope_schema_; }
  const EnvelopeFields& envelopeFields() const { return envelope_fields_; }
  // The envelope's optional `transaction` field (event.block).
  sdk::SchemaView transactionBlockSchema() const { return transaction_schema_; }
  // True when `columns` (a newer description) differs in names, types or nullability.
  bool sameColumns(const std::vector<ColumnDefinition>& columns) const;

  // The row struct (the Value schema) from one text per column, in tuple order. A NULL in a
  // NOT NULL column (a delete's non-key columns under REPLICA IDENTITY DEFAULT) becomes the
  // type's fallback, as Debezium does; an unchanged TOASTed value becomes the placeholder.
  // Throws sdk::ConnectException naming table, column and text when a value does not parse.
  sdk::Value row(const std::vector<ColumnText>& texts) const;
  // The key struct from the same texts; only valid when hasKey().
  sdk::Value key(const std::vector<ColumnText>& texts) const;

 private:
  sdk::Value ColumnValue(size_t index, const ColumnText& text) const;

  TableId id_;
  uint32_t relation_oid_;
  char replica_identity_;
  std::string topic_;
  std::string placeholder_;
  std::vector<CapturedColumn> columns_;
  std::vector<size_t> key_columns_;
  sdk::Schema key_schema_, value_schema_, envelope_schema_, transaction_schema_;
  EnvelopeFields envelope_fields_;
};

// Debezium's io.debezium.connector.postgresql.Source schema.
sdk::Schema BuildSourceSchema();
// io.debezium.connector.common.ServerNameKey and io.debezium.connector.common.Heartbeat.
sdk::Schema BuildHeartbeatKeySchema();
sdk::Schema BuildHeartbeatValueSchema();

}  // namespace pgcdc
}  // namespace connectd
