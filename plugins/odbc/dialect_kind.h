// The database families the ODBC plugins know. Each owns its identifier quoting, type names,
// upsert syntax and session setup (sql_dialect.h); kGeneric is plain SQL-92 for the rest.
#pragma once

namespace connectd {
namespace odbc {

enum class DialectKind {
  kGeneric,
  kPostgres,
  kMySql,  // MySQL and MariaDB
  kSqlite,
};

}  // namespace odbc
}  // namespace connectd
