// One Kafka topic-partition's records on their way into S3, as Confluent's TopicPartitionWriter
// does it: records go into one open object per encoded partition; the objects are uploaded
// together (a "commit") when flush.size records were written since the last commit, when a
// record's timestamp is rotate.interval.ms past the first one of the open objects (or, with that
// set, its encoded partition changed), or when the wall clock passes the next multiple of
// rotate.schedule.interval.ms. An object is named after the offset of its first record, so
// replaying the same records after a crash writes the same objects again (exactly once with a
// deterministic partitioner and no scheduled rotation).
//
// Uploads run on the task's ObjectUploader; committedOffset() is the next offset to read after
// everything uploaded: the only offset the task may let the host commit for this partition.
//
// Threading: used by the task thread only.
#pragma once

#include <cstdint>
#include <map>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "joda_time_format.h"
#include "object_uploader.h"
#include "record_format.h"
#include "s3_object_layout.h"
#include "s3_partitioner.h"

namespace connectd {
namespace s3 {

enum class NullValueBehavior { kFail, kIgnore };

// What every writer of a task shares (owned by the task, outliving its writers).
struct WriterContext {
  std::string bucket;
  int64_t flush_size = 0;
  int64_t rotate_interval_ms = -1;
  int64_t rotate_schedule_interval_ms = -1;
  // `timezone`, which Confluent requires with rotate.schedule.interval.ms; set when that is.
  std::optional<JodaTimeZone> rotation_zone;
  size_t part_size = 26214400;  // s3.part.size: objects larger than this go up in parts
  NullValueBehavior null_values = NullValueBehavior::kFail;
  FormatSettings format;
  // store.kafka.keys / store.kafka.headers: the keys' and headers' objects beside each value object.
  std::optional<FormatSettings> key_format, header_format;
  S3ObjectLayout layout;
  const S3Partitioner* partitioner = nullptr;
  ObjectUploader* uploader = nullptr;
};

class TopicPartitionWriter {
 public:
  TopicPartitionWriter(std::string topic, int32_t partition, const WriterContext& context);
  // Cancels the uploads not started yet (the partition was revoked or the task stops).
  ~TopicPartitionWriter();
  TopicPartitionWriter(const TopicPartitionWriter&) = delete;
  TopicPartitionWriter& operator=(const TopicPartitionWriter&) = delete;

  // Adds `record` (offsets ascending); may submit the open objects for upload first or afterwards
  // as the rotation rules say. Throws sdk::ConnectException naming the record for a value that
  // cannot be written, and an earlier upload's failure (nothing is committed then).
  void write(const sdk::RecordView& record, int64_t now_ms);
  // Submits the open objects when rotate.schedule.interval.ms says so.
  void rotateIfScheduled(int64_t now_ms);
  // The offset after the last record in S3 (advanced over the uploads finished since the last
  // call); -1 before the first upload.
  int64_t committedOffset();

 private:
  struct OpenObject {
    int64_t start_offset = 0;
    std::unique_ptr<ObjectBuffer> buffer, keys, headers;  // keys, headers: when stored
  };
  // A commit whose upload may still run; `ticket` null: nothing to wait for (skipped records).
  struct PendingCommit {
    std::shared_ptr<UploadTicket> ticket;
    int64_t end_offset;
  };
  void Commit();
  void ScheduleNext(int64_t now_ms);
  bool IsNullValue(const sdk::RecordView& record, int64_t offset) const;
  // The record's encoded partition. DefaultPartitioner's depends on the Kafka partition only, so
  // it is formatted once instead of for every record.
  const std::string& EncodedPartition(const sdk::RecordView& record, int64_t offset, int64_t now_ms);

  std::string topic_;
  int32_t partition_;
  const WriterContext& context_;
  std::map<std::string, OpenObject> open_;  // by encoded partition
  std::string current_encoded_partition_;
  std::string encoded_;  // EncodedPartition's result
  bool encoded_fixed_ = false;  // encoded_ holds DefaultPartitioner's, for every record
  int64_t record_count_ = 0;
  int64_t base_record_timestamp_ = -1;
  int64_t next_scheduled_rotation_ = -1;
  int64_t last_offset_ = -1;
  int64_t committed_offset_ = -1;
  size_t last_object_size_ = 0;  // bytes of the last value object, before compression
  std::deque<PendingCommit> pending_;  // in offset order
};

}  // namespace s3
}  // namespace connectd
