// The Java library behaviour Debezium's values depend on, reproduced bit for bit: String.trim
// and case-insensitive comparison, Long.parseLong/Double.parseDouble, (long) casts and
// Math.round, java.math.BigDecimal's scale and text forms, java.time's calendar and ISO text,
// java.util.Base64, Jackson's string escaping, java.util.HashMap iteration order,
// UUID.nameUUIDFromBytes, and Debezium's interval forms (MicroDuration, Interval) over pgjdbc's
// PGInterval. The PostgreSQL text readers (pg_text_parse.h) and the column conversions
// (pg_type_mapping.cpp) build on these.
//
// Text is UTF-8 and borrowed for the call; results are owned by the caller. Nothing here throws
// or needs the host service table. Threading: plain values and pure functions, callable from any
// thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace connectd {
namespace pgcdc {

// ---- java.lang.String ---------------------------------------------------------------------

// String.trim: `s` without the leading and trailing characters up to and including ' '. The
// result views `s`.
std::string_view JavaTrim(std::string_view s);
// String.equalsIgnoreCase for ASCII letters (other bytes compare exactly).
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

// ---- bytes as text ------------------------------------------------------------------------

// Appends the bytes as lower-case hex digits, two per byte.
void AppendHex(std::string_view bytes, std::string* out);
// java.util.Base64's basic (or, when `url_safe`, URL-safe) encoder, with padding.
std::string Base64(std::string_view bytes, bool url_safe);
// Appends `s` as a JSON string the way Jackson writes it by default: '"', '\\' and control
// characters escaped (\b \t \n \f \r, else \u00XX in upper-case hex), everything else as is.
void AppendJsonString(std::string_view s, std::string* out);
// The indexes of `keys` in the order a java.util.HashMap (default capacity and load factor)
// iterates them after inserting them in this order. The keys are distinct UTF-8 strings.
std::vector<size_t> JavaHashMapOrder(const std::vector<std::string>& keys);

// ---- numbers ------------------------------------------------------------------------------

// Integer.parseInt / Long.parseLong: optional sign, ASCII digits, within [min, max]. False for
// anything else; *out is then unchanged.
bool ParseJavaLong(std::string_view text, int64_t min, int64_t max, int64_t* out);
// Float.parseFloat / Double.parseDouble for the forms PostgreSQL writes (decimal and exponent
// notation, NaN, Infinity, -Infinity; surrounding whitespace ignored), rounded as Java rounds,
// out-of-range values to infinity or zero. False when `text` is not such a number.
bool ParseJavaFloating(std::string_view text, float* out);
bool ParseJavaFloating(std::string_view text, double* out);
// (long) of a double: NaN is 0, out-of-range values saturate.
int64_t JavaDoubleToLong(double d);
// Math.round(double): the closest long, ties towards positive infinity.
int64_t JavaRound(double d);

// ---- decimals (java.math.BigDecimal's value, scale and text forms) -----------------------

struct BigDec {
  bool negative = false;
  std::string digits = "0";  // the unscaled magnitude, no leading zeros
  int64_t scale = 0;

  bool isZero() const { return digits == "0"; }
};

// new BigDecimal(String): [sign] digits [. digits] [e|E [sign] digits]. False (and *out
// unchanged) for anything else.
bool ParseBigDec(std::string_view text, BigDec* out);

enum class Rounding { kExact, kHalfUp, kDown };

// BigDecimal.setScale(scale, rounding); false (and *d unchanged) when kExact would have to round.
bool SetScale(BigDec* d, int64_t scale, Rounding rounding);
// BigDecimal.stripTrailingZeros (zero becomes 0 with scale 0).
void StripTrailingZeros(BigDec* d);
// BigDecimal.toPlainString.
std::string PlainString(const BigDec& d);
// BigDecimal.doubleValue (correctly rounded; infinity or zero out of range).
double ToDouble(const BigDec& d);
// BigDecimal.valueOf(double): the value of Double.toString(d). `d` is finite.
BigDec JavaDoubleDecimal(double d);

// ---- calendar (java.time's proleptic Gregorian calendar) ---------------------------------

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kNanosPerSecond = 1000000000;

// Math.floorDiv / Math.floorMod; b is not 0.
int64_t FloorDiv(int64_t a, int64_t b);
int64_t FloorMod(int64_t a, int64_t b);
// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day 1..31).
int64_t DaysFromCivil(int64_t y, int m, int d);
// The number of days of month `m` (1..12) of year `y`.
int DaysInMonth(int64_t y, int m);
// Appends a date as ISO_LOCAL_DATE: a four-digit year, with a sign when it has more digits or
// is negative.
void AppendIsoDate(int64_t epoch_day, std::string* out);
// Appends HH:mm:ss (second_of_day in 0..86399) and the fraction of `nanos` (0..999999999):
// `width` digits (1..9, truncated), or with width 0 as few as the value needs (ISO_LOCAL_TIME),
// none for a whole second.
void AppendIsoTime(int64_t second_of_day, int64_t nanos, int width, std::string* out);
// An instant as ISO_OFFSET_DATE_TIME at UTC ("2016-11-04T11:51:30.123456Z"), the fraction as
// AppendIsoTime writes it.
std::string IsoInstant(int64_t epoch_second, int64_t nanos, int width);

// ---- intervals (org.postgresql.util.PGInterval, as Debezium reads it) ---------------------

struct PgInterval {
  int32_t years = 0, months = 0, days = 0, hours = 0, minutes = 0;
  int32_t whole_seconds = 0, micro_seconds = 0;

  // PGInterval.setSeconds (pgjdbc 42.7): whole seconds truncated, the rest rounded to micros.
  void setSeconds(double seconds);
  double seconds() const { return whole_seconds + static_cast<double>(micro_seconds) / 1000000; }
};

// MicroDuration.durationMicros with 365.25/12 days per month, in Java's double arithmetic.
int64_t IntervalMicros(const PgInterval& iv);
// io.debezium.time.Interval.toIsoString: "P<y>Y<m>M<d>DT<h>H<m>M<s>S", seconds as the plain
// decimal of Double.toString, cut to nine fraction digits, trailing zeros removed.
std::string IntervalIsoString(const PgInterval& iv);

// ---- java.util.UUID -----------------------------------------------------------------------

// UUID.nameUUIDFromBytes(bytes).toString(): a version 3 UUID from the MD5 of the bytes.
std::string NameUuid(std::string_view bytes);

}  // namespace pgcdc
}  // namespace connectd
