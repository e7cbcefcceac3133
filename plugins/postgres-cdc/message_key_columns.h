// Debezium's message.key.columns: "<table regex>:<column>,<column>;<table regex>:<column>..."
// gives the tables whose names ("schema.table", matched whole and case-insensitively, like the
// table filters) it matches a message key of those columns, in that order, instead of their
// primary key (or a key at all, for tables without one). The first matching entry wins.
//
// Threading: immutable after construction; any thread may read it.
#pragma once

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "table_filter.h"

namespace connectd {
namespace pgcdc {

class MessageKeyColumns {
 public:
  MessageKeyColumns() = default;
  // Throws sdk::ConnectException naming message.key.columns and the entry for an entry without
  // "<table>:<columns>", an empty column, or a table pattern that is not a regular expression.
  explicit MessageKeyColumns(const std::string& spec);

  // The key columns of `table`: the configured ones when an entry matches, else primary_key.
  // Throws sdk::ConnectException naming message.key.columns, the table and the column when a
  // configured column is not in `columns`.
  std::vector<std::string> keyFor(const TableId& table, const std::vector<std::string>& primary_key,
                                  const std::vector<std::string>& columns) const;

 private:
  struct Entry {
    std::string text;
    std::regex table;
    std::vector<std::string> columns;
  };
  std::vector<Entry> entries_;
};

}  // namespace pgcdc
}  // namespace connectd
