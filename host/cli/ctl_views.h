// What `connectd ctl` prints for each answer of the worker: listings as tables (ctl_table.h),
// the describe page, pretty-printed JSON and the error line. Inputs are the worker's JSON in
// Kafka Connect's shapes; a member that is missing or of another type shows as an empty cell,
// so an older or newer worker never makes the client fail on output.
//
// Threading: pure; any thread.
#pragma once

#include <string>

#include <rapidjson/document.h>

namespace connectd {

// GET /connectors?expand=status&expand=info as NAME TYPE STATE TASKS CLASS, sorted by name.
// TASKS is "running/total" over the tasks in the status.
std::string ConnectorsTable(const rapidjson::Value& expanded);

// GET /connector-plugins as CLASS TYPE VERSION, in the worker's order.
std::string PluginsTable(const rapidjson::Value& plugins);

// GET /connectors/{name}/offsets ({"offsets": [{"partition": {...}, "offset": {...}}]}) as
// PARTITION OFFSET, each cell the compact JSON of that map ("null" when absent), in the worker's order.
std::string OffsetsTable(const rapidjson::Value& offsets);
// The number of entries in a GET /connectors/{name}/offsets answer (0 when it has no list).
size_t OffsetCount(const rapidjson::Value& offsets);

// The describe page of one connector from GET /connectors/{name} (`info`) and
// /connectors/{name}/status (`status`); `topics` is GET /connectors/{name}/topics, or null when
// the worker does not track topics (the Topics line is left out). Config keys are sorted;
// values are shown as the worker sent them (it masks passwords). Failure traces of the
// connector and of each failed task are shown in full, indented.
std::string ConnectorDescription(const rapidjson::Value& info, const rapidjson::Value& status,
                                 const rapidjson::Value* topics);

// Re-indents `json_text` with two spaces per level, numbers kept exactly as written, plus a
// final newline. False when `json_text` is not one JSON value.
bool PrettyJson(const std::string& json_text, std::string* out);

// The error line for a worker's answer `http_status` with `body`: Kafka Connect's
// {"error_code", "message"} gives "<message> (HTTP <status>)"; another body is shown as text
// (trimmed, shortened); an empty one gives the status's reason phrase.
std::string WorkerErrorText(int http_status, const std::string& body);

}  // namespace connectd
