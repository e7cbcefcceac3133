#include "line_buffer.h"

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

using connectd::file::LineBuffer;

namespace {

void Feed(LineBuffer& b, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    size_t room = 0;
    char* dst = b.Reserve(&room);
    REQUIRE(room > 0);
    size_t n = std::min(room, data.size() - done);
    std::memcpy(dst, data.data() + done, n);
    b.Commit(n);
    done += n;
  }
}

std::vector<std::pair<std::string, int64_t>> Drain(LineBuffer& b) {
  std::vector<std::pair<std::string, int64_t>> out;
  std::string_view line;
  int64_t next = 0;
  while (b.NextLine(&line, &next)) out.emplace_back(std::string(line), next);
  return out;
}

using Lines = std::vector<std::pair<std::string, int64_t>>;

}  // namespace

TEST_CASE("LineBuffer splits at \\n, \\r\\n and lone \\r like Kafka, keeping empty lines") {
  LineBuffer b(64);
  b.Reset(0);
  Feed(b, "dos line\r\nunix line\n\nold mac\rend\n");
  CHECK(Drain(b) == Lines{{"dos line", 10}, {"unix line", 20}, {"", 21}, {"old mac", 29}, {"end", 33}});
  CHECK(b.pending() == 0);
  CHECK(b.position() == 33);
}

TEST_CASE("LineBuffer holds back an unterminated last line until its newline arrives") {
  LineBuffer b(64);
  b.Reset(100);
  Feed(b, "complete\nhalf a li");
  CHECK(Drain(b) == Lines{{"complete", 109}});
  CHECK(b.pending() == 9);
  CHECK(b.position() == 109);
  Feed(b, "ne\nnext\n");
  CHECK(Drain(b) == Lines{{"half a line", 121}, {"next", 126}});
}

TEST_CASE("LineBuffer does not decide a trailing \\r before the next byte") {
  LineBuffer b(64);
  b.Reset(0);
  Feed(b, "a\r");
  CHECK(Drain(b).empty());
  Feed(b, "\nb\r");
  CHECK(Drain(b) == Lines{{"a", 3}});
  Feed(b, "c\n");
  CHECK(Drain(b) == Lines{{"b", 5}, {"c", 7}});
}

TEST_CASE("LineBuffer grows for a line longer than its capacity and compacts consumed bytes") {
  LineBuffer b(8);
  b.Reset(0);
  const std::string longline(50, 'x');
  Feed(b, "ab\n" + longline);
  CHECK(Drain(b) == Lines{{"ab", 3}});
  Feed(b, "\ncd\n");
  CHECK(Drain(b) == Lines{{longline, 54}, {"cd", 57}});
  // Many short lines through a small buffer: compaction keeps it small and the data intact.
  std::string many;
  Lines expected;
  int64_t pos = 57;
  for (int i = 0; i < 100; ++i) {
    std::string l = "l" + std::to_string(i);
    many += l + "\n";
    pos += static_cast<int64_t>(l.size()) + 1;
    expected.emplace_back(l, pos);
  }
  Lines got;
  for (char c : many) {
    Feed(b, std::string(1, c));
    for (auto& l : Drain(b)) got.push_back(l);
  }
  CHECK(got == expected);
}

TEST_CASE("LineBuffer::Reset forgets buffered bytes and restarts positions") {
  LineBuffer b(16);
  b.Reset(0);
  Feed(b, "one\ntw");
  CHECK(Drain(b) == Lines{{"one", 4}});
  b.Reset(0);
  CHECK(b.pending() == 0);
  Feed(b, "x\n");
  CHECK(Drain(b) == Lines{{"x", 2}});
}
