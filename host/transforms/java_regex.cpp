#include "transforms/java_regex.h"

#include <cctype>

namespace connectd {

namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

Status Unsupported(const std::string& construct, const std::string& advice) {
  return Status::InvalidArgument("the Java regex construct " + construct + " is not supported; " + advice);
}

// A character quoted by \Q...\E, written so ECMAScript reads it literally inside or outside a
// character class.
void AppendLiteral(char c, std::string* out) {
  if (std::ispunct(static_cast<unsigned char>(c))) out->push_back('\\');
  out->push_back(c);
}

// Rewrites a Java pattern into ECMAScript syntax, counting capturing groups as it goes.
class PatternTranslator {
 public:
  explicit PatternTranslator(std::string_view pattern) : p_(pattern) {}

  Status Run() {
    if (p_.compare(0, 4, "(?i)") == 0) {
      icase_ = true;
      i_ = 4;
    }
    while (i_ < p_.size()) {
      Status st = p_[i_] == '\\' ? Escape() : in_class_ ? ClassChar() : PlainChar();
      if (!st.ok()) return st;
    }
    return Status::OK();
  }

  const std::string& ecmascript() const { return out_; }
  bool icase() const { return icase_; }
  size_t groups() const { return groups_; }
  std::vector<std::pair<std::string, size_t>>& names() { return names_; }

 private:
  char Peek(size_t ahead) const { return i_ + ahead < p_.size() ? p_[i_ + ahead] : '\0'; }

  Status Escape() {
    if (i_ + 1 >= p_.size()) return Status::InvalidArgument("the pattern ends with a lone backslash");
    char e = p_[i_ + 1];
    i_ += 2;
    if (e == 'Q') {
      size_t end = p_.find("\\E", i_);
      std::string_view quoted = p_.substr(i_, end == std::string_view::npos ? std::string_view::npos : end - i_);
      for (char c : quoted) AppendLiteral(c, &out_);
      i_ = end == std::string_view::npos ? p_.size() : end + 2;
      return Status::OK();
    }
    if (IsAsciiDigit(e)) {
      if (e == '0') return Unsupported("\\0 (octal escape)", "write the character as \\xhh instead");
      out_ += '\\';
      out_ += e;  // a backreference, same in both dialects
      return Status::OK();
    }
    if (!IsAsciiLetter(e)) {
      out_ += '\\';
      out_ += e;  // an escaped symbol is that symbol in both dialects
      return Status::OK();
    }
    // Escapes that mean the same in both dialects.
    if (std::string_view("dDsSwWtnrfxuc").find(e) != std::string_view::npos) {
      out_ += '\\';
      out_ += e;
      return Status::OK();
    }
    if (e == 'b' || e == 'B') {
      if (in_class_) return Unsupported("\\b inside a character class", "use \\x08 for a backspace");
      out_ += '\\';
      out_ += e;
      return Status::OK();
    }
    if (e == 'e' || e == 'a') {
      out_ += e == 'e' ? "\\x1B" : "\\x07";
      return Status::OK();
    }
    if (e == 'A' || e == 'z' || e == 'Z') {
      if (in_class_) return Unsupported(std::string("\\") + e + " inside a character class", "move it out of [...]");
      // Java's \Z also matches before a final line terminator.
      out_ += e == 'A' ? "^" : e == 'z' ? "$" : "(?=\\n?$)";
      return Status::OK();
    }
    return Unsupported(std::string("\\") + e, "use \\d \\w \\s, an explicit character class or \\uhhhh instead");
  }

  Status ClassChar() {
    char c = p_[i_];
    if (c == '[') return Unsupported("'[' inside a character class (union)", "escape it as \\[ or list the characters");
    if (c == '&' && Peek(1) == '&') return Unsupported("&& (class intersection)", "list the characters explicitly");
    if (c == ']') in_class_ = false;
    out_ += c;
    ++i_;
    return Status::OK();
  }

  Status PlainChar() {
    char c = p_[i_++];
    switch (c) {
      case '[':
        in_class_ = true;
        out_ += c;
        if (Peek(0) == '^') out_ += p_[i_++];
        if (Peek(0) == ']') return Unsupported("']' first in a character class", "escape it as \\]");
        return Status::OK();
      case '(': return Group();
      case '{':
        in_braces_ = true;
        out_ += c;
        return Status::OK();
      case '}':
        out_ += c;
        if (!in_braces_) return Status::OK();
        in_braces_ = false;
        return CheckNotPossessive();
      case '*':
      case '+':
      case '?': out_ += c; return CheckNotPossessive();
      default: out_ += c; return Status::OK();
    }
  }

  // Called after a quantifier: Java reads a following '+' as "possessive", ECMAScript as a
  // second quantifier.
  Status CheckNotPossessive() {
    if (Peek(0) != '+') return Status::OK();
    return Unsupported("possessive quantifier (" + std::string(1, out_.back()) + "+)",
                       "drop the trailing '+' (the match is the same unless backtracking matters)");
  }

  // After '(' has been consumed.
  Status Group() {
    if (Peek(0) != '?') {
      ++groups_;
      out_ += '(';
      return Status::OK();
    }
    char kind = Peek(1);
    if (kind == ':' || kind == '=' || kind == '!') {
      out_ += "(?";
      out_ += kind;
      i_ += 2;
      return Status::OK();
    }
    if (kind == '<' && (Peek(2) == '=' || Peek(2) == '!')) {
      return Unsupported("(?<" + std::string(1, Peek(2)) + " (lookbehind)", "rewrite the pattern without lookbehind");
    }
    if (kind == '<') return NamedGroup();
    if (kind == '>') return Unsupported("(?> (atomic group)", "use a plain group (?:...)");
    return Unsupported("inline flags (?...)", "only a leading (?i) is supported");
  }

  // At "?<name>".
  Status NamedGroup() {
    size_t start = i_ + 2;
    size_t end = start;
    while (end < p_.size() && (IsAsciiLetter(p_[end]) || (end > start && IsAsciiDigit(p_[end])))) ++end;
    if (end == start || end >= p_.size() || p_[end] != '>') {
      return Status::InvalidArgument(
          "a named group must look like (?<name>...) with a name of letters and digits "
          "starting with a letter");
    }
    std::string name(p_.substr(start, end - start));
    for (const auto& [existing, number] : names_) {
      if (existing == name) return Status::InvalidArgument("the group name '" + name + "' is used twice");
    }
    names_.emplace_back(std::move(name), ++groups_);
    out_ += '(';
    i_ = end + 1;
    return Status::OK();
  }

  std::string_view p_;
  size_t i_ = 0;
  std::string out_;
  bool icase_ = false;
  bool in_class_ = false;
  bool in_braces_ = false;
  size_t groups_ = 0;
  std::vector<std::pair<std::string, size_t>> names_;
};

}  // namespace

Status JavaRegex::Compile(std::string_view pattern, JavaRegex* out) {
  PatternTranslator translator(pattern);
  Status st = translator.Run();
  if (!st.ok()) return st;
  auto flags = std::regex::ECMAScript;
  if (translator.icase()) flags |= std::regex::icase;
  try {
    out->regex_ = std::regex(translator.ecmascript(), flags);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument(std::string("invalid regular expression: ") + e.what());
  }
  out->group_count_ = translator.groups();
  out->group_names_ = std::move(translator.names());
  return Status::OK();
}

bool JavaRegex::Matches(const std::string& input) const {
  try {
    return std::regex_match(input, regex_);
  } catch (const std::regex_error&) {
    return false;
  }
}

Status JavaRegex::ReplaceFirstIfMatches(const std::string& input, const JavaReplacement& replacement, bool* matched,
                                        std::string* out) const {
  try {
    *matched = std::regex_match(input, regex_);
    if (!*matched) return Status::OK();
    // replaceFirst() searches afresh, so the replaced match can be shorter than the whole input
    // ("a|ab" on "ab" replaces only "a").
    std::smatch first;
    std::regex_search(input, first, regex_);
    out->assign(first.prefix().first, first.prefix().second);
    replacement.AppendTo(first, out);
    out->append(first.suffix().first, first.suffix().second);
    return Status::OK();
  } catch (const std::regex_error& e) {
    return Status::Failed("the regular expression engine gave up on '" + input + "': " + e.what());
  }
}

size_t JavaRegex::GroupNumber(std::string_view name) const {
  for (const auto& [group_name, number] : group_names_) {
    if (group_name == name) return number;
  }
  return 0;
}

Status JavaReplacement::Parse(std::string_view replacement, const JavaRegex& regex, JavaReplacement* out) {
  std::vector<Piece> pieces;
  auto literal = [&pieces](char c) {
    if (pieces.empty() || pieces.back().group >= 0) pieces.emplace_back();
    pieces.back().literal += c;
  };
  size_t i = 0;
  while (i < replacement.size()) {
    char c = replacement[i++];
    if (c == '\\') {
      if (i >= replacement.size()) {
        return Status::InvalidArgument("the replacement ends with a lone backslash; write \\\\ for a backslash");
      }
      literal(replacement[i++]);
      continue;
    }
    if (c != '$') {
      literal(c);
      continue;
    }
    size_t group = 0;
    if (i < replacement.size() && replacement[i] == '{') {
      size_t close = replacement.find('}', i);
      if (close == std::string_view::npos) {
        return Status::InvalidArgument("the group reference ${... in the replacement is missing its closing '}'");
      }
      std::string name(replacement.substr(i + 1, close - i - 1));
      group = regex.GroupNumber(name);
      if (group == 0) {
        return Status::InvalidArgument("the replacement refers to ${" + name + "} but the regex has no group named '" +
                                       name + "'");
      }
      i = close + 1;
    } else {
      if (i >= replacement.size() || !IsAsciiDigit(replacement[i])) {
        return Status::InvalidArgument(
            "'$' in the replacement must be followed by a group number or {name}; "
            "write \\$ for a literal dollar sign");
      }
      group = static_cast<size_t>(replacement[i++] - '0');
      // Java takes further digits only while they still name an existing group ($10 is group 1
      // then "0" when there are fewer than ten groups).
      while (i < replacement.size() && IsAsciiDigit(replacement[i])) {
        size_t longer = group * 10 + static_cast<size_t>(replacement[i] - '0');
        if (longer > regex.group_count()) break;
        group = longer;
        ++i;
      }
      if (group > regex.group_count()) {
        return Status::InvalidArgument("the replacement refers to $" + std::to_string(group) + " but the regex has " +
                                       std::to_string(regex.group_count()) + " group(s)");
      }
    }
    pieces.push_back(Piece{std::string(), static_cast<int>(group)});
  }
  out->pieces_ = std::move(pieces);
  return Status::OK();
}

void JavaReplacement::AppendTo(const std::smatch& match, std::string* out) const {
  for (const Piece& piece : pieces_) {
    if (piece.group < 0) {
      out->append(piece.literal);
    } else if (match[static_cast<size_t>(piece.group)].matched) {
      out->append(match[static_cast<size_t>(piece.group)].first, match[static_cast<size_t>(piece.group)].second);
    }
  }
}

}  // namespace connectd
