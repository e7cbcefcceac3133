#include "sql_dialect.h"

#include <algorithm>

#include "connectd/sdk.hpp"

namespace connectd {
namespace odbc {

namespace {

using sdk::ConnectException;

// "(?,?,?)" for `columns` parameters.
std::string ParameterGroup(size_t columns) {
  std::string group = "(";
  for (size_t i = 0; i < columns; ++i) {
    if (i > 0) group += ',';
    group += '?';
  }
  group += ')';
  return group;
}

// `rows` parameter groups separated by ','.
std::string ParameterGroups(size_t columns, size_t rows) {
  const std::string group = ParameterGroup(columns);
  std::string out;
  out.reserve(rows * (group.size() + 1));
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) out += ',';
    out += group;
  }
  return out;
}

void RequireRows(size_t rows, const std::string& table) {
  if (rows == 0) {
    throw ConnectException("Cannot build a statement for table " + table +
                           " with zero rows; at least one row is needed");
  }
}

}  // namespace

TableId ParseTableId(std::string_view text) {
  const std::string original(text);
  auto fail = [&](const std::string& why) -> ConnectException {
    return ConnectException("Invalid table name '" + original + "' (table.whitelist, " +
                            "table.name.format or topic): " + why +
                            "; write table, schema.table or catalog.schema.table, and quote a "
                            "part that contains dots with \"...\" or `...`");
  };
  std::vector<std::string> parts;
  size_t i = 0;
  while (true) {
    std::string part;
    if (i < text.size() && (text[i] == '"' || text[i] == '`')) {
      const char quote = text[i++];
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == quote) {
          if (i + 1 < text.size() && text[i + 1] == quote) {
            part += quote;
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        part += text[i++];
      }
      if (!closed) throw fail("missing closing " + std::string(1, quote));
      if (i < text.size() && text[i] != '.') {
        throw fail("expected '.' after quoted part " + std::string(1, quote) + part +
                   std::string(1, quote));
      }
    } else {
      const size_t dot = std::min(text.find('.', i), text.size());
      part = std::string(text.substr(i, dot - i));
      i = dot;
    }
    if (part.empty()) throw fail("empty part");
    parts.push_back(std::move(part));
    if (i == text.size()) break;
    ++i;  // the '.'
    if (i == text.size()) throw fail("ends with '.'");
  }
  switch (parts.size()) {
    case 1:
      return TableId{"", "", parts[0]};
    case 2:
      return TableId{"", parts[0], parts[1]};
    case 3:
      return TableId{parts[0], parts[1], parts[2]};
    default:
      throw fail("more than three parts");
  }
}

TableId TableIdForDialect(DialectKind kind, TableId id) {
  if (kind == DialectKind::kMySql && id.catalog.empty()) std::swap(id.catalog, id.schema);
  return id;
}

std::string UnquotedTableName(const TableId& id) {
  return SqlDialect(DialectKind::kGeneric, false).TableName(id);
}

SqlDialect::SqlDialect(DialectKind kind, bool quote_identifiers)
    : kind_(kind), quote_identifiers_(quote_identifiers) {}

std::string_view SqlDialect::Name() const {
  switch (kind_) {
    case DialectKind::kPostgres:
      return "PostgreSQL";
    case DialectKind::kMySql:
      return "MySQL/MariaDB";
    case DialectKind::kSqlite:
      return "SQLite";
    case DialectKind::kGeneric:
      break;
  }
  return "generic";
}

std::string SqlDialect::QuoteIdentifier(std::string_view identifier) const {
  if (!quote_identifiers_) return std::string(identifier);
  const char quote = kind_ == DialectKind::kMySql ? '`' : '"';
  std::string out;
  out.reserve(identifier.size() + 2);
  out += quote;
  for (char c : identifier) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

std::string SqlDialect::TableName(const TableId& table) const {
  std::string out;
  for (const std::string* part : {&table.catalog, &table.schema, &table.table}) {
    if (part->empty()) continue;
    if (!out.empty()) out += '.';
    out += QuoteIdentifier(*part);
  }
  return out;
}

std::string SqlDialect::SqlType(const SinkColumn& column, bool primary_key) const {
  const FieldKind k = column.kind;
  switch (kind_) {
    case DialectKind::kPostgres:
      switch (k) {
        case FieldKind::kInt8:
        case FieldKind::kInt16:
          return "SMALLINT";
        case FieldKind::kInt32:
          return "INT";
        case FieldKind::kInt64:
          return "BIGINT";
        case FieldKind::kFloat32:
          return "REAL";
        case FieldKind::kFloat64:
          return "DOUBLE PRECISION";
        case FieldKind::kBoolean:
          return "BOOLEAN";
        case FieldKind::kString:
          return "TEXT";
        case FieldKind::kBytes:
          return "BYTEA";
        case FieldKind::kDecimal:
          return "DECIMAL";
        case FieldKind::kDate:
          return "DATE";
        case FieldKind::kTime:
          return "TIME";
        case FieldKind::kTimestamp:
          return "TIMESTAMP";
      }
      break;
    case DialectKind::kMySql:
      switch (k) {
        case FieldKind::kInt8:
        case FieldKind::kBoolean:
          return "TINYINT";
        case FieldKind::kInt16:
          return "SMALLINT";
        case FieldKind::kInt32:
          return "INT";
        case FieldKind::kInt64:
          return "BIGINT";
        case FieldKind::kFloat32:
          return "FLOAT";
        case FieldKind::kFloat64:
          return "DOUBLE";
        case FieldKind::kString:
          return primary_key ? "VARCHAR(256)" : "TEXT";
        case FieldKind::kBytes:
          return "VARBINARY(1024)";
        case FieldKind::kDecimal:
          // 65 is MySQL's largest precision.
          return "DECIMAL(65," + std::to_string(column.scale) + ")";
        case FieldKind::kDate:
          return "DATE";
        case FieldKind::kTime:
          return "TIME(3)";
        case FieldKind::kTimestamp:
          return "DATETIME(3)";
      }
      break;
    case DialectKind::kSqlite:
      switch (k) {
        case FieldKind::kBoolean:
        case FieldKind::kInt8:
        case FieldKind::kInt16:
        case FieldKind::kInt32:
        case FieldKind::kInt64:
          return "INTEGER";
        case FieldKind::kFloat32:
        case FieldKind::kFloat64:
          return "REAL";
        case FieldKind::kString:
          return "TEXT";
        case FieldKind::kBytes:
          return "BLOB";
        case FieldKind::kDecimal:
        case FieldKind::kDate:
        case FieldKind::kTime:
        case FieldKind::kTimestamp:
          return "NUMERIC";
      }
      break;
    case DialectKind::kGeneric:
      break;
  }
  throw ConnectException("Cannot choose a column type for field '" + column.name + "': the " +
                         std::string(Name()) +
                         " ODBC dialect has no type mapping; create the table yourself and set "
                         "auto.create=false and auto.evolve=false, or connect to PostgreSQL, "
                         "MySQL/MariaDB or SQLite");
}

std::string SqlDialect::ColumnSpec(const SinkColumn& column, bool primary_key) const {
  std::string spec = QuoteIdentifier(column.name) + " " + SqlType(column, primary_key);
  if (column.default_literal) {
    spec += " DEFAULT " + *column.default_literal;
  } else {
    spec += column.optional ? " NULL" : " NOT NULL";
  }
  return spec;
}

std::string SqlDialect::CreateTable(const TableId& table, const std::vector<SinkColumn>& columns,
                                    const std::vector<std::string>& primary_key) const {
  if (columns.empty()) {
    throw ConnectException("Cannot create table " + UnquotedTableName(table) +
                           " without columns: the record has no fields to map to columns");
  }
  std::string sql = "CREATE TABLE " + TableName(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    const SinkColumn& c = columns[i];
    const bool is_key =
        std::find(primary_key.begin(), primary_key.end(), c.name) != primary_key.end();
    if (i > 0) sql += ',';
    sql += '\n';
    sql += ColumnSpec(c, is_key);
  }
  if (!primary_key.empty()) {
    sql += ",\nPRIMARY KEY(" + ColumnList(primary_key, {}) + ")";
  }
  sql += ')';
  return sql;
}

std::vector<std::string> SqlDialect::AlterTableAddColumns(
    const TableId& table, const std::vector<SinkColumn>& columns) const {
  std::vector<std::string> statements;
  if (columns.empty()) return statements;
  const std::string prefix = "ALTER TABLE " + TableName(table) + " ";
  if (kind_ == DialectKind::kSqlite) {
    for (const SinkColumn& c : columns) statements.push_back(prefix + "ADD " + ColumnSpec(c, false));
    return statements;
  }
  std::string sql = prefix;
  const bool newlines = columns.size() > 1;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) sql += ',';
    if (newlines) sql += '\n';
    sql += "ADD " + ColumnSpec(columns[i], false);
  }
  statements.push_back(std::move(sql));
  return statements;
}

std::string SqlDialect::ColumnList(const std::vector<std::string>& keys,
                                   const std::vector<std::string>& values) const {
  std::string out;
  for (const std::vector<std::string>* list : {&keys, &values}) {
    for (const std::string& name : *list) {
      if (!out.empty()) out += ',';
      out += QuoteIdentifier(name);
    }
  }
  return out;
}

std::string SqlDialect::Assignments(const std::vector<std::string>& columns,
                                    std::string_view joiner) const {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += joiner;
    out += QuoteIdentifier(columns[i]) + " = ?";
  }
  return out;
}

std::string SqlDialect::Insert(const TableId& table, const std::vector<std::string>& key_columns,
                               const std::vector<std::string>& value_columns, size_t rows) const {
  RequireRows(rows, UnquotedTableName(table));
  const size_t width = key_columns.size() + value_columns.size();
  if (width == 0) {
    throw ConnectException("Cannot insert into table " + UnquotedTableName(table) +
                           " without columns: the record has no key or value fields to write");
  }
  const char* gap = kind_ == DialectKind::kPostgres ? " " : "";
  return "INSERT INTO " + TableName(table) + gap + "(" + ColumnList(key_columns, value_columns) +
         ") VALUES" + gap + ParameterGroups(width, rows);
}

std::string SqlDialect::Upsert(const TableId& table, const std::vector<std::string>& key_columns,
                               const std::vector<std::string>& value_columns, size_t rows) const {
  if (kind_ == DialectKind::kGeneric) {
    throw ConnectException("insert.mode=upsert is not supported by the generic ODBC dialect "
                           "(SQL has no portable upsert) for table " +
                           UnquotedTableName(table) +
                           "; use insert.mode=insert or insert.mode=update, or connect to "
                           "PostgreSQL, MySQL/MariaDB or SQLite");
  }
  if (key_columns.empty()) {
    throw ConnectException("insert.mode=upsert needs primary key columns for table " +
                           UnquotedTableName(table) +
                           ", but pk.mode gives none; set pk.mode to record_key or "
                           "record_value (with pk.fields), or use insert.mode=insert");
  }
  RequireRows(rows, UnquotedTableName(table));
  const size_t width = key_columns.size() + value_columns.size();
  const std::string columns = ColumnList(key_columns, value_columns);
  const std::string groups = ParameterGroups(width, rows);
  const std::string name = TableName(table);

  if (kind_ == DialectKind::kMySql) {
    const std::vector<std::string>& updated = value_columns.empty() ? key_columns : value_columns;
    std::string sql = "insert into " + name + "(" + columns + ") values" + groups +
                      " on duplicate key update ";
    for (size_t i = 0; i < updated.size(); ++i) {
      if (i > 0) sql += ',';
      const std::string c = QuoteIdentifier(updated[i]);
      sql += c + "=values(" + c + ")";
    }
    return sql;
  }

  const char* gap = kind_ == DialectKind::kPostgres ? " " : "";
  return "INSERT INTO " + name + gap + "(" + columns + ") VALUES" + gap + groups +
         ConflictClause(key_columns, value_columns);
}

std::string SqlDialect::ConflictClause(const std::vector<std::string>& key_columns,
                                       const std::vector<std::string>& value_columns) const {
  std::string sql = " ON CONFLICT (" + ColumnList(key_columns, {}) + ")";
  if (value_columns.empty()) return sql + " DO NOTHING";
  sql += " DO UPDATE SET ";
  for (size_t i = 0; i < value_columns.size(); ++i) {
    if (i > 0) sql += ',';
    const std::string c = QuoteIdentifier(value_columns[i]);
    sql += c + "=EXCLUDED." + c;
  }
  return sql;
}

std::string SqlDialect::InsertFromArrays(const TableId& table, const std::vector<std::string>& key_columns,
                                         const std::vector<std::string>& value_columns,
                                         const std::vector<std::string>& element_types, bool upsert) const {
  if (kind_ != DialectKind::kPostgres) {
    throw ConnectException("array inserts are a PostgreSQL statement; table " + UnquotedTableName(table));
  }
  if (upsert && key_columns.empty()) {
    throw ConnectException("insert.mode=upsert needs primary key columns for table " + UnquotedTableName(table) +
                           ", but pk.mode gives none; set pk.mode to record_key or record_value (with pk.fields), "
                           "or use insert.mode=insert");
  }
  std::string sql = "INSERT INTO " + TableName(table) + " (" + ColumnList(key_columns, value_columns) +
                    ") SELECT * FROM unnest(";
  for (size_t i = 0; i < element_types.size(); ++i) sql += std::string(i ? "," : "") + "?::" + element_types[i] + "[]";
  sql += ")";
  return upsert ? sql + ConflictClause(key_columns, value_columns) : sql;
}

std::string SqlDialect::Update(const TableId& table, const std::vector<std::string>& key_columns,
                               const std::vector<std::string>& value_columns) const {
  if (key_columns.empty()) {
    throw ConnectException("insert.mode=update needs primary key columns for table " +
                           UnquotedTableName(table) +
                           ", but pk.mode gives none (the UPDATE would change every row); set "
                           "pk.mode to record_key or record_value (with pk.fields)");
  }
  if (value_columns.empty()) {
    throw ConnectException("insert.mode=update has nothing to set in table " +
                           UnquotedTableName(table) +
                           ": every field is a primary key column; use insert.mode=insert or "
                           "insert.mode=upsert, or narrow pk.fields");
  }
  return "UPDATE " + TableName(table) + " SET " + Assignments(value_columns, ", ") + " WHERE " +
         Assignments(key_columns, " AND ");
}

std::string SqlDialect::Delete(const TableId& table,
                               const std::vector<std::string>& key_columns) const {
  if (key_columns.empty()) {
    throw ConnectException("delete.enabled=true needs primary key columns for table " +
                           UnquotedTableName(table) +
                           ", but pk.mode gives none (the DELETE would remove every row); set "
                           "pk.mode=record_key");
  }
  return "DELETE FROM " + TableName(table) + " WHERE " + Assignments(key_columns, " AND ");
}

std::string SqlDialect::CurrentTimestampQuery() const {
  switch (kind_) {
    case DialectKind::kMySql:
      return "SELECT UTC_TIMESTAMP(3)";
    case DialectKind::kSqlite:
      return "SELECT strftime('%Y-%m-%d %H:%M:%f','now')";
    case DialectKind::kPostgres:
    case DialectKind::kGeneric:
      break;
  }
  return "SELECT CURRENT_TIMESTAMP";
}

std::string SqlDialect::CurrentSchemaQuery() const {
  return kind_ == DialectKind::kPostgres ? "SELECT current_schema()" : std::string();
}

std::vector<std::string> SqlDialect::SessionSetup() const {
  switch (kind_) {
    case DialectKind::kPostgres:
      return {"SET TIME ZONE 'UTC'"};
    case DialectKind::kMySql:
      return {"SET time_zone = '+00:00'"};
    case DialectKind::kSqlite:
    case DialectKind::kGeneric:
      break;
  }
  return {};
}

}  // namespace odbc
}  // namespace connectd
