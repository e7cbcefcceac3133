#include "connection_url.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "connectd/sdk.hpp"

using namespace connectd::odbc;

namespace {

const std::vector<std::string> kDrivers = {"PostgreSQL ANSI", "PostgreSQL Unicode",
                                           "MariaDB Unicode", "SQLite", "SQLite3"};

OdbcTarget Translate(std::string_view url, std::string_view user = "",
                     std::string_view password = "",
                     const std::vector<std::string>& drivers = kDrivers) {
  return TranslateConnectionUrl(url, user, password, drivers);
}

// The message of the ConnectException Translate throws ("" when it does not throw).
std::string Error(std::string_view url, const std::vector<std::string>& drivers = kDrivers,
                  std::string_view user = "", std::string_view password = "") {
  try {
    TranslateConnectionUrl(url, user, password, drivers);
  } catch (const connectd::sdk::ConnectException& e) {
    return e.what();
  }
  return "";
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("DialectName and DialectFromName use Confluent's class names") {
  CHECK(std::string(DialectName(DialectKind::kGeneric)) == "GenericDatabaseDialect");
  CHECK(std::string(DialectName(DialectKind::kPostgres)) == "PostgreSqlDatabaseDialect");
  CHECK(std::string(DialectName(DialectKind::kMySql)) == "MySqlDatabaseDialect");
  CHECK(std::string(DialectName(DialectKind::kSqlite)) == "SqliteDatabaseDialect");

  DialectKind kind = DialectKind::kSqlite;
  CHECK(DialectFromName("PostgreSqlDatabaseDialect", &kind));
  CHECK(kind == DialectKind::kPostgres);
  CHECK(DialectFromName("mysqldatabasedialect", &kind));
  CHECK(kind == DialectKind::kMySql);
  CHECK(DialectFromName("GenericDatabaseDialect", &kind));
  CHECK(kind == DialectKind::kGeneric);
  CHECK(DialectFromName("SqliteDatabaseDialect", &kind));
  CHECK(kind == DialectKind::kSqlite);

  kind = DialectKind::kPostgres;
  CHECK(DialectFromName("", &kind));  // detect: the preset kind stays
  CHECK(kind == DialectKind::kPostgres);
  CHECK_FALSE(DialectFromName("OracleDatabaseDialect", &kind));
  CHECK_FALSE(DialectFromName("PostgreSql", &kind));
  CHECK(kind == DialectKind::kPostgres);
}

TEST_CASE("jdbc:postgresql URLs") {
  OdbcTarget t = Translate("jdbc:postgresql://db.example:6543/inventory?user=alice&password=s3cret"
                           "&sslmode=require&ApplicationName=x");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=db.example;Port=6543;Database=inventory;Uid=alice;"
        "Pwd=s3cret;SSLmode=require;BoolsAsChar=0;");
  CHECK(t.redacted ==
        "Driver={PostgreSQL Unicode};Server=db.example;Port=6543;Database=inventory;Uid=alice;"
        "Pwd=********;SSLmode=require;BoolsAsChar=0;");
  CHECK(t.dialect == DialectKind::kPostgres);

  // Default port, no database, no parameters.
  t = Translate("jdbc:postgresql://localhost");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=localhost;Port=5432;BoolsAsChar=0;");
  CHECK(t.redacted == t.connection_string);
  t = Translate("jdbc:postgresql://localhost/");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=localhost;Port=5432;BoolsAsChar=0;");
  t = Translate("jdbc:postgresql://localhost?user=u");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=localhost;Port=5432;Uid=u;BoolsAsChar=0;");

  // IPv6, percent-decoded database and values ('+' is a space, as URLDecoder reads it).
  t = Translate("jdbc:postgresql://[::1]:5433/my%20db?password=a%26b+c%3B");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=::1;Port=5433;Database=my db;Pwd={a&b c;};"
        "BoolsAsChar=0;");
  CHECK(t.redacted ==
        "Driver={PostgreSQL Unicode};Server=::1;Port=5433;Database=my db;Pwd=********;"
        "BoolsAsChar=0;");
  t = Translate("jdbc:postgresql://[fe80::1]/db");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=fe80::1;Port=5432;Database=db;BoolsAsChar=0;");

  // Parameter names ignore case; parameters without '=' are ignored.
  t = Translate("jdbc:POSTGRESQL://h/db?USER=bob&ssl&SSLMODE=disable");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=h;Port=5432;Database=db;Uid=bob;SSLmode=disable;"
        "BoolsAsChar=0;");
}

TEST_CASE("jdbc:mysql and jdbc:mariadb URLs") {
  OdbcTarget t = Translate("jdbc:mysql://127.0.0.1/shop?user=u&password=p&useSSL=false&sslMode=X");
  CHECK(t.connection_string ==
        "Driver={MariaDB Unicode};Server=127.0.0.1;Port=3306;Database=shop;Uid=u;Pwd=p;");
  CHECK(t.redacted ==
        "Driver={MariaDB Unicode};Server=127.0.0.1;Port=3306;Database=shop;Uid=u;Pwd=********;");
  CHECK(t.dialect == DialectKind::kMySql);

  // MariaDB's driver unbraces every value.
  t = Translate("jdbc:mysql://h/my%20db%3Bx?user=%20me");
  CHECK(t.connection_string ==
        "Driver={MariaDB Unicode};Server=h;Port=3306;Database={my db;x};Uid={ me};");

  t = Translate("jdbc:mariadb://dbhost:3307/shop");
  CHECK(t.connection_string == "Driver={MariaDB Unicode};Server=dbhost;Port=3307;Database=shop;");
  CHECK(t.dialect == DialectKind::kMySql);

  // Connector/J's user:password@host form.
  t = Translate("jdbc:mysql://root:pa%40ss@[::1]:3306/");
  CHECK(t.connection_string == "Driver={MariaDB Unicode};Server=::1;Port=3306;Uid=root;Pwd=pa@ss;");
  CHECK(t.redacted == "Driver={MariaDB Unicode};Server=::1;Port=3306;Uid=root;Pwd=********;");
  t = Translate("jdbc:mysql://root@h");
  CHECK(t.connection_string == "Driver={MariaDB Unicode};Server=h;Port=3306;Uid=root;");
}

TEST_CASE("jdbc:sqlite URLs") {
  OdbcTarget t = Translate("jdbc:sqlite:/var/lib/app/data.db");
  CHECK(t.connection_string == "Driver={SQLite3};Database=/var/lib/app/data.db;");
  CHECK(t.redacted == t.connection_string);
  CHECK(t.dialect == DialectKind::kSqlite);

  t = Translate("jdbc:sqlite::memory:");
  CHECK(t.connection_string == "Driver={SQLite3};Database=:memory:;");

  // sqliteodbc takes braces literally: the path is never braced.
  t = Translate("jdbc:sqlite:relative dir/{a}.db?journal_mode=WAL");
  CHECK(t.connection_string == "Driver={SQLite3};Database=relative dir/{a}.db;");

  // SQLite has no users: connection.user/password are not written.
  t = Translate("jdbc:sqlite:x.db", "u", "p");
  CHECK(t.connection_string == "Driver={SQLite3};Database=x.db;");
}

TEST_CASE("connection.user and connection.password override the URL's") {
  OdbcTarget t = Translate("jdbc:postgresql://h/db?user=a&password=b", "alice", "top;secret");
  CHECK(t.connection_string ==
        "Driver={PostgreSQL Unicode};Server=h;Port=5432;Database=db;Uid=alice;"
        "Pwd={top;secret};BoolsAsChar=0;");
  CHECK(t.redacted ==
        "Driver={PostgreSQL Unicode};Server=h;Port=5432;Database=db;Uid=alice;Pwd=********;"
        "BoolsAsChar=0;");

  t = Translate("jdbc:mysql://x:y@h/db", "", "only-password");
  CHECK(t.connection_string ==
        "Driver={MariaDB Unicode};Server=h;Port=3306;Database=db;Uid=x;Pwd=only-password;");
  t = Translate("jdbc:mysql://x:y@h/db", "only-user", "");
  CHECK(t.connection_string == "Driver={MariaDB Unicode};Server=h;Port=3306;Database=db;"
                               "Uid=only-user;Pwd=y;");
}

TEST_CASE("ODBC connection strings are used as they are") {
  OdbcTarget t = Translate(
      "Driver=PostgreSQL Unicode;Server=127.0.0.1;Port=5432;Database=postgres;Uid=postgres;");
  CHECK(t.connection_string ==
        "Driver=PostgreSQL Unicode;Server=127.0.0.1;Port=5432;Database=postgres;Uid=postgres;");
  CHECK(t.redacted == t.connection_string);
  CHECK(t.dialect == DialectKind::kPostgres);

  t = Translate("DSN=mydsn;");
  CHECK(t.connection_string == "DSN=mydsn;");
  CHECK(t.dialect == DialectKind::kGeneric);

  t = Translate("DSN=mydsn");
  CHECK(t.connection_string == "DSN=mydsn");

  t = Translate("driver={MariaDB Unicode};SERVER=h;PWD={a;b}}c} ;uid=me");
  CHECK(t.connection_string == "driver={MariaDB Unicode};SERVER=h;PWD={a;b}}c} ;uid=me");
  CHECK(t.redacted == "driver={MariaDB Unicode};SERVER=h;PWD=********;uid=me");
  CHECK(t.dialect == DialectKind::kMySql);

  CHECK(Translate("Driver={MySQL ODBC 8.0 Unicode Driver};").dialect == DialectKind::kMySql);
  CHECK(Translate("DRIVER=sqlite3;Database=a.db").dialect == DialectKind::kSqlite);
  CHECK(Translate("Driver=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so;").dialect ==
        DialectKind::kPostgres);
  CHECK(Translate("Driver={Oracle 19 ODBC driver};Dbq=x").dialect == DialectKind::kGeneric);
  CHECK(Translate(" Password = hunter2 ; DSN=x").redacted == " Password =********; DSN=x");
}

TEST_CASE("user and password replace the keys of an ODBC string") {
  OdbcTarget t = Translate("DSN=pg;UID=old;Password=old", "new", "p w");
  CHECK(t.connection_string == "DSN=pg;Uid=new;Pwd=p w;");
  CHECK(t.redacted == "DSN=pg;Uid=new;Pwd=********;");

  t = Translate("DSN=pg;User=old;PWD=keep;", "new", "");
  CHECK(t.connection_string == "DSN=pg;PWD=keep;Uid=new;");
  CHECK(t.redacted == "DSN=pg;PWD=********;Uid=new;");

  t = Translate("DSN=pg;Username=old;", "", " padded ");
  CHECK(t.connection_string == "DSN=pg;Username=old;Pwd={ padded };");
  CHECK(t.redacted == "DSN=pg;Username=old;Pwd=********;");

  t = Translate("DSN=pg", "a{b}", "");
  CHECK(t.connection_string == "DSN=pg;Uid={a{b}}};");
}

TEST_CASE("the driver is chosen among the installed ones") {
  CHECK(Translate("jdbc:postgresql://h/d", "", "", {"PostgreSQL ANSI"}).connection_string ==
        "Driver={PostgreSQL ANSI};Server=h;Port=5432;Database=d;BoolsAsChar=0;");
  CHECK(Translate("jdbc:postgresql://h/d", "", "", {"PostgreSQL ANSI", "PostgreSQL Unicode(x64)"})
            .connection_string ==
        "Driver={PostgreSQL Unicode(x64)};Server=h;Port=5432;Database=d;BoolsAsChar=0;");
  CHECK(Translate("jdbc:mariadb://h/d", "", "",
                  {"MySQL ODBC 8.0 ANSI Driver", "MySQL ODBC 8.0 Unicode Driver"})
            .connection_string ==
        "Driver={MySQL ODBC 8.0 Unicode Driver};Server=h;Port=3306;Database=d;");
  CHECK(Translate("jdbc:mysql://h/d", "", "", {"MariaDB"}).connection_string ==
        "Driver={MariaDB};Server=h;Port=3306;Database=d;");
  CHECK(Translate("jdbc:sqlite:a.db", "", "", {"SQLite", "SQLite3 ODBC Driver"})
            .connection_string == "Driver={SQLite3 ODBC Driver};Database=a.db;");
}

TEST_CASE("a missing driver names the Debian package") {
  std::string e = Error("jdbc:postgresql://h/d?password=secret", {"MariaDB Unicode"});
  CHECK(e ==
        "Invalid value jdbc:postgresql://h/d?password=******** for configuration connection.url: "
        "no ODBC driver for PostgreSQL is installed (installed ODBC drivers: MariaDB Unicode); "
        "install the Debian package odbc-postgresql or give an ODBC connection string "
        "(Driver=...;) instead");
  e = Error("jdbc:mysql://h/d", {});
  CHECK(Contains(e, "connection.url"));
  CHECK(Contains(e, "MySQL/MariaDB"));
  CHECK(Contains(e, "installed ODBC drivers: none"));
  CHECK(Contains(e, "odbc-mariadb"));
  e = Error("jdbc:sqlite:a.db", {"SQLite", "PostgreSQL Unicode"});
  CHECK(Contains(e, "connection.url"));
  CHECK(Contains(e, "SQLite 3"));
  CHECK(Contains(e, "libsqliteodbc"));
}

TEST_CASE("malformed or unsupported URLs name connection.url and hide the password") {
  CHECK(Error("jdbc:oracle:thin:@db:1521/x") ==
        "Invalid value jdbc:oracle:thin:@db:1521/x for configuration connection.url: "
        "unsupported JDBC URL; supported are jdbc:postgresql://host[:port]/database, "
        "jdbc:mysql://host[:port]/database, jdbc:mariadb://host[:port]/database and "
        "jdbc:sqlite:path, or give an ODBC connection string (DSN=name; or "
        "Driver={name};Server=...;)");
  CHECK(Error("jdbc:postgresql:mydb").find("connection.url: unsupported JDBC URL") !=
        std::string::npos);
  CHECK(Error("jdbc:mysql:loadbalance://h1,h2/db").find("unsupported JDBC URL") !=
        std::string::npos);

  CHECK(Error("jdbc:postgresql:///db?password=x") ==
        "Invalid value jdbc:postgresql:///db?password=******** for configuration connection.url: "
        "the host is missing; write it as jdbc:postgresql://host[:port]/database");
  CHECK(Error("jdbc:mysql://:3306/db") ==
        "Invalid value jdbc:mysql://:3306/db for configuration connection.url: the host is "
        "missing; write it as jdbc:mysql://host[:port]/database");
  CHECK(Error("jdbc:mysql://u:pw@/db") ==
        "Invalid value jdbc:mysql://u:********@/db for configuration connection.url: the host "
        "is missing; write it as jdbc:mysql://host[:port]/database");

  for (const char* url : {"jdbc:postgresql://h:abc/db", "jdbc:postgresql://h:/db",
                          "jdbc:postgresql://h:0/db", "jdbc:postgresql://h:65536/db",
                          "jdbc:postgresql://h:123456/db", "jdbc:postgresql://[::1]:x/db"}) {
    CAPTURE(url);
    std::string e = Error(url);
    CHECK(Contains(e, "for configuration connection.url: the port '"));
    CHECK(Contains(e, "' is not a number between 1 and 65535"));
  }
  CHECK(Translate("jdbc:postgresql://h:65535/db").connection_string ==
        "Driver={PostgreSQL Unicode};Server=h;Port=65535;Database=db;BoolsAsChar=0;");

  CHECK(Error("jdbc:postgresql://[::1/db") ==
        "Invalid value jdbc:postgresql://[::1/db for configuration connection.url: the IPv6 host "
        "has no closing ']'; write it as [address]:port");
  CHECK(Error("jdbc:postgresql://[::1]x/db") ==
        "Invalid value jdbc:postgresql://[::1]x/db for configuration connection.url: unexpected "
        "text after the IPv6 host; write it as [address]:port");
  CHECK(Error("jdbc:postgresql://h1:5432,h2:5432/db?password=p&user=u") ==
        "Invalid value jdbc:postgresql://h1:5432,h2:5432/db?password=********&user=u for "
        "configuration connection.url: several hosts are not supported over ODBC; give a single "
        "host[:port]");
  CHECK(Error("jdbc:postgresql://h/db%zz") ==
        "Invalid value jdbc:postgresql://h/db%zz for configuration connection.url: the database "
        "name has a malformed %-escape");
  CHECK(Error("jdbc:postgresql://h/db?user=a%2") ==
        "Invalid value jdbc:postgresql://h/db?user=a%2 for configuration connection.url: the "
        "value of parameter user has a malformed %-escape");
  CHECK(Error("jdbc:mysql://a%g:b@h/db") ==
        "Invalid value jdbc:mysql://a%g:********@h/db for configuration connection.url: the user "
        "information before '@' has a malformed %-escape");
  CHECK(Error("jdbc:sqlite:/data/a;b.db") ==
        "Invalid value jdbc:sqlite:/data/a;b.db for configuration connection.url: the SQLite "
        "ODBC driver cannot open a path containing ';'; rename the file or link to it from a "
        "path without ';'");
  CHECK(Error("jdbc:postgresql://h/a%3Bb?password=x") ==
        "Invalid value jdbc:postgresql://h/a%3Bb?password=******** for configuration "
        "connection.url: the database name 'a;b' (from connection.url) contains ';', '{', '}' or "
        "leading/trailing spaces, which the PostgreSQL ODBC driver cannot receive; use a name "
        "without them");
  CHECK(Contains(Error("jdbc:postgresql://h/db?user=%7Bu%7D"),
                 "connection.url: the user name '{u}' (from connection.url) contains"));
  CHECK(Contains(Error("jdbc:postgresql://h/db?user=ok", kDrivers, " u"),
                 "connection.url: the user name ' u' (from connection.user) contains"));
  CHECK(Contains(Error("jdbc:postgresql://h/db?sslmode=%20require"),
                 "connection.url: the sslmode ' require' (from connection.url) contains"));
  CHECK(Error("Driver={PostgreSQL Unicode};Pwd=x;", kDrivers, "a;b") ==
        "Invalid value Driver={PostgreSQL Unicode};Pwd=********; for configuration "
        "connection.url: the user name 'a;b' (from connection.user) contains ';', '{', '}' or "
        "leading/trailing spaces, which the PostgreSQL ODBC driver cannot receive; use a name "
        "without them");
  CHECK(Error("jdbc:sqlite:") ==
        "Invalid value jdbc:sqlite: for configuration connection.url: the database file is "
        "missing; write it as jdbc:sqlite:/path/file.db");
  CHECK(Error("jdbc:sqlite:?x=1") ==
        "Invalid value jdbc:sqlite:?x=1 for configuration connection.url: the database file is "
        "missing; write it as jdbc:sqlite:/path/file.db");

  CHECK(Error("postgres.example.com") ==
        "Invalid value postgres.example.com for configuration connection.url: neither a JDBC URL "
        "(jdbc:postgresql://host:port/database, jdbc:mysql://..., jdbc:mariadb://..., "
        "jdbc:sqlite:path) nor an ODBC connection string (DSN=name; or Driver={name};Server=...;)");
  CHECK(Contains(Error(""), "Invalid value \"\" for configuration connection.url: neither"));
}

TEST_CASE("malformed ODBC strings name connection.url and hide the password") {
  CHECK(Error("DSN=x;Pwd={secret;Uid=u") ==
        "Invalid value DSN=x;Pwd=******** for configuration connection.url: not a valid ODBC "
        "connection string: the value of Pwd has no closing '}' (write key=value pairs "
        "separated by ';', brace values that contain ';')");
  CHECK(Error("DSN=x;Password=secret;garbage") ==
        "Invalid value DSN=x;Password=********;garbage for configuration connection.url: not a "
        "valid ODBC connection string: 'garbage' is not a key=value pair (write key=value pairs "
        "separated by ';', brace values that contain ';')");
  CHECK(Contains(Error("=x;DSN=y"), "connection.url: not a valid ODBC connection string: a value "
                                    "has no key"));
  CHECK(Contains(Error("Driver={a}b;DSN=y"),
                 "connection.url: not a valid ODBC connection string: the braced value of Driver "
                 "is followed by text before ';'"));
}
