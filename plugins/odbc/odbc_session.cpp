#include "odbc_session.h"

#include "ascii_case.h"

namespace connectd {
namespace odbc {
namespace {

DialectKind DialectOfDbms(std::string_view dbms) {
  if (ContainsIgnoreCase(dbms, "postgres")) return DialectKind::kPostgres;
  if (ContainsIgnoreCase(dbms, "mariadb") || ContainsIgnoreCase(dbms, "mysql")) return DialectKind::kMySql;
  if (ContainsIgnoreCase(dbms, "sqlite")) return DialectKind::kSqlite;
  return DialectKind::kGeneric;
}

}  // namespace

void DefineConnectionKeys(sdk::ConfigDef& def) {
  sdk::ConfigDef::Key url;
  url.name = "connection.url";
  url.importance = CD_IMPORTANCE_HIGH;
  url.required = true;
  url.documentation =
      "JDBC URL (jdbc:postgresql://host:port/db, jdbc:mysql://..., jdbc:mariadb://..., jdbc:sqlite:path) translated "
      "to the installed ODBC driver, or an ODBC connection string (Driver=...;Server=...; or DSN=...).";
  def.define(std::move(url));
  def.define("connection.user", CD_CONFIG_STRING, std::string(), CD_IMPORTANCE_HIGH, "Database user.");
  def.define("connection.password", CD_CONFIG_PASSWORD, std::string(), CD_IMPORTANCE_HIGH, "Database password.");
  sdk::ConfigDef::Key attempts;
  attempts.name = "connection.attempts";
  attempts.type = CD_CONFIG_INT;
  attempts.default_value = "3";
  attempts.range = std::make_pair(1.0, 2147483647.0);
  attempts.documentation = "How many times to try connecting before failing.";
  def.define(std::move(attempts));
  def.define("connection.backoff.ms", CD_CONFIG_LONG, std::string("10000"), CD_IMPORTANCE_LOW,
             "Milliseconds between connection attempts.");
  sdk::ConfigDef::Key dialect;
  dialect.name = "dialect.name";
  dialect.default_value = "";
  dialect.importance = CD_IMPORTANCE_LOW;
  dialect.valid_values = {"", "GenericDatabaseDialect", "PostgreSqlDatabaseDialect", "MySqlDatabaseDialect",
                          "SqliteDatabaseDialect"};
  dialect.documentation = "The database dialect; empty picks it from the URL or the server.";
  def.define(std::move(dialect));
  sdk::ConfigDef::Key quote;
  quote.name = "quote.sql.identifiers";
  quote.default_value = "always";
  quote.importance = CD_IMPORTANCE_MEDIUM;
  quote.valid_values = {"always", "never"};
  quote.documentation = "Whether table and column names are quoted in SQL statements.";
  def.define(std::move(quote));
}

ConnectionSettings ReadConnectionSettings(const sdk::Config& config) {
  ConnectionSettings s;
  s.target = TranslateConnectionUrl(config.getString("connection.url"), config.get("connection.user").value_or(""),
                                    config.get("connection.password").value_or(""), InstalledOdbcDrivers());
  s.attempts = config.getInt("connection.attempts");
  s.backoff_ms = config.getLong("connection.backoff.ms");
  s.dialect_name = config.get("dialect.name").value_or("");
  s.quote_identifiers = config.get("quote.sql.identifiers").value_or("always") != "never";
  if (!s.dialect_name.empty()) {
    DialectKind kind;
    if (!DialectFromName(s.dialect_name, &kind)) {
      throw sdk::ConnectException("dialect.name \"" + s.dialect_name + "\" is not a known dialect");
    }
  }
  return s;
}

void OpenSession(OdbcSession& session, const ConnectionSettings& settings, sdk::Context& context) {
  for (int32_t attempt = 1;; ++attempt) {
    try {
      session.connection.Connect(settings.target.connection_string, settings.target.redacted);
      break;
    } catch (const OdbcError& e) {
      // Bad credentials or an unknown database do not heal by waiting; the rest may, for
      // connection.attempts tries, after which the connector's task fails as Confluent's does.
      const std::string& state = e.sqlstate();
      bool permanent = state.rfind("28", 0) == 0 || state == "3D000" || state == "42000";
      if (permanent || attempt >= settings.attempts) {
        throw OdbcError(std::string(e.what()) + " (after " + std::to_string(attempt) + " of connection.attempts=" +
                            std::to_string(settings.attempts) + ")",
                        e.sqlstate(), false);
      }
      context.warn(std::string(e.what()) + " (attempt " + std::to_string(attempt) + " of " +
                   std::to_string(settings.attempts) + ", next in " + std::to_string(settings.backoff_ms) + " ms)");
      if (context.wait(settings.backoff_ms)) throw;
    }
  }
  DialectKind kind = settings.target.dialect;
  if (!settings.dialect_name.empty()) {
    DialectFromName(settings.dialect_name, &kind);
  } else if (kind == DialectKind::kGeneric) {
    kind = DialectOfDbms(session.connection.DbmsName());
  }
  session.dialect = std::make_unique<SqlDialect>(kind, settings.quote_identifiers);
  for (const std::string& sql : session.dialect->SessionSetup()) session.connection.Execute(sql);
}

}  // namespace odbc
}  // namespace connectd
