// The Kafka Connect type of a column as the ODBC plugins see it: a schema type, or one of the
// logical types a database column maps to. Shared by the source's column mapping and the sink's
// SQL type names so that both sides agree on one list.
#pragma once

namespace connectd {
namespace odbc {

enum class FieldKind {
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kBoolean,
  kString,
  kBytes,
  kDecimal,    // org.apache.kafka.connect.data.Decimal (BYTES + "scale" parameter)
  kDate,       // org.apache.kafka.connect.data.Date (INT32 days since the epoch)
  kTime,       // org.apache.kafka.connect.data.Time (INT32 milliseconds since midnight)
  kTimestamp,  // org.apache.kafka.connect.data.Timestamp (INT64 milliseconds since the epoch)
};

}  // namespace odbc
}  // namespace connectd
