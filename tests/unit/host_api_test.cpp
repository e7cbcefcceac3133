#include <doctest/doctest.h>

#include <string>

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
