#include "replication_stream.h"

#include <poll.h>

#include <cstring>

#include "connectd/sdk.hpp"

namespace connectd {
namespace pgcdc {

namespace {

uint64_t ReadU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

void WriteU64(char* p, uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}

int64_t NowPostgresMicros() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count() - kPostgresEpochOffsetUs;
}

}  // namespace

ReplicationStream::ReplicationStream(const PgConnectionSettings& settings, int64_t status_interval_ms)
    : conn_(std::make_unique<PgConnection>(settings, true, "replication connection")),
      status_interval_(status_interval_ms) {}

ReplicationStream::~ReplicationStream() { FreeBuffer(); }

void ReplicationStream::FreeBuffer() {
  if (buffer_ != nullptr) PQfreemem(buffer_);
  buffer_ = nullptr;
}

ReplicationStream::CreatedSlot ReplicationStream::createSlot(const std::string& slot, const std::string& plugin) {
  PgResult r = conn_->exec("CREATE_REPLICATION_SLOT " + conn_->quoteIdentifier(slot) + " LOGICAL " + plugin +
                               " EXPORT_SNAPSHOT",
                           {}, ("creating replication slot '" + slot + "'").c_str());
  CreatedSlot out;
  if (r.rows() != 1 || !ParseLsn(r.text(0, r.column("consistent_point")), &out.consistent_point)) {
    throw sdk::ConnectException("replication connection: CREATE_REPLICATION_SLOT returned no consistent point");
  }
  out.snapshot_name = r.string(0, r.column("snapshot_name"));
  confirmed_ = out.consistent_point;
  return out;
}

void ReplicationStream::start(const std::string& slot, Lsn from, const std::string& options) {
  std::string sql = "START_REPLICATION SLOT " + conn_->quoteIdentifier(slot) + " LOGICAL " + FormatLsn(from);
  if (!options.empty()) sql += " (" + options + ")";
  PgResult r(PQexec(conn_->raw(), sql.c_str()));
  if (r.raw() == nullptr || PQresultStatus(r.raw()) != PGRES_COPY_BOTH) {
    conn_->fail("starting replication from slot '" + slot + "' at " + FormatLsn(from), r.raw());
  }
  if (from > confirmed_) confirmed_ = from;
  streaming_ = true;
  last_status_ = std::chrono::steady_clock::now();
}

ReplicationStream::Event ReplicationStream::next(XLogData* out, int64_t timeout_ms) {
  FreeBuffer();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int n = PQgetCopyData(conn_->raw(), &buffer_, 1);
    if (n == 0) {
      sendStatusIfDue();
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return Event::kNone;
      pollfd fd{PQsocket(conn_->raw()), POLLIN, 0};
      int wait = static_cast<int>(std::min<int64_t>(left.count(), status_interval_.count()));
      if (::poll(&fd, 1, wait) < 0 && errno != EINTR) conn_->fail("waiting for the replication stream");
      if (PQconsumeInput(conn_->raw()) == 0) conn_->fail("reading the replication stream");
      continue;
    }
    if (n == -1) {
      PgResult end(PQgetResult(conn_->raw()));
      streaming_ = false;
      throw sdk::RetriableException("replication connection: the server ended the replication stream" +
                                    std::string(end.raw() != nullptr ? ": " + std::string(PQresultErrorMessage(end.raw()))
                                                                     : std::string()));
    }
    if (n < 0) conn_->fail("reading the replication stream");
    const char* p = buffer_;
    if (p[0] == 'k' && n >= 18) {
      server_wal_end_ = std::max(server_wal_end_, ReadU64(p + 1));
      out->wal_end = ReadU64(p + 1);
      if (p[17] != 0) SendStatus(false);
      FreeBuffer();
      return Event::kKeepalive;
    }
    if (p[0] == 'w' && n >= 25) {
      out->data_start = ReadU64(p + 1);
      out->wal_end = ReadU64(p + 9);
      server_wal_end_ = std::max(server_wal_end_, out->wal_end);
      out->payload = std::string_view(p + 25, static_cast<size_t>(n - 25));
      return Event::kData;
    }
    throw sdk::ConnectException("replication connection: unexpected replication message '" + std::string(1, p[0]) +
                                "' of " + std::to_string(n) + " bytes");
  }
}

void ReplicationStream::confirm(Lsn lsn) {
  if (lsn <= confirmed_) return;
  confirmed_ = lsn;
  if (streaming_) SendStatus(false);
}

void ReplicationStream::sendStatusIfDue() {
  if (streaming_ && std::chrono::steady_clock::now() - last_status_ >= status_interval_) SendStatus(false);
}

void ReplicationStream::SendStatus(bool reply_requested) {
  char msg[34];
  msg[0] = 'r';
  WriteU64(msg + 1, confirmed_);   // written
  WriteU64(msg + 9, confirmed_);   // flushed: what the slot may advance to
  WriteU64(msg + 17, confirmed_);  // applied
  WriteU64(msg + 25, static_cast<uint64_t>(NowPostgresMicros()));
  msg[33] = reply_requested ? 1 : 0;
  if (PQputCopyData(conn_->raw(), msg, sizeof(msg)) != 1 || PQflush(conn_->raw()) != 0) {
    conn_->fail("sending a standby status update");
  }
  last_status_ = std::chrono::steady_clock::now();
}

}  // namespace pgcdc
}  // namespace connectd
