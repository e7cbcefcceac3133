#include "java_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

namespace connectd {
namespace file {

namespace {

// Formats the shortest round-trip digits of `v` (finite, nonzero) the way Java's
// Double/Float.toString lays them out.
template <class F>
void AppendJavaFloating(F v, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v < 0 ? "-Infinity" : "Infinity");
    return;
  }
  if (v == 0) {
    out->append(std::signbit(v) ? "-0.0" : "0.0");
    return;
  }
  // Shortest scientific form, e.g. "-1.2345e+02" or "1e-05".
  char sci[64];
  auto res = std::to_chars(sci, sci + sizeof(sci), v, std::chars_format::scientific);
  std::string_view text(sci, static_cast<size_t>(res.ptr - sci));
  if (text.front() == '-') {
    out->push_back('-');
    text.remove_prefix(1);
  }
  size_t e_pos = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::string_view exp_text = text.substr(e_pos + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);

  const double magnitude = std::fabs(static_cast<double>(v));
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const size_t int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out->append(digits);
        out->append(int_len - digits.size(), '0');
        out->append(".0");
      } else {
        out->append(digits, 0, int_len);
        out->push_back('.');
        out->append(digits, int_len, std::string::npos);
      }
    } else {
      out->append("0.");
      out->append(static_cast<size_t>(-exponent - 1), '0');
      out->append(digits);
    }
    return;
  }
  out->push_back(digits[0]);
  out->push_back('.');
  if (digits.size() > 1) {
    out->append(digits, 1, std::string::npos);
  } else {
    out->push_back('0');
  }
  out->push_back('E');
  out->append(std::to_string(exponent));
}

// Floor division for negative epoch values.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0 && ((a < 0) != (b < 0))) ? 1 : 0); }

void AppendTwoDigits(int64_t v, std::string* out) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

void AppendJavaDouble(double v, std::string* out) { AppendJavaFloating(v, out); }
void AppendJavaFloat(float v, std::string* out) { AppendJavaFloating(v, out); }

void AppendJavaDate(int64_t epoch_ms, std::string* out) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t secs = FloorDiv(epoch_ms, 1000);
  const int64_t days = FloorDiv(secs, 86400);
  const int64_t sod = secs - days * 86400;
  // Days since 1970-01-01 to a proleptic Gregorian civil date (era-based conversion).
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const int64_t weekday = ((days + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday

  out->append(kDays[weekday]);
  out->push_back(' ');
  out->append(kMonths[month - 1]);
  out->push_back(' ');
  AppendTwoDigits(day, out);
  out->push_back(' ');
  AppendTwoDigits(sod / 3600, out);
  out->push_back(':');
  AppendTwoDigits(sod / 60 % 60, out);
  out->push_back(':');
  AppendTwoDigits(sod % 60, out);
  out->append(" UTC ");
  out->append(std::to_string(year));
}

void AppendJavaBigDecimal(std::string_view unscaled, int32_t scale, std::string* out) {
  // Magnitude of the two's complement value, big-endian base 256.
  std::vector<uint8_t> mag(unscaled.begin(), unscaled.end());
  const bool negative = !mag.empty() && (mag[0] & 0x80) != 0;
  if (negative) {
    for (uint8_t& b : mag) b = static_cast<uint8_t>(~b);
    for (size_t i = mag.size(); i-- > 0;) {
      if (++mag[i] != 0) break;
    }
  }
  // Repeated division by 10^9 gives the decimal digits in 9-digit chunks, least significant first.
  std::vector<uint32_t> chunks;
  size_t first = 0;
  while (true) {
    while (first < mag.size() && mag[first] == 0) ++first;
    if (first == mag.size()) break;
    uint64_t rem = 0;
    for (size_t i = first; i < mag.size(); ++i) {
      uint64_t cur = (rem << 8) | mag[i];
      mag[i] = static_cast<uint8_t>(cur / 1000000000u);
      rem = cur % 1000000000u;
    }
    chunks.push_back(static_cast<uint32_t>(rem));
  }
  std::string coeff;
  if (chunks.empty()) {
    coeff = "0";
  } else {
    coeff = std::to_string(chunks.back());
    char part[16];
    for (size_t i = chunks.size() - 1; i-- > 0;) {
      std::snprintf(part, sizeof(part), "%09u", static_cast<unsigned>(chunks[i]));
      coeff.append(part);
    }
  }

  if (negative) out->push_back('-');
  const int64_t len = static_cast<int64_t>(coeff.size());
  const int64_t adjusted = -static_cast<int64_t>(scale) + (len - 1);
  if (scale >= 0 && adjusted >= -6) {
    if (scale == 0) {
      out->append(coeff);
    } else if (scale >= len) {
      out->append("0.");
      out->append(static_cast<size_t>(scale - len), '0');
      out->append(coeff);
    } else {
      out->append(coeff, 0, static_cast<size_t>(len - scale));
      out->push_back('.');
      out->append(coeff, static_cast<size_t>(len - scale), std::string::npos);
    }
    return;
  }
  out->push_back(coeff[0]);
  if (len > 1) {
    out->push_back('.');
    out->append(coeff, 1, std::string::npos);
  }
  if (adjusted != 0) {
    out->push_back('E');
    if (adjusted > 0) out->push_back('+');
    out->append(std::to_string(adjusted));
  }
}

}  // namespace file
}  // namespace connectd
