#include "rest/connector_plugins_resource.h"

#include <strings.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "config/connector_config_file.h"
#include "converters/converter.h"
#include "plugin/plugin_registry.h"
#include "rest/config_infos.h"
#include "rest/masked_config.h"
#include "transforms/transformation.h"

namespace connectd {

namespace {

// One entry of the listing, Kafka's PluginInfo.
struct PluginInfo {
  std::string class_name;
  const char* type;     // Kafka's PluginType in lower case
  std::string version;  // empty: omitted, as Kafka omits an undefined version
};

// Kafka keeps each plugin type in a set sorted by class name, then version.
void SortByClass(std::vector<PluginInfo>* infos) {
  std::stable_sort(infos->begin(), infos->end(), [](const PluginInfo& a, const PluginInfo& b) {
    return a.class_name != b.class_name ? a.class_name < b.class_name : a.version < b.version;
  });
}

// The host's built-in plugins of one type; they carry the host's version, as Kafka's built-in
// converters and transforms carry Kafka's.
void AppendBuiltIns(const std::vector<std::string>& class_names, const char* type, std::vector<PluginInfo>* out) {
  std::vector<PluginInfo> infos;
  for (const std::string& name : class_names) infos.push_back({name, type, CONNECTD_VERSION});
  SortByClass(&infos);
  out->insert(out->end(), infos.begin(), infos.end());
}

// Kafka's order: sink connectors, source connectors, transformations, predicates, converters
// (connectd has no separate header converters).
std::vector<PluginInfo> ListedPlugins(const PluginRegistry& plugins, bool connectors_only) {
  std::vector<PluginInfo> sinks;
  std::vector<PluginInfo> sources;
  for (const auto& c : plugins.connectors()) {
    if (c->type == CD_CONNECTOR_SINK) {
      sinks.push_back({c->class_name, "sink", c->version});
    } else {
      sources.push_back({c->class_name, "source", c->version});
    }
  }
  SortByClass(&sinks);
  SortByClass(&sources);
  std::vector<PluginInfo> all = std::move(sinks);
  all.insert(all.end(), sources.begin(), sources.end());
  if (!connectors_only) {
    AppendBuiltIns(TransformationClassNames(), "transformation", &all);
    AppendBuiltIns(PredicateClassNames(), "predicate", &all);
    AppendBuiltIns(ConverterClassNames(), "converter", &all);
  }
  return all;
}

// GET /connector-plugins[?connectorsOnly=false]. Like Jersey's boolean parameter, an absent or
// empty value means the default (true) and anything but "true" (any case) means false.
RestReply List(const RestRequest& req, const PluginRegistry& plugins) {
  std::string only = req.QueryParam("connectorsOnly");
  bool connectors_only = only.empty() || strcasecmp(only.c_str(), "true") == 0;
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (const PluginInfo& p : ListedPlugins(plugins, connectors_only)) {
    w.StartObject();
    w.Key("class");
    w.String(p.class_name);
    w.Key("type");
    w.String(p.type);
    if (!p.version.empty()) {
      w.Key("version");
      w.String(p.version);
    }
    w.EndObject();
  }
  w.EndArray();
  return RestReply::Json(200, buf);
}

// True when `name` selects one of the host's converters, transforms or predicates.
bool IsBuiltInPlugin(const std::string& name) {
  std::unique_ptr<Converter> converter;
  std::unique_ptr<Transformation> transformation;
  std::unique_ptr<Predicate> predicate;
  return CreateConverter(name, &converter).ok() || CreateTransformation(name, &transformation).ok() ||
         CreatePredicate(name, &predicate).ok();
}

// GET /connector-plugins/{plugin}/config.
RestReply ConfigDef(const std::string& name, const PluginRegistry& plugins) {
  const ConnectorPlugin* plugin = nullptr;
  if (!plugins.Find(name, &plugin).ok()) {
    if (IsBuiltInPlugin(name)) {
      return RestReply::Error(404, "connectd does not publish a config definition for " + name +
                                       " yet; only connector plugins have one at /connector-plugins/{plugin}/config");
    }
    return RestReply::Error(404, "Unknown plugin " + name + ".");
  }
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  WriteConnectorConfigDef(w, *plugin);
  return RestReply::Json(200, buf);
}

// Kafka's alias: a simple or full class name without its "Connector" suffix.
std::string WithoutConnectorSuffix(const std::string& name) {
  static const std::string suffix = "Connector";
  bool has_suffix = name.size() > suffix.size() &&
                    name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  return has_suffix ? name.substr(0, name.size() - suffix.size()) : name;
}

// Kafka's check that the body's connector.class is the plugin named in the URL: the class,
// without its "Connector" suffix, ends with the URL's name without that suffix. connectd also
// accepts two names that select the same connector (an alias and the class it stands for).
bool SameConnector(const std::string& included, const std::string& requested, const PluginRegistry& plugins) {
  std::string a = WithoutConnectorSuffix(included);
  std::string b = WithoutConnectorSuffix(requested);
  if (a.size() >= b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0) return true;
  const ConnectorPlugin* included_plugin = nullptr;
  const ConnectorPlugin* requested_plugin = nullptr;
  return plugins.Find(included, &included_plugin).ok() && plugins.Find(requested, &requested_plugin).ok() &&
         included_plugin == requested_plugin;
}

// A config as Java prints a Map ("{k1=v1, k2=v2}"), with the passwords `plugin` (may be null)
// declares masked.
std::string JavaMapText(const ConfigMap& config, const ConnectorPlugin* plugin) {
  std::string out = "{";
  for (const auto& [k, v] : config) {
    if (out.size() > 1) out += ", ";
    out += k + "=" + (IsPasswordKey(plugin, k) ? std::string(kHiddenPassword) : v);
  }
  return out + "}";
}

// PUT /connector-plugins/{plugin}/config/validate.
RestReply Validate(const std::string& name, const RestRequest& req, const PluginRegistry& plugins) {
  ConfigMap config;
  Status s = ParseConfigJson(req.body, "request body", &config);
  if (!s.ok()) return RestReply::Error(400, s.message());
  auto included = config.find("connector.class");
  if (included == config.end()) {
    const ConnectorPlugin* requested = nullptr;
    plugins.Find(name, &requested);  // only to mask its passwords in the message
    return RestReply::Error(400, "Connector config " + JavaMapText(config, requested) + " contains no connector type");
  }
  if (!SameConnector(included->second, name, plugins)) {
    return RestReply::Error(400, "Included connector type " + included->second + " does not match request type " + name);
  }
  const ConnectorPlugin* plugin = nullptr;
  s = plugins.Find(included->second, &plugin);
  if (!s.ok()) return RestReply::Error(400, s.message());
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  WriteConfigInfos(w, *plugin, included->second, config);
  return RestReply::Json(200, buf);
}

RestReply MethodNotAllowed(const RestRequest& req, const char* allowed) {
  return RestReply::Error(405, "HTTP " + req.method + " is not allowed on " + req.path + "; use " + allowed);
}

}  // namespace

RestReply HandleConnectorPlugins(const RestRequest& req, const PluginRegistry& plugins) {
  const std::vector<std::string>& seg = req.segments;
  if (seg.size() == 1) return req.method == "GET" ? List(req, plugins) : MethodNotAllowed(req, "GET");
  if (seg.size() == 3 && seg[2] == "config") {
    return req.method == "GET" ? ConfigDef(seg[1], plugins) : MethodNotAllowed(req, "GET");
  }
  if (seg.size() == 4 && seg[2] == "config" && seg[3] == "validate") {
    return req.method == "PUT" ? Validate(seg[1], req, plugins) : MethodNotAllowed(req, "PUT");
  }
  return RestReply::Error(404, "Unknown endpoint " + req.method + " " + req.path);
}

}  // namespace connectd
