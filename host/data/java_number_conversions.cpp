#include "data/java_number_conversions.h"

#include <locale.h>
#include <stdlib.h>

#include <cmath>
#include <limits>

#include "data/decimal.h"

namespace connectd {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// strtod/strtof read the radix character of the current locale; Java's text always uses '.'.
locale_t CLocale() {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return c_locale;
}

// Skips a run of characters satisfying `accept` from text[*i]; returns how many were skipped.
template <typename Accept>
size_t SkipWhile(std::string_view text, size_t* i, Accept accept) {
  size_t start = *i;
  while (*i < text.size() && accept(text[*i])) ++*i;
  return *i - start;
}

// Checks the text after the sign against Java's floating-point grammar and appends the C text
// strtod reads for it (the f/F/d/D suffix dropped). False where Java throws NumberFormatException.
bool JavaFloatingBodyToC(std::string_view body, std::string* c_text) {
  bool hex = body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  bool (*is_mantissa_digit)(char) = hex ? IsHexDigit : IsDigit;
  size_t i = hex ? 2 : 0;
  size_t digits = SkipWhile(body, &i, is_mantissa_digit);
  if (i < body.size() && body[i] == '.') {
    ++i;
    digits += SkipWhile(body, &i, is_mantissa_digit);
  }
  if (digits == 0) return false;
  bool has_exponent = i < body.size() && (hex ? (body[i] == 'p' || body[i] == 'P') : (body[i] == 'e' || body[i] == 'E'));
  // Java's hexadecimal form requires the binary exponent.
  if (hex && !has_exponent) return false;
  if (has_exponent) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    if (SkipWhile(body, &i, IsDigit) == 0) return false;
  }
  size_t end = i;
  if (i < body.size() && (body[i] == 'f' || body[i] == 'F' || body[i] == 'd' || body[i] == 'D')) ++i;
  if (i != body.size()) return false;
  c_text->append(body.substr(0, end));
  return true;
}

// Java's floating-point text as C text for strtod/strtof; NaN and infinities are spelled as C
// reads them. False when Java would throw NumberFormatException.
bool JavaFloatingTextToC(std::string_view text, std::string* c_text) {
  auto trimmed = [](char c) { return static_cast<unsigned char>(c) <= ' '; };
  while (!text.empty() && trimmed(text.front())) text.remove_prefix(1);
  while (!text.empty() && trimmed(text.back())) text.remove_suffix(1);
  if (text.empty()) return false;
  c_text->clear();
  if (text[0] == '+' || text[0] == '-') {
    if (text[0] == '-') c_text->push_back('-');
    text.remove_prefix(1);
  }
  if (text == "NaN") {
    c_text->append("nan");
    return true;
  }
  if (text == "Infinity") {
    c_text->append("inf");
    return true;
  }
  return JavaFloatingBodyToC(text, c_text);
}

// The BigDecimal as C text ("-123e-2") for strtod/strtof; "0" when it is zero, which Java
// converts to +0.0 whatever the sign.
std::string BigDecimalToCText(const JavaBigDecimal& number) {
  if (number.digits.find_first_not_of('0') == std::string::npos) return "0";
  std::string text;
  if (number.negative) text.push_back('-');
  text.append(number.digits);
  text.push_back('e');
  text.append(std::to_string(-number.scale));
  return text;
}

}  // namespace

bool ParseJavaBigDecimal(std::string_view text, JavaBigDecimal* out) {
  size_t i = 0;
  out->negative = false;
  out->digits.clear();
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    out->negative = text[i] == '-';
    ++i;
  }
  int64_t fraction_digits = 0;
  for (; i < text.size() && IsDigit(text[i]); ++i) out->digits.push_back(text[i]);
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && IsDigit(text[i]); ++i) {
      out->digits.push_back(text[i]);
      ++fraction_digits;
    }
  }
  if (out->digits.empty()) return false;
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t start = i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > static_cast<int64_t>(std::numeric_limits<int32_t>::max()) + 1) return false;
    }
    if (i == start) return false;
    if (exponent_negative) exponent = -exponent;
    if (exponent > std::numeric_limits<int32_t>::max()) return false;
  }
  if (i != text.size()) return false;
  out->scale = fraction_digits - exponent;
  return out->scale >= std::numeric_limits<int32_t>::min() && out->scale <= std::numeric_limits<int32_t>::max();
}

JavaBigDecimal JavaBigDecimalFromUnscaled(std::string_view unscaled, int32_t scale) {
  JavaBigDecimal number;
  TwosComplementToDecimal(unscaled, &number.negative, &number.digits);
  number.scale = scale;
  return number;
}

int64_t JavaBigDecimalLongValue(const JavaBigDecimal& number) {
  // Arithmetic modulo 2^64 keeps exactly the low 64 bits BigInteger.longValue() returns.
  std::string_view integer_digits = number.digits;
  uint64_t zeros = 0;
  if (number.scale > 0) {
    uint64_t drop = static_cast<uint64_t>(number.scale);
    integer_digits = drop >= integer_digits.size() ? std::string_view() : integer_digits.substr(0, integer_digits.size() - drop);
  } else {
    zeros = static_cast<uint64_t>(-number.scale);
  }
  uint64_t bits = 0;
  for (char c : integer_digits) bits = bits * 10 + static_cast<uint64_t>(c - '0');
  // 10^64 is a multiple of 2^64, so more trailing zeros leave nothing in the low 64 bits.
  if (zeros >= 64) return 0;
  for (uint64_t k = 0; k < zeros; ++k) bits *= 10;
  if (number.negative) bits = ~bits + 1;
  return static_cast<int64_t>(bits);
}

double JavaBigDecimalDoubleValue(const JavaBigDecimal& number) {
  return strtod_l(BigDecimalToCText(number).c_str(), nullptr, CLocale());
}

float JavaBigDecimalFloatValue(const JavaBigDecimal& number) {
  return strtof_l(BigDecimalToCText(number).c_str(), nullptr, CLocale());
}

int32_t JavaDoubleToInt(double value) {
  if (std::isnan(value)) return 0;
  if (value >= static_cast<double>(std::numeric_limits<int32_t>::max())) return std::numeric_limits<int32_t>::max();
  if (value <= static_cast<double>(std::numeric_limits<int32_t>::min())) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(value);
}

int64_t JavaDoubleToLong(double value) {
  if (std::isnan(value)) return 0;
  // 2^63 is exactly representable; every double below it converts without overflow.
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (value >= kTwoTo63) return std::numeric_limits<int64_t>::max();
  if (value <= -kTwoTo63) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(value);
}

bool ParseJavaInteger(std::string_view text, int64_t min, int64_t max, int64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return false;
  // Accumulate the magnitude; the bound on the negative side is one larger.
  uint64_t limit = negative ? static_cast<uint64_t>(-(min + 1)) + 1 : static_cast<uint64_t>(max);
  uint64_t magnitude = 0;
  for (; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return false;
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  if (negative) {
    *out = magnitude == 0 ? 0 : -static_cast<int64_t>(magnitude - 1) - 1;
  } else {
    *out = static_cast<int64_t>(magnitude);
  }
  return true;
}

bool ParseJavaDouble(std::string_view text, double* out) {
  std::string c_text;
  if (!JavaFloatingTextToC(text, &c_text)) return false;
  *out = strtod_l(c_text.c_str(), nullptr, CLocale());
  return true;
}

bool ParseJavaFloat(std::string_view text, float* out) {
  std::string c_text;
  if (!JavaFloatingTextToC(text, &c_text)) return false;
  *out = strtof_l(c_text.c_str(), nullptr, CLocale());
  return true;
}

}  // namespace connectd
