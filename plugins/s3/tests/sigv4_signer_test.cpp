// The worked examples of AWS's "Signature Calculations for the Authorization Header:
// Transferring Payload in a Single Chunk (AWS Signature Version 4)" (S3 API reference), which all
// use these credentials, this time, us-east-1 and examplebucket; plus the encoding rules the
// examples do not reach. tests/integration/test_s3_sigv4.py compares many more requests with
// botocore.
#include "sigv4_signer.h"

#include <doctest/doctest.h>

namespace connectd {
namespace s3 {
namespace {

const AwsCredentials kExampleCredentials{"AKIAIOSFODNN7EXAMPLE",
                                         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
// 2013-05-24T00:00:00Z
const auto kExampleTime = std::chrono::system_clock::from_time_t(1369353600);
constexpr char kExampleHost[] = "examplebucket.s3.amazonaws.com";

std::string ExpectedAuthorization(const std::string& signed_headers, const std::string& signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
         "SignedHeaders=" +
         signed_headers + ", Signature=" + signature;
}

TEST_CASE("SigV4 AWS example: GET Object with a Range header") {
  SignableRequest request{"GET", kExampleHost, "/test.txt", {}, {{"Range", "bytes=0-9"}},
                          kEmptyPayloadSha256};
  const SigV4Signature signed_request =
      SignRequest(request, kExampleCredentials, "us-east-1", kExampleTime);
  CHECK(signed_request.canonical_request ==
        "GET\n"
        "/test.txt\n"
        "\n"
        "host:examplebucket.s3.amazonaws.com\n"
        "range:bytes=0-9\n"
        "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "x-amz-date:20130524T000000Z\n"
        "\n"
        "host;range;x-amz-content-sha256;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(signed_request.string_to_sign ==
        "AWS4-HMAC-SHA256\n"
        "20130524T000000Z\n"
        "20130524/us-east-1/s3/aws4_request\n"
        "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  CHECK(signed_request.signature ==
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  CHECK(signed_request.headers_to_add ==
        NameValuePairs{
            {"Authorization",
             ExpectedAuthorization(
                 "host;range;x-amz-content-sha256;x-amz-date",
                 "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")},
            {"x-amz-date", "20130524T000000Z"},
            {"x-amz-content-sha256", kEmptyPayloadSha256}});
}

TEST_CASE("SigV4 AWS example: PUT Object with '$' in the key and a Date header") {
  const std::string payload_hash = Sha256Hex("Welcome to Amazon S3.");
  CHECK(payload_hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  SignableRequest request{"PUT",
                          kExampleHost,
                          "/test$file.text",
                          {},
                          {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                           {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                          payload_hash};
  const SigV4Signature signed_request =
      SignRequest(request, kExampleCredentials, "us-east-1", kExampleTime);
  CHECK(signed_request.canonical_request ==
        "PUT\n"
        "/test%24file.text\n"
        "\n"
        "date:Fri, 24 May 2013 00:00:00 GMT\n"
        "host:examplebucket.s3.amazonaws.com\n"
        "x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n"
        "x-amz-date:20130524T000000Z\n"
        "x-amz-storage-class:REDUCED_REDUNDANCY\n"
        "\n"
        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  CHECK(signed_request.string_to_sign ==
        "AWS4-HMAC-SHA256\n"
        "20130524T000000Z\n"
        "20130524/us-east-1/s3/aws4_request\n"
        "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
  CHECK(signed_request.signature ==
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  REQUIRE(signed_request.headers_to_add.size() == 3);
  CHECK(signed_request.headers_to_add[0].second ==
        ExpectedAuthorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                              "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
}

TEST_CASE("SigV4 AWS example: GET Bucket Lifecycle (a query parameter without a value)") {
  SignableRequest request{"GET", kExampleHost, "", {{"lifecycle", ""}}, {}, kEmptyPayloadSha256};
  const SigV4Signature signed_request =
      SignRequest(request, kExampleCredentials, "us-east-1", kExampleTime);
  CHECK(signed_request.canonical_request ==
        "GET\n"
        "/\n"
        "lifecycle=\n"
        "host:examplebucket.s3.amazonaws.com\n"
        "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "x-amz-date:20130524T000000Z\n"
        "\n"
        "host;x-amz-content-sha256;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(signed_request.string_to_sign ==
        "AWS4-HMAC-SHA256\n"
        "20130524T000000Z\n"
        "20130524/us-east-1/s3/aws4_request\n"
        "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca");
  CHECK(signed_request.signature ==
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST_CASE("SigV4 AWS example: Get Bucket (List Objects), parameters given out of order") {
  SignableRequest request{
      "GET", kExampleHost, "/", {{"prefix", "J"}, {"max-keys", "2"}}, {}, kEmptyPayloadSha256};
  const SigV4Signature signed_request =
      SignRequest(request, kExampleCredentials, "us-east-1", kExampleTime);
  CHECK(signed_request.canonical_request ==
        "GET\n"
        "/\n"
        "max-keys=2&prefix=J\n"
        "host:examplebucket.s3.amazonaws.com\n"
        "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "x-amz-date:20130524T000000Z\n"
        "\n"
        "host;x-amz-content-sha256;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(signed_request.string_to_sign ==
        "AWS4-HMAC-SHA256\n"
        "20130524T000000Z\n"
        "20130524/us-east-1/s3/aws4_request\n"
        "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7");
  CHECK(signed_request.signature ==
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST_CASE("SigV4 header canonicalisation: case, whitespace, repeats, excluded and owned names") {
  SignableRequest request{"PUT",
                          "127.0.0.1:9000",
                          "/bucket/key",
                          {},
                          {{"X-Amz-Meta-Note", "  a   b\t\tc  "},
                           {"x-amz-meta-note", "second"},
                           {"User-Agent", "connectd"},
                           {"Expect", "100-continue"},
                           {"X-Amz-Date", "19990101T000000Z"},
                           {"Host", "elsewhere"},
                           {"Content-Type", "application/json"}},
                          kUnsignedPayload};
  const SigV4Signature signed_request = SignRequest(
      request, {"AKID", "secret", "the-session-token"}, "eu-west-1", kExampleTime);
  CHECK(signed_request.canonical_request ==
        "PUT\n"
        "/bucket/key\n"
        "\n"
        "content-type:application/json\n"
        "host:127.0.0.1:9000\n"
        "x-amz-content-sha256:UNSIGNED-PAYLOAD\n"
        "x-amz-date:20130524T000000Z\n"
        "x-amz-meta-note:a b c,second\n"
        "x-amz-security-token:the-session-token\n"
        "\n"
        "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-note;x-amz-security-token\n"
        "UNSIGNED-PAYLOAD");
  CHECK(signed_request.string_to_sign.rfind(
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/eu-west-1/s3/aws4_request\n", 0) == 0);
  REQUIRE(signed_request.headers_to_add.size() == 4);
  CHECK(signed_request.headers_to_add[0].second ==
        "AWS4-HMAC-SHA256 Credential=AKID/20130524/eu-west-1/s3/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-note;"
        "x-amz-security-token, Signature=" +
            signed_request.signature);
  CHECK(signed_request.headers_to_add[1] ==
        std::pair<std::string, std::string>("x-amz-date", "20130524T000000Z"));
  CHECK(signed_request.headers_to_add[2] ==
        std::pair<std::string, std::string>("x-amz-content-sha256", "UNSIGNED-PAYLOAD"));
  CHECK(signed_request.headers_to_add[3] ==
        std::pair<std::string, std::string>("x-amz-security-token", "the-session-token"));
}

TEST_CASE("SigV4 path and query encoding") {
  CHECK(UriEncode("AZaz09-._~", false) == "AZaz09-._~");
  CHECK(UriEncode("a b+c=d&e/f", false) == "a%20b%2Bc%3Dd%26e%2Ff");
  CHECK(UriEncode("a b/c", true) == "a%20b/c");
  CHECK(UriEncode("\xc3\xa9\x01\xff", false) == "%C3%A9%01%FF");
  CHECK(UriEncode("", true).empty());
  CHECK(EncodedPath("") == "/");
  CHECK(EncodedPath("/topics/my topic/partition=0/k+1~.json") ==
        "/topics/my%20topic/partition%3D0/k%2B1~.json");
  CHECK(CanonicalQueryString({}).empty());
  CHECK(CanonicalQueryString({{"uploadId", "x/y"}, {"partNumber", "2"}}) ==
        "partNumber=2&uploadId=x%2Fy");
  // Repeated names sort by value; sorting is on the encoded bytes ("%20" < "a", "A" < "a").
  CHECK(CanonicalQueryString({{"k", "b"}, {"k", "a"}, {"k", ""}, {"k", " "}, {"K", "z"}}) ==
        "K=z&k=&k=%20&k=a&k=b");
}

TEST_CASE("SigV4 primitives: SHA-256, HMAC-SHA256 (RFC 4231 case 2), timestamp") {
  CHECK(Sha256Hex("") == kEmptyPayloadSha256);
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
  REQUIRE(mac.size() == 32);
  static const unsigned char kExpected[32] = {
      0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
      0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
      0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
  CHECK(mac == std::string(reinterpret_cast<const char*>(kExpected), sizeof(kExpected)));
  CHECK(HmacSha256("", "").size() == 32);
  CHECK(AmzDate(kExampleTime) == "20130524T000000Z");
  CHECK(AmzDate(std::chrono::system_clock::from_time_t(1709251199)) == "20240229T235959Z");
}

}  // namespace
}  // namespace s3
}  // namespace connectd
