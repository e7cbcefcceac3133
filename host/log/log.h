// Process-wide logging on Poco's Logger: one line per message on stderr,
// "2026-11-22T10:00:00.123Z INFO  [component] message". Thread-safe; any thread may log.
#pragma once

#include <string>

namespace connectd {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

// Sets up the root channel. Called once by main before any thread starts; logging without it
// still works with Poco's default channel.
void LogInit(LogLevel level);
// Parses "TRACE".."ERROR" (case-insensitive); false when unknown.
bool LogLevelFromName(const std::string& name, LogLevel* out);

// `component` names the subsystem or connector/task ("worker", "file-source-0").
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

}  // namespace connectd
