// java.text.SimpleDateFormat as Kafka Connect uses it: a pattern such as "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
// the UTC time zone, the English (en_US) names, and the JVM's default lenient parsing. Kafka's
// TimestampConverter, TimestampRouter and Values.parseString format and parse with it, so
// connectd must print and read exactly the same text.
//
// Supported pattern letters: G y M L d H k h K m s S E u D a z Z X, '...' quoting and '' for a
// quote; any other ASCII character is a literal. Like Java, the calendar is Julian before
// 1582-10-15 and Gregorian from then on; 'y' prints the year of the era (with G for BC/AD), 'S' is
// the millisecond as a number ("SSS" pads 7 to "007"; "SSSSSS" reads 123456 as 123456 ms).
//
// Parsing follows Java's lenient rules: fields may overflow into the next (month 13 is January of
// the next year), a number may run past its pattern width unless another number follows directly
// ("yyyyMMdd"), spaces and tabs before a number are skipped, text after the match is ignored,
// month/day/AM-PM/era names match in any case, and a two-digit year ("yy", or "y" given two
// digits) lands within 80 years before and 20 years after the moment the pattern was compiled.
// Zones read: "Z", "+hh", "+hhmm", "+hh:mm", "GMT+h:mm", "UTC", "GMT" and their long names; other
// zone names ("PST", "Europe/Paris") do not parse. The week letters Y w W F are not supported:
// Compile fails naming them.
//
// A compiled JavaDateFormat is immutable; any thread may use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "error/status.h"

namespace connectd {

class JavaDateFormat {
 public:
  // Compiles `pattern`. InvalidArgument when SimpleDateFormat rejects it ("Illegal pattern
  // character 'b'", "Unterminated quote", "invalid ISO 8601 format: length=4") or it uses a
  // letter connectd does not implement; the message quotes the pattern. `now_ms` (epoch ms) fixes
  // the century window for two-digit years, as the moment a SimpleDateFormat is created does; the
  // first overload uses the current time.
  static Status Compile(std::string_view pattern, JavaDateFormat* out);
  static Status Compile(std::string_view pattern, int64_t now_ms, JavaDateFormat* out);

  // The pattern as given to Compile (SimpleDateFormat.toPattern()).
  const std::string& pattern() const { return pattern_; }

  // SimpleDateFormat.format of `epoch_ms` (milliseconds since 1970-01-01T00:00:00Z) in UTC.
  std::string Format(int64_t epoch_ms) const;
  void AppendFormatted(int64_t epoch_ms, std::string* out) const;

  // DateFormat.parse(String): reads `text` from its start and sets *epoch_ms. Failed ("Unparseable
  // date: ...", naming the text, the pattern and where matching stopped) when nothing matches.
  Status Parse(std::string_view text, int64_t* epoch_ms) const;
  // DateFormat.parse(String, ParsePosition) from position 0: the number of bytes the match used
  // (the rest of `text` is ignored), or 0 when it fails, leaving *epoch_ms unchanged.
  size_t ParsePrefix(std::string_view text, int64_t* epoch_ms) const;

 private:
  // A run of one pattern letter ("yyyy": letter 'y', count 4), or a literal (letter 0).
  struct Element {
    char letter = 0;
    int count = 0;
    std::string literal;
  };

  // Where matching stopped on failure, for the Parse message.
  size_t ParseAt(std::string_view text, int64_t* epoch_ms, size_t* error_at) const;

  std::string pattern_;
  std::vector<Element> elements_;
  int64_t century_start_ms_ = 0;  // two-digit years parse to no earlier than this instant
  int64_t century_start_year_ = 0;
};

}  // namespace connectd
