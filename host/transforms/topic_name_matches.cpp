// TopicNameMatches: true for records whose whole topic name matches the Java regex `pattern`.
#include <unordered_map>

#include "transforms/java_regex.h"
#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

class TopicNameMatches final : public Predicate {
 public:
  Status Configure(const ConfigMap& config) override {
    const char* hint = "set it to a Java regular expression matched against the whole topic name";
    std::string pattern;
    Status st = RequiredConfigString(config, "pattern", hint, &pattern);
    if (!st.ok()) return st;
    if (pattern.empty()) return Status::InvalidArgument(std::string("pattern: must not be empty; ") + hint);
    st = JavaRegex::Compile(pattern, &regex_);
    if (!st.ok()) return Status::InvalidArgument("pattern: '" + pattern + "' is not usable: " + st.message());
    by_topic_.clear();
    return Status::OK();
  }

  bool Test(const ConnectRecord& record) const override {
    auto it = by_topic_.find(record.topic);
    if (it != by_topic_.end()) return it->second;
    if (by_topic_.size() >= kMaxRememberedTopics) by_topic_.clear();
    bool matches = regex_.Matches(record.topic);
    by_topic_.emplace(record.topic, matches);
    return matches;
  }

 private:
  // A task sees few distinct topics, so the answer per topic is remembered instead of running
  // the regex per record. Mutable: Test is logically const, and only the task thread calls it.
  static constexpr size_t kMaxRememberedTopics = 1024;
  JavaRegex regex_;
  mutable std::unordered_map<std::string, bool> by_topic_;
};

}  // namespace

std::unique_ptr<Predicate> NewTopicNameMatches() { return std::make_unique<TopicNameMatches>(); }

}  // namespace connectd
