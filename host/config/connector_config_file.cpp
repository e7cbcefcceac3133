#include "config/connector_config_file.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "config/properties_file.h"
#include "config/config_values.h"

namespace connectd {

namespace {

const char kUtf8Bom[] = "\xEF\xBB\xBF";
const char kJsonShape[] = "{\"name\": \"...\", \"config\": {\"connector.class\": \"...\", ...}}";

// 1-based line and column (in characters, not bytes) of byte `offset` in `text`.
std::string LineAndColumn(const std::string& text, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + " column " + std::to_string(column);
}

const char* JsonKindName(const rapidjson::Value& v) {
  if (v.IsObject()) return "an object";
  if (v.IsArray()) return "an array";
  if (v.IsNull()) return "null";
  return "a scalar";
}

// Jackson reads a JSON scalar into a String field as its text; numbers are parsed as strings
// (kParseNumbersAsStringsFlag), so "1.50" stays "1.50" as it does in Kafka.
bool ScalarText(const rapidjson::Value& v, std::string* out) {
  if (v.IsString()) {
    out->assign(v.GetString(), v.GetStringLength());
  } else if (v.IsBool()) {
    *out = v.GetBool() ? "true" : "false";
  } else {
    return false;
  }
  return true;
}

// The checks shared by both file formats: a non-blank name and a connector.class.
Status RequireNameAndClass(const std::string& source, const ConnectorDefinition& def) {
  if (TrimConfigValue(def.name).empty()) {
    return Status::InvalidArgument(source + ": \"name\" is empty; give the connector a name");
  }
  auto cls = def.config.find("connector.class");
  if (cls == def.config.end() || TrimConfigValue(cls->second).empty()) {
    return Status::InvalidArgument(source + ": connector \"" + def.name +
                                   "\" has no \"connector.class\"; set it to the connector's class name or alias");
  }
  return Status::OK();
}

// The members of a JSON object as a config map: strings, numbers and booleans as their text.
Status ReadConfigObject(const rapidjson::Value& object, const std::string& source, ConfigMap* out) {
  for (const auto& member : object.GetObject()) {
    std::string key(member.name.GetString(), member.name.GetStringLength());
    std::string value;
    if (!ScalarText(member.value, &value)) {
      return Status::InvalidArgument(source + ": config value of \"" + key + "\" is " + JsonKindName(member.value) +
                                     "; connector config values are strings (write it as a string)");
    }
    (*out)[key] = std::move(value);
  }
  return Status::OK();
}

// Parses `text` into *doc; the error names `source` and the line:column.
Status ParseDocument(const std::string& text, const std::string& source, rapidjson::Document* doc, std::string* body) {
  *body = text.compare(0, 3, kUtf8Bom) == 0 ? text.substr(3) : text;
  doc->Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag>(body->data(), body->size());
  if (doc->HasParseError()) {
    return Status::InvalidArgument(source + " " + LineAndColumn(*body, doc->GetErrorOffset()) +
                                   ": invalid JSON: " + rapidjson::GetParseError_En(doc->GetParseError()));
  }
  return Status::OK();
}

}  // namespace

Status ParseConfigJson(const std::string& text, const std::string& source, ConfigMap* out) {
  rapidjson::Document doc;
  std::string body;
  Status s = ParseDocument(text, source, &doc, &body);
  if (!s.ok()) return s;
  if (!doc.IsObject()) {
    return Status::InvalidArgument(source + ": the JSON document is " + JsonKindName(doc) +
                                   "; expected an object of config keys and string values");
  }
  ConfigMap config;
  s = ReadConfigObject(doc, source, &config);
  if (s.ok()) *out = std::move(config);
  return s;
}

Status ParseConnectorJson(const std::string& text, const std::string& source, ConnectorDefinition* out) {
  rapidjson::Document doc;
  std::string body;
  Status parsed = ParseDocument(text, source, &doc, &body);
  if (!parsed.ok()) return parsed;
  if (!doc.IsObject()) {
    return Status::InvalidArgument(source + ": the JSON document is " + JsonKindName(doc) + "; expected " + kJsonShape);
  }
  ConnectorDefinition def;
  auto name = doc.FindMember("name");
  if (name == doc.MemberEnd()) {
    return Status::InvalidArgument(source + ": missing \"name\"; expected " + kJsonShape);
  }
  if (!ScalarText(name->value, &def.name)) {
    return Status::InvalidArgument(source + ": \"name\" is " + JsonKindName(name->value) + "; it must be a string");
  }
  auto config = doc.FindMember("config");
  if (config == doc.MemberEnd()) {
    return Status::InvalidArgument(source + ": missing \"config\" object; expected " + kJsonShape);
  }
  if (!config->value.IsObject()) {
    return Status::InvalidArgument(source + ": \"config\" is " + JsonKindName(config->value) +
                                   "; it must be an object of string values, as in " + kJsonShape);
  }
  Status read = ReadConfigObject(config->value, source, &def.config);
  if (!read.ok()) return read;
  auto in_config = def.config.find("name");
  if (in_config == def.config.end()) {
    def.config["name"] = def.name;
  } else if (in_config->second != def.name) {
    return Status::InvalidArgument(source + ": \"config\" has name \"" + in_config->second + "\" but \"name\" is \"" +
                                   def.name + "\"; make them equal or remove name from config");
  }
  Status s = RequireNameAndClass(source, def);
  if (!s.ok()) return s;
  *out = std::move(def);
  return Status::OK();
}

Status ReadConnectorDefinition(const std::string& path, ConnectorDefinition* out) {
  std::string text;
  Status s = ReadConfigFile(path, &text);
  if (!s.ok()) return s;
  size_t first = text.compare(0, 3, kUtf8Bom) == 0 ? 3 : 0;
  first = text.find_first_not_of(" \t\r\n\f", first);
  if (first != std::string::npos && text[first] == '{') return ParseConnectorJson(text, path, out);

  ConnectorDefinition def;
  s = ParseProperties(text, path, &def.config);
  if (!s.ok()) return s;
  auto name = def.config.find("name");
  if (name == def.config.end()) {
    return Status::InvalidArgument(path + ": missing \"name\"; add a line name=<connector name>");
  }
  def.name = name->second;
  s = RequireNameAndClass(path, def);
  if (!s.ok()) return s;
  *out = std::move(def);
  return Status::OK();
}

}  // namespace connectd
