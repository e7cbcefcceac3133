// RestServer: Kafka Connect's REST API on Poco's HTTP server, answering with the same paths,
// status codes and JSON shapes as the JVM worker. Served so far: GET / ; GET and POST
// /connectors (?expand=status|info); GET and DELETE /connectors/{name}; GET and PUT
// /connectors/{name}/config; GET /connectors/{name}/status and /tasks; GET /connector-plugins.
//
// Threading: Start/Stop on the main thread; requests are handled on Poco's server threads and
// only read the worker through its thread-safe query methods.
#pragma once

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
  RestServer(Worker* worker, std::string kafka_cluster_id);
  ~RestServer();

  // Listens on host:port; IOError names the address when it cannot bind.
  Status Start(const std::string& host, int port);
  // Stops accepting and waits for the requests being handled.
  void Stop();
  // The port actually bound (useful when 0 was asked).
  int port() const { return port_; }

 private:
  Worker* worker_;
  std::string kafka_cluster_id_;
  // Our own pool, so Stop() can wait for requests in progress before the worker goes away.
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

}  // namespace connectd
