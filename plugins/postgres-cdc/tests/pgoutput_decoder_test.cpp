// pgoutput protocol 1 messages, built byte by byte as the PostgreSQL documentation's "Logical
// Replication Message Formats" lays them out, decoded and checked field by field; and malformed
// ones refused with a message.
#include "pgoutput_decoder.h"

#include <doctest/doctest.h>

#include <string>

namespace connectd {
namespace pgcdc {
namespace {

// Appends big-endian integers and C strings.
struct Bytes {
  std::string b;
  Bytes& c(char v) {
    b.push_back(v);
    return *this;
  }
  Bytes& u16(uint16_t v) { return put(v, 2); }
  Bytes& u32(uint32_t v) { return put(v, 4); }
  Bytes& u64(uint64_t v) { return put(v, 8); }
  Bytes& str(const std::string& s) {
    b += s;
    b.push_back('\0');
    return *this;
  }
  Bytes& text(const std::string& s) {
    c('t').u32(static_cast<uint32_t>(s.size()));
    b += s;
    return *this;
  }
  Bytes& put(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return *this;
  }
};

PgOutputMessage Decode(const std::string& bytes) {
  PgOutputMessage m;
  std::string error;
  REQUIRE_MESSAGE(DecodePgOutput(bytes, &m, &error), error);
  return m;
}

std::string Error(const std::string& bytes) {
  PgOutputMessage m;
  std::string error;
  CHECK_FALSE(DecodePgOutput(bytes, &m, &error));
  return error;
}

TEST_CASE("pgoutput Begin and Commit carry LSNs, Unix-epoch times and the xid") {
  // 2024-01-02T03:04:05.123456Z is 757479845123456 µs after 2000-01-01.
  const uint64_t pg_time = 757479845123456ULL;
  PgOutputMessage b = Decode(Bytes().c('B').u64(0x16B374D848ULL).u64(pg_time).u32(4711).b);
  CHECK(b.type == PgOutputMessage::Type::kBegin);
  CHECK(b.commit_lsn == 0x16B374D848ULL);
  CHECK(b.commit_time_us == 1704164645123456LL);
  CHECK(b.xid == 4711);

  PgOutputMessage c = Decode(Bytes().c('C').c(0).u64(0x100).u64(0x180).u64(pg_time).b);
  CHECK(c.type == PgOutputMessage::Type::kCommit);
  CHECK(c.commit_lsn == 0x100);
  CHECK(c.end_lsn == 0x180);
  CHECK(c.commit_time_us == 1704164645123456LL);
}

TEST_CASE("pgoutput Relation lists columns with types, modifiers and identity flags") {
  PgOutputMessage r = Decode(Bytes()
                                 .c('R')
                                 .u32(16385)
                                 .str("public")
                                 .str("orders")
                                 .c('f')
                                 .u16(2)
                                 .c(1).str("id").u32(23).u32(0xffffffff)
                                 .c(0).str("price").u32(1700).u32((10 << 16 | 2) + 4)
                                 .b);
  CHECK(r.type == PgOutputMessage::Type::kRelation);
  CHECK(r.relation.relation_oid == 16385);
  CHECK(r.relation.schema == "public");
  CHECK(r.relation.table == "orders");
  CHECK(r.relation.replica_identity == 'f');
  REQUIRE(r.relation.columns.size() == 2);
  CHECK(r.relation.columns[0].name == "id");
  CHECK(r.relation.columns[0].type_oid == 23);
  CHECK(r.relation.columns[0].type_modifier == -1);
  CHECK(r.relation.columns[0].part_of_identity);
  CHECK(r.relation.columns[1].name == "price");
  CHECK(r.relation.columns[1].type_modifier == (10 << 16 | 2) + 4);
  CHECK_FALSE(r.relation.columns[1].part_of_identity);
}

TEST_CASE("pgoutput Insert, Update and Delete tuples: text, NULL and unchanged TOAST") {
  // Tuple data points into the message bytes, so they must outlive the decoded message.
  const std::string insert = Bytes().c('I').u32(16385).c('N').u16(3).text("42").c('n').text("caf\xc3\xa9").b;
  PgOutputMessage i = Decode(insert);
  CHECK(i.type == PgOutputMessage::Type::kInsert);
  CHECK(i.relation_oid == 16385);
  REQUIRE(i.new_tuple.size() == 3);
  CHECK(i.new_tuple[0].kind == TupleDatum::Kind::kText);
  CHECK(i.new_tuple[0].data == "42");
  CHECK(i.new_tuple[1].kind == TupleDatum::Kind::kNull);
  CHECK(i.new_tuple[2].data == "caf\xc3\xa9");

  const std::string update = Bytes().c('U').u32(7).c('O').u16(2).text("1").text("old").c('N').u16(2).text("1").c('u').b;
  PgOutputMessage u = Decode(update);
  CHECK(u.type == PgOutputMessage::Type::kUpdate);
  CHECK(u.old_tuple_kind == 'O');
  REQUIRE(u.old_tuple.size() == 2);
  CHECK(u.old_tuple[1].data == "old");
  REQUIRE(u.new_tuple.size() == 2);
  CHECK(u.new_tuple[1].kind == TupleDatum::Kind::kUnchangedToast);

  const std::string plain_update = Bytes().c('U').u32(7).c('N').u16(1).text("5").b;
  PgOutputMessage plain = Decode(plain_update);
  CHECK(plain.old_tuple_kind == 0);
  CHECK(plain.old_tuple.empty());
  CHECK(plain.new_tuple[0].data == "5");

  const std::string del = Bytes().c('D').u32(7).c('K').u16(2).text("9").c('n').b;
  PgOutputMessage d = Decode(del);
  CHECK(d.type == PgOutputMessage::Type::kDelete);
  CHECK(d.old_tuple_kind == 'K');
  CHECK(d.old_tuple[0].data == "9");
  CHECK(d.old_tuple[1].kind == TupleDatum::Kind::kNull);
  CHECK(d.new_tuple.empty());
}

TEST_CASE("pgoutput Truncate lists relations and options; Type and Origin are read") {
  PgOutputMessage t = Decode(Bytes().c('T').u32(2).c(3).u32(100).u32(200).b);
  CHECK(t.type == PgOutputMessage::Type::kTruncate);
  CHECK(t.truncated_relations == std::vector<uint32_t>{100, 200});
  CHECK(t.truncate_cascade);
  CHECK(t.truncate_restart_identity);

  PgOutputMessage y = Decode(Bytes().c('Y').u32(16400).str("public").str("mood").b);
  CHECK(y.type_oid == 16400);
  CHECK(y.type_name == "mood");

  PgOutputMessage o = Decode(Bytes().c('O').u64(0x42).str("upstream").b);
  CHECK(o.origin_name == "upstream");
}

TEST_CASE("malformed pgoutput messages are refused with what is wrong") {
  CHECK(Error("") == "empty pgoutput message");
  CHECK(Error("Z") == "unknown pgoutput message type 'Z'");
  CHECK(Error(Bytes().c('B').u64(1).b) == "truncated pgoutput 'B' message (9 bytes)");
  CHECK(Error(Bytes().c('I').u32(1).c('N').u16(1).c('t').u32(100).b.append("ab")) ==
        "truncated pgoutput 'I' message (15 bytes)");
  CHECK(Error(Bytes().c('I').u32(1).c('X').b) == "Insert message without a new tuple ('X')");
  CHECK(Error(Bytes().c('I').u32(1).c('N').u16(1).c('q').b) == "unknown tuple column kind 'q' in column 1 at byte 8");
  CHECK(Error(Bytes().c('D').u32(1).c('N').b) == "Delete message without an old tuple ('N')");
  CHECK(Error(Bytes().c('R').u32(1).str("s").b) == "truncated pgoutput 'R' message (7 bytes)");
  CHECK(Error(Bytes().c('C').c(0).u64(1).u64(2).u64(3).c('x').b) ==
        "pgoutput 'C' message has 1 unexpected trailing bytes");
}

}  // namespace
}  // namespace pgcdc
}  // namespace connectd
