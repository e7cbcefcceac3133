#include "pg_text_parse.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <system_error>

namespace connectd {
namespace pgcdc {

// ---- catalog numbers and arrays ---------------------------------------------------------

bool ParseUnsigned32(std::string_view text, uint32_t* out) {
  if (text.empty()) return false;
  auto r = std::from_chars(text.data(), text.data() + text.size(), *out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

bool ParseSigned32(std::string_view text, int32_t* out) {
  if (text.empty()) return false;
  auto r = std::from_chars(text.data(), text.data() + text.size(), *out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

// A PostgreSQL one-dimensional array in text form (array_out): elements split at `delimiter`,
// quoted ones unescaped, unquoted NULL as std::nullopt. A leading dimension decoration
// ("[0:2]=") is skipped. False with *error set on anything else.
bool ParseArrayText(std::string_view text, char delimiter, std::vector<std::optional<std::string>>* out,
                    std::string* error) {
  out->clear();
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  };
  skip_space();
  if (i < text.size() && text[i] == '[') {
    size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) {
      *error = "the dimension decoration has no '='";
      return false;
    }
    i = eq + 1;
    skip_space();
  }
  if (i >= text.size() || text[i] != '{') {
    *error = "an array starts with '{'";
    return false;
  }
  ++i;
  skip_space();
  if (i < text.size() && text[i] == '}') {
    ++i;
  } else {
    while (true) {
      skip_space();
      if (i >= text.size()) {
        *error = "the array is not closed with '}'";
        return false;
      }
      if (text[i] == '{') {
        *error = "multi-dimensional arrays are not supported (Debezium maps one dimension)";
        return false;
      }
      std::string element;
      bool quoted = false;
      if (text[i] == '"') {
        quoted = true;
        ++i;
        while (i < text.size() && text[i] != '"') {
          if (text[i] == '\\') ++i;
          if (i < text.size()) element.push_back(text[i++]);
        }
        if (i >= text.size()) {
          *error = "a quoted element is not closed";
          return false;
        }
        ++i;
        skip_space();
      } else {
        size_t last_significant = 0;
        while (i < text.size() && text[i] != delimiter && text[i] != '}') {
          if (text[i] == '"' || text[i] == '{') {
            *error = std::string("unexpected '") + text[i] + "' in an unquoted element";
            return false;
          }
          if (text[i] == '\\' && i + 1 < text.size()) {
            ++i;
            element.push_back(text[i++]);
            last_significant = element.size();
            continue;
          }
          element.push_back(text[i]);
          if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            last_significant = element.size();
          ++i;
        }
        element.resize(last_significant);
        if (element.empty()) {
          *error = "an unquoted element is empty";
          return false;
        }
      }
      if (!quoted && EqualsIgnoreAsciiCase(element, "NULL")) {
        out->push_back(std::nullopt);
      } else {
        out->push_back(std::move(element));
      }
      if (i >= text.size()) {
        *error = "the array is not closed with '}'";
        return false;
      }
      if (text[i] == delimiter) {
        ++i;
        continue;
      }
      if (text[i] == '}') {
        ++i;
        break;
      }
      *error = std::string("unexpected '") + text[i] + "' after an element";
      return false;
    }
  }
  skip_space();
  if (i != text.size()) {
    *error = "unexpected text after the closing '}'";
    return false;
  }
  return true;
}

// ---- bytea and bit strings --------------------------------------------------------------

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool ParseByteaHex(std::string_view text, std::string* bytes) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) return false;
  bytes->clear();
  bytes->reserve(text.size() / 2 - 1);
  for (size_t i = 2; i < text.size(); i += 2) {
    int hi = HexDigit(text[i]);
    int lo = HexDigit(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

// A bit string as Debezium's little-endian bytes, only as long as the highest set bit needs.
std::string BitBytes(std::string_view bits) {
  std::string out;
  const size_t n = bits.size();
  for (size_t i = 0; i < n; ++i) {
    if (bits[n - 1 - i] != '1') continue;
    size_t byte = i / 8;
    if (out.size() <= byte) out.resize(byte + 1, '\0');
    out[byte] = static_cast<char>(static_cast<unsigned char>(out[byte]) | (1u << (i % 8)));
  }
  return out;
}

bool IsBitString(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '0' || c == '1'; });
}

// ---- money ------------------------------------------------------------------------------

// PostgresMoney.parse: parentheses or a leading '-' for negative, one currency character,
// thousands separators.
bool ParseMoney(std::string_view text, BigDec* out) {
  if (text.empty()) return false;
  const bool negative = text[0] == '(' || text[0] == '-';
  std::string value = text[0] == '-' ? "(" + std::string(text.substr(1)) + ")" : std::string(text);
  if (value.size() >= 2 && value.front() == '(' && value.back() == ')') value = value.substr(1, value.size() - 2);
  if (!value.empty() && !(value[0] >= '0' && value[0] <= '9') && value[0] != '.') {
    // One character in Java's UTF-16 terms: a whole UTF-8 sequence.
    size_t n = 1;
    while (n < value.size() && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) ++n;
    value.erase(0, n);
  }
  value.erase(std::remove(value.begin(), value.end(), ','), value.end());
  if (negative) value.insert(value.begin(), '-');
  return ParseBigDec(value, out);
}

// ---- dates and times (DateStyle ISO) ----------------------------------------------------

namespace {

// A cursor over text being parsed.
struct Scanner {
  std::string_view s;
  size_t i = 0;

  bool done() const { return i >= s.size(); }
  bool peek(char c) const { return i < s.size() && s[i] == c; }
  bool take(char c) {
    if (!peek(c)) return false;
    ++i;
    return true;
  }
  bool take(std::string_view word) {
    if (s.substr(i, word.size()) != word) return false;
    i += word.size();
    return true;
  }
  // Between min and max ASCII digits as a number.
  bool digits(size_t min, size_t max, int64_t* out) {
    size_t start = i;
    int64_t v = 0;
    while (i < s.size() && i - start < max && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    *out = v;
    return i - start >= min;
  }
};

// y..y-MM-dd with a year of era of 4 to 10 digits; the era (" BC"/" AD") is read apart by
// ScanEra, since in timestamps it comes after the time.
bool ScanDate(Scanner* sc, int64_t* year_of_era, int* month, int* day) {
  int64_t y, m, d;
  if (!sc->digits(4, 10, &y) || !sc->take('-') || !sc->digits(2, 2, &m) || !sc->take('-') || !sc->digits(2, 2, &d)) {
    return false;
  }
  if (y < 1 || y > 999999999 || m < 1 || m > 12 || d < 1) return false;
  *year_of_era = y;
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
  return true;
}

// A trailing era; the proleptic year of a year of era.
bool ScanEra(Scanner* sc, int64_t year_of_era, int64_t* year) {
  if (sc->take(" BC")) {
    *year = 1 - year_of_era;
  } else {
    sc->take(" AD");
    *year = year_of_era;
  }
  return true;
}

bool ValidDay(int64_t year, int month, int day) { return day <= DaysInMonth(year, month); }

// HH:mm[:ss[.fffffffff]] (ISO_LOCAL_TIME) as second of day and nanos.
bool ScanLocalTime(Scanner* sc, int64_t* second_of_day, int64_t* nanos) {
  int64_t h, m, s = 0, f = 0;
  if (!sc->digits(2, 2, &h) || !sc->take(':') || !sc->digits(2, 2, &m)) return false;
  if (sc->take(':')) {
    if (!sc->digits(2, 2, &s)) return false;
    if (sc->take('.')) {
      size_t start = sc->i;
      if (!sc->digits(1, 9, &f)) return false;
      for (size_t n = sc->i - start; n < 9; ++n) f *= 10;
    }
  }
  if (h > 23 || m > 59 || s > 59) return false;
  *second_of_day = h * 3600 + m * 60 + s;
  *nanos = f;
  return true;
}

// +HH[:mm[:ss]] or -HH[:mm[:ss]] as seconds east of UTC.
bool ScanOffset(Scanner* sc, int64_t* offset_seconds) {
  bool negative;
  if (sc->take('+')) {
    negative = false;
  } else if (sc->take('-')) {
    negative = true;
  } else {
    return false;
  }
  int64_t h, m = 0, s = 0;
  if (!sc->digits(2, 2, &h)) return false;
  if (sc->take(':')) {
    if (!sc->digits(2, 2, &m)) return false;
    if (sc->take(':') && !sc->digits(2, 2, &s)) return false;
  }
  if (h > 18 || m > 59 || s > 59) return false;
  *offset_seconds = (negative ? -1 : 1) * (h * 3600 + m * 60 + s);
  return true;
}

}  // namespace

bool ParseDate(std::string_view text, int64_t* epoch_day) {
  // Debezium's stand-ins for the infinite dates (PostgresValueConverter's LocalDates).
  if (text == "infinity") {
    *epoch_day = DaysFromCivil(-5877611, 6, 21);
    return true;
  }
  if (text == "-infinity") {
    *epoch_day = DaysFromCivil(-5877611, 6, 22);
    return true;
  }
  Scanner sc{text};
  int64_t yoe, year;
  int m, d;
  if (!ScanDate(&sc, &yoe, &m, &d) || !ScanEra(&sc, yoe, &year) || !sc.done() || !ValidDay(year, m, d)) return false;
  *epoch_day = DaysFromCivil(year, m, d);
  return true;
}

// A timestamp without time zone: date, time and optional era. `infinite` is +1/-1 for
// "infinity"/"-infinity".
bool ParseTimestamp(std::string_view text, int64_t* epoch_second, int64_t* nanos, int* infinite) {
  *infinite = text == "infinity" ? 1 : text == "-infinity" ? -1 : 0;
  if (*infinite != 0) return true;
  Scanner sc{text};
  int64_t yoe, year, sod, ns;
  int m, d;
  if (!ScanDate(&sc, &yoe, &m, &d) || !sc.take(' ') || !ScanLocalTime(&sc, &sod, &ns) || !ScanEra(&sc, yoe, &year) ||
      !sc.done() || !ValidDay(year, m, d)) {
    return false;
  }
  *epoch_second = DaysFromCivil(year, m, d) * kSecondsPerDay + sod;
  *nanos = ns;
  return true;
}

// A timestamp with time zone as a UTC instant.
bool ParseTimestampTz(std::string_view text, int64_t* epoch_second, int64_t* nanos, int* infinite) {
  *infinite = text == "infinity" ? 1 : text == "-infinity" ? -1 : 0;
  if (*infinite != 0) return true;
  Scanner sc{text};
  int64_t yoe, year, sod, ns, offset;
  int m, d;
  if (!ScanDate(&sc, &yoe, &m, &d) || !sc.take(' ') || !ScanLocalTime(&sc, &sod, &ns) || !ScanOffset(&sc, &offset) ||
      !ScanEra(&sc, yoe, &year) || !sc.done() || !ValidDay(year, m, d)) {
    return false;
  }
  *epoch_second = DaysFromCivil(year, m, d) * kSecondsPerDay + sod - offset;
  *nanos = ns;
  return true;
}

// A TIME value the way Debezium's Strings.asDuration reads it (H..:mm:ss[.f]; hours may
// reach 24) as nanoseconds.
bool ParseTimeDuration(std::string_view text, int64_t* total_nanos) {
  Scanner sc{text};
  int64_t h, m, s, f = 0;
  if (!sc.digits(1, 18, &h) || !sc.take(':') || !sc.digits(1, 9, &m) || !sc.take(':') || !sc.digits(1, 9, &s)) {
    return false;
  }
  if (sc.take('.')) {
    size_t start = sc.i;
    sc.digits(0, 9, &f);
    for (size_t n = sc.i - start; n < 9; ++n) f *= 10;
    while (!sc.done() && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9') ++sc.i;  // digits past nanoseconds
  }
  if (!sc.done() || h > 2562047) return false;
  *total_nanos = ((h * 60 + m) * 60 + s) * kNanosPerSecond + f;
  return true;
}

// A TIMETZ value as the UTC time it denotes: second of day and nanos. `boundary` is set for
// 24:00:00 at offset zero, which Debezium writes as "24:00:00Z".
bool ParseTimeTz(std::string_view text, int64_t* second_of_day, int64_t* nanos, bool* boundary) {
  Scanner sc{text};
  int64_t h, m, s = 0, f = 0, offset;
  if (!sc.digits(2, 2, &h) || !sc.take(':') || !sc.digits(2, 2, &m)) return false;
  if (sc.take(':')) {
    if (!sc.digits(2, 2, &s)) return false;
    if (sc.take('.')) {
      size_t start = sc.i;
      if (!sc.digits(1, 9, &f)) return false;
      for (size_t n = sc.i - start; n < 9; ++n) f *= 10;
    }
  }
  if (!ScanOffset(&sc, &offset) || !sc.done()) return false;
  bool is_24 = h == 24 && m == 0 && s == 0 && f == 0;
  if ((h > 23 && !is_24) || m > 59 || s > 59) return false;
  *boundary = is_24 && offset == 0;
  *second_of_day = FloorMod(h * 3600 + m * 60 + s - offset, kSecondsPerDay);
  *nanos = f;
  return true;
}

// ---- intervals (org.postgresql.util.PGInterval) -----------------------------------------

namespace {

bool ParseInt32Token(std::string_view token, int32_t* out) {
  int64_t v;
  if (!ParseJavaLong(token, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), &v)) return false;
  *out = static_cast<int32_t>(v);
  return true;
}

// PGInterval's ISO 8601 reader ("P1Y2M3DT4H5M6.78S").
bool ParseIsoInterval(std::string_view text, PgInterval* out) {
  PgInterval iv;
  size_t t = text.find('T');
  std::string_view date = t == std::string_view::npos ? text.substr(1) : text.substr(1, t - 1);
  std::string_view time = t == std::string_view::npos ? std::string_view() : text.substr(t + 1);
  auto each = [](std::string_view part, std::string_view units, auto&& set) {
    size_t start = 0;
    for (size_t i = 0; i < part.size(); ++i) {
      if (units.find(part[i]) == std::string_view::npos) continue;
      if (!set(part[i], part.substr(start, i - start))) return false;
      start = i + 1;
    }
    return start == part.size();
  };
  bool ok = each(date, "YMD", [&](char unit, std::string_view number) {
    int32_t v;
    if (!ParseInt32Token(number, &v)) return false;
    (unit == 'Y' ? iv.years : unit == 'M' ? iv.months : iv.days) = v;
    return true;
  });
  ok = ok && each(time, "HMS", [&](char unit, std::string_view number) {
         if (unit == 'S') {
           double s;
           if (!ParseJavaFloating(number, &s)) return false;
           iv.setSeconds(s);
           return true;
         }
         int32_t v;
         if (!ParseInt32Token(number, &v)) return false;
         (unit == 'H' ? iv.hours : iv.minutes) = v;
         return true;
       });
  if (!ok) return false;
  *out = iv;
  return true;
}

}  // namespace

// PGInterval(String): the postgres and postgres_verbose styles ("1 year 2 mons 3 days
// 04:05:06.78", "@ 1 year 2 mons ago") and ISO 8601.
bool ParseInterval(std::string_view text, PgInterval* out) {
  if (!text.empty() && text[0] == 'P') return ParseIsoInterval(text, out);
  const bool postgres_format = text.empty() || text[0] != '@';
  std::string value(text);
  for (char& c : value) {
    if (c == '+' || c == '@') c = ' ';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<std::string_view> tokens;
  std::string_view v(value);
  for (size_t i = 0; i < v.size();) {
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' || v[i] == '\f')) ++i;
    size_t start = i;
    while (i < v.size() && !(v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' || v[i] == '\f')) ++i;
    if (i > start) tokens.push_back(v.substr(start, i - start));
  }
  int32_t years = 0, months = 0, days = 0, hours = 0, minutes = 0;
  double seconds = 0;
  std::optional<std::string_view> value_token;
  auto number = [&](int32_t* field) { return value_token ? ParseInt32Token(*value_token, field) : (*field = 0, true); };
  for (size_t n = 0; n < tokens.size(); ++n) {
    std::string_view token = tokens[n];
    if (n % 2 == 0) {
      size_t end_hours = token.find(':');
      if (end_hours == std::string_view::npos) {
        value_token = token;
        continue;
      }
      size_t offset = token[0] == '-' ? 1 : 0;
      if (end_hours + 3 > token.size()) return false;
      if (!ParseInt32Token(token.substr(offset, end_hours - offset), &hours) ||
          !ParseInt32Token(token.substr(end_hours + 1, 2), &minutes)) {
        return false;
      }
      size_t end_minutes = token.find(':', end_hours + 1);
      if (end_minutes != std::string_view::npos && !ParseJavaFloating(token.substr(end_minutes + 1), &seconds)) {
        return false;
      }
      if (offset == 1) {
        hours = -hours;
        minutes = -minutes;
        seconds = -seconds;
      }
      value_token.reset();
    } else {
      bool ok = true;
      if (token.substr(0, 4) == "year") {
        ok = number(&years);
      } else if (token.substr(0, 3) == "mon") {
        ok = number(&months);
      } else if (token.substr(0, 3) == "day") {
        ok = number(&days);
      } else if (token.substr(0, 4) == "hour") {
        ok = number(&hours);
      } else if (token.substr(0, 3) == "min") {
        ok = number(&minutes);
      } else if (token.substr(0, 3) == "sec") {
        if (value_token) ok = ParseJavaFloating(*value_token, &seconds);
      }
      if (!ok) return false;
    }
  }
  PgInterval iv;
  const bool negate = !postgres_format && v.size() >= 3 && v.substr(v.size() - 3) == "ago";
  auto sign = [negate](int32_t x) { return negate ? static_cast<int32_t>(0u - static_cast<uint32_t>(x)) : x; };
  iv.years = sign(years);
  iv.months = sign(months);
  iv.days = sign(days);
  iv.hours = sign(hours);
  iv.minutes = sign(minutes);
  iv.setSeconds(negate ? -seconds : seconds);
  *out = iv;
  return true;
}

// ---- hstore (pgjdbc's HStoreConverter) --------------------------------------------------

// `"k"=>"v", "k2"=>NULL` as keys and values in text order.
bool ParseHstore(std::string_view text, std::vector<std::string>* keys,
                 std::vector<std::optional<std::string>>* values) {
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  };
  auto quoted = [&](std::string* out) {
    if (i >= text.size() || text[i] != '"') return false;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\') ++i;
      if (i < text.size()) out->push_back(text[i]);
    }
    if (i >= text.size()) return false;
    ++i;
    return true;
  };
  skip_space();
  while (i < text.size()) {
    std::string key;
    if (!quoted(&key)) return false;
    if (text.substr(i, 2) != "=>") return false;
    i += 2;
    std::optional<std::string> value;
    if (text.substr(i, 4) == "NULL") {
      i += 4;
    } else {
      value.emplace();
      if (!quoted(&*value)) return false;
    }
    // HStoreConverter keeps the last value of a repeated key in the first key's place.
    auto at = std::find(keys->begin(), keys->end(), key);
    if (at == keys->end()) {
      keys->push_back(std::move(key));
      values->push_back(std::move(value));
    } else {
      (*values)[static_cast<size_t>(at - keys->begin())] = std::move(value);
    }
    skip_space();
    if (i < text.size()) {
      if (text[i] != ',') return false;
      ++i;
      skip_space();
      if (i >= text.size()) return false;
    }
  }
  return true;
}

}  // namespace pgcdc
}  // namespace connectd
