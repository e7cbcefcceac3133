// Kafka's Values.parseString: reads the text form of a Connect value (an InsertHeader literal, a
// header value written by SimpleHeaderConverter) into a typed value and the schema Kafka infers
// for it, so "1" becomes an INT8 and "2019-08-23" a Date, exactly as the JVM worker decides.
//
// What the text becomes (Kafka 3.x rules):
//   ""                         STRING ""
//   null                       no schema, null
//   true / false               BOOLEAN (alone; "true}" is a string)
//   integers                   the narrowest of INT8, INT16, INT32, INT64; beyond a long, a Decimal
//                              of scale 0; "1.0" and "1e3" are integers too
//   other numbers              FLOAT32 when a float holds them (finite), else FLOAT64, else Decimal
//   yyyy-MM-dd                 Date; HH:mm:ss.SSS'Z' Time; yyyy-MM-dd'T'HH:mm:ss.SSS'Z' Timestamp
//                              (read leniently, in UTC; "\:" may stand for ':')
//   [a, b], {k: v}             ARRAY / MAP whose elements are parsed the same way ("..." quotes a
//                              string); numbers widen to a common type; with no common type the
//                              element (or key/value) schema is null, as in Kafka
//   anything else              STRING, the text unchanged
// A list or map that does not parse (unquoted words, a missing comma, a null among typed
// elements) is a string. Logical values take connectd's form: Date is INT32 days, Time INT32
// ms of the day, Timestamp INT64 ms, Decimal the unscaled bytes.
//
// Pure function; any thread may call it.
#pragma once

#include <string_view>

#include "data/schema.h"
#include "data/value.h"

namespace connectd {

// Sets *schema (null for the text "null") and *value. Never fails: text that is nothing else is
// a STRING.
void ParseValueText(std::string_view text, SchemaPtr* schema, Value* value);

}  // namespace connectd
