// message.key.columns: parsing Debezium's "<table regex>:<columns>;..." lists, matching tables
// as schema.table, and the errors for malformed entries and unknown columns.
#include "message_key_columns.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "connectd/sdk.hpp"
#include "thrown_message.h"

namespace connectd {
namespace pgcdc {
namespace {

using Columns = std::vector<std::string>;

using testing::ThrownMessage;

}  // namespace

TEST_CASE("message.key.columns picks the first matching entry, else the primary key") {
  MessageKeyColumns keys("public.customers:pk1,pk2; (.*).purchaseorders : pk3 ,pk4;");
  const Columns all = {"pk1", "pk2", "pk3", "pk4", "id"};
  CHECK(keys.keyFor(TableId{"public", "customers"}, {"id"}, all) == Columns{"pk1", "pk2"});
  CHECK(keys.keyFor(TableId{"Public", "Customers"}, {"id"}, all) == Columns{"pk1", "pk2"});  // case-insensitive
  CHECK(keys.keyFor(TableId{"sales", "purchaseorders"}, {}, all) == Columns{"pk3", "pk4"});
  CHECK(keys.keyFor(TableId{"public", "customers_old"}, {"id"}, all) == Columns{"id"});  // whole-name match
  CHECK(MessageKeyColumns("").keyFor(TableId{"public", "t"}, {"id"}, all) == Columns{"id"});
}

TEST_CASE("message.key.columns refuses malformed entries and unknown columns, naming them") {
  CHECK(ThrownMessage([] { MessageKeyColumns("public.customers"); }) ==
        "message.key.columns: 'public.customers' is not <fully-qualified table>:<column>[,<column>...]");
  CHECK(ThrownMessage([] { MessageKeyColumns("public.customers:"); }).find("is not <fully-qualified table>") !=
        std::string::npos);
  CHECK(ThrownMessage([] { MessageKeyColumns("public.customers:a,,b"); }) ==
        "message.key.columns: 'public.customers:a,,b' names an empty column");
  CHECK(ThrownMessage([] { MessageKeyColumns("public.(customers:a"); }).find("is not a regular expression") !=
        std::string::npos);
  MessageKeyColumns keys("public.customers:email");
  CHECK(ThrownMessage([&] { keys.keyFor(TableId{"public", "customers"}, {"id"}, {"id", "name"}); }) ==
        "message.key.columns: 'public.customers:email' makes column 'email' the key of table public.customers, "
        "which has no such column");
}

}  // namespace pgcdc
}  // namespace connectd
