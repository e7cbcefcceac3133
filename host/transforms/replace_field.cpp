// ReplaceField$Key / $Value: keeps only the included fields, drops the excluded ones and renames
// fields, on a Struct (with a derived schema) or a schemaless Map.
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "transforms/derived_schema_cache.h"
#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

constexpr const char* kPurpose = "field replacement";

// The list under `key`, or under its pre-KIP-629 name `legacy_key` when only that is set.
std::vector<std::string> ListWithLegacyName(const ConfigMap& config, const std::string& key,
                                            const std::string& legacy_key) {
  if (config.count(key) == 0 && config.count(legacy_key) != 0) return ConfigList(config, legacy_key);
  return ConfigList(config, key);
}

class ReplaceField final : public Transformation {
 public:
  explicit ReplaceField(RecordPart part) : part_(part) {}

  Status Configure(const ConfigMap& config) override {
    std::vector<std::string> exclude = ListWithLegacyName(config, "exclude", "blacklist");
    std::vector<std::string> include = ListWithLegacyName(config, "include", "whitelist");
    exclude_ = std::unordered_set<std::string>(exclude.begin(), exclude.end());
    include_ = std::unordered_set<std::string>(include.begin(), include.end());
    renames_.clear();
    for (const std::string& mapping : ConfigList(config, "renames")) {
      std::vector<std::string> parts = SplitConfigItemAtColons(mapping);
      if (parts.size() != 2) {
        return Status::InvalidArgument("renames: invalid rename mapping '" + mapping +
                                       "'; write old:new pairs separated by commas, e.g. foo:bar,abc:xyz");
      }
      renames_[parts[0]] = parts[1];
    }
    Status st = ConfigBoolean(config, "replace.null.with.default", true, &replace_null_with_default_);
    if (!st.ok()) return st;
    schemas_ = {};
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    Value& value = PartValue(record, part_);
    if (value.is_null()) return Status::OK();
    return PartSchema(record, part_) ? ApplyWithSchema(record, value) : ApplySchemaless(value);
  }

 private:
  // The derived schema and, for each of its fields, the index of the input field it comes from.
  struct Derivation {
    SchemaPtr schema;
    std::vector<size_t> source;
  };

  // Exclusion wins over inclusion; an empty include list keeps everything.
  bool Keeps(const std::string& name) const {
    return exclude_.count(name) == 0 && (include_.empty() || include_.count(name) != 0);
  }

  const std::string& Renamed(const std::string& name) const {
    auto it = renames_.find(name);
    return it == renames_.end() ? name : it->second;
  }

  Status ApplySchemaless(Value& value) {
    Status st = RequireMap(value, part_, kPurpose);
    if (!st.ok()) return st;
    std::vector<std::pair<Value, Value>>& entries = value.map().entries;
    for (const auto& [key, unused] : entries) {
      if (key.kind() != ValueKind::kString) {
        return Status::Failed(std::string("the record ") + RecordPartName(part_) + " map has a " +
                              ValueKindName(key.kind()) + " key; " + kPurpose + " needs string keys");
      }
    }
    Map output;
    output.entries.reserve(entries.size());
    for (auto& [key, field_value] : entries) {
      if (!Keeps(key.string())) continue;
      const std::string& name = Renamed(key.string());
      // A rename onto a name already present replaces that entry, as Kafka's HashMap.put does.
      Value* existing = renames_.empty() ? nullptr : output.Find(name);
      if (existing) {
        *existing = std::move(field_value);
      } else {
        output.entries.emplace_back(Value::String(name), std::move(field_value));
      }
    }
    entries = std::move(output.entries);
    return Status::OK();
  }

  Status ApplyWithSchema(ConnectRecord& record, Value& value) {
    Status st = RequireStruct(value, part_, kPurpose);
    if (!st.ok()) return st;
    Struct& input = value.structure();
    const Derivation* derived = schemas_.Find(input.schema);
    if (!derived) {
      Derivation built;
      st = Derive(*input.schema, &built);
      if (!st.ok()) return st;
      derived = &schemas_.Put(input.schema, std::move(built));
    }
    Value output = Value::MakeStruct(derived->schema);
    Struct& out = output.structure();
    for (size_t i = 0; i < derived->source.size(); ++i) {
      size_t from = derived->source[i];
      Value& field_value = input.fields[from];
      const Value* default_value = input.schema->fields()[from].schema->default_value();
      if (field_value.is_null() && replace_null_with_default_ && default_value) {
        out.fields[i] = *default_value;
      } else {
        out.fields[i] = std::move(field_value);
      }
    }
    PartSchema(record, part_) = derived->schema;
    value = std::move(output);
    return Status::OK();
  }

  // Kafka copies the name, version, doc and parameters (not optional or default) and keeps the
  // surviving fields, renamed, in their original order.
  Status Derive(const Schema& input, Derivation* out) const {
    SchemaBuilder builder = SchemaBuilder::Struct();
    if (input.name()) builder.Name(*input.name());
    if (input.version()) builder.Version(*input.version());
    if (input.doc()) builder.Doc(*input.doc());
    for (const auto& [key, parameter] : input.parameters()) builder.Parameter(key, parameter);
    std::unordered_set<std::string_view> names;
    for (const Field& field : input.fields()) {
      if (!Keeps(field.name)) continue;
      const std::string& name = Renamed(field.name);
      if (!names.insert(name).second) {
        return Status::Failed("renaming gives two fields the name '" + name + "' in the record " +
                              RecordPartName(part_) + " schema; change renames or exclude one of them");
      }
      builder.AddField(name, field.schema);
      out->source.push_back(static_cast<size_t>(field.index));
    }
    out->schema = builder.Build();
    return Status::OK();
  }

  const RecordPart part_;
  std::unordered_set<std::string> exclude_;
  std::unordered_set<std::string> include_;
  std::unordered_map<std::string, std::string> renames_;
  bool replace_null_with_default_ = true;
  DerivedSchemaCache<Derivation> schemas_;
};

}  // namespace

std::unique_ptr<Transformation> NewReplaceField(RecordPart part) { return std::make_unique<ReplaceField>(part); }

}  // namespace connectd
