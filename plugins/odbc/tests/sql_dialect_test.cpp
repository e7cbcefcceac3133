#include "sql_dialect.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "connectd/sdk.hpp"

namespace connectd {
namespace odbc {
namespace {

using sdk::ConnectException;

const SqlDialect kPg(DialectKind::kPostgres, true);
const SqlDialect kMy(DialectKind::kMySql, true);
const SqlDialect kLite(DialectKind::kSqlite, true);
const SqlDialect kGen(DialectKind::kGeneric, true);
const SqlDialect kPgBare(DialectKind::kPostgres, false);
const SqlDialect kMyBare(DialectKind::kMySql, false);

const TableId kT{"", "public", "t"};

SinkColumn Col(std::string name, FieldKind kind, bool optional = true) {
  SinkColumn c;
  c.name = std::move(name);
  c.kind = kind;
  c.optional = optional;
  return c;
}

void CheckTableId(const TableId& id, const std::string& catalog, const std::string& schema,
                  const std::string& table) {
  CHECK(id.catalog == catalog);
  CHECK(id.schema == schema);
  CHECK(id.table == table);
}

TEST_CASE("ParseTableId reads one, two and three parts") {
  CheckTableId(ParseTableId("t"), "", "", "t");
  CheckTableId(ParseTableId("s.t"), "", "s", "t");
  CheckTableId(ParseTableId("c.s.t"), "c", "s", "t");
}

TEST_CASE("ParseTableId keeps dots and doubled quotes inside quoted parts") {
  CheckTableId(ParseTableId(R"("my.schema"."t")"), "", "my.schema", "t");
  CheckTableId(ParseTableId("`x.y`"), "", "", "x.y");
  CheckTableId(ParseTableId(R"(c."a""b".`t``u`)"), "c", "a\"b", "t`u");
  CheckTableId(ParseTableId(R"(s."t")"), "", "s", "t");
  CheckTableId(ParseTableId("`a\"b`"), "", "", "a\"b");
}

TEST_CASE("ParseTableId rejects malformed names") {
  CHECK_THROWS_WITH_AS(ParseTableId(""),
                       "Invalid table name '' (table.whitelist, table.name.format or topic): "
                       "empty part; write table, schema.table or catalog.schema.table, and quote "
                       "a part that contains dots with \"...\" or `...`",
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId("a..b"), doctest::Contains("'a..b'"), ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId("a..b"), doctest::Contains(": empty part;"),
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId(".a"), doctest::Contains(": empty part;"), ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId("a."), doctest::Contains(": ends with '.';"),
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId(R"("a".)"), doctest::Contains(": ends with '.';"),
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId(R"("")"), doctest::Contains(": empty part;"),
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId(R"("abc)"), doctest::Contains(": missing closing \";"),
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId("`abc"), doctest::Contains(": missing closing `;"),
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId(R"("a"b)"),
                       doctest::Contains(": expected '.' after quoted part \"a\";"),
                       ConnectException);
  CHECK_THROWS_WITH_AS(ParseTableId("a.b.c.d"), doctest::Contains(": more than three parts;"),
                       ConnectException);
}

TEST_CASE("UnquotedTableName leaves out empty parts") {
  CHECK(UnquotedTableName(TableId{"c", "s", "t"}) == "c.s.t");
  CHECK(UnquotedTableName(TableId{"", "s", "t"}) == "s.t");
  CHECK(UnquotedTableName(TableId{"c", "", "t"}) == "c.t");
  CHECK(UnquotedTableName(TableId{"", "", "t"}) == "t");
  CHECK(UnquotedTableName(TableId{"", "", "a\"b"}) == "a\"b");
}

TEST_CASE("QuoteIdentifier per dialect, with embedded quotes doubled") {
  CHECK(kPg.QuoteIdentifier("a") == R"("a")");
  CHECK(kLite.QuoteIdentifier("a") == R"("a")");
  CHECK(kGen.QuoteIdentifier("a") == R"("a")");
  CHECK(kMy.QuoteIdentifier("a") == "`a`");
  CHECK(kPg.QuoteIdentifier(R"(a"b)") == R"("a""b")");
  CHECK(kPg.QuoteIdentifier("a`b") == R"("a`b")");
  CHECK(kMy.QuoteIdentifier("a`b") == "`a``b`");
  CHECK(kMy.QuoteIdentifier(R"(a"b)") == R"(`a"b`)");
  CHECK(kPgBare.QuoteIdentifier(R"(a"b)") == R"(a"b)");
  CHECK(kMyBare.QuoteIdentifier("Mixed") == "Mixed");
  CHECK(kPg.kind() == DialectKind::kPostgres);
  CHECK(kMyBare.kind() == DialectKind::kMySql);
}

TEST_CASE("TableName quotes each present part") {
  CHECK(kPg.TableName(TableId{"c", "s", "t"}) == R"("c"."s"."t")");
  CHECK(kPg.TableName(kT) == R"("public"."t")");
  CHECK(kMy.TableName(TableId{"", "", "t"}) == "`t`");
  CHECK(kMy.TableName(TableId{"db", "", "t"}) == "`db`.`t`");
  CHECK(kPgBare.TableName(TableId{"c", "s", "t"}) == "c.s.t");
  CHECK(kPg.TableName(ParseTableId(R"("my.schema".t)")) == R"("my.schema"."t")");
}

TEST_CASE("SqlType for PostgreSQL") {
  const std::vector<std::pair<FieldKind, std::string>> expected = {
      {FieldKind::kInt8, "SMALLINT"},   {FieldKind::kInt16, "SMALLINT"},
      {FieldKind::kInt32, "INT"},       {FieldKind::kInt64, "BIGINT"},
      {FieldKind::kFloat32, "REAL"},    {FieldKind::kFloat64, "DOUBLE PRECISION"},
      {FieldKind::kBoolean, "BOOLEAN"}, {FieldKind::kString, "TEXT"},
      {FieldKind::kBytes, "BYTEA"},     {FieldKind::kDecimal, "DECIMAL"},
      {FieldKind::kDate, "DATE"},       {FieldKind::kTime, "TIME"},
      {FieldKind::kTimestamp, "TIMESTAMP"}};
  for (const auto& entry : expected) {
    const FieldKind kind = entry.first;
    const std::string& type = entry.second;
    CAPTURE(type);
    CHECK(kPg.SqlType(Col("c", kind), false) == type);
    CHECK(kPg.SqlType(Col("c", kind), true) == type);
  }
}

TEST_CASE("SqlType for MySQL") {
  const std::vector<std::pair<FieldKind, std::string>> expected = {
      {FieldKind::kInt8, "TINYINT"},    {FieldKind::kInt16, "SMALLINT"},
      {FieldKind::kInt32, "INT"},       {FieldKind::kInt64, "BIGINT"},
      {FieldKind::kFloat32, "FLOAT"},   {FieldKind::kFloat64, "DOUBLE"},
      {FieldKind::kBoolean, "TINYINT"}, {FieldKind::kString, "TEXT"},
      {FieldKind::kBytes, "VARBINARY(1024)"}, {FieldKind::kDate, "DATE"},
      {FieldKind::kTime, "TIME(3)"},    {FieldKind::kTimestamp, "DATETIME(3)"}};
  for (const auto& entry : expected) {
    const FieldKind kind = entry.first;
    const std::string& type = entry.second;
    CAPTURE(type);
    CHECK(kMy.SqlType(Col("c", kind), false) == type);
  }
  CHECK(kMy.SqlType(Col("c", FieldKind::kString), true) == "VARCHAR(256)");
  CHECK(kMy.SqlType(Col("c", FieldKind::kBytes), true) == "VARBINARY(1024)");
  SinkColumn dec = Col("d", FieldKind::kDecimal);
  CHECK(kMy.SqlType(dec, false) == "DECIMAL(65,0)");
  dec.scale = 7;
  CHECK(kMy.SqlType(dec, false) == "DECIMAL(65,7)");
}

TEST_CASE("SqlType for SQLite") {
  const std::vector<std::pair<FieldKind, std::string>> expected = {
      {FieldKind::kInt8, "INTEGER"},   {FieldKind::kInt16, "INTEGER"},
      {FieldKind::kInt32, "INTEGER"},  {FieldKind::kInt64, "INTEGER"},
      {FieldKind::kBoolean, "INTEGER"}, {FieldKind::kFloat32, "REAL"},
      {FieldKind::kFloat64, "REAL"},   {FieldKind::kString, "TEXT"},
      {FieldKind::kBytes, "BLOB"},     {FieldKind::kDecimal, "NUMERIC"},
      {FieldKind::kDate, "NUMERIC"},   {FieldKind::kTime, "NUMERIC"},
      {FieldKind::kTimestamp, "NUMERIC"}};
  for (const auto& entry : expected) {
    const FieldKind kind = entry.first;
    const std::string& type = entry.second;
    CAPTURE(type);
    CHECK(kLite.SqlType(Col("c", kind), false) == type);
    CHECK(kLite.SqlType(Col("c", kind), true) == type);
  }
}

TEST_CASE("SqlType has no mapping for the generic dialect") {
  CHECK_THROWS_WITH_AS(kGen.SqlType(Col("amount", FieldKind::kInt32), false),
                       "Cannot choose a column type for field 'amount': the generic ODBC dialect "
                       "has no type mapping; create the table yourself and set auto.create=false "
                       "and auto.evolve=false, or connect to PostgreSQL, MySQL/MariaDB or SQLite",
                       ConnectException);
}

TEST_CASE("CreateTable as Confluent lays it out") {
  SinkColumn name = Col("name", FieldKind::kString, false);
  SinkColumn score = Col("score", FieldKind::kFloat64);
  score.default_literal = "1.5";
  SinkColumn note = Col("note", FieldKind::kString);
  note.default_literal = "'n/a'";
  note.optional = false;
  const std::vector<SinkColumn> cols = {Col("id", FieldKind::kInt64, false), name, score, note,
                                        Col("ts", FieldKind::kTimestamp)};

  CHECK(kPg.CreateTable(kT, cols, {"id", "name"}) ==
        "CREATE TABLE \"public\".\"t\" (\n"
        "\"id\" BIGINT NOT NULL,\n"
        "\"name\" TEXT NOT NULL,\n"
        "\"score\" DOUBLE PRECISION DEFAULT 1.5,\n"
        "\"note\" TEXT DEFAULT 'n/a',\n"
        "\"ts\" TIMESTAMP NULL,\n"
        "PRIMARY KEY(\"id\",\"name\"))");
  CHECK(kMy.CreateTable(TableId{"", "", "t"}, cols, {"id", "name"}) ==
        "CREATE TABLE `t` (\n"
        "`id` BIGINT NOT NULL,\n"
        "`name` VARCHAR(256) NOT NULL,\n"
        "`score` DOUBLE DEFAULT 1.5,\n"
        "`note` TEXT DEFAULT 'n/a',\n"
        "`ts` DATETIME(3) NULL,\n"
        "PRIMARY KEY(`id`,`name`))");
  CHECK(kLite.CreateTable(TableId{"", "", "t"}, cols, {}) ==
        "CREATE TABLE \"t\" (\n"
        "\"id\" INTEGER NOT NULL,\n"
        "\"name\" TEXT NOT NULL,\n"
        "\"score\" REAL DEFAULT 1.5,\n"
        "\"note\" TEXT DEFAULT 'n/a',\n"
        "\"ts\" NUMERIC NULL)");
  CHECK(kPgBare.CreateTable(kT, {Col("Id", FieldKind::kInt32, false)}, {"Id"}) ==
        "CREATE TABLE public.t (\nId INT NOT NULL,\nPRIMARY KEY(Id))");
  CHECK(kPg.CreateTable(TableId{"", "", "q\"t"}, {Col("a\"b", FieldKind::kInt32)}, {}) ==
        "CREATE TABLE \"q\"\"t\" (\n\"a\"\"b\" INT NULL)");
}

TEST_CASE("CreateTable errors") {
  CHECK_THROWS_WITH_AS(kPg.CreateTable(kT, {}, {}),
                       "Cannot create table public.t without columns: the record has no fields "
                       "to map to columns",
                       ConnectException);
  CHECK_THROWS_WITH_AS(kGen.CreateTable(kT, {Col("a", FieldKind::kInt32)}, {}),
                       doctest::Contains("field 'a': the generic ODBC dialect has no type mapping"),
                       ConnectException);
}

TEST_CASE("AlterTableAddColumns: one statement, or one per column for SQLite") {
  SinkColumn b = Col("b", FieldKind::kInt32, false);
  b.default_literal = "0";
  const std::vector<SinkColumn> two = {Col("a", FieldKind::kString), b};
  const std::vector<SinkColumn> one = {Col("a", FieldKind::kString, false)};

  CHECK(kPg.AlterTableAddColumns(kT, one) ==
        std::vector<std::string>{"ALTER TABLE \"public\".\"t\" ADD \"a\" TEXT NOT NULL"});
  CHECK(kPg.AlterTableAddColumns(kT, two) ==
        std::vector<std::string>{"ALTER TABLE \"public\".\"t\" \n"
                                 "ADD \"a\" TEXT NULL,\n"
                                 "ADD \"b\" INT DEFAULT 0"});
  CHECK(kMy.AlterTableAddColumns(TableId{"", "", "t"}, two) ==
        std::vector<std::string>{"ALTER TABLE `t` \nADD `a` TEXT NULL,\nADD `b` INT DEFAULT 0"});
  CHECK(kMyBare.AlterTableAddColumns(TableId{"", "", "t"}, one) ==
        std::vector<std::string>{"ALTER TABLE t ADD a TEXT NOT NULL"});
  CHECK(kLite.AlterTableAddColumns(TableId{"", "", "t"}, two) ==
        std::vector<std::string>{"ALTER TABLE \"t\" ADD \"a\" TEXT NULL",
                                 "ALTER TABLE \"t\" ADD \"b\" INTEGER DEFAULT 0"});
  CHECK(kLite.AlterTableAddColumns(TableId{"", "", "t"}, {}).empty());
  CHECK(kPg.AlterTableAddColumns(kT, {}).empty());
  CHECK_THROWS_WITH_AS(kGen.AlterTableAddColumns(kT, one),
                       doctest::Contains("field 'a': the generic ODBC dialect"), ConnectException);
}

TEST_CASE("Insert per dialect, one and several rows") {
  CHECK(kPg.Insert(kT, {"k"}, {"a", "b"}) ==
        R"(INSERT INTO "public"."t" ("k","a","b") VALUES (?,?,?))");
  CHECK(kPg.Insert(kT, {"k"}, {"a"}, 3) ==
        R"(INSERT INTO "public"."t" ("k","a") VALUES (?,?),(?,?),(?,?))");
  CHECK(kMy.Insert(TableId{"", "", "t"}, {"k1", "k2"}, {"v"}) ==
        "INSERT INTO `t`(`k1`,`k2`,`v`) VALUES(?,?,?)");
  CHECK(kMy.Insert(TableId{"", "", "t"}, {}, {"v"}, 2) == "INSERT INTO `t`(`v`) VALUES(?),(?)");
  CHECK(kLite.Insert(TableId{"", "", "t"}, {"k"}, {}, 2) ==
        R"(INSERT INTO "t"("k") VALUES(?),(?))");
  CHECK(kGen.Insert(TableId{"", "s", "t"}, {"k"}, {"v"}) ==
        R"(INSERT INTO "s"."t"("k","v") VALUES(?,?))");
  CHECK(kPgBare.Insert(kT, {"k"}, {"v"}) == "INSERT INTO public.t (k,v) VALUES (?,?)");
  CHECK(kPg.Insert(kT, {}, {R"(a"b)"}) == R"(INSERT INTO "public"."t" ("a""b") VALUES (?))");
}

TEST_CASE("Insert errors") {
  CHECK_THROWS_WITH_AS(kPg.Insert(kT, {}, {}),
                       "Cannot insert into table public.t without columns: the record has no key "
                       "or value fields to write",
                       ConnectException);
  CHECK_THROWS_WITH_AS(kPg.Insert(kT, {"k"}, {}, 0),
                       "Cannot build a statement for table public.t with zero rows; at least one "
                       "row is needed",
                       ConnectException);
}

TEST_CASE("Upsert for PostgreSQL") {
  CHECK(kPg.Upsert(kT, {"k"}, {"a", "b"}) ==
        R"(INSERT INTO "public"."t" ("k","a","b") VALUES (?,?,?) ON CONFLICT ("k") DO UPDATE SET )"
        R"("a"=EXCLUDED."a","b"=EXCLUDED."b")");
  CHECK(kPg.Upsert(kT, {"k1", "k2"}, {"v"}, 2) ==
        R"(INSERT INTO "public"."t" ("k1","k2","v") VALUES (?,?,?),(?,?,?) ON CONFLICT ("k1","k2"))"
        R"( DO UPDATE SET "v"=EXCLUDED."v")");
  CHECK(kPg.Upsert(kT, {"k"}, {}) ==
        R"(INSERT INTO "public"."t" ("k") VALUES (?) ON CONFLICT ("k") DO NOTHING)");
  CHECK(kPgBare.Upsert(kT, {"k"}, {"v"}) ==
        "INSERT INTO public.t (k,v) VALUES (?,?) ON CONFLICT (k) DO UPDATE SET v=EXCLUDED.v");
}

TEST_CASE("PostgreSQL inserts and upserts from one array per column") {
  CHECK(kPg.InsertFromArrays(kT, {"k"}, {"a", "b"}, {"int8", "text", "timestamp"}, false) ==
        R"(INSERT INTO "public"."t" ("k","a","b") SELECT * FROM unnest(?::int8[],?::text[],?::timestamp[]))");
  CHECK(kPg.InsertFromArrays(kT, {"k"}, {"a"}, {"int4", "\"My Type\""}, true) ==
        R"(INSERT INTO "public"."t" ("k","a") SELECT * FROM unnest(?::int4[],?::"My Type"[]) ON CONFLICT ("k"))"
        R"( DO UPDATE SET "a"=EXCLUDED."a")");
  CHECK(kPg.InsertFromArrays(kT, {"k"}, {}, {"int4"}, true) ==
        R"(INSERT INTO "public"."t" ("k") SELECT * FROM unnest(?::int4[]) ON CONFLICT ("k") DO NOTHING)");
  CHECK_THROWS_AS(kPg.InsertFromArrays(kT, {}, {"a"}, {"int4"}, true), ConnectException);
  CHECK_THROWS_AS(kMy.InsertFromArrays(kT, {"k"}, {"a"}, {"int4", "text"}, false), ConnectException);
}

TEST_CASE("Upsert for MySQL") {
  const TableId t{"", "", "t"};
  CHECK(kMy.Upsert(t, {"k"}, {"a", "b"}) ==
        "insert into `t`(`k`,`a`,`b`) values(?,?,?) on duplicate key update "
        "`a`=values(`a`),`b`=values(`b`)");
  CHECK(kMy.Upsert(t, {"k"}, {"v"}, 2) ==
        "insert into `t`(`k`,`v`) values(?,?),(?,?) on duplicate key update `v`=values(`v`)");
  CHECK(kMy.Upsert(t, {"k1", "k2"}, {}) ==
        "insert into `t`(`k1`,`k2`) values(?,?) on duplicate key update "
        "`k1`=values(`k1`),`k2`=values(`k2`)");
  CHECK(kMyBare.Upsert(t, {"k"}, {"v"}) ==
        "insert into t(k,v) values(?,?) on duplicate key update v=values(v)");
}

TEST_CASE("Upsert for SQLite") {
  const TableId t{"", "", "t"};
  CHECK(kLite.Upsert(t, {"k"}, {"a", "b"}) ==
        R"(INSERT INTO "t"("k","a","b") VALUES(?,?,?) ON CONFLICT ("k") DO UPDATE SET )"
        R"("a"=EXCLUDED."a","b"=EXCLUDED."b")");
  CHECK(kLite.Upsert(t, {"k"}, {"v"}, 3) ==
        R"(INSERT INTO "t"("k","v") VALUES(?,?),(?,?),(?,?) ON CONFLICT ("k") DO UPDATE SET )"
        R"("v"=EXCLUDED."v")");
  CHECK(kLite.Upsert(t, {"k"}, {}) == R"(INSERT INTO "t"("k") VALUES(?) ON CONFLICT ("k") DO NOTHING)");
}

TEST_CASE("Upsert errors") {
  CHECK_THROWS_WITH_AS(kGen.Upsert(kT, {"k"}, {"v"}),
                       "insert.mode=upsert is not supported by the generic ODBC dialect (SQL has "
                       "no portable upsert) for table public.t; use insert.mode=insert or "
                       "insert.mode=update, or connect to PostgreSQL, MySQL/MariaDB or SQLite",
                       ConnectException);
  const std::string no_key =
      "insert.mode=upsert needs primary key columns for table public.t, but pk.mode gives none; "
      "set pk.mode to record_key or record_value (with pk.fields), or use insert.mode=insert";
  CHECK_THROWS_WITH_AS(kPg.Upsert(kT, {}, {"v"}), no_key.c_str(), ConnectException);
  CHECK_THROWS_WITH_AS(kMy.Upsert(kT, {}, {"v"}), no_key.c_str(), ConnectException);
  CHECK_THROWS_WITH_AS(kLite.Upsert(kT, {}, {"v"}), no_key.c_str(), ConnectException);
  CHECK_THROWS_WITH_AS(kMy.Upsert(kT, {"k"}, {"v"}, 0),
                       doctest::Contains("table public.t with zero rows"), ConnectException);
}

TEST_CASE("Update and Delete") {
  CHECK(kPg.Update(kT, {"k1", "k2"}, {"a", "b"}) ==
        R"(UPDATE "public"."t" SET "a" = ?, "b" = ? WHERE "k1" = ? AND "k2" = ?)");
  CHECK(kMy.Update(TableId{"", "", "t"}, {"k"}, {"v"}) == "UPDATE `t` SET `v` = ? WHERE `k` = ?");
  CHECK(kPgBare.Update(kT, {"k"}, {"v"}) == "UPDATE public.t SET v = ? WHERE k = ?");
  CHECK(kLite.Update(TableId{"", "", "t"}, {"k"}, {"v"}) ==
        R"(UPDATE "t" SET "v" = ? WHERE "k" = ?)");
  CHECK(kGen.Update(TableId{"", "", "t"}, {"k"}, {"v"}) ==
        R"(UPDATE "t" SET "v" = ? WHERE "k" = ?)");

  CHECK(kPg.Delete(kT, {"k1", "k2"}) == R"(DELETE FROM "public"."t" WHERE "k1" = ? AND "k2" = ?)");
  CHECK(kMy.Delete(TableId{"", "", "t"}, {"k"}) == "DELETE FROM `t` WHERE `k` = ?");
  CHECK(kMyBare.Delete(TableId{"", "", "t"}, {"k"}) == "DELETE FROM t WHERE k = ?");
  CHECK(kGen.Delete(TableId{"", "", "t"}, {"k"}) == R"(DELETE FROM "t" WHERE "k" = ?)");
}

TEST_CASE("Update and Delete errors") {
  CHECK_THROWS_WITH_AS(kPg.Update(kT, {}, {"v"}),
                       "insert.mode=update needs primary key columns for table public.t, but "
                       "pk.mode gives none (the UPDATE would change every row); set pk.mode to "
                       "record_key or record_value (with pk.fields)",
                       ConnectException);
  CHECK_THROWS_WITH_AS(kPg.Update(kT, {"k"}, {}),
                       "insert.mode=update has nothing to set in table public.t: every field is a "
                       "primary key column; use insert.mode=insert or insert.mode=upsert, or "
                       "narrow pk.fields",
                       ConnectException);
  CHECK_THROWS_WITH_AS(kMy.Delete(TableId{"", "", "t"}, {}),
                       "delete.enabled=true needs primary key columns for table t, but pk.mode "
                       "gives none (the DELETE would remove every row); set pk.mode=record_key",
                       ConnectException);
}

TEST_CASE("CurrentTimestampQuery and SessionSetup per dialect") {
  CHECK(kPg.CurrentTimestampQuery() == "SELECT CURRENT_TIMESTAMP");
  CHECK(kMy.CurrentTimestampQuery() == "SELECT UTC_TIMESTAMP(3)");
  CHECK(kLite.CurrentTimestampQuery() == "SELECT strftime('%Y-%m-%d %H:%M:%f','now')");
  CHECK(kGen.CurrentTimestampQuery() == "SELECT CURRENT_TIMESTAMP");

  CHECK(kPg.SessionSetup() == std::vector<std::string>{"SET TIME ZONE 'UTC'"});
  CHECK(kMy.SessionSetup() == std::vector<std::string>{"SET time_zone = '+00:00'"});
  CHECK(kLite.SessionSetup().empty());
  CHECK(kGen.SessionSetup().empty());
}

}  // namespace
}  // namespace odbc
}  // namespace connectd
