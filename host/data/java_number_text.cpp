#include "data/java_number_text.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace connectd {

namespace {

// Splits std::to_chars scientific output ("-1.25e-07") into its significant digits (no
// trailing zeros) and decimal exponent. The sign is handled by the caller.
void SplitScientific(const char* begin, const char* end, char* digits, int* count, int* exponent) {
  int n = 0;
  const char* p = begin;
  for (; p < end && *p != 'e'; ++p) {
    if (*p != '.') digits[n++] = *p;
  }
  while (n > 1 && digits[n - 1] == '0') --n;
  *count = n;
  int exp = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exp);
  *exponent = exp;
}

// Java's Double.toString/Float.toString (JDK 19+): the shortest decimal that reads back as
// `v`; when that has one digit, the closest decimal of at most two digits (4.9E-324, not
// 5E-324). Plain notation for 1e-3 <= |v| < 1e7, otherwise d.dddE<n>. Writes at most 32 chars.
template <typename T>
size_t FormatJava(T v, char* out) {
  auto copy = [out](const char* text) {
    size_t n = std::strlen(text);
    std::memcpy(out, text, n);
    return n;
  };
  if (std::isnan(v)) return copy("NaN");
  if (std::isinf(v)) return copy(v > 0 ? "Infinity" : "-Infinity");
  char* p = out;
  if (std::signbit(v)) *p++ = '-';
  T magnitude = std::fabs(v);
  if (magnitude == 0) {
    std::memcpy(p, "0.0", 3);
    return static_cast<size_t>(p - out) + 3;
  }

  char text[48];
  char digits[32];
  int count = 0;
  int exp = 0;
  auto shortest = std::to_chars(text, text + sizeof(text), magnitude, std::chars_format::scientific);
  SplitScientific(text, shortest.ptr, digits, &count, &exp);
  if (count == 1) {
    auto two = std::to_chars(text, text + sizeof(text), magnitude, std::chars_format::scientific, 1);
    T back = 0;
    auto parsed = std::from_chars(text, two.ptr, back);
    if (parsed.ec == std::errc() && back == magnitude && text[2] != '0') {
      SplitScientific(text, two.ptr, digits, &count, &exp);
    }
  }

  if (exp >= -3 && exp < 7) {
    if (exp >= 0) {
      for (int i = 0; i <= exp; ++i) *p++ = i < count ? digits[i] : '0';
      *p++ = '.';
      if (count > exp + 1) {
        for (int i = exp + 1; i < count; ++i) *p++ = digits[i];
      } else {
        *p++ = '0';
      }
    } else {
      *p++ = '0';
      *p++ = '.';
      for (int i = 0; i < -exp - 1; ++i) *p++ = '0';
      for (int i = 0; i < count; ++i) *p++ = digits[i];
    }
  } else {
    *p++ = digits[0];
    *p++ = '.';
    if (count > 1) {
      for (int i = 1; i < count; ++i) *p++ = digits[i];
    } else {
      *p++ = '0';
    }
    *p++ = 'E';
    p = std::to_chars(p, p + 8, exp).ptr;
  }
  return static_cast<size_t>(p - out);
}

}  // namespace

size_t FormatJavaNumber(double value, char* out) { return FormatJava(value, out); }
size_t FormatJavaNumber(float value, char* out) { return FormatJava(value, out); }

std::string JavaDoubleToString(double value) {
  char text[kJavaNumberTextMax];
  return std::string(text, FormatJavaNumber(value, text));
}

std::string JavaFloatToString(float value) {
  char text[kJavaNumberTextMax];
  return std::string(text, FormatJavaNumber(value, text));
}

}  // namespace connectd
