#include "joda_time_format.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace connectd {
namespace s3 {
namespace {

constexpr int64_t kMsPerDay = 86400000;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeap(y)) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (eras of 400 years, March-based years).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void CivilFromDays(int64_t days, int64_t* y, int* m, int* d) {
  days += 719468;
  const int64_t era = FloorDiv(days, 146097);
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  *d = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = year_of_era + era * 400 + (*m <= 2 ? 1 : 0);
}

// 0 = Sunday; 1970-01-01 was a Thursday.
int WeekdayFromDays(int64_t days) { return static_cast<int>(FloorMod(days + 4, 7)); }

[[noreturn]] void UnknownZone(const std::string& id, const std::string& why) {
  throw std::invalid_argument("The datetime zone id '" + id + "' is not recognised (" + why +
                              "); use UTC, a fixed offset such as +05:30, or an IANA id such as "
                              "America/Los_Angeles");
}

// "[+-]hh", "[+-]hh:mm", "[+-]hhmm", "[+-]hh:mm:ss" as Joda's forID accepts; false otherwise.
bool ParseFixedOffset(const std::string& id, int64_t* offset_ms) {
  std::string digits;
  for (size_t i = 1; i < id.size(); ++i) {
    if (id[i] == ':') {
      if (i != 3 && i != 6) return false;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(id[i]))) return false;
    digits += id[i];
  }
  if (digits.size() != 2 && digits.size() != 4 && digits.size() != 6) return false;
  const int64_t hours = std::stoll(digits.substr(0, 2));
  const int64_t minutes = digits.size() >= 4 ? std::stoll(digits.substr(2, 2)) : 0;
  const int64_t seconds = digits.size() >= 6 ? std::stoll(digits.substr(4, 2)) : 0;
  if (hours > 23 || minutes > 59 || seconds > 59) return false;
  const int64_t magnitude = ((hours * 60 + minutes) * 60 + seconds) * 1000;
  *offset_ms = id[0] == '-' ? -magnitude : magnitude;
  return true;
}

std::string PrintOffset(int64_t offset_ms, bool colon) {
  std::string out = offset_ms < 0 ? "-" : "+";
  const int64_t minutes_total = (offset_ms < 0 ? -offset_ms : offset_ms) / 60000;
  auto two = [](int64_t v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); };
  out += two(minutes_total / 60);
  if (colon) out += ':';
  out += two(minutes_total % 60);
  return out;
}

uint32_t ReadU32(const std::string& bytes, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

int64_t ReadI64(const std::string& bytes, size_t at) {
  const uint64_t hi = ReadU32(bytes, at), lo = ReadU32(bytes, at + 4);
  return static_cast<int64_t>((hi << 32) | lo);
}

// POSIX TZ "[+-]hh[:mm[:ss]]" (hours up to 167 for rule times); advances *pos.
bool ParsePosixSeconds(const std::string& s, size_t* pos, int64_t* out) {
  int sign = 1;
  if (*pos < s.size() && (s[*pos] == '+' || s[*pos] == '-')) sign = s[(*pos)++] == '-' ? -1 : 1;
  int64_t parts[3] = {0, 0, 0};
  for (int part = 0; part < 3; ++part) {
    size_t digits = 0;
    while (*pos < s.size() && std::isdigit(static_cast<unsigned char>(s[*pos])) && digits < 3) {
      parts[part] = parts[part] * 10 + (s[(*pos)++] - '0');
      ++digits;
    }
    if (digits == 0) return false;
    if (part == 2 || *pos >= s.size() || s[*pos] != ':') break;
    ++*pos;
  }
  *out = sign * ((parts[0] * 60 + parts[1]) * 60 + parts[2]);
  return true;
}

bool ParsePosixName(const std::string& s, size_t* pos) {
  const size_t start = *pos;
  if (*pos < s.size() && s[*pos] == '<') {
    const size_t close = s.find('>', *pos);
    if (close == std::string::npos) return false;
    *pos = close + 1;
    return true;
  }
  while (*pos < s.size() && std::isalpha(static_cast<unsigned char>(s[*pos]))) ++*pos;
  return *pos - start >= 3;
}

int64_t ParseSmallInt(const std::string& s, size_t* pos, bool* ok) {
  int64_t v = 0;
  size_t digits = 0;
  while (*pos < s.size() && std::isdigit(static_cast<unsigned char>(s[*pos])) && digits < 4) {
    v = v * 10 + (s[(*pos)++] - '0');
    ++digits;
  }
  if (digits == 0) *ok = false;
  return v;
}

bool ReadDigits(const std::string& s, size_t* pos, size_t count, int64_t* out) {
  int64_t v = 0;
  for (size_t i = 0; i < count; ++i) {
    if (*pos >= s.size() || !std::isdigit(static_cast<unsigned char>(s[*pos]))) return false;
    v = v * 10 + (s[(*pos)++] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool JodaTimeZone::ParsePosixRule(const std::string& text, PosixRule* rule) {
  size_t pos = 0;
  int64_t seconds = 0;
  if (!ParsePosixName(text, &pos) || !ParsePosixSeconds(text, &pos, &seconds)) return false;
  rule->std_offset_s = -seconds;
  rule->valid = true;
  if (pos == text.size()) return true;
  if (!ParsePosixName(text, &pos)) return false;
  rule->has_dst = true;
  rule->dst_offset_s = rule->std_offset_s + 3600;
  if (pos < text.size() && text[pos] != ',') {
    if (!ParsePosixSeconds(text, &pos, &seconds)) return false;
    rule->dst_offset_s = -seconds;
  }
  for (DstDate* date : {&rule->start, &rule->end}) {
    if (pos >= text.size() || text[pos] != ',') return false;
    ++pos;
    bool ok = true;
    if (pos < text.size() && text[pos] == 'M') {
      ++pos;
      date->kind = 'M';
      date->month = static_cast<int>(ParseSmallInt(text, &pos, &ok));
      if (pos >= text.size() || text[pos++] != '.') return false;
      date->week = static_cast<int>(ParseSmallInt(text, &pos, &ok));
      if (pos >= text.size() || text[pos++] != '.') return false;
      date->weekday = static_cast<int>(ParseSmallInt(text, &pos, &ok));
      if (date->month < 1 || date->month > 12 || date->week < 1 || date->week > 5 || date->weekday > 6) return false;
    } else if (pos < text.size() && text[pos] == 'J') {
      ++pos;
      date->kind = 'J';
      date->day = static_cast<int>(ParseSmallInt(text, &pos, &ok));
      if (date->day < 1 || date->day > 365) return false;
    } else {
      date->kind = 'N';
      date->day = static_cast<int>(ParseSmallInt(text, &pos, &ok));
      if (date->day > 365) return false;
    }
    if (!ok) return false;
    date->seconds_of_day = 7200;
    if (pos < text.size() && text[pos] == '/') {
      ++pos;
      if (!ParsePosixSeconds(text, &pos, &date->seconds_of_day)) return false;
    }
  }
  return pos == text.size();
}

void JodaTimeZone::RuleTransitions(int64_t year, int64_t* dst_start_s, int64_t* dst_end_s) const {
  auto local_seconds = [year](const DstDate& date) {
    int64_t days = 0;
    if (date.kind == 'M') {
      const int64_t first = DaysFromCivil(year, date.month, 1);
      int day = 1 + (date.weekday - WeekdayFromDays(first) + 7) % 7 + (date.week - 1) * 7;
      if (day > DaysInMonth(year, date.month)) day -= 7;
      days = first + day - 1;
    } else if (date.kind == 'J') {
      days = DaysFromCivil(year, 1, 1) + date.day - 1 + ((IsLeap(year) && date.day >= 60) ? 1 : 0);
    } else {
      days = DaysFromCivil(year, 1, 1) + date.day;
    }
    return days * 86400 + date.seconds_of_day;
  };
  *dst_start_s = local_seconds(rule_.start) - rule_.std_offset_s;
  *dst_end_s = local_seconds(rule_.end) - rule_.dst_offset_s;
}

int64_t JodaTimeZone::RuleOffsetSeconds(int64_t utc_s) const {
  if (!rule_.has_dst) return rule_.std_offset_s;
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(FloorDiv(utc_s + rule_.std_offset_s, 86400), &year, &month, &day);
  int64_t start = 0, end = 0;
  RuleTransitions(year, &start, &end);
  const bool in_dst = start < end ? (utc_s >= start && utc_s < end) : !(utc_s >= end && utc_s < start);
  return in_dst ? rule_.dst_offset_s : rule_.std_offset_s;
}

JodaTimeZone JodaTimeZone::ForId(const std::string& id, const std::string& zoneinfo_dir) {
  JodaTimeZone zone;
  if (id == "UTC") {
    zone.id_ = "UTC";
    return zone;
  }
  if (!id.empty() && (id[0] == '+' || id[0] == '-')) {
    int64_t offset_ms = 0;
    if (!ParseFixedOffset(id, &offset_ms)) UnknownZone(id, "a fixed offset must look like +hh:mm");
    zone.id_ = offset_ms == 0 ? "UTC" : PrintOffset(offset_ms, true);
    zone.fixed_offset_ms_ = offset_ms;
    return zone;
  }
  const bool safe_path =
      !id.empty() && id[0] != '/' && id.find("..") == std::string::npos &&
      std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
      });
  if (!safe_path) UnknownZone(id, "not a time zone id");
  std::ifstream in(zoneinfo_dir + "/" + id, std::ios::binary);
  if (!in) UnknownZone(id, "no such zone in " + zoneinfo_dir);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 44 || bytes.compare(0, 4, "TZif") != 0) UnknownZone(id, "not a TZif file");

  size_t header = 0;
  int time_size = 4;
  auto block_size = [&](size_t at, int tsize) {
    const uint64_t isut = ReadU32(bytes, at + 20), isstd = ReadU32(bytes, at + 24), leap = ReadU32(bytes, at + 28),
                   timecnt = ReadU32(bytes, at + 32), typecnt = ReadU32(bytes, at + 36), charcnt = ReadU32(bytes, at + 40);
    return timecnt * tsize + timecnt + typecnt * 6 + charcnt + leap * (tsize + 4) + isstd + isut;
  };
  if (bytes[4] >= '2') {
    header = 44 + block_size(0, 4);
    time_size = 8;
    if (bytes.size() < header + 44 || bytes.compare(header, 4, "TZif") != 0) UnknownZone(id, "truncated TZif file");
  }
  const uint64_t timecnt = ReadU32(bytes, header + 32), typecnt = ReadU32(bytes, header + 36);
  const uint64_t data_end = header + 44 + block_size(header, time_size);
  if (typecnt == 0 || bytes.size() < data_end) UnknownZone(id, "truncated TZif file");
  const size_t times_at = header + 44, index_at = times_at + timecnt * time_size, types_at = index_at + timecnt;
  auto type_offset = [&](uint64_t type) -> int64_t {
    if (type >= typecnt) UnknownZone(id, "corrupt TZif file");
    return static_cast<int32_t>(ReadU32(bytes, types_at + type * 6));
  };
  zone.offset_before_first_s_ = type_offset(0);
  for (uint64_t i = 0; i < timecnt; ++i) {
    const int64_t at = time_size == 8 ? ReadI64(bytes, times_at + i * 8)
                                      : static_cast<int32_t>(ReadU32(bytes, times_at + i * 4));
    zone.transitions_s_.push_back(at);
    zone.offsets_after_s_.push_back(type_offset(static_cast<unsigned char>(bytes[index_at + i])));
  }
  if (time_size == 8 && data_end < bytes.size() && bytes[data_end] == '\n') {
    const size_t close = bytes.find('\n', data_end + 1);
    if (close != std::string::npos && close > data_end + 1 &&
        !ParsePosixRule(bytes.substr(data_end + 1, close - data_end - 1), &zone.rule_)) {
      UnknownZone(id, "unsupported TZ rule in its TZif footer");
    }
  }
  zone.id_ = id;
  return zone;
}

int64_t JodaTimeZone::OffsetMs(int64_t utc_ms) const {
  if (transitions_s_.empty() && !rule_.valid) return fixed_offset_ms_ + offset_before_first_s_ * 1000;
  const int64_t utc_s = FloorDiv(utc_ms, 1000);
  if (transitions_s_.empty() || utc_s >= transitions_s_.back()) {
    if (rule_.valid) return RuleOffsetSeconds(utc_s) * 1000;
    if (transitions_s_.empty()) return offset_before_first_s_ * 1000;
  }
  const auto after = std::upper_bound(transitions_s_.begin(), transitions_s_.end(), utc_s);
  if (after == transitions_s_.begin()) return offset_before_first_s_ * 1000;
  return offsets_after_s_[static_cast<size_t>(after - transitions_s_.begin() - 1)] * 1000;
}

int64_t JodaTimeZone::NextTransitionMs(int64_t utc_ms) const {
  const int64_t utc_s = FloorDiv(utc_ms, 1000);
  const auto after = std::upper_bound(transitions_s_.begin(), transitions_s_.end(), utc_s);
  if (after != transitions_s_.end()) return *after * 1000;
  if (!rule_.has_dst) return utc_ms;
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(FloorDiv(utc_s, 86400), &year, &month, &day);
  int64_t best = INT64_MAX;
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    int64_t start = 0, end = 0;
    RuleTransitions(y, &start, &end);
    for (int64_t t : {start, end}) {
      if (t > utc_s && t < best) best = t;
    }
  }
  return best * 1000;
}

int64_t JodaTimeZone::ConvertLocalToUtc(int64_t local_ms) const {
  const int64_t offset_local = OffsetMs(local_ms);
  int64_t offset = OffsetMs(local_ms - offset_local);
  if (offset_local != offset && offset_local < 0) {
    // Joda's gap test: both estimates must see the same next transition, else the local time
    // falls in a DST gap and the (western) pre-gap offset is kept.
    int64_t next_local = NextTransitionMs(local_ms - offset_local);
    if (next_local == local_ms - offset_local) next_local = INT64_MAX;
    int64_t next_adjusted = NextTransitionMs(local_ms - offset);
    if (next_adjusted == local_ms - offset) next_adjusted = INT64_MAX;
    if (next_local != next_adjusted) offset = offset_local;
  }
  return local_ms - offset;
}

JodaTimeFormat JodaTimeFormat::Compile(const std::string& pattern, const std::string& locale) {
  JodaTimeFormat format;
  bool has_text = false;
  size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t end = i;
      while (end < pattern.size() && pattern[end] == c) ++end;
      Token token;
      token.letter = c;
      token.count = static_cast<int>(end - i);
      const std::string text = pattern.substr(i, end - i);
      switch (c) {
        case 'G': case 'a':
          has_text = true;
          break;
        case 'M': case 'E':
          has_text = has_text || token.count >= 3;
          break;
        case 'C': case 'Y': case 'y': case 'd': case 'D': case 'H': case 'h': case 'K': case 'k':
        case 'm': case 's': case 'S': case 'e': case 'Z':
          break;
        case 'x': case 'w': case 'z':
          throw std::invalid_argument("Pattern component '" + text +
                                      "' (week-based year, week of year or zone name) is not supported by "
                                      "connectd; use y, M, d, H, m, s, S or Z");
        default:
          throw std::invalid_argument("Illegal pattern component: " + text);
      }
      format.tokens_.push_back(token);
      i = end;
      continue;
    }
    // A literal run: plain non-letters and quoted text ('' is a quote), up to the next unquoted
    // letter, as Joda tokenizes it. An unclosed quote runs to the end.
    Token literal;
    bool quoted = false;
    for (; i < pattern.size(); ++i) {
      const char d = pattern[i];
      if (d == '\'') {
        if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
          literal.literal += '\'';
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && std::isalpha(static_cast<unsigned char>(d))) {
        break;
      } else {
        literal.literal += d;
      }
    }
    format.tokens_.push_back(literal);
  }
  std::string language = locale.substr(0, std::min(locale.find_first_of("-_"), locale.size()));
  std::transform(language.begin(), language.end(), language.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (has_text && language != "en") {
    throw std::invalid_argument("pattern prints month, weekday, era or AM/PM names, which connectd prints in "
                                "English only, but locale is '" + locale +
                                "'; use an English locale such as en-US or numeric fields (MM, e)");
  }
  return format;
}

std::string JodaTimeFormat::Print(int64_t utc_ms, const JodaTimeZone& zone) const {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  static const char* const kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  const int64_t offset_ms = zone.OffsetMs(utc_ms);
  const int64_t local_ms = utc_ms + offset_ms;
  const int64_t days = FloorDiv(local_ms, kMsPerDay);
  const int64_t ms_of_day = local_ms - days * kMsPerDay;
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  const int weekday = WeekdayFromDays(days);
  const int64_t hour = ms_of_day / 3600000, minute = ms_of_day / 60000 % 60, second = ms_of_day / 1000 % 60;
  const int64_t millis = ms_of_day % 1000;
  const int64_t year_of_era = year <= 0 ? 1 - year : year;

  std::string out;
  auto number = [&out](int64_t value, int min_digits) {
    if (value < 0) {
      out += '-';
      value = -value;
    }
    const std::string digits = std::to_string(value);
    if (static_cast<int>(digits.size()) < min_digits) out.append(static_cast<size_t>(min_digits) - digits.size(), '0');
    out += digits;
  };
  for (const Token& token : tokens_) {
    const int n = token.count;
    switch (token.letter) {
      case 0: out += token.literal; break;
      case 'G': out += year <= 0 ? "BC" : "AD"; break;
      case 'C': number(year_of_era / 100, n); break;
      case 'Y': n == 2 ? number(year_of_era % 100, 2) : number(year_of_era, n); break;
      case 'y': n == 2 ? number((year < 0 ? -year : year) % 100, 2) : number(year, n); break;
      case 'M':
        if (n >= 4) out += kMonths[month - 1];
        else if (n == 3) out += std::string(kMonths[month - 1]).substr(0, 3);
        else number(month, n);
        break;
      case 'd': number(day, n); break;
      case 'D': number(days - DaysFromCivil(year, 1, 1) + 1, n); break;
      case 'H': number(hour, n); break;
      case 'k': number(hour == 0 ? 24 : hour, n); break;
      case 'K': number(hour % 12, n); break;
      case 'h': number(hour % 12 == 0 ? 12 : hour % 12, n); break;
      case 'm': number(minute, n); break;
      case 's': number(second, n); break;
      case 'S': {
        std::string fraction = std::to_string(1000 + millis).substr(1);
        fraction.resize(static_cast<size_t>(n), '0');
        out += fraction;
        break;
      }
      case 'a': out += hour < 12 ? "AM" : "PM"; break;
      case 'E':
        out += n >= 4 ? std::string(kWeekdays[weekday]) : std::string(kWeekdays[weekday]).substr(0, 3);
        break;
      case 'e': number(weekday == 0 ? 7 : weekday, n); break;
      case 'Z': out += n >= 3 ? zone.id() : PrintOffset(offset_ms, n == 2); break;
      default: break;
    }
  }
  return out;
}

std::optional<int64_t> ParseIsoDateTimeMs(const std::string& text) {
  size_t pos = 0;
  int64_t sign = 1;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) sign = text[pos++] == '-' ? -1 : 1;
  int64_t year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
  if (!ReadDigits(text, &pos, 4, &year)) return std::nullopt;
  year *= sign;
  if (pos < text.size() && text[pos] == '-') {
    ++pos;
    if (!ReadDigits(text, &pos, 2, &month) || month < 1 || month > 12) return std::nullopt;
    if (pos < text.size() && text[pos] == '-') {
      ++pos;
      if (!ReadDigits(text, &pos, 2, &day) || day < 1 || day > 31) return std::nullopt;
    }
  }
  if (pos < text.size() && text[pos] == 'T') {
    ++pos;
    if (!ReadDigits(text, &pos, 2, &hour) || hour > 23) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadDigits(text, &pos, 2, &minute) || minute > 59) return std::nullopt;
      if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!ReadDigits(text, &pos, 2, &second) || second > 59) return std::nullopt;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
          ++pos;
          size_t digits = 0;
          int64_t scale = 100;
          while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) && digits < 9) {
            millis += (text[pos++] - '0') * scale;
            scale /= 10;
            ++digits;
          }
          if (digits == 0) return std::nullopt;
        }
      }
    }
  }
  int64_t offset_minutes = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int64_t offset_sign = text[pos++] == '-' ? -1 : 1;
    int64_t oh = 0, om = 0;
    if (!ReadDigits(text, &pos, 2, &oh)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (pos < text.size() && !ReadDigits(text, &pos, 2, &om)) return std::nullopt;
    offset_minutes = offset_sign * (oh * 60 + om);
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t seconds = DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day)) * 86400 + hour * 3600 + minute * 60 + second;
  return (seconds - offset_minutes * 60) * 1000 + millis;
}

int64_t NextTimeAdjustedByDay(int64_t now_ms, int64_t period_ms, const JodaTimeZone& zone) {
  constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
  int64_t local = zone.ConvertUtcToLocal(now_ms);
  int64_t local_midnight = local - ((local % kDayMs) + kDayMs) % kDayMs;
  int64_t start_of_day = zone.ConvertLocalToUtc(local_midnight);
  int64_t day_length = zone.ConvertLocalToUtc(local_midnight + kDayMs) - start_of_day;
  int64_t next_offset = ((now_ms - start_of_day) / period_ms + 1) * period_ms;
  return start_of_day + std::min(next_offset, day_length);
}

}  // namespace s3
}  // namespace connectd
