#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

const char* const kClass = "org.apache.kafka.connect.transforms.DropHeaders";

std::vector<std::string> Keys(const ConnectRecord& record) {
  std::vector<std::string> keys;
  for (const Header& header : record.headers) keys.push_back(header.key + "=" + header.value.string());
  return keys;
}

// Applies `transform`, which may change only the headers of HeaderTestRecord().
void ApplyToHeaders(Transformation& transform, ConnectRecord& record) {
  ApplyOk(transform, record);
  CHECK(record.topic == "topic");
  CHECK(record.key == Value::String("key"));
  CHECK(record.value == Value::String("value"));
  CHECK(record.timestamp == 0);
}

TEST_CASE("DropHeaders drops an existing header") {
  auto transform = Configured(kClass, {{"headers", "to-drop"}});
  ConnectRecord record =
      HeaderTestRecord({StringHeader("existing", "existing-value"), StringHeader("to-drop", "existing-value")});
  ApplyToHeaders(*transform, record);
  CHECK(Keys(record) == std::vector<std::string>{"existing=existing-value"});
}

TEST_CASE("DropHeaders drops every header with the name") {
  auto transform = Configured(kClass, {{"headers", "to-drop"}});
  ConnectRecord record = HeaderTestRecord({StringHeader("to-drop", "existing-value"), StringHeader("existing", "existing-value"),
                                 StringHeader("to-drop", "existing-other-value")});
  ApplyToHeaders(*transform, record);
  CHECK(Keys(record) == std::vector<std::string>{"existing=existing-value"});
}

TEST_CASE("DropHeaders leaves records without the header alone") {
  auto transform = Configured(kClass, {{"headers", "to-drop"}});
  ConnectRecord record = HeaderTestRecord({StringHeader("existing", "existing-value")});
  ApplyToHeaders(*transform, record);
  CHECK(Keys(record) == std::vector<std::string>{"existing=existing-value"});
  ConnectRecord empty = HeaderTestRecord({});
  ApplyToHeaders(*transform, empty);
  CHECK(empty.headers.empty());
}

TEST_CASE("DropHeaders takes a list, keeps the order of the rest and matches names exactly") {
  auto transform = Configured(kClass, {{"headers", " a , c "}});
  ConnectRecord record = HeaderTestRecord({StringHeader("a", "1"), StringHeader("b", "2"), StringHeader("C", "3"),
                                 StringHeader("c", "4"), StringHeader("d", "5")});
  ApplyToHeaders(*transform, record);
  CHECK(Keys(record) == std::vector<std::string>{"b=2", "C=3", "d=5"});
}

TEST_CASE("DropHeaders requires a non-empty list") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("DropHeaders", &transform).ok());
  Status st = transform->Configure({});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("headers: missing required setting", 0) == 0);
  st = transform->Configure({{"headers", " "}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message() == "headers: Empty list; name at least one header to remove");
}

}  // namespace
}  // namespace connectd
