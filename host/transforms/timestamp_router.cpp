// TimestampRouter: renames the record's topic to `topic.format` with ${topic} replaced by the topic
// and ${timestamp} by the record timestamp formatted with `timestamp.format` (SimpleDateFormat,
// UTC), as Kafka's TimestampRouter: with the defaults, "orders" at 2017-01-03 becomes
// "orders-20170103".
#include <optional>
#include <string>

#include "config/config_values.h"
#include "data/java_date_format.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

// Replaces every occurrence of `placeholder` in `*text`, left to right, as Java's literal
// Matcher.replaceAll does.
void ReplaceAll(std::string* text, const std::string& placeholder, const std::string& replacement) {
  for (size_t at = text->find(placeholder); at != std::string::npos;
       at = text->find(placeholder, at + replacement.size())) {
    text->replace(at, placeholder.size(), replacement);
  }
}

class TimestampRouter final : public Transformation {
 public:
  Status Configure(const ConfigMap& config) override {
    topic_format_ = OptionalConfigString(config, "topic.format").value_or("${topic}-${timestamp}");
    std::string pattern = OptionalConfigString(config, "timestamp.format").value_or("yyyyMMdd");
    // Kafka only finds a bad pattern at the first record; rejecting it here fails the connector
    // at configuration time instead of the task later.
    Status st = JavaDateFormat::Compile(pattern, &timestamp_format_);
    if (!st.ok()) return Status::InvalidArgument("timestamp.format: " + st.message());
    return Status::OK();
  }

  Status Apply(ConnectRecord& record, bool*) override {
    if (record.timestamp == ConnectRecord::kNoTimestamp) {
      std::string where = "topic '" + record.topic + "', partition " + std::to_string(record.kafka_partition);
      if (record.kafka_offset >= 0) where += ", offset " + std::to_string(record.kafka_offset);
      return Status::Failed("Timestamp missing on record: " + where +
                            " has no timestamp, so TimestampRouter cannot name its topic; have the producer or "
                            "source connector set record timestamps, or apply TimestampRouter only to records "
                            "that have one");
    }
    std::string topic = topic_format_;
    ReplaceAll(&topic, "${topic}", record.topic);
    ReplaceAll(&topic, "${timestamp}", timestamp_format_.Format(record.timestamp));
    record.topic = std::move(topic);
    return Status::OK();
  }

 private:
  std::string topic_format_;
  JavaDateFormat timestamp_format_;
};

}  // namespace

std::unique_ptr<Transformation> NewTimestampRouter() { return std::make_unique<TimestampRouter>(); }

}  // namespace connectd
