// RegexRouter: when the whole topic matches `regex`, renames it with Matcher.replaceFirst
// semantics and the Java replacement string `replacement`.
#include <unordered_map>

#include "transforms/java_regex.h"
#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

class RegexRouter final : public Transformation {
 public:
  Status Configure(const ConfigMap& config) override {
    std::string regex;
    Status st = RequiredConfigString(
        config, "regex", "set it to a Java regular expression matched against the whole topic name", &regex);
    if (!st.ok()) return st;
    std::string replacement;
    st = RequiredConfigString(config, "replacement",
                              "set it to the new topic name, using $1, $2... for the regex groups", &replacement);
    if (!st.ok()) return st;
    st = JavaRegex::Compile(regex, &regex_);
    if (!st.ok()) return Status::InvalidArgument("regex: '" + regex + "' is not usable: " + st.message());
    st = JavaReplacement::Parse(replacement, regex_, &replacement_);
    if (!st.ok()) return Status::InvalidArgument("replacement: '" + replacement + "' is not usable: " + st.message());
    routes_.clear();
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    auto it = routes_.find(record.topic);
    if (it == routes_.end()) {
      bool matched = false;
      std::string routed;
      Status st = regex_.ReplaceFirstIfMatches(record.topic, replacement_, &matched, &routed);
      if (!st.ok()) return st;
      if (routes_.size() >= kMaxRememberedTopics) routes_.clear();
      it = routes_.emplace(record.topic, matched ? std::move(routed) : record.topic).first;
    }
    record.topic = it->second;
    return Status::OK();
  }

 private:
  // A task sees few distinct topics, so each topic's route is remembered instead of running the
  // regex per record.
  static constexpr size_t kMaxRememberedTopics = 1024;
  JavaRegex regex_;
  JavaReplacement replacement_;
  std::unordered_map<std::string, std::string> routes_;
};

}  // namespace

std::unique_ptr<Transformation> NewRegexRouter() { return std::make_unique<RegexRouter>(); }

}  // namespace connectd
