// Kafka Connect's Date, Time and Timestamp logical values against ODBC's date/time structs and
// text, in UTC (sessions are set to UTC by the dialect, as Confluent's db.timezone=UTC does).
// Pure functions; any thread.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace connectd {
namespace odbc {

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
SQL_DATE_STRUCT DateFromDays(int64_t days);

// Milliseconds since the epoch of a timestamp (its fraction is nanoseconds; below a millisecond
// is dropped, as Connect's Timestamp keeps milliseconds), and back.
int64_t MillisFromTimestamp(const SQL_TIMESTAMP_STRUCT& ts);
SQL_TIMESTAMP_STRUCT TimestampFromMillis(int64_t millis);
// The nanoseconds within the second of a timestamp (Confluent's timestamp_nanos offset field).
inline int64_t NanosOfTimestamp(const SQL_TIMESTAMP_STRUCT& ts) { return ts.fraction; }

// "HH:MM:SS[.fff...]" to milliseconds since midnight; false when malformed.
bool ParseTimeOfDay(std::string_view text, int32_t* millis);
// Milliseconds since midnight as "HH:MM:SS.fff".
std::string FormatTimeOfDay(int64_t millis);

}  // namespace odbc
}  // namespace connectd
