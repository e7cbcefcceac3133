#include "log/log.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/String.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace connectd {

namespace {

// A level given to one logger by LogSetLevel.
struct OwnLevel {
  LogLevel level;
  int64_t modified_ms;
};

// The levels as set, from which every logger's Poco level is derived. Poco copies a parent's
// level into a child only when the child is created, so this state, not Poco's, decides.
struct LevelState {
  std::mutex mutex;  // guards the fields below and every change of a Poco logger's level
  std::map<std::string, OwnLevel> own;  // by logger name; never holds the root
  LogLevel root_level = LogLevel::kInfo;  // Poco's default root level
  std::optional<int64_t> root_modified_ms;
};

// Never destroyed: threads may still log while static destructors run at exit.
LevelState& State() {
  static LevelState* state = new LevelState;
  return *state;
}

// Padded to one width so messages line up.
const char* PaddedName(LogLevel level) {
  static const char* const kNames[] = {"TRACE", "DEBUG", "INFO ", "WARN ", "ERROR", "FATAL", "OFF  "};
  return kNames[static_cast<int>(level)];
}

int PocoPriority(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace: return Poco::Message::PRIO_TRACE;
    case LogLevel::kDebug: return Poco::Message::PRIO_DEBUG;
    case LogLevel::kInfo: return Poco::Message::PRIO_INFORMATION;
    case LogLevel::kWarn: return Poco::Message::PRIO_WARNING;
    case LogLevel::kError: return Poco::Message::PRIO_ERROR;
    case LogLevel::kFatal: return Poco::Message::PRIO_FATAL;
    case LogLevel::kOff: return 0;  // Poco: level 0 turns a logger off
  }
  return Poco::Message::PRIO_INFORMATION;
}

bool IsRootName(const std::string& name) { return name.empty() || Poco::icompare(name, kRootLoggerName) == 0; }

// The hierarchy documented in log.h: "conn-12" -> "conn", "a.b" -> "a", "a" -> "" (the root).
std::string ParentName(const std::string& name) {
  size_t dash = name.rfind('-');
  if (dash != std::string::npos && dash > 0 && dash + 1 < name.size() && name[dash - 1] != '.' &&
      std::all_of(name.begin() + static_cast<std::ptrdiff_t>(dash) + 1, name.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return name.substr(0, dash);
  }
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? std::string() : name.substr(0, dot);
}

// True when `name` is `ns` or one of its descendants (`ns` not the root).
bool InNamespace(const std::string& name, const std::string& ns) {
  for (std::string n = name; !n.empty(); n = ParentName(n)) {
    if (n == ns) return true;
  }
  return false;
}

LogLevel EffectiveLevelLocked(const LevelState& state, const std::string& name) {
  for (std::string n = name; !n.empty(); n = ParentName(n)) {
    auto it = state.own.find(n);
    if (it != state.own.end()) return it->second.level;
  }
  return state.root_level;
}

// Every existing logger's name except the root's ("").
std::vector<std::string> ExistingLoggerNames() {
  std::vector<std::string> names;
  Poco::Logger::names(names);
  names.erase(std::remove(names.begin(), names.end(), std::string()), names.end());
  return names;
}

void ApplyLevelsLocked(const LevelState& state) {
  Poco::Logger::root().setLevel(PocoPriority(state.root_level));
  for (const std::string& name : ExistingLoggerNames()) {
    if (Poco::Logger::Ptr logger = Poco::Logger::has(name)) {
      logger->setLevel(PocoPriority(EffectiveLevelLocked(state, name)));
    }
  }
}

// The logger for `name`, created with the level it inherits on first use. The registry keeps
// every logger alive, so the reference stays valid.
Poco::Logger& LoggerNamed(const std::string& name) {
  if (Poco::Logger::Ptr existing = Poco::Logger::has(name)) return *existing;
  LevelState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  Poco::Logger& logger = Poco::Logger::get(name);
  logger.setLevel(PocoPriority(EffectiveLevelLocked(state, name)));
  return logger;
}

}  // namespace

void LogInit(LogLevel level) {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %t"));
  Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel);
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, console));
  LevelState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::setChannel(Poco::Logger::ROOT, channel);  // loggers created before this call
  state.own.clear();
  state.root_level = level;
  state.root_modified_ms.reset();
  ApplyLevelsLocked(state);
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

bool LoggerLevelFromName(const std::string& name, LogLevel* out) {
  static const LogLevel kAll[] = {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                                  LogLevel::kError, LogLevel::kFatal, LogLevel::kOff};
  for (LogLevel level : kAll) {
    if (Poco::icompare(name, LogLevelName(level)) == 0) {
      *out = level;
      return true;
    }
  }
  return false;
}

const char* LogLevelName(LogLevel level) {
  static const char* const kNames[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"};
  return kNames[static_cast<int>(level)];
}

void Log(LogLevel level, const std::string& component, const std::string& message) {
  if (level == LogLevel::kOff) return;
  Poco::Logger& logger = LoggerNamed(component);
  int prio = PocoPriority(level);
  if (logger.getLevel() >= prio) {
    logger.log(Poco::Message(component, std::string(PaddedName(level)) + " [" + component + "] " + message,
                             static_cast<Poco::Message::Priority>(prio)));
  }
}

std::map<std::string, LoggerLevelInfo> LogLevels() {
  LevelState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  std::map<std::string, LoggerLevelInfo> levels;
  for (const auto& [name, own] : state.own) levels[name] = LoggerLevelInfo{own.level, own.modified_ms};
  levels[kRootLoggerName] = LoggerLevelInfo{state.root_level, state.root_modified_ms};
  return levels;
}

bool LogLevelOf(const std::string& name, LoggerLevelInfo* out) {
  LevelState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (IsRootName(name)) {
    *out = LoggerLevelInfo{state.root_level, state.root_modified_ms};
    return true;
  }
  if (!Poco::Logger::has(name)) return false;
  auto own = state.own.find(name);
  *out = LoggerLevelInfo{EffectiveLevelLocked(state, name),
                         own != state.own.end() ? std::optional<int64_t>(own->second.modified_ms) : std::nullopt};
  return true;
}

std::vector<std::string> LogSetLevel(const std::string& name, LogLevel level, int64_t now_ms) {
  LevelState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  bool root = IsRootName(name);
  if (!root) Poco::Logger::get(name);  // the namespace's own logger exists from now on
  std::vector<std::string> affected;
  for (const std::string& existing : ExistingLoggerNames()) {
    if (root || InNamespace(existing, name)) affected.push_back(existing);
  }
  // Judge every logger by the levels before this call, so the outcome does not depend on order.
  std::vector<std::string> changed;
  for (const std::string& n : affected) {
    if (EffectiveLevelLocked(state, n) != level) changed.push_back(n);
  }
  for (const std::string& n : changed) state.own[n] = OwnLevel{level, now_ms};
  if (root && state.root_level != level) {
    state.root_level = level;
    state.root_modified_ms = now_ms;
  }
  ApplyLevelsLocked(state);
  if (root) affected.push_back(kRootLoggerName);
  std::sort(affected.begin(), affected.end());
  return affected;
}

}  // namespace connectd
