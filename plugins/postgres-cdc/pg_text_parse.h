// Readers of PostgreSQL's text output forms (what pgoutput sends as a 't' column and a
// text-format SELECT returns) under the session settings Debezium's connections use:
// DateStyle=ISO, IntervalStyle=postgres (postgres_verbose and iso_8601 are read too),
// bytea_output=hex. Each reads its form as pgjdbc or Debezium reads it, so that what is accepted,
// and the value it yields, match Debezium; the Java semantics underneath are in
// java_conversions.h.
//
// Every reader returns false when the text is not of its form; its outputs are then
// unspecified (the caller reports the text). Text is borrowed for the call; outputs are owned
// by the caller. Nothing here throws or needs the host service table. Threading: pure
// functions, callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "java_conversions.h"

namespace connectd {
namespace pgcdc {

// ---- catalog numbers and arrays -------------------------------------------------------------

// An oid / typelem / typbasetype column: decimal digits of an unsigned 32-bit number.
bool ParseUnsigned32(std::string_view text, uint32_t* out);
// A typtypmod column: an optional '-' and decimal digits of a signed 32-bit number.
bool ParseSigned32(std::string_view text, int32_t* out);

// A PostgreSQL one-dimensional array in text form (array_out): elements split at `delimiter`,
// quoted ones unescaped, unquoted NULL as std::nullopt. A leading dimension decoration
// ("[0:2]=") is skipped. False with *error set (saying what is wrong) on anything else,
// including arrays of more than one dimension.
bool ParseArrayText(std::string_view text, char delimiter, std::vector<std::optional<std::string>>* out,
                    std::string* error);

// ---- bytea and bit strings ------------------------------------------------------------------

// bytea in hex format ("\x0a1b"), any case of hex digits, as its bytes in *bytes.
bool ParseByteaHex(std::string_view text, std::string* bytes);
// A bit string as Debezium's little-endian bytes, only as long as the highest set bit needs.
// `bits` holds only '0' and '1' (see IsBitString).
std::string BitBytes(std::string_view bits);
// True when `text` holds only '0' and '1' (also when it is empty).
bool IsBitString(std::string_view text);

// ---- money ----------------------------------------------------------------------------------

// Debezium's PostgresMoney.parse: parentheses or a leading '-' for negative, one currency
// character (one UTF-8 sequence), thousands separators ','.
bool ParseMoney(std::string_view text, BigDec* out);

// ---- dates and times ------------------------------------------------------------------------

// A date (yyyy-mm-dd [BC]) as days since 1970-01-01; infinity/-infinity as Debezium's
// stand-in dates.
bool ParseDate(std::string_view text, int64_t* epoch_day);
// A timestamp without time zone (date, time, optional era) as seconds and nanos since
// 1970-01-01T00:00:00. `infinite` is +1/-1 for "infinity"/"-infinity" (the other outputs are
// then not set), else 0.
bool ParseTimestamp(std::string_view text, int64_t* epoch_second, int64_t* nanos, int* infinite);
// A timestamp with time zone (its offset in the text) as a UTC instant; `infinite` as for
// ParseTimestamp.
bool ParseTimestampTz(std::string_view text, int64_t* epoch_second, int64_t* nanos, int* infinite);
// A TIME value the way Debezium's Strings.asDuration reads it (H..:mm:ss[.f]; hours may reach
// 24) as nanoseconds.
bool ParseTimeDuration(std::string_view text, int64_t* total_nanos);
// A TIMETZ value as the UTC time it denotes: second of day and nanos. `boundary` is set for
// 24:00:00 at offset zero, which Debezium writes as "24:00:00Z".
bool ParseTimeTz(std::string_view text, int64_t* second_of_day, int64_t* nanos, bool* boundary);

// ---- intervals and hstore -------------------------------------------------------------------

// PGInterval(String): the postgres and postgres_verbose styles ("1 year 2 mons 3 days
// 04:05:06.78", "@ 1 year 2 mons ago") and ISO 8601 ("P1Y2M3DT4H5M6.78S").
bool ParseInterval(std::string_view text, PgInterval* out);

// pgjdbc's HStoreConverter: `"k"=>"v", "k2"=>NULL` appended to *keys and *values in text order
// (the two stay the same length; NULL is std::nullopt). A repeated key keeps its first place
// and its last value.
bool ParseHstore(std::string_view text, std::vector<std::string>* keys,
                 std::vector<std::optional<std::string>>* values);

}  // namespace pgcdc
}  // namespace connectd
