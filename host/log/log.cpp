#include "log/log.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/String.h>

namespace connectd {

namespace {
const char* LevelName(LogLevel level) {
  static const char* const kNames[] = {"TRACE", "DEBUG", "INFO ", "WARN ", "ERROR"};
  return kNames[static_cast<int>(level)];
}

int PocoPriority(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace: return Poco::Message::PRIO_TRACE;
    case LogLevel::kDebug: return Poco::Message::PRIO_DEBUG;
    case LogLevel::kInfo: return Poco::Message::PRIO_INFORMATION;
    case LogLevel::kWarn: return Poco::Message::PRIO_WARNING;
    case LogLevel::kError: return Poco::Message::PRIO_ERROR;
  }
  return Poco::Message::PRIO_INFORMATION;
}
}  // namespace

void LogInit(LogLevel level) {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %t"));
  Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel);
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, console));
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::root().setLevel(PocoPriority(level));
}

bool LogLevelFromName(const std::string& name, LogLevel* out) {
  std::string n = Poco::toUpper(name);
  if (n == "TRACE") *out = LogLevel::kTrace;
  else if (n == "DEBUG") *out = LogLevel::kDebug;
  else if (n == "INFO") *out = LogLevel::kInfo;
  else if (n == "WARN" || n == "WARNING") *out = LogLevel::kWarn;
  else if (n == "ERROR") *out = LogLevel::kError;
  else return false;
  return true;
}

void Log(LogLevel level, const std::string& component, const std::string& message) {
  Poco::Logger& logger = Poco::Logger::get(component);
  int prio = PocoPriority(level);
  if (logger.getLevel() >= prio) {
    logger.log(Poco::Message(component, std::string(LevelName(level)) + " [" + component + "] " + message,
                             static_cast<Poco::Message::Priority>(prio)));
  }
}

}  // namespace connectd
