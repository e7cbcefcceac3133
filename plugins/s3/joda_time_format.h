// The part of Joda-Time that Confluent's TimeBasedPartitioner uses to turn a bucket start into a
// directory name: DateTimeZone (UTC, fixed offsets, IANA ids) and DateTimeFormat patterns
// (`path.format`, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH), printing only.
//
// Time zones: IANA ids are read from the system tz database as TZif files (RFC 8536), including
// the POSIX TZ footer rule for instants after the last listed transition. We read the files
// ourselves instead of setting TZ and calling localtime_r, because TZ is process-global state
// and the host runs many tasks on many threads.
//
// Threading: JodaTimeZone and JodaTimeFormat are immutable after construction; any thread may
// call their const members concurrently. Construction reads files and may be done on any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace connectd {
namespace s3 {

// Joda's DateTimeZone for one id: the UTC offset at each instant and the next offset change.
class JodaTimeZone {
 public:
  // Resolves an id as Joda's DateTimeZone.forID does: "UTC", a fixed offset "[+-]hh",
  // "[+-]hh:mm", "[+-]hhmm", "[+-]hh:mm:ss", or an IANA id found under zoneinfo_dir.
  // Throws std::invalid_argument whose message starts like Joda's ("The datetime zone id '<id>'
  // is not recognised") and says what to use instead.
  static JodaTimeZone ForId(const std::string& id, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  const std::string& id() const { return id_; }
  // Offset from UTC in milliseconds at the UTC instant utc_ms.
  int64_t OffsetMs(int64_t utc_ms) const;
  // The first offset change strictly after utc_ms, or utc_ms itself when there is none
  // (Joda's nextTransition contract).
  int64_t NextTransitionMs(int64_t utc_ms) const;
  int64_t ConvertUtcToLocal(int64_t utc_ms) const { return utc_ms + OffsetMs(utc_ms); }
  // Joda's convertLocalToUTC(local, strict=false): in an ambiguous overlap the earlier offset
  // wins as Joda computes it; in a DST gap western zones keep the pre-gap offset.
  int64_t ConvertLocalToUtc(int64_t local_ms) const;

 private:
  // A POSIX TZ rule ("PST8PDT,M3.2.0,M11.1.0"); the std offset alone when there is no DST.
  struct DstDate {
    char kind = 'M';  // 'M' (month.week.day), 'J' (1..365, no Feb 29) or 'N' (0..365)
    int month = 0, week = 0, weekday = 0, day = 0;
    int64_t seconds_of_day = 7200;
  };
  struct PosixRule {
    bool valid = false;
    int64_t std_offset_s = 0;
    bool has_dst = false;
    int64_t dst_offset_s = 0;
    DstDate start, end;
  };

  static bool ParsePosixRule(const std::string& text, PosixRule* rule);
  // The UTC seconds at which DST starts and ends in the given year under rule_.
  void RuleTransitions(int64_t year, int64_t* dst_start_s, int64_t* dst_end_s) const;
  int64_t RuleOffsetSeconds(int64_t utc_s) const;

  std::string id_;
  int64_t fixed_offset_ms_ = 0;
  std::vector<int64_t> transitions_s_;  // ascending UTC seconds
  std::vector<int64_t> offsets_after_s_;  // offset in force from transitions_s_[i]
  int64_t offset_before_first_s_ = 0;
  PosixRule rule_;
};

// A compiled DateTimeFormat pattern. Supported letters: G C Y y M d D H h K k m s S a E e Z;
// quoted literals ('year', '' for a quote); any other non-letter is a literal. Week-based
// fields (x, w) and zone names (z) are rejected because their output depends on JVM data we do
// not reproduce. Month, weekday, era and AM/PM text are printed in English, so a pattern with
// text fields requires an English `locale` (language "en").
class JodaTimeFormat {
 public:
  // Throws std::invalid_argument with Joda's message for an illegal letter
  // ("Illegal pattern component: r") or ours for an unsupported one.
  static JodaTimeFormat Compile(const std::string& pattern, const std::string& locale);

  // Prints the instant utc_ms in zone, as DateTime(utc_ms, zone).toString(formatter) does.
  std::string Print(int64_t utc_ms, const JodaTimeZone& zone) const;

 private:
  struct Token {
    char letter = 0;  // 0 for a literal
    int count = 0;
    std::string literal;
  };
  std::vector<Token> tokens_;
};

// Joda's ISODateTimeFormat.dateTimeParser() for the forms record fields carry:
// yyyy[-MM[-dd]][Thh[:mm[:ss[.fff]]]][Z|+hh:mm|+hhmm|+hh]. Without an offset the time is read as
// UTC (Joda uses the JVM's default zone, which Connect deployments normally run as UTC).
// Returns nullopt when text is not in that form.
std::optional<int64_t> ParseIsoDateTimeMs(const std::string& text);

// Confluent's DateTimeUtils.getNextTimeAdjustedByDay (rotate.schedule.interval.ms): the next
// multiple of period_ms counted from the start of now_ms's day in `zone`, or the start of the
// next day when that comes first (days of 23 or 25 hours included).
int64_t NextTimeAdjustedByDay(int64_t now_ms, int64_t period_ms, const JodaTimeZone& zone);

}  // namespace s3
}  // namespace connectd
