#include "wal2json_decoder.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace connectd {
namespace pgcdc {
namespace {

// The messages below were captured from wal2json 2.5 (Debian postgresql-15-wal2json 2.5-1+b1) on
// PostgreSQL 15.18 with `pg_recvlogical --start` and the options of kWal2JsonOptions, one line per
// XLogData payload, server TimeZone Etc/UTC unless said otherwise. The expected column texts are
// what `SELECT format('%s', col)` (the output function) gave in psql for the same rows.

Wal2JsonChange Decode(std::string_view json) {
  Wal2JsonChange change;
  std::string error;
  bool ok = DecodeWal2Json(json, &change, &error);
  REQUIRE_MESSAGE(ok, error);
  return change;
}

std::string DecodeError(std::string_view json) {
  Wal2JsonChange change;
  std::string error;
  CHECK_FALSE(DecodeWal2Json(json, &change, &error));
  return error;
}

Lsn L(const char* text) {
  Lsn lsn = 0;
  REQUIRE(ParseLsn(text, &lsn));
  return lsn;
}

struct ExpectedColumn {
  const char* name;
  const char* type;
  uint32_t type_oid;
  const char* text;  // nullptr: SQL NULL
};

void CheckColumns(const std::vector<Wal2JsonColumn>& got, const std::vector<ExpectedColumn>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CAPTURE(want[i].name);
    CHECK(got[i].name == want[i].name);
    CHECK(got[i].type == want[i].type);
    CHECK(got[i].type_oid == want[i].type_oid);
    CHECK(got[i].is_null == (want[i].text == nullptr));
    CHECK(got[i].text == (want[i].text == nullptr ? "" : want[i].text));
  }
}

const Wal2JsonColumn& Named(const std::vector<Wal2JsonColumn>& columns, const char* name) {
  for (const Wal2JsonColumn& c : columns) {
    if (c.name == name) return c;
  }
  FAIL("no column " << name);
  return columns.front();
}

// 2026-11-22 08:40:53.661875 UTC, the commit time of transaction 735.
constexpr int64_t kCommit735Us = 1795336853661875;

TEST_CASE("kWal2JsonOptions is the option list wal2json 2.5 accepted") {
  // Sent verbatim as START_REPLICATION SLOT "s" LOGICAL 0/0 (<this>) to PostgreSQL 15 + wal2json 2.5.
  CHECK(std::string(kWal2JsonOptions) ==
        "\"format-version\" '2', \"include-xids\" '1', \"include-timestamp\" '1', \"include-schemas\" '1', "
        "\"include-types\" '1', \"include-type-oids\" '1', \"include-typmod\" '1', \"include-pk\" '1', "
        "\"include-lsn\" '1', \"include-transaction\" '1'");
}

TEST_CASE("begin and commit") {
  Wal2JsonChange b = Decode(R"json({"action":"B","xid":735,"timestamp":"2026-11-22 08:40:53.661875+00","lsn":"0/154C850","nextlsn":"0/154C880"})json");
  CHECK(b.action == 'B');
  CHECK(b.xid == 735);
  CHECK(b.timestamp_us == kCommit735Us);
  CHECK(b.lsn == L("0/154C850"));
  CHECK(b.next_lsn == L("0/154C880"));
  CHECK(b.table.empty());
  CHECK(b.columns.empty());

  Wal2JsonChange c = Decode(R"json({"action":"C","xid":735,"timestamp":"2026-11-22 08:40:53.661875+00","lsn":"0/154C850","nextlsn":"0/154C880"})json");
  CHECK(c.action == 'C');
  CHECK(c.xid == 735);
  CHECK(c.timestamp_us == kCommit735Us);
  CHECK(c.lsn == L("0/154C850"));
  CHECK(c.next_lsn == L("0/154C880"));
}

TEST_CASE("the commit time is read with the walsender's zone") {
  // The same transaction decoded again with the server's TimeZone set to Asia/Kolkata.
  Wal2JsonChange kolkata = Decode(R"json({"action":"B","xid":735,"timestamp":"2026-11-22 14:10:53.661875+05:30","lsn":"0/154C850","nextlsn":"0/154C880"})json");
  CHECK(kolkata.timestamp_us == kCommit735Us);
  // America/St_Johns: 2026-11-22 05:11:40.034531-03:30 is 08:41:40.034531 UTC.
  Wal2JsonChange st_johns = Decode(R"json({"action":"B","xid":763,"timestamp":"2026-11-22 05:11:40.034531-03:30","lsn":"0/1559418","nextlsn":"0/1559448"})json");
  CHECK(st_johns.timestamp_us == 1795336900034531);

  // Forms timestamptz_to_str also writes: no fraction when it is zero, zones with seconds, years
  // before 1970.
  CHECK(Decode(R"({"action":"B","timestamp":"2024-02-29 13:45:12+00"})").timestamp_us == 1709214312000000);
  CHECK(Decode(R"({"action":"B","timestamp":"1999-12-31 23:59:59.5-00:44:30"})").timestamp_us ==
        946687469500000);
  CHECK(Decode(R"({"action":"B","timestamp":"1969-07-20 20:17:40.000001+14"})").timestamp_us ==
        -14233339999999);
}

TEST_CASE("insert: every column's text is what PostgreSQL's output function gives") {
  Wal2JsonChange i = Decode(R"json({"action":"I","xid":735,"timestamp":"2026-11-22 08:40:53.661875+00","lsn":"0/154C5C8","schema":"public","table":"all_types","columns":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"small","type":"smallint","typeoid":21,"value":-32768},{"name":"big","type":"bigint","typeoid":20,"value":9223372036854775807},{"name":"num","type":"numeric(10,2)","typeoid":1700,"value":12345678.91},{"name":"num_free","type":"numeric","typeoid":1700,"value":3.14159265358979323846264338327950288419716939937510},{"name":"real_col","type":"real","typeoid":700,"value":1.1754944e-38},{"name":"dbl","type":"double precision","typeoid":701,"value":0.1},{"name":"flag","type":"boolean","typeoid":16,"value":true},{"name":"txt","type":"text","typeoid":25,"value":"quote \" back \\ slash\nnew line\ttab é 😀 \u0001 end"},{"name":"vc","type":"character varying(20)","typeoid":1043,"value":"varchar val"},{"name":"ch","type":"character(5)","typeoid":1042,"value":"ab   "},{"name":"raw","type":"bytea","typeoid":17,"value":"00ff10"},{"name":"d","type":"date","typeoid":1082,"value":"2024-02-29"},{"name":"ts","type":"timestamp without time zone","typeoid":1114,"value":"2024-02-29 13:45:12.123456"},{"name":"tstz","type":"timestamp with time zone","typeoid":1184,"value":"2024-02-29 11:45:12.5+00"},{"name":"tm","type":"time without time zone","typeoid":1083,"value":"23:59:59.999999"},{"name":"tmtz","type":"time with time zone","typeoid":1266,"value":"10:00:00+05:30"},{"name":"iv","type":"interval","typeoid":1186,"value":"1 year 2 mons 3 days 04:05:06.789"},{"name":"u","type":"uuid","typeoid":2950,"value":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},{"name":"j","type":"json","typeoid":114,"value":"{\"a\": [1, 2.50, \"x\"], \"b\": null}"},{"name":"jb","type":"jsonb","typeoid":3802,"value":"{\"a\": [1, \"y\"], \"b\": 2.50}"},{"name":"int_arr","type":"integer[]","typeoid":1007,"value":"{1,NULL,3}"},{"name":"txt_arr","type":"text[]","typeoid":1009,"value":"{\"a b\",\"c\\\"d\",NULL}"},{"name":"m","type":"public.mood","typeoid":16385,"value":"happy"},{"name":"money_col","type":"money","typeoid":790,"value":"$12.34"},{"name":"bits","type":"bit(4)","typeoid":1560,"value":"1010"},{"name":"ip","type":"inet","typeoid":869,"value":"192.168.0.1/24"}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(i.action == 'I');
  CHECK(i.xid == 735);
  CHECK(i.timestamp_us == kCommit735Us);
  CHECK(i.lsn == L("0/154C5C8"));
  CHECK(i.next_lsn == 0);
  CHECK(i.schema == "public");
  CHECK(i.table == "all_types");
  CHECK(i.identity.empty());
  CHECK(i.pk == std::vector<std::string>{"id"});
  CheckColumns(i.columns, {
      {"id", "integer", 23, "1"},
      {"small", "smallint", 21, "-32768"},
      {"big", "bigint", 20, "9223372036854775807"},
      {"num", "numeric(10,2)", 1700, "12345678.91"},
      {"num_free", "numeric", 1700, "3.14159265358979323846264338327950288419716939937510"},
      {"real_col", "real", 700, "1.1754944e-38"},
      {"dbl", "double precision", 701, "0.1"},
      {"flag", "boolean", 16, "t"},  // `flag::text` gives "true"
      {"txt", "text", 25, "quote \" back \\ slash\nnew line\ttab é 😀 \x01" " end"},
      {"vc", "character varying(20)", 1043, "varchar val"},
      {"ch", "character(5)", 1042, "ab   "},  // `ch::text` gives "ab"
      {"raw", "bytea", 17, "\\x00ff10"},
      {"d", "date", 1082, "2024-02-29"},
      {"ts", "timestamp without time zone", 1114, "2024-02-29 13:45:12.123456"},
      {"tstz", "timestamp with time zone", 1184, "2024-02-29 11:45:12.5+00"},
      {"tm", "time without time zone", 1083, "23:59:59.999999"},
      {"tmtz", "time with time zone", 1266, "10:00:00+05:30"},
      {"iv", "interval", 1186, "1 year 2 mons 3 days 04:05:06.789"},
      {"u", "uuid", 2950, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
      {"j", "json", 114, "{\"a\": [1, 2.50, \"x\"], \"b\": null}"},
      {"jb", "jsonb", 3802, "{\"a\": [1, \"y\"], \"b\": 2.50}"},
      {"int_arr", "integer[]", 1007, "{1,NULL,3}"},
      {"txt_arr", "text[]", 1009, "{\"a b\",\"c\\\"d\",NULL}"},
      {"m", "public.mood", 16385, "happy"},
      {"money_col", "money", 790, "$12.34"},
      {"bits", "bit(4)", 1560, "1010"},
      {"ip", "inet", 869, "192.168.0.1/24"},
  });
}

TEST_CASE("insert: number extremes keep their digits") {
  Wal2JsonChange row3 = Decode(R"json({"action":"I","xid":737,"timestamp":"2026-11-22 08:40:53.764138+00","lsn":"0/154C948","schema":"public","table":"all_types","columns":[{"name":"id","type":"integer","typeoid":23,"value":3},{"name":"small","type":"smallint","typeoid":21,"value":0},{"name":"big","type":"bigint","typeoid":20,"value":-9223372036854775808},{"name":"num","type":"numeric(10,2)","typeoid":1700,"value":null},{"name":"num_free","type":"numeric","typeoid":1700,"value":-0.000000000000000000001},{"name":"real_col","type":"real","typeoid":700,"value":0},{"name":"dbl","type":"double precision","typeoid":701,"value":1e+308},{"name":"flag","type":"boolean","typeoid":16,"value":null},{"name":"txt","type":"text","typeoid":25,"value":null},{"name":"vc","type":"character varying(20)","typeoid":1043,"value":null},{"name":"ch","type":"character(5)","typeoid":1042,"value":null},{"name":"raw","type":"bytea","typeoid":17,"value":null},{"name":"d","type":"date","typeoid":1082,"value":null},{"name":"ts","type":"timestamp without time zone","typeoid":1114,"value":null},{"name":"tstz","type":"timestamp with time zone","typeoid":1184,"value":null},{"name":"tm","type":"time without time zone","typeoid":1083,"value":null},{"name":"tmtz","type":"time with time zone","typeoid":1266,"value":null},{"name":"iv","type":"interval","typeoid":1186,"value":null},{"name":"u","type":"uuid","typeoid":2950,"value":null},{"name":"j","type":"json","typeoid":114,"value":null},{"name":"jb","type":"jsonb","typeoid":3802,"value":null},{"name":"int_arr","type":"integer[]","typeoid":1007,"value":null},{"name":"txt_arr","type":"text[]","typeoid":1009,"value":null},{"name":"m","type":"public.mood","typeoid":16385,"value":null},{"name":"money_col","type":"money","typeoid":790,"value":null},{"name":"bits","type":"bit(4)","typeoid":1560,"value":null},{"name":"ip","type":"inet","typeoid":869,"value":null}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(Named(row3.columns, "small").text == "0");
  CHECK(Named(row3.columns, "big").text == "-9223372036854775808");
  CHECK(Named(row3.columns, "num_free").text == "-0.000000000000000000001");
  CHECK(Named(row3.columns, "real_col").text == "0");
  CHECK(Named(row3.columns, "dbl").text == "1e+308");
  CHECK(Named(row3.columns, "num").is_null);

  Wal2JsonChange row4 = Decode(R"json({"action":"I","xid":738,"timestamp":"2026-11-22 08:40:53.76472+00","lsn":"0/154CA20","schema":"public","table":"all_types","columns":[{"name":"id","type":"integer","typeoid":23,"value":4},{"name":"small","type":"smallint","typeoid":21,"value":null},{"name":"big","type":"bigint","typeoid":20,"value":null},{"name":"num","type":"numeric(10,2)","typeoid":1700,"value":null},{"name":"num_free","type":"numeric","typeoid":1700,"value":100000000000000000000000000000000000000.5},{"name":"real_col","type":"real","typeoid":700,"value":3.4028235e+38},{"name":"dbl","type":"double precision","typeoid":701,"value":1.2345678901234568e-300},{"name":"flag","type":"boolean","typeoid":16,"value":null},{"name":"txt","type":"text","typeoid":25,"value":null},{"name":"vc","type":"character varying(20)","typeoid":1043,"value":null},{"name":"ch","type":"character(5)","typeoid":1042,"value":null},{"name":"raw","type":"bytea","typeoid":17,"value":null},{"name":"d","type":"date","typeoid":1082,"value":null},{"name":"ts","type":"timestamp without time zone","typeoid":1114,"value":null},{"name":"tstz","type":"timestamp with time zone","typeoid":1184,"value":null},{"name":"tm","type":"time without time zone","typeoid":1083,"value":null},{"name":"tmtz","type":"time with time zone","typeoid":1266,"value":null},{"name":"iv","type":"interval","typeoid":1186,"value":null},{"name":"u","type":"uuid","typeoid":2950,"value":null},{"name":"j","type":"json","typeoid":114,"value":null},{"name":"jb","type":"jsonb","typeoid":3802,"value":null},{"name":"int_arr","type":"integer[]","typeoid":1007,"value":null},{"name":"txt_arr","type":"text[]","typeoid":1009,"value":null},{"name":"m","type":"public.mood","typeoid":16385,"value":null},{"name":"money_col","type":"money","typeoid":790,"value":null},{"name":"bits","type":"bit(4)","typeoid":1560,"value":null},{"name":"ip","type":"inet","typeoid":869,"value":null}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(Named(row4.columns, "num_free").text == "100000000000000000000000000000000000000.5");
  CHECK(Named(row4.columns, "real_col").text == "3.4028235e+38");
  CHECK(Named(row4.columns, "dbl").text == "1.2345678901234568e-300");
  CHECK(row4.columns.size() == 27);
}

TEST_CASE("insert: numeric beyond double's range") {
  // 1e400 and -1e308 - 0.5: RapidJSON alone refuses integer parts this long.
  Wal2JsonChange big = Decode(R"json({"action":"I","xid":777,"timestamp":"2026-11-22 08:42:33.988592+00","lsn":"0/15A9898","schema":"public","table":"big_num","columns":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"n","type":"numeric","typeoid":1700,"value":10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(big.table == "big_num");
  CHECK(Named(big.columns, "n").text == "1" + std::string(400, '0'));
  CHECK(Named(big.columns, "n").type == "numeric");
  Wal2JsonChange negative = Decode(R"json({"action":"I","xid":777,"timestamp":"2026-11-22 08:42:33.988592+00","lsn":"0/15A9980","schema":"public","table":"big_num","columns":[{"name":"id","type":"integer","typeoid":23,"value":2},{"name":"n","type":"numeric","typeoid":1700,"value":-100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.5}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(Named(negative.columns, "n").text == "-1" + std::string(308, '0') + ".5");
  CHECK(Named(negative.columns, "id").text == "2");

  // The same path with an exponent RapidJSON refuses, and with a message broken after the number.
  Wal2JsonChange exponent = Decode(R"({"action":"I","table":"t","columns":[{"name":"n","value":-1E+999}]})");
  CHECK(Named(exponent.columns, "n").text == "-1E+999");
  CHECK(DecodeError(R"({"action":"I","table":"t","columns":[{"name":"n","value":1e999}],})") ==
        "wal2json: malformed JSON at byte 67 of 68 (its numbers quoted): Missing a name for object member.");
}

TEST_CASE("insert: wal2json writes NaN and the infinities of number columns as null") {
  // Row 2 holds numeric 'NaN', 'NaN', real 'Infinity', double '-Infinity' and boolean false.
  Wal2JsonChange row2 = Decode(R"json({"action":"I","xid":736,"timestamp":"2026-11-22 08:40:53.763418+00","lsn":"0/154C880","schema":"public","table":"all_types","columns":[{"name":"id","type":"integer","typeoid":23,"value":2},{"name":"small","type":"smallint","typeoid":21,"value":null},{"name":"big","type":"bigint","typeoid":20,"value":null},{"name":"num","type":"numeric(10,2)","typeoid":1700,"value":null},{"name":"num_free","type":"numeric","typeoid":1700,"value":null},{"name":"real_col","type":"real","typeoid":700,"value":null},{"name":"dbl","type":"double precision","typeoid":701,"value":null},{"name":"flag","type":"boolean","typeoid":16,"value":false},{"name":"txt","type":"text","typeoid":25,"value":null},{"name":"vc","type":"character varying(20)","typeoid":1043,"value":null},{"name":"ch","type":"character(5)","typeoid":1042,"value":null},{"name":"raw","type":"bytea","typeoid":17,"value":null},{"name":"d","type":"date","typeoid":1082,"value":null},{"name":"ts","type":"timestamp without time zone","typeoid":1114,"value":null},{"name":"tstz","type":"timestamp with time zone","typeoid":1184,"value":null},{"name":"tm","type":"time without time zone","typeoid":1083,"value":null},{"name":"tmtz","type":"time with time zone","typeoid":1266,"value":null},{"name":"iv","type":"interval","typeoid":1186,"value":null},{"name":"u","type":"uuid","typeoid":2950,"value":null},{"name":"j","type":"json","typeoid":114,"value":null},{"name":"jb","type":"jsonb","typeoid":3802,"value":null},{"name":"int_arr","type":"integer[]","typeoid":1007,"value":null},{"name":"txt_arr","type":"text[]","typeoid":1009,"value":null},{"name":"m","type":"public.mood","typeoid":16385,"value":null},{"name":"money_col","type":"money","typeoid":790,"value":null},{"name":"bits","type":"bit(4)","typeoid":1560,"value":null},{"name":"ip","type":"inet","typeoid":869,"value":null}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(Named(row2.columns, "num").is_null);
  CHECK(Named(row2.columns, "num_free").is_null);
  CHECK(Named(row2.columns, "real_col").is_null);
  CHECK(Named(row2.columns, "dbl").is_null);
  CHECK(Named(row2.columns, "flag").text == "f");
  CHECK_FALSE(Named(row2.columns, "flag").is_null);
  CHECK(Named(row2.columns, "txt").is_null);
  CHECK(Named(row2.columns, "txt").text.empty());
}

TEST_CASE("insert: domains, enum arrays, quoted type names, oid, infinite dates") {
  // Captured through a replication connection that kept the default search_path ("$user",
  // public): type names come unqualified, and wal2json drops the quotes of a lone quoted name.
  Wal2JsonChange misc = Decode(R"json({"action":"I","xid":782,"timestamp":"2026-11-22 08:44:37.401346+00","lsn":"0/15B19E8","schema":"public","table":"misc","columns":[{"name":"id","type":"posint","typeoid":16449,"value":"3"},{"name":"moods","type":"mood[]","typeoid":16384,"value":"{sad,happy}"},{"name":"qt","type":"Quoted Type","typeoid":16452,"value":"a"},{"name":"qta","type":"\"Quoted Type\"[]","typeoid":16451,"value":"{a}"},{"name":"o","type":"oid","typeoid":26,"value":4294967295},{"name":"raw","type":"bytea","typeoid":17,"value":"00ff5c41"},{"name":"ts_inf","type":"timestamp without time zone","typeoid":1114,"value":"infinity"},{"name":"d_inf","type":"date","typeoid":1082,"value":"-infinity"},{"name":"n_nan","type":"numeric(5,1)","typeoid":1700,"value":null},{"name":"f4","type":"real","typeoid":700,"value":null}],"pk":[{"name":"id","type":"posint","typeoid":16449}]})json");
  CheckColumns(misc.columns, {
      {"id", "posint", 16449, "3"},
      {"moods", "mood[]", 16384, "{sad,happy}"},
      {"qt", "Quoted Type", 16452, "a"},
      {"qta", "\"Quoted Type\"[]", 16451, "{a}"},
      {"o", "oid", 26, "4294967295"},
      {"raw", "bytea", 17, "\\x00ff5c41"},
      {"ts_inf", "timestamp without time zone", 1114, "infinity"},
      {"d_inf", "date", 1082, "-infinity"},
      {"n_nan", "numeric(5,1)", 1700, nullptr},  // 'NaN'
      {"f4", "real", 700, nullptr},              // '-Infinity'
  });
  CHECK(misc.pk == std::vector<std::string>{"id"});
}

TEST_CASE("type names are schema-qualified under pg_recvlogical's empty search_path") {
  // Captured with pg_recvlogical, server TimeZone America/St_Johns.
  Wal2JsonChange misc = Decode(R"json({"action":"I","xid":763,"timestamp":"2026-11-22 05:11:40.034531-03:30","lsn":"0/1559390","schema":"public","table":"misc","columns":[{"name":"id","type":"public.posint","typeoid":16449,"value":"2"},{"name":"moods","type":"public.mood[]","typeoid":16384,"value":null},{"name":"qt","type":"public.\"Quoted Type\"","typeoid":16452,"value":null},{"name":"qta","type":"public.\"Quoted Type\"[]","typeoid":16451,"value":null},{"name":"o","type":"oid","typeoid":26,"value":null},{"name":"raw","type":"bytea","typeoid":17,"value":null},{"name":"ts_inf","type":"timestamp without time zone","typeoid":1114,"value":null},{"name":"d_inf","type":"date","typeoid":1082,"value":null},{"name":"n_nan","type":"numeric(5,1)","typeoid":1700,"value":null},{"name":"f4","type":"real","typeoid":700,"value":1.5}],"pk":[{"name":"id","type":"public.posint","typeoid":16449}]})json");
  CHECK(Named(misc.columns, "f4").text == "1.5");
  CHECK(Named(misc.columns, "id").type == "public.posint");
  CHECK(Named(misc.columns, "moods").type == "public.mood[]");
  CHECK(Named(misc.columns, "qt").type == "public.\"Quoted Type\"");
  CHECK(Named(misc.columns, "qta").type == "public.\"Quoted Type\"[]");
}

TEST_CASE("bytea in escape form is refused: wal2json has cut it") {
  // bytea '\x00ff5c41' with bytea_output = escape: "\000\377\\A" lost its first two characters.
  std::string error = DecodeError(R"json({"action":"I","xid":762,"timestamp":"2026-11-22 14:11:38.970811+05:30","lsn":"0/1559220","schema":"public","table":"misc","columns":[{"name":"id","type":"public.posint","typeoid":16449,"value":"1"},{"name":"moods","type":"public.mood[]","typeoid":16384,"value":"{sad,happy}"},{"name":"qt","type":"public.\"Quoted Type\"","typeoid":16452,"value":"a"},{"name":"qta","type":"public.\"Quoted Type\"[]","typeoid":16451,"value":"{a}"},{"name":"o","type":"oid","typeoid":26,"value":4294967295},{"name":"raw","type":"bytea","typeoid":17,"value":"00\\377\\\\A"},{"name":"ts_inf","type":"timestamp without time zone","typeoid":1114,"value":"infinity"},{"name":"d_inf","type":"date","typeoid":1082,"value":"-infinity"},{"name":"n_nan","type":"numeric(5,1)","typeoid":1700,"value":null},{"name":"f4","type":"real","typeoid":700,"value":null}],"pk":[{"name":"id","type":"public.posint","typeoid":16449}]})json");
  CHECK(error ==
        "wal2json: 'columns'[5] (raw) (bytea) is not hex: keep bytea_output = hex for the replication "
        "connection, wal2json cuts the escape form in the I message for public.misc");
}

TEST_CASE("update with REPLICA IDENTITY DEFAULT: the key as identity") {
  Wal2JsonChange u = Decode(R"json({"action":"U","xid":740,"timestamp":"2026-11-22 08:40:53.767002+00","lsn":"0/154CBB8","schema":"public","table":"all_types","columns":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"small","type":"smallint","typeoid":21,"value":-32768},{"name":"big","type":"bigint","typeoid":20,"value":9223372036854775807},{"name":"num","type":"numeric(10,2)","typeoid":1700,"value":12345678.91},{"name":"num_free","type":"numeric","typeoid":1700,"value":3.14159265358979323846264338327950288419716939937510},{"name":"real_col","type":"real","typeoid":700,"value":1.1754944e-38},{"name":"dbl","type":"double precision","typeoid":701,"value":0.1},{"name":"flag","type":"boolean","typeoid":16,"value":null},{"name":"txt","type":"text","typeoid":25,"value":"changed"},{"name":"vc","type":"character varying(20)","typeoid":1043,"value":"varchar val"},{"name":"ch","type":"character(5)","typeoid":1042,"value":"ab   "},{"name":"raw","type":"bytea","typeoid":17,"value":"00ff10"},{"name":"d","type":"date","typeoid":1082,"value":"2024-02-29"},{"name":"ts","type":"timestamp without time zone","typeoid":1114,"value":"2024-02-29 13:45:12.123456"},{"name":"tstz","type":"timestamp with time zone","typeoid":1184,"value":"2024-02-29 11:45:12.5+00"},{"name":"tm","type":"time without time zone","typeoid":1083,"value":"23:59:59.999999"},{"name":"tmtz","type":"time with time zone","typeoid":1266,"value":"10:00:00+05:30"},{"name":"iv","type":"interval","typeoid":1186,"value":"1 year 2 mons 3 days 04:05:06.789"},{"name":"u","type":"uuid","typeoid":2950,"value":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},{"name":"j","type":"json","typeoid":114,"value":"{\"a\": [1, 2.50, \"x\"], \"b\": null}"},{"name":"jb","type":"jsonb","typeoid":3802,"value":"{\"a\": [1, \"y\"], \"b\": 2.50}"},{"name":"int_arr","type":"integer[]","typeoid":1007,"value":"{1,NULL,3}"},{"name":"txt_arr","type":"text[]","typeoid":1009,"value":"{\"a b\",\"c\\\"d\",NULL}"},{"name":"m","type":"public.mood","typeoid":16385,"value":"happy"},{"name":"money_col","type":"money","typeoid":790,"value":"$12.34"},{"name":"bits","type":"bit(4)","typeoid":1560,"value":"1010"},{"name":"ip","type":"inet","typeoid":869,"value":"192.168.0.1/24"}],"identity":[{"name":"id","type":"integer","typeoid":23,"value":1}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(u.action == 'U');
  CHECK(u.lsn == L("0/154CBB8"));
  CHECK(Named(u.columns, "txt").text == "changed");
  CHECK(Named(u.columns, "flag").is_null);
  CHECK(u.columns.size() == 27);
  CheckColumns(u.identity, {{"id", "integer", 23, "1"}});
  CHECK(u.pk == std::vector<std::string>{"id"});

  // The key changed: the identity has the old key, the columns the new one.
  Wal2JsonChange moved = Decode(R"json({"action":"U","xid":740,"timestamp":"2026-11-22 08:40:53.767002+00","lsn":"0/154CD88","schema":"public","table":"all_types","columns":[{"name":"id","type":"integer","typeoid":23,"value":10},{"name":"small","type":"smallint","typeoid":21,"value":null},{"name":"big","type":"bigint","typeoid":20,"value":null},{"name":"num","type":"numeric(10,2)","typeoid":1700,"value":null},{"name":"num_free","type":"numeric","typeoid":1700,"value":null},{"name":"real_col","type":"real","typeoid":700,"value":null},{"name":"dbl","type":"double precision","typeoid":701,"value":null},{"name":"flag","type":"boolean","typeoid":16,"value":false},{"name":"txt","type":"text","typeoid":25,"value":null},{"name":"vc","type":"character varying(20)","typeoid":1043,"value":null},{"name":"ch","type":"character(5)","typeoid":1042,"value":null},{"name":"raw","type":"bytea","typeoid":17,"value":null},{"name":"d","type":"date","typeoid":1082,"value":null},{"name":"ts","type":"timestamp without time zone","typeoid":1114,"value":null},{"name":"tstz","type":"timestamp with time zone","typeoid":1184,"value":null},{"name":"tm","type":"time without time zone","typeoid":1083,"value":null},{"name":"tmtz","type":"time with time zone","typeoid":1266,"value":null},{"name":"iv","type":"interval","typeoid":1186,"value":null},{"name":"u","type":"uuid","typeoid":2950,"value":null},{"name":"j","type":"json","typeoid":114,"value":null},{"name":"jb","type":"jsonb","typeoid":3802,"value":null},{"name":"int_arr","type":"integer[]","typeoid":1007,"value":null},{"name":"txt_arr","type":"text[]","typeoid":1009,"value":null},{"name":"m","type":"public.mood","typeoid":16385,"value":null},{"name":"money_col","type":"money","typeoid":790,"value":null},{"name":"bits","type":"bit(4)","typeoid":1560,"value":null},{"name":"ip","type":"inet","typeoid":869,"value":null}],"identity":[{"name":"id","type":"integer","typeoid":23,"value":2}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(Named(moved.columns, "id").text == "10");
  CheckColumns(moved.identity, {{"id", "integer", 23, "2"}});
}

TEST_CASE("update leaves out an unchanged TOASTed column") {
  Wal2JsonChange u = Decode(R"json({"action":"U","xid":755,"timestamp":"2026-11-22 08:40:53.773644+00","lsn":"0/154EE20","schema":"public","table":"toasty","columns":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"other","type":"integer","typeoid":23,"value":2}],"identity":[{"name":"id","type":"integer","typeoid":23,"value":1}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(u.table == "toasty");
  CheckColumns(u.columns, {{"id", "integer", 23, "1"}, {"other", "integer", 23, "2"}});
  CheckColumns(u.identity, {{"id", "integer", 23, "1"}});

  Wal2JsonChange inserted = Decode(R"json({"action":"I","xid":754,"timestamp":"2026-11-22 08:40:53.773068+00","lsn":"0/154ECC0","schema":"public","table":"toasty","columns":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"big","type":"text","typeoid":25,"value":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},{"name":"other","type":"integer","typeoid":23,"value":1}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(Named(inserted.columns, "big").text == std::string(5000, 'x'));
}

TEST_CASE("update and delete with REPLICA IDENTITY FULL: the whole old row") {
  Wal2JsonChange u = Decode(R"json({"action":"U","xid":742,"timestamp":"2026-11-22 08:40:53.768267+00","lsn":"0/154D050","schema":"public","table":"full_ident","columns":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"name","type":"text","typeoid":25,"value":"uno"},{"name":"score","type":"numeric","typeoid":1700,"value":2}],"identity":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"name","type":"text","typeoid":25,"value":"one"},{"name":"score","type":"numeric","typeoid":1700,"value":1.50}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(u.table == "full_ident");
  CheckColumns(u.columns, {{"id", "integer", 23, "1"}, {"name", "text", 25, "uno"}, {"score", "numeric", 1700, "2"}});
  CheckColumns(u.identity,
               {{"id", "integer", 23, "1"}, {"name", "text", 25, "one"}, {"score", "numeric", 1700, "1.50"}});

  Wal2JsonChange d = Decode(R"json({"action":"D","xid":743,"timestamp":"2026-11-22 08:40:53.768581+00","lsn":"0/154D0E8","schema":"public","table":"full_ident","identity":[{"name":"id","type":"integer","typeoid":23,"value":2},{"name":"name","type":"text","typeoid":25,"value":null},{"name":"score","type":"numeric","typeoid":1700,"value":null}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(d.action == 'D');
  CHECK(d.xid == 743);
  CHECK(d.lsn == L("0/154D0E8"));
  CHECK(d.columns.empty());
  CheckColumns(d.identity,
               {{"id", "integer", 23, "2"}, {"name", "text", 25, nullptr}, {"score", "numeric", 1700, nullptr}});
  CHECK(d.pk == std::vector<std::string>{"id"});
}

TEST_CASE("delete with REPLICA IDENTITY DEFAULT: the key only") {
  Wal2JsonChange d = Decode(R"json({"action":"D","xid":740,"timestamp":"2026-11-22 08:40:53.767002+00","lsn":"0/154CE40","schema":"public","table":"all_types","identity":[{"name":"id","type":"integer","typeoid":23,"value":3}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json");
  CHECK(d.action == 'D');
  CHECK(d.table == "all_types");
  CheckColumns(d.identity, {{"id", "integer", 23, "3"}});
}

TEST_CASE("a table without primary key") {
  Wal2JsonChange i = Decode(R"json({"action":"I","xid":744,"timestamp":"2026-11-22 08:40:53.768921+00","lsn":"0/154D158","schema":"public","table":"no_pk","columns":[{"name":"a","type":"integer","typeoid":23,"value":1},{"name":"b","type":"text","typeoid":25,"value":"x"}],"pk":[]})json");
  CHECK(i.table == "no_pk");
  CHECK(i.pk.empty());
  CheckColumns(i.columns, {{"a", "integer", 23, "1"}, {"b", "text", 25, "x"}});

  // REPLICA IDENTITY FULL: updates and deletes arrive with the old row.
  Wal2JsonChange u = Decode(R"json({"action":"U","xid":748,"timestamp":"2026-11-22 08:40:53.770342+00","lsn":"0/154D318","schema":"public","table":"no_pk_full","columns":[{"name":"a","type":"integer","typeoid":23,"value":1},{"name":"b","type":"text","typeoid":25,"value":"y"}],"identity":[{"name":"a","type":"integer","typeoid":23,"value":1},{"name":"b","type":"text","typeoid":25,"value":"x"}],"pk":[]})json");
  CHECK(u.pk.empty());
  CheckColumns(u.identity, {{"a", "integer", 23, "1"}, {"b", "text", 25, "x"}});
  Wal2JsonChange d = Decode(R"json({"action":"D","xid":749,"timestamp":"2026-11-22 08:40:53.770728+00","lsn":"0/154D3A0","schema":"public","table":"no_pk_full","identity":[{"name":"a","type":"integer","typeoid":23,"value":1},{"name":"b","type":"text","typeoid":25,"value":"y"}],"pk":[]})json");
  CHECK(d.pk.empty());
  CheckColumns(d.identity, {{"a", "integer", 23, "1"}, {"b", "text", 25, "y"}});
}

TEST_CASE("a composite primary key, in table order") {
  // PRIMARY KEY (b, a); wal2json lists the key columns in table order.
  Wal2JsonChange i = Decode(R"json({"action":"I","xid":750,"timestamp":"2026-11-22 08:40:53.771254+00","lsn":"0/154D418","schema":"public","table":"composite_pk","columns":[{"name":"a","type":"integer","typeoid":23,"value":7},{"name":"b","type":"character varying(10)","typeoid":1043,"value":"k"},{"name":"c","type":"text","typeoid":25,"value":"c"}],"pk":[{"name":"a","type":"integer","typeoid":23},{"name":"b","type":"character varying(10)","typeoid":1043}]})json");
  CHECK(i.pk == std::vector<std::string>{"a", "b"});
  Wal2JsonChange u = Decode(R"json({"action":"U","xid":751,"timestamp":"2026-11-22 08:40:53.771626+00","lsn":"0/154D528","schema":"public","table":"composite_pk","columns":[{"name":"a","type":"integer","typeoid":23,"value":7},{"name":"b","type":"character varying(10)","typeoid":1043,"value":"k"},{"name":"c","type":"text","typeoid":25,"value":"d"}],"identity":[{"name":"a","type":"integer","typeoid":23,"value":7},{"name":"b","type":"character varying(10)","typeoid":1043,"value":"k"}],"pk":[{"name":"a","type":"integer","typeoid":23},{"name":"b","type":"character varying(10)","typeoid":1043}]})json");
  CheckColumns(u.identity, {{"a", "integer", 23, "7"}, {"b", "character varying(10)", 1043, "k"}});
  Wal2JsonChange d = Decode(R"json({"action":"D","xid":752,"timestamp":"2026-11-22 08:40:53.77202+00","lsn":"0/154D5A8","schema":"public","table":"composite_pk","identity":[{"name":"a","type":"integer","typeoid":23,"value":7},{"name":"b","type":"character varying(10)","typeoid":1043,"value":"k"}],"pk":[{"name":"a","type":"integer","typeoid":23},{"name":"b","type":"character varying(10)","typeoid":1043}]})json");
  CheckColumns(d.identity, {{"a", "integer", 23, "7"}, {"b", "character varying(10)", 1043, "k"}});
}

TEST_CASE("quoted table and column names come unquoted") {
  Wal2JsonChange i = Decode(R"json({"action":"I","xid":753,"timestamp":"2026-11-22 08:40:53.772483+00","lsn":"0/154D620","schema":"public","table":"Odd \"Name\"","columns":[{"name":"Col \"x\"","type":"integer","typeoid":23,"value":1},{"name":"v","type":"text","typeoid":25,"value":"v"}],"pk":[{"name":"Col \"x\"","type":"integer","typeoid":23}]})json");
  CHECK(i.table == "Odd \"Name\"");
  CHECK(i.columns[0].name == "Col \"x\"");
  CHECK(i.pk == std::vector<std::string>{"Col \"x\""});
}

TEST_CASE("truncate: one message per table") {
  Wal2JsonChange first = Decode(R"json({"action":"T","xid":756,"timestamp":"2026-11-22 08:40:53.77555+00","lsn":"0/15502B8","schema":"public","table":"no_pk"})json");
  Wal2JsonChange second = Decode(R"json({"action":"T","xid":756,"timestamp":"2026-11-22 08:40:53.77555+00","lsn":"0/15502B8","schema":"public","table":"composite_pk"})json");
  CHECK(first.action == 'T');
  CHECK(first.xid == 756);
  CHECK(first.lsn == L("0/15502B8"));
  CHECK(first.schema == "public");
  CHECK(first.table == "no_pk");
  CHECK(second.table == "composite_pk");
  CHECK(second.xid == 756);
  CHECK(first.columns.empty());
  CHECK(first.identity.empty());
  CHECK(first.pk.empty());
}

TEST_CASE("logical decoding messages") {
  Wal2JsonChange tx = Decode(R"json({"action":"M","xid":758,"timestamp":"2026-11-22 08:40:53.779161+00","lsn":"0/1551278","transactional":true,"prefix":"my-prefix","content":"tx \"message\"\n"})json");
  CHECK(tx.action == 'M');
  CHECK(tx.xid == 758);
  CHECK(tx.timestamp_us != 0);
  CHECK(tx.lsn == L("0/1551278"));
  CHECK(tx.transactional);
  CHECK(tx.prefix == "my-prefix");
  CHECK(tx.content == "tx \"message\"\n");

  // pg_logical_emit_message(false, 'nontx', '\xdeadbeef'::bytea): no xid, no time, raw bytes.
  Wal2JsonChange nontx = Decode(
      "{\"action\":\"M\",\"xid\":null,\"timestamp\":null,\"lsn\":\"0/15512E8\",\"transactional\":false,"
      "\"prefix\":\"nontx\",\"content\":\"\xde\xad\xbe\xef\"}");
  CHECK(nontx.xid == -1);
  CHECK(nontx.timestamp_us == 0);
  CHECK(nontx.lsn == L("0/15512E8"));
  CHECK_FALSE(nontx.transactional);
  CHECK(nontx.prefix == "nontx");
  CHECK(nontx.content == "\xde\xad\xbe\xef");
}

TEST_CASE("a reused struct keeps nothing from the previous message") {
  Wal2JsonChange change;
  std::string error;
  REQUIRE(DecodeWal2Json(R"json({"action":"U","xid":742,"timestamp":"2026-11-22 08:40:53.768267+00","lsn":"0/154D050","schema":"public","table":"full_ident","columns":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"name","type":"text","typeoid":25,"value":"uno"},{"name":"score","type":"numeric","typeoid":1700,"value":2}],"identity":[{"name":"id","type":"integer","typeoid":23,"value":1},{"name":"name","type":"text","typeoid":25,"value":"one"},{"name":"score","type":"numeric","typeoid":1700,"value":1.50}],"pk":[{"name":"id","type":"integer","typeoid":23}]})json", &change, &error));
  REQUIRE(DecodeWal2Json(R"json({"action":"T","xid":756,"timestamp":"2026-11-22 08:40:53.77555+00","lsn":"0/15502B8","schema":"public","table":"no_pk"})json", &change, &error));
  CHECK(change.action == 'T');
  CHECK(change.table == "no_pk");
  CHECK(change.columns.empty());
  CHECK(change.identity.empty());
  CHECK(change.pk.empty());
  REQUIRE(DecodeWal2Json(R"({"action":"C"})", &change, &error));
  CHECK(change.xid == -1);
  CHECK(change.timestamp_us == 0);
  CHECK(change.lsn == 0);
  CHECK(change.table.empty());
}

TEST_CASE("members of other options are ignored") {
  // include-origin, include-not-null, include-column-positions and include-default add these.
  Wal2JsonChange i = Decode(
      R"({"action":"I","origin":0,"schema":"s","table":"t","columns":[{"name":"a","type":"integer",)"
      R"("value":5,"optional":false,"position":1,"default":null}]})");
  CheckColumns(i.columns, {{"a", "integer", 0, "5"}});
  CHECK(i.xid == -1);
}

TEST_CASE("numbers and strings are both read as text") {
  // kParseNumbersAsStringsFlag hands numbers over as strings: a quoted number is read the same.
  Wal2JsonChange b = Decode(R"({"action":"B","xid":"735"})");
  CHECK(b.xid == 735);
  Wal2JsonChange i = Decode(R"({"action":"I","table":7,"columns":[{"name":"a","typeoid":"23","value":"1.50"}]})");
  CHECK(i.table == "7");
  CheckColumns(i.columns, {{"a", "", 23, "1.50"}});
}

TEST_CASE("malformed messages name what is wrong") {
  CHECK(DecodeError(R"({"action":"I","table":"t","columns":[{"name":"a","value":1)") ==
        "wal2json: malformed JSON at byte 58 of 58: Missing a comma or '}' after an object member.");
  CHECK(DecodeError("") == "wal2json: malformed JSON at byte 0 of 0: The document is empty.");
  CHECK(DecodeError(R"({"action":"B"} x)") ==
        "wal2json: malformed JSON at byte 15 of 16: The document root must not be followed by other values.");
  CHECK(DecodeError(R"(["B"])") == "wal2json: the message is an array, not an object");
  CHECK(DecodeError(R"({"xid":1})") == "wal2json: 'action' is missing");
  CHECK(DecodeError(R"({"action":"X"})") ==
        "wal2json: 'action' is not one of \"B\", \"C\", \"I\", \"U\", \"D\", \"T\", \"M\"");
  CHECK(DecodeError(R"({"action":"II"})") ==
        "wal2json: 'action' is not one of \"B\", \"C\", \"I\", \"U\", \"D\", \"T\", \"M\"");
  CHECK(DecodeError(R"({"action":true})") ==
        "wal2json: 'action' is not one of \"B\", \"C\", \"I\", \"U\", \"D\", \"T\", \"M\"");
  CHECK(DecodeError(R"({"action":"B","xid":"x1"})") == "wal2json: 'xid' is not a transaction id in the B message");
  CHECK(DecodeError(R"({"action":"B","xid":-1})") == "wal2json: 'xid' is not a transaction id in the B message");
  CHECK(DecodeError(R"({"action":"B","xid":4294967296})") ==
        "wal2json: 'xid' is not a transaction id in the B message");
  CHECK(DecodeError(R"({"action":"C","timestamp":"2026-11-22T08:40:53+00"})") ==
        "wal2json: 'timestamp' is not a time with zone like \"2024-02-29 13:45:12.5+00\" in the C message");
  CHECK(DecodeError(R"({"action":"C","timestamp":"2026-11-22 08:40:53"})") ==
        "wal2json: 'timestamp' is not a time with zone like \"2024-02-29 13:45:12.5+00\" in the C message");
  CHECK(DecodeError(R"({"action":"C","timestamp":"2026-13-22 08:40:53+00"})") ==
        "wal2json: 'timestamp' is not a time with zone like \"2024-02-29 13:45:12.5+00\" in the C message");
  CHECK(DecodeError(R"({"action":"C","timestamp":1})") ==
        "wal2json: 'timestamp' is not a time with zone like \"2024-02-29 13:45:12.5+00\" in the C message");
  CHECK(DecodeError(R"({"action":"C","lsn":"0/154C850","nextlsn":"154C880"})") ==
        "wal2json: 'nextlsn' is not an LSN like \"16/B374D848\" in the C message");
  CHECK(DecodeError(R"({"action":"C","lsn":7})") == "wal2json: 'lsn' is not an LSN like \"16/B374D848\" in the C message");
}

TEST_CASE("a change missing what its action needs") {
  CHECK(DecodeError(R"({"action":"I","schema":"public","columns":[]})") == "wal2json: 'table' is missing in the I message");
  CHECK(DecodeError(R"({"action":"T","schema":"public","table":false})") ==
        "wal2json: 'table' is a boolean, not a string in the T message");
  CHECK(DecodeError(R"({"action":"I","schema":["public"],"table":"t","columns":[]})") ==
        "wal2json: 'schema' is an array, not a string in the I message for t");
  CHECK(DecodeError(R"({"action":"I","schema":"public","table":"t"})") ==
        "wal2json: 'columns' is missing in the I message for public.t");
  CHECK(DecodeError(R"({"action":"U","schema":"public","table":"t","identity":[]})") ==
        "wal2json: 'columns' is missing in the U message for public.t");
  CHECK(DecodeError(R"({"action":"D","schema":"public","table":"t","columns":[]})") ==
        "wal2json: 'identity' is missing in the D message for public.t");
  CHECK(DecodeError(R"({"action":"I","schema":"public","table":"t","columns":{"a":1}})") ==
        "wal2json: 'columns' is an object, not an array in the I message for public.t");
  CHECK(DecodeError(R"({"action":"I","schema":"public","table":"t","columns":[1]})") ==
        "wal2json: 'columns'[0] is a string or number, not an object in the I message for public.t");
  CHECK(DecodeError(R"({"action":"I","schema":"public","table":"t","columns":[{"value":1}]})") ==
        "wal2json: 'columns'[0] has no 'name' string in the I message for public.t");
  CHECK(DecodeError(R"({"action":"I","schema":"public","table":"t","columns":[{"name":"a","type":"integer"}]})") ==
        "wal2json: 'columns'[0] (a) has no 'value' in the I message for public.t");
  CHECK(DecodeError(R"({"action":"I","schema":"public","table":"t","columns":[{"name":"a","value":[1]}]})") ==
        "wal2json: 'columns'[0] (a) is an array, not a column value in the I message for public.t");
  CHECK(DecodeError(R"({"action":"I","schema":"public","table":"t","columns":[{"name":"a","type":null,"value":1}]})") ==
        "wal2json: 'columns'[0] (a) 'type' is not a string in the I message for public.t");
  CHECK(DecodeError(
            R"({"action":"I","schema":"public","table":"t","columns":[{"name":"a","typeoid":"int","value":1}]})") ==
        "wal2json: 'columns'[0] (a) 'typeoid' is not a type OID in the I message for public.t");
  CHECK(DecodeError(R"({"action":"D","schema":"public","table":"t","identity":[],"pk":{}})") ==
        "wal2json: 'pk' is an object, not an array in the D message for public.t");
  CHECK(DecodeError(R"({"action":"D","schema":"public","table":"t","identity":[],"pk":[{"type":"integer"}]})") ==
        "wal2json: 'pk'[0] has no 'name' string in the D message for public.t");
  CHECK(DecodeError(R"({"action":"M","prefix":"p","content":"c"})") ==
        "wal2json: 'transactional' is missing or not a boolean in the M message");
  CHECK(DecodeError(R"({"action":"M","transactional":"true","prefix":"p","content":"c"})") ==
        "wal2json: 'transactional' is missing or not a boolean in the M message");
  CHECK(DecodeError(R"({"action":"M","transactional":true,"content":"c"})") ==
        "wal2json: 'prefix' is missing in the M message");
  CHECK(DecodeError(R"({"action":"M","transactional":true,"prefix":"p"})") ==
        "wal2json: 'content' is missing in the M message");
  CHECK(DecodeError(
            R"({"action":"I","schema":"public","table":"t","columns":[{"name":"b","type":"bytea","value":"0g"}]})") ==
        "wal2json: 'columns'[0] (b) (bytea) is not hex: keep bytea_output = hex for the replication connection, "
        "wal2json cuts the escape form in the I message for public.t");
}

}  // namespace
}  // namespace pgcdc
}  // namespace connectd
