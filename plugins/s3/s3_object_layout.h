// Object names of Confluent's S3 sink (TopicPartitionWriter.fileKeyToCommit), which downstream
// jobs depend on byte for byte:
//   [<topics.dir><directory.delim>]<topic><directory.delim><encoded partition><directory.delim>
//   <topic><file.delim><kafka partition><file.delim><start offset, zero-padded><extension>
// e.g. topics/orders/partition=0/orders+0+0000000042.json.gz. The middle part
// "<topic>/<encoded partition>" is S3Partitioner::PartitionedPath; topics.dir is left out when
// blank. Extensions: JsonFormat ".json", ByteArrayFormat `format.bytearray.extension` (".bin"),
// AvroFormat ".avro"; `s3.compression.type`=gzip appends ".gz" to JSON and ByteArray but not to
// Avro, which compresses inside the container instead.
//
// Threading: immutable after FromConfig; any thread may call ObjectKey.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace connectd {
namespace s3 {

struct S3ObjectLayout {
  std::string topics_dir = "topics";
  std::string directory_delim = "/";
  std::string file_delim = "+";
  int zero_pad_width = 10;  // filename.offset.zero.pad.width
  std::string extension;    // including the compression suffix, e.g. ".json.gz"

  // Reads topics.dir, directory.delim, file.delim, filename.offset.zero.pad.width, format.class,
  // format.bytearray.extension and s3.compression.type with Confluent's defaults. Throws
  // sdk::ConnectException naming the key for a missing format.class, an unsupported format or
  // compression, or a pad width that is not a positive integer (at most 255).
  static S3ObjectLayout FromConfig(const std::map<std::string, std::string>& config);

  // The key of the object holding records from start_offset on. partitioned_path is
  // S3Partitioner::PartitionedPath(topic, encoded partition). A negative start_offset is padded
  // after its sign, as Java's %0Nd does.
  std::string ObjectKey(const std::string& partitioned_path, const std::string& topic, int32_t kafka_partition,
                        int64_t start_offset) const;
  // The same name with another extension (the keys' and headers' objects, ".keys.json").
  std::string ObjectKey(const std::string& partitioned_path, const std::string& topic, int32_t kafka_partition,
                        int64_t start_offset, const std::string& part_extension) const;
};

}  // namespace s3
}  // namespace connectd
