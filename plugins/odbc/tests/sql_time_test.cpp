#include "sql_time.h"

#include <doctest/doctest.h>

namespace connectd {
namespace odbc {

TEST_CASE("days since the epoch round-trip through dates") {
  CHECK(DaysFromCivil(1970, 1, 1) == 0);
  CHECK(DaysFromCivil(2000, 3, 1) == 11017);
  CHECK(DaysFromCivil(1969, 12, 31) == -1);
  CHECK(DaysFromCivil(2024, 2, 29) == 19782);
  for (int64_t d : {-719468LL, -1LL, 0LL, 59LL, 11016LL, 19782LL, 2932896LL}) {
    SQL_DATE_STRUCT s = DateFromDays(d);
    CHECK(DaysFromCivil(s.year, s.month, s.day) == d);
  }
  SQL_DATE_STRUCT leap = DateFromDays(19782);
  CHECK(leap.year == 2024);
  CHECK(leap.month == 2);
  CHECK(leap.day == 29);
}

TEST_CASE("timestamps convert to epoch milliseconds in UTC, before and after 1970") {
  SQL_TIMESTAMP_STRUCT ts{};
  ts.year = 2026;
  ts.month = 11;
  ts.day = 22;
  ts.hour = 13;
  ts.minute = 5;
  ts.second = 7;
  ts.fraction = 123456789;
  CHECK(MillisFromTimestamp(ts) == 1795352707123LL);
  CHECK(NanosOfTimestamp(ts) == 123456789);
  SQL_TIMESTAMP_STRUCT back = TimestampFromMillis(1795352707123LL);
  CHECK(back.year == 2026);
  CHECK(back.hour == 13);
  CHECK(back.fraction == 123000000u);
  SQL_TIMESTAMP_STRUCT before = TimestampFromMillis(-1);
  CHECK(before.year == 1969);
  CHECK(before.month == 12);
  CHECK(before.day == 31);
  CHECK(before.hour == 23);
  CHECK(before.second == 59);
  CHECK(before.fraction == 999000000u);
  CHECK(MillisFromTimestamp(before) == -1);
}

TEST_CASE("times of day parse and format with milliseconds") {
  int32_t ms = 0;
  CHECK(ParseTimeOfDay("00:00:00", &ms));
  CHECK(ms == 0);
  CHECK(ParseTimeOfDay("13:05:07.25", &ms));
  CHECK(ms == 47107250);
  CHECK(ParseTimeOfDay("23:59:59.999999", &ms));
  CHECK(ms == 86399999);
  CHECK_FALSE(ParseTimeOfDay("24:00:00", &ms));
  CHECK_FALSE(ParseTimeOfDay("12:00", &ms));
  CHECK_FALSE(ParseTimeOfDay("12:00:00+02", &ms));
  CHECK_FALSE(ParseTimeOfDay("", &ms));
  CHECK(FormatTimeOfDay(47107250) == "13:05:07.250");
  CHECK(FormatTimeOfDay(0) == "00:00:00.000");
}

}  // namespace odbc
}  // namespace connectd
