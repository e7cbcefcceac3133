#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <thread>

#include "connectd/sdk.hpp"
#include "plugin/abi_objects.h"
#include "plugin/host_api.h"

using namespace connectd;

namespace {
const cd_host_api& H() { return *HostApi(); }
}  // namespace

TEST_CASE("the table announces its ABI version and size") {
  CHECK(H().struct_size == sizeof(cd_host_api));
  CHECK(H().abi_major == CD_ABI_MAJOR);
  CHECK(H().abi_minor == CD_ABI_MINOR);
}

TEST_CASE("schemas built through the ABI are reference counted and shared by values") {
  cd_schema_builder* b = H().schema_builder_new(CD_SCHEMA_STRUCT);
  H().schema_builder_name(b, "s");
  H().schema_builder_field(b, "id", H().schema_primitive(CD_SCHEMA_INT32, 0));
  cd_error* err = H().error_new();
  cd_schema* schema = H().schema_builder_build(b, err);
  REQUIRE(schema != nullptr);
  CHECK(H().error_message(err) == nullptr);
  CHECK(H().schema_field_index(schema, "id") == 0);
  CHECK(H().schema_field_index(schema, "nope") == -1);
  CHECK(std::string(H().schema_name(schema)) == "s");

  cd_value* v = H().value_new_struct(schema);
  cd_schema* extra = H().schema_retain(schema);
  H().schema_release(schema);
  H().schema_release(extra);  // the value still holds the schema
  CHECK(H().value_struct_set(v, "id", H().value_new_int32(4), err) == CD_OK);
  CHECK(H().value_struct_set(v, "missing", H().value_new_int32(4), err) == CD_ERROR);
  CHECK(std::string(H().error_message(err)) == "struct has no field 'missing'");
  const cd_schema* held = H().value_struct_schema(v);
  CHECK(std::string(H().schema_name(held)) == "s");
  CHECK(H().value_get_int(H().value_struct_get(v, "id")) == 4);
  H().value_free(v);
  H().error_free(err);
}

TEST_CASE("a default that does not fit its schema is refused at build") {
  cd_schema_builder* b = H().schema_builder_new(CD_SCHEMA_INT32);
  H().schema_builder_default(b, H().value_new_string("x", 1));
  cd_error* err = H().error_new();
  CHECK(H().schema_builder_build(b, err) == nullptr);
  CHECK(std::string(H().error_message(err)).find("default value does not fit the schema") != std::string::npos);
  H().error_free(err);

  cd_schema_builder* array = H().schema_builder_new(CD_SCHEMA_ARRAY);
  CHECK(H().schema_builder_build(array, nullptr) == nullptr);  // no element schema; err may be NULL
}

TEST_CASE("records carry what the plugin set and accessors borrow from them") {
  cd_record* r = H().record_new("topic-a");
  H().record_set_key(r, H().schema_primitive(CD_SCHEMA_STRING, 1), H().value_new_string("k", 1));
  H().record_set_value(r, nullptr, H().value_new_bytes("\0\1", 2));
  H().record_set_timestamp(r, 1234);
  H().record_add_header(r, "h", nullptr, H().value_new_string("v", 1));
  cd_value* partition = H().value_new_map();
  H().value_map_put(partition, H().value_new_string("filename", 8), H().value_new_string("/f", 2));
  cd_source_partition* shared = H().source_partition_new(partition);
  H().record_set_source_partition_shared(r, shared);
  H().source_partition_free(shared);  // the record keeps its own reference

  const ConnectRecord& rec = *AsRecord(r);
  CHECK(rec.topic == "topic-a");
  CHECK(rec.key.string() == "k");
  CHECK((rec.value_schema == nullptr));
  CHECK(rec.value.bytes().data == std::string("\0\1", 2));
  CHECK(rec.timestamp == 1234);
  REQUIRE((rec.source_partition != nullptr));
  CHECK(rec.source_partition->map().Find("filename")->string() == "/f");
  const char* key = nullptr;
  const cd_schema* hs = nullptr;
  const cd_value* hv = H().record_header_at(r, 0, &key, &hs);
  CHECK(std::string(key) == "h");
  CHECK(hs == nullptr);
  cd_bytes hb = H().value_get_bytes(hv);
  CHECK(std::string(hb.ptr, hb.len) == "v");
  CHECK(H().value_kind(H().record_source_offset(r)) == CD_VALUE_NULL);
  H().record_free(r);
}

TEST_CASE("a sink flush may lower offsets but never raise them") {
  cd_offset_list list;
  list.entries.push_back({"t", 0, 100});
  list.entries.push_back({"t", 1, 50});
  H().offset_list_set(&list, 0, 80);
  H().offset_list_set(&list, 1, 70);  // raising is ignored
  cd_topic_partition tp{};
  CHECK(H().offset_list_at(&list, 0, &tp) == 80);
  CHECK(std::string(tp.topic) == "t");
  CHECK(H().offset_list_at(&list, 1, &tp) == 50);
  H().offset_list_set(&list, 1, -1);
  CHECK(H().offset_list_at(&list, 1, nullptr) == -1);
}

TEST_CASE("context_wait wakes when a stop is requested") {
  cd_context ctx;
  CHECK(H().context_wait(&ctx, 1) == 0);
  ctx.stop->Request();
  CHECK(H().context_wait(&ctx, 60000) == 1);
}

namespace {
// value_to_json into a buffer large enough for every case below; "<error: ...>" on failure.
std::string ToJson(const cd_schema* schema, const cd_value* value, int with_schema) {
  char buf[512];
  cd_error* err = H().error_new();
  size_t n = H().value_to_json(schema, value, with_schema, buf, sizeof(buf), err);
  std::string out = n == static_cast<size_t>(-1) ? "<error: " + std::string(H().error_message(err)) + ">"
                                                  : std::string(buf, n);
  H().error_free(err);
  return out;
}

cd_schema* PersonSchema() {
  cd_schema_builder* b = H().schema_builder_new(CD_SCHEMA_STRUCT);
  H().schema_builder_name(b, "person");
  H().schema_builder_field(b, "id", H().schema_primitive(CD_SCHEMA_INT32, 0));
  H().schema_builder_field(b, "name", H().schema_primitive(CD_SCHEMA_STRING, 1));
  return H().schema_builder_build(b, nullptr);
}
}  // namespace

TEST_CASE("value_to_json writes a struct as JsonConverter does, with and without the envelope") {
  cd_schema* schema = PersonSchema();
  REQUIRE(schema != nullptr);
  cd_value* v = H().value_new_struct(schema);
  REQUIRE(H().value_struct_set(v, "id", H().value_new_int32(7), nullptr) == CD_OK);
  REQUIRE(H().value_struct_set(v, "name", H().value_new_string("Ada \"L\"", 7), nullptr) == CD_OK);

  CHECK(ToJson(schema, v, 0) == R"({"id":7,"name":"Ada \"L\""})");
  CHECK(ToJson(schema, v, 1) ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
        R"({"type":"string","optional":true,"field":"name"}],"optional":false,"name":"person"},)"
        R"("payload":{"id":7,"name":"Ada \"L\""}})");
  // Kafka's converter, not a copy of it per call: the envelope mode does not leak between calls.
  CHECK(ToJson(schema, v, 0) == R"({"id":7,"name":"Ada \"L\""})");
  H().value_free(v);
  H().schema_release(schema);
}

TEST_CASE("value_to_json writes schemaless data and Kafka nulls") {
  cd_value* map = H().value_new_map();
  H().value_map_put(map, H().value_new_string("n", 1), H().value_new_int64(-3));
  cd_value* list = H().value_new_array();
  H().value_array_append(list, H().value_new_boolean(1));
  H().value_array_append(list, H().value_new_float64(1.5));
  H().value_array_append(list, H().value_new_null());
  H().value_map_put(map, H().value_new_string("list", 4), list);
  H().value_map_put(map, H().value_new_string("raw", 3), H().value_new_bytes("\x01\x02\xff", 3));

  CHECK(ToJson(nullptr, map, 0) == R"({"n":-3,"list":[true,1.5,null],"raw":"AQL/"})");
  CHECK(ToJson(nullptr, map, 1) == R"({"schema":null,"payload":{"n":-3,"list":[true,1.5,null],"raw":"AQL/"}})");
  H().value_free(map);

  cd_value* null = H().value_new_null();
  CHECK(ToJson(nullptr, null, 1) == "null");  // a tombstone: the converter writes no bytes
  CHECK(ToJson(nullptr, nullptr, 0) == "null");
  CHECK(ToJson(H().schema_primitive(CD_SCHEMA_STRING, 1), null, 1) ==
        R"({"schema":{"type":"string","optional":true},"payload":null})");
  H().value_free(null);
}

TEST_CASE("value_to_json writes a Decimal as base64 with its logical schema") {
  cd_schema_builder* b = H().schema_builder_new(CD_SCHEMA_BYTES);
  H().schema_builder_name(b, CD_LOGICAL_DECIMAL);
  H().schema_builder_version(b, 1);
  H().schema_builder_parameter(b, "scale", "2");
  cd_schema* schema = H().schema_builder_build(b, nullptr);
  REQUIRE(schema != nullptr);
  cd_value* price = H().value_new_decimal("-12.50", 6, 2, nullptr);
  REQUIRE(price != nullptr);

  CHECK(ToJson(schema, price, 0) == R"("+x4=")");  // unscaled -1250 = 0xFB1E
  CHECK(ToJson(schema, price, 1) ==
        R"({"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",)"
        R"("version":1,"parameters":{"scale":"2"}},"payload":"+x4="})");
  H().value_free(price);
  H().schema_release(schema);
}

TEST_CASE("value_to_json reports the length needed when the buffer is too small") {
  cd_value* s = H().value_new_string("hello", 5);
  const cd_schema* schema = H().schema_primitive(CD_SCHEMA_STRING, 0);
  const std::string expected = R"({"schema":{"type":"string","optional":false},"payload":"hello"})";

  CHECK(H().value_to_json(schema, s, 1, nullptr, 0, nullptr) == expected.size());
  char small[8];
  std::memset(small, '#', sizeof(small));
  CHECK(H().value_to_json(schema, s, 1, small, sizeof(small), nullptr) == expected.size());
  CHECK(std::string(small, sizeof(small)) == "########");  // untouched: nothing partial is written

  std::string exact(expected.size(), '#');  // no room for the NUL either
  CHECK(H().value_to_json(schema, s, 1, &exact[0], exact.size(), nullptr) == expected.size());
  CHECK(exact == std::string(expected.size(), '#'));

  std::string retry(expected.size() + 1, '#');
  CHECK(H().value_to_json(schema, s, 1, &retry[0], retry.size(), nullptr) == expected.size());
  CHECK(retry == expected + '\0');
  H().value_free(s);
}

TEST_CASE("value_to_json refuses a value that does not match its schema and says where") {
  cd_schema* schema = PersonSchema();
  REQUIRE(schema != nullptr);
  cd_value* v = H().value_new_struct(schema);  // "id" is required and left null
  cd_error* err = H().error_new();
  char buf[64];
  CHECK(H().value_to_json(schema, v, 0, buf, sizeof(buf), err) == static_cast<size_t>(-1));
  REQUIRE(H().error_message(err) != nullptr);
  CHECK(std::string(H().error_message(err)) ==
        "JsonConverter cannot convert field \"id\" to JSON: null value for a required int32 that has no default; "
        "set a value or make the schema optional");
  H().value_free(v);

  cd_value* text = H().value_new_string("seven", 5);
  CHECK(ToJson(H().schema_primitive(CD_SCHEMA_INT32, 0), text, 1) ==
        "<error: JsonConverter cannot convert the value to JSON: schema type int32 does not match the string value "
        "seven>");
  CHECK(H().value_to_json(H().schema_primitive(CD_SCHEMA_INT32, 0), text, 1, buf, sizeof(buf), nullptr) ==
        static_cast<size_t>(-1));  // err may be NULL
  H().value_free(text);
  H().error_free(err);
  H().schema_release(schema);
}

TEST_CASE("value_to_json may be called from any thread") {
  cd_value* v = H().value_new_int16(-5);
  const cd_schema* schema = H().schema_primitive(CD_SCHEMA_INT16, 0);
  std::string on_other_thread;
  std::thread t([&] { on_other_thread = ToJson(schema, v, 1); });
  std::string here = ToJson(schema, v, 1);
  t.join();
  CHECK(here == R"({"schema":{"type":"int16","optional":false},"payload":-5})");
  CHECK(on_other_thread == here);
  H().value_free(v);
}

TEST_CASE("sdk::ToJson returns the host's JSON of any length and throws the host's message") {
  connectd::sdk::HostSlot() = HostApi();
  namespace sdk = connectd::sdk;
  sdk::Value small = sdk::Value::Int32(42);
  CHECK(sdk::ToJson(sdk::Schema::Primitive(sdk::Type::Int32), small, false) == "42");
  CHECK(sdk::ToJson(sdk::SchemaView(), sdk::ValueView(), true) == "null");

  const std::string long_text(300, 'x');  // longer than the SDK's first buffer: retried
  sdk::Value long_value = sdk::Value::String(long_text);
  CHECK(sdk::ToJson(sdk::Schema::Primitive(sdk::Type::String), long_value, true) ==
        R"({"schema":{"type":"string","optional":false},"payload":")" + long_text + "\"}");

  CHECK_THROWS_WITH_AS(sdk::ToJson(sdk::Schema::Primitive(sdk::Type::Boolean), small, false),
                       "JsonConverter cannot convert the value to JSON: schema type boolean does not match the int32 "
                       "value 42",
                       sdk::ConnectException);
}

namespace {
// A DeferredValue that records how often it built a value.
class CountingBuilder : public DeferredValue {
 public:
  void Build(ConnectRecord& record) override {
    ++builds;
    record.value = Value::MakeMap({{Value::String("id"), Value::Int64(1)}});
  }
  int builds = 0;
};

std::string JsonOf(const cd_record* r, cd_rc expected_rc = CD_OK) {
  cd_error* err = H().error_new();
  cd_bytes json{"unset", 5};
  cd_rc rc = H().record_value_json(r, &json, err);
  CHECK(rc == expected_rc);
  std::string out = rc != CD_OK ? "<error: " + std::string(H().error_message(err)) + ">"
                    : json.ptr == nullptr ? "<null>"
                                          : std::string(json.ptr, json.len);
  H().error_free(err);
  return out;
}
}  // namespace

TEST_CASE("record_value_json gives value_to_json's text, tells nulls apart and reports mismatches") {
  ConnectRecord record;
  cd_schema* schema = PersonSchema();
  record.value_schema = SharedSchema(schema);
  record.value = Value::MakeStruct(record.value_schema);
  record.value.structure().fields[0] = Value::Int32(7);
  CHECK(JsonOf(ToHandle(&record)) == R"({"id":7,"name":null})");
  CHECK(JsonOf(ToHandle(&record)) == ToJson(schema, H().record_value(ToHandle(&record)), 0));

  ConnectRecord tombstone;
  CHECK(JsonOf(ToHandle(&tombstone)) == "<null>");

  ConnectRecord wrong;
  wrong.value_schema = SharedSchema(schema);
  wrong.value = Value::String("not a person");
  CHECK(JsonOf(ToHandle(&wrong), CD_ERROR).find("does not match") != std::string::npos);
  cd_bytes ignored{nullptr, 0};
  CHECK(H().record_value_json(ToHandle(&wrong), &ignored, nullptr) == CD_ERROR);  // err may be NULL
  H().schema_release(schema);
}

TEST_CASE("a deferred sink value is handed over as JSON without building it, and built on first read") {
  CountingBuilder builder;
  ConnectRecord record;
  record.value_json = R"({"id":1})";
  record.value_json_ready = true;
  record.deferred_value = &builder;
  CHECK(JsonOf(ToHandle(&record)) == R"({"id":1})");
  CHECK(builder.builds == 0);
  const cd_value* value = H().record_value(ToHandle(&record));
  CHECK(builder.builds == 1);
  CHECK(H().value_get_int(H().value_map_get(value, "id")) == 1);
  CHECK(H().record_value_schema(ToHandle(&record)) == nullptr);
  CHECK(builder.builds == 1);
  CHECK(JsonOf(ToHandle(&record)) == R"({"id":1})");
}

TEST_CASE("sdk::Value::set throws the host's message, for a missing field and for a value that is not a struct") {
  connectd::sdk::HostSlot() = HostApi();
  namespace sdk = connectd::sdk;
  sdk::Schema schema = sdk::SchemaBuilder::Struct().field("id", sdk::Schema::Primitive(sdk::Type::Int32)).build();
  sdk::Value row = sdk::Value::Struct(schema);
  row.set("id", sdk::Value::Int32(4));
  CHECK(row.field("id").asInt() == 4);
  CHECK_THROWS_WITH_AS(row.set("missing", sdk::Value::Int32(5)), "struct has no field 'missing'", sdk::ConnectException);
  sdk::Value number = sdk::Value::Int32(1);
  CHECK_THROWS_WITH_AS(number.set("id", sdk::Value::Int32(5)), "value_struct_set on a value that is not a struct",
                       sdk::ConnectException);
}

TEST_CASE("maps and struct fields set without value handles hold what the handle calls give (ABI 1.4)") {
  connectd::sdk::HostSlot() = HostApi();
  namespace sdk = connectd::sdk;
  sdk::Value map = sdk::Value::Map();
  map.putInt64("lsn", 42).putInt64("txId", -7);
  sdk::Value expected = sdk::Value::Map();
  expected.put("lsn", sdk::Value::Int64(42)).put("txId", sdk::Value::Int64(-7));
  CHECK(*AsValue(map.raw()) == *AsValue(expected.raw()));
  sdk::Value number = sdk::Value::Int32(1);
  number.putInt64("ignored", 1);  // not a map: nothing happens
  CHECK(number.asInt() == 1);

  sdk::Schema schema = sdk::SchemaBuilder::Struct()
                           .field("id", sdk::Schema::Primitive(sdk::Type::Int64))
                           .field("name", sdk::Schema::Primitive(sdk::Type::String))
                           .build();
  sdk::Value row = sdk::Value::Struct(schema);
  row.setInt64("id", 5).setString("name", std::string_view("Ada\0x", 5));
  CHECK(row.field("id").asInt() == 5);
  CHECK(AsValue(row.field("name").raw())->string() == std::string("Ada\0x", 5));
  CHECK_THROWS_WITH_AS(row.setInt64("missing", 1), "struct has no field 'missing'", sdk::ConnectException);
  CHECK_THROWS_WITH_AS(row.setString("missing", "x"), "struct has no field 'missing'", sdk::ConnectException);
  CHECK_THROWS_WITH_AS(number.setInt64("id", 1), "value_struct_set on a value that is not a struct",
                       sdk::ConnectException);
}

TEST_CASE("struct fields set by position hold what the setters by name give, and refuse a bad index (ABI 1.5)") {
  connectd::sdk::HostSlot() = HostApi();
  namespace sdk = connectd::sdk;
  sdk::Schema schema = sdk::SchemaBuilder::Struct()
                           .field("id", sdk::Schema::Primitive(sdk::Type::Int64))
                           .field("name", sdk::Schema::Primitive(sdk::Type::String))
                           .field("ok", sdk::Schema::Primitive(sdk::Type::Boolean))
                           .build();
  sdk::Value by_name = sdk::Value::Struct(schema);
  by_name.setInt64("id", -9).setString("name", std::string_view("Ada\0x", 5)).set("ok", sdk::Value::Boolean(true));
  sdk::Value by_index = sdk::Value::Struct(schema);
  by_index.setStringAt(1, std::string_view("Ada\0x", 5)).setAt(2, sdk::Value::Boolean(true)).setInt64At(0, -9);
  CHECK(*AsValue(by_index.raw()) == *AsValue(by_name.raw()));

  CHECK_THROWS_WITH_AS(by_index.setAt(3, sdk::Value::Int32(1)), "struct has no field at index 3 (it has 3)",
                       sdk::ConnectException);
  CHECK_THROWS_WITH_AS(by_index.setInt64At(static_cast<size_t>(-1), 1),
                       "struct has no field at index 18446744073709551615 (it has 3)", sdk::ConnectException);
  CHECK_THROWS_WITH_AS(by_index.setStringAt(7, "x"), "struct has no field at index 7 (it has 3)",
                       sdk::ConnectException);
  CHECK(*AsValue(by_index.raw()) == *AsValue(by_name.raw()));  // a refused set changes nothing
  sdk::Value number = sdk::Value::Int32(1);
  CHECK_THROWS_WITH_AS(number.setInt64At(0, 1), "a field set by position on a value that is not a struct",
                       sdk::ConnectException);
  // The raw call frees a refused value too (checked by the sanitizer build), with or without `err`.
  CHECK(H().value_struct_set_at(const_cast<cd_value*>(by_index.raw()), 9, H().value_new_string("x", 1), nullptr) ==
        CD_ERROR);
  CHECK(number.asInt() == 1);
}
