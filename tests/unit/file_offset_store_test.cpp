#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "storage/offset_store.h"
#include "temp_dir.h"

using namespace connectd;

namespace {
std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
void WriteAll(const std::string& path, const std::string& text) { std::ofstream(path) << text; }
Value Partition(const std::string& file) { return Value::MakeMap({{Value::String("filename"), Value::String(file)}}); }
Value Position(int64_t p) { return Value::MakeMap({{Value::String("position"), Value::Int64(p)}}); }
}  // namespace

TEST_CASE("offsets are written as Kafka's offset topic keys and read back after a restart") {
  TempDir dir;
  std::string path = dir.File("connect.offsets");
  {
    auto store = NewFileOffsetStore(path);
    REQUIRE(store->Start().ok());
    CHECK_FALSE(store->Get("src", Partition("/a")).has_value());
    REQUIRE(store->Put("src", {{Partition("/a"), Position(10)}, {Partition("/b"), Position(3)}}).ok());
    REQUIRE(store->Put("src", {{Partition("/a"), Position(25)}}).ok());
    REQUIRE(store->Flush().ok());
  }
  CHECK(ReadAll(path) ==
        "{\"offsets\":[\n"
        "{\"key\":[\"src\",{\"filename\":\"/a\"}],\"value\":{\"position\":25}},\n"
        "{\"key\":[\"src\",{\"filename\":\"/b\"}],\"value\":{\"position\":3}}\n"
        "]}\n");
  CHECK(access((path + ".tmp").c_str(), F_OK) != 0);  // renamed into place

  auto store = NewFileOffsetStore(path);
  REQUIRE(store->Start().ok());
  auto a = store->Get("src", Partition("/a"));
  REQUIRE(a.has_value());
  CHECK(a->map().Find("position")->Int64Of() == 25);
  CHECK_FALSE(store->Get("other-connector", Partition("/a")).has_value());
  CHECK(store->List("src").size() == 2);
}

TEST_CASE("nothing reaches the file before Flush") {
  TempDir dir;
  std::string path = dir.File("connect.offsets");
  auto store = NewFileOffsetStore(path);
  REQUIRE(store->Start().ok());
  REQUIRE(store->Put("src", {{Partition("/a"), Position(1)}}).ok());
  CHECK(access(path.c_str(), F_OK) != 0);
  REQUIRE(store->Flush().ok());
  CHECK(access(path.c_str(), F_OK) == 0);
}

TEST_CASE("a corrupt offset file refuses to start and names the file") {
  TempDir dir;
  std::string path = dir.File("connect.offsets");
  WriteAll(path, "{\"offsets\":[{\"key\":");
  Status s = NewFileOffsetStore(path)->Start();
  CHECK_FALSE(s.ok());
  CHECK(s.message().find(path) != std::string::npos);
  CHECK(s.message().find("corrupt") != std::string::npos);
  CHECK(s.message().find("refusing to start") != std::string::npos);

  WriteAll(path, "{\"offsets\":[{\"key\":{\"not\":\"a list\"},\"value\":{}}]}");
  CHECK(NewFileOffsetStore(path)->Start().message().find("is not [\"connector\", {partition}]") != std::string::npos);
}

TEST_CASE("an unreadable offset file or a directory refuses to start") {
  TempDir dir;
  std::string path = dir.File("connect.offsets");
  REQUIRE(mkdir(path.c_str(), 0700) == 0);
  CHECK(NewFileOffsetStore(path)->Start().message().find("is a directory") != std::string::npos);

  // Fails for root too: a path through a regular file cannot be read, and is not "absent".
  TempDir other;
  std::string not_a_dir = other.Write("plain-file", "x");
  std::string file = not_a_dir + "/connect.offsets";
  Status s = NewFileOffsetStore(file)->Start();
  CHECK(s.message().find("cannot read offset file " + file + ": Not a directory") != std::string::npos);
}

TEST_CASE("an empty path keeps offsets in memory") {
  auto store = NewFileOffsetStore("");
  REQUIRE(store->Start().ok());
  REQUIRE(store->Put("src", {{Partition("/a"), Position(4)}}).ok());
  REQUIRE(store->Flush().ok());
  CHECK(store->Get("src", Partition("/a"))->map().Find("position")->Int64Of() == 4);
}
