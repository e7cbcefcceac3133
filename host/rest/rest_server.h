// RestServer: Kafka Connect's REST API on Poco's HTTP server. It reads each request (refusing
// bodies above the configured limit), routes it by its first path segment to a resource
// (connectors_resource, connector_plugins_resource, logging_resource, root_resource) and writes
// the reply; the resources produce Kafka Connect's paths, status codes and JSON shapes.
//
// Threading: Start/Stop/MarkStarted on the main thread; requests are handled on the server's
// own threads and reach the worker only through its thread-safe methods.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "error/status.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace connectd {

class Worker;

class RestServer {
 public:
  // `max_body_bytes`: larger request bodies are refused with 400.
  RestServer(Worker* worker, std::string kafka_cluster_id, size_t max_body_bytes);
  ~RestServer();

  // Listens on host:port; IOError names the address when it cannot bind.
  Status Start(const std::string& host, int port);
  // The worker has loaded its connectors: GET /health turns from 503 "starting" to 200.
  void MarkStarted() { started_.store(true); }
  // Stops accepting and waits for the requests being handled.
  void Stop();
  // The port actually bound (useful when 0 was asked).
  int port() const { return port_; }

 private:
  Worker* worker_;
  std::string kafka_cluster_id_;
  size_t max_body_bytes_;
  std::atomic<bool> started_{false};
  // Our own pool, so Stop() can wait for requests in progress before the worker goes away.
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

}  // namespace connectd
