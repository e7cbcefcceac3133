// PostgresCdcConnector: Debezium's PostgreSQL connector (also registered as
// io.debezium.connector.postgresql.PostgresConnector). It snapshots the captured tables, then
// streams their inserts, updates, deletes and truncates from a logical replication slot
// (pgoutput, or wal2json), as events in Debezium's format on <prefix>.<schema>.<table>.
//
// Delivery: every record carries the source partition {"server": prefix}; every snapshot record,
// and the last streamed record of every poll, carries a Debezium-style offset:
//   lsn_proc   the position the slot may be confirmed to once this record is stored (the end of
//              the last transaction finished before it, or the heartbeat's position),
//   lsn_commit the commit LSN of the record's transaction, lsn its change's LSN,
//   tx_events  how many change messages of that transaction precede it, plus one,
//   txId, ts_usec, and during a snapshot: snapshot, last_snapshot_record, snapshot_completed.
// The host stores an offset only once every earlier record of its partition is delivered, so one
// offset per poll marks the same progress as one per event (a restart may repeat at most one
// poll's events more); building and storing one for every event was an eighth of the stream's
// task thread.
// The slot is confirmed only in commit(), to the lsn_proc of the offset the host has durably
// stored (or further when nothing emitted is outstanding and no transaction is open), so a crash
// at any moment loses nothing. After a restart the stream resumes at the stored lsn_proc and the
// first tx_events changes of the stored transaction, already delivered, are skipped.
//
// Threading: the SDK calls the task from one thread (poll, commit, stop); the connector has one
// task (a slot has one consumer).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "captured_table.h"
#include "cdc_config.h"
#include "connectd/sdk.hpp"
#include "pg_connection.h"
#include "pg_type_mapping.h"
#include "pgoutput_decoder.h"
#include "replication_stream.h"
#include "snapshot_reader.h"
#include "table_filter.h"
#include "transaction_metadata.h"
#include "wal2json_decoder.h"

namespace connectd {
namespace pgcdc {

// Where the stream stands for one record (what its offset and source block say).
struct StreamPosition {
  Lsn lsn_proc = 0;
  Lsn lsn_commit = 0;
  Lsn lsn = 0;
  int64_t tx_events = 0;
  int64_t xid = -1;
  int64_t commit_time_us = 0;
  bool operator==(const StreamPosition& o) const {
    return lsn_proc == o.lsn_proc && lsn_commit == o.lsn_commit && lsn == o.lsn && tx_events == o.tx_events;
  }
};

class PostgresCdcTask : public sdk::SourceTask {
 public:
  void start(const sdk::Config& config, sdk::Context& context) override;
  void poll(sdk::RecordList& out) override;
  void commit() override;
  void stop() override;

 private:
  void Connect();
  void PrepareSnapshotOrStream();
  void EnsurePublication();
  void PollSnapshot(sdk::RecordList& out);
  void StartStreaming();
  void PollStream(sdk::RecordList& out);
  void HandlePgOutput(const XLogData& data, sdk::RecordList& out);
  void HandleWal2Json(const XLogData& data, sdk::RecordList& out);
  // BEGIN at `begin_lsn` of the transaction committing at `commit_lsn`; with transaction
  // metadata, adds its BEGIN event unless a stored offset shows it was delivered.
  void BeginTransaction(Lsn begin_lsn, Lsn commit_lsn, int64_t commit_time_us, int64_t xid, sdk::RecordList& out);
  // COMMIT (its message at `commit_message_lsn`, the transaction's end at `end_lsn`); adds the
  // END event with transaction metadata.
  void EndTransaction(Lsn commit_message_lsn, Lsn end_lsn, sdk::RecordList& out);
  // Counts one change message of the open transaction; false when it was delivered before the
  // restart and is skipped.
  bool CountChange(Lsn lsn);
  const CapturedTable* TableForRelation(const RelationMessage& relation);
  // wal2json: the table by name; rebuilt from the catalog when the stream's `column_names`
  // (nullptr: not known, for deletes and truncates) differ from what it has.
  const CapturedTable* TableByName(const std::string& schema, const std::string& table,
                                   const std::vector<std::string>* column_names);
  std::unique_ptr<CapturedTable> Capture(const TableDescription& description);
  // The message key's columns: message.key.columns' for the table, else its primary key.
  std::vector<std::string> KeyColumns(const TableId& id, const std::vector<std::string>& primary_key,
                                      const std::vector<ColumnDefinition>& columns) const;
  void EmitChange(const CapturedTable& table, char op, const std::vector<ColumnText>* before,
                  const std::vector<ColumnText>* after, sdk::RecordList& out);
  void EmitTruncate(const CapturedTable& table, sdk::RecordList& out);
  void MaybeEmitHeartbeat(sdk::RecordList& out);
  // The `source` block of an event. Between events of one table in one transaction (or one
  // snapshot) only the times, `sequence` and `lsn` change, so the rest is built once and copied:
  // one copy costs far less than a dozen fields set through the ABI, which was a fifth of a
  // stream's CPU.
  sdk::Value Source(const CapturedTable& table, const char* snapshot, int64_t ts_us, const StreamPosition& p);
  // With transaction metadata, a streamed event's envelope gets its transaction block (and is counted).
  sdk::Value Envelope(const CapturedTable& table, char op, sdk::Value before, sdk::Value after, sdk::Value source);
  sdk::Value StreamOffset(const StreamPosition& p) const;
  // Queues `record`, at stream position `p`, for the host; drops it while replaying_. The record
  // is held back until the next Add or EmitHeld, so that the poll's last record can get the offset.
  void Add(sdk::RecordList& out, sdk::SourceRecord record, const StreamPosition& p);
  // Hands the held-back record to the host with its offset; called at the end of every poll.
  void EmitHeld(sdk::RecordList& out);
  // While a change delivered before the restart is read again: its events are built so the
  // transaction metadata counts them, and dropped.
  struct ReplayScope {
    ReplayScope(bool* flag, bool on) : flag_(flag) { *flag_ = on; }
    ~ReplayScope() { *flag_ = false; }
    bool* flag_;
  };
  Lsn IdlePosition() const;
  void Disconnect();

  sdk::Context* context_ = nullptr;
  CdcSettings settings_;
  TableFilter filter_;
  PgTypeRegistry types_;
  sdk::Schema source_schema_, heartbeat_key_schema_, heartbeat_value_schema_;
  // Positions in source_schema_ of the fields set per event.
  struct SourceFields {
    size_t ts_ms = 0, ts_us = 0, ts_ns = 0, sequence = 0, lsn = 0;
  } source_fields_;
  // The last source block built by Source, without the times, `sequence` and `lsn`, and what it
  // was built for.
  struct SourceTemplate {
    std::optional<sdk::Value> block;
    std::string schema, table, snapshot;
    int64_t xid = -1;
  } source_template_;
  std::unique_ptr<sdk::SourcePartition> partition_;

  std::unique_ptr<PgConnection> conn_;
  std::unique_ptr<ReplicationStream> stream_;
  std::unique_ptr<SnapshotReader> snapshot_;
  std::vector<std::unique_ptr<CapturedTable>> snapshot_tables_;
  Lsn snapshot_lsn_ = 0;
  int64_t snapshot_xid_ = -1;
  bool streaming_ = false;
  bool stream_disabled_ = false;  // snapshot.mode=initial_only, after its snapshot
  bool slot_created_ = false;

  std::map<uint32_t, std::unique_ptr<CapturedTable>> tables_by_oid_;
  std::map<std::string, std::unique_ptr<CapturedTable>> tables_by_name_;  // wal2json
  PgOutputMessage message_;

  // The open transaction and the stream's progress.
  bool in_transaction_ = false;
  StreamPosition tx_;
  Lsn last_end_ = 0;   // end of the last finished transaction (or the start position)
  Lsn idle_end_ = 0;   // a keepalive's position seen with no transaction open
  Lsn resume_commit_ = 0;
  int64_t resume_events_ = 0;
  // The record Add holds back (at last_emitted_); nothing is held between polls.
  std::optional<sdk::SourceRecord> held_;
  // The position of the last record queued for the host (at the end of a poll, the one that
  // carries the offset); nullopt when none since the start.
  std::optional<StreamPosition> last_emitted_;
  bool last_emitted_snapshot_ = false;
  std::chrono::steady_clock::time_point next_heartbeat_{};
  int64_t emitted_in_poll_ = 0;
  std::unique_ptr<TransactionMetadata> tx_metadata_;  // provide.transaction.metadata
  bool replaying_ = false;
};

class PostgresCdcConnector : public sdk::SourceConnector {
 public:
  using Task = PostgresCdcTask;
  static constexpr const char* kClassName = "PostgresCdcConnector";
  static constexpr const char* kVersion = CONNECTD_POSTGRES_CDC_PLUGIN_VERSION;
  static constexpr const char* kDescription =
      "Streams row changes from PostgreSQL logical replication as Debezium change events.";
  static const char* const* aliases();
  static const sdk::ConfigDef& configDef();

  void start(const sdk::Config& config, sdk::Context& context) override;
  void taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) override;

 private:
  std::map<std::string, std::string> config_;
};

}  // namespace pgcdc
}  // namespace connectd
