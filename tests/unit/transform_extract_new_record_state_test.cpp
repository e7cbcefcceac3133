// ExtractNewRecordState: the cases of Debezium's ExtractNewRecordStateTest, the examples of its
// event-flattening documentation, the old/new delete key precedence, and the exact schemas and
// JSON the flattened records get.
#include <doctest/doctest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "converters/json_converter.h"
#include "transforms/extract_new_record_state_config.h"
#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kClass = "io.debezium.transforms.ExtractNewRecordState";
const char* const kMode = "delete.tombstone.handling.mode";

constexpr int64_t kSourceTsMs = 1588252618953;
constexpr int64_t kEventTsMs = 1710032523000;
constexpr int64_t kEventTsUs = 1710032523000123;
constexpr int64_t kEventTsNs = 1710032523000123456;

// Applies `transform`; returns whether the record is kept.
bool Kept(Transformation& transform, ConnectRecord& record) {
  bool keep = true;
  Status st = transform.Apply(record, &keep);
  INFO(st.message());
  REQUIRE(st.ok());
  return keep;
}

Status Failure(Transformation& transform, ConnectRecord& record) {
  bool keep = true;
  Status st = transform.Apply(record, &keep);
  REQUIRE_FALSE(st.ok());
  return st;
}

const Value& FieldOf(const Value& value, const char* name) {
  const Value* field = value.structure().Get(name);
  REQUIRE_MESSAGE(field != nullptr, "no field " << name);
  return *field;
}

// The headers named `key`, in order.
std::vector<const Header*> HeadersNamed(const ConnectRecord& record, const std::string& key) {
  std::vector<const Header*> found;
  for (const Header& h : record.headers) {
    if (h.key == key) found.push_back(&h);
  }
  return found;
}

const Header& OnlyHeader(const ConnectRecord& record, const std::string& key) {
  std::vector<const Header*> found = HeadersNamed(record, key);
  REQUIRE_MESSAGE(found.size() == 1, "header " << key);
  return *found[0];
}

// The records of Debezium's AbstractExtractStateTest: an envelope "dummy.Envelope" around rows
// with an int8 "id" and a string "name" (with the column parameters Debezium propagates),
// a source struct with lsn and the ts_* fields, and a transaction block.
struct ChangeEvents {
  SchemaPtr record_schema = SchemaBuilder::Struct()
                                .Name("dummy.Value")
                                .Optional()
                                .AddField("id", SchemaBuilder(SchemaType::kInt8)
                                                    .Parameter("__debezium.source.column.name", "id")
                                                    .Parameter("__debezium.source.column.type", "int")
                                                    .Build())
                                .AddField("name", SchemaBuilder(SchemaType::kString)
                                                      .Parameter("__debezium.source.column.name", "name")
                                                      .Parameter("__debezium.source.column.type", "varchar")
                                                      .Parameter("__debezium.source.column.length", "255")
                                                      .Build())
                                .Build();
  // A row whose "name" is optional with a default, as in Debezium's *WithOptionalNull events.
  SchemaPtr defaulted_schema =
      SchemaBuilder::Struct()
          .Name("dummy.Value")
          .Optional()
          .AddField("id", Primitive(SchemaType::kInt8))
          .AddField("name", SchemaBuilder(SchemaType::kString).Optional().Default(Value::String("default_str")).Build())
          .Build();
  SchemaPtr key_schema = SchemaBuilder::Struct().Name("dummy.Key").AddField("id", Primitive(SchemaType::kInt8)).Build();
  SchemaPtr source_schema = SchemaBuilder::Struct()
                                .Name("io.debezium.connector.postgresql.Source")
                                .AddField("lsn", Primitive(SchemaType::kInt32))
                                .AddField("ts_ms", Primitive(SchemaType::kInt64, true))
                                .AddField("ts_us", Primitive(SchemaType::kInt64, true))
                                .AddField("ts_ns", Primitive(SchemaType::kInt64, true))
                                .AddField("db", Primitive(SchemaType::kString, true))
                                .AddField("table", Primitive(SchemaType::kString, true))
                                .Build();
  SchemaPtr transaction_schema = SchemaBuilder::Struct()
                                     .Name("event.block")
                                     .Version(1)
                                     .Optional()
                                     .AddField("id", Primitive(SchemaType::kString))
                                     .AddField("total_order", Primitive(SchemaType::kInt64))
                                     .AddField("data_collection_order", Primitive(SchemaType::kInt64))
                                     .Build();
  SchemaPtr envelope_schema = Envelope(record_schema);

  // Debezium's Envelope.defineSchema(): before, after, source, extra fields, op, ts_*, transaction.
  SchemaPtr Envelope(const SchemaPtr& row, std::vector<std::pair<std::string, SchemaPtr>> extra = {}) const {
    SchemaBuilder builder = SchemaBuilder::Struct().Name("dummy.Envelope").Version(2);
    builder.AddField("before", row).AddField("after", row).AddField("source", source_schema);
    for (auto& [name, schema] : extra) builder.AddField(name, schema);
    builder.AddField("op", Primitive(SchemaType::kString))
        .AddField("ts_ms", Primitive(SchemaType::kInt64, true))
        .AddField("ts_us", Primitive(SchemaType::kInt64, true))
        .AddField("ts_ns", Primitive(SchemaType::kInt64, true))
        .AddField("transaction", transaction_schema);
    return builder.Build();
  }

  Value Row(const SchemaPtr& schema, int8_t id, Value name) const {
    Value row = Value::MakeStruct(schema);
    row.structure().fields = {Value::Int8(id), std::move(name)};
    return row;
  }
  Value Row(int8_t id, const char* name) const { return Row(record_schema, id, Value::String(name)); }

  Value Source(bool with_db_and_table = true) const {
    Value source = Value::MakeStruct(source_schema);
    source.structure().fields = {Value::Int32(1234),
                                 Value::Int64(kSourceTsMs),
                                 Value::Int64(kSourceTsMs * 1000),
                                 Value::Int64(kSourceTsMs * 1000000),
                                 with_db_and_table ? Value::String("test_db") : Value(),
                                 with_db_and_table ? Value::String("test_table") : Value()};
    return source;
  }

  Value Transaction() const {
    Value transaction = Value::MakeStruct(transaction_schema);
    transaction.structure().fields = {Value::String("571"), Value::Int64(42), Value::Int64(42)};
    return transaction;
  }

  Value Event(const SchemaPtr& envelope, const char* op, Value before, Value after, Value transaction = Value()) const {
    Value event = Value::MakeStruct(envelope);
    Struct& s = event.structure();
    s.fields[static_cast<size_t>(envelope->field("before")->index)] = std::move(before);
    s.fields[static_cast<size_t>(envelope->field("after")->index)] = std::move(after);
    s.fields[static_cast<size_t>(envelope->field("source")->index)] = Source();
    s.fields[static_cast<size_t>(envelope->field("op")->index)] = Value::String(op);
    s.fields[static_cast<size_t>(envelope->field("ts_ms")->index)] = Value::Int64(kEventTsMs);
    s.fields[static_cast<size_t>(envelope->field("ts_us")->index)] = Value::Int64(kEventTsUs);
    s.fields[static_cast<size_t>(envelope->field("ts_ns")->index)] = Value::Int64(kEventTsNs);
    s.fields[static_cast<size_t>(envelope->field("transaction")->index)] = std::move(transaction);
    return event;
  }

  ConnectRecord Record(const SchemaPtr& schema, Value value) const {
    ConnectRecord record;
    record.topic = "dummy";
    record.kafka_partition = 2;
    record.timestamp = 1700000000000;
    record.value_schema = schema;
    record.value = std::move(value);
    return record;
  }

  ConnectRecord Create() const {
    return Record(envelope_schema, Event(envelope_schema, "c", Value(), Row(1, "myRecord")));
  }
  ConnectRecord Update() const {
    return Record(envelope_schema,
                  Event(envelope_schema, "u", Row(1, "myRecord"), Row(1, "updatedRecord"), Transaction()));
  }
  ConnectRecord Delete() const {
    return Record(envelope_schema, Event(envelope_schema, "d", Row(1, "myRecord"), Value()));
  }
  ConnectRecord Truncate() const { return Record(envelope_schema, Event(envelope_schema, "t", Value(), Value())); }
  ConnectRecord Tombstone() const {
    ConnectRecord record;
    record.topic = "dummy";
    return record;
  }
  // A create whose optional, defaulted "name" is null.
  ConnectRecord CreateWithOptionalNull() const {
    SchemaPtr envelope = Envelope(defaulted_schema);
    return Record(envelope, Event(envelope, "c", Value(), Row(defaulted_schema, 1, Value())));
  }
  ConnectRecord UpdateWithOptionalNull() const {
    SchemaPtr envelope = Envelope(defaulted_schema);
    return Record(envelope, Event(envelope, "u", Row(defaulted_schema, 1, Value()),
                                  Row(defaulted_schema, 1, Value::String("updatedRecord")), Transaction()));
  }
  ConnectRecord WithKey(ConnectRecord record) const {
    record.key_schema = key_schema;
    record.key = Value::MakeStruct(key_schema);
    record.key.structure().fields = {Value::Int8(1)};
    return record;
  }
};

// ---------------------------------------------------------------------------------------------
// Configuration: the keys, their precedence and the add.fields/add.headers syntax.

DeleteHandling HandlingOf(const ConfigMap& config) {
  ExtractNewRecordStateConfig parsed;
  Status st = ParseExtractNewRecordStateConfig(config, &parsed);
  INFO(st.message());
  REQUIRE(st.ok());
  return parsed.delete_handling;
}

TEST_CASE("ExtractNewRecordState config: delete.tombstone.handling.mode values and default") {
  using H = DeleteEventHandling;
  CHECK(HandlingOf({}) == DeleteHandling{H::kNullValue, false});
  CHECK(HandlingOf({{kMode, "tombstone"}}) == DeleteHandling{H::kNullValue, false});
  CHECK(HandlingOf({{kMode, "drop"}}) == DeleteHandling{H::kDrop, false});
  CHECK(HandlingOf({{kMode, "rewrite"}}) == DeleteHandling{H::kRewrite, false});
  CHECK(HandlingOf({{kMode, "rewrite-with-tombstone"}}) == DeleteHandling{H::kRewrite, true});
  CHECK(HandlingOf({{kMode, "delete-to-tombstone"}}) == DeleteHandling{H::kToTombstone, false});
  CHECK(HandlingOf({{kMode, "  Rewrite-With-TOMBSTONE "}}) == DeleteHandling{H::kRewrite, true});
}

TEST_CASE("ExtractNewRecordState config: the old keys decide only without the new one") {
  using H = DeleteEventHandling;
  // Debezium 2.x defaults once an old key is present: delete.handling.mode=drop, drop.tombstones=true.
  CHECK(HandlingOf({{"drop.tombstones", "false"}}) == DeleteHandling{H::kDrop, true});
  CHECK(HandlingOf({{"drop.tombstones", "true"}}) == DeleteHandling{H::kDrop, false});
  CHECK(HandlingOf({{"delete.handling.mode", "none"}}) == DeleteHandling{H::kNullValue, false});
  CHECK(HandlingOf({{"delete.handling.mode", "rewrite"}}) == DeleteHandling{H::kRewrite, false});
  CHECK(HandlingOf({{"delete.handling.mode", "REWRITE"}, {"drop.tombstones", "false"}}) ==
        DeleteHandling{H::kRewrite, true});
  CHECK(HandlingOf({{"delete.handling.mode", "none"}, {"drop.tombstones", "false"}}) ==
        DeleteHandling{H::kNullValue, true});
  // The new key takes precedence over any conflicting old one.
  CHECK(HandlingOf({{kMode, "drop"}, {"delete.handling.mode", "rewrite"}, {"drop.tombstones", "false"}}) ==
        DeleteHandling{H::kDrop, false});
  CHECK(HandlingOf({{kMode, "tombstone"}, {"delete.handling.mode", "drop"}}) == DeleteHandling{H::kNullValue, false});
  // A blank new key counts as unset, as in Debezium 2.x.
  CHECK(HandlingOf({{kMode, " "}, {"delete.handling.mode", "rewrite"}}) == DeleteHandling{H::kRewrite, false});
}

TEST_CASE("ExtractNewRecordState config: invalid values name their key") {
  auto error = [](const ConfigMap& config) {
    ExtractNewRecordStateConfig parsed;
    Status st = ParseExtractNewRecordStateConfig(config, &parsed);
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == Status::Code::kInvalidArgument);
    return st.message();
  };
  CHECK(error({{kMode, "jbsdfkjsd"}}) ==
        "delete.tombstone.handling.mode: invalid value 'jbsdfkjsd'; use one of drop, tombstone, rewrite, "
        "rewrite-with-tombstone, delete-to-tombstone");
  CHECK(error({{"delete.handling.mode", "keep"}}).rfind("delete.handling.mode: invalid value 'keep'", 0) == 0);
  CHECK(error({{kMode, "drop"}, {"delete.handling.mode", "keep"}}).rfind("delete.handling.mode:", 0) == 0);
  CHECK(error({{"drop.tombstones", "yes"}}).rfind("drop.tombstones:", 0) == 0);
  CHECK(error({{"drop.fields.from.key", "1"}}).rfind("drop.fields.from.key:", 0) == 0);
  CHECK(error({{"drop.fields.keep.schema.compatible", "no"}}).rfind("drop.fields.keep.schema.compatible:", 0) == 0);
  CHECK(error({{"replace.null.with.default", "maybe"}}).rfind("replace.null.with.default:", 0) == 0);
  CHECK(error({{"add.fields", "op,a:b:c"}}) ==
        "add.fields: invalid entry 'a:b:c'; write <field>, <struct>.<field> or either followed by :<new name>, "
        "e.g. op,source.ts_ms:EVENT_TS");
  CHECK(error({{"add.headers", ":"}}).rfind("add.headers: invalid entry ':'", 0) == 0);
  CHECK(error({{"add.fields", "."}}).rfind("add.fields: invalid entry '.'", 0) == 0);

  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation(kClass, &transform).ok());
  Status st = transform->Configure({{kMode, "jbsdfkjsd"}});
  CHECK(st.message().rfind("delete.tombstone.handling.mode: invalid value", 0) == 0);
}

MetadataFieldReference Reference(const std::string& entry, const std::string& prefix = "__") {
  MetadataFieldReference reference;
  Status st = ParseMetadataFieldReference(entry, prefix, "add.fields", &reference);
  INFO(st.message());
  REQUIRE(st.ok());
  return reference;
}

TEST_CASE("ExtractNewRecordState config: add.fields entries find their struct and output name as Debezium's") {
  using R = MetadataFieldReference;
  const std::optional<std::string> top;
  CHECK(Reference("op") == R{"op", top, "op", "__op"});
  CHECK(Reference("ts_ms") == R{"ts_ms", top, "ts_ms", "__ts_ms"});
  CHECK(Reference("ts_us") == R{"ts_us", top, "ts_us", "__ts_us"});
  CHECK(Reference("ts_ns") == R{"ts_ns", top, "ts_ns", "__ts_ns"});
  CHECK(Reference("lsn") == R{"lsn", std::string("source"), "lsn", "__lsn"});
  CHECK(Reference("table") == R{"table", std::string("source"), "table", "__table"});
  CHECK(Reference("id") == R{"id", std::string("transaction"), "id", "__id"});
  CHECK(Reference("total_order") == R{"total_order", std::string("transaction"), "total_order", "__total_order"});
  CHECK(Reference("data_collection_order") ==
        R{"data_collection_order", std::string("transaction"), "data_collection_order", "__data_collection_order"});
  CHECK(Reference("updateDescription") ==
        R{"updateDescription", std::string("updateDescription"), "updateDescription", "__updateDescription"});
  CHECK(Reference("source.ts_ms") == R{"source.ts_ms", std::string("source"), "ts_ms", "__source_ts_ms"});
  CHECK(Reference("transaction.id") == R{"transaction.id", std::string("transaction"), "id", "__transaction_id"});
  CHECK(Reference("source.ts_ms:EVENT_TIMESTAMP") ==
        R{"source.ts_ms:EVENT_TIMESTAMP", std::string("source"), "ts_ms", "__EVENT_TIMESTAMP"});
  CHECK(Reference("op:OP", "") == R{"op:OP", top, "op", "OP"});
  CHECK(Reference("op", "prefix.") == R{"op", top, "op", "prefix.op"});
  // Java's split drops trailing empty pieces, and "a.b.c" is field b of struct a.
  CHECK(Reference("op:") == R{"op:", top, "op", "__op"});
  CHECK(Reference("source.") == R{"source.", std::string("source"), "source", "__source"});
  CHECK(Reference("a.b.c") == R{"a.b.c", std::string("a"), "b", "__a_b"});

  ExtractNewRecordStateConfig parsed;
  REQUIRE(ParseExtractNewRecordStateConfig({{"add.fields", "op , lsn,id"},
                                            {"add.fields.prefix", "prefix."},
                                            {"add.headers", "version:VERSION, connector:CONNECTOR"}},
                                           &parsed)
              .ok());
  CHECK(parsed.add_fields == std::vector<R>{R{"op", top, "op", "prefix.op"},
                                            R{"lsn", std::string("source"), "lsn", "prefix.lsn"},
                                            R{"id", std::string("transaction"), "id", "prefix.id"}});
  CHECK(parsed.add_headers ==
        std::vector<R>{R{"version:VERSION", std::string("source"), "version", "__VERSION"},
                       R{"connector:CONNECTOR", std::string("source"), "connector", "__CONNECTOR"}});
}

TEST_CASE("ExtractNewRecordState is registered under Debezium's class name and its short name") {
  std::unique_ptr<Transformation> transform;
  CHECK(CreateTransformation("io.debezium.transforms.ExtractNewRecordState", &transform).ok());
  CHECK(CreateTransformation("ExtractNewRecordState", &transform).ok());
  std::vector<std::string> names = TransformationClassNames();
  CHECK(std::find(names.begin(), names.end(), "io.debezium.transforms.ExtractNewRecordState") != names.end());
}

// ---------------------------------------------------------------------------------------------
// Debezium's ExtractNewRecordStateTest.

TEST_CASE("ExtractNewRecordState: tombstones are dropped except with rewrite-with-tombstone") {
  ChangeEvents events;
  for (const char* mode : {"drop", "tombstone", "rewrite", "delete-to-tombstone"}) {
    CAPTURE(mode);
    auto transform = Configured(kClass, {{kMode, mode}});
    ConnectRecord tombstone = events.Tombstone();
    CHECK_FALSE(Kept(*transform, tombstone));
  }
  auto defaults = Configured(kClass, {});
  ConnectRecord tombstone = events.Tombstone();
  CHECK_FALSE(Kept(*defaults, tombstone));

  auto keeping = Configured(kClass, {{kMode, "rewrite-with-tombstone"}});
  ConnectRecord kept = events.WithKey(events.Tombstone());
  CHECK(Kept(*keeping, kept));
  CHECK(kept.value.is_null());
  CHECK(kept.value_schema == nullptr);
  CHECK(kept.key == events.WithKey(events.Tombstone()).key);
  CHECK(kept.topic == "dummy");
  CHECK(kept.headers.empty());
}

TEST_CASE("ExtractNewRecordState: truncate events are always dropped") {
  ChangeEvents events;
  for (const char* mode : {"tombstone", "rewrite", "rewrite-with-tombstone", "delete-to-tombstone"}) {
    CAPTURE(mode);
    auto transform = Configured(kClass, {{kMode, mode}});
    ConnectRecord truncate = events.Truncate();
    CHECK_FALSE(Kept(*transform, truncate));
  }
}

TEST_CASE("ExtractNewRecordState: deletes per delete.tombstone.handling.mode") {
  ChangeEvents events;
  SUBCASE("drop removes the delete") {
    auto transform = Configured(kClass, {{kMode, "drop"}});
    ConnectRecord record = events.Delete();
    CHECK_FALSE(Kept(*transform, record));
  }
  SUBCASE("tombstone (the default) keeps a null value with the row schema") {
    for (const ConfigMap& config : {ConfigMap{{kMode, "tombstone"}}, ConfigMap{}}) {
      auto transform = Configured(kClass, config);
      ConnectRecord record = events.WithKey(events.Delete());
      CHECK(Kept(*transform, record));
      CHECK(record.value.is_null());
      CHECK(record.value_schema == events.record_schema);
      CHECK(record.key == events.WithKey(events.Delete()).key);
      CHECK(record.topic == "dummy");
      CHECK(record.timestamp == 1700000000000);
      CHECK(record.kafka_partition == 2);
    }
  }
  SUBCASE("rewrite gives the before row with __deleted=true") {
    for (const char* mode : {"rewrite", "rewrite-with-tombstone"}) {
      auto transform = Configured(kClass, {{kMode, mode}});
      ConnectRecord record = events.Delete();
      CHECK(Kept(*transform, record));
      SchemaPtr expected_schema = SchemaBuilder::Struct()
                                      .Name("dummy.Value")
                                      .AddField("id", events.record_schema->field("id")->schema)
                                      .AddField("name", events.record_schema->field("name")->schema)
                                      .AddField("__deleted", Primitive(SchemaType::kString, true))
                                      .Build();
      CHECK(record.value_schema->Equals(*expected_schema));
      Value expected = Value::MakeStruct(expected_schema);
      expected.structure().fields = {Value::Int8(1), Value::String("myRecord"), Value::String("true")};
      CHECK(record.value == expected);
    }
  }
  SUBCASE("delete-to-tombstone makes the delete the tombstone and drops the real one") {
    auto transform = Configured(kClass, {{kMode, "delete-to-tombstone"}});
    ConnectRecord record = events.WithKey(events.Delete());
    CHECK(Kept(*transform, record));
    CHECK(record.value.is_null());
    CHECK(record.value_schema == nullptr);
    CHECK(record.key_schema == events.key_schema);
    ConnectRecord tombstone = events.Tombstone();
    CHECK_FALSE(Kept(*transform, tombstone));
  }
}

TEST_CASE("ExtractNewRecordState: a create is flattened to its after row with a copy of the row schema") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"}});
  ConnectRecord record = events.WithKey(events.Create());
  CHECK(Kept(*transform, record));
  // Debezium rebuilds the schema from the row schema's name, version, doc and parameters, so it
  // is no longer optional.
  SchemaPtr expected_schema = SchemaBuilder::Struct()
                                  .Name("dummy.Value")
                                  .AddField("id", events.record_schema->field("id")->schema)
                                  .AddField("name", events.record_schema->field("name")->schema)
                                  .Build();
  CHECK(record.value_schema->Equals(*expected_schema));
  Value expected = Value::MakeStruct(expected_schema);
  expected.structure().fields = {Value::Int8(1), Value::String("myRecord")};
  CHECK(record.value == expected);
  CHECK(record.key_schema == events.key_schema);
  CHECK(record.topic == "dummy");
  CHECK(record.headers.empty());

  SUBCASE("records with the same envelope schema share the flattened schema") {
    ConnectRecord second = events.Update();
    CHECK(Kept(*transform, second));
    CHECK(second.value_schema == record.value_schema);
    CHECK(FieldOf(second.value, "name") == Value::String("updatedRecord"));
  }
}

TEST_CASE("ExtractNewRecordState: a null optional field keeps null unless a rewrite replaces it by its default") {
  ChangeEvents events;
  SUBCASE("tombstone mode: the raw value") {
    auto transform = Configured(kClass, {{kMode, "tombstone"}});
    ConnectRecord record = events.CreateWithOptionalNull();
    CHECK(Kept(*transform, record));
    CHECK(FieldOf(record.value, "id") == Value::Int8(1));
    CHECK(FieldOf(record.value, "name").is_null());
  }
  SUBCASE("rewrite with replace.null.with.default=false: the raw value") {
    auto transform = Configured(kClass, {{kMode, "rewrite"}, {"replace.null.with.default", "false"}});
    ConnectRecord record = events.CreateWithOptionalNull();
    CHECK(Kept(*transform, record));
    CHECK(FieldOf(record.value, "name").is_null());
    CHECK(FieldOf(record.value, "__deleted") == Value::String("false"));
  }
  SUBCASE("rewrite with replace.null.with.default (default true): the default") {
    auto transform = Configured(kClass, {{kMode, "rewrite"}});
    ConnectRecord record = events.CreateWithOptionalNull();
    CHECK(Kept(*transform, record));
    CHECK(FieldOf(record.value, "name") == Value::String("default_str"));
  }
}

TEST_CASE("ExtractNewRecordState: rewrite adds __deleted=false to creates, and add.headers=op the operation") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "rewrite"}, {"add.headers", "op"}});
  ConnectRecord record = events.Create();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "__deleted") == Value::String("false"));
  REQUIRE(record.headers.size() == 1);
  CHECK(record.headers[0].key == "__op");
  CHECK(record.headers[0].value == Value::String("c"));
  CHECK(record.headers[0].schema->Equals(*Primitive(SchemaType::kString, true)));
}

TEST_CASE("ExtractNewRecordState: records that are not change events pass through unchanged") {
  ChangeEvents events;
  SchemaPtr unknown = SchemaBuilder::Struct().Name("unknown").AddField("id", Primitive(SchemaType::kInt8)).Build();
  SchemaPtr unnamed = SchemaBuilder::Struct().AddField("id", Primitive(SchemaType::kInt8)).Build();
  SchemaPtr heartbeat = SchemaBuilder::Struct()
                            .Name("io.debezium.connector.common.Heartbeat")
                            .AddField("ts_ms", Primitive(SchemaType::kInt64))
                            .Build();
  for (const ConfigMap& config :
       {ConfigMap{{kMode, "tombstone"}}, ConfigMap{{kMode, "tombstone"}, {"add.headers", "op"}},
        ConfigMap{{"add.headers", "op,source.lsn"}}, ConfigMap{{kMode, "rewrite"}, {"add.fields", "op"}}}) {
    auto transform = Configured(kClass, config);
    for (const SchemaPtr& schema : {unknown, unnamed, heartbeat}) {
      Value value = Value::MakeStruct(schema);
      value.structure().fields = {schema == heartbeat ? Value::Int64(5) : Value::Int8(1)};
      ConnectRecord record = events.Record(schema, value);
      CHECK(Kept(*transform, record));
      CHECK(record.value_schema == schema);
      CHECK(record.value == value);
      CHECK(record.headers.empty());
      CHECK(record.topic == "dummy");
    }
  }
}

TEST_CASE("ExtractNewRecordState: the record's own headers are kept") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"}});
  ConnectRecord record = events.Create();
  record.headers.push_back(Header{"application/debezium-test-header", Primitive(SchemaType::kString, true),
                                  Value::String("shouldPropagatePreviousRecordHeaders")});
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "id") == Value::Int8(1));
  REQUIRE(record.headers.size() == 1);
  CHECK(OnlyHeader(record, "application/debezium-test-header").value ==
        Value::String("shouldPropagatePreviousRecordHeaders"));
}

TEST_CASE("ExtractNewRecordState: add.fields=op, also when the row schema changes") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"}, {"add.fields", "op"}});
  ConnectRecord record = events.Create();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "__op") == Value::String("c"));
  SchemaPtr expected_schema = SchemaBuilder::Struct()
                                  .Name("dummy.Value")
                                  .AddField("id", events.record_schema->field("id")->schema)
                                  .AddField("name", events.record_schema->field("name")->schema)
                                  .AddField("__op", Primitive(SchemaType::kString, true))
                                  .Build();
  CHECK(record.value_schema->Equals(*expected_schema));

  // Debezium's createCreateRecordAddingColumn: a new optional column arrives.
  for (int64_t started_at : {int64_t{1694587158123}, int64_t{1694587158789}}) {
    SchemaPtr row_schema = SchemaBuilder::Struct()
                               .AddField("id", Primitive(SchemaType::kInt8))
                               .AddField("name", Primitive(SchemaType::kString))
                               .AddField("started_at", Primitive(SchemaType::kInt64, true))
                               .Build();
    SchemaPtr envelope = events.Envelope(row_schema);
    Value row = Value::MakeStruct(row_schema);
    row.structure().fields = {Value::Int8(1), Value::String("myRecord"), Value::Int64(started_at)};
    ConnectRecord added = events.Record(envelope, events.Event(envelope, "c", Value(), row));
    CHECK(Kept(*transform, added));
    CHECK(FieldOf(added.value, "started_at") == Value::Int64(started_at));
    CHECK(FieldOf(added.value, "__op") == Value::String("c"));
    CHECK(added.value_schema->fields().size() == 4);
  }
}

TEST_CASE("ExtractNewRecordState: add.fields=ts_ms is the envelope's, source.ts_ms the source's") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"}, {"add.fields", "ts_ms"}});
  ConnectRecord record = events.Create();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "__ts_ms") == Value::Int64(kEventTsMs));

  REQUIRE(transform->Configure({{"add.fields", "source.ts_ms"}}).ok());
  ConnectRecord again = events.Create();
  CHECK(Kept(*transform, again));
  CHECK(FieldOf(again.value, "__source_ts_ms") == Value::Int64(kSourceTsMs));
  CHECK(again.value.structure().Get("__ts_ms") == nullptr);
}

TEST_CASE("ExtractNewRecordState: add.fields with a prefix; bare names find source and transaction fields") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"}, {"add.fields", "op , lsn,id"}, {"add.fields.prefix", "prefix."}});
  ConnectRecord record = events.Update();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "prefix.op") == Value::String("u"));
  CHECK(FieldOf(record.value, "prefix.lsn") == Value::Int32(1234));
  CHECK(FieldOf(record.value, "prefix.id") == Value::String("571"));
  CHECK(record.value_schema->field("prefix.lsn")->schema->Equals(*Primitive(SchemaType::kInt32, true)));
  CHECK(record.value_schema->field("prefix.id")->schema->Equals(*Primitive(SchemaType::kString, true)));
}

TEST_CASE("ExtractNewRecordState: add.fields and add.headers with new names") {
  ChangeEvents events;
  auto transform = Configured(kClass, 
      {{kMode, "tombstone"},
       {"add.fields", "op:OP, lsn:LSN, id:ID, source.lsn:source_lsn, transaction.total_order:TOTAL_ORDER"},
       {"add.fields.prefix", ""},
       {"add.headers", "op, source.lsn:source_lsn, transaction.id:TXN_ID, transaction.total_order:TOTAL_ORDER"},
       {"add.headers.prefix", "prefix."}});
  ConnectRecord record = events.Update();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "OP") == Value::String("u"));
  CHECK(FieldOf(record.value, "LSN") == Value::Int32(1234));
  CHECK(FieldOf(record.value, "ID") == Value::String("571"));
  CHECK(FieldOf(record.value, "source_lsn") == Value::Int32(1234));
  CHECK(FieldOf(record.value, "TOTAL_ORDER") == Value::Int64(42));

  REQUIRE(record.headers.size() == 4);
  CHECK(OnlyHeader(record, "prefix.op").value == Value::String("u"));
  CHECK(OnlyHeader(record, "prefix.source_lsn").value == Value::Int32(1234));
  CHECK(OnlyHeader(record, "prefix.TXN_ID").value == Value::String("571"));
  CHECK(OnlyHeader(record, "prefix.TOTAL_ORDER").value == Value::Int64(42));
  CHECK(OnlyHeader(record, "prefix.TOTAL_ORDER").schema->Equals(*Primitive(SchemaType::kInt64, true)));
}

TEST_CASE("ExtractNewRecordState: a null transaction gives null fields and headers, not missing ones") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"}, {"add.fields", "op,lsn,id"}, {"add.headers", "op,lsn,id"}});
  ConnectRecord record = events.Create();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "__op") == Value::String("c"));
  CHECK(FieldOf(record.value, "__lsn") == Value::Int32(1234));
  CHECK(FieldOf(record.value, "__id").is_null());
  REQUIRE(record.headers.size() == 3);
  CHECK(OnlyHeader(record, "__op").value == Value::String("c"));
  CHECK(OnlyHeader(record, "__lsn").value == Value::Int32(1234));
  CHECK(OnlyHeader(record, "__id").value.is_null());
  CHECK(OnlyHeader(record, "__id").schema->Equals(*Primitive(SchemaType::kString, true)));
}

TEST_CASE("ExtractNewRecordState: add.fields and add.headers naming their struct") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"},
                               {"add.fields", "op,source.lsn,transaction.id,transaction.total_order"},
                               {"add.headers", "op,source.lsn,transaction.id,transaction.total_order"},
                               {"add.headers.prefix", "prefix."}});
  ConnectRecord record = events.Update();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "__op") == Value::String("u"));
  CHECK(FieldOf(record.value, "__source_lsn") == Value::Int32(1234));
  CHECK(FieldOf(record.value, "__transaction_id") == Value::String("571"));
  CHECK(FieldOf(record.value, "__transaction_total_order") == Value::Int64(42));
  std::vector<std::string> keys;
  for (const Header& h : record.headers) keys.push_back(h.key);
  CHECK(keys == std::vector<std::string>{"prefix.op", "prefix.source_lsn", "prefix.transaction_id",
                                         "prefix.transaction_total_order"});
  CHECK(OnlyHeader(record, "prefix.transaction_id").value == Value::String("571"));
  CHECK(OnlyHeader(record, "prefix.transaction_total_order").value == Value::Int64(42));
}

TEST_CASE("ExtractNewRecordState: route.by.field routes by the after row, or by before for a delete") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "tombstone"}, {"route.by.field", "name"}});
  ConnectRecord create = events.Create();
  CHECK(Kept(*transform, create));
  CHECK(create.topic == "myRecord");
  ConnectRecord update = events.Update();
  CHECK(Kept(*transform, update));
  CHECK(update.topic == "updatedRecord");
  ConnectRecord deleted = events.Delete();
  CHECK(Kept(*transform, deleted));
  CHECK(deleted.topic == "myRecord");
  CHECK(deleted.value.is_null());

  SUBCASE("a null or blank value keeps the topic") {
    ConnectRecord blank =
        events.Record(events.envelope_schema, events.Event(events.envelope_schema, "c", Value(), events.Row(1, "  ")));
    CHECK(Kept(*transform, blank));
    CHECK(blank.topic == "dummy");
    auto by_default = Configured(kClass, {{"route.by.field", "name"}});
    ConnectRecord null_name = events.CreateWithOptionalNull();
    CHECK(Kept(*by_default, null_name));
    CHECK(null_name.topic == "default_str");  // Struct.getString applies the column default
  }
  SUBCASE("the field must exist and be a string") {
    auto by_id = Configured(kClass, {{"route.by.field", "id"}});
    ConnectRecord record = events.Create();
    CHECK(Failure(*by_id, record).message() ==
          "route.by.field: the row has a non-string field 'id'; name a string column whose value is the topic to "
          "route to");
    auto by_missing = Configured(kClass, {{"route.by.field", "destination"}});
    ConnectRecord other = events.Delete();
    CHECK(Failure(*by_missing, other).message().rfind("route.by.field: the row has no field 'destination'", 0) == 0);
  }
}

TEST_CASE("ExtractNewRecordState: rewrite-with-tombstone adds headers to the delete and op=d to the tombstone") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "rewrite-with-tombstone"}, {"add.headers", "op,source.lsn"}});
  ConnectRecord record = events.Delete();
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "__deleted") == Value::String("true"));
  CHECK(OnlyHeader(record, "__op").value == Value::String("d"));
  CHECK(OnlyHeader(record, "__source_lsn").value == Value::Int32(1234));

  ConnectRecord tombstone = events.Tombstone();
  CHECK(Kept(*transform, tombstone));
  CHECK(tombstone.value.is_null());
  REQUIRE(tombstone.headers.size() == 1);
  CHECK(tombstone.headers[0].key == "__op");
  CHECK(tombstone.headers[0].value == Value::String("d"));
  CHECK(tombstone.headers[0].schema->Equals(*Primitive(SchemaType::kString)));
}

TEST_CASE("ExtractNewRecordState: add.fields on rewritten deletes") {
  ChangeEvents events;
  SUBCASE("op") {
    auto transform = Configured(kClass, {{kMode, "rewrite"}, {"add.fields", "op"}});
    ConnectRecord record = events.Delete();
    CHECK(Kept(*transform, record));
    CHECK(FieldOf(record.value, "__deleted") == Value::String("true"));
    CHECK(FieldOf(record.value, "__op") == Value::String("d"));
  }
  SUBCASE("op,lsn with and without tombstones") {
    for (const char* mode : {"rewrite", "rewrite-with-tombstone"}) {
      auto transform = Configured(kClass, {{kMode, mode}, {"add.fields", "op,lsn"}});
      ConnectRecord record = events.Delete();
      CHECK(Kept(*transform, record));
      std::vector<std::string> names;
      for (const Field& f : record.value_schema->fields()) names.push_back(f.name);
      CHECK(names == std::vector<std::string>{"id", "name", "__deleted", "__op", "__lsn"});
      CHECK(FieldOf(record.value, "__op") == Value::String("d"));
      CHECK(FieldOf(record.value, "__lsn") == Value::Int32(1234));
      ConnectRecord tombstone = events.Tombstone();
      CHECK(Kept(*transform, tombstone) == (std::string(mode) == "rewrite-with-tombstone"));
    }
  }
  SUBCASE("op,source.lsn") {
    auto transform = Configured(kClass, {{kMode, "rewrite"}, {"add.fields", "op,source.lsn"}});
    ConnectRecord record = events.Delete();
    CHECK(Kept(*transform, record));
    CHECK(FieldOf(record.value, "__op") == Value::String("d"));
    CHECK(FieldOf(record.value, "__source_lsn") == Value::Int32(1234));
  }
  SUBCASE("a delete kept as a null value gets no fields") {
    auto transform = Configured(kClass, {{kMode, "tombstone"}, {"add.fields", "op,source.lsn"}});
    ConnectRecord record = events.Delete();
    CHECK(Kept(*transform, record));
    CHECK(record.value.is_null());
    CHECK(record.value_schema == events.record_schema);
  }
}

// Debezium's addDropFieldsHeader: an optional array<optional string> header.
ConnectRecord WithDropHeader(ConnectRecord record) {
  SchemaPtr schema = SchemaBuilder::Array(Primitive(SchemaType::kString, true)).Optional().Name("drop-fields").Build();
  record.headers.push_back(
      Header{"drop-fields", schema, Value::MakeArray({Value::String("id"), Value::String("name")})});
  return record;
}

std::vector<std::string> FieldNames(const SchemaPtr& schema) {
  std::vector<std::string> names;
  for (const Field& f : schema->fields()) names.push_back(f.name);
  return names;
}

TEST_CASE("ExtractNewRecordState: drop.fields.header.name drops the listed fields") {
  ChangeEvents events;
  for (const bool from_key : {false, true}) {
    for (const bool compatible : {true, false}) {
      CAPTURE(from_key);
      CAPTURE(compatible);
      auto transform = Configured(kClass, {{kMode, "drop"},
                                   {"drop.fields.header.name", "drop-fields"},
                                   {"drop.fields.from.key", from_key ? "true" : "false"},
                                   {"drop.fields.keep.schema.compatible", compatible ? "true" : "false"}});
      const std::vector<ConnectRecord> inputs = {
          events.CreateWithOptionalNull(), events.WithKey(events.CreateWithOptionalNull()),
          events.UpdateWithOptionalNull(), events.WithKey(events.UpdateWithOptionalNull())};
      for (const ConnectRecord& input : inputs) {
        ConnectRecord record = WithDropHeader(input);
        const bool keyed = !record.key.is_null();
        CHECK(Kept(*transform, record));
        if (compatible) {
          // Only optional fields go: the value's "name"; the key's "id" is required.
          CHECK(FieldNames(record.value_schema) == std::vector<std::string>{"id"});
          CHECK(FieldOf(record.value, "id") == Value::Int8(1));
        } else {
          CHECK(FieldNames(record.value_schema).empty());
          CHECK(record.value.structure().fields.empty());
        }
        if (!keyed) {
          CHECK(record.key.is_null());
          CHECK(record.key_schema == nullptr);
        } else if (from_key && !compatible) {
          CHECK(FieldNames(record.key_schema).empty());
        } else {
          CHECK(record.key_schema == events.key_schema);
          CHECK(FieldOf(record.key, "id") == Value::Int8(1));
        }
      }
      ConnectRecord deleted = WithDropHeader(events.Delete());
      CHECK_FALSE(Kept(*transform, deleted));
      ConnectRecord tombstone = WithDropHeader(events.Tombstone());
      CHECK_FALSE(Kept(*transform, tombstone));
    }
  }
}

TEST_CASE("ExtractNewRecordState: drop.fields.header.name leaves records without the header alone") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{"drop.fields.header.name", "drop-fields"}});
  ConnectRecord record = events.CreateWithOptionalNull();
  CHECK(Kept(*transform, record));
  CHECK(FieldNames(record.value_schema) == std::vector<std::string>{"id", "name"});

  ConnectRecord wrong = events.CreateWithOptionalNull();
  wrong.headers.push_back(Header{"drop-fields", Primitive(SchemaType::kString, true), Value::String("name")});
  CHECK(Failure(*transform, wrong).message() ==
        "drop.fields.header.name: the header 'drop-fields' must hold a list of field names, found string");
}

TEST_CASE("ExtractNewRecordState: add.fields skips entries the event lacks and copies arrays") {
  ChangeEvents events;
  SchemaPtr changes_schema = SchemaBuilder::Array(Primitive(SchemaType::kString)).Build();
  SchemaPtr envelope = events.Envelope(events.record_schema, {{"changes", changes_schema}});
  Value event =
      events.Event(envelope, "u", events.Row(1, "myRecord"), events.Row(1, "updatedRecord"), events.Transaction());
  event.structure().fields[static_cast<size_t>(envelope->field("changes")->index)] =
      Value::MakeArray({Value::String("name")});

  auto transform = Configured(kClass, {{kMode, "tombstone"},
                               {"add.fields",
                                "notExisting,op:OP, lsn:LSN, id:ID, source.lsn:source_lsn, "
                                "transaction.total_order:TOTAL_ORDER, changes:META_SRC_CHANGED"},
                               {"add.fields.prefix", ""}});
  ConnectRecord record = events.Record(envelope, event);
  CHECK(Kept(*transform, record));
  CHECK(FieldNames(record.value_schema) ==
        std::vector<std::string>{"id", "name", "OP", "LSN", "ID", "source_lsn", "TOTAL_ORDER", "META_SRC_CHANGED"});
  CHECK(FieldOf(record.value, "TOTAL_ORDER") == Value::Int64(42));
  CHECK(FieldOf(record.value, "META_SRC_CHANGED") == Value::MakeArray({Value::String("name")}));
  CHECK(record.value_schema->field("META_SRC_CHANGED")
            ->schema->Equals(*SchemaBuilder::Array(Primitive(SchemaType::kString)).Optional().Build()));

  auto not_exist = Configured(kClass, 
      {{kMode, "tombstone"}, {"add.fields", "op:OP, lsn:LSN, notExist:META_SRC_CHANGED"}, {"add.fields.prefix", ""}});
  ConnectRecord again = events.Record(envelope, event);
  CHECK(Kept(*not_exist, again));
  CHECK(FieldNames(again.value_schema) == std::vector<std::string>{"id", "name", "OP", "LSN"});
}

TEST_CASE("ExtractNewRecordState: the envelope and source timestamps in all three units") {
  ChangeEvents events;
  auto transform =
      Configured(kClass, {{"add.fields",
                   "source.table:META_SRC_TABLENAME,source.ts_ms:META_SRC_TS_MS,source.ts_us:META_SRC_TS_US,"
                   "source.ts_ns:META_SRC_TS_NS,ts_ms:META_TS_MS,ts_us:META_TS_US,ts_ns:META_TS_NS,op:META_SRC_OP,"
                   "source.scn:META_SRC_SCN,source.snapshot:META_SRC_SNAPSHOT,source.user_name:META_SRC_USER,"
                   "changes:META_SRC_CHANGES"},
                  {kMode, "rewrite"}});
  ConnectRecord record = events.WithKey(events.CreateWithOptionalNull());
  CHECK(Kept(*transform, record));
  CHECK(FieldNames(record.value_schema) == std::vector<std::string>{"id", "name", "__deleted", "__META_SRC_TABLENAME",
                                                                    "__META_SRC_TS_MS", "__META_SRC_TS_US",
                                                                    "__META_SRC_TS_NS", "__META_TS_MS", "__META_TS_US",
                                                                    "__META_TS_NS", "__META_SRC_OP"});
  CHECK(FieldOf(record.value, "__META_SRC_TS_MS") == Value::Int64(1588252618953));
  CHECK(FieldOf(record.value, "__META_SRC_TS_US") == Value::Int64(1588252618953000));
  CHECK(FieldOf(record.value, "__META_SRC_TS_NS") == Value::Int64(1588252618953000000));
  CHECK(FieldOf(record.value, "__META_TS_MS") == Value::Int64(1710032523000));
  CHECK(FieldOf(record.value, "__META_TS_US") == Value::Int64(1710032523000123));
  CHECK(FieldOf(record.value, "__META_TS_NS") == Value::Int64(1710032523000123456));
  CHECK(FieldOf(record.value, "__META_SRC_TABLENAME") == Value::String("test_table"));
}

// ---------------------------------------------------------------------------------------------
// Beyond Debezium's tests: schemaless values, failures, and the exact wire format.

TEST_CASE("ExtractNewRecordState: schemaless values are not envelopes; schemaless tombstones are tombstones") {
  ChangeEvents events;
  auto transform = Configured(kClass, {{kMode, "rewrite"}, {"add.headers", "op"}});
  Value map = Value::MakeMap();
  map.map().entries.emplace_back(Value::String("op"), Value::String("c"));
  map.map().entries.emplace_back(Value::String("after"), Value::MakeMap());
  ConnectRecord record;
  record.topic = "dummy";
  record.value = map;
  CHECK(Kept(*transform, record));
  CHECK(record.value == map);
  CHECK(record.value_schema == nullptr);
  CHECK(record.headers.empty());

  ConnectRecord tombstone = events.Tombstone();
  tombstone.key = Value::String("k");
  CHECK_FALSE(Kept(*transform, tombstone));
  CHECK(OnlyHeader(tombstone, "__op").value == Value::String("d"));
}

TEST_CASE("ExtractNewRecordState: broken envelopes and metadata references fail with a reason") {
  ChangeEvents events;
  SUBCASE("an envelope schema with a non-struct value") {
    auto transform = Configured(kClass, {});
    ConnectRecord record = events.Record(events.envelope_schema, Value::String("x"));
    CHECK(Failure(*transform, record).message() ==
          "only a Struct record value is supported for extracting the new record state, found string");
  }
  SUBCASE("an envelope without after") {
    SchemaPtr schema = SchemaBuilder::Struct().Name("x.Envelope").AddField("op", Primitive(SchemaType::kString)).Build();
    Value value = Value::MakeStruct(schema);
    value.structure().fields = {Value::String("c")};
    auto transform = Configured(kClass, {});
    ConnectRecord record = events.Record(schema, value);
    CHECK(Failure(*transform, record).message() ==
          "the change event has no 'after' field although its schema name ends in .Envelope; apply this transform "
          "only to Debezium change events (e.g. with a predicate)");
  }
  SUBCASE("a struct the envelope lacks") {
    auto transform = Configured(kClass, {{"add.fields", "updateDescription"}});
    ConnectRecord record = events.Create();
    CHECK(Failure(*transform, record).message() ==
          "add.fields: the entry 'updateDescription' needs a struct field 'updateDescription' in the change event, "
          "which has none; remove the entry or name the struct that holds the field");
    auto headers = Configured(kClass, {{"add.headers", "op.x"}});
    ConnectRecord other = events.Create();
    CHECK(Failure(*headers, other)
              .message()
              .rfind("add.headers: the entry 'op.x' needs a struct field 'op' in "
                     "the change event, which has a non-struct one",
                     0) == 0);
  }
  SUBCASE("a field added twice") {
    auto transform = Configured(kClass, {{"add.fields", "op,source.op:op"}, {"add.fields.prefix", ""}});
    ConnectRecord record = events.Create();
    CHECK(Failure(*transform, record).message() ==
          "add.fields: the field 'op' would be added twice or already exists in the row; rename the entry with "
          ":<new name> or change add.fields.prefix");
  }
  SUBCASE("a whole struct") {
    auto transform = Configured(kClass, {{"add.fields", "transaction"}});
    ConnectRecord record = events.Update();
    CHECK(Failure(*transform, record).message().rfind("add.fields: the entry 'transaction' is a struct", 0) == 0);
    ConnectRecord snapshot = events.Create();  // a null transaction is accepted, as Kafka's Struct.put does
    CHECK(Kept(*transform, snapshot));
    CHECK(FieldOf(snapshot.value, "__transaction").is_null());
  }
  SUBCASE("a row that already has __deleted") {
    SchemaPtr row_schema = SchemaBuilder::Struct().AddField("__deleted", Primitive(SchemaType::kString, true)).Build();
    SchemaPtr envelope = events.Envelope(row_schema);
    Value row = Value::MakeStruct(row_schema);
    auto transform = Configured(kClass, {{kMode, "rewrite"}});
    ConnectRecord record = events.Record(envelope, events.Event(envelope, "c", Value(), row));
    CHECK(
        Failure(*transform, record).message().rfind("adding __deleted (delete.tombstone.handling.mode rewrite): ", 0) ==
        0);
  }
}

// ---------------------------------------------------------------------------------------------
// The examples of Debezium's event-flattening documentation.

// A table with "pk" and "cola", as in the documented rewrite example.
struct DocumentedTable {
  ChangeEvents events;
  SchemaPtr row_schema = SchemaBuilder::Struct()
                             .Name("dbserver1.public.t.Value")
                             .Optional()
                             .AddField("pk", Primitive(SchemaType::kInt32))
                             .AddField("cola", Primitive(SchemaType::kString, true))
                             .Build();
  SchemaPtr envelope = events.Envelope(row_schema);

  Value Row(int32_t pk, Value cola) const {
    Value row = Value::MakeStruct(row_schema);
    row.structure().fields = {Value::Int32(pk), std::move(cola)};
    return row;
  }
};

TEST_CASE("ExtractNewRecordState docs: the default configuration flattens an update to its after state") {
  SchemaPtr row_schema = SchemaBuilder::Struct()
                             .Name("dbserver1.public.t.Value")
                             .Optional()
                             .AddField("field1", Primitive(SchemaType::kString, true))
                             .AddField("field2", Primitive(SchemaType::kString, true))
                             .Build();
  ChangeEvents events;
  SchemaPtr envelope = events.Envelope(row_schema);
  auto row = [&](const char* a, const char* b) {
    Value v = Value::MakeStruct(row_schema);
    v.structure().fields = {Value::String(a), Value::String(b)};
    return v;
  };
  ConnectRecord record = events.Record(
      envelope, events.Event(envelope, "u", row("oldvalue1", "oldvalue2"), row("newvalue1", "newvalue2")));
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("io.debezium.transforms.ExtractNewRecordState", &transform).ok());
  REQUIRE(transform->Configure({}).ok());
  CHECK(Kept(*transform, record));
  CHECK(record.value.structure().fields == std::vector<Value>{Value::String("newvalue1"), Value::String("newvalue2")});
}

TEST_CASE("ExtractNewRecordState docs: delete.tombstone.handling.mode=rewrite with add.fields=table,lsn") {
  DocumentedTable table;
  auto transform = Configured(kClass, {{kMode, "rewrite"}, {"add.fields", "table,lsn"}});
  ConnectRecord record =
      table.events.Record(table.envelope, table.events.Event(table.envelope, "d", table.Row(2, Value()), Value()));
  CHECK(Kept(*transform, record));
  // "value": {"pk": 2, "cola": null, "__deleted": "true"} plus the two metadata fields.
  CHECK(FieldNames(record.value_schema) == std::vector<std::string>{"pk", "cola", "__deleted", "__table", "__lsn"});
  CHECK(record.value.structure().fields == std::vector<Value>{Value::Int32(2), Value(), Value::String("true"),
                                                              Value::String("test_table"), Value::Int32(1234)});
  ConnectRecord tombstone = table.events.Tombstone();
  CHECK_FALSE(Kept(*transform, tombstone));
}

TEST_CASE("ExtractNewRecordState docs: add.fields=op,table,lsn,source.ts_ms and add.headers=db") {
  DocumentedTable table;
  auto transform = Configured(kClass, {{"add.fields", "op,table,lsn,source.ts_ms"}, {"add.headers", "db"}, {kMode, "rewrite"}});
  ConnectRecord record = table.events.Record(
      table.envelope, table.events.Event(table.envelope, "c", Value(), table.Row(1, Value::String("a"))));
  CHECK(Kept(*transform, record));
  CHECK(FieldOf(record.value, "__op") == Value::String("c"));
  CHECK(FieldOf(record.value, "__table") == Value::String("test_table"));
  CHECK(FieldOf(record.value, "__lsn") == Value::Int32(1234));
  CHECK(FieldOf(record.value, "__source_ts_ms") == Value::Int64(kSourceTsMs));
  CHECK(OnlyHeader(record, "__db").value == Value::String("test_db"));
  CHECK(OnlyHeader(record, "__db").schema->Equals(*Primitive(SchemaType::kString, true)));
}

TEST_CASE(
    "ExtractNewRecordState docs: add.fields renames version:VERSION, connector:CONNECTOR, "
    "source.ts_ms:EVENT_TIMESTAMP") {
  ChangeEvents events;
  SchemaPtr source_schema = SchemaBuilder::Struct()
                                .Name("io.debezium.connector.postgresql.Source")
                                .AddField("version", Primitive(SchemaType::kString))
                                .AddField("connector", Primitive(SchemaType::kString))
                                .AddField("ts_ms", Primitive(SchemaType::kInt64))
                                .Build();
  SchemaPtr envelope = SchemaBuilder::Struct()
                           .Name("dbserver1.public.t.Envelope")
                           .AddField("before", events.record_schema)
                           .AddField("after", events.record_schema)
                           .AddField("source", source_schema)
                           .AddField("op", Primitive(SchemaType::kString))
                           .Build();
  Value source = Value::MakeStruct(source_schema);
  source.structure().fields = {Value::String("3.2.0.Final"), Value::String("postgresql"), Value::Int64(kSourceTsMs)};
  Value event = Value::MakeStruct(envelope);
  event.structure().fields = {Value(), events.Row(1, "a"), source, Value::String("r")};
  auto transform = Configured(kClass, {{"add.fields", "version:VERSION, connector:CONNECTOR, source.ts_ms:EVENT_TIMESTAMP"},
                               {"add.headers", "version:VERSION, connector:CONNECTOR, source.ts_ms:EVENT_TIMESTAMP"}});
  ConnectRecord record = events.Record(envelope, event);
  CHECK(Kept(*transform, record));
  CHECK(FieldNames(record.value_schema) ==
        std::vector<std::string>{"id", "name", "__VERSION", "__CONNECTOR", "__EVENT_TIMESTAMP"});
  CHECK(FieldOf(record.value, "__VERSION") == Value::String("3.2.0.Final"));
  CHECK(FieldOf(record.value, "__CONNECTOR") == Value::String("postgresql"));
  CHECK(FieldOf(record.value, "__EVENT_TIMESTAMP") == Value::Int64(kSourceTsMs));
  CHECK(record.value_schema->field("__EVENT_TIMESTAMP")->schema->Equals(*Primitive(SchemaType::kInt64, true)));
  REQUIRE(record.headers.size() == 3);
  CHECK(OnlyHeader(record, "__CONNECTOR").value == Value::String("postgresql"));
}

TEST_CASE("ExtractNewRecordState docs: route.by.field=destination") {
  ChangeEvents events;
  SchemaPtr row_schema = SchemaBuilder::Struct()
                             .Name("dbserver1.public.t.Value")
                             .Optional()
                             .AddField("id", Primitive(SchemaType::kInt32))
                             .AddField("destination", Primitive(SchemaType::kString, true))
                             .Build();
  SchemaPtr envelope = events.Envelope(row_schema);
  auto row = [&](const char* destination) {
    Value v = Value::MakeStruct(row_schema);
    v.structure().fields = {Value::Int32(7), Value::String(destination)};
    return v;
  };
  auto transform = Configured(kClass, {{"route.by.field", "destination"}, {kMode, "rewrite"}});
  ConnectRecord insert = events.Record(envelope, events.Event(envelope, "c", Value(), row("orders_eu")));
  CHECK(Kept(*transform, insert));
  CHECK(insert.topic == "orders_eu");
  ConnectRecord deleted = events.Record(envelope, events.Event(envelope, "d", row("orders_us"), Value()));
  CHECK(Kept(*transform, deleted));
  CHECK(deleted.topic == "orders_us");
  CHECK(FieldOf(deleted.value, "__deleted") == Value::String("true"));
}

TEST_CASE("ExtractNewRecordState docs (Debezium 2.x): drop.tombstones=false with delete.handling.mode=rewrite") {
  ChangeEvents events;
  auto transform =
      Configured(kClass, {{"drop.tombstones", "false"}, {"delete.handling.mode", "rewrite"}, {"add.fields", "table,lsn"}});
  ConnectRecord deleted = events.Delete();
  CHECK(Kept(*transform, deleted));
  CHECK(FieldNames(deleted.value_schema) == std::vector<std::string>{"id", "name", "__deleted", "__table", "__lsn"});
  CHECK(FieldOf(deleted.value, "__deleted") == Value::String("true"));
  ConnectRecord tombstone = events.Tombstone();
  CHECK(Kept(*transform, tombstone));
  ConnectRecord create = events.Create();
  CHECK(Kept(*transform, create));
  CHECK(FieldOf(create.value, "__deleted") == Value::String("false"));

  auto legacy_default = Configured(kClass, {{"drop.tombstones", "true"}});
  ConnectRecord dropped = events.Delete();
  CHECK_FALSE(Kept(*legacy_default, dropped));  // delete.handling.mode defaulted to drop
}

// ---------------------------------------------------------------------------------------------
// End to end with the JsonConverter: a Debezium JSON change event in, the JSON a JVM worker
// writes for the flattened record out.

std::string FlattenedJson(const ConfigMap& config, const std::string& event_json, bool* kept) {
  JsonConverter converter;
  REQUIRE(converter.Configure({}, false).ok());
  ErrorContext where;
  where.topic = "dbserver1.inventory.customers";
  SchemaAndValue in;
  Status st = converter.ToConnectData(where, event_json.data(), event_json.size(), &in);
  INFO(st.message());
  REQUIRE(st.ok());
  ConnectRecord record;
  record.topic = where.topic;
  record.value_schema = in.schema;
  record.value = std::move(in.value);
  auto transform = Configured(kClass, config);
  *kept = Kept(*transform, record);
  if (!*kept) return "";
  std::string out;
  bool is_null = false;
  st = converter.FromConnectData(where, record.value_schema, record.value, &out, &is_null);
  INFO(st.message());
  REQUIRE(st.ok());
  return out;
}

const char* const kCustomerSchema =
    R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
    R"({"type":"string","optional":true,"field":"email"}],"optional":true,"name":"dbserver1.inventory.customers.Value","field":"%s"})";

std::string CustomerEvent(const char* op, const char* before, const char* after) {
  auto row_schema = [](const char* field) {
    std::string s = kCustomerSchema;
    return s.replace(s.find("%s"), 2, field);
  };
  return std::string(R"({"schema":{"type":"struct","fields":[)") + row_schema("before") + "," + row_schema("after") +
         R"(,{"type":"struct","fields":[{"type":"string","optional":false,"field":"version"},)"
         R"({"type":"string","optional":false,"field":"connector"},{"type":"int64","optional":false,"field":"ts_ms"},)"
         R"({"type":"string","optional":false,"field":"db"},{"type":"string","optional":false,"field":"table"},)"
         R"({"type":"int64","optional":true,"field":"lsn"}],"optional":false,"name":"io.debezium.connector.postgresql.Source","field":"source"},)"
         R"({"type":"string","optional":false,"field":"op"},{"type":"int64","optional":true,"field":"ts_ms"},)"
         R"({"type":"struct","fields":[{"type":"string","optional":false,"field":"id"},)"
         R"({"type":"int64","optional":false,"field":"total_order"},{"type":"int64","optional":false,"field":"data_collection_order"}],)"
         R"("optional":true,"name":"event.block","version":1,"field":"transaction"}],"optional":false,)"
         R"("name":"dbserver1.inventory.customers.Envelope","version":2},"payload":{"before":)" +
         before + R"(,"after":)" + after +
         R"(,"source":{"version":"3.2.0.Final","connector":"postgresql","ts_ms":1559033904863,"db":"postgres",)"
         R"("table":"customers","lsn":24023128},"op":")" +
         op + R"(","ts_ms":1559033904961,"transaction":null}})";
}

TEST_CASE("ExtractNewRecordState JSON: an insert becomes the after row with a required row schema") {
  bool kept = false;
  std::string json =
      FlattenedJson({}, CustomerEvent("c", "null", R"({"id":1004,"email":"annek@noanswer.org"})"), &kept);
  CHECK(kept);
  CHECK(json == R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
                R"({"type":"string","optional":true,"field":"email"}],"optional":false,)"
                R"("name":"dbserver1.inventory.customers.Value"},"payload":{"id":1004,"email":"annek@noanswer.org"}})");
}

TEST_CASE("ExtractNewRecordState JSON: a rewritten delete with metadata fields") {
  bool kept = false;
  std::string json = FlattenedJson({{kMode, "rewrite"}, {"add.fields", "op,table,lsn,source.ts_ms"}},
                                   CustomerEvent("d", R"({"id":1004,"email":null})", "null"), &kept);
  CHECK(kept);
  CHECK(
      json ==
      R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
      R"({"type":"string","optional":true,"field":"email"},{"type":"string","optional":true,"field":"__deleted"},)"
      R"({"type":"string","optional":true,"field":"__op"},{"type":"string","optional":true,"field":"__table"},)"
      R"({"type":"int64","optional":true,"field":"__lsn"},{"type":"int64","optional":true,"field":"__source_ts_ms"}],)"
      R"("optional":false,"name":"dbserver1.inventory.customers.Value"},)"
      R"("payload":{"id":1004,"email":null,"__deleted":"true","__op":"d","__table":"customers",)"
      R"("__lsn":24023128,"__source_ts_ms":1559033904863}})");
}

TEST_CASE("ExtractNewRecordState JSON: a delete in the default mode keeps the optional row schema and a null payload") {
  bool kept = false;
  std::string json = FlattenedJson({}, CustomerEvent("d", R"({"id":1004,"email":null})", "null"), &kept);
  CHECK(kept);
  CHECK(json == R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
                R"({"type":"string","optional":true,"field":"email"}],"optional":true,)"
                R"("name":"dbserver1.inventory.customers.Value"},"payload":null})");
}

}  // namespace
}  // namespace connectd
