#include "rest/connectors_resource.h"

#include <cerrno>
#include <cstdlib>

#include "config/connector_config_file.h"
#include "plugin/plugin_registry.h"
#include "rest/masked_config.h"
#include "runtime/worker.h"
#include "storage/offset_json.h"

namespace connectd {

namespace {

const char* TypeName(cd_connector_type type) { return type == CD_CONNECTOR_SINK ? "sink" : "source"; }

RestReply ErrorFor(const Status& s) {
  switch (s.code()) {
    case Status::Code::kNotFound: return RestReply::Error(404, s.message());
    case Status::Code::kAlreadyExists: return RestReply::Error(409, s.message());
    case Status::Code::kInvalidArgument: return RestReply::Error(400, s.message());
    default: return RestReply::Error(500, s.message());
  }
}

const ConnectorPlugin* PluginOf(const Worker& worker, const ConnectorInfo& info) {
  const ConnectorPlugin* plugin = nullptr;
  auto cls = info.config.find("connector.class");
  if (cls != info.config.end()) worker.plugins().Find(cls->second, &plugin);
  return plugin;
}

// Kafka's ConnectorTaskId: {"connector": name, "task": index}.
void WriteTaskId(JsonWriter& w, const std::string& connector, size_t task) {
  w.StartObject();
  w.Key("connector");
  w.String(connector);
  w.Key("task");
  w.Int(static_cast<int>(task));
  w.EndObject();
}

void WriteInfo(JsonWriter& w, const Worker& worker, const ConnectorInfo& info) {
  w.StartObject();
  w.Key("name");
  w.String(info.name);
  w.Key("config");
  WriteMaskedConfig(w, PluginOf(worker, info), info.config);
  w.Key("tasks");
  w.StartArray();
  for (size_t i = 0; i < info.tasks.size(); ++i) WriteTaskId(w, info.name, i);
  w.EndArray();
  w.Key("type");
  w.String(TypeName(info.type));
  w.EndObject();
}

void WriteState(JsonWriter& w, const StateEntry& e) {
  w.Key("state");
  w.String(ConnectStateName(e.state));
  w.Key("worker_id");
  w.String(e.worker_id);
  if (e.state == ConnectState::kFailed) {
    w.Key("trace");
    w.String(e.trace);
  }
}

void WriteTaskState(JsonWriter& w, int32_t id, const StateEntry& e) {
  w.StartObject();
  w.Key("id");
  w.Int(id);
  WriteState(w, e);
  w.EndObject();
}

void WriteStatus(JsonWriter& w, const ConnectorInfo& info, const ConnectorStatusView& status) {
  w.StartObject();
  w.Key("name");
  w.String(info.name);
  w.Key("connector");
  w.StartObject();
  WriteState(w, status.connector);
  w.EndObject();
  w.Key("tasks");
  w.StartArray();
  for (const auto& [id, task] : status.tasks) WriteTaskState(w, id, task);
  w.EndArray();
  w.Key("type");
  w.String(TypeName(info.type));
  w.EndObject();
}

ConnectorStatusView StatusOf(const Worker& worker, const std::string& name) {
  ConnectorStatusView status;
  worker.services().statuses->Get(name, &status);  // unknown yet: UNASSIGNED
  return status;
}

// Kafka's query booleans: "true" in any case is true, anything else false.
bool QueryFlag(const RestRequest& req, const std::string& key) {
  std::string v = req.QueryParam(key, "false");
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return v == "true";
}

// The connector's info after a create or update, even when it failed to start: it exists,
// FAILED, as in Kafka Connect.
RestReply InfoReply(const Worker& worker, const std::string& name, int status) {
  ConnectorInfo info;
  if (!worker.GetConnector(name, &info)) return RestReply::Error(500, "Connector " + name + " vanished");
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  WriteInfo(w, worker, info);
  return RestReply::Json(status, buf);
}

// GET /connectors: the names, or with ?expand=status and/or ?expand=info an object keyed by name.
RestReply List(const RestRequest& req, const Worker& worker) {
  bool status = false;
  bool info = false;
  bool expand = false;
  for (const auto& [key, value] : req.query) {
    if (key != "expand") continue;
    expand = true;
    if (value == "status") status = true;
    if (value == "info") info = true;
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  if (!expand) {
    w.StartArray();
    for (const std::string& name : worker.ConnectorNames()) w.String(name);
    w.EndArray();
    return RestReply::Json(200, buf);
  }
  w.StartObject();
  for (const std::string& name : worker.ConnectorNames()) {
    ConnectorInfo connector;
    if (!worker.GetConnector(name, &connector)) continue;  // deleted meanwhile
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.StartObject();
    if (status) {
      w.Key("status");
      WriteStatus(w, connector, StatusOf(worker, name));
    }
    if (info) {
      w.Key("info");
      WriteInfo(w, worker, connector);
    }
    w.EndObject();
  }
  w.EndObject();
  return RestReply::Json(200, buf);
}

// POST /connectors {"name", "config", "initial_state"?}.
RestReply Create(const RestRequest& req, Worker* worker) {
  ConnectorDefinition def;
  Status s = ParseConnectorJson(req.body, "request body", &def);
  if (!s.ok()) return ErrorFor(s);
  // The body parsed above, so it is a JSON object.
  rapidjson::Document doc;
  doc.Parse(req.body.c_str(), req.body.size());
  TargetState initial = TargetState::kStarted;
  if (doc.HasMember("initial_state") && !doc["initial_state"].IsNull()) {
    const rapidjson::Value& v = doc["initial_state"];
    std::string state = v.IsString() ? v.GetString() : "";
    // Kafka's initial states are RUNNING, PAUSED and STOPPED.
    if (state == "RUNNING") initial = TargetState::kStarted;
    else if (state == "PAUSED") initial = TargetState::kPaused;
    else if (state == "STOPPED") initial = TargetState::kStopped;
    else return RestReply::Error(400, "Invalid initial_state; must be one of RUNNING, PAUSED or STOPPED");
  }
  s = worker->AddConnector(def, initial);
  if (!s.ok() && s.code() != Status::Code::kFailed) return ErrorFor(s);
  return InfoReply(*worker, def.name, 201);
}

RestReply PutConfig(const RestRequest& req, Worker* worker, const std::string& name) {
  ConfigMap config;
  Status s = ParseConfigJson(req.body, "request body", &config);
  if (!s.ok()) return ErrorFor(s);
  auto included = config.find("name");
  if (included != config.end() && included->second != name) {
    return RestReply::Error(400, "Connector name configuration (" + included->second +
                                     ") doesn't match connector name in the URL (" + name + ")");
  }
  bool created = false;
  s = worker->PutConnectorConfig(name, config, &created);
  if (!s.ok() && s.code() != Status::Code::kFailed) return ErrorFor(s);
  return InfoReply(*worker, name, created ? 201 : 200);
}

// PATCH /connectors/{name}/config: keys with null values are removed, others set.
RestReply PatchConfig(const RestRequest& req, Worker* worker, const std::string& name) {
  rapidjson::Document doc;
  RestReply error;
  if (!req.ParseJsonBody(&doc, &error)) return error;
  if (!doc.IsObject()) return RestReply::Error(400, "The config patch must be a JSON object of config keys");
  std::map<std::string, std::optional<std::string>> patch;
  for (const auto& m : doc.GetObject()) {
    std::string key = m.name.GetString();
    const rapidjson::Value& v = m.value;
    if (v.IsNull()) {
      patch[key] = std::nullopt;
    } else if (v.IsString()) {
      patch[key] = std::string(v.GetString(), v.GetStringLength());
    } else if (v.IsBool() || v.IsNumber()) {
      rapidjson::StringBuffer text;
      JsonWriter w(text);
      v.Accept(w);
      patch[key] = std::string(text.GetString(), text.GetSize());
    } else {
      return RestReply::Error(400, "Config key '" + key + "' must have a string, number, boolean or null value");
    }
  }
  auto included = patch.find("name");
  if (included != patch.end() && (!included->second || *included->second != name)) {
    return RestReply::Error(400, "Connector name configuration (" + included->second.value_or("null") +
                                     ") doesn't match connector name in the URL (" + name + ")");
  }
  Status s = worker->PatchConnectorConfig(name, patch);
  if (!s.ok() && s.code() != Status::Code::kFailed) return ErrorFor(s);
  return InfoReply(*worker, name, 200);
}

RestReply Restart(const RestRequest& req, Worker* worker, const std::string& name) {
  bool include_tasks = QueryFlag(req, "includeTasks");
  bool only_failed = QueryFlag(req, "onlyFailed");
  if (!include_tasks && !only_failed) {
    Status s = worker->RestartConnector(name);
    return s.ok() ? RestReply::NoContent() : ErrorFor(s);
  }
  ConnectorStatusView plan;
  Status s = worker->RestartConnectorAndTasks(name, include_tasks, only_failed, &plan);
  if (!s.ok()) return ErrorFor(s);
  ConnectorInfo info;
  if (!worker->GetConnector(name, &info)) return RestReply::Error(404, "Connector " + name + " not found");
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  WriteStatus(w, info, plan);
  return RestReply::Json(202, buf);
}

// A task id from the path; false when it is not a non-negative integer.
bool ParseTaskId(const std::string& text, int32_t* out) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  *out = static_cast<int32_t>(std::strtol(text.c_str(), nullptr, 10));
  return true;
}

RestReply Tasks(const Worker& worker, const ConnectorInfo& info) {
  const ConnectorPlugin* plugin = PluginOf(worker, info);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (size_t i = 0; i < info.tasks.size(); ++i) {
    w.StartObject();
    w.Key("id");
    WriteTaskId(w, info.name, i);
    w.Key("config");
    WriteMaskedConfig(w, plugin, info.tasks[i]);
    w.EndObject();
  }
  w.EndArray();
  return RestReply::Json(200, buf);
}

RestReply TaskEndpoint(const RestRequest& req, Worker* worker, const ConnectorInfo& info) {
  int32_t id = 0;
  if (!ParseTaskId(req.segments[3], &id)) return RestReply::Error(404, "Task " + req.segments[3] + " not found");
  if (req.segments.size() == 5 && req.segments[4] == "status" && req.method == "GET") {
    ConnectorStatusView status = StatusOf(*worker, info.name);
    auto it = status.tasks.find(id);
    if (it == status.tasks.end()) {
      return RestReply::Error(404, "No status found for task " + info.name + "-" + std::to_string(id));
    }
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    WriteTaskState(w, id, it->second);
    return RestReply::Json(200, buf);
  }
  if (req.segments.size() == 5 && req.segments[4] == "restart" && req.method == "POST") {
    Status s = worker->RestartTask(info.name, id);
    return s.ok() ? RestReply::NoContent() : ErrorFor(s);
  }
  return RestReply::Error(404, "Unknown endpoint " + req.method + " " + req.path);
}

RestReply Topics(const RestRequest& req, Worker* worker, const std::string& name) {
  if (req.segments.size() == 3 && req.method == "GET") {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.StartObject();
    w.Key("topics");
    w.StartArray();
    for (const std::string& t : worker->services().statuses->ActiveTopics(name)) w.String(t);
    w.EndArray();
    w.EndObject();
    w.EndObject();
    return RestReply::Json(200, buf);
  }
  if (req.segments.size() == 4 && req.segments[3] == "reset" && req.method == "PUT") {
    worker->services().statuses->ResetActiveTopics(name);
    return RestReply{202, ""};
  }
  return RestReply::Error(404, "Unknown endpoint " + req.method + " " + req.path);
}

// An offset or partition of a PATCH body, through the same JSON reading as the offset store.
Status ReadOffsetJson(OffsetJson& json, const rapidjson::Value& v, Value* out) {
  rapidjson::StringBuffer text;
  JsonWriter w(text);
  v.Accept(w);
  return json.Read(text.GetString(), text.GetSize(), out);
}

RestReply GetOffsets(Worker* worker, const std::string& name) {
  std::vector<ConnectorOffset> offsets;
  Status s = worker->GetOffsets(name, &offsets);
  if (!s.ok()) return ErrorFor(s);
  OffsetJson json;
  s = json.Init();
  if (!s.ok()) return ErrorFor(s);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("offsets");
  w.StartArray();
  for (const ConnectorOffset& o : offsets) {
    std::string partition;
    std::string offset;
    s = json.Write(o.partition, &partition);
    if (s.ok()) s = json.Write(o.offset, &offset);
    if (!s.ok()) return ErrorFor(s);
    w.StartObject();
    w.Key("partition");
    w.RawValue(partition.c_str(), partition.size(), rapidjson::kObjectType);
    w.Key("offset");
    w.RawValue(offset.c_str(), offset.size(), rapidjson::kObjectType);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return RestReply::Json(200, buf);
}

RestReply Message(const std::string& text) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("message");
  w.String(text);
  w.EndObject();
  return RestReply::Json(200, buf);
}

// PATCH /connectors/{name}/offsets {"offsets": [{"partition": {...}, "offset": {...} | null}]}.
RestReply AlterOffsets(const RestRequest& req, Worker* worker, const ConnectorInfo& info) {
  rapidjson::Document doc;
  RestReply error;
  if (!req.ParseJsonBody(&doc, &error)) return error;
  if (!doc.IsObject() || !doc.HasMember("offsets") || !doc["offsets"].IsArray() || doc["offsets"].Empty()) {
    return RestReply::Error(400, "Partitions / offsets need to be provided for an alter offsets request");
  }
  const rapidjson::Value& entries = doc["offsets"];
  Status s;
  if (info.type == CD_CONNECTOR_SINK) {
    std::vector<TopicPartitionOffset> offsets;
    s = ParseSinkOffsets(entries, &offsets);
    if (s.ok()) s = worker->AlterSinkOffsets(info.name, offsets);
  } else {
    OffsetJson json;
    s = json.Init();
    std::vector<ConnectorOffset> offsets;
    for (rapidjson::SizeType i = 0; s.ok() && i < entries.Size(); ++i) {
      const rapidjson::Value& e = entries[i];
      if (!e.IsObject() || !e.HasMember("partition") || !e["partition"].IsObject()) {
        s = Status::InvalidArgument("Source partitions must be JSON objects and may not be null or missing (offsets[" +
                                    std::to_string(i) + "])");
        break;
      }
      if (e.HasMember("offset") && !e["offset"].IsNull() && !e["offset"].IsObject()) {
        s = Status::InvalidArgument("Source offsets must be JSON objects or null (offsets[" + std::to_string(i) + "])");
        break;
      }
      ConnectorOffset o;
      s = ReadOffsetJson(json, e["partition"], &o.partition);
      if (s.ok() && e.HasMember("offset") && !e["offset"].IsNull()) s = ReadOffsetJson(json, e["offset"], &o.offset);
      offsets.push_back(std::move(o));
    }
    if (s.ok()) s = worker->AlterSourceOffsets(info.name, offsets);
  }
  if (!s.ok()) return ErrorFor(s);
  return Message("The offsets for this connector have been altered successfully");
}

RestReply Offsets(const RestRequest& req, Worker* worker, const ConnectorInfo& info) {
  if (req.method == "GET") return GetOffsets(worker, info.name);
  if (req.method == "PATCH") return AlterOffsets(req, worker, info);
  if (req.method == "DELETE") {
    Status s = worker->ResetOffsets(info.name);
    if (!s.ok()) return ErrorFor(s);
    return Message("The offsets for this connector have been reset successfully");
  }
  return RestReply::Error(405, "HTTP " + req.method + " is not allowed on " + req.path);
}

RestReply ChangeTargetState(const RestRequest& req, Worker* worker, const std::string& name, TargetState state) {
  if (req.method != "PUT") return RestReply::Error(405, "HTTP " + req.method + " is not allowed on " + req.path);
  Status s = worker->SetTargetState(name, state);
  if (!s.ok()) return ErrorFor(s);
  // Kafka answers pause and resume with 202, stop with 204.
  return state == TargetState::kStopped ? RestReply::NoContent() : RestReply{202, ""};
}

}  // namespace

RestReply HandleConnectors(const RestRequest& req, Worker* worker) {
  const auto& seg = req.segments;
  if (seg.size() == 1 && req.method == "GET") return List(req, *worker);
  if (seg.size() == 1 && req.method == "POST") return Create(req, worker);
  if (seg.size() == 1) return RestReply::Error(405, "HTTP " + req.method + " is not allowed on " + req.path);
  const std::string& name = seg[1];
  if (seg.size() == 2 && req.method == "DELETE") {
    Status s = worker->RemoveConnector(name);
    return s.ok() ? RestReply::NoContent() : ErrorFor(s);
  }
  if (seg.size() == 3 && seg[2] == "config" && req.method == "PUT") return PutConfig(req, worker, name);
  if (seg.size() == 3 && seg[2] == "config" && req.method == "PATCH") return PatchConfig(req, worker, name);
  if (seg.size() == 3 && seg[2] == "restart" && req.method == "POST") return Restart(req, worker, name);
  if (seg.size() == 3 && seg[2] == "pause") return ChangeTargetState(req, worker, name, TargetState::kPaused);
  if (seg.size() == 3 && seg[2] == "resume") return ChangeTargetState(req, worker, name, TargetState::kStarted);
  if (seg.size() == 3 && seg[2] == "stop") return ChangeTargetState(req, worker, name, TargetState::kStopped);

  ConnectorInfo info;
  if (!worker->GetConnector(name, &info)) return RestReply::Error(404, "Connector " + name + " not found");
  if (seg.size() >= 4 && seg[2] == "tasks") return TaskEndpoint(req, worker, info);
  if (seg.size() >= 3 && seg[2] == "topics") return Topics(req, worker, name);
  if (seg.size() == 3 && seg[2] == "offsets") return Offsets(req, worker, info);
  if (req.method != "GET") return RestReply::Error(405, "HTTP " + req.method + " is not allowed on " + req.path);
  if (seg.size() == 2) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    WriteInfo(w, *worker, info);
    return RestReply::Json(200, buf);
  }
  if (seg.size() == 3 && seg[2] == "config") {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    WriteMaskedConfig(w, PluginOf(*worker, info), info.config);
    return RestReply::Json(200, buf);
  }
  if (seg.size() == 3 && seg[2] == "status") {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    WriteStatus(w, info, StatusOf(*worker, name));
    return RestReply::Json(200, buf);
  }
  if (seg.size() == 3 && seg[2] == "tasks") return Tasks(*worker, info);
  return RestReply::Error(404, "Unknown endpoint " + req.method + " " + req.path);
}

}  // namespace connectd
