// ObjectUploader against a scripted HTTP server: every object of every group arrives with its
// bytes, multipart above the part size, tickets finish, and the first failure is kept, names the
// group and stops later uploads.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <thread>

#include "object_uploader.h"
#include "scripted_s3_server.h"
#include "thrown_message.h"

namespace connectd {
namespace s3 {
namespace {

using testing::ConfigFor;
using testing::ErrorXml;
using testing::ReceivedRequest;
using testing::ScriptedResponse;
using testing::ScriptedS3Server;
using connectd::testing::ThrownMessage;

ObjectUploaderSettings Settings(int concurrency) {
  ObjectUploaderSettings settings;
  settings.bucket = "lake";
  settings.part_size = 5242880;
  settings.concurrency = concurrency;
  return settings;
}

bool WaitUntil(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

}  // namespace

TEST_CASE("ObjectUploader puts every object of every group, on several connections") {
  ScriptedS3Server server;
  ObjectUploader uploader(ConfigFor(server), Settings(3));
  std::vector<std::shared_ptr<UploadTicket>> tickets;
  for (int group = 0; group < 4; ++group) {
    std::vector<FinishedObject> objects;
    for (int i = 0; i < 3; ++i) {
      std::string key = "topics/t/p=" + std::to_string(i) + "/g" + std::to_string(group);
      objects.push_back(FinishedObject{key, "{\"group\":" + std::to_string(group) + "}\n", "application/json"});
    }
    tickets.push_back(uploader.Submit("topic 't' partition 0 offsets " + std::to_string(group), std::move(objects)));
  }
  for (const auto& ticket : tickets) CHECK(WaitUntil([&] { return ticket->done(); }));
  uploader.ThrowIfFailed();

  std::vector<ReceivedRequest> received = server.received();
  REQUIRE(received.size() == 12);
  std::set<std::string> uris;
  std::set<uint16_t> ports;
  for (const ReceivedRequest& r : received) {
    CHECK(r.method == "PUT");
    CHECK(r.headers.at("content-type") == "application/json");
    uris.insert(r.uri);
    ports.insert(r.client_port);
    CHECK(r.body == "{\"group\":" + r.uri.substr(r.uri.rfind("/g") + 2) + "}\n");
  }
  CHECK(uris.size() == 12);
  CHECK(ports.size() >= 2);  // more than one connection was used
}

TEST_CASE("ObjectUploader sends an object above the part size as a multipart upload") {
  ScriptedS3Server server;
  server.Script({
      {200, "<InitiateMultipartUploadResult><UploadId>u-1</UploadId></InitiateMultipartUploadResult>", {}},
      {200, "", {{"ETag", "\"e1\""}}},
      {200, "", {{"ETag", "\"e2\""}}},
      {200, "<CompleteMultipartUploadResult><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>", {}},
  });
  ObjectUploader uploader(ConfigFor(server), Settings(1));
  std::string bytes(5242880 + 100, 'x');
  auto ticket = uploader.Submit("topic 't' partition 0 offsets 0..9", {FinishedObject{"big.bin", bytes, "application/octet-stream"}});
  REQUIRE(WaitUntil([&] { return ticket->done(); }));
  std::vector<ReceivedRequest> received = server.received();
  REQUIRE(received.size() == 4);
  CHECK(received[0].method == "POST");
  CHECK(received[0].uri == "/lake/big.bin?uploads=");
  CHECK(received[1].uri == "/lake/big.bin?partNumber=1&uploadId=u-1");
  CHECK(received[1].body.size() == 5242880);
  CHECK(received[2].uri == "/lake/big.bin?partNumber=2&uploadId=u-1");
  CHECK(received[2].body.size() == 100);
  CHECK(received[3].uri == "/lake/big.bin?uploadId=u-1");
}

TEST_CASE("ObjectUploader keeps the first failure, names its group and sends nothing more") {
  ScriptedS3Server server;
  server.Script({{200, "", {}}, {403, ErrorXml("AccessDenied", "Access Denied"), {}}});
  ObjectUploader uploader(ConfigFor(server), Settings(1));
  auto first = uploader.Submit("topic 't' partition 2 offsets 0..9", {FinishedObject{"a", "1\n", "text/plain"}});
  auto second = uploader.Submit("topic 't' partition 2 offsets 10..19", {FinishedObject{"b", "2\n", "text/plain"}});
  REQUIRE(WaitUntil([&] { return first->done(); }));
  REQUIRE(WaitUntil([&] { return ThrownMessage([&] { uploader.ThrowIfFailed(); }) != "(nothing thrown)"; }));
  std::string message = ThrownMessage([&] { uploader.ThrowIfFailed(); });
  CHECK(message.find("topic 't' partition 2 offsets 10..19: ") == 0);
  CHECK(message.find("AccessDenied") != std::string::npos);
  CHECK_FALSE(second->done());

  CHECK(ThrownMessage([&] { uploader.Submit("topic 't' partition 2 offsets 20..29", {FinishedObject{"c", "3\n", "text/plain"}}); }) ==
        message);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(server.received().size() == 2);
}

TEST_CASE("A stopped ObjectUploader refuses objects and sends nothing") {
  ScriptedS3Server server;
  ObjectUploader uploader(ConfigFor(server), Settings(1));
  uploader.Stop();
  CHECK(ThrownMessage([&] { uploader.Submit("topic 't' partition 0 offsets 0..0", {FinishedObject{"a", "1\n", "text/plain"}}); })
            .find("stopped") != std::string::npos);
  CHECK(server.received().empty());
}

}  // namespace s3
}  // namespace connectd
