#include "transaction_metadata.h"

namespace connectd {
namespace pgcdc {

sdk::Schema BuildTransactionBlockSchema() {
  return sdk::SchemaBuilder::Struct()
      .name("event.block")
      .version(1)
      .optional()
      .field("id", sdk::Schema::Primitive(sdk::Type::String))
      .field("total_order", sdk::Schema::Primitive(sdk::Type::Int64))
      .field("data_collection_order", sdk::Schema::Primitive(sdk::Type::Int64))
      .build();
}

TransactionMetadata::TransactionMetadata(std::string topic) : topic_(std::move(topic)) {
  key_schema_ = sdk::SchemaBuilder::Struct()
                    .name("io.debezium.connector.common.TransactionMetadataKey")
                    .version(1)
                    .field("id", sdk::Schema::Primitive(sdk::Type::String))
                    .build();
  collection_schema_ = sdk::SchemaBuilder::Struct()
                           .name("event.collection")
                           .version(1)
                           .optional()
                           .field("data_collection", sdk::Schema::Primitive(sdk::Type::String))
                           .field("event_count", sdk::Schema::Primitive(sdk::Type::Int64))
                           .build();
  value_schema_ = sdk::SchemaBuilder::Struct()
                      .name("io.debezium.connector.common.TransactionMetadataValue")
                      .version(1)
                      .field("status", sdk::Schema::Primitive(sdk::Type::String))
                      .field("id", sdk::Schema::Primitive(sdk::Type::String))
                      .field("event_count", sdk::Schema::Primitive(sdk::Type::Int64, true))
                      .field("data_collections", sdk::SchemaBuilder::Array(collection_schema_).optional().build())
                      .field("ts_ms", sdk::Schema::Primitive(sdk::Type::Int64))
                      .build();
}

void TransactionMetadata::begin(int64_t xid, int64_t commit_time_us) {
  xid_ = xid;
  commit_time_us_ = commit_time_us;
  total_ = 0;
  per_collection_.clear();
}

std::string TransactionMetadata::Id(Lsn lsn) const {
  return std::to_string(xid_) + ":" + std::to_string(lsn);
}

sdk::Value TransactionMetadata::block(sdk::SchemaView block_schema, const std::string& data_collection, Lsn lsn) {
  ++total_;
  int64_t order = 0;
  for (auto& [name, count] : per_collection_) {
    if (name == data_collection) order = ++count;
  }
  if (order == 0) {
    per_collection_.emplace_back(data_collection, 1);
    order = 1;
  }
  sdk::Value b = sdk::Value::Struct(block_schema);
  b.set("id", sdk::Value::String(Id(lsn)))
      .set("total_order", sdk::Value::Int64(total_))
      .set("data_collection_order", sdk::Value::Int64(order));
  return b;
}

sdk::SourceRecord TransactionMetadata::Record(const char* status, Lsn lsn, bool with_counts) const {
  sdk::Value key = sdk::Value::Struct(key_schema_);
  key.set("id", sdk::Value::String(Id(lsn)));
  sdk::Value value = sdk::Value::Struct(value_schema_);
  value.set("status", sdk::Value::String(status))
      .set("id", sdk::Value::String(Id(lsn)))
      .set("ts_ms", sdk::Value::Int64(commit_time_us_ / 1000));
  if (with_counts) {
    sdk::Value collections = sdk::Value::Array();
    for (const auto& [name, count] : per_collection_) {
      sdk::Value c = sdk::Value::Struct(collection_schema_);
      c.set("data_collection", sdk::Value::String(name)).set("event_count", sdk::Value::Int64(count));
      collections.append(std::move(c));
    }
    value.set("event_count", sdk::Value::Int64(total_)).set("data_collections", std::move(collections));
  }
  sdk::SourceRecord record(topic_);
  record.key(key_schema_, std::move(key)).value(value_schema_, std::move(value));
  return record;
}

sdk::SourceRecord TransactionMetadata::beginRecord(Lsn lsn) const { return Record("BEGIN", lsn, false); }

sdk::SourceRecord TransactionMetadata::endRecord(Lsn lsn) const { return Record("END", lsn, true); }

}  // namespace pgcdc
}  // namespace connectd
