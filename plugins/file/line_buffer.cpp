#include "line_buffer.h"

#include <cstring>

namespace connectd {
namespace file {

namespace {
// Compact before reading when less than this much room is left at the end, so reads stay large.
constexpr size_t kMinReadRoom = 64 * 1024;
}  // namespace

LineBuffer::LineBuffer(size_t capacity) : buf_(capacity > 0 ? capacity : 1) {}

void LineBuffer::Reset(int64_t position) {
  begin_ = end_ = searched_ = 0;
  position_ = position;
}

char* LineBuffer::Reserve(size_t* room) {
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (begin_ > 0 && buf_.size() - end_ < kMinReadRoom) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  *room = buf_.size() - end_;
  return buf_.data() + end_;
}

void LineBuffer::Commit(size_t n) { end_ += n; }

bool LineBuffer::NextLine(std::string_view* line, int64_t* next_position) {
  const char* start = buf_.data() + begin_;
  const size_t avail = end_ - begin_;
  const char* from = start + searched_;
  const size_t left = avail - searched_;
  // Two memchr passes (vectorised) beat one byte loop looking for both terminators.
  const char* nl = static_cast<const char*>(std::memchr(from, '\n', left));
  const size_t cr_span = nl != nullptr ? static_cast<size_t>(nl - from) : left;
  const char* cr = static_cast<const char*>(std::memchr(from, '\r', cr_span));

  size_t line_len = 0;
  size_t consumed = 0;
  if (cr != nullptr) {
    line_len = static_cast<size_t>(cr - start);
    if (line_len + 1 == avail) {
      // "\r" is the last buffered byte: wait for the next one before deciding.
      searched_ = line_len;
      return false;
    }
    consumed = line_len + (cr[1] == '\n' ? 2 : 1);
  } else if (nl != nullptr) {
    line_len = static_cast<size_t>(nl - start);
    consumed = line_len + 1;
  } else {
    searched_ = avail;
    return false;
  }
  *line = std::string_view(start, line_len);
  begin_ += consumed;
  searched_ = 0;
  position_ += static_cast<int64_t>(consumed);
  *next_position = position_;
  return true;
}

}  // namespace file
}  // namespace connectd
