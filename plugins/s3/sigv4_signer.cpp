#include "sigv4_signer.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <iterator>
#include <map>

#include "connectd/sdk.hpp"

namespace connectd {
namespace s3 {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr char kService[] = "s3";
constexpr char kHexDigits[] = "0123456789abcdef";

// OpenSSL one-shot functions may not accept a null pointer even for zero bytes.
const unsigned char* BytesOf(std::string_view bytes) {
  static const unsigned char kNothing = 0;
  return bytes.empty() ? &kNothing : reinterpret_cast<const unsigned char*>(bytes.data());
}

[[noreturn]] void ThrowOpenSslFailure(const char* what) {
  char detail[256];
  ERR_error_string_n(ERR_get_error(), detail, sizeof(detail));
  throw sdk::ConnectException(std::string("S3 request signing: OpenSSL ") + what +
                              " failed (" + detail + "); the process is probably out of memory");
}

std::string LowerHex(const unsigned char* bytes, size_t size) {
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kHexDigits[bytes[i] >> 4]);
    hex.push_back(kHexDigits[bytes[i] & 0x0f]);
  }
  return hex;
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool IsHeaderSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// SigV4's Trimall: no leading or trailing whitespace, each inner run becomes one space.
std::string TrimAll(std::string_view value) {
  std::string trimmed;
  bool pending_space = false;
  for (char c : value) {
    if (IsHeaderSpace(c)) {
      pending_space = !trimmed.empty();
      continue;
    }
    if (pending_space) trimmed.push_back(' ');
    pending_space = false;
    trimmed.push_back(c);
  }
  return trimmed;
}

// Headers the signer sets itself, or that are never signed (see SignableRequest::headers).
bool IsExcludedFromCallerHeaders(const std::string& lower_name) {
  static const char* const kExcluded[] = {
      "host",       "authorization", "x-amz-date",     "x-amz-content-sha256",
      "user-agent", "expect",        "x-amzn-trace-id", "x-amz-security-token"};
  return std::find(std::begin(kExcluded), std::end(kExcluded), lower_name) != std::end(kExcluded);
}

// The signed headers by lower-case name (std::map keeps them in the byte order SigV4 sorts by).
std::map<std::string, std::string> CanonicalHeaderMap(const SignableRequest& request,
                                                      const NameValuePairs& signer_headers) {
  std::map<std::string, std::string> canonical;
  auto add = [&canonical](const std::string& lower_name, std::string_view value) {
    std::string trimmed = TrimAll(value);
    auto found = canonical.find(lower_name);
    if (found == canonical.end()) {
      canonical.emplace(lower_name, std::move(trimmed));
    } else {
      found->second += "," + trimmed;
    }
  };
  add("host", request.host);
  for (const auto& header : request.headers) {
    std::string lower_name = AsciiLower(header.first);
    if (!IsExcludedFromCallerHeaders(lower_name)) add(lower_name, header.second);
  }
  for (const auto& header : signer_headers) add(header.first, header.second);
  return canonical;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(BytesOf(bytes), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    ThrowOpenSslFailure("SHA-256");
  }
  return LowerHex(digest, size);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), BytesOf(key), static_cast<int>(key.size()), BytesOf(data), data.size(),
           mac, &size) == nullptr) {
    ThrowOpenSslFailure("HMAC-SHA256");
  }
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string UriEncode(std::string_view bytes, bool keep_slash) {
  std::string encoded;
  encoded.reserve(bytes.size());
  for (char c : bytes) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || (keep_slash && c == '/');
    if (unreserved) {
      encoded.push_back(c);
      continue;
    }
    static constexpr char kUpperHex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(c);
    encoded.push_back('%');
    encoded.push_back(kUpperHex[byte >> 4]);
    encoded.push_back(kUpperHex[byte & 0x0f]);
  }
  return encoded;
}

std::string EncodedPath(std::string_view raw_path) {
  return raw_path.empty() ? std::string("/") : UriEncode(raw_path, true);
}

std::string CanonicalQueryString(const NameValuePairs& query) {
  NameValuePairs encoded;
  encoded.reserve(query.size());
  for (const auto& parameter : query) {
    encoded.emplace_back(UriEncode(parameter.first, false), UriEncode(parameter.second, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string canonical;
  for (const auto& parameter : encoded) {
    if (!canonical.empty()) canonical += '&';
    canonical += parameter.first + "=" + parameter.second;
  }
  return canonical;
}

std::string AmzDate(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[sizeof("20130524T000000Z")];
  std::strftime(text, sizeof(text), "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

SigV4Signature SignRequest(const SignableRequest& request, const AwsCredentials& credentials,
                           const std::string& region, std::chrono::system_clock::time_point time) {
  const std::string amz_date = AmzDate(time);
  const std::string date = amz_date.substr(0, 8);

  NameValuePairs signer_headers = {{"x-amz-date", amz_date},
                                   {"x-amz-content-sha256", request.payload_sha256_hex}};
  if (!credentials.session_token.empty()) {
    signer_headers.emplace_back("x-amz-security-token", credentials.session_token);
  }

  std::string canonical_headers;
  std::string signed_headers;
  for (const auto& header : CanonicalHeaderMap(request, signer_headers)) {
    canonical_headers += header.first + ":" + header.second + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += header.first;
  }

  SigV4Signature result;
  result.canonical_request = request.method + "\n" + EncodedPath(request.path) + "\n" +
                             CanonicalQueryString(request.query) + "\n" + canonical_headers +
                             "\n" + signed_headers + "\n" + request.payload_sha256_hex;

  const std::string scope = date + "/" + region + "/" + kService + "/aws4_request";
  result.string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" + scope + "\n" +
                          Sha256Hex(result.canonical_request);

  // The signing key is derived through the scope so it is only valid for this day, region and
  // service.
  const std::string date_key = HmacSha256("AWS4" + credentials.secret_access_key, date);
  const std::string region_key = HmacSha256(date_key, region);
  const std::string service_key = HmacSha256(region_key, kService);
  const std::string signing_key = HmacSha256(service_key, "aws4_request");
  const std::string mac = HmacSha256(signing_key, result.string_to_sign);
  result.signature = LowerHex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());

  result.headers_to_add.emplace_back(
      "Authorization", std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                           scope + ", SignedHeaders=" + signed_headers +
                           ", Signature=" + result.signature);
  for (auto& header : signer_headers) result.headers_to_add.push_back(std::move(header));
  return result;
}

}  // namespace s3
}  // namespace connectd
