// Decodes the messages of PostgreSQL's built-in logical decoding output plugin, pgoutput
// (protocol version 1: Begin, Commit, Origin, Relation, Type, Insert, Update, Delete, Truncate),
// as the XLogData payloads of a START_REPLICATION stream carry them. Pure parsing: no I/O.
//
// Threading: a PgOutputDecoder is used by one thread; the decoded structs are plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wal_position.h"

namespace connectd {
namespace pgcdc {

// One column of a Relation message.
struct RelationColumn {
  std::string name;
  uint32_t type_oid = 0;
  int32_t type_modifier = -1;
  bool part_of_identity = false;  // the column is in the replica identity (flag bit 1)
};

struct RelationMessage {
  uint32_t relation_oid = 0;
  std::string schema;  // "pg_catalog" is sent as the empty string by pgoutput
  std::string table;
  char replica_identity = 'd';  // d default, n nothing, f full, i index
  std::vector<RelationColumn> columns;
};

// One column's datum in a tuple.
struct TupleDatum {
  enum class Kind : char { kNull = 'n', kUnchangedToast = 'u', kText = 't', kBinary = 'b' };
  Kind kind = Kind::kNull;
  std::string_view data;  // points into the message buffer: valid while that buffer lives
};

struct PgOutputMessage {
  enum class Type : char {
    kBegin = 'B',
    kCommit = 'C',
    kOrigin = 'O',
    kRelation = 'R',
    kType = 'Y',
    kInsert = 'I',
    kUpdate = 'U',
    kDelete = 'D',
    kTruncate = 'T',
    kMessage = 'M',
  };
  Type type = Type::kBegin;

  // Begin: the commit's LSN, its time (µs since the Unix epoch) and the transaction id.
  // Commit: commit_lsn, end_lsn (where the next transaction starts) and the time.
  Lsn commit_lsn = 0;
  Lsn end_lsn = 0;
  int64_t commit_time_us = 0;
  uint32_t xid = 0;

  RelationMessage relation;  // kRelation
  uint32_t relation_oid = 0;  // kInsert/kUpdate/kDelete
  // kUpdate/kDelete: 'K' (old key columns only), 'O' (whole old row) or 0 (none sent).
  char old_tuple_kind = 0;
  std::vector<TupleDatum> old_tuple;
  std::vector<TupleDatum> new_tuple;  // kInsert/kUpdate

  std::vector<uint32_t> truncated_relations;  // kTruncate
  bool truncate_cascade = false;
  bool truncate_restart_identity = false;

  std::string origin_name;  // kOrigin
  uint32_t type_oid = 0;    // kType
  std::string type_schema, type_name;
};

// Decodes one pgoutput message. `payload` must stay alive while the tuple data in `out` is used.
// Returns false with *error set ("truncated Insert message at byte 17") when the bytes are not
// a well-formed message; the caller adds the LSN.
bool DecodePgOutput(std::string_view payload, PgOutputMessage* out, std::string* error);

}  // namespace pgcdc
}  // namespace connectd
