#include "message_key_columns.h"

#include <algorithm>

#include "connectd/sdk.hpp"

namespace connectd {
namespace pgcdc {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> Split(const std::string& s, char delimiter) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(delimiter, start);
    out.push_back(Trim(s.substr(start, at == std::string::npos ? std::string::npos : at - start)));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

}  // namespace

MessageKeyColumns::MessageKeyColumns(const std::string& spec) {
  for (const std::string& entry : Split(spec, ';')) {
    if (entry.empty()) continue;
    // The table part is a regex and may hold ':' only escaped; the last ':' starts the columns.
    size_t colon = entry.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) {
      throw sdk::ConnectException("message.key.columns: '" + entry +
                                  "' is not <fully-qualified table>:<column>[,<column>...]");
    }
    Entry e;
    e.text = entry;
    try {
      e.table = std::regex(Trim(entry.substr(0, colon)), std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& err) {
      throw sdk::ConnectException("message.key.columns: the table pattern of '" + entry +
                                  "' is not a regular expression: " + err.what());
    }
    e.columns = Split(entry.substr(colon + 1), ',');
    if (std::find(e.columns.begin(), e.columns.end(), "") != e.columns.end()) {
      throw sdk::ConnectException("message.key.columns: '" + entry + "' names an empty column");
    }
    entries_.push_back(std::move(e));
  }
}

std::vector<std::string> MessageKeyColumns::keyFor(const TableId& table, const std::vector<std::string>& primary_key,
                                                   const std::vector<std::string>& columns) const {
  const std::string name = table.qualified();
  for (const Entry& e : entries_) {
    if (!std::regex_match(name, e.table)) continue;
    for (const std::string& c : e.columns) {
      if (std::find(columns.begin(), columns.end(), c) == columns.end()) {
        throw sdk::ConnectException("message.key.columns: '" + e.text + "' makes column '" + c + "' the key of table " +
                                    name + ", which has no such column");
      }
    }
    return e.columns;
  }
  return primary_key;
}

}  // namespace pgcdc
}  // namespace connectd
