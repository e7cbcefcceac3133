// OdbcSinkConnector: Confluent's JDBC sink (also registered as
// io.confluent.connect.jdbc.JdbcSinkConnector) over ODBC. Writes each topic into a table named by
// table.name.format, with insert.mode insert | upsert | update, pk.mode none | kafka | record_key |
// record_value, pk.fields, fields.whitelist, auto.create, auto.evolve, delete.enabled, batch.size,
// max.retries and retry.backoff.ms, as Confluent documents them.
//
// Delivery: each put() is one database transaction, committed before put() returns; the host
// commits consumer offsets only after that, so a crash replays at most the last put. In upsert
// mode a replay rewrites the same rows, leaving the table as it was.
// Errors: connection loss, deadlocks and timeouts roll back, reconnect after retry.backoff.ms and
// retry the same records up to max.retries times; a batch that lost a CREATE/ALTER race to another
// task is written again at once; bad credentials, an unknown database, a tombstone without
// delete.enabled and a row the database rejects fail the task, naming the table, topic,
// partition and offset.
// Threading: the SDK calls each object from one thread at a time.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "connectd/sdk.hpp"
#include "odbc_session.h"
#include "table_writer.h"

namespace connectd {
namespace odbc {

class OdbcSinkTask : public sdk::SinkTask {
 public:
  void start(const sdk::Config& config, sdk::Context& context) override;
  void put(const std::vector<sdk::RecordView>& records) override;
  void stop() override;

 private:
  TableWriter& WriterFor(const std::string& topic);
  void Write(const std::vector<sdk::RecordView>& records);

  sdk::Context* context_ = nullptr;
  ConnectionSettings connection_settings_;
  SinkSettings settings_;
  std::string table_name_format_;
  int32_t max_retries_ = 10;
  int32_t retries_left_ = 10;
  int64_t retry_backoff_ms_ = 3000;
  std::unique_ptr<OdbcSession> session_;
  std::map<std::string, std::unique_ptr<TableWriter>> writers_;  // by table.name.format result
};

class OdbcSinkConnector : public sdk::SinkConnector {
 public:
  using Task = OdbcSinkTask;
  static constexpr const char* kClassName = "OdbcSinkConnector";
  static constexpr const char* kVersion = CONNECTD_ODBC_PLUGIN_VERSION;
  static constexpr const char* kDescription =
      "Writes Kafka records into database tables over ODBC (Confluent JDBC sink compatible).";
  static const char* const* aliases();
  static const sdk::ConfigDef& configDef();

  void start(const sdk::Config& config, sdk::Context& context) override;
  void taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) override;

 private:
  std::map<std::string, std::string> config_;
};

// Reads and checks the sink keys (shared by the connector, which fails fast, and the task).
SinkSettings ReadSinkSettings(const sdk::Config& config);

}  // namespace odbc
}  // namespace connectd
