#include "connection_url.h"

#include <cctype>
#include <cstddef>
#include <initializer_list>
#include <optional>

#include "ascii_case.h"
#include "connectd/sdk.hpp"

namespace connectd {
namespace odbc {
namespace {

using sdk::ConnectException;

constexpr char kMask[] = "********";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsUserKey(std::string_view key) {
  return EqualsIgnoreCase(key, "UID") || EqualsIgnoreCase(key, "USER") ||
         EqualsIgnoreCase(key, "USERNAME");
}
bool IsPasswordKey(std::string_view key) {
  return EqualsIgnoreCase(key, "PWD") || EqualsIgnoreCase(key, "PASSWORD");
}

// ---- ODBC connection string syntax ---------------------------------------------------------

// Whether ODBC's rules need `value` written as {value}.
bool NeedsBraces(std::string_view value) {
  return value.find_first_of(";{}") != std::string_view::npos ||
         (!value.empty() && (value.front() == ' ' || value.back() == ' '));
}

// How a value is written: the Driver value always braced (the driver manager reads it), others
// braced when NeedsBraces, or never for drivers that take braces literally (sqliteodbc).
enum class Braces { kIfNeeded, kAlways, kNever };

// `key=value;`.
void AppendPair(std::string_view key, std::string_view value, Braces braces, std::string* out) {
  bool brace = braces == Braces::kAlways || (braces == Braces::kIfNeeded && NeedsBraces(value));
  out->append(key);
  out->push_back('=');
  if (!brace) {
    out->append(value);
  } else {
    out->push_back('{');
    for (char c : value) {
      out->push_back(c);
      if (c == '}') out->push_back('}');
    }
    out->push_back('}');
  }
  out->push_back(';');
}

// One `key=value` of an ODBC connection string: the key trimmed, the value decoded (braces
// removed, "}}" undoubled) and where its parts are in the string.
struct OdbcPair {
  std::string key;
  std::string value;
  size_t key_begin;    // the segment's first byte
  size_t value_begin;  // just after '='
  size_t value_end;    // at the terminating ';' or the end
  size_t next;         // just after the terminating ';'
};

// Splits an ODBC connection string into its pairs; empty segments (";;", a trailing ';') are
// skipped. Returns a reason when the string is malformed.
std::optional<std::string> ParseOdbcString(std::string_view s, std::vector<OdbcPair>* pairs) {
  size_t i = 0;
  while (i < s.size()) {
    size_t eq = s.find_first_of("=;", i);
    if (eq == std::string_view::npos || s[eq] == ';') {
      std::string_view segment = Trim(s.substr(i, eq == std::string_view::npos ? eq : eq - i));
      if (!segment.empty()) {
        return "'" + std::string(segment) + "' is not a key=value pair";
      }
      i = eq == std::string_view::npos ? s.size() : eq + 1;
      continue;
    }
    OdbcPair pair;
    pair.key = std::string(Trim(s.substr(i, eq - i)));
    if (pair.key.empty()) return std::string("a value has no key");
    pair.key_begin = i;
    pair.value_begin = eq + 1;
    size_t v = eq + 1;
    while (v < s.size() && s[v] == ' ') ++v;
    size_t end;
    if (v < s.size() && s[v] == '{') {
      size_t j = v + 1;
      for (;; ++j) {
        if (j >= s.size()) return "the value of " + pair.key + " has no closing '}'";
        if (s[j] != '}') {
          pair.value.push_back(s[j]);
        } else if (j + 1 < s.size() && s[j + 1] == '}') {
          pair.value.push_back('}');
          ++j;
        } else {
          break;
        }
      }
      end = j + 1;
      while (end < s.size() && s[end] == ' ') ++end;
      if (end < s.size() && s[end] != ';') {
        return "the braced value of " + pair.key + " is followed by text before ';'";
      }
    } else {
      end = s.find(';', v);
      if (end == std::string_view::npos) end = s.size();
      pair.value = std::string(Trim(s.substr(v, end - v)));
    }
    pair.value_end = end;
    pair.next = end < s.size() ? end + 1 : end;
    i = pair.next;
    pairs->push_back(std::move(pair));
  }
  return std::nullopt;
}

// `s` without the pairs `drop` selects and with the values `mask` selects replaced by kMask; the
// rest is kept byte for byte.
template <typename Drop, typename Mask>
std::string RenderOdbcString(std::string_view s, const std::vector<OdbcPair>& pairs, Drop drop,
                             Mask mask) {
  std::string out;
  size_t pos = 0;
  for (const OdbcPair& pair : pairs) {
    out.append(s.substr(pos, pair.key_begin - pos));
    if (drop(pair)) {
      pos = pair.next;
      continue;
    }
    out.append(s.substr(pair.key_begin, pair.value_begin - pair.key_begin));
    if (mask(pair)) {
      out.append(kMask);
    } else {
      out.append(s.substr(pair.value_begin, pair.value_end - pair.value_begin));
    }
    pos = pair.value_end;
  }
  out.append(s.substr(pos));
  return out;
}

// Redacts a string that failed to parse: everything from a password key's '=' to the next ';'
// (or to the end when the value opens a brace) is masked.
std::string RedactUnparsable(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t eq = s.find_first_of("=;", i);
    if (eq == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, eq - i + 1));
    bool secret = s[eq] == '=' && IsPasswordKey(Trim(s.substr(i, eq - i)));
    i = eq + 1;
    if (!secret) continue;
    size_t v = s.find_first_not_of(' ', i);
    size_t end = v == std::string_view::npos || s[v] == '{' ? std::string_view::npos
                                                             : s.find(';', v);
    out.append(kMask);
    i = end == std::string_view::npos ? s.size() : end;
  }
  return out;
}

// ---- JDBC URL syntax --------------------------------------------------------------------------

// The URL with the password of `user:password@` and of `password=` parameters masked.
std::string RedactJdbcUrl(std::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t authority_end = out.find_first_of("/?", scheme + 3);
    if (authority_end == std::string::npos) authority_end = out.size();
    size_t at = out.rfind('@', authority_end);
    if (at != std::string::npos && at > scheme) {
      size_t colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, kMask);
    }
  }
  size_t query = out.find('?');
  while (query != std::string::npos) {
    size_t key = query + 1;
    size_t eq = out.find('=', key);
    size_t next = out.find('&', key);
    if (eq != std::string::npos && (next == std::string::npos || eq < next) &&
        EqualsIgnoreCase(std::string_view(out).substr(key, eq - key), "password")) {
      size_t end = next == std::string::npos ? out.size() : next;
      out.replace(eq + 1, end - eq - 1, kMask);
      next = out.find('&', eq + 1);
    }
    query = next;
  }
  return out;
}

[[noreturn]] void ThrowBadUrl(std::string_view shown_url, const std::string& reason) {
  throw ConnectException("Invalid value " + std::string(shown_url) +
                         " for configuration connection.url: " + reason);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes like java.net.URLDecoder (which pgjdbc and Connector/J use): %XX and '+' for a space.
std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] != '%') {
      out.push_back(s[i]);
    } else {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = HexDigit(s[i + 1]);
      int lo = HexDigit(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

struct ServerFamily {
  DialectKind dialect;
  const char* database;        // for messages
  const char* default_port;
  const char* debian_package;  // provides the ODBC driver
};

constexpr ServerFamily kPostgres{DialectKind::kPostgres, "PostgreSQL", "5432", "odbc-postgresql"};
constexpr ServerFamily kMySql{DialectKind::kMySql, "MySQL/MariaDB", "3306", "odbc-mariadb"};

// The installed driver whose name contains one of `names`, preferring a "Unicode" one (the ANSI
// drivers mangle non-Latin-1 text), else the first listed.
std::optional<std::string> ChooseDriver(const std::vector<std::string>& installed,
                                        std::initializer_list<std::string_view> names) {
  std::optional<std::string> first;
  for (const std::string& driver : installed) {
    bool fits = false;
    for (std::string_view name : names) fits = fits || ContainsIgnoreCase(driver, name);
    if (!fits) continue;
    if (ContainsIgnoreCase(driver, "Unicode")) return driver;
    if (!first) first = driver;
  }
  return first;
}

std::string ListDrivers(const std::vector<std::string>& installed) {
  if (installed.empty()) return "none";
  std::string out;
  for (const std::string& driver : installed) {
    if (!out.empty()) out += ", ";
    out += driver;
  }
  return out;
}

[[noreturn]] void ThrowNoDriver(std::string_view shown_url, const char* database,
                                const char* package,
                                const std::vector<std::string>& installed) {
  ThrowBadUrl(shown_url, std::string("no ODBC driver for ") + database +
                             " is installed (installed ODBC drivers: " + ListDrivers(installed) +
                             "); install the Debian package " + package +
                             " or give an ODBC connection string (Driver=...;) instead");
}

// Writes key=value pairs twice: as they are, and with the Pwd value masked for logs.
struct ConnectionStringWriter {
  std::string real;
  std::string redacted;
  void Add(std::string_view key, std::string_view value, Braces braces = Braces::kIfNeeded) {
    AppendPair(key, value, braces, &real);
    AppendPair(key, IsPasswordKey(key) ? std::string_view(kMask) : value, braces, &redacted);
  }
};

// psqlODBC removes the braces of a Pwd value only: any other braced value reaches the server
// with its braces, so such values cannot be passed at all.
void RequirePsqlodbcValue(std::string_view shown_url, const char* what, std::string_view value,
                          const char* config_key) {
  if (!NeedsBraces(value)) return;
  throw ConnectException(
      "Invalid value " + std::string(shown_url) + " for configuration connection.url: the " +
      what + " '" + std::string(value) + "' (from " + config_key +
      ") contains ';', '{', '}' or leading/trailing spaces, which the PostgreSQL ODBC driver "
      "cannot receive; use a name without them");
}

// jdbc:postgresql://, jdbc:mysql://, jdbc:mariadb://; `rest` is what follows the "//".
OdbcTarget TranslateServerUrl(std::string_view shown_url, std::string_view rest,
                              const ServerFamily& family, std::string_view user_override,
                              std::string_view password_override,
                              const std::vector<std::string>& installed) {
  size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path;
  std::string_view query;
  if (authority_end != std::string_view::npos) {
    std::string_view tail = rest.substr(authority_end);
    size_t q = tail.find('?');
    if (tail.front() == '/') path = tail.substr(1, q == std::string_view::npos ? q : q - 1);
    if (q != std::string_view::npos) query = tail.substr(q + 1);
  }

  std::optional<std::string> user;
  std::optional<std::string> password;
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) password = PercentDecode(userinfo.substr(colon + 1));
    if (!user || (colon != std::string_view::npos && !password)) {
      ThrowBadUrl(shown_url, "the user information before '@' has a malformed %-escape");
    }
  }
  if (authority.find(',') != std::string_view::npos) {
    ThrowBadUrl(shown_url,
                "several hosts are not supported over ODBC; give a single host[:port]");
  }

  std::string_view host;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      ThrowBadUrl(shown_url, "the IPv6 host has no closing ']'; write it as [address]:port");
    }
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        ThrowBadUrl(shown_url, "unexpected text after the IPv6 host; write it as [address]:port");
      }
      has_port = true;
      port = after.substr(1);
    }
  } else {
    size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port = authority.substr(colon + 1);
    }
  }
  if (host.empty()) {
    ThrowBadUrl(shown_url, std::string("the host is missing; write it as jdbc:") +
                               (family.dialect == DialectKind::kPostgres ? "postgresql" : "mysql") +
                               "://host[:port]/database");
  }
  if (has_port) {
    bool digits = !port.empty() && port.size() <= 5;
    long value = 0;
    for (char c : port) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) value = value * 10 + (c - '0');
    }
    if (!digits || value < 1 || value > 65535) {
      ThrowBadUrl(shown_url,
                  "the port '" + std::string(port) + "' is not a number between 1 and 65535");
    }
  } else {
    port = family.default_port;
  }

  std::optional<std::string> database;
  if (!path.empty()) {
    database = PercentDecode(path);
    if (!database) ThrowBadUrl(shown_url, "the database name has a malformed %-escape");
  }

  std::optional<std::string> sslmode;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = param.substr(0, eq);
    bool wanted = EqualsIgnoreCase(key, "user") || EqualsIgnoreCase(key, "password") ||
                  (family.dialect == DialectKind::kPostgres && EqualsIgnoreCase(key, "sslmode"));
    if (!wanted) continue;
    std::optional<std::string> value = PercentDecode(param.substr(eq + 1));
    if (!value) {
      ThrowBadUrl(shown_url, "the value of parameter " + std::string(key) +
                                 " has a malformed %-escape");
    }
    if (EqualsIgnoreCase(key, "user")) {
      user = std::move(value);
    } else if (EqualsIgnoreCase(key, "password")) {
      password = std::move(value);
    } else {
      sslmode = std::move(value);
    }
  }
  if (!user_override.empty()) user = std::string(user_override);
  if (!password_override.empty()) password = std::string(password_override);

  if (family.dialect == DialectKind::kPostgres) {
    RequirePsqlodbcValue(shown_url, "host", host, "connection.url");
    if (database) RequirePsqlodbcValue(shown_url, "database name", *database, "connection.url");
    if (user) {
      RequirePsqlodbcValue(shown_url, "user name", *user,
                           user_override.empty() ? "connection.url" : "connection.user");
    }
    if (sslmode) RequirePsqlodbcValue(shown_url, "sslmode", *sslmode, "connection.url");
  }

  std::optional<std::string> driver =
      family.dialect == DialectKind::kPostgres ? ChooseDriver(installed, {"PostgreSQL"})
                                               : ChooseDriver(installed, {"MariaDB", "MySQL"});
  if (!driver) ThrowNoDriver(shown_url, family.database, family.debian_package, installed);

  ConnectionStringWriter out;
  out.Add("Driver", *driver, Braces::kAlways);
  out.Add("Server", host);
  out.Add("Port", port);
  if (database) out.Add("Database", *database);
  if (user) out.Add("Uid", *user);
  if (password) out.Add("Pwd", *password);
  if (sslmode) out.Add("SSLmode", *sslmode);
  // psqlODBC reports bool columns as text unless told otherwise; pgjdbc reports them as BIT,
  // which Confluent maps to BOOLEAN, and column_mapping does the same with SQL_BIT.
  if (family.dialect == DialectKind::kPostgres) out.Add("BoolsAsChar", "0");
  return OdbcTarget{std::move(out.real), std::move(out.redacted), family.dialect};
}

// jdbc:sqlite:PATH; `path` is what follows "jdbc:sqlite:".
OdbcTarget TranslateSqliteUrl(std::string_view shown_url, std::string_view path,
                              const std::vector<std::string>& installed) {
  // sqlite-jdbc reads "?key=value" pragmas after the path; they have no ODBC equivalent here.
  path = path.substr(0, path.find('?'));
  if (path.empty()) {
    ThrowBadUrl(shown_url, "the database file is missing; write it as jdbc:sqlite:/path/file.db");
  }
  // sqliteodbc reads Database= up to the next ';' and keeps braces as part of the name.
  if (path.find(';') != std::string_view::npos) {
    ThrowBadUrl(shown_url, "the SQLite ODBC driver cannot open a path containing ';'; rename "
                           "the file or link to it from a path without ';'");
  }
  std::optional<std::string> driver = ChooseDriver(installed, {"SQLite3"});
  if (!driver) ThrowNoDriver(shown_url, "SQLite 3", "libsqliteodbc", installed);
  ConnectionStringWriter out;
  out.Add("Driver", *driver, Braces::kAlways);
  out.Add("Database", path, Braces::kNever);
  return OdbcTarget{std::move(out.real), std::move(out.redacted), DialectKind::kSqlite};
}

DialectKind DialectOfDriver(std::string_view driver) {
  if (ContainsIgnoreCase(driver, "postgres") || ContainsIgnoreCase(driver, "psqlodbc")) {
    return DialectKind::kPostgres;
  }
  if (ContainsIgnoreCase(driver, "mariadb") || ContainsIgnoreCase(driver, "mysql") ||
      ContainsIgnoreCase(driver, "maodbc") || ContainsIgnoreCase(driver, "myodbc")) {
    return DialectKind::kMySql;
  }
  if (ContainsIgnoreCase(driver, "sqlite")) return DialectKind::kSqlite;
  return DialectKind::kGeneric;
}

OdbcTarget TranslateOdbcString(std::string_view text, std::string_view user,
                               std::string_view password) {
  std::vector<OdbcPair> pairs;
  if (std::optional<std::string> error = ParseOdbcString(text, &pairs)) {
    ThrowBadUrl(RedactUnparsable(text),
                "not a valid ODBC connection string: " + *error +
                    " (write key=value pairs separated by ';', brace values that contain ';')");
  }
  OdbcTarget target;
  for (const OdbcPair& pair : pairs) {
    if (EqualsIgnoreCase(pair.key, "Driver")) target.dialect = DialectOfDriver(pair.value);
  }
  // Overridden keys are removed rather than shadowed: ODBC uses the first of repeated keys.
  auto overridden = [&](const OdbcPair& pair) {
    return (!user.empty() && IsUserKey(pair.key)) || (!password.empty() && IsPasswordKey(pair.key));
  };
  auto keep = [](const OdbcPair&) { return false; };
  auto secret = [](const OdbcPair& pair) { return IsPasswordKey(pair.key); };
  target.connection_string = RenderOdbcString(text, pairs, overridden, keep);
  target.redacted = RenderOdbcString(text, pairs, overridden, secret);
  if (target.dialect == DialectKind::kPostgres && !user.empty()) {
    RequirePsqlodbcValue(target.redacted, "user name", user, "connection.user");
  }
  ConnectionStringWriter added;
  if (!user.empty()) added.Add("Uid", user);
  if (!password.empty()) added.Add("Pwd", password);
  if (!added.real.empty()) {
    std::string_view tail = Trim(target.connection_string);
    if (!tail.empty() && tail.back() != ';') {
      target.connection_string.push_back(';');
      target.redacted.push_back(';');
    }
    target.connection_string += added.real;
    target.redacted += added.redacted;
  }
  return target;
}

}  // namespace

const char* DialectName(DialectKind kind) {
  switch (kind) {
    case DialectKind::kGeneric:
      return "GenericDatabaseDialect";
    case DialectKind::kPostgres:
      return "PostgreSqlDatabaseDialect";
    case DialectKind::kMySql:
      return "MySqlDatabaseDialect";
    case DialectKind::kSqlite:
      return "SqliteDatabaseDialect";
  }
  return "GenericDatabaseDialect";
}

bool DialectFromName(std::string_view name, DialectKind* out) {
  if (name.empty()) return true;
  constexpr DialectKind kAll[] = {DialectKind::kGeneric, DialectKind::kPostgres,
                                  DialectKind::kMySql, DialectKind::kSqlite};
  for (DialectKind kind : kAll) {
    if (name == DialectName(kind)) {
      *out = kind;
      return true;
    }
  }
  for (DialectKind kind : kAll) {
    if (EqualsIgnoreCase(name, DialectName(kind))) {
      *out = kind;
      return true;
    }
  }
  return false;
}

OdbcTarget TranslateConnectionUrl(std::string_view url, std::string_view user,
                                  std::string_view password,
                                  const std::vector<std::string>& installed_drivers) {
  if (!StartsWithIgnoreCase(url, "jdbc:")) {
    if (url.find('=') == std::string_view::npos) {
      ThrowBadUrl(url.empty() ? std::string_view("\"\"") : url,
                  "neither a JDBC URL (jdbc:postgresql://host:port/database, jdbc:mysql://..., "
                  "jdbc:mariadb://..., jdbc:sqlite:path) nor an ODBC connection string "
                  "(DSN=name; or Driver={name};Server=...;)");
    }
    return TranslateOdbcString(url, user, password);
  }
  std::string shown = RedactJdbcUrl(url);
  std::string_view rest = url.substr(5);
  if (StartsWithIgnoreCase(rest, "postgresql://")) {
    return TranslateServerUrl(shown, rest.substr(13), kPostgres, user, password,
                              installed_drivers);
  }
  if (StartsWithIgnoreCase(rest, "mysql://")) {
    return TranslateServerUrl(shown, rest.substr(8), kMySql, user, password, installed_drivers);
  }
  if (StartsWithIgnoreCase(rest, "mariadb://")) {
    return TranslateServerUrl(shown, rest.substr(10), kMySql, user, password, installed_drivers);
  }
  if (StartsWithIgnoreCase(rest, "sqlite:")) {
    return TranslateSqliteUrl(shown, rest.substr(7), installed_drivers);
  }
  ThrowBadUrl(shown,
              "unsupported JDBC URL; supported are jdbc:postgresql://host[:port]/database, "
              "jdbc:mysql://host[:port]/database, jdbc:mariadb://host[:port]/database and "
              "jdbc:sqlite:path, or give an ODBC connection string (DSN=name; or "
              "Driver={name};Server=...;)");
}

}  // namespace odbc
}  // namespace connectd
