#include <doctest/doctest.h>

#include <string>

#include "data/java_date_format.h"

namespace connectd {
namespace {

// 2024-06-01T00:00:00Z: the moment the formats below are "created", which fixes the two-digit
// year window to [1944-06-01, 2044-06-01).
constexpr int64_t kNow = 1717200000000;

JavaDateFormat Compiled(const std::string& pattern) {
  JavaDateFormat format;
  Status st = JavaDateFormat::Compile(pattern, kNow, &format);
  INFO(st.message());
  REQUIRE(st.ok());
  return format;
}

std::string Format(const std::string& pattern, int64_t epoch_ms) { return Compiled(pattern).Format(epoch_ms); }

int64_t Parse(const std::string& pattern, const std::string& text) {
  int64_t ms = 0;
  Status st = Compiled(pattern).Parse(text, &ms);
  INFO(pattern, " <- ", text, ": ", st.message());
  REQUIRE(st.ok());
  return ms;
}

Status ParseError(const std::string& pattern, const std::string& text) {
  int64_t ms = 0;
  return Compiled(pattern).Parse(text, &ms);
}

Status CompileError(const std::string& pattern) {
  JavaDateFormat format;
  return JavaDateFormat::Compile(pattern, kNow, &format);
}

constexpr int64_t kDay = 86400000;
constexpr int64_t k20190823T143454346 = 1566570894346;

TEST_CASE("JavaDateFormat formats the fields SimpleDateFormat prints") {
  CHECK(Format("yyyyMMdd", 1483425001864) == "20170103");  // Kafka's TimestampRouterTest
  CHECK(Format("yyyy MM dd HH mm ss SSS z", kDay + 1234) == "1970 01 02 00 00 01 234 UTC");  // TimestampConverterTest
  CHECK(Format("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", k20190823T143454346) == "2019-08-23T14:34:54.346Z");
  CHECK(Format("yyyy-MM-dd'T'HH:mm:ss.SSSZ", 0) == "1970-01-01T00:00:00.000+0000");
  CHECK(Format("yyyy-MM-dd'T'HH:mm:ssXXX", 0) == "1970-01-01T00:00:00Z");
  CHECK(Format("EEE, dd MMM yyyy HH:mm:ss z", k20190823T143454346) == "Fri, 23 Aug 2019 14:34:54 UTC");
  CHECK(Format("EEEE d MMMM yy G", k20190823T143454346) == "Friday 23 August 19 AD");
  CHECK(Format("zzzz", 0) == "Coordinated Universal Time");
  CHECK(Format("h:mm a, K k H", k20190823T143454346) == "2:34 PM, 2 14 14");
  CHECK(Format("h:mm a, K k H", 0) == "12:00 AM, 0 24 0");
  CHECK(Format("D u", k20190823T143454346) == "235 5");
  CHECK(Format("D u", 3 * kDay) == "4 7");  // 1970-01-04 was a Sunday
}

TEST_CASE("JavaDateFormat pads numbers to the letter count and S counts milliseconds") {
  CHECK(Format("y M d H m s S", 5) == "1970 1 1 0 0 0 5");
  CHECK(Format("yyyyyy SSSSSS", 5) == "001970 000005");
  CHECK(Format("yy", 946684800000) == "00");  // 2000
  CHECK(Format("yyy", 946684800000) == "2000");
  CHECK(Format("MMM", 946684800000) == "Jan");
}

TEST_CASE("JavaDateFormat quoting follows SimpleDateFormat") {
  CHECK(Format("'at' HH 'o''clock' ''", 3600000) == "at 01 o'clock '");
  CHECK(Format("yyyy-MM-dd'T'", 0) == "1970-01-01T");
  CHECK(Format("", 0).empty());
  CHECK(Format("[HH]", 0) == "[00]");
}

TEST_CASE("JavaDateFormat uses the Julian calendar before 1582-10-15, as GregorianCalendar") {
  const int64_t cutover = -12219292800000;  // 1582-10-15T00:00:00Z
  CHECK(Format("yyyy-MM-dd", cutover) == "1582-10-15");
  CHECK(Format("yyyy-MM-dd", cutover - 1) == "1582-10-04");
  CHECK(Format("yyyy-MM-dd G", -62135769600000) == "0001-01-01 AD");
  CHECK(Format("yyyy-MM-dd G", -62135769600000 - 1) == "0001-12-31 BC");
  CHECK(Parse("yyyy-MM-dd", "0001-01-01") == -62135769600000);
  CHECK(Parse("yyyy-MM-dd", "1582-10-04") == cutover - kDay);
  // Days the switch skipped are read as Julian dates: 1582-10-10 is Gregorian 1582-10-20.
  CHECK(Parse("yyyy-MM-dd", "1582-10-10") == cutover + 5 * kDay);
  CHECK(Parse("yyyy-MM-dd G", "0001-12-31 BC") == -62135769600000 - kDay);
}

TEST_CASE("JavaDateFormat formats and parses the extremes of a long") {
  JavaDateFormat format = Compiled("yyyy-MM-dd HH:mm:ss.SSS G");
  CHECK(format.Format(INT64_MAX) == "292278994-08-17 07:12:55.807 AD");
  CHECK(format.Format(INT64_MIN) == "292269055-12-02 16:47:04.192 BC");
}

TEST_CASE("JavaDateFormat parses what it formats") {
  const char* patterns[] = {
      "yyyy-MM-dd'T'HH:mm:ss.SSSZ",          "yyyy MM dd HH mm ss SSS z",    "yyyyMMddHHmmssSSS",
      "EEE, d MMM yyyy hh:mm:ss.SSS a zzzz", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "D yyyy HH:mm:ss.SSS"};
  for (const char* pattern : patterns) {
    for (int64_t ms : {int64_t{0}, k20190823T143454346, int64_t{-1}, int64_t{951868799999}, int64_t{-12219292800000}}) {
      JavaDateFormat format = Compiled(pattern);
      std::string text = format.Format(ms);
      int64_t parsed = 0;
      INFO(pattern, " ", text);
      CHECK(format.Parse(text, &parsed).ok());
      CHECK(parsed == ms);
    }
  }
}

TEST_CASE("JavaDateFormat parsing is lenient") {
  CHECK(Parse("yyyy-MM-dd", "2024-13-01") == 1735689600000);  // 2025-01-01
  CHECK(Parse("yyyy-MM-dd", "2024-02-30") == 1709251200000);  // 2024-03-01
  CHECK(Parse("yyyy-MM-dd", "2024-1-15") == 1705276800000);   // widths are minimums
  CHECK(Parse("yyyy-MM-dd", "2024-01-15 trailing") == 1705276800000);
  CHECK(Parse("yyyy-MM-dd", "  2024-01-15") == 1705276800000);  // spaces before a number
  CHECK(Parse("HH:mm", "25:00") == 25 * 3600000);
  CHECK(Parse("HH:mm:ss", "00:00:-1") == -1000);  // numbers may be negative
  CHECK(Parse("MMM d, yyyy", "jAnUaRy 15, 2024") == 1705276800000);
  CHECK(Parse("MMMM d, yyyy", "Jan 15, 2024") == 1705276800000);  // short names too
}

TEST_CASE("JavaDateFormat reads adjacent numbers with their pattern widths") {
  CHECK(Parse("yyyyMMdd", "20240115") == 1705276800000);
  CHECK(Parse("yyyyMMddHHmmss", "20190823143454") == k20190823T143454346 - 346);
  // The last field is not bounded: "SSS" takes all six digits as milliseconds, as Java does.
  CHECK(Parse("yyyyMMddHHmmssSSS", "20190823143454346123") == k20190823T143454346 - 346 + 346123);
  CHECK(Parse("yyyy-MM-dd HH:mm:ss.SSSSSS", "2019-08-23 14:34:54.346123") == k20190823T143454346 - 346 + 346123);
  CHECK(Parse("yyyyMMdd", "2024011") == 1704067200000);  // the last field takes what is left
  CHECK_FALSE(ParseError("yyyyMMdd", "202401").ok());
}

TEST_CASE("JavaDateFormat hours: h with a, k, K") {
  CHECK(Parse("hh:mm a", "12:30 AM") == 30 * 60000);
  CHECK(Parse("hh:mm a", "12:30 pm") == 12 * 3600000 + 30 * 60000);
  CHECK(Parse("hh:mm a", "01:30 PM") == 13 * 3600000 + 30 * 60000);
  CHECK(Parse("hh:mm", "12:30") == 30 * 60000);
  CHECK(Parse("kk:mm", "24:30") == 30 * 60000);
  CHECK(Parse("K:mm a", "11:00 PM") == 23 * 3600000);
  // HOUR_OF_DAY wins unless HOUR and AM_PM both come after it.
  CHECK(Parse("HH:mm a", "13:00 PM") == 13 * 3600000);
  CHECK(Parse("a", "PM") == 12 * 3600000);
}

TEST_CASE("JavaDateFormat two-digit years land in the 100 years after creation minus 80") {
  CHECK(Parse("yy-MM-dd", "24-01-15") == 1705276800000);      // 2024
  CHECK(Parse("yy-MM-dd", "44-01-01") == 2335219200000);      // 1944-01-01 is before the window: 2044
  CHECK(Parse("yy-MM-dd", "44-07-01") == -804816000000);      // 1944-07-01 is inside it
  CHECK(Parse("yy-MM-dd", "45-01-01") == -788918400000);      // 1945
  CHECK(Parse("y-MM-dd", "24-01-15") == 1705276800000);       // one 'y', two digits: adjusted too
  CHECK(Parse("yyyy-MM-dd", "24-01-15") == -61408800000000);  // Julian 24-01-15 AD
  CHECK(Parse("yy-MM-dd", "2024-01-15") == 1705276800000);    // more than two digits: literal
}

TEST_CASE("JavaDateFormat day of year, day of week and defaults") {
  CHECK(Parse("yyyy D", "2019 235") == 1566518400000);                    // 2019-08-23
  CHECK(Parse("EEE", "Mon") == 4 * kDay);                                 // the first Monday of January 1970
  CHECK(Parse("EEE, dd MMM yyyy", "Tue, 23 Aug 2019") == 1566518400000);  // the day of month wins
  CHECK(Parse("MMM yyyy", "Aug 2019") == 1564617600000);
  CHECK(Parse("HH", "01") == 3600000);
  CHECK(Parse("u yyyy MM", "1 2019 08") == 1564963200000);  // the first Monday of August 2019: the 5th
}

TEST_CASE("JavaDateFormat time zones") {
  const int64_t t = k20190823T143454346;
  CHECK(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2019-08-23T16:34:54.346+0200") == t);
  CHECK(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2019-08-23T09:04:54.346-0530") == t);
  CHECK(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2019-08-23T16:34:54.346+02:00") == t);
  CHECK(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2019-08-23T14:34:54.346Z") == t);
  CHECK(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSX", "2019-08-23T16:34:54.346+02") == t);
  CHECK(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSXX", "2019-08-23T16:34:54.346+0200") == t);
  CHECK(Parse("yyyy-MM-dd HH:mm:ss.SSS z", "2019-08-23 14:34:54.346 UTC") == t);
  CHECK(Parse("yyyy-MM-dd HH:mm:ss.SSS z", "2019-08-23 14:34:54.346 GMT") == t);
  CHECK(Parse("yyyy-MM-dd HH:mm:ss.SSS z", "2019-08-23 16:34:54.346 GMT+2:00") == t);
  CHECK(Parse("yyyy-MM-dd HH:mm:ss.SSS z", "2019-08-23 16:34:54.346 +0200") == t);
  CHECK(Parse("yyyy-MM-dd HH:mm:ss.SSS zzzz", "2019-08-23 14:34:54.346 Coordinated Universal Time") == t);
  CHECK_FALSE(ParseError("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2019-08-23T16:34:54.346+0200").ok());
  CHECK_FALSE(ParseError("yyyy-MM-dd'T'HH:mm:ss.SSSXX", "2019-08-23T16:34:54.346+02").ok());
  CHECK_FALSE(ParseError("yyyy-MM-dd HH:mm z", "2019-08-23 14:34 PST").ok());
}

TEST_CASE("JavaDateFormat parse failures name the text and the pattern") {
  Status st = ParseError("yyyy-MM-dd", "2024/01/15");
  CHECK(st.code() == Status::Code::kFailed);
  CHECK(st.message() ==
        "Unparseable date: \"2024/01/15\" does not match the pattern 'yyyy-MM-dd' (matching stopped at character 4)");
  CHECK_FALSE(ParseError("yyyy-MM-dd", "").ok());
  CHECK_FALSE(ParseError("yyyy-MM-dd", "abc").ok());
  CHECK_FALSE(ParseError("yyyy-MM-dd", "2024-01-").ok());
  CHECK_FALSE(ParseError("", "anything").ok());  // nothing consumed is a failure, as in Java
  CHECK_FALSE(ParseError("MMM", "Foo").ok());

  int64_t ms = 42;
  CHECK(Compiled("yyyy-MM-dd").ParsePrefix("2024-01-15xyz", &ms) == 10);
  CHECK(ms == 1705276800000);
  ms = 42;
  CHECK(Compiled("yyyy-MM-dd").ParsePrefix("x", &ms) == 0);
  CHECK(ms == 42);
}

TEST_CASE("JavaDateFormat rejects the patterns SimpleDateFormat rejects") {
  Status st = CompileError("bad-format");
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("the date format pattern 'bad-format' is not valid: Illegal pattern character 'b'", 0) == 0);
  CHECK(CompileError("yyyy-MM-dd'T").message().find("Unterminated quote") != std::string::npos);
  CHECK(CompileError("XXXX").message().find("invalid ISO 8601 format: length=4") != std::string::npos);
  CHECK(CompileError("YYYY-ww").message().find("the pattern letter 'Y' (week year) is not supported by connectd") !=
        std::string::npos);
  CHECK(CompileError("yyyy'T'HH").ok());
  CHECK(Compiled("yyyy-MM-dd").pattern() == "yyyy-MM-dd");
}

}  // namespace
}  // namespace connectd
