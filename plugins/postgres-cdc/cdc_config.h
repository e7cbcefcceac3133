// The Postgres CDC connector's config table (Debezium's keys, defaults and documentation) and
// the settings a task reads from it.
//
// Threading: pure functions of a validated config.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "captured_table.h"
#include "message_key_columns.h"
#include "connectd/sdk.hpp"
#include "pg_connection.h"
#include "table_filter.h"

namespace connectd {
namespace pgcdc {

enum class DecoderPlugin { kPgOutput, kWal2Json };

enum class SnapshotMode { kInitial, kAlways, kInitialOnly, kNoData, kWhenNeeded };

enum class PublicationAutocreate { kAllTables, kFiltered, kDisabled };

struct CdcSettings {
  PgConnectionSettings connection;
  std::string topic_prefix;
  DecoderPlugin plugin = DecoderPlugin::kPgOutput;
  std::string slot_name;
  bool slot_drop_on_stop = false;
  std::string publication_name;
  PublicationAutocreate publication_autocreate = PublicationAutocreate::kAllTables;
  SnapshotMode snapshot_mode = SnapshotMode::kInitial;
  int64_t snapshot_fetch_size = 10240;
  int64_t heartbeat_interval_ms = 0;
  std::string heartbeat_topic;
  bool provide_transaction_metadata = false;
  std::string transaction_topic;  // <topic.prefix><topic.delimiter><topic.transaction>
  bool tombstones_on_delete = true;
  int64_t max_batch_size = 2048;
  int64_t poll_interval_ms = 500;
  int64_t status_update_interval_ms = 10000;
  bool skip_truncate = true;  // skipped.operations contains "t"
  bool skip_update = false;
  bool skip_delete = false;
  bool skip_create = false;
  EventNaming naming;
  MessageKeyColumns message_key_columns;  // message.key.columns
  std::vector<std::string> schema_include, schema_exclude, table_include, table_exclude, column_include,
      column_exclude;
};

const sdk::ConfigDef& CdcConfigDef();
// Reads every key; throws sdk::ConnectException naming the key for a value the table cannot
// check (a bad enum spelling, an empty topic.prefix, ...).
CdcSettings ReadCdcSettings(const sdk::Config& config);

}  // namespace pgcdc
}  // namespace connectd
