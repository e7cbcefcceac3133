// Java regular expressions (java.util.regex.Pattern) for the transforms whose configs carry them
// (RegexRouter, TopicNameMatches), run on std::regex's ECMAScript engine.
//
// Most syntax is shared. Java-only constructs are translated (named groups (?<name>...), \Q...\E
// quoting, the anchors \A \z \Z, the escapes \e \a, a leading (?i)) or rejected with a message
// naming them (lookbehind, atomic groups, possessive quantifiers, other inline flags, \p{...} and
// other Java-only escapes, nested or intersected character classes), because ECMAScript would
// otherwise accept some of them with a different meaning.
//
// Both classes are immutable after construction; any thread may use a const instance.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error/status.h"

namespace connectd {

class JavaReplacement;

class JavaRegex {
 public:
  // Translates and compiles `pattern`. InvalidArgument says what is wrong (without naming a
  // config key: the caller knows it).
  static Status Compile(std::string_view pattern, JavaRegex* out);

  // Matcher.matches(): whether the whole of `input` matches. An input the engine gives up on
  // (std::regex's complexity/stack limits) counts as not matching.
  bool Matches(const std::string& input) const;

  // Matcher.matches() then Matcher.replaceFirst(), as RegexRouter does: when the whole input
  // matches, *out is the input with its first match (leftmost, as find() sees it) replaced by
  // `replacement` and *matched is true; otherwise *matched is false. Failed when the engine
  // gives up on the input.
  Status ReplaceFirstIfMatches(const std::string& input, const JavaReplacement& replacement, bool* matched,
                               std::string* out) const;

  // Number of capturing groups, named ones included.
  size_t group_count() const { return group_count_; }
  // The number of the group named `name` ((?<name>...)), or 0 when there is none.
  size_t GroupNumber(std::string_view name) const;

 private:
  std::regex regex_;
  size_t group_count_ = 0;
  std::vector<std::pair<std::string, size_t>> group_names_;
};

// A replacement string in Java's Matcher.replaceFirst syntax: $n and ${name} insert a group, a
// backslash makes the next character literal, everything else is copied. Parsed once.
class JavaReplacement {
 public:
  // Checks the group references against `regex` up front (Java only notices them when a record
  // matches). InvalidArgument says what is wrong.
  static Status Parse(std::string_view replacement, const JavaRegex& regex, JavaReplacement* out);

  // Appends the expansion for `match`; a group that took no part in the match adds nothing.
  void AppendTo(const std::smatch& match, std::string* out) const;

 private:
  struct Piece {
    std::string literal;  // copied when group < 0
    int group = -1;       // >= 0: insert this group (0 is the whole match)
  };
  std::vector<Piece> pieces_;
};

}  // namespace connectd
