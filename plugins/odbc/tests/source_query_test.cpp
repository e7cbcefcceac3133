#include "source_query.h"

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
const SqlDialect kLiteBare(DialectKind::kSqlite, false);

TEST_CASE("SourceModeFromName knows Confluent's four modes") {
  SourceMode mode = SourceMode::kBulk;
  CHECK(SourceModeFromName("incrementing", &mode));
  CHECK(mode == SourceMode::kIncrementing);
  CHECK(SourceModeFromName("timestamp", &mode));
  CHECK(mode == SourceMode::kTimestamp);
  CHECK(SourceModeFromName("timestamp+incrementing", &mode));
  CHECK(mode == SourceMode::kTimestampIncrementing);
  CHECK(SourceModeFromName("bulk", &mode));
  CHECK(mode == SourceMode::kBulk);

  mode = SourceMode::kTimestamp;
  CHECK_FALSE(SourceModeFromName("Bulk", &mode));
  CHECK_FALSE(SourceModeFromName("incrementing+timestamp", &mode));
  CHECK_FALSE(SourceModeFromName("", &mode));
  CHECK(mode == SourceMode::kTimestamp);
}

TEST_CASE("TableSelectQuery") {
  CHECK(TableSelectQuery(kPg, TableId{"", "public", "orders"}) ==
        R"(SELECT * FROM "public"."orders")");
  CHECK(TableSelectQuery(kMy, TableId{"", "shop", "orders"}) == "SELECT * FROM `shop`.`orders`");
  CHECK(TableSelectQuery(kLiteBare, TableId{"", "", "orders"}) == "SELECT * FROM orders");
}

TEST_CASE("bulk returns the base unchanged") {
  CHECK(BuildSourceQuery(kPg, "SELECT * FROM \"t\"", SourceMode::kBulk, "", {}) ==
        "SELECT * FROM \"t\"");
  CHECK(BuildSourceQuery(kPg, "SELECT a FROM b", SourceMode::kBulk, "id", {"ts"}) ==
        "SELECT a FROM b");
  CHECK(SourceQueryParams(SourceMode::kBulk).empty());
}

TEST_CASE("incrementing") {
  CHECK(BuildSourceQuery(kPg, TableSelectQuery(kPg, TableId{"", "", "t"}),
                         SourceMode::kIncrementing, "id", {}) ==
        R"(SELECT * FROM "t" WHERE "id" > ? ORDER BY "id" ASC)");
  CHECK(BuildSourceQuery(kMy, "SELECT * FROM `t`", SourceMode::kIncrementing, "i`d", {}) ==
        "SELECT * FROM `t` WHERE `i``d` > ? ORDER BY `i``d` ASC");
  CHECK(BuildSourceQuery(kLiteBare, "SELECT id, v FROM t", SourceMode::kIncrementing, "id", {}) ==
        "SELECT id, v FROM t WHERE id > ? ORDER BY id ASC");
  CHECK(SourceQueryParams(SourceMode::kIncrementing) ==
        std::vector<QueryParam>{QueryParam::kLastIncrementing});
}

TEST_CASE("timestamp with one and two columns") {
  CHECK(BuildSourceQuery(kPg, "SELECT * FROM \"t\"", SourceMode::kTimestamp, "", {"updated"}) ==
        R"(SELECT * FROM "t" WHERE "updated" > ? AND "updated" < ? ORDER BY "updated" ASC)");
  CHECK(BuildSourceQuery(kPg, "SELECT * FROM \"t\"", SourceMode::kTimestamp, "",
                         {"modified", "created"}) ==
        R"(SELECT * FROM "t" WHERE COALESCE("modified","created") > ? AND )"
        R"(COALESCE("modified","created") < ? ORDER BY COALESCE("modified","created") ASC)");
  CHECK(BuildSourceQuery(kLiteBare, "SELECT * FROM t", SourceMode::kTimestamp, "",
                         {"m", "c"}) ==
        "SELECT * FROM t WHERE COALESCE(m,c) > ? AND COALESCE(m,c) < ? ORDER BY COALESCE(m,c) ASC");
  CHECK(SourceQueryParams(SourceMode::kTimestamp) ==
        std::vector<QueryParam>{QueryParam::kLastTimestamp, QueryParam::kUpperTimestamp});
}

TEST_CASE("timestamp+incrementing with one and two columns") {
  CHECK(BuildSourceQuery(kMy, "SELECT * FROM `t`", SourceMode::kTimestampIncrementing, "id",
                         {"ts"}) ==
        "SELECT * FROM `t` WHERE `ts` < ? AND ((`ts` = ? AND `id` > ?) OR `ts` > ?) "
        "ORDER BY `ts`,`id` ASC");
  CHECK(BuildSourceQuery(kPg, "SELECT * FROM \"t\"", SourceMode::kTimestampIncrementing, "id",
                         {"ts1", "ts2"}) ==
        R"(SELECT * FROM "t" WHERE COALESCE("ts1","ts2") < ? AND ((COALESCE("ts1","ts2") = ? )"
        R"(AND "id" > ?) OR COALESCE("ts1","ts2") > ?) ORDER BY COALESCE("ts1","ts2"),"id" ASC)");
  CHECK(BuildSourceQuery(kLiteBare, "SELECT * FROM t", SourceMode::kTimestampIncrementing, "id",
                         {"ts"}) ==
        "SELECT * FROM t WHERE ts < ? AND ((ts = ? AND id > ?) OR ts > ?) ORDER BY ts,id ASC");
  CHECK(SourceQueryParams(SourceMode::kTimestampIncrementing) ==
        std::vector<QueryParam>{QueryParam::kUpperTimestamp, QueryParam::kLastTimestamp,
                                QueryParam::kLastIncrementing, QueryParam::kLastTimestamp});
}

TEST_CASE("missing columns are errors") {
  CHECK_THROWS_WITH_AS(BuildSourceQuery(kPg, "SELECT 1", SourceMode::kIncrementing, "", {"ts"}),
                       "mode=incrementing needs an incrementing column; set "
                       "incrementing.column.name (no auto-increment column was found to default "
                       "to)",
                       ConnectException);
  CHECK_THROWS_WITH_AS(
      BuildSourceQuery(kPg, "SELECT 1", SourceMode::kTimestampIncrementing, "", {"ts"}),
      doctest::Contains("mode=timestamp+incrementing needs an incrementing column"),
      ConnectException);
  CHECK_THROWS_WITH_AS(BuildSourceQuery(kPg, "SELECT 1", SourceMode::kTimestamp, "id", {}),
                       "mode=timestamp needs a timestamp column; set timestamp.column.name",
                       ConnectException);
  CHECK_THROWS_WITH_AS(
      BuildSourceQuery(kPg, "SELECT 1", SourceMode::kTimestampIncrementing, "id", {}),
      "mode=timestamp+incrementing needs a timestamp column; set timestamp.column.name",
      ConnectException);
}

}  // namespace
}  // namespace odbc
}  // namespace connectd
