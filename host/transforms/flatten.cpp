// Flatten$Key / $Value: lifts the fields of nested Structs (or schemaless Maps) to the top level,
// naming each by its path joined with the delimiter ("a.b.c"). Arrays and their contents are left
// as they are. A flattened field is optional when any Struct on its path is, and takes its default
// from the nearest Struct default on its path when it has none of its own, as Kafka's Flatten.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "config/config_values.h"
#include "transforms/derived_schema_cache.h"
#include "transforms/struct_field_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "flattening";

class Flatten final : public Transformation {
 public:
  explicit Flatten(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    delimiter_ = OptionalConfigString(config, "delimiter").value_or(".");
    schemas_ = {};
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    if (value.is_null()) return Status::OK();
    SchemaPtr& schema = PartSchema(record, part_);
    return schema ? ApplyWithSchema(schema, value) : ApplySchemaless(value);
  }

 private:
  std::string FieldName(const std::string& prefix, const std::string& name) const {
    return prefix.empty() ? name : prefix + delimiter_ + name;
  }

  // Entries of the flattened Map under construction; a name produced twice keeps its first
  // position and takes the later value, as Kafka's LinkedHashMap does.
  struct FlatMap {
    Map map;
    std::unordered_map<std::string, size_t> positions;

    void Put(std::string name, Value value) {
      auto [it, inserted] = positions.emplace(name, map.entries.size());
      if (inserted) {
        map.entries.emplace_back(Value::String(std::move(name)), std::move(value));
      } else {
        map.entries[it->second].second = std::move(value);
      }
    }
  };

  Status ApplySchemaless(Value& value) {
    Status st = RequireMap(value, part_, kPurpose);
    if (!st.ok()) return st;
    FlatMap flat;
    st = FlattenMap(value.map(), "", &flat);
    if (!st.ok()) return st;
    value.map() = std::move(flat.map);
    return Status::OK();
  }

  Status FlattenMap(Map& map, const std::string& prefix, FlatMap* out) const {
    for (auto& [key, entry] : map.entries) {
      if (key.kind() != ValueKind::kString) {
        return Status::Failed(std::string("the record ") + RecordPartName(part_) + " map has a " +
                              ValueKindName(key.kind()) + " key; " + kPurpose + " needs string keys");
      }
      std::string name = FieldName(prefix, key.string());
      if (entry.kind() == ValueKind::kMap) {
        Status st = FlattenMap(entry.map(), name, out);
        if (!st.ok()) return st;
      } else if (entry.kind() == ValueKind::kStruct) {
        return Status::Failed("Flatten does not support a Struct inside a record " + std::string(RecordPartName(part_)) +
                              " without schema (field '" + name + "'); give the record a schema or nest Maps instead");
      } else {
        out->Put(std::move(name), std::move(entry));
      }
    }
    return Status::OK();
  }

  Status ApplyWithSchema(SchemaPtr& schema, Value& value) {
    Status st = RequireStruct(value, part_, kPurpose);
    if (!st.ok()) return st;
    const SchemaPtr& input_schema = value.structure().schema;
    const SchemaPtr* derived = schemas_.Find(input_schema);
    if (!derived) {
      // Kafka copies the name, version, doc and parameters, not optional or default.
      SchemaBuilder builder = SchemaBuilder::Struct();
      if (input_schema->name()) builder.Name(*input_schema->name());
      if (input_schema->version()) builder.Version(*input_schema->version());
      if (input_schema->doc()) builder.Doc(*input_schema->doc());
      for (const auto& [key, parameter] : input_schema->parameters()) builder.Parameter(key, parameter);
      std::unordered_set<std::string> names;
      st = DeriveFields(*input_schema, "", input_schema->optional(), input_schema->default_value(), &builder, &names);
      if (!st.ok()) return st;
      derived = &schemas_.Put(input_schema, builder.Build());
    }
    Value output = Value::MakeStruct(*derived);
    size_t next = 0;
    st = FlattenStruct(value.structure(), output.structure(), &next);
    if (!st.ok()) return st;
    schema = *derived;
    value = std::move(output);
    return Status::OK();
  }

  // Adds the flattened fields of `schema` to `builder`, depth first. `optional`: some Struct on
  // the path is optional. `parent_default`: the default the enclosing Structs supply (a Struct
  // of `schema`, or null).
  Status DeriveFields(const Schema& schema, const std::string& prefix, bool optional, const Value* parent_default,
                      SchemaBuilder* builder, std::unordered_set<std::string>* names) const {
    for (const Field& field : schema.fields()) {
      std::string name = FieldName(prefix, field.name);
      bool field_optional = optional || field.schema->optional();
      const Value* field_default = field.schema->default_value();
      if (field_default == nullptr && parent_default != nullptr && parent_default->kind() == ValueKind::kStruct &&
          static_cast<size_t>(field.index) < parent_default->structure().fields.size()) {
        field_default = &parent_default->structure().fields[static_cast<size_t>(field.index)];
      }
      if (field_default != nullptr && field_default->is_null()) field_default = nullptr;
      SchemaType type = field.schema->type();
      if (type == SchemaType::kStruct) {
        Status st = DeriveFields(*field.schema, name, field_optional, field_default, builder, names);
        if (!st.ok()) return st;
        continue;
      }
      if (type == SchemaType::kMap) {
        return Status::Failed("Flatten does not support a map in a record " + std::string(RecordPartName(part_)) +
                              " with schema (field '" + name + "'); drop or convert that field before flattening");
      }
      if (!names->insert(name).second) {
        return Status::Failed("flattening gives two fields the name '" + name + "' in the record " +
                              RecordPartName(part_) + " schema; choose another delimiter");
      }
      builder->AddField(std::move(name), FlattenedFieldSchema(field.schema, field_optional, field_default));
    }
    return Status::OK();
  }

  // The field's schema with the optional flag and default the path gives it (the same schema
  // when those do not change).
  static SchemaPtr FlattenedFieldSchema(const SchemaPtr& schema, bool optional, const Value* default_value) {
    const Value* own_default = schema->default_value();
    bool same_default = default_value == own_default || (default_value && own_default && *default_value == *own_default);
    if (optional == schema->optional() && same_default) return schema;
    SchemaBuilder builder = SchemaBuilder::From(*schema);
    builder.Optional(optional);
    if (default_value != nullptr) builder.Default(*default_value);
    return builder.Build();
  }

  // Moves the leaf values of `input` into out.fields from *next on, in DeriveFields' order. The
  // leaves of a null nested Struct stay null; a null leaf takes its own default (Struct.get).
  Status FlattenStruct(Struct& input, Struct& out, size_t* next) const {
    for (const Field& field : input.schema->fields()) {
      if (field.schema->type() == SchemaType::kStruct) {
        Value& nested = input.fields[static_cast<size_t>(field.index)];
        if (nested.is_null()) {
          *next += LeafCount(*field.schema);
          continue;
        }
        Status st = RequireStruct(nested, part_, kPurpose);
        if (st.ok() && nested.structure().schema != field.schema && !nested.structure().schema->Equals(*field.schema)) {
          st = Status::Failed("the Struct in field '" + field.name + "' of the record " + RecordPartName(part_) +
                              " does not have that field's schema (a bug in whatever built the record)");
        }
        if (st.ok()) st = FlattenStruct(nested.structure(), out, next);
        if (!st.ok()) return st;
        continue;
      }
      out.fields[*next] = TakeStructField(input, field, true);
      Status st = CheckStructPut(out.schema->fields()[*next], out.fields[*next], part_, kPurpose);
      if (!st.ok()) return st;
      ++*next;
    }
    return Status::OK();
  }

  static size_t LeafCount(const Schema& schema) {
    size_t count = 0;
    for (const Field& field : schema.fields()) {
      count += field.schema->type() == SchemaType::kStruct ? LeafCount(*field.schema) : 1;
    }
    return count;
  }

  const RecordPart part_;
  std::string delimiter_ = ".";
  DerivedSchemaCache<SchemaPtr> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewFlatten(RecordPart part) { return std::make_unique<Flatten>(part); }

}  // namespace connectd
