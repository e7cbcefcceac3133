// From the JDBC connectors' `connection.url` (plus `connection.user`/`connection.password` and
// `dialect.name`) to what ODBC needs: a SQLDriverConnect connection string, a copy of it that is
// safe to log, and the database family. Users bring their Confluent JdbcSource/SinkConnector
// configs unchanged, so JDBC URLs are translated; a ready ODBC connection string is also accepted.
//
// Pure functions of their arguments (the caller asks ODBC for the installed driver names), safe
// to call from any thread. Errors are thrown as connectd::sdk::ConnectException whose message
// names `connection.url`, shows the URL with its password redacted and says what to change.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dialect_kind.h"

namespace connectd {
namespace odbc {

// Confluent's dialect class name for `kind`: "GenericDatabaseDialect",
// "PostgreSqlDatabaseDialect", "MySqlDatabaseDialect" or "SqliteDatabaseDialect". Static storage.
const char* DialectName(DialectKind kind);

// The `dialect.name` config value to a kind, matched like Confluent does (exact name first, then
// ignoring case). "" (the default, meaning "detect from the URL") returns true and leaves *out
// unchanged, so a caller can preset *out to the detected dialect. False for any other name,
// including Confluent dialects this plugin does not have (e.g. "OracleDatabaseDialect").
bool DialectFromName(std::string_view name, DialectKind* out);

struct OdbcTarget {
  std::string connection_string;  // for SQLDriverConnect
  std::string redacted;           // the same with each password value replaced by "********"
  DialectKind dialect = DialectKind::kGeneric;  // from the URL scheme or the Driver= value
};

// Translates `connection.url` into an ODBC connection string.
//
// JDBC URLs (the driver is chosen from `installed_drivers`, see below):
//   jdbc:postgresql://host[:port][/database][?k=v&...]  port 5432; params user, password and
//       sslmode become Uid, Pwd and SSLmode, other params are ignored.
//   jdbc:mysql://... and jdbc:mariadb://...  the same shape, port 3306; params user and password
//       are used, the rest (useSSL, sslMode, ...) is ignored.
//   Hosts may be IPv6 in brackets ([::1]:5432) and may carry user[:password]@ (Connector/J
//   style). The database name and parameter values are percent-decoded.
//   jdbc:sqlite:PATH and jdbc:sqlite::memory:  Database=PATH; a ?query is ignored. SQLite has no
//       users, so no Uid/Pwd is written for it.
//   Output keys are in the order Driver, Server, Port, Database, Uid, Pwd, then SSLmode and,
//   for PostgreSQL, BoolsAsChar=0 (so bool columns come as SQL_BIT, like pgjdbc's BIT); the
//   Driver value is always braced, e.g. "Driver={PostgreSQL Unicode};Server=h;Port=5432;
//   Database=db;Uid=u;Pwd=p;SSLmode=require;BoolsAsChar=0;".
// ODBC connection strings: anything not starting with "jdbc:" that contains '=' (e.g.
//   "DSN=mydsn;" or "Driver=PostgreSQL Unicode;Server=...;"), used as it is. The dialect is guessed
//   from its Driver= value (PostgreSQL, MariaDB, MySQL, SQLite, ignoring case), kGeneric otherwise.
//
// `user`/`password` (connection.user/connection.password, "" = not set) override the URL's. For an
// ODBC string the existing keys are removed (UID/USER/USERNAME, PWD/PASSWORD, ignoring case),
// because ODBC uses the first of repeated keys, and Uid=/Pwd= are appended.
// Values containing ';', '{', '}' or leading/trailing spaces are written as {value} with '}'
// doubled, as ODBC requires. Two drivers here do not unbrace (checked with psqlODBC 13.02 and
// sqliteodbc): psqlODBC only unbraces Pwd, so a PostgreSQL host, database, user or sslmode that
// needs braces is rejected; sqliteodbc unbraces nothing, so the SQLite path is written unbraced
// and one containing ';' is rejected. MariaDB Connector/ODBC unbraces every value.
//
// `installed_drivers`: the driver names SQLDrivers lists, e.g. {"PostgreSQL ANSI",
// "PostgreSQL Unicode","MariaDB Unicode","SQLite","SQLite3"}. Postgres takes a name containing
// "PostgreSQL", MySQL/MariaDB one containing "MariaDB" or "MySQL" (both preferring one containing
// "Unicode", else the first listed), SQLite one containing "SQLite3" (never the SQLite 2 driver).
//
// Throws ConnectException for a malformed or unsupported URL (other JDBC subprotocols, missing
// host, several hosts, bad port, unbalanced braces, values the driver cannot receive) and when no
// fitting driver is installed (then naming the Debian package to install: odbc-postgresql,
// odbc-mariadb or libsqliteodbc).
OdbcTarget TranslateConnectionUrl(std::string_view url, std::string_view user,
                                  std::string_view password,
                                  const std::vector<std::string>& installed_drivers);

}  // namespace odbc
}  // namespace connectd
