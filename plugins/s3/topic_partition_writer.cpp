#include "topic_partition_writer.h"

#include "sink_record_fields.h"

namespace connectd {
namespace s3 {

namespace {

std::string Where(const std::string& topic, int32_t partition, int64_t offset) {
  return "topic '" + topic + "' partition " + std::to_string(partition) + " offset " + std::to_string(offset);
}

const char* ContentType(const FormatSettings& format) {
  if (format.gzip) return "application/gzip";
  return format.format == RecordFormat::kJson ? "application/json" : "application/octet-stream";
}

}  // namespace

TopicPartitionWriter::TopicPartitionWriter(std::string topic, int32_t partition, const WriterContext& context)
    : topic_(std::move(topic)), partition_(partition), context_(context) {}

void TopicPartitionWriter::ScheduleNext(int64_t now_ms) {
  int64_t interval = context_.rotate_schedule_interval_ms;
  if (interval <= 0) return;
  // Aligned to multiples of the interval since the epoch (UTC).
  next_scheduled_rotation_ = now_ms - (now_ms % interval) + interval;
}

void TopicPartitionWriter::write(const sdk::RecordView& record, int64_t now_ms) {
  const int64_t offset = record.kafkaOffset();
  if (record.value().isNull()) {
    if (context_.null_values == NullValueBehavior::kIgnore) {
      last_offset_ = offset;
      // With nothing open, everything before it is in S3 or was skipped too.
      if (open_.empty()) committed_offset_ = offset + 1;
      return;
    }
    throw sdk::ConnectException(Where(topic_, partition_, offset) +
                                ": the record's value is null (a tombstone); set behavior.on.null.values=ignore "
                                "to skip such records");
  }
  std::string encoded;
  try {
    encoded = context_.partitioner->EncodePartition(ToPartitionRecord(record), now_ms);
  } catch (const sdk::ConnectException& e) {
    throw sdk::ConnectException(Where(topic_, partition_, offset) + ": " + e.what());
  }
  if (next_scheduled_rotation_ < 0) ScheduleNext(now_ms);

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
    object.buffer = std::make_unique<ObjectBuffer>(context_.format);
    it = open_.emplace(encoded, std::move(object)).first;
  }
  if (base_record_timestamp_ < 0) base_record_timestamp_ = timestamp;
  current_encoded_partition_ = encoded;
  try {
    it->second.buffer->append(record);
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

void TopicPartitionWriter::Upload(const std::string& key, const std::string& bytes) {
  S3Client& client = *context_.client;
  const std::string content_type = ContentType(context_.format);
  if (bytes.size() <= context_.part_size) {
    client.PutObject(context_.bucket, key, bytes, content_type);
    return;
  }
  std::string upload_id = client.CreateMultipartUpload(context_.bucket, key, content_type);
  try {
    std::vector<CompletedPart> parts;
    for (size_t at = 0; at < bytes.size(); at += context_.part_size) {
      int number = static_cast<int>(parts.size()) + 1;
      std::string_view part(bytes.data() + at, std::min(context_.part_size, bytes.size() - at));
      parts.push_back(CompletedPart{number, client.UploadPart(context_.bucket, key, upload_id, number, part)});
    }
    client.CompleteMultipartUpload(context_.bucket, key, upload_id, parts);
  } catch (const sdk::ConnectException&) {
    // Leave no half-uploaded parts behind (they are billed and invisible); the records are
    // uploaded again after the retry.
    try {
      client.AbortMultipartUpload(context_.bucket, key, upload_id);
    } catch (const sdk::ConnectException&) {
    }
    throw;
  }
}

void TopicPartitionWriter::Commit() {
  for (auto& [encoded, object] : open_) {
    std::string key = context_.layout.ObjectKey(context_.partitioner->PartitionedPath(topic_, encoded), topic_,
                                                partition_, object.start_offset);
    Upload(key, object.buffer->finish());
  }
  open_.clear();
  record_count_ = 0;
  base_record_timestamp_ = -1;
  committed_offset_ = last_offset_ + 1;
}

}  // namespace s3
}  // namespace connectd
