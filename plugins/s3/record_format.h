// How records become the bytes of an S3 object, as Confluent's S3 sink formats write them:
// JsonFormat (each value as Kafka's JsonConverter writes it without schemas, one per line) and
// ByteArrayFormat (each value's raw bytes followed by format.bytearray.separator); optionally
// gzip-compressed as one stream (s3.compression.type=gzip).
//
// Threading: an ObjectBuffer belongs to one task thread.
#pragma once

#include <zlib.h>

#include <memory>
#include <string>

#include "connectd/sdk.hpp"

namespace connectd {
namespace s3 {

enum class RecordFormat { kJson, kByteArray };

struct FormatSettings {
  RecordFormat format = RecordFormat::kJson;
  std::string bytearray_separator = "\n";  // format.bytearray.separator
  bool gzip = false;                       // s3.compression.type=gzip
  int gzip_level = -1;                     // s3.compression.level (zlib's default)
};

// Reads format.class, format.bytearray.separator, s3.compression.type and
// s3.compression.level. Throws sdk::ConnectException naming the key for a value Confluent refuses.
FormatSettings ReadFormatSettings(const std::map<std::string, std::string>& config);

// The bytes of one object being filled: records appended in order, compressed on the way when
// gzip is on. finish() returns the complete object (with the gzip trailer).
class ObjectBuffer {
 public:
  explicit ObjectBuffer(const FormatSettings& settings);
  ~ObjectBuffer();
  ObjectBuffer(const ObjectBuffer&) = delete;
  ObjectBuffer& operator=(const ObjectBuffer&) = delete;

  // Appends the record's value. Throws sdk::ConnectException when ByteArrayFormat gets a value
  // that is not bytes, or the value cannot be written as JSON (the caller names the record).
  void append(const sdk::RecordView& record);
  // Bytes appended so far, before compression.
  size_t rawSize() const { return raw_size_; }
  // The object's bytes; the buffer must not be used afterwards.
  std::string finish();

 private:
  void Write(const char* data, size_t size);

  const FormatSettings& settings_;
  std::string out_;
  std::string scratch_;
  size_t raw_size_ = 0;
  std::unique_ptr<z_stream> zs_;
};

}  // namespace s3
}  // namespace connectd
