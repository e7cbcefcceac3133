// What the ODBC source and sink share about reaching the database: the connection keys of
// Confluent's JDBC connectors (connection.url/user/password/attempts/backoff.ms, dialect.name,
// quote.sql.identifiers), their translation to an ODBC connection, and connecting with retries.
//
// Threading: called from the connector's or task's own thread. Errors: ConnectException naming
// the config key; OdbcError when the database stays unreachable after every attempt.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "connection_url.h"
#include "connectd/sdk.hpp"
#include "odbc_connection.h"
#include "sql_dialect.h"

namespace connectd {
namespace odbc {

// Adds the connection keys (with Confluent's defaults and docs) to a connector's config table.
void DefineConnectionKeys(sdk::ConfigDef& def);

struct ConnectionSettings {
  OdbcTarget target;
  int32_t attempts = 3;          // connection.attempts
  int64_t backoff_ms = 10000;    // connection.backoff.ms
  std::string dialect_name;      // dialect.name ("" = from the URL, then from the DBMS)
  bool quote_identifiers = true; // quote.sql.identifiers = always | never
};

// Reads and translates the keys above. Throws ConnectException naming the key at fault.
ConnectionSettings ReadConnectionSettings(const sdk::Config& config);

// An open connection and the dialect that speaks to it.
struct OdbcSession {
  OdbcConnection connection;
  std::unique_ptr<SqlDialect> dialect;
};

// Connects, trying `attempts` times `backoff_ms` apart (returning early, with the last error,
// when the host asks to stop), picks the dialect (dialect.name, else the URL's, else the DBMS
// name) and runs its session setup. Leaves autocommit on.
void OpenSession(OdbcSession& session, const ConnectionSettings& settings, sdk::Context& context);

}  // namespace odbc
}  // namespace connectd
