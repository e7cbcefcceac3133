// The logical replication side of the CDC source: a replication connection that creates the
// slot (exporting a snapshot for the initial snapshot), starts streaming from it, hands out
// the XLogData messages, answers keepalives and reports the confirmed ("flushed") position
// in standby status updates, which is what lets the server recycle WAL.
//
// The flushed position only moves when the caller confirms it (after Kafka acknowledged and
// the host stored the offsets of everything before it), so a crash never skips a change.
//
// Threading: used by the task thread only.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "pg_connection.h"
#include "wal_position.h"

namespace connectd {
namespace pgcdc {

struct XLogData {
  Lsn data_start = 0;  // the WAL position of the change the payload describes
  Lsn wal_end = 0;     // the server's end of WAL when it sent the message
  std::string_view payload;  // valid until the next call to next()
};

class ReplicationStream {
 public:
  ReplicationStream(const PgConnectionSettings& settings, int64_t status_interval_ms);
  ~ReplicationStream();

  struct CreatedSlot {
    Lsn consistent_point = 0;
    std::string snapshot_name;  // usable with SET TRANSACTION SNAPSHOT until the next command
  };
  // CREATE_REPLICATION_SLOT ... LOGICAL `plugin` with an exported snapshot.
  CreatedSlot createSlot(const std::string& slot, const std::string& plugin);
  // START_REPLICATION SLOT `slot` LOGICAL `from` (`options` is the parenthesized option list,
  // without the parentheses). The server starts at the later of `from` and the slot's confirmed
  // position.
  void start(const std::string& slot, Lsn from, const std::string& options);

  enum class Event { kNone, kData, kKeepalive };
  // The next message, waiting up to `timeout_ms`: kData (an XLogData in *out), kKeepalive (the
  // server's position in out->wal_end: every transaction committed before it was sent already;
  // answered here when the server asks) or kNone when nothing arrived in time. Throws
  // RetriableException when the stream ends or the connection breaks.
  Event next(XLogData* out, int64_t timeout_ms);
  // Records that everything up to `lsn` is durably delivered, and tells the server now when
  // that moves the position (it never moves backwards).
  void confirm(Lsn lsn);
  // Sends a status update when status.update.interval.ms has passed since the last one.
  void sendStatusIfDue();
  // The end of WAL the server reported most recently (keepalive or XLogData).
  Lsn serverWalEnd() const { return server_wal_end_; }
  Lsn confirmed() const { return confirmed_; }
  PgConnection& connection() { return *conn_; }

 private:
  void SendStatus(bool reply_requested);
  void FreeBuffer();

  std::unique_ptr<PgConnection> conn_;
  std::chrono::milliseconds status_interval_;
  std::chrono::steady_clock::time_point last_status_{};
  char* buffer_ = nullptr;
  Lsn confirmed_ = 0;
  Lsn server_wal_end_ = 0;
  bool streaming_ = false;
};

}  // namespace pgcdc
}  // namespace connectd
