#include "converters/json_converter.h"

#include "data/base64.h"
#include "data/decimal.h"
#include "data/java_number_text.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace connectd {

namespace {

// Offset of the first byte that is not valid UTF-8 (RFC 3629: no overlong forms, surrogates or
// code points above U+10FFFF), or `size`. Jackson rejects such input; checking the whole message
// once, eight ASCII bytes at a time, is much cheaper than rapidjson's per-character validation.
size_t InvalidUtf8Offset(const char* data, size_t size) {
  const auto* s = reinterpret_cast<const unsigned char*>(data);
  size_t i = 0;
  while (i < size) {
    if (i + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t continuation = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      continuation = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      continuation = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      continuation = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (size - i <= continuation || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k <= continuation; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += continuation + 1;
  }
  return size;
}

// ---------------------------------------------------------------------------------------------
// Messages

Status DataError(const ErrorContext& where, const std::string& message) {
  std::string location = where.Describe();
  return Status::InvalidArgument(location.empty() ? message : location + ": " + message);
}

// Joins path components collected innermost first while a failure unwinds ("after", "[2]",
// "price" -> "after[2].price").
std::string JoinPath(const std::vector<std::string>& innermost_first) {
  std::string path;
  for (auto it = innermost_first.rbegin(); it != innermost_first.rend(); ++it) {
    if (!path.empty() && (*it)[0] != '[') path.push_back('.');
    path += *it;
  }
  return path;
}

// ---------------------------------------------------------------------------------------------
// Configuration (Kafka's ConfigDef trims values; booleans are case-insensitive)

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Status ReadBoolSetting(const ConfigMap& config, const char* key, bool* out) {
  auto it = config.find(key);
  if (it == config.end()) return Status::OK();
  std::string v = Trimmed(it->second);
  if (EqualsIgnoreCase(v, "true")) {
    *out = true;
  } else if (EqualsIgnoreCase(v, "false")) {
    *out = false;
  } else {
    return Status::InvalidArgument("Invalid value '" + it->second + "' for configuration " + key +
                                   ": expected true or false");
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Parsing: a rapidjson DOM in which number tokens stay text (pointing into the message), so
// NUMERIC decimals are read exactly and integers are told apart from fractions.

using JsonDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                                rapidjson::MemoryPoolAllocator<>>;
using JsonNode = JsonDocument::ValueType;
using JsonReader = rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>>;

// Jackson's default nesting limit (StreamReadConstraints); deeper input is rejected before it
// can exhaust the stack of the recursive conversion.
constexpr int kMaxNestingDepth = 1000;

// UTF-8 is checked beforehand (InvalidUtf8Offset).
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag;

// SAX handler that fills `doc`. Number tokens become constant strings pointing at their text in
// the message (real strings are always copied into the document's pool), and the byte range of
// the envelope's "schema" object is remembered so its parsed Schema can be cached by text.
class DomBuilder {
 public:
  using Ch = char;

  DomBuilder(JsonDocument& doc, const rapidjson::MemoryStream& in, const char* data)
      : doc_(doc), in_(in), data_(data) {}

  bool Null() {
    AtMemberValue();
    return doc_.Null();
  }
  bool Bool(bool b) {
    AtMemberValue();
    return doc_.Bool(b);
  }
  // Required by the handler concept; kParseNumbersAsStringsFlag sends every number to RawNumber.
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    AtMemberValue();
    size_t end = in_.Tell();
    if (end < length || std::memcmp(data_ + end - length, str, length) != 0) {
      abort_reason_ = "number token not found in the message";
      return false;
    }
    return doc_.RawNumber(data_ + end - length, length, false);
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    AtMemberValue();
    return doc_.String(str, length, true);
  }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    if (depth_ == 1) awaiting_schema_ = length == 6 && std::memcmp(str, "schema", 6) == 0;
    return doc_.Key(str, length, true);
  }
  bool StartObject() {
    if (++depth_ > kMaxNestingDepth) return TooDeep();
    if (depth_ == 2 && awaiting_schema_) schema_begin_ = in_.Tell() - 1;
    return doc_.StartObject();
  }
  bool EndObject(rapidjson::SizeType members) {
    if (depth_ == 2 && awaiting_schema_) {
      schema_end_ = in_.Tell();
      awaiting_schema_ = false;
    }
    --depth_;
    return doc_.EndObject(members);
  }
  bool StartArray() {
    AtMemberValue();
    if (++depth_ > kMaxNestingDepth) return TooDeep();
    return doc_.StartArray();
  }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return doc_.EndArray(elements);
  }

  // The envelope's "schema" object as it appears in the message; empty when there is none.
  std::string_view schema_text() const {
    if (schema_end_ <= schema_begin_ || data_[schema_begin_] != '{' || data_[schema_end_ - 1] != '}') return {};
    return std::string_view(data_ + schema_begin_, schema_end_ - schema_begin_);
  }
  const std::string& abort_reason() const { return abort_reason_; }

 private:
  // A root member's value that is not an object: it cannot be the schema object.
  void AtMemberValue() {
    if (depth_ == 1) awaiting_schema_ = false;
  }
  bool TooDeep() {
    abort_reason_ = "JSON nesting is deeper than " + std::to_string(kMaxNestingDepth) + " levels";
    return false;
  }

  JsonDocument& doc_;
  const rapidjson::MemoryStream& in_;
  const char* data_;
  int depth_ = 0;
  bool awaiting_schema_ = false;
  size_t schema_begin_ = 0;
  size_t schema_end_ = 0;
  std::string abort_reason_;
};

const char* JsonKindName(const JsonNode& node, bool is_number) {
  switch (node.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "boolean";
    case rapidjson::kObjectType: return "object";
    case rapidjson::kArrayType: return "array";
    case rapidjson::kStringType: return is_number ? "number" : "string";
    case rapidjson::kNumberType: return "number";
  }
  return "unknown";
}

bool NameIs(const JsonNode& name, const std::string& expected) {
  return name.GetStringLength() == expected.size() && std::memcmp(name.GetString(), expected.data(), expected.size()) == 0;
}

const JsonNode* Member(const JsonNode& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

bool IsIntegerSyntax(std::string_view text) { return text.find_first_of(".eE") == std::string_view::npos; }

constexpr std::string_view kEnvelopeSchemaKey = "{\"schema\":";
constexpr std::string_view kEnvelopePayloadKey = ",\"payload\":";
constexpr std::string_view kNullSchemaEnvelopePrefix = "{\"schema\":null,\"payload\":";

// ---------------------------------------------------------------------------------------------
// Writing: a rapidjson Writer and the buffer it fills, reused for every message.

struct OutputBuffer {
  rapidjson::StringBuffer buffer;
};

// Whether JSON must escape any of these bytes: '"', '\\' or a control character. Eight bytes at a
// time, as the byte loop is not vectorized at -O2: the classic "has a zero byte" test on the word
// XOR '"' and XOR '\\', and a per-byte compare with 0x20 that sets each byte's top bit first so
// no borrow crosses bytes (bytes of 0x80 and above, UTF-8, never need an escape).
bool NeedsEscape(const char* s, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero_byte = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, s + i, 8);
    const uint64_t control = ~((w | kHigh) - 0x20 * kOnes) & ~w & kHigh;
    if ((has_zero_byte(w ^ ('"' * kOnes)) | has_zero_byte(w ^ ('\\' * kOnes)) | control) != 0) return true;
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

class JsonOutput : private OutputBuffer, public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  JsonOutput() : Writer(buffer) {}

  void Clear() {
    buffer.Clear();
    Reset(buffer);
  }
  // Appends text outside the writer's values (the envelope around the payload); the next value
  // written starts a new root.
  void Append(std::string_view text) {
    std::memcpy(buffer.Push(text.size()), text.data(), text.size());
    Reset(buffer);
  }
  // Adds a value given as JSON text: the writer emits the separator before it and the caller
  // fills the returned `size` bytes (Writer::RawValue copies byte by byte, which dominated the
  // cost of copying a cached schema).
  char* RawValueSpace(size_t size, rapidjson::Type type) {
    RawValue("", 0, type);
    return buffer.Push(size);
  }
  std::string_view text() const { return {buffer.GetString(), buffer.GetSize()}; }
  // A string value or object key (to the writer they are the same). One that needs no escape
  // (no '"', '\\' or control character: the common case) is copied as it is, which the writer
  // would do one character at a time.
  bool Text(const char* s, size_t n) {
    if (NeedsEscape(s, n)) return String(s, static_cast<rapidjson::SizeType>(n));
    char* p = RawValueSpace(n + 2, rapidjson::kStringType);
    p[0] = '"';
    std::memcpy(p + 1, s, n);
    p[n + 1] = '"';
    return true;
  }
};

// Java's Float/Double.toString as a JSON number; Jackson quotes NaN and the infinities
// (QUOTE_NON_NUMERIC_NUMBERS is on by default).
template <typename T>
bool WriteJavaFloat(JsonOutput& w, T v) {
  char text[48];
  size_t n = FormatJavaNumber(v, text);
  if (!std::isfinite(v)) return w.String(text, static_cast<rapidjson::SizeType>(n));
  std::memcpy(w.RawValueSpace(n, rapidjson::kNumberType), text, n);
  return true;
}

// SAX handler that writes what reading a message without a schema (Deserializer::ReadSchemaless)
// and writing the value back (Serializer::WriteSchemaless) gives, without either tree: objects and
// arrays as they come, integers as int64, other numbers as Java doubles. It stops the parse
// (returns false) wherever that round trip fails, so the caller falls back to it for the error.
class SchemalessRewriter {
 public:
  using Ch = char;

  explicit SchemalessRewriter(JsonOutput& w) : w_(w) {}

  bool Null() { return w_.Null(); }
  bool Bool(bool b) { return w_.Bool(b); }
  // Required by the handler concept; kParseNumbersAsStringsFlag sends every number to RawNumber.
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    if (IsIntegerSyntax(std::string_view(str, length))) {
      int64_t v = 0;
      if (std::from_chars(str, str + length, v).ec != std::errc()) return false;
      return w_.Int64(v);
    }
    double d = 0;
    if (std::from_chars(str, str + length, d).ec != std::errc()) return false;
    return WriteJavaFloat(w_, d);
  }
  bool String(const char* str, rapidjson::SizeType length, bool) { return w_.Text(str, length); }
  bool Key(const char* str, rapidjson::SizeType length, bool) { return w_.Text(str, length); }
  bool StartObject() { return ++depth_ <= kMaxNestingDepth && w_.StartObject(); }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    return w_.EndObject();
  }
  bool StartArray() { return ++depth_ <= kMaxNestingDepth && w_.StartArray(); }
  bool EndArray(rapidjson::SizeType) {
    --depth_;
    return w_.EndArray();
  }

 private:
  JsonOutput& w_;
  int depth_ = 0;
};

}  // namespace

// =============================================================================================
// Serializer: Connect data -> JSON bytes

class JsonConverter::Serializer {
 public:
  explicit Serializer(const Settings& settings) : settings_(settings) {}

  Status Write(const ErrorContext& where, const SchemaPtr& schema, const Value& value, std::string* out,
               bool* is_null) {
    *is_null = false;
    out->clear();
    if (schema == nullptr && value.is_null()) {
      *is_null = true;
      return Status::OK();
    }
    reason_.clear();
    path_.clear();
    output_.Clear();
    if (settings_.schemas_enable) {
      const std::string* prefix = schema != nullptr ? EnvelopePrefix(schema) : nullptr;
      if (schema != nullptr && prefix == nullptr) {
        std::string at = path_.empty() ? "" : " (at \"" + JoinPath(path_) + "\")";
        return DataError(where, "JsonConverter cannot write the schema's default value" + at + ": " + reason_);
      }
      output_.Append(prefix != nullptr ? std::string_view(*prefix) : kNullSchemaEnvelopePrefix);
    }
    if (!WriteValue(output_, schema.get(), value)) {
      std::string subject = path_.empty() ? "the value" : "field \"" + JoinPath(path_) + "\"";
      return DataError(where, "JsonConverter cannot convert " + subject + " to JSON: " + reason_);
    }
    if (settings_.schemas_enable) output_.Append("}");
    out->assign(output_.text());
    return Status::OK();
  }

  // See JsonConverter::ToSchemalessJson.
  bool RewriteSchemaless(const char* data, size_t size, std::string* out) {
    if (data == nullptr || InvalidUtf8Offset(data, size) != size) return false;
    // A NUL-terminated copy, parsed in place: strings are unescaped where they are instead of
    // through the reader's stack. A NUL inside the message ends the input early: the parse then
    // fails (NUL is not allowed inside JSON strings) or stops after a complete value, exactly where
    // reading stops anyway.
    input_.assign(data, size);
    output_.Clear();
    SchemalessRewriter rewriter(output_);
    rapidjson::InsituStringStream in(&input_[0]);
    if (reader_.Parse<kParseFlags | rapidjson::kParseInsituFlag>(in, rewriter).IsError()) return false;
    if (output_.text() == "null") return false;
    out->assign(output_.text());
    return true;
  }

 private:
  // Kafka's convertToJson: a null takes the schema's default, or is written as null when the
  // schema is optional (or absent).
  bool WriteValue(JsonOutput& w, const Schema* schema, const Value& value) {
    if (value.is_null()) {
      if (schema == nullptr) return w.Null();
      const Value* fallback = schema->default_value();
      if (fallback != nullptr && !fallback->is_null() && settings_.replace_null_with_default) {
        return WriteWithSchema(w, *schema, *fallback);
      }
      if (schema->optional()) return w.Null();
      return Fail(std::string("null value for a required ") + SchemaTypeName(schema->type()) +
                  " that has no default; set a value or make the schema optional");
    }
    return schema != nullptr ? WriteWithSchema(w, *schema, value) : WriteSchemaless(w, value);
  }

  // Precondition: value is not null.
  bool WriteWithSchema(JsonOutput& w, const Schema& schema, const Value& value) {
    switch (schema.type()) {
      case SchemaType::kInt8:
        if (value.kind() != ValueKind::kInt8) return Mismatch(schema, value);
        return w.Int(static_cast<int>(value.Int64Of()));
      case SchemaType::kInt16:
        if (value.kind() != ValueKind::kInt16) return Mismatch(schema, value);
        return w.Int(static_cast<int>(value.Int64Of()));
      case SchemaType::kInt32:
        if (value.kind() != ValueKind::kInt32) return Mismatch(schema, value);
        return w.Int(static_cast<int>(value.Int64Of()));
      case SchemaType::kInt64:
        if (value.kind() != ValueKind::kInt64) return Mismatch(schema, value);
        return w.Int64(value.Int64Of());
      case SchemaType::kFloat32:
        if (value.kind() != ValueKind::kFloat32) return Mismatch(schema, value);
        return WriteJavaFloat(w, static_cast<float>(value.DoubleOf()));
      case SchemaType::kFloat64:
        if (value.kind() != ValueKind::kFloat64) return Mismatch(schema, value);
        return WriteJavaFloat(w, value.DoubleOf());
      case SchemaType::kBoolean:
        if (value.kind() != ValueKind::kBoolean) return Mismatch(schema, value);
        return w.Bool(value.boolean());
      case SchemaType::kString:
        if (value.kind() != ValueKind::kString) return Mismatch(schema, value);
        return w.Text(value.string().data(), value.string().size());
      case SchemaType::kBytes:
        if (value.kind() != ValueKind::kBytes) return Mismatch(schema, value);
        if (schema.IsLogical(kDecimalLogicalName)) return WriteDecimal(w, schema, value.bytes().data);
        return WriteBase64(w, value.bytes().data);
      case SchemaType::kArray: {
        if (value.kind() != ValueKind::kArray) return Mismatch(schema, value);
        w.StartArray();
        const std::vector<Value>& items = value.array().items;
        for (size_t i = 0; i < items.size(); ++i) {
          if (!WriteValue(w, schema.value_schema().get(), items[i])) return At("[" + std::to_string(i) + "]");
        }
        return w.EndArray();
      }
      case SchemaType::kMap:
        if (value.kind() != ValueKind::kMap) return Mismatch(schema, value);
        return WriteMap(w, schema, value.map());
      case SchemaType::kStruct: {
        if (value.kind() != ValueKind::kStruct) return Mismatch(schema, value);
        const Struct& s = value.structure();
        if (s.schema.get() != &schema && (s.schema == nullptr || !s.schema->Equals(schema))) {
          return Fail("the Struct was built for a different schema than the one it is written with");
        }
        w.StartObject();
        for (const Field& f : schema.fields()) {
          w.Text(f.name.data(), f.name.size());
          if (!WriteValue(w, f.schema.get(), s.fields[static_cast<size_t>(f.index)])) return At(f.name);
        }
        return w.EndObject();
      }
    }
    return Fail("unsupported schema type");
  }

  // String-keyed maps are JSON objects; any other key type gives an array of [key, value] pairs.
  bool WriteMap(JsonOutput& w, const Schema& schema, const Map& map) {
    const Schema* key_schema = schema.key_schema().get();
    const Schema* value_schema = schema.value_schema().get();
    if (key_schema != nullptr && key_schema->type() == SchemaType::kString) {
      w.StartObject();
      for (size_t i = 0; i < map.entries.size(); ++i) {
        const auto& [key, item] = map.entries[i];
        if (!WriteObjectKey(w, *key_schema, key)) return At("[key " + std::to_string(i) + "]");
        if (!WriteValue(w, value_schema, item)) return At("[" + ValueToDebugString(key) + "]");
      }
      return w.EndObject();
    }
    w.StartArray();
    for (size_t i = 0; i < map.entries.size(); ++i) {
      const auto& [key, item] = map.entries[i];
      w.StartArray();
      if (!WriteValue(w, key_schema, key)) return At("[key " + std::to_string(i) + "]");
      if (!WriteValue(w, value_schema, item)) return At("[" + ValueToDebugString(key) + "]");
      w.EndArray();
    }
    return w.EndArray();
  }

  // Kafka writes the key's JSON text: a null key becomes its default, or "null" when optional.
  bool WriteObjectKey(JsonOutput& w, const Schema& key_schema, const Value& key) {
    const Value* k = &key;
    if (k->is_null()) {
      const Value* fallback = key_schema.default_value();
      if (fallback != nullptr && !fallback->is_null() && settings_.replace_null_with_default) {
        k = fallback;
      } else if (key_schema.optional()) {
        return w.Key("null", 4);
      } else {
        return Fail("null map key for a required string key schema");
      }
    }
    if (k->kind() != ValueKind::kString) return Mismatch(key_schema, *k);
    return w.Text(k->string().data(), k->string().size());
  }

  // Kafka infers the JSON from the Java type; maps become objects only when every key is a string.
  bool WriteSchemaless(JsonOutput& w, const Value& value) {
    switch (value.kind()) {
      case ValueKind::kNull: return w.Null();
      case ValueKind::kBoolean: return w.Bool(value.boolean());
      case ValueKind::kInt8:
      case ValueKind::kInt16:
      case ValueKind::kInt32:
      case ValueKind::kInt64: return w.Int64(value.Int64Of());
      case ValueKind::kFloat32: return WriteJavaFloat(w, static_cast<float>(value.DoubleOf()));
      case ValueKind::kFloat64: return WriteJavaFloat(w, value.DoubleOf());
      case ValueKind::kString:
        return w.Text(value.string().data(), value.string().size());
      case ValueKind::kBytes: return WriteBase64(w, value.bytes().data);
      case ValueKind::kArray: {
        w.StartArray();
        const std::vector<Value>& items = value.array().items;
        for (size_t i = 0; i < items.size(); ++i) {
          if (!WriteValue(w, nullptr, items[i])) return At("[" + std::to_string(i) + "]");
        }
        return w.EndArray();
      }
      case ValueKind::kMap: {
        const Map& map = value.map();
        bool object_mode = std::all_of(map.entries.begin(), map.entries.end(),
                                       [](const auto& e) { return e.first.kind() == ValueKind::kString; });
        if (object_mode) {
          w.StartObject();
          for (const auto& [key, item] : map.entries) {
            w.Text(key.string().data(), key.string().size());
            if (!WriteValue(w, nullptr, item)) return At("[" + key.string() + "]");
          }
          return w.EndObject();
        }
        w.StartArray();
        for (const auto& [key, item] : map.entries) {
          w.StartArray();
          if (!WriteValue(w, nullptr, key) || !WriteValue(w, nullptr, item)) {
            return At("[" + ValueToDebugString(key) + "]");
          }
          w.EndArray();
        }
        return w.EndArray();
      }
      case ValueKind::kStruct: {
        // Kafka rejects a Struct without a schema; the Struct's own schema is the obvious one.
        const SchemaPtr& own = value.structure().schema;
        if (own == nullptr) return Fail("a Struct value without a schema");
        return WriteWithSchema(w, *own, value);
      }
    }
    return Fail("unsupported value");
  }


  bool WriteBase64(JsonOutput& w, std::string_view bytes) {
    size_t n = Base64EncodedLength(bytes.size());
    char* p = w.RawValueSpace(n + 2, rapidjson::kStringType);
    p[0] = '"';
    EncodeBase64(bytes, p + 1);
    p[n + 1] = '"';
    return true;
  }

  bool WriteDecimal(JsonOutput& w, const Schema& schema, std::string_view unscaled) {
    if (unscaled.empty()) {
      return Fail("a Decimal value must hold the unscaled value as big-endian two's complement bytes, but it is empty");
    }
    unscaled = MinimalTwosComplement(unscaled);
    if (!settings_.decimal_numeric) return WriteBase64(w, unscaled);
    int32_t scale = 0;
    if (!DecimalScale(schema, &scale)) return Fail("the Decimal schema has no integer \"scale\" parameter");
    scratch_.clear();
    AppendBigDecimal(unscaled, scale, &scratch_);
    std::memcpy(w.RawValueSpace(scratch_.size(), rapidjson::kNumberType), scratch_.data(), scratch_.size());
    return true;
  }

  // '{"schema":' + JsonConverter.asJsonSchema + ',"payload":', cached per Schema object; the
  // cache keeps each schema alive so its address cannot be reused by another schema while cached.
  const std::string* EnvelopePrefix(const SchemaPtr& schema) {
    if (settings_.schema_cache_size > 0) {
      auto it = schema_cache_.find(schema.get());
      if (it != schema_cache_.end()) return &it->second.envelope_prefix;
    }
    schema_output_.Clear();
    if (!WriteSchema(schema_output_, *schema, nullptr)) return nullptr;
    std::string prefix;
    prefix.reserve(kEnvelopeSchemaKey.size() + schema_output_.text().size() + kEnvelopePayloadKey.size());
    prefix.append(kEnvelopeSchemaKey).append(schema_output_.text()).append(kEnvelopePayloadKey);
    if (settings_.schema_cache_size <= 0) {
      uncached_prefix_ = std::move(prefix);
      return &uncached_prefix_;
    }
    if (schema_cache_.size() >= static_cast<size_t>(settings_.schema_cache_size)) schema_cache_.clear();
    CachedSchema& entry = schema_cache_[schema.get()];
    entry.schema = schema;
    entry.envelope_prefix = std::move(prefix);
    return &entry.envelope_prefix;
  }

  // Key order as Kafka's ObjectNode keeps it: type, items | keys, values | fields, optional,
  // name, version, doc, parameters, default; a struct field's schema ends with "field".
  bool WriteSchema(JsonOutput& w, const Schema& schema, const std::string* field_name) {
    w.StartObject();
    w.Key("type", 4);
    w.String(SchemaTypeName(schema.type()));
    switch (schema.type()) {
      case SchemaType::kArray:
        w.Key("items", 5);
        if (!WriteOptionalSchema(w, schema.value_schema())) return false;
        break;
      case SchemaType::kMap:
        w.Key("keys", 4);
        if (!WriteOptionalSchema(w, schema.key_schema())) return false;
        w.Key("values", 6);
        if (!WriteOptionalSchema(w, schema.value_schema())) return false;
        break;
      case SchemaType::kStruct:
        w.Key("fields", 6);
        w.StartArray();
        for (const Field& f : schema.fields()) {
          if (f.schema == nullptr) return Fail("field \"" + f.name + "\" has no schema");
          if (!WriteSchema(w, *f.schema, &f.name)) return At(f.name);
        }
        w.EndArray();
        break;
      default:
        break;
    }
    w.Key("optional", 8);
    w.Bool(schema.optional());
    if (schema.name()) {
      w.Key("name", 4);
      w.String(schema.name()->data(), static_cast<rapidjson::SizeType>(schema.name()->size()));
    }
    if (schema.version()) {
      w.Key("version", 7);
      w.Int(*schema.version());
    }
    if (schema.doc()) {
      w.Key("doc", 3);
      w.String(schema.doc()->data(), static_cast<rapidjson::SizeType>(schema.doc()->size()));
    }
    if (!schema.parameters().empty()) {
      w.Key("parameters", 10);
      w.StartObject();
      for (const auto& [key, param] : schema.parameters()) {
        w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        w.String(param.data(), static_cast<rapidjson::SizeType>(param.size()));
      }
      w.EndObject();
    }
    const Value* fallback = schema.default_value();
    if (fallback != nullptr && !fallback->is_null()) {
      w.Key("default", 7);
      if (!WriteWithSchema(w, schema, *fallback)) return false;
    }
    if (field_name != nullptr) {
      w.Key("field", 5);
      w.String(field_name->data(), static_cast<rapidjson::SizeType>(field_name->size()));
    }
    return w.EndObject();
  }

  bool WriteOptionalSchema(JsonOutput& w, const SchemaPtr& schema) {
    if (schema == nullptr) return w.Null();
    return WriteSchema(w, *schema, nullptr);
  }

  bool Mismatch(const Schema& schema, const Value& value) {
    std::string shown = ValueToDebugString(value);
    if (shown.size() > 64) shown = shown.substr(0, 61) + "...";
    return Fail(std::string("schema type ") + SchemaTypeName(schema.type()) + " does not match the " +
                ValueKindName(value.kind()) + " value " + shown);
  }
  bool Fail(std::string reason) {
    reason_ = std::move(reason);
    return false;
  }
  // Adds the path component of the level a failure unwinds through.
  bool At(std::string component) {
    path_.push_back(std::move(component));
    return false;
  }

  struct CachedSchema {
    SchemaPtr schema;
    std::string envelope_prefix;
  };

  const Settings settings_;
  JsonOutput output_;
  JsonOutput schema_output_;
  // RewriteSchemaless's reader (it keeps its stack between messages) and input copy.
  rapidjson::Reader reader_;
  std::string input_;
  std::string scratch_;  // decimal text before it goes into the output
  std::string reason_;
  std::vector<std::string> path_;  // innermost first
  std::unordered_map<const Schema*, CachedSchema> schema_cache_;
  std::string uncached_prefix_;
};

// =============================================================================================
// Deserializer: JSON bytes -> Connect data

class JsonConverter::Deserializer {
 public:
  explicit Deserializer(const Settings& settings)
      : settings_(settings),
        value_pool_(new char[kValuePoolSize]),
        document_stack_pool_(new char[kStackPoolSize]),
        reader_stack_pool_(new char[kStackPoolSize]) {}

  Status Read(const ErrorContext& where, const char* data, size_t size, SchemaAndValue* out) {
    out->schema = nullptr;
    out->value = Value();
    if (data == nullptr) return Status::OK();
    input_begin_ = data;
    input_end_ = data + size;
    reason_.clear();
    path_.clear();
    if (settings_.schemas_enable && last_hit_ != nullptr) {
      const std::string& prefix = last_hit_->envelope_prefix;
      if (size > prefix.size() && std::memcmp(data, prefix.data(), prefix.size()) == 0) {
        Status status;
        if (ReadKnownEnvelope(where, data, size, prefix.size(), last_hit_->schema, out, &status)) return status;
      }
    }
    return ReadMessage(where, data, size, out);
  }

 private:
  static constexpr size_t kValuePoolSize = 64 * 1024;
  static constexpr size_t kStackPoolSize = 8 * 1024;

  // One parse into a DOM. The pools reuse this instance's buffers, so a typical message parses
  // without malloc.
  struct DomParse {
    explicit DomParse(Deserializer& owner)
        : values(owner.value_pool_.get(), kValuePoolSize),
          document_stack(owner.document_stack_pool_.get(), kStackPoolSize),
          reader_stack(owner.reader_stack_pool_.get(), kStackPoolSize),
          doc(&values, kStackPoolSize / 2, &document_stack),
          reader(&reader_stack, kStackPoolSize / 2) {}

    rapidjson::ParseResult Run(rapidjson::MemoryStream& in, DomBuilder& builder) {
      rapidjson::ParseResult result;
      auto generate = [&](JsonDocument&) {
        result = reader.Parse<kParseFlags>(in, builder);
        return !result.IsError();
      };
      doc.Populate(generate);
      return result;
    }

    rapidjson::MemoryPoolAllocator<> values;
    rapidjson::MemoryPoolAllocator<> document_stack;
    rapidjson::MemoryPoolAllocator<> reader_stack;
    JsonDocument doc;
    JsonReader reader;
  };

  // The common case: the message starts with the envelope text of the last schema seen, so
  // only the payload is parsed. Returns false, leaving the message to ReadMessage, unless the
  // rest is exactly a valid `<payload>}` (extra envelope fields and JSON errors are reported by
  // ReadMessage, with offsets into the whole message).
  bool ReadKnownEnvelope(const ErrorContext& where, const char* data, size_t size, size_t payload_begin,
                         SchemaPtr schema, SchemaAndValue* out, Status* status) {
    const char* payload_text = data + payload_begin;
    size_t payload_size = size - payload_begin;
    if (InvalidUtf8Offset(payload_text, payload_size) != payload_size) return false;
    DomParse parse(*this);
    rapidjson::MemoryStream in(payload_text, payload_size);
    DomBuilder builder(parse.doc, in, payload_text);
    if (parse.Run(in, builder).IsError()) return false;
    size_t i = payload_begin + in.Tell();
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) ++i;
    if (i >= size || data[i] != '}') return false;

    Value value;
    if (!ReadValue(schema, &parse.doc, &value)) {
      *status = PayloadError(where);
      return true;
    }
    out->schema = std::move(schema);
    out->value = std::move(value);
    *status = Status::OK();
    return true;
  }

  Status ReadMessage(const ErrorContext& where, const char* data, size_t size, SchemaAndValue* out) {
    size_t bad_byte = InvalidUtf8Offset(data, size);
    if (bad_byte != size) return SyntaxError(where, bad_byte, "Invalid UTF-8 encoding.");
    DomParse parse(*this);
    rapidjson::MemoryStream in(data, size);
    DomBuilder builder(parse.doc, in, data);
    rapidjson::ParseResult parsed = parse.Run(in, builder);
    const bool missing = parsed.Code() == rapidjson::kParseErrorDocumentEmpty;
    if (parsed.IsError() && !missing) {
      return SyntaxError(where, parsed.Offset(),
                         parsed.Code() == rapidjson::kParseErrorTermination ? builder.abort_reason()
                                                                             : rapidjson::GetParseError_En(parsed.Code()));
    }
    const JsonDocument& doc = parse.doc;

    // Kafka's Jackson reads empty input as a missing node: no envelope, and a null payload.
    const JsonNode* payload = missing ? nullptr : &doc;
    const JsonNode* schema_node = nullptr;
    if (settings_.schemas_enable) {
      const JsonNode* envelope_schema = missing || !doc.IsObject() ? nullptr : Member(doc, "schema");
      const JsonNode* envelope_payload = missing || !doc.IsObject() ? nullptr : Member(doc, "payload");
      if (envelope_schema == nullptr || envelope_payload == nullptr || doc.MemberCount() != 2) {
        return DataError(where,
                         "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
                         "contain additional fields. If you are trying to deserialize plain JSON data, set "
                         "schemas.enable=false in your converter configuration.");
      }
      schema_node = envelope_schema;
      payload = envelope_payload;
    }

    SchemaPtr schema;
    if (schema_node != nullptr && !schema_node->IsNull()) {
      std::string_view text = builder.schema_text();
      const SchemaPtr* cached = text.empty() ? nullptr : FindCachedSchema(text);
      if (cached != nullptr) {
        schema = *cached;
      } else {
        if (!ParseSchema(*schema_node, &schema)) {
          path_.push_back("schema");
          return DataError(where, "JsonConverter cannot read the schema at \"" + JoinPath(path_) + "\": " + reason_);
        }
        if (!text.empty()) CacheSchema(text, schema);
      }
    }

    Value value;
    if (!ReadValue(schema, payload, &value)) return PayloadError(where);
    out->schema = std::move(schema);
    out->value = std::move(value);
    return Status::OK();
  }

  Status SyntaxError(const ErrorContext& where, size_t offset, const std::string& detail) const {
    return DataError(where,
                     "Converting byte[] to Kafka Connect data failed due to serialization error: invalid JSON at byte "
                     "offset " + std::to_string(offset) + ": " + detail);
  }
  Status PayloadError(const ErrorContext& where) const {
    std::string subject = path_.empty() ? "the payload" : "field \"" + JoinPath(path_) + "\"";
    return DataError(where, "JsonConverter cannot read " + subject + ": " + reason_);
  }

  // Number tokens are the only strings that point into the message (see DomBuilder).
  bool IsNumber(const JsonNode& node) const {
    if (!node.IsString()) return false;
    auto p = reinterpret_cast<uintptr_t>(node.GetString());
    return p >= reinterpret_cast<uintptr_t>(input_begin_) && p < reinterpret_cast<uintptr_t>(input_end_);
  }
  bool IsText(const JsonNode& node) const { return node.IsString() && !IsNumber(node); }
  static std::string_view TextOf(const JsonNode& node) { return {node.GetString(), node.GetStringLength()}; }

  // JsonConverter.asConnectSchema.
  bool ParseSchema(const JsonNode& node, SchemaPtr* out) {
    const JsonNode* type_node = node.IsObject() ? Member(node, "type") : nullptr;
    if (type_node == nullptr || !IsText(*type_node)) return Fail("Schema must contain 'type' field");
    SchemaType type;
    if (!SchemaTypeFromName(TextOf(*type_node), &type)) {
      return Fail("Unknown schema type: " + std::string(TextOf(*type_node)));
    }
    SchemaBuilder builder(type);
    if (type == SchemaType::kArray) {
      const JsonNode* items = Member(node, "items");
      if (items == nullptr || items->IsNull()) return Fail("Array schema did not specify the element type");
      SchemaPtr element;
      if (!ParseSchema(*items, &element)) return At("items");
      builder = SchemaBuilder::Array(std::move(element));
    } else if (type == SchemaType::kMap) {
      const JsonNode* keys = Member(node, "keys");
      const JsonNode* values = Member(node, "values");
      if (keys == nullptr || keys->IsNull()) return Fail("Map schema did not specify the key type");
      if (values == nullptr || values->IsNull()) return Fail("Map schema did not specify the value type");
      SchemaPtr key_schema;
      SchemaPtr value_schema;
      if (!ParseSchema(*keys, &key_schema)) return At("keys");
      if (!ParseSchema(*values, &value_schema)) return At("values");
      builder = SchemaBuilder::Map(std::move(key_schema), std::move(value_schema));
    } else if (type == SchemaType::kStruct) {
      const JsonNode* fields = Member(node, "fields");
      if (fields == nullptr || !fields->IsArray()) return Fail("Struct schema's \"fields\" argument is not an array.");
      std::vector<std::string_view> seen;
      for (rapidjson::SizeType i = 0; i < fields->Size(); ++i) {
        auto at_field = [&] {
          At("[" + std::to_string(i) + "]");
          return At("fields");
        };
        const JsonNode& field = (*fields)[i];
        const JsonNode* name = field.IsObject() ? Member(field, "field") : nullptr;
        if (name == nullptr || !IsText(*name)) {
          Fail("Struct schema's field name not specified properly");
          return at_field();
        }
        std::string_view field_name = TextOf(*name);
        if (std::find(seen.begin(), seen.end(), field_name) != seen.end()) {
          Fail("duplicate field name \"" + std::string(field_name) + "\"");
          return at_field();
        }
        seen.push_back(field_name);
        SchemaPtr field_schema;
        if (!ParseSchema(field, &field_schema)) return at_field();
        builder.AddField(std::string(field_name), std::move(field_schema));
      }
    }

    const JsonNode* optional = Member(node, "optional");
    builder.Optional(optional != nullptr && optional->IsBool() && optional->GetBool());
    const JsonNode* name = Member(node, "name");
    if (name != nullptr && IsText(*name)) builder.Name(std::string(TextOf(*name)));
    const JsonNode* version = Member(node, "version");
    if (version != nullptr && IsNumber(*version) && IsIntegerSyntax(TextOf(*version))) {
      int32_t v = 0;
      std::string_view text = TextOf(*version);
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc()) return Fail("schema version " + std::string(text) + " is out of range for int32");
      builder.Version(v);
    }
    const JsonNode* doc = Member(node, "doc");
    if (doc != nullptr && IsText(*doc)) builder.Doc(std::string(TextOf(*doc)));
    const JsonNode* parameters = Member(node, "parameters");
    if (parameters != nullptr && parameters->IsObject()) {
      for (auto it = parameters->MemberBegin(); it != parameters->MemberEnd(); ++it) {
        if (!IsText(it->value)) return Fail("Schema parameters must have string values.");
        builder.Parameter(std::string(TextOf(it->name)), std::string(TextOf(it->value)));
      }
    }
    const JsonNode* fallback = Member(node, "default");
    if (fallback != nullptr) {
      // As Kafka: the default is read with the schema built so far (it has no default yet).
      SchemaPtr without_default = builder.Build();
      Value value;
      if (!ReadValue(without_default, fallback, &value)) return At("default");
      if (!value.is_null()) builder.Default(std::move(value));
    }
    *out = builder.Build();
    return true;
  }

  // JsonConverter.convertToConnect. `node` is nullptr when a struct field is absent.
  bool ReadValue(const SchemaPtr& schema, const JsonNode* node, Value* out) {
    if (node == nullptr || node->IsNull()) {
      if (schema == nullptr) {
        *out = Value();
        return true;
      }
      const Value* fallback = schema->default_value();
      if (fallback != nullptr && settings_.replace_null_with_default) {
        *out = *fallback;
        return true;
      }
      if (schema->optional()) {
        *out = Value();
        return true;
      }
      return Fail(std::string("Invalid null value for required ") + SchemaTypeName(schema->type()) +
                  " field; the producer must set it, or the schema must make it optional");
    }
    return schema != nullptr ? ReadWithSchema(schema, *node, out) : ReadSchemaless(*node, out);
  }

  bool ReadWithSchema(const SchemaPtr& schema_ptr, const JsonNode& node, Value* out) {
    const Schema& schema = *schema_ptr;
    switch (schema.type()) {
      case SchemaType::kInt8: {
        int64_t v = 0;
        if (!ReadInteger(schema, node, INT8_MIN, INT8_MAX, &v)) return false;
        *out = Value::Int8(static_cast<int8_t>(v));
        return true;
      }
      case SchemaType::kInt16: {
        int64_t v = 0;
        if (!ReadInteger(schema, node, INT16_MIN, INT16_MAX, &v)) return false;
        *out = Value::Int16(static_cast<int16_t>(v));
        return true;
      }
      case SchemaType::kInt32: {
        int64_t v = 0;
        if (!ReadInteger(schema, node, INT32_MIN, INT32_MAX, &v)) return false;
        *out = Value::Int32(static_cast<int32_t>(v));
        return true;
      }
      case SchemaType::kInt64: {
        int64_t v = 0;
        if (!ReadInteger(schema, node, INT64_MIN, INT64_MAX, &v)) return false;
        *out = Value::Int64(v);
        return true;
      }
      case SchemaType::kFloat32: {
        float v = 0;
        if (!ReadFloat(schema, node, &v)) return false;
        *out = Value::Float32(v);
        return true;
      }
      case SchemaType::kFloat64: {
        double v = 0;
        if (!ReadFloat(schema, node, &v)) return false;
        *out = Value::Float64(v);
        return true;
      }
      case SchemaType::kBoolean:
        if (!node.IsBool()) return WrongType(schema, node, "a JSON boolean");
        *out = Value::Boolean(node.GetBool());
        return true;
      case SchemaType::kString:
        if (!IsText(node)) return WrongType(schema, node, "a JSON string");
        *out = Value::String(std::string(TextOf(node)));
        return true;
      case SchemaType::kBytes:
        if (schema.IsLogical(kDecimalLogicalName)) return ReadDecimal(schema, node, out);
        if (!IsText(node)) return WrongType(schema, node, "a base64 JSON string");
        {
          std::string bytes;
          if (!DecodeBase64(TextOf(node), &bytes)) return Fail("Invalid bytes field: not base64");
          *out = Value::MakeBytes(std::move(bytes));
        }
        return true;
      case SchemaType::kArray: {
        if (!node.IsArray()) return WrongType(schema, node, "a JSON array");
        std::vector<Value> items(node.Size());
        for (rapidjson::SizeType i = 0; i < node.Size(); ++i) {
          if (!ReadValue(schema.value_schema(), &node[i], &items[i])) return At("[" + std::to_string(i) + "]");
        }
        *out = Value::MakeArray(std::move(items));
        return true;
      }
      case SchemaType::kMap:
        return ReadMap(schema, node, out);
      case SchemaType::kStruct: {
        if (!node.IsObject()) return WrongType(schema, node, "a JSON object");
        Value result = Value::MakeStruct(schema_ptr);
        Struct& s = result.structure();
        // Members usually come in schema order, so try the next one before searching.
        auto next = node.MemberBegin();
        for (const Field& f : schema.fields()) {
          const JsonNode* member = nullptr;
          if (next != node.MemberEnd() && NameIs(next->name, f.name)) {
            member = &next->value;
            ++next;
          } else {
            for (auto it = node.MemberBegin(); it != node.MemberEnd(); ++it) {
              if (NameIs(it->name, f.name)) {
                member = &it->value;
                next = it + 1;
                break;
              }
            }
          }
          if (!ReadValue(f.schema, member, &s.fields[static_cast<size_t>(f.index)])) return At(f.name);
        }
        *out = std::move(result);
        return true;
      }
    }
    return Fail("unsupported schema type");
  }

  bool ReadMap(const Schema& schema, const JsonNode& node, Value* out) {
    std::vector<std::pair<Value, Value>> entries;
    if (schema.key_schema() != nullptr && schema.key_schema()->type() == SchemaType::kString) {
      if (!node.IsObject()) return WrongType(schema, node, "a JSON object (maps with string keys)");
      entries.reserve(node.MemberCount());
      for (auto it = node.MemberBegin(); it != node.MemberEnd(); ++it) {
        Value item;
        if (!ReadValue(schema.value_schema(), &it->value, &item)) return At("[" + std::string(TextOf(it->name)) + "]");
        entries.emplace_back(Value::String(std::string(TextOf(it->name))), std::move(item));
      }
    } else {
      if (!node.IsArray()) return WrongType(schema, node, "a JSON array of [key, value] pairs (maps with non-string keys)");
      entries.reserve(node.Size());
      for (rapidjson::SizeType i = 0; i < node.Size(); ++i) {
        const JsonNode& pair = node[i];
        if (!pair.IsArray() || pair.Size() != 2) {
          At("[" + std::to_string(i) + "]");
          return Fail("Found invalid map entry: expected a [key, value] array of length 2");
        }
        Value key;
        Value item;
        if (!ReadValue(schema.key_schema(), &pair[0], &key) || !ReadValue(schema.value_schema(), &pair[1], &item)) {
          return At("[" + std::to_string(i) + "]");
        }
        entries.emplace_back(std::move(key), std::move(item));
      }
    }
    *out = Value::MakeMap(std::move(entries));
    return true;
  }

  // Integral JSON numbers in [lo, hi]; "1.0" and "1e2" are accepted as integers, as Jackson's
  // intValue() does, but a fraction or an overflow is an error rather than truncated.
  bool ReadInteger(const Schema& schema, const JsonNode& node, int64_t lo, int64_t hi, int64_t* out) {
    if (!IsNumber(node)) return WrongType(schema, node, "a JSON number");
    std::string_view text = TextOf(node);
    int64_t v = 0;
    if (IsIntegerSyntax(text)) {
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc()) return OutOfRange(schema, text);
    } else {
      double d = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), d);
      if (r.ec != std::errc() || d < -9223372036854775808.0 || d >= 9223372036854775808.0) return OutOfRange(schema, text);
      if (d != std::trunc(d)) {
        return Fail(std::string("schema type ") + SchemaTypeName(schema.type()) + " expects an integer, not " +
                    std::string(text));
      }
      v = static_cast<int64_t>(d);
    }
    if (v < lo || v > hi) return OutOfRange(schema, text);
    *out = v;
    return true;
  }

  // Numbers, and the strings Jackson writes for NaN and the infinities.
  template <typename T>
  bool ReadFloat(const Schema& schema, const JsonNode& node, T* out) {
    if (IsText(node)) {
      std::string_view text = TextOf(node);
      if (text == "NaN") {
        *out = std::numeric_limits<T>::quiet_NaN();
      } else if (text == "Infinity") {
        *out = std::numeric_limits<T>::infinity();
      } else if (text == "-Infinity") {
        *out = -std::numeric_limits<T>::infinity();
      } else {
        return WrongType(schema, node, "a JSON number");
      }
      return true;
    }
    if (!IsNumber(node)) return WrongType(schema, node, "a JSON number");
    std::string_view text = TextOf(node);
    auto r = std::from_chars(text.data(), text.data() + text.size(), *out);
    if (r.ec != std::errc()) return OutOfRange(schema, text);
    return true;
  }

  // Decimal from a number (NUMERIC, exact) or a base64 string (BASE64).
  bool ReadDecimal(const Schema& schema, const JsonNode& node, Value* out) {
    std::string bytes;
    if (IsNumber(node)) {
      int32_t scale = 0;
      if (!DecimalScale(schema, &scale)) return Fail("the Decimal schema has no integer \"scale\" parameter");
      if (!DecimalTextToUnscaled(TextOf(node), scale, &bytes, &reason_)) return false;
    } else if (IsText(node)) {
      if (!DecodeBase64(TextOf(node), &bytes) || bytes.empty()) return Fail("Invalid bytes for Decimal field: not base64");
      bytes = std::string(MinimalTwosComplement(bytes));
    } else {
      return WrongType(schema, node, "a JSON number or a base64 string (Decimal)");
    }
    *out = Value::MakeBytes(std::move(bytes));
    return true;
  }

  // Without a schema: objects are string-keyed maps, integers INT64, other numbers FLOAT64.
  bool ReadSchemaless(const JsonNode& node, Value* out) {
    switch (node.GetType()) {
      case rapidjson::kNullType:
        *out = Value();
        return true;
      case rapidjson::kFalseType:
      case rapidjson::kTrueType:
        *out = Value::Boolean(node.GetBool());
        return true;
      case rapidjson::kStringType: {
        std::string_view text = TextOf(node);
        if (!IsNumber(node)) {
          *out = Value::String(std::string(text));
          return true;
        }
        if (IsIntegerSyntax(text)) {
          int64_t v = 0;
          auto r = std::from_chars(text.data(), text.data() + text.size(), v);
          if (r.ec != std::errc()) return Fail("integer " + std::string(text) + " is out of range for int64");
          *out = Value::Int64(v);
          return true;
        }
        double d = 0;
        auto r = std::from_chars(text.data(), text.data() + text.size(), d);
        if (r.ec != std::errc()) return Fail("number " + std::string(text) + " is out of range for double");
        *out = Value::Float64(d);
        return true;
      }
      case rapidjson::kArrayType: {
        std::vector<Value> items(node.Size());
        for (rapidjson::SizeType i = 0; i < node.Size(); ++i) {
          if (!ReadValue(nullptr, &node[i], &items[i])) return At("[" + std::to_string(i) + "]");
        }
        *out = Value::MakeArray(std::move(items));
        return true;
      }
      case rapidjson::kObjectType: {
        std::vector<std::pair<Value, Value>> entries;
        entries.reserve(node.MemberCount());
        for (auto it = node.MemberBegin(); it != node.MemberEnd(); ++it) {
          Value item;
          if (!ReadValue(nullptr, &it->value, &item)) return At(std::string(TextOf(it->name)));
          entries.emplace_back(Value::String(std::string(TextOf(it->name))), std::move(item));
        }
        *out = Value::MakeMap(std::move(entries));
        return true;
      }
      case rapidjson::kNumberType:
        break;
    }
    return Fail("unexpected JSON number node");
  }

  // Schemas parsed from message text. The last one found (or added) is compared first and gives
  // ReadKnownEnvelope its prefix, as a topic usually carries one schema.
  const SchemaPtr* FindCachedSchema(std::string_view text) {
    if (settings_.schema_cache_size <= 0) return nullptr;
    if (last_hit_ != nullptr && last_hit_->text == text) return &last_hit_->schema;
    auto bucket = schema_cache_.find(std::hash<std::string_view>{}(text));
    if (bucket == schema_cache_.end()) return nullptr;
    for (CachedSchema& entry : bucket->second) {
      if (entry.text == text) {
        last_hit_ = &entry;
        return &entry.schema;
      }
    }
    return nullptr;
  }

  void CacheSchema(std::string_view text, const SchemaPtr& schema) {
    if (settings_.schema_cache_size <= 0) return;
    if (cached_count_ >= static_cast<size_t>(settings_.schema_cache_size)) {
      schema_cache_.clear();
      cached_count_ = 0;
    }
    std::string prefix;
    prefix.reserve(kEnvelopeSchemaKey.size() + text.size() + kEnvelopePayloadKey.size());
    prefix.append(kEnvelopeSchemaKey).append(text).append(kEnvelopePayloadKey);
    std::vector<CachedSchema>& bucket = schema_cache_[std::hash<std::string_view>{}(text)];
    bucket.push_back(CachedSchema{std::string(text), schema, std::move(prefix)});
    last_hit_ = &bucket.back();  // pushing may have moved the bucket's entries, so set it anew
    ++cached_count_;
  }

  bool WrongType(const Schema& schema, const JsonNode& node, const char* expected) {
    return Fail(std::string("schema type ") + SchemaTypeName(schema.type()) + " expects " + expected + ", but found " +
                JsonKindName(node, IsNumber(node)));
  }
  bool OutOfRange(const Schema& schema, std::string_view text) {
    return Fail("number " + std::string(text) + " is out of range for schema type " + SchemaTypeName(schema.type()));
  }
  bool Fail(std::string reason) {
    reason_ = std::move(reason);
    return false;
  }
  bool At(std::string component) {
    path_.push_back(std::move(component));
    return false;
  }

  struct CachedSchema {
    std::string text;
    SchemaPtr schema;
    std::string envelope_prefix;  // '{"schema":' + text + ',"payload":'
  };

  const Settings settings_;
  std::unique_ptr<char[]> value_pool_;
  std::unique_ptr<char[]> document_stack_pool_;
  std::unique_ptr<char[]> reader_stack_pool_;
  const char* input_begin_ = nullptr;  // the message being read: number tokens point into it
  const char* input_end_ = nullptr;
  std::string reason_;
  std::vector<std::string> path_;  // innermost first
  std::unordered_map<size_t, std::vector<CachedSchema>> schema_cache_;
  size_t cached_count_ = 0;
  CachedSchema* last_hit_ = nullptr;
};

// =============================================================================================

JsonConverter::JsonConverter()
    : serializer_(std::make_unique<Serializer>(settings_)), deserializer_(std::make_unique<Deserializer>(settings_)) {}

JsonConverter::~JsonConverter() = default;

Status JsonConverter::Configure(const ConfigMap& config, bool /*is_key*/) {
  Settings settings;
  Status s = ReadBoolSetting(config, "schemas.enable", &settings.schemas_enable);
  if (s.ok()) s = ReadBoolSetting(config, "replace.null.with.default", &settings.replace_null_with_default);
  if (!s.ok()) return s;

  auto format = config.find("decimal.format");
  if (format != config.end()) {
    std::string v = Trimmed(format->second);
    if (EqualsIgnoreCase(v, "NUMERIC")) {
      settings.decimal_numeric = true;
    } else if (!EqualsIgnoreCase(v, "BASE64")) {
      return Status::InvalidArgument("Invalid value '" + format->second +
                                     "' for configuration decimal.format: expected BASE64 or NUMERIC");
    }
  }
  auto cache_size = config.find("schemas.cache.size");
  if (cache_size != config.end()) {
    std::string v = Trimmed(cache_size->second);
    auto r = std::from_chars(v.data(), v.data() + v.size(), settings.schema_cache_size);
    if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size()) {
      return Status::InvalidArgument("Invalid value '" + cache_size->second +
                                     "' for configuration schemas.cache.size: expected an integer such as 1000");
    }
  }

  settings_ = settings;
  serializer_ = std::make_unique<Serializer>(settings_);
  deserializer_ = std::make_unique<Deserializer>(settings_);
  return Status::OK();
}

Status JsonConverter::FromConnectData(const ErrorContext& where, const SchemaPtr& schema, const Value& value,
                                      std::string* out, bool* is_null) {
  return serializer_->Write(where, schema, value, out, is_null);
}

Status JsonConverter::ToConnectData(const ErrorContext& where, const char* data, size_t size, SchemaAndValue* out) {
  return deserializer_->Read(where, data, size, out);
}

bool JsonConverter::ToSchemalessJson(const char* data, size_t size, std::string* out) {
  return !settings_.schemas_enable && serializer_->RewriteSchemaless(data, size, out);
}

}  // namespace connectd
