#include "odbc_sink.h"

#include <algorithm>

namespace connectd {
namespace odbc {

SinkSettings ReadSinkSettings(const sdk::Config& config) {
  SinkSettings s;
  std::string insert_mode = config.get("insert.mode").value_or("insert");
  if (!InsertModeFromName(insert_mode, &s.insert_mode)) {
    throw sdk::ConnectException("insert.mode \"" + insert_mode + "\" must be insert, upsert or update");
  }
  std::string pk_mode = config.get("pk.mode").value_or("none");
  if (!PkModeFromName(pk_mode, &s.pk_mode)) {
    throw sdk::ConnectException("pk.mode \"" + pk_mode + "\" must be none, kafka, record_key or record_value");
  }
  s.pk_fields = config.getList("pk.fields");
  s.fields_whitelist = config.getList("fields.whitelist");
  s.auto_create = config.getBool("auto.create");
  s.auto_evolve = config.getBool("auto.evolve");
  s.delete_enabled = config.getBool("delete.enabled");
  int32_t batch = config.getInt("batch.size");
  if (batch < 1) throw sdk::ConnectException("batch.size must be at least 1");
  s.batch_size = static_cast<size_t>(batch);
  if (s.delete_enabled && s.pk_mode != PkMode::kRecordKey) {
    throw sdk::ConnectException("delete.enabled=true needs pk.mode=record_key (deletes find rows by the record key)");
  }
  if (s.insert_mode != InsertMode::kInsert && s.pk_mode == PkMode::kNone) {
    throw sdk::ConnectException("insert.mode=" + insert_mode +
                                " needs primary key columns: set pk.mode to kafka, record_key or record_value");
  }
  return s;
}

const char* const* OdbcSinkConnector::aliases() {
  static const char* const kAliases[] = {"io.confluent.connect.jdbc.JdbcSinkConnector", "JdbcSinkConnector", nullptr};
  return kAliases;
}

const sdk::ConfigDef& OdbcSinkConnector::configDef() {
  static const sdk::ConfigDef def = [] {
    sdk::ConfigDef d;
    DefineConnectionKeys(d);
    sdk::ConfigDef::Key insert;
    insert.name = "insert.mode";
    insert.default_value = "insert";
    insert.importance = CD_IMPORTANCE_HIGH;
    insert.valid_values = {"insert", "upsert", "update"};
    insert.documentation = "insert: INSERT; upsert: the dialect's insert-or-update; update: UPDATE by key.";
    d.define(std::move(insert));
    d.define("batch.size", CD_CONFIG_INT, std::string("3000"), CD_IMPORTANCE_MEDIUM,
             "Records per statement execution (one ODBC parameter array).");
    d.define("delete.enabled", CD_CONFIG_BOOLEAN, std::string("false"), CD_IMPORTANCE_MEDIUM,
             "Tombstones (null values) delete the row with the record key; needs pk.mode=record_key.");
    d.define("table.name.format", CD_CONFIG_STRING, std::string("${topic}"), CD_IMPORTANCE_MEDIUM,
             "Destination table name; ${topic} is replaced by the record's topic.");
    sdk::ConfigDef::Key pk;
    pk.name = "pk.mode";
    pk.default_value = "none";
    pk.importance = CD_IMPORTANCE_HIGH;
    pk.valid_values = {"none", "kafka", "record_key", "record_value"};
    pk.documentation = "Where the primary key columns come from.";
    d.define(std::move(pk));
    d.define("pk.fields", CD_CONFIG_LIST, std::string(), CD_IMPORTANCE_MEDIUM,
             "Primary key field names; their meaning depends on pk.mode.");
    d.define("fields.whitelist", CD_CONFIG_LIST, std::string(), CD_IMPORTANCE_MEDIUM,
             "Value fields to write; empty writes all of them.");
    d.define("db.timezone", CD_CONFIG_STRING, std::string("UTC"), CD_IMPORTANCE_MEDIUM,
             "Time zone of the database's date and time values; only UTC is supported.");
    d.define("auto.create", CD_CONFIG_BOOLEAN, std::string("false"), CD_IMPORTANCE_MEDIUM,
             "Create a missing table (CREATE TABLE) from the record schema.");
    d.define("auto.evolve", CD_CONFIG_BOOLEAN, std::string("false"), CD_IMPORTANCE_MEDIUM,
             "Add columns (ALTER TABLE) for fields the table lacks.");
    d.define("max.retries", CD_CONFIG_INT, std::string("10"), CD_IMPORTANCE_MEDIUM,
             "Retries of a batch after a transient database error before the task fails.");
    d.define("retry.backoff.ms", CD_CONFIG_INT, std::string("3000"), CD_IMPORTANCE_MEDIUM,
             "Milliseconds to wait before retrying after a transient error.");
    d.define("table.types", CD_CONFIG_LIST, std::string("TABLE"), CD_IMPORTANCE_LOW,
             "Table types the sink may write to.");
    return d;
  }();
  return def;
}

void OdbcSinkConnector::start(const sdk::Config& config, sdk::Context&) {
  ReadConnectionSettings(config);
  ReadSinkSettings(config);
  if (config.get("db.timezone").value_or("UTC") != "UTC") {
    throw sdk::ConnectException("db.timezone: only UTC is supported");
  }
  config_ = config.all();
}

void OdbcSinkConnector::taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) {
  for (uint32_t i = 0; i < max_tasks; ++i) out.add(config_);
}

void OdbcSinkTask::start(const sdk::Config& config, sdk::Context& context) {
  context_ = &context;
  connection_settings_ = ReadConnectionSettings(config);
  settings_ = ReadSinkSettings(config);
  table_name_format_ = config.get("table.name.format").value_or("${topic}");
  max_retries_ = config.getInt("max.retries");
  retries_left_ = max_retries_;
  retry_backoff_ms_ = config.getInt("retry.backoff.ms");
}

TableWriter& OdbcSinkTask::WriterFor(const std::string& topic) {
  std::string name = table_name_format_;
  for (size_t at = name.find("${topic}"); at != std::string::npos; at = name.find("${topic}", at + topic.size())) {
    name.replace(at, 8, topic);
  }
  auto it = writers_.find(name);
  if (it == writers_.end()) {
    TableId table = TableIdForDialect(session_->dialect->kind(), ParseTableId(name));
    // An unqualified name is the session's current schema, not any schema with such a table.
    std::string query = session_->dialect->CurrentSchemaQuery();
    if (table.schema.empty() && !query.empty()) {
      OdbcStatement stmt(session_->connection);
      stmt.ExecuteDirect(query);
      if (stmt.Fetch()) stmt.GetText(1, &table.schema);
    }
    it = writers_.emplace(name, std::make_unique<TableWriter>(*session_, settings_, table, name)).first;
  }
  return *it->second;
}

void OdbcSinkTask::Write(const std::vector<sdk::RecordView>& records) {
  if (!session_) {
    auto session = std::make_unique<OdbcSession>();
    OpenSession(*session, connection_settings_, *context_);
    session->connection.SetAutoCommit(false);
    session_ = std::move(session);
  }
  std::string last_topic;
  TableWriter* writer = nullptr;
  std::vector<TableWriter*> used;
  for (const sdk::RecordView& r : records) {
    if (writer == nullptr || r.topic() != last_topic) {
      last_topic = std::string(r.topic());
      writer = &WriterFor(last_topic);
      if (std::find(used.begin(), used.end(), writer) == used.end()) used.push_back(writer);
    }
    writer->Add(r);
  }
  for (TableWriter* w : used) w->Flush();
  try {
    session_->connection.Commit();
  } catch (const OdbcError& e) {
    const sdk::RecordView& first = records.front();
    const sdk::RecordView& last = records.back();
    throw OdbcError("committing " + std::to_string(records.size()) + " records from topic " +
                        std::string(first.topic()) + " partition " + std::to_string(first.kafkaPartition()) +
                        " offset " + std::to_string(first.kafkaOffset()) + " to topic " + std::string(last.topic()) +
                        " partition " + std::to_string(last.kafkaPartition()) + " offset " +
                        std::to_string(last.kafkaOffset()) + ": " + e.what(),
                    e.sqlstate(), e.transient());
  }
}

void OdbcSinkTask::put(const std::vector<sdk::RecordView>& records) {
  if (records.empty()) return;
  try {
    for (int attempt = 1;; ++attempt) {
      try {
        Write(records);
        break;
      } catch (const TableChangedConcurrently& e) {
        // Nothing is wrong with the records or the connection: write them again at once.
        // The rollback may have undone this put's other DDL too: read every table afresh.
        if (attempt >= 3) throw;
        session_->connection.Rollback();
        writers_.clear();
        context_->info(e.what());
      }
    }
    retries_left_ = max_retries_;
  } catch (const OdbcError& e) {
    for (auto& [name, w] : writers_) w->Discard();
    if (session_) session_->connection.Rollback();
    if (!e.transient()) throw sdk::ConnectException(e.what());
    // Statements and table metadata belong to the lost connection: start afresh.
    writers_.clear();
    session_.reset();
    if (retries_left_ <= 0) {
      throw sdk::ConnectException(std::string(e.what()) + " (gave up after max.retries=" +
                                  std::to_string(max_retries_) + " retries)");
    }
    --retries_left_;
    context_->warn(std::string(e.what()) + "; retrying in " + std::to_string(retry_backoff_ms_) + " ms (" +
                   std::to_string(retries_left_) + " retries left)");
    context_->wait(retry_backoff_ms_);
    throw sdk::RetriableException(e.what());
  } catch (...) {
    for (auto& [name, w] : writers_) w->Discard();
    if (session_) session_->connection.Rollback();
    throw;
  }
}

void OdbcSinkTask::stop() {
  writers_.clear();
  session_.reset();
}

}  // namespace odbc
}  // namespace connectd
