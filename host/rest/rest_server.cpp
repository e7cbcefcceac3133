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
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <vector>

#include "config/connector_config_file.h"
#include "plugin/plugin_registry.h"
#include "runtime/worker.h"

namespace connectd {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Request bodies above this are refused with 400 (connector configs are small).
constexpr size_t kMaxBodyBytes = 1 << 20;

// Kafka Connect shows password values as this string.
constexpr const char* kHiddenPassword = "[hidden]";

const char* TypeName(cd_connector_type type) { return type == CD_CONNECTOR_SINK ? "sink" : "source"; }

bool IsPassword(const ConnectorPlugin* plugin, const std::string& key) {
  for (const ConfigKey& k : plugin->config_keys) {
    if (k.name == key) return k.type == CD_CONFIG_PASSWORD;
  }
  return false;
}

void WriteConfig(JsonWriter& w, const ConnectorPlugin* plugin, const ConfigMap& config) {
  w.StartObject();
  for (const auto& [k, v] : config) {
    w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(plugin != nullptr && IsPassword(plugin, k) ? kHiddenPassword : v);
  }
  w.EndObject();
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(Worker* worker, const std::string* cluster_id) : worker_(worker), cluster_id_(cluster_id) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    int status = Route(request, w);
    if (status >= 400) {
      buf.Clear();
      w.Reset(buf);
      w.StartObject();
      w.Key("error_code");
      w.Int(status);
      w.Key("message");
      w.String(error_);
      w.EndObject();
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    if (status == 204) {
      response.setContentLength(0);
      response.send();
      return;
    }
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(buf.GetSize()));
    response.send().write(buf.GetString(), static_cast<std::streamsize>(buf.GetSize()));
  }

 private:
  int Error(int status, std::string message) {
    error_ = std::move(message);
    return status;
  }

  // Reads the request body, refusing more than kMaxBodyBytes. False (with the error set) on failure.
  bool ReadBody(Poco::Net::HTTPServerRequest& request, std::string* body, int* status) {
    std::istream& in = request.stream();
    char buf[8192];
    while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
      body->append(buf, static_cast<size_t>(in.gcount()));
      if (body->size() > kMaxBodyBytes) {
        *status = Error(400, "Request body is larger than " + std::to_string(kMaxBodyBytes) + " bytes");
        return false;
      }
    }
    return true;
  }

  // The status code for a worker error, with its message.
  int ErrorFor(const Status& s) {
    switch (s.code()) {
      case Status::Code::kNotFound: return Error(404, s.message());
      case Status::Code::kAlreadyExists: return Error(409, s.message());
      case Status::Code::kInvalidArgument: return Error(400, s.message());
      default: return Error(500, s.message());
    }
  }

  // The connector's info after a create or update (201/200), even when it failed to start: it
  // exists, FAILED, as in Kafka Connect.
  int Created(JsonWriter& w, const std::string& name, int status) {
    ConnectorInfo info;
    if (!worker_->GetConnector(name, &info)) return Error(500, "Connector " + name + " vanished");
    const ConnectorPlugin* plugin = nullptr;
    worker_->plugins().Find(info.config["connector.class"], &plugin);
    Connector(w, info, plugin);
    return status;
  }

  int Route(Poco::Net::HTTPServerRequest& request, JsonWriter& w) {
    Poco::URI uri(request.getURI());
    std::vector<std::string> segments;
    uri.getPathSegments(segments);
    const std::string& method = request.getMethod();
    if (segments.empty() && method == "GET") return Root(w);
    if (!segments.empty() && segments[0] == "connector-plugins" && segments.size() == 1 && method == "GET") {
      return Plugins(w);
    }
    if (segments.empty() || segments[0] != "connectors") return Error(404, "Unknown endpoint " + uri.getPath());
    if (segments.size() == 1 && method == "GET") return Connectors(w, uri);
    if (segments.size() == 1 && method == "POST") {
      std::string body;
      int status = 0;
      if (!ReadBody(request, &body, &status)) return status;
      ConnectorDefinition def;
      Status s = ParseConnectorJson(body, "request body", &def);
      if (s.ok()) s = worker_->AddConnector(def);
      if (!s.ok() && s.code() != Status::Code::kFailed) return ErrorFor(s);
      return Created(w, def.name, 201);
    }
    if (segments.size() == 2 && method == "DELETE") {
      Status s = worker_->RemoveConnector(segments[1]);
      return s.ok() ? 204 : ErrorFor(s);
    }
    if (segments.size() == 3 && segments[2] == "config" && method == "PUT") {
      std::string body;
      int status = 0;
      if (!ReadBody(request, &body, &status)) return status;
      ConfigMap config;
      Status s = ParseConfigJson(body, "request body", &config);
      auto name = config.find("name");
      if (s.ok() && name != config.end() && name->second != segments[1]) {
        return Error(400, "Connector name configuration (" + name->second + ") doesn't match connector name in the URL (" +
                              segments[1] + ")");
      }
      bool created = false;
      if (s.ok()) s = worker_->PutConnectorConfig(segments[1], config, &created);
      if (!s.ok() && s.code() != Status::Code::kFailed) return ErrorFor(s);
      return Created(w, segments[1], created ? 201 : 200);
    }
    if (method != "GET") return Error(405, "HTTP " + method + " is not supported on " + uri.getPath() + " yet");
    ConnectorInfo info;
    if (!worker_->GetConnector(segments[1], &info)) return Error(404, "Connector " + segments[1] + " not found");
    const ConnectorPlugin* plugin = nullptr;
    worker_->plugins().Find(info.config["connector.class"], &plugin);
    if (segments.size() == 2) return Connector(w, info, plugin);
    if (segments.size() == 3 && segments[2] == "config") {
      WriteConfig(w, plugin, info.config);
      return 200;
    }
    if (segments.size() == 3 && segments[2] == "status") return ConnectorStatus(w, info);
    if (segments.size() == 3 && segments[2] == "tasks") return Tasks(w, info, plugin);
    return Error(404, "Unknown endpoint " + uri.getPath());
  }

  int Root(JsonWriter& w) {
    w.StartObject();
    w.Key("version");
    w.String(CONNECTD_VERSION);
    w.Key("commit");
    w.String("connectd");
    w.Key("kafka_cluster_id");
    w.String(*cluster_id_);
    w.EndObject();
    return 200;
  }

  int Plugins(JsonWriter& w) {
    w.StartArray();
    for (const auto& c : worker_->plugins().connectors()) {
      w.StartObject();
      w.Key("class");
      w.String(c->class_name);
      w.Key("type");
      w.String(TypeName(c->type));
      w.Key("version");
      w.String(c->version);
      w.EndObject();
    }
    w.EndArray();
    return 200;
  }

  // GET /connectors: the names, or with ?expand=status and/or ?expand=info an object keyed by name.
  int Connectors(JsonWriter& w, const Poco::URI& uri) {
    bool status = false;
    bool info = false;
    for (const auto& [key, value] : uri.getQueryParameters()) {
      if (key == "expand" && value == "status") status = true;
      if (key == "expand" && value == "info") info = true;
    }
    if (!status && !info) {
      w.StartArray();
      for (const std::string& name : worker_->ConnectorNames()) w.String(name);
      w.EndArray();
      return 200;
    }
    w.StartObject();
    for (const std::string& name : worker_->ConnectorNames()) {
      ConnectorInfo connector;
      if (!worker_->GetConnector(name, &connector)) continue;  // deleted meanwhile
      w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
      w.StartObject();
      if (status) {
        w.Key("status");
        ConnectorStatus(w, connector);
      }
      if (info) {
        const ConnectorPlugin* plugin = nullptr;
        worker_->plugins().Find(connector.config["connector.class"], &plugin);
        w.Key("info");
        Connector(w, connector, plugin);
      }
      w.EndObject();
    }
    w.EndObject();
    return 200;
  }

  int Connector(JsonWriter& w, const ConnectorInfo& info, const ConnectorPlugin* plugin) {
    w.StartObject();
    w.Key("name");
    w.String(info.name);
    w.Key("config");
    WriteConfig(w, plugin, info.config);
    w.Key("tasks");
    w.StartArray();
    for (size_t i = 0; i < info.tasks.size(); ++i) {
      w.StartObject();
      w.Key("connector");
      w.String(info.name);
      w.Key("task");
      w.Int(static_cast<int>(i));
      w.EndObject();
    }
    w.EndArray();
    w.Key("type");
    w.String(TypeName(info.type));
    w.EndObject();
    return 200;
  }

  static void WriteState(JsonWriter& w, const StateEntry& e) {
    w.Key("state");
    w.String(ConnectStateName(e.state));
    w.Key("worker_id");
    w.String(e.worker_id);
    if (e.state == ConnectState::kFailed) {
      w.Key("trace");
      w.String(e.trace);
    }
  }

  int ConnectorStatus(JsonWriter& w, const ConnectorInfo& info) {
    ConnectorStatusView status;
    worker_->services().statuses->Get(info.name, &status);  // unknown yet: UNASSIGNED
    w.StartObject();
    w.Key("name");
    w.String(info.name);
    w.Key("connector");
    w.StartObject();
    WriteState(w, status.connector);
    w.EndObject();
    w.Key("tasks");
    w.StartArray();
    for (const auto& [id, task] : status.tasks) {
      w.StartObject();
      w.Key("id");
      w.Int(id);
      WriteState(w, task);
      w.EndObject();
    }
    w.EndArray();
    w.Key("type");
    w.String(TypeName(info.type));
    w.EndObject();
    return 200;
  }

  int Tasks(JsonWriter& w, const ConnectorInfo& info, const ConnectorPlugin* plugin) {
    w.StartArray();
    for (size_t i = 0; i < info.tasks.size(); ++i) {
      w.StartObject();
      w.Key("id");
      w.StartObject();
      w.Key("connector");
      w.String(info.name);
      w.Key("task");
      w.Int(static_cast<int>(i));
      w.EndObject();
      w.Key("config");
      WriteConfig(w, plugin, info.tasks[i]);
      w.EndObject();
    }
    w.EndArray();
    return 200;
  }

  Worker* worker_;
  const std::string* cluster_id_;
  std::string error_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(Worker* worker, const std::string* cluster_id) : worker_(worker), cluster_id_(cluster_id) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(worker_, cluster_id_);
  }

 private:
  Worker* worker_;
  const std::string* cluster_id_;
};

}  // namespace

RestServer::RestServer(Worker* worker, std::string kafka_cluster_id)
    : worker_(worker), kafka_cluster_id_(std::move(kafka_cluster_id)) {}

RestServer::~RestServer() { Stop(); }

Status RestServer::Start(const std::string& host, int port) {
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(host, static_cast<Poco::UInt16>(port)));
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    params->setKeepAlive(true);
    threads_ = std::make_unique<Poco::ThreadPool>(1, 4);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(worker_, &kafka_cluster_id_), *threads_,
                                                      socket, params);
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
