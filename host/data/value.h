// A Kafka Connect value: null, a primitive, bytes, an array, a map or a struct, with or
// without a schema. Values are plain value types (copyable, cheaply movable); a struct carries
// the SchemaPtr it was built for and its fields in schema order.
//
// Integers keep their width (INT8..INT64) so schemaless values round-trip; Int64Of() reads any
// width.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "data/schema.h"

namespace connectd {

class Value;

struct Bytes {
  std::string data;
  bool operator==(const Bytes& o) const { return data == o.data; }
};
struct Array {
  std::vector<Value> items;
  bool operator==(const Array& o) const;
};
// Insertion-ordered; keys may be any value (strings in the schemaless JSON case).
struct Map {
  std::vector<std::pair<Value, Value>> entries;
  bool operator==(const Map& o) const;
  // nullptr when no entry has a string key equal to `key`.
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
};
struct Struct {
  SchemaPtr schema;
  std::vector<Value> fields;  // fields[i] belongs to schema->fields()[i]
  bool operator==(const Struct& o) const;
  // nullptr when the schema has no such field.
  const Value* Get(std::string_view field) const;
};

enum class ValueKind : int {
  kNull = 0,
  kBoolean,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kString,
  kBytes,
  kArray,
  kMap,
  kStruct,
};

class Value {
 public:
  Value() = default;
  static Value Null() { return Value(); }
  static Value Boolean(bool v) { return Value(std::in_place_index<kBooleanIndex>, v); }
  static Value Int8(int8_t v) { return Value(std::in_place_index<kNarrowIndex>, Narrow{v, ValueKind::kInt8}); }
  static Value Int16(int16_t v) { return Value(std::in_place_index<kNarrowIndex>, Narrow{v, ValueKind::kInt16}); }
  static Value Int32(int32_t v) { return Value(std::in_place_index<kNarrowIndex>, Narrow{v, ValueKind::kInt32}); }
  static Value Int64(int64_t v) { return Value(std::in_place_index<kInt64Index>, v); }
  static Value Float32(float v) { return Value(std::in_place_index<kFloat32Index>, v); }
  static Value Float64(double v) { return Value(std::in_place_index<kFloat64Index>, v); }
  static Value String(std::string v) { return Value(std::in_place_index<kStringIndex>, std::move(v)); }
  static Value MakeBytes(std::string v) { return Value(std::in_place_index<kBytesIndex>, Bytes{std::move(v)}); }
  static Value MakeArray(std::vector<Value> items = {}) {
    return Value(std::in_place_index<kArrayIndex>, Array{std::move(items)});
  }
  static Value MakeMap(std::vector<std::pair<Value, Value>> entries = {}) {
    return Value(std::in_place_index<kMapIndex>, Map{std::move(entries)});
  }
  // Precondition: schema is a STRUCT schema. Fields start as null.
  static Value MakeStruct(SchemaPtr schema);

  ValueKind kind() const {
    const size_t i = storage_.index();
    return i == kNarrowIndex ? std::get_if<kNarrowIndex>(&storage_)->kind : kIndexKinds[i];
  }
  bool is_null() const { return kind() == ValueKind::kNull; }
  bool is_integer() const;

  // Accessors: precondition, kind() matches (checked with std::get; a mismatch throws
  // std::bad_variant_access, which the host turns into a task error).
  bool boolean() const { return std::get<kBooleanIndex>(storage_); }
  // Any integer width.
  int64_t Int64Of() const;
  // FLOAT32 or FLOAT64 (or an integer, widened).
  double DoubleOf() const;
  const std::string& string() const { return std::get<kStringIndex>(storage_); }
  std::string& string() { return std::get<kStringIndex>(storage_); }
  const Bytes& bytes() const { return std::get<kBytesIndex>(storage_); }
  const Array& array() const { return std::get<kArrayIndex>(storage_); }
  Array& array() { return std::get<kArrayIndex>(storage_); }
  const Map& map() const { return std::get<kMapIndex>(storage_); }
  Map& map() { return std::get<kMapIndex>(storage_); }
  const Struct& structure() const { return std::get<kStructIndex>(storage_); }
  Struct& structure() { return std::get<kStructIndex>(storage_); }

  bool operator==(const Value& o) const { return storage_ == o.storage_; }
  bool operator!=(const Value& o) const { return !(*this == o); }

 private:
  // INT8, INT16 and INT32 share one alternative, which keeps the variant at 11 alternatives:
  // libstdc++ moves, copies and destroys a variant of more through a table of function
  // pointers, of at most 11 with an inlined switch. Values are moved and destroyed millions of
  // times a second (a CDC event is some 40 of them).
  struct Narrow {
    int32_t value;
    ValueKind kind;  // kInt8, kInt16 or kInt32
    bool operator==(const Narrow& o) const { return value == o.value && kind == o.kind; }
  };
  using Storage = std::variant<std::monostate, bool, Narrow, int64_t, float, double, std::string, Bytes, Array, Map,
                               Struct>;
  static constexpr size_t kBooleanIndex = 1, kNarrowIndex = 2, kInt64Index = 3, kFloat32Index = 4,
                          kFloat64Index = 5, kStringIndex = 6, kBytesIndex = 7, kArrayIndex = 8, kMapIndex = 9,
                          kStructIndex = 10;
  // kind() by alternative; Narrow's (kInt32 here) is read from the value.
  static constexpr ValueKind kIndexKinds[] = {ValueKind::kNull,    ValueKind::kBoolean, ValueKind::kInt32,
                                              ValueKind::kInt64,   ValueKind::kFloat32, ValueKind::kFloat64,
                                              ValueKind::kString,  ValueKind::kBytes,   ValueKind::kArray,
                                              ValueKind::kMap,     ValueKind::kStruct};
  static_assert(std::variant_size_v<Storage> <= 11, "see Narrow");

  template <size_t I, typename... Args>
  explicit Value(std::in_place_index_t<I> index, Args&&... args) : storage_(index, std::forward<Args>(args)...) {}
  Storage storage_;
};

// Checks that `value` fits `schema` as Kafka's ConnectSchema.validateValue does (types, nested
// structs, non-optional fields set unless the schema has a default). On failure returns false
// and writes a message naming the field path to *error.
bool ValidateValue(const Schema& schema, const Value& value, std::string* error);

// "int32", "struct", "null", ... for error messages.
const char* ValueKindName(ValueKind kind);

// A one-line human-readable rendering used in logs and error messages (Struct{a=1,b=x}).
std::string ValueToDebugString(const Value& value);

}  // namespace connectd
