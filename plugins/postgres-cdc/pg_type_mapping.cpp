#include "pg_type_mapping.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include "java_conversions.h"
#include "pg_text_parse.h"

namespace connectd {
namespace pgcdc {

// ---- configuration ---------------------------------------------------------------------

namespace {

// Debezium's EnumeratedValue.parse: trimmed, case-insensitive.
template <class E, size_t N>
bool ParseNamed(std::string_view value, const std::pair<std::string_view, E> (&names)[N], E* out) {
  std::string_view v = JavaTrim(value);
  for (const auto& named : names) {
    if (EqualsIgnoreAsciiCase(v, named.first)) {
      *out = named.second;
      return true;
    }
  }
  return false;
}

}  // namespace

bool ParseDecimalHandling(std::string_view value, DecimalHandling* out) {
  static const std::pair<std::string_view, DecimalHandling> kNames[] = {{"precise", DecimalHandling::kPrecise},
                                                                        {"string", DecimalHandling::kString},
                                                                        {"double", DecimalHandling::kDouble}};
  return ParseNamed(value, kNames, out);
}

bool ParseTimePrecision(std::string_view value, TimePrecision* out) {
  static const std::pair<std::string_view, TimePrecision> kNames[] = {
      {"adaptive", TimePrecision::kAdaptive},
      {"adaptive_time_microseconds", TimePrecision::kAdaptiveTimeMicroseconds},
      {"isostring", TimePrecision::kIsoString},
      {"connect", TimePrecision::kConnect},
      {"microseconds", TimePrecision::kMicroseconds},
      {"nanoseconds", TimePrecision::kNanoseconds}};
  return ParseNamed(value, kNames, out);
}

bool ParseBinaryHandling(std::string_view value, BinaryHandling* out) {
  static const std::pair<std::string_view, BinaryHandling> kNames[] = {
      {"bytes", BinaryHandling::kBytes},
      {"base64", BinaryHandling::kBase64},
      {"base64-url-safe", BinaryHandling::kBase64UrlSafe},
      {"hex", BinaryHandling::kHex}};
  return ParseNamed(value, kNames, out);
}

bool ParseIntervalHandling(std::string_view value, IntervalHandling* out) {
  static const std::pair<std::string_view, IntervalHandling> kNames[] = {{"numeric", IntervalHandling::kNumeric},
                                                                         {"string", IntervalHandling::kString}};
  return ParseNamed(value, kNames, out);
}

bool ParseHstoreHandling(std::string_view value, HstoreHandling* out) {
  static const std::pair<std::string_view, HstoreHandling> kNames[] = {{"json", HstoreHandling::kJson},
                                                                       {"map", HstoreHandling::kMap}};
  return ParseNamed(value, kNames, out);
}

// ---- type catalog ----------------------------------------------------------------------

namespace {

// PostgreSQL's built-in type oids (pg_type.dat), the ones the mapping names.
constexpr uint32_t kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21, kInt2Vector = 22,
                   kInt4 = 23, kText = 25, kOid = 26, kOidVector = 30, kJson = 114, kXml = 142, kXmlArray = 143,
                   kPoint = 600, kBox = 603, kBoxArray = 1020, kLine = 628, kCidr = 650, kCidrArray = 651,
                   kFloat4 = 700, kFloat8 = 701, kMacaddr8 = 774, kMacaddr8Array = 775, kMoney = 790, kMoneyArray = 791,
                   kMacaddr = 829, kInet = 869, kBoolArray = 1000, kByteaArray = 1001, kCharArray = 1002,
                   kNameArray = 1003, kInt2Array = 1005, kInt4Array = 1007, kTextArray = 1009, kBpcharArray = 1014,
                   kVarcharArray = 1015, kInt8Array = 1016, kPointArray = 1017, kFloat4Array = 1021,
                   kFloat8Array = 1022, kOidArray = 1028, kMacaddrArray = 1040, kInetArray = 1041, kBpchar = 1042,
                   kVarchar = 1043, kDate = 1082, kTime = 1083, kTimestamp = 1114, kTimestampArray = 1115,
                   kDateArray = 1182, kTimeArray = 1183, kTimestampTz = 1184, kTimestampTzArray = 1185,
                   kInterval = 1186, kIntervalArray = 1187, kNumericArray = 1231, kTimeTz = 1266, kTimeTzArray = 1270,
                   kBit = 1560, kBitArray = 1561, kVarbit = 1562, kVarbitArray = 1563, kNumeric = 1700,
                   kRefcursor = 1790, kRefcursorArray = 2201, kUuid = 2950, kUuidArray = 2951, kTsvector = 3614,
                   kJsonb = 3802, kJsonbArray = 3807, kJsonArray = 199, kInt4Range = 3904, kInt4RangeArray = 3905,
                   kNumRange = 3906, kNumRangeArray = 3907, kTsRange = 3908, kTsRangeArray = 3909, kTsTzRange = 3910,
                   kTsTzRangeArray = 3911, kDateRange = 3912, kDateRangeArray = 3913, kInt8Range = 3926,
                   kInt8RangeArray = 3927;

struct BuiltinType {
  uint32_t oid;
  const char* name;
  char typtype;
  char category;
  uint32_t element;
};

constexpr BuiltinType kBuiltinTypes[] = {
    {kBool, "bool", 'b', 'B', 0},
    {kBytea, "bytea", 'b', 'U', 0},
    {kChar, "char", 'b', 'Z', 0},
    {kName, "name", 'b', 'S', 0},
    {kInt8, "int8", 'b', 'N', 0},
    {kInt2, "int2", 'b', 'N', 0},
    {kInt4, "int4", 'b', 'N', 0},
    {kText, "text", 'b', 'S', 0},
    {kOid, "oid", 'b', 'N', 0},
    {kJson, "json", 'b', 'U', 0},
    {kXml, "xml", 'b', 'U', 0},
    {kXmlArray, "_xml", 'b', 'A', kXml},
    {kJsonArray, "_json", 'b', 'A', kJson},
    {kPoint, "point", 'b', 'G', 0},
    {601, "lseg", 'b', 'G', 0},
    {602, "path", 'b', 'G', 0},
    {kBox, "box", 'b', 'G', 0},
    {604, "polygon", 'b', 'G', 0},
    {kLine, "line", 'b', 'G', 0},
    {629, "_line", 'b', 'A', kLine},
    {kCidr, "cidr", 'b', 'I', 0},
    {kCidrArray, "_cidr", 'b', 'A', kCidr},
    {kFloat4, "float4", 'b', 'N', 0},
    {kFloat8, "float8", 'b', 'N', 0},
    {718, "circle", 'b', 'G', 0},
    {719, "_circle", 'b', 'A', 718},
    {kMacaddr8, "macaddr8", 'b', 'U', 0},
    {kMacaddr8Array, "_macaddr8", 'b', 'A', kMacaddr8},
    {kMoney, "money", 'b', 'N', 0},
    {kMoneyArray, "_money", 'b', 'A', kMoney},
    {kMacaddr, "macaddr", 'b', 'U', 0},
    {kInet, "inet", 'b', 'I', 0},
    {kBoolArray, "_bool", 'b', 'A', kBool},
    {kByteaArray, "_bytea", 'b', 'A', kBytea},
    {kCharArray, "_char", 'b', 'A', kChar},
    {kNameArray, "_name", 'b', 'A', kName},
    {kInt2Array, "_int2", 'b', 'A', kInt2},
    {kInt4Array, "_int4", 'b', 'A', kInt4},
    {kTextArray, "_text", 'b', 'A', kText},
    {kBpcharArray, "_bpchar", 'b', 'A', kBpchar},
    {kVarcharArray, "_varchar", 'b', 'A', kVarchar},
    {kInt8Array, "_int8", 'b', 'A', kInt8},
    {kPointArray, "_point", 'b', 'A', kPoint},
    {1018, "_lseg", 'b', 'A', 601},
    {1019, "_path", 'b', 'A', 602},
    {kBoxArray, "_box", 'b', 'A', kBox},
    {kFloat4Array, "_float4", 'b', 'A', kFloat4},
    {kFloat8Array, "_float8", 'b', 'A', kFloat8},
    {1027, "_polygon", 'b', 'A', 604},
    {kOidArray, "_oid", 'b', 'A', kOid},
    {kMacaddrArray, "_macaddr", 'b', 'A', kMacaddr},
    {kInetArray, "_inet", 'b', 'A', kInet},
    {kBpchar, "bpchar", 'b', 'S', 0},
    {kVarchar, "varchar", 'b', 'S', 0},
    {kDate, "date", 'b', 'D', 0},
    {kTime, "time", 'b', 'D', 0},
    {kTimestamp, "timestamp", 'b', 'D', 0},
    {kTimestampArray, "_timestamp", 'b', 'A', kTimestamp},
    {kDateArray, "_date", 'b', 'A', kDate},
    {kTimeArray, "_time", 'b', 'A', kTime},
    {kTimestampTz, "timestamptz", 'b', 'D', 0},
    {kTimestampTzArray, "_timestamptz", 'b', 'A', kTimestampTz},
    {kInterval, "interval", 'b', 'T', 0},
    {kIntervalArray, "_interval", 'b', 'A', kInterval},
    {kNumericArray, "_numeric", 'b', 'A', kNumeric},
    {kTimeTz, "timetz", 'b', 'D', 0},
    {kTimeTzArray, "_timetz", 'b', 'A', kTimeTz},
    {kBit, "bit", 'b', 'V', 0},
    {kBitArray, "_bit", 'b', 'A', kBit},
    {kVarbit, "varbit", 'b', 'V', 0},
    {kVarbitArray, "_varbit", 'b', 'A', kVarbit},
    {kNumeric, "numeric", 'b', 'N', 0},
    {kRefcursor, "refcursor", 'b', 'U', 0},
    {kRefcursorArray, "_refcursor", 'b', 'A', kRefcursor},
    {kUuid, "uuid", 'b', 'U', 0},
    {kUuidArray, "_uuid", 'b', 'A', kUuid},
    {3220, "pg_lsn", 'b', 'U', 0},
    {3221, "_pg_lsn", 'b', 'A', 3220},
    {kTsvector, "tsvector", 'b', 'U', 0},
    {3615, "tsquery", 'b', 'U', 0},
    {3643, "_tsvector", 'b', 'A', kTsvector},
    {3645, "_tsquery", 'b', 'A', 3615},
    {kJsonb, "jsonb", 'b', 'U', 0},
    {kJsonbArray, "_jsonb", 'b', 'A', kJsonb},
    {4072, "jsonpath", 'b', 'U', 0},
    {4073, "_jsonpath", 'b', 'A', 4072},
    {kInt4Range, "int4range", 'r', 'R', 0},
    {kInt4RangeArray, "_int4range", 'b', 'A', kInt4Range},
    {kNumRange, "numrange", 'r', 'R', 0},
    {kNumRangeArray, "_numrange", 'b', 'A', kNumRange},
    {kTsRange, "tsrange", 'r', 'R', 0},
    {kTsRangeArray, "_tsrange", 'b', 'A', kTsRange},
    {kTsTzRange, "tstzrange", 'r', 'R', 0},
    {kTsTzRangeArray, "_tstzrange", 'b', 'A', kTsTzRange},
    {kDateRange, "daterange", 'r', 'R', 0},
    {kDateRangeArray, "_daterange", 'b', 'A', kDateRange},
    {kInt8Range, "int8range", 'r', 'R', 0},
    {kInt8RangeArray, "_int8range", 'b', 'A', kInt8Range},
};

std::string Quoted(std::string_view text) {
  constexpr size_t kMax = 200;  // keeps messages readable when a whole document fails to parse
  std::string out = "'";
  out.append(text.substr(0, kMax));
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

}  // namespace

PgType PgTypeFromCatalogRow(const PgTypeCatalogRow& row) {
  PgType t;
  auto fail = [&](const char* field, std::string_view value) {
    throw sdk::ConnectException("pg_type row for type " + Quoted(row.name) + " (oid " + std::string(row.oid) +
                                "): " + field + " " + Quoted(value) + " is not valid");
  };
  if (!ParseUnsigned32(row.oid, &t.oid)) fail("oid", row.oid);
  t.name = std::string(row.name);
  if (row.typtype.size() != 1) fail("typtype", row.typtype);
  t.typtype = row.typtype[0];
  if (row.category.size() != 1) fail("typcategory", row.category);
  t.category = row.category[0];
  if (!ParseUnsigned32(row.element_oid, &t.element_oid)) fail("typelem", row.element_oid);
  if (!ParseUnsigned32(row.base_oid, &t.base_oid)) fail("typbasetype", row.base_oid);
  if (!ParseSigned32(row.base_typmod, &t.base_typmod)) fail("typtypmod", row.base_typmod);
  if (row.enum_labels) {
    std::vector<std::optional<std::string>> labels;
    std::string error;
    if (!ParseArrayText(*row.enum_labels, ',', &labels, &error)) fail("enum labels", *row.enum_labels);
    for (auto& label : labels) {
      if (!label) fail("enum labels", *row.enum_labels);
      t.enum_labels.push_back(std::move(*label));
    }
  }
  return t;
}

PgTypeRegistry::PgTypeRegistry() {
  for (const BuiltinType& b : kBuiltinTypes) {
    PgType t;
    t.oid = b.oid;
    t.name = b.name;
    t.typtype = b.typtype;
    t.category = b.category;
    t.element_oid = b.element;
    types_.emplace(t.oid, std::move(t));
  }
}

void PgTypeRegistry::add(PgType type) {
  uint32_t oid = type.oid;
  types_[oid] = std::move(type);
}

const PgType* PgTypeRegistry::find(uint32_t oid) const {
  auto it = types_.find(oid);
  return it == types_.end() ? nullptr : &it->second;
}

// ---- resolving a column's conversion ------------------------------------------------------

// How the values of a column (or of an array's elements) are read and which schema they get.
struct ColumnMapping::Conversion {
  enum class Kind {
    kBoolean,     // t / f
    kBitBoolean,  // bit(1), varbit(1): a binary number, true when not zero
    kInt16,
    kInt32,
    kInt64,
    kFloat32,
    kFloat64,
    kString,       // the text itself; `logical_name` names the schema (Json, Uuid, Enum, ...)
    kBinary,       // bytea in hex format, written per binary.handling.mode
    kUnknownText,  // include.unknown.datatypes: the text's bytes, written per binary.handling.mode
    kNumeric,
    kMoney,
    kBits,
    kDate,
    kTime,
    kTimeTz,
    kTimestamp,
    kTimestampTz,
    kInterval,
    kPoint,
    kHstore,
    kArray,
  };
  // What a temporal value becomes (decided from time.precision.mode and the column precision).
  // kMillis is Debezium's own type of the family: io.debezium.time.Time / Timestamp, and for
  // dates io.debezium.time.Date (days).
  enum class Temporal { kMillis, kMicros, kNanos, kConnect, kIsoString };

  Kind kind = Kind::kString;
  std::string type_name;     // for messages
  std::string toast_type;    // the declared type's name, which picks Debezium's TOAST placeholder
  std::string logical_name;  // kString: the schema name, empty for a plain STRING
  std::string enum_allowed;  // kString as io.debezium.data.Enum: the "allowed" parameter
  TypeMappingOptions options;
  int32_t length = 0;  // numeric precision, bit length
  int32_t scale = 0;   // numeric scale, fraction digits of a timestamp with time zone
  bool variable_scale = false;
  Temporal temporal = Temporal::kMicros;
  bool millis_only = false;  // time[] elements: Debezium reads them through java.sql.Time
  std::shared_ptr<const Conversion> element;
  bool element_optional = true;
  char element_delimiter = ',';
};

namespace {

using Conversion = ColumnMapping::Conversion;
using Kind = Conversion::Kind;
using Temporal = Conversion::Temporal;

constexpr int32_t kUnknownLength = std::numeric_limits<int32_t>::max();  // pgjdbc's unknownLength
constexpr int32_t kVariableScaleDecimalLength = 131089;                  // numeric without modifier

uint32_t ArrayElementOid(const PgTypeRegistry& types, uint32_t oid) {
  const PgType* t = types.find(oid);
  return t != nullptr && t->category == 'A' && t->element_oid != 0 ? t->element_oid : oid;
}

// pgjdbc's TypeInfoCache.getDisplaySize.
int32_t DisplaySize(uint32_t oid, int32_t typmod) {
  switch (oid) {
    case kInt2: return 6;
    case kInt4: return 11;
    case kOid: return 10;
    case kInt8: return 20;
    case kFloat4: return 15;
    case kFloat8: return 25;
    case kChar:
    case kBool: return 1;
    case kDate: return 13;
    case kTime:
    case kTimeTz:
    case kTimestamp:
    case kTimestampTz: {
      int32_t second_size = typmod == -1 ? 7 : typmod == 0 ? 0 : typmod == 1 ? 3 : typmod + 1;
      if (oid == kTime) return 8 + second_size;
      if (oid == kTimeTz) return 8 + second_size + 6;
      if (oid == kTimestamp) return 13 + 1 + 8 + second_size;
      return 13 + 1 + 8 + second_size + 6;
    }
    case kInterval: return 49;
    case kVarchar:
    case kBpchar: return typmod == -1 ? kUnknownLength : typmod - 4;
    case kNumeric: {
      if (typmod == -1) return kVariableScaleDecimalLength;
      int32_t precision = ((typmod - 4) >> 16) & 0xffff;
      int32_t scale = (typmod - 4) & 0xffff;
      return 1 + precision + (scale != 0 ? 1 : 0);
    }
    case kBit: return typmod;
    case kVarbit: return typmod == -1 ? kUnknownLength : typmod;
    default: return kUnknownLength;
  }
}

// pgjdbc's TypeInfoCache.getPrecision.
int32_t Precision(uint32_t oid, int32_t typmod) {
  switch (oid) {
    case kInt2: return 5;
    case kOid:
    case kInt4: return 10;
    case kInt8: return 19;
    case kFloat4: return 8;
    case kFloat8: return 17;
    case kNumeric: return typmod == -1 ? 0 : ((typmod - 4) & static_cast<int32_t>(0xFFFF0000)) >> 16;
    case kChar:
    case kBool: return 1;
    case kBpchar:
    case kVarchar: return typmod == -1 ? kUnknownLength : typmod - 4;
    case kDate:
    case kTime:
    case kTimeTz:
    case kInterval:
    case kTimestamp:
    case kTimestampTz: return DisplaySize(oid, typmod);
    case kBit: return typmod;
    case kVarbit: return typmod == -1 ? kUnknownLength : typmod;
    default: return kUnknownLength;
  }
}

// pgjdbc's TypeInfoCache.getScale.
int32_t Scale(uint32_t oid, int32_t typmod) {
  switch (oid) {
    case kFloat4: return 8;
    case kFloat8: return 17;
    case kNumeric: return typmod == -1 ? 0 : (typmod - 4) & 0xFFFF;
    case kTime:
    case kTimeTz:
    case kTimestamp:
    case kTimestampTz: return typmod == -1 ? 6 : typmod;
    case kInterval: return typmod == -1 ? 6 : typmod & 0xFFFF;
    default: return 0;
  }
}

// The column length Debezium's pgoutput decoder derives (ColumnMetaData / PostgresType): the
// precision for the modifier, or with none the type's default length.
int32_t ColumnLength(uint32_t oid, int32_t typmod) {
  int32_t size = Precision(oid, typmod);
  if (typmod == -1 && size == 0) size = DisplaySize(oid, typmod);
  return size;
}

// The type as PostgreSQL's format_type writes it, for messages.
std::string FormatType(const PgTypeRegistry& types, uint32_t oid, int32_t typmod) {
  const PgType* t = types.find(oid);
  if (t == nullptr) return "type oid " + std::to_string(oid);
  if (t->category == 'A' && t->element_oid != 0) return FormatType(types, t->element_oid, typmod) + "[]";
  if (typmod < 0) return t->name;
  switch (oid) {
    case kNumeric:
      return t->name + "(" + std::to_string(((typmod - 4) >> 16) & 0xffff) + "," +
             std::to_string((typmod - 4) & 0xffff) + ")";
    case kVarchar:
    case kBpchar: return t->name + "(" + std::to_string(typmod - 4) + ")";
    case kBit:
    case kVarbit:
    case kTime:
    case kTimeTz:
    case kTimestamp:
    case kTimestampTz: return t->name + "(" + std::to_string(typmod) + ")";
    default: return t->name;
  }
}

Temporal TimeTemporal(TimePrecision mode, int32_t precision) {
  switch (mode) {
    case TimePrecision::kAdaptive:
      return precision <= 3 ? Temporal::kMillis : precision <= 6 ? Temporal::kMicros : Temporal::kNanos;
    case TimePrecision::kAdaptiveTimeMicroseconds:
    case TimePrecision::kMicroseconds: return Temporal::kMicros;
    case TimePrecision::kNanoseconds: return Temporal::kNanos;
    case TimePrecision::kConnect: return Temporal::kConnect;
    case TimePrecision::kIsoString: return Temporal::kIsoString;
  }
  return Temporal::kMicros;
}

Temporal TimestampTemporal(TimePrecision mode, int32_t precision) {
  switch (mode) {
    case TimePrecision::kAdaptive:
    case TimePrecision::kAdaptiveTimeMicroseconds:
      return precision <= 3 ? Temporal::kMillis : precision <= 6 ? Temporal::kMicros : Temporal::kNanos;
    case TimePrecision::kMicroseconds: return Temporal::kMicros;
    case TimePrecision::kNanoseconds: return Temporal::kNanos;
    case TimePrecision::kConnect: return Temporal::kConnect;
    case TimePrecision::kIsoString: return Temporal::kIsoString;
  }
  return Temporal::kMicros;
}

// Dates are io.debezium.time.Date in every mode but connect and isostring.
Temporal DateTemporal(TimePrecision mode) {
  switch (mode) {
    case TimePrecision::kConnect: return Temporal::kConnect;
    case TimePrecision::kIsoString: return Temporal::kIsoString;
    default: return Temporal::kMillis;
  }
}

std::shared_ptr<Conversion> Make(Kind kind, const TypeMappingOptions& options) {
  auto c = std::make_shared<Conversion>();
  c->kind = kind;
  c->options = options;
  return c;
}

std::shared_ptr<Conversion> MakeString(const TypeMappingOptions& options, std::string logical_name) {
  auto c = Make(Kind::kString, options);
  c->logical_name = std::move(logical_name);
  return c;
}

struct Resolver {
  const PgTypeRegistry& types;
  const TypeMappingOptions& options;

  std::shared_ptr<Conversion> unknown() const {
    return options.include_unknown ? Make(Kind::kUnknownText, options) : nullptr;
  }

  // The conversion of a column of type `oid`, Debezium's schemaBuilder/converter pair. Domains
  // resolve to their base type for a column (`resolve_domains`), not for an array's element
  // (Debezium looks the element up as it is and finds no mapping for a domain).
  std::shared_ptr<Conversion> resolve(uint32_t oid, int32_t typmod, bool resolve_domains) const {
    std::shared_ptr<Conversion> c = resolveType(oid, typmod, resolve_domains);
    if (c != nullptr) {
      c->type_name = FormatType(types, oid, typmod);
      const PgType* declared = types.find(oid);
      c->toast_type = declared != nullptr ? declared->name : std::string();
    }
    return c;
  }

  std::shared_ptr<Conversion> resolveType(uint32_t oid, int32_t typmod, bool resolve_domains) const {
    const PgType* t = types.find(oid);
    if (t == nullptr) return unknown();
    for (int depth = 0; t->typtype == 'd' && resolve_domains; ++depth) {
      if (typmod == -1) typmod = t->base_typmod;
      t = types.find(t->base_oid);
      if (t == nullptr || depth > 32) return unknown();
    }
    if (t->typtype == 'd') return unknown();
    const uint32_t base_oid = ArrayElementOid(types, t->oid);
    return resolveRoot(*t, typmod, ColumnLength(base_oid, typmod), Scale(base_oid, typmod));
  }

  std::shared_ptr<Conversion> numeric(int32_t length, int32_t scale) const {
    auto c = Make(Kind::kNumeric, options);
    c->length = length;
    c->scale = scale;
    c->variable_scale = (length == 0 || length == kVariableScaleDecimalLength) && scale == 0;
    return c;
  }

  std::shared_ptr<Conversion> temporal(Kind kind, Temporal temporal, int32_t scale) const {
    auto c = Make(kind, options);
    c->temporal = temporal;
    c->scale = scale;
    return c;
  }

  // An array whose elements Debezium maps with optional (listed arrays) or required element
  // schemas (arrays it resolves through the element type).
  std::shared_ptr<Conversion> array(const PgType& type, int32_t typmod, bool element_optional) const {
    std::shared_ptr<Conversion> element = resolve(type.element_oid, typmod, false);
    if (element == nullptr) return nullptr;
    if (type.element_oid == kTime) element->millis_only = true;
    auto c = Make(Kind::kArray, options);
    c->element = std::move(element);
    c->element_optional = element_optional;
    c->element_delimiter = type.oid == kBoxArray ? ';' : ',';
    return c;
  }

  std::shared_ptr<Conversion> resolveRoot(const PgType& t, int32_t typmod, int32_t length, int32_t scale) const {
    const TimePrecision mode = options.time;
    switch (t.oid) {
      case kBool: return Make(Kind::kBoolean, options);
      case kBit:
      case kVarbit: {
        auto c = Make(length > 1 ? Kind::kBits : Kind::kBitBoolean, options);
        c->length = length;
        return c;
      }
      case kInt2: return Make(Kind::kInt16, options);
      case kInt4: return Make(Kind::kInt32, options);
      case kInt8:
      case kOid: return Make(Kind::kInt64, options);
      case kFloat4: return Make(Kind::kFloat32, options);
      case kFloat8: return Make(Kind::kFloat64, options);
      case kNumeric: return numeric(length, scale);
      case kMoney: return Make(Kind::kMoney, options);
      case kChar:
      case kName:
      case kText:
      case kVarchar:
      case kBpchar:
      case kInet:
      case kCidr:
      case kMacaddr:
      case kMacaddr8:
      case kInt4Range:
      case kNumRange:
      case kInt8Range:
      case kTsRange:
      case kTsTzRange:
      case kDateRange: return MakeString(options, "");
      case kJson:
      case kJsonb: return MakeString(options, "io.debezium.data.Json");
      case kXml: return MakeString(options, "io.debezium.data.Xml");
      case kUuid: return MakeString(options, "io.debezium.data.Uuid");
      case kTsvector: return MakeString(options, "io.debezium.data.Tsvector");
      case kBytea: return Make(Kind::kBinary, options);
      case kPoint: return Make(Kind::kPoint, options);
      case kDate: return temporal(Kind::kDate, DateTemporal(mode), scale);
      case kTime: return temporal(Kind::kTime, TimeTemporal(mode, scale), scale);
      case kTimestamp: return temporal(Kind::kTimestamp, TimestampTemporal(mode, scale), scale);
      case kTimeTz: return temporal(Kind::kTimeTz, Temporal::kIsoString, scale);
      case kTimestampTz: return temporal(Kind::kTimestampTz, Temporal::kIsoString, scale);
      case kInterval: return Make(Kind::kInterval, options);
      // Arrays Debezium lists, with optional element schemas.
      case kInt2Array:
      case kInt4Array:
      case kInt8Array:
      case kOidArray:
      case kCharArray:
      case kVarcharArray:
      case kTextArray:
      case kBpcharArray:
      case kInetArray:
      case kCidrArray:
      case kMacaddrArray:
      case kMacaddr8Array:
      case kTsRangeArray:
      case kTsTzRangeArray:
      case kDateRangeArray:
      case kInt4RangeArray:
      case kNumRangeArray:
      case kInt8RangeArray:
      case kNumericArray:
      case kFloat4Array:
      case kFloat8Array:
      case kBoolArray:
      case kDateArray:
      case kUuidArray:
      case kJsonbArray:
      case kJsonArray:
      case kTimeArray:
      case kTimeTzArray:
      case kTimestampArray:
      case kTimestampTzArray:
      case kByteaArray: return array(t, typmod, true);
      // Arrays Debezium never maps; bit[] gets a non-array schema in Debezium, which then fails.
      case kMoneyArray:
      case kNameArray:
      case kIntervalArray:
      case kVarbitArray:
      case kXmlArray:
      case kPointArray:
      case kRefcursorArray:
      case kBitArray: return nullptr;
      case kInt2Vector:
      case kOidVector: return unknown();
      default: break;
    }
    // Extension types Debezium recognises by name.
    if (t.name == "citext" || t.name == "isbn") return MakeString(options, "");
    if (t.name == "ltree") return MakeString(options, "io.debezium.data.Ltree");
    if (t.name == "hstore") return Make(Kind::kHstore, options);
    if (t.name == "_citext" || t.name == "_ltree" || t.name == "_hstore") return array(t, typmod, true);
    if (t.typtype == 'e') {
      auto c = MakeString(options, "io.debezium.data.Enum");
      for (size_t i = 0; i < t.enum_labels.size(); ++i) {
        if (i > 0) c->enum_allowed += ",";
        c->enum_allowed += t.enum_labels[i];
      }
      return c;
    }
    if (t.category == 'A' && t.element_oid != 0) return array(t, typmod, false);
    return unknown();
  }
};

// ---- schemas ------------------------------------------------------------------------------

sdk::SchemaBuilder Named(sdk::Type type, const char* name) {
  sdk::SchemaBuilder b(type);
  b.name(name).version(1);
  return b;
}

sdk::SchemaBuilder BinarySchema(BinaryHandling mode) {
  return sdk::SchemaBuilder(mode == BinaryHandling::kBytes ? sdk::Type::Bytes : sdk::Type::String);
}

// The schema Debezium's schemaBuilder gives a column of this conversion (optionality and
// default are the caller's).
sdk::SchemaBuilder SchemaFor(const Conversion& c) {
  const TypeMappingOptions& o = c.options;
  switch (c.kind) {
    case Kind::kBoolean:
    case Kind::kBitBoolean: return sdk::SchemaBuilder(sdk::Type::Boolean);
    case Kind::kInt16: return sdk::SchemaBuilder(sdk::Type::Int16);
    case Kind::kInt32: return sdk::SchemaBuilder(sdk::Type::Int32);
    case Kind::kInt64: return sdk::SchemaBuilder(sdk::Type::Int64);
    case Kind::kFloat32: return sdk::SchemaBuilder(sdk::Type::Float32);
    case Kind::kFloat64: return sdk::SchemaBuilder(sdk::Type::Float64);
    case Kind::kString: {
      if (c.logical_name.empty()) return sdk::SchemaBuilder(sdk::Type::String);
      sdk::SchemaBuilder b = Named(sdk::Type::String, c.logical_name.c_str());
      if (c.logical_name == "io.debezium.data.Enum") b.parameter("allowed", c.enum_allowed);
      return b;
    }
    case Kind::kBinary:
    case Kind::kUnknownText: return BinarySchema(o.binary);
    case Kind::kNumeric:
      if (o.decimal == DecimalHandling::kPrecise) {
        if (c.variable_scale) {
          sdk::SchemaBuilder b = Named(sdk::Type::Struct, "io.debezium.data.VariableScaleDecimal");
          b.doc("Variable scaled decimal")
              .field("scale", sdk::Schema::Primitive(sdk::Type::Int32))
              .field("value", sdk::Schema::Primitive(sdk::Type::Bytes));
          return b;
        }
        sdk::SchemaBuilder b = sdk::SchemaBuilder::Decimal(c.scale);
        b.parameter("connect.decimal.precision", std::to_string(c.length));
        return b;
      }
      return sdk::SchemaBuilder(o.decimal == DecimalHandling::kDouble ? sdk::Type::Float64 : sdk::Type::String);
    case Kind::kMoney:
      if (o.decimal == DecimalHandling::kPrecise) return sdk::SchemaBuilder::Decimal(o.money_fraction_digits);
      return sdk::SchemaBuilder(o.decimal == DecimalHandling::kDouble ? sdk::Type::Float64 : sdk::Type::String);
    case Kind::kBits: {
      sdk::SchemaBuilder b = Named(sdk::Type::Bytes, "io.debezium.data.Bits");
      b.parameter("length", std::to_string(c.length));
      return b;
    }
    case Kind::kDate:
      switch (c.temporal) {
        case Temporal::kConnect: return sdk::SchemaBuilder::Date();
        case Temporal::kIsoString: return Named(sdk::Type::String, "io.debezium.time.IsoDate");
        default: return Named(sdk::Type::Int32, "io.debezium.time.Date");
      }
    case Kind::kTime:
      switch (c.temporal) {
        case Temporal::kMillis: return Named(sdk::Type::Int32, "io.debezium.time.Time");
        case Temporal::kMicros: return Named(sdk::Type::Int64, "io.debezium.time.MicroTime");
        case Temporal::kNanos: return Named(sdk::Type::Int64, "io.debezium.time.NanoTime");
        case Temporal::kConnect: return sdk::SchemaBuilder::Time();
        case Temporal::kIsoString: return Named(sdk::Type::String, "io.debezium.time.IsoTime");
      }
      break;
    case Kind::kTimestamp:
      switch (c.temporal) {
        case Temporal::kMillis: return Named(sdk::Type::Int64, "io.debezium.time.Timestamp");
        case Temporal::kMicros: return Named(sdk::Type::Int64, "io.debezium.time.MicroTimestamp");
        case Temporal::kNanos: return Named(sdk::Type::Int64, "io.debezium.time.NanoTimestamp");
        case Temporal::kConnect: return sdk::SchemaBuilder::Timestamp();
        case Temporal::kIsoString: return Named(sdk::Type::String, "io.debezium.time.IsoTimestamp");
      }
      break;
    case Kind::kTimeTz: return Named(sdk::Type::String, "io.debezium.time.ZonedTime");
    case Kind::kTimestampTz: return Named(sdk::Type::String, "io.debezium.time.ZonedTimestamp");
    case Kind::kInterval:
      if (o.interval == IntervalHandling::kString) return Named(sdk::Type::String, "io.debezium.time.Interval");
      return Named(sdk::Type::Int64, "io.debezium.time.MicroDuration");
    case Kind::kPoint: {
      sdk::SchemaBuilder b = Named(sdk::Type::Struct, "io.debezium.data.geometry.Point");
      b.doc("Geometry (POINT)")
          .field("x", sdk::Schema::Primitive(sdk::Type::Float64))
          .field("y", sdk::Schema::Primitive(sdk::Type::Float64))
          .field("wkb", sdk::Schema::Primitive(sdk::Type::Bytes, true))
          .field("srid", sdk::Schema::Primitive(sdk::Type::Int32, true));
      return b;
    }
    case Kind::kHstore:
      if (o.hstore == HstoreHandling::kJson) return Named(sdk::Type::String, "io.debezium.data.Json");
      return sdk::SchemaBuilder::Map(sdk::Schema::Primitive(sdk::Type::String),
                                     sdk::Schema::Primitive(sdk::Type::String, true));
    case Kind::kArray: {
      sdk::Schema element = SchemaFor(*c.element).optional(c.element_optional).build();
      return sdk::SchemaBuilder::Array(element);
    }
  }
  return sdk::SchemaBuilder(sdk::Type::String);
}

// ---- values -------------------------------------------------------------------------------

// Where a value is being converted, for messages and for Debezium's null-instead-of-failure
// cases (an optional column, or any array element, gets null).
struct Site {
  const std::string& column;
  const Conversion& conversion;
  bool optional;
};

[[noreturn]] void Fail(const Site& site, std::string_view text, const std::string& why) {
  throw sdk::ConnectException("column '" + site.column + "' (" + site.conversion.type_name + "): cannot convert " +
                              Quoted(text) + ": " + why);
}

// Debezium logs a warning and emits null for an optional column; a required one fails.
sdk::Value NullOrFail(const Site& site, std::string_view text, const std::string& why) {
  if (site.optional) return sdk::Value();
  Fail(site, text, why);
}

sdk::Value BinaryValue(std::string_view bytes, BinaryHandling mode) {
  switch (mode) {
    case BinaryHandling::kBytes: return sdk::Value::Bytes(bytes);
    case BinaryHandling::kBase64: return sdk::Value::String(Base64(bytes, false));
    case BinaryHandling::kBase64UrlSafe: return sdk::Value::String(Base64(bytes, true));
    case BinaryHandling::kHex: {
      std::string hex;
      AppendHex(bytes, &hex);
      return sdk::Value::String(hex);
    }
  }
  return sdk::Value::Bytes(bytes);
}

// The Decimal value of `d` (already at `scale`).
sdk::Value DecimalValue(const BigDec& d, int32_t scale) { return sdk::Value::Decimal(PlainString(d), scale); }

// BigInteger.toByteArray of the unscaled value.
std::string UnscaledBytes(const BigDec& d) {
  sdk::Value v = sdk::Value::Decimal((d.negative ? "-" : "") + d.digits, 0);
  return std::string(v.asString());
}

sdk::Value VariableScaleDecimalValue(sdk::SchemaView schema, const BigDec& d) {
  sdk::Value s = sdk::Value::Struct(schema);
  s.set("scale", sdk::Value::Int32(static_cast<int32_t>(d.scale)));
  s.set("value", sdk::Value::Bytes(UnscaledBytes(d)));
  return s;
}

sdk::Value NumericValue(const Site& site, sdk::SchemaView schema, std::string_view text) {
  const Conversion& c = site.conversion;
  const DecimalHandling mode = c.options.decimal;
  if (text == "NaN" || text == "Infinity" || text == "-Infinity") {
    switch (mode) {
      case DecimalHandling::kPrecise:
        Fail(site, text,
             "Got a special value (NaN/Infinity) for Decimal type in column " + site.column +
                 " but current mode does not handle it. If you need to support it then set decimal handling mode "
                 "to 'string'.");
      case DecimalHandling::kDouble:
        return sdk::Value::Float64(text == "NaN"        ? std::numeric_limits<double>::quiet_NaN()
                                   : text == "Infinity" ? std::numeric_limits<double>::infinity()
                                                        : -std::numeric_limits<double>::infinity());
      case DecimalHandling::kString:
        return sdk::Value::String(text == "NaN"        ? "NAN"
                                  : text == "Infinity" ? "POSITIVE_INFINITY"
                                                       : "NEGATIVE_INFINITY");
    }
  }
  BigDec d;
  if (!ParseBigDec(text, &d)) Fail(site, text, "not a decimal number");
  if (c.variable_scale) {
    if (mode == DecimalHandling::kPrecise) {
      StripTrailingZeros(&d);
      if (d.scale < 0) SetScale(&d, 0, Rounding::kExact);
      return VariableScaleDecimalValue(schema, d);
    }
  } else if (!SetScale(&d, c.scale, Rounding::kExact)) {
    Fail(site, text, "has more fraction digits than the column's scale " + std::to_string(c.scale));
  }
  switch (mode) {
    case DecimalHandling::kPrecise: return DecimalValue(d, c.scale);
    case DecimalHandling::kDouble: return sdk::Value::Float64(ToDouble(d));
    case DecimalHandling::kString: return sdk::Value::String(PlainString(d));
  }
  return sdk::Value();
}

sdk::Value MoneyValue(const Site& site, std::string_view text) {
  BigDec d;
  if (!ParseMoney(text, &d)) Fail(site, text, "Failed to parse money value: " + std::string(text));
  const TypeMappingOptions& o = site.conversion.options;
  switch (o.decimal) {
    case DecimalHandling::kPrecise:
      SetScale(&d, o.money_fraction_digits, Rounding::kHalfUp);
      return DecimalValue(d, o.money_fraction_digits);
    case DecimalHandling::kDouble: return sdk::Value::Float64(ToDouble(d));
    case DecimalHandling::kString: return sdk::Value::String(PlainString(d));
  }
  return sdk::Value();
}

sdk::Value DateValue(const Site& site, std::string_view text) {
  int64_t day;
  if (!ParseDate(text, &day)) Fail(site, text, "not a date (DateStyle ISO: yyyy-mm-dd [BC])");
  switch (site.conversion.temporal) {
    case Temporal::kIsoString: {
      std::string out;
      AppendIsoDate(day, &out);
      out.push_back('Z');
      return sdk::Value::String(out);
    }
    default: return sdk::Value::Int32(static_cast<int32_t>(static_cast<uint32_t>(day)));
  }
}

sdk::Value TimeValue(const Site& site, std::string_view text) {
  const Conversion& c = site.conversion;
  int64_t nanos;
  if (!ParseTimeDuration(text, &nanos)) Fail(site, text, "not a time (hh:mm:ss[.ffffff])");
  if (c.millis_only) {
    // java.sql.Time: milliseconds of a wall-clock time (24:00:00 rolls over to midnight).
    nanos = FloorMod(nanos, kSecondsPerDay * kNanosPerSecond) / 1000000 * 1000000;
  }
  const int64_t one_day = kSecondsPerDay * kNanosPerSecond;
  switch (c.temporal) {
    case Temporal::kMillis: return sdk::Value::Int32(static_cast<int32_t>(nanos / 1000000));
    case Temporal::kMicros: return sdk::Value::Int64(nanos / 1000);
    case Temporal::kNanos: return sdk::Value::Int64(nanos);
    case Temporal::kConnect:
      if (nanos > one_day)
        return NullOrFail(site, text, "Time values must be between 00:00:00 and 24:00:00 (inclusive)");
      return sdk::Value::Int32(static_cast<int32_t>(nanos / 1000000));
    case Temporal::kIsoString: {
      if (nanos > one_day)
        return NullOrFail(site, text, "Time values must be between 00:00:00 and 24:00:00 (inclusive)");
      int64_t wrapped = nanos % one_day;
      std::string out;
      AppendIsoTime(wrapped / kNanosPerSecond, wrapped % kNanosPerSecond, 0, &out);
      out.push_back('Z');
      return sdk::Value::String(out);
    }
  }
  return sdk::Value();
}

// Instant.toEpochMilli: the floor of the milliseconds.
int64_t EpochMillis(int64_t second, int64_t nanos) { return second * 1000 + nanos / 1000000; }

// Conversions.toEpochMicros: TimeUnit saturates the seconds, then the micros are added.
int64_t EpochMicros(int64_t second, int64_t nanos) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 1000000;
  int64_t micros = second > kMax    ? std::numeric_limits<int64_t>::max()
                   : second < -kMax ? std::numeric_limits<int64_t>::min()
                                    : second * 1000000;
  return static_cast<int64_t>(static_cast<uint64_t>(micros) + static_cast<uint64_t>(nanos / 1000));
}

sdk::Value TimestampValue(const Site& site, std::string_view text) {
  const Conversion& c = site.conversion;
  int64_t second, nanos;
  int infinite;
  if (!ParseTimestamp(text, &second, &nanos, &infinite)) {
    Fail(site, text, "not a timestamp (DateStyle ISO: yyyy-mm-dd hh:mm:ss[.ffffff] [BC])");
  }
  if (infinite != 0) {
    // PGStatement.DATE_POSITIVE_INFINITY / DATE_NEGATIVE_INFINITY read as epoch microseconds.
    if (c.temporal == Temporal::kNanos) {
      return sdk::Value::Int64(infinite > 0 ? std::numeric_limits<int64_t>::max()
                                            : std::numeric_limits<int64_t>::min());
    }
    second = infinite > 0 ? 9223372036825 : -9223372036833;
    nanos = infinite > 0 ? 200000000 : 600000000;
  }
  switch (c.temporal) {
    case Temporal::kMillis:
    case Temporal::kConnect: return sdk::Value::Int64(EpochMillis(second, nanos));
    case Temporal::kMicros: return sdk::Value::Int64(EpochMicros(second, nanos));
    case Temporal::kNanos: {
      int64_t day = FloorDiv(second, kSecondsPerDay);
      int64_t in_day = FloorMod(second, kSecondsPerDay) * kNanosPerSecond + nanos;
      int64_t result;
      if (__builtin_mul_overflow(day, kSecondsPerDay * kNanosPerSecond, &result) ||
          __builtin_add_overflow(result, in_day, &result)) {
        return NullOrFail(site, text,
                          "outside the representable range for INT64 epoch nanoseconds (approximately "
                          "1677-09-21T00:12:43Z to 2262-04-11T23:47:16Z); use time.precision.mode=microseconds or "
                          "isostring");
      }
      return sdk::Value::Int64(result);
    }
    case Temporal::kIsoString: return sdk::Value::String(IsoInstant(second, nanos, 0));
  }
  return sdk::Value();
}

sdk::Value TimestampTzValue(const Site& site, std::string_view text) {
  int64_t second, nanos;
  int infinite;
  if (!ParseTimestampTz(text, &second, &nanos, &infinite)) {
    Fail(site, text, "not a timestamp with time zone (DateStyle ISO: yyyy-mm-dd hh:mm:ss[.ffffff]+hh[:mm] [BC])");
  }
  if (infinite != 0) return sdk::Value::String(infinite > 0 ? "infinity" : "-infinity");
  int width = site.conversion.scale;
  return sdk::Value::String(IsoInstant(second, nanos, width >= 1 && width <= 9 ? width : 0));
}

sdk::Value TimeTzValue(const Site& site, std::string_view text) {
  int64_t second_of_day, nanos;
  bool boundary;
  if (!ParseTimeTz(text, &second_of_day, &nanos, &boundary)) {
    Fail(site, text, "not a time with time zone (hh:mm:ss[.ffffff]+hh[:mm])");
  }
  if (boundary) return sdk::Value::String("24:00:00Z");
  std::string out;
  AppendIsoTime(second_of_day, nanos, 0, &out);
  out.push_back('Z');
  return sdk::Value::String(out);
}

sdk::Value IntervalValue(const Site& site, std::string_view text) {
  PgInterval iv;
  if (!ParseInterval(text, &iv)) Fail(site, text, "Conversion of interval failed (IntervalStyle postgres expected)");
  if (site.conversion.options.interval == IntervalHandling::kString) return sdk::Value::String(IntervalIsoString(iv));
  return sdk::Value::Int64(IntervalMicros(iv));
}

// io.debezium.data.geometry.Point of PGpoint's "(x,y)".
sdk::Value PointValue(sdk::SchemaView schema, double x, double y) {
  std::string wkb(21, '\0');
  wkb[0] = 1;  // little endian
  wkb[1] = 1;  // WKB type 1, point
  uint64_t bits;
  std::memcpy(&bits, &x, 8);
  for (int i = 0; i < 8; ++i) wkb[static_cast<size_t>(5 + i)] = static_cast<char>((bits >> (8 * i)) & 0xFF);
  std::memcpy(&bits, &y, 8);
  for (int i = 0; i < 8; ++i) wkb[static_cast<size_t>(13 + i)] = static_cast<char>((bits >> (8 * i)) & 0xFF);
  sdk::Value s = sdk::Value::Struct(schema);
  s.set("x", sdk::Value::Float64(x));
  s.set("y", sdk::Value::Float64(y));
  s.set("wkb", sdk::Value::Bytes(wkb));
  return s;
}

sdk::Value PointFromText(const Site& site, sdk::SchemaView schema, std::string_view text) {
  std::string_view t = JavaTrim(text);
  if (t.size() >= 2 && t.front() == '(' && t.back() == ')') t = t.substr(1, t.size() - 2);
  size_t comma = t.find(',');
  double x, y;
  if (comma == std::string_view::npos || !ParseJavaFloating(t.substr(0, comma), &x) ||
      !ParseJavaFloating(t.substr(comma + 1), &y)) {
    Fail(site, text, "not a point (x,y)");
  }
  return PointValue(schema, x, y);
}

// hstore as Debezium writes it: a JSON object (Jackson) or a map, both in java.util.HashMap
// order.
sdk::Value HstoreValue(HstoreHandling mode, const std::vector<std::string>& keys,
                       const std::vector<std::optional<std::string>>& values) {
  std::vector<size_t> order = JavaHashMapOrder(keys);
  if (mode == HstoreHandling::kMap) {
    sdk::Value map = sdk::Value::Map();
    for (size_t i : order) map.put(keys[i], values[i] ? sdk::Value::String(*values[i]) : sdk::Value());
    return map;
  }
  std::string json = "{";
  for (size_t n = 0; n < order.size(); ++n) {
    if (n > 0) json.push_back(',');
    AppendJsonString(keys[order[n]], &json);
    json.push_back(':');
    if (values[order[n]]) {
      AppendJsonString(*values[order[n]], &json);
    } else {
      json += "null";
    }
  }
  json.push_back('}');
  return sdk::Value::String(json);
}

sdk::Value Convert(const Site& site, sdk::SchemaView schema, std::string_view text);

sdk::Value ArrayValue(const Site& site, sdk::SchemaView schema, std::string_view text) {
  const Conversion& c = site.conversion;
  std::vector<std::optional<std::string>> elements;
  std::string error;
  if (!ParseArrayText(text, c.element_delimiter, &elements, &error)) Fail(site, text, "not an array: " + error);
  sdk::SchemaView element_schema = schema.valueSchema();
  const Site element_site{site.column, *c.element, true};
  sdk::Value out = sdk::Value::Array();
  for (size_t i = 0; i < elements.size(); ++i) {
    if (!elements[i]) {
      if (!c.element_optional) {
        Fail(site, text, "element " + std::to_string(i + 1) + " is NULL but Debezium declares the elements required");
      }
      out.append(sdk::Value());
      continue;
    }
    out.append(Convert(element_site, element_schema, *elements[i]));
  }
  return out;
}

sdk::Value Convert(const Site& site, sdk::SchemaView schema, std::string_view text) {
  const Conversion& c = site.conversion;
  switch (c.kind) {
    case Kind::kBoolean: {
      if (EqualsIgnoreAsciiCase(text, "t") || EqualsIgnoreAsciiCase(text, "true")) return sdk::Value::Boolean(true);
      if (EqualsIgnoreAsciiCase(text, "f") || EqualsIgnoreAsciiCase(text, "false")) return sdk::Value::Boolean(false);
      Fail(site, text, "not a boolean (t or f)");
    }
    case Kind::kBitBoolean: {
      if (text.empty() || !IsBitString(text)) Fail(site, text, "not a bit string");
      return sdk::Value::Boolean(text.find('1') != std::string_view::npos);
    }
    case Kind::kInt16:
    case Kind::kInt32:
    case Kind::kInt64: {
      int64_t min = c.kind == Kind::kInt16   ? std::numeric_limits<int16_t>::min()
                    : c.kind == Kind::kInt32 ? std::numeric_limits<int32_t>::min()
                                             : std::numeric_limits<int64_t>::min();
      int64_t max = c.kind == Kind::kInt16   ? std::numeric_limits<int16_t>::max()
                    : c.kind == Kind::kInt32 ? std::numeric_limits<int32_t>::max()
                                             : std::numeric_limits<int64_t>::max();
      int64_t v;
      if (!ParseJavaLong(text, min, max, &v)) Fail(site, text, "not an integer in the type's range");
      if (c.kind == Kind::kInt16) return sdk::Value::Int16(static_cast<int16_t>(v));
      if (c.kind == Kind::kInt32) return sdk::Value::Int32(static_cast<int32_t>(v));
      return sdk::Value::Int64(v);
    }
    case Kind::kFloat32: {
      float v;
      if (!ParseJavaFloating(text, &v)) Fail(site, text, "not a floating-point number");
      return sdk::Value::Float32(v);
    }
    case Kind::kFloat64: {
      double v;
      if (!ParseJavaFloating(text, &v)) Fail(site, text, "not a floating-point number");
      return sdk::Value::Float64(v);
    }
    case Kind::kString: return sdk::Value::String(text);
    case Kind::kBinary: {
      std::string bytes;
      if (!ParseByteaHex(text, &bytes)) Fail(site, text, "not bytea in hex format (\\x...; set bytea_output to hex)");
      return BinaryValue(bytes, c.options.binary);
    }
    case Kind::kUnknownText: return BinaryValue(text, c.options.binary);
    case Kind::kNumeric: return NumericValue(site, schema, text);
    case Kind::kMoney: return MoneyValue(site, text);
    case Kind::kBits:
      if (!IsBitString(text)) Fail(site, text, "not a bit string");
      return sdk::Value::Bytes(BitBytes(text));
    case Kind::kDate: return DateValue(site, text);
    case Kind::kTime: return TimeValue(site, text);
    case Kind::kTimeTz: return TimeTzValue(site, text);
    case Kind::kTimestamp: return TimestampValue(site, text);
    case Kind::kTimestampTz: return TimestampTzValue(site, text);
    case Kind::kInterval: return IntervalValue(site, text);
    case Kind::kPoint: return PointFromText(site, schema, text);
    case Kind::kHstore: {
      std::vector<std::string> keys;
      std::vector<std::optional<std::string>> values;
      if (!ParseHstore(text, &keys, &values)) Fail(site, text, "not an hstore (\"key\"=>\"value\", ...)");
      return HstoreValue(c.options.hstore, keys, values);
    }
    case Kind::kArray: return ArrayValue(site, schema, text);
  }
  return sdk::Value();
}

// The converters' fallbacks for a NULL in a NOT NULL column (JdbcValueConverters.convertValue).
sdk::Value Fallback(const Conversion& c, sdk::SchemaView schema) {
  const TypeMappingOptions& o = c.options;
  switch (c.kind) {
    case Kind::kBoolean:
    case Kind::kBitBoolean: return sdk::Value::Boolean(false);
    case Kind::kInt16: return sdk::Value::Int16(0);
    case Kind::kInt32: return sdk::Value::Int32(0);
    case Kind::kInt64: return sdk::Value::Int64(0);
    case Kind::kFloat32: return sdk::Value::Float32(0);
    case Kind::kFloat64: return sdk::Value::Float64(0);
    case Kind::kString: return sdk::Value::String("");
    case Kind::kBinary:
    case Kind::kUnknownText: return o.binary == BinaryHandling::kBytes ? sdk::Value::Bytes("") : sdk::Value::String("");
    case Kind::kNumeric: {
      BigDec zero;
      if (o.decimal == DecimalHandling::kPrecise && c.variable_scale) return VariableScaleDecimalValue(schema, zero);
      if (!c.variable_scale) SetScale(&zero, c.scale, Rounding::kExact);
      if (o.decimal == DecimalHandling::kPrecise) return DecimalValue(zero, c.scale);
      if (o.decimal == DecimalHandling::kDouble) return sdk::Value::Float64(0);
      return sdk::Value::String(PlainString(zero));
    }
    case Kind::kMoney: {
      BigDec zero;
      SetScale(&zero, o.money_fraction_digits, Rounding::kExact);
      if (o.decimal == DecimalHandling::kPrecise) return DecimalValue(zero, o.money_fraction_digits);
      if (o.decimal == DecimalHandling::kDouble) return sdk::Value::Float64(0);
      return sdk::Value::String(PlainString(zero));
    }
    case Kind::kBits: return sdk::Value::Bytes("");
    case Kind::kDate:
      return c.temporal == Temporal::kIsoString ? sdk::Value::String("1970-01-01Z") : sdk::Value::Int32(0);
    case Kind::kTime:
      switch (c.temporal) {
        case Temporal::kMillis:
        case Temporal::kConnect: return sdk::Value::Int32(0);
        case Temporal::kIsoString: return sdk::Value::String("00:00:00Z");
        default: return sdk::Value::Int64(0);
      }
    case Kind::kTimestamp:
      return c.temporal == Temporal::kIsoString ? sdk::Value::String("1970-01-01T00:00:00Z") : sdk::Value::Int64(0);
    case Kind::kTimeTz: return sdk::Value::String("00:00:00Z");
    case Kind::kTimestampTz: return sdk::Value::String("1970-01-01T00:00:00Z");
    case Kind::kInterval:
      return o.interval == IntervalHandling::kString ? sdk::Value::String("P0Y0M0DT0H0M0S") : sdk::Value::Int64(0);
    case Kind::kPoint: return PointValue(schema, 0, 0);
    case Kind::kHstore: return o.hstore == HstoreHandling::kJson ? sdk::Value::String("{}") : sdk::Value::Map();
    case Kind::kArray: return sdk::Value::Array();
  }
  return sdk::Value();
}

}  // namespace

// ---- ColumnMapping -----------------------------------------------------------------------

ColumnMapping::ColumnMapping(std::string column_name, std::shared_ptr<const Conversion> conversion, bool optional)
    : column_name_(std::move(column_name)),
      conversion_(std::move(conversion)),
      optional_(optional),
      schema_(SchemaFor(*conversion_).optional(optional).build()) {}

std::optional<ColumnMapping> ColumnMapping::Resolve(const PgTypeRegistry& types, std::string column_name,
                                                    uint32_t type_oid, int32_t type_modifier, bool optional,
                                                    const TypeMappingOptions& options) {
  Resolver resolver{types, options};
  std::shared_ptr<Conversion> conversion = resolver.resolve(type_oid, type_modifier, true);
  if (conversion == nullptr) return std::nullopt;
  return ColumnMapping(std::move(column_name), std::move(conversion), optional);
}

const std::string& ColumnMapping::typeName() const { return conversion_->type_name; }

sdk::Value ColumnMapping::fromText(std::string_view text) const {
  return Convert(Site{column_name_, *conversion_, optional_}, schema_, text);
}

sdk::Value ColumnMapping::fallback(sdk::SchemaView field_schema) const {
  const cd_value* default_value = sdk::Host().schema_default(field_schema.raw());
  if (default_value != nullptr) return sdk::Value::Copy(sdk::ValueView(default_value));
  return Fallback(*conversion_, schema_);
}

sdk::Value ColumnMapping::unchangedToast(std::string_view placeholder) const {
  const Conversion& c = *conversion_;
  const std::string& t = c.toast_type;
  sdk::Value list = sdk::Value::Array();
  if (t == "_text" || t == "_varchar" || t == "_bpchar" || t == "_json" || t == "_jsonb") {
    list.append(sdk::Value::String(placeholder));
    return list;
  }
  if (t == "_bytea") {
    list.append(c.options.binary == BinaryHandling::kBytes ? sdk::Value::Bytes(placeholder)
                                                           : sdk::Value::String(placeholder));
    return list;
  }
  if (t == "_int4" || t == "_date" || t == "_int8") {
    for (char b : placeholder) {
      int8_t n = static_cast<int8_t>(b);
      list.append(t == "_int8" ? sdk::Value::Int64(n) : sdk::Value::Int32(n));
    }
    return list;
  }
  if (t == "_uuid") {
    list.append(sdk::Value::String(NameUuid(placeholder)));
    return list;
  }
  if (c.kind == Kind::kHstore) {
    return HstoreValue(c.options.hstore, {std::string(placeholder)}, {std::string(placeholder)});
  }
  switch (c.kind) {
    case Kind::kString: return sdk::Value::String(placeholder);
    case Kind::kBinary:
    case Kind::kUnknownText:
      switch (c.options.binary) {
        case BinaryHandling::kBytes: return sdk::Value::Bytes(placeholder);
        case BinaryHandling::kHex: return sdk::Value::String(placeholder);
        default: return sdk::Value();  // Debezium's base64 converters do not know the marker
      }
    default:
      throw sdk::ConnectException("column '" + column_name_ + "' (" + c.type_name +
                                  "): an unchanged TOASTed value has no placeholder in this type's representation");
  }
}

sdk::Schema ColumnMapping::schemaWithDefault(std::string_view default_text) const {
  if (schema_.type() == sdk::Type::Struct) return schema_;
  try {
    sdk::Value v = fromText(default_text);
    if (v.isNull()) return schema_;
    return SchemaFor(*conversion_).optional(optional_).defaultValue(std::move(v)).build();
  } catch (const sdk::ConnectException&) {
    return schema_;
  }
}

}  // namespace pgcdc
}  // namespace connectd
