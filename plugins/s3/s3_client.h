// A minimal S3 REST client for the S3 sink: the object and multipart-upload calls Confluent's S3
// sink makes, over Poco Net (HTTP, HTTPS through Poco NetSSL with the system CA store), each
// request signed with SigV4 (sigv4_signer.h) over the SHA-256 of its payload.
//
// Retries: connection failures, HTTP 5xx, 429, and the S3 codes SlowDown / RequestTimeout /
// InternalError are retried up to `part_retries` times (s3.part.retries) with "full jitter"
// exponential backoff: a uniformly random wait in [0, min(20 s, retry_backoff * 2^attempt)]
// (s3.retry.backoff.ms is the base), as the AWS SDK's FullJitterBackoffStrategy that Confluent
// configures. Anything else (other 4xx) fails at once.
//
// Errors throw S3Error (an sdk::ConnectException) whose message names the HTTP method, the
// operation, s3://bucket/key, the HTTP status, S3's error code and message, and a hint for the
// codes that mean a config mistake. Invalid configuration (a malformed store.url) throws
// sdk::ConnectException from the constructor naming the key.
//
// Threading: an S3Client keeps one keep-alive HTTP session per host and is not thread-safe; use
// one per task thread. It owns its sessions; nothing it returns refers back to it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectd/sdk.hpp"
#include "sigv4_signer.h"

namespace Poco {
namespace Net {
class HTTPClientSession;
}  // namespace Net
}  // namespace Poco

namespace connectd {
namespace s3 {

struct S3ClientConfig {
  // store.url: "http[s]://host[:port]" of an S3-compatible store; "" means AWS,
  // https://s3.<region>.amazonaws.com.
  std::string endpoint;
  // s3.region: the SigV4 signing region.
  std::string region = "us-east-1";
  // s3.path.style.access.enabled: "endpoint/bucket/key" instead of "bucket.endpoint/key".
  // Buckets whose names are not DNS labels (upper case, '_') and IPv4 endpoints always use
  // path style, as in the AWS SDK for Java.
  bool path_style_access = false;
  AwsCredentials credentials;
  std::chrono::milliseconds connect_timeout{10000};
  // Per send and per receive on the socket (the AWS SDK's socket timeout default).
  std::chrono::milliseconds socket_timeout{50000};
  // s3.part.retries: retries after the first attempt (0 = no retry).
  int part_retries = 3;
  // s3.retry.backoff.ms: the base of the exponential backoff.
  std::chrono::milliseconds retry_backoff{200};
};

// What S3 (or the connection) said about a failed request.
struct S3ErrorDetails {
  int http_status = 0;     // 0 when no HTTP response was received (connection failure)
  std::string code;        // S3's <Code>, e.g. "NoSuchBucket"; "" when the body had none
  std::string message;     // S3's <Message>, or the connection error
  std::string request_id;  // S3's <RequestId> (for AWS support), "" when absent
};

class S3Error : public sdk::ConnectException {
 public:
  S3Error(const std::string& what, S3ErrorDetails details, bool transient)
      : sdk::ConnectException(what), details_(std::move(details)), transient_(transient) {}
  const S3ErrorDetails& details() const { return details_; }
  // True when the request kept failing with retriable errors until retries ran out: the sink
  // may try the whole operation again later (sdk::RetriableException) rather than fail.
  bool transient() const { return transient_; }

 private:
  S3ErrorDetails details_;
  bool transient_;
};

// Where a request for (bucket, key) goes under the given addressing style.
struct S3RequestTarget {
  std::string scheme;       // "http" or "https"
  std::string host;         // to connect to
  uint16_t port = 0;
  std::string host_header;  // Host as sent and signed: port only when not the scheme default
  std::string raw_path;     // not URI-encoded: "/bucket/key" or "/key"
};

// Builds the target for `bucket`/`key` (key may be "" for bucket-level calls). Throws
// sdk::ConnectException naming store.url when `endpoint` is not "http[s]://host[:port][/]".
S3RequestTarget ResolveS3Target(const std::string& endpoint, const std::string& region,
                                bool path_style_access, const std::string& bucket,
                                const std::string& key);

// Parses S3's XML error body (<Error><Code/><Message/><RequestId/></Error>). Returns details with
// only http_status set when the body is empty or not an S3 error document.
S3ErrorDetails ParseS3ErrorBody(int http_status, std::string_view body);

// Whether a failed attempt is worth retrying (see the file comment). http_status 0 means the
// connection failed.
bool IsRetriableS3Failure(int http_status, const std::string& code);

struct CompletedPart {
  int part_number = 0;
  std::string etag;  // as UploadPart returned it, quotes included
};

struct S3ObjectSummary {
  std::string key;
  uint64_t size = 0;
  std::string etag;
};

struct ListObjectsPage {
  std::vector<S3ObjectSummary> objects;
  // Pass to the next ListObjectsV2 call; "" when this was the last page.
  std::string next_continuation_token;
};

class S3Client {
 public:
  // Throws sdk::ConnectException for an invalid endpoint. Does not contact S3.
  explicit S3Client(S3ClientConfig config);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Succeeds when the bucket exists and the credentials may use it. A missing bucket throws
  // S3Error with code "NoSuchBucket" (HEAD responses have no body; the code comes from the status).
  void HeadBucket(const std::string& bucket);

  // Uploads `body` as one object; returns its ETag.
  std::string PutObject(const std::string& bucket, const std::string& key, std::string_view body,
                        const std::string& content_type);

  // Starts a multipart upload; returns its UploadId.
  std::string CreateMultipartUpload(const std::string& bucket, const std::string& key,
                                    const std::string& content_type);
  // Uploads part `part_number` (1..10000; every part but the last must be >= 5 MiB); returns
  // its ETag for CompleteMultipartUpload.
  std::string UploadPart(const std::string& bucket, const std::string& key,
                         const std::string& upload_id, int part_number, std::string_view body);
  // Assembles the object from `parts` (ascending part numbers). S3 may answer 200 with an
  // <Error> body; that is reported as an error too. Returns the object's ETag.
  std::string CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id,
                                      const std::vector<CompletedPart>& parts);
  // Discards an upload and its parts.
  void AbortMultipartUpload(const std::string& bucket, const std::string& key,
                            const std::string& upload_id);

  // One page (up to `max_keys`, at most 1000) of the keys starting with `prefix`, in key order.
  ListObjectsPage ListObjectsV2(const std::string& bucket, const std::string& prefix,
                                const std::string& continuation_token, int max_keys = 1000);
  // The whole object's bytes.
  std::string GetObject(const std::string& bucket, const std::string& key);

 private:
  struct Request;
  struct Response;
  Response Send(const Request& request);
  Response SendOnce(const Request& request, const S3RequestTarget& target);
  Poco::Net::HTTPClientSession& SessionFor(const S3RequestTarget& target);

  S3ClientConfig config_;
  // Keep-alive sessions keyed by "scheme://host:port".
  std::map<std::string, std::unique_ptr<Poco::Net::HTTPClientSession>> sessions_;
};

}  // namespace s3
}  // namespace connectd
