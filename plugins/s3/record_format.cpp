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

constexpr const char* kAvroFormat = "io.confluent.connect.s3.format.avro.AvroFormat";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

FormatSettings ReadFormatSettings(const std::map<std::string, std::string>& config, RecordPart part) {
  FormatSettings s;
  s.part = part;
  const char* key = part == RecordPart::kValue ? "format.class"
                    : part == RecordPart::kKey ? "keys.format.class"
                                               : "headers.format.class";
  std::string format = Get(config, key, part == RecordPart::kValue ? "" : kAvroFormat);
  std::string simple = format.substr(format.rfind('.') == std::string::npos ? 0 : format.rfind('.') + 1);
  if (simple == "JsonFormat") {
    s.format = RecordFormat::kJson;
  } else if (simple == "ByteArrayFormat" && part != RecordPart::kHeaders) {
    s.format = RecordFormat::kByteArray;
  } else if (part == RecordPart::kHeaders) {
    throw sdk::ConnectException(std::string(key) + ": '" + format +
                                "' is not supported; use io.confluent.connect.s3.format.json.JsonFormat "
                                "(ByteArrayFormat cannot hold headers, as in Confluent)");
  } else {
    throw sdk::ConnectException(std::string(key) + ": '" + format +
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
  s.extension = std::string(part == RecordPart::kKey ? ".keys" : part == RecordPart::kHeaders ? ".headers" : "") +
                (s.format == RecordFormat::kJson ? ".json" : Get(config, "format.bytearray.extension", ".bin")) +
                (s.gzip ? ".gz" : "");
  return s;
}

const char* ContentType(const FormatSettings& format) {
  if (format.gzip) return "application/gzip";
  return format.format == RecordFormat::kJson ? "application/json" : "application/octet-stream";
}

std::string HeaderValueText(sdk::SchemaView schema, sdk::ValueView value) {
  if (value.isNull()) throw sdk::ConnectException("a null header value cannot be stored (as in Confluent)");
  if (schema && !schema.name().empty() && schema.name().rfind("org.apache.kafka.connect.data.", 0) == 0) {
    throw sdk::ConnectException("header values of the logical type " + std::string(schema.name()) +
                                " cannot be stored yet");
  }
  if (value.kind() == CD_VALUE_STRING) return std::string(value.asString());
  std::string json = sdk::ToJson(schema, value, false);
  // Bytes (base64) and non-finite floats ("NaN") come quoted from the JsonConverter.
  if ((value.kind() == CD_VALUE_BYTES || value.kind() == CD_VALUE_FLOAT32 || value.kind() == CD_VALUE_FLOAT64) &&
      json.size() >= 2 && json.front() == '"') {
    return json.substr(1, json.size() - 2);
  }
  return json;
}

ObjectBuffer::ObjectBuffer(const FormatSettings& settings, size_t expected_size) : settings_(settings) {
  if (!settings_.gzip) {
    out_.reserve(expected_size);
    return;
  }
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

void ObjectBuffer::AppendHeaders(const sdk::RecordView& record) {
  scratch_ = "{\"headers\":[";
  for (size_t i = 0; i < record.headerCount(); ++i) {
    std::string_view key;
    sdk::SchemaView schema;
    sdk::ValueView value = record.header(i, &key, &schema);
    std::string text;
    try {
      text = HeaderValueText(schema, value);
    } catch (const sdk::ConnectException& e) {
      throw sdk::ConnectException("header '" + std::string(key) + "': " + e.what());
    }
    if (i > 0) scratch_.push_back(',');
    scratch_ += "{\"key\":" + sdk::ToJson(sdk::SchemaView(), sdk::Value::String(key), false) +
                ",\"value\":" + sdk::ToJson(sdk::SchemaView(), sdk::Value::String(text), false) + "}";
  }
  scratch_ += "]}\n";
  Write(scratch_.data(), scratch_.size());
}

void ObjectBuffer::append(const sdk::RecordView& record) {
  if (settings_.part == RecordPart::kHeaders) {
    AppendHeaders(record);
    return;
  }
  const bool key = settings_.part == RecordPart::kKey;
  if (!key && settings_.format == RecordFormat::kJson) {
    // Not value(): for a task reading values as JSON the host may not have built it.
    std::optional<std::string_view> json = record.valueJson();
    Write(json ? json->data() : "null", json ? json->size() : 4);
    Write("\n", 1);
    return;
  }
  sdk::ValueView value = key ? record.key() : record.value();
  sdk::SchemaView schema = key ? record.keySchema() : record.valueSchema();
  if (settings_.format == RecordFormat::kJson) {
    scratch_ = sdk::ToJson(schema, value, false);
    scratch_.push_back('\n');
    Write(scratch_.data(), scratch_.size());
    return;
  }
  if (value.kind() != CD_VALUE_BYTES || (schema && schema.type() != sdk::Type::Bytes)) {
    throw sdk::ConnectException(std::string("ByteArrayFormat needs BYTES ") + (key ? "keys" : "values") +
                                " (use the ByteArrayConverter); got a " + (key ? "key" : "value") +
                                " of another type");
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
