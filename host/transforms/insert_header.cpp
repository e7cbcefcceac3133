// InsertHeader: appends the header `header` with the value `value.literal` to every record, the
// literal typed as Kafka's Values.parseString types it ("1" is an INT8, "true" a BOOLEAN).
#include <string>

#include "config/config_values.h"
#include "data/value_text_parse.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

class InsertHeader final : public Transformation {
 public:
  Status Configure(const ConfigMap& config) override {
    Status st = RequiredConfigString(config, "header", "set it to the name of the header to add", &name_);
    if (!st.ok()) return st;
    std::string literal;
    st = RequiredConfigString(config, "value.literal",
                              "set it to the header value (text, a number, true/false, a date, [a list] or {a: map})",
                              &literal);
    if (!st.ok()) return st;
    ParseValueText(literal, &schema_, &value_);
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    record.headers.push_back(Header{name_, schema_, value_});
    return Status::OK();
  }

 private:
  std::string name_;
  SchemaPtr schema_;  // null for the literal null
  Value value_;
};

}  // namespace

std::unique_ptr<Transformation> NewInsertHeader() { return std::make_unique<InsertHeader>(); }

}  // namespace connectd
