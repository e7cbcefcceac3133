// LineBuffer: the byte buffer between read(2) and the records of FileStreamSource. It splits the
// stream into lines exactly as Kafka's FileStreamSourceTask does: a line ends at "\n", "\r\n" or
// a lone "\r", the terminator is not part of the line, and empty lines are lines. A "\r" that is
// the last buffered byte is not decided until the next byte arrives (it may start a "\r\n"), and
// an unterminated last line is never returned.
//
// It also tracks stream positions: every line comes with the position just after its
// terminator, which is what the source stores as its offset, so a restart resumes exactly there.
// Positions are byte offsets (Kafka counts UTF-16 chars, which is the same for ASCII files).
//
// Reads go straight into the buffer (Reserve/Commit), so a line is copied only when the record is
// built. Not thread-safe: one task thread uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace connectd {
namespace file {

class LineBuffer {
 public:
  // `capacity`: the initial buffer size (> 0). It doubles only when one unfinished line fills it.
  explicit LineBuffer(size_t capacity);

  // Forgets buffered bytes; the next byte committed is at stream position `position`.
  void Reset(int64_t position);

  // Room for at least one more byte at the end of the buffered data, compacting or growing the
  // buffer as needed. Write up to *room bytes at the returned pointer, then call Commit(n).
  // The pointer is invalidated by the next Reserve, NextLine views stay valid until then.
  char* Reserve(size_t* room);
  // Marks `n` (<= the room of the last Reserve) bytes as written.
  void Commit(size_t n);

  // The next complete line, borrowed from the buffer until the next Reserve/Reset, and the
  // stream position just after its terminator. False when no complete line is buffered.
  bool NextLine(std::string_view* line, int64_t* next_position);

  // Bytes buffered but not yet returned as lines (an unfinished line).
  size_t pending() const { return end_ - begin_; }
  // Stream position of the first byte not yet returned as a line.
  int64_t position() const { return position_; }

 private:
  std::vector<char> buf_;
  size_t begin_ = 0;     // first unconsumed byte
  size_t end_ = 0;       // one past the last buffered byte
  size_t searched_ = 0;  // bytes after begin_ already known to hold no terminator
  int64_t position_ = 0;
};

}  // namespace file
}  // namespace connectd
