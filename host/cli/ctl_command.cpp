#include "cli/ctl_command.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/ctl_args.h"
#include "cli/ctl_connector_file.h"
#include "cli/ctl_rest_client.h"
#include "cli/ctl_views.h"

namespace connectd {

namespace {

constexpr const char* kDefaultUrl = "http://127.0.0.1:8083";

bool IsSuccess(int http_status) { return http_status >= 200 && http_status < 300; }

// Sends one request; a non-2xx answer becomes a Failed status carrying the worker's message.
Status Request(WorkerRestClient& client, const std::string& method, const std::string& path,
               const std::string& body, WorkerReply* reply) {
  Status s = client.Call(method, path, body, reply);
  if (!s.ok()) return s;
  if (!IsSuccess(reply->status)) return Status::Failed(WorkerErrorText(reply->status, reply->body));
  return Status::OK();
}

Status ParseReply(const WorkerRestClient& client, const std::string& what, const WorkerReply& reply,
                  rapidjson::Document* out) {
  out->Parse(reply.body.data(), reply.body.size());
  if (out->HasParseError()) {
    return Status::Failed("the worker at " + client.url() + " answered " + what + " with invalid JSON (" +
                          rapidjson::GetParseError_En(out->GetParseError()) + " at byte " +
                          std::to_string(out->GetErrorOffset()) + "); is it a Kafka Connect REST API?");
  }
  return Status::OK();
}

// Prints a JSON answer re-indented (or as it came when it is not JSON: the user still sees it).
void PrintJson(const std::string& body) {
  std::string pretty;
  std::cout << (PrettyJson(body, &pretty) ? pretty : body + "\n");
}

std::string ConnectorPath(const std::string& name) { return "/connectors/" + EncodePathSegment(name); }

// GETs `path`. With -o json prints the worker's answer and sets *printed; otherwise parses it
// into *doc for a table.
Status GetForTable(WorkerRestClient& client, const CtlInvocation& inv, const std::string& path,
                   rapidjson::Document* doc, bool* printed) {
  WorkerReply reply;
  Status s = Request(client, "GET", path, "", &reply);
  if (!s.ok()) return s;
  if (inv.format == CtlFormat::kJson) {
    PrintJson(reply.body);
    *printed = true;
    return Status::OK();
  }
  return ParseReply(client, "GET " + path, reply, doc);
}

Status GetConnectors(WorkerRestClient& client, const CtlInvocation& inv) {
  rapidjson::Document doc;
  bool printed = false;
  Status s = GetForTable(client, inv, "/connectors?expand=status&expand=info", &doc, &printed);
  if (!s.ok() || printed) return s;
  if (!doc.IsObject() || doc.MemberCount() == 0) {
    std::cerr << "No connectors found.\n";
    return Status::OK();
  }
  std::cout << ConnectorsTable(doc);
  return Status::OK();
}

Status GetPlugins(WorkerRestClient& client, const CtlInvocation& inv) {
  rapidjson::Document doc;
  bool printed = false;
  Status s = GetForTable(client, inv, "/connector-plugins?connectorsOnly=false", &doc, &printed);
  if (!s.ok() || printed) return s;
  std::cout << PluginsTable(doc);
  return Status::OK();
}

Status Describe(WorkerRestClient& client, const CtlInvocation& inv) {
  const std::string base = ConnectorPath(inv.connector);
  WorkerReply info;
  Status s = Request(client, "GET", base, "", &info);
  WorkerReply status;
  if (s.ok()) s = Request(client, "GET", base + "/status", "", &status);
  WorkerReply topics;
  if (s.ok()) s = client.Call("GET", base + "/topics", "", &topics);
  if (!s.ok()) return s;
  // 404: a worker without topic tracking; 403: topic tracking disabled (topic.tracking.enable=false).
  const bool has_topics = IsSuccess(topics.status);
  if (!has_topics && topics.status != 404 && topics.status != 403) {
    return Status::Failed(WorkerErrorText(topics.status, topics.body));
  }
  if (inv.format == CtlFormat::kJson) {
    PrintJson("{\"info\":" + info.body + ",\"status\":" + status.body +
              (has_topics ? ",\"topics\":" + topics.body : std::string()) + "}");
    return Status::OK();
  }
  rapidjson::Document info_doc;
  rapidjson::Document status_doc;
  rapidjson::Document topics_doc;
  s = ParseReply(client, "GET " + base, info, &info_doc);
  if (s.ok()) s = ParseReply(client, "GET " + base + "/status", status, &status_doc);
  if (s.ok() && has_topics) s = ParseReply(client, "GET " + base + "/topics", topics, &topics_doc);
  if (!s.ok()) return s;
  std::cout << ConnectorDescription(info_doc, status_doc, has_topics ? &topics_doc : nullptr);
  return Status::OK();
}

std::string ConfigJson(const ConfigMap& config) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [key, value] : config) {
    w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
    w.String(value);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

// Reads every file before sending anything, so a typo in the last file changes nothing; then
// applies them in order and stops at the first one the worker refuses.
Status Apply(WorkerRestClient& client, const CtlInvocation& inv) {
  std::vector<ConnectorDefinition> definitions;
  for (const std::string& file : inv.files) {
    ConnectorDefinition def;
    Status s = ReadAppliedConnector(file, &def);
    if (!s.ok()) return s;
    definitions.push_back(std::move(def));
  }
  for (const ConnectorDefinition& def : definitions) {
    WorkerReply reply;
    Status s = Request(client, "PUT", ConnectorPath(def.name) + "/config", ConfigJson(def.config), &reply);
    if (!s.ok()) return s;
    if (inv.format == CtlFormat::kJson) {
      PrintJson(reply.body);
    } else {
      std::cout << "connector " << def.name << (reply.status == 201 ? " created" : " configured") << "\n";
    }
  }
  return Status::OK();
}

// pause, resume, stop, delete and restart: a request whose answer is a confirmation. With
// -o json a body the worker sends (restart's 202 status) is printed instead of `done`.
Status Change(WorkerRestClient& client, const CtlInvocation& inv, const std::string& method, const std::string& path,
              const std::string& done) {
  WorkerReply reply;
  Status s = Request(client, method, path, "", &reply);
  if (!s.ok()) return s;
  if (inv.format == CtlFormat::kJson && !reply.body.empty()) {
    PrintJson(reply.body);
  } else {
    std::cout << done << "\n";
  }
  return Status::OK();
}

Status Restart(WorkerRestClient& client, const CtlInvocation& inv) {
  const std::string base = ConnectorPath(inv.connector);
  if (inv.task >= 0) {
    return Change(client, inv, "POST", base + "/tasks/" + std::to_string(inv.task) + "/restart",
                  "task " + std::to_string(inv.task) + " of connector " + inv.connector + " restarted");
  }
  const std::string path = base + "/restart?includeTasks=" + (inv.include_tasks ? "true" : "false") +
                           "&onlyFailed=" + (inv.only_failed ? "true" : "false");
  WorkerReply reply;
  Status s = Request(client, "POST", path, "", &reply);
  if (!s.ok()) return s;
  if (inv.format == CtlFormat::kJson && !reply.body.empty()) {
    PrintJson(reply.body);
  } else if (reply.status == 202) {
    // Kafka Connect answers 202 when the restart runs in the background (includeTasks or onlyFailed).
    std::cout << "connector " << inv.connector << " restart requested\n";
  } else {
    std::cout << "connector " << inv.connector << " restarted\n";
  }
  return Status::OK();
}

Status Offsets(WorkerRestClient& client, const CtlInvocation& inv) {
  rapidjson::Document doc;
  bool printed = false;
  Status s = GetForTable(client, inv, ConnectorPath(inv.connector) + "/offsets", &doc, &printed);
  if (!s.ok() || printed) return s;
  if (OffsetCount(doc) == 0) {
    std::cerr << "No offsets found for connector " << inv.connector << ".\n";
    return Status::OK();
  }
  std::cout << OffsetsTable(doc);
  return Status::OK();
}

Status Run(const CtlInvocation& inv) {
  WorkerRestClient client(inv.url);
  const std::string path = ConnectorPath(inv.connector);
  const std::string& name = inv.connector;
  switch (inv.action) {
    case CtlAction::kHelp: break;
    case CtlAction::kGetConnectors: return GetConnectors(client, inv);
    case CtlAction::kGetPlugins: return GetPlugins(client, inv);
    case CtlAction::kDescribeConnector: return Describe(client, inv);
    case CtlAction::kApply: return Apply(client, inv);
    case CtlAction::kPause: return Change(client, inv, "PUT", path + "/pause", "connector " + name + " paused");
    case CtlAction::kResume: return Change(client, inv, "PUT", path + "/resume", "connector " + name + " resumed");
    case CtlAction::kStop: return Change(client, inv, "PUT", path + "/stop", "connector " + name + " stopped");
    case CtlAction::kDelete: return Change(client, inv, "DELETE", path, "connector " + name + " deleted");
    case CtlAction::kRestart: return Restart(client, inv);
    case CtlAction::kOffsets: return Offsets(client, inv);
  }
  return Status::OK();
}

}  // namespace

int RunCtlCommand(const std::vector<std::string>& args) {
  const char* env_url = std::getenv("CONNECTD_URL");
  CtlInvocation inv;
  Status s = ParseCtlArgs(args, env_url != nullptr && *env_url != '\0' ? env_url : kDefaultUrl, &inv);
  if (!s.ok()) {
    std::cerr << "connectd ctl: " << s.message() << "\nRun 'connectd ctl --help' for usage.\n";
    return 2;
  }
  if (inv.action == CtlAction::kHelp) {
    std::cout << CtlUsage();
    return 0;
  }
  s = Run(inv);
  std::cout.flush();
  if (!s.ok()) {
    std::cerr << "connectd ctl: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace connectd
