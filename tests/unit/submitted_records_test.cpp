#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "runtime/submitted_records.h"

using namespace connectd;

namespace {
Value Partition(const std::string& file) { return Value::MakeMap({{Value::String("filename"), Value::String(file)}}); }
std::shared_ptr<const Value> SharedPartition(const std::string& file) {
  return std::make_shared<const Value>(Partition(file));
}
Value Offset(int64_t pos) { return Value::MakeMap({{Value::String("position"), Value::Int64(pos)}}); }
SubmittedRecords::Submitted* Submit(SubmittedRecords& s, const std::string& file, int64_t pos) {
  Value o = Offset(pos);
  return s.Submit(SharedPartition(file), o, nullptr);
}
}  // namespace

TEST_CASE("an offset is committable only when every earlier record of its partition is acked") {
  SubmittedRecords s;
  auto* a1 = Submit(s, "a", 10);
  auto* a2 = Submit(s, "a", 20);
  auto* b1 = Submit(s, "b", 5);
  auto* a3 = Submit(s, "a", 30);
  CHECK(s.outstanding() == 4);

  s.Ack(a2);
  s.Ack(a3);
  CHECK(s.Committable().empty());  // a1 still in flight: nothing from "a"

  s.Ack(b1);
  auto c = s.Committable();
  REQUIRE(c.size() == 1);
  CHECK(c[0].first == Partition("b"));
  CHECK(c[0].second == Offset(5));

  s.Ack(a1);
  c = s.Committable();
  REQUIRE(c.size() == 1);
  CHECK(c[0].first == Partition("a"));
  CHECK(c[0].second == Offset(30));  // the latest of the acked prefix
  CHECK(s.outstanding() == 0);
  CHECK(s.Committable().empty());
}

TEST_CASE("records without an offset are tracked but never committed") {
  SubmittedRecords s;
  Value o;
  auto* r = s.Submit(nullptr, o, nullptr);
  s.Ack(r);
  CHECK(s.Committable().empty());
  CHECK(s.outstanding() == 0);
}

TEST_CASE("a record without an offset is covered by a later offset of its partition") {
  SubmittedRecords s;
  auto shared = SharedPartition("f");
  Value none;
  auto* first = s.Submit(shared, none, nullptr);
  Value o = Offset(99);
  auto* last = s.Submit(shared, o, nullptr);
  s.Ack(last);
  CHECK(s.Committable().empty());  // the first record is still in flight
  s.Ack(first);
  auto c = s.Committable();
  REQUIRE(c.size() == 1);
  CHECK(c[0].second == Offset(99));
}

TEST_CASE("a send thread submits and acks while the task thread collects, and offsets only move forward") {
  // The source runner's two threads: Submit/Ack on one, Committable/outstanding on the other.
  SubmittedRecords s;
  auto shared = SharedPartition("f");
  constexpr int64_t kRecords = 20000;
  std::thread sender([&] {
    std::vector<SubmittedRecords::Submitted*> in_flight;
    for (int64_t i = 1; i <= kRecords; ++i) {
      Value o = Offset(i);
      in_flight.push_back(s.Submit(shared, o, nullptr));
      if (in_flight.size() == 64 || i == kRecords) {
        for (auto it = in_flight.rbegin(); it != in_flight.rend(); ++it) s.Ack(*it);  // out of order
        in_flight.clear();
      }
    }
  });
  int64_t last = 0;
  bool backwards = false;
  while (last < kRecords) {
    for (auto& [partition, offset] : s.Committable()) {
      int64_t position = offset.map().Find("position")->Int64Of();
      backwards |= position <= last;
      last = position;
    }
  }
  sender.join();
  CHECK_FALSE(backwards);
  CHECK(last == kRecords);
  CHECK(s.outstanding() == 0);
}
