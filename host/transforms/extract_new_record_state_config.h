// The settings of Debezium's ExtractNewRecordState SMT, read from the transform's config the way
// Debezium reads them, including which delete/tombstone key wins when old and new keys are mixed.
//
// delete.tombstone.handling.mode (tombstone | drop | rewrite | rewrite-with-tombstone |
// delete-to-tombstone) decides when it is set and not blank. Otherwise the keys Debezium 2.x
// used decide: delete.handling.mode (none | drop | rewrite, default drop) and drop.tombstones
// (default true) -- but only when at least one of them is present; with neither, the default is
// Debezium's current one, "tombstone". (Debezium 3.2 dropped the old keys and ignores them; they
// are honoured here so configs written for 2.x keep their meaning.)
//
// Pure functions and plain data; any thread may call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

// What becomes of a change event whose "after" is null (a DELETE).
enum class DeleteEventHandling {
  kDrop,         // the record is dropped
  kNullValue,    // value null, value schema that of "after" (Debezium's "tombstone" mode and old "none")
  kRewrite,      // the "before" row plus __deleted="true"; inserts/updates get __deleted="false"
  kToTombstone,  // value and value schema null ("delete-to-tombstone")
};

struct DeleteHandling {
  DeleteEventHandling delete_event = DeleteEventHandling::kNullValue;
  // Whether the null-value record that follows a delete passes through.
  bool keep_tombstones = false;

  bool operator==(const DeleteHandling& o) const {
    return delete_event == o.delete_event && keep_tombstones == o.keep_tombstones;
  }
};

// One entry of add.fields / add.headers: an envelope field to copy into the output record.
// "op" and "ts_ms|ts_us|ts_ns" are top-level envelope fields; "id", "total_order" and
// "data_collection_order" live in "transaction"; "updateDescription" is its own struct
// (MongoDB); any other bare name lives in "source". "<struct>.<field>" names the struct.
struct MetadataFieldReference {
  std::string entry;                  // as configured, for messages
  std::optional<std::string> parent;  // the struct holding the field; nullopt: the envelope itself
  std::string field;
  std::string output_name;  // prefix + (explicit ":<name>", or <field>, or <struct>_<field>)

  bool operator==(const MetadataFieldReference& o) const {
    return entry == o.entry && parent == o.parent && field == o.field && output_name == o.output_name;
  }
};

struct ExtractNewRecordStateConfig {
  DeleteHandling delete_handling;
  std::vector<MetadataFieldReference> add_fields;
  std::vector<MetadataFieldReference> add_headers;
  std::string route_by_field;           // empty: records keep their topic
  std::string drop_fields_header_name;  // blank: no field is dropped
  bool drop_fields_from_key = false;
  bool drop_fields_keep_schema_compatible = true;
  bool replace_null_with_default = true;
};

// Reads `config` (the transform's keys without "transforms.<alias>."). Mode names are matched
// ignoring case and surrounding whitespace; prefixes, route.by.field and the header name are
// taken verbatim, as Debezium takes them. An invalid value returns InvalidArgument starting with
// the key at fault.
Status ParseExtractNewRecordStateConfig(const ConfigMap& config, ExtractNewRecordStateConfig* out);

// Parses one add.fields/add.headers entry ("op", "source.ts_ms", "transaction.id:TXN"), as
// Debezium splits it. `key` names the setting in the error.
Status ParseMetadataFieldReference(const std::string& entry, const std::string& prefix, const std::string& key,
                                   MetadataFieldReference* out);

}  // namespace connectd
