#include "rest/rest_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include "log/log.h"
#include "rest/connector_plugins_resource.h"
#include "rest/connectors_resource.h"
#include "rest/logging_resource.h"
#include "rest/rest_exchange.h"
#include "rest/root_resource.h"
#include "runtime/worker.h"

namespace connectd {

namespace {

// How long GET /health waits for the worker before calling it unhealthy (Kafka's default).
constexpr int64_t kHealthTimeoutMs = 10000;

struct ServerState {
  Worker* worker;
  const std::string* kafka_cluster_id;
  size_t max_body_bytes;
  const std::atomic<bool>* started;
};

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(const ServerState& state) : state_(state) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    RestReply reply = Handle(request);
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    if (reply.body.empty()) {
      response.setContentLength(0);
      response.send();
      return;
    }
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
    response.send().write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
  }

 private:
  RestReply Handle(Poco::Net::HTTPServerRequest& request) {
    RestRequest req;
    req.method = request.getMethod();
    try {
      Poco::URI uri(request.getURI());
      req.path = uri.getPath();
      uri.getPathSegments(req.segments);
      for (auto& kv : uri.getQueryParameters()) req.query.push_back(std::move(kv));
    } catch (const Poco::Exception& e) {
      return RestReply::Error(400, "Malformed request URI: " + e.displayText());
    }
    if (!ReadBody(request, &req.body)) {
      return RestReply::Error(400, "Request body is larger than " + std::to_string(state_.max_body_bytes) +
                                       " bytes (rest.max.request.bytes)");
    }
    if (req.segments.empty() || (req.segments[0] == "health" && req.segments.size() == 1)) {
      bool started = state_.started->load();
      // A worker stuck starting or stopping a connector is unhealthy, as Kafka's herder check.
      if (started && req.segments.size() == 1 && !state_.worker->Responsive(kHealthTimeoutMs)) {
        return RestReply::Error(500, "Worker was unable to handle this request and may be unable to handle other "
                                     "requests.");
      }
      return HandleRoot(req, *state_.kafka_cluster_id, started);
    }
    const std::string& top = req.segments[0];
    if (top == "connectors") return HandleConnectors(req, state_.worker);
    if (top == "connector-plugins") return HandleConnectorPlugins(req, state_.worker->plugins());
    if (top == "admin") return HandleLoggers(req);
    return RestReply::Error(404, "Unknown endpoint " + req.method + " " + req.path);
  }

  // Reads the whole body; false when it exceeds the limit.
  bool ReadBody(Poco::Net::HTTPServerRequest& request, std::string* body) {
    std::istream& in = request.stream();
    char buf[8192];
    while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
      body->append(buf, static_cast<size_t>(in.gcount()));
      if (body->size() > state_.max_body_bytes) return false;
    }
    return true;
  }

  ServerState state_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(const ServerState& state) : state_(state) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(state_);
  }

 private:
  ServerState state_;
};

}  // namespace

RestServer::RestServer(Worker* worker, std::string kafka_cluster_id, size_t max_body_bytes)
    : worker_(worker), kafka_cluster_id_(std::move(kafka_cluster_id)), max_body_bytes_(max_body_bytes) {}

RestServer::~RestServer() { Stop(); }

Status RestServer::Start(const std::string& host, int port) {
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(host, static_cast<Poco::UInt16>(port)));
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    params->setKeepAlive(true);
    threads_ = std::make_unique<Poco::ThreadPool>(1, 4);
    ServerState state{worker_, &kafka_cluster_id_, max_body_bytes_, &started_};
    server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(state), *threads_, socket, params);
    server_->start();
  } catch (const Poco::Exception& e) {
    return Status::IOError("cannot listen on http://" + host + ":" + std::to_string(port) + ": " + e.displayText() +
                           " (set listeners= in the worker config)");
  }
  return Status::OK();
}

void RestServer::Stop() {
  if (server_) {
    server_->stopAll(true);
    threads_->joinAll();
    server_.reset();
    threads_.reset();
  }
}

}  // namespace connectd
