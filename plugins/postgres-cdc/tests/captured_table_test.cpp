// The Debezium event schemas of a captured table (<prefix>.<schema>.<table>.Key / .Value /
// .Envelope, the Source block) and the rows built from column texts, checked as the JSON the
// host's JsonConverter writes for them; with the host's real service table.
#include "captured_table.h"

#include <doctest/doctest.h>

#include <string>

#include "connect_json.h"
#include "plugin/host_api.h"

namespace connectd {
namespace pgcdc {
namespace {

struct HostFixture {
  HostFixture() { sdk::HostSlot() = HostApi(); }
};

ColumnText Text(const char* t) { return ColumnText{ColumnText::State::kText, t}; }
ColumnText Null() { return ColumnText{}; }

EventNaming Naming() {
  EventNaming n;
  n.topic_prefix = "dbserver1";
  n.topic_delimiter = ".";
  n.unavailable_value_placeholder = "__debezium_unavailable_value";
  return n;
}

CapturedTable Customers(const TableFilter& filter = TableFilter(), std::vector<std::string> key = {"id"}) {
  static const PgTypeRegistry types;
  static const sdk::Schema source = BuildSourceSchema();
  std::vector<ColumnDefinition> columns = {
      {"id", 23, -1, true, std::nullopt}, {"name", 1043, 255 + 4, true, std::nullopt}, {"email", 25, -1, false, std::nullopt}};
  return CapturedTable(TableId{"public", "customers"}, 16385, 'd', columns, key, Naming(), types, filter, source);
}

TEST_CASE_FIXTURE(HostFixture, "schemas are named and ordered as Debezium's") {
  CapturedTable t = Customers();
  CHECK(t.topic() == "dbserver1.public.customers");
  sdk::Value key = t.key({Text("7"), Text("Sally"), Null()});
  CHECK(Json(t.keySchema(), key) ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":false,)"
        R"("name":"dbserver1.public.customers.Key"},"payload":{"id":7}})");
  sdk::Value row = t.row({Text("7"), Text("Sally"), Null()});
  CHECK(Json(t.valueSchema(), row) ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
        R"({"type":"string","optional":false,"field":"name"},{"type":"string","optional":true,"field":"email"}],)"
        R"("optional":true,"name":"dbserver1.public.customers.Value"},"payload":{"id":7,"name":"Sally","email":null}})");
  sdk::SchemaView envelope = t.envelopeSchema();
  CHECK(envelope.name() == "dbserver1.public.customers.Envelope");
  std::vector<std::string> fields;
  for (size_t i = 0; i < envelope.fieldCount(); ++i) {
    std::string_view name;
    envelope.field(i, &name);
    fields.emplace_back(name);
  }
  CHECK(fields == std::vector<std::string>{"before", "after", "source", "transaction", "op", "ts_ms", "ts_us", "ts_ns"});
  std::string_view transaction_name;
  CHECK(envelope.field(3, &transaction_name).name() == "event.block");
}

TEST_CASE_FIXTURE(HostFixture, "a NULL in a NOT NULL column (a delete's key-only before) gets the fallback") {
  CapturedTable t = Customers();
  sdk::Value before = t.row({Text("3"), Null(), Null()});
  CHECK(Json(t.valueSchema(), before).find(R"("payload":{"id":3,"name":"","email":null})") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "constant column defaults go into the field schemas and fill NOT NULL gaps") {
  static const PgTypeRegistry types;
  static const sdk::Schema source = BuildSourceSchema();
  std::vector<ColumnDefinition> columns = {{"id", 23, -1, true, std::string("1")},
                                           {"tier", 23, -1, true, std::string("3")},
                                           {"label", 1043, 20 + 4, false, std::string("new")},
                                           {"born", 1082, -1, true, std::string("2021-03-20")},
                                           {"note", 25, -1, false, std::nullopt},
                                           {"code", 23, -1, true, std::string("not a number")}};
  CapturedTable t(TableId{"public", "defaults"}, 16390, 'd', columns, {"id"}, Naming(), types, TableFilter(), source);
  sdk::Value row = t.row({Text("5"), Null(), Null(), Null(), Null(), Text("9")});
  CHECK(Json(t.valueSchema(), row) ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"default":1,"field":"id"},)"
        R"({"type":"int32","optional":false,"default":3,"field":"tier"},)"
        R"({"type":"string","optional":true,"default":"new","field":"label"},)"
        R"({"type":"int32","optional":false,"name":"io.debezium.time.Date","version":1,"default":18706,"field":"born"},)"
        R"({"type":"string","optional":true,"field":"note"},{"type":"int32","optional":false,"field":"code"}],)"
        R"("optional":true,"name":"dbserver1.public.defaults.Value"},)"
        R"("payload":{"id":5,"tier":3,"label":"new","born":18706,"note":null,"code":9}})");
  CHECK(Json(t.keySchema(), t.key({Text("5"), Null(), Null(), Null(), Null(), Text("9")})).find(R"("default":1)") !=
        std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "column filters drop columns but never key columns; no key without a primary key") {
  TableFilter filter({}, {}, {}, {}, {}, {"public\\.customers\\.(email|id)"});
  CapturedTable t = Customers(filter);
  sdk::Value row = t.row({Text("1"), Text("a"), Text("x@example.com")});
  CHECK(Json(t.valueSchema(), row).find(R"("payload":{"id":1,"name":"a"})") != std::string::npos);

  CapturedTable keyless = Customers(TableFilter(), {});
  CHECK_FALSE(keyless.hasKey());
}

TEST_CASE_FIXTURE(HostFixture, "a column dropped from the middle moves the later ones up; a key column named twice is one field") {
  CapturedTable t = Customers(TableFilter({}, {}, {}, {}, {}, {"public\\.customers\\.name"}), {"email", "id", "email"});
  CHECK(Json(t.valueSchema(), t.row({Text("1"), Text("a"), Text("x@example.com")})) ==
        R"({"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},)"
        R"({"type":"string","optional":true,"field":"email"}],"optional":true,)"
        R"("name":"dbserver1.public.customers.Value"},"payload":{"id":1,"email":"x@example.com"}})");
  CHECK(t.keyColumns() == std::vector<size_t>{2, 0});
  CHECK(Json(t.keySchema(), t.key({Text("1"), Text("a"), Text("x@example.com")})) ==
        R"({"schema":{"type":"struct","fields":[{"type":"string","optional":true,"field":"email"},)"
        R"({"type":"int32","optional":false,"field":"id"}],"optional":false,)"
        R"("name":"dbserver1.public.customers.Key"},"payload":{"email":"x@example.com","id":1}})");
}

TEST_CASE_FIXTURE(HostFixture, "a value that does not parse names the table, column and text") {
  CapturedTable t = Customers();
  std::string message;
  try {
    t.row({Text("seven"), Text("a"), Null()});
  } catch (const sdk::ConnectException& e) {
    message = e.what();
  }
  CHECK(message.rfind("table public.customers: column 'id'", 0) == 0);
  CHECK(message.find("'seven'") != std::string::npos);
}

TEST_CASE_FIXTURE(HostFixture, "the source block schema is Debezium's io.debezium.connector.postgresql.Source") {
  sdk::Schema source = BuildSourceSchema();
  CHECK(source.name() == "io.debezium.connector.postgresql.Source");
  std::string_view name;
  sdk::SchemaView snapshot = source.field(4, &name);
  CHECK(name == "snapshot");
  CHECK(snapshot.name() == "io.debezium.data.Enum");
  CHECK(*snapshot.parameter("allowed") ==
        "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental");
  CHECK(snapshot.optional());
}

}  // namespace
}  // namespace pgcdc
}  // namespace connectd
