#include "data/schema.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "data/value.h"

namespace connectd {

namespace {

// A name's length and first six bytes in one word. Struct fields are looked up by name for
// every value set through the plugin ABI (a CDC event sets some 20), and names of one struct
// often share a length ("ts_ms", "ts_us", "ts_ns"): comparing words first leaves one string
// comparison per lookup.
uint64_t FieldKey(std::string_view name) {
  uint64_t key = 0;
  std::memcpy(&key, name.data(), std::min<size_t>(name.size(), 6));
  return key << 16 | std::min<size_t>(name.size(), 0xffff);
}

constexpr std::array<const char*, 12> kTypeNames = {"int8",    "int16",   "int32",  "int64", "float",
                                                     "double",  "boolean", "string", "bytes", "array",
                                                     "map",     "struct"};

bool SameOptionalSchema(const SchemaPtr& a, const SchemaPtr& b) {
  if (!a || !b) return a == b;
  return a->Equals(*b);
}
}  // namespace

const char* SchemaTypeName(SchemaType type) { return kTypeNames[static_cast<size_t>(type)]; }

bool SchemaTypeFromName(std::string_view name, SchemaType* out) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (name == kTypeNames[i]) {
      *out = static_cast<SchemaType>(i);
      return true;
    }
  }
  return false;
}

const Field* Schema::field(std::string_view name) const {
  const uint64_t key = FieldKey(name);
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (field_keys_[i] == key && fields_[i].name == name) return &fields_[i];
  }
  return nullptr;
}

const std::string* Schema::parameter(std::string_view key) const {
  for (const auto& [k, v] : parameters_) {
    if (k == key) return &v;
  }
  return nullptr;
}

bool Schema::Equals(const Schema& o) const {
  if (this == &o) return true;
  if (type_ != o.type_ || optional_ != o.optional_ || name_ != o.name_ || version_ != o.version_ ||
      doc_ != o.doc_ || parameters_ != o.parameters_ || fields_.size() != o.fields_.size()) {
    return false;
  }
  if ((default_value_ == nullptr) != (o.default_value_ == nullptr)) return false;
  if (default_value_ && !(*default_value_ == *o.default_value_)) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name != o.fields_[i].name || !SameOptionalSchema(fields_[i].schema, o.fields_[i].schema)) {
      return false;
    }
  }
  return SameOptionalSchema(key_schema_, o.key_schema_) && SameOptionalSchema(value_schema_, o.value_schema_);
}

const SchemaPtr& Schema::Primitive(SchemaType type, bool optional) {
  static const auto table = [] {
    std::array<std::array<SchemaPtr, 2>, 9> t;
    for (int i = 0; i < 9; ++i) {
      for (int opt = 0; opt < 2; ++opt) {
        t[i][opt] = SchemaBuilder(static_cast<SchemaType>(i)).Optional(opt == 1).Build();
      }
    }
    return t;
  }();
  return table.at(static_cast<size_t>(type))[optional ? 1 : 0];
}

SchemaBuilder::SchemaBuilder(SchemaType type) : schema_(std::make_shared<Schema>()) { schema_->type_ = type; }

SchemaBuilder SchemaBuilder::Array(SchemaPtr element) {
  SchemaBuilder b(SchemaType::kArray);
  b.schema_->value_schema_ = std::move(element);
  return b;
}

SchemaBuilder SchemaBuilder::Map(SchemaPtr key, SchemaPtr value) {
  SchemaBuilder b(SchemaType::kMap);
  b.schema_->key_schema_ = std::move(key);
  b.schema_->value_schema_ = std::move(value);
  return b;
}

SchemaBuilder SchemaBuilder::Decimal(int scale) {
  SchemaBuilder b(SchemaType::kBytes);
  b.Name(kDecimalLogicalName).Version(1).Parameter(kDecimalScaleParameter, std::to_string(scale));
  return b;
}

SchemaBuilder SchemaBuilder::Date() {
  SchemaBuilder b(SchemaType::kInt32);
  b.Name(kDateLogicalName).Version(1);
  return b;
}

SchemaBuilder SchemaBuilder::Time() {
  SchemaBuilder b(SchemaType::kInt32);
  b.Name(kTimeLogicalName).Version(1);
  return b;
}

SchemaBuilder SchemaBuilder::Timestamp() {
  SchemaBuilder b(SchemaType::kInt64);
  b.Name(kTimestampLogicalName).Version(1);
  return b;
}

SchemaBuilder SchemaBuilder::From(const Schema& schema) {
  SchemaBuilder b(schema.type());
  *b.schema_ = schema;
  return b;
}

SchemaBuilder& SchemaBuilder::Optional(bool optional) {
  schema_->optional_ = optional;
  return *this;
}
SchemaBuilder& SchemaBuilder::Name(std::string name) {
  schema_->name_ = std::move(name);
  return *this;
}
SchemaBuilder& SchemaBuilder::Version(int32_t version) {
  schema_->version_ = version;
  return *this;
}
SchemaBuilder& SchemaBuilder::Doc(std::string doc) {
  schema_->doc_ = std::move(doc);
  return *this;
}
SchemaBuilder& SchemaBuilder::Parameter(std::string key, std::string value) {
  for (auto& [k, v] : schema_->parameters_) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  schema_->parameters_.emplace_back(std::move(key), std::move(value));
  return *this;
}
SchemaBuilder& SchemaBuilder::Default(Value value) {
  schema_->default_value_ = std::make_shared<const Value>(std::move(value));
  return *this;
}
SchemaBuilder& SchemaBuilder::AddField(std::string name, SchemaPtr schema) {
  for (Field& f : schema_->fields_) {
    if (f.name == name) {
      f.schema = std::move(schema);
      return *this;
    }
  }
  int index = static_cast<int>(schema_->fields_.size());
  schema_->field_keys_.push_back(FieldKey(name));
  schema_->fields_.push_back(Field{std::move(name), index, std::move(schema)});
  return *this;
}

SchemaPtr SchemaBuilder::Build() {
  // Hand out the built schema and start afresh so later calls cannot mutate a shared schema.
  SchemaPtr built = schema_;
  schema_ = std::make_shared<Schema>(*schema_);
  return built;
}

}  // namespace connectd
