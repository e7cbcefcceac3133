// ExtractField$Key / $Value: replaces the key or value with one of its fields (a Struct field,
// whose schema becomes the record's, or a schemaless Map entry). With field.syntax.version=V2 the
// field is a dotted path into nested Structs/Maps (KIP-821), with backticks around names that
// contain dots.
#include <strings.h>

#include <string>
#include <utility>
#include <vector>

#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "field extraction";

// KIP-821's V2 path syntax: steps separated by dots; a step starting with a backtick runs to the
// next backtick that ends the path or is followed by a dot, "\`" inside it standing for a
// backtick before a dot; a trailing dot adds an empty last step. An unclosed backtick fails,
// naming its position. `steps` receives the steps in order.
Status ParseV2Path(const std::string& path, std::vector<std::string>* steps) {
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] != '`') {
      size_t dot = path.find('.', i);
      steps->push_back(path.substr(i, dot == std::string::npos ? std::string::npos : dot - i));
      i = dot == std::string::npos ? path.size() : dot + 1;
      continue;
    }
    size_t opening = i;
    std::string step;
    size_t start = ++i;
    while (true) {
      size_t closing = path.find('`', i);
      bool escaped = closing != std::string::npos && path[closing - 1] == '\\';
      bool at_end = closing != std::string::npos && closing + 1 >= path.size();
      if (closing == std::string::npos || (at_end && escaped)) {
        return Status::InvalidArgument("field: incomplete backtick pair in path '" + path + "': the backtick at position " +
                                       std::to_string(opening) +
                                       " is never closed; add a backslash before it to make it part of the name");
      }
      if (at_end) {
        step.append(path, start, closing - start);
        i = closing + 1;
        break;
      }
      if (path[closing + 1] != '.') {
        // A backtick inside the name; keep looking for the one that closes it.
        i = closing + 1;
        continue;
      }
      if (escaped) {
        step.append(path, start, closing - 1 - start).push_back('`');
        i = start = closing + 1;
        continue;
      }
      step.append(path, start, closing - start);
      i = closing + 2;
      break;
    }
    steps->push_back(std::move(step));
  }
  if (!path.empty() && path.back() == '.') steps->emplace_back();
  return Status::OK();
}

class ExtractField final : public Transformation {
 public:
  explicit ExtractField(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    Status st = RequiredConfigString(config, "field", "set it to the name of the field to extract", &path_);
    if (!st.ok()) return st;
    std::string syntax = OptionalConfigString(config, "field.syntax.version").value_or("V1");
    steps_.clear();
    if (strcasecmp(syntax.c_str(), "V1") == 0) {
      steps_.push_back(path_);
    } else if (strcasecmp(syntax.c_str(), "V2") == 0) {
      st = ParseV2Path(path_, &steps_);
      if (!st.ok()) return st;
      if (steps_.empty()) {
        return Status::InvalidArgument("field: the path is empty; name the field to extract");
      }
    } else {
      return Status::InvalidArgument("field.syntax.version: expected V1 or V2 (any case), found '" + syntax + "'");
    }
    return ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    SchemaPtr& schema = PartSchema(record, part_);
    if (!schema) {
      if (value.is_null()) return Status::OK();
      Status st = RequireMap(value, part_, kPurpose);
      if (!st.ok()) return st;
      Value extracted;
      st = TakeFromMap(value, &extracted);
      if (!st.ok()) return st;
      value = std::move(extracted);
      return Status::OK();
    }
    if (!value.is_null()) {
      Status st = RequireStruct(value, part_, kPurpose);
      if (!st.ok()) return st;
    }
    const Field* field = nullptr;
    Status st = FieldInSchema(*schema, &field);
    if (!st.ok()) return st;
    if (field == nullptr) {
      return Status::Failed("unknown field: '" + path_ + "' is not a field of the record " + RecordPartName(part_) +
                            " schema; set field to one of its fields");
    }
    SchemaPtr field_schema = field->schema;
    if (!value.is_null()) {
      Value extracted;
      st = TakeFromStruct(value, &extracted);
      if (!st.ok()) return st;
      value = std::move(extracted);
    }
    schema = std::move(field_schema);
    return Status::OK();
  }

 private:
  // The field the path names in `schema`, or nullptr when a step is missing. Looking a step up in
  // a schema that is not a Struct fails, as Kafka's ConnectSchema.field does.
  Status FieldInSchema(const Schema& schema, const Field** out) const {
    const Schema* current = &schema;
    for (size_t i = 0; i < steps_.size(); ++i) {
      if (current->type() != SchemaType::kStruct) {
        return Status::Failed("cannot look up '" + steps_[i] + "' (field '" + path_ + "') in the record " +
                              RecordPartName(part_) + ": that schema is " + SchemaTypeName(current->type()) +
                              ", not a struct; fix the field path");
      }
      const Field* field = current->field(steps_[i]);
      if (field == nullptr || i + 1 == steps_.size()) {
        *out = field;
        return Status::OK();
      }
      current = field->schema.get();
    }
    return Status::OK();
  }

  // Takes the value at the path out of the Struct `root`: null when a step is missing or a nested
  // Struct is null. Nested Structs are read with their defaults (Kafka's Struct.get); the last
  // field only when replace.null.with.default is set.
  Status TakeFromStruct(Value& root, Value* out) const {
    Value* current = &root;
    Value default_holder;
    for (size_t i = 0; i + 1 < steps_.size(); ++i) {
      Struct& parent = current->structure();
      const Field* field = parent.schema->field(steps_[i]);
      if (field == nullptr) return Status::OK();
      Value* next = &parent.fields[static_cast<size_t>(field->index)];
      if (next->is_null() && field->schema->default_value() != nullptr) {
        Value copy = *field->schema->default_value();
        default_holder = std::move(copy);
        next = &default_holder;
      }
      if (next->is_null()) return Status::OK();
      if (next->kind() != ValueKind::kStruct) {
        return Status::Failed("cannot follow field '" + path_ + "' of the record " + RecordPartName(part_) + ": '" +
                              steps_[i] + "' holds " + ValueKindName(next->kind()) +
                              ", but only a Struct is supported for nested field access");
      }
      current = next;
    }
    Struct& parent = current->structure();
    const Field* field = parent.schema->field(steps_.back());
    if (field == nullptr) return Status::OK();
    Value& found = parent.fields[static_cast<size_t>(field->index)];
    const Value* default_value = field->schema->default_value();
    if (found.is_null() && replace_null_with_default_ && default_value != nullptr) {
      *out = *default_value;
    } else {
      *out = std::move(found);
    }
    return Status::OK();
  }

  // Takes the entry at the path out of the Map `root`: null when an entry is absent or null.
  Status TakeFromMap(Value& root, Value* out) const {
    Map* current = &root.map();
    for (size_t i = 0; i + 1 < steps_.size(); ++i) {
      Value* next = current->Find(steps_[i]);
      if (next == nullptr || next->is_null()) return Status::OK();
      if (next->kind() != ValueKind::kMap) {
        return Status::Failed("cannot follow field '" + path_ + "' of the record " + RecordPartName(part_) + ": '" +
                              steps_[i] + "' holds " + ValueKindName(next->kind()) +
                              ", but only a Map is supported for nested field access when the " +
                              RecordPartName(part_) + " has no schema");
      }
      current = &next->map();
    }
    if (Value* found = current->Find(steps_.back())) *out = std::move(*found);
    return Status::OK();
  }

  const RecordPart part_;
  std::string path_;                // as configured, for messages
  std::vector<std::string> steps_;  // V1: the name as it is; V2: the parsed path
  bool replace_null_with_default_ = true;
};

}  // namespace

std::unique_ptr<Transformation> NewExtractField(RecordPart part) { return std::make_unique<ExtractField>(part); }

}  // namespace connectd
