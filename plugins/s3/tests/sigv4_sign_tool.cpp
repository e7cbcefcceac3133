// s3_sigv4_sign: signs one S3 request with the plugin's SigV4 signer so that
// tests/integration/test_s3_sigv4.py can compare the result with botocore's.
//
// Input, one JSON object on stdin (strings are UTF-8; all keys required unless marked):
//   {"method": "PUT", "host": "bucket.s3.amazonaws.com", "path": "/raw key",
//    "query": [["uploadId", "x"], ...], "headers": [["Content-Type", "text/plain"], ...],
//    "payload_sha256_hex": "<hex>|UNSIGNED-PAYLOAD"  or  "body_file": "<path to hash>",
//    "access_key_id": "...", "secret_access_key": "...", "session_token": "..." (optional),
//    "region": "us-east-1", "epoch_seconds": 1369353600}
// Output, one JSON object on stdout:
//   {"request_target": "/raw%20key?...", "canonical_request": "...", "string_to_sign": "...",
//    "signature": "...", "headers": [["Authorization", "..."], ...]}
// Exit status 0, or 2 with a message on stderr when the input is unusable.
#include <rapidjson/document.h>
#include <rapidjson/istreamwrapper.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "sigv4_signer.h"

namespace connectd {
namespace s3 {
namespace {

std::string RequiredString(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsString()) {
    throw std::invalid_argument(std::string("input needs a string \"") + key + "\"");
  }
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

NameValuePairs RequiredPairs(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsArray()) {
    throw std::invalid_argument(std::string("input needs an array \"") + key +
                                "\" of [name, value] pairs");
  }
  NameValuePairs pairs;
  for (const auto& item : member->value.GetArray()) {
    if (!item.IsArray() || item.Size() != 2 || !item[0].IsString() || !item[1].IsString()) {
      throw std::invalid_argument(std::string("each \"") + key +
                                  "\" entry must be a [name, value] pair of strings");
    }
    pairs.emplace_back(std::string(item[0].GetString(), item[0].GetStringLength()),
                       std::string(item[1].GetString(), item[1].GetStringLength()));
  }
  return pairs;
}

std::string PayloadHash(const rapidjson::Document& input) {
  if (!input.HasMember("body_file")) return RequiredString(input, "payload_sha256_hex");
  const std::string path = RequiredString(input, "body_file");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument("cannot read body_file " + path);
  const std::string body((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return Sha256Hex(body);
}

void WritePairs(rapidjson::Writer<rapidjson::OStreamWrapper>& writer, const NameValuePairs& pairs) {
  writer.StartArray();
  for (const auto& pair : pairs) {
    writer.StartArray();
    writer.String(pair.first);
    writer.String(pair.second);
    writer.EndArray();
  }
  writer.EndArray();
}

int Run() {
  rapidjson::IStreamWrapper in(std::cin);
  rapidjson::Document input;
  if (input.ParseStream(in).HasParseError() || !input.IsObject()) {
    throw std::invalid_argument("stdin is not one JSON object");
  }
  SignableRequest request{RequiredString(input, "method"), RequiredString(input, "host"),
                          RequiredString(input, "path"),   RequiredPairs(input, "query"),
                          RequiredPairs(input, "headers"), PayloadHash(input)};
  AwsCredentials credentials{RequiredString(input, "access_key_id"),
                             RequiredString(input, "secret_access_key"),
                             input.HasMember("session_token")
                                 ? RequiredString(input, "session_token")
                                 : std::string()};
  auto epoch = input.FindMember("epoch_seconds");
  if (epoch == input.MemberEnd() || !epoch->value.IsInt64()) {
    throw std::invalid_argument("input needs an integer \"epoch_seconds\"");
  }
  const std::chrono::system_clock::time_point time(std::chrono::seconds(epoch->value.GetInt64()));

  const SigV4Signature signed_request =
      SignRequest(request, credentials, RequiredString(input, "region"), time);
  const std::string query = CanonicalQueryString(request.query);

  rapidjson::OStreamWrapper out(std::cout);
  rapidjson::Writer<rapidjson::OStreamWrapper> writer(out);
  writer.StartObject();
  writer.Key("request_target");
  writer.String(EncodedPath(request.path) + (query.empty() ? "" : "?" + query));
  writer.Key("canonical_request");
  writer.String(signed_request.canonical_request);
  writer.Key("string_to_sign");
  writer.String(signed_request.string_to_sign);
  writer.Key("signature");
  writer.String(signed_request.signature);
  writer.Key("headers");
  WritePairs(writer, signed_request.headers_to_add);
  writer.EndObject();
  std::cout << '\n';
  return 0;
}

}  // namespace
}  // namespace s3
}  // namespace connectd

int main() {
  try {
    return connectd::s3::Run();
  } catch (const std::exception& error) {
    std::cerr << "s3_sigv4_sign: " << error.what() << '\n';
    return 2;
  }
}
