// DropHeaders: removes every header whose key is in `headers`, as Kafka's DropHeaders.
#include <algorithm>
#include <string>
#include <vector>

#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

class DropHeaders final : public Transformation {
 public:
  Status Configure(const ConfigMap& config) override {
    std::string list;
    Status st =
        RequiredConfigString(config, "headers", "set it to the comma-separated names of the headers to remove", &list);
    if (!st.ok()) return st;
    names_ = ParseConfigList(list);
    if (names_.empty()) {
      return Status::InvalidArgument("headers: Empty list; name at least one header to remove");
    }
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    auto dropped = [this](const Header& header) {
      return std::find(names_.begin(), names_.end(), header.key) != names_.end();
    };
    record.headers.erase(std::remove_if(record.headers.begin(), record.headers.end(), dropped), record.headers.end());
    return Status::OK();
  }

 private:
  std::vector<std::string> names_;
};

}  // namespace

std::unique_ptr<Transformation> NewDropHeaders() { return std::make_unique<DropHeaders>(); }

}  // namespace connectd
