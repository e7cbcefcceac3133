// Which tables and columns the connector captures: Debezium's schema.include.list /
// schema.exclude.list, table.include.list / table.exclude.list and column.include.list /
// column.exclude.list. Each is a comma-separated list of regular expressions matched,
// case-insensitively, against the whole name: "schema", "schema.table", "schema.table.column".
// System schemas (pg_catalog, information_schema, pg_toast...) are never captured.
//
// Threading: immutable after construction; any thread may read it.
#pragma once

#include <regex>
#include <string>
#include <vector>

namespace connectd {
namespace pgcdc {

struct TableId {
  std::string schema;
  std::string table;
  // "schema.table", as Debezium names a table in filters, topics and transaction metadata.
  std::string qualified() const { return schema + "." + table; }
  bool operator==(const TableId& o) const { return schema == o.schema && table == o.table; }
  bool operator<(const TableId& o) const { return schema != o.schema ? schema < o.schema : table < o.table; }
};

class TableFilter {
 public:
  // Throws sdk::ConnectException naming the key when a pattern is not a valid regex, or when
  // both an include and an exclude list of one level are set (Debezium refuses that too).
  TableFilter(const std::vector<std::string>& schema_include, const std::vector<std::string>& schema_exclude,
              const std::vector<std::string>& table_include, const std::vector<std::string>& table_exclude,
              const std::vector<std::string>& column_include, const std::vector<std::string>& column_exclude);
  TableFilter() = default;

  bool includesTable(const TableId& id) const;
  bool includesColumn(const TableId& id, const std::string& column) const;
  // True when the lists name tables (used by publication.autocreate.mode=filtered).
  bool hasTableLists() const { return !table_include_.empty() || !schema_include_.empty(); }

 private:
  std::vector<std::regex> schema_include_, schema_exclude_, table_include_, table_exclude_, column_include_,
      column_exclude_;
};

}  // namespace pgcdc
}  // namespace connectd
