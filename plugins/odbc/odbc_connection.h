// A thin RAII layer over unixODBC for the ODBC connectors: one connection, its statements, and
// the driver's diagnostics turned into exceptions that say whether a retry can help.
//
// Errors: every failing ODBC call throws OdbcError (a ConnectException) carrying the SQLSTATE of
// the first diagnostic record and all records' text. `transient()` is true for connection loss,
// deadlocks, serialization failures and timeouts: the caller reconnects and retries those.
// Threading: an OdbcConnection and its statements are used by one thread at a time (the task's).
// Ownership: an OdbcStatement borrows its connection, which must outlive it.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "column_mapping.h"
#include "connectd/sdk.hpp"

namespace connectd {
namespace odbc {

class OdbcError : public sdk::ConnectException {
 public:
  OdbcError(const std::string& message, std::string sqlstate, bool transient)
      : sdk::ConnectException(message), sqlstate_(std::move(sqlstate)), transient_(transient) {}
  const std::string& sqlstate() const { return sqlstate_; }
  bool transient() const { return transient_; }

 private:
  std::string sqlstate_;
  bool transient_;
};

// True for SQLSTATEs a retry on a fresh connection can cure: class 08 (connection), 40001 and
// 40P01 (serialization failure, deadlock), HYT00/HYT01 (timeouts), 57P01-57P03 (server shutdown),
// and the MariaDB/MySQL driver's HY000 texts for a lost server.
bool IsTransientSqlState(std::string_view sqlstate, std::string_view message);

// The names of the installed ODBC drivers (SQLDrivers), for connection_url's driver choice.
std::vector<std::string> InstalledOdbcDrivers();

// A column of a result set or of a table (SQLDescribeCol / SQLColumns): the metadata the column
// mapping reads, and whether the database fills it itself.
struct OdbcColumn : ColumnMeta {
  bool auto_increment = false;
  std::string type_name;  // the database's own name for the type (SQLColumns only)
};

class OdbcConnection {
 public:
  OdbcConnection();
  ~OdbcConnection();
  OdbcConnection(const OdbcConnection&) = delete;
  OdbcConnection& operator=(const OdbcConnection&) = delete;

  // Connects with SQLDriverConnect; `redacted` is the string shown in errors (no password).
  // Throws OdbcError (transient when the server cannot be reached).
  void Connect(const std::string& connection_string, const std::string& redacted);
  void Disconnect();
  bool connected() const { return connected_; }

  void SetAutoCommit(bool on);
  void Commit();
  void Rollback();  // never throws: used while handling another error

  // Runs one statement without parameters or results.
  void Execute(const std::string& sql);
  // SQLGetInfo(SQL_DBMS_NAME): "PostgreSQL", "MariaDB", "MySQL", "SQLite", ...
  std::string DbmsName();
  // True when the driver lets SQLGetData read bound columns and columns in any order
  // (SQL_GD_BOUND and SQL_GD_ANY_COLUMN), which OdbcStatement::BindColumn needs. Asked once.
  bool ReadsBoundColumns();
  // The connection's current catalog (SQL_ATTR_CURRENT_CATALOG): MySQL's database; may be empty.
  std::string CurrentCatalog();

  // Tables (SQLTables) of the given types ("TABLE", "VIEW") whose schema matches the pattern
  // (empty: any); each as {catalog, schema, table}.
  struct TableName {
    std::string catalog, schema, table;
  };
  std::vector<TableName> Tables(const std::string& catalog_pattern, const std::string& schema_pattern,
                                const std::vector<std::string>& types);
  // The columns of one table (SQLColumns), in table order; empty when the table does not exist.
  std::vector<OdbcColumn> Columns(const std::string& catalog, const std::string& schema, const std::string& table);

  SQLHDBC handle() const { return dbc_; }
  const std::string& redacted() const { return redacted_; }

 private:
  SQLHENV env_ = SQL_NULL_HENV;
  SQLHDBC dbc_ = SQL_NULL_HDBC;
  bool connected_ = false;
  std::string redacted_;
  std::optional<bool> reads_bound_columns_;  // of the connected driver
};

// Throws OdbcError built from the diagnostics of `handle` when `rc` is not a success.
// `what` says which operation failed ("executing <sql>").
void CheckOdbc(SQLRETURN rc, SQLSMALLINT handle_type, SQLHANDLE handle, const std::string& what);

class OdbcStatement {
 public:
  explicit OdbcStatement(OdbcConnection& connection);
  ~OdbcStatement();
  OdbcStatement(const OdbcStatement&) = delete;
  OdbcStatement& operator=(const OdbcStatement&) = delete;

  void Prepare(const std::string& sql);
  // Executes the prepared statement; false when the driver reports SQL_NO_DATA (nothing matched).
  bool Execute();
  void ExecuteDirect(const std::string& sql);
  // Closes an open cursor so the statement can be executed again.
  void CloseCursor();
  // Unbinds every parameter and resets parameter arrays.
  void ResetParameters();

  // Result sets: the columns, then rows. Fetch returns false at the end.
  std::vector<OdbcColumn> ResultColumns();
  // Binds result column `column` (1-based) to a buffer of `max_bytes` that the statement owns,
  // so that Fetch delivers the cell with the row and the reader of `c_type` below (SQL_C_SBIGINT
  // for GetInt64, SQL_C_WCHAR for GetText, ...) takes it from there instead of asking the
  // driver with one SQLGetData per cell, which costs a bulk read about a quarter of its time
  // through psqlODBC. A text or binary cell longer than the buffer is read again with
  // SQLGetData. Does nothing when the driver cannot read bound columns again or read columns in
  // any order (SQL_GETDATA_EXTENSIONS without SQL_GD_BOUND or SQL_GD_ANY_COLUMN): its cells are
  // then read with SQLGetData as before. Call after Execute and before the first Fetch.
  void BindColumn(SQLUSMALLINT column, SQLSMALLINT c_type, SQLLEN max_bytes);
  bool Fetch();
  // Cell readers for the current row (1-based columns); false when the cell is NULL.
  bool GetInt64(SQLUSMALLINT column, int64_t* out);
  bool GetDouble(SQLUSMALLINT column, double* out);
  // Text as UTF-8 (read as SQL_C_WCHAR so that Unicode drivers never pass through a locale).
  bool GetText(SQLUSMALLINT column, std::string* out);
  bool GetBinary(SQLUSMALLINT column, std::string* out);
  bool GetTimestamp(SQLUSMALLINT column, SQL_TIMESTAMP_STRUCT* out);
  bool GetDate(SQLUSMALLINT column, SQL_DATE_STRUCT* out);

  // Binds one input parameter (1-based): `value` points at the first element of an array of
  // `element_size`-byte elements (rows of a parameter array), lengths at the indicators. The
  // memory stays the caller's and must live until the statement executes.
  void BindParameter(SQLUSMALLINT number, SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLULEN column_size,
                     SQLSMALLINT decimal_digits, void* value, SQLLEN element_size, SQLLEN* lengths);
  // Executes the statement `rows` times with parameter arrays; `status` (rows entries) receives
  // each row's SQL_PARAM_* status.
  void SetParameterArray(SQLULEN rows, SQLUSMALLINT* status);

  SQLHSTMT handle() const { return stmt_; }

 private:
  // Reads a fixed-size cell of `c_type` into `out`; false when NULL.
  bool GetFixed(SQLUSMALLINT column, SQLSMALLINT c_type, void* out, SQLLEN size);
  // Reads a cell of `c_type` in chunks; false when NULL.
  bool GetChunks(SQLUSMALLINT column, SQLSMALLINT c_type, std::string* raw);

  // A bound result column: the driver writes the cell and its length indicator here.
  struct BoundCell {
    SQLSMALLINT c_type = 0;
    std::vector<SQLBIGINT> buffer;  // 8-byte aligned for the fixed-size C types
    SQLLEN indicator = 0;
    char* data() { return reinterpret_cast<char*>(buffer.data()); }
    SQLLEN capacity() const { return static_cast<SQLLEN>(buffer.size() * sizeof(SQLBIGINT)); }
  };
  // The bound cell of `column` when it was bound as `c_type`; nullptr otherwise.
  BoundCell* Bound(SQLUSMALLINT column, SQLSMALLINT c_type);

  OdbcConnection& connection_;
  SQLHSTMT stmt_ = SQL_NULL_HSTMT;
  std::string sql_;
  std::vector<std::unique_ptr<BoundCell>> bound_;  // by column - 1; the driver holds their addresses
};

// UTF-16 (SQLWCHAR) to UTF-8 and back; unpaired surrogates become U+FFFD.
std::string Utf16ToUtf8(const SQLWCHAR* text, size_t units);
std::basic_string<SQLWCHAR> Utf8ToUtf16(std::string_view text);

}  // namespace odbc
}  // namespace connectd
