// OdbcSourceConnector: Confluent's JDBC source (also registered as
// io.confluent.connect.jdbc.JdbcSourceConnector) over ODBC. Polls whole tables or one custom
// `query` with mode bulk | incrementing | timestamp | timestamp+incrementing and Confluent's keys
// (table.whitelist / table.include.list, table.blacklist / table.exclude.list, schema.pattern,
// catalog.pattern, table.types, topic.prefix, poll.interval.ms, batch.max.rows,
// table.poll.interval.ms, timestamp.delay.interval.ms, timestamp.initial, validate.non.null,
// numeric.mapping, query.suffix).
//
// The connector lists the tables, spreads them over up to tasks.max tasks (one idle task while
// none matches), and re-lists them every table.poll.interval.ms on its own thread, asking the
// host for new task configs when the set changed (so new tables are picked up without a restart).
// A task polls one open result until it is exhausted, then the querier due first; a poll that
// fails rewinds that querier to where the poll started, since its records are dropped.
// Threading: the SDK calls each object from one thread at a time; the monitor thread only reads
// the database and calls requestTaskReconfiguration (which any thread may call).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "connectd/sdk.hpp"
#include "odbc_session.h"
#include "table_querier.h"

namespace connectd {
namespace odbc {

class OdbcSourceTask : public sdk::SourceTask {
 public:
  void start(const sdk::Config& config, sdk::Context& context) override;
  void poll(sdk::RecordList& out) override;
  void stop() override;

 private:
  void Connect();

  sdk::Context* context_ = nullptr;
  ConnectionSettings connection_settings_;
  SourceSettings settings_;
  std::unique_ptr<OdbcSession> session_;
  std::vector<std::unique_ptr<TableQuerier>> queriers_;
  bool validated_ = false;
};

class OdbcSourceConnector : public sdk::SourceConnector {
 public:
  using Task = OdbcSourceTask;
  static constexpr const char* kClassName = "OdbcSourceConnector";
  static constexpr const char* kVersion = CONNECTD_ODBC_PLUGIN_VERSION;
  static constexpr const char* kDescription =
      "Polls database tables or a query over ODBC into Kafka (Confluent JDBC source compatible).";
  static const char* const* aliases();
  static const sdk::ConfigDef& configDef();

  ~OdbcSourceConnector() override;
  void start(const sdk::Config& config, sdk::Context& context) override;
  void taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) override;
  void stop() override;

 private:
  // The tables to read now, as quoted TableId text, sorted.
  std::vector<std::string> ListTables(const ConnectionSettings& settings);
  void Monitor();

  sdk::Context* context_ = nullptr;
  std::map<std::string, std::string> config_;
  ConnectionSettings connection_settings_;
  std::vector<std::string> whitelist_, blacklist_;
  std::vector<std::regex> include_regex_, exclude_regex_;
  std::string catalog_pattern_, schema_pattern_;
  std::vector<std::string> table_types_;
  int64_t table_poll_interval_ms_ = 60000;
  bool query_mode_ = false;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::string> tables_;  // guarded by mu_
  std::thread monitor_;
};

// Reads and checks the source keys (shared by the connector, which fails fast, and the task).
SourceSettings ReadSourceSettings(const sdk::Config& config);

}  // namespace odbc
}  // namespace connectd
