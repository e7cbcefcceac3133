// Debezium's transaction metadata (provide.transaction.metadata=true) for one stream: a BEGIN and
// an END event per transaction on <topic.prefix>.transaction (key
// io.debezium.connector.common.TransactionMetadataKey, value ...TransactionMetadataValue), and the
// `transaction` block (event.block) of every change event: its id, its position among the
// transaction's events (total_order) and among the events of its table (data_collection_order).
//
// Ids are Debezium's for PostgreSQL: "<txId>:<LSN of the message>", so the BEGIN, each event and
// the END of one transaction share the txId part and differ in the LSN. Events are counted when
// their block is made; tombstones have no block and are not counted, as in Debezium. The END event
// lists the counts per table ("schema.table") in the order the tables first appeared.
//
// Threading: used by the task thread only.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "connectd/sdk.hpp"
#include "wal_position.h"

namespace connectd {
namespace pgcdc {

// The optional event.block struct of the envelopes' `transaction` field.
sdk::Schema BuildTransactionBlockSchema();

class TransactionMetadata {
 public:
  explicit TransactionMetadata(std::string topic);

  const std::string& topic() const { return topic_; }
  // A transaction starts (xid of its BEGIN, its commit time); resets the counts.
  void begin(int64_t xid, int64_t commit_time_us);
  // The block of the transaction's next event, of table `data_collection` at `lsn`, built with
  // `block_schema` (the envelope's event.block); counts the event.
  sdk::Value block(sdk::SchemaView block_schema, const std::string& data_collection, Lsn lsn);
  // The BEGIN record (its message at `lsn`) and the END record (the COMMIT at `lsn`); the caller
  // sets their source partition and offset.
  sdk::SourceRecord beginRecord(Lsn lsn) const;
  sdk::SourceRecord endRecord(Lsn lsn) const;

 private:
  std::string Id(Lsn lsn) const;
  sdk::SourceRecord Record(const char* status, Lsn lsn, bool with_counts) const;

  std::string topic_;
  sdk::Schema key_schema_, collection_schema_, value_schema_;
  int64_t xid_ = -1;
  int64_t commit_time_us_ = 0;
  int64_t total_ = 0;
  std::vector<std::pair<std::string, int64_t>> per_collection_;  // first-appearance order
};

}  // namespace pgcdc
}  // namespace connectd
