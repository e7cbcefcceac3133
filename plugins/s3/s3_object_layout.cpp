#include "s3_object_layout.h"

#include <cctype>

#include "connectd/sdk.hpp"

namespace connectd {
namespace s3 {
namespace {

constexpr const char* kFormatPackage = "io.confluent.connect.s3.format.";

std::string ConfigValue(const std::map<std::string, std::string>& config, const std::string& key,
                        const std::string& fallback) {
  const auto it = config.find(key);
  return it == config.end() ? fallback : it->second;
}

bool IsBlank(const std::string& s) {
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string ZeroPadded(int64_t value, int width) {
  // Built from the magnitude so that INT64_MIN needs no special case.
  const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  const size_t sign = value < 0 ? 1 : 0;
  if (digits.size() + sign < static_cast<size_t>(width)) digits.insert(0, width - digits.size() - sign, '0');
  return (value < 0 ? "-" : "") + digits;
}

}  // namespace

S3ObjectLayout S3ObjectLayout::FromConfig(const std::map<std::string, std::string>& config) {
  S3ObjectLayout layout;
  layout.topics_dir = ConfigValue(config, "topics.dir", "topics");
  layout.directory_delim = ConfigValue(config, "directory.delim", "/");
  layout.file_delim = ConfigValue(config, "file.delim", "+");

  const std::string width_text = ConfigValue(config, "filename.offset.zero.pad.width", "10");
  size_t used = 0;
  long width = -1;
  try {
    width = std::stol(width_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  // Confluent's config allows 0, but its writer then builds the format "%00d", which Java rejects.
  if (used == 0 || used != width_text.size() || width < 1 || width > 255) {
    throw sdk::ConnectException("Invalid value " + width_text +
                                " for configuration filename.offset.zero.pad.width: use a positive integer "
                                "(default 10)");
  }
  layout.zero_pad_width = static_cast<int>(width);

  const std::string compression = ConfigValue(config, "s3.compression.type", "none");
  if (compression != "none" && compression != "gzip") {
    throw sdk::ConnectException("Invalid value " + compression +
                                " for configuration s3.compression.type: use none or gzip");
  }
  const std::string compression_suffix = compression == "gzip" ? ".gz" : "";

  const auto format = config.find("format.class");
  if (format == config.end() || IsBlank(format->second)) {
    throw sdk::ConnectException("Missing required configuration \"format.class\" which has no default value. Use " +
                                std::string(kFormatPackage) + "json.JsonFormat, bytearray.ByteArrayFormat or "
                                "avro.AvroFormat");
  }
  const std::string& format_class = format->second;
  if (format_class == std::string(kFormatPackage) + "json.JsonFormat") {
    layout.extension = ".json" + compression_suffix;
  } else if (format_class == std::string(kFormatPackage) + "bytearray.ByteArrayFormat") {
    layout.extension = ConfigValue(config, "format.bytearray.extension", ".bin") + compression_suffix;
  } else if (format_class == std::string(kFormatPackage) + "avro.AvroFormat") {
    layout.extension = ".avro";
  } else {
    throw sdk::ConnectException("Invalid value " + format_class + " for configuration format.class: connectd's S3 "
                                "sink writes " + kFormatPackage + "json.JsonFormat, bytearray.ByteArrayFormat and "
                                "avro.AvroFormat");
  }
  return layout;
}

std::string S3ObjectLayout::ObjectKey(const std::string& partitioned_path, const std::string& topic,
                                      int32_t kafka_partition, int64_t start_offset) const {
  return ObjectKey(partitioned_path, topic, kafka_partition, start_offset, extension);
}

std::string S3ObjectLayout::ObjectKey(const std::string& partitioned_path, const std::string& topic,
                                      int32_t kafka_partition, int64_t start_offset,
                                      const std::string& part_extension) const {
  std::string key;
  if (!IsBlank(topics_dir)) key = topics_dir + directory_delim;
  key += partitioned_path + directory_delim + topic + file_delim + std::to_string(kafka_partition) + file_delim +
         ZeroPadded(start_offset, zero_pad_width) + part_extension;
  return key;
}

}  // namespace s3
}  // namespace connectd
