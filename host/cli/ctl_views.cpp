#include "cli/ctl_views.h"

#include <Poco/Net/HTTPResponse.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "cli/ctl_table.h"
#include "config/config_values.h"

namespace connectd {

namespace {

// Longest error body shown when it is not Kafka Connect's JSON (an HTML page from a proxy).
constexpr size_t kMaxRawErrorChars = 300;
// Width of the "Name:", "State:" ... labels of the describe page, values start after it.
constexpr size_t kLabelWidth = 10;

// The member `key` of `object`, or a null value when `object` is no object or has no such member.
const rapidjson::Value& Member(const rapidjson::Value& object, const char* key) {
  static const rapidjson::Value kNull;
  if (!object.IsObject()) return kNull;
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? kNull : it->value;
}

std::string StringMember(const rapidjson::Value& object, const char* key) {
  const rapidjson::Value& v = Member(object, key);
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

std::string CompactJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// The entries of an array member, or none when it is missing or not an array.
std::vector<const rapidjson::Value*> ArrayMember(const rapidjson::Value& object, const char* key) {
  std::vector<const rapidjson::Value*> out;
  const rapidjson::Value& v = Member(object, key);
  if (v.IsArray()) {
    for (const auto& item : v.GetArray()) out.push_back(&item);
  }
  return out;
}

// A task's "id" as text ("" when missing); ids are numbers in Kafka Connect's status.
std::string TaskId(const rapidjson::Value& task) {
  const rapidjson::Value& id = Member(task, "id");
  if (id.IsNull()) return "";
  if (id.IsInt64()) return std::to_string(id.GetInt64());
  return id.IsString() ? std::string(id.GetString(), id.GetStringLength()) : CompactJson(id);
}

void AddLine(std::string* out, const std::string& label, const std::string& value) {
  std::string head = label + ":";
  if (head.size() < kLabelWidth) head.append(kLabelWidth - head.size(), ' ');
  *out += head + value + "\n";
}

// Every line of `text` indented by `indent` spaces (a Java stack trace keeps its shape).
std::string Indented(const std::string& text, size_t indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.append(indent, ' ');
    out.append(text, start, end - start);
    out += '\n';
    start = end + 1;
  }
  return out;
}

// A config value on one line: newlines and tabs shown as escapes, as in a .properties file.
std::string OneLineValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out;
}

// A PrettyWriter that writes numbers as their source text: RapidJSON's own RawNumber quotes them.
class ExactNumberPrettyWriter : public rapidjson::PrettyWriter<rapidjson::StringBuffer> {
 public:
  using PrettyWriter::PrettyWriter;
  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    return RawValue(text, length, rapidjson::kNumberType);
  }
};

}  // namespace

std::string ConnectorsTable(const rapidjson::Value& expanded) {
  std::vector<std::vector<std::string>> rows;
  if (expanded.IsObject()) {
    for (const auto& entry : expanded.GetObject()) {
      const rapidjson::Value& connector = entry.value;
      const rapidjson::Value& status = Member(connector, "status");
      const rapidjson::Value& info = Member(connector, "info");
      std::string type = StringMember(info, "type");
      if (type.empty()) type = StringMember(status, "type");
      std::vector<const rapidjson::Value*> tasks = ArrayMember(status, "tasks");
      const size_t running = static_cast<size_t>(std::count_if(
          tasks.begin(), tasks.end(), [](const rapidjson::Value* t) { return StringMember(*t, "state") == "RUNNING"; }));
      rows.push_back({std::string(entry.name.GetString(), entry.name.GetStringLength()), type,
                      StringMember(Member(status, "connector"), "state"),
                      std::to_string(running) + "/" + std::to_string(tasks.size()),
                      StringMember(Member(info, "config"), "connector.class")});
    }
  }
  std::sort(rows.begin(), rows.end());
  return RenderTable({"name", "type", "state", "tasks", "class"}, rows);
}

std::string PluginsTable(const rapidjson::Value& plugins) {
  std::vector<std::vector<std::string>> rows;
  if (plugins.IsArray()) {
    for (const auto& plugin : plugins.GetArray()) {
      rows.push_back({StringMember(plugin, "class"), StringMember(plugin, "type"), StringMember(plugin, "version")});
    }
  }
  return RenderTable({"class", "type", "version"}, rows);
}

size_t OffsetCount(const rapidjson::Value& offsets) { return ArrayMember(offsets, "offsets").size(); }

std::string OffsetsTable(const rapidjson::Value& offsets) {
  std::vector<std::vector<std::string>> rows;
  for (const rapidjson::Value* entry : ArrayMember(offsets, "offsets")) {
    rows.push_back({CompactJson(Member(*entry, "partition")), CompactJson(Member(*entry, "offset"))});
  }
  return RenderTable({"partition", "offset"}, rows);
}

std::string ConnectorDescription(const rapidjson::Value& info, const rapidjson::Value& status,
                                 const rapidjson::Value* topics) {
  const rapidjson::Value& config = Member(info, "config");
  const rapidjson::Value& connector = Member(status, "connector");
  std::string type = StringMember(info, "type");
  if (type.empty()) type = StringMember(status, "type");

  std::string out;
  AddLine(&out, "Name", StringMember(info, "name"));
  AddLine(&out, "Class", StringMember(config, "connector.class"));
  AddLine(&out, "Type", type);
  AddLine(&out, "State", StringMember(connector, "state"));
  AddLine(&out, "Worker", StringMember(connector, "worker_id"));
  const std::string trace = StringMember(connector, "trace");
  if (!trace.empty()) out += "Trace:\n" + Indented(trace, 4);

  std::map<std::string, std::string> sorted_config;
  if (config.IsObject()) {
    for (const auto& entry : config.GetObject()) {
      sorted_config[std::string(entry.name.GetString(), entry.name.GetStringLength())] =
          entry.value.IsString() ? std::string(entry.value.GetString(), entry.value.GetStringLength())
                                 : CompactJson(entry.value);
    }
  }
  out += "Config:\n";
  for (const auto& [key, value] : sorted_config) out += "  " + key + " = " + OneLineValue(value) + "\n";

  std::vector<const rapidjson::Value*> tasks = ArrayMember(status, "tasks");
  if (tasks.empty()) {
    AddLine(&out, "Tasks", "<none>");
  } else {
    std::vector<std::pair<int64_t, const rapidjson::Value*>> by_id;
    for (const rapidjson::Value* task : tasks) {
      const rapidjson::Value& id = Member(*task, "id");
      by_id.emplace_back(id.IsInt64() ? id.GetInt64() : INT64_MAX, task);
    }
    std::stable_sort(by_id.begin(), by_id.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::vector<std::string>> rows;
    for (const auto& [id, task] : by_id) {
      rows.push_back({TaskId(*task), StringMember(*task, "state"), StringMember(*task, "worker_id")});
    }
    out += "Tasks:\n" + Indented(RenderTable({"id", "state", "worker"}, rows), 2);
    for (const auto& [id, task] : by_id) {
      const std::string task_trace = StringMember(*task, "trace");
      if (!task_trace.empty()) out += "Task " + TaskId(*task) + " trace:\n" + Indented(task_trace, 4);
    }
  }

  if (topics != nullptr) {
    std::string names;
    if (topics->IsObject()) {
      for (const auto& entry : topics->GetObject()) {
        for (const rapidjson::Value* topic : ArrayMember(entry.value, "topics")) {
          if (!topic->IsString()) continue;
          if (!names.empty()) names += ", ";
          names.append(topic->GetString(), topic->GetStringLength());
        }
      }
    }
    AddLine(&out, "Topics", names.empty() ? "<none>" : names);
  }
  return out;
}

bool PrettyJson(const std::string& json_text, std::string* out) {
  rapidjson::StringBuffer buf;
  ExactNumberPrettyWriter w(buf);
  w.SetIndent(' ', 2);
  rapidjson::Reader reader;
  rapidjson::StringStream in(json_text.c_str());
  // Numbers pass through as their text, so 1.50 or a 20-digit offset print as the worker sent them.
  if (reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag>(in, w).IsError()) {
    return false;
  }
  if (json_text.find_first_not_of(" \t\r\n", in.Tell()) != std::string::npos) return false;
  *out = std::string(buf.GetString(), buf.GetSize()) + "\n";
  return true;
}

std::string WorkerErrorText(int http_status, const std::string& body) {
  const std::string suffix = " (HTTP " + std::to_string(http_status) + ")";
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (!doc.HasParseError()) {
    const std::string message = StringMember(doc, "message");
    if (!message.empty()) return message + suffix;
  }
  std::string text = TrimConfigValue(body);
  if (text.empty()) {
    return Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(http_status)) +
           suffix;
  }
  if (text.size() > kMaxRawErrorChars) text = text.substr(0, kMaxRawErrorChars) + "...";
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text + suffix;
}

}  // namespace connectd
