#include "record_format.h"

#include <algorithm>
#include <cctype>

namespace connectd {
namespace s3 {

namespace {

std::string Get(const std::map<std::string, std::string>& config, const char* key, const char* fallback) {
  auto it = config.find(key);
  return it == config.end() ? fallback : it->second;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

FormatSettings ReadFormatSettings(const std::map<std::string, std::string>& config) {
  FormatSettings s;
  std::string format = Get(config, "format.class", "");
  std::string simple = format.substr(format.rfind('.') == std::string::npos ? 0 : format.rfind('.') + 1);
  if (simple == "JsonFormat") {
    s.format = RecordFormat::kJson;
  } else if (simple == "ByteArrayFormat") {
    s.format = RecordFormat::kByteArray;
  } else {
    throw sdk::ConnectException("format.class: '" + format +
                                "' is not supported; use io.confluent.connect.s3.format.json.JsonFormat or "
                                "io.confluent.connect.s3.format.bytearray.ByteArrayFormat");
  }
  s.bytearray_separator = Get(config, "format.bytearray.separator", "\n");
  std::string compression = Lower(Get(config, "s3.compression.type", "none"));
  if (compression == "gzip") {
    s.gzip = true;
  } else if (compression != "none") {
    throw sdk::ConnectException("s3.compression.type: '" + compression + "' is not supported; use none or gzip");
  }
  std::string level = Get(config, "s3.compression.level", "-1");
  try {
    s.gzip_level = std::stoi(level);
  } catch (const std::exception&) {
    s.gzip_level = -2;
  }
  if (s.gzip_level < -1 || s.gzip_level > 9) {
    throw sdk::ConnectException("s3.compression.level: '" + level + "' must be -1 (default) or 0 to 9");
  }
  return s;
}

ObjectBuffer::ObjectBuffer(const FormatSettings& settings) : settings_(settings) {
  if (!settings_.gzip) return;
  zs_ = std::make_unique<z_stream>();
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(zs_.get(), settings_.gzip_level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    zs_.reset();
    throw sdk::ConnectException("cannot start gzip compression (zlib deflateInit2 failed)");
  }
}

ObjectBuffer::~ObjectBuffer() {
  if (zs_ != nullptr) deflateEnd(zs_.get());
}

void ObjectBuffer::Write(const char* data, size_t size) {
  raw_size_ += size;
  if (zs_ == nullptr) {
    out_.append(data, size);
    return;
  }
  zs_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
  zs_->avail_in = static_cast<uInt>(size);
  char chunk[16384];
  while (zs_->avail_in > 0) {
    zs_->next_out = reinterpret_cast<Bytef*>(chunk);
    zs_->avail_out = sizeof(chunk);
    deflate(zs_.get(), Z_NO_FLUSH);
    out_.append(chunk, sizeof(chunk) - zs_->avail_out);
  }
}

void ObjectBuffer::append(const sdk::RecordView& record) {
  if (settings_.format == RecordFormat::kJson) {
    scratch_ = sdk::ToJson(record.valueSchema(), record.value(), false);
    scratch_.push_back('\n');
    Write(scratch_.data(), scratch_.size());
    return;
  }
  sdk::ValueView value = record.value();
  sdk::SchemaView schema = record.valueSchema();
  if (value.kind() != CD_VALUE_BYTES || (schema && schema.type() != sdk::Type::Bytes)) {
    throw sdk::ConnectException("ByteArrayFormat needs BYTES values (use the ByteArrayConverter); got a value of "
                                "another type");
  }
  std::string_view bytes = value.asString();
  Write(bytes.data(), bytes.size());
  Write(settings_.bytearray_separator.data(), settings_.bytearray_separator.size());
}

std::string ObjectBuffer::finish() {
  if (zs_ != nullptr) {
    char chunk[16384];
    int rc;
    do {
      zs_->next_in = nullptr;
      zs_->avail_in = 0;
      zs_->next_out = reinterpret_cast<Bytef*>(chunk);
      zs_->avail_out = sizeof(chunk);
      rc = deflate(zs_.get(), Z_FINISH);
      out_.append(chunk, sizeof(chunk) - zs_->avail_out);
    } while (rc == Z_OK);
    deflateEnd(zs_.get());
    zs_.reset();
  }
  return std::move(out_);
}

}  // namespace s3
}  // namespace connectd
