#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/durable_file.h"
#include "storage/offset_json.h"
#include "storage/offset_store.h"

namespace connectd {
namespace {

// Offset keys are ["<connector>", {partition}], as in Kafka's offset storage.
Value OffsetKey(const std::string& connector, const Value& partition) {
  return Value::MakeArray({Value::String(connector), partition});
}

std::string Stringify(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

class FileOffsetStore : public OffsetStore {
 public:
  explicit FileOffsetStore(std::string path) : path_(std::move(path)) {}

  Status Start() override {
    std::lock_guard<std::mutex> lock(mu_);
    Status s = serializer_.Init();
    if (!s.ok() || path_.empty()) return s;
    struct stat st;
    if (stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      return Status::IOError("offset file " + path_ + " is a directory; refusing to start (set "
                             "offset.storage.file.filename to a file path)");
    }
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
      // Only a file that does not exist yet means a first start; any other failure (permissions,
      // a parent that is not a directory) must not silently reset every source to the beginning.
      int err = access(path_.c_str(), F_OK) == 0 ? EACCES : errno;
      if (err == ENOENT) return Status::OK();
      return Status::IOError("cannot read offset file " + path_ + ": " + std::strerror(err) +
                             "; refusing to start (fix the path or its permissions, or remove the file to start "
                             "from scratch)");
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    rapidjson::Document doc;
    doc.Parse(content.c_str(), content.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("offsets") || !doc["offsets"].IsArray()) {
      std::string why = doc.HasParseError()
                            ? std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at byte " +
                                  std::to_string(doc.GetErrorOffset())
                            : "expected {\"offsets\": [...]}";
      return Status::IOError("offset file " + path_ + " is corrupt (" + why +
                             "); refusing to start rather than re-reading every source from the beginning "
                             "(restore it, or remove it to start from scratch)");
    }
    for (const auto& entry : doc["offsets"].GetArray()) {
      if (!entry.IsObject() || !entry.HasMember("key") || !entry.HasMember("value")) {
        return Status::IOError("offset file " + path_ + " is corrupt (an entry lacks key/value); refusing to start");
      }
      Value key;
      Value value;
      Status rs = serializer_.Read(Stringify(entry["key"]), &key);
      if (rs.ok()) rs = serializer_.Read(Stringify(entry["value"]), &value);
      if (!rs.ok()) return Status::IOError("offset file " + path_ + " is corrupt: " + rs.message());
      if (key.kind() != ValueKind::kArray || key.array().items.size() != 2 ||
          key.array().items[0].kind() != ValueKind::kString) {
        return Status::IOError("offset file " + path_ +
                               " is corrupt (a key is not [\"connector\", {partition}]); refusing to start");
      }
      std::string canonical_key;
      std::string canonical_value;
      serializer_.Write(key, &canonical_key);
      serializer_.Write(value, &canonical_value);
      offsets_[canonical_key] = Stored{std::move(key), std::move(canonical_value)};
    }
    return Status::OK();
  }

  std::optional<Value> Get(const std::string& connector, const Value& partition) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::string key;
    if (!serializer_.Write(OffsetKey(connector, partition), &key).ok()) return std::nullopt;
    auto it = offsets_.find(key);
    if (it == offsets_.end()) return std::nullopt;
    Value v;
    if (!serializer_.Read(it->second.value_json, &v).ok() || v.is_null()) return std::nullopt;
    return v;
  }

  Status Put(const std::string& connector, const std::vector<std::pair<Value, Value>>& offsets) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [partition, offset] : offsets) {
      Value key = OffsetKey(connector, partition);
      std::string key_json;
      std::string value_json;
      Status s = serializer_.Write(key, &key_json);
      if (s.ok()) s = serializer_.Write(offset, &value_json);
      if (!s.ok()) return s.WithContext("cannot serialize the offset of connector '" + connector + "'");
      if (offset.is_null()) {
        offsets_.erase(key_json);
      } else {
        offsets_[key_json] = Stored{std::move(key), std::move(value_json)};
      }
      dirty_ = true;
    }
    return Status::OK();
  }

  Status Flush() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (path_.empty() || !dirty_) return Status::OK();
    std::string out = "{\"offsets\":[";
    bool first = true;
    for (const auto& [key_json, stored] : offsets_) {
      out += first ? "\n" : ",\n";
      out += "{\"key\":" + key_json + ",\"value\":" + stored.value_json + "}";
      first = false;
    }
    out += "\n]}\n";
    Status s = ReplaceFileDurably(path_, "offset file " + path_, out, 0644);
    if (!s.ok()) return s;
    dirty_ = false;
    return Status::OK();
  }

  std::vector<std::pair<Value, Value>> List(const std::string& connector) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::pair<Value, Value>> out;
    for (const auto& [key_json, stored] : offsets_) {
      const auto& items = stored.key.array().items;
      if (items.size() != 2 || items[0].kind() != ValueKind::kString || items[0].string() != connector) continue;
      Value v;
      if (serializer_.Read(stored.value_json, &v).ok()) out.emplace_back(items[1], std::move(v));
    }
    return out;
  }

 private:
  struct Stored {
    Value key;  // ["connector", {partition}]
    std::string value_json;
  };
  std::mutex mu_;
  std::string path_;
  OffsetJson serializer_;
  std::map<std::string, Stored> offsets_;
  bool dirty_ = false;
};

}  // namespace

std::unique_ptr<OffsetStore> NewFileOffsetStore(const std::string& path) {
  return std::make_unique<FileOffsetStore>(path);
}

}  // namespace connectd
