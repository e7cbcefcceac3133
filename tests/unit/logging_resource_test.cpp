#include <doctest/doctest.h>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "log/log.h"
#include "rest/logging_resource.h"

using namespace connectd;

namespace {

// Keeps every logged line's text ("DEBUG [conn-0] message").
class CapturedLines : public Poco::Channel {
 public:
  void log(const Poco::Message& msg) override {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.push_back(msg.getText());
  }
  // The lines logged since the last call, each ending in '\n'.
  std::string Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out;
    for (const std::string& line : lines_) out += line + "\n";
    lines_.clear();
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Each test starts from LogInit(INFO) with every line captured, and leaves the process's loggers
// as it found them (no levels of their own, the channel they had: none in this binary).
class LoggingFixture {
 public:
  LoggingFixture() : before_(Poco::Logger::root().getChannel()), captured_(new CapturedLines) {
    LogInit(LogLevel::kInfo);
    Route(captured_);
  }
  ~LoggingFixture() {
    LogInit(LogLevel::kInfo);
    Route(before_);
  }
  std::string Lines() { return captured_->Take(); }

 private:
  static void Route(const Poco::Channel::Ptr& channel) {
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::setChannel(Poco::Logger::ROOT, channel);
  }
  Poco::Channel::Ptr before_;
  Poco::AutoPtr<CapturedLines> captured_;
};

// "a,b,c": shows the names in a failed CHECK.
std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

RestReply Call(const std::string& method, const std::string& path, const std::string& body = "",
               std::vector<std::pair<std::string, std::string>> query = {}) {
  RestRequest req;
  req.method = method;
  req.path = path;
  req.segments = Segments(path);
  req.query = std::move(query);
  req.body = body;
  return HandleLoggers(req);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The single last_modified in `body` replaced by "T", after checking it lies in [from, to].
std::string WithTimeAsT(const std::string& body, int64_t from, int64_t to) {
  const std::string key = "\"last_modified\":";
  size_t at = std::string::npos;
  for (size_t pos = body.find(key); pos != std::string::npos; pos = body.find(key, pos + 1)) {
    if (body.compare(pos + key.size(), 4, "null") != 0) {
      REQUIRE(at == std::string::npos);
      at = pos + key.size();
    }
  }
  REQUIRE(at != std::string::npos);
  size_t end = body.find_first_of(",}", at);
  int64_t t = std::stoll(body.substr(at, end - at));
  CHECK(t >= from);
  CHECK(t <= to);
  return body.substr(0, at) + "T" + body.substr(end);
}

}  // namespace

TEST_CASE("level names: Kafka's seven for loggers, the config's five unchanged") {
  LogLevel level = LogLevel::kInfo;
  const std::pair<const char*, LogLevel> kKafka[] = {{"OFF", LogLevel::kOff},     {"fatal", LogLevel::kFatal},
                                                     {"Error", LogLevel::kError}, {"WARN", LogLevel::kWarn},
                                                     {"info", LogLevel::kInfo},   {"DEBUG", LogLevel::kDebug},
                                                     {"trace", LogLevel::kTrace}};
  for (const auto& [name, expected] : kKafka) {
    CAPTURE(name);
    REQUIRE(LoggerLevelFromName(name, &level));
    CHECK(level == expected);
  }
  CHECK_FALSE(LoggerLevelFromName("WARNING", &level));
  CHECK_FALSE(LoggerLevelFromName("ALL", &level));
  CHECK_FALSE(LoggerLevelFromName("", &level));
  CHECK_FALSE(LoggerLevelFromName("INFO ", &level));

  CHECK(std::string(LogLevelName(LogLevel::kOff)) == "OFF");
  CHECK(std::string(LogLevelName(LogLevel::kFatal)) == "FATAL");
  CHECK(std::string(LogLevelName(LogLevel::kWarn)) == "WARN");
  CHECK(std::string(LogLevelName(LogLevel::kTrace)) == "TRACE");

  REQUIRE(LogLevelFromName("warning", &level));
  CHECK(level == LogLevel::kWarn);
  CHECK_FALSE(LogLevelFromName("FATAL", &level));
  CHECK_FALSE(LogLevelFromName("OFF", &level));
}

TEST_CASE("a level set on a connector covers its tasks and dotted children, not look-alike names") {
  LoggingFixture logs;
  Log(LogLevel::kInfo, "lrt-conn", "connector up");
  Log(LogLevel::kInfo, "lrt-conn-0", "task up");
  Log(LogLevel::kInfo, "lrt-conn.part", "part up");
  Log(LogLevel::kInfo, "lrt-connx", "other up");
  Log(LogLevel::kInfo, "lrt-conn-x", "other up");
  Log(LogLevel::kDebug, "lrt-conn-0", "hidden at INFO");
  CHECK(logs.Lines() ==
        "INFO  [lrt-conn] connector up\nINFO  [lrt-conn-0] task up\nINFO  [lrt-conn.part] part up\n"
        "INFO  [lrt-connx] other up\nINFO  [lrt-conn-x] other up\n");

  CHECK(Joined(LogSetLevel("lrt-conn", LogLevel::kDebug, 1000)) == "lrt-conn,lrt-conn-0,lrt-conn.part");
  Log(LogLevel::kDebug, "lrt-conn-0", "task detail");
  Log(LogLevel::kDebug, "lrt-conn.part", "part detail");
  Log(LogLevel::kDebug, "lrt-connx", "hidden");
  Log(LogLevel::kDebug, "lrt-conn-x", "hidden");
  Log(LogLevel::kTrace, "lrt-conn", "hidden");
  Log(LogLevel::kDebug, "lrt-conn-7", "a task started after the change");
  CHECK(logs.Lines() ==
        "DEBUG [lrt-conn-0] task detail\nDEBUG [lrt-conn.part] part detail\n"
        "DEBUG [lrt-conn-7] a task started after the change\n");

  LoggerLevelInfo info;
  REQUIRE(LogLevelOf("lrt-conn-0", &info));
  CHECK(info.level == LogLevel::kDebug);
  CHECK(info.last_modified_ms == std::optional<int64_t>(1000));
  REQUIRE(LogLevelOf("lrt-conn-7", &info));  // inherits, never set itself
  CHECK(info.level == LogLevel::kDebug);
  CHECK(info.last_modified_ms == std::nullopt);
  REQUIRE(LogLevelOf("lrt-connx", &info));
  CHECK(info.level == LogLevel::kInfo);
  CHECK_FALSE(LogLevelOf("lrt-never-used", &info));

  // WARN on the task alone: its INFO lines stop, the connector's go on.
  CHECK(Joined(LogSetLevel("lrt-conn-0", LogLevel::kWarn, 2000)) == "lrt-conn-0");
  Log(LogLevel::kInfo, "lrt-conn-0", "hidden");
  Log(LogLevel::kWarn, "lrt-conn-0", "task warning");
  Log(LogLevel::kInfo, "lrt-conn", "connector info");
  CHECK(logs.Lines() == "WARN  [lrt-conn-0] task warning\nINFO  [lrt-conn] connector info\n");
}

TEST_CASE("only loggers whose level differed get it as their own, judged before the change") {
  LoggingFixture logs;
  Log(LogLevel::kInfo, "lrt-same", "x");
  Log(LogLevel::kInfo, "lrt-same.a", "x");
  LogSetLevel("lrt-same.a", LogLevel::kWarn, 10);
  CHECK(Joined(LogSetLevel("lrt-same", LogLevel::kInfo, 20)) == "lrt-same,lrt-same.a");
  auto levels = LogLevels();
  CHECK(levels.count("lrt-same") == 0);  // was INFO already: still inherits from the root
  REQUIRE(levels.count("lrt-same.a") == 1);
  CHECK(levels["lrt-same.a"].level == LogLevel::kInfo);
  CHECK(levels["lrt-same.a"].last_modified_ms == std::optional<int64_t>(20));

  // The root now reaches lrt-same but no longer lrt-same.a, which has INFO of its own.
  LogSetLevel(kRootLoggerName, LogLevel::kError, 30);
  LoggerLevelInfo info;
  REQUIRE(LogLevelOf("lrt-same", &info));
  CHECK(info.level == LogLevel::kError);
  REQUIRE(LogLevelOf("ROOT", &info));
  CHECK(info.level == LogLevel::kError);
  CHECK(info.last_modified_ms == std::optional<int64_t>(30));
}

TEST_CASE("OFF silences a logger, FATAL lets only fatal lines through") {
  LoggingFixture logs;
  LogSetLevel("lrt-off", LogLevel::kOff, 1);
  LogSetLevel("lrt-fatal", LogLevel::kFatal, 1);
  Log(LogLevel::kFatal, "lrt-off", "hidden");
  Log(LogLevel::kError, "lrt-fatal", "hidden");
  Log(LogLevel::kFatal, "lrt-fatal", "the end");
  Log(LogLevel::kOff, "lrt-plain", "never a line");
  CHECK(logs.Lines() == "FATAL [lrt-fatal] the end\n");
}

TEST_CASE("LogInit forgets levels set at run time") {
  LoggingFixture logs;
  LogSetLevel("lrt-reset", LogLevel::kTrace, 5);
  LogInit(LogLevel::kWarn);
  auto levels = LogLevels();
  REQUIRE(levels.size() == 1);
  CHECK(levels["root"].level == LogLevel::kWarn);
  CHECK(levels["root"].last_modified_ms == std::nullopt);
  LoggerLevelInfo info;
  REQUIRE(LogLevelOf("lrt-reset", &info));
  CHECK(info.level == LogLevel::kWarn);
}

TEST_CASE("GET /admin/loggers lists the root and the loggers set at run time") {
  LoggingFixture logs;
  RestReply reply = Call("GET", "/admin/loggers");
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"root":{"level":"INFO","last_modified":null}})");

  int64_t from = NowMs();
  RestReply put = Call("PUT", "/admin/loggers/lrt-list", R"({"level":"debug"})");
  int64_t to = NowMs();
  CHECK(put.status == 200);
  CHECK(put.body == R"(["lrt-list"])");

  reply = Call("GET", "/admin/loggers");
  CHECK(reply.status == 200);
  CHECK(WithTimeAsT(reply.body, from, to) ==
        R"({"lrt-list":{"level":"DEBUG","last_modified":T},"root":{"level":"INFO","last_modified":null}})");
  CHECK(Call("GET", "/admin/loggers/").body == reply.body);

  reply = Call("GET", "/admin/loggers/lrt-list");
  CHECK(reply.status == 200);
  CHECK(WithTimeAsT(reply.body, from, to) == R"({"level":"DEBUG","last_modified":T})");
}

TEST_CASE("GET /admin/loggers/{name}: the inherited level, the root by any case, 404 for unknown") {
  LoggingFixture logs;
  Log(LogLevel::kInfo, "lrt-get-0", "x");
  Call("PUT", "/admin/loggers/lrt-get", R"({"level":"TRACE"})");

  RestReply reply = Call("GET", "/admin/loggers/lrt-get-0");
  CHECK(reply.status == 200);
  CHECK(reply.body.rfind(R"({"level":"TRACE","last_modified":)", 0) == 0);

  Log(LogLevel::kInfo, "lrt-get-1", "created after the PUT");
  reply = Call("GET", "/admin/loggers/lrt-get-1");
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"level":"TRACE","last_modified":null})");

  reply = Call("GET", "/admin/loggers/Root");
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"level":"INFO","last_modified":null})");

  reply = Call("GET", "/admin/loggers/lrt-nobody");
  CHECK(reply.status == 404);
  CHECK(reply.body == R"({"error_code":404,"message":"Logger lrt-nobody not found."})");
}

TEST_CASE("PUT /admin/loggers/{name} answers the namespace's loggers and changes what is logged") {
  LoggingFixture logs;
  Log(LogLevel::kInfo, "lrt-put", "x");
  Log(LogLevel::kInfo, "lrt-put-0", "x");
  Log(LogLevel::kInfo, "lrt-put-1", "x");
  logs.Lines();

  RestReply reply = Call("PUT", "/admin/loggers/lrt-put", R"({"level":"WARN"})");
  CHECK(reply.status == 200);
  CHECK(reply.body == R"(["lrt-put","lrt-put-0","lrt-put-1"])");
  Log(LogLevel::kInfo, "lrt-put-1", "hidden");
  Log(LogLevel::kWarn, "lrt-put-1", "shown");
  CHECK(logs.Lines() ==
        "INFO  [rest.loggers] Setting level of namespace lrt-put and children to WARN\n"
        "WARN  [lrt-put-1] shown\n");

  reply = Call("PUT", "/admin/loggers/lrt-put", R"({"level":"DEBUG"})", {{"scope", "worker"}});
  CHECK(reply.status == 200);
  CHECK(reply.body == R"(["lrt-put","lrt-put-0","lrt-put-1"])");
  Log(LogLevel::kDebug, "lrt-put-0", "detail");
  CHECK(logs.Lines() ==
        "INFO  [rest.loggers] Setting level of namespace lrt-put and children to DEBUG\n"
        "DEBUG [lrt-put-0] detail\n");
}

TEST_CASE("PUT scope: cluster answers 204, worker and unknown scopes answer the list") {
  LoggingFixture logs;
  RestReply reply = Call("PUT", "/admin/loggers/lrt-scope", R"({"level":"ERROR"})", {{"scope", "cluster"}});
  CHECK(reply.status == 204);
  CHECK(reply.body.empty());
  LoggerLevelInfo info;
  REQUIRE(LogLevelOf("lrt-scope", &info));
  CHECK(info.level == LogLevel::kError);

  reply = Call("PUT", "/admin/loggers/lrt-scope", R"({"level":"TRACE"})", {{"scope", "CLUSTER"}});
  CHECK(reply.status == 204);
  REQUIRE(LogLevelOf("lrt-scope", &info));
  CHECK(info.level == LogLevel::kTrace);

  reply = Call("PUT", "/admin/loggers/lrt-scope", R"({"level":"WARN"})", {{"scope", "Worker"}});
  CHECK(reply.status == 200);
  CHECK(reply.body == R"(["lrt-scope"])");

  logs.Lines();
  reply = Call("PUT", "/admin/loggers/lrt-scope", R"({"level":"INFO"})", {{"scope", "galaxy"}});
  CHECK(reply.status == 200);
  CHECK(reply.body == R"(["lrt-scope"])");
  REQUIRE(LogLevelOf("lrt-scope", &info));
  CHECK(info.level == LogLevel::kInfo);
  CHECK(logs.Lines() ==
        "WARN  [rest.loggers] Received invalid scope 'galaxy' in request to adjust logging level; will default to "
        "worker\nINFO  [rest.loggers] Setting level of namespace lrt-scope and children to INFO\n");
}

TEST_CASE("PUT root sets every logger and the root") {
  LoggingFixture logs;
  Log(LogLevel::kInfo, "lrt-everyone", "x");
  RestReply reply = Call("PUT", "/admin/loggers/root", R"({"level":"ERROR"})");
  REQUIRE(reply.status == 200);
  rapidjson::Document names;
  names.Parse(reply.body.c_str());
  REQUIRE(names.IsArray());
  std::vector<std::string> got;
  for (const auto& n : names.GetArray()) got.emplace_back(n.GetString());
  CHECK(std::is_sorted(got.begin(), got.end()));
  CHECK(std::find(got.begin(), got.end(), "root") != got.end());
  CHECK(std::find(got.begin(), got.end(), "lrt-everyone") != got.end());
  CHECK(Call("GET", "/admin/loggers/lrt-everyone").body.rfind(R"({"level":"ERROR","last_modified":)", 0) == 0);
  logs.Lines();
  Log(LogLevel::kWarn, "lrt-born-later", "hidden");
  Log(LogLevel::kError, "lrt-born-later", "shown");
  CHECK(logs.Lines() == "ERROR [lrt-born-later] shown\n");
}

TEST_CASE("PUT errors: Kafka's codes and messages, and nothing changes") {
  LoggingFixture logs;
  Log(LogLevel::kInfo, "lrt-bad", "x");
  struct Case {
    const char* body;
    int status;
    const char* reply;
  };
  const Case kCases[] = {
      {R"({})", 400, R"({"error_code":400,"message":"Desired 'level' parameter was not specified in request."})"},
      {R"({"level":null})", 400,
       R"({"error_code":400,"message":"Desired 'level' parameter was not specified in request."})"},
      {R"({"lvl":"DEBUG"})", 400,
       R"({"error_code":400,"message":"Desired 'level' parameter was not specified in request."})"},
      {R"({"level":"verbose"})", 404, R"({"error_code":404,"message":"invalid log level 'verbose'."})"},
      {R"({"level":"ALL"})", 404, R"({"error_code":404,"message":"invalid log level 'ALL'."})"},
      {R"({"level":""})", 404, R"({"error_code":404,"message":"invalid log level ''."})"},
      {R"({"level":5})", 404, R"({"error_code":404,"message":"invalid log level '5'."})"},
      {R"(["DEBUG"])", 400,
       R"({"error_code":400,"message":"Request body must be a JSON object such as {\"level\": \"DEBUG\"}"})"},
      {"", 400,
       R"x({"error_code":400,"message":"Request body is not valid JSON: The document is empty. (at byte 0)"})x"},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.body);
    RestReply reply = Call("PUT", "/admin/loggers/lrt-bad", c.body, {{"scope", "cluster"}});
    CHECK(reply.status == c.status);
    CHECK(reply.body == c.reply);
  }
  CHECK(Call("GET", "/admin/loggers/lrt-bad").body == R"({"level":"INFO","last_modified":null})");
  CHECK(Call("GET", "/admin/loggers").body == R"({"root":{"level":"INFO","last_modified":null}})");
}

TEST_CASE("other paths and methods under /admin") {
  LoggingFixture logs;
  const std::string k405 = R"({"error_code":405,"message":"HTTP 405 Method Not Allowed"})";
  RestReply reply = Call("POST", "/admin/loggers", R"({"level":"DEBUG"})");
  CHECK(reply.status == 405);
  CHECK(reply.body == k405);
  reply = Call("PUT", "/admin/loggers", R"({"level":"DEBUG"})");
  CHECK(reply.status == 405);
  CHECK(reply.body == k405);
  reply = Call("DELETE", "/admin/loggers/lrt-x");
  CHECK(reply.status == 405);
  CHECK(reply.body == k405);

  reply = Call("GET", "/admin");
  CHECK(reply.status == 404);
  CHECK(reply.body == R"({"error_code":404,"message":"Unknown endpoint GET /admin"})");
  reply = Call("GET", "/admin/levels");
  CHECK(reply.status == 404);
  CHECK(reply.body == R"({"error_code":404,"message":"Unknown endpoint GET /admin/levels"})");
  reply = Call("GET", "/admin/loggers/a/b");
  CHECK(reply.status == 404);
  CHECK(reply.body == R"({"error_code":404,"message":"Unknown endpoint GET /admin/loggers/a/b"})");
  LoggerLevelInfo info;
  CHECK_FALSE(LogLevelOf("lrt-x", &info));  // a refused request creates no logger
}
