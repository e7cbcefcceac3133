// The sink's column layout (pk.mode, pk.fields, fields.whitelist) against Confluent's
// FieldsMetadata rules, with schemas built through the host's real service table.
#include "sink_row_layout.h"

#include <doctest/doctest.h>

#include <functional>

#include "plugin/host_api.h"

namespace connectd {
namespace odbc {
namespace {

struct HostFixture {
  HostFixture() { sdk::HostSlot() = HostApi(); }
};

sdk::Schema ValueSchema() {
  return sdk::SchemaBuilder::Struct()
      .name("product")
      .field("id", sdk::Schema::Primitive(sdk::Type::Int32))
      .field("name", sdk::Schema::Primitive(sdk::Type::String, true))
      .field("price", sdk::SchemaBuilder::Decimal(2).optional().build())
      .field("at", sdk::SchemaBuilder::Timestamp().build())
      .build();
}

std::vector<std::string> Names(const std::vector<SinkColumn>& columns) {
  std::vector<std::string> out;
  for (const SinkColumn& c : columns) out.push_back(c.name);
  return out;
}

std::string Message(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const sdk::ConnectException& e) {
    return e.what();
  }
  return "no exception";
}

}  // namespace

TEST_CASE_FIXTURE(HostFixture, "pk.mode=none writes every value field, in schema order") {
  sdk::Schema value = ValueSchema();
  RowLayout l = BuildRowLayout(PkMode::kNone, {}, {}, sdk::SchemaView(), value, "t");
  CHECK(l.key_columns.empty());
  CHECK(Names(l.value_columns) == std::vector<std::string>{"id", "name", "price", "at"});
  CHECK(l.value_columns[0].kind == FieldKind::kInt32);
  CHECK_FALSE(l.value_columns[0].optional);
  CHECK(l.value_columns[1].optional);
  CHECK(l.value_columns[2].kind == FieldKind::kDecimal);
  CHECK(l.value_columns[2].scale == 2);
  CHECK(l.value_columns[3].kind == FieldKind::kTimestamp);
  CHECK(l.value_sources[3].from == ColumnSource::kValueField);
  CHECK(l.value_sources[3].field == 3);
}

TEST_CASE_FIXTURE(HostFixture, "pk.mode=kafka uses the three coordinates, or exactly three pk.fields") {
  sdk::Schema value = ValueSchema();
  RowLayout l = BuildRowLayout(PkMode::kKafka, {}, {}, sdk::SchemaView(), value, "t");
  CHECK(Names(l.key_columns) == std::vector<std::string>{"__connect_topic", "__connect_partition", "__connect_offset"});
  CHECK(l.key_columns[0].kind == FieldKind::kString);
  CHECK(l.key_columns[1].kind == FieldKind::kInt32);
  CHECK(l.key_columns[2].kind == FieldKind::kInt64);
  CHECK(l.key_sources[2].from == ColumnSource::kOffset);
  CHECK(l.value_columns.size() == 4);
  RowLayout named = BuildRowLayout(PkMode::kKafka, {"tp", "pa", "of"}, {}, sdk::SchemaView(), value, "t");
  CHECK(Names(named.key_columns) == std::vector<std::string>{"tp", "pa", "of"});
  CHECK(Message([&] { BuildRowLayout(PkMode::kKafka, {"a", "b"}, {}, sdk::SchemaView(), value, "t"); })
            .find("exactly 3, defined fields are: [a, b]") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "pk.mode=record_key: a primitive key needs one pk.fields name; a struct key gives fields") {
  sdk::Schema value = ValueSchema();
  RowLayout primitive =
      BuildRowLayout(PkMode::kRecordKey, {"k"}, {}, sdk::Schema::Primitive(sdk::Type::Int64), value, "t");
  CHECK(Names(primitive.key_columns) == std::vector<std::string>{"k"});
  CHECK(primitive.key_sources[0].from == ColumnSource::kWholeKey);
  CHECK_FALSE(primitive.key_columns[0].optional);
  CHECK(Message([&] {
          BuildRowLayout(PkMode::kRecordKey, {}, {}, sdk::Schema::Primitive(sdk::Type::Int64), value, "t");
        }).find("Need exactly one PK column") != std::string::npos);
  CHECK(Message([&] { BuildRowLayout(PkMode::kRecordKey, {}, {}, sdk::SchemaView(), value, "orders"); })
            .find("PK mode for table 'orders' is record_key, but record key schema is missing") != std::string::npos);

  sdk::Schema key = sdk::SchemaBuilder::Struct()
                        .field("id", sdk::Schema::Primitive(sdk::Type::Int32))
                        .field("region", sdk::Schema::Primitive(sdk::Type::String))
                        .build();
  RowLayout all = BuildRowLayout(PkMode::kRecordKey, {}, {}, key, value, "t");
  CHECK(Names(all.key_columns) == std::vector<std::string>{"id", "region"});
  // A value field that is also a key column is written once, as the key.
  CHECK(Names(all.value_columns) == std::vector<std::string>{"name", "price", "at"});
  RowLayout some = BuildRowLayout(PkMode::kRecordKey, {"region"}, {}, key, value, "t");
  CHECK(Names(some.key_columns) == std::vector<std::string>{"region"});
  CHECK(some.key_sources[0].from == ColumnSource::kKeyField);
  CHECK(some.key_sources[0].field == 1);
  CHECK(Message([&] { BuildRowLayout(PkMode::kRecordKey, {"nope"}, {}, key, value, "t"); })
            .find("record key schema does not contain field: nope") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "pk.mode=record_value takes key columns from the value; fields.whitelist filters the rest") {
  sdk::Schema value = ValueSchema();
  RowLayout l = BuildRowLayout(PkMode::kRecordValue, {"id"}, {"price"}, sdk::SchemaView(), value, "t");
  CHECK(Names(l.key_columns) == std::vector<std::string>{"id"});
  CHECK(Names(l.value_columns) == std::vector<std::string>{"price"});
  RowLayout every = BuildRowLayout(PkMode::kRecordValue, {}, {}, sdk::SchemaView(), value, "t");
  CHECK(Names(every.key_columns) == std::vector<std::string>{"id", "name", "price", "at"});
  CHECK(every.value_columns.empty());
  CHECK_FALSE(every.key_columns[1].optional);
  CHECK(Message([&] { BuildRowLayout(PkMode::kRecordValue, {"id"}, {}, sdk::SchemaView(), sdk::SchemaView(), "t"); })
            .find("record value schema is missing") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "values that no column can hold are refused with the field's name") {
  sdk::Schema nested = sdk::SchemaBuilder::Struct()
                           .field("id", sdk::Schema::Primitive(sdk::Type::Int32))
                           .field("tags", sdk::SchemaBuilder::Array(sdk::Schema::Primitive(sdk::Type::String)).build())
                           .build();
  CHECK(Message([&] { BuildRowLayout(PkMode::kNone, {}, {}, sdk::SchemaView(), nested, "t"); })
            .find("field 'tags' is an array, map or struct") != std::string::npos);
  CHECK(Message([&] {
          BuildRowLayout(PkMode::kNone, {}, {}, sdk::SchemaView(), sdk::Schema::Primitive(sdk::Type::String), "t");
        }).find("must be a Struct") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "schema defaults become SQL literals for ALTER TABLE") {
  sdk::Schema value = sdk::SchemaBuilder::Struct()
                          .field("n", sdk::SchemaBuilder(sdk::Type::Int32).defaultValue(sdk::Value::Int32(42)).build())
                          .field("s", sdk::SchemaBuilder(sdk::Type::String)
                                          .defaultValue(sdk::Value::String("it's"))
                                          .build())
                          .field("plain", sdk::Schema::Primitive(sdk::Type::Boolean, true))
                          .build();
  RowLayout l = BuildRowLayout(PkMode::kNone, {}, {}, sdk::SchemaView(), value, "t");
  CHECK(l.value_columns[0].default_literal == std::optional<std::string>("42"));
  CHECK(l.value_columns[1].default_literal == std::optional<std::string>("'it''s'"));
  CHECK_FALSE(l.value_columns[2].default_literal.has_value());
}

TEST_CASE("pk.mode names") {
  PkMode m = PkMode::kNone;
  CHECK(PkModeFromName("record_value", &m));
  CHECK(m == PkMode::kRecordValue);
  CHECK_FALSE(PkModeFromName("RECORD_VALUE", &m));
  CHECK_FALSE(PkModeFromName("", &m));
}

}  // namespace odbc
}  // namespace connectd
