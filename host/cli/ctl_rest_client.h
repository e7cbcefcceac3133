// WorkerRestClient: the HTTP side of `connectd ctl`, one request at a time to a running worker's
// Kafka Connect REST API (http only: the REST server has no TLS yet).
//
// Threading: one instance per thread; Call blocks until the whole answer is read or the
// timeout passes.
#pragma once

#include <string>

#include "error/status.h"

namespace connectd {

// What the worker answered: any HTTP status (4xx/5xx included) with the whole body.
struct WorkerReply {
  int status = 0;
  std::string body;
};

// Checks that `url` is one WorkerRestClient can talk to: http://HOST[:PORT][/PREFIX]. The
// InvalidArgument message quotes the url and shows the expected form.
Status CheckWorkerUrl(const std::string& url);

// Percent-encodes `segment` (a connector name) for use as one path segment, so names with
// '/', '?', '#', '%' or spaces reach the worker intact.
std::string EncodePathSegment(const std::string& segment);

class WorkerRestClient {
 public:
  // Precondition: CheckWorkerUrl(url) is OK. A path in the url (a reverse proxy's prefix) is
  // put before every request's path.
  explicit WorkerRestClient(std::string url);

  // Sends `method` `path` (starting with '/', already encoded, may hold a query) with `json_body`
  // when it is not empty. Any answer is OK with *out set; IOError only when no answer came
  // (connection refused, unknown host, timeout), naming the url and saying how to point ctl at
  // another worker.
  Status Call(const std::string& method, const std::string& path, const std::string& json_body, WorkerReply* out);

  const std::string& url() const { return url_; }

 private:
  std::string url_;
};

}  // namespace connectd
