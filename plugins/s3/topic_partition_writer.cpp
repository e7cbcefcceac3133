#include "topic_partition_writer.h"

#include "sink_record_fields.h"

namespace connectd {
namespace s3 {

namespace {

std::string Where(const std::string& topic, int32_t partition, int64_t offset) {
  return "topic '" + topic + "' partition " + std::to_string(partition) + " offset " + std::to_string(offset);
}

}  // namespace

TopicPartitionWriter::TopicPartitionWriter(std::string topic, int32_t partition, const WriterContext& context)
    : topic_(std::move(topic)), partition_(partition), context_(context) {}

TopicPartitionWriter::~TopicPartitionWriter() {
  for (PendingCommit& commit : pending_) {
    if (commit.ticket != nullptr) commit.ticket->cancel();
  }
}

int64_t TopicPartitionWriter::committedOffset() {
  while (!pending_.empty() && (pending_.front().ticket == nullptr || pending_.front().ticket->done())) {
    committed_offset_ = pending_.front().end_offset;
    pending_.pop_front();
  }
  return committed_offset_;
}

void TopicPartitionWriter::ScheduleNext(int64_t now_ms) {
  int64_t interval = context_.rotate_schedule_interval_ms;
  if (interval <= 0 || !context_.rotation_zone.has_value()) return;
  next_scheduled_rotation_ = NextTimeAdjustedByDay(now_ms, interval, *context_.rotation_zone);
}

// JsonFormat reads values as JSON only (S3SinkTask::valuesAsJson), and that tells nulls too.
bool TopicPartitionWriter::IsNullValue(const sdk::RecordView& record, int64_t offset) const {
  if (context_.format.format != RecordFormat::kJson) return record.value().isNull();
  try {
    return !record.valueJson().has_value();
  } catch (const sdk::ConnectException& e) {
    throw sdk::ConnectException(Where(topic_, partition_, offset) + ": " + e.what());
  }
}

const std::string& TopicPartitionWriter::EncodedPartition(const sdk::RecordView& record, int64_t offset,
                                                          int64_t now_ms) {
  if (encoded_fixed_) return encoded_;
  try {
    encoded_ = context_.partitioner->EncodePartition(
        ToPartitionRecord(record, context_.partitioner->readsValueFields()), now_ms);
  } catch (const sdk::ConnectException& e) {
    throw sdk::ConnectException(Where(topic_, partition_, offset) + ": " + e.what());
  }
  encoded_fixed_ = context_.partitioner->kind() == S3Partitioner::Kind::kDefault;
  return encoded_;
}

void TopicPartitionWriter::write(const sdk::RecordView& record, int64_t now_ms) {
  const int64_t offset = record.kafkaOffset();
  if (IsNullValue(record, offset)) {
    if (context_.null_values == NullValueBehavior::kIgnore) {
      last_offset_ = offset;
      // With nothing open, everything before it is in S3 (once the pending uploads are) or was
      // skipped too.
      if (open_.empty()) {
        if (!pending_.empty() && pending_.back().ticket == nullptr) {
          pending_.back().end_offset = offset + 1;
        } else {
          pending_.push_back(PendingCommit{nullptr, offset + 1});
        }
      }
      return;
    }
    throw sdk::ConnectException(Where(topic_, partition_, offset) +
                                ": the record's value is null (a tombstone); set behavior.on.null.values=ignore "
                                "to skip such records");
  }
  // Checked before anything is written, so the value, key and header objects stay line-aligned.
  if (context_.key_format && record.key().isNull()) {
    throw sdk::ConnectException(Where(topic_, partition_, offset) +
                                ": the record has no key, which store.kafka.keys needs (as in Confluent)");
  }
  if (context_.header_format && record.headerCount() == 0) {
    throw sdk::ConnectException(Where(topic_, partition_, offset) +
                                ": the record has no headers, which store.kafka.headers needs (as in Confluent)");
  }
  const std::string& encoded = EncodedPartition(record, offset, now_ms);
  // As Confluent's resetExpiredScheduledRotationIfNoPendingRecords: a schedule that ran out while
  // nothing was open restarts from now, or the first records after an idle spell would be split.
  if (open_.empty() && now_ms >= next_scheduled_rotation_) ScheduleNext(now_ms);

  const int64_t timestamp = record.timestamp();
  if (!open_.empty() && context_.rotate_interval_ms > 0 && timestamp >= 0) {
    bool elapsed = base_record_timestamp_ >= 0 && timestamp - base_record_timestamp_ >= context_.rotate_interval_ms;
    if (elapsed || encoded != current_encoded_partition_) Commit();
  }
  if (!open_.empty() && next_scheduled_rotation_ >= 0 && now_ms >= next_scheduled_rotation_) {
    Commit();
    ScheduleNext(now_ms);
  }

  auto it = open_.find(encoded);
  if (it == open_.end()) {
    OpenObject object;
    object.start_offset = offset;
    // A little above the last object's size, so one a bit larger does not double the buffer.
    object.buffer = std::make_unique<ObjectBuffer>(context_.format, last_object_size_ + last_object_size_ / 8);
    if (context_.key_format) object.keys = std::make_unique<ObjectBuffer>(*context_.key_format);
    if (context_.header_format) object.headers = std::make_unique<ObjectBuffer>(*context_.header_format);
    it = open_.emplace(encoded, std::move(object)).first;
  }
  if (base_record_timestamp_ < 0) base_record_timestamp_ = timestamp;
  current_encoded_partition_ = encoded;
  try {
    it->second.buffer->append(record);
    if (it->second.keys) it->second.keys->append(record);
    if (it->second.headers) it->second.headers->append(record);
  } catch (const sdk::ConnectException& e) {
    throw sdk::ConnectException(Where(topic_, partition_, offset) + ": " + e.what());
  }
  last_offset_ = offset;
  ++record_count_;
  if (record_count_ >= context_.flush_size) Commit();
}

void TopicPartitionWriter::rotateIfScheduled(int64_t now_ms) {
  if (open_.empty() || next_scheduled_rotation_ < 0 || now_ms < next_scheduled_rotation_) return;
  Commit();
  ScheduleNext(now_ms);
}

void TopicPartitionWriter::Commit() {
  std::vector<FinishedObject> objects;
  int64_t first_offset = last_offset_;
  for (auto& [encoded, object] : open_) {
    const std::string path = context_.partitioner->PartitionedPath(topic_, encoded);
    auto finish = [&](ObjectBuffer& buffer, const FormatSettings& format, const std::string& extension) {
      objects.push_back(FinishedObject{context_.layout.ObjectKey(path, topic_, partition_, object.start_offset, extension),
                                       buffer.finish(), ContentType(format)});
    };
    if (object.keys) finish(*object.keys, *context_.key_format, context_.key_format->extension);
    if (object.headers) finish(*object.headers, *context_.header_format, context_.header_format->extension);
    last_object_size_ = object.buffer->rawSize();
    finish(*object.buffer, context_.format, context_.layout.extension);
    first_offset = std::min(first_offset, object.start_offset);
  }
  open_.clear();
  record_count_ = 0;
  base_record_timestamp_ = -1;
  std::string where = "topic '" + topic_ + "' partition " + std::to_string(partition_) + " offsets " +
                      std::to_string(first_offset) + ".." + std::to_string(last_offset_);
  pending_.push_back(PendingCommit{context_.uploader->Submit(where, std::move(objects)), last_offset_ + 1});
}

}  // namespace s3
}  // namespace connectd
