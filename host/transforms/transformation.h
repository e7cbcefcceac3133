// Single Message Transforms and predicates, as Kafka Connect's Transformation and Predicate.
// A chain is built per task from the connector config and used by that task's thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "data/record.h"
#include "error/status.h"

namespace connectd {

class Transformation {
 public:
  virtual ~Transformation() = default;
  // `config` holds the transform's keys with "transforms.<alias>." removed ("field", "regex", ...).
  // A missing or invalid key returns InvalidArgument naming it.
  virtual Status Configure(const ConfigMap& config) = 0;
  // Transforms `record` in place. Sets *keep=false to drop the record (Filter). A record the
  // transform cannot handle (wrong schema, missing field) returns Failed with the reason.
  virtual Status Apply(ConnectRecord& record, bool* keep) = 0;
};

class Predicate {
 public:
  virtual ~Predicate() = default;
  // `config` holds the predicate's keys with "predicates.<alias>." removed.
  virtual Status Configure(const ConfigMap& config) = 0;
  virtual bool Test(const ConnectRecord& record) const = 0;
};

// Creates a transform/predicate by Kafka class name (including $Key/$Value variants) or a
// registered short name. NotFound lists the known ones.
Status CreateTransformation(const std::string& class_name, std::unique_ptr<Transformation>* out);
Status CreatePredicate(const std::string& class_name, std::unique_ptr<Predicate>* out);
std::vector<std::string> TransformationClassNames();
std::vector<std::string> PredicateClassNames();

// The chain a connector config declares: "transforms=a,b", "transforms.a.type=...",
// "transforms.a.predicate=p", "transforms.a.negate=true", "predicates=p",
// "predicates.p.type=...".
class TransformChain {
 public:
  // Builds the chain from the whole connector config. Errors name the config key at fault.
  static Status Create(const ConfigMap& connector_config, std::unique_ptr<TransformChain>* out);

  bool empty() const { return steps_.empty(); }
  // Applies every step in order; stops and sets *keep=false when a step drops the record.
  // Errors name the transform alias.
  Status Apply(ConnectRecord& record, bool* keep) const;

 private:
  struct Step {
    std::string alias;
    std::unique_ptr<Transformation> transform;
    std::shared_ptr<Predicate> predicate;  // null: always applies
    bool negate = false;
  };
  std::vector<Step> steps_;
};

}  // namespace connectd
