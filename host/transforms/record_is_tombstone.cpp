// RecordIsTombstone: true for records whose value is null.
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

class RecordIsTombstone final : public Predicate {
 public:
  Status Configure(const ConfigMap&) override { return Status::OK(); }
  bool Test(const ConnectRecord& record) const override { return record.value.is_null(); }
};

}  // namespace

std::unique_ptr<Predicate> NewRecordIsTombstone() { return std::make_unique<RecordIsTombstone>(); }

}  // namespace connectd
