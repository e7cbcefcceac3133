// Process-wide logging on Poco's Logger: one line per message on stderr,
// "2026-11-22T10:00:00.123Z INFO  [component] message", with a level per named logger that can be
// changed at run time (GET/PUT /admin/loggers). Thread-safe; any thread may call any function.
//
// Logger names: the `component` given to Log() is the logger's name ("connectd", "worker",
// "plugins", "kafka.<client>", "<connector>", "<connector>-<task>"). They form a hierarchy
// through two rules:
//   - "a.b.c" is a child of "a.b" (dot-separated, as log4j and Poco name loggers);
//   - "<name>-<digits>" is a child of "<name>": a task's logger ("file-source-0") is a child of
//     its connector's logger ("file-source"), so one level set on a connector covers its tasks.
//     A connector whose own name ends in "-<digits>" is therefore also a child of the name
//     without that suffix, just as its log tag is already indistinguishable from a task's.
// Every other name is a child of the root logger, which REST calls "root".
// A logger without a level of its own uses its nearest ancestor's, including ancestors given a
// level after the logger was created and loggers created after the level was set.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace connectd {

// Ordered from most to least verbose; kOff logs nothing. kFatal and kOff are levels a logger can
// be set to (Kafka Connect accepts them); existing values keep their numbers.
enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kFatal, kOff };

// The name REST uses for the root logger (matched case-insensitively, as Kafka Connect does).
constexpr const char* kRootLoggerName = "root";

// Sets up the root channel (stderr) on every logger and the root level, and forgets every level
// set by LogSetLevel. Called once by main before any thread starts (tests call it to start from a
// clean state). Before it, loggers have Poco's default: no channel (lines are dropped) at INFO.
void LogInit(LogLevel level);
// Parses "TRACE".."ERROR" and "WARNING" (case-insensitive) for the log.level config; false when
// unknown. Never yields kFatal or kOff.
bool LogLevelFromName(const std::string& name, LogLevel* out);
// Parses the level names Kafka Connect's /admin/loggers accepts: OFF, FATAL, ERROR, WARN, INFO,
// DEBUG, TRACE (case-insensitive); false when unknown.
bool LoggerLevelFromName(const std::string& name, LogLevel* out);
// "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF": the names Kafka Connect reports.
const char* LogLevelName(LogLevel level);

// Logs `message` on the logger named `component` (see above) when that logger's level lets
// `level` through; the line is only formatted then. `level` kOff logs nothing.
void Log(LogLevel level, const std::string& component, const std::string& message);
inline void LogInfo(const std::string& component, const std::string& message) {
  Log(LogLevel::kInfo, component, message);
}
inline void LogWarn(const std::string& component, const std::string& message) {
  Log(LogLevel::kWarn, component, message);
}
inline void LogError(const std::string& component, const std::string& message) {
  Log(LogLevel::kError, component, message);
}
inline void LogDebug(const std::string& component, const std::string& message) {
  Log(LogLevel::kDebug, component, message);
}

// A logger's level as /admin/loggers reports it.
struct LoggerLevelInfo {
  LogLevel level = LogLevel::kInfo;          // its own level, else the one it inherits
  std::optional<int64_t> last_modified_ms;   // when LogSetLevel last changed it; none if never
};

// The loggers that have a level of their own (set by LogSetLevel), plus kRootLoggerName, by name.
std::map<std::string, LoggerLevelInfo> LogLevels();
// The level of the existing logger `name` (kRootLoggerName for the root). False when no logger of
// that name exists: one exists once something has logged on it or LogSetLevel named it.
bool LogLevelOf(const std::string& name, LoggerLevelInfo* out);
// Sets `level` on logger `name` and on every existing descendant (all loggers for
// kRootLoggerName), creating `name` if it does not exist yet; descendants created later inherit
// it. A logger whose level already was `level` (judged before this call) is left as it is; the
// others get `level` as their own with last_modified_ms = now_ms (milliseconds since the epoch).
// Returns the names of all loggers in the namespace, changed or not, sorted (the root as
// kRootLoggerName), as Kafka Connect does. An empty `name` means the root.
std::vector<std::string> LogSetLevel(const std::string& name, LogLevel level, int64_t now_ms);

}  // namespace connectd
