// Object keys as Confluent's TopicPartitionWriter.fileKeyToCommit builds them.
#include "s3_object_layout.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "connectd/sdk.hpp"

namespace connectd {
namespace s3 {
namespace {

using Config = std::map<std::string, std::string>;
const std::string kJson = "io.confluent.connect.s3.format.json.JsonFormat";
const std::string kBytes = "io.confluent.connect.s3.format.bytearray.ByteArrayFormat";
const std::string kAvro = "io.confluent.connect.s3.format.avro.AvroFormat";

std::string Key(Config config, int64_t offset = 42) {
  return S3ObjectLayout::FromConfig(config).ObjectKey("orders/partition=0", "orders", 0, offset);
}

std::string LayoutError(const Config& config) {
  try {
    S3ObjectLayout::FromConfig(config);
  } catch (const sdk::ConnectException& e) {
    return e.what();
  }
  return "no error";
}

TEST_CASE("object key: defaults per format and compression") {
  CHECK(Key({{"format.class", kJson}}) == "topics/orders/partition=0/orders+0+0000000042.json");
  CHECK(Key({{"format.class", kJson}, {"s3.compression.type", "gzip"}}) ==
        "topics/orders/partition=0/orders+0+0000000042.json.gz");
  CHECK(Key({{"format.class", kBytes}}) == "topics/orders/partition=0/orders+0+0000000042.bin");
  CHECK(Key({{"format.class", kBytes}, {"s3.compression.type", "gzip"}, {"format.bytearray.extension", ".txt"}}) ==
        "topics/orders/partition=0/orders+0+0000000042.txt.gz");
  CHECK(Key({{"format.class", kAvro}}) == "topics/orders/partition=0/orders+0+0000000042.avro");
  CHECK(Key({{"format.class", kAvro}, {"s3.compression.type", "gzip"}}) ==
        "topics/orders/partition=0/orders+0+0000000042.avro");
}

TEST_CASE("object key: topics.dir, delimiters and padding") {
  CHECK(Key({{"format.class", kJson}, {"topics.dir", ""}}) == "orders/partition=0/orders+0+0000000042.json");
  CHECK(Key({{"format.class", kJson}, {"topics.dir", "  "}}) == "orders/partition=0/orders+0+0000000042.json");
  CHECK(Key({{"format.class", kJson}, {"topics.dir", "raw/kafka"}}) ==
        "raw/kafka/orders/partition=0/orders+0+0000000042.json");
  CHECK(Key({{"format.class", kJson}, {"file.delim", "_"}, {"directory.delim", "|"}}) ==
        "topics|orders/partition=0|orders_0_0000000042.json");
  CHECK(Key({{"format.class", kJson}, {"filename.offset.zero.pad.width", "2"}}, 3) ==
        "topics/orders/partition=0/orders+0+03.json");
  CHECK(Key({{"format.class", kJson}, {"filename.offset.zero.pad.width", "2"}}, 12345) ==
        "topics/orders/partition=0/orders+0+12345.json");
  CHECK(Key({{"format.class", kJson}, {"filename.offset.zero.pad.width", "22"}}, 42) ==
        "topics/orders/partition=0/orders+0+0000000000000000000042.json");
  CHECK(Key({{"format.class", kJson}}, 9223372036854775807) ==
        "topics/orders/partition=0/orders+0+9223372036854775807.json");
  CHECK(Key({{"format.class", kJson}}, -5) == "topics/orders/partition=0/orders+0+-000000005.json");
  CHECK(S3ObjectLayout::FromConfig({{"format.class", kJson}})
            .ObjectKey("my.topic/year=2015/month=12/day=07/hour=15", "my.topic", 11, 0) ==
        "topics/my.topic/year=2015/month=12/day=07/hour=15/my.topic+11+0000000000.json");
}

TEST_CASE("object layout: configuration errors name the key") {
  CHECK(LayoutError({}) ==
        "Missing required configuration \"format.class\" which has no default value. Use "
        "io.confluent.connect.s3.format.json.JsonFormat, bytearray.ByteArrayFormat or avro.AvroFormat");
  CHECK(LayoutError({{"format.class", "io.confluent.connect.s3.format.parquet.ParquetFormat"}})
            .rfind("Invalid value io.confluent.connect.s3.format.parquet.ParquetFormat for configuration format.class", 0) == 0);
  CHECK(LayoutError({{"format.class", kJson}, {"s3.compression.type", "snappy"}}) ==
        "Invalid value snappy for configuration s3.compression.type: use none or gzip");
  CHECK(LayoutError({{"format.class", kJson}, {"filename.offset.zero.pad.width", "0"}}) ==
        "Invalid value 0 for configuration filename.offset.zero.pad.width: use a positive integer (default 10)");
  CHECK(LayoutError({{"format.class", kJson}, {"filename.offset.zero.pad.width", "ten"}}) ==
        "Invalid value ten for configuration filename.offset.zero.pad.width: use a positive integer (default 10)");
}

}  // namespace
}  // namespace s3
}  // namespace connectd
