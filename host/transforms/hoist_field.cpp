// HoistField$Key / $Value: wraps the whole key or value as the single field of a new Struct
// (whose schema has that one field, with the old schema) or, without a schema, of a new Map.
// As in Kafka a null is wrapped too: {field: null}, or a Struct whose field is null when the old
// schema is optional (a required one refuses it).
#include <string>
#include <utility>

#include "config/config_values.h"
#include "transforms/derived_schema_cache.h"
#include "transforms/struct_field_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "hoisting into a field";

class HoistField final : public Transformation {
 public:
  explicit HoistField(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    schemas_ = {};
    return RequiredConfigString(config, "field", "set it to the name of the field that will hold the whole " +
                                                     std::string(RecordPartName(part_)),
                                &field_);
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    SchemaPtr& schema = PartSchema(record, part_);
    if (!schema) {
      Value wrapped = Value::MakeMap();
      wrapped.map().entries.emplace_back(Value::String(field_), std::move(value));
      value = std::move(wrapped);
      return Status::OK();
    }
    const SchemaPtr* derived = schemas_.Find(schema);
    if (!derived) derived = &schemas_.Put(schema, SchemaBuilder::Struct().AddField(field_, schema).Build());
    Status st = CheckStructPut((*derived)->fields()[0], value, part_, kPurpose);
    if (!st.ok()) return st;
    Value wrapped = Value::MakeStruct(*derived);
    wrapped.structure().fields[0] = std::move(value);
    value = std::move(wrapped);
    schema = *derived;
    return Status::OK();
  }

 private:
  const RecordPart part_;
  std::string field_;
  DerivedSchemaCache<SchemaPtr> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewHoistField(RecordPart part) { return std::make_unique<HoistField>(part); }

}  // namespace connectd
