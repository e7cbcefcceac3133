// Joda-Time DateTimeZone/DateTimeFormat subset: expected strings are what Joda prints.
#include "joda_time_format.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace connectd {
namespace s3 {
namespace {

// 2015-04-02T08:05:09.123Z, i.e. 01:05:09.123 PDT in Los Angeles.
constexpr int64_t kInstant = 1427961909123;

std::string Print(const std::string& pattern, const std::string& zone, int64_t instant = kInstant) {
  return JodaTimeFormat::Compile(pattern, "en-US").Print(instant, JodaTimeZone::ForId(zone));
}

std::string CompileError(const std::string& pattern, const std::string& locale = "en") {
  try {
    JodaTimeFormat::Compile(pattern, locale);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST_CASE("joda format: numeric fields, padding and literals") {
  CHECK(Print("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", "America/Los_Angeles") ==
        "year=2015/month=04/day=02/hour=01");
  CHECK(Print("'year'=YYYY/'month'=M/'day'=d/'hour'=H", "America/Los_Angeles") == "year=2015/month=4/day=2/hour=1");
  CHECK(Print("yyyy-MM-dd'T'HH:mm:ss.SSSZZ", "America/Los_Angeles") == "2015-04-02T01:05:09.123-07:00");
  CHECK(Print("yyyyMMddHHmmssSSS", "UTC") == "20150402080509123");
  CHECK(Print("yy y yyyyyy C G", "UTC") == "15 2015 002015 20 AD");
  CHECK(Print("D e k K h a", "UTC") == "92 4 8 8 8 AM");
  CHECK(Print("S SS SSSS", "UTC") == "1 12 1230");
  CHECK(Print("Z ZZ ZZZ", "America/Los_Angeles") == "-0700 -07:00 America/Los_Angeles");
  CHECK(Print("Z ZZ ZZZ", "UTC") == "+0000 +00:00 UTC");
  CHECK(Print("'o''clock' '' HH", "UTC") == "o'clock ' 08");
  CHECK(Print("'unclosed HH", "UTC") == "unclosed HH");
}

TEST_CASE("joda format: English text fields") {
  CHECK(Print("EEE, d MMM yyyy hh:mm a", "America/Los_Angeles") == "Thu, 2 Apr 2015 01:05 AM");
  CHECK(Print("EEEE MMMM", "UTC") == "Thursday April");
  CHECK(Print("hh a", "UTC", kInstant + 5 * 3600000) == "01 PM");
}

TEST_CASE("joda format: illegal and unsupported letters are rejected") {
  CHECK(CompileError("year='YYYY'/month='MM'") == "Illegal pattern component: r");
  CHECK(CompileError("dt=yyyy") == "Illegal pattern component: t");  // letters must be quoted
  CHECK(CompileError("xxxx-ww").rfind("Pattern component 'xxxx'", 0) == 0);
  CHECK(CompileError("zzz").rfind("Pattern component 'zzz'", 0) == 0);
  CHECK(CompileError("MMM", "fr-FR").find("locale is 'fr-FR'") != std::string::npos);
  CHECK(CompileError("'year'=YYYY/'month'=MM", "es_CL") == "no error");
}

TEST_CASE("joda zones: UTC, fixed offsets, IANA ids") {
  CHECK(JodaTimeZone::ForId("UTC").OffsetMs(kInstant) == 0);
  CHECK(JodaTimeZone::ForId("+05:30").OffsetMs(kInstant) == 19800000);
  CHECK(JodaTimeZone::ForId("+05:30").id() == "+05:30");
  CHECK(JodaTimeZone::ForId("-08").id() == "-08:00");
  CHECK(JodaTimeZone::ForId("+0000").id() == "UTC");
  const JodaTimeZone la = JodaTimeZone::ForId("America/Los_Angeles");
  CHECK(la.OffsetMs(kInstant) == -7 * 3600000);
  CHECK(la.OffsetMs(1449502920000) == -8 * 3600000);  // 2015-12-07, PST
  // Past the TZif table: the POSIX footer rule applies.
  CHECK(la.OffsetMs(2161598400000) == -7 * 3600000);  // 2038-07-01
  CHECK(la.OffsetMs(4072161600000) == -8 * 3600000);  // 2099-01-15
  CHECK(Print("yyyy-MM-dd HH", "America/Los_Angeles", 4072161600000) == "2099-01-15 04");
  // 2015-03-08 02:00 PST -> 03:00 PDT happens at 10:00Z.
  CHECK(la.NextTransitionMs(1425772800000) == 1425808800000);
  CHECK(Print("HH:mm", "Asia/Kolkata") == "13:35");
  CHECK(Print("HH:mm ZZ", "-03:00") == "05:05 -03:00");
}

TEST_CASE("joda zones: unknown ids are rejected with a hint") {
  for (const char* id : {"Mars/Olympus", "../../etc/passwd", "+5:3", "PST8PDT/../x", ""}) {
    CAPTURE(id);
    try {
      JodaTimeZone::ForId(id);
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).rfind(std::string("The datetime zone id '") + id + "' is not recognised", 0) == 0);
    }
  }
}

TEST_CASE("joda zones: convertLocalToUTC in gaps and overlaps") {
  const JodaTimeZone la = JodaTimeZone::ForId("America/Los_Angeles");
  // 2015-03-08 02:30 local does not exist; Joda (non-strict, western zone) keeps PST: 10:30Z.
  CHECK(la.ConvertLocalToUtc(1425781800000) == 1425810600000);
  // 2015-11-01 01:30 local happens twice; Joda picks the earlier (PDT) instant 08:30Z.
  CHECK(la.ConvertLocalToUtc(1446341400000) == 1446366600000);
  // Sao Paulo 2018-11-04 00:00 local fell in the midnight DST gap; Joda gives 03:00Z.
  const JodaTimeZone sp = JodaTimeZone::ForId("America/Sao_Paulo");
  CHECK(sp.ConvertLocalToUtc(1541289600000) == 1541300400000);
}

TEST_CASE("iso date-time parser for record timestamp fields") {
  CHECK(ParseIsoDateTimeMs("2015-04-02T01:05:09.123-07:00") == kInstant);
  CHECK(ParseIsoDateTimeMs("2015-04-02T01:05:09-0700") == kInstant - 123);
  CHECK(ParseIsoDateTimeMs("2015-04-02T08:05:09.123Z") == kInstant);
  CHECK(ParseIsoDateTimeMs("2015-04-02T08:05:09.123456Z") == kInstant);
  CHECK(ParseIsoDateTimeMs("2015-04-02") == 1427932800000);
  CHECK(ParseIsoDateTimeMs("2015") == 1420070400000);
  CHECK_FALSE(ParseIsoDateTimeMs("def").has_value());
  CHECK_FALSE(ParseIsoDateTimeMs("2015-13-01").has_value());
  CHECK_FALSE(ParseIsoDateTimeMs("2015-04-02 08:05").has_value());
}

}  // namespace
TEST_CASE("scheduled rotation: the next period from the start of the day in the zone") {
  const int64_t hour = 3600000;
  // 2015-09-06T10:15:00Z
  const int64_t t = 1441534500000;
  JodaTimeZone utc = JodaTimeZone::ForId("UTC");
  CHECK(NextTimeAdjustedByDay(t, hour, utc) == 1441537200000);          // 11:00Z
  CHECK(NextTimeAdjustedByDay(t, 7 * hour, utc) == 1441548000000);      // 14:00Z (0, 7, 14, 21)
  CHECK(NextTimeAdjustedByDay(t, 24 * hour, utc) == 1441584000000);     // midnight
  CHECK(NextTimeAdjustedByDay(1441582200000, 7 * hour, utc) == 1441584000000);  // 23:30: the day's end first
  // America/Los_Angeles (UTC-7 in September): the day starts at 07:00Z.
  JodaTimeZone la = JodaTimeZone::ForId("America/Los_Angeles");
  CHECK(NextTimeAdjustedByDay(t, 10 * hour, la) == 1441558800000);      // 07:00Z + 10 h = 17:00Z
  // 2015-03-08 in Los Angeles has 23 hours (starts 08:00Z, ends 07:00Z the next day).
  const int64_t dst_day_start = 1425801600000;  // 2015-03-08T08:00:00Z
  CHECK(NextTimeAdjustedByDay(dst_day_start + 20 * hour, 12 * hour, la) == dst_day_start + 23 * hour);
}

}  // namespace s3
}  // namespace connectd
