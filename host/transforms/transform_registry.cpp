// Maps Kafka class names (and the short aliases Kafka's plugin loader also accepts) to the
// built-in transforms and predicates.
#include <string>

#include "config/config_values.h"
#include "transforms/transform_factories.h"

namespace connectd {

namespace {

struct TransformationClass {
  const char* name;
  const char* short_name;
  std::unique_ptr<Transformation> (*create)();
};

struct PredicateClass {
  const char* name;
  const char* short_name;
  std::unique_ptr<Predicate> (*create)();
};

const TransformationClass kTransformations[] = {
    {"org.apache.kafka.connect.transforms.Cast$Key", "Cast$Key", [] { return NewCast(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.Cast$Value", "Cast$Value", [] { return NewCast(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.DropHeaders", "DropHeaders", NewDropHeaders},
    {"org.apache.kafka.connect.transforms.ExtractField$Key", "ExtractField$Key",
     [] { return NewExtractField(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.ExtractField$Value", "ExtractField$Value",
     [] { return NewExtractField(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.Filter", "Filter", NewFilter},
    {"org.apache.kafka.connect.transforms.Flatten$Key", "Flatten$Key", [] { return NewFlatten(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.Flatten$Value", "Flatten$Value",
     [] { return NewFlatten(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.HeaderFrom$Key", "HeaderFrom$Key",
     [] { return NewHeaderFrom(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.HeaderFrom$Value", "HeaderFrom$Value",
     [] { return NewHeaderFrom(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.HoistField$Key", "HoistField$Key",
     [] { return NewHoistField(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.HoistField$Value", "HoistField$Value",
     [] { return NewHoistField(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.InsertField$Key", "InsertField$Key",
     [] { return NewInsertField(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.InsertField$Value", "InsertField$Value",
     [] { return NewInsertField(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.InsertHeader", "InsertHeader", NewInsertHeader},
    {"org.apache.kafka.connect.transforms.MaskField$Key", "MaskField$Key",
     [] { return NewMaskField(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.MaskField$Value", "MaskField$Value",
     [] { return NewMaskField(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.RegexRouter", "RegexRouter", NewRegexRouter},
    {"org.apache.kafka.connect.transforms.ReplaceField$Key", "ReplaceField$Key",
     [] { return NewReplaceField(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.ReplaceField$Value", "ReplaceField$Value",
     [] { return NewReplaceField(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.SetSchemaMetadata$Key", "SetSchemaMetadata$Key",
     [] { return NewSetSchemaMetadata(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.SetSchemaMetadata$Value", "SetSchemaMetadata$Value",
     [] { return NewSetSchemaMetadata(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.TimestampConverter$Key", "TimestampConverter$Key",
     [] { return NewTimestampConverter(RecordPart::kKey); }},
    {"org.apache.kafka.connect.transforms.TimestampConverter$Value", "TimestampConverter$Value",
     [] { return NewTimestampConverter(RecordPart::kValue); }},
    {"org.apache.kafka.connect.transforms.TimestampRouter", "TimestampRouter", NewTimestampRouter},
    {"org.apache.kafka.connect.transforms.ValueToKey", "ValueToKey", NewValueToKey},
    {"io.debezium.transforms.ExtractNewRecordState", "ExtractNewRecordState", NewExtractNewRecordState},
};

const PredicateClass kPredicates[] = {
    {"org.apache.kafka.connect.transforms.predicates.TopicNameMatches", "TopicNameMatches", NewTopicNameMatches},
    {"org.apache.kafka.connect.transforms.predicates.HasHeaderKey", "HasHeaderKey", NewHasHeaderKey},
    {"org.apache.kafka.connect.transforms.predicates.RecordIsTombstone", "RecordIsTombstone", NewRecordIsTombstone},
};

// Finds `class_name` (trimmed, as Kafka's CLASS type is) among `classes` by full or short name.
template <typename Class, size_t N, typename Out>
Status Create(const Class (&classes)[N], const char* kind, const std::string& class_name, Out* out) {
  std::string wanted = TrimConfigValue(class_name);
  std::string known;
  for (const Class& c : classes) {
    if (wanted == c.name || wanted == c.short_name) {
      *out = c.create();
      return Status::OK();
    }
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  }
  return Status::NotFound("unknown " + std::string(kind) + " class '" + wanted + "'; known classes: " + known +
                          " (the part after the last '.' works too)");
}

template <typename Class, size_t N>
std::vector<std::string> Names(const Class (&classes)[N]) {
  std::vector<std::string> names;
  for (const Class& c : classes) names.emplace_back(c.name);
  return names;
}

}  // namespace

Status CreateTransformation(const std::string& class_name, std::unique_ptr<Transformation>* out) {
  return Create(kTransformations, "transformation", class_name, out);
}

Status CreatePredicate(const std::string& class_name, std::unique_ptr<Predicate>* out) {
  return Create(kPredicates, "predicate", class_name, out);
}

std::vector<std::string> TransformationClassNames() { return Names(kTransformations); }

std::vector<std::string> PredicateClassNames() { return Names(kPredicates); }

}  // namespace connectd
