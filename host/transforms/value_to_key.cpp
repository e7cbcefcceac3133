// ValueToKey: replaces the record key with the listed fields of the value: a Struct (with an
// unnamed struct schema of those fields) from a Struct value, a Map from a schemaless Map.
#include <utility>
#include <vector>

#include "transforms/derived_schema_cache.h"
#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "copying fields from value to key";

class ValueToKey final : public Transformation {
 public:
  Status Configure(const ConfigMap& config) override {
    const char* hint = "set it to the comma-separated value fields that form the key";
    if (config.count("fields") == 0)
      return Status::InvalidArgument(std::string("fields: missing required setting; ") + hint);
    fields_ = ConfigList(config, "fields");
    if (fields_.empty()) return Status::InvalidArgument(std::string("fields: the list is empty; ") + hint);
    for (size_t i = 0; i < fields_.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (fields_[i] == fields_[j]) {
          return Status::InvalidArgument("fields: '" + fields_[i] + "' is listed twice; list each field once");
        }
      }
    }
    Status st = ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
    if (!st.ok()) return st;
    key_schemas_ = {};
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    return record.value_schema ? ApplyWithSchema(record) : ApplySchemaless(record);
  }

 private:
  // The key schema and, for each of its fields, the index of the value field it copies.
  struct Derivation {
    SchemaPtr schema;
    std::vector<size_t> source;
  };

  // Fields missing from a Map become null entries, as in Kafka (Map.get returns null).
  Status ApplySchemaless(ConnectRecord& record) {
    Status st = RequireMap(record.value, RecordPart::kValue, kPurpose);
    if (!st.ok()) return st;
    const Map& value = record.value.map();
    Value key = Value::MakeMap();
    key.map().entries.reserve(fields_.size());
    for (const std::string& field : fields_) {
      const Value* field_value = value.Find(field);
      key.map().entries.emplace_back(Value::String(field), field_value ? *field_value : Value::Null());
    }
    record.key_schema = nullptr;
    record.key = std::move(key);
    return Status::OK();
  }

  Status ApplyWithSchema(ConnectRecord& record) {
    Status st = RequireStruct(record.value, RecordPart::kValue, kPurpose);
    if (!st.ok()) return st;
    const Struct& value = record.value.structure();
    const Derivation* derived = key_schemas_.Find(value.schema);
    if (!derived) {
      Derivation built;
      st = Derive(*value.schema, record.topic, &built);
      if (!st.ok()) return st;
      derived = &key_schemas_.Put(value.schema, std::move(built));
    }
    Value key = Value::MakeStruct(derived->schema);
    for (size_t i = 0; i < derived->source.size(); ++i) {
      size_t from = derived->source[i];
      const Value& field_value = value.fields[from];
      const Value* default_value = value.schema->fields()[from].schema->default_value();
      key.structure().fields[i] =
          field_value.is_null() && replace_null_with_default_ && default_value ? *default_value : field_value;
    }
    record.key_schema = derived->schema;
    record.key = std::move(key);
    record.value_schema = value.schema;
    return Status::OK();
  }

  // Kafka's key schema is a plain struct (no name, required) of the value's field schemas.
  Status Derive(const Schema& value_schema, const std::string& topic, Derivation* out) const {
    SchemaBuilder builder = SchemaBuilder::Struct();
    for (const std::string& name : fields_) {
      const Field* field = value_schema.field(name);
      if (!field) {
        std::string known;
        for (const Field& f : value_schema.fields()) known += (known.empty() ? "" : ", ") + f.name;
        return Status::Failed("field '" + name + "' does not exist in the value schema of topic '" + topic +
                              "' (its fields: " + known + "); fix the 'fields' setting");
      }
      builder.AddField(name, field->schema);
      out->source.push_back(static_cast<size_t>(field->index));
    }
    out->schema = builder.Build();
    return Status::OK();
  }

  std::vector<std::string> fields_;
  bool replace_null_with_default_ = true;
  DerivedSchemaCache<Derivation> key_schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewValueToKey() { return std::make_unique<ValueToKey>(); }

}  // namespace connectd
