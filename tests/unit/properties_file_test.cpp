#include "temp_dir.h"
#include "config/properties_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace connectd {
namespace {

ConfigMap Parse(const std::string& text) {
  ConfigMap out;
  Status s = ParseProperties(text, "test.properties", &out);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return out;
}

std::string ParseError(const std::string& text) {
  ConfigMap out;
  Status s = ParseProperties(text, "worker.properties", &out);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == Status::Code::kInvalidArgument);
  return s.message();
}


TEST_CASE("properties: '=', ':' and whitespace separate key and value") {
  ConfigMap m = Parse(
      "a=1\n"
      "b:2\n"
      "c 3\n"
      "d = 4\n"
      "e\t:\t5\n"
      "f\f6\n"
      "g=h=i\n"
      "j:=k\n"
      "l = = m\n"
      "n  :  x:y\n");
  CHECK(m == ConfigMap{{"a", "1"},
                       {"b", "2"},
                       {"c", "3"},
                       {"d", "4"},
                       {"e", "5"},
                       {"f", "6"},
                       {"g", "h=i"},
                       {"j", "=k"},
                       {"l", "= m"},
                       {"n", "x:y"}});
}

TEST_CASE("properties: empty values, duplicates, blank lines and leading whitespace") {
  ConfigMap m = Parse("\n   \n\t\n  k1=\nk2:\nk3 =\n   indented = yes\ndup=first\ndup=second\n");
  CHECK(m == ConfigMap{{"k1", ""}, {"k2", ""}, {"k3", ""}, {"indented", "yes"}, {"dup", "second"}});
}

TEST_CASE("properties: value whitespace is dropped before and kept after, as Java does") {
  ConfigMap m = Parse("k=   v  \t\nlast = end  ");
  CHECK(m.at("k") == "v  \t");
  CHECK(m.at("last") == "end  ");
}

TEST_CASE("properties: '#' and '!' comments, only at the start of a line") {
  ConfigMap m = Parse(
      "# comment\n"
      "! comment\n"
      "   # indented comment\n"
      "k=v # not a comment\n"
      "# a comment ending in a backslash is not continued \\\n"
      "x=1\n");
  CHECK(m == ConfigMap{{"k", "v # not a comment"}, {"x", "1"}});
}

TEST_CASE("properties: continuation lines drop the leading whitespace of the next line") {
  ConfigMap m = Parse(
      "list = a,\\\n"
      "    b,\\\n"
      "\t\fc\n"
      "ke\\\n"
      "  y=joined key\n"
      "after=1\n");
  CHECK(m == ConfigMap{{"list", "a,b,c"}, {"key", "joined key"}, {"after", "1"}});
}

TEST_CASE("properties: an even number of trailing backslashes does not continue") {
  ConfigMap m = Parse("even=x\\\\\nodd=y\\\\\\\n  z\n");
  CHECK(m == ConfigMap{{"even", "x\\"}, {"odd", "y\\z"}});
}

TEST_CASE("properties: continuation edge cases") {
  // An empty continuation line ends the entry; a continued line starting with '#' is not a
  // comment; a backslash at the end of the text is dropped.
  CHECK(Parse("a=1\\\n\nb=2\n") == ConfigMap{{"a", "1"}, {"b", "2"}});
  CHECK(Parse("a=1\\\n  #2\n") == ConfigMap{{"a", "1#2"}});
  CHECK(Parse("k=v\\") == ConfigMap{{"k", "v"}});
  CHECK(Parse("\\\n\nk=v\n") == ConfigMap{{"k", "v"}});
}

TEST_CASE("properties: \\n, \\r\\n and \\r all end lines") {
  CHECK(Parse("a=1\r\nb=2\rc=3\n") == ConfigMap{{"a", "1"}, {"b", "2"}, {"c", "3"}});
  CHECK(Parse("a=x\\\r\n   y\r\nb=z") == ConfigMap{{"a", "xy"}, {"b", "z"}});
  CHECK(Parse("a=x\\\r   y") == ConfigMap{{"a", "xy"}});
}

TEST_CASE("properties: escapes") {
  ConfigMap m = Parse(
      "t=a\\tb\\nc\\rd\\fe\\\\f\n"
      "other=\\q\\\"\\'\n"
      "unicode=\\u0041\\u00e9\\u20AC\n"
      "pair=\\uD83D\\uDE00\n"
      "nul=a\\u0000b\n"
      "sp=\\ lead\n");
  CHECK(m.at("t") == "a\tb\nc\rd\fe\\f");
  CHECK(m.at("other") == "q\"'");
  CHECK(m.at("unicode") == "A\xC3\xA9\xE2\x82\xAC");
  CHECK(m.at("pair") == "\xF0\x9F\x98\x80");
  CHECK(m.at("nul") == std::string("a\0b", 3));
  CHECK(m.at("sp") == " lead");
}

TEST_CASE("properties: escaped separators belong to the key") {
  ConfigMap m = Parse(
      "a\\=b=c\n"
      "d\\:e:f\n"
      "g\\ h i\n"
      "\\#notcomment=1\n"
      "\\!bang=2\n"
      "\\u0041key=3\n");
  CHECK(m == ConfigMap{{"a=b", "c"}, {"d:e", "f"}, {"g h", "i"}, {"#notcomment", "1"}, {"!bang", "2"}, {"Akey", "3"}});
}

TEST_CASE("properties: non-ASCII bytes pass through as UTF-8") {
  CHECK(Parse("name=caf\xC3\xA9\n") == ConfigMap{{"name", "caf\xC3\xA9"}});
}

TEST_CASE("properties: malformed \\u escapes name the file and line") {
  CHECK(ParseError("a=1\nb=\\u12G4\n") ==
        "worker.properties line 2: malformed \\uXXXX escape \"\\u12G4\"; write exactly four hex digits after \\u "
        "(a literal backslash is \\\\)");
  CHECK(ParseError("x=\\u12") ==
        "worker.properties line 1: malformed \\uXXXX escape \"\\u12\"; write exactly four hex digits after \\u "
        "(a literal backslash is \\\\)");
  CHECK(ParseError("k\\uZZ=v") ==
        "worker.properties line 1: malformed \\uXXXX escape \"\\uZZ\"; write exactly four hex digits after \\u "
        "(a literal backslash is \\\\)");
}

TEST_CASE("properties: an error inside a continued line names the physical line") {
  CHECK(ParseError("a=1\r\nb=ok\\\r\n  \\uZZZZ\r\n") ==
        "worker.properties line 3: malformed \\uXXXX escape \"\\uZZZZ\"; write exactly four hex digits after \\u "
        "(a literal backslash is \\\\)");
}

TEST_CASE("properties: a lone surrogate is rejected") {
  CHECK(ParseError("# x\nk=\\uD83Dx\n") ==
        "worker.properties line 2: \\u escape \"\\uD83D\" is half of a UTF-16 surrogate pair; write the whole "
        "pair or the character itself");
  CHECK(ParseError("k=\\uDE00") ==
        "worker.properties line 1: \\u escape \"\\uDE00\" is half of a UTF-16 surrogate pair; write the whole "
        "pair or the character itself");
}

TEST_CASE("properties: an empty key is rejected") {
  CHECK(ParseError("\n\n=value\n") ==
        "worker.properties line 3: the line starts with '=' and has no key; write key=value (escape a leading "
        "separator as \\=)");
  CHECK(ParseError("  :value") ==
        "worker.properties line 1: the line starts with ':' and has no key; write key=value (escape a leading "
        "separator as \\:)");
}

TEST_CASE("properties: a key with no separator and no value is rejected") {
  CHECK(ParseError("good=1\n# c\nbadkey\n") ==
        "worker.properties line 3: \"badkey\" has no value; write badkey=value (or badkey= for an empty value)");
  CHECK(ParseError("badkey  \t") ==
        "worker.properties line 1: \"badkey\" has no value; write badkey=value (or badkey= for an empty value)");
}

TEST_CASE("properties: a failed parse leaves the output alone") {
  ConfigMap out{{"keep", "me"}};
  CHECK_FALSE(ParseProperties("a=1\nbad\n", "x", &out).ok());
  CHECK(out == ConfigMap{{"keep", "me"}});
  CHECK(ParseProperties("a=1\n", "x", &out).ok());
  CHECK(out == ConfigMap{{"a", "1"}});
}

TEST_CASE("properties: ReadPropertiesFile reads a file and names it in errors") {
  TempDir dir;
  std::string good = dir.Write("worker.properties", "bootstrap.servers=localhost:9092\nplugin.path=/opt/a\n");
  ConfigMap m;
  REQUIRE(ReadPropertiesFile(good, &m).ok());
  CHECK(m == ConfigMap{{"bootstrap.servers", "localhost:9092"}, {"plugin.path", "/opt/a"}});

  std::string bad = dir.Write("bad.properties", "ok=1\nbroken\n");
  Status s = ReadPropertiesFile(bad, &m);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == bad + " line 2: \"broken\" has no value; write broken=value (or broken= for an empty value)");

  s = ReadPropertiesFile(dir.path + "/missing.properties", &m);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message() == "cannot open " + dir.path + "/missing.properties: No such file or directory");

  s = ReadPropertiesFile(dir.path, &m);
  CHECK(s.code() == Status::Code::kIOError);
  CHECK(s.message() == "cannot read " + dir.path + ": Is a directory");
}

TEST_CASE("properties: ReadConfigFile returns the bytes unchanged") {
  TempDir dir;
  std::string content("a\0b\r\n\xC3\xA9", 7);
  std::string text;
  REQUIRE(ReadConfigFile(dir.Write("f", content), &text).ok());
  CHECK(text == content);
  REQUIRE(ReadConfigFile(dir.Write("empty", ""), &text).ok());
  CHECK(text.empty());
}

}  // namespace
}  // namespace connectd
