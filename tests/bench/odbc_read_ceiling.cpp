// odbc_read_ceiling: reads a query's rows through ODBC the fastest way the API offers and
// discards them, to measure what the driver alone allows a connector that reads through it.
// bench_odbc_postgres.py runs it beside COPY TO and the JDBC source.
//
// Usage:  odbc_read_ceiling CONNECTION_STRING QUERY [ROWS_PER_FETCH]
//   Every column is bound (column-wise arrays of ROWS_PER_FETCH rows, default 1000) as the C
//   type the ODBC source reads it as: integers as SQL_C_SBIGINT, floating point as SQL_C_DOUBLE,
//   dates and timestamps as their structs, everything else as SQL_C_WCHAR (4096 units; longer
//   cells are cut, which only makes this reference faster).
// Prints "ROWS SECONDS" (from SQLExecDirect to the last fetch). Exit 0, or 1 with the ODBC
// diagnostic on stderr.
#include <sql.h>
#include <sqlext.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

bool Check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE handle, const char* what) {
  if (SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA) return true;
  SQLCHAR state[6] = {0};
  SQLCHAR message[1024] = {0};
  SQLINTEGER native = 0;
  SQLSMALLINT length = 0;
  SQLGetDiagRecA(type, handle, 1, state, &native, message, sizeof(message), &length);
  std::fprintf(stderr, "odbc_read_ceiling: %s: [%s] %s\n", what, state, message);
  return false;
}

struct BoundColumn {
  SQLSMALLINT c_type = SQL_C_WCHAR;
  SQLLEN element_bytes = 0;
  std::vector<SQLBIGINT> buffer;  // 8-byte aligned
  std::vector<SQLLEN> indicators;
};

BoundColumn ColumnFor(SQLSMALLINT sql_type, SQLULEN rows) {
  BoundColumn c;
  switch (sql_type) {
    case SQL_TINYINT:
    case SQL_SMALLINT:
    case SQL_INTEGER:
    case SQL_BIGINT:
    case SQL_BIT:
      c.c_type = SQL_C_SBIGINT;
      c.element_bytes = sizeof(SQLBIGINT);
      break;
    case SQL_REAL:
    case SQL_FLOAT:
    case SQL_DOUBLE:
      c.c_type = SQL_C_DOUBLE;
      c.element_bytes = sizeof(double);
      break;
    case SQL_TYPE_DATE:
      c.c_type = SQL_C_TYPE_DATE;
      c.element_bytes = sizeof(SQL_DATE_STRUCT);
      break;
    case SQL_TYPE_TIMESTAMP:
      c.c_type = SQL_C_TYPE_TIMESTAMP;
      c.element_bytes = sizeof(SQL_TIMESTAMP_STRUCT);
      break;
    default:
      c.c_type = SQL_C_WCHAR;
      c.element_bytes = 4097 * sizeof(SQLWCHAR);
      break;
  }
  // Elements are 8-byte multiples so that every element of the array stays aligned.
  c.element_bytes = (c.element_bytes + 7) / 8 * 8;
  c.buffer.resize(static_cast<size_t>(c.element_bytes) / 8 * rows);
  c.indicators.resize(rows);
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: odbc_read_ceiling CONNECTION_STRING QUERY [ROWS_PER_FETCH]\n");
    return 2;
  }
  const SQLULEN rows = argc == 4 ? std::strtoul(argv[3], nullptr, 10) : 1000;
  if (rows == 0) {
    std::fprintf(stderr, "odbc_read_ceiling: ROWS_PER_FETCH must be a positive number\n");
    return 2;
  }
  SQLHENV env = SQL_NULL_HENV;
  SQLHDBC dbc = SQL_NULL_HDBC;
  SQLHSTMT stmt = SQL_NULL_HSTMT;
  SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
  SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
  SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
  std::string connection = argv[1];
  if (!Check(SQLDriverConnectA(dbc, nullptr, reinterpret_cast<SQLCHAR*>(connection.data()), SQL_NTS, nullptr, 0,
                               nullptr, SQL_DRIVER_NOPROMPT),
             SQL_HANDLE_DBC, dbc, "connecting")) {
    return 1;
  }
  SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt);
  SQLULEN fetched = 0;
  SQLSetStmtAttr(stmt, SQL_ATTR_ROW_BIND_TYPE, reinterpret_cast<SQLPOINTER>(SQL_BIND_BY_COLUMN), 0);
  SQLSetStmtAttr(stmt, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(rows), 0);
  SQLSetStmtAttr(stmt, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);

  const auto started = std::chrono::steady_clock::now();
  std::string query = argv[2];
  if (!Check(SQLExecDirectA(stmt, reinterpret_cast<SQLCHAR*>(query.data()), SQL_NTS), SQL_HANDLE_STMT, stmt,
             "executing the query")) {
    return 1;
  }
  SQLSMALLINT count = 0;
  SQLNumResultCols(stmt, &count);
  std::vector<BoundColumn> columns;
  columns.reserve(static_cast<size_t>(count));
  for (SQLSMALLINT i = 1; i <= count; ++i) {
    SQLSMALLINT sql_type = 0;
    SQLDescribeColA(stmt, static_cast<SQLUSMALLINT>(i), nullptr, 0, nullptr, &sql_type, nullptr, nullptr, nullptr);
    columns.push_back(ColumnFor(sql_type, rows));
    BoundColumn& c = columns.back();
    if (!Check(SQLBindCol(stmt, static_cast<SQLUSMALLINT>(i), c.c_type, c.buffer.data(), c.element_bytes,
                          c.indicators.data()),
               SQL_HANDLE_STMT, stmt, "binding a column")) {
      return 1;
    }
  }
  long long total = 0;
  for (;;) {
    SQLRETURN rc = SQLFetch(stmt);
    if (rc == SQL_NO_DATA) break;
    if (!Check(rc, SQL_HANDLE_STMT, stmt, "fetching")) return 1;
    total += static_cast<long long>(fetched);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%lld %.6f\n", total, seconds);
  SQLFreeHandle(SQL_HANDLE_STMT, stmt);
  SQLDisconnect(dbc);
  SQLFreeHandle(SQL_HANDLE_DBC, dbc);
  SQLFreeHandle(SQL_HANDLE_ENV, env);
  return 0;
}
