// Decimal bytes: BigInteger.toByteArray's minimal two's complement, on both sides of the int64
// fast path.
#include "data/decimal.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

using namespace connectd;

namespace {

std::string Hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// DecimalToTwosComplement, read back by TwosComplementToDecimal (division, not multiplication).
void CheckRoundTrip(bool negative, const std::string& digits) {
  const std::string bytes = DecimalToTwosComplement(negative, digits);
  REQUIRE_FALSE(bytes.empty());
  CHECK_MESSAGE(MinimalTwosComplement(bytes).size() == bytes.size(), digits);
  bool read_negative = false;
  std::string read_digits;
  TwosComplementToDecimal(bytes, &read_negative, &read_digits);
  CHECK_MESSAGE(read_digits == digits, (negative ? "-" : "") << digits);
  CHECK_MESSAGE(read_negative == (negative && digits != "0"), (negative ? "-" : "") << digits);
}

}  // namespace

TEST_CASE("DecimalToTwosComplement writes BigInteger.toByteArray's bytes") {
  CHECK(Hex(DecimalToTwosComplement(false, "")) == "00");
  CHECK(Hex(DecimalToTwosComplement(false, "0")) == "00");
  CHECK(Hex(DecimalToTwosComplement(true, "0")) == "00");
  CHECK(Hex(DecimalToTwosComplement(false, "1250")) == "04e2");
  CHECK(Hex(DecimalToTwosComplement(false, "127")) == "7f");
  CHECK(Hex(DecimalToTwosComplement(false, "128")) == "0080");
  CHECK(Hex(DecimalToTwosComplement(true, "128")) == "80");
  CHECK(Hex(DecimalToTwosComplement(true, "129")) == "ff7f");
  CHECK(Hex(DecimalToTwosComplement(false, "0012")) == "0c");
  // Either side of the int64 path: 18 digits, then 19 and more.
  CHECK(Hex(DecimalToTwosComplement(false, "999999999999999999")) == "0de0b6b3a763ffff");
  CHECK(Hex(DecimalToTwosComplement(true, "999999999999999999")) == "f21f494c589c0001");
  CHECK(Hex(DecimalToTwosComplement(false, "1000000000000000000")) == "0de0b6b3a7640000");
  CHECK(Hex(DecimalToTwosComplement(false, "9223372036854775808")) == "008000000000000000");
  CHECK(Hex(DecimalToTwosComplement(true, "9223372036854775808")) == "8000000000000000");
}

TEST_CASE("DecimalToTwosComplement round-trips every length up to 40 digits") {
  std::mt19937_64 random(7);
  for (size_t length = 1; length <= 40; ++length) {
    for (int i = 0; i < 50; ++i) {
      std::string digits(1, static_cast<char>('1' + random() % 9));
      while (digits.size() < length) digits.push_back(static_cast<char>('0' + random() % 10));
      CheckRoundTrip(false, digits);
      CheckRoundTrip(true, digits);
    }
  }
  // Powers of two and their neighbours, where a sign byte appears or goes.
  for (const char* digits : {"255", "256", "32767", "32768", "65535", "65536", "8388607", "8388608",
                             "2147483647", "2147483648", "140737488355327", "140737488355328",
                             "36028797018963967", "36028797018963968", "72057594037927935", "72057594037927936"}) {
    CheckRoundTrip(false, digits);
    CheckRoundTrip(true, digits);
  }
}
