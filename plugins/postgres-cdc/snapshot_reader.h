// Reads the captured tables' rows for the initial snapshot, inside a REPEATABLE READ
// transaction that imported the replication slot's exported snapshot (so the rows are exactly
// the state the stream continues from), through a cursor per table, fetch_size rows at a time.
//
// Rows come one at a time, each telling whether it is the last of its table and the last of
// the whole snapshot (Debezium marks those in source.snapshot): the reader looks one fetch
// ahead for that.
//
// Threading: used by the task thread; the connection is the reader's for the snapshot's life.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pg_connection.h"
#include "table_catalog.h"

namespace connectd {
namespace pgcdc {

struct SnapshotRow {
  size_t table = 0;  // index into the tables given to the reader
  std::shared_ptr<PgResult> result;
  int row = 0;
  bool first = false;          // the first row of the snapshot
  bool last_in_table = false;
  bool last = false;           // the last row of the snapshot
};

class SnapshotReader {
 public:
  // `conn` must be in the snapshot transaction. `tables` are read in order.
  SnapshotReader(PgConnection& conn, std::vector<TableDescription> tables, int64_t fetch_size);
  ~SnapshotReader();

  const std::vector<TableDescription>& tables() const { return tables_; }
  // The next row; false when the snapshot is complete (the transaction is then committed).
  bool next(SnapshotRow* out);

 private:
  // Opens the cursor of the next table with rows and fetches its first batch; false when no
  // table is left.
  bool AdvanceTable();
  std::shared_ptr<PgResult> Fetch();
  void CloseCursor();

  PgConnection& conn_;
  std::vector<TableDescription> tables_;
  int64_t fetch_size_;
  size_t table_ = 0;  // the table whose cursor is open (tables_.size() when none)
  bool cursor_open_ = false;
  std::shared_ptr<PgResult> batch_;  // the batch rows are handed out from
  int row_ = 0;
  bool batch_full_ = false;  // fetch_size rows came back: the cursor may have more
  bool started_ = false;
  bool done_ = false;
};

}  // namespace pgcdc
}  // namespace connectd
