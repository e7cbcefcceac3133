// The text FileStreamSink writes for a record value: what Kafka's sink writes, String.valueOf of
// the Connect value, so files read the same after a switch from the JVM worker.
//   null -> "null"; strings verbatim; booleans and integers as Java prints them; floats and
//   doubles as Float/Double.toString; arrays "[a, b]"; maps "{k1=v1, k2=v2}"; structs
//   "Struct{a=1,b=x}" with null fields left out, as Struct.toString does; Decimal as
//   BigDecimal.toString; Date, Time and Timestamp as java.util.Date.toString in UTC.
//   Bytes are written verbatim (Kafka would print an object id such as "[B@1b6d3586", which is
//   of no use to anyone; the raw payload is what a ByteArrayConverter user wants in the file).
// Logical types are recognised from `schema`; schemaless values (null schema) print by kind.
//
// Runs on the calling task's thread; `schema` and `value` are borrowed for the call.
#pragma once

#include <string>

#include "connectd/sdk.hpp"

namespace connectd {
namespace file {

// Appends the rendering of `value` (described by `schema`, which may be null) to *out.
void AppendValueText(sdk::SchemaView schema, sdk::ValueView value, std::string* out);

}  // namespace file
}  // namespace connectd
