#include "transforms/extract_new_record_state_config.h"

#include <strings.h>

#include <string_view>
#include <utility>

#include "config/config_values.h"

namespace connectd {

namespace {

constexpr const char* kModeKey = "delete.tombstone.handling.mode";
constexpr const char* kLegacyDeleteKey = "delete.handling.mode";
constexpr const char* kLegacyTombstonesKey = "drop.tombstones";

// Java's String.split with a one-character separator: a text without the separator is itself
// (even when empty); otherwise the pieces, trailing empty ones removed.
std::vector<std::string> SplitAsJava(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.emplace_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  if (parts.size() > 1) {
    while (!parts.empty() && parts.back().empty()) parts.pop_back();
  }
  return parts;
}

// The struct Debezium assumes for a field named without one.
std::optional<std::string> ImpliedParent(const std::string& field) {
  if (field == "id" || field == "total_order" || field == "data_collection_order") return std::string("transaction");
  if (field == "op" || field == "ts_ms" || field == "ts_us" || field == "ts_ns") return std::nullopt;
  if (field == "updateDescription") return field;
  return std::string("source");
}

// Debezium's EnumeratedValue matching: trimmed, any case.
bool MatchesMode(const std::string& value, const char* mode) { return strcasecmp(value.c_str(), mode) == 0; }

Status ParseMode(const std::string& value, DeleteHandling* out) {
  static const std::pair<const char*, DeleteHandling> kModes[] = {
      {"drop", {DeleteEventHandling::kDrop, false}},
      {"tombstone", {DeleteEventHandling::kNullValue, false}},
      {"rewrite", {DeleteEventHandling::kRewrite, false}},
      {"rewrite-with-tombstone", {DeleteEventHandling::kRewrite, true}},
      {"delete-to-tombstone", {DeleteEventHandling::kToTombstone, false}},
  };
  for (const auto& [name, handling] : kModes) {
    if (MatchesMode(value, name)) {
      *out = handling;
      return Status::OK();
    }
  }
  return Status::InvalidArgument(std::string(kModeKey) + ": invalid value '" + value +
                                 "'; use one of drop, tombstone, rewrite, rewrite-with-tombstone, delete-to-tombstone");
}

// The pre-3.2 keys. Debezium validated delete.handling.mode even when the new key decided, so
// an invalid value fails here too.
Status ParseLegacyKeys(const ConfigMap& config, DeleteHandling* out) {
  std::string legacy_mode = OptionalConfigString(config, kLegacyDeleteKey).value_or("drop");
  if (MatchesMode(legacy_mode, "drop")) {
    out->delete_event = DeleteEventHandling::kDrop;
  } else if (MatchesMode(legacy_mode, "none")) {
    out->delete_event = DeleteEventHandling::kNullValue;
  } else if (MatchesMode(legacy_mode, "rewrite")) {
    out->delete_event = DeleteEventHandling::kRewrite;
  } else {
    return Status::InvalidArgument(std::string(kLegacyDeleteKey) + ": invalid value '" + legacy_mode +
                                   "'; use one of drop, rewrite, none, or better set " + kModeKey +
                                   " (which replaces this key)");
  }
  bool drop_tombstones = true;
  Status st = ConfigBoolean(config, kLegacyTombstonesKey, true, &drop_tombstones);
  if (!st.ok()) return st;
  out->keep_tombstones = !drop_tombstones;
  return Status::OK();
}

Status ParseDeleteHandling(const ConfigMap& config, DeleteHandling* out) {
  DeleteHandling legacy;
  Status st = ParseLegacyKeys(config, &legacy);
  if (!st.ok()) return st;
  std::optional<std::string> mode = OptionalConfigString(config, kModeKey);
  if (mode && !mode->empty()) return ParseMode(*mode, out);
  if (config.count(kLegacyDeleteKey) != 0 || config.count(kLegacyTombstonesKey) != 0) {
    *out = legacy;
  } else {
    *out = DeleteHandling{DeleteEventHandling::kNullValue, false};
  }
  return Status::OK();
}

// A string setting taken verbatim (Debezium does not trim these), or `default_value`.
std::string VerbatimString(const ConfigMap& config, const std::string& key, const char* default_value) {
  auto it = config.find(key);
  return it == config.end() ? default_value : it->second;
}

Status ParseReferences(const ConfigMap& config, const std::string& key, const std::string& prefix,
                       std::vector<MetadataFieldReference>* out) {
  out->clear();
  for (const std::string& entry : ConfigList(config, key)) {
    MetadataFieldReference reference;
    Status st = ParseMetadataFieldReference(entry, prefix, key, &reference);
    if (!st.ok()) return st;
    out->push_back(std::move(reference));
  }
  return Status::OK();
}

}  // namespace

Status ParseMetadataFieldReference(const std::string& entry, const std::string& prefix, const std::string& key,
                                   MetadataFieldReference* out) {
  std::vector<std::string> names = SplitAsJava(entry, ':');
  std::vector<std::string> path = names.empty() ? std::vector<std::string>{} : SplitAsJava(names[0], '.');
  if (names.empty() || names.size() > 2 || path.empty()) {
    return Status::InvalidArgument(key + ": invalid entry '" + entry +
                                   "'; write <field>, <struct>.<field> or either followed by :<new name>, "
                                   "e.g. op,source.ts_ms:EVENT_TS");
  }
  out->entry = entry;
  // Like Debezium, "a.b.c" refers to field b of struct a.
  out->field = path.size() == 1 ? path[0] : path[1];
  out->parent = path.size() == 1 ? ImpliedParent(out->field) : std::optional<std::string>(path[0]);
  if (names.size() == 2) {
    out->output_name = prefix + names[1];
  } else {
    out->output_name = prefix + (path.size() == 1 ? out->field : path[0] + "_" + out->field);
  }
  return Status::OK();
}

Status ParseExtractNewRecordStateConfig(const ConfigMap& config, ExtractNewRecordStateConfig* out) {
  Status st = ParseDeleteHandling(config, &out->delete_handling);
  if (!st.ok()) return st;
  st = ParseReferences(config, "add.fields", VerbatimString(config, "add.fields.prefix", "__"), &out->add_fields);
  if (!st.ok()) return st;
  st = ParseReferences(config, "add.headers", VerbatimString(config, "add.headers.prefix", "__"), &out->add_headers);
  if (!st.ok()) return st;
  out->route_by_field = VerbatimString(config, "route.by.field", "");
  out->drop_fields_header_name = VerbatimString(config, "drop.fields.header.name", "");
  if (TrimConfigValue(out->drop_fields_header_name).empty()) out->drop_fields_header_name.clear();
  st = ConfigBoolean(config, "drop.fields.from.key", false, &out->drop_fields_from_key);
  if (!st.ok()) return st;
  st = ConfigBoolean(config, "drop.fields.keep.schema.compatible", true, &out->drop_fields_keep_schema_compatible);
  if (!st.ok()) return st;
  return ConfigBoolean(config, "replace.null.with.default", true, &out->replace_null_with_default);
}

}  // namespace connectd
