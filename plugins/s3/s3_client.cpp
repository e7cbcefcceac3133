#include "s3_client.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/Node.h>
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/SAX/XMLReader.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

namespace connectd {
namespace s3 {

struct S3Client::Request {
  std::string operation;  // S3 API name, e.g. "UploadPart"
  std::string method;
  std::string bucket;
  std::string key;
  std::string detail;  // appended to the operation in messages, e.g. " part 3 of upload X"
  NameValuePairs query;
  NameValuePairs headers;
  std::string_view body;
  // CompleteMultipartUpload may fail after S3 has sent "200 OK": the error is in the body.
  bool error_possible_in_200 = false;
};

struct S3Client::Response {
  int status = 0;
  std::string body;
  std::string etag;
  std::string bucket_region;  // x-amz-bucket-region, sent with redirects and HEAD errors
};

namespace {

constexpr char kS3XmlNamespace[] = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr std::chrono::milliseconds kMaxBackoff{20000};

// Sends all of `bytes` on a blocking socket (plain or TLS); a send may take only part of them.
void SendAll(Poco::Net::StreamSocket& socket, std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    int n = socket.sendBytes(bytes.data() + sent, static_cast<int>(std::min<size_t>(bytes.size() - sent, 1 << 30)));
    if (n <= 0) throw Poco::IOException("sending the request body failed");
    sent += static_cast<size_t>(n);
  }
}

bool IsDnsCompatibleBucket(const std::string& bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(bucket.front()) || !alnum(bucket.back())) return false;
  if (bucket.find("..") != std::string::npos) return false;
  return std::all_of(bucket.begin(), bucket.end(),
                     [&](char c) { return alnum(c) || c == '-' || c == '.'; });
}

// The AWS SDK for Java (which Confluent uses) addresses IPv4 endpoints path-style: a bucket
// cannot be a subdomain of an address.
bool IsIpv4Address(const std::string& host) {
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

std::string NameOf(const Poco::XML::Node* node) {
  return node->localName().empty() ? node->nodeName() : node->localName();
}

// Parses an S3 response document with external entities off (S3 never sends them).
Poco::AutoPtr<Poco::XML::Document> ParseXml(std::string_view body) {
  Poco::XML::DOMParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  return parser.parseMemory(body.data(), body.size());
}

std::vector<const Poco::XML::Node*> ChildElements(const Poco::XML::Node* parent,
                                                  const std::string& name) {
  std::vector<const Poco::XML::Node*> children;
  for (const Poco::XML::Node* child = parent->firstChild(); child != nullptr;
       child = child->nextSibling()) {
    if (child->nodeType() == Poco::XML::Node::ELEMENT_NODE && NameOf(child) == name) {
      children.push_back(child);
    }
  }
  return children;
}

std::string ChildText(const Poco::XML::Node* parent, const std::string& name) {
  auto children = ChildElements(parent, name);
  return children.empty() ? "" : children.front()->innerText();
}

std::string XmlEscape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      default: escaped.push_back(c);
    }
  }
  return escaped;
}

// HEAD responses carry no body, so the S3 code is inferred from the status as the AWS SDKs do.
void FillHeadBucketError(S3ErrorDetails& details, const std::string& bucket_region) {
  if (!details.code.empty()) return;
  if (details.http_status == 404) {
    details.code = "NoSuchBucket";
    details.message = "The specified bucket does not exist";
  } else if (details.http_status == 403) {
    details.code = "AccessDenied";
    details.message = "Access Denied";
  } else if (details.http_status == 301 || details.http_status == 400) {
    details.code = details.http_status == 301 ? "PermanentRedirect" : "BadRequest";
    details.message = bucket_region.empty() ? "The bucket is in another region"
                                            : "The bucket is in region " + bucket_region;
  }
}

// What to change for the S3 codes that mean a configuration mistake.
std::string HintFor(const std::string& code) {
  if (code == "NoSuchBucket") return "; create the bucket or correct s3.bucket.name";
  if (code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" || code == "AccessDenied" ||
      code == "ExpiredToken" || code == "InvalidToken") {
    return "; check the AWS credentials (aws.access.key.id/aws.secret.access.key, "
           "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws/credentials) and their permissions "
           "on the bucket";
  }
  if (code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" ||
      code == "IllegalLocationConstraintException") {
    return "; set s3.region to the bucket's region";
  }
  if (code == "RequestTimeTooSkewed") return "; synchronise this machine's clock (NTP)";
  return "";
}

std::chrono::milliseconds FullJitterBackoff(std::chrono::milliseconds base, int attempt) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  long long ceiling = base.count();
  for (int i = 0; i < attempt && ceiling < kMaxBackoff.count(); ++i) ceiling *= 2;
  ceiling = std::min<long long>(ceiling, kMaxBackoff.count());
  return std::chrono::milliseconds(std::uniform_int_distribution<long long>(0, ceiling)(random));
}

const Poco::Net::Context::Ptr& TlsClientContext() {
  static std::once_flag once;
  static Poco::Net::Context::Ptr context;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    // Verifies the server's chain against the system CA store; Poco checks the host name.
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                     Poco::Net::Context::VERIFY_RELAXED, 9, true);
  });
  return context;
}

}  // namespace

S3RequestTarget ResolveS3Target(const std::string& endpoint, const std::string& region,
                                bool path_style_access, const std::string& bucket,
                                const std::string& key) {
  std::string url = endpoint.empty() ? "https://s3." + region + ".amazonaws.com" : endpoint;
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw sdk::ConnectException("store.url \"" + url + "\" is not a URL (" + e.displayText() +
                                "); use http[s]://host[:port]");
  }
  if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty() ||
      (uri.getPath() != "" && uri.getPath() != "/") || !uri.getRawQuery().empty()) {
    throw sdk::ConnectException("store.url \"" + url +
                                "\" must be http[s]://host[:port] (no path or query)");
  }
  S3RequestTarget target;
  target.scheme = uri.getScheme();
  target.port = uri.getPort();
  bool virtual_host = !path_style_access && !bucket.empty() && IsDnsCompatibleBucket(bucket) &&
                      !IsIpv4Address(uri.getHost());
  target.host = virtual_host ? bucket + "." + uri.getHost() : uri.getHost();
  bool default_port = target.port == (target.scheme == "https" ? 443 : 80);
  target.host_header = default_port ? target.host : target.host + ":" + std::to_string(target.port);
  std::string key_path = key.empty() ? "" : "/" + key;
  target.raw_path = virtual_host ? (key.empty() ? "/" : key_path) : "/" + bucket + key_path;
  return target;
}

S3ErrorDetails ParseS3ErrorBody(int http_status, std::string_view body) {
  S3ErrorDetails details;
  details.http_status = http_status;
  if (body.empty()) return details;
  try {
    auto document = ParseXml(body);
    const Poco::XML::Element* root = document->documentElement();
    if (root == nullptr || NameOf(root) != "Error") return details;
    details.code = ChildText(root, "Code");
    details.message = ChildText(root, "Message");
    details.request_id = ChildText(root, "RequestId");
  } catch (const Poco::Exception&) {
    // Not XML (a proxy's HTML page, say): the caller reports the status alone.
  }
  return details;
}

bool IsRetriableS3Failure(int http_status, const std::string& code) {
  if (http_status == 0 || http_status >= 500 || http_status == 429) return true;
  return code == "SlowDown" || code == "RequestTimeout" || code == "InternalError" ||
         code == "ServiceUnavailable" || code == "Throttling" || code == "ThrottlingException";
}

S3Client::S3Client(S3ClientConfig config) : config_(std::move(config)) {
  ResolveS3Target(config_.endpoint, config_.region, config_.path_style_access, "", "");
  if (config_.part_retries < 0) {
    throw sdk::ConnectException("s3.part.retries is " + std::to_string(config_.part_retries) +
                                "; use 0 or more");
  }
}

S3Client::~S3Client() = default;

Poco::Net::HTTPClientSession& S3Client::SessionFor(const S3RequestTarget& target) {
  std::string id = target.scheme + "://" + target.host + ":" + std::to_string(target.port);
  auto& session = sessions_[id];
  if (!session) {
    if (target.scheme == "https") {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(target.host, target.port,
                                                                TlsClientContext());
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(target.host, target.port);
    }
    auto socket_timeout = Poco::Timespan(config_.socket_timeout.count() * 1000);
    session->setTimeout(Poco::Timespan(config_.connect_timeout.count() * 1000), socket_timeout,
                        socket_timeout);
    session->setKeepAlive(true);
  }
  return *session;
}

S3Client::Response S3Client::SendOnce(const Request& request, const S3RequestTarget& target) {
  std::string uri = EncodedPath(target.raw_path);
  if (!request.query.empty()) uri += "?" + CanonicalQueryString(request.query);
  Poco::Net::HTTPRequest http(request.method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
  http.set("Host", target.host_header);
  SignableRequest signable{request.method, target.host_header, target.raw_path, request.query,
                           request.headers,
                           request.body.empty() ? kEmptyPayloadSha256 : Sha256Hex(request.body)};
  SigV4Signature signature = SignRequest(signable, config_.credentials, config_.region,
                                         std::chrono::system_clock::now());
  for (const auto& header : request.headers) http.set(header.first, header.second);
  for (const auto& header : signature.headers_to_add) http.set(header.first, header.second);
  http.setKeepAlive(true);
  if (request.method == "PUT" || request.method == "POST") {
    http.setContentLength(static_cast<std::streamsize>(request.body.size()));
  }
  Poco::Net::HTTPClientSession& session = SessionFor(target);
  std::ostream& out = session.sendRequest(http);
  // sendRequest connected the socket. Without TCP_NODELAY the body's last partial segment waits
  // for the server's delayed ACK (tens of ms per request).
  session.socket().setNoDelay(true);
  // The request stream holds the header; the body then goes to the socket in one call. Through
  // the stream's 4 KB buffer a 2 MB object took 512 sends, each a segment the store had to read.
  out.flush();
  // std::ostream swallows the socket's exception and sets badbit instead.
  if (!out) throw Poco::IOException("sending the request header failed");
  SendAll(session.socket(), request.body);
  Poco::Net::HTTPResponse http_response;
  std::istream& in = session.receiveResponse(http_response);
  Response response;
  response.status = static_cast<int>(http_response.getStatus());
  Poco::StreamCopier::copyToString(in, response.body);
  response.etag = http_response.get("ETag", "");
  response.bucket_region = http_response.get("x-amz-bucket-region", "");
  return response;
}

S3Client::Response S3Client::Send(const Request& request) {
  S3RequestTarget target = ResolveS3Target(config_.endpoint, config_.region,
                                           config_.path_style_access, request.bucket, request.key);
  for (int attempt = 0;; ++attempt) {
    S3ErrorDetails failure;
    try {
      Response response = SendOnce(request, target);
      bool ok = response.status >= 200 && response.status < 300;
      failure = ParseS3ErrorBody(response.status, ok && !request.error_possible_in_200 ? "" : response.body);
      if (ok && failure.code.empty()) return response;
      if (request.method == "HEAD") FillHeadBucketError(failure, response.bucket_region);
      if (failure.code.empty() && failure.message.empty()) {
        failure.message = response.body.substr(0, 200);
      }
    } catch (const Poco::Exception& e) {
      // The connection may be half-used; the next attempt starts a fresh one.
      sessions_.clear();
      failure = S3ErrorDetails{0, "", "cannot reach " + target.scheme + "://" + target.host + ":" +
                                          std::to_string(target.port) + ": " + e.displayText(), ""};
    }
    bool retriable = IsRetriableS3Failure(failure.http_status, failure.code);
    if (!retriable || attempt >= config_.part_retries) {
      std::string what = request.method + " s3://" + request.bucket +
                         (request.key.empty() ? "" : "/" + request.key) + " (" + request.operation +
                         request.detail + ") failed" +
                         (attempt > 0 ? " after " + std::to_string(attempt + 1) + " attempts" : "") +
                         ": ";
      if (failure.http_status == 0) {
        what += failure.message + "; check store.url/s3.region and that the store is reachable";
      } else {
        what += std::to_string(failure.http_status) +
                (failure.code.empty() ? "" : " " + failure.code) + ": " + failure.message +
                (failure.request_id.empty() ? "" : " (RequestId " + failure.request_id + ")") +
                HintFor(failure.code);
      }
      throw S3Error(what, std::move(failure), retriable);
    }
    std::this_thread::sleep_for(FullJitterBackoff(config_.retry_backoff, attempt));
  }
}

void S3Client::HeadBucket(const std::string& bucket) {
  Request request{"HeadBucket", "HEAD", bucket, "", "", {}, {}, {}, false};
  Send(request);
}

std::string S3Client::PutObject(const std::string& bucket, const std::string& key,
                                std::string_view body, const std::string& content_type) {
  Request request{"PutObject", "PUT", bucket, key, "", {}, {{"Content-Type", content_type}}, body,
                  false};
  return Send(request).etag;
}

std::string S3Client::CreateMultipartUpload(const std::string& bucket, const std::string& key,
                                            const std::string& content_type) {
  Request request{"CreateMultipartUpload", "POST", bucket, key, "", {{"uploads", ""}},
                  {{"Content-Type", content_type}}, {}, false};
  Response response = Send(request);
  std::string upload_id;
  try {
    auto document = ParseXml(response.body);
    upload_id = ChildText(document->documentElement(), "UploadId");
  } catch (const Poco::Exception&) {
    upload_id.clear();
  }
  if (upload_id.empty()) {
    throw S3Error("POST s3://" + bucket + "/" + key +
                      " (CreateMultipartUpload) returned no UploadId; response: " +
                      response.body.substr(0, 200),
                  S3ErrorDetails{response.status, "", "no UploadId", ""}, false);
  }
  return upload_id;
}

std::string S3Client::UploadPart(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id, int part_number,
                                 std::string_view body) {
  Request request{"UploadPart", "PUT", bucket, key,
                  " part " + std::to_string(part_number) + " of upload " + upload_id,
                  {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}}, {}, body,
                  false};
  return Send(request).etag;
}

std::string S3Client::CompleteMultipartUpload(const std::string& bucket, const std::string& key,
                                              const std::string& upload_id,
                                              const std::vector<CompletedPart>& parts) {
  std::string xml = std::string("<CompleteMultipartUpload xmlns=\"") + kS3XmlNamespace + "\">";
  for (const CompletedPart& part : parts) {
    xml += "<Part><PartNumber>" + std::to_string(part.part_number) + "</PartNumber><ETag>" +
           XmlEscape(part.etag) + "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  Request request{"CompleteMultipartUpload", "POST", bucket, key,
                  " of " + std::to_string(parts.size()) + " parts, upload " + upload_id,
                  {{"uploadId", upload_id}}, {{"Content-Type", "application/xml"}}, xml, true};
  Response response = Send(request);
  try {
    auto document = ParseXml(response.body);
    return ChildText(document->documentElement(), "ETag");
  } catch (const Poco::Exception&) {
    // The upload is complete (200 without an <Error>); only the ETag is unknown.
    return "";
  }
}

void S3Client::AbortMultipartUpload(const std::string& bucket, const std::string& key,
                                    const std::string& upload_id) {
  Request request{"AbortMultipartUpload", "DELETE", bucket, key, " of upload " + upload_id,
                  {{"uploadId", upload_id}}, {}, {}, false};
  Send(request);
}

ListObjectsPage S3Client::ListObjectsV2(const std::string& bucket, const std::string& prefix,
                                        const std::string& continuation_token, int max_keys) {
  NameValuePairs query{{"list-type", "2"}, {"max-keys", std::to_string(max_keys)}};
  if (!prefix.empty()) query.emplace_back("prefix", prefix);
  if (!continuation_token.empty()) query.emplace_back("continuation-token", continuation_token);
  Request request{"ListObjectsV2", "GET", bucket, "", " prefix \"" + prefix + "\"", query, {}, {},
                  false};
  Response response = Send(request);
  ListObjectsPage page;
  try {
    auto document = ParseXml(response.body);
    const Poco::XML::Element* root = document->documentElement();
    for (const Poco::XML::Node* contents : ChildElements(root, "Contents")) {
      page.objects.push_back(S3ObjectSummary{ChildText(contents, "Key"),
                                             std::stoull("0" + ChildText(contents, "Size")),
                                             ChildText(contents, "ETag")});
    }
    if (ChildText(root, "IsTruncated") == "true") {
      page.next_continuation_token = ChildText(root, "NextContinuationToken");
    }
  } catch (const std::exception& e) {
    throw S3Error("GET s3://" + bucket + " (ListObjectsV2 prefix \"" + prefix +
                      "\") returned an unreadable listing: " + e.what(),
                  S3ErrorDetails{response.status, "", e.what(), ""}, false);
  }
  return page;
}

std::string S3Client::GetObject(const std::string& bucket, const std::string& key) {
  Request request{"GetObject", "GET", bucket, key, "", {}, {}, {}, false};
  return Send(request).body;
}

}  // namespace s3
}  // namespace connectd
