// AWS Signature Version 4 for S3 requests whose payload is sent in a single chunk (the
// Authorization header form, not presigned URLs and not aws-chunked streaming), written on
// OpenSSL libcrypto because there is no AWS SDK here. It follows AWS's "Signature Calculations
// for the Authorization Header: Transferring Payload in a Single Chunk" and produces the same
// headers as botocore's S3SigV4Auth (checked by tests/integration/test_s3_sigv4.py).
//
// Everything here is a pure function of its arguments: no clock is read (the signing time is a
// parameter) and no state is kept, so any thread may call. OpenSSL failing to hash (only on
// memory exhaustion) throws connectd::sdk::ConnectException, which fails the task.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectd {
namespace s3 {

// Ordered name/value pairs; repeated names are allowed (query strings, headers).
using NameValuePairs = std::vector<std::pair<std::string, std::string>>;

// x-amz-content-sha256 value for a payload that is not hashed (S3 then checks nothing about it).
inline constexpr char kUnsignedPayload[] = "UNSIGNED-PAYLOAD";
// Sha256Hex("") : the payload hash of GET/HEAD/DELETE requests without a body.
inline constexpr char kEmptyPayloadSha256[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  // Temporary (STS) credentials only; when non-empty it is sent and signed as
  // x-amz-security-token.
  std::string session_token;
};

// One HTTP request as it will be sent, minus the headers the signer adds.
struct SignableRequest {
  // Upper-case HTTP method as sent: "GET", "PUT", "POST", "DELETE", "HEAD".
  std::string method;
  // The Host header value as sent, port included when it is not the scheme's default
  // (e.g. "examplebucket.s3.us-east-1.amazonaws.com" or "127.0.0.1:9000").
  std::string host;
  // The RAW (not URI-encoded) absolute path, e.g. "/bucket/topics/a b/é.json". The signer encodes
  // each byte once with UriEncode keeping '/', as S3 expects (S3 paths are neither normalised nor
  // double-encoded). "" means "/". Send EncodedPath(path) as the request path.
  std::string path;
  // RAW query parameters in any order; the signer encodes and sorts them. A parameter without a
  // value ("?uploads") is {"uploads", ""}. Send CanonicalQueryString(query) as the query.
  NameValuePairs query;
  // Headers to sign besides host/x-amz-*: names in any case, values as sent. Repeated names are
  // signed as one header whose values are joined by ',' in the given order. User-Agent, Expect
  // and X-Amzn-Trace-Id are never signed (HTTP stacks and proxies add or rewrite them; botocore
  // skips them too). Host, Authorization, X-Amz-Date, X-Amz-Content-SHA256 and
  // X-Amz-Security-Token entries are ignored: the signer owns those.
  NameValuePairs headers;
  // Lower-case hex SHA-256 of the body (Sha256Hex(body); kEmptyPayloadSha256 without a body),
  // or kUnsignedPayload.
  std::string payload_sha256_hex;
};

// The outcome of signing. The intermediate strings are kept for tests and for diagnosing a
// SignatureDoesNotMatch error (S3 returns its own canonical request in the error body).
struct SigV4Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // 64 lower-case hex digits
  // To set (replacing any same-named header) on the outgoing request, in this order:
  // Authorization, x-amz-date, x-amz-content-sha256, then x-amz-security-token when the
  // credentials have a session token.
  NameValuePairs headers_to_add;
};

// Signs `request` for service "s3" in `region` (e.g. "us-east-1") at `time` (the caller's clock;
// S3 rejects signatures more than 15 minutes away from its own). Preconditions: the method and
// header names are valid HTTP tokens; credentials have a non-empty key id and secret.
SigV4Signature SignRequest(const SignableRequest& request, const AwsCredentials& credentials,
                           const std::string& region, std::chrono::system_clock::time_point time);

// The path to send: "/" when `raw_path` is empty, else UriEncode(raw_path, true).
std::string EncodedPath(std::string_view raw_path);

// The query string to send and to sign: each name and value URI-encoded ('/' too), pairs sorted
// by encoded name then encoded value, joined as "n=v&n=v" ("uploads=" for a bare "uploads").
std::string CanonicalQueryString(const NameValuePairs& query);

// AWS's UriEncode: bytes A-Z a-z 0-9 '-' '.' '_' '~' are kept, '/' is kept when `keep_slash`
// (paths), every other byte (including ' ', '+', '=' and each UTF-8 byte) becomes %XX with
// upper-case hex.
std::string UriEncode(std::string_view bytes, bool keep_slash);

// SigV4's timestamp format: "20130524T000000Z" (UTC).
std::string AmzDate(std::chrono::system_clock::time_point time);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// The raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

}  // namespace s3
}  // namespace connectd
