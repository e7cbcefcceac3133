#include "storage/connector_config_store.h"

#include "storage/durable_file.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

namespace connectd {
namespace {

constexpr int kFileVersion = 1;
constexpr const char* kDefaultFileName = "connectors.json";

const char* JsonTypeName(const rapidjson::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsNumber()) return "a number";
  if (v.IsArray()) return "an array";
  if (v.IsObject()) return "an object";
  return "a string";
}

std::string Describe(const std::string& path) { return "connector config file " + path; }

// What the corrupt-file errors tell the user to do: starting without the file's connectors
// would drop them silently, so the worker refuses until a person decides.
std::string CorruptAdvice() {
  return "; refusing to start rather than forgetting the connectors it holds (repair or restore the file, "
         "or remove it to start with no stored connectors and create them again over REST)";
}

// Reads the whole file. *exists is false (and OK returned) only when the file does not exist.
Status ReadWholeFile(const std::string& path, std::string* out, bool* exists) {
  *exists = false;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::OK();
    return Status::IOError("cannot read " + Describe(path) + ": " + std::strerror(errno) +
                           "; refusing to start (fix the path or its permissions)");
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::IOError(Describe(path) + " is a directory; use the path of a regular file");
  }
  *exists = true;
  out->clear();
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::IOError("cannot read " + Describe(path) + ": " + std::strerror(err) +
                             "; refusing to start (fix the file or its permissions)");
    }
    out->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return Status::OK();
}

std::string Serialize(const std::map<std::string, StoredConnector>& connectors) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("version");
  w.Int(kFileVersion);
  w.Key("connectors");
  w.StartObject();
  for (const auto& [name, entry] : connectors) {
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()), true);
    w.StartObject();
    w.Key("config");
    w.StartObject();
    for (const auto& [key, value] : entry.config) {
      w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()), true);
      w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()), true);
    }
    w.EndObject();
    w.Key("target_state");
    w.String(TargetStateName(entry.target_state));
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

std::string JsonString(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

}  // namespace

const char* TargetStateName(TargetState state) {
  switch (state) {
    case TargetState::kStarted: return "STARTED";
    case TargetState::kPaused: return "PAUSED";
    case TargetState::kStopped: return "STOPPED";
  }
  return "STARTED";
}

bool TargetStateFromName(const std::string& name, TargetState* out) {
  for (TargetState state : {TargetState::kStarted, TargetState::kPaused, TargetState::kStopped}) {
    const char* candidate = TargetStateName(state);
    // The length check keeps "STARTED\0junk" from matching through c_str().
    if (name.size() == std::strlen(candidate) && strcasecmp(name.c_str(), candidate) == 0) {
      *out = state;
      return true;
    }
  }
  return false;
}

ConnectorConfigStore::ConnectorConfigStore(std::string path) : path_(std::move(path)) {}

Status ConnectorConfigStore::ReadFile(Connectors* out) const {
  out->clear();
  std::string text;
  bool exists = false;
  Status s = ReadWholeFile(path_, &text, &exists);
  if (!s.ok() || !exists) return s;

  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    return Status::IOError(Describe(path_) + " is corrupt (" + rapidjson::GetParseError_En(doc.GetParseError()) +
                           " at byte " + std::to_string(doc.GetErrorOffset()) + ")" + CorruptAdvice());
  }
  const char* expected = "expected {\"version\":1,\"connectors\":{...}}";
  if (!doc.IsObject()) {
    return Status::IOError(Describe(path_) + " is corrupt (it is " + JsonTypeName(doc) + ", " + expected + ")" +
                           CorruptAdvice());
  }
  auto version = doc.FindMember("version");
  if (version == doc.MemberEnd()) {
    return Status::IOError(Describe(path_) + " is corrupt (it has no \"version\", " + expected + ")" +
                           CorruptAdvice());
  }
  if (!version->value.IsInt() || version->value.GetInt() != kFileVersion) {
    std::string shown = version->value.IsInt() ? std::to_string(version->value.GetInt()) : "not an integer";
    return Status::IOError(Describe(path_) + " has version " + shown + ", but this connectd reads only version " +
                           std::to_string(kFileVersion) +
                           "; refusing to start (it may have been written by a newer connectd: run that "
                           "version, or remove the file and create the connectors again over REST)");
  }
  auto connectors = doc.FindMember("connectors");
  if (connectors == doc.MemberEnd() || !connectors->value.IsObject()) {
    return Status::IOError(Describe(path_) + " is corrupt (\"connectors\" is missing or not an object, " +
                           expected + ")" + CorruptAdvice());
  }
  for (const auto& member : connectors->value.GetObject()) {
    std::string name = JsonString(member.name);
    if (name.empty()) {
      return Status::IOError(Describe(path_) + " is corrupt (a connector has an empty name)" + CorruptAdvice());
    }
    std::string where = Describe(path_) + " is corrupt (connector '" + name + "'";
    if (out->count(name) != 0) return Status::IOError(where + " appears twice)" + CorruptAdvice());
    const rapidjson::Value& body = member.value;
    if (!body.IsObject()) {
      return Status::IOError(where + " is " + JsonTypeName(body) +
                             ", expected {\"config\":{...},\"target_state\":\"...\"})" + CorruptAdvice());
    }
    StoredConnector entry;
    entry.name = name;
    auto config = body.FindMember("config");
    if (config == body.MemberEnd() || !config->value.IsObject()) {
      return Status::IOError(where + " has no \"config\" object)" + CorruptAdvice());
    }
    for (const auto& kv : config->value.GetObject()) {
      std::string key = JsonString(kv.name);
      if (!kv.value.IsString()) {
        return Status::IOError(where + ", config key '" + key + "' is " + JsonTypeName(kv.value) +
                               "; every config value must be a JSON string, e.g. \"1\" instead of 1)" +
                               CorruptAdvice());
      }
      if (!entry.config.emplace(key, JsonString(kv.value)).second) {
        return Status::IOError(where + ", config key '" + key + "' appears twice)" + CorruptAdvice());
      }
    }
    auto state = body.FindMember("target_state");
    if (state != body.MemberEnd()) {
      if (!state->value.IsString() || !TargetStateFromName(JsonString(state->value), &entry.target_state)) {
        std::string shown = state->value.IsString() ? "'" + JsonString(state->value) + "'" : JsonTypeName(state->value);
        return Status::IOError(where + " has target_state " + shown +
                               "; expected \"STARTED\", \"PAUSED\" or \"STOPPED\")" + CorruptAdvice());
      }
    }
    out->emplace(std::move(name), std::move(entry));
  }
  return Status::OK();
}

Status ConnectorConfigStore::EnsureLoadedLocked() {
  if (loaded_ || path_.empty()) return Status::OK();
  Connectors read;
  Status s = ReadFile(&read);
  if (!s.ok()) return s;
  connectors_ = std::move(read);
  loaded_ = true;
  return Status::OK();
}

Status ConnectorConfigStore::CommitLocked(Connectors connectors) {
  if (!path_.empty()) {
    Status s = ReplaceFileDurably(path_, Describe(path_), Serialize(connectors), 0600);
    if (!s.ok()) return s;
  }
  connectors_ = std::move(connectors);
  return Status::OK();
}

Status ConnectorConfigStore::Load(std::vector<StoredConnector>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  out->clear();
  if (!path_.empty()) {
    loaded_ = false;
    Status s = EnsureLoadedLocked();
    if (!s.ok()) return s;
  }
  for (const auto& [name, connector] : connectors_) out->push_back(connector);
  return Status::OK();
}

Status ConnectorConfigStore::Put(const StoredConnector& connector) {
  if (connector.name.empty()) {
    return Status::InvalidArgument("cannot store a connector with an empty name; give the connector a name");
  }
  std::lock_guard<std::mutex> lock(mu_);
  Status s = EnsureLoadedLocked();
  if (!s.ok()) return s.WithContext("cannot store connector '" + connector.name + "'");
  Connectors next = connectors_;
  next[connector.name] = connector;
  return CommitLocked(std::move(next)).WithContext("cannot store connector '" + connector.name + "'");
}

Status ConnectorConfigStore::Remove(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Status s = EnsureLoadedLocked();
  if (!s.ok()) return s.WithContext("cannot remove connector '" + name + "'");
  if (connectors_.count(name) == 0) return Status::OK();
  Connectors next = connectors_;
  next.erase(name);
  return CommitLocked(std::move(next)).WithContext("cannot remove connector '" + name + "'");
}

std::string DefaultConnectorConfigPath(const std::string& offset_storage_file) {
  if (offset_storage_file.empty()) return "";
  size_t slash = offset_storage_file.rfind('/');
  std::string dir = slash == std::string::npos ? "" : offset_storage_file.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? offset_storage_file : offset_storage_file.substr(slash + 1);
  return dir + (base == kDefaultFileName ? "connectd-connectors.json" : kDefaultFileName);
}

}  // namespace connectd
