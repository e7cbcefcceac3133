// Filter: drops every record it is applied to; meant to run under a predicate.
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

class Filter final : public Transformation {
 public:
  Status Configure(const ConfigMap&) override { return Status::OK(); }
  Status Apply(ConnectRecord&, bool* keep) override {
    *keep = false;
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<Transformation> NewFilter() { return std::make_unique<Filter>(); }

}  // namespace connectd
