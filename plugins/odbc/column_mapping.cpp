#include "column_mapping.h"

#include <limits>

#include "ascii_case.h"

namespace connectd {
namespace odbc {
namespace {

// Confluent's bounds (GenericDatabaseDialect): NUMBER scales go down to -84, Oracle reports a
// NUMBER declared without scale as scale -127, and 18 digits always fit an INT64.
constexpr int32_t kNumericScaleLow = -84;
constexpr int32_t kNumericScaleUnset = -127;
constexpr int32_t kNumericScaleHigh = 127;
constexpr int32_t kMaxIntegerTypePrecision = 18;

ColumnMapping Field(FieldKind kind, bool optional) {
  ColumnMapping mapping{kind};
  mapping.optional = optional;
  return mapping;
}

// The smallest integer that holds `precision` decimal digits (Confluent's integerSchema).
FieldKind IntegerKind(int32_t precision) {
  if (precision > 9) return FieldKind::kInt64;
  if (precision > 4) return FieldKind::kInt32;
  if (precision > 2) return FieldKind::kInt16;
  return FieldKind::kInt8;
}

// NUMERIC under numeric.mapping; std::nullopt when it stays a Decimal.
std::optional<FieldKind> MapNumeric(NumericMapping mapping, int32_t precision, int32_t scale) {
  bool integral = scale < 1 && scale >= kNumericScaleLow;
  switch (mapping) {
    case NumericMapping::kNone:
      return std::nullopt;
    case NumericMapping::kPrecisionOnly:
      if (scale == 0 && precision <= kMaxIntegerTypePrecision) return IntegerKind(precision);
      return std::nullopt;
    case NumericMapping::kBestFit:
      if (precision > kMaxIntegerTypePrecision) return std::nullopt;
      if (integral) return IntegerKind(precision);
      if (scale > 0) return FieldKind::kFloat64;
      return std::nullopt;
    case NumericMapping::kBestFitEagerDouble:
      if (integral) {
        if (precision <= kMaxIntegerTypePrecision) return IntegerKind(precision);
        return std::nullopt;
      }
      if (scale > 0) return FieldKind::kFloat64;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

bool NumericMappingFromName(std::string_view name, NumericMapping* out) {
  struct Named {
    std::string_view name;
    NumericMapping mapping;
  };
  constexpr Named kNames[] = {{"none", NumericMapping::kNone},
                              {"precision_only", NumericMapping::kPrecisionOnly},
                              {"best_fit", NumericMapping::kBestFit},
                              {"best_fit_eager_double", NumericMapping::kBestFitEagerDouble}};
  for (const Named& named : kNames) {
    if (EqualsIgnoreCase(name, named.name)) {
      *out = named.mapping;
      return true;
    }
  }
  return false;
}

std::optional<ColumnMapping> MapColumn(const ColumnMeta& column, NumericMapping mapping,
                                       DialectKind dialect) {
  const bool optional = column.nullable;
  const bool is_signed = !column.is_unsigned;
  // JDBC reports precision as an int; clamp the unsigned ODBC size the same way.
  const int32_t precision =
      column.column_size > static_cast<SQLULEN>(std::numeric_limits<int32_t>::max())
          ? std::numeric_limits<int32_t>::max()
          : static_cast<int32_t>(column.column_size);
  const int32_t scale = column.decimal_digits;

  switch (column.sql_type) {
    case SQL_BIT:
      // PostgreSqlDatabaseDialect: bit(1) and bool are booleans, wider bit strings are numbers
      // or bytes. The generic dialect (MySQL and SQLite too) reads every BIT as a byte.
      if (dialect == DialectKind::kPostgres) {
        if (precision <= 1) return Field(FieldKind::kBoolean, optional);
        if (precision <= 8) return Field(FieldKind::kInt8, optional);
        return Field(FieldKind::kBytes, optional);
      }
      return Field(FieldKind::kInt8, optional);

    // Unsigned integers take the next wider type so that every value fits; BIGINT has none.
    case SQL_TINYINT:
      return Field(is_signed ? FieldKind::kInt8 : FieldKind::kInt16, optional);
    case SQL_SMALLINT:
      return Field(is_signed ? FieldKind::kInt16 : FieldKind::kInt32, optional);
    case SQL_INTEGER:
      // SQLite's INTEGER holds 64 bits whatever the driver calls it; INT32 would truncate.
      if (dialect == DialectKind::kSqlite) return Field(FieldKind::kInt64, optional);
      return Field(is_signed ? FieldKind::kInt32 : FieldKind::kInt64, optional);
    case SQL_BIGINT:
      return Field(FieldKind::kInt64, optional);

    case SQL_REAL:
      return Field(FieldKind::kFloat32, optional);
    // ODBC's FLOAT, like JDBC's, is double precision.
    case SQL_FLOAT:
    case SQL_DOUBLE:
      return Field(FieldKind::kFloat64, optional);

    case SQL_NUMERIC:
      if (std::optional<FieldKind> kind = MapNumeric(mapping, precision, scale)) {
        return Field(*kind, optional);
      }
      [[fallthrough]];
    case SQL_DECIMAL: {
      // Confluent turns the "no declared scale" sentinel -127 (Oracle's NUMBER) into scale 127
      // and keeps every other reported scale. ODBC has no portable "unset" marker: psqlODBC
      // reports an unconstrained NUMERIC with a guessed size (28 digits, scale 6 or the scale
      // of the longest value), which cannot be told apart from a declared numeric(28,6), so the
      // reported scale is used as it is; only a driver passing -127 through gets Confluent's 127.
      ColumnMapping decimal = Field(FieldKind::kDecimal, optional);
      decimal.scale = scale == kNumericScaleUnset ? kNumericScaleHigh : scale;
      decimal.precision = precision;
      return decimal;
    }

    // Character data of any length; GUIDs are read as their text form.
    case SQL_CHAR:
    case SQL_VARCHAR:
    case SQL_LONGVARCHAR:
    case SQL_WCHAR:
    case SQL_WVARCHAR:
    case SQL_WLONGVARCHAR:
    case SQL_GUID:
      return Field(FieldKind::kString, optional);

    case SQL_BINARY:
    case SQL_VARBINARY:
    case SQL_LONGVARBINARY:
      return Field(FieldKind::kBytes, optional);

    // The ODBC 2 codes (SQL_DATE, SQL_TIME, SQL_TIMESTAMP) are what drivers report to an
    // application that asked for ODBC 2 behaviour; they mean the same.
    case SQL_TYPE_DATE:
    case SQL_DATE:
      return Field(FieldKind::kDate, optional);
    case SQL_TYPE_TIME:
    case SQL_TIME:
      return Field(FieldKind::kTime, optional);
    case SQL_TYPE_TIMESTAMP:
    case SQL_TIMESTAMP:
      return Field(FieldKind::kTimestamp, optional);

    default:
      return std::nullopt;
  }
}

}  // namespace odbc
}  // namespace connectd
