#include "data/decimal.h"

#include <charconv>
#include <cstdint>
#include <vector>

namespace connectd {

// Drops redundant sign bytes, as BigInteger.toByteArray never writes them. Precondition: non-empty.
std::string_view MinimalTwosComplement(std::string_view b) {
  size_t i = 0;
  while (i + 1 < b.size()) {
    auto first = static_cast<unsigned char>(b[i]);
    auto next = static_cast<unsigned char>(b[i + 1]);
    if ((first == 0x00 && (next & 0x80) == 0) || (first == 0xFF && (next & 0x80) != 0)) {
      ++i;
    } else {
      break;
    }
  }
  return b.substr(i);
}

// Decimal digits (no sign, no leading zeros, "0" for zero) of a two's complement integer.
void TwosComplementToDecimal(std::string_view b, bool* negative, std::string* digits) {
  std::vector<uint8_t> magnitude(b.begin(), b.end());
  *negative = !magnitude.empty() && (magnitude[0] & 0x80) != 0;
  if (*negative) {
    for (uint8_t& byte : magnitude) byte = static_cast<uint8_t>(~byte);
    for (size_t i = magnitude.size(); i-- > 0;) {
      if (++magnitude[i] != 0) break;
    }
  }
  constexpr uint32_t kChunk = 1000000000;  // nine decimal digits per division
  std::vector<uint32_t> chunks;            // least significant first
  size_t start = 0;
  while (start < magnitude.size() && magnitude[start] == 0) ++start;
  while (start < magnitude.size()) {
    uint64_t remainder = 0;
    for (size_t i = start; i < magnitude.size(); ++i) {
      uint64_t current = (remainder << 8) | magnitude[i];
      magnitude[i] = static_cast<uint8_t>(current / kChunk);
      remainder = current % kChunk;
    }
    chunks.push_back(static_cast<uint32_t>(remainder));
    while (start < magnitude.size() && magnitude[start] == 0) ++start;
  }
  digits->clear();
  if (chunks.empty()) {
    digits->push_back('0');
    return;
  }
  digits->append(std::to_string(chunks.back()));
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    char buf[16];
    auto r = std::to_chars(buf, buf + sizeof(buf), chunks[i]);
    digits->append(static_cast<size_t>(9 - (r.ptr - buf)), '0');
    digits->append(buf, r.ptr);
  }
}

// Minimal two's complement bytes of the integer with these decimal digits.
std::string DecimalToTwosComplement(bool negative, std::string_view digits) {
  // Up to 18 digits the value fits an int64 (< 10^18 < 2^63): most decimals of a database take
  // this path, without the byte-wise long multiplication and its allocations below.
  if (digits.size() <= 18) {
    int64_t value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    if (negative) value = -value;
    char big_endian[8];
    for (int i = 7; i >= 0; --i) {
      big_endian[i] = static_cast<char>(static_cast<uint64_t>(value) & 0xFF);
      value >>= 8;  // arithmetic: keeps the sign
    }
    return std::string(MinimalTwosComplement(std::string_view(big_endian, sizeof(big_endian))));
  }
  std::vector<uint8_t> little;  // magnitude, least significant byte first
  for (char c : digits) {
    uint32_t carry = static_cast<uint32_t>(c - '0');
    for (uint8_t& byte : little) {
      uint32_t v = byte * 10u + carry;
      byte = static_cast<uint8_t>(v & 0xFF);
      carry = v >> 8;
    }
    if (carry != 0) little.push_back(static_cast<uint8_t>(carry));
  }
  std::string out(little.size() + 1, '\0');  // one extra byte leaves room for the sign bit
  for (size_t i = 0; i < little.size(); ++i) out[out.size() - 1 - i] = static_cast<char>(little[i]);
  if (negative) {
    for (char& c : out) c = static_cast<char>(~static_cast<unsigned char>(c));
    for (size_t i = out.size(); i-- > 0;) {
      auto v = static_cast<unsigned char>(out[i] + 1);
      out[i] = static_cast<char>(v);
      if (v != 0) break;
    }
  }
  return std::string(MinimalTwosComplement(out));
}

// The "scale" parameter of a Decimal schema.
bool DecimalScale(const Schema& schema, int32_t* scale) {
  const std::string* text = schema.parameter(kDecimalScaleParameter);
  if (text == nullptr) return false;
  auto r = std::from_chars(text->data(), text->data() + text->size(), *scale);
  return r.ec == std::errc() && r.ptr == text->data() + text->size();
}

namespace {
// Longest unscaled value accepted from decimal text, so "1e999999999" cannot exhaust memory.
constexpr size_t kMaxDecimalDigits = 4096;
}  // namespace

// Reads a JSON number's text as a decimal and rescales it to `scale` without rounding.
bool DecimalTextToUnscaled(std::string_view text, int32_t scale, std::string* out, std::string* error) {
  size_t i = 0;
  bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  std::string digits;
  int64_t fraction_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) digits.push_back(text[i]);
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      digits.push_back(text[i]);
      ++fraction_digits;
    }
  }
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 1000000) {
        *error = "decimal " + std::string(text) + " is out of range";
        return false;
      }
    }
    if (exp_negative) exponent = -exponent;
  }
  size_t first = digits.find_first_not_of('0');
  digits.erase(0, first == std::string::npos ? digits.size() : first);
  int64_t shift = exponent - fraction_digits + scale;
  if (shift >= 0) {
    if (!digits.empty()) {
      if (digits.size() + static_cast<uint64_t>(shift) > kMaxDecimalDigits) {
        *error = "decimal " + std::string(text) + " is out of range";
        return false;
      }
      digits.append(static_cast<size_t>(shift), '0');
    }
  } else {
    uint64_t drop = static_cast<uint64_t>(-shift);
    size_t keep = drop >= digits.size() ? 0 : digits.size() - static_cast<size_t>(drop);
    if (digits.find_first_not_of('0', keep) != std::string::npos) {
      *error = "decimal " + std::string(text) + " has more digits after the decimal point than the schema's scale " +
               std::to_string(scale) + " allows";
      return false;
    }
    digits.resize(keep);
  }
  *out = DecimalToTwosComplement(negative, digits);
  return true;
}

// BigDecimal.toString: plain when the scale is >= 0 and the adjusted exponent >= -6,
// otherwise scientific with an explicit exponent sign ("1E-10", "1.5E+3").
void AppendPlainDecimal(std::string_view unscaled, int32_t scale, std::string* out) {
  bool negative = false;
  std::string digits;
  TwosComplementToDecimal(unscaled, &negative, &digits);
  if (negative) out->push_back('-');
  if (scale <= 0) {
    out->append(digits);
    if (digits != "0") out->append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return;
  }
  size_t fraction = static_cast<size_t>(scale);
  if (digits.size() <= fraction) {
    out->append("0.");
    out->append(fraction - digits.size(), '0');
    out->append(digits);
    return;
  }
  out->append(digits, 0, digits.size() - fraction);
  out->push_back('.');
  out->append(digits, digits.size() - fraction, std::string::npos);
}

void AppendBigDecimal(std::string_view unscaled, int32_t scale, std::string* out) {
  bool negative = false;
  std::string digits;
  TwosComplementToDecimal(unscaled, &negative, &digits);
  if (negative) out->push_back('-');
  int64_t length = static_cast<int64_t>(digits.size());
  int64_t adjusted = -static_cast<int64_t>(scale) + (length - 1);
  if (scale == 0) {
    out->append(digits);
  } else if (scale > 0 && adjusted >= -6) {
    if (length > scale) {
      out->append(digits, 0, static_cast<size_t>(length - scale));
      out->push_back('.');
      out->append(digits, static_cast<size_t>(length - scale), std::string::npos);
    } else {
      out->append("0.");
      out->append(static_cast<size_t>(scale - length), '0');
      out->append(digits);
    }
  } else {
    out->push_back(digits[0]);
    if (length > 1) {
      out->push_back('.');
      out->append(digits, 1, std::string::npos);
    }
    out->push_back('E');
    if (adjusted > 0) out->push_back('+');
    out->append(std::to_string(adjusted));
  }
}


bool JavaBigDecimalToString(std::string_view unscaled, int32_t scale, std::string* out) {
  out->clear();
  if (unscaled.empty()) return false;
  AppendBigDecimal(unscaled, scale, out);
  return true;
}

}  // namespace connectd
