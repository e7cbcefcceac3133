// HasHeaderKey: true for records with at least one header named `name`.
#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

class HasHeaderKey final : public Predicate {
 public:
  Status Configure(const ConfigMap& config) override {
    Status st = RequiredConfigString(config, "name", "set it to the header name to look for", &name_);
    if (!st.ok()) return st;
    if (name_.empty()) return Status::InvalidArgument("name: must not be empty; set it to the header name to look for");
    return Status::OK();
  }

  bool Test(const ConnectRecord& record) const override {
    for (const Header& header : record.headers) {
      if (header.key == name_) return true;
    }
    return false;
  }

 private:
  std::string name_;
};

}  // namespace

std::unique_ptr<Predicate> NewHasHeaderKey() { return std::make_unique<HasHeaderKey>(); }

}  // namespace connectd
