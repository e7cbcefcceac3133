#include "wal_position.h"

#include <cinttypes>
#include <cstdio>

namespace connectd {
namespace pgcdc {

std::string FormatLsn(Lsn lsn) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%" PRIX32 "/%" PRIX32, static_cast<uint32_t>(lsn >> 32),
                static_cast<uint32_t>(lsn));
  return buf;
}

namespace {
bool ParseHex32(std::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 8) return false;
  uint64_t v = 0;
  for (char c : text) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = v * 16 + static_cast<uint64_t>(d);
  }
  *out = v;
  return true;
}
}  // namespace

bool ParseLsn(std::string_view text, Lsn* out) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  uint64_t hi = 0, lo = 0;
  if (!ParseHex32(text.substr(0, slash), &hi) || !ParseHex32(text.substr(slash + 1), &lo)) return false;
  *out = (hi << 32) | lo;
  return true;
}

}  // namespace pgcdc
}  // namespace connectd
