// Which columns a sink record becomes, as Confluent's FieldsMetadata decides it from pk.mode,
// pk.fields and fields.whitelist: the primary-key columns first, then the other value fields in
// the value schema's order, each with where its value comes from.
//
// Threading: pure; any thread. Errors: ConnectException naming the table, pk.mode and the field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connectd/sdk.hpp"
#include "sql_dialect.h"

namespace connectd {
namespace odbc {

enum class PkMode { kNone, kKafka, kRecordKey, kRecordValue };
// "none", "kafka", "record_key", "record_value"; false when unknown.
bool PkModeFromName(std::string_view name, PkMode* out);

// Where a column's value is read from in a record.
struct ColumnSource {
  enum From { kTopic, kPartition, kOffset, kWholeKey, kKeyField, kValueField } from = kValueField;
  size_t field = 0;  // struct field index for kKeyField / kValueField
};

struct RowLayout {
  std::vector<SinkColumn> key_columns;
  std::vector<ColumnSource> key_sources;
  std::vector<SinkColumn> value_columns;
  std::vector<ColumnSource> value_sources;

  std::vector<std::string> KeyNames() const;
  std::vector<std::string> ValueNames() const;
};

// The column a Connect schema maps to (kind, decimal scale, optional, default as SQL literal).
// Throws ConnectException for types no column can hold (arrays, maps, structs).
SinkColumn ColumnFor(const std::string& name, sdk::SchemaView schema, const std::string& table);

// The layout for records with these schemas. `value_schema` may be null for tombstones (then only
// the key columns are laid out). `table` is used in messages.
RowLayout BuildRowLayout(PkMode mode, const std::vector<std::string>& pk_fields,
                         const std::vector<std::string>& fields_whitelist, sdk::SchemaView key_schema,
                         sdk::SchemaView value_schema, const std::string& table);

}  // namespace odbc
}  // namespace connectd
