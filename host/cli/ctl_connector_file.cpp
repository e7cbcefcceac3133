#include "cli/ctl_connector_file.h"

#include <rapidjson/document.h>

#include <utility>

#include "config/config_values.h"
#include "config/properties_file.h"

namespace connectd {

namespace {

// True when `text` is a JSON object with no "config" member: the flat PUT body shape. Anything
// else (properties, the REST body shape, invalid JSON) goes to ReadConnectorDefinition, whose
// errors say what is wrong.
bool IsFlatJsonConfig(const std::string& text) {
  const size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  rapidjson::Document doc;
  doc.Parse(text.data() + start, text.size() - start);
  return !doc.HasParseError() && doc.IsObject() && !doc.HasMember("config");
}

}  // namespace

Status ReadAppliedConnector(const std::string& path, ConnectorDefinition* out) {
  std::string text;
  Status s = ReadConfigFile(path, &text);
  if (!s.ok()) return s;
  if (!IsFlatJsonConfig(text)) return ReadConnectorDefinition(path, out);

  ConnectorDefinition def;
  s = ParseConfigJson(text, path, &def.config);
  if (!s.ok()) return s;
  auto name = def.config.find("name");
  if (name == def.config.end() || TrimConfigValue(name->second).empty()) {
    return Status::InvalidArgument(path + ": a flat JSON config needs a \"name\" key; add \"name\": \"<connector name>\" "
                                   "or use the shape {\"name\": ..., \"config\": {...}}");
  }
  def.name = name->second;
  auto cls = def.config.find("connector.class");
  if (cls == def.config.end() || TrimConfigValue(cls->second).empty()) {
    return Status::InvalidArgument(path + ": connector \"" + def.name +
                                   "\" has no \"connector.class\"; set it to the connector's class name or alias");
  }
  *out = std::move(def);
  return Status::OK();
}

}  // namespace connectd
