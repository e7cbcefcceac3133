#include "java_conversions.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace connectd {
namespace pgcdc {

// ---- java.lang.String -------------------------------------------------------------------

// Java's String.trim: every character up to and including ' '.
std::string_view JavaTrim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return s.substr(b, e - b);
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// ---- bytes as text (hex, java.util.Base64, Jackson) -------------------------------------

void AppendHex(std::string_view bytes, std::string* out) {
  static const char kDigits[] = "0123456789abcdef";
  for (char c : bytes) {
    unsigned char b = static_cast<unsigned char>(c);
    out->push_back(kDigits[b >> 4]);
    out->push_back(kDigits[b & 0x0F]);
  }
}

// java.util.Base64's encoders (with padding).
std::string Base64(std::string_view bytes, bool url_safe) {
  const char* alphabet = url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                  : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    out.push_back(alphabet[(n >> 6) & 63]);
    out.push_back(alphabet[n & 63]);
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// Jackson's string escaping in its default configuration: '"', '\\' and control characters
// (short forms \b \t \n \f \r, else \u00XX with upper-case hex); everything else as is.
void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\t': *out += "\\t"; break;
      case '\n': *out += "\\n"; break;
      case '\f': *out += "\\f"; break;
      case '\r': *out += "\\r"; break;
      default:
        if (u < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 0x0F]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}
namespace {

// java.lang.String.hashCode of UTF-8 text (over its UTF-16 code units).
int32_t JavaStringHash(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = h * 31u + unit; };
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    uint32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0 && i + 3 < utf8.size()) {
      cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu) << 6) | (static_cast<unsigned char>(utf8[i + 3]) & 0x3Fu);
      n = 4;
    } else if (c >= 0xE0 && i + 2 < utf8.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu);
      n = 3;
    } else if (c >= 0xC0 && i + 1 < utf8.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      n = 2;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800u + (cp >> 10));
      add(0xDC00u + (cp & 0x3FFu));
    } else {
      add(cp);
    }
    i += n;
  }
  return static_cast<int32_t>(h);
}

}  // namespace

// The order in which a java.util.HashMap (default capacity and load factor) built by inserting
// these keys in this order iterates them: by bucket of the final table, then insertion order.
std::vector<size_t> JavaHashMapOrder(const std::vector<std::string>& keys) {
  size_t capacity = 16;
  while (static_cast<double>(keys.size()) > capacity * 0.75) capacity *= 2;
  std::vector<std::pair<size_t, size_t>> buckets;  // (bucket, insertion index)
  buckets.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    uint32_t h = static_cast<uint32_t>(JavaStringHash(keys[i]));
    h ^= h >> 16;
    buckets.emplace_back(h & (capacity - 1), i);
  }
  std::stable_sort(buckets.begin(), buckets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<size_t> order;
  order.reserve(keys.size());
  for (const auto& b : buckets) order.push_back(b.second);
  return order;
}

// ---- numbers (java.lang.Long/Double, Math) ----------------------------------------------

// Java's Integer.parseInt / Long.parseLong: optional sign, ASCII digits, in range.
bool ParseJavaLong(std::string_view text, int64_t min, int64_t max, int64_t* out) {
  if (text.empty()) return false;
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
    if (text.size() == 1) return false;
  }
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? static_cast<uint64_t>(-(min + 1)) + 1 : static_cast<uint64_t>(max);
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

namespace {

// Java's Double.parseDouble / Float.parseFloat for the forms PostgreSQL writes (decimal and
// exponent notation, NaN, Infinity, -Infinity), rounded correctly like Java.
template <class F>
bool ParseJavaFloatingPoint(std::string_view text, F* out) {
  std::string_view t = JavaTrim(text);
  if (t == "NaN") {
    *out = std::numeric_limits<F>::quiet_NaN();
    return true;
  }
  if (t == "Infinity" || t == "+Infinity") {
    *out = std::numeric_limits<F>::infinity();
    return true;
  }
  if (t == "-Infinity") {
    *out = -std::numeric_limits<F>::infinity();
    return true;
  }
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  if (t.empty() || t[0] == '+' || t[0] == 'i' || t[0] == 'I' || t[0] == 'n' || t[0] == 'N') return false;
  if (t.size() > 1 && t[0] == '-' && !((t[1] >= '0' && t[1] <= '9') || t[1] == '.')) return false;
  auto r = std::from_chars(t.data(), t.data() + t.size(), *out, std::chars_format::general);
  if (r.ptr != t.data() + t.size()) return false;
  if (r.ec == std::errc::result_out_of_range) {
    // Java rounds to infinity or zero where from_chars refuses.
    bool negative = t[0] == '-';
    size_t e = t.find_first_of("eE");
    std::string_view integer = t.substr(negative ? 1 : 0, std::min(t.find('.'), e) - (negative ? 1 : 0));
    bool tiny = e != std::string_view::npos ? t.substr(e + 1, 1) == "-"
                                            : integer.find_first_not_of('0') == std::string_view::npos;
    *out = tiny ? F(0) : std::numeric_limits<F>::infinity();
    if (negative) *out = -*out;
    return true;
  }
  return r.ec == std::errc();
}

}  // namespace

bool ParseJavaFloating(std::string_view text, float* out) { return ParseJavaFloatingPoint(text, out); }
bool ParseJavaFloating(std::string_view text, double* out) { return ParseJavaFloatingPoint(text, out); }

// (long) of a double in Java: NaN is 0, out-of-range values saturate.
int64_t JavaDoubleToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

// Math.round(double): the closest long, ties towards positive infinity.
int64_t JavaRound(double d) {
  if (std::isnan(d)) return 0;
  double f = std::floor(d);
  if (d - f >= 0.5) f += 1.0;
  return JavaDoubleToLong(f);
}

// ---- decimals (java.math.BigDecimal) ----------------------------------------------------

namespace {

void Normalize(BigDec* d) {
  size_t first = d->digits.find_first_not_of('0');
  if (first == std::string::npos) {
    d->digits = "0";
    d->negative = false;
  } else {
    d->digits.erase(0, first);
  }
}

}  // namespace

// new BigDecimal(String): [sign] digits [. digits] [e|E [sign] digits].
bool ParseBigDec(std::string_view text, BigDec* out) {
  BigDec d;
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) d.negative = text[i++] == '-';
  std::string digits;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) digits.push_back(text[i]);
  int64_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction) digits.push_back(text[i]);
  }
  if (digits.empty()) return false;
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    size_t start = i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (i == text.size()) return false;
    if (!ParseJavaLong(text.substr(start), std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(),
                       &exponent)) {
      return false;
    }
    i = text.size();
  }
  if (i != text.size()) return false;
  d.digits = std::move(digits);
  d.scale = fraction - exponent;
  Normalize(&d);
  *out = std::move(d);
  return true;
}

// BigDecimal.setScale(scale, rounding); false when kExact would have to round.
bool SetScale(BigDec* d, int64_t scale, Rounding rounding) {
  if (scale >= d->scale) {
    if (!d->isZero()) d->digits.append(static_cast<size_t>(scale - d->scale), '0');
    d->scale = scale;
    return true;
  }
  size_t drop = static_cast<size_t>(d->scale - scale);
  std::string kept = drop >= d->digits.size() ? std::string() : d->digits.substr(0, d->digits.size() - drop);
  std::string dropped = drop >= d->digits.size() ? std::string(drop - d->digits.size(), '0') + d->digits
                                                 : d->digits.substr(d->digits.size() - drop);
  bool all_zero = dropped.find_first_not_of('0') == std::string::npos;
  if (rounding == Rounding::kExact && !all_zero) return false;
  if (kept.empty()) kept = "0";
  if (rounding == Rounding::kHalfUp && !dropped.empty() && dropped[0] >= '5') {
    size_t k = kept.size();
    while (k > 0 && kept[k - 1] == '9') kept[--k] = '0';
    if (k == 0) {
      kept.insert(kept.begin(), '1');
    } else {
      kept[k - 1] = static_cast<char>(kept[k - 1] + 1);
    }
  }
  bool negative = d->negative;
  d->digits = std::move(kept);
  d->scale = scale;
  d->negative = negative;
  Normalize(d);
  return true;
}

// BigDecimal.stripTrailingZeros (zero becomes 0 with scale 0).
void StripTrailingZeros(BigDec* d) {
  if (d->isZero()) {
    d->scale = 0;
    return;
  }
  size_t last = d->digits.find_last_not_of('0');
  size_t zeros = d->digits.size() - 1 - last;
  d->digits.resize(last + 1);
  d->scale -= static_cast<int64_t>(zeros);
}

// BigDecimal.toPlainString.
std::string PlainString(const BigDec& d) {
  std::string out;
  if (d.negative) out.push_back('-');
  if (d.scale <= 0) {
    out += d.digits;
    if (!d.isZero()) out.append(static_cast<size_t>(-d.scale), '0');
    return out;
  }
  size_t scale = static_cast<size_t>(d.scale);
  if (d.digits.size() > scale) {
    out.append(d.digits, 0, d.digits.size() - scale);
    out.push_back('.');
    out.append(d.digits, d.digits.size() - scale, std::string::npos);
  } else {
    out += "0.";
    out.append(scale - d.digits.size(), '0');
    out += d.digits;
  }
  return out;
}

// BigDecimal.doubleValue (correctly rounded).
double ToDouble(const BigDec& d) {
  std::string text = (d.negative ? "-" : "") + d.digits + "e" + std::to_string(-d.scale);
  double v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // from_chars leaves the value unset on overflow/underflow; Java gives infinity or zero.
    bool huge = static_cast<int64_t>(d.digits.size()) - d.scale > 0;
    v = huge ? std::numeric_limits<double>::infinity() : 0.0;
    if (d.negative) v = -v;
  }
  return v;
}

// BigDecimal.valueOf(double): the value of Double.toString(d), the shortest decimal that reads
// back as d.
BigDec JavaDoubleDecimal(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  BigDec out;
  ParseBigDec(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), &out);
  return out;
}

// ---- calendar (java.time's proleptic Gregorian calendar) --------------------------------

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (m + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

namespace {

void AppendPadded(int64_t v, int width, std::string* out) {
  char digits[20];  // INT64_MIN has 19 digits and a sign
  const size_t n = static_cast<size_t>(std::to_chars(digits, digits + sizeof(digits), v).ptr - digits);
  if (n < static_cast<size_t>(width)) out->append(static_cast<size_t>(width) - n, '0');
  out->append(digits, n);
}

}  // namespace

// ISO_LOCAL_DATE: a four-digit year, a sign when it has more digits or is negative.
void AppendIsoDate(int64_t epoch_day, std::string* out) {
  int64_t y;
  int m, d;
  CivilFromDays(epoch_day, &y, &m, &d);
  if (y > 9999) {
    out->push_back('+');
    *out += std::to_string(y);
  } else if (y < 0) {
    out->push_back('-');
    AppendPadded(-y, 4, out);
  } else {
    AppendPadded(y, 4, out);
  }
  out->push_back('-');
  AppendPadded(m, 2, out);
  out->push_back('-');
  AppendPadded(d, 2, out);
}

// HH:mm:ss and the fraction: `width` digits (1..9, truncated), or with width 0 as few as the
// value needs (ISO_LOCAL_TIME), none for a whole second.
void AppendIsoTime(int64_t second_of_day, int64_t nanos, int width, std::string* out) {
  AppendPadded(second_of_day / 3600, 2, out);
  out->push_back(':');
  AppendPadded(second_of_day / 60 % 60, 2, out);
  out->push_back(':');
  AppendPadded(second_of_day % 60, 2, out);
  std::string fraction;
  AppendPadded(nanos, 9, &fraction);
  if (width > 0) {
    out->push_back('.');
    out->append(fraction, 0, static_cast<size_t>(width));
  } else if (nanos != 0) {
    out->push_back('.');
    out->append(fraction, 0, fraction.find_last_not_of('0') + 1);
  }
}

// An instant as ISO_OFFSET_DATE_TIME at UTC ("2016-11-04T11:51:30.123456Z").
std::string IsoInstant(int64_t epoch_second, int64_t nanos, int width) {
  std::string out;
  out.reserve(33);  // "+yyyyyy-mm-ddThh:mm:ss.fffffffffZ": one allocation instead of growing twice
  AppendIsoDate(FloorDiv(epoch_second, kSecondsPerDay), &out);
  out.push_back('T');
  AppendIsoTime(FloorMod(epoch_second, kSecondsPerDay), nanos, width, &out);
  out.push_back('Z');
  return out;
}

// ---- intervals (Debezium's MicroDuration and Interval) ----------------------------------

void PgInterval::setSeconds(double seconds) {
  int64_t whole = JavaDoubleToLong(seconds);  // (int) in Java saturates at the int range
  whole = std::min<int64_t>(std::max<int64_t>(whole, std::numeric_limits<int32_t>::min()),
                            std::numeric_limits<int32_t>::max());
  whole_seconds = static_cast<int32_t>(whole);
  micro_seconds = static_cast<int32_t>(JavaRound((seconds - whole_seconds) * 1000000));
}

// MicroDuration.durationMicros with 365.25/12 days per month, in Java's double arithmetic.
int64_t IntervalMicros(const PgInterval& iv) {
  const double days_per_month = 365.25 / 12.0;
  int32_t total_months = static_cast<int32_t>(static_cast<uint32_t>(iv.years) * 12u + static_cast<uint32_t>(iv.months));
  double number_of_days = total_months * days_per_month + iv.days;
  double number_of_seconds = (((number_of_days * 24 + iv.hours) * 60) + iv.minutes) * 60 + iv.seconds();
  return JavaDoubleToLong(number_of_seconds * 1e6 + 0);
}

// io.debezium.time.Interval.toIsoString: "P<y>Y<m>M<d>DT<h>H<m>M<s>S", seconds as the plain
// decimal of Double.toString, cut to nine fraction digits, trailing zeros removed.
std::string IntervalIsoString(const PgInterval& iv) {
  BigDec seconds = JavaDoubleDecimal(iv.seconds());
  if (seconds.scale > 9) SetScale(&seconds, 9, Rounding::kDown);
  StripTrailingZeros(&seconds);
  return "P" + std::to_string(iv.years) + "Y" + std::to_string(iv.months) + "M" + std::to_string(iv.days) + "DT" +
         std::to_string(iv.hours) + "H" + std::to_string(iv.minutes) + "M" + PlainString(seconds) + "S";
}

// ---- java.util.UUID.nameUUIDFromBytes ---------------------------------------------------

namespace {

// MD5 (RFC 1321).
std::array<uint8_t, 16> Md5(std::string_view data) {
  static const uint32_t kK[64] = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
  static const int kShift[64] = {7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 7,  12, 17, 22, 5,  9,  14, 20, 5,  9,
                                 14, 20, 5,  9,  14, 20, 5,  9,  14, 20, 4,  11, 16, 23, 4,  11, 16, 23, 4,  11, 16, 23,
                                 4,  11, 16, 23, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21, 6,  10, 15, 21};
  std::string msg(data);
  uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 0; i < 8; ++i) msg.push_back(static_cast<char>((bit_length >> (8 * i)) & 0xFF));
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  for (size_t chunk = 0; chunk < msg.size(); chunk += 64) {
    uint32_t w[16];
    for (int i = 0; i < 16; ++i) {
      w[i] = 0;
      for (int b = 0; b < 4; ++b)
        w[i] |= static_cast<uint32_t>(static_cast<uint8_t>(msg[chunk + i * 4 + b])) << (8 * b);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
      uint32_t f;
      int g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      uint32_t rotated = a + f + kK[i] + w[g];
      a = d;
      d = c;
      c = b;
      b = b + ((rotated << kShift[i]) | (rotated >> (32 - kShift[i])));
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
  }
  std::array<uint8_t, 16> out{};
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 4; ++b) out[static_cast<size_t>(i * 4 + b)] = static_cast<uint8_t>((h[i] >> (8 * b)) & 0xFF);
  }
  return out;
}

}  // namespace

// UUID.nameUUIDFromBytes(bytes).toString(): a version 3 UUID from the MD5 of the bytes.
std::string NameUuid(std::string_view bytes) {
  std::array<uint8_t, 16> md5 = Md5(bytes);
  md5[6] = static_cast<uint8_t>((md5[6] & 0x0f) | 0x30);
  md5[8] = static_cast<uint8_t>((md5[8] & 0x3f) | 0x80);
  std::string hex;
  AppendHex(std::string_view(reinterpret_cast<const char*>(md5.data()), md5.size()), &hex);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

}  // namespace pgcdc
}  // namespace connectd
