#include "column_mapping.h"

#include <doctest/doctest.h>

#include <optional>

using namespace connectd::odbc;

namespace {

ColumnMeta Column(SQLSMALLINT sql_type, SQLULEN size = 0, SQLSMALLINT digits = 0,
                  bool nullable = true, bool is_unsigned = false) {
  ColumnMeta c;
  c.name = "c";
  c.sql_type = sql_type;
  c.column_size = size;
  c.decimal_digits = digits;
  c.nullable = nullable;
  c.is_unsigned = is_unsigned;
  return c;
}

// The kind a column maps to, std::nullopt when it is skipped.
std::optional<FieldKind> Kind(const ColumnMeta& c, NumericMapping m = NumericMapping::kNone,
                              DialectKind d = DialectKind::kGeneric) {
  std::optional<ColumnMapping> mapped = MapColumn(c, m, d);
  if (!mapped) return std::nullopt;
  return mapped->kind;
}

std::optional<FieldKind> Numeric(NumericMapping m, SQLULEN precision, SQLSMALLINT scale) {
  return Kind(Column(SQL_NUMERIC, precision, scale), m);
}

}  // namespace

TEST_CASE("NumericMappingFromName") {
  NumericMapping m = NumericMapping::kNone;
  CHECK(NumericMappingFromName("precision_only", &m));
  CHECK(m == NumericMapping::kPrecisionOnly);
  CHECK(NumericMappingFromName("best_fit", &m));
  CHECK(m == NumericMapping::kBestFit);
  CHECK(NumericMappingFromName("BEST_FIT_EAGER_DOUBLE", &m));
  CHECK(m == NumericMapping::kBestFitEagerDouble);
  CHECK(NumericMappingFromName("none", &m));
  CHECK(m == NumericMapping::kNone);
  CHECK_FALSE(NumericMappingFromName("best", &m));
  CHECK_FALSE(NumericMappingFromName("", &m));
  CHECK_FALSE(NumericMappingFromName("best_fit_eager_double_", &m));
  CHECK(m == NumericMapping::kNone);
}

TEST_CASE("integer, floating point, text, binary and temporal types") {
  CHECK(Kind(Column(SQL_TINYINT)) == FieldKind::kInt8);
  CHECK(Kind(Column(SQL_TINYINT, 3, 0, true, true)) == FieldKind::kInt16);
  CHECK(Kind(Column(SQL_SMALLINT)) == FieldKind::kInt16);
  CHECK(Kind(Column(SQL_SMALLINT, 5, 0, true, true)) == FieldKind::kInt32);
  CHECK(Kind(Column(SQL_INTEGER)) == FieldKind::kInt32);
  CHECK(Kind(Column(SQL_INTEGER, 10, 0, true, true)) == FieldKind::kInt64);
  CHECK(MapColumn(Column(SQL_INTEGER), NumericMapping::kNone, DialectKind::kSqlite)->kind == FieldKind::kInt64);
  CHECK(Kind(Column(SQL_BIGINT)) == FieldKind::kInt64);
  CHECK(Kind(Column(SQL_BIGINT, 20, 0, true, true)) == FieldKind::kInt64);

  CHECK(Kind(Column(SQL_REAL)) == FieldKind::kFloat32);
  CHECK(Kind(Column(SQL_FLOAT)) == FieldKind::kFloat64);
  CHECK(Kind(Column(SQL_DOUBLE)) == FieldKind::kFloat64);

  for (SQLSMALLINT t : {SQL_CHAR, SQL_VARCHAR, SQL_LONGVARCHAR, SQL_WCHAR, SQL_WVARCHAR,
                        SQL_WLONGVARCHAR, SQL_GUID}) {
    CAPTURE(t);
    CHECK(Kind(Column(t, 255)) == FieldKind::kString);
  }
  for (SQLSMALLINT t : {SQL_BINARY, SQL_VARBINARY, SQL_LONGVARBINARY}) {
    CAPTURE(t);
    CHECK(Kind(Column(t, 16)) == FieldKind::kBytes);
  }

  CHECK(Kind(Column(SQL_TYPE_DATE)) == FieldKind::kDate);
  CHECK(Kind(Column(SQL_DATE)) == FieldKind::kDate);
  CHECK(Kind(Column(SQL_TYPE_TIME)) == FieldKind::kTime);
  CHECK(Kind(Column(SQL_TIME)) == FieldKind::kTime);
  CHECK(Kind(Column(SQL_TYPE_TIMESTAMP, 26, 6)) == FieldKind::kTimestamp);
  CHECK(Kind(Column(SQL_TIMESTAMP)) == FieldKind::kTimestamp);
}

TEST_CASE("types Confluent does not support are skipped") {
  // -154 is SQL Server's SQL_SS_TIME2, a driver-specific type.
  const SQLSMALLINT kSkipped[] = {SQL_UNKNOWN_TYPE, SQL_INTERVAL_DAY, SQL_INTERVAL_YEAR_TO_MONTH,
                                  SQL_INTERVAL_DAY_TO_SECOND, -154};
  for (SQLSMALLINT t : kSkipped) {
    CAPTURE(t);
    CHECK_FALSE(MapColumn(Column(t), NumericMapping::kNone, DialectKind::kGeneric).has_value());
    CHECK_FALSE(MapColumn(Column(t), NumericMapping::kBestFit, DialectKind::kPostgres).has_value());
  }
}

TEST_CASE("SQL_BIT: booleans on PostgreSQL, INT8 elsewhere") {
  CHECK(Kind(Column(SQL_BIT, 1), NumericMapping::kNone, DialectKind::kPostgres) ==
        FieldKind::kBoolean);
  CHECK(Kind(Column(SQL_BIT, 0), NumericMapping::kNone, DialectKind::kPostgres) ==
        FieldKind::kBoolean);
  CHECK(Kind(Column(SQL_BIT, 2), NumericMapping::kNone, DialectKind::kPostgres) ==
        FieldKind::kInt8);
  CHECK(Kind(Column(SQL_BIT, 8), NumericMapping::kNone, DialectKind::kPostgres) ==
        FieldKind::kInt8);
  CHECK(Kind(Column(SQL_BIT, 9), NumericMapping::kNone, DialectKind::kPostgres) ==
        FieldKind::kBytes);
  for (DialectKind d : {DialectKind::kGeneric, DialectKind::kMySql, DialectKind::kSqlite}) {
    CHECK(Kind(Column(SQL_BIT, 1), NumericMapping::kNone, d) == FieldKind::kInt8);
    CHECK(Kind(Column(SQL_BIT, 64), NumericMapping::kNone, d) == FieldKind::kInt8);
  }
}

TEST_CASE("nullability") {
  std::optional<ColumnMapping> m =
      MapColumn(Column(SQL_INTEGER, 10, 0, false), NumericMapping::kNone, DialectKind::kGeneric);
  REQUIRE(m);
  CHECK_FALSE(m->optional);
  m = MapColumn(Column(SQL_INTEGER, 10, 0, true), NumericMapping::kNone, DialectKind::kGeneric);
  REQUIRE(m);
  CHECK(m->optional);
  m = MapColumn(Column(SQL_DECIMAL, 10, 2, false), NumericMapping::kNone, DialectKind::kGeneric);
  REQUIRE(m);
  CHECK_FALSE(m->optional);
  m = MapColumn(Column(SQL_NUMERIC, 10, 2, false), NumericMapping::kBestFit,
                DialectKind::kGeneric);
  REQUIRE(m);
  CHECK(m->kind == FieldKind::kFloat64);
  CHECK_FALSE(m->optional);
  m = MapColumn(Column(SQL_BIT, 1, 0, false), NumericMapping::kNone, DialectKind::kPostgres);
  REQUIRE(m);
  CHECK(m->kind == FieldKind::kBoolean);
  CHECK_FALSE(m->optional);
  m = MapColumn(Column(SQL_TYPE_TIMESTAMP, 26, 6, false), NumericMapping::kNone,
                DialectKind::kGeneric);
  REQUIRE(m);
  CHECK_FALSE(m->optional);
}

TEST_CASE("decimals carry scale and precision") {
  std::optional<ColumnMapping> m =
      MapColumn(Column(SQL_DECIMAL, 12, 3), NumericMapping::kNone, DialectKind::kMySql);
  REQUIRE(m);
  CHECK(m->kind == FieldKind::kDecimal);
  CHECK(m->scale == 3);
  CHECK(m->precision == 12);
  CHECK(m->optional);

  // Oracle's "no scale" sentinel becomes scale 127, as in Confluent's decimalScale.
  m = MapColumn(Column(SQL_NUMERIC, 38, -127), NumericMapping::kNone, DialectKind::kGeneric);
  REQUIRE(m);
  CHECK(m->kind == FieldKind::kDecimal);
  CHECK(m->scale == 127);
  CHECK(m->precision == 38);
  // Other negative scales are kept.
  m = MapColumn(Column(SQL_NUMERIC, 38, -2), NumericMapping::kNone, DialectKind::kGeneric);
  REQUIRE(m);
  CHECK(m->scale == -2);
  // A size beyond int32 is clamped as JDBC's int precision would be.
  m = MapColumn(Column(SQL_DECIMAL, static_cast<SQLULEN>(1) << 40, 0), NumericMapping::kNone,
                DialectKind::kGeneric);
  REQUIRE(m);
  CHECK(m->precision == 2147483647);
}

TEST_CASE("DECIMAL ignores numeric.mapping, as Confluent's does") {
  for (NumericMapping mode : {NumericMapping::kNone, NumericMapping::kPrecisionOnly,
                              NumericMapping::kBestFit, NumericMapping::kBestFitEagerDouble}) {
    CHECK(Kind(Column(SQL_DECIMAL, 5, 0), mode) == FieldKind::kDecimal);
    CHECK(Kind(Column(SQL_DECIMAL, 5, 2), mode) == FieldKind::kDecimal);
  }
}

TEST_CASE("numeric.mapping=none keeps every NUMERIC a Decimal") {
  std::optional<ColumnMapping> m =
      MapColumn(Column(SQL_NUMERIC, 4, 0), NumericMapping::kNone, DialectKind::kPostgres);
  REQUIRE(m);
  CHECK(m->kind == FieldKind::kDecimal);
  CHECK(m->scale == 0);
  CHECK(m->precision == 4);
  CHECK(Numeric(NumericMapping::kNone, 10, 2) == FieldKind::kDecimal);
}

TEST_CASE("numeric.mapping=precision_only") {
  const NumericMapping p = NumericMapping::kPrecisionOnly;
  CHECK(Numeric(p, 1, 0) == FieldKind::kInt8);
  CHECK(Numeric(p, 2, 0) == FieldKind::kInt8);
  CHECK(Numeric(p, 3, 0) == FieldKind::kInt16);
  CHECK(Numeric(p, 4, 0) == FieldKind::kInt16);
  CHECK(Numeric(p, 5, 0) == FieldKind::kInt32);
  CHECK(Numeric(p, 9, 0) == FieldKind::kInt32);
  CHECK(Numeric(p, 10, 0) == FieldKind::kInt64);
  CHECK(Numeric(p, 18, 0) == FieldKind::kInt64);
  CHECK(Numeric(p, 19, 0) == FieldKind::kDecimal);
  CHECK(Numeric(p, 0, 0) == FieldKind::kInt8);
  // Only scale 0 is an integer here: no doubles, negative scales stay Decimal.
  CHECK(Numeric(p, 10, 2) == FieldKind::kDecimal);
  CHECK(Numeric(p, 10, -2) == FieldKind::kDecimal);

  std::optional<ColumnMapping> m =
      MapColumn(Column(SQL_NUMERIC, 19, 0), p, DialectKind::kGeneric);
  REQUIRE(m);
  CHECK(m->scale == 0);
  CHECK(m->precision == 19);
}

TEST_CASE("numeric.mapping=best_fit") {
  const NumericMapping b = NumericMapping::kBestFit;
  CHECK(Numeric(b, 2, 0) == FieldKind::kInt8);
  CHECK(Numeric(b, 3, 0) == FieldKind::kInt16);
  CHECK(Numeric(b, 4, 0) == FieldKind::kInt16);
  CHECK(Numeric(b, 5, 0) == FieldKind::kInt32);
  CHECK(Numeric(b, 9, 0) == FieldKind::kInt32);
  CHECK(Numeric(b, 10, 0) == FieldKind::kInt64);
  CHECK(Numeric(b, 18, 0) == FieldKind::kInt64);
  CHECK(Numeric(b, 19, 0) == FieldKind::kDecimal);
  // Negative scales down to -84 are integers too.
  CHECK(Numeric(b, 4, -1) == FieldKind::kInt16);
  CHECK(Numeric(b, 18, -84) == FieldKind::kInt64);
  CHECK(Numeric(b, 18, -85) == FieldKind::kDecimal);
  // A fraction within 18 digits becomes a double.
  CHECK(Numeric(b, 18, 1) == FieldKind::kFloat64);
  CHECK(Numeric(b, 2, 2) == FieldKind::kFloat64);
  CHECK(Numeric(b, 19, 2) == FieldKind::kDecimal);
  std::optional<ColumnMapping> m =
      MapColumn(Column(SQL_NUMERIC, 18, -127), b, DialectKind::kGeneric);
  REQUIRE(m);
  CHECK(m->kind == FieldKind::kDecimal);
  CHECK(m->scale == 127);
  CHECK(m->precision == 18);
}

TEST_CASE("numeric.mapping=best_fit_eager_double") {
  const NumericMapping e = NumericMapping::kBestFitEagerDouble;
  CHECK(Numeric(e, 2, 0) == FieldKind::kInt8);
  CHECK(Numeric(e, 4, 0) == FieldKind::kInt16);
  CHECK(Numeric(e, 9, 0) == FieldKind::kInt32);
  CHECK(Numeric(e, 18, 0) == FieldKind::kInt64);
  CHECK(Numeric(e, 19, 0) == FieldKind::kDecimal);
  CHECK(Numeric(e, 3, -84) == FieldKind::kInt16);
  CHECK(Numeric(e, 3, -85) == FieldKind::kDecimal);
  CHECK(Numeric(e, 19, -1) == FieldKind::kDecimal);
  // A fraction is a double whatever the precision.
  CHECK(Numeric(e, 18, 2) == FieldKind::kFloat64);
  CHECK(Numeric(e, 19, 2) == FieldKind::kFloat64);
  CHECK(Numeric(e, 38, 10) == FieldKind::kFloat64);
  CHECK(Numeric(e, 1000, 1) == FieldKind::kFloat64);
  CHECK(Numeric(e, 38, -127) == FieldKind::kDecimal);
}
