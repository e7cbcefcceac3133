#include "cli/ctl_args.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace connectd {
namespace {

const char kDefault[] = "http://127.0.0.1:8083";

CtlInvocation ParseOk(const std::vector<std::string>& args) {
  CtlInvocation inv;
  Status s = ParseCtlArgs(args, kDefault, &inv);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return inv;
}

std::string UsageError(const std::vector<std::string>& args) {
  CtlInvocation inv;
  Status s = ParseCtlArgs(args, kDefault, &inv);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == Status::Code::kInvalidArgument);
  return s.message();
}

TEST_CASE("ctl args: get connectors with the defaults") {
  CtlInvocation inv = ParseOk({"get", "connectors"});
  CHECK(inv.action == CtlAction::kGetConnectors);
  CHECK(inv.url == kDefault);
  CHECK(inv.format == CtlFormat::kTable);
  CHECK(inv.connector.empty());
}

TEST_CASE("ctl args: options before or after the command, in every spelling") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--url", "http://w:9000", "-o", "json", "get", "plugins"},
           {"get", "plugins", "--url=http://w:9000", "--output=json"},
           {"get", "--url", "http://w:9000", "plugins", "-ojson"},
           {"-o=json", "--output", "json", "get", "plugin", "--url", "http://w:9000"},
       }) {
    CAPTURE(args.front());
    CtlInvocation inv = ParseOk(args);
    CHECK(inv.action == CtlAction::kGetPlugins);
    CHECK(inv.url == "http://w:9000");
    CHECK(inv.format == CtlFormat::kJson);
  }
}

TEST_CASE("ctl args: the last -o and --url win") {
  CtlInvocation inv = ParseOk({"-o", "json", "--url", "http://a:1", "get", "connectors", "-o", "table", "--url",
                               "http://b:2/prefix"});
  CHECK(inv.format == CtlFormat::kTable);
  CHECK(inv.url == "http://b:2/prefix");
}

TEST_CASE("ctl args: commands on one connector") {
  CHECK(ParseOk({"pause", "src"}).action == CtlAction::kPause);
  CHECK(ParseOk({"resume", "src"}).action == CtlAction::kResume);
  CHECK(ParseOk({"stop", "src"}).action == CtlAction::kStop);
  CHECK(ParseOk({"delete", "src"}).action == CtlAction::kDelete);
  CHECK(ParseOk({"offsets", "src"}).action == CtlAction::kOffsets);
  CtlInvocation d = ParseOk({"describe", "connector", "my connector/1"});
  CHECK(d.action == CtlAction::kDescribeConnector);
  CHECK(d.connector == "my connector/1");
  CHECK(ParseOk({"delete", "--", "-dash-name"}).connector == "-dash-name");
}

TEST_CASE("ctl args: restart variants") {
  CtlInvocation plain = ParseOk({"restart", "src"});
  CHECK(plain.action == CtlAction::kRestart);
  CHECK(plain.connector == "src");
  CHECK_FALSE(plain.include_tasks);
  CHECK_FALSE(plain.only_failed);
  CHECK(plain.task == -1);

  CtlInvocation all = ParseOk({"restart", "--include-tasks", "src", "--only-failed"});
  CHECK(all.include_tasks);
  CHECK(all.only_failed);

  CHECK(ParseOk({"restart", "src", "--task", "3"}).task == 3);
  CHECK(ParseOk({"restart", "src", "--task=0"}).task == 0);
}

TEST_CASE("ctl args: apply takes -f files in order") {
  CtlInvocation inv = ParseOk({"apply", "-f", "a.properties", "--filename", "b.json", "-fc.json", "--filename=d"});
  CHECK(inv.action == CtlAction::kApply);
  CHECK(inv.files == std::vector<std::string>{"a.properties", "b.json", "c.json", "d"});
}

TEST_CASE("ctl args: --help anywhere asks for help") {
  CHECK(ParseOk({"--help"}).action == CtlAction::kHelp);
  CHECK(ParseOk({"get", "connectors", "-h"}).action == CtlAction::kHelp);
  CHECK(ParseOk({"help"}).action == CtlAction::kHelp);
}

TEST_CASE("ctl args: usage errors say what is wrong") {
  CHECK(UsageError({}) == "missing command (get, describe, apply, pause, resume, stop, restart, delete, offsets)");
  CHECK(UsageError({"list"}) == "unknown command 'list'");
  CHECK(UsageError({"get"}) == "missing argument: usage is 'connectd ctl get connectors|plugins'");
  CHECK(UsageError({"get", "tasks"}) == "cannot get 'tasks': use 'get connectors' or 'get plugins'");
  CHECK(UsageError({"get", "connectors", "extra"}) ==
        "unexpected argument 'extra': usage is 'connectd ctl get connectors|plugins'");
  CHECK(UsageError({"describe", "src"}) == "missing argument: usage is 'connectd ctl describe connector NAME'");
  CHECK(UsageError({"describe", "task", "src"}) == "cannot describe 'task': use 'describe connector NAME'");
  CHECK(UsageError({"pause"}) == "missing argument: usage is 'connectd ctl pause NAME'");
  CHECK(UsageError({"delete", "a", "b"}) == "unexpected argument 'b': usage is 'connectd ctl delete NAME'");
  CHECK(UsageError({"delete", ""}) == "the connector name is empty");
  CHECK(UsageError({"apply"}) == "apply needs at least one -f FILE");
  CHECK(UsageError({"apply", "x.json"}) == "unexpected argument 'x.json': usage is 'connectd ctl apply -f FILE [-f FILE...]'");
  CHECK(UsageError({"get", "connectors", "-f", "x"}) == "-f is only for apply");
  CHECK(UsageError({"pause", "src", "--include-tasks"}) == "--task, --include-tasks and --only-failed are only for restart");
  CHECK(UsageError({"restart", "src", "--task", "1", "--only-failed"}) ==
        "--task restarts one task; it cannot be combined with --include-tasks or --only-failed");
  CHECK(UsageError({"restart", "src", "--task", "-1"}) == "--task takes a task number (0, 1, ...), not '-1'");
  CHECK(UsageError({"restart", "src", "--task", "x"}) == "--task takes a task number (0, 1, ...), not 'x'");
  CHECK(UsageError({"get", "connectors", "-o", "yaml"}) == "-o takes table or json, not 'yaml'");
  CHECK(UsageError({"get", "connectors", "--url"}) == "option --url needs a value");
  CHECK(UsageError({"get", "connectors", "--verbose"}) == "unknown option '--verbose'");
  CHECK(UsageError({"get", "connectors", "-x"}) == "unknown option '-x'");
}

TEST_CASE("ctl args: the url must be plain http with a host") {
  CHECK(UsageError({"--url", "localhost:8083", "get", "connectors"}) ==
        "URL 'localhost:8083' is not of the form http://HOST[:PORT][/PREFIX], e.g. http://127.0.0.1:8083");
  CHECK(UsageError({"--url", "https://w:8443", "get", "connectors"}) ==
        "URL 'https://w:8443': https is not supported yet (the worker's REST API is http); use "
        "http://HOST[:PORT][/PREFIX], e.g. http://127.0.0.1:8083");
  CHECK(UsageError({"--url", "http://w:1/?x=1", "get", "connectors"}) ==
        "URL 'http://w:1/?x=1' has a query or fragment; use http://HOST[:PORT][/PREFIX], e.g. http://127.0.0.1:8083");
  CtlInvocation inv;
  CHECK_FALSE(ParseCtlArgs({"get", "connectors"}, "ftp://x", &inv).ok());
}

}  // namespace
}  // namespace connectd
