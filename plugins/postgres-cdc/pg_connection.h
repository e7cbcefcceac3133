// A libpq connection to PostgreSQL for the CDC source: a normal one (catalog, publication and
// snapshot queries) or a logical replication one (replication=database: IDENTIFY_SYSTEM,
// CREATE_REPLICATION_SLOT, START_REPLICATION).
//
// Errors are thrown as sdk exceptions so they reach the host with their class: a server that
// cannot be reached or went away is sdk::RetriableException (the host backs off and the task
// reconnects); bad credentials, an unknown database and SQL errors are sdk::ConnectException.
// The password never appears in a message.
//
// Threading: one connection is used by one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace connectd {
namespace pgcdc {

// Debezium's database.* keys.
struct PgConnectionSettings {
  std::string host;
  std::string port;
  std::string user;
  std::string password;
  std::string dbname;
  std::string sslmode;          // database.sslmode: disable, prefer, require, verify-ca, verify-full
  int connect_timeout_s = 30;   // from database.connect.timeout.ms (rounded up)
  std::string application_name = "connectd";
};

// An owned PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r, PQclear) {}
  PGresult* raw() const { return r_.get(); }
  int rows() const { return PQntuples(r_.get()); }
  int columns() const { return PQnfields(r_.get()); }
  bool isNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view text(int row, int col) const {
    return std::string_view(PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col)));
  }
  std::string string(int row, int col) const { return std::string(text(row, col)); }
  // The column's number by name, or -1.
  int column(const char* name) const { return PQfnumber(r_.get(), name); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

class PgConnection {
 public:
  // Connects (blocking, bounded by connect_timeout_s). `what` names the connection in errors
  // ("replication connection").
  PgConnection(const PgConnectionSettings& settings, bool replication, std::string what);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` with text parameters (nullptr entries are SQL NULL) and returns its result,
  // which must be a command-ok or tuples-ok status; otherwise throws, naming `sql`'s purpose
  // given in `what` and the server's message and SQLSTATE.
  PgResult exec(const std::string& sql, const std::vector<const char*>& params = {}, const char* what = nullptr);
  // Runs a command that returns nothing and may fail harmlessly; returns the server's error
  // message, or empty when it succeeded.
  std::string tryExec(const std::string& sql);

  // Throws RetriableException when the connection is gone (after `action` failed).
  [[noreturn]] void fail(const std::string& action, const PGresult* result = nullptr);

  PGconn* raw() const { return conn_; }
  const std::string& description() const { return what_; }
  // SQL-quoted identifier and literal (libpq's own escaping).
  std::string quoteIdentifier(std::string_view name) const;
  std::string quoteLiteral(std::string_view text) const;

 private:
  PGconn* conn_ = nullptr;
  std::string what_;
};

}  // namespace pgcdc
}  // namespace connectd
