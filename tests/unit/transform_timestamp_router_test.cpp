#include <doctest/doctest.h>

#include <ostream>

#include "transform_test_support.h"
#include "transforms/transformation.h"

namespace connectd {
namespace {

constexpr const char* kClass = "org.apache.kafka.connect.transforms.TimestampRouter";

std::string Routed(const ConfigMap& config, const std::string& topic, int64_t timestamp) {
  auto transform = Configured(kClass, config);
  ConnectRecord record;
  record.topic = topic;
  record.kafka_partition = 0;
  record.timestamp = timestamp;
  record.value = Value::String("v");
  record.headers.push_back(Header{"h", nullptr, Value::String("x")});
  ApplyOk(*transform, record);
  CHECK(record.kafka_partition == 0);
  CHECK(record.timestamp == timestamp);
  CHECK(record.value == Value::String("v"));
  CHECK(record.headers.size() == 1);
  return record.topic;
}

TEST_CASE("TimestampRouter: Kafka's default configuration") {
  // TimestampRouterTest.defaultConfiguration: 2017-01-03T06:30:01.864Z.
  CHECK(Routed({}, "test", 1483425001864) == "test-20170103");
  CHECK(Routed({}, "test", 0) == "test-19700101");
  CHECK(Routed({}, "test", -1 - 86400000) == "test-19691230");  // before 1970, in UTC
}

TEST_CASE("TimestampRouter formats") {
  CHECK(Routed({{"topic.format", "${topic}_${timestamp}"}, {"timestamp.format", "yyyy-MM"}}, "orders", 1483425001864) ==
        "orders_2017-01");
  CHECK(Routed({{"topic.format", "logs-${timestamp}-${topic}-${timestamp}"}, {"timestamp.format", "yyyy.MM.dd.HH"}},
               "app", 1483425001864) == "logs-2017.01.03.06-app-2017.01.03.06");
  CHECK(Routed({{"topic.format", "fixed"}}, "app", 1483425001864) == "fixed");
  CHECK(Routed({{"topic.format", " ${topic} "}, {"timestamp.format", " yyyy "}}, "app", 0) == "app");  // trimmed
  CHECK(Routed({{"timestamp.format", "yyyyMMdd'T'HHmm"}}, "app", 1483425001864) == "app-20170103T0630");
  // ${topic} is replaced first, so a topic holding "${timestamp}" gets it replaced too, as in Kafka.
  CHECK(Routed({}, "a${timestamp}", 0) == "a19700101-19700101");
  CHECK(Routed({}, "cost$1\\x", 0) == "cost$1\\x-19700101");
}

TEST_CASE("TimestampRouter needs a record timestamp") {
  auto transform = Configured(kClass, {});
  ConnectRecord record;
  record.topic = "orders";
  record.kafka_partition = 3;
  record.kafka_offset = 42;
  bool keep = true;
  Status st = transform->Apply(record, &keep);
  CHECK(st.code() == Status::Code::kFailed);
  CHECK(st.message().rfind("Timestamp missing on record: topic 'orders', partition 3, offset 42 has no timestamp", 0) ==
        0);
  CHECK(record.topic == "orders");
}

TEST_CASE("TimestampRouter rejects a timestamp.format SimpleDateFormat rejects") {
  std::unique_ptr<Transformation> transform;
  REQUIRE(CreateTransformation("TimestampRouter", &transform).ok());
  Status st = transform->Configure({{"timestamp.format", "yyyy-MM-dd'T"}});
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().rfind("timestamp.format: the date format pattern 'yyyy-MM-dd'T' is not valid: Unterminated quote",
                           0) == 0);
  st = transform->Configure({{"timestamp.format", "yyyyMMdd_hhmmss_bb"}});
  CHECK(st.message().find("Illegal pattern character 'b'") != std::string::npos);
}

}  // namespace
}  // namespace connectd
