#include <doctest/doctest.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <string>
#include <vector>

#include "config/connector_config.h"
#include "converters/converter.h"
#include "plugin/abi_objects.h"
#include "plugin/plugin_registry.h"
#include "rest/config_infos.h"
#include "rest/connector_plugins_resource.h"
#include "transforms/transformation.h"

using namespace connectd;

namespace {

const char kSource[] = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const char kSink[] = "org.apache.kafka.connect.file.FileStreamSinkConnector";

// A registry holding the real file plugin, as connectd loads it from plugin.path.
struct FilePlugin {
  PluginRegistry registry;
  std::string version;
  FilePlugin() {
    Status s = registry.LoadFile(std::string(CONNECTD_TEST_PLUGIN_DIR) + "/connectd-file.so");
    REQUIRE_MESSAGE(s.ok(), s.message());
    const ConnectorPlugin* source = nullptr;
    REQUIRE(registry.Find(kSource, &source).ok());
    version = source->version;
    REQUIRE_FALSE(version.empty());
  }
};

RestRequest Request(const std::string& method, const std::string& path, const std::string& body = "",
                    std::vector<std::pair<std::string, std::string>> query = {}) {
  RestRequest req;
  req.method = method;
  req.path = path;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) req.segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  req.query = std::move(query);
  req.body = body;
  return req;
}

std::string Compact(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

rapidjson::Document Parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  REQUIRE_MESSAGE(!doc.HasParseError(), text);
  return doc;
}

// The element of a ConfigKeyInfo array with this name, as compact JSON.
std::string KeyInfo(const rapidjson::Value& keys, const std::string& name) {
  for (const auto& k : keys.GetArray()) {
    if (k["name"].GetString() == name) return Compact(k);
  }
  return "<no key " + name + ">";
}

// The "definition" or "value" of the ConfigInfos entry for `name`, as compact JSON.
std::string ConfigPart(const rapidjson::Value& infos, const std::string& name, const char* part) {
  for (const auto& c : infos["configs"].GetArray()) {
    if (c["value"]["name"].GetString() == name) return Compact(c[part]);
  }
  return "<no config " + name + ">";
}

std::vector<std::string> ConfigNames(const rapidjson::Value& infos) {
  std::vector<std::string> names;
  for (const auto& c : infos["configs"].GetArray()) names.emplace_back(c["value"]["name"].GetString());
  return names;
}

std::string FrameworkDoc(cd_connector_type type, const std::string& name) {
  for (const ConfigKey& k : FrameworkConfigKeys(type)) {
    if (k.name == name) return k.documentation;
  }
  return "<no framework key " + name + ">";
}

std::string ErrorBody(int status, const std::string& message) {
  return "{\"error_code\":" + std::to_string(status) + ",\"message\":\"" + message + "\"}";
}

}  // namespace

TEST_CASE("GET /connector-plugins lists the connectors, sinks first, as Kafka's PluginInfo") {
  FilePlugin file;
  const std::string v = file.version;
  std::string expected = std::string("[{\"class\":\"") + kSink + "\",\"type\":\"sink\",\"version\":\"" + v +
                         "\"},{\"class\":\"" + kSource + "\",\"type\":\"source\",\"version\":\"" + v + "\"}]";
  RestReply reply = HandleConnectorPlugins(Request("GET", "/connector-plugins"), file.registry);
  CHECK(reply.status == 200);
  CHECK(reply.body == expected);
  reply = HandleConnectorPlugins(Request("GET", "/connector-plugins", "", {{"connectorsOnly", "TRUE"}}), file.registry);
  CHECK(reply.body == expected);
}

TEST_CASE("GET /connector-plugins?connectorsOnly=false adds transformations, predicates and converters") {
  FilePlugin file;
  RestReply reply =
      HandleConnectorPlugins(Request("GET", "/connector-plugins", "", {{"connectorsOnly", "false"}}), file.registry);
  REQUIRE(reply.status == 200);
  rapidjson::Document doc = Parse(reply.body);
  std::vector<std::string> types;
  std::vector<std::string> classes;
  for (const auto& p : doc.GetArray()) {
    CHECK(p.MemberCount() == 3);
    types.emplace_back(p["type"].GetString());
    classes.emplace_back(p["class"].GetString());
  }
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  std::vector<std::string> expected_classes = {kSink, kSource};
  std::vector<std::string> expected_types = {"sink", "source"};
  auto append = [&](const std::vector<std::string>& names, const char* type) {
    for (const std::string& n : sorted(names)) {
      expected_classes.push_back(n);
      expected_types.emplace_back(type);
    }
  };
  append(TransformationClassNames(), "transformation");
  append(PredicateClassNames(), "predicate");
  append(ConverterClassNames(), "converter");
  CHECK(classes == expected_classes);
  CHECK(types == expected_types);
  // Built-ins carry the host's version.
  CHECK(reply.body.find("{\"class\":\"org.apache.kafka.connect.transforms.InsertField$Value\",\"type\":"
                        "\"transformation\",\"version\":\"" CONNECTD_VERSION "\"}") != std::string::npos);
  CHECK(reply.body.find("{\"class\":\"org.apache.kafka.connect.transforms.predicates.TopicNameMatches\",\"type\":"
                        "\"predicate\",\"version\":\"" CONNECTD_VERSION "\"}") != std::string::npos);
  CHECK(reply.body.find("{\"class\":\"org.apache.kafka.connect.json.JsonConverter\",\"type\":\"converter\","
                        "\"version\":\"" CONNECTD_VERSION "\"}") != std::string::npos);
}

TEST_CASE("GET /connector-plugins/{plugin}/config: the plugin's keys, then the framework keys, as ConfigKeyInfo") {
  FilePlugin file;
  RestReply reply = HandleConnectorPlugins(Request("GET", std::string("/connector-plugins/") + kSource + "/config"),
                                           file.registry);
  REQUIRE(reply.status == 200);
  rapidjson::Document keys = Parse(reply.body);
  std::vector<std::string> names;
  for (const auto& k : keys.GetArray()) names.emplace_back(k["name"].GetString());
  std::vector<std::string> expected_names = {"file", "topic", "batch.size"};
  for (const ConfigKey& k : FrameworkConfigKeys(CD_CONNECTOR_SOURCE)) expected_names.push_back(k.name);
  CHECK(names == expected_names);

  CHECK(KeyInfo(keys, "batch.size") ==
        "{\"name\":\"batch.size\",\"type\":\"INT\",\"required\":false,\"default_value\":\"2000\",\"importance\":"
        "\"LOW\",\"documentation\":\"The maximum number of records the source task can read from the file each "
        "time it is polled\",\"group\":null,\"width\":\"NONE\",\"display_name\":\"batch.size\",\"dependents\":[],"
        "\"order\":-1}");
  CHECK(KeyInfo(keys, "topic") ==
        "{\"name\":\"topic\",\"type\":\"STRING\",\"required\":true,\"default_value\":null,\"importance\":\"HIGH\","
        "\"documentation\":\"The topic to publish data to\",\"group\":null,\"width\":\"NONE\",\"display_name\":"
        "\"topic\",\"dependents\":[],\"order\":-1}");
  CHECK(KeyInfo(keys, "file") ==
        "{\"name\":\"file\",\"type\":\"STRING\",\"required\":false,\"default_value\":null,\"importance\":\"HIGH\","
        "\"documentation\":\"Source filename. If not specified, the standard input will be used\",\"group\":null,"
        "\"width\":\"NONE\",\"display_name\":\"file\",\"dependents\":[],\"order\":-1}");
  CHECK(KeyInfo(keys, "connector.class") ==
        "{\"name\":\"connector.class\",\"type\":\"STRING\",\"required\":true,\"default_value\":null,\"importance\":"
        "\"HIGH\",\"documentation\":\"" + FrameworkDoc(CD_CONNECTOR_SOURCE, "connector.class") +
            "\",\"group\":\"Common\",\"width\":\"LONG\",\"display_name\":\"Connector class\",\"dependents\":[],"
            "\"order\":2}");
  CHECK(KeyInfo(keys, "transforms") ==
        "{\"name\":\"transforms\",\"type\":\"LIST\",\"required\":false,\"default_value\":\"\",\"importance\":"
        "\"LOW\",\"documentation\":\"" + FrameworkDoc(CD_CONNECTOR_SOURCE, "transforms") +
            "\",\"group\":\"Transforms\",\"width\":\"LONG\",\"display_name\":\"Transforms\",\"dependents\":[],"
            "\"order\":8}");

  // Every name Find accepts selects the same definition.
  for (const char* alias : {"FileStreamSourceConnector", "FileStreamSource"}) {
    RestReply same =
        HandleConnectorPlugins(Request("GET", std::string("/connector-plugins/") + alias + "/config"), file.registry);
    CHECK(same.status == 200);
    CHECK(same.body == reply.body);
  }

  RestReply sink = HandleConnectorPlugins(Request("GET", "/connector-plugins/FileStreamSink/config"), file.registry);
  REQUIRE(sink.status == 200);
  rapidjson::Document sink_keys = Parse(sink.body);
  CHECK(KeyInfo(sink_keys, "topics.regex") ==
        "{\"name\":\"topics.regex\",\"type\":\"STRING\",\"required\":false,\"default_value\":\"\",\"importance\":"
        "\"HIGH\",\"documentation\":\"" + FrameworkDoc(CD_CONNECTOR_SINK, "topics.regex") +
            "\",\"group\":\"Common\",\"width\":\"LONG\",\"display_name\":\"Topics regex\",\"dependents\":[],"
            "\"order\":4}");
}

TEST_CASE("GET /connector-plugins/{plugin}/config for an unknown or built-in plugin is a 404") {
  FilePlugin file;
  RestReply reply = HandleConnectorPlugins(Request("GET", "/connector-plugins/Nope/config"), file.registry);
  CHECK(reply.status == 404);
  CHECK(reply.body == ErrorBody(404, "Unknown plugin Nope."));
  reply = HandleConnectorPlugins(Request("GET", "/connector-plugins/org.apache.kafka.connect.transforms.Filter/config"),
                                 file.registry);
  CHECK(reply.status == 404);
  CHECK(reply.body == ErrorBody(404,
                                "connectd does not publish a config definition for "
                                "org.apache.kafka.connect.transforms.Filter yet; only connector plugins have one at "
                                "/connector-plugins/{plugin}/config"));
}

TEST_CASE("PUT .../config/validate of a valid config: no errors, every framework and plugin key with its value") {
  FilePlugin file;
  RestReply reply = HandleConnectorPlugins(
      Request("PUT", "/connector-plugins/FileStreamSource/config/validate",
              std::string("{\"name\":\"src\",\"connector.class\":\"") + kSource +
                  "\",\"topic\":\" lines \",\"tasks.max\":\"007\",\"batch.size\":10}"),
      file.registry);
  REQUIRE(reply.status == 200);
  rapidjson::Document infos = Parse(reply.body);
  CHECK(std::string(infos["name"].GetString()) == kSource);
  CHECK(infos["error_count"].GetInt() == 0);
  CHECK(Compact(infos["groups"]) == "[\"Common\",\"Transforms\",\"Predicates\"]");
  std::vector<std::string> expected_names;
  for (const ConfigKey& k : FrameworkConfigKeys(CD_CONNECTOR_SOURCE)) expected_names.push_back(k.name);
  for (const char* k : {"file", "topic", "batch.size"}) expected_names.emplace_back(k);
  CHECK(ConfigNames(infos) == expected_names);
  // The member order of the whole object and of one entry, as Kafka's ConfigInfos/ConfigInfo.
  std::string head = "{\"name\":\"" + std::string(kSource) + "\",\"error_count\":0,\"groups\":[";
  CHECK(reply.body.compare(0, head.size(), head) == 0);
  CHECK(reply.body.find("{\"definition\":{\"name\":\"name\",") != std::string::npos);

  CHECK(ConfigPart(infos, "tasks.max", "value") ==
        "{\"name\":\"tasks.max\",\"value\":\"7\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "topic", "value") ==
        "{\"name\":\"topic\",\"value\":\"lines\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "batch.size", "value") ==
        "{\"name\":\"batch.size\",\"value\":\"10\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  // Absent keys: their default, or null without one.
  CHECK(ConfigPart(infos, "file", "value") ==
        "{\"name\":\"file\",\"value\":null,\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "transforms", "value") ==
        "{\"name\":\"transforms\",\"value\":\"\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "key.converter", "value") ==
        "{\"name\":\"key.converter\",\"value\":null,\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "tasks.max", "definition") ==
        "{\"name\":\"tasks.max\",\"type\":\"INT\",\"required\":false,\"default_value\":\"1\",\"importance\":"
        "\"HIGH\",\"documentation\":\"" + FrameworkDoc(CD_CONNECTOR_SOURCE, "tasks.max") +
            "\",\"group\":\"Common\",\"width\":\"SHORT\",\"display_name\":\"Tasks max\",\"dependents\":[],"
            "\"order\":3}");
}

TEST_CASE("PUT .../config/validate reports each bad key with Kafka's messages") {
  FilePlugin file;
  RestReply reply = HandleConnectorPlugins(
      Request("PUT", "/connector-plugins/FileStreamSourceConnector/config/validate",
              "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"abc\",\"batch.size\":\"0\"}"),
      file.registry);
  REQUIRE(reply.status == 200);
  rapidjson::Document infos = Parse(reply.body);
  CHECK(std::string(infos["name"].GetString()) == "FileStreamSource");
  CHECK(infos["error_count"].GetInt() == 4);
  CHECK(ConfigPart(infos, "name", "value") ==
        "{\"name\":\"name\",\"value\":null,\"recommended_values\":[],\"errors\":[\"Missing required configuration "
        "\\\"name\\\" which has no default value.\"],\"visible\":true}");
  CHECK(ConfigPart(infos, "topic", "value") ==
        "{\"name\":\"topic\",\"value\":null,\"recommended_values\":[],\"errors\":[\"Missing required configuration "
        "\\\"topic\\\" which has no default value.\"],\"visible\":true}");
  // A value that does not parse has no value; one that parses but is out of range keeps it.
  CHECK(ConfigPart(infos, "tasks.max", "value") ==
        "{\"name\":\"tasks.max\",\"value\":null,\"recommended_values\":[],\"errors\":[\"Invalid value abc for "
        "configuration tasks.max: Not a number of type INT\"],\"visible\":true}");
  CHECK(ConfigPart(infos, "batch.size", "value") ==
        "{\"name\":\"batch.size\",\"value\":\"0\",\"recommended_values\":[],\"errors\":[\"Invalid value 0 for "
        "configuration batch.size: Value must be at least 1\"],\"visible\":true}");
  CHECK(ConfigPart(infos, "connector.class", "value") ==
        "{\"name\":\"connector.class\",\"value\":\"FileStreamSource\",\"recommended_values\":[],\"errors\":[],"
        "\"visible\":true}");
}

TEST_CASE("PUT .../config/validate of a sink without topics names topics") {
  FilePlugin file;
  RestReply reply = HandleConnectorPlugins(
      Request("PUT", "/connector-plugins/FileStreamSink/config/validate",
              "{\"name\":\"s\",\"connector.class\":\"FileStreamSink\"}"),
      file.registry);
  REQUIRE(reply.status == 200);
  rapidjson::Document infos = Parse(reply.body);
  CHECK(infos["error_count"].GetInt() == 1);
  CHECK(ConfigPart(infos, "topics", "value") ==
        "{\"name\":\"topics\",\"value\":\"\",\"recommended_values\":[],\"errors\":[\"Must configure one of topics or "
        "topics.regex\"],\"visible\":true}");
}

TEST_CASE("PUT .../config/validate refuses a body that is not a flat JSON object of strings") {
  FilePlugin file;
  auto validate = [&](const std::string& body) {
    return HandleConnectorPlugins(Request("PUT", "/connector-plugins/FileStreamSource/config/validate", body),
                                  file.registry);
  };
  RestReply reply = validate("{\"connector.class\": ");
  CHECK(reply.status == 400);
  CHECK(reply.body == ErrorBody(400, "request body line 1 column 21: invalid JSON: Invalid value."));
  reply = validate("");
  CHECK(reply.status == 400);
  CHECK(reply.body == ErrorBody(400, "request body line 1 column 1: invalid JSON: The document is empty."));
  reply = validate("[\"FileStreamSource\"]");
  CHECK(reply.status == 400);
  CHECK(reply.body == ErrorBody(400, "request body: the JSON document is an array; expected an object of config keys "
                                     "and string values"));
  reply = validate("{\"connector.class\":\"FileStreamSource\",\"topic\":{\"a\":1}}");
  CHECK(reply.status == 400);
  CHECK(reply.body == ErrorBody(400, "request body: config value of \\\"topic\\\" is an object; connector config "
                                     "values are strings (write it as a string)"));
}

TEST_CASE("PUT .../config/validate checks connector.class against the plugin in the URL as Kafka does") {
  FilePlugin file;
  auto validate = [&](const std::string& plugin, const std::string& body) {
    return HandleConnectorPlugins(Request("PUT", "/connector-plugins/" + plugin + "/config/validate", body),
                                  file.registry);
  };
  RestReply reply = validate("FileStreamSink", std::string("{\"connector.class\":\"") + kSource + "\"}");
  CHECK(reply.status == 400);
  CHECK(reply.body == ErrorBody(400, std::string("Included connector type ") + kSource +
                                         " does not match request type FileStreamSink"));

  reply = validate("FileStreamSource", "{\"name\":\"x\",\"topic\":\"t\"}");
  CHECK(reply.status == 400);
  CHECK(reply.body == ErrorBody(400, "Connector config {name=x, topic=t} contains no connector type"));

  // The URL's name, suffix dropped, ends the class's: the full name and the short one agree.
  reply = validate(kSource, "{\"connector.class\":\"FileStreamSource\",\"name\":\"x\",\"topic\":\"t\"}");
  CHECK(reply.status == 200);
  reply = validate("FileStreamSource", std::string("{\"connector.class\":\"") + kSource + "\",\"name\":\"x\"}");
  CHECK(reply.status == 200);

  // A class the URL accepts but no plugin provides.
  reply = validate("Nope", "{\"connector.class\":\"com.example.NopeConnector\"}");
  CHECK(reply.status == 400);
  CHECK(reply.body == ErrorBody(400, "no connector plugin matches connector.class 'com.example.NopeConnector'; "
                                     "available: " + std::string(kSource) + ", " + kSink));
}

TEST_CASE("/connector-plugins answers unknown paths with 404 and wrong methods with 405") {
  FilePlugin file;
  RestReply reply = HandleConnectorPlugins(Request("POST", "/connector-plugins"), file.registry);
  CHECK(reply.status == 405);
  CHECK(reply.body == ErrorBody(405, "HTTP POST is not allowed on /connector-plugins; use GET"));
  reply = HandleConnectorPlugins(Request("PUT", "/connector-plugins/FileStreamSource/config"), file.registry);
  CHECK(reply.status == 405);
  reply = HandleConnectorPlugins(Request("GET", "/connector-plugins/FileStreamSource/config/validate"), file.registry);
  CHECK(reply.status == 405);
  CHECK(reply.body ==
        ErrorBody(405, "HTTP GET is not allowed on /connector-plugins/FileStreamSource/config/validate; use PUT"));
  reply = HandleConnectorPlugins(Request("GET", "/connector-plugins/FileStreamSource"), file.registry);
  CHECK(reply.status == 404);
  CHECK(reply.body == ErrorBody(404, "Unknown endpoint GET /connector-plugins/FileStreamSource"));
}

namespace {

cd_rc RejectIncrementingWithoutColumn(const cd_config* config, cd_error* err) {
  if (config->map.at("mode") == "incrementing" && config->map.count("column") == 0) {
    err->message = "mode=incrementing needs column; set column to the incrementing column's name";
    err->set = true;
    return CD_ERROR;
  }
  return CD_OK;
}

// An in-memory connector with a password, an enum, a double, a boolean and a list key.
ConnectorPlugin VaultPlugin() {
  ConnectorPlugin p;
  p.class_name = "com.example.VaultSourceConnector";
  p.type = CD_CONNECTOR_SOURCE;
  p.version = "2.0";
  ConfigKey password;
  password.name = "password";
  password.type = CD_CONFIG_PASSWORD;
  password.required = true;
  ConfigKey mode;
  mode.name = "mode";
  mode.type = CD_CONFIG_STRING;
  mode.default_value = "bulk";
  mode.valid_values = {"bulk", "incrementing"};
  ConfigKey ratio;
  ratio.name = "ratio";
  ratio.type = CD_CONFIG_DOUBLE;
  ratio.default_value = "1";
  ConfigKey flag;
  flag.name = "flag";
  flag.type = CD_CONFIG_BOOLEAN;
  flag.default_value = "false";
  ConfigKey hosts;
  hosts.name = "hosts";
  hosts.type = CD_CONFIG_LIST;
  hosts.default_value = "";
  ConfigKey secret_default;
  secret_default.name = "fallback.password";
  secret_default.type = CD_CONFIG_PASSWORD;
  secret_default.default_value = "changeme";
  p.config_keys = {password, mode, ratio, flag, hosts, secret_default};
  p.info.connector_validate = RejectIncrementingWithoutColumn;
  return p;
}

std::string Infos(const ConnectorPlugin& plugin, const ConfigMap& config) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  WriteConfigInfos(w, plugin, config.at("connector.class"), config);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

TEST_CASE("validation masks passwords, reports bad enums and prints values as Kafka parses them") {
  ConnectorPlugin plugin = VaultPlugin();
  std::string body = Infos(plugin, {{"name", "v"},
                                    {"connector.class", "VaultSource"},
                                    {"password", "s3cret"},
                                    {"mode", "sometimes"},
                                    {"ratio", " 2 "},
                                    {"flag", "TRUE"},
                                    {"hosts", " a , b,c "}});
  CHECK(body.find("s3cret") == std::string::npos);
  CHECK(body.find("changeme") == std::string::npos);
  rapidjson::Document infos = Parse(body);
  CHECK(infos["error_count"].GetInt() == 1);
  CHECK(ConfigPart(infos, "password", "value") ==
        "{\"name\":\"password\",\"value\":\"[hidden]\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "mode", "value") ==
        "{\"name\":\"mode\",\"value\":\"sometimes\",\"recommended_values\":[],\"errors\":[\"Invalid value sometimes "
        "for configuration mode: String must be one of (case insensitive): bulk, incrementing\"],\"visible\":true}");
  CHECK(ConfigPart(infos, "ratio", "value") ==
        "{\"name\":\"ratio\",\"value\":\"2.0\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "flag", "value") ==
        "{\"name\":\"flag\",\"value\":\"true\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "hosts", "value") ==
        "{\"name\":\"hosts\",\"value\":\"a,b,c\",\"recommended_values\":[],\"errors\":[],\"visible\":true}");
  CHECK(ConfigPart(infos, "fallback.password", "value") ==
        "{\"name\":\"fallback.password\",\"value\":\"[hidden]\",\"recommended_values\":[],\"errors\":[],"
        "\"visible\":true}");
  CHECK(ConfigPart(infos, "fallback.password", "definition") ==
        "{\"name\":\"fallback.password\",\"type\":\"PASSWORD\",\"required\":false,\"default_value\":\"[hidden]\","
        "\"importance\":\"MEDIUM\",\"documentation\":\"\",\"group\":null,\"width\":\"NONE\",\"display_name\":"
        "\"fallback.password\",\"dependents\":[],\"order\":-1}");
  CHECK(ConfigPart(infos, "ratio", "definition") ==
        "{\"name\":\"ratio\",\"type\":\"DOUBLE\",\"required\":false,\"default_value\":\"1.0\",\"importance\":"
        "\"MEDIUM\",\"documentation\":\"\",\"group\":null,\"width\":\"NONE\",\"display_name\":\"ratio\","
        "\"dependents\":[],\"order\":-1}");
}

TEST_CASE("the plugin's own validation runs once the table checks pass; its error is listed under connector.class") {
  ConnectorPlugin plugin = VaultPlugin();
  ConfigMap config = {{"name", "v"}, {"connector.class", "VaultSource"}, {"password", "p"}, {"mode", "incrementing"}};
  rapidjson::Document infos = Parse(Infos(plugin, config));
  CHECK(infos["error_count"].GetInt() == 1);
  CHECK(ConfigPart(infos, "connector.class", "value") ==
        "{\"name\":\"connector.class\",\"value\":\"VaultSource\",\"recommended_values\":[],\"errors\":[\"mode="
        "incrementing needs column; set column to the incrementing column's name\"],\"visible\":true}");

  // A table error first: the plugin's check is not asked (as when the connector starts).
  config.erase("password");
  infos = Parse(Infos(plugin, config));
  CHECK(infos["error_count"].GetInt() == 1);
  CHECK(ConfigPart(infos, "connector.class", "value") ==
        "{\"name\":\"connector.class\",\"value\":\"VaultSource\",\"recommended_values\":[],\"errors\":[],"
        "\"visible\":true}");

  config["password"] = "p";
  config["column"] = "id";
  infos = Parse(Infos(plugin, config));
  CHECK(infos["error_count"].GetInt() == 0);
}
