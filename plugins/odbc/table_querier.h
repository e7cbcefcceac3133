// One table (or the custom query) that an ODBC source task polls, as Confluent's TableQuerier:
// the mode's query, the offset it resumes from, and the result set that stays open across polls
// until it is exhausted (so batch.max.rows splits a large result without re-querying).
//
// Records: topic.prefix + table name (topic.prefix alone for a query); no key; a Struct value
// named after the table whose fields are the result's columns (column_mapping.h); source partition
// {"protocol": "1", "table": "<schema.table>"} or {"query": "query"} and offset {"incrementing": n}
// and/or {"timestamp": ms, "timestamp_nanos": ns}: Confluent's keys, so its stored offsets resume.
// Threading: the source task's thread only. Errors: OdbcError from the database (the task
// reconnects for transient ones); ConnectException naming the table and column for bad data.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "column_mapping.h"
#include "connectd/sdk.hpp"
#include "odbc_session.h"
#include "source_query.h"
#include "sql_dialect.h"

namespace connectd {
namespace odbc {

struct SourceSettings {
  SourceMode mode = SourceMode::kBulk;
  std::string incrementing_column;
  std::vector<std::string> timestamp_columns;
  int64_t timestamp_delay_ms = 0;
  std::optional<int64_t> timestamp_initial_ms;  // timestamp.initial; -1 means "now"
  NumericMapping numeric_mapping = NumericMapping::kNone;
  bool validate_non_null = true;
  size_t batch_max_rows = 100;
  int64_t poll_interval_ms = 5000;
  std::string topic_prefix;
  std::string query;         // query mode when not empty
  std::string query_suffix;  // appended to every query
};

class TableQuerier {
 public:
  // `table` is unset in query mode.
  TableQuerier(const SourceSettings& settings, std::optional<TableId> table);
  ~TableQuerier();

  // Reads the committed offset of this querier's partition (and Confluent's older partition
  // form for tables) so that polling resumes after it.
  void LoadOffset(sdk::Context& context);
  // Reads the table's columns on a fresh connection: remembers which are NOT NULL (drivers such
  // as SQLite's report every result column nullable) and checks the mode's columns
  // (validate.non.null, the auto-increment column when incrementing.column.name is empty).
  // Throws ConnectException naming them.
  void Validate(OdbcSession& session);

  // Adds up to `max_rows` records from the open result, running the query first when none is
  // open. Returns false once the result is exhausted (it is closed then).
  bool Read(OdbcSession& session, sdk::RecordList& out, size_t max_rows);
  // Forgets the open result (its connection is gone); the next Read queries again from the
  // last offset handed out.
  void Reset();

  // Where polling stands (the offsets of the last row handed out). A poll that fails after
  // reading rows restores the position it started from, since its records are dropped.
  struct Position {
    std::optional<int64_t> incrementing;
    std::optional<int64_t> timestamp_ms;
    int64_t timestamp_nanos = 0;
  };
  Position position() const { return Position{last_incrementing_, last_timestamp_ms_, last_timestamp_nanos_}; }
  void Rewind(const Position& p);
  // True while a result is open: the task keeps polling it before any other querier.
  bool open() const { return result_ != nullptr; }

  int64_t next_poll_ms() const { return next_poll_ms_; }
  void set_next_poll_ms(int64_t ms) { next_poll_ms_ = ms; }
  const std::string& name() const { return name_; }

 private:
  struct Result;
  void Open(OdbcSession& session);
  std::string Describe() const;

  const SourceSettings& settings_;
  std::optional<TableId> table_;
  std::string name_;   // table name for topics and schemas, or "query"
  std::string topic_;
  std::string incrementing_column_;
  std::vector<std::string> not_null_columns_;  // from the table's metadata
  std::unique_ptr<sdk::SourcePartition> partition_;
  std::optional<int64_t> last_incrementing_;
  std::optional<int64_t> last_timestamp_ms_;
  int64_t last_timestamp_nanos_ = 0;
  int64_t next_poll_ms_ = 0;
  std::unique_ptr<Result> result_;
};

}  // namespace odbc
}  // namespace connectd
