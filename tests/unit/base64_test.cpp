#include "data/base64.h"

#include <doctest/doctest.h>

#include <ostream>
#include <string>

namespace connectd {
namespace {

TEST_CASE("Base64 encodes as java.util.Base64.getEncoder() (RFC 4648 test vectors)") {
  CHECK(Base64("") == "");
  CHECK(Base64("f") == "Zg==");
  CHECK(Base64("fo") == "Zm8=");
  CHECK(Base64("foo") == "Zm9v");
  CHECK(Base64("foob") == "Zm9vYg==");
  CHECK(Base64("fooba") == "Zm9vYmE=");
  CHECK(Base64("foobar") == "Zm9vYmFy");
  CHECK(Base64(std::string("\xfb\xff\x00", 3)) == "+/8A");
  CHECK(Base64EncodedLength(0) == 0);
  CHECK(Base64EncodedLength(4) == 8);
}

TEST_CASE("EncodeBase64 writes exactly Base64EncodedLength characters") {
  char buffer[10] = "#########";
  EncodeBase64("fooba", buffer);
  CHECK(std::string(buffer, 9) == "Zm9vYmE=#");
}

TEST_CASE("DecodeBase64 accepts padded and unpadded text and rejects other characters") {
  std::string out = "stale";
  REQUIRE(DecodeBase64("Zm9vYmE=", &out));
  CHECK(out == "fooba");
  REQUIRE(DecodeBase64("Zm9vYmE", &out));
  CHECK(out == "fooba");
  REQUIRE(DecodeBase64("+/8A", &out));
  CHECK(out == std::string("\xfb\xff\x00", 3));
  REQUIRE(DecodeBase64("", &out));
  CHECK(out.empty());
  CHECK_FALSE(DecodeBase64("Zm9v-", &out));
  CHECK_FALSE(DecodeBase64("Zm9vY", &out));
}

}  // namespace
}  // namespace connectd
