#include "table_filter.h"

#include "connectd/sdk.hpp"

namespace connectd {
namespace pgcdc {

namespace {

std::vector<std::regex> Compile(const std::vector<std::string>& patterns, const char* key) {
  std::vector<std::regex> out;
  for (const std::string& p : patterns) {
    try {
      out.emplace_back(p, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw sdk::ConnectException(std::string(key) + ": '" + p + "' is not a valid regular expression (" + e.what() +
                                  ")");
    }
  }
  return out;
}

void RefuseBoth(const std::vector<std::string>& include, const std::vector<std::string>& exclude,
                const char* include_key, const char* exclude_key) {
  if (!include.empty() && !exclude.empty()) {
    throw sdk::ConnectException(std::string(include_key) + " and " + exclude_key +
                                " are both set; set only one of them");
  }
}

bool AnyMatches(const std::vector<std::regex>& patterns, const std::string& name) {
  for (const std::regex& r : patterns) {
    if (std::regex_match(name, r)) return true;
  }
  return false;
}

// An include list admits only what it matches; an exclude list refuses what it matches.
bool Admits(const std::vector<std::regex>& include, const std::vector<std::regex>& exclude, const std::string& name) {
  if (!include.empty()) return AnyMatches(include, name);
  return !AnyMatches(exclude, name);
}

bool SystemSchema(const std::string& schema) {
  return schema == "pg_catalog" || schema == "information_schema" || schema.rfind("pg_toast", 0) == 0 ||
         schema.rfind("pg_temp", 0) == 0;
}

}  // namespace

TableFilter::TableFilter(const std::vector<std::string>& schema_include, const std::vector<std::string>& schema_exclude,
                         const std::vector<std::string>& table_include, const std::vector<std::string>& table_exclude,
                         const std::vector<std::string>& column_include,
                         const std::vector<std::string>& column_exclude) {
  RefuseBoth(schema_include, schema_exclude, "schema.include.list", "schema.exclude.list");
  RefuseBoth(table_include, table_exclude, "table.include.list", "table.exclude.list");
  RefuseBoth(column_include, column_exclude, "column.include.list", "column.exclude.list");
  schema_include_ = Compile(schema_include, "schema.include.list");
  schema_exclude_ = Compile(schema_exclude, "schema.exclude.list");
  table_include_ = Compile(table_include, "table.include.list");
  table_exclude_ = Compile(table_exclude, "table.exclude.list");
  column_include_ = Compile(column_include, "column.include.list");
  column_exclude_ = Compile(column_exclude, "column.exclude.list");
}

bool TableFilter::includesTable(const TableId& id) const {
  if (SystemSchema(id.schema)) return false;
  return Admits(schema_include_, schema_exclude_, id.schema) &&
         Admits(table_include_, table_exclude_, id.qualified());
}

bool TableFilter::includesColumn(const TableId& id, const std::string& column) const {
  return Admits(column_include_, column_exclude_, id.qualified() + "." + column);
}

}  // namespace pgcdc
}  // namespace connectd
