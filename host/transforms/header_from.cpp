// HeaderFrom$Key / $Value: copies or moves fields of the record key or value into headers, as
// Kafka's HeaderFrom. Header i receives field i of `fields` (a field may feed several headers);
// headers are appended after the existing ones, in `fields` order. A Struct field's header keeps
// the field's schema; a schemaless Map entry becomes a header without schema (null when absent).
// "move" also removes the fields, deriving a Struct schema without them.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "config/config_values.h"
#include "transforms/derived_schema_cache.h"
#include "transforms/struct_field_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

// The Struct schema without the moved fields, and where each kept field comes from.
struct MovedSchema {
  SchemaPtr schema;
  std::vector<size_t> source_index;  // source_index[i]: the input field of output field i
};

class HeaderFrom final : public Transformation {
 public:
  explicit HeaderFrom(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    Status st = RequiredList(config, "fields", "the names of the fields to copy or move into headers", &fields_);
    if (!st.ok()) return st;
    st = RequiredList(config, "headers", "the header names, in the same order as fields", &headers_);
    if (!st.ok()) return st;
    std::string operation;
    st = RequiredConfigString(config, "operation", "set it to move or copy", &operation);
    if (!st.ok()) return st;
    if (operation != "move" && operation != "copy") {
      return Status::InvalidArgument("operation: Invalid value " + operation + "; String must be one of: move, copy");
    }
    move_ = operation == "move";
    st = ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
    if (!st.ok()) return st;
    if (headers_.size() != fields_.size()) {
      return Status::InvalidArgument(
          "fields: 'fields' config must have the same number of elements as 'headers' "
          "config (" +
          std::to_string(fields_.size()) + " fields, " + std::to_string(headers_.size()) +
          " headers); header i receives field i");
    }
    schemas_ = {};
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    return PartSchema(record, part_) ? ApplyWithSchema(record) : ApplySchemaless(record);
  }

 private:
  static Status RequiredList(const ConfigMap& config, const std::string& key, const std::string& what,
                             std::vector<std::string>* out) {
    std::string list;
    Status st = RequiredConfigString(config, key, "set it to " + what, &list);
    if (!st.ok()) return st;
    *out = ParseConfigList(list);
    if (out->empty()) return Status::InvalidArgument(key + ": Empty list; set it to " + what);
    return Status::OK();
  }

  const char* Purpose() const { return move_ ? "header move" : "header copy"; }

  bool IsMoved(const std::string& name) const {
    return std::find(fields_.begin(), fields_.end(), name) != fields_.end();
  }

  Status ApplySchemaless(ConnectRecord& record) {
    Value& value = PartValue(record, part_);
    Status st = RequireMap(value, part_, Purpose());
    if (!st.ok()) return st;
    Map& map = value.map();
    std::vector<Header> added;
    for (size_t i = 0; i < fields_.size(); ++i) {
      const Value* field = map.Find(fields_[i]);
      added.push_back(Header{headers_[i], nullptr, field ? *field : Value()});
    }
    if (move_) {
      auto moved = [this](const std::pair<Value, Value>& entry) {
        return entry.first.kind() == ValueKind::kString && IsMoved(entry.first.string());
      };
      map.entries.erase(std::remove_if(map.entries.begin(), map.entries.end(), moved), map.entries.end());
    }
    AppendHeaders(record, std::move(added));
    return Status::OK();
  }

  Status ApplyWithSchema(ConnectRecord& record) {
    Value& value = PartValue(record, part_);
    Status st = RequireStruct(value, part_, Purpose());
    if (!st.ok()) return st;
    Struct& input = value.structure();
    const Schema& schema = *input.schema;
    std::vector<Header> added;
    for (size_t i = 0; i < fields_.size(); ++i) {
      const Field* field = schema.field(fields_[i]);
      if (!field) {
        return Status::Failed("field '" + fields_[i] + "' for header '" + headers_[i] + "' is not in the record " +
                              RecordPartName(part_) + " schema; check fields");
      }
      Value field_value = FieldValue(input, *field);
      if (field_value.is_null() && !field->schema->optional()) {
        return Status::Failed("field '" + field->name + "' of the record " + RecordPartName(part_) +
                              " is null but its schema is required, and a null header needs an optional schema "
                              "(Kafka: \"A null value requires an optional schema\")");
      }
      added.push_back(Header{headers_[i], field->schema, std::move(field_value)});
    }
    if (move_) {
      const MovedSchema* moved = schemas_.Find(input.schema);
      if (!moved) moved = &schemas_.Put(input.schema, DeriveMovedSchema(schema));
      // Checked before anything is taken from the input, so a refused record is left as it was.
      for (size_t i = 0; i < moved->source_index.size(); ++i) {
        if (!ReadsNull(input, schema.fields()[moved->source_index[i]])) continue;
        st = CheckStructPut(moved->schema->fields()[i], Value(), part_, Purpose());
        if (!st.ok()) return st;
      }
      Value output = Value::MakeStruct(moved->schema);
      Struct& out = output.structure();
      for (size_t i = 0; i < moved->source_index.size(); ++i) {
        out.fields[i] = TakeStructField(input, schema.fields()[moved->source_index[i]], replace_null_with_default_);
      }
      PartSchema(record, part_) = moved->schema;
      value = std::move(output);
    }
    AppendHeaders(record, std::move(added));
    return Status::OK();
  }

  // Struct.get (the default for a null) or Struct.getWithoutDefault, as replace.null.with.default says.
  Value FieldValue(const Struct& input, const Field& field) const {
    if (ReadsNull(input, field)) return Value();
    const Value& value = input.fields[static_cast<size_t>(field.index)];
    return value.is_null() ? *field.schema->default_value() : value;
  }
  bool ReadsNull(const Struct& input, const Field& field) const {
    return input.fields[static_cast<size_t>(field.index)].is_null() &&
           !(replace_null_with_default_ && field.schema->default_value());
  }

  // Kafka copies the name, version, doc and parameters (not optional or default) and keeps the
  // fields that are not moved, in order.
  MovedSchema DeriveMovedSchema(const Schema& input) const {
    MovedSchema moved;
    SchemaBuilder builder = SchemaBuilder::Struct();
    if (input.name()) builder.Name(*input.name());
    if (input.version()) builder.Version(*input.version());
    if (input.doc()) builder.Doc(*input.doc());
    for (const auto& [key, parameter] : input.parameters()) builder.Parameter(key, parameter);
    for (size_t i = 0; i < input.fields().size(); ++i) {
      const Field& field = input.fields()[i];
      if (IsMoved(field.name)) continue;
      builder.AddField(field.name, field.schema);
      moved.source_index.push_back(i);
    }
    moved.schema = builder.Build();
    return moved;
  }

  static void AppendHeaders(ConnectRecord& record, std::vector<Header> added) {
    for (Header& header : added) record.headers.push_back(std::move(header));
  }

  const RecordPart part_;
  std::vector<std::string> fields_;
  std::vector<std::string> headers_;
  bool move_ = false;
  bool replace_null_with_default_ = true;
  DerivedSchemaCache<MovedSchema> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewHeaderFrom(RecordPart part) { return std::make_unique<HeaderFrom>(part); }

}  // namespace connectd
