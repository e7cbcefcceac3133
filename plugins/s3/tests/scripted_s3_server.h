// A scripted S3 endpoint for the plugin's unit tests: a Poco HTTP server in the test process that
// answers each request with the next scripted response (200 with no body once they run out) and
// records what it received.
//
// Threading: requests are served on the server's threads; Script() and received() may be called
// from any thread.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <cctype>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "aws_credentials.h"
#include "s3_client.h"

namespace connectd {
namespace s3 {
namespace testing {

struct ScriptedResponse {
  int status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
};

struct ReceivedRequest {
  std::string method;
  std::string uri;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  uint16_t client_port = 0;
};

// Answers each request with the next scripted response (200 with no body once they run out) and
// records what it received.
class ScriptedS3Server {
 public:
  ScriptedS3Server()
      : server_(new Factory(this), Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                new Poco::Net::HTTPServerParams) {
    server_.start();
  }
  ~ScriptedS3Server() { server_.stopAll(true); }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  void Script(std::vector<ScriptedResponse> responses) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_.assign(responses.begin(), responses.end());
  }
  std::vector<ReceivedRequest> received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(ScriptedS3Server* owner) : owner_(owner) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      ReceivedRequest received;
      received.method = request.getMethod();
      received.uri = request.getURI();
      for (const auto& header : request) {
        std::string name = header.first;
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        received.headers[name] = header.second;
      }
      Poco::StreamCopier::copyToString(request.stream(), received.body);
      received.client_port = request.clientAddress().port();
      ScriptedResponse answer;
      {
        std::lock_guard<std::mutex> lock(owner_->mutex_);
        owner_->received_.push_back(received);
        if (!owner_->script_.empty()) {
          answer = owner_->script_.front();
          owner_->script_.pop_front();
        }
      }
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
      for (const auto& header : answer.headers) response.set(header.first, header.second);
      response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
      response.send() << answer.body;
    }

   private:
    ScriptedS3Server* owner_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(ScriptedS3Server* owner) : owner_(owner) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(owner_);
    }

   private:
    ScriptedS3Server* owner_;
  };

  std::mutex mutex_;
  std::deque<ScriptedResponse> script_;
  std::vector<ReceivedRequest> received_;
  Poco::Net::HTTPServer server_;
};

inline S3ClientConfig ConfigFor(const ScriptedS3Server& server) {
  S3ClientConfig config;
  config.endpoint = server.endpoint();
  config.credentials = AwsCredentials{"AKIDEXAMPLE", "secret", ""};
  config.retry_backoff = std::chrono::milliseconds(1);
  return config;
}

inline std::string ErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
         message + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
}

}  // namespace testing
}  // namespace s3
}  // namespace connectd
