// S3SinkConnector: Confluent's S3 sink (also registered as io.confluent.connect.s3.S3SinkConnector).
// Records of each topic-partition are written to objects named as Confluent names them
// (<topics.dir>/<topic>/<encoded partition>/<topic>+<partition>+<start offset>.<ext>) in the
// formats JsonFormat and ByteArrayFormat, optionally gzip-compressed, rotated by flush.size,
// rotate.interval.ms (record time) and rotate.schedule.interval.ms (wall clock), and uploaded with
// PUT or, above s3.part.size, a multipart upload.
//
// Uploads run on the task's ObjectUploader threads (s3.upload.concurrency) while put() goes on.
// Offsets: flush() lowers each partition's offset to the end of what is uploaded, so the host
// commits only records that are in S3; after a crash the same records are read again and written
// to objects of the same names.
//
// Threading: the SDK calls the task from one thread.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "connectd/sdk.hpp"
#include "object_uploader.h"
#include "s3_partitioner.h"
#include "topic_partition_writer.h"

namespace connectd {
namespace s3 {

class S3SinkTask : public sdk::SinkTask {
 public:
  void start(const sdk::Config& config, sdk::Context& context) override;
  void open(const std::vector<sdk::TopicPartition>& partitions) override;
  void close(const std::vector<sdk::TopicPartition>& partitions) override;
  void put(const std::vector<sdk::RecordView>& records) override;
  void flush(sdk::OffsetList& offsets) override;
  void stop() override;
  // JsonFormat values are written as the host's JSON of them; other formats and partitioners
  // that read value fields need the values themselves.
  bool valuesAsJson() const override;

 private:
  TopicPartitionWriter& Writer(const std::string& topic, int32_t partition);

  WriterContext context_;
  std::unique_ptr<S3Partitioner> partitioner_;
  std::unique_ptr<ObjectUploader> uploader_;
  std::map<std::pair<std::string, int32_t>, std::unique_ptr<TopicPartitionWriter>> writers_;
};

class S3SinkConnector : public sdk::SinkConnector {
 public:
  using Task = S3SinkTask;
  static constexpr const char* kClassName = "S3SinkConnector";
  static constexpr const char* kVersion = CONNECTD_S3_PLUGIN_VERSION;
  static constexpr const char* kDescription =
      "Writes topics into S3 (or an S3-compatible store) as Confluent's S3 sink lays them out.";
  static const char* const* aliases();
  static const sdk::ConfigDef& configDef();

  void start(const sdk::Config& config, sdk::Context& context) override;
  void taskConfigs(uint32_t max_tasks, sdk::TaskConfigs& out) override;

 private:
  std::map<std::string, std::string> config_;
  uint32_t tasks_ = 1;
};

}  // namespace s3
}  // namespace connectd
