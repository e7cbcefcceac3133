#include "source_query.h"

#include "connectd/sdk.hpp"

namespace connectd {
namespace odbc {

namespace {

// The timestamp expression: the column itself, or COALESCE over several in the configured
// order, so the first non-null one orders the row (as Confluent).
std::string TimestampExpression(const SqlDialect& dialect, const std::vector<std::string>& columns) {
  if (columns.size() == 1) return dialect.QuoteIdentifier(columns[0]);
  std::string out = "COALESCE(";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    out += dialect.QuoteIdentifier(columns[i]);
  }
  out += ')';
  return out;
}

std::string_view ModeName(SourceMode mode) {
  switch (mode) {
    case SourceMode::kIncrementing:
      return "incrementing";
    case SourceMode::kTimestamp:
      return "timestamp";
    case SourceMode::kTimestampIncrementing:
      return "timestamp+incrementing";
    case SourceMode::kBulk:
      break;
  }
  return "bulk";
}

}  // namespace

bool SourceModeFromName(std::string_view name, SourceMode* out) {
  for (SourceMode mode : {SourceMode::kBulk, SourceMode::kIncrementing, SourceMode::kTimestamp,
                          SourceMode::kTimestampIncrementing}) {
    if (name == ModeName(mode)) {
      *out = mode;
      return true;
    }
  }
  return false;
}

std::string BuildSourceQuery(const SqlDialect& dialect, std::string base, SourceMode mode,
                             std::string_view incrementing_column,
                             const std::vector<std::string>& timestamp_columns) {
  if (mode == SourceMode::kBulk) return base;
  const bool needs_incrementing =
      mode == SourceMode::kIncrementing || mode == SourceMode::kTimestampIncrementing;
  const bool needs_timestamp =
      mode == SourceMode::kTimestamp || mode == SourceMode::kTimestampIncrementing;
  if (needs_incrementing && incrementing_column.empty()) {
    throw sdk::ConnectException("mode=" + std::string(ModeName(mode)) +
                                " needs an incrementing column; set incrementing.column.name "
                                "(no auto-increment column was found to default to)");
  }
  if (needs_timestamp && timestamp_columns.empty()) {
    throw sdk::ConnectException("mode=" + std::string(ModeName(mode)) +
                                " needs a timestamp column; set timestamp.column.name");
  }
  const std::string inc = dialect.QuoteIdentifier(incrementing_column);
  const std::string ts = needs_timestamp ? TimestampExpression(dialect, timestamp_columns) : "";
  switch (mode) {
    case SourceMode::kIncrementing:
      base += " WHERE " + inc + " > ? ORDER BY " + inc + " ASC";
      break;
    case SourceMode::kTimestamp:
      base += " WHERE " + ts + " > ? AND " + ts + " < ? ORDER BY " + ts + " ASC";
      break;
    case SourceMode::kTimestampIncrementing:
      base += " WHERE " + ts + " < ? AND ((" + ts + " = ? AND " + inc + " > ?) OR " + ts +
              " > ?) ORDER BY " + ts + "," + inc + " ASC";
      break;
    case SourceMode::kBulk:
      break;
  }
  return base;
}

std::vector<QueryParam> SourceQueryParams(SourceMode mode) {
  switch (mode) {
    case SourceMode::kIncrementing:
      return {QueryParam::kLastIncrementing};
    case SourceMode::kTimestamp:
      return {QueryParam::kLastTimestamp, QueryParam::kUpperTimestamp};
    case SourceMode::kTimestampIncrementing:
      return {QueryParam::kUpperTimestamp, QueryParam::kLastTimestamp,
              QueryParam::kLastIncrementing, QueryParam::kLastTimestamp};
    case SourceMode::kBulk:
      break;
  }
  return {};
}

std::string TableSelectQuery(const SqlDialect& dialect, const TableId& table) {
  return "SELECT * FROM " + dialect.TableName(table);
}

}  // namespace odbc
}  // namespace connectd
