// io.debezium.transforms.ExtractNewRecordState: replaces a Debezium change event (a value whose
// schema name ends in ".Envelope", with before/after/source/op/ts_ms/transaction) by its "after"
// row. Deletes and the tombstones after them are handled per delete.tombstone.handling.mode;
// envelope metadata can be copied into value fields (add.fields) or headers (add.headers); the
// record can be routed by a row field and fields a header lists can be dropped. Other records
// (heartbeats, schema changes, schemaless values) pass through unchanged, as in Debezium.
//
// Debezium builds the result with Kafka's ExtractField, InsertField (the __deleted field) and
// ReplaceField (dropped fields); the last two are the host's own InsertField/ReplaceField here.
#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "config/config_values.h"
#include "transforms/derived_schema_cache.h"
#include "transforms/extract_new_record_state_config.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "extracting the new record state";
constexpr std::string_view kEnvelopeSuffix = ".Envelope";

bool IsEnvelopeSchema(const SchemaPtr& schema) {
  if (!schema || !schema->name()) return false;
  const std::string& name = *schema->name();
  return name.size() >= kEnvelopeSuffix.size() &&
         name.compare(name.size() - kEnvelopeSuffix.size(), kEnvelopeSuffix.size(), kEnvelopeSuffix) == 0;
}

// Kafka's Struct.get: the field's value, or its schema default when the value is null; nullptr
// when the struct has no such field.
const Value* ValueOrDefault(const Struct& row, std::string_view name) {
  const Field* field = row.schema->field(name);
  if (!field) return nullptr;
  const Value& value = row.fields[static_cast<size_t>(field->index)];
  if (value.is_null() && field->schema->default_value()) return field->schema->default_value();
  return &value;
}

// ValueOrDefault, moved out of `row`. Precondition: the field exists.
Value TakeValueOrDefault(Struct& row, std::string_view name) {
  const Field* field = row.schema->field(name);
  Value& value = row.fields[static_cast<size_t>(field->index)];
  if (value.is_null() && field->schema->default_value()) return *field->schema->default_value();
  return std::move(value);
}

// Kafka's SchemaUtil.copySchemaBasics: name, version, doc and parameters; not optional, not
// the default.
void CopySchemaBasics(const Schema& from, SchemaBuilder& to) {
  if (from.name()) to.Name(*from.name());
  if (from.version()) to.Version(*from.version());
  if (from.doc()) to.Doc(*from.doc());
  for (const auto& [key, parameter] : from.parameters()) to.Parameter(key, parameter);
}

// The schema Debezium gives a copied metadata field: the envelope field's type and basics,
// optional. Array and map keep their element schemas; a struct keeps no fields.
SchemaPtr MetadataFieldSchema(const Schema& source) {
  SchemaBuilder builder = source.type() == SchemaType::kArray ? SchemaBuilder::Array(source.value_schema())
                          : source.type() == SchemaType::kMap
                              ? SchemaBuilder::Map(source.key_schema(), source.value_schema())
                              : SchemaBuilder(source.type());
  CopySchemaBasics(source, builder);
  return builder.Optional().Build();
}

// The envelope field `reference` denotes: the field of its parent struct, else the envelope's
// own field of that name; nullptr when neither exists (Debezium then skips the entry). A parent
// struct the envelope lacks fails, as it does in Debezium.
Status FindReferencedField(const Schema& envelope, const MetadataFieldReference& reference, const char* key,
                           const Field** out) {
  const Schema* parent = &envelope;
  if (reference.parent) {
    const Field* parent_field = envelope.field(*reference.parent);
    if (!parent_field || parent_field->schema->type() != SchemaType::kStruct) {
      return Status::Failed(std::string(key) + ": the entry '" + reference.entry + "' needs a struct field '" +
                            *reference.parent + "' in the change event, which has " +
                            (parent_field ? "a non-struct one" : "none") +
                            "; remove the entry or name the struct that holds the field");
    }
    parent = parent_field->schema.get();
  }
  *out = parent->field(reference.field);
  if (!*out) *out = envelope.field(reference.field);
  return Status::OK();
}

// Debezium's FieldReference.getValue: the raw value (no default applied) of the referenced
// field; null when its parent struct is null or absent.
Value ReferencedValue(const Struct& envelope, const MetadataFieldReference& reference) {
  const Struct* parent = &envelope;
  if (reference.parent) {
    const Value* parent_value = envelope.Get(*reference.parent);
    if (!parent_value || parent_value->kind() != ValueKind::kStruct) return Value();
    parent = &parent_value->structure();
  }
  const Value* value =
      parent->schema->field(reference.field) ? parent->Get(reference.field) : envelope.Get(reference.field);
  return value ? *value : Value();
}

class ExtractNewRecordState final : public Transformation {
 public:
  Status Configure(const ConfigMap& config) override {
    ExtractNewRecordStateConfig parsed;
    Status st = ParseExtractNewRecordStateConfig(config, &parsed);
    if (!st.ok()) return st;
    config_ = std::move(parsed);
    const char* replace_null = config_.replace_null_with_default ? "true" : "false";
    deleted_true_ = NewInsertField(RecordPart::kValue);
    deleted_false_ = NewInsertField(RecordPart::kValue);
    st = deleted_true_->Configure(
        {{"static.field", "__deleted"}, {"static.value", "true"}, {"replace.null.with.default", replace_null}});
    if (!st.ok()) return st;
    st = deleted_false_->Configure(
        {{"static.field", "__deleted"}, {"static.value", "false"}, {"replace.null.with.default", replace_null}});
    if (!st.ok()) return st;
    header_schemas_ = {};
    field_schemas_ = {};
    output_schemas_ = {};
    for (auto& droppers : droppers_) droppers.clear();
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool* keep) override {
    const bool tombstone = record.value.is_null();
    const bool envelope = IsEnvelopeSchema(record.value_schema);
    if (envelope && !tombstone) {
      Status st = RequireStruct(record.value, RecordPart::kValue, kPurpose);
      if (!st.ok()) return st;
    }
    if ((envelope || tombstone) && !config_.add_headers.empty()) {
      Status st = AddHeaders(record);
      if (!st.ok()) return st;
    }
    if (tombstone) {
      *keep = config_.delete_handling.keep_tombstones;
      return Status::OK();
    }
    if (!envelope) return Status::OK();
    return Unwrap(record, keep);
  }

 private:
  // The output schema of add.fields for one unwrapped value schema.
  struct AddedFields {
    SchemaPtr envelope;  // the envelope schema the entries were resolved against
    SchemaPtr schema;
    std::vector<size_t> added;  // the add.fields entries present in `schema`, in order
  };

  // The metadata schema of each entry of `references` (nullptr for the skipped ones), resolved
  // against `envelope` once per envelope schema.
  static Status ResolveReferences(DerivedSchemaCache<std::vector<SchemaPtr>>& cache, const SchemaPtr& envelope,
                                  const std::vector<MetadataFieldReference>& references, const char* key,
                                  const std::vector<SchemaPtr>** out) {
    if ((*out = cache.Find(envelope))) return Status::OK();
    std::vector<SchemaPtr> schemas;
    for (const MetadataFieldReference& reference : references) {
      const Field* field = nullptr;
      Status st = FindReferencedField(*envelope, reference, key, &field);
      if (!st.ok()) return st;
      schemas.push_back(field ? MetadataFieldSchema(*field->schema) : nullptr);
    }
    *out = &cache.Put(envelope, std::move(schemas));
    return Status::OK();
  }

  // Appends the add.headers entries. A tombstone only gets the "op" entries, set to "d".
  Status AddHeaders(ConnectRecord& record) {
    if (record.value.is_null()) {
      for (const MetadataFieldReference& reference : config_.add_headers) {
        if (reference.field == "op") {
          record.headers.push_back(
              Header{reference.output_name, Schema::Primitive(SchemaType::kString, false), Value::String("d")});
        }
      }
      return Status::OK();
    }
    const Struct& envelope = record.value.structure();
    const std::vector<SchemaPtr>* schemas = nullptr;
    Status st = ResolveReferences(header_schemas_, envelope.schema, config_.add_headers, "add.headers", &schemas);
    if (!st.ok()) return st;
    for (size_t i = 0; i < schemas->size(); ++i) {
      if (!(*schemas)[i]) continue;
      const MetadataFieldReference& reference = config_.add_headers[i];
      record.headers.push_back(Header{reference.output_name, (*schemas)[i], ReferencedValue(envelope, reference)});
    }
    return Status::OK();
  }

  // The add.fields values, read before the envelope is taken apart (an entry may name a field
  // of "before" or "after").
  std::vector<Value> MetadataValues(const Struct& envelope) const {
    std::vector<Value> values;
    values.reserve(config_.add_fields.size());
    for (const MetadataFieldReference& reference : config_.add_fields) {
      values.push_back(ReferencedValue(envelope, reference));
    }
    return values;
  }

  Status Unwrap(ConnectRecord& record, bool* keep) {
    // Kafka's ExtractField looks the field up in the record's value schema and reads it from
    // the struct by name.
    const SchemaPtr record_schema = record.value_schema;
    const Struct& envelope = record.value.structure();
    const Field* after_field = record_schema->field("after");
    const Value* after = ValueOrDefault(envelope, "after");
    if (!after_field || !after) return MissingEnvelopeField("after");
    if (!after->is_null()) return UnwrapChange(record, after_field->schema);

    const Field* before_field = record_schema->field("before");
    const Value* before = ValueOrDefault(envelope, "before");
    if (!before_field || !before) return MissingEnvelopeField("before");
    if (before->is_null()) {
      // Neither before nor after: a truncate, which Debezium always drops.
      *keep = false;
      return Status::OK();
    }
    return UnwrapDelete(record, keep, after_field->schema, before_field->schema);
  }

  static Status MissingEnvelopeField(const char* name) {
    return Status::Failed(std::string("the change event has no '") + name +
                          "' field although its schema name ends in .Envelope; apply this transform only to "
                          "Debezium change events (e.g. with a predicate)");
  }

  // An insert, update or snapshot read: the "after" row.
  Status UnwrapChange(ConnectRecord& record, SchemaPtr after_schema) {
    Value envelope_value = std::move(record.value);
    Struct& envelope = envelope_value.structure();
    std::vector<Value> metadata = MetadataValues(envelope);
    record.value = TakeValueOrDefault(envelope, "after");
    record.value_schema = std::move(after_schema);
    if (config_.delete_handling.delete_event == DeleteEventHandling::kRewrite &&
        record.value.kind() == ValueKind::kStruct) {
      Status st = AddDeletedField(*deleted_false_, record);
      if (!st.ok()) return st;
    }
    std::string topic;
    if (!config_.route_by_field.empty()) {
      Status st = RequireStruct(record.value, RecordPart::kValue, "route.by.field");
      if (st.ok()) st = RouteTopic(record.value.structure(), &topic);
      if (!st.ok()) return st;
    }
    Status st = AddFields(record, envelope.schema, metadata);
    if (!st.ok()) return st;
    st = DropFields(record);
    if (!st.ok()) return st;
    if (!topic.empty()) record.topic = std::move(topic);
    return Status::OK();
  }

  // A delete: dropped, a null value, a tombstone or the "before" row plus __deleted="true".
  Status UnwrapDelete(ConnectRecord& record, bool* keep, SchemaPtr after_schema, SchemaPtr before_schema) {
    const DeleteEventHandling handling = config_.delete_handling.delete_event;
    if (handling == DeleteEventHandling::kDrop) {
      *keep = false;
      return Status::OK();
    }
    std::string topic;
    if (!config_.route_by_field.empty()) {
      // Debezium routes a delete by the field of "before".
      const Value* before = ValueOrDefault(record.value.structure(), "before");
      Status st = RequireStruct(*before, RecordPart::kValue, "route.by.field on a delete's \"before\"");
      if (st.ok()) st = RouteTopic(before->structure(), &topic);
      if (!st.ok()) return st;
    }
    Value envelope_value = std::move(record.value);
    Struct& envelope = envelope_value.structure();
    std::vector<Value> metadata;
    switch (handling) {
      case DeleteEventHandling::kNullValue:
        record.value = Value();
        record.value_schema = std::move(after_schema);
        break;
      case DeleteEventHandling::kToTombstone:
        record.value = Value();
        record.value_schema = nullptr;
        break;
      case DeleteEventHandling::kRewrite: {
        metadata = MetadataValues(envelope);
        record.value = TakeValueOrDefault(envelope, "before");
        record.value_schema = std::move(before_schema);
        if (record.value.kind() == ValueKind::kStruct) {
          Status st = AddDeletedField(*deleted_true_, record);
          if (!st.ok()) return st;
        }
        break;
      }
      case DeleteEventHandling::kDrop:
        break;  // returned above
    }
    Status st = DropFields(record);
    if (!st.ok()) return st;
    if (!record.value.is_null()) {
      st = AddFields(record, envelope.schema, metadata);
      if (!st.ok()) return st;
    }
    if (!topic.empty()) record.topic = std::move(topic);
    return Status::OK();
  }

  static Status AddDeletedField(Transformation& insert_field, ConnectRecord& record) {
    bool unused = true;
    return insert_field.Apply(record, &unused).WithContext("adding __deleted (delete.tombstone.handling.mode rewrite)");
  }

  // Debezium's Struct.getString(route.by.field) on `row`: the field must be a string; a null or
  // blank value leaves the topic as it is (*topic stays empty).
  Status RouteTopic(const Struct& row, std::string* topic) const {
    const std::string& name = config_.route_by_field;
    const Field* field = row.schema->field(name);
    if (!field || field->schema->type() != SchemaType::kString) {
      return Status::Failed("route.by.field: the row has " +
                            std::string(field ? "a non-string field '" : "no field '") + name +
                            "'; name a string column whose value is the topic to route to");
    }
    const Value* value = ValueOrDefault(row, name);
    if (value->kind() != ValueKind::kString) return Status::OK();
    if (!TrimConfigValue(value->string()).empty()) *topic = value->string();
    return Status::OK();
  }

  // Debezium's addFields: rebuilds the value with a copy of its schema's basics (so the result
  // is never optional), its fields as they are (no default applied) and the add.fields entries
  // the envelope has, in configuration order.
  Status AddFields(ConnectRecord& record, const SchemaPtr& envelope_schema, std::vector<Value>& metadata) {
    Status st = RequireStruct(record.value, RecordPart::kValue, kPurpose);
    if (!st.ok()) return st;
    Struct& row = record.value.structure();
    const AddedFields* derived = output_schemas_.Find(row.schema);
    if (!derived || !(derived->envelope == envelope_schema || derived->envelope->Equals(*envelope_schema))) {
      AddedFields built;
      st = DeriveAddedFields(*row.schema, envelope_schema, &built);
      if (!st.ok()) return st;
      derived = &output_schemas_.Put(row.schema, std::move(built));
    }
    Value output = Value::MakeStruct(derived->schema);
    Struct& out = output.structure();
    const size_t row_size = row.fields.size();
    for (size_t i = 0; i < row_size; ++i) out.fields[i] = std::move(row.fields[i]);
    for (size_t k = 0; k < derived->added.size(); ++k) {
      const size_t entry = derived->added[k];
      Value& value = metadata[entry];
      if (value.kind() == ValueKind::kStruct) {
        // Debezium copies a struct field's schema without its fields, so Kafka's Struct.put refuses
        // any non-null value for it.
        return Status::Failed("add.fields: the entry '" + config_.add_fields[entry].entry +
                              "' is a struct; Debezium cannot copy a whole struct, so add its fields one by one "
                              "(e.g. transaction.id)");
      }
      out.fields[row_size + k] = std::move(value);
    }
    record.value_schema = derived->schema;
    record.value = std::move(output);
    return Status::OK();
  }

  Status DeriveAddedFields(const Schema& row, const SchemaPtr& envelope_schema, AddedFields* out) {
    const std::vector<SchemaPtr>* schemas = nullptr;
    Status st = ResolveReferences(field_schemas_, envelope_schema, config_.add_fields, "add.fields", &schemas);
    if (!st.ok()) return st;
    SchemaBuilder builder = SchemaBuilder::Struct();
    CopySchemaBasics(row, builder);
    std::unordered_set<std::string_view> names;
    for (const Field& field : row.fields()) {
      builder.AddField(field.name, field.schema);
      names.insert(field.name);
    }
    for (size_t i = 0; i < schemas->size(); ++i) {
      if (!(*schemas)[i]) continue;
      const std::string& name = config_.add_fields[i].output_name;
      if (!names.insert(name).second) {
        return Status::Failed("add.fields: the field '" + name +
                              "' would be added twice or already exists in the row; rename the entry with "
                              ":<new name> or change add.fields.prefix");
      }
      builder.AddField(name, (*schemas)[i]);
      out->added.push_back(i);
    }
    out->envelope = envelope_schema;
    out->schema = builder.Build();
    return Status::OK();
  }

  // Removes from the value (and the key, with drop.fields.from.key) the fields the header named
  // by drop.fields.header.name lists; with drop.fields.keep.schema.compatible only the optional
  // ones.
  Status DropFields(ConnectRecord& record) {
    if (config_.drop_fields_header_name.empty()) return Status::OK();
    const Header* header = nullptr;
    for (const Header& h : record.headers) {
      if (h.key == config_.drop_fields_header_name) {
        header = &h;
        break;
      }
    }
    if (!header || header->value.is_null()) return Status::OK();
    if (header->value.kind() != ValueKind::kArray) {
      return Status::Failed("drop.fields.header.name: the header '" + header->key +
                            "' must hold a list of field names, found " + ValueKindName(header->value.kind()));
    }
    std::vector<std::string> names;
    for (const Value& item : header->value.array().items) {
      if (item.kind() != ValueKind::kString) {
        return Status::Failed("drop.fields.header.name: the header '" + header->key +
                              "' must hold a list of field names, found a " + ValueKindName(item.kind()) + " in it");
      }
      names.push_back(item.string());
    }
    if (names.empty()) return Status::OK();
    if (config_.drop_fields_from_key && !record.key.is_null()) {
      Status st = DropListedFields(record, RecordPart::kKey, names);
      if (!st.ok()) return st;
    }
    return DropListedFields(record, RecordPart::kValue, names);
  }

  Status DropListedFields(ConnectRecord& record, RecordPart part, const std::vector<std::string>& names) {
    std::vector<std::string> dropped;
    if (!config_.drop_fields_keep_schema_compatible) {
      dropped = names;
    } else if (const SchemaPtr& schema = PartSchema(record, part)) {
      for (const Field& field : schema->fields()) {
        bool listed = std::find(names.begin(), names.end(), field.name) != names.end();
        if (listed && field.schema->optional()) dropped.push_back(field.name);
      }
    }
    if (dropped.empty()) return Status::OK();
    // Debezium hands the names to ReplaceField as one comma-separated exclude list.
    std::string exclude;
    for (const std::string& name : dropped) exclude += (exclude.empty() ? "" : ",") + name;
    Transformation* dropper = nullptr;
    Status st = Dropper(part, exclude, &dropper);
    if (!st.ok()) return st;
    bool unused = true;
    return dropper->Apply(record, &unused).WithContext("drop.fields.header.name");
  }

  // A ReplaceField excluding `exclude`, kept per list so records dropping the same fields share
  // its derived schemas.
  Status Dropper(RecordPart part, const std::string& exclude, Transformation** out) {
    std::map<std::string, std::unique_ptr<Transformation>>& droppers = droppers_[part == RecordPart::kKey ? 0 : 1];
    auto it = droppers.find(exclude);
    if (it == droppers.end()) {
      if (droppers.size() == kMaxDroppers) droppers.clear();
      std::unique_ptr<Transformation> dropper = NewReplaceField(part);
      Status st = dropper->Configure({{"exclude", exclude}});
      if (!st.ok()) return st;
      it = droppers.emplace(exclude, std::move(dropper)).first;
    }
    *out = it->second.get();
    return Status::OK();
  }

  static constexpr size_t kMaxDroppers = 16;

  ExtractNewRecordStateConfig config_;
  std::unique_ptr<Transformation> deleted_true_;                        // InsertField$Value __deleted="true"
  std::unique_ptr<Transformation> deleted_false_;                       // InsertField$Value __deleted="false"
  DerivedSchemaCache<std::vector<SchemaPtr>> header_schemas_;           // by envelope schema
  DerivedSchemaCache<std::vector<SchemaPtr>> field_schemas_;            // by envelope schema
  DerivedSchemaCache<AddedFields> output_schemas_;                      // by unwrapped value schema
  std::map<std::string, std::unique_ptr<Transformation>> droppers_[2];  // key, value; by exclude list
};

}  // namespace

std::unique_ptr<Transformation> NewExtractNewRecordState() { return std::make_unique<ExtractNewRecordState>(); }

}  // namespace connectd
