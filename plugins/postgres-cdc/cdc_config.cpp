#include "cdc_config.h"

#include <algorithm>
#include <cctype>

namespace connectd {
namespace pgcdc {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

using Key = sdk::ConfigDef::Key;

sdk::ConfigDef BuildDef() {
  sdk::ConfigDef def;
  def.define(Key::Of("database.hostname", CD_CONFIG_STRING, nullptr, CD_IMPORTANCE_HIGH,
                          "Resolvable hostname or IP address of the PostgreSQL server.").markRequired())
      .define(Key::Of("database.port", CD_CONFIG_INT, "5432", CD_IMPORTANCE_HIGH, "Port of the PostgreSQL server."))
      .define(Key::Of("database.user", CD_CONFIG_STRING, nullptr, CD_IMPORTANCE_HIGH,
                           "Name of the database user (needs the REPLICATION attribute and SELECT on the tables).").markRequired())
      .define(Key::Of("database.password", CD_CONFIG_PASSWORD, nullptr, CD_IMPORTANCE_HIGH,
                  "Password of the database user."))
      .define(Key::Of("database.dbname", CD_CONFIG_STRING, nullptr, CD_IMPORTANCE_HIGH,
                           "The database to stream changes from.").markRequired())
      .define(Key::Of("database.sslmode", CD_CONFIG_STRING, "prefer", CD_IMPORTANCE_MEDIUM,
                  "Whether to use an encrypted connection: disable, allow, prefer, require, verify-ca, verify-full.",
                  {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}))
      .define(Key::Of("database.connect.timeout.ms", CD_CONFIG_LONG, "30000", CD_IMPORTANCE_LOW,
                  "How long to wait for a connection to the server."))
      .define(Key::Of("topic.prefix", CD_CONFIG_STRING, nullptr, CD_IMPORTANCE_HIGH,
                  "Prefix of every topic name; the logical name of the server in events and offsets. Required "
                  "(database.server.name, its older name, is accepted too)."))
      .define(Key::Of("database.server.name", CD_CONFIG_STRING, nullptr, CD_IMPORTANCE_LOW,
                  "Deprecated: the older name of topic.prefix."))
      .define(Key::Of("topic.delimiter", CD_CONFIG_STRING, ".", CD_IMPORTANCE_LOW,
                  "Delimiter between the parts of a topic name."))
      .define(Key::Of("plugin.name", CD_CONFIG_STRING, "pgoutput", CD_IMPORTANCE_MEDIUM,
                  "The logical decoding plug-in on the server: pgoutput (built in) or wal2json.",
                  {"pgoutput", "wal2json"}))
      .define(Key::Of("slot.name", CD_CONFIG_STRING, "debezium", CD_IMPORTANCE_MEDIUM,
                  "Name of the logical replication slot the connector streams from."))
      .define(Key::Of("slot.drop.on.stop", CD_CONFIG_BOOLEAN, "false", CD_IMPORTANCE_MEDIUM,
                  "Drop the slot when the connector stops (for tests: changes made while stopped are lost)."))
      .define(Key::Of("publication.name", CD_CONFIG_STRING, "dbz_publication", CD_IMPORTANCE_MEDIUM,
                  "Name of the publication pgoutput streams."))
      .define(Key::Of("publication.autocreate.mode", CD_CONFIG_STRING, "all_tables", CD_IMPORTANCE_MEDIUM,
                  "all_tables: create the publication FOR ALL TABLES when missing; filtered: create or update it "
                  "for the captured tables; disabled: it must exist.",
                  {"all_tables", "filtered", "disabled"}))
      .define(Key::Of("schema.include.list", CD_CONFIG_LIST, "", CD_IMPORTANCE_MEDIUM,
                  "Regular expressions matching the schemas to capture."))
      .define(Key::Of("schema.exclude.list", CD_CONFIG_LIST, "", CD_IMPORTANCE_MEDIUM,
                  "Regular expressions matching schemas not to capture."))
      .define(Key::Of("table.include.list", CD_CONFIG_LIST, "", CD_IMPORTANCE_MEDIUM,
                  "Regular expressions matching the tables to capture, as schema.table."))
      .define(Key::Of("table.exclude.list", CD_CONFIG_LIST, "", CD_IMPORTANCE_MEDIUM,
                  "Regular expressions matching tables not to capture, as schema.table."))
      .define(Key::Of("column.include.list", CD_CONFIG_LIST, "", CD_IMPORTANCE_MEDIUM,
                  "Regular expressions matching the columns to include, as schema.table.column."))
      .define(Key::Of("column.exclude.list", CD_CONFIG_LIST, "", CD_IMPORTANCE_MEDIUM,
                  "Regular expressions matching columns to leave out, as schema.table.column."))
      .define(Key::Of("snapshot.mode", CD_CONFIG_STRING, "initial", CD_IMPORTANCE_MEDIUM,
                  "initial: snapshot when no offset exists; always: at every start; initial_only: snapshot, then "
                  "stop streaming; no_data (or never): no snapshot; when_needed: when no offset exists or the slot "
                  "had to be created.",
                  {"initial", "always", "initial_only", "no_data", "never", "when_needed"}))
      .define(Key::Of("snapshot.fetch.size", CD_CONFIG_INT, "10240", CD_IMPORTANCE_LOW,
                  "Rows read at a time from each table during a snapshot."))
      .define(Key::Of("heartbeat.interval.ms", CD_CONFIG_INT, "0", CD_IMPORTANCE_MEDIUM,
                  "How often to send a heartbeat record (and confirm the slot's position while the captured "
                  "tables are idle); 0 disables heartbeats."))
      .define(Key::Of("heartbeat.topics.prefix", CD_CONFIG_STRING, "__debezium-heartbeat", CD_IMPORTANCE_LOW,
                  "Heartbeats go to <prefix>.<topic.prefix>."))
      .define(Key::Of("tombstones.on.delete", CD_CONFIG_BOOLEAN, "true", CD_IMPORTANCE_MEDIUM,
                  "Follow each delete event with a tombstone (same key, null value)."))
      .define(Key::Of("skipped.operations", CD_CONFIG_LIST, "t", CD_IMPORTANCE_LOW,
                  "Operations not to publish: c (inserts), u (updates), d (deletes), t (truncates), or none."))
      .define(Key::Of("decimal.handling.mode", CD_CONFIG_STRING, "precise", CD_IMPORTANCE_MEDIUM,
                  "NUMERIC and DECIMAL as Connect Decimals (precise), doubles (double) or strings (string).",
                  {"precise", "double", "string"}))
      .define(Key::Of("time.precision.mode", CD_CONFIG_STRING, "adaptive", CD_IMPORTANCE_MEDIUM,
                  "Time, date and timestamp types: adaptive, adaptive_time_microseconds, connect, isostring, "
                  "microseconds or nanoseconds.",
                  {"adaptive", "adaptive_time_microseconds", "connect", "isostring", "microseconds", "nanoseconds"}))
      .define(Key::Of("binary.handling.mode", CD_CONFIG_STRING, "bytes", CD_IMPORTANCE_LOW,
                  "bytea as bytes, base64, base64-url-safe or hex strings.",
                  {"bytes", "base64", "base64-url-safe", "hex"}))
      .define(Key::Of("interval.handling.mode", CD_CONFIG_STRING, "numeric", CD_IMPORTANCE_LOW,
                  "interval as microseconds (numeric) or ISO 8601 text (string).", {"numeric", "string"}))
      .define(Key::Of("hstore.handling.mode", CD_CONFIG_STRING, "json", CD_IMPORTANCE_LOW,
                  "hstore as a JSON string (json) or a map (map).", {"json", "map"}))
      .define(Key::Of("money.fraction.digits", CD_CONFIG_INT, "2", CD_IMPORTANCE_LOW,
                  "Digits after the decimal point of money values."))
      .define(Key::Of("include.unknown.datatypes", CD_CONFIG_BOOLEAN, "false", CD_IMPORTANCE_LOW,
                  "Include columns of types without a mapping (as their text); by default they are left out."))
      .define(Key::Of("unavailable.value.placeholder", CD_CONFIG_STRING, "__debezium_unavailable_value", CD_IMPORTANCE_LOW,
                  "Written for unchanged TOASTed values the server does not send."))
      .define(Key::Of("max.batch.size", CD_CONFIG_INT, "2048", CD_IMPORTANCE_MEDIUM, "Most records returned by one poll."))
      .define(Key::Of("poll.interval.ms", CD_CONFIG_LONG, "500", CD_IMPORTANCE_MEDIUM,
                  "How long a poll waits for new changes before returning none."))
      .define(Key::Of("status.update.interval.ms", CD_CONFIG_INT, "10000", CD_IMPORTANCE_LOW,
                  "How often to send the server a standby status update (the confirmed position)."))
      .define(Key::Of("provide.transaction.metadata", CD_CONFIG_BOOLEAN, "false", CD_IMPORTANCE_LOW,
                  "Write BEGIN and END events of every transaction to <topic.prefix>.<topic.transaction> and fill "
                  "the change events' transaction block (id, total_order, data_collection_order)."))
      .define(Key::Of("message.key.columns", CD_CONFIG_STRING, "", CD_IMPORTANCE_LOW,
                  "Message keys of other columns than the primary key: <table regex>:<column>,<column>, entries "
                  "separated by ';' (e.g. public.orders:customer_id,order_no); tables matched as schema.table."))
      .define(Key::Of("topic.transaction", CD_CONFIG_STRING, "transaction", CD_IMPORTANCE_LOW,
                  "The name after topic.prefix and topic.delimiter of the transaction metadata topic."));
  return def;
}

}  // namespace

const sdk::ConfigDef& CdcConfigDef() {
  static const sdk::ConfigDef def = BuildDef();
  return def;
}

CdcSettings ReadCdcSettings(const sdk::Config& config) {
  CdcSettings s;
  s.connection.host = config.getString("database.hostname");
  s.connection.port = config.getString("database.port");
  s.connection.user = config.getString("database.user");
  s.connection.password = config.get("database.password").value_or("");
  s.connection.dbname = config.getString("database.dbname");
  s.connection.sslmode = Lower(config.getString("database.sslmode"));
  s.connection.connect_timeout_s = static_cast<int>((config.getLong("database.connect.timeout.ms") + 999) / 1000);

  s.topic_prefix = config.get("topic.prefix").value_or("");
  if (s.topic_prefix.empty()) s.topic_prefix = config.get("database.server.name").value_or("");
  if (s.topic_prefix.empty()) {
    throw sdk::ConnectException("topic.prefix: required (the prefix of every topic and the logical server name)");
  }
  s.naming.topic_prefix = s.topic_prefix;
  s.naming.topic_delimiter = config.getString("topic.delimiter");
  s.naming.unavailable_value_placeholder = config.getString("unavailable.value.placeholder");

  s.plugin = Lower(config.getString("plugin.name")) == "wal2json" ? DecoderPlugin::kWal2Json : DecoderPlugin::kPgOutput;
  s.slot_name = config.getString("slot.name");
  s.slot_drop_on_stop = config.getBool("slot.drop.on.stop");
  s.publication_name = config.getString("publication.name");
  std::string autocreate = Lower(config.getString("publication.autocreate.mode"));
  s.publication_autocreate = autocreate == "filtered"   ? PublicationAutocreate::kFiltered
                             : autocreate == "disabled" ? PublicationAutocreate::kDisabled
                                                        : PublicationAutocreate::kAllTables;

  std::string mode = Lower(config.getString("snapshot.mode"));
  s.snapshot_mode = mode == "always"         ? SnapshotMode::kAlways
                    : mode == "initial_only" ? SnapshotMode::kInitialOnly
                    : mode == "no_data" || mode == "never" ? SnapshotMode::kNoData
                    : mode == "when_needed"  ? SnapshotMode::kWhenNeeded
                                             : SnapshotMode::kInitial;
  s.snapshot_fetch_size = std::max<int64_t>(1, config.getLong("snapshot.fetch.size"));
  s.heartbeat_interval_ms = config.getLong("heartbeat.interval.ms");
  s.heartbeat_topic = config.getString("heartbeat.topics.prefix") + "." + s.topic_prefix;
  s.tombstones_on_delete = config.getBool("tombstones.on.delete");
  s.max_batch_size = std::max<int64_t>(1, config.getLong("max.batch.size"));
  s.poll_interval_ms = std::max<int64_t>(1, config.getLong("poll.interval.ms"));
  s.status_update_interval_ms = std::max<int64_t>(100, config.getLong("status.update.interval.ms"));
  s.provide_transaction_metadata = config.getBool("provide.transaction.metadata");
  s.message_key_columns = MessageKeyColumns(config.getString("message.key.columns"));
  s.transaction_topic = s.topic_prefix + s.naming.topic_delimiter + config.getString("topic.transaction");

  s.skip_truncate = false;
  for (const std::string& op : config.getList("skipped.operations")) {
    std::string o = Lower(op);
    if (o == "none") continue;
    if (o == "c") s.skip_create = true;
    else if (o == "u") s.skip_update = true;
    else if (o == "d") s.skip_delete = true;
    else if (o == "t") s.skip_truncate = true;
    else throw sdk::ConnectException("skipped.operations: unknown operation '" + op + "' (use c, u, d, t or none)");
  }

  TypeMappingOptions& t = s.naming.type_options;
  if (!ParseDecimalHandling(config.getString("decimal.handling.mode"), &t.decimal) ||
      !ParseTimePrecision(config.getString("time.precision.mode"), &t.time) ||
      !ParseBinaryHandling(config.getString("binary.handling.mode"), &t.binary) ||
      !ParseIntervalHandling(config.getString("interval.handling.mode"), &t.interval) ||
      !ParseHstoreHandling(config.getString("hstore.handling.mode"), &t.hstore)) {
    throw sdk::ConnectException("decimal.handling.mode, time.precision.mode, binary.handling.mode, "
                                "interval.handling.mode or hstore.handling.mode has a value Debezium does not accept");
  }
  t.money_fraction_digits = static_cast<int32_t>(config.getLong("money.fraction.digits"));
  t.include_unknown = config.getBool("include.unknown.datatypes");

  s.schema_include = config.getList("schema.include.list");
  s.schema_exclude = config.getList("schema.exclude.list");
  s.table_include = config.getList("table.include.list");
  s.table_exclude = config.getList("table.exclude.list");
  s.column_include = config.getList("column.include.list");
  s.column_exclude = config.getList("column.exclude.list");
  return s;
}

}  // namespace pgcdc
}  // namespace connectd
