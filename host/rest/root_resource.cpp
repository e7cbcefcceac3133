#include "rest/root_resource.h"

namespace connectd {

namespace {

RestReply ServerInfo(const std::string& kafka_cluster_id) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("version");
  w.String(CONNECTD_VERSION);
  w.Key("commit");
  w.String("connectd");
  w.Key("kafka_cluster_id");
  w.String(kafka_cluster_id);
  w.EndObject();
  return RestReply::Json(200, buf);
}

// Kafka's WorkerStatus: 200 "healthy" once started, 503 "starting" before.
RestReply Health(bool started) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("status");
  w.String(started ? "healthy" : "starting");
  w.Key("message");
  w.String(started ? "Worker has completed startup and is ready to handle requests."
                   : "Worker is still starting up.");
  w.EndObject();
  return RestReply::Json(started ? 200 : 503, buf);
}

}  // namespace

RestReply HandleRoot(const RestRequest& req, const std::string& kafka_cluster_id, bool started) {
  if (req.method == "GET" && req.segments.empty()) return ServerInfo(kafka_cluster_id);
  if (req.method == "GET" && req.segments.size() == 1 && req.segments[0] == "health") return Health(started);
  return RestReply::Error(404, "Unknown endpoint " + req.method + " " + req.path);
}

}  // namespace connectd
