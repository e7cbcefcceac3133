#include "pgoutput_decoder.h"

#include <cstring>

namespace connectd {
namespace pgcdc {

namespace {

// Reads big-endian integers and NUL-terminated strings from a message, remembering the first
// short read so each caller checks once at the end.
class MessageReader {
 public:
  explicit MessageReader(std::string_view data) : data_(data) {}

  bool ok() const { return ok_; }
  size_t position() const { return pos_; }
  bool at_end() const { return pos_ == data_.size(); }

  uint8_t U8() { return static_cast<uint8_t>(Take(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Take(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Take(4)); }
  uint64_t U64() { return Take(8); }

  std::string_view CString() {
    if (!ok_) return {};
    const void* nul = std::memchr(data_.data() + pos_, '\0', data_.size() - pos_);
    if (nul == nullptr) {
      ok_ = false;
      return {};
    }
    size_t len = static_cast<const char*>(nul) - (data_.data() + pos_);
    std::string_view s = data_.substr(pos_, len);
    pos_ += len + 1;
    return s;
  }

  std::string_view Bytes(size_t n) {
    if (!ok_ || data_.size() - pos_ < n) {
      ok_ = false;
      return {};
    }
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  uint64_t Take(size_t n) {
    if (!ok_ || data_.size() - pos_ < n) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += n;
    return v;
  }

  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

bool ReadTuple(MessageReader& in, std::vector<TupleDatum>* out, std::string* error) {
  uint16_t count = in.U16();
  out->clear();
  out->reserve(count);
  for (uint16_t i = 0; i < count && in.ok(); ++i) {
    TupleDatum d;
    char kind = static_cast<char>(in.U8());
    switch (kind) {
      case 'n':
        d.kind = TupleDatum::Kind::kNull;
        break;
      case 'u':
        d.kind = TupleDatum::Kind::kUnchangedToast;
        break;
      case 't':
      case 'b':
        d.kind = kind == 't' ? TupleDatum::Kind::kText : TupleDatum::Kind::kBinary;
        d.data = in.Bytes(in.U32());
        break;
      default:
        if (!in.ok()) break;
        *error = "unknown tuple column kind '" + std::string(1, kind) + "' in column " + std::to_string(i + 1) +
                 " at byte " + std::to_string(in.position() - 1);
        return false;
    }
    out->push_back(d);
  }
  return true;
}

int64_t UnixMicros(uint64_t postgres_micros) {
  return static_cast<int64_t>(postgres_micros) + kPostgresEpochOffsetUs;
}

}  // namespace

bool DecodePgOutput(std::string_view payload, PgOutputMessage* out, std::string* error) {
  if (payload.empty()) {
    *error = "empty pgoutput message";
    return false;
  }
  MessageReader in(payload);
  char type = static_cast<char>(in.U8());
  out->type = static_cast<PgOutputMessage::Type>(type);
  switch (type) {
    case 'B':
      out->commit_lsn = in.U64();
      out->commit_time_us = UnixMicros(in.U64());
      out->xid = in.U32();
      break;
    case 'C':
      in.U8();  // flags, unused in protocol 1
      out->commit_lsn = in.U64();
      out->end_lsn = in.U64();
      out->commit_time_us = UnixMicros(in.U64());
      break;
    case 'O':
      out->commit_lsn = in.U64();
      out->origin_name = std::string(in.CString());
      break;
    case 'R': {
      RelationMessage& r = out->relation;
      r.relation_oid = in.U32();
      r.schema = std::string(in.CString());
      r.table = std::string(in.CString());
      r.replica_identity = static_cast<char>(in.U8());
      uint16_t n = in.U16();
      r.columns.clear();
      for (uint16_t i = 0; i < n && in.ok(); ++i) {
        RelationColumn c;
        c.part_of_identity = (in.U8() & 1) != 0;
        c.name = std::string(in.CString());
        c.type_oid = in.U32();
        c.type_modifier = static_cast<int32_t>(in.U32());
        r.columns.push_back(std::move(c));
      }
      break;
    }
    case 'Y':
      out->type_oid = in.U32();
      out->type_schema = std::string(in.CString());
      out->type_name = std::string(in.CString());
      break;
    case 'I': {
      out->relation_oid = in.U32();
      char n = static_cast<char>(in.U8());
      if (in.ok() && n != 'N') {
        *error = "Insert message without a new tuple ('" + std::string(1, n) + "')";
        return false;
      }
      if (!ReadTuple(in, &out->new_tuple, error)) return false;
      break;
    }
    case 'U': {
      out->relation_oid = in.U32();
      out->old_tuple_kind = 0;
      out->old_tuple.clear();
      char n = static_cast<char>(in.U8());
      if (in.ok() && (n == 'K' || n == 'O')) {
        out->old_tuple_kind = n;
        if (!ReadTuple(in, &out->old_tuple, error)) return false;
        n = static_cast<char>(in.U8());
      }
      if (in.ok() && n != 'N') {
        *error = "Update message without a new tuple ('" + std::string(1, n) + "')";
        return false;
      }
      if (!ReadTuple(in, &out->new_tuple, error)) return false;
      break;
    }
    case 'D': {
      out->relation_oid = in.U32();
      char k = static_cast<char>(in.U8());
      if (in.ok() && k != 'K' && k != 'O') {
        *error = "Delete message without an old tuple ('" + std::string(1, k) + "')";
        return false;
      }
      out->old_tuple_kind = k;
      out->new_tuple.clear();
      if (!ReadTuple(in, &out->old_tuple, error)) return false;
      break;
    }
    case 'T': {
      uint32_t n = in.U32();
      uint8_t options = in.U8();
      out->truncate_cascade = (options & 1) != 0;
      out->truncate_restart_identity = (options & 2) != 0;
      out->truncated_relations.clear();
      for (uint32_t i = 0; i < n && in.ok(); ++i) out->truncated_relations.push_back(in.U32());
      break;
    }
    case 'M':
      // Logical decoding messages (pg_logical_emit_message) are only sent when asked for.
      return true;
    default:
      *error = "unknown pgoutput message type '" + std::string(1, type) + "'";
      return false;
  }
  if (!in.ok()) {
    *error = "truncated pgoutput '" + std::string(1, type) + "' message (" + std::to_string(payload.size()) +
             " bytes)";
    return false;
  }
  if (!in.at_end()) {
    *error = "pgoutput '" + std::string(1, type) + "' message has " +
             std::to_string(payload.size() - in.position()) + " unexpected trailing bytes";
    return false;
  }
  return true;
}

}  // namespace pgcdc
}  // namespace connectd
