// InsertField$Key / $Value: adds the record's topic, partition, Kafka offset, timestamp and/or
// a static string as fields of a Struct (with a derived schema) or a schemaless Map.
#include <optional>
#include <utility>
#include <vector>

#include "transforms/derived_schema_cache.h"
#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "field insertion";

enum class Source { kTopic, kPartition, kOffset, kTimestamp, kStatic };

// One configured field. Kafka's "<name>!" makes it required in the derived schema, "<name>?"
// and a bare "<name>" keep it optional.
struct Insertion {
  Source source;
  std::string name;
  bool optional = true;
};

SchemaPtr InsertedFieldSchema(Source source, bool optional) {
  switch (source) {
    case Source::kTopic:
    case Source::kStatic: return Schema::Primitive(SchemaType::kString, optional);
    case Source::kPartition: return Schema::Primitive(SchemaType::kInt32, optional);
    case Source::kOffset: return Schema::Primitive(SchemaType::kInt64, optional);
    case Source::kTimestamp: {
      static const SchemaPtr required = SchemaBuilder::Timestamp().Build();
      static const SchemaPtr optional_schema = SchemaBuilder::Timestamp().Optional().Build();
      return optional ? optional_schema : required;
    }
  }
  return nullptr;
}

class InsertField final : public Transformation {
 public:
  explicit InsertField(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    insertions_.clear();
    static const std::pair<const char*, Source> kKeys[] = {{"topic.field", Source::kTopic},
                                                           {"partition.field", Source::kPartition},
                                                           {"offset.field", Source::kOffset},
                                                           {"timestamp.field", Source::kTimestamp},
                                                           {"static.field", Source::kStatic}};
    for (const auto& [key, source] : kKeys) {
      std::optional<std::string> spec = OptionalConfigString(config, key);
      if (!spec) continue;
      Insertion insertion{source, *spec};
      if (!insertion.name.empty() && (insertion.name.back() == '!' || insertion.name.back() == '?')) {
        insertion.optional = insertion.name.back() == '?';
        insertion.name.pop_back();
      }
      if (insertion.name.empty()) {
        return Status::InvalidArgument(std::string(key) +
                                       ": the field name is empty; set a name, optionally followed "
                                       "by '!' (required field) or '?' (optional field)");
      }
      for (const Insertion& earlier : insertions_) {
        if (earlier.name == insertion.name) {
          return Status::InvalidArgument(std::string(key) + ": the field name '" + insertion.name +
                                         "' is already inserted by another setting; choose distinct names");
        }
      }
      insertions_.push_back(std::move(insertion));
    }
    if (insertions_.empty()) {
      return Status::InvalidArgument(
          "topic.field: no field insertion configured; set at least one of topic.field, "
          "partition.field, offset.field, timestamp.field or static.field");
    }
    std::optional<std::string> static_value = OptionalConfigString(config, "static.value");
    if (insertions_.back().source == Source::kStatic && !static_value) {
      return Status::InvalidArgument("static.value: no value specified for the static field '" +
                                     insertions_.back().name + "'; set static.value");
    }
    static_value_ = static_value.value_or("");
    Status st = ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
    if (!st.ok()) return st;
    schemas_ = {};
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    if (value.is_null()) return Status::OK();
    for (const Insertion& insertion : insertions_) {
      if (insertion.source == Source::kOffset && record.kafka_offset < 0) {
        return Status::Failed("offset.field '" + insertion.name +
                              "' needs a sink record (one read from Kafka), but this record has no Kafka offset; "
                              "remove offset.field from source connectors");
      }
    }
    return PartSchema(record, part_) ? ApplyWithSchema(record, value) : ApplySchemaless(record, value);
  }

 private:
  // The value to insert for `insertion`, or nullopt when the record lacks it (no partition or
  // no timestamp), in which case Kafka leaves the field out (Map) or null (Struct).
  std::optional<Value> InsertedValue(const Insertion& insertion, const ConnectRecord& record) const {
    switch (insertion.source) {
      case Source::kTopic: return Value::String(record.topic);
      case Source::kPartition:
        if (record.kafka_partition == ConnectRecord::kNoPartition) return std::nullopt;
        return Value::Int32(record.kafka_partition);
      case Source::kOffset: return Value::Int64(record.kafka_offset);
      case Source::kTimestamp:
        if (record.timestamp == ConnectRecord::kNoTimestamp) return std::nullopt;
        return Value::Int64(record.timestamp);
      case Source::kStatic: return Value::String(static_value_);
    }
    return std::nullopt;
  }

  Status ApplySchemaless(const ConnectRecord& record, Value& value) {
    Status st = RequireMap(value, part_, kPurpose);
    if (!st.ok()) return st;
    Map& map = value.map();
    for (const Insertion& insertion : insertions_) {
      std::optional<Value> inserted = InsertedValue(insertion, record);
      if (!inserted) continue;
      if (Value* existing = map.Find(insertion.name)) {
        *existing = std::move(*inserted);
      } else {
        map.entries.emplace_back(Value::String(insertion.name), std::move(*inserted));
      }
    }
    return Status::OK();
  }

  Status ApplyWithSchema(ConnectRecord& record, Value& value) {
    Status st = RequireStruct(value, part_, kPurpose);
    if (!st.ok()) return st;
    Struct& input = value.structure();
    const SchemaPtr* derived = schemas_.Find(input.schema);
    if (!derived) {
      SchemaPtr built;
      st = DeriveSchema(*input.schema, &built);
      if (!st.ok()) return st;
      derived = &schemas_.Put(input.schema, std::move(built));
    }
    Value output = Value::MakeStruct(*derived);
    Struct& out = output.structure();
    const std::vector<Field>& fields = input.schema->fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      Value& field_value = input.fields[i];
      const Value* default_value = fields[i].schema->default_value();
      if (field_value.is_null() && replace_null_with_default_ && default_value) {
        out.fields[i] = *default_value;
      } else {
        out.fields[i] = std::move(field_value);
      }
    }
    for (size_t k = 0; k < insertions_.size(); ++k) {
      std::optional<Value> inserted = InsertedValue(insertions_[k], record);
      if (inserted) out.fields[fields.size() + k] = std::move(*inserted);
    }
    PartSchema(record, part_) = *derived;
    value = std::move(output);
    return Status::OK();
  }

  // Kafka copies the name, version, doc and parameters (not optional or default), keeps the
  // fields and appends one per insertion in config-key order.
  Status DeriveSchema(const Schema& input, SchemaPtr* out) const {
    SchemaBuilder builder = SchemaBuilder::Struct();
    if (input.name()) builder.Name(*input.name());
    if (input.version()) builder.Version(*input.version());
    if (input.doc()) builder.Doc(*input.doc());
    for (const auto& [key, parameter] : input.parameters()) builder.Parameter(key, parameter);
    for (const Field& field : input.fields()) builder.AddField(field.name, field.schema);
    for (const Insertion& insertion : insertions_) {
      if (input.field(insertion.name)) {
        return Status::Failed("cannot insert field '" + insertion.name + "': the record " + RecordPartName(part_) +
                              " schema already has a field with that name; choose another field name");
      }
      builder.AddField(insertion.name, InsertedFieldSchema(insertion.source, insertion.optional));
    }
    *out = builder.Build();
    return Status::OK();
  }

  const RecordPart part_;
  std::vector<Insertion> insertions_;  // in Kafka's order: topic, partition, offset, timestamp, static
  std::string static_value_;
  bool replace_null_with_default_ = true;
  DerivedSchemaCache<SchemaPtr> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewInsertField(RecordPart part) { return std::make_unique<InsertField>(part); }

}  // namespace connectd
