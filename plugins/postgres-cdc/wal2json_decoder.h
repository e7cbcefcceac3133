// Decodes the messages of the wal2json logical decoding output plugin (2.5, as Debian ships it)
// in its format-version 2: one JSON object per transaction boundary, row change, truncated table
// or logical message, each the payload of one XLogData message of a START_REPLICATION stream.
// Pure parsing: no I/O.
//
// What wal2json 2.5 itself does, and the caller has to live with (seen on PostgreSQL 15):
// - NaN, Infinity and -Infinity in integer, oid, real, double precision and numeric columns are
//   written as JSON null: they decode as is_null, indistinguishable from SQL NULL.
// - A TOASTed column an UPDATE did not change is left out of "columns": compare the names with
//   the table's columns to find it.
// - bytea values lose their "\x" prefix, which the decoder puts back. With bytea_output = escape
//   wal2json cuts the first two characters of the escape form, so the replication connection
//   must keep bytea_output = hex (the default); other values are reported as errors.
// - Values are the types' output functions' text in the walsender's session (TimeZone,
//   DateStyle, IntervalStyle, extra_float_digits apply), as with pgoutput. Type names follow its
//   search_path: "public.mood" under an empty one (what pg_recvlogical sets), "mood" under the
//   default; a lone quoted name loses its quotes ("Quoted Type").
// - Transactions without row changes (DDL) still produce a B and a C message.
// - UPDATE and DELETE on a table without primary key and with REPLICA IDENTITY DEFAULT are not
//   sent at all (the server logs a warning). TRUNCATE gives one T message per table, without the
//   CASCADE / RESTART IDENTITY options.
//
// Threading and ownership: DecodeWal2Json keeps no state; any thread may call it with its own
// output struct, which then owns copies of everything (nothing points into the input).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wal_position.h"

namespace connectd {
namespace pgcdc {

// The START_REPLICATION option list (without parentheses) the connector sends for wal2json,
// each option named by wal2json 2.5 and set even where it is already the default, so that
// a change of default cannot alter the messages:
//   "format-version" '2'        one JSON object per change (2.5 defaults to 1: a whole transaction)
//   "include-xids" '1'          "xid" on every message
//   "include-timestamp" '1'     "timestamp": the commit time, with its zone
//   "include-schemas" '1'       "schema" on I/U/D/T
//   "include-types" '1'         "type" per column
//   "include-type-oids" '1'     "typeoid" per column
//   "include-typmod" '1'        types with their modifiers: "numeric(10,2)", not "numeric"
//   "include-pk" '1'            "pk": the primary key columns of I/U/D
//   "include-lsn" '1'           "lsn" on every message, "nextlsn" on B and C
//   "include-transaction" '1'   the B and C messages
// Left at their defaults: include-domain-data-type (off: a domain column keeps the domain's
// name, matching its "typeoid"), include-origin, include-not-null, include-default,
// include-column-positions, the table and message-prefix filters.
extern const char* const kWal2JsonOptions;

struct Wal2JsonColumn {
  std::string name;
  std::string type;       // as wal2json writes it: "integer", "character varying(20)", "public.mood"
  uint32_t type_oid = 0;  // 0 when "typeoid" is absent
  bool is_null = false;
  // The value as the type's output function writes it: numbers keep their digits exactly,
  // booleans are "t"/"f", bytea is "\x..." hex, char(n) keeps its padding. (`SELECT col::text`
  // gives the same except for boolean, "true"/"false", and char(n), unpadded.)
  std::string text;
};

struct Wal2JsonChange {
  // 'B' begin, 'C' commit, 'I' insert, 'U' update, 'D' delete, 'T' truncate, 'M' message.
  char action = 0;
  int64_t xid = -1;          // -1 when absent or null (a non-transactional message)
  // The commit time in µs since the Unix epoch; 0 when absent or null. The same on every
  // message of a transaction, B included.
  int64_t timestamp_us = 0;
  // B and C: the commit record's LSN; I/U/D/T: the change's; M: the message's. 0 when absent.
  Lsn lsn = 0;
  // B and C: where the next transaction's records start (end of the commit record). 0 when absent.
  Lsn next_lsn = 0;
  std::string schema, table;              // I/U/D/T
  std::vector<Wal2JsonColumn> columns;    // I and U: the new row
  // U and D: the old key (REPLICA IDENTITY DEFAULT/INDEX: the key columns, taken from the new
  // row when the key did not change) or the whole old row (REPLICA IDENTITY FULL).
  // May be empty on U; never on D.
  std::vector<Wal2JsonColumn> identity;
  // I/U/D: the primary key's column names in table column order (not the key's order);
  // empty without a primary key.
  std::vector<std::string> pk;
  // M (pg_logical_emit_message): the content is the bytes up to the first NUL, not necessarily
  // UTF-8.
  bool transactional = false;
  std::string prefix, content;
};

// Decodes one wal2json format-version 2 message into *out (every field reset first).
// Unknown members are ignored, so options added later do not break decoding. Numbers and
// strings are not told apart (both arrive as text), so a quoted number is accepted.
// After a false return *out holds a partial message and must not be used.
// Returns false with *error set ("wal2json: 'columns' is not an array in the I message for
// public.orders") for malformed JSON or a message missing what its action needs; the caller
// adds the stream position.
bool DecodeWal2Json(std::string_view json, Wal2JsonChange* out, std::string* error);

}  // namespace pgcdc
}  // namespace connectd
