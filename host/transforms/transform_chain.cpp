// TransformChain: builds the transforms and predicates a connector config declares and runs
// them in order (Kafka's ConnectorConfig.transformationStages and TransformationChain).
#include <map>
#include <optional>

#include "config/config_values.h"
#include "transforms/transformation.h"

namespace connectd {

namespace {

// Parses the alias list under `key` ("transforms" or "predicates"), rejecting empty and
// repeated aliases.
Status ParseAliases(const ConfigMap& config, const std::string& key, std::vector<std::string>* out) {
  *out = ConfigList(config, key);
  for (size_t i = 0; i < out->size(); ++i) {
    if ((*out)[i].empty()) {
      return Status::InvalidArgument(key + ": the list '" + config.at(key) +
                                     "' has an empty alias; separate aliases with single commas");
    }
    for (size_t j = 0; j < i; ++j) {
      if ((*out)[i] == (*out)[j]) {
        return Status::InvalidArgument(key + ": duplicate alias '" + (*out)[i] + "'; list each alias once");
      }
    }
  }
  return Status::OK();
}

// The class named by "<prefix>type", which must be present and non-empty; `example` is a class
// name quoted in the error.
Status RequiredType(const ConfigMap& config, const std::string& prefix, const char* example, std::string* out) {
  std::optional<std::string> type = OptionalConfigString(config, prefix + "type");
  if (!type || type->empty()) {
    return Status::InvalidArgument(prefix + "type: missing required setting; set it to a class name such as " +
                                   example);
  }
  *out = std::move(*type);
  return Status::OK();
}

// Configure errors start with the transform's own key; this makes them name the full one.
Status WithKeyPrefix(const Status& status, const std::string& prefix) {
  if (status.ok()) return status;
  return Status::InvalidArgument(prefix + status.message());
}

Status CreatePredicates(const ConfigMap& config, std::map<std::string, std::shared_ptr<Predicate>>* out) {
  std::vector<std::string> aliases;
  Status st = ParseAliases(config, "predicates", &aliases);
  if (!st.ok()) return st;
  for (const std::string& alias : aliases) {
    const std::string prefix = "predicates." + alias + ".";
    std::string type;
    st = RequiredType(config, prefix, "org.apache.kafka.connect.transforms.predicates.TopicNameMatches", &type);
    if (!st.ok()) return st;
    std::unique_ptr<Predicate> predicate;
    st = CreatePredicate(type, &predicate);
    if (!st.ok()) return st.WithContext(prefix + "type");
    ConfigMap predicate_config = ConfigWithPrefix(config, prefix);
    predicate_config.erase("type");
    st = predicate->Configure(predicate_config);
    if (!st.ok()) return WithKeyPrefix(st, prefix);
    (*out)[alias] = std::move(predicate);
  }
  return Status::OK();
}

}  // namespace

Status TransformChain::Create(const ConfigMap& connector_config, std::unique_ptr<TransformChain>* out) {
  std::map<std::string, std::shared_ptr<Predicate>> predicates;
  Status st = CreatePredicates(connector_config, &predicates);
  if (!st.ok()) return st;
  std::vector<std::string> aliases;
  st = ParseAliases(connector_config, "transforms", &aliases);
  if (!st.ok()) return st;

  auto chain = std::make_unique<TransformChain>();
  for (const std::string& alias : aliases) {
    const std::string prefix = "transforms." + alias + ".";
    Step step;
    step.alias = alias;
    std::string type;
    st = RequiredType(connector_config, prefix, "org.apache.kafka.connect.transforms.RegexRouter", &type);
    if (!st.ok()) return st;
    st = CreateTransformation(type, &step.transform);
    if (!st.ok()) return st.WithContext(prefix + "type");

    ConfigMap transform_config = ConfigWithPrefix(connector_config, prefix);
    transform_config.erase("type");
    transform_config.erase("predicate");
    transform_config.erase("negate");
    st = step.transform->Configure(transform_config);
    if (!st.ok()) return WithKeyPrefix(st, prefix);

    std::optional<std::string> predicate_alias = OptionalConfigString(connector_config, prefix + "predicate");
    if (predicate_alias) {
      auto it = predicates.find(*predicate_alias);
      if (it == predicates.end()) {
        std::string listed;
        for (const auto& [name, unused] : predicates) listed += (listed.empty() ? "" : ", ") + name;
        return Status::InvalidArgument(prefix + "predicate: '" + *predicate_alias +
                                       "' is not an alias listed in 'predicates' (listed: " +
                                       (listed.empty() ? "none" : listed) + "); add it there with its type");
      }
      step.predicate = it->second;
    }
    if (connector_config.count(prefix + "negate") != 0 && !predicate_alias) {
      return Status::InvalidArgument(
          prefix + "negate: set without " + prefix +
          "predicate, so there is no predicate to negate; set the predicate or remove negate");
    }
    st = ConfigBoolean(connector_config, prefix + "negate", false, &step.negate);
    if (!st.ok()) return st;
    chain->steps_.push_back(std::move(step));
  }
  *out = std::move(chain);
  return Status::OK();
}

Status TransformChain::Apply(ConnectRecord& record, bool* keep) const {
  *keep = true;
  for (const Step& step : steps_) {
    // Kafka's TransformationStage: the transform runs when test(record) XOR negate.
    if (step.predicate && step.predicate->Test(record) == step.negate) continue;
    bool step_keeps = true;
    Status st = step.transform->Apply(record, &step_keeps);
    if (!st.ok()) return st.WithContext("transform '" + step.alias + "'");
    if (!step_keeps) {
      *keep = false;
      return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace connectd
