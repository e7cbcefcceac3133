// Kafka's Decimal logical type in bytes and text. A Decimal Value is BYTES holding the unscaled
// value as big-endian two's complement (Java's BigInteger.toByteArray); its schema's "scale"
// parameter places the decimal point. Pure functions; any thread may call them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "data/schema.h"

namespace connectd {

// The integer "scale" parameter of a Decimal schema; false when absent or not an integer.
bool DecimalScale(const Schema& schema, int32_t* scale);

// `b` without redundant leading sign bytes (BigInteger.toByteArray never writes them).
// Precondition: `b` is not empty.
std::string_view MinimalTwosComplement(std::string_view b);
// The sign and decimal digits (no leading zeros, "0" for zero) of a two's complement integer.
void TwosComplementToDecimal(std::string_view b, bool* negative, std::string* digits);
// The minimal two's complement bytes of the integer with these decimal digits.
std::string DecimalToTwosComplement(bool negative, std::string_view digits);

// Reads decimal text ("12.50", "-1e-3") as the unscaled bytes for `scale`, without rounding:
// digits beyond the scale, or a magnitude of more than 4096 digits, fail with *error set.
bool DecimalTextToUnscaled(std::string_view text, int32_t scale, std::string* out, std::string* error);

// BigDecimal.toString of (unscaled, scale): plain when the scale is >= 0 and the adjusted
// exponent >= -6 ("123.45", "-0.01"), otherwise scientific ("1E-10", "1.5E+3"). Appends to *out.
// Precondition: `unscaled` is not empty.
void AppendBigDecimal(std::string_view unscaled, int32_t scale, std::string* out);
// BigDecimal.toPlainString of (unscaled, scale): never an exponent ("123.45", "-0.001", "1500"
// for scale -2), the form SQL databases take as a numeric literal. Appends to *out.
// Precondition: `unscaled` is not empty.
void AppendPlainDecimal(std::string_view unscaled, int32_t scale, std::string* out);
// The same into a fresh *out; false when `unscaled` is empty.
bool JavaBigDecimalToString(std::string_view unscaled, int32_t scale, std::string* out);

}  // namespace connectd
