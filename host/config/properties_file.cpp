#include "config/properties_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace connectd {

namespace {

bool IsPropertiesWhitespace(char c) { return c == ' ' || c == '\t' || c == '\f'; }
bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// One logical line (physical lines joined at backslash continuations), with the physical line
// number of every character so that an error inside a continued line names the right line.
struct LogicalLine {
  std::string text;
  std::vector<int> line_of;
  int first_line = 0;
};

// Splits `text` into logical lines the way java.util.Properties' LineReader does: leading
// whitespace and blank lines are skipped, '#'/'!' lines are comments (never continued), a line
// ending in an odd number of backslashes continues on the next one with that line's leading
// whitespace dropped, and an empty continuation line ends the logical line.
class LogicalLineReader {
 public:
  explicit LogicalLineReader(const std::string& text) : text_(text) {}

  bool Next(LogicalLine* out) {
    while (true) {
      while (pos_ < text_.size() && (IsPropertiesWhitespace(text_[pos_]) || IsLineBreak(text_[pos_]))) {
        if (IsLineBreak(text_[pos_])) {
          ConsumeLineBreak();
        } else {
          ++pos_;
        }
      }
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] != '#' && text_[pos_] != '!') break;
      while (pos_ < text_.size() && !IsLineBreak(text_[pos_])) ++pos_;
    }
    out->text.clear();
    out->line_of.clear();
    out->first_line = line_;
    while (true) {
      while (pos_ < text_.size() && !IsLineBreak(text_[pos_])) {
        out->text += text_[pos_++];
        out->line_of.push_back(line_);
      }
      // After a continuation the text ends in an even run of backslashes, so counting the run
      // across the joined lines gives the same parity as counting on this line alone.
      size_t backslashes = 0;
      while (backslashes < out->text.size() && out->text[out->text.size() - 1 - backslashes] == '\\') {
        ++backslashes;
      }
      bool continued = backslashes % 2 == 1;
      if (continued) {
        out->text.pop_back();
        out->line_of.pop_back();
      }
      if (pos_ >= text_.size()) return true;
      ConsumeLineBreak();
      if (!continued) return true;
      while (pos_ < text_.size() && IsPropertiesWhitespace(text_[pos_])) ++pos_;
    }
  }

 private:
  // A line ends at "\n", "\r" or "\r\n".
  void ConsumeLineBreak() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  const std::string& text_;
  size_t pos_ = 0;
  int line_ = 1;
};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads the four hex digits of a \u escape whose 'u' is at `u`; false when malformed.
bool ReadUnicodeEscape(const std::string& text, size_t u, size_t end, uint32_t* unit) {
  if (end - u < 5) return false;
  *unit = 0;
  for (size_t k = u + 1; k < u + 5; ++k) {
    int d = HexDigit(text[k]);
    if (d < 0) return false;
    *unit = *unit * 16 + static_cast<uint32_t>(d);
  }
  return true;
}

// Resolves the escapes of text[begin, end) like Properties.loadConvert: \t \n \r \f, \uXXXX
// (written as UTF-8; a surrogate pair becomes one code point), and a backslash before any other
// character stands for that character.
Status Unescape(const LogicalLine& line, size_t begin, size_t end, const std::string& source, std::string* out) {
  const std::string& t = line.text;
  out->clear();
  size_t i = begin;
  while (i < end) {
    char c = t[i];
    if (c != '\\' || i + 1 >= end) {
      *out += c;
      ++i;
      continue;
    }
    char e = t[i + 1];
    if (e != 'u') {
      *out += e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 'f' ? '\f' : e;
      i += 2;
      continue;
    }
    std::string where = source + " line " + std::to_string(line.line_of[i]) + ": ";
    uint32_t unit = 0;
    if (!ReadUnicodeEscape(t, i + 1, end, &unit)) {
      return Status::InvalidArgument(where + "malformed \\uXXXX escape \"" + t.substr(i, std::min<size_t>(6, end - i)) +
                                     "\"; write exactly four hex digits after \\u (a literal backslash is \\\\)");
    }
    i += 6;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      uint32_t low = 0;
      if (i + 1 < end && t[i] == '\\' && t[i + 1] == 'u' && ReadUnicodeEscape(t, i + 1, end, &low) && low >= 0xDC00 &&
          low <= 0xDFFF) {
        AppendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
        i += 6;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      return Status::InvalidArgument(where + "\\u escape \"" + t.substr(i - 6, 6) +
                                     "\" is half of a UTF-16 surrogate pair; write the whole pair or the character "
                                     "itself");
    }
    AppendUtf8(unit, out);
  }
  return Status::OK();
}

}  // namespace

Status ParseProperties(const std::string& text, const std::string& source, ConfigMap* out) {
  ConfigMap parsed;
  LogicalLineReader reader(text);
  LogicalLine line;
  while (reader.Next(&line)) {
    const std::string& t = line.text;
    if (t.empty()) continue;  // only a continuation backslash
    // The key ends at the first unescaped '=', ':' or whitespace; then whitespace and at most
    // one '=' or ':' (when the key ended at whitespace) are skipped, as Properties.load0 does.
    size_t key_end = 0;
    size_t value_start = t.size();
    bool has_separator = false;
    bool preceding_backslash = false;
    while (key_end < t.size()) {
      char c = t[key_end];
      if (!preceding_backslash && (c == '=' || c == ':')) {
        value_start = key_end + 1;
        has_separator = true;
        break;
      }
      if (!preceding_backslash && IsPropertiesWhitespace(c)) {
        value_start = key_end + 1;
        break;
      }
      preceding_backslash = c == '\\' && !preceding_backslash;
      ++key_end;
    }
    while (value_start < t.size()) {
      char c = t[value_start];
      if (!IsPropertiesWhitespace(c)) {
        if (has_separator || (c != '=' && c != ':')) break;
        has_separator = true;
      }
      ++value_start;
    }
    std::string where = source + " line " + std::to_string(line.first_line) + ": ";
    if (key_end == 0) {
      return Status::InvalidArgument(where + "the line starts with '" + std::string(1, t[0]) +
                                     "' and has no key; write key=value (escape a leading separator as \\" +
                                     std::string(1, t[0]) + ")");
    }
    std::string key;
    std::string value;
    Status s = Unescape(line, 0, key_end, source, &key);
    if (!s.ok()) return s;
    if (!has_separator && value_start >= t.size()) {
      return Status::InvalidArgument(where + "\"" + key + "\" has no value; write " + key + "=value (or " + key +
                                     "= for an empty value)");
    }
    s = Unescape(line, value_start, t.size(), source, &value);
    if (!s.ok()) return s;
    parsed[key] = std::move(value);
  }
  *out = std::move(parsed);
  return Status::OK();
}

Status ReadPropertiesFile(const std::string& path, ConfigMap* out) {
  std::string text;
  Status s = ReadConfigFile(path, &text);
  if (!s.ok()) return s;
  return ParseProperties(text, path, out);
}

Status ReadConfigFile(const std::string& path, std::string* out) {
  // stdio rather than ifstream: reading a directory must fail (EISDIR), not yield "".
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError("cannot open " + path + ": " + std::strerror(errno));
  std::string text;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) text.append(buf, n);
  int read_errno = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (read_errno != 0) return Status::IOError("cannot read " + path + ": " + std::strerror(read_errno));
  *out = std::move(text);
  return Status::OK();
}

}  // namespace connectd
