// Which Kafka Connect field a result-set column becomes, decided from the ODBC metadata of the
// column (SQLDescribeCol / SQLColAttribute) with the rules of Confluent's JDBC source connector:
// GenericDatabaseDialect.addFieldToSchema, the PostgreSqlDatabaseDialect override for BIT, and the
// `numeric.mapping` setting. ODBC SQL types stand in for the JDBC types Confluent switches on.
//
// Pure functions, safe to call from any thread.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dialect_kind.h"
#include "field_kind.h"

namespace connectd {
namespace odbc {

struct ColumnMeta {
  std::string name;
  SQLSMALLINT sql_type = 0;        // SQLDescribeCol's DataType (SQL_INTEGER, SQL_WVARCHAR, ...)
  SQLULEN column_size = 0;         // precision for numeric types, bits for SQL_BIT
  SQLSMALLINT decimal_digits = 0;  // scale for numeric types
  bool nullable = true;            // SQL_NULLABLE or SQL_NULLABLE_UNKNOWN -> true
  bool is_unsigned = false;        // SQL_DESC_UNSIGNED
};

// Confluent's `numeric.mapping`: how NUMERIC columns (not DECIMAL ones) become fields.
enum class NumericMapping { kNone, kPrecisionOnly, kBestFit, kBestFitEagerDouble };

// "none", "precision_only", "best_fit", "best_fit_eager_double", ignoring case like Confluent.
// False for any other name (*out unchanged).
bool NumericMappingFromName(std::string_view name, NumericMapping* out);

struct ColumnMapping {
  FieldKind kind;
  int32_t scale = 0;      // kDecimal only: the Decimal schema's "scale" parameter
  int32_t precision = 0;  // kDecimal only: Confluent also writes it as the schema parameter
                          // "connect.decimal.precision" (the column's precision as reported)
  bool optional = true;   // the column is nullable or its nullability is unknown
};

// The field for `column`, or std::nullopt for a type Confluent leaves out of the schema (it logs
// a warning and skips the column): SQL_UNKNOWN_TYPE, intervals and driver-specific types.
// `dialect` matters for SQL_BIT only: PostgreSQL maps BIT(1) (and bool, which psqlODBC reports as
// SQL_BIT with BoolsAsChar=0) to BOOLEAN, BIT(2..8) to INT8 and longer bit strings to BYTES; every
// other dialect maps SQL_BIT to INT8 as Confluent's generic dialect does (MySQL's BIT(1) included).
// Timestamps map to kTimestamp, i.e. Confluent's default timestamp.granularity=connect_logical.
std::optional<ColumnMapping> MapColumn(const ColumnMeta& column, NumericMapping mapping,
                                       DialectKind dialect);

}  // namespace odbc
}  // namespace connectd
