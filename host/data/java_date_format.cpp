#include "data/java_date_format.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace connectd {

namespace {

constexpr int64_t kMsPerDay = 86400000;
// 1582-10-15, the first Gregorian day of Java's default GregorianCalendar; the day before it
// is the Julian 1582-10-04.
constexpr int64_t kGregorianCutoverDay = -141427;
constexpr int64_t kGregorianCutoverYear = 1582;

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kShortMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Indexed by Java's DAY_OF_WEEK (1 = Sunday); index 0 is unused, as in DateFormatSymbols.
const char* const kWeekdays[] = {"", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char* const kShortWeekdays[] = {"", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kAmPm[] = {"AM", "PM"};
const char* const kEras[] = {"BC", "AD"};  // Java's ERA field: 0 = BC, 1 = AD
// The UTC zone's names (tried first, as the formatter's own zone), then GMT's, in the order
// SimpleDateFormat tries a zone's names: long, then short.
const char* const kZoneNames[] = {"Coordinated Universal Time", "UTC", "Greenwich Mean Time", "GMT"};

constexpr char kPatternLetters[] = "GyMdkHmsSEDFwWahKzZYuXL";
constexpr char kUnsupportedLetters[] = "FwWY";

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}
int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}

// Java's long arithmetic wraps on overflow; so does this (signed overflow would be undefined).
int64_t WrappingMultiplyAdd(int64_t a, int64_t b, int64_t c) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b) + static_cast<uint64_t>(c));
}

// Days from 1970-01-01 to the first day of `month` (1-12) of `year` (proleptic: 0 is 1 BC), in
// the Julian or the proleptic Gregorian calendar. Both count from a March-based year so that the
// leap day ends it.
int64_t DayOfFirst(bool julian, int64_t year, int month) {
  int64_t march_year = month <= 2 ? year - 1 : year;
  int64_t days_before_month = (153 * ((month + 9) % 12) + 2) / 5;
  if (julian) return FloorDiv(1461 * march_year, 4) + days_before_month - 719470;
  int64_t era = FloorDiv(march_year, 400);
  int64_t year_of_era = march_year - era * 400;
  return era * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + days_before_month - 719468;
}

// The inverse of DayOfFirst plus the day of the month.
void CivilFromDay(bool julian, int64_t day, int64_t* year, int* month, int* day_of_month) {
  int64_t march_year;
  int64_t day_of_march_year;
  if (julian) {
    int64_t r = day + 719470;
    march_year = FloorDiv(4 * r + 3, 1461);
    day_of_march_year = r - FloorDiv(1461 * march_year, 4);
  } else {
    int64_t z = day + 719468;
    int64_t era = FloorDiv(z, 146097);
    int64_t day_of_era = z - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    march_year = era * 400 + year_of_era;
    day_of_march_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  }
  int64_t month_index = (5 * day_of_march_year + 2) / 153;  // 0 = March
  *day_of_month = static_cast<int>(day_of_march_year - (153 * month_index + 2) / 5 + 1);
  *month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  *year = march_year + (*month <= 2 ? 1 : 0);
}

// The calendar fields of an instant in UTC, as Java's GregorianCalendar computes them.
struct DateFields {
  int64_t year = 0;  // proleptic: 0 is 1 BC
  int month = 1;     // 1-12
  int day = 1;
  int day_of_year = 1;
  int day_of_week = 1;  // Java's DAY_OF_WEEK: 1 = Sunday
  int64_t ms_of_day = 0;
};

DateFields FieldsOf(int64_t epoch_ms) {
  DateFields f;
  int64_t day = FloorDiv(epoch_ms, kMsPerDay);
  f.ms_of_day = FloorMod(epoch_ms, kMsPerDay);
  CivilFromDay(day < kGregorianCutoverDay, day, &f.year, &f.month, &f.day);
  // The cutover year starts on a Julian January 1st.
  int64_t january_first = DayOfFirst(f.year <= kGregorianCutoverYear, f.year, 1);
  f.day_of_year = static_cast<int>(day - january_first + 1);
  f.day_of_week = static_cast<int>(FloorMod(day + 4, 7) + 1);  // 1970-01-01 was a Thursday
  return f;
}

void AppendPadded(int64_t value, int min_digits, std::string* out) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < min_digits) out->append(static_cast<size_t>(min_digits) - digits.size(), '0');
  out->append(digits);
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `text` at `pos` starts with `word`, ignoring ASCII case (String.regionMatches(true, ...)).
bool StartsWithIgnoringCase(std::string_view text, size_t pos, std::string_view word) {
  if (pos > text.size() || text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (AsciiLower(text[pos + i]) != AsciiLower(word[i])) return false;
  }
  return true;
}

// SimpleDateFormat.matchString: the longest of names[first..count) that `text` starts with at
// `pos`, ignoring case. Sets *index and returns the position after it, or 0 when none matches.
size_t MatchName(std::string_view text, size_t pos, const char* const* names, int first, int count, int* index) {
  size_t best = 0;
  for (int i = first; i < count; ++i) {
    std::string_view name = names[i];
    if (name.size() > best && StartsWithIgnoringCase(text, pos, name)) {
      best = name.size();
      *index = i;
    }
  }
  return best == 0 ? 0 : pos + best;
}

// The letters whose text SimpleDateFormat reads as a number; a number directly followed by one
// of them is read with exactly its pattern width ("yyyyMMdd").
bool IsNumericLetter(char letter, int count) {
  switch (letter) {
    case 'M':
    case 'L': return count <= 2;
    case 'y':
    case 'd':
    case 'k':
    case 'H':
    case 'm':
    case 's':
    case 'S':
    case 'D':
    case 'h':
    case 'K':
    case 'u': return true;
    default: return false;
  }
}

const char* UnsupportedLetterMeaning(char letter) {
  switch (letter) {
    case 'Y': return "week year";
    case 'w': return "week in year";
    case 'W': return "week in month";
    default: return "day of week in month";
  }
}

// What a parse has read so far, as Java's CalendarBuilder holds it: each field's value and the
// order in which fields were set (later fields win when they conflict).
struct ParsedField {
  bool set = false;
  int32_t value = 0;
  int stamp = 0;
};

struct ParsedFields {
  ParsedField era, year, month, day_of_month, day_of_year, day_of_week, hour_of_day, hour, am_pm;
  int32_t minute = 0, second = 0, millisecond = 0;
  bool zone_set = false;
  int64_t zone_offset_ms = 0;
  bool ambiguous_year = false;
  int next_stamp = 1;

  void Set(ParsedField* field, int32_t value) {
    field->set = true;
    field->value = value;
    field->stamp = next_stamp++;
  }
  void SetZone(int64_t offset_ms) {
    zone_set = true;
    zone_offset_ms = offset_ms;
  }

  // GregorianCalendar.computeTime in lenient mode for the fields read.
  int64_t EpochMs() const {
    int64_t y = year.set ? year.value : 1970;
    if (era.set && era.value == 0) y = 1 - y;

    // The hour: HOUR_OF_DAY, unless HOUR and AM_PM were set after it.
    int hour_of_day_stamp = hour_of_day.set ? hour_of_day.stamp : 0;
    int hour_stamp = hour.set && am_pm.set ? std::max(hour.stamp, am_pm.stamp) : 0;
    int best = std::max(hour_stamp, hour_of_day_stamp);
    if (best == 0) best = std::max(hour.set ? hour.stamp : 0, am_pm.set ? am_pm.stamp : 0);
    int64_t hours;
    if (best == hour_of_day_stamp) {
      hours = hour_of_day.value;
    } else {
      hours = hour.value;
      if (am_pm.set) hours += 12 * static_cast<int64_t>(am_pm.value);
    }
    int64_t time_of_day = ((hours * 60 + minute) * 60 + second) * 1000 + millisecond;
    int64_t day_carry = time_of_day / kMsPerDay;
    time_of_day %= kMsPerDay;
    if (time_of_day < 0) {
      time_of_day += kMsPerDay;
      --day_carry;
    }

    // The day: DAY_OF_YEAR when it was set after DAY_OF_MONTH; without either, the first
    // DAY_OF_WEEK on or after the 1st of the month; otherwise the day of the month (default 1).
    enum class DayBy { kDayOfMonth, kDayOfYear, kDayOfWeek };
    DayBy by = DayBy::kDayOfMonth;
    if (day_of_year.set && (!day_of_month.set || day_of_year.stamp > day_of_month.stamp)) {
      by = DayBy::kDayOfYear;
    } else if (!day_of_month.set && !day_of_year.set && day_of_week.set) {
      by = DayBy::kDayOfWeek;
    }
    auto day_in = [&](bool julian) {
      int64_t in_year = y;
      int64_t month0 = by == DayBy::kDayOfYear ? 0 : month.value;
      in_year += FloorDiv(month0, 12);
      month0 = FloorMod(month0, 12);
      int64_t day = DayOfFirst(julian, in_year, static_cast<int>(month0) + 1);
      switch (by) {
        case DayBy::kDayOfMonth:
          if (day_of_month.set) day += day_of_month.value - 1;
          break;
        case DayBy::kDayOfYear: day += day_of_year.value - 1; break;
        case DayBy::kDayOfWeek: {
          // The last day on or before the 7th whose DAY_OF_WEEK matches.
          int64_t seventh = day + 6;
          day = seventh - FloorMod(seventh + 4 + 1 - day_of_week.value, 7);
          break;
        }
      }
      return day + day_carry;
    };
    // Java picks the calendar by the year, and near the cutover by where each calendar's date falls.
    int64_t day;
    if (y > kGregorianCutoverYear) {
      day = day_in(false);
      if (day < kGregorianCutoverDay) day = day_in(true);
    } else if (y < kGregorianCutoverYear) {
      day = day_in(true);
    } else {
      int64_t gregorian = day_in(false);
      day = by != DayBy::kDayOfYear && gregorian >= kGregorianCutoverDay ? gregorian : day_in(true);
    }
    int64_t ms = WrappingMultiplyAdd(day, kMsPerDay, time_of_day);
    return zone_set ? static_cast<int64_t>(static_cast<uint64_t>(ms) - static_cast<uint64_t>(zone_offset_ms)) : ms;
  }
};

// DecimalFormat.parse(...).intValue() as SimpleDateFormat reads a numeric field: an optional '-'
// and at least one ASCII digit in [*pos, limit). A value beyond a long saturates (Java parses it
// as a double); one within a long keeps its low 32 bits.
bool ParseJavaInt(std::string_view text, size_t limit, size_t* pos, int32_t* out) {
  size_t i = *pos;
  bool negative = i < limit && text[i] == '-';
  if (negative) ++i;
  size_t first_digit = i;
  uint64_t magnitude = 0;
  bool beyond_long = false;
  const uint64_t long_limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (; i < limit && IsDigit(text[i]); ++i) {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (beyond_long || magnitude > (long_limit - digit) / 10) {
      beyond_long = true;
    } else {
      magnitude = magnitude * 10 + digit;
    }
  }
  if (i == first_digit) return false;
  if (beyond_long) {
    *out = negative ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int32_t>::max();
  } else {
    uint64_t bits = negative ? ~magnitude + 1 : magnitude;
    *out = static_cast<int32_t>(static_cast<uint32_t>(bits));
  }
  *pos = i;
  return true;
}

// SimpleDateFormat.subParseNumericZone: "hh", "hhmm" or "hh:mm" (with `colon`; then "h:mm" too)
// from `i`; `count` is 'X''s width (1: hours only), 0 for 'z'/'Z'.
bool ParseNumericZone(std::string_view text, size_t i, int sign, int count, bool colon, ParsedFields* fields,
                      size_t* end) {
  auto next = [&](char* c) {
    if (i >= text.size()) return false;
    *c = text[i++];
    return true;
  };
  char c;
  if (!next(&c) || !IsDigit(c)) return false;
  int hours = c - '0';
  if (!next(&c)) return false;
  if (IsDigit(c)) {
    hours = hours * 10 + (c - '0');
  } else {
    if (count > 0 || !colon) return false;
    --i;
  }
  if (hours > 23) return false;
  int minutes = 0;
  if (count != 1) {
    if (!next(&c)) return false;
    if (colon) {
      if (c != ':') return false;
      if (!next(&c)) return false;
    }
    if (!IsDigit(c)) return false;
    minutes = c - '0';
    if (!next(&c) || !IsDigit(c)) return false;
    minutes = minutes * 10 + (c - '0');
    if (minutes > 59) return false;
  }
  fields->SetZone(static_cast<int64_t>(sign) * (hours * 60 + minutes) * 60000);
  *end = i;
  return true;
}

// Reads one pattern field at `start` (SimpleDateFormat.subParse). On success advances *pos.
bool ParseField(std::string_view text, size_t start, char letter, int count, bool obey_count,
                int64_t century_start_year, ParsedFields* fields, size_t* pos) {
  size_t p = start;
  // Spaces and tabs before a field are skipped; running out of text fails.
  while (true) {
    if (p >= text.size()) return false;
    if (text[p] != ' ' && text[p] != '\t') break;
    ++p;
  }
  const size_t actual_start = p;
  int32_t value = 0;
  if (IsNumericLetter(letter, count)) {
    size_t limit = text.size();
    if (obey_count) {
      if (start + static_cast<size_t>(count) > text.size()) return false;
      limit = start + static_cast<size_t>(count);
    }
    if (!ParseJavaInt(text, limit, &p, &value)) return false;
  }
  int index = 0;
  size_t end = 0;
  switch (letter) {
    case 'G':
      if ((end = MatchName(text, start, kEras, 0, 2, &index)) == 0) return false;
      fields->Set(&fields->era, index);
      *pos = end;
      return true;
    case 'y':
      if (count <= 2 && p - actual_start == 2 && IsDigit(text[actual_start]) && IsDigit(text[actual_start + 1])) {
        // A two-digit year falls in the 100 years starting at the century start.
        int64_t start_two_digits = century_start_year % 100;
        fields->ambiguous_year = value == start_two_digits;
        value += static_cast<int32_t>((century_start_year / 100) * 100 + (value < start_two_digits ? 100 : 0));
      }
      fields->Set(&fields->year, value);
      break;
    case 'M':
    case 'L':
      if (count <= 2) {
        fields->Set(&fields->month, value - 1);
        break;
      }
      if ((end = MatchName(text, start, kMonths, 0, 12, &index)) == 0 &&
          (end = MatchName(text, start, kShortMonths, 0, 12, &index)) == 0) {
        return false;
      }
      fields->Set(&fields->month, index);
      *pos = end;
      return true;
    case 'd': fields->Set(&fields->day_of_month, value); break;
    case 'k': fields->Set(&fields->hour_of_day, value == 24 ? 0 : value); break;
    case 'H': fields->Set(&fields->hour_of_day, value); break;
    case 'h': fields->Set(&fields->hour, value == 12 ? 0 : value); break;
    case 'K': fields->Set(&fields->hour, value); break;
    case 'm': fields->minute = value; break;
    case 's': fields->second = value; break;
    case 'S': fields->millisecond = value; break;
    case 'D': fields->Set(&fields->day_of_year, value); break;
    case 'u': fields->Set(&fields->day_of_week, value >= 1 && value <= 7 ? value % 7 + 1 : value); break;
    case 'E':
      if ((end = MatchName(text, start, kWeekdays, 1, 8, &index)) == 0 &&
          (end = MatchName(text, start, kShortWeekdays, 1, 8, &index)) == 0) {
        return false;
      }
      fields->Set(&fields->day_of_week, index);
      *pos = end;
      return true;
    case 'a':
      if ((end = MatchName(text, start, kAmPm, 0, 2, &index)) == 0) return false;
      fields->Set(&fields->am_pm, index);
      *pos = end;
      return true;
    case 'z':
    case 'Z': {
      char c = text[p];
      int sign = c == '+' ? 1 : c == '-' ? -1 : 0;
      if (sign != 0) return ParseNumericZone(text, p + 1, sign, 0, false, fields, pos);
      if ((c == 'G' || c == 'g') && StartsWithIgnoringCase(text, start, "GMT")) {
        p = start + 3;
        if (p < text.size()) sign = text[p] == '+' ? 1 : text[p] == '-' ? -1 : 0;
        if (sign == 0) {
          fields->SetZone(0);
          *pos = p;
          return true;
        }
        return ParseNumericZone(text, p + 1, sign, 0, true, fields, pos);
      }
      for (const char* name : kZoneNames) {
        if (StartsWithIgnoringCase(text, p, name)) {
          fields->SetZone(0);
          *pos = p + std::string_view(name).size();
          return true;
        }
      }
      return false;
    }
    case 'X': {
      char c = text[p];
      if (c == 'Z') {
        fields->SetZone(0);
        *pos = p + 1;
        return true;
      }
      if (c != '+' && c != '-') return false;
      return ParseNumericZone(text, p + 1, c == '+' ? 1 : -1, count, count == 3, fields, pos);
    }
    default: return false;
  }
  *pos = p;
  return true;
}

}  // namespace

Status JavaDateFormat::Compile(std::string_view pattern, JavaDateFormat* out) {
  int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  return Compile(pattern, now_ms, out);
}

Status JavaDateFormat::Compile(std::string_view pattern, int64_t now_ms, JavaDateFormat* out) {
  JavaDateFormat format;
  format.pattern_ = std::string(pattern);
  auto invalid = [&](const std::string& why) {
    return Status::InvalidArgument("the date format pattern '" + format.pattern_ + "' is not valid: " + why);
  };
  Element run;
  std::string literal;
  bool in_quote = false;
  auto flush_run = [&]() -> Status {
    if (run.letter == 0) return Status::OK();
    if (run.letter == 'X' && run.count > 3) {
      return invalid("invalid ISO 8601 format: length=" + std::to_string(run.count) + " (X, XX or XXX)");
    }
    format.elements_.push_back(run);
    run = Element();
    return Status::OK();
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    bool is_pattern_letter = !in_quote && c != '\'' && IsAsciiLetter(c);
    if (!is_pattern_letter) {
      Status st = flush_run();
      if (!st.ok()) return st;
      if (c == '\'') {
        // '' is a quote, inside quoted text or not; a lone ' opens or closes quoted text.
        if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
          literal.push_back('\'');
          ++i;
        } else {
          in_quote = !in_quote;
        }
      } else {
        literal.push_back(c);
      }
      continue;
    }
    if (std::string_view(kPatternLetters).find(c) == std::string_view::npos) {
      return invalid(std::string("Illegal pattern character '") + c +
                     "'; quote literal letters, as in yyyy-MM-dd'T'HH:mm:ss");
    }
    if (std::string_view(kUnsupportedLetters).find(c) != std::string_view::npos) {
      return invalid(std::string("the pattern letter '") + c + "' (" + UnsupportedLetterMeaning(c) +
                     ") is not supported by connectd; use the calendar letters y M d D E u instead");
    }
    if (run.letter == c) {
      ++run.count;
      continue;
    }
    Status st = flush_run();
    if (!st.ok()) return st;
    if (!literal.empty()) {
      format.elements_.push_back(Element{0, 0, std::move(literal)});
      literal.clear();
    }
    run.letter = c;
    run.count = 1;
  }
  if (in_quote) return invalid("Unterminated quote; close the quoted text with '");
  Status st = flush_run();
  if (!st.ok()) return st;
  if (!literal.empty()) format.elements_.push_back(Element{0, 0, std::move(literal)});

  // SimpleDateFormat places two-digit years after the instant 80 years before its creation.
  DateFields now = FieldsOf(now_ms);
  int64_t start_year = now.year - 80;
  int64_t first = DayOfFirst(false, start_year, now.month);
  int64_t month_length = DayOfFirst(false, start_year + (now.month == 12 ? 1 : 0), now.month % 12 + 1) - first;
  int64_t start_day = first + std::min<int64_t>(now.day, month_length) - 1;
  format.century_start_year_ = start_year;
  format.century_start_ms_ = start_day * kMsPerDay + now.ms_of_day;
  *out = std::move(format);
  return Status::OK();
}

std::string JavaDateFormat::Format(int64_t epoch_ms) const {
  std::string out;
  AppendFormatted(epoch_ms, &out);
  return out;
}

void JavaDateFormat::AppendFormatted(int64_t epoch_ms, std::string* out) const {
  const DateFields f = FieldsOf(epoch_ms);
  const int64_t year_of_era = f.year <= 0 ? 1 - f.year : f.year;
  const int64_t hour_of_day = f.ms_of_day / 3600000;
  for (const Element& element : elements_) {
    const int count = element.count;
    switch (element.letter) {
      case 0: out->append(element.literal); break;
      case 'G': out->append(kEras[f.year <= 0 ? 0 : 1]); break;
      case 'y':
        if (count == 2) {
          AppendPadded(year_of_era % 100, 2, out);
        } else {
          AppendPadded(year_of_era, count, out);
        }
        break;
      case 'M':
      case 'L':
        if (count >= 4) {
          out->append(kMonths[f.month - 1]);
        } else if (count == 3) {
          out->append(kShortMonths[f.month - 1]);
        } else {
          AppendPadded(f.month, count, out);
        }
        break;
      case 'd': AppendPadded(f.day, count, out); break;
      case 'k': AppendPadded(hour_of_day == 0 ? 24 : hour_of_day, count, out); break;
      case 'H': AppendPadded(hour_of_day, count, out); break;
      case 'h': AppendPadded(hour_of_day % 12 == 0 ? 12 : hour_of_day % 12, count, out); break;
      case 'K': AppendPadded(hour_of_day % 12, count, out); break;
      case 'm': AppendPadded(f.ms_of_day / 60000 % 60, count, out); break;
      case 's': AppendPadded(f.ms_of_day / 1000 % 60, count, out); break;
      case 'S': AppendPadded(f.ms_of_day % 1000, count, out); break;
      case 'E': out->append(count >= 4 ? kWeekdays[f.day_of_week] : kShortWeekdays[f.day_of_week]); break;
      case 'u': AppendPadded(f.day_of_week == 1 ? 7 : f.day_of_week - 1, count, out); break;
      case 'D': AppendPadded(f.day_of_year, count, out); break;
      case 'a': out->append(kAmPm[hour_of_day < 12 ? 0 : 1]); break;
      case 'z': out->append(count >= 4 ? "Coordinated Universal Time" : "UTC"); break;
      case 'Z': out->append("+0000"); break;
      case 'X': out->push_back('Z'); break;
      default: break;
    }
  }
}

size_t JavaDateFormat::ParseAt(std::string_view text, int64_t* epoch_ms, size_t* error_at) const {
  ParsedFields fields;
  size_t pos = 0;
  for (size_t i = 0; i < elements_.size(); ++i) {
    const Element& element = elements_[i];
    if (element.letter == 0) {
      for (char c : element.literal) {
        if (pos >= text.size() || text[pos] != c) {
          *error_at = pos;
          return 0;
        }
        ++pos;
      }
      continue;
    }
    bool obey_count = i + 1 < elements_.size() && IsNumericLetter(elements_[i + 1].letter, elements_[i + 1].count);
    if (!ParseField(text, pos, element.letter, element.count, obey_count, century_start_year_, &fields, &pos)) {
      *error_at = pos;
      return 0;
    }
  }
  int64_t ms = fields.EpochMs();
  if (fields.ambiguous_year && ms < century_start_ms_) {
    fields.year.value += 100;
    ms = fields.EpochMs();
  }
  *error_at = pos;
  if (pos > 0) *epoch_ms = ms;
  return pos;
}

size_t JavaDateFormat::ParsePrefix(std::string_view text, int64_t* epoch_ms) const {
  size_t error_at = 0;
  return ParseAt(text, epoch_ms, &error_at);
}

Status JavaDateFormat::Parse(std::string_view text, int64_t* epoch_ms) const {
  size_t error_at = 0;
  if (ParseAt(text, epoch_ms, &error_at) > 0) return Status::OK();
  return Status::Failed("Unparseable date: \"" + std::string(text) + "\" does not match the pattern '" + pattern_ +
                        "' (matching stopped at character " + std::to_string(error_at) + ")");
}

}  // namespace connectd
