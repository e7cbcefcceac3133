#include "postgres_cdc_source.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "table_catalog.h"

namespace connectd {
namespace pgcdc {

namespace {

constexpr const char* kConnectorName = "postgresql";
// The Debezium release whose event format these events follow (source.version).
constexpr const char* kDebeziumVersion = "3.3.0.Final";

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t OffsetLong(sdk::ValueView offset, const char* key) {
  sdk::ValueView v = offset.get(key);
  return v.isNull() ? 0 : v.asInt();
}

// Debezium's source partition: {"server": topic.prefix}.
sdk::Value ServerPartition(const std::string& topic_prefix) {
  sdk::Value partition = sdk::Value::Map();
  partition.put(sdk::Value::String("server"), sdk::Value::String(topic_prefix));
  return partition;
}

std::vector<ColumnText> RowTexts(const PgResult& r, int row) {
  std::vector<ColumnText> out(static_cast<size_t>(r.columns()));
  for (int c = 0; c < r.columns(); ++c) {
    if (r.isNull(row, c)) continue;
    out[c].state = ColumnText::State::kText;
    out[c].text = r.text(row, c);
  }
  return out;
}

std::vector<ColumnText> TupleTexts(const std::vector<TupleDatum>& tuple) {
  std::vector<ColumnText> out(tuple.size());
  for (size_t i = 0; i < tuple.size(); ++i) {
    switch (tuple[i].kind) {
      case TupleDatum::Kind::kText:
        out[i].state = ColumnText::State::kText;
        out[i].text = tuple[i].data;
        break;
      case TupleDatum::Kind::kUnchangedToast:
        out[i].state = ColumnText::State::kUnchangedToast;
        break;
      default:
        break;
    }
  }
  return out;
}

// wal2json columns (named) in the table's column order; absent columns are NULL.
std::vector<ColumnText> NamedTexts(const CapturedTable& table, const std::vector<Wal2JsonColumn>& columns) {
  std::vector<ColumnText> out(table.columns().size());
  for (const Wal2JsonColumn& c : columns) {
    for (size_t i = 0; i < table.columns().size(); ++i) {
      if (table.columns()[i].definition.name != c.name) continue;
      if (!c.is_null) {
        out[i].state = ColumnText::State::kText;
        out[i].text = c.text;
      }
      break;
    }
  }
  return out;
}

}  // namespace

// ---- connector --------------------------------------------------------------------------

const char* const* PostgresCdcConnector::aliases() {
  static const char* const kAliases[] = {"io.debezium.connector.postgresql.PostgresConnector", nullptr};
  return kAliases;
}

const sdk::ConfigDef& PostgresCdcConnector::configDef() { return CdcConfigDef(); }

void PostgresCdcConnector::start(const sdk::Config& config, sdk::Context&) {
  ReadCdcSettings(config);  // refuse a bad config before any task starts
  config_ = config.all();
}

void PostgresCdcConnector::taskConfigs(uint32_t, sdk::TaskConfigs& out) { out.add(config_); }

// ---- task: start and stop -----------------------------------------------------------------

void PostgresCdcTask::start(const sdk::Config& config, sdk::Context& context) {
  context_ = &context;
  settings_ = ReadCdcSettings(config);
  filter_ = TableFilter(settings_.schema_include, settings_.schema_exclude, settings_.table_include,
                        settings_.table_exclude, settings_.column_include, settings_.column_exclude);
  source_schema_ = BuildSourceSchema();
  source_fields_ = {FieldIndex(source_schema_, "ts_ms"), FieldIndex(source_schema_, "ts_us"),
                    FieldIndex(source_schema_, "ts_ns"), FieldIndex(source_schema_, "sequence"),
                    FieldIndex(source_schema_, "lsn")};
  heartbeat_key_schema_ = BuildHeartbeatKeySchema();
  heartbeat_value_schema_ = BuildHeartbeatValueSchema();
  partition_ = std::make_unique<sdk::SourcePartition>(ServerPartition(settings_.topic_prefix));
  if (settings_.provide_transaction_metadata) {
    tx_metadata_ = std::make_unique<TransactionMetadata>(settings_.transaction_topic);
  }
  Connect();
}

void PostgresCdcTask::Connect() {
  conn_ = std::make_unique<PgConnection>(settings_.connection, false, "connection");
  types_ = PgTypeRegistry();
  LoadTypeRegistry(*conn_, &types_);
  PrepareSnapshotOrStream();
}

void PostgresCdcTask::Disconnect() {
  snapshot_.reset();
  snapshot_tables_.clear();
  stream_.reset();
  conn_.reset();
  streaming_ = false;
  in_transaction_ = false;
}

void PostgresCdcTask::stop() {
  bool drop = settings_.slot_drop_on_stop && conn_ != nullptr;
  stream_.reset();
  if (drop) {
    std::string error = conn_->tryExec("SELECT pg_drop_replication_slot(" + conn_->quoteLiteral(settings_.slot_name) + ")");
    if (!error.empty()) context_->warn("cannot drop replication slot '" + settings_.slot_name + "': " + error);
  }
  Disconnect();
}

void PostgresCdcTask::EnsurePublication() {
  if (settings_.plugin != DecoderPlugin::kPgOutput) return;
  const std::string& name = settings_.publication_name;
  PgResult r = conn_->exec("SELECT puballtables FROM pg_catalog.pg_publication WHERE pubname = $1", {name.c_str()},
                           "looking up the publication");
  bool exists = r.rows() > 0;
  std::string quoted = conn_->quoteIdentifier(name);
  switch (settings_.publication_autocreate) {
    case PublicationAutocreate::kDisabled:
      if (!exists) {
        throw sdk::ConnectException("publication.name: publication '" + name +
                                    "' does not exist and publication.autocreate.mode is disabled; create it with "
                                    "CREATE PUBLICATION");
      }
      return;
    case PublicationAutocreate::kAllTables:
      if (!exists) conn_->exec("CREATE PUBLICATION " + quoted + " FOR ALL TABLES", {}, "creating the publication");
      return;
    case PublicationAutocreate::kFiltered: {
      std::string tables;
      for (const TableDescription& t : ListCapturedTables(*conn_, filter_)) {
        tables += (tables.empty() ? "" : ", ") + conn_->quoteIdentifier(t.id.schema) + "." +
                  conn_->quoteIdentifier(t.id.table);
      }
      if (tables.empty()) {
        throw sdk::ConnectException("publication.autocreate.mode=filtered: no table matches the include/exclude "
                                    "lists, so there is nothing to publish");
      }
      if (!exists) {
        conn_->exec("CREATE PUBLICATION " + quoted + " FOR TABLE " + tables, {}, "creating the publication");
      } else {
        conn_->exec("ALTER PUBLICATION " + quoted + " SET TABLE " + tables, {}, "updating the publication");
      }
      return;
    }
  }
}

void PostgresCdcTask::PrepareSnapshotOrStream() {
  EnsurePublication();
  std::optional<sdk::Value> offset = context_->offset(ServerPartition(settings_.topic_prefix));
  bool have_offset = offset.has_value() && !offset->isNull();
  bool snapshot_incomplete = have_offset && !offset->get("snapshot").isNull() &&
                             !offset->get("snapshot_completed").asBool() &&
                             !offset->get("last_snapshot_record").asBool();
  Lsn start_from = 0;
  resume_commit_ = 0;
  resume_events_ = 0;
  if (have_offset && !snapshot_incomplete) {
    start_from = static_cast<Lsn>(OffsetLong(*offset, "lsn_proc"));
    if (start_from == 0) start_from = static_cast<Lsn>(OffsetLong(*offset, "lsn"));
    resume_commit_ = static_cast<Lsn>(OffsetLong(*offset, "lsn_commit"));
    resume_events_ = OffsetLong(*offset, "tx_events");
  }
  last_end_ = start_from;

  const std::string plugin = settings_.plugin == DecoderPlugin::kWal2Json ? "wal2json" : "pgoutput";
  PgResult slot = conn_->exec("SELECT plugin, database FROM pg_catalog.pg_replication_slots WHERE slot_name = $1",
                              {settings_.slot_name.c_str()}, "looking up the replication slot");
  bool slot_exists = slot.rows() > 0;
  if (slot_exists && slot.text(0, 0) != plugin) {
    throw sdk::ConnectException("slot.name: replication slot '" + settings_.slot_name + "' uses plugin '" +
                                slot.string(0, 0) + "', not '" + plugin + "' (plugin.name)");
  }
  if (slot_exists && slot.text(0, 1) != settings_.connection.dbname) {
    throw sdk::ConnectException("slot.name: replication slot '" + settings_.slot_name + "' belongs to database '" +
                                slot.string(0, 1) + "', not '" + settings_.connection.dbname + "'");
  }

  bool snapshot = false;
  switch (settings_.snapshot_mode) {
    case SnapshotMode::kInitial:
    case SnapshotMode::kInitialOnly:
      snapshot = !have_offset || snapshot_incomplete;
      break;
    case SnapshotMode::kAlways:
      snapshot = true;
      break;
    case SnapshotMode::kWhenNeeded:
      snapshot = !have_offset || snapshot_incomplete || !slot_exists;
      break;
    case SnapshotMode::kNoData:
      snapshot = false;
      break;
  }
  if (settings_.snapshot_mode == SnapshotMode::kInitialOnly && have_offset && !snapshot_incomplete) {
    stream_disabled_ = true;
    context_->info("snapshot.mode=initial_only: the snapshot is complete; not streaming");
    return;
  }

  stream_ = std::make_unique<ReplicationStream>(settings_.connection, settings_.status_update_interval_ms);
  std::string exported;
  slot_created_ = false;
  if (!slot_exists) {
    ReplicationStream::CreatedSlot created = stream_->createSlot(settings_.slot_name, plugin);
    exported = created.snapshot_name;
    snapshot_lsn_ = created.consistent_point;
    slot_created_ = true;
    if (!have_offset || snapshot) last_end_ = created.consistent_point;
    context_->info("created replication slot '" + settings_.slot_name + "' at " + FormatLsn(created.consistent_point));
  }
  if (!snapshot) {
    StartStreaming();
    return;
  }

  conn_->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!exported.empty()) {
    conn_->exec("SET TRANSACTION SNAPSHOT " + conn_->quoteLiteral(exported), {}, "importing the slot's snapshot");
  } else {
    // No exported snapshot (the slot existed): the stream may repeat changes the snapshot
    // already saw, but it cannot miss any.
    PgResult lsn = conn_->exec("SELECT pg_current_wal_lsn()::text");
    ParseLsn(lsn.text(0, 0), &snapshot_lsn_);
  }
  PgResult xid = conn_->exec("SELECT txid_current()::text");
  snapshot_xid_ = std::stoll(xid.string(0, 0));
  std::vector<TableDescription> tables = ListCapturedTables(*conn_, filter_);
  snapshot_tables_.clear();
  for (const TableDescription& t : tables) snapshot_tables_.push_back(Capture(t));
  context_->info("snapshot of " + std::to_string(tables.size()) + " table(s) at " + FormatLsn(snapshot_lsn_));
  snapshot_ = std::make_unique<SnapshotReader>(*conn_, std::move(tables), settings_.snapshot_fetch_size);
  if (last_end_ < snapshot_lsn_ && slot_created_) last_end_ = snapshot_lsn_;
}

std::vector<std::string> PostgresCdcTask::KeyColumns(const TableId& id, const std::vector<std::string>& primary_key,
                                                     const std::vector<ColumnDefinition>& columns) const {
  std::vector<std::string> names;
  for (const ColumnDefinition& c : columns) names.push_back(c.name);
  return settings_.message_key_columns.keyFor(id, primary_key, names);
}

std::unique_ptr<CapturedTable> PostgresCdcTask::Capture(const TableDescription& d) {
  return std::make_unique<CapturedTable>(d.id, d.relation_oid, d.replica_identity, d.columns,
                                         KeyColumns(d.id, d.primary_key, d.columns), settings_.naming, types_,
                                         filter_, source_schema_);
}

void PostgresCdcTask::StartStreaming() {
  std::string options;
  if (settings_.plugin == DecoderPlugin::kWal2Json) {
    options = kWal2JsonOptions;
  } else {
    options = "\"proto_version\" '1', \"publication_names\" " +
              conn_->quoteLiteral(conn_->quoteIdentifier(settings_.publication_name));
  }
  stream_->start(settings_.slot_name, last_end_, options);
  streaming_ = true;
  idle_end_ = last_end_;
  next_heartbeat_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.heartbeat_interval_ms);
  context_->info("streaming from slot '" + settings_.slot_name + "' at " + FormatLsn(last_end_));
}

// ---- poll -------------------------------------------------------------------------------

void PostgresCdcTask::poll(sdk::RecordList& out) {
  try {
    if (conn_ == nullptr) Connect();
    if (stream_disabled_) {
      context_->wait(settings_.poll_interval_ms);
      return;
    }
    if (snapshot_ != nullptr) {
      PollSnapshot(out);
      return;
    }
    if (!streaming_) StartStreaming();
    PollStream(out);
    EmitHeld(out);
  } catch (const sdk::RetriableException&) {
    // Records of this poll are dropped by the host, so the next connection resumes from the
    // last stored offset.
    held_.reset();
    Disconnect();
    throw;
  } catch (...) {
    held_.reset();  // dropped with the rest of the poll
    throw;
  }
}

void PostgresCdcTask::PollSnapshot(sdk::RecordList& out) {
  SnapshotRow row;
  int64_t n = 0;
  bool more = true;
  while (n < settings_.max_batch_size) {
    if (!snapshot_->next(&row)) {
      more = false;
      break;
    }
    const CapturedTable& table = *snapshot_tables_[row.table];
    std::vector<ColumnText> texts = RowTexts(*row.result, row.row);
    const char* marker = row.first ? "first" : row.last ? "last" : row.last_in_table ? "last_in_data_collection" : "true";
    int64_t now = NowMicros();
    StreamPosition p;
    p.lsn_proc = snapshot_lsn_;
    p.lsn = snapshot_lsn_;
    p.xid = snapshot_xid_;
    p.commit_time_us = now;
    sdk::Value offset = sdk::Value::Map();
    offset.putInt64("lsn_proc", static_cast<int64_t>(snapshot_lsn_))
        .putInt64("lsn", static_cast<int64_t>(snapshot_lsn_))
        .putInt64("txId", snapshot_xid_)
        .putInt64("ts_usec", now)
        .put(sdk::Value::String("snapshot"), sdk::Value::String("INITIAL"))
        .put(sdk::Value::String("last_snapshot_record"), sdk::Value::Boolean(row.last))
        .put(sdk::Value::String("snapshot_completed"), sdk::Value::Boolean(row.last));
    sdk::SourceRecord record(table.topic());
    if (table.hasKey()) record.key(table.keySchema(), table.key(texts));
    sdk::Value envelope = Envelope(table, 'r', sdk::Value::Adopt(nullptr), table.row(texts), Source(table, marker, now, p));
    record.value(table.envelopeSchema(), std::move(envelope)).sourcePartition(*partition_).sourceOffset(std::move(offset));
    out.add(std::move(record));
    last_emitted_ = p;
    last_emitted_snapshot_ = true;
    ++n;
  }
  if (more) return;
  // The snapshot is complete (its transaction committed).
  snapshot_.reset();
  snapshot_tables_.clear();
  context_->info("snapshot complete");
  if (settings_.snapshot_mode == SnapshotMode::kInitialOnly) {
    stream_disabled_ = true;
    stream_.reset();
  }
}

void PostgresCdcTask::PollStream(sdk::RecordList& out) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.poll_interval_ms);
  emitted_in_poll_ = 0;
  int64_t added = 0;
  XLogData data;
  while (added < settings_.max_batch_size) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    // Once records are waiting, hand them over instead of waiting for more.
    int64_t wait = added > 0 ? 0 : std::max<int64_t>(0, left.count());
    ReplicationStream::Event e = stream_->next(&data, wait);
    if (e == ReplicationStream::Event::kNone) {
      if (added > 0 || left.count() <= 0) break;
      continue;
    }
    if (e == ReplicationStream::Event::kKeepalive) {
      if (!in_transaction_) idle_end_ = std::max(idle_end_, data.wal_end);
      continue;
    }
    if (settings_.plugin == DecoderPlugin::kWal2Json) {
      HandleWal2Json(data, out);
    } else {
      HandlePgOutput(data, out);
    }
    added = emitted_in_poll_;
  }
  MaybeEmitHeartbeat(out);
}

void PostgresCdcTask::BeginTransaction(Lsn begin_lsn, Lsn commit_lsn, int64_t commit_time_us, int64_t xid,
                                       sdk::RecordList& out) {
  in_transaction_ = true;
  tx_ = StreamPosition();
  tx_.lsn_proc = last_end_;
  tx_.lsn_commit = commit_lsn;
  tx_.commit_time_us = commit_time_us;
  tx_.xid = xid;
  if (tx_metadata_ == nullptr) return;
  tx_metadata_->begin(xid, commit_time_us);
  // A stored offset inside this transaction (or after it) means its BEGIN was delivered.
  if (resume_commit_ != 0 && commit_lsn <= resume_commit_) return;
  StreamPosition p = tx_;
  p.lsn = begin_lsn;
  Add(out, tx_metadata_->beginRecord(begin_lsn), p);
}

void PostgresCdcTask::EndTransaction(Lsn commit_message_lsn, Lsn end_lsn, sdk::RecordList& out) {
  if (tx_metadata_ != nullptr && in_transaction_ && !(resume_commit_ != 0 && tx_.lsn_commit < resume_commit_)) {
    // Once the END is stored the whole transaction is: its offset points past it.
    StreamPosition p;
    p.lsn_proc = std::max(end_lsn, last_end_);
    p.lsn = commit_message_lsn;
    p.xid = tx_.xid;
    p.commit_time_us = tx_.commit_time_us;
    Add(out, tx_metadata_->endRecord(commit_message_lsn), p);
  }
  in_transaction_ = false;
  if (end_lsn > last_end_) last_end_ = end_lsn;
  if (last_end_ > idle_end_) idle_end_ = last_end_;
}

bool PostgresCdcTask::CountChange(Lsn lsn) {
  ++tx_.tx_events;
  tx_.lsn = lsn;
  if (resume_commit_ == 0) return true;
  if (tx_.lsn_commit < resume_commit_) return false;
  if (tx_.lsn_commit == resume_commit_ && tx_.tx_events <= resume_events_) return false;
  return true;
}

void PostgresCdcTask::HandlePgOutput(const XLogData& data, sdk::RecordList& out) {
  std::string error;
  if (!DecodePgOutput(data.payload, &message_, &error)) {
    throw sdk::ConnectException("slot '" + settings_.slot_name + "' at " + FormatLsn(data.data_start) + ": " + error);
  }
  PgOutputMessage& m = message_;
  switch (m.type) {
    case PgOutputMessage::Type::kBegin:
      BeginTransaction(data.data_start, m.commit_lsn, m.commit_time_us, m.xid, out);
      return;
    case PgOutputMessage::Type::kCommit:
      EndTransaction(data.data_start, m.end_lsn, out);
      if (resume_commit_ != 0 && m.commit_lsn >= resume_commit_) resume_commit_ = 0;
      return;
    case PgOutputMessage::Type::kRelation:
      TableForRelation(m.relation);
      return;
    case PgOutputMessage::Type::kType:
      LoadTypeRegistry(*conn_, &types_);
      return;
    case PgOutputMessage::Type::kInsert:
    case PgOutputMessage::Type::kUpdate:
    case PgOutputMessage::Type::kDelete: {
      const bool fresh = CountChange(data.data_start);
      if (!fresh && tx_metadata_ == nullptr) return;
      auto it = tables_by_oid_.find(m.relation_oid);
      if (it == tables_by_oid_.end() || it->second == nullptr) return;
      const CapturedTable& table = *it->second;
      ReplayScope replay(&replaying_, !fresh);
      std::vector<ColumnText> old_texts = TupleTexts(m.old_tuple);
      std::vector<ColumnText> new_texts = TupleTexts(m.new_tuple);
      if (m.type == PgOutputMessage::Type::kInsert) {
        EmitChange(table, 'c', nullptr, &new_texts, out);
      } else if (m.type == PgOutputMessage::Type::kUpdate) {
        EmitChange(table, 'u', m.old_tuple_kind != 0 ? &old_texts : nullptr, &new_texts, out);
      } else {
        EmitChange(table, 'd', &old_texts, nullptr, out);
      }
      return;
    }
    case PgOutputMessage::Type::kTruncate: {
      const bool fresh = CountChange(data.data_start);
      if (!fresh && tx_metadata_ == nullptr) return;
      ReplayScope replay(&replaying_, !fresh);
      for (uint32_t oid : m.truncated_relations) {
        auto it = tables_by_oid_.find(oid);
        if (it != tables_by_oid_.end() && it->second != nullptr) EmitTruncate(*it->second, out);
      }
      return;
    }
    case PgOutputMessage::Type::kOrigin:
    case PgOutputMessage::Type::kMessage:
      return;
  }
}

const CapturedTable* PostgresCdcTask::TableForRelation(const RelationMessage& relation) {
  TableId id{relation.schema.empty() ? "pg_catalog" : relation.schema, relation.table};
  auto& slot = tables_by_oid_[relation.relation_oid];
  if (!filter_.includesTable(id)) {
    slot.reset();
    return nullptr;
  }
  // The message gives names, types and identity; the catalog adds NOT NULL and the primary key.
  TableDescription catalog;
  bool known = DescribeTable(*conn_, relation.relation_oid, &catalog);
  std::vector<ColumnDefinition> columns;
  for (const RelationColumn& rc : relation.columns) {
    ColumnDefinition c;
    c.name = rc.name;
    c.type_oid = rc.type_oid;
    c.type_modifier = rc.type_modifier;
    for (const ColumnDefinition& cc : catalog.columns) {
      if (cc.name == rc.name) {
        c.not_null = cc.not_null;
        c.default_text = cc.default_text;
      }
    }
    columns.push_back(std::move(c));
  }
  if (slot != nullptr && slot->sameColumns(columns) && slot->replicaIdentity() == relation.replica_identity) {
    return slot.get();
  }
  std::vector<std::string> key;
  if (known) {
    for (const std::string& k : catalog.primary_key) {
      for (const ColumnDefinition& c : columns) {
        if (c.name == k) key.push_back(k);
      }
    }
  }
  key = KeyColumns(id, key, columns);
  slot = std::make_unique<CapturedTable>(id, relation.relation_oid, relation.replica_identity, std::move(columns), key,
                                         settings_.naming, types_, filter_, source_schema_);
  return slot.get();
}

const CapturedTable* PostgresCdcTask::TableByName(const std::string& schema, const std::string& table,
                                                  const std::vector<std::string>* column_names) {
  TableId id{schema, table};
  if (!filter_.includesTable(id)) return nullptr;
  auto& slot = tables_by_name_[id.qualified()];
  if (slot != nullptr && column_names != nullptr) {
    bool same = column_names->size() == slot->columns().size();
    for (size_t i = 0; same && i < column_names->size(); ++i) {
      same = (*column_names)[i] == slot->columns()[i].definition.name;
    }
    if (!same) slot.reset();
  }
  if (slot != nullptr) return slot.get();
  // wal2json names columns but gives no type modifiers or NOT NULL: the catalog has them.
  PgResult r = conn_->exec(
      "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = $1 AND c.relname = $2",
      {schema.c_str(), table.c_str()}, "looking up a table");
  TableDescription d;
  if (r.rows() == 0 || !DescribeTable(*conn_, static_cast<uint32_t>(std::stoul(r.string(0, 0))), &d)) {
    throw sdk::ConnectException("table " + id.qualified() + " is in the change stream but no longer in the catalog");
  }
  slot = Capture(d);
  return slot.get();
}

void PostgresCdcTask::HandleWal2Json(const XLogData& data, sdk::RecordList& out) {
  Wal2JsonChange change;
  std::string error;
  if (!DecodeWal2Json(data.payload, &change, &error)) {
    throw sdk::ConnectException("slot '" + settings_.slot_name + "' at " + FormatLsn(data.data_start) + ": " + error);
  }
  switch (change.action) {
    case 'B':
      BeginTransaction(data.data_start, change.next_lsn != 0 ? change.next_lsn : data.data_start, change.timestamp_us,
                       change.xid, out);
      return;
    case 'C':
      EndTransaction(data.data_start, change.next_lsn != 0 ? change.next_lsn : data.wal_end, out);
      if (resume_commit_ != 0 && tx_.lsn_commit >= resume_commit_) resume_commit_ = 0;
      return;
    case 'I':
    case 'U':
    case 'D': {
      const bool fresh = CountChange(data.data_start);
      if (!fresh && tx_metadata_ == nullptr) return;
      std::vector<std::string> names;
      for (const Wal2JsonColumn& c : change.columns) names.push_back(c.name);
      const CapturedTable* table =
          TableByName(change.schema, change.table, change.action == 'D' ? nullptr : &names);
      if (table == nullptr) return;
      ReplayScope replay(&replaying_, !fresh);
      std::vector<ColumnText> after = NamedTexts(*table, change.columns);
      std::vector<ColumnText> before = NamedTexts(*table, change.identity);
      if (change.action == 'I') EmitChange(*table, 'c', nullptr, &after, out);
      else if (change.action == 'U') EmitChange(*table, 'u', change.identity.empty() ? nullptr : &before, &after, out);
      else EmitChange(*table, 'd', &before, nullptr, out);
      return;
    }
    case 'T': {
      const bool fresh = CountChange(data.data_start);
      if (!fresh && tx_metadata_ == nullptr) return;
      ReplayScope replay(&replaying_, !fresh);
      const CapturedTable* table = TableByName(change.schema, change.table, nullptr);
      if (table != nullptr) EmitTruncate(*table, out);
      return;
    }
    default:
      return;
  }
}

// ---- events -----------------------------------------------------------------------------

sdk::Value PostgresCdcTask::Source(const CapturedTable& table, const char* snapshot, int64_t ts_us,
                                   const StreamPosition& p) {
  SourceTemplate& t = source_template_;
  if (!t.block || t.xid != p.xid || t.snapshot != snapshot || t.table != table.id().table ||
      t.schema != table.id().schema) {
    sdk::Value block = sdk::Value::Struct(source_schema_);
    block.set("version", sdk::Value::String(kDebeziumVersion))
        .set("connector", sdk::Value::String(kConnectorName))
        .set("name", sdk::Value::String(settings_.topic_prefix))
        .set("snapshot", sdk::Value::String(snapshot))
        .set("db", sdk::Value::String(settings_.connection.dbname))
        .set("schema", sdk::Value::String(table.id().schema))
        .set("table", sdk::Value::String(table.id().table));
    if (p.xid >= 0) block.set("txId", sdk::Value::Int64(p.xid));
    t.block = std::move(block);
    t.schema = table.id().schema;
    t.table = table.id().table;
    t.snapshot = snapshot;
    t.xid = p.xid;
  }
  sdk::Value s = sdk::Value::Copy(*t.block);
  // Debezium's ["<last commit LSN>","<event LSN>"], the first null before any commit; to_chars
  // rather than snprintf, whose format parsing was 1% of the stream's CPU.
  std::array<char, 64> sequence;  // at most 47 bytes
  size_t n = 0;
  const auto append = [&sequence, &n](std::string_view text) {
    std::memcpy(sequence.data() + n, text.data(), text.size());
    n += text.size();
  };
  const auto append_number = [&append](Lsn v) {
    char digits[20];  // UINT64_MAX has 20
    append(std::string_view(digits, static_cast<size_t>(std::to_chars(digits, digits + 20, v).ptr - digits)));
  };
  if (p.lsn_proc != 0) {
    append("[\"");
    append_number(p.lsn_proc);
    append("\",\"");
  } else {
    append("[null,\"");
  }
  append_number(p.lsn);
  append("\"]");
  const SourceFields& f = source_fields_;
  s.setInt64At(f.ts_ms, ts_us / 1000)
      .setInt64At(f.ts_us, ts_us)
      .setInt64At(f.ts_ns, ts_us * 1000)
      .setStringAt(f.sequence, std::string_view(sequence.data(), n))
      .setInt64At(f.lsn, static_cast<int64_t>(p.lsn));
  return s;
}

sdk::Value PostgresCdcTask::Envelope(const CapturedTable& table, char op, sdk::Value before, sdk::Value after,
                                     sdk::Value source) {
  sdk::Value e = sdk::Value::Struct(table.envelopeSchema());
  const EnvelopeFields& f = table.envelopeFields();
  if (tx_metadata_ != nullptr && in_transaction_) {
    e.setAt(f.transaction, tx_metadata_->block(table.transactionBlockSchema(), table.id().qualified(), tx_.lsn));
  }
  int64_t now = NowMicros();
  if (!before.isNull()) e.setAt(f.before, std::move(before));
  if (!after.isNull()) e.setAt(f.after, std::move(after));
  e.setAt(f.source, std::move(source))
      .setStringAt(f.op, std::string_view(&op, 1))
      .setInt64At(f.ts_ms, now / 1000)
      .setInt64At(f.ts_us, now)
      .setInt64At(f.ts_ns, now * 1000);
  return e;
}

sdk::Value PostgresCdcTask::StreamOffset(const StreamPosition& p) const {
  sdk::Value offset = sdk::Value::Map();
  offset.putInt64("lsn_proc", static_cast<int64_t>(p.lsn_proc))
      .putInt64("lsn", static_cast<int64_t>(p.lsn))
      .putInt64("ts_usec", p.commit_time_us);
  if (p.lsn_commit != 0) {
    offset.putInt64("lsn_commit", static_cast<int64_t>(p.lsn_commit)).putInt64("tx_events", p.tx_events);
  }
  if (p.xid >= 0) offset.putInt64("txId", p.xid);
  return offset;
}

void PostgresCdcTask::Add(sdk::RecordList& out, sdk::SourceRecord record, const StreamPosition& p) {
  if (replaying_) return;
  record.sourcePartition(*partition_);
  if (held_.has_value()) out.add(std::move(*held_));
  held_.emplace(std::move(record));
  last_emitted_ = p;
  last_emitted_snapshot_ = false;
  ++emitted_in_poll_;
}

void PostgresCdcTask::EmitHeld(sdk::RecordList& out) {
  if (!held_.has_value()) return;
  held_->sourceOffset(StreamOffset(*last_emitted_));  // the held record is the last queued
  out.add(std::move(*held_));
  held_.reset();
}

void PostgresCdcTask::EmitChange(const CapturedTable& table, char op, const std::vector<ColumnText>* before,
                                 const std::vector<ColumnText>* after, sdk::RecordList& out) {
  if ((op == 'c' && settings_.skip_create) || (op == 'u' && settings_.skip_update) ||
      (op == 'd' && settings_.skip_delete)) {
    return;
  }
  // An update that changes the primary key is, as in Debezium, a delete of the old key (with a
  // tombstone) and a create of the new one, each pointing at the other in a header.
  if (op == 'u' && before != nullptr && table.hasKey()) {
    bool same = true;
    for (size_t i : table.keyColumns()) {
      const ColumnText& a = (*before)[i];
      const ColumnText& b = (*after)[i];
      same = same && a.state == b.state && a.text == b.text;
    }
    if (!same) {
      sdk::Value old_key = table.key(*before);
      sdk::Value new_key = table.key(*after);
      sdk::SourceRecord del(table.topic());
      del.key(table.keySchema(), sdk::Value::Copy(old_key))
          .value(table.envelopeSchema(), Envelope(table, 'd', table.row(*before), sdk::Value::Adopt(nullptr),
                                                  Source(table, "false", tx_.commit_time_us, tx_)))
          .header("__debezium.newkey", table.keySchema(), sdk::Value::Copy(new_key));
      Add(out, std::move(del), tx_);
      if (settings_.tombstones_on_delete) {
        sdk::SourceRecord tombstone(table.topic());
        tombstone.key(table.keySchema(), sdk::Value::Copy(old_key));
        Add(out, std::move(tombstone), tx_);
      }
      sdk::SourceRecord create(table.topic());
      create.key(table.keySchema(), std::move(new_key))
          .value(table.envelopeSchema(), Envelope(table, 'c', sdk::Value::Adopt(nullptr), table.row(*after),
                                                  Source(table, "false", tx_.commit_time_us, tx_)))
          .header("__debezium.oldkey", table.keySchema(), std::move(old_key));
      Add(out, std::move(create), tx_);
      return;
    }
  }
  // Without a primary key Debezium has no key; a delete then has a before only with REPLICA IDENTITY FULL.
  const std::vector<ColumnText>* key_source = after != nullptr ? after : before;
  sdk::SourceRecord record(table.topic());
  if (table.hasKey()) record.key(table.keySchema(), table.key(*key_source));
  sdk::Value before_row = before != nullptr ? table.row(*before) : sdk::Value::Adopt(nullptr);
  sdk::Value after_row = after != nullptr ? table.row(*after) : sdk::Value::Adopt(nullptr);
  record.value(table.envelopeSchema(), Envelope(table, op, std::move(before_row), std::move(after_row),
                                                Source(table, "false", tx_.commit_time_us, tx_)));
  Add(out, std::move(record), tx_);
  if (op == 'd' && settings_.tombstones_on_delete) {
    sdk::SourceRecord tombstone(table.topic());
    if (table.hasKey()) tombstone.key(table.keySchema(), table.key(*before));
    Add(out, std::move(tombstone), tx_);
  }
}

void PostgresCdcTask::EmitTruncate(const CapturedTable& table, sdk::RecordList& out) {
  if (settings_.skip_truncate) return;
  sdk::SourceRecord record(table.topic());
  record.value(table.envelopeSchema(), Envelope(table, 't', sdk::Value::Adopt(nullptr), sdk::Value::Adopt(nullptr),
                                                Source(table, "false", tx_.commit_time_us, tx_)));
  Add(out, std::move(record), tx_);
}

Lsn PostgresCdcTask::IdlePosition() const { return in_transaction_ ? last_end_ : std::max(last_end_, idle_end_); }

void PostgresCdcTask::MaybeEmitHeartbeat(sdk::RecordList& out) {
  if (settings_.heartbeat_interval_ms <= 0 || std::chrono::steady_clock::now() < next_heartbeat_) return;
  next_heartbeat_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.heartbeat_interval_ms);
  StreamPosition p;
  p.lsn_proc = IdlePosition();
  p.lsn = p.lsn_proc;
  p.commit_time_us = NowMicros();
  sdk::SourceRecord record(settings_.heartbeat_topic);
  sdk::Value key = sdk::Value::Struct(heartbeat_key_schema_);
  key.set("serverName", sdk::Value::String(settings_.topic_prefix));
  sdk::Value value = sdk::Value::Struct(heartbeat_value_schema_);
  value.set("ts_ms", sdk::Value::Int64(p.commit_time_us / 1000));
  record.key(heartbeat_key_schema_, std::move(key)).value(heartbeat_value_schema_, std::move(value));
  Add(out, std::move(record), p);
}

// ---- commit -----------------------------------------------------------------------------

void PostgresCdcTask::commit() {
  if (stream_ == nullptr || !streaming_) return;
  std::optional<sdk::Value> stored = context_->offset(ServerPartition(settings_.topic_prefix));
  Lsn safe = 0;
  bool caught_up = !last_emitted_.has_value();
  if (stored.has_value() && !stored->isNull()) {
    safe = static_cast<Lsn>(OffsetLong(*stored, "lsn_proc"));
    if (last_emitted_.has_value() && !last_emitted_snapshot_) {
      StreamPosition s;
      s.lsn_proc = safe;
      s.lsn = static_cast<Lsn>(OffsetLong(*stored, "lsn"));
      s.lsn_commit = static_cast<Lsn>(OffsetLong(*stored, "lsn_commit"));
      s.tx_events = s.lsn_commit != 0 ? OffsetLong(*stored, "tx_events") : 0;
      caught_up = s == *last_emitted_;
    } else if (last_emitted_snapshot_) {
      caught_up = stored->get("snapshot_completed").asBool();
    }
  }
  // Everything emitted is stored and no transaction is half read: the slot may move to where
  // the stream is.
  if (caught_up && !in_transaction_) safe = std::max(safe, IdlePosition());
  if (safe != 0) stream_->confirm(safe);
}

}  // namespace pgcdc
}  // namespace connectd
