#include "data/base64.h"

#include <array>
#include <cstdint>

namespace connectd {

namespace {

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

size_t Base64EncodedLength(size_t byte_count) { return (byte_count + 2) / 3 * 4; }

void EncodeBase64(std::string_view bytes, char* out) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (uint32_t{s[i]} << 16) | (uint32_t{s[i + 1]} << 8) | s[i + 2];
    *out++ = kBase64Alphabet[(n >> 18) & 63];
    *out++ = kBase64Alphabet[(n >> 12) & 63];
    *out++ = kBase64Alphabet[(n >> 6) & 63];
    *out++ = kBase64Alphabet[n & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t{s[i]} << 16;
    if (rest == 2) n |= uint32_t{s[i + 1]} << 8;
    *out++ = kBase64Alphabet[(n >> 18) & 63];
    *out++ = kBase64Alphabet[(n >> 12) & 63];
    *out++ = rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    *out++ = '=';
  }
}

std::string Base64(std::string_view bytes) {
  std::string text(Base64EncodedLength(bytes.size()), '\0');
  EncodeBase64(bytes, text.data());
  return text;
}

bool DecodeBase64(std::string_view text, std::string* out) {
  static const std::array<int8_t, 256> table = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<int8_t>(i);
    return t;
  }();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return false;
  out->clear();
  out->reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int8_t d = table[static_cast<unsigned char>(c)];
    if (d < 0) return false;
    bits = (bits << 6) | static_cast<uint32_t>(d);
    if (++count == 4) {
      out->push_back(static_cast<char>((bits >> 16) & 0xFF));
      out->push_back(static_cast<char>((bits >> 8) & 0xFF));
      out->push_back(static_cast<char>(bits & 0xFF));
      bits = 0;
      count = 0;
    }
  }
  if (count == 3) {
    out->push_back(static_cast<char>((bits >> 10) & 0xFF));
    out->push_back(static_cast<char>((bits >> 2) & 0xFF));
  } else if (count == 2) {
    out->push_back(static_cast<char>((bits >> 4) & 0xFF));
  }
  return true;
}

}  // namespace connectd
