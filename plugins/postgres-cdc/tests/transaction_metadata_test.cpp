// Debezium's transaction metadata: the BEGIN and END events (schemas, ids, counts per table) and
// the events' transaction block, checked as the JSON the host's JsonConverter writes for them;
// with the host's real service table.
#include "transaction_metadata.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "connect_json.h"
#include "data/record.h"
#include "plugin/host_api.h"

namespace connectd {
namespace pgcdc {
namespace {

struct HostFixture {
  HostFixture() { sdk::HostSlot() = HostApi(); }
};

// The record's key and value as JsonConverter (schemas on) writes them; takes the record.
std::pair<std::string, std::string> KeyAndValue(sdk::SourceRecord record, std::string* topic) {
  std::unique_ptr<ConnectRecord> r(AsRecord(record.release()));
  *topic = r->topic;
  auto json = [](const SchemaPtr& schema, const Value& value) {
    JsonConverter converter;
    std::string out;
    bool is_null = false;
    Status status = converter.FromConnectData(ErrorContext{}, schema, value, &out, &is_null);
    REQUIRE_MESSAGE(status.ok(), status.message());
    return out;
  };
  return {json(r->key_schema, r->key), json(r->value_schema, r->value)};
}

const char* kKeySchema =
    R"({"type":"struct","fields":[{"type":"string","optional":false,"field":"id"}],"optional":false,)"
    R"("name":"io.debezium.connector.common.TransactionMetadataKey","version":1})";
const char* kValueSchema =
    R"({"type":"struct","fields":[{"type":"string","optional":false,"field":"status"},)"
    R"({"type":"string","optional":false,"field":"id"},{"type":"int64","optional":true,"field":"event_count"},)"
    R"({"type":"array","items":{"type":"struct","fields":[{"type":"string","optional":false,"field":"data_collection"},)"
    R"({"type":"int64","optional":false,"field":"event_count"}],"optional":true,"name":"event.collection","version":1},)"
    R"("optional":true,"field":"data_collections"},{"type":"int64","optional":false,"field":"ts_ms"}],)"
    R"("optional":false,"name":"io.debezium.connector.common.TransactionMetadataValue","version":1})";

}  // namespace

TEST_CASE_FIXTURE(HostFixture, "BEGIN and END events carry Debezium's schemas, ids and counts per table") {
  TransactionMetadata tx("dbserver1.transaction");
  tx.begin(571, 1580390884335123);
  std::string topic;
  auto [begin_key, begin_value] = KeyAndValue(tx.beginRecord(22910464), &topic);
  CHECK(topic == "dbserver1.transaction");
  CHECK(begin_key == std::string(R"({"schema":)") + kKeySchema + R"(,"payload":{"id":"571:22910464"}})");
  CHECK(begin_value == std::string(R"({"schema":)") + kValueSchema +
                           R"(,"payload":{"status":"BEGIN","id":"571:22910464","event_count":null,)"
                           R"("data_collections":null,"ts_ms":1580390884335}})");

  sdk::Schema block_schema = BuildTransactionBlockSchema();
  CHECK(Json(block_schema, tx.block(block_schema, "s1.a", 22910520)) ==
        R"({"schema":{"type":"struct","fields":[{"type":"string","optional":false,"field":"id"},)"
        R"({"type":"int64","optional":false,"field":"total_order"},)"
        R"({"type":"int64","optional":false,"field":"data_collection_order"}],"optional":true,)"
        R"("name":"event.block","version":1},"payload":{"id":"571:22910520","total_order":1,)"
        R"("data_collection_order":1}})");
  tx.block(block_schema, "s2.a", 22910600);
  sdk::Value third = tx.block(block_schema, "s1.a", 22910700);
  CHECK(Json(block_schema, third).find(R"("payload":{"id":"571:22910700","total_order":3,"data_collection_order":2})") !=
        std::string::npos);

  auto [end_key, end_value] = KeyAndValue(tx.endRecord(22910800), &topic);
  CHECK(end_key.find(R"("payload":{"id":"571:22910800"})") != std::string::npos);
  CHECK(end_value.find(R"("payload":{"status":"END","id":"571:22910800","event_count":3,"data_collections":)"
                       R"([{"data_collection":"s1.a","event_count":2},{"data_collection":"s2.a","event_count":1}],)"
                       R"("ts_ms":1580390884335})") != std::string::npos);

  // The next transaction counts from zero.
  tx.begin(572, 1580390890000000);
  tx.block(block_schema, "s2.a", 22911000);
  auto [key2, value2] = KeyAndValue(tx.endRecord(22911100), &topic);
  CHECK(value2.find(R"("event_count":1,"data_collections":[{"data_collection":"s2.a","event_count":1}])") !=
        std::string::npos);
}

}  // namespace pgcdc
}  // namespace connectd
