// SQL text for the ODBC source and sink, per database family: identifier quoting, table names,
// the sink's DDL and DML, and the statements that keep timestamps in UTC. Pure string building:
// nothing here talks to a database, so every statement can be checked byte for byte.
//
// The statements follow Confluent's JDBC connector dialects (GenericDatabaseDialect and its
// PostgreSql/MySql/Sqlite subclasses) so that users see the tables and statements they know.
// Where this file deliberately differs from Confluent, the comment on the function says so.
//
// Errors: functions throw connectd::sdk::ConnectException with a message naming the connector
// setting to change (insert.mode, pk.mode, auto.create, ...).
// Threading: SqlDialect is immutable after construction; any thread may call its const methods.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialect_kind.h"
#include "field_kind.h"

namespace connectd {
namespace odbc {

// A table's qualified name. Empty parts are absent (no catalog, no schema).
struct TableId {
  std::string catalog, schema, table;
};

// Parses "catalog.schema.table", "schema.table" or "table" (a table.whitelist entry or a
// table.name.format result). A part may be quoted with "..." or `...` to keep dots inside it;
// a doubled quote character inside a quoted part stands for one. Two parts are schema.table,
// as Confluent reads them for every dialect connectd knows.
// Throws ConnectException for an empty name or part, an unterminated quote, a quoted part
// followed by something other than '.', or more than three parts (Confluent silently used the
// first two of four or more).
TableId ParseTableId(std::string_view text);

// catalog.schema.table without quotes, empty parts left out: Confluent's QuoteMethod.NEVER
// form, which the source uses in its source partitions.
std::string UnquotedTableName(const TableId& id);

// MySQL and MariaDB have databases (ODBC catalogs) where others have schemas: for them a parsed
// "db.table" names catalog "db". Other dialects get `id` back unchanged.
TableId TableIdForDialect(DialectKind kind, TableId id);

// One column of a sink table, as auto.create / auto.evolve write it.
struct SinkColumn {
  std::string name;
  FieldKind kind = FieldKind::kString;
  int32_t scale = 0;                           // for kDecimal
  bool optional = true;                        // NULL allowed
  std::optional<std::string> default_literal;  // an SQL literal already formatted ("42", "'abc'")
};

class SqlDialect {
 public:
  // quote_identifiers is Confluent's quote.sql.identifiers: "always" -> true, "never" -> false.
  SqlDialect(DialectKind kind, bool quote_identifiers);

  DialectKind kind() const { return kind_; }

  // `x` for MySQL, "x" for the others; an embedded quote character is doubled (Confluent does not
  // escape it). Returned unchanged when quoting is off.
  // SQLite accepts both quote styles; connectd uses the standard "x" where Confluent uses `x`.
  std::string QuoteIdentifier(std::string_view identifier) const;

  // The present parts of `table`, each quoted, joined by '.'.
  std::string TableName(const TableId& table) const;

  // The column type CREATE TABLE / ALTER TABLE writes for `column`, as Confluent's getSqlType:
  //   Postgres  SMALLINT (int8, int16) INT BIGINT REAL "DOUBLE PRECISION" BOOLEAN TEXT BYTEA
  //             DECIMAL DATE TIME TIMESTAMP
  //   MySQL     TINYINT SMALLINT INT BIGINT FLOAT DOUBLE TINYINT (boolean) TEXT VARBINARY(1024)
  //             DECIMAL(65,<scale>) DATE TIME(3) DATETIME(3)
  //   SQLite    INTEGER (boolean, int*) REAL (float*) TEXT BLOB NUMERIC (decimal, date, time,
  //             timestamp)
  // One deliberate difference: a MySQL string primary-key column is VARCHAR(256), because MySQL
  // rejects a TEXT key without a prefix length (Confluent writes TEXT and the CREATE fails).
  // Throws ConnectException for the generic dialect, which has no type mapping (neither has
  // Confluent's): the message asks for the table to be created by hand with auto.create=false.
  std::string SqlType(const SinkColumn& column, bool primary_key) const;

  // Confluent's CREATE TABLE layout: one line per column, "name type DEFAULT x" when there is a
  // default, else "name type NULL" or "name type NOT NULL", then a PRIMARY KEY(...) line when
  // `primary_key` is non-empty. Lines are separated by "\n":
  //   CREATE TABLE "t" (\n"id" INT NOT NULL,\n"v" TEXT NULL,\nPRIMARY KEY("id"))
  // `primary_key` names columns of `columns` (they get the key column type, see SqlType).
  // Throws as SqlType does, and when `columns` is empty.
  std::string CreateTable(const TableId& table, const std::vector<SinkColumn>& columns,
                          const std::vector<std::string>& primary_key) const;

  // ALTER TABLE statements adding `columns` (never key columns), column specs as CreateTable.
  // Postgres, MySQL and generic: one statement, as Confluent builds it ("ALTER TABLE t ADD c ..."
  // for one column, "ALTER TABLE t \nADD c1 ...,\nADD c2 ..." for several). SQLite, which adds one
  // column per statement: one statement each. Empty `columns`: no statements.
  // Throws as SqlType does.
  std::vector<std::string> AlterTableAddColumns(const TableId& table,
                                                const std::vector<SinkColumn>& columns) const;

  // INSERT of `rows` rows (rows >= 1) as one multi-row VALUES list. Parameters, row by row: the
  // key columns, then the value columns. Spacing as Confluent's: Postgres
  // `INSERT INTO t (a,b) VALUES (?,?),(?,?)`, the others `INSERT INTO t(a,b) VALUES(?,?),(?,?)`.
  // Throws ConnectException when there are no columns at all or rows == 0.
  std::string Insert(const TableId& table, const std::vector<std::string>& key_columns,
                     const std::vector<std::string>& value_columns, size_t rows = 1) const;

  // Insert-or-update of `rows` rows (rows >= 1), parameters as Insert:
  //   Postgres  INSERT INTO t (k,v) VALUES (?,?) ON CONFLICT (k) DO UPDATE SET v=EXCLUDED.v
  //             (DO NOTHING without value columns), as Confluent;
  //   MySQL     insert into t(k,v) values(?,?) on duplicate key update v=values(v)
  //             (k=values(k) without value columns), as Confluent;
  //   SQLite    INSERT INTO t(k,v) VALUES(?,?) ON CONFLICT (k) DO UPDATE SET v=EXCLUDED.v
  //             (DO NOTHING without value columns). Confluent writes INSERT OR REPLACE, which
  //             deletes the old row first: columns the record lacks would be reset and delete
  //             triggers and cascades would fire. Needs SQLite 3.24 or later.
  // Postgres rejects one statement that hits the same key twice ("ON CONFLICT DO UPDATE command
  // cannot affect row a second time"): callers batching several rows must send each key once.
  // Throws ConnectException for the generic dialect (no standard upsert), when key_columns is
  // empty (upsert needs pk.mode to name a key), when rows == 0.
  std::string Upsert(const TableId& table, const std::vector<std::string>& key_columns,
                     const std::vector<std::string>& value_columns, size_t rows = 1) const;

  // PostgreSQL only: the insert (or upsert) of many rows with one parameter per column, each a
  // Postgres array literal whose elements have the type `element_types[i]` (the column's type):
  // INSERT INTO t (k..,v..) SELECT * FROM unnest(?::type[],...) [ON CONFLICT ...]. Postgres parses
  // a few array literals far faster than thousands of parameters. Throws for other dialects and,
  // when `upsert`, without key columns.
  std::string InsertFromArrays(const TableId& table, const std::vector<std::string>& key_columns,
                               const std::vector<std::string>& value_columns,
                               const std::vector<std::string>& element_types, bool upsert) const;
  // UPDATE t SET v1 = ?, v2 = ? WHERE k1 = ? AND k2 = ?  (parameters: values, then keys).
  // Throws ConnectException without key columns (Confluent would update every row) or without
  // value columns (nothing to set).
  std::string Update(const TableId& table, const std::vector<std::string>& key_columns,
                     const std::vector<std::string>& value_columns) const;

  // DELETE FROM t WHERE k1 = ? AND k2 = ?. Throws ConnectException without key columns
  // (Confluent would delete every row).
  std::string Delete(const TableId& table, const std::vector<std::string>& key_columns) const;

  // A query returning the database's current time, in UTC, as one timestamp column; the source
  // takes its upper timestamp bound from it. Postgres and generic "SELECT CURRENT_TIMESTAMP"
  // (Confluent's; UTC once SessionSetup ran); MySQL "SELECT UTC_TIMESTAMP(3)" (Confluent's
  // CURRENT_TIMESTAMP has whole seconds there and follows the session zone); SQLite
  // "SELECT strftime('%Y-%m-%d %H:%M:%f','now')" (Confluent's "%S.%f" repeats the seconds,
  // because SQLite's %f is already "SS.SSS").
  std::string CurrentTimestampQuery() const;

  // A query answering the session's current schema (Postgres "SELECT current_schema()"), or ""
  // where unqualified names need no schema to be found in the catalog functions.
  std::string CurrentSchemaQuery() const;

  // Statements to run once on each new connection so that timestamps are read and bound in UTC:
  // Postgres "SET TIME ZONE 'UTC'", MySQL "SET time_zone = '+00:00'", none for SQLite (no
  // session zone) and generic (no standard statement).
  std::vector<std::string> SessionSetup() const;

 private:
  // Postgres/SQLite " ON CONFLICT (k..) DO UPDATE SET v=EXCLUDED.v.." (DO NOTHING without values).
  std::string ConflictClause(const std::vector<std::string>& key_columns,
                             const std::vector<std::string>& value_columns) const;
  // "name type DEFAULT x" / "name type NULL" / "name type NOT NULL".
  std::string ColumnSpec(const SinkColumn& column, bool primary_key) const;
  // "a,b,c" of the quoted names of `keys` followed by those of `values`.
  std::string ColumnList(const std::vector<std::string>& keys,
                         const std::vector<std::string>& values) const;
  // "c1 = ?<joiner>c2 = ?" of the quoted names.
  std::string Assignments(const std::vector<std::string>& columns, std::string_view joiner) const;
  // The name DialectKind has in error messages.
  std::string_view Name() const;

  DialectKind kind_;
  bool quote_identifiers_;
};

}  // namespace odbc
}  // namespace connectd
