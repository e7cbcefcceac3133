#include "pg_connection.h"

#include <cstring>

#include "connectd/sdk.hpp"

namespace connectd {
namespace pgcdc {

namespace {

std::string TrimMessage(const char* message) {
  std::string m = message != nullptr ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// SQLSTATE classes and codes that mean "try again later": connection exceptions, the server
// shutting down or starting, serialization conflicts, too many connections, and an object in use
// (the slot still held by the walsender of a connection that died without closing).
bool TransientState(const std::string& state) {
  return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "40001" || state == "40P01" || state == "53300" || state == "55006";
}

}  // namespace

PgConnection::PgConnection(const PgConnectionSettings& s, bool replication, std::string what)
    : what_(std::move(what)) {
  std::string timeout = std::to_string(s.connect_timeout_s);
  std::vector<const char*> keys;
  std::vector<const char*> values;
  auto add = [&](const char* k, const std::string& v) {
    if (v.empty()) return;
    keys.push_back(k);
    values.push_back(v.c_str());
  };
  add("host", s.host);
  add("port", s.port);
  add("user", s.user);
  add("password", s.password);
  add("dbname", s.dbname);
  add("sslmode", s.sslmode);
  add("connect_timeout", timeout);
  add("application_name", s.application_name);
  // Column values are parsed from their text output: fix the settings that shape it, for the
  // snapshot's queries and the walsender's pgoutput/wal2json output alike.
  static const std::string kTextSettings =
      "-c DateStyle=ISO -c IntervalStyle=postgres -c bytea_output=hex -c extra_float_digits=3 -c TimeZone=UTC";
  add("options", kTextSettings);
  static const std::string kDatabase = "database";
  if (replication) add("replication", kDatabase);
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), 0);
  if (conn_ == nullptr) throw sdk::RetriableException(what_ + ": out of memory creating a libpq connection");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = TrimMessage(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    std::string where = what_ + " to " + s.host + ":" + s.port + "/" + s.dbname + " as '" + s.user + "'";
    // libpq reports no SQLSTATE for a failed connection; the server's text tells auth apart.
    bool permanent = message.find("password authentication failed") != std::string::npos ||
                     message.find("does not exist") != std::string::npos ||
                     message.find("no pg_hba.conf entry") != std::string::npos ||
                     message.find("permission denied") != std::string::npos;
    std::string text = "cannot open the " + where + ": " + message;
    if (permanent) throw sdk::ConnectException(text + " (check database.user, database.password and database.dbname)");
    throw sdk::RetriableException(text);
  }
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

void PgConnection::fail(const std::string& action, const PGresult* result) {
  std::string state;
  std::string message;
  if (result != nullptr) {
    const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    if (s != nullptr) state = s;
    message = TrimMessage(PQresultErrorMessage(result));
  }
  if (message.empty()) message = TrimMessage(PQerrorMessage(conn_));
  std::string text = what_ + ": " + action + " failed: " + message + (state.empty() ? "" : " (SQLSTATE " + state + ")");
  if (PQstatus(conn_) != CONNECTION_OK || TransientState(state)) throw sdk::RetriableException(text);
  throw sdk::ConnectException(text);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<const char*>& params, const char* what) {
  PGresult* r = params.empty() ? PQexec(conn_, sql.c_str())
                               : PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                                              params.data(), nullptr, nullptr, 0);
  PgResult result(r);
  ExecStatusType status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    fail(what != nullptr ? std::string(what) : "\"" + sql.substr(0, 120) + "\"", r);
  }
  return result;
}

std::string PgConnection::tryExec(const std::string& sql) {
  PgResult result(PQexec(conn_, sql.c_str()));
  ExecStatusType status = result.raw() != nullptr ? PQresultStatus(result.raw()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return std::string();
  std::string message = TrimMessage(result.raw() != nullptr ? PQresultErrorMessage(result.raw()) : PQerrorMessage(conn_));
  return message.empty() ? "unknown error" : message;
}

std::string PgConnection::quoteIdentifier(std::string_view name) const {
  char* q = PQescapeIdentifier(conn_, name.data(), name.size());
  if (q == nullptr) throw sdk::ConnectException(what_ + ": cannot quote identifier " + std::string(name));
  std::string out(q);
  PQfreemem(q);
  return out;
}

std::string PgConnection::quoteLiteral(std::string_view text) const {
  char* q = PQescapeLiteral(conn_, text.data(), text.size());
  if (q == nullptr) throw sdk::ConnectException(what_ + ": cannot quote literal");
  std::string out(q);
  PQfreemem(q);
  return out;
}

}  // namespace pgcdc
}  // namespace connectd
