// The ODBC source's queries: Confluent's JDBC source modes (bulk, incrementing, timestamp,
// timestamp+incrementing) and the WHERE/ORDER BY clause each appends, as
// TimestampIncrementingCriteria builds it, so that a source resumes from the same offsets and
// reads rows in the same order as Confluent's.
//
// Pure string building. Errors throw connectd::sdk::ConnectException naming the setting to fix.
// Threading: free functions without shared state; any thread may call them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql_dialect.h"

namespace connectd {
namespace odbc {

enum class SourceMode { kBulk, kIncrementing, kTimestamp, kTimestampIncrementing };

// Reads the `mode` setting: "bulk", "incrementing", "timestamp", "timestamp+incrementing".
// Returns false and leaves *out alone for anything else.
bool SourceModeFromName(std::string_view name, SourceMode* out);

// Appends the mode's clause to `base`, which is TableSelectQuery() in table mode or the user's
// `query` as written in query mode (like Confluent, a query that already has a WHERE clause
// breaks; the user must wrap it as a subquery). Clauses, with ts the quoted timestamp column or
// COALESCE(c1,c2,...) of several, inc the quoted incrementing column:
//   incrementing            " WHERE inc > ? ORDER BY inc ASC"
//   timestamp               " WHERE ts > ? AND ts < ? ORDER BY ts ASC"
//   timestamp+incrementing  " WHERE ts < ? AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts,inc ASC"
//   bulk                    nothing
// SourceQueryParams(mode) lists the parameters in order. Confluent qualifies the columns with
// the table name in table mode ("t"."inc"); the unqualified form selects the same rows.
// A query.suffix goes after the returned text, separated by a space, as in Confluent.
// Throws ConnectException when the mode needs an incrementing column and
// `incrementing_column` is empty (the caller resolves Confluent's "first auto-increment column"
// default beforehand), or needs timestamp columns and `timestamp_columns` is empty.
std::string BuildSourceQuery(const SqlDialect& dialect, std::string base, SourceMode mode,
                             std::string_view incrementing_column,
                             const std::vector<std::string>& timestamp_columns);

// The parameters of BuildSourceQuery's clause, in binding order.
enum class QueryParam { kLastIncrementing, kLastTimestamp, kUpperTimestamp };
//   bulk []; incrementing [last inc]; timestamp [last ts, upper ts];
//   timestamp+incrementing [upper ts, last ts, last inc, last ts].
std::vector<QueryParam> SourceQueryParams(SourceMode mode);

// "SELECT * FROM <dialect.TableName(table)>": the table-mode base query.
std::string TableSelectQuery(const SqlDialect& dialect, const TableId& table);

}  // namespace odbc
}  // namespace connectd
