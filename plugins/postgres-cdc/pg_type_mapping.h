// PostgreSQL column types as Debezium's PostgreSQL connector represents them in change events:
// the Kafka Connect schema of a column (PostgresValueConverter.schemaBuilder with the JDBC
// defaults of JdbcValueConverters, types resolved as TypeRegistry/PostgresType do, lengths and
// scales from type modifiers as pgjdbc's TypeInfoCache computes them) and the Connect value built
// from the column's PostgreSQL TEXT representation (what pgoutput sends as a 't' column, and what
// a text-format SELECT returns), as PostgresValueConverter.converter does. Reference: Debezium
// 3.x, read from 3.6.1 with the pgjdbc 42.7 it bundles.
//
// The text is the server's output under the session settings Debezium's JDBC connections use:
// DateStyle=ISO, IntervalStyle=postgres (postgres_verbose and iso_8601 are read too),
// bytea_output=hex, extra_float_digits=3. Any TimeZone works (timestamptz values are converted to
// UTC); money is read with a one-character currency symbol, as Debezium reads it.
//
// Deliberate differences from Debezium, all where Debezium emits nothing usable:
// - `name` columns: Debezium's streaming emits null for them (its pgoutput decoder has no case
//   for the type) while its snapshot emits the text; here both emit the text.
// - Arrays with more than one dimension are an error (Debezium emits nulls or Java object names
//   for their elements). bit[] columns are left out (Debezium declares a non-array schema for
//   them, then fails on every value). NaN in numeric[] converts like a scalar NaN (Debezium
//   fails on it).
// - Debezium reads date/timestamp/timestamptz array elements through java.sql types in the JVM's
//   zone; here they read like scalar values (the same except across DST gaps and before 1582).
//   time[] elements keep Debezium's truncation to milliseconds.
// - TIMETZ 24:00:00 at a non-zero offset is converted (Debezium 3.6 fails on any 24:00:00; 3.7
//   writes "24:00:00Z" for it at offset zero, as is done here).
//
// Types outside this mapping (composite types, geometric types other than point, PostGIS,
// pgvector, tsquery, pg_lsn, ...) are left out of the schema unless include.unknown.datatypes
// is set; they are then BYTES (or STRING, per binary.handling.mode) holding the value's text.
//
// Threading: TypeMappingOptions, PgType and the parse functions are plain values and pure
// functions. A PgTypeRegistry is filled by one thread and then only read; reads from several
// threads are safe once it no longer changes. A ColumnMapping is immutable after Resolve and may
// be used from any thread. Everything that builds schemas or values needs the host service table
// (sdk::HostSlot()) to be set.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "connectd/sdk.hpp"

namespace connectd {
namespace pgcdc {

// decimal.handling.mode: precise (default), double, string.
enum class DecimalHandling { kPrecise, kDouble, kString };
// time.precision.mode: adaptive (default), adaptive_time_microseconds, connect, isostring,
// microseconds, nanoseconds.
enum class TimePrecision { kAdaptive, kAdaptiveTimeMicroseconds, kConnect, kIsoString, kMicroseconds, kNanoseconds };
// binary.handling.mode: bytes (default), base64, base64-url-safe, hex.
enum class BinaryHandling { kBytes, kBase64, kBase64UrlSafe, kHex };
// interval.handling.mode: numeric (default), string.
enum class IntervalHandling { kNumeric, kString };
// hstore.handling.mode: json (default), map.
enum class HstoreHandling { kJson, kMap };

// The connector settings that decide how types map; the defaults are Debezium's.
struct TypeMappingOptions {
  DecimalHandling decimal = DecimalHandling::kPrecise;
  TimePrecision time = TimePrecision::kAdaptive;
  BinaryHandling binary = BinaryHandling::kBytes;
  IntervalHandling interval = IntervalHandling::kNumeric;
  HstoreHandling hstore = HstoreHandling::kJson;
  int32_t money_fraction_digits = 2;  // money.fraction.digits
  bool include_unknown = false;       // include.unknown.datatypes
};

// Each reads the value of its config key as Debezium does (surrounding whitespace ignored,
// case-insensitive, the spellings listed above). False for any other value; *out unchanged.
bool ParseDecimalHandling(std::string_view value, DecimalHandling* out);
bool ParseTimePrecision(std::string_view value, TimePrecision* out);
bool ParseBinaryHandling(std::string_view value, BinaryHandling* out);
bool ParseIntervalHandling(std::string_view value, IntervalHandling* out);
bool ParseHstoreHandling(std::string_view value, HstoreHandling* out);

// One row of pg_type, as far as the mapping needs it.
struct PgType {
  uint32_t oid = 0;
  std::string name;                      // typname, e.g. "int4", "_int4", "citext", "mood"
  char typtype = 'b';                    // b base, c composite, d domain, e enum, p pseudo, r range, m multirange
  char category = 'U';                   // typcategory; 'A' marks array types (as Debezium tests it)
  uint32_t element_oid = 0;              // typelem: the element type of an array type
  uint32_t base_oid = 0;                 // typbasetype: the type a domain is based on
  int32_t base_typmod = -1;              // typtypmod: the modifier a domain applies to its base type
  std::vector<std::string> enum_labels;  // enum types: labels in enumsortorder
};

// The catalog query that fills a PgTypeRegistry, one PgType per row. Columns, in order: oid,
// typname, typtype, typcategory, typelem, typbasetype, typtypmod, enum labels (a text[] in
// enumsortorder, NULL unless an enum). Run it once per connection start (and again when a
// relation refers to an oid the registry does not know). Debezium reads the same columns
// (TypeRegistry.SQL_TYPES) and also skips pg_toast.
inline constexpr const char* kPgTypeCatalogQuery =
    "SELECT t.oid, t.typname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typtypmod, "
    "(SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e "
    "WHERE e.enumtypid = t.oid) AS enum_labels "
    "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname <> 'pg_toast' ORDER BY t.oid";

// One result row of kPgTypeCatalogQuery in text format (borrowed for the call).
struct PgTypeCatalogRow {
  std::string_view oid;
  std::string_view name;
  std::string_view typtype;
  std::string_view category;
  std::string_view element_oid;
  std::string_view base_oid;
  std::string_view base_typmod;
  std::optional<std::string_view> enum_labels;  // std::nullopt for SQL NULL
};

// The PgType of a catalog row. Throws sdk::ConnectException naming the type and the field that
// does not parse.
PgType PgTypeFromCatalogRow(const PgTypeCatalogRow& row);

// The types a database knows, by oid. Starts with PostgreSQL's built-in types (so columns of
// built-in types map before the catalog has been read); add() the rows of kPgTypeCatalogQuery
// for extension and user-defined types (enums, domains, citext, hstore, ltree, isbn, ...).
class PgTypeRegistry {
 public:
  PgTypeRegistry();

  // Adds or replaces the type with type.oid.
  void add(PgType type);
  // The type with this oid; nullptr when unknown. The pointer is valid until the next add().
  const PgType* find(uint32_t oid) const;

 private:
  std::unordered_map<uint32_t, PgType> types_;
};

// How one column maps: its field schema and the conversion of its values. Built once per column
// (per Relation message / snapshot table), then used for every row.
class ColumnMapping {
 public:
  // The mapping of a column of type `type_oid` with modifier `type_modifier` (atttypmod, as a
  // pgoutput Relation message or pg_attribute gives it; -1 for none). `optional` is true when the
  // column is nullable; the field schema is then optional. `column_name` only goes into error
  // messages. std::nullopt when Debezium leaves the column out of its events: a type it has no
  // mapping for while options.include_unknown is false, and a few array types it never maps
  // (money[], name[], interval[], varbit[], xml[], point[], refcursor[], bit[]). Domains map as
  // their base type (with the domain's modifier when the column has none). The mapping copies
  // what it needs from `types`, which may change or go away afterwards.
  static std::optional<ColumnMapping> Resolve(const PgTypeRegistry& types, std::string column_name, uint32_t type_oid,
                                              int32_t type_modifier, bool optional, const TypeMappingOptions& options);

  // The field schema, exactly as Debezium builds it (names, versions, parameters, optionality).
  const sdk::Schema& schema() const { return schema_; }
  // The column's type as written in messages, e.g. "numeric(10,2)" or "mood".
  const std::string& typeName() const;

  // The value of the column from its PostgreSQL text representation (not NULL: the caller maps
  // SQL NULL). Throws sdk::ConnectException naming the column, its type and the text when the
  // text is not a value of the type, or when Debezium refuses the value (NaN or Infinity in a
  // numeric column under decimal.handling.mode=precise, a NULL element in an array whose element
  // schema is required). Where Debezium only logs a warning and emits null (a timestamp outside
  // the nanoseconds range under time.precision.mode=nanoseconds, a time over 24 hours under
  // connect/isostring), the result is null for an optional column and the exception otherwise.
  sdk::Value fromText(std::string_view text) const;

  // What Debezium writes for a NULL in a NOT NULL column (the old row of a delete under REPLICA
  // IDENTITY DEFAULT): `field_schema`'s default value when it has one, else the converter's
  // fallback (0, false, "", empty bytes/array/map, "1970-01-01T00:00:00Z", "P0Y0M0DT0H0M0S",
  // a zero Decimal/VariableScaleDecimal, the point (0,0), ...). `field_schema` is the schema the
  // field was built with (schema() or one from schemaWithDefault()).
  sdk::Value fallback(sdk::SchemaView field_schema) const;

  // The value of an unchanged TOASTed column (pgoutput 'u'): Debezium's placeholder in the
  // column's representation. `placeholder` is unavailable.value.placeholder as bytes (the
  // "hex:" prefix already decoded). Strings and hex-encoded bytes get the placeholder text, bytes
  // the placeholder bytes, text-like arrays [placeholder], int4[]/date[]/int8[] the placeholder's
  // bytes as numbers, uuid[] [the name-based UUID of the placeholder], hstore {placeholder:
  // placeholder}; base64-encoded bytes get null, as in Debezium. Throws sdk::ConnectException for
  // the types Debezium cannot represent the placeholder in (other arrays, numeric, ...).
  sdk::Value unchangedToast(std::string_view placeholder) const;

  // The field schema with a default value read from `default_text` (the column default's value
  // in the column's text representation, e.g. "0", "abc", "2021-03-20 13:44:28+00"), as
  // Debezium's TableSchemaBuilder sets it. The plain schema() when the default is a struct
  // (Debezium drops those, KAFKA-12694) or does not convert (Debezium logs and drops it).
  sdk::Schema schemaWithDefault(std::string_view default_text) const;

  struct Conversion;  // how values of the column are read (defined in pg_type_mapping.cpp)

 private:
  ColumnMapping(std::string column_name, std::shared_ptr<const Conversion> conversion, bool optional);

  std::string column_name_;
  std::shared_ptr<const Conversion> conversion_;
  bool optional_;
  sdk::Schema schema_;
};

}  // namespace pgcdc
}  // namespace connectd
