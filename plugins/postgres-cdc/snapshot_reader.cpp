#include "snapshot_reader.h"

namespace connectd {
namespace pgcdc {

namespace {
constexpr const char* kCursor = "connectd_snapshot";
}

SnapshotReader::SnapshotReader(PgConnection& conn, std::vector<TableDescription> tables, int64_t fetch_size)
    : conn_(conn), tables_(std::move(tables)), fetch_size_(fetch_size), table_(tables_.size()) {}

SnapshotReader::~SnapshotReader() {
  if (!done_) conn_.tryExec("ROLLBACK");
}

std::shared_ptr<PgResult> SnapshotReader::Fetch() {
  auto r = std::make_shared<PgResult>(conn_.exec("FETCH FORWARD " + std::to_string(fetch_size_) + " FROM " + kCursor,
                                                 {}, ("reading the snapshot of " + tables_[table_].id.qualified()).c_str()));
  batch_full_ = r->rows() == fetch_size_;
  return r;
}

void SnapshotReader::CloseCursor() {
  if (!cursor_open_) return;
  conn_.exec(std::string("CLOSE ") + kCursor);
  cursor_open_ = false;
}

bool SnapshotReader::AdvanceTable() {
  size_t next = started_ ? table_ + 1 : 0;
  started_ = true;
  CloseCursor();
  for (; next < tables_.size(); ++next) {
    table_ = next;
    const TableDescription& t = tables_[next];
    std::string columns;
    for (const ColumnDefinition& c : t.columns) {
      columns += (columns.empty() ? "" : ", ") + conn_.quoteIdentifier(c.name);
    }
    if (columns.empty()) continue;
    conn_.exec("DECLARE " + std::string(kCursor) + " NO SCROLL CURSOR FOR SELECT " + columns + " FROM " +
                   conn_.quoteIdentifier(t.id.schema) + "." + conn_.quoteIdentifier(t.id.table),
               {}, ("starting the snapshot of " + t.id.qualified()).c_str());
    cursor_open_ = true;
    batch_ = Fetch();
    row_ = 0;
    if (batch_->rows() > 0) return true;
    CloseCursor();
  }
  table_ = tables_.size();
  batch_.reset();
  return false;
}

bool SnapshotReader::next(SnapshotRow* out) {
  if (done_) return false;
  bool first = !started_;
  if (first && !AdvanceTable()) {
    conn_.exec("COMMIT");
    done_ = true;
    return false;
  }
  if (batch_ == nullptr) {
    conn_.exec("COMMIT");
    done_ = true;
    return false;
  }
  out->table = table_;
  out->result = batch_;
  out->row = row_;
  out->first = first;
  out->last_in_table = false;
  out->last = false;
  ++row_;
  if (row_ >= batch_->rows()) {
    if (batch_full_) {
      batch_ = Fetch();
      row_ = 0;
    }
    if (!batch_full_ && (batch_ == out->result || batch_->rows() == 0)) {
      out->last_in_table = true;
      if (!AdvanceTable()) out->last = true;
    }
  }
  return true;
}

}  // namespace pgcdc
}  // namespace connectd
