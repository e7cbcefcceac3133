#include "cli/ctl_rest_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <istream>
#include <ostream>
#include <utility>

namespace connectd {

namespace {

// Restarts and deletes wait for tasks to stop; Kafka Connect's own request timeout is 90 s.
constexpr int kRequestTimeoutSeconds = 90;
constexpr const char* kUrlForm = "http://HOST[:PORT][/PREFIX], e.g. http://127.0.0.1:8083";

}  // namespace

Status CheckWorkerUrl(const std::string& url) {
  try {
    Poco::URI uri(url);
    if (uri.getScheme() == "https") {
      return Status::InvalidArgument("URL '" + url + "': https is not supported yet (the worker's REST API is http); use " +
                                     kUrlForm);
    }
    if (uri.getScheme() != "http" || uri.getHost().empty()) {
      return Status::InvalidArgument("URL '" + url + "' is not of the form " + kUrlForm);
    }
    if (!uri.getQuery().empty() || !uri.getFragment().empty()) {
      return Status::InvalidArgument("URL '" + url + "' has a query or fragment; use " + kUrlForm);
    }
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("URL '" + url + "' is not valid (" + e.displayText() + "); use " + kUrlForm);
  }
  return Status::OK();
}

std::string EncodePathSegment(const std::string& segment) {
  std::string out;
  Poco::URI::encode(segment, "/?#[]@!$&'()*+,;=: ", out);
  return out;
}

WorkerRestClient::WorkerRestClient(std::string url) : url_(std::move(url)) {}

Status WorkerRestClient::Call(const std::string& method, const std::string& path, const std::string& json_body,
                              WorkerReply* out) {
  const Poco::URI base(url_);
  std::string prefix = base.getPathEtc();
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  try {
    Poco::Net::HTTPClientSession session(base.getHost(), base.getPort());
    session.setTimeout(Poco::Timespan(kRequestTimeoutSeconds, 0));
    Poco::Net::HTTPRequest request(method, prefix + path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Accept", "application/json");
    if (!json_body.empty()) {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(json_body.size()));
    } else if (method == "POST" || method == "PUT") {
      request.setContentLength(0);
    }
    std::ostream& body_out = session.sendRequest(request);
    body_out << json_body;
    Poco::Net::HTTPResponse response;
    std::istream& body_in = session.receiveResponse(response);
    WorkerReply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(body_in, reply.body);
    *out = std::move(reply);
  } catch (const Poco::Exception& e) {
    return Status::IOError("cannot reach connectd at " + url_ + ": " + e.displayText() +
                           " (is the worker running and listening there? pass --url or set CONNECTD_URL)");
  }
  return Status::OK();
}

}  // namespace connectd
