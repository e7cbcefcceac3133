// One destination table of the ODBC sink: buffers records, creates or evolves the table from
// their schemas (auto.create / auto.evolve), and writes them with prepared statements: inserts
// and upserts as multi-row statements of up to 1000 rows, updates and deletes (and every
// statement of the generic dialect) as one row bound to ODBC parameter arrays.
//
// Contract: records are buffered in arrival order and written in that order. A buffer holds
// records of one key/value schema pair and one kind (writes or deletes); a record that differs
// flushes the buffer first, so deletes and writes of one key keep their order. Flush runs inside
// the caller's transaction and never commits.
// Errors: OdbcError for database failures (transient ones are the caller's to retry); a row the
// database rejects fails with a ConnectException naming the table, topic, partition and offset.
// Threading: the sink task's thread only. Records passed to Add are borrowed until Flush returns.
#pragma once

#include <sql.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectd/sdk.hpp"
#include "odbc_session.h"
#include "sink_row_layout.h"
#include "sql_dialect.h"

namespace connectd {
namespace odbc {

// Another task created or altered the table at the same moment as this one: the transaction was
// rolled back, and the same records can be written again at once.
class TableChangedConcurrently : public OdbcError {
 public:
  using OdbcError::OdbcError;
};

enum class InsertMode { kInsert, kUpsert, kUpdate };
// "insert", "upsert", "update"; false when unknown.
bool InsertModeFromName(std::string_view name, InsertMode* out);

struct SinkSettings {
  InsertMode insert_mode = InsertMode::kInsert;
  PkMode pk_mode = PkMode::kNone;
  std::vector<std::string> pk_fields;
  std::vector<std::string> fields_whitelist;
  bool auto_create = false;
  bool auto_evolve = false;
  bool delete_enabled = false;
  size_t batch_size = 3000;
};

class TableWriter {
 public:
  // `session` outlives the writer; `table_text` is the table.name.format result (for messages).
  TableWriter(OdbcSession& session, const SinkSettings& settings, TableId table, std::string table_text);
  ~TableWriter();

  // Buffers `record` (a tombstone is a delete when delete.enabled, and is skipped otherwise),
  // flushing first when needed and when batch.size records are buffered.
  void Add(const sdk::RecordView& record);
  // Writes what is buffered.
  void Flush();
  // Drops what is buffered (after a rollback).
  void Discard();

 private:
  // A prepared statement for one layout and kind.
  struct Prepared;

  // Creates the table or adds missing columns as the settings allow; throws otherwise.
  void EnsureColumns(const RowLayout& layout);
  // Runs CREATE/ALTER statements. When they fail because another task changed the table first,
  // throws TableChangedConcurrently so that the caller writes the batch again.
  void ApplyDdl(const std::vector<std::string>& statements);
  // Reads the table's columns into known_columns_ (left unset when the table does not exist).
  void ReadColumns();
  // The database's type name of a column (matched case-insensitively as a fallback); null when
  // the table has no such column. Precondition: known_columns_ is set.
  const std::string* ColumnType(const std::string& column) const;
  // Builds the layout, ensures the table's columns and makes the statements for the buffer's
  // schemas and kind.
  void Prepare();
  // Writes buffer_[rows[0..n)] with the prepared statement(s).
  void Execute(const size_t* rows, size_t n);
  // The statement for `rows` rows of parameters (prepared on first use).
  OdbcStatement& StatementFor(size_t rows);
  // Upsert: the buffer positions to write, each key's last record only.
  std::vector<size_t> LastOfEachKey();
  // After a statement failed: which record the database refused, for the error message.
  std::string FindRejectedRow(const size_t* rows, size_t n);

  OdbcSession& session_;
  const SinkSettings& settings_;
  TableId table_;
  std::string table_text_;
  // Column name -> the database's type name, as it reported them; unset until first read.
  std::optional<std::map<std::string, std::string>> known_columns_;

  std::vector<sdk::RecordView> buffer_;
  bool buffer_deletes_ = false;
  const cd_schema* buffer_key_schema_ = nullptr;
  const cd_schema* buffer_value_schema_ = nullptr;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace odbc
}  // namespace connectd
