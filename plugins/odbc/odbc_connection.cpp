#include "odbc_connection.h"

#include <algorithm>
#include <cstring>

#include "ascii_case.h"

namespace connectd {
namespace odbc {
namespace {

bool Succeeded(SQLRETURN rc) { return rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO; }

// Every diagnostic record of `handle`, and the first SQLSTATE.
std::string Diagnostics(SQLSMALLINT handle_type, SQLHANDLE handle, std::string* first_state) {
  std::string text;
  for (SQLSMALLINT i = 1;; ++i) {
    SQLCHAR state[6] = {0};
    SQLINTEGER native = 0;
    SQLCHAR message[1024] = {0};
    SQLSMALLINT length = 0;
    SQLRETURN rc = SQLGetDiagRec(handle_type, handle, i, state, &native, message, sizeof(message), &length);
    if (!Succeeded(rc)) break;
    if (first_state->empty()) first_state->assign(reinterpret_cast<char*>(state));
    if (!text.empty()) text += "; ";
    text += std::string("[") + reinterpret_cast<char*>(state) + "] " + reinterpret_cast<char*>(message);
  }
  if (text.empty()) text = "no diagnostic from the ODBC driver";
  return text;
}

}  // namespace

bool IsTransientSqlState(std::string_view sqlstate, std::string_view message) {
  if (sqlstate.size() >= 2 && sqlstate.substr(0, 2) == "08") return true;
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "HYT00" || sqlstate == "HYT01") return true;
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") return true;
  // Drivers report a dropped connection under generic states; their texts are stable.
  for (std::string_view text : {"server has gone away", "lost connection", "could not send data to server",
                                "the connection has been lost", "server closed the connection", "deadlock",
                                "database is locked", "no connection to the server", "connection was killed"}) {
    if (ContainsIgnoreCase(message, text)) return true;
  }
  return false;
}

void CheckOdbc(SQLRETURN rc, SQLSMALLINT handle_type, SQLHANDLE handle, const std::string& what) {
  if (Succeeded(rc) || rc == SQL_NO_DATA) return;
  std::string state;
  std::string diag = rc == SQL_INVALID_HANDLE ? "invalid handle" : Diagnostics(handle_type, handle, &state);
  throw OdbcError(what + ": " + diag, state, IsTransientSqlState(state, diag));
}

std::vector<std::string> InstalledOdbcDrivers() {
  std::vector<std::string> out;
  SQLHENV env = SQL_NULL_HENV;
  if (!Succeeded(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env))) return out;
  SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
  SQLCHAR name[256];
  SQLCHAR attrs[1024];
  SQLSMALLINT name_len = 0;
  SQLSMALLINT attrs_len = 0;
  SQLUSMALLINT direction = SQL_FETCH_FIRST;
  while (Succeeded(SQLDrivers(env, direction, name, sizeof(name), &name_len, attrs, sizeof(attrs), &attrs_len))) {
    out.emplace_back(reinterpret_cast<char*>(name));
    direction = SQL_FETCH_NEXT;
  }
  SQLFreeHandle(SQL_HANDLE_ENV, env);
  return out;
}

// ---- connection -------------------------------------------------------------------------

OdbcConnection::OdbcConnection() = default;

OdbcConnection::~OdbcConnection() { Disconnect(); }

void OdbcConnection::Connect(const std::string& connection_string, const std::string& redacted) {
  Disconnect();
  redacted_ = redacted;
  CheckOdbc(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env_), SQL_HANDLE_ENV, env_, "allocating an ODBC environment");
  CheckOdbc(SQLSetEnvAttr(env_, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0), SQL_HANDLE_ENV,
            env_, "selecting ODBC 3");
  CheckOdbc(SQLAllocHandle(SQL_HANDLE_DBC, env_, &dbc_), SQL_HANDLE_ENV, env_, "allocating an ODBC connection");
  SQLSetConnectAttr(dbc_, SQL_ATTR_LOGIN_TIMEOUT, reinterpret_cast<SQLPOINTER>(10), 0);
  SQLRETURN rc = SQLDriverConnect(dbc_, nullptr, reinterpret_cast<SQLCHAR*>(const_cast<char*>(connection_string.c_str())),
                                  SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT);
  if (!Succeeded(rc)) {
    std::string state;
    std::string diag = Diagnostics(SQL_HANDLE_DBC, dbc_, &state);
    Disconnect();
    // Every connect failure may be a server that is down or restarting: let the caller retry.
    throw OdbcError("cannot connect to " + redacted + ": " + diag, state, true);
  }
  connected_ = true;
  reads_bound_columns_.reset();
}

void OdbcConnection::Disconnect() {
  if (dbc_ != SQL_NULL_HDBC) {
    if (connected_) SQLDisconnect(dbc_);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc_);
    dbc_ = SQL_NULL_HDBC;
  }
  if (env_ != SQL_NULL_HENV) {
    SQLFreeHandle(SQL_HANDLE_ENV, env_);
    env_ = SQL_NULL_HENV;
  }
  connected_ = false;
}

void OdbcConnection::SetAutoCommit(bool on) {
  SQLPOINTER v = reinterpret_cast<SQLPOINTER>(static_cast<uintptr_t>(on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF));
  CheckOdbc(SQLSetConnectAttr(dbc_, SQL_ATTR_AUTOCOMMIT, v, 0), SQL_HANDLE_DBC, dbc_, "setting autocommit");
}

void OdbcConnection::Commit() {
  CheckOdbc(SQLEndTran(SQL_HANDLE_DBC, dbc_, SQL_COMMIT), SQL_HANDLE_DBC, dbc_, "committing the transaction");
}

void OdbcConnection::Rollback() {
  if (connected_) SQLEndTran(SQL_HANDLE_DBC, dbc_, SQL_ROLLBACK);
}

void OdbcConnection::Execute(const std::string& sql) {
  OdbcStatement stmt(*this);
  stmt.ExecuteDirect(sql);
}

std::string OdbcConnection::DbmsName() {
  SQLCHAR name[256] = {0};
  SQLSMALLINT len = 0;
  CheckOdbc(SQLGetInfo(dbc_, SQL_DBMS_NAME, name, sizeof(name), &len), SQL_HANDLE_DBC, dbc_, "reading the DBMS name");
  return reinterpret_cast<char*>(name);
}

bool OdbcConnection::ReadsBoundColumns() {
  if (!reads_bound_columns_) {
    SQLUINTEGER extensions = 0;
    const SQLUINTEGER needed = SQL_GD_BOUND | SQL_GD_ANY_COLUMN;
    reads_bound_columns_ = Succeeded(SQLGetInfo(dbc_, SQL_GETDATA_EXTENSIONS, &extensions, sizeof(extensions), nullptr)) &&
                           (extensions & needed) == needed;
  }
  return *reads_bound_columns_;
}

std::string OdbcConnection::CurrentCatalog() {
  SQLCHAR name[512] = {0};
  SQLINTEGER len = 0;
  if (!Succeeded(SQLGetConnectAttr(dbc_, SQL_ATTR_CURRENT_CATALOG, name, sizeof(name), &len))) return std::string();
  return reinterpret_cast<char*>(name);
}

std::vector<OdbcConnection::TableName> OdbcConnection::Tables(const std::string& catalog_pattern,
                                                              const std::string& schema_pattern,
                                                              const std::vector<std::string>& types) {
  std::string type_list;
  for (const std::string& t : types) type_list += (type_list.empty() ? "" : ",") + t;
  OdbcStatement stmt(*this);
  auto arg = [](const std::string& s) {
    return s.empty() ? nullptr : reinterpret_cast<SQLCHAR*>(const_cast<char*>(s.c_str()));
  };
  std::string any = "%";
  CheckOdbc(SQLTables(stmt.handle(), arg(catalog_pattern), SQL_NTS, arg(schema_pattern), SQL_NTS,
                      reinterpret_cast<SQLCHAR*>(any.data()), SQL_NTS, arg(type_list), SQL_NTS),
            SQL_HANDLE_STMT, stmt.handle(), "listing tables");
  std::vector<TableName> out;
  while (stmt.Fetch()) {
    TableName t;
    stmt.GetText(1, &t.catalog);
    stmt.GetText(2, &t.schema);
    stmt.GetText(3, &t.table);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<OdbcColumn> OdbcConnection::Columns(const std::string& catalog, const std::string& schema,
                                                const std::string& table) {
  OdbcStatement stmt(*this);
  auto arg = [](const std::string& s) {
    return s.empty() ? nullptr : reinterpret_cast<SQLCHAR*>(const_cast<char*>(s.c_str()));
  };
  // Catalog functions take patterns: escape the table name's wildcards.
  std::string exact;
  for (char c : table) {
    if (c == '_' || c == '%') exact.push_back('\\');
    exact.push_back(c);
  }
  CheckOdbc(SQLColumns(stmt.handle(), arg(catalog), SQL_NTS, arg(schema), SQL_NTS,
                       reinterpret_cast<SQLCHAR*>(exact.data()), SQL_NTS, nullptr, 0),
            SQL_HANDLE_STMT, stmt.handle(), "reading the columns of " + table);
  std::vector<OdbcColumn> out;
  std::vector<OdbcColumn> result_columns = stmt.ResultColumns();
  while (stmt.Fetch()) {
    OdbcColumn c;
    std::string catalog_name, schema_name, table_name;
    stmt.GetText(1, &catalog_name);
    stmt.GetText(2, &schema_name);
    stmt.GetText(3, &table_name);
    if (table_name != table || (!schema.empty() && schema_name != schema) ||
        (!catalog.empty() && !catalog_name.empty() && catalog_name != catalog)) {
      continue;
    }
    int64_t n = 0;
    stmt.GetText(4, &c.name);
    if (stmt.GetInt64(5, &n)) c.sql_type = static_cast<SQLSMALLINT>(n);
    stmt.GetText(6, &c.type_name);
    if (stmt.GetInt64(7, &n)) c.column_size = static_cast<SQLULEN>(n < 0 ? 0 : n);
    if (stmt.GetInt64(9, &n)) c.decimal_digits = static_cast<SQLSMALLINT>(n);
    if (stmt.GetInt64(11, &n)) c.nullable = n != SQL_NO_NULLS;
    std::string autoinc;
    // IS_AUTOINCREMENT is column 23 in ODBC 3.8 drivers; older ones stop at 18.
    if (result_columns.size() >= 23 && stmt.GetText(23, &autoinc)) c.auto_increment = EqualsIgnoreCase(autoinc, "yes");
    out.push_back(std::move(c));
  }
  return out;
}

// ---- statements -------------------------------------------------------------------------

OdbcStatement::OdbcStatement(OdbcConnection& connection) : connection_(connection) {
  CheckOdbc(SQLAllocHandle(SQL_HANDLE_STMT, connection.handle(), &stmt_), SQL_HANDLE_DBC, connection.handle(),
            "allocating a statement on " + connection.redacted());
}

OdbcStatement::~OdbcStatement() {
  if (stmt_ != SQL_NULL_HSTMT) SQLFreeHandle(SQL_HANDLE_STMT, stmt_);
}

void OdbcStatement::Prepare(const std::string& sql) {
  sql_ = sql;
  CheckOdbc(SQLPrepare(stmt_, reinterpret_cast<SQLCHAR*>(const_cast<char*>(sql.c_str())), SQL_NTS), SQL_HANDLE_STMT,
            stmt_, "preparing " + sql);
}

bool OdbcStatement::Execute() {
  SQLRETURN rc = SQLExecute(stmt_);
  CheckOdbc(rc, SQL_HANDLE_STMT, stmt_, "executing " + sql_);
  return rc != SQL_NO_DATA;
}

void OdbcStatement::ExecuteDirect(const std::string& sql) {
  sql_ = sql;
  CheckOdbc(SQLExecDirect(stmt_, reinterpret_cast<SQLCHAR*>(const_cast<char*>(sql.c_str())), SQL_NTS),
            SQL_HANDLE_STMT, stmt_, "executing " + sql);
}

void OdbcStatement::CloseCursor() { SQLFreeStmt(stmt_, SQL_CLOSE); }

void OdbcStatement::ResetParameters() {
  SQLFreeStmt(stmt_, SQL_RESET_PARAMS);
  SQLSetStmtAttr(stmt_, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(1), 0);
  SQLSetStmtAttr(stmt_, SQL_ATTR_PARAM_STATUS_PTR, nullptr, 0);
}

std::vector<OdbcColumn> OdbcStatement::ResultColumns() {
  SQLSMALLINT count = 0;
  CheckOdbc(SQLNumResultCols(stmt_, &count), SQL_HANDLE_STMT, stmt_, "reading the result columns of " + sql_);
  std::vector<OdbcColumn> out;
  for (SQLUSMALLINT i = 1; i <= static_cast<SQLUSMALLINT>(count); ++i) {
    SQLWCHAR name[512] = {0};
    SQLSMALLINT name_len = 0;
    OdbcColumn c;
    SQLSMALLINT nullable = SQL_NULLABLE_UNKNOWN;
    CheckOdbc(SQLDescribeColW(stmt_, i, name, sizeof(name) / sizeof(name[0]), &name_len, &c.sql_type, &c.column_size,
                              &c.decimal_digits, &nullable),
              SQL_HANDLE_STMT, stmt_, "describing result column " + std::to_string(i) + " of " + sql_);
    c.name = Utf16ToUtf8(name, std::min<size_t>(static_cast<size_t>(name_len), sizeof(name) / sizeof(name[0]) - 1));
    c.nullable = nullable != SQL_NO_NULLS;
    SQLLEN unsigned_attr = SQL_FALSE;
    SQLColAttribute(stmt_, i, SQL_DESC_UNSIGNED, nullptr, 0, nullptr, &unsigned_attr);
    c.is_unsigned = unsigned_attr == SQL_TRUE;
    SQLLEN autoinc = SQL_FALSE;
    SQLColAttribute(stmt_, i, SQL_DESC_AUTO_UNIQUE_VALUE, nullptr, 0, nullptr, &autoinc);
    c.auto_increment = autoinc == SQL_TRUE;
    out.push_back(std::move(c));
  }
  return out;
}

void OdbcStatement::BindColumn(SQLUSMALLINT column, SQLSMALLINT c_type, SQLLEN max_bytes) {
  if (column == 0 || !connection_.ReadsBoundColumns()) return;
  auto cell = std::make_unique<BoundCell>();
  cell->c_type = c_type;
  cell->buffer.resize((static_cast<size_t>(max_bytes) + sizeof(SQLBIGINT) - 1) / sizeof(SQLBIGINT));
  CheckOdbc(SQLBindCol(stmt_, column, c_type, cell->data(), cell->capacity(), &cell->indicator), SQL_HANDLE_STMT,
            stmt_, "binding column " + std::to_string(column) + " of " + sql_);
  if (bound_.size() < column) bound_.resize(column);
  bound_[column - 1] = std::move(cell);
}

OdbcStatement::BoundCell* OdbcStatement::Bound(SQLUSMALLINT column, SQLSMALLINT c_type) {
  if (column == 0 || column > bound_.size() || !bound_[column - 1]) return nullptr;
  BoundCell* cell = bound_[column - 1].get();
  return cell->c_type == c_type ? cell : nullptr;
}

bool OdbcStatement::Fetch() {
  SQLRETURN rc = SQLFetch(stmt_);
  if (rc == SQL_NO_DATA) return false;
  CheckOdbc(rc, SQL_HANDLE_STMT, stmt_, "fetching from " + sql_);
  return true;
}

bool OdbcStatement::GetFixed(SQLUSMALLINT column, SQLSMALLINT c_type, void* out, SQLLEN size) {
  if (BoundCell* cell = Bound(column, c_type)) {
    if (cell->indicator == SQL_NULL_DATA) return false;
    std::memcpy(out, cell->data(), static_cast<size_t>(std::min(size, cell->capacity())));
    return true;
  }
  SQLLEN ind = 0;
  CheckOdbc(SQLGetData(stmt_, column, c_type, out, size, &ind), SQL_HANDLE_STMT, stmt_,
            "reading column " + std::to_string(column) + " of " + sql_);
  return ind != SQL_NULL_DATA;
}

bool OdbcStatement::GetInt64(SQLUSMALLINT column, int64_t* out) {
  SQLBIGINT v = 0;
  if (!GetFixed(column, SQL_C_SBIGINT, &v, sizeof(v))) return false;
  *out = v;
  return true;
}

bool OdbcStatement::GetDouble(SQLUSMALLINT column, double* out) { return GetFixed(column, SQL_C_DOUBLE, out, sizeof(*out)); }

bool OdbcStatement::GetChunks(SQLUSMALLINT column, SQLSMALLINT c_type, std::string* raw) {
  raw->clear();
  // Text chunks end in a NUL terminator of one character that is not data.
  const size_t terminator = c_type == SQL_C_WCHAR ? sizeof(SQLWCHAR) : (c_type == SQL_C_CHAR ? 1 : 0);
  if (BoundCell* cell = Bound(column, c_type)) {
    if (cell->indicator == SQL_NULL_DATA) return false;
    // A cell that did not fit is read whole with SQLGetData below (SQL_GD_BOUND).
    if (cell->indicator != SQL_NO_TOTAL && cell->indicator + static_cast<SQLLEN>(terminator) <= cell->capacity()) {
      raw->assign(cell->data(), static_cast<size_t>(cell->indicator));
      return true;
    }
  }
  char buf[8192];
  for (;;) {
    SQLLEN ind = 0;
    SQLRETURN rc = SQLGetData(stmt_, column, c_type, buf, sizeof(buf), &ind);
    if (rc == SQL_NO_DATA) return true;
    CheckOdbc(rc, SQL_HANDLE_STMT, stmt_, "reading column " + std::to_string(column) + " of " + sql_);
    if (ind == SQL_NULL_DATA) return false;
    size_t room = sizeof(buf) - terminator;
    if (ind == SQL_NO_TOTAL || static_cast<size_t>(ind) > room) {
      raw->append(buf, room - room % (terminator ? terminator : 1));
      if (rc == SQL_SUCCESS) return true;
      continue;
    }
    raw->append(buf, static_cast<size_t>(ind));
    return true;
  }
}

bool OdbcStatement::GetText(SQLUSMALLINT column, std::string* out) {
  std::string raw;
  if (!GetChunks(column, SQL_C_WCHAR, &raw)) return false;
  *out = Utf16ToUtf8(reinterpret_cast<const SQLWCHAR*>(raw.data()), raw.size() / sizeof(SQLWCHAR));
  return true;
}

bool OdbcStatement::GetBinary(SQLUSMALLINT column, std::string* out) { return GetChunks(column, SQL_C_BINARY, out); }

bool OdbcStatement::GetTimestamp(SQLUSMALLINT column, SQL_TIMESTAMP_STRUCT* out) {
  return GetFixed(column, SQL_C_TYPE_TIMESTAMP, out, sizeof(*out));
}

bool OdbcStatement::GetDate(SQLUSMALLINT column, SQL_DATE_STRUCT* out) {
  return GetFixed(column, SQL_C_TYPE_DATE, out, sizeof(*out));
}

void OdbcStatement::BindParameter(SQLUSMALLINT number, SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLULEN column_size,
                                  SQLSMALLINT decimal_digits, void* value, SQLLEN element_size, SQLLEN* lengths) {
  CheckOdbc(SQLBindParameter(stmt_, number, SQL_PARAM_INPUT, c_type, sql_type, column_size, decimal_digits, value,
                             element_size, lengths),
            SQL_HANDLE_STMT, stmt_, "binding parameter " + std::to_string(number) + " of " + sql_);
}

void OdbcStatement::SetParameterArray(SQLULEN rows, SQLUSMALLINT* status) {
  // Column-wise binding: each parameter's values are consecutive elements of its own array.
  CheckOdbc(SQLSetStmtAttr(stmt_, SQL_ATTR_PARAM_BIND_TYPE, reinterpret_cast<SQLPOINTER>(SQL_PARAM_BIND_BY_COLUMN), 0),
            SQL_HANDLE_STMT, stmt_, "selecting column-wise parameter binding");
  CheckOdbc(SQLSetStmtAttr(stmt_, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(rows), 0), SQL_HANDLE_STMT,
            stmt_, "setting the parameter array size");
  CheckOdbc(SQLSetStmtAttr(stmt_, SQL_ATTR_PARAM_STATUS_PTR, status, 0), SQL_HANDLE_STMT, stmt_,
            "setting the parameter status array");
}

// ---- text -------------------------------------------------------------------------------

std::string Utf16ToUtf8(const SQLWCHAR* text, size_t units) {
  std::string out;
  out.reserve(units);
  for (size_t i = 0; i < units; ++i) {
    uint32_t cp = text[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (text[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

std::basic_string<SQLWCHAR> Utf8ToUtf16(std::string_view text) {
  std::basic_string<SQLWCHAR> out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    uint32_t cp = 0xFFFD;
    size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 0x6 && i + 1 < text.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      len = 2;
    } else if ((c >> 4) == 0xE && i + 2 < text.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      len = 3;
    } else if ((c >> 3) == 0x1E && i + 3 < text.size()) {
      cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(text[i + 2]) & 0x3Fu) << 6) | (static_cast<unsigned char>(text[i + 3]) & 0x3Fu);
      len = 4;
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<SQLWCHAR>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<SQLWCHAR>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<SQLWCHAR>(cp));
    }
  }
  return out;
}

}  // namespace odbc
}  // namespace connectd
