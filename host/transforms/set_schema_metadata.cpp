// SetSchemaMetadata$Key / $Value: sets the name and/or version of the key or value schema, and
// points a Struct key/value at the renamed schema. A record part with a value but no schema
// fails (Kafka's requireSchema); one with neither is left alone.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "config/config_values.h"
#include "transforms/derived_schema_cache.h"
#include "data/java_number_conversions.h"
#include "transforms/struct_field_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "updating schema metadata";

class SetSchemaMetadata final : public Transformation {
 public:
  explicit SetSchemaMetadata(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    name_ = OptionalConfigString(config, "schema.name");
    version_.reset();
    if (std::optional<std::string> text = OptionalConfigString(config, "schema.version")) {
      int64_t version = 0;
      if (!ParseJavaInteger(*text, INT32_MIN, INT32_MAX, &version)) {
        return Status::InvalidArgument("schema.version: '" + *text + "' is not a 32-bit integer; set a whole number");
      }
      version_ = static_cast<int32_t>(version);
    }
    if (!name_ && !version_) {
      return Status::InvalidArgument("schema.name: neither schema.name nor schema.version is configured; set at least one");
    }
    schemas_ = {};
    return ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    SchemaPtr& schema = PartSchema(record, part_);
    if (!schema) {
      if (value.is_null()) return Status::OK();
      return Status::Failed(std::string("a schema is required for ") + kPurpose + ", but the record " +
                            RecordPartName(part_) + " has none; use a converter that provides schemas");
    }
    const SchemaPtr* updated = schemas_.Find(schema);
    if (!updated) {
      SchemaBuilder builder = SchemaBuilder::From(*schema);
      if (name_) builder.Name(*name_);
      if (version_) builder.Version(*version_);
      updated = &schemas_.Put(schema, builder.Build());
    }
    if (value.kind() == ValueKind::kStruct) {
      Status st = RequireStruct(value, part_, kPurpose);
      if (st.ok() && value.structure().schema->fields().size() != (*updated)->fields().size()) {
        st = Status::Failed("the record " + std::string(RecordPartName(part_)) +
                            " is a Struct whose fields differ from its schema's (a bug in whatever built the record)");
      }
      if (!st.ok()) return st;
      Struct& input = value.structure();
      for (const Field& field : (*updated)->fields()) {
        Value field_value = TakeStructField(input, field, replace_null_with_default_);
        st = CheckStructPut(field, field_value, part_, kPurpose);
        if (!st.ok()) return st;
        input.fields[static_cast<size_t>(field.index)] = std::move(field_value);
      }
      input.schema = *updated;
    }
    schema = *updated;
    return Status::OK();
  }

 private:
  const RecordPart part_;
  std::optional<std::string> name_;
  std::optional<int32_t> version_;
  bool replace_null_with_default_ = true;
  DerivedSchemaCache<SchemaPtr> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewSetSchemaMetadata(RecordPart part) {
  return std::make_unique<SetSchemaMetadata>(part);
}

}  // namespace connectd
