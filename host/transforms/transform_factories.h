// The built-in transforms and predicates, one factory each; transform_registry.cpp maps Kafka
// class names to them. Instances are unconfigured: call Configure before Apply/Test.
//
// Configure implementations follow one convention: an error message starts with the key it is
// about ("regex: ..."), so TransformChain can prefix "transforms.<alias>." and name the full
// connector key. Any thread may create an instance; it is then used by one task's thread.
#pragma once

#include <memory>

#include "transforms/record_part.h"
#include "transforms/transformation.h"

namespace connectd {

// org.apache.kafka.connect.transforms.InsertField$Key / $Value
std::unique_ptr<Transformation> NewInsertField(RecordPart part);
// org.apache.kafka.connect.transforms.ReplaceField$Key / $Value
std::unique_ptr<Transformation> NewReplaceField(RecordPart part);
// org.apache.kafka.connect.transforms.ValueToKey
std::unique_ptr<Transformation> NewValueToKey();
// org.apache.kafka.connect.transforms.DropHeaders
std::unique_ptr<Transformation> NewDropHeaders();
// org.apache.kafka.connect.transforms.HeaderFrom$Key / $Value
std::unique_ptr<Transformation> NewHeaderFrom(RecordPart part);
// org.apache.kafka.connect.transforms.InsertHeader
std::unique_ptr<Transformation> NewInsertHeader();
// org.apache.kafka.connect.transforms.TimestampConverter$Key / $Value
std::unique_ptr<Transformation> NewTimestampConverter(RecordPart part);
// org.apache.kafka.connect.transforms.TimestampRouter
std::unique_ptr<Transformation> NewTimestampRouter();
// org.apache.kafka.connect.transforms.RegexRouter
std::unique_ptr<Transformation> NewRegexRouter();
// io.debezium.transforms.ExtractNewRecordState
std::unique_ptr<Transformation> NewExtractNewRecordState();
// org.apache.kafka.connect.transforms.Filter
std::unique_ptr<Transformation> NewFilter();
// org.apache.kafka.connect.transforms.Cast$Key / $Value
std::unique_ptr<Transformation> NewCast(RecordPart part);
// org.apache.kafka.connect.transforms.ExtractField$Key / $Value
std::unique_ptr<Transformation> NewExtractField(RecordPart part);
// org.apache.kafka.connect.transforms.Flatten$Key / $Value
std::unique_ptr<Transformation> NewFlatten(RecordPart part);
// org.apache.kafka.connect.transforms.HoistField$Key / $Value
std::unique_ptr<Transformation> NewHoistField(RecordPart part);
// org.apache.kafka.connect.transforms.MaskField$Key / $Value
std::unique_ptr<Transformation> NewMaskField(RecordPart part);
// org.apache.kafka.connect.transforms.SetSchemaMetadata$Key / $Value
std::unique_ptr<Transformation> NewSetSchemaMetadata(RecordPart part);

// org.apache.kafka.connect.transforms.predicates.TopicNameMatches
std::unique_ptr<Predicate> NewTopicNameMatches();
// org.apache.kafka.connect.transforms.predicates.HasHeaderKey
std::unique_ptr<Predicate> NewHasHeaderKey();
// org.apache.kafka.connect.transforms.predicates.RecordIsTombstone
std::unique_ptr<Predicate> NewRecordIsTombstone();

}  // namespace connectd
