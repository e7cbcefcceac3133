// Java's number conversions that Kafka's Cast, MaskField and SetSchemaMetadata inherit from the
// JDK: Integer.parseInt and friends, Double.parseDouble / Float.parseFloat, new BigDecimal(String)
// with its longValue/doubleValue/floatValue, and the (int)/(long) narrowing of a double. The
// transforms must agree with the JVM bit for bit (wrap-around, saturation, rounding), so these
// follow the JDK's specified results rather than C's. Pure functions; any thread may call them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace connectd {

// A number as java.math.BigDecimal holds it: (negative ? -1 : 1) * digits * 10^-scale.
struct JavaBigDecimal {
  bool negative = false;
  std::string digits;  // decimal digits of the unscaled magnitude; never empty, may have leading zeros
  int64_t scale = 0;
};

// new BigDecimal(text): an optional sign, digits with at most one '.', at least one digit, and an
// optional exponent ("e"/"E", optional sign, digits) whose value and resulting scale fit an int.
// No surrounding whitespace. False where Java throws NumberFormatException.
bool ParseJavaBigDecimal(std::string_view text, JavaBigDecimal* out);
// The BigDecimal a Decimal Value stands for. Precondition: `unscaled` (big-endian two's
// complement, as data/decimal.h) is not empty.
JavaBigDecimal JavaBigDecimalFromUnscaled(std::string_view unscaled, int32_t scale);
// BigDecimal.longValue(): the value truncated toward zero, keeping its low 64 bits (so 2^64 is 0).
// intValue(), shortValue() and byteValue() are this value narrowed further.
int64_t JavaBigDecimalLongValue(const JavaBigDecimal& number);
// BigDecimal.doubleValue() / floatValue(): the nearest double/float (infinite beyond the range,
// a signed zero below it; zero itself is +0.0).
double JavaBigDecimalDoubleValue(const JavaBigDecimal& number);
float JavaBigDecimalFloatValue(const JavaBigDecimal& number);

// Java's (int) and (long) of a floating-point value: NaN is 0, out-of-range values saturate,
// everything else truncates toward zero.
int32_t JavaDoubleToInt(double value);
int64_t JavaDoubleToLong(double value);

// Long.parseLong / Integer.parseInt / Short.parseShort / Byte.parseByte, by bounds: an optional
// '+' or '-' then ASCII decimal digits, nothing else, within [min, max]. False where Java throws
// NumberFormatException (Java also takes non-ASCII Unicode digits; connectd does not).
bool ParseJavaInteger(std::string_view text, int64_t min, int64_t max, int64_t* out);
// Double.parseDouble / Float.parseFloat: surrounding characters <= ' ' ignored; an optional sign;
// "NaN", "Infinity", decimal ("1", "1.", ".5", "1e-3") or hexadecimal ("0x1.8p1") text with an
// optional f/F/d/D suffix; correctly rounded. False where Java throws NumberFormatException.
bool ParseJavaDouble(std::string_view text, double* out);
bool ParseJavaFloat(std::string_view text, float* out);

}  // namespace connectd
