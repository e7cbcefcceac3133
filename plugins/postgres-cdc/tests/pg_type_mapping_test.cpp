// Column schemas and values against Debezium's PostgreSQL connector, checked as the JSON the
// JsonConverter writes for them (schema and payload), with the host's real service table. The
// expected values come from Debezium's documentation and its connector tests
// (AbstractRecordsProducerTest, PostgresTemporalPrecisionHandlingIT, RecordsStreamProducerIT),
// or are computed by hand from the rules they state (epoch days/micros, two's complement bytes
// in base64, java.util.HashMap order).
#include "pg_type_mapping.h"

#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "connect_json.h"
#include "plugin/abi_objects.h"
#include "plugin/host_api.h"
#include "thrown_message.h"

namespace connectd {
namespace pgcdc {
namespace {

struct HostFixture {
  HostFixture() { sdk::HostSlot() = HostApi(); }
};

// Type oids used below (PostgreSQL's built-ins) and ones the tests add to a registry.
constexpr uint32_t kBool = 16, kBytea = 17, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26,
                   kJson = 114, kXml = 142, kPoint = 600, kBox = 603, kCidr = 650, kFloat4 = 700, kFloat8 = 701,
                   kMoney = 790, kMacaddr = 829, kInet = 869, kInt4Array = 1007, kTextArray = 1009, kBpcharArray = 1014,
                   kInt8Array = 1016, kFloat8Array = 1022, kOidArray = 1028, kByteaArray = 1001, kBpchar = 1042,
                   kVarchar = 1043, kDate = 1082, kTime = 1083, kTimestamp = 1114, kTimestampArray = 1115,
                   kDateArray = 1182, kTimeArray = 1183, kTimestampTz = 1184, kTimestampTzArray = 1185,
                   kInterval = 1186, kIntervalArray = 1187, kNumericArray = 1231, kTimeTz = 1266, kTimeTzArray = 1270,
                   kBit = 1560, kBitArray = 1561, kVarbit = 1562, kNumeric = 1700, kUuid = 2950, kUuidArray = 2951,
                   kTsvector = 3614, kJsonb = 3802, kJsonArray = 199, kMoneyArray = 791, kTsRangeArray = 3909,
                   kInt4Range = 3904;
constexpr uint32_t kMood = 70001, kMoodArray = 70002, kAmount = 70003, kPositiveInt = 70004, kSmallPositive = 70005,
                   kAmountArray = 70006, kHstore = 70007, kHstoreArray = 70008, kCitext = 70009, kLtree = 70010,
                   kLtreeArray = 70011, kComposite = 70012, kIsbnArray = 70013, kIsbn = 70014;

// typmods as PostgreSQL stores them: numeric(p,s) = ((p << 16) | s) + 4, varchar(n) = n + 4,
// bit(n)/time(p)/timestamp(p) = n.
constexpr int32_t Numeric(int p, int s) { return ((p << 16) | s) + 4; }

PgType Type(uint32_t oid, std::string name, char typtype, char category, uint32_t element = 0, uint32_t base = 0,
            int32_t base_typmod = -1, std::vector<std::string> labels = {}) {
  PgType t;
  t.oid = oid;
  t.name = std::move(name);
  t.typtype = typtype;
  t.category = category;
  t.element_oid = element;
  t.base_oid = base;
  t.base_typmod = base_typmod;
  t.enum_labels = std::move(labels);
  return t;
}

// The built-ins plus the user and extension types of the tests.
const PgTypeRegistry& Types() {
  static const PgTypeRegistry types = [] {
    PgTypeRegistry r;
    r.add(Type(kMood, "mood", 'e', 'E', 0, 0, -1, {"sad", "ok", "happy"}));
    r.add(Type(kMoodArray, "_mood", 'b', 'A', kMood));
    r.add(Type(kAmount, "amount", 'd', 'N', 0, kNumeric, Numeric(10, 2)));
    r.add(Type(kAmountArray, "_amount", 'b', 'A', kAmount));
    r.add(Type(kPositiveInt, "positive_int", 'd', 'N', 0, kInt4));
    r.add(Type(kSmallPositive, "small_positive", 'd', 'N', 0, kPositiveInt));
    r.add(Type(kHstore, "hstore", 'b', 'U'));
    r.add(Type(kHstoreArray, "_hstore", 'b', 'A', kHstore));
    r.add(Type(kCitext, "citext", 'b', 'S'));
    r.add(Type(kLtree, "ltree", 'b', 'U'));
    r.add(Type(kLtreeArray, "_ltree", 'b', 'A', kLtree));
    r.add(Type(kComposite, "address", 'c', 'C'));
    r.add(Type(kIsbn, "isbn", 'b', 'U'));
    r.add(Type(kIsbnArray, "_isbn", 'b', 'A', kIsbn));
    return r;
  }();
  return types;
}

ColumnMapping Map(uint32_t oid, int32_t typmod = -1, const TypeMappingOptions& options = {}, bool optional = true,
                  const std::string& column = "c") {
  std::optional<ColumnMapping> m = ColumnMapping::Resolve(Types(), column, oid, typmod, optional, options);
  REQUIRE(m.has_value());
  return *m;
}

bool Dropped(uint32_t oid, int32_t typmod = -1, const TypeMappingOptions& options = {}) {
  return !ColumnMapping::Resolve(Types(), "c", oid, typmod, true, options).has_value();
}

// {"schema":...,"payload":...} as Kafka's JsonConverter writes the value with its schema.
using pgcdc::Json;  // the overload below would hide connect_json.h's

// The JSON of `text` read by `mapping`.
std::string Json(const ColumnMapping& mapping, std::string_view text) {
  return Json(mapping.schema(), mapping.fromText(text));
}

// Only the payload part of Json().
std::string Payload(const ColumnMapping& mapping, std::string_view text) {
  std::string json = Json(mapping, text);
  size_t at = json.find(",\"payload\":");
  REQUIRE(at != std::string::npos);
  return json.substr(at + 11, json.size() - at - 12);
}

// Only the schema part of Json().
std::string SchemaJson(const ColumnMapping& mapping, std::string_view text) {
  std::string json = Json(mapping, text);
  size_t at = json.find(",\"payload\":");
  REQUIRE(at != std::string::npos);
  return json.substr(10, at - 10);
}

using testing::ThrownMessage;

TypeMappingOptions With(DecimalHandling d) {
  TypeMappingOptions o;
  o.decimal = d;
  return o;
}
TypeMappingOptions With(TimePrecision t) {
  TypeMappingOptions o;
  o.time = t;
  return o;
}
TypeMappingOptions With(BinaryHandling b) {
  TypeMappingOptions o;
  o.binary = b;
  return o;
}
TypeMappingOptions With(IntervalHandling i) {
  TypeMappingOptions o;
  o.interval = i;
  return o;
}
TypeMappingOptions With(HstoreHandling h) {
  TypeMappingOptions o;
  o.hstore = h;
  return o;
}
TypeMappingOptions Unknown(BinaryHandling b = BinaryHandling::kBytes) {
  TypeMappingOptions o;
  o.include_unknown = true;
  o.binary = b;
  return o;
}

}  // namespace

// ---- configuration ------------------------------------------------------------------------

TEST_CASE("mode settings are read as Debezium reads them: trimmed, any case, its spellings only") {
  DecimalHandling d = DecimalHandling::kPrecise;
  CHECK(ParseDecimalHandling(" DOUBLE ", &d));
  CHECK(d == DecimalHandling::kDouble);
  CHECK(ParseDecimalHandling("String", &d));
  CHECK(d == DecimalHandling::kString);
  CHECK_FALSE(ParseDecimalHandling("exact", &d));
  CHECK(d == DecimalHandling::kString);

  TimePrecision t = TimePrecision::kAdaptive;
  CHECK(ParseTimePrecision("adaptive_time_microseconds", &t));
  CHECK(t == TimePrecision::kAdaptiveTimeMicroseconds);
  CHECK(ParseTimePrecision("CONNECT", &t));
  CHECK(t == TimePrecision::kConnect);
  CHECK(ParseTimePrecision("isostring", &t));
  CHECK(t == TimePrecision::kIsoString);
  CHECK(ParseTimePrecision("nanoseconds", &t));
  CHECK(t == TimePrecision::kNanoseconds);
  CHECK(ParseTimePrecision("microseconds", &t));
  CHECK(t == TimePrecision::kMicroseconds);
  CHECK_FALSE(ParseTimePrecision("adaptive-time-microseconds", &t));

  BinaryHandling b = BinaryHandling::kBytes;
  CHECK(ParseBinaryHandling("base64-url-safe", &b));
  CHECK(b == BinaryHandling::kBase64UrlSafe);
  CHECK(ParseBinaryHandling("Hex", &b));
  CHECK(b == BinaryHandling::kHex);
  CHECK_FALSE(ParseBinaryHandling("base64_url_safe", &b));

  IntervalHandling i = IntervalHandling::kNumeric;
  CHECK(ParseIntervalHandling("string", &i));
  CHECK(i == IntervalHandling::kString);
  CHECK_FALSE(ParseIntervalHandling("iso", &i));
  HstoreHandling h = HstoreHandling::kJson;
  CHECK(ParseHstoreHandling("MAP", &h));
  CHECK(h == HstoreHandling::kMap);
  CHECK_FALSE(ParseHstoreHandling("", &h));

  TypeMappingOptions defaults;
  CHECK(defaults.decimal == DecimalHandling::kPrecise);
  CHECK(defaults.time == TimePrecision::kAdaptive);
  CHECK(defaults.binary == BinaryHandling::kBytes);
  CHECK(defaults.interval == IntervalHandling::kNumeric);
  CHECK(defaults.hstore == HstoreHandling::kJson);
  CHECK(defaults.money_fraction_digits == 2);
  CHECK_FALSE(defaults.include_unknown);
}

TEST_CASE("pg_type catalog rows become registry types; enum labels keep their order and quoting") {
  PgTypeCatalogRow row;
  row.oid = "16390";
  row.name = "mood";
  row.typtype = "e";
  row.category = "E";
  row.element_oid = "0";
  row.base_oid = "0";
  row.base_typmod = "-1";
  row.enum_labels = std::string_view("{sad,ok,\"very happy\",\"a\\\"b\"}");
  PgType t = PgTypeFromCatalogRow(row);
  CHECK(t.oid == 16390);
  CHECK(t.name == "mood");
  CHECK(t.typtype == 'e');
  CHECK(t.category == 'E');
  CHECK(t.base_typmod == -1);
  CHECK(t.enum_labels == std::vector<std::string>{"sad", "ok", "very happy", "a\"b"});

  row.enum_labels.reset();
  row.oid = "4294967295";
  CHECK(PgTypeFromCatalogRow(row).oid == 4294967295u);
  row.oid = "x1";
  CHECK(ThrownMessage([&] { PgTypeFromCatalogRow(row); }) == "pg_type row for type 'mood' (oid x1): oid 'x1' is not valid");
  row.oid = "1";
  row.base_typmod = "abc";
  CHECK(ThrownMessage([&] { PgTypeFromCatalogRow(row); }) ==
        "pg_type row for type 'mood' (oid 1): typtypmod 'abc' is not valid");

  PgTypeRegistry registry;
  REQUIRE(registry.find(kInt4) != nullptr);
  CHECK(registry.find(kInt4)->name == "int4");
  CHECK(registry.find(kNumericArray)->element_oid == kNumeric);
  CHECK(registry.find(16390) == nullptr);
  registry.add(t);
  REQUIRE(registry.find(16390) != nullptr);
  CHECK(registry.find(16390)->enum_labels.size() == 4);
}

// ---- numbers ------------------------------------------------------------------------------

TEST_CASE_FIXTURE(HostFixture, "integer, oid, boolean and floating-point columns") {
  CHECK(Json(Map(kInt2), "1") == R"({"schema":{"type":"int16","optional":true},"payload":1})");
  CHECK(Json(Map(kInt4), "123456") == R"({"schema":{"type":"int32","optional":true},"payload":123456})");
  CHECK(Json(Map(kInt8), "1234567890123") == R"({"schema":{"type":"int64","optional":true},"payload":1234567890123})");
  CHECK(Json(Map(kInt8, -1, {}, false), "-9223372036854775808") ==
        R"({"schema":{"type":"int64","optional":false},"payload":-9223372036854775808})");
  CHECK(Json(Map(kOid), "4000000000") == R"({"schema":{"type":"int64","optional":true},"payload":4000000000})");
  CHECK(Json(Map(kBool), "t") == R"({"schema":{"type":"boolean","optional":true},"payload":true})");
  CHECK(Payload(Map(kBool), "f") == "false");
  CHECK(Json(Map(kFloat4), "3.3") == R"({"schema":{"type":"float","optional":true},"payload":3.3})");
  CHECK(Json(Map(kFloat8), "4.44") == R"({"schema":{"type":"double","optional":true},"payload":4.44})");
  CHECK(Payload(Map(kFloat4), "3") == "3.0");
  CHECK(Payload(Map(kFloat8), "1e+300") == "1.0E300");
  CHECK(Payload(Map(kFloat4), "NaN") == "\"NaN\"");
  CHECK(Payload(Map(kFloat8), "Infinity") == "\"Infinity\"");
  CHECK(Payload(Map(kFloat8), "-Infinity") == "\"-Infinity\"");
  CHECK(Map(kFloat4).fromText("0.1").asDouble() == static_cast<double>(0.1f));
}

TEST_CASE_FIXTURE(HostFixture, "integer and floating-point text that does not parse names the column, type and text") {
  CHECK(ThrownMessage([] { Map(kInt2, -1, {}, true, "si").fromText("70000"); }) ==
        "column 'si' (int2): cannot convert '70000': not an integer in the type's range");
  CHECK(ThrownMessage([] { Map(kInt4, -1, {}, true, "i").fromText("12a"); }) ==
        "column 'i' (int4): cannot convert '12a': not an integer in the type's range");
  CHECK(ThrownMessage([] { Map(kInt8).fromText(""); }) ==
        "column 'c' (int8): cannot convert '': not an integer in the type's range");
  CHECK(ThrownMessage([] { Map(kFloat8, -1, {}, true, "db").fromText("4,44"); }) ==
        "column 'db' (float8): cannot convert '4,44': not a floating-point number");
  CHECK(ThrownMessage([] { Map(kFloat4).fromText("inf"); }) ==
        "column 'c' (float4): cannot convert 'inf': not a floating-point number");
  CHECK(ThrownMessage([] { Map(kBool, -1, {}, true, "b").fromText("yes"); }) ==
        "column 'b' (bool): cannot convert 'yes': not a boolean (t or f)");
}

TEST_CASE_FIXTURE(HostFixture,
                  "numeric with precision and scale is a Decimal with scale and connect.decimal.precision") {
  ColumnMapping d = Map(kNumeric, Numeric(3, 2), {}, true, "d");
  CHECK(d.typeName() == "numeric(3,2)");
  // DECIMAL(3,2) '1.10': unscaled 110 = 0x6E.
  CHECK(Json(d, "1.10") ==
        R"({"schema":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,)"
        R"("parameters":{"scale":"2","connect.decimal.precision":"3"}},"payload":"bg=="})");
  // NUMERIC(6,4) '22.2200': unscaled 222200 = 0x036418.
  CHECK(Payload(Map(kNumeric, Numeric(6, 4)), "22.2200") == "\"A2P4\"");
  CHECK(Payload(Map(kNumeric, Numeric(6, 4)), "22.2") == "\"A2Mw\"");  // 222000
  // NUMERIC(4) keeps scale 0 and is not variable.
  CHECK(Json(Map(kNumeric, Numeric(4, 0), {}, false), "10") ==
        R"({"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,)"
        R"("parameters":{"scale":"0","connect.decimal.precision":"4"}},"payload":"Cg=="})");
  CHECK(Payload(Map(kNumeric, Numeric(3, 2)), "-1.20") == "\"iA==\"");
  CHECK(ThrownMessage([] { Map(kNumeric, Numeric(3, 2), {}, true, "d").fromText("1.234"); }) ==
        "column 'd' (numeric(3,2)): cannot convert '1.234': has more fraction digits than the column's scale 2");
}

TEST_CASE_FIXTURE(HostFixture, "numeric without modifier is a VariableScaleDecimal with trailing zeros stripped") {
  ColumnMapping nvs = Map(kNumeric);
  CHECK(Json(nvs, "10.1111") ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"scale"},)"
        R"({"type":"bytes","optional":false,"field":"value"}],"optional":true,)"
        R"("name":"io.debezium.data.VariableScaleDecimal","version":1,"doc":"Variable scaled decimal"},)"
        R"("payload":{"scale":4,"value":"AYr3"}})");
  CHECK(Payload(nvs, "22.2222") == R"({"scale":4,"value":"A2QO"})");
  CHECK(Payload(nvs, "10") == R"({"scale":0,"value":"Cg=="})");
  CHECK(Payload(nvs, "1.500") == R"({"scale":1,"value":"Dw=="})");
  CHECK(Payload(nvs, "1000") == R"({"scale":0,"value":"A+g="})");
  CHECK(Payload(nvs, "0.000") == R"({"scale":0,"value":"AA=="})");
  CHECK(Payload(nvs, "-0.50") == R"({"scale":1,"value":"+w=="})");
  CHECK(Payload(nvs, "12345678901234567890") == R"({"scale":0,"value":"AKtUqYzrHwrS"})");
  CHECK(ThrownMessage([] { Map(kNumeric, -1, {}, true, "nvs").fromText("1.2.3"); }) ==
        "column 'nvs' (numeric): cannot convert '1.2.3': not a decimal number");
}

TEST_CASE_FIXTURE(HostFixture, "numeric NaN and infinities per decimal.handling.mode") {
  CHECK(ThrownMessage([] { Map(kNumeric, Numeric(3, 2), {}, true, "d_nan").fromText("NaN"); }) ==
        "column 'd_nan' (numeric(3,2)): cannot convert 'NaN': Got a special value (NaN/Infinity) for Decimal type in "
        "column d_nan but current mode does not handle it. If you need to support it then set decimal handling mode "
        "to 'string'.");
  CHECK(ThrownMessage([] { Map(kNumeric).fromText("Infinity"); }).find("Got a special value (NaN/Infinity)") !=
        std::string::npos);
  ColumnMapping s = Map(kNumeric, -1, With(DecimalHandling::kString));
  CHECK(Json(s, "NaN") == R"({"schema":{"type":"string","optional":true},"payload":"NAN"})");
  CHECK(Payload(s, "Infinity") == "\"POSITIVE_INFINITY\"");
  CHECK(Payload(s, "-Infinity") == "\"NEGATIVE_INFINITY\"");
  ColumnMapping d = Map(kNumeric, Numeric(3, 2), With(DecimalHandling::kDouble));
  CHECK(Json(d, "NaN") == R"({"schema":{"type":"double","optional":true},"payload":"NaN"})");
  CHECK(Payload(d, "-Infinity") == "\"-Infinity\"");
}

TEST_CASE_FIXTURE(HostFixture, "decimal.handling.mode=string keeps the column's scale; double converts exactly") {
  TypeMappingOptions str = With(DecimalHandling::kString);
  CHECK(Payload(Map(kNumeric, Numeric(3, 2), str), "1.10") == "\"1.10\"");
  CHECK(Payload(Map(kNumeric, Numeric(4, 0), str), "10") == "\"10\"");
  CHECK(Payload(Map(kNumeric, -1, str), "10.1111") == "\"10.1111\"");
  CHECK(Payload(Map(kNumeric, Numeric(6, 4), str), "22.0000") == "\"22.0000\"");
  CHECK(Payload(Map(kNumeric, -1, str), "22") == "\"22\"");
  TypeMappingOptions dbl = With(DecimalHandling::kDouble);
  CHECK(Payload(Map(kNumeric, Numeric(3, 2), dbl), "1.10") == "1.1");
  CHECK(Payload(Map(kNumeric, Numeric(4, 0), dbl), "10") == "10.0");
  CHECK(Payload(Map(kNumeric, -1, dbl), "10.1111") == "10.1111");
  CHECK(Payload(Map(kNumeric, -1, dbl), "22.2222") == "22.2222");
  CHECK(SchemaJson(Map(kNumeric, Numeric(6, 4), dbl), "1") == R"({"type":"double","optional":true})");
}

TEST_CASE_FIXTURE(HostFixture, "money: Decimal at money.fraction.digits without precision, or double, or string") {
  CHECK(Json(Map(kMoney), "$1,234.11") ==
        R"({"schema":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,)"
        R"("parameters":{"scale":"2"}},"payload":"AeIT"})");
  CHECK(Payload(Map(kMoney), "-$1,234.11") == "\"/h3t\"");
  CHECK(Payload(Map(kMoney), "($1,234.11)") == "\"/h3t\"");
  TypeMappingOptions whole;
  whole.money_fraction_digits = 0;
  CHECK(Json(Map(kMoney, -1, whole), "$1,234.51") ==
        R"({"schema":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,)"
        R"("parameters":{"scale":"0"}},"payload":"BNM="})");
  CHECK(Json(Map(kMoney, -1, With(DecimalHandling::kDouble)), "$1,234.11") ==
        R"({"schema":{"type":"double","optional":true},"payload":1234.11})");
  CHECK(Json(Map(kMoney, -1, With(DecimalHandling::kString)), "-$1,234.11") ==
        R"({"schema":{"type":"string","optional":true},"payload":"-1234.11"})");
  CHECK(Payload(Map(kMoney, -1, With(DecimalHandling::kString)), "€12.5") == "\"12.5\"");
  CHECK(ThrownMessage([] { Map(kMoney, -1, {}, true, "csh").fromText("USD 12"); }) ==
        "column 'csh' (money): cannot convert 'USD 12': Failed to parse money value: USD 12");
}

// ---- strings and binary ---------------------------------------------------------------------

TEST_CASE_FIXTURE(HostFixture, "character types, network types, ranges, json, xml, uuid, tsvector") {
  CHECK(Json(Map(kVarchar, 2 + 4), "\u017E\u0161") ==
        "{\"schema\":{\"type\":\"string\",\"optional\":true},\"payload\":\"\u017E\u0161\"}");
  CHECK(Payload(Map(kBpchar, 10 + 4), "cone      ") == "\"cone      \"");
  CHECK(Payload(Map(kText), "some text") == "\"some text\"");
  CHECK(Payload(Map(kName), "pg_class") == "\"pg_class\"");
  CHECK(Payload(Map(kInet), "192.168.2.0/12") == "\"192.168.2.0/12\"");
  CHECK(Payload(Map(kCidr), "192.168.100.128/25") == "\"192.168.100.128/25\"");
  CHECK(Payload(Map(kMacaddr), "08:00:2b:01:02:03") == "\"08:00:2b:01:02:03\"");
  CHECK(Json(Map(kInt4Range), "[1000,6000)") ==
        R"j({"schema":{"type":"string","optional":true},"payload":"[1000,6000)"})j");
  CHECK(
      Json(Map(kJson), "{\"bar\": \"baz\"}") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.data.Json","version":1},"payload":"{\"bar\": \"baz\"}"})");
  CHECK(SchemaJson(Map(kJsonb), "{}") ==
        R"({"type":"string","optional":true,"name":"io.debezium.data.Json","version":1})");
  CHECK(
      Json(Map(kXml), "<foo>bar</foo><foo>bar</foo>") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.data.Xml","version":1},"payload":"<foo>bar</foo><foo>bar</foo>"})");
  CHECK(
      Json(Map(kUuid, -1, {}, false), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11") ==
      R"({"schema":{"type":"string","optional":false,"name":"io.debezium.data.Uuid","version":1},"payload":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"})");
  CHECK(SchemaJson(Map(kTsvector), "'a':1") ==
        R"({"type":"string","optional":true,"name":"io.debezium.data.Tsvector","version":1})");
}

TEST_CASE_FIXTURE(HostFixture, "bytea in hex format under every binary.handling.mode") {
  CHECK(Json(Map(kBytea), "\\x010203") == R"({"schema":{"type":"bytes","optional":true},"payload":"AQID"})");
  CHECK(Json(Map(kBytea, -1, {}, false), "\\x") == R"({"schema":{"type":"bytes","optional":false},"payload":""})");
  CHECK(Json(Map(kBytea, -1, With(BinaryHandling::kBase64)), "\\x010203") ==
        R"({"schema":{"type":"string","optional":true},"payload":"AQID"})");
  CHECK(Payload(Map(kBytea, -1, With(BinaryHandling::kBase64)), "\\xFBFF") == "\"+/8=\"");
  CHECK(Payload(Map(kBytea, -1, With(BinaryHandling::kBase64UrlSafe)), "\\xfbff") == "\"-_8=\"");
  CHECK(Json(Map(kBytea, -1, With(BinaryHandling::kHex)), "\\x01020A") ==
        R"({"schema":{"type":"string","optional":true},"payload":"01020a"})");
  CHECK(ThrownMessage([] { Map(kBytea, -1, {}, true, "b").fromText("\\001\\002"); }) ==
        "column 'b' (bytea): cannot convert '\\001\\002': not bytea in hex format (\\x...; set bytea_output to hex)");
  CHECK(ThrownMessage([] { Map(kBytea).fromText("\\x0"); }).find("not bytea in hex format") != std::string::npos);
  CHECK(ThrownMessage([] { Map(kBytea).fromText("\\x0g"); }).find("not bytea in hex format") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture,
                  "bit(1) and varbit(1) are booleans, longer bit strings Bits in minimal little-endian bytes") {
  CHECK(Json(Map(kBit, 1), "1") == R"({"schema":{"type":"boolean","optional":true},"payload":true})");
  CHECK(Payload(Map(kBit, 1), "0") == "false");
  CHECK(Payload(Map(kVarbit, 1), "1") == "true");
  CHECK(
      Json(Map(kBit, 2), "11") ==
      R"({"schema":{"type":"bytes","optional":true,"name":"io.debezium.data.Bits","version":1,"parameters":{"length":"2"}},"payload":"Aw=="})");
  CHECK(Payload(Map(kBit, 7), "1000000") == "\"QA==\"");
  CHECK(Payload(Map(kVarbit, 2), "00") == "\"\"");
  CHECK(Payload(Map(kVarbit, 24), "000000110000001000000001") == "\"AQID\"");
  CHECK(Payload(Map(kVarbit, 64), "1" + std::string(63, '0')) == "\"AAAAAAAAAIA=\"");
  ColumnMapping unlimited = Map(kVarbit);
  CHECK(
      SchemaJson(unlimited, "101") ==
      R"({"type":"bytes","optional":true,"name":"io.debezium.data.Bits","version":1,"parameters":{"length":"2147483647"}})");
  CHECK(Payload(unlimited, "101") == "\"BQ==\"");
  CHECK(Payload(unlimited, "111011010001000110000001000000001") == "\"AQIj2gE=\"");
  CHECK(ThrownMessage([] { Map(kBit, 2, {}, true, "bs").fromText("12"); }) ==
        "column 'bs' (bit(2)): cannot convert '12': not a bit string");
  CHECK(ThrownMessage([] { Map(kBit, 1).fromText(""); }) == "column 'c' (bit(1)): cannot convert '': not a bit string");
}

// ---- dates and times ------------------------------------------------------------------------

TEST_CASE_FIXTURE(HostFixture, "date per time.precision.mode, BC dates and Debezium's infinity stand-ins") {
  CHECK(Json(Map(kDate), "2016-11-04") ==
        R"({"schema":{"type":"int32","optional":true,"name":"io.debezium.time.Date","version":1},"payload":17109})");
  CHECK(Payload(Map(kDate, -1, With(TimePrecision::kMicroseconds)), "2017-09-15") == "17424");
  CHECK(
      Json(Map(kDate, -1, With(TimePrecision::kConnect)), "2017-09-15") ==
      R"({"schema":{"type":"int32","optional":true,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":17424})");
  CHECK(
      Json(Map(kDate, -1, With(TimePrecision::kIsoString)), "2017-09-15") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.time.IsoDate","version":1},"payload":"2017-09-15Z"})");
  CHECK(Payload(Map(kDate), "0001-01-01 BC") == "-719528");
  CHECK(Payload(Map(kDate), "1969-12-31") == "-1");
  CHECK(Payload(Map(kDate), "21016-11-04") == "6956716");
  // PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE / NEGATIVE_INFINITY_LOCAL_DATE.
  CHECK(Payload(Map(kDate), "infinity") == "-2147472692");
  CHECK(Payload(Map(kDate), "-infinity") == "-2147472691");
  CHECK(Payload(Map(kDate, -1, With(TimePrecision::kIsoString)), "infinity") == "\"-5877611-06-21Z\"");
  CHECK(ThrownMessage([] { Map(kDate, -1, {}, true, "date").fromText("2016-13-01"); }) ==
        "column 'date' (date): cannot convert '2016-13-01': not a date (DateStyle ISO: yyyy-mm-dd [BC])");
  CHECK(ThrownMessage([] { Map(kDate).fromText("11/04/2016"); }).find("not a date") != std::string::npos);
  CHECK(ThrownMessage([] { Map(kDate).fromText("2015-02-29"); }).find("not a date") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "time per precision and time.precision.mode") {
  // adaptive: TIME is MicroTime, TIME(3) is Time in milliseconds, 24:00:00 is a whole day.
  CHECK(
      Json(Map(kTime), "13:51:30") ==
      R"({"schema":{"type":"int64","optional":true,"name":"io.debezium.time.MicroTime","version":1},"payload":49890000000})");
  CHECK(Json(Map(kTime, 3), "13:51:30.123") ==
        R"({"schema":{"type":"int32","optional":true,"name":"io.debezium.time.Time","version":1},"payload":49890123})");
  CHECK(Payload(Map(kTime, 0), "13:51:30") == "49890000");
  CHECK(Payload(Map(kTime), "24:00:00") == "86400000000");
  CHECK(Payload(Map(kTime, 6), "04:05:11.789") == "14711789000");
  // adaptive_time_microseconds and microseconds: always MicroTime; nanoseconds: NanoTime.
  CHECK(
      Json(Map(kTime, 3, With(TimePrecision::kAdaptiveTimeMicroseconds)), "13:51:30.123") ==
      R"({"schema":{"type":"int64","optional":true,"name":"io.debezium.time.MicroTime","version":1},"payload":49890123000})");
  CHECK(Payload(Map(kTime, -1, With(TimePrecision::kMicroseconds)), "04:05:11.789") == "14711789000");
  CHECK(
      Json(Map(kTime, -1, With(TimePrecision::kNanoseconds)), "04:05:11.789") ==
      R"({"schema":{"type":"int64","optional":true,"name":"io.debezium.time.NanoTime","version":1},"payload":14711789000000})");
  // connect: Kafka's Time in milliseconds; isostring: IsoTime.
  CHECK(
      Json(Map(kTime, -1, With(TimePrecision::kConnect)), "13:51:30.123456") ==
      R"({"schema":{"type":"int32","optional":true,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":49890123})");
  CHECK(
      Json(Map(kTime, -1, With(TimePrecision::kIsoString)), "04:05:11.789") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.time.IsoTime","version":1},"payload":"04:05:11.789Z"})");
  CHECK(Payload(Map(kTime, -1, With(TimePrecision::kIsoString)), "12:05:11") == "\"12:05:11Z\"");
  CHECK(Payload(Map(kTime, -1, With(TimePrecision::kIsoString)), "24:00:00") == "\"00:00:00Z\"");
  CHECK(ThrownMessage([] { Map(kTime, -1, {}, true, "ti").fromText("1:2"); }) ==
        "column 'ti' (time): cannot convert '1:2': not a time (hh:mm:ss[.ffffff])");
}

TEST_CASE_FIXTURE(HostFixture, "timestamp per precision and time.precision.mode, with BC, large and infinite values") {
  CHECK(
      Json(Map(kTimestamp), "2016-11-04 13:51:30.123456") ==
      R"({"schema":{"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp","version":1},"payload":1478267490123456})");
  CHECK(
      Json(Map(kTimestamp, 3), "2016-11-04 13:51:30.123") ==
      R"({"schema":{"type":"int64","optional":true,"name":"io.debezium.time.Timestamp","version":1},"payload":1478267490123})");
  CHECK(Payload(Map(kTimestamp, 6), "1936-10-25 22:10:12.608") == "-1047174587392000");
  CHECK(Payload(Map(kTimestamp, 3), "1936-10-25 22:10:12.608") == "-1047174587392");
  CHECK(Payload(Map(kTimestamp, 3), "1969-12-31 23:59:59.9995") == "-1");
  CHECK(Payload(Map(kTimestamp), "21016-11-04 13:51:30.123456") == "601060312290123456");
  CHECK(Payload(Map(kTimestamp, 6), "294247-01-01 23:59:59.999999") == "9223371331199999999");
  CHECK(Payload(Map(kTimestamp, 6), "4713-12-31 23:59:59.999999 BC") == "-210831897600000001");
  // PGStatement.DATE_POSITIVE_INFINITY / DATE_NEGATIVE_INFINITY as epoch microseconds.
  CHECK(Payload(Map(kTimestamp, 6), "infinity") == "9223372036825200000");
  CHECK(Payload(Map(kTimestamp, 6), "-infinity") == "-9223372036832400000");
  CHECK(Payload(Map(kTimestamp, 3), "infinity") == "9223372036825200");
  CHECK(
      Json(Map(kTimestamp, -1, With(TimePrecision::kConnect)), "2016-11-04 13:51:30.123456") ==
      R"({"schema":{"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1478267490123})");
  // adaptive_time_microseconds keeps the adaptive timestamps.
  CHECK(SchemaJson(Map(kTimestamp, 2, With(TimePrecision::kAdaptiveTimeMicroseconds)), "2019-07-09 02:28:57.12") ==
        R"({"type":"int64","optional":true,"name":"io.debezium.time.Timestamp","version":1})");
  CHECK(Payload(Map(kTimestamp, 0, With(TimePrecision::kMicroseconds)), "2019-07-09 02:28:57") == "1562639337000000");
  CHECK(
      Json(Map(kTimestamp, 6, With(TimePrecision::kNanoseconds)), "2019-07-09 02:28:57.123456") ==
      R"({"schema":{"type":"int64","optional":true,"name":"io.debezium.time.NanoTimestamp","version":1},"payload":1562639337123456000})");
  CHECK(Payload(Map(kTimestamp, 6, With(TimePrecision::kNanoseconds)), "infinity") == "9223372036854775807");
  CHECK(Payload(Map(kTimestamp, 6, With(TimePrecision::kNanoseconds)), "-infinity") == "-9223372036854775808");
  // Outside the nanoseconds range: Debezium warns and writes null, or fails for NOT NULL.
  CHECK(Payload(Map(kTimestamp, 6, With(TimePrecision::kNanoseconds)), "9999-12-31 00:00:00") == "null");
  CHECK(ThrownMessage([] {
          Map(kTimestamp, 6, With(TimePrecision::kNanoseconds), false, "ts").fromText("9999-12-31 00:00:00");
        }).find("column 'ts' (timestamp(6)): cannot convert '9999-12-31 00:00:00': outside the representable range") ==
        0);
  ColumnMapping iso = Map(kTimestamp, -1, With(TimePrecision::kIsoString));
  CHECK(
      Json(iso, "2019-07-09 02:28:57.1") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.time.IsoTimestamp","version":1},"payload":"2019-07-09T02:28:57.1Z"})");
  CHECK(Payload(iso, "2019-07-09 02:28:57") == "\"2019-07-09T02:28:57Z\"");
  CHECK(Payload(iso, "infinity") == "\"+294247-01-10T04:00:25.2Z\"");
  CHECK(Payload(iso, "-infinity") == "\"-290308-12-21T19:59:27.6Z\"");
  CHECK(ThrownMessage([] { Map(kTimestamp, -1, {}, true, "ts").fromText("2016-11-04T13:51:30"); }) ==
        "column 'ts' (timestamp): cannot convert '2016-11-04T13:51:30': not a timestamp (DateStyle ISO: yyyy-mm-dd "
        "hh:mm:ss[.ffffff] [BC])");
}

TEST_CASE_FIXTURE(HostFixture, "timestamptz is a ZonedTimestamp in UTC with the column's fraction digits") {
  ColumnMapping tz = Map(kTimestampTz);
  CHECK(
      Json(tz, "2016-11-04 13:51:30.123456+02") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp","version":1},"payload":"2016-11-04T11:51:30.123456Z"})");
  CHECK(Payload(tz, "2019-07-09 02:28:10.123456+01") == "\"2019-07-09T01:28:10.123456Z\"");
  CHECK(Payload(tz, "21016-11-04 13:51:30.123456+07") == "\"+21016-11-04T06:51:30.123456Z\"");
  CHECK(Payload(tz, "21016-11-04 13:51:30+07") == "\"+21016-11-04T06:51:30.000000Z\"");
  CHECK(Payload(tz, "294247-01-01 23:59:59.999999+00") == "\"+294247-01-01T23:59:59.999999Z\"");
  CHECK(Payload(tz, "4714-12-31 23:59:59.999999+00 BC") == "\"-4713-12-31T23:59:59.999999Z\"");
  CHECK(Payload(tz, "2020-04-01 13:51:02+05:30") == "\"2020-04-01T08:21:02.000000Z\"");
  CHECK(Payload(tz, "1850-01-01 00:00:00+00:53:28") == "\"1849-12-31T23:06:32.000000Z\"");
  CHECK(Payload(tz, "infinity") == "\"infinity\"");
  CHECK(Payload(tz, "-infinity") == "\"-infinity\"");
  CHECK(Payload(Map(kTimestampTz, 0), "2019-07-09 01:28:10+00") == "\"2019-07-09T01:28:10Z\"");
  CHECK(Payload(Map(kTimestampTz, 3), "2019-07-09 01:28:10.12+00") == "\"2019-07-09T01:28:10.120Z\"");
  // time.precision.mode does not change it.
  CHECK(Payload(Map(kTimestampTz, -1, With(TimePrecision::kConnect)), "2019-07-09 02:28:10.123456+01") ==
        "\"2019-07-09T01:28:10.123456Z\"");
  CHECK(ThrownMessage([] { Map(kTimestampTz, -1, {}, true, "tz").fromText("2016-11-04 13:51:30"); }) ==
        "column 'tz' (timestamptz): cannot convert '2016-11-04 13:51:30': not a timestamp with time zone (DateStyle "
        "ISO: yyyy-mm-dd hh:mm:ss[.ffffff]+hh[:mm] [BC])");
}

TEST_CASE_FIXTURE(HostFixture, "timetz is a ZonedTime in UTC with the fraction digits the value needs") {
  ColumnMapping ttz = Map(kTimeTz);
  CHECK(
      Json(ttz, "13:51:30.123789+02") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.time.ZonedTime","version":1},"payload":"11:51:30.123789Z"})");
  CHECK(Payload(Map(kTimeTz, 3), "13:51:30.123+02") == "\"11:51:30.123Z\"");
  CHECK(Payload(ttz, "04:05:11-08") == "\"12:05:11Z\"");
  CHECK(Payload(ttz, "00:01:02-04") == "\"04:01:02Z\"");
  CHECK(Payload(ttz, "01:00:00+02") == "\"23:00:00Z\"");
  CHECK(Payload(ttz, "10:00:00.5+05:30") == "\"04:30:00.5Z\"");
  CHECK(Payload(ttz, "24:00:00+00") == "\"24:00:00Z\"");
  CHECK(ThrownMessage([] { Map(kTimeTz, -1, {}, true, "ttz").fromText("13:51:30"); }) ==
        "column 'ttz' (timetz): cannot convert '13:51:30': not a time with time zone (hh:mm:ss[.ffffff]+hh[:mm])");
}

TEST_CASE_FIXTURE(HostFixture, "interval as MicroDuration (365.25/12 days a month) or as ISO 8601 text") {
  ColumnMapping it = Map(kInterval);
  CHECK(
      Json(it, "1 year 2 mons 3 days 04:05:06.78") ==
      R"({"schema":{"type":"int64","optional":true,"name":"io.debezium.time.MicroDuration","version":1},"payload":37091106780000})");
  CHECK(Payload(it, "1 year") == "31557600000000");
  CHECK(Payload(it, "-1 days +02:03:00") == "-79020000000");
  CHECK(Payload(it, "-00:00:01.5") == "-1500000");
  CHECK(Payload(it, "00:00:00") == "0");
  CHECK(Payload(it, "@ 1 year 2 mons 3 days 4 hours 5 mins 6.78 secs") == "37091106780000");
  CHECK(Payload(it, "P1Y2M3DT4H5M6.78S") == "37091106780000");
  ColumnMapping s = Map(kInterval, -1, With(IntervalHandling::kString));
  CHECK(
      Json(s, "1 year 2 mons 3 days 04:05:06.78") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.time.Interval","version":1},"payload":"P1Y2M3DT4H5M6.78S"})");
  CHECK(Payload(s, "10 days") == "\"P0Y0M10DT0H0M0S\"");
  CHECK(Payload(s, "-1 days +02:03:00") == "\"P0Y0M-1DT2H3M0S\"");
  CHECK(Payload(s, "-00:00:01.5") == "\"P0Y0M0DT0H0M-1.5S\"");
  CHECK(Payload(s, "00:00:00.000001") == "\"P0Y0M0DT0H0M0.000001S\"");
  CHECK(Payload(s, "@ 1 year 2 mons ago") == "\"P-1Y-2M0DT0H0M0S\"");
  CHECK(ThrownMessage([] { Map(kInterval, -1, {}, true, "it").fromText("1 year 2x:00"); }) ==
        "column 'it' (interval): cannot convert '1 year 2x:00': Conversion of interval failed (IntervalStyle postgres "
        "expected)");
}

// ---- other types ----------------------------------------------------------------------------

TEST_CASE_FIXTURE(HostFixture, "point is an io.debezium.data.geometry.Point with its WKB") {
  ColumnMapping p = Map(kPoint);
  CHECK(
      Json(p, "(1,1)") ==
      R"({"schema":{"type":"struct","fields":[{"type":"double","optional":false,"field":"x"},)"
      R"({"type":"double","optional":false,"field":"y"},{"type":"bytes","optional":true,"field":"wkb"},)"
      R"({"type":"int32","optional":true,"field":"srid"}],"optional":true,"name":"io.debezium.data.geometry.Point",)"
      R"j("version":1,"doc":"Geometry (POINT)"},"payload":{"x":1.0,"y":1.0,"wkb":"AQEAAAAAAAAAAADwPwAAAAAAAPA/","srid":null}})j");
  CHECK(Payload(p, "(-1.5,2.25)") == R"({"x":-1.5,"y":2.25,"wkb":"AQEAAAAAAAAAAAD4vwAAAAAAAAJA","srid":null})");
  CHECK(ThrownMessage([] { Map(kPoint, -1, {}, true, "p").fromText("(1;1)"); }) ==
        "column 'p' (point): cannot convert '(1;1)': not a point (x,y)");
}

TEST_CASE_FIXTURE(HostFixture, "enum columns are io.debezium.data.Enum with the labels in sort order") {
  ColumnMapping m = Map(kMood);
  CHECK(m.typeName() == "mood");
  CHECK(
      Json(m, "happy") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,"parameters":{"allowed":"sad,ok,happy"}},"payload":"happy"})");
  // Enum arrays: Debezium passes the element builder itself, so the elements are required.
  ColumnMapping a = Map(kMoodArray);
  CHECK(Json(a, "{sad,happy}") ==
        R"({"schema":{"type":"array","items":{"type":"string","optional":false,"name":"io.debezium.data.Enum",)"
        R"("version":1,"parameters":{"allowed":"sad,ok,happy"}},"optional":true},"payload":["sad","happy"]})");
  CHECK(ThrownMessage([] { Map(kMoodArray, -1, {}, true, "moods").fromText("{sad,NULL}"); }) ==
        "column 'moods' (mood[]): cannot convert '{sad,NULL}': element 2 is NULL but Debezium declares the elements "
        "required");
}

TEST_CASE_FIXTURE(HostFixture, "domains map as their base type with the domain's modifier") {
  ColumnMapping amount = Map(kAmount);
  CHECK(amount.typeName() == "amount");
  CHECK(Json(amount, "12.50") ==
        R"({"schema":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,)"
        R"("parameters":{"scale":"2","connect.decimal.precision":"10"}},"payload":"BOI="})");
  CHECK(Json(Map(kSmallPositive, -1, {}, false), "7") == R"({"schema":{"type":"int32","optional":false},"payload":7})");
  // An array of a domain: Debezium finds no mapping for the element.
  CHECK(Dropped(kAmountArray));
  CHECK(
      Json(Map(kAmountArray, -1, Unknown()), "{1.00,2.00}") ==
      R"({"schema":{"type":"array","items":{"type":"bytes","optional":false},"optional":true},"payload":["MS4wMA==","Mi4wMA=="]})");
}

TEST_CASE_FIXTURE(HostFixture, "hstore as JSON text or as a map, in java.util.HashMap order") {
  ColumnMapping j = Map(kHstore);
  CHECK(
      Json(j, "\"key\"=>\"val\"") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.data.Json","version":1},"payload":"{\"key\":\"val\"}"})");
  CHECK(Payload(j, "\"key1\"=>\"val1\", \"key2\"=>\"val2\", \"key3\"=>\"val3\"") ==
        R"("{\"key1\":\"val1\",\"key2\":\"val2\",\"key3\":\"val3\"}")");
  CHECK(Payload(j, "\"key4\"=>\"val4\", \"key5\"=>NULL") == R"("{\"key5\":null,\"key4\":\"val4\"}")");
  CHECK(Payload(j, "\"key1\"=>\"val1\", \"key2\"=>NULL") == R"("{\"key1\":\"val1\",\"key2\":null}")");
  CHECK(Payload(j, "\"key_#1\"=>\"val 1\", \"key 2\"=>\" ##123 78\"") ==
        R"("{\"key_#1\":\"val 1\",\"key 2\":\" ##123 78\"}")");
  CHECK(Payload(j, "\"q\\\"uote\"=>\"back\\\\slash\"") == R"("{\"q\\\"uote\":\"back\\\\slash\"}")");
  CHECK(Payload(j, "") == R"("{}")");
  ColumnMapping m = Map(kHstore, -1, With(HstoreHandling::kMap));
  CHECK(
      Json(m, "\"key4\"=>\"val4\", \"key5\"=>NULL") ==
      R"({"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"string","optional":true},"optional":true},"payload":{"key5":null,"key4":"val4"}})");
  CHECK(
      Json(Map(kHstoreArray), R"({"\"key4\"=>\"val4\", \"key5\"=>NULL","\"key6\"=>\"val6\""})") ==
      R"({"schema":{"type":"array","items":{"type":"string","optional":true,"name":"io.debezium.data.Json","version":1},"optional":true},)"
      R"("payload":["{\"key5\":null,\"key4\":\"val4\"}","{\"key6\":\"val6\"}"]})");
  // 15 keys: the HashMap has grown to 32 buckets; keys hash over UTF-16 (surrogate pairs too).
  std::string many;
  for (int i = 1; i <= 12; ++i) many += "\"k" + std::to_string(i) + "\"=>\"v\", ";
  many += "\"\u017Elu\u0165\"=>\"v\", \"\U0001F600\"=>\"v\", \"a\"=>\"v\"";
  CHECK(Payload(m, many) ==
        "{\"a\":\"v\",\"k1\":\"v\",\"k2\":\"v\",\"k3\":\"v\",\"k4\":\"v\",\"k5\":\"v\",\"k11\":\"v\",\"k6\":\"v\","
        "\"k10\":\"v\",\"k7\":\"v\",\"k8\":\"v\",\"k12\":\"v\",\"k9\":\"v\",\"\u017Elu\u0165\":\"v\",\"\U0001F600\":"
        "\"v\"}");
  CHECK(ThrownMessage([] { Map(kHstore, -1, {}, true, "hs").fromText("key=>val"); }) ==
        "column 'hs' (hstore): cannot convert 'key=>val': not an hstore (\"key\"=>\"value\", ...)");
}

TEST_CASE_FIXTURE(HostFixture, "citext, ltree and isbn by name, with their arrays") {
  CHECK(Json(Map(kCitext), "Hello World") == R"({"schema":{"type":"string","optional":true},"payload":"Hello World"})");
  CHECK(
      Json(Map(kLtree), "Top.Collections.Pictures.Astronomy.Galaxies") ==
      R"({"schema":{"type":"string","optional":true,"name":"io.debezium.data.Ltree","version":1},"payload":"Top.Collections.Pictures.Astronomy.Galaxies"})");
  CHECK(
      Json(Map(kLtreeArray), "{Ship.Frigate,Ship.Destroyer}") ==
      R"({"schema":{"type":"array","items":{"type":"string","optional":true,"name":"io.debezium.data.Ltree","version":1},"optional":true},)"
      R"("payload":["Ship.Frigate","Ship.Destroyer"]})");
  CHECK(Json(Map(kIsbn, -1, {}, false), "0-393-04002-X") ==
        R"({"schema":{"type":"string","optional":false},"payload":"0-393-04002-X"})");
  // isbn[] goes through the element type: required elements.
  CHECK(SchemaJson(Map(kIsbnArray), "{}") ==
        R"({"type":"array","items":{"type":"string","optional":false},"optional":true})");
}

// ---- arrays ---------------------------------------------------------------------------------

TEST_CASE_FIXTURE(HostFixture, "one-dimensional arrays with optional elements, quoting, escapes and NULL") {
  CHECK(Json(Map(kInt4Array), "{1,2,3}") ==
        R"({"schema":{"type":"array","items":{"type":"int32","optional":true},"optional":true},"payload":[1,2,3]})");
  CHECK(Payload(Map(kInt8Array), "{1550166368505037572}") == "[1550166368505037572]");
  CHECK(Payload(Map(kOidArray), "{3,4000000000}") == "[3,4000000000]");
  CHECK(Payload(Map(kTextArray), "{one,two,three}") == R"(["one","two","three"])");
  CHECK(Payload(Map(kTextArray), R"({"a b","c\"d","e\\f",NULL,"NULL",null,"",x})") ==
        R"(["a b","c\"d","e\\f",null,"NULL",null,"","x"])");
  CHECK(Payload(Map(kTextArray), "{}") == "[]");
  CHECK(Payload(Map(kTextArray), "[0:1]={a,b}") == R"(["a","b"])");
  CHECK(Payload(Map(kBpcharArray, 10 + 4), R"({"cone      ","ctwo      "})") == R"(["cone      ","ctwo      "])");
  CHECK(Payload(Map(kFloat8Array), "{1.5,NaN,-Infinity}") == R"([1.5,"NaN","-Infinity"])");
  CHECK(
      Json(Map(kDateArray), "{2016-11-04,2016-11-05,NULL}") ==
      R"({"schema":{"type":"array","items":{"type":"int32","optional":true,"name":"io.debezium.time.Date","version":1},"optional":true},"payload":[17109,17110,null]})");
  CHECK(
      SchemaJson(Map(kUuidArray), "{}") ==
      R"({"type":"array","items":{"type":"string","optional":true,"name":"io.debezium.data.Uuid","version":1},"optional":true})");
  CHECK(Payload(Map(kJsonArray), R"({"{\"bar\": \"baz\"}","{\"foo\": \"qux\"}"})") ==
        R"(["{\"bar\": \"baz\"}","{\"foo\": \"qux\"}"])");
  CHECK(Payload(Map(kTsRangeArray),
                R"j({"[\"2019-03-31 15:30:00\",infinity)","[\"2019-03-31 15:30:00\",\"2019-04-30 15:30:00\"]"})j") ==
        R"j(["[\"2019-03-31 15:30:00\",infinity)","[\"2019-03-31 15:30:00\",\"2019-04-30 15:30:00\"]"])j");
  CHECK(Json(Map(kInt4Array, -1, {}, false), "{}") ==
        R"({"schema":{"type":"array","items":{"type":"int32","optional":true},"optional":false},"payload":[]})");
}

TEST_CASE_FIXTURE(HostFixture, "numeric, bytea and temporal arrays convert every element like the scalar type") {
  CHECK(Map(kNumericArray, Numeric(10, 2)).typeName() == "numeric(10,2)[]");
  CHECK(Map(kTimestampTzArray, 3).typeName() == "timestamptz(3)[]");
  CHECK(
      Json(Map(kNumericArray, Numeric(10, 2)), "{1.20,3.40,5.60}") ==
      R"({"schema":{"type":"array","items":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",)"
      R"("version":1,"parameters":{"scale":"2","connect.decimal.precision":"10"}},"optional":true},"payload":["eA==","AVQ=","AjA="]})");
  CHECK(
      Json(Map(kNumericArray), "{1.1,2.22,3.333}") ==
      R"({"schema":{"type":"array","items":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"scale"},)"
      R"({"type":"bytes","optional":false,"field":"value"}],"optional":true,"name":"io.debezium.data.VariableScaleDecimal",)"
      R"("version":1,"doc":"Variable scaled decimal"},"optional":true},)"
      R"("payload":[{"scale":1,"value":"Cw=="},{"scale":2,"value":"AN4="},{"scale":3,"value":"DQU="}]})");
  CHECK(Payload(Map(kByteaArray), R"({"\\x000102","\\x030405"})") == R"(["AAEC","AwQF"])");
  CHECK(
      Json(Map(kByteaArray, -1, With(BinaryHandling::kHex)), R"({"\\x000102","\\x030405"})") ==
      R"({"schema":{"type":"array","items":{"type":"string","optional":true},"optional":true},"payload":["000102","030405"]})");
  CHECK(
      Json(Map(kTimeArray), "{00:01:02,01:02:03}") ==
      R"({"schema":{"type":"array","items":{"type":"int64","optional":true,"name":"io.debezium.time.MicroTime","version":1},"optional":true},"payload":[62000000,3723000000]})");
  // Debezium reads time[] elements as java.sql.Time: milliseconds only.
  CHECK(Payload(Map(kTimeArray), "{00:00:00.123456}") == "[123000]");
  CHECK(Payload(Map(kTimeTzArray), "{13:51:02+02,14:51:03+02}") == R"(["11:51:02Z","12:51:03Z"])");
  CHECK(Payload(Map(kTimestampArray), R"({"2020-04-01 00:01:02","2020-04-01 01:02:03"})") ==
        "[1585699262000000,1585702923000000]");
  CHECK(
      Json(Map(kTimestampTzArray), R"({"2020-04-01 11:51:02+00","2020-04-01 12:51:03+00"})") ==
      R"({"schema":{"type":"array","items":{"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp","version":1},"optional":true},)"
      R"("payload":["2020-04-01T11:51:02.000000Z","2020-04-01T12:51:03.000000Z"]})");
  CHECK(ThrownMessage([] { Map(kInt4Array, -1, {}, true, "ints").fromText("{1,x}"); }) ==
        "column 'ints' (int4): cannot convert 'x': not an integer in the type's range");
}

TEST_CASE_FIXTURE(HostFixture, "array text that is not a one-dimensional array is refused") {
  CHECK(ThrownMessage([] { Map(kInt4Array, -1, {}, true, "m").fromText("{{1,2},{3,4}}"); }) ==
        "column 'm' (int4[]): cannot convert '{{1,2},{3,4}}': not an array: multi-dimensional arrays are not supported "
        "(Debezium maps one dimension)");
  CHECK(ThrownMessage([] { Map(kTextArray).fromText("{a,\"b}"); }) ==
        "column 'c' (text[]): cannot convert '{a,\"b}': not an array: a quoted element is not closed");
  CHECK(ThrownMessage([] { Map(kTextArray).fromText("a,b"); }) ==
        "column 'c' (text[]): cannot convert 'a,b': not an array: an array starts with '{'");
  CHECK(ThrownMessage([] { Map(kTextArray).fromText("{a,b"); }) ==
        "column 'c' (text[]): cannot convert '{a,b': not an array: the array is not closed with '}'");
  CHECK(ThrownMessage([] { Map(kTextArray).fromText("{a}x"); }) ==
        "column 'c' (text[]): cannot convert '{a}x': not an array: unexpected text after the closing '}'");
}

TEST_CASE_FIXTURE(HostFixture, "types Debezium leaves out, and include.unknown.datatypes") {
  CHECK(Dropped(kMoneyArray));
  CHECK(Dropped(kIntervalArray));
  CHECK(Dropped(kBitArray));
  CHECK(Dropped(kMoneyArray, -1, Unknown()));
  CHECK(Dropped(kBox));
  CHECK(Dropped(kComposite));
  CHECK(Dropped(99999));
  // Unknown types carry their text: bytes, or encoded per binary.handling.mode.
  CHECK(Json(Map(kBox, -1, Unknown()), "(1,1),(0,0)") ==
        R"({"schema":{"type":"bytes","optional":true},"payload":"KDEsMSksKDAsMCk="})");
  CHECK(Json(Map(kComposite, -1, Unknown(BinaryHandling::kHex)), "(1,1),(0,0)") ==
        R"({"schema":{"type":"string","optional":true},"payload":"28312c31292c28302c3029"})");
  ColumnMapping unknown_oid = Map(99999, -1, Unknown(BinaryHandling::kBase64));
  CHECK(unknown_oid.typeName() == "type oid 99999");
  CHECK(Payload(unknown_oid, "(1,1),(0,0)") == "\"KDEsMSksKDAsMCk=\"");
}

// ---- NULL in NOT NULL columns, TOAST, defaults ---------------------------------------------

TEST_CASE_FIXTURE(HostFixture, "a NULL in a NOT NULL column becomes the converter's fallback or the schema default") {
  auto fallback = [](const ColumnMapping& m) { return Json(m.schema(), m.fallback(m.schema())); };
  CHECK(fallback(Map(kInt2, -1, {}, false)) == R"({"schema":{"type":"int16","optional":false},"payload":0})");
  CHECK(fallback(Map(kText, -1, {}, false)) == R"({"schema":{"type":"string","optional":false},"payload":""})");
  CHECK(fallback(Map(kNumeric, Numeric(5, 2), {}, false)).find(R"("payload":"AA==")") != std::string::npos);
  CHECK(fallback(Map(kNumeric, -1, {}, false)).find(R"("payload":{"scale":0,"value":"AA=="})") != std::string::npos);
  CHECK(fallback(Map(kNumeric, Numeric(5, 2), With(DecimalHandling::kString), false)).find(R"("payload":"0.00")") !=
        std::string::npos);
  CHECK(fallback(Map(kMoney, -1, With(DecimalHandling::kString), false)).find(R"("payload":"0.00")") !=
        std::string::npos);
  CHECK(fallback(Map(kTimestampTz, -1, {}, false)).find(R"("payload":"1970-01-01T00:00:00Z")") != std::string::npos);
  CHECK(fallback(Map(kTimeTz, -1, {}, false)).find(R"("payload":"00:00:00Z")") != std::string::npos);
  CHECK(fallback(Map(kDate, -1, With(TimePrecision::kIsoString), false)).find(R"("payload":"1970-01-01Z")") !=
        std::string::npos);
  CHECK(fallback(Map(kInterval, -1, With(IntervalHandling::kString), false)).find(R"("payload":"P0Y0M0DT0H0M0S")") !=
        std::string::npos);
  CHECK(fallback(Map(kPoint, -1, {}, false))
            .find(R"("payload":{"x":0.0,"y":0.0,"wkb":"AQEAAAAAAAAAAAAAAAAAAAAAAAAA","srid":null})") !=
        std::string::npos);
  CHECK(fallback(Map(kHstore, -1, {}, false)).find(R"("payload":"{}")") != std::string::npos);
  CHECK(fallback(Map(kInt4Array, -1, {}, false)).find(R"("payload":[])") != std::string::npos);
  CHECK(fallback(Map(kBytea, -1, {}, false)).find(R"("payload":"")") != std::string::npos);

  ColumnMapping serial = Map(kInt4, -1, {}, false);
  sdk::Schema with_default = serial.schemaWithDefault("0");
  CHECK(Json(with_default, serial.fallback(with_default)) ==
        R"({"schema":{"type":"int32","optional":false,"default":0},"payload":0})");
  ColumnMapping label = Map(kVarchar, 20 + 4, {}, false);
  sdk::Schema text_default = label.schemaWithDefault("n/a");
  CHECK(Json(text_default, label.fallback(text_default)) ==
        R"({"schema":{"type":"string","optional":false,"default":"n/a"},"payload":"n/a"})");
}

TEST_CASE_FIXTURE(HostFixture,
                  "schemaWithDefault converts the default like a value; struct and bad defaults are dropped") {
  // The JsonConverter writes a null field as the schema's default (replace.null.with.default).
  CHECK(Json(Map(kTimestampTz).schemaWithDefault("2021-03-20 13:44:28+00"), sdk::Value()) ==
        R"({"schema":{"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp","version":1,)"
        R"("default":"2021-03-20T13:44:28.000000Z"},"payload":"2021-03-20T13:44:28.000000Z"})");
  CHECK(Json(Map(kNumeric).schemaWithDefault("1.5"), sdk::Value()).find("default") == std::string::npos);
  CHECK(Json(Map(kInt4).schemaWithDefault("nextval('s'::regclass)"), sdk::Value()) ==
        R"({"schema":{"type":"int32","optional":true},"payload":null})");
}

TEST_CASE_FIXTURE(HostFixture,
                  "unchanged TOASTed values become Debezium's placeholder in the column's representation") {
  const std::string p = "__debezium_unavailable_value";
  auto toast = [&p](const ColumnMapping& m) { return Json(m.schema(), m.unchangedToast(p)); };
  CHECK(toast(Map(kText)) ==
        R"({"schema":{"type":"string","optional":true},"payload":"__debezium_unavailable_value"})");
  CHECK(toast(Map(kJsonb)).find(R"("payload":"__debezium_unavailable_value")") != std::string::npos);
  CHECK(toast(Map(kBytea)) ==
        R"({"schema":{"type":"bytes","optional":true},"payload":"X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ=="})");
  CHECK(toast(Map(kBytea, -1, With(BinaryHandling::kHex))).find(R"("payload":"__debezium_unavailable_value")") !=
        std::string::npos);
  CHECK(toast(Map(kBytea, -1, With(BinaryHandling::kBase64))).find(R"("payload":null)") != std::string::npos);
  CHECK(toast(Map(kTextArray)).find(R"("payload":["__debezium_unavailable_value"])") != std::string::npos);
  CHECK(toast(Map(kBpcharArray, 5 + 4)).find(R"("payload":["__debezium_unavailable_value"])") != std::string::npos);
  std::string bytes;
  for (char c : p) bytes += (bytes.empty() ? "" : ",") + std::to_string(static_cast<int>(c));
  CHECK(toast(Map(kInt4Array)).find("\"payload\":[" + bytes + "]") != std::string::npos);
  CHECK(toast(Map(kInt8Array)).find("\"payload\":[" + bytes + "]") != std::string::npos);
  // UUID.nameUUIDFromBytes("__debezium_unavailable_value"): the MD5 with version 3 bits.
  CHECK(toast(Map(kUuidArray)).find(R"("payload":["b68a35a7-17ad-35b3-af2a-ae46edb4545a"])") != std::string::npos);
  CHECK(
      toast(Map(kHstore)).find(R"("payload":"{\"__debezium_unavailable_value\":\"__debezium_unavailable_value\"}")") !=
      std::string::npos);
  CHECK(toast(Map(kHstore, -1, With(HstoreHandling::kMap)))
            .find(R"("payload":{"__debezium_unavailable_value":"__debezium_unavailable_value"})") != std::string::npos);
  CHECK(ThrownMessage([&p] { Map(kNumeric, -1, {}, true, "n").unchangedToast(p); }) ==
        "column 'n' (numeric): an unchanged TOASTed value has no placeholder in this type's representation");
}

}  // namespace pgcdc
}  // namespace connectd
