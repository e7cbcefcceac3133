#include "sql_time.h"

#include <cstdio>

namespace connectd {
namespace odbc {

// Howard Hinnant's civil calendar algorithms (public domain formulas).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

SQL_DATE_STRUCT DateFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  SQL_DATE_STRUCT out{};
  out.year = static_cast<SQLSMALLINT>(y + (m <= 2));
  out.month = static_cast<SQLUSMALLINT>(m);
  out.day = static_cast<SQLUSMALLINT>(d);
  return out;
}

int64_t MillisFromTimestamp(const SQL_TIMESTAMP_STRUCT& ts) {
  int64_t days = DaysFromCivil(ts.year, ts.month, ts.day);
  int64_t seconds = days * 86400 + ts.hour * 3600 + ts.minute * 60 + ts.second;
  return seconds * 1000 + static_cast<int64_t>(ts.fraction / 1000000);
}

SQL_TIMESTAMP_STRUCT TimestampFromMillis(int64_t millis) {
  int64_t days = millis >= 0 ? millis / 86400000 : -((-millis + 86399999) / 86400000);
  int64_t in_day = millis - days * 86400000;
  SQL_DATE_STRUCT date = DateFromDays(days);
  SQL_TIMESTAMP_STRUCT ts{};
  ts.year = date.year;
  ts.month = date.month;
  ts.day = date.day;
  ts.hour = static_cast<SQLUSMALLINT>(in_day / 3600000);
  ts.minute = static_cast<SQLUSMALLINT>(in_day / 60000 % 60);
  ts.second = static_cast<SQLUSMALLINT>(in_day / 1000 % 60);
  ts.fraction = static_cast<SQLUINTEGER>(in_day % 1000 * 1000000);
  return ts;
}

bool ParseTimeOfDay(std::string_view text, int32_t* millis) {
  unsigned h = 0, m = 0, s = 0;
  int used = 0;
  std::string t(text);
  if (std::sscanf(t.c_str(), "%2u:%2u:%2u%n", &h, &m, &s, &used) != 3 || h > 23 || m > 59 || s > 60) return false;
  int32_t ms = 0;
  size_t i = static_cast<size_t>(used);
  if (i < t.size() && t[i] == '.') {
    int scale = 100;
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      ms += (t[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (i != t.size()) return false;
  *millis = static_cast<int32_t>((h * 3600 + m * 60 + s) * 1000) + ms;
  return true;
}

std::string FormatTimeOfDay(int64_t millis) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%02d:%02d:%02d.%03d", static_cast<int>(millis / 3600000),
                static_cast<int>(millis / 60000 % 60), static_cast<int>(millis / 1000 % 60),
                static_cast<int>(millis % 1000));
  return buf;
}

}  // namespace odbc
}  // namespace connectd
