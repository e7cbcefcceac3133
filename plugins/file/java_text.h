// Text renderings of numbers and dates as Java's toString() writes them. Kafka's FileStreamSink
// writes String.valueOf(value), so these make connectd's sink files read the same as Kafka's.
// Pure functions: any thread may call them. Each appends to *out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace connectd {
namespace file {

// Double.toString: the shortest digits that read back to the same double; plain notation
// ("12.5", "100.0", "0.001") for 1e-3 <= |v| < 1e7, otherwise "1.0E10" / "1.234E-5";
// "NaN", "Infinity", "-Infinity", "0.0", "-0.0".
void AppendJavaDouble(double v, std::string* out);
// Float.toString: the same rules with the shortest digits that read back to the same float.
void AppendJavaFloat(float v, std::string* out);

// java.util.Date.toString in UTC: "Thu Jan 01 00:00:00 UTC 1970" (proleptic Gregorian calendar).
void AppendJavaDate(int64_t epoch_ms, std::string* out);

// BigDecimal.toString of a Kafka Connect Decimal: `unscaled` is the big-endian two's complement
// unscaled value (any length; empty means 0), `scale` the schema's "scale" parameter. Plain
// notation ("-12.34", "0.0001") unless the scale is negative or the adjusted exponent is below
// -6, then scientific ("1.2E+3", "1E-7").
void AppendJavaBigDecimal(std::string_view unscaled, int32_t scale, std::string* out);

}  // namespace file
}  // namespace connectd
