// How records become the bytes of an S3 object, as Confluent's S3 sink formats write them:
// JsonFormat (each value as Kafka's JsonConverter writes it without schemas, one per line) and
// ByteArrayFormat (each value's raw bytes followed by format.bytearray.separator); optionally
// gzip-compressed as one stream (s3.compression.type=gzip).
//
// Besides the values, Confluent's RecordViews write the keys (store.kafka.keys, in
// keys.format.class, to "<object>.keys<ext>") and the headers (store.kafka.headers, in
// headers.format.class = JsonFormat, to "<object>.headers.json", each line
// {"headers":[{"key":..,"value":..}]} with the value as Kafka's Values.convertToString writes it)
// of the same records, line by line aligned with the value object.
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
enum class RecordPart { kValue, kKey, kHeaders };

struct FormatSettings {
  RecordPart part = RecordPart::kValue;
  RecordFormat format = RecordFormat::kJson;
  // The object name's extension for keys and headers, e.g. ".keys.json.gz" (values take theirs
  // from S3ObjectLayout).
  std::string extension;
  std::string bytearray_separator = "\n";  // format.bytearray.separator
  bool gzip = false;                       // s3.compression.type=gzip
  int gzip_level = -1;                     // s3.compression.level (zlib's default)
};

// Reads the part's format class (format.class, keys.format.class or headers.format.class),
// format.bytearray.separator/.extension, s3.compression.type and s3.compression.level. Throws
// sdk::ConnectException naming the key for a value Confluent refuses or connectd cannot write yet
// (AvroFormat, the default of keys.format.class and headers.format.class).
FormatSettings ReadFormatSettings(const std::map<std::string, std::string>& config,
                                  RecordPart part = RecordPart::kValue);
// The Content-Type of the part's objects.
const char* ContentType(const FormatSettings& format);
// Kafka's Values.convertToString of a header value (strings as they are, bytes in base64, numbers
// and booleans as Java prints them, arrays/maps/structs as JSON). Throws sdk::ConnectException for
// a null value and for the logical types (Decimal, Date, Time, Timestamp) connectd does not print yet.
std::string HeaderValueText(sdk::SchemaView schema, sdk::ValueView value);

// The bytes of one object being filled: records appended in order, compressed on the way when
// gzip is on. finish() returns the complete object (with the gzip trailer).
class ObjectBuffer {
 public:
  // expected_size: the bytes the object will likely reach (the partition's last object), reserved
  // up front so the buffer does not grow by copying; 0 when unknown.
  explicit ObjectBuffer(const FormatSettings& settings, size_t expected_size = 0);
  ~ObjectBuffer();
  ObjectBuffer(const ObjectBuffer&) = delete;
  ObjectBuffer& operator=(const ObjectBuffer&) = delete;

  // Appends the record's part (value, key or headers). Throws sdk::ConnectException when
  // ByteArrayFormat gets a value that is not bytes, or it cannot be written as JSON (the caller
  // names the record; it checks beforehand that a stored key or headers exist).
  void append(const sdk::RecordView& record);
  // Bytes appended so far, before compression.
  size_t rawSize() const { return raw_size_; }
  // The object's bytes; the buffer must not be used afterwards.
  std::string finish();

 private:
  void Write(const char* data, size_t size);
  void AppendHeaders(const sdk::RecordView& record);

  const FormatSettings& settings_;
  std::string out_;
  std::string scratch_;
  size_t raw_size_ = 0;
  std::unique_ptr<z_stream> zs_;
};

}  // namespace s3
}  // namespace connectd
