// Kafka Connect's schema model inside the host: types INT8..STRUCT, optional, default, name,
// version, doc, parameters, and the logical types Decimal, Date, Time, Timestamp (a name plus
// a physical type, exactly as in org.apache.kafka.connect.data).
//
// Schemas are immutable once built and shared by SchemaPtr (std::shared_ptr<const Schema>);
// any thread may read one. They are created with SchemaBuilder.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectd {

class Value;

enum class SchemaType : int {
  kInt8 = 0,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kBoolean,
  kString,
  kBytes,
  kArray,
  kMap,
  kStruct,
};

// Lower-case name as written in the JsonConverter's schema JSON ("int32", "struct", ...).
const char* SchemaTypeName(SchemaType type);
// Parses a name written by SchemaTypeName; false if unknown.
bool SchemaTypeFromName(std::string_view name, SchemaType* out);

class Schema;
using SchemaPtr = std::shared_ptr<const Schema>;

struct Field {
  std::string name;
  int index = 0;
  SchemaPtr schema;
};

// Logical type names, as Kafka Connect spells them.
inline constexpr const char* kDecimalLogicalName = "org.apache.kafka.connect.data.Decimal";
inline constexpr const char* kDateLogicalName = "org.apache.kafka.connect.data.Date";
inline constexpr const char* kTimeLogicalName = "org.apache.kafka.connect.data.Time";
inline constexpr const char* kTimestampLogicalName = "org.apache.kafka.connect.data.Timestamp";
inline constexpr const char* kDecimalScaleParameter = "scale";

// enable_shared_from_this lets the plugin ABI hand out raw pointers and take references back.
class Schema : public std::enable_shared_from_this<Schema> {
 public:
  SchemaType type() const { return type_; }
  bool optional() const { return optional_; }
  const std::optional<std::string>& name() const { return name_; }
  const std::optional<int32_t>& version() const { return version_; }
  const std::optional<std::string>& doc() const { return doc_; }
  // Insertion-ordered, as Kafka's SchemaBuilder keeps them (LinkedHashMap).
  const std::vector<std::pair<std::string, std::string>>& parameters() const { return parameters_; }
  // nullptr when the schema has no default.
  const Value* default_value() const { return default_value_.get(); }

  // STRUCT only (empty otherwise).
  const std::vector<Field>& fields() const { return fields_; }
  // nullptr when no field has this name.
  const Field* field(std::string_view name) const;
  // ARRAY: value_schema is the element schema. MAP: both set. nullptr otherwise.
  const SchemaPtr& key_schema() const { return key_schema_; }
  const SchemaPtr& value_schema() const { return value_schema_; }

  // nullptr when the parameter is absent.
  const std::string* parameter(std::string_view key) const;
  bool IsLogical(const char* logical_name) const { return name_ && *name_ == logical_name; }

  // Structural equality as Kafka's ConnectSchema.equals (type, optional, name, version, doc,
  // parameters, default, fields, key/value schemas).
  bool Equals(const Schema& other) const;

  // Common optional/required primitive schemas, shared singletons.
  static const SchemaPtr& Primitive(SchemaType type, bool optional);

 private:
  friend class SchemaBuilder;
  SchemaType type_ = SchemaType::kString;
  bool optional_ = false;
  std::optional<std::string> name_;
  std::optional<int32_t> version_;
  std::optional<std::string> doc_;
  std::vector<std::pair<std::string, std::string>> parameters_;
  std::shared_ptr<const Value> default_value_;
  std::vector<Field> fields_;
  // FieldKey of each field's name, beside fields_: field() compares these words before names.
  std::vector<uint64_t> field_keys_;
  SchemaPtr key_schema_;
  SchemaPtr value_schema_;
};

// Builds a Schema. Not thread-safe; build once, share the result.
class SchemaBuilder {
 public:
  explicit SchemaBuilder(SchemaType type);
  static SchemaBuilder Array(SchemaPtr element);
  static SchemaBuilder Map(SchemaPtr key, SchemaPtr value);
  static SchemaBuilder Struct() { return SchemaBuilder(SchemaType::kStruct); }
  static SchemaBuilder Decimal(int scale);
  static SchemaBuilder Date();
  static SchemaBuilder Time();
  static SchemaBuilder Timestamp();
  // Copies every attribute of `schema` (fields included) so callers can derive a variant.
  static SchemaBuilder From(const Schema& schema);

  SchemaBuilder& Optional(bool optional = true);
  SchemaBuilder& Name(std::string name);
  SchemaBuilder& Version(int32_t version);
  SchemaBuilder& Doc(std::string doc);
  SchemaBuilder& Parameter(std::string key, std::string value);
  SchemaBuilder& Default(Value value);
  // STRUCT only; a field with an existing name is replaced in place.
  SchemaBuilder& AddField(std::string name, SchemaPtr schema);
  SchemaType type() const { return schema_->type_; }

  SchemaPtr Build();

 private:
  std::shared_ptr<Schema> schema_;
};

}  // namespace connectd
