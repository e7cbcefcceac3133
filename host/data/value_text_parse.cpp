#include "data/value_text_parse.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/decimal.h"
#include "data/java_date_format.h"
#include "data/java_number_conversions.h"

namespace connectd {

namespace {

constexpr int64_t kMsPerDay = 86400000;

// Java's String.trim(): the characters <= ' ' go at both ends.
std::string_view JavaTrim(std::string_view s) {
  auto trimmed = [](char c) { return static_cast<unsigned char>(c) <= ' '; };
  while (!s.empty() && trimmed(s.front())) s.remove_prefix(1);
  while (!s.empty() && trimmed(s.back())) s.remove_suffix(1);
  return s;
}
bool IsBlank(std::string_view s) { return JavaTrim(s).empty(); }

// Values.Parser: splits the text into tokens at the delimiters : , { } [ ] " (each its own token
// unless escaped with a backslash); everything between them, whitespace included, is one token.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view original) : original_(original) {}

  std::string_view original() const { return original_; }
  size_t Position() const { return index_; }
  // Where the token returned by the next Next() starts.
  size_t Mark() const { return index_ - (next_ ? next_->size() : 0); }
  void RewindTo(size_t position) {
    index_ = position;
    next_.reset();
  }
  bool HasNext() const { return next_.has_value() || index_ < original_.size(); }

  std::string_view Next() {
    if (!next_) return ConsumeNextToken();
    std::string_view token = *next_;
    next_.reset();
    return token;
  }
  // The text of the next `n` tokens, or nullopt (position unchanged) when fewer remain.
  std::optional<std::string_view> Next(int n) {
    size_t start = Mark();
    for (int i = 0; i < n; ++i) {
      if (!HasNext()) {
        RewindTo(start);
        return std::nullopt;
      }
      Next();
    }
    return original_.substr(start, Position() - start);
  }
  // Consumes the next token when, trimmed, it is `expected`; blank tokens before it are skipped
  // (and lost, as in Kafka) either way.
  bool CanConsume(std::string_view expected) {
    if (!next_) {
      if (!HasNext()) return false;
      next_ = ConsumeNextToken();
    }
    while (IsBlank(*next_) && index_ < original_.size()) next_ = ConsumeNextToken();
    if (JavaTrim(*next_) != expected) return false;
    next_.reset();
    return true;
  }

 private:
  std::string_view ConsumeNextToken() {
    bool escaped = false;
    size_t start = index_;
    for (; index_ < original_.size(); ++index_) {
      char c = original_[index_];
      switch (c) {
        case '\\': escaped = !escaped; break;
        case ':':
        case ',':
        case '{':
        case '}':
        case '[':
        case ']':
        case '"':
          if (!escaped) {
            if (start < index_) return original_.substr(start, index_ - start);
            ++index_;
            return original_.substr(start, 1);
          }
          escaped = false;
          break;
        default: escaped = false; break;
      }
    }
    return original_.substr(start);
  }

  std::string_view original_;
  size_t index_ = 0;
  std::optional<std::string_view> next_;  // a token looked at but not consumed
};

// A parsed value as Kafka's SchemaAndValue holds it. A java.util.Date (from a Date, Time or
// Timestamp literal) is kept as epoch ms until its final schema is known; Java's null result has
// neither schema nor value.
struct Parsed {
  SchemaPtr schema;
  Value value;
  bool java_date = false;

  bool operator==(const Parsed& o) const { return java_date == o.java_date && value == o.value; }
};

const SchemaPtr& LogicalSchema(const char* name) {
  static const SchemaPtr date = SchemaBuilder::Date().Build();
  static const SchemaPtr time = SchemaBuilder::Time().Build();
  static const SchemaPtr timestamp = SchemaBuilder::Timestamp().Build();
  if (name == kDateLogicalName) return date;
  if (name == kTimeLogicalName) return time;
  return timestamp;
}

// The connectd form of a java.util.Date under a Date, Time or Timestamp schema.
Value DateValue(const Schema& schema, int64_t ms) {
  if (schema.IsLogical(kDateLogicalName)) {
    int64_t days = ms / kMsPerDay;
    if (ms % kMsPerDay < 0) --days;
    return Value::Int32(static_cast<int32_t>(days));
  }
  if (schema.IsLogical(kTimeLogicalName)) return Value::Int32(static_cast<int32_t>(ms));
  return Value::Int64(ms);
}

// The value as connectd holds it when it keeps its own schema.
Value Finalized(Parsed parsed) {
  if (parsed.java_date) return DateValue(*parsed.schema, parsed.value.Int64Of());
  return std::move(parsed.value);
}

// Values.parseAsTemporal: the ISO-8601 date, time or timestamp literal the token's length
// selects, read leniently in UTC.
bool ParseAsTemporal(std::string token, Parsed* out) {
  for (size_t at = token.find("\\:"); at != std::string::npos; at = token.find("\\:", at + 1)) token.erase(at, 1);
  // Constant patterns without two-digit years: they compile, and the creation time is moot.
  static const auto compiled = [](const char* pattern) {
    JavaDateFormat format;
    JavaDateFormat::Compile(pattern, 0, &format);
    return format;
  };
  static const JavaDateFormat date = compiled("yyyy-MM-dd");
  static const JavaDateFormat time = compiled("HH:mm:ss.SSS'Z'");
  static const JavaDateFormat timestamp = compiled("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  const JavaDateFormat* format = nullptr;
  const char* logical = nullptr;
  switch (token.size()) {
    case 13:
      format = &time;
      logical = kTimeLogicalName;
      break;
    case 24:
      format = &timestamp;
      logical = kTimestampLogicalName;
      break;
    case 10:
      format = &date;
      logical = kDateLogicalName;
      break;
    default: return false;
  }
  int64_t ms = 0;
  if (format->ParsePrefix(token, &ms) == 0) return false;
  *out = Parsed{LogicalSchema(logical), Value::Int64(ms), true};
  return true;
}

// True when `digits` (no leading zeros) is within [-2^63, 2^63 - 1] with the given sign.
bool FitsLong(bool negative, std::string_view digits) {
  static constexpr std::string_view kMax = "9223372036854775807";
  static constexpr std::string_view kMinMagnitude = "9223372036854775808";
  std::string_view limit = negative ? kMinMagnitude : kMax;
  return digits.size() < limit.size() || (digits.size() == limit.size() && digits <= limit);
}

// Values.parseAsNumber: a token new BigDecimal(token) accepts becomes the narrowest integer when
// it has no fraction and fits a long, else a float, else a double (when finite and the scale is
// not 0), else a Decimal.
bool ParseAsNumber(std::string_view token, Parsed* out) {
  JavaBigDecimal number;
  if (!ParseJavaBigDecimal(token, &number)) return false;
  std::string_view digits = number.digits;
  digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size()));
  // The integer value's digits, when the number has no fraction and fits a long.
  std::optional<std::string> integer;
  if (digits.empty()) {
    integer = "0";
  } else if (number.scale <= 0) {
    if (static_cast<int64_t>(digits.size()) - number.scale <= 19) {
      integer = std::string(digits) + std::string(static_cast<size_t>(-number.scale), '0');
    }
  } else if (static_cast<int64_t>(digits.size()) > number.scale &&
             digits.find_first_not_of('0', digits.size() - static_cast<size_t>(number.scale)) ==
                 std::string_view::npos) {
    integer = std::string(digits.substr(0, digits.size() - static_cast<size_t>(number.scale)));
  }
  if (integer && FitsLong(number.negative, *integer)) {
    uint64_t magnitude = 0;
    for (char c : *integer) magnitude = magnitude * 10 + static_cast<uint64_t>(c - '0');
    int64_t v = static_cast<int64_t>(number.negative ? ~magnitude + 1 : magnitude);
    if (v >= INT8_MIN && v <= INT8_MAX) {
      *out = Parsed{Schema::Primitive(SchemaType::kInt8, false), Value::Int8(static_cast<int8_t>(v))};
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
      *out = Parsed{Schema::Primitive(SchemaType::kInt16, false), Value::Int16(static_cast<int16_t>(v))};
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      *out = Parsed{Schema::Primitive(SchemaType::kInt32, false), Value::Int32(static_cast<int32_t>(v))};
    } else {
      *out = Parsed{Schema::Primitive(SchemaType::kInt64, false), Value::Int64(v)};
    }
    return true;
  }
  float f = JavaBigDecimalFloatValue(number);
  double d = JavaBigDecimalDoubleValue(number);
  if (!std::isinf(f) && number.scale != 0) {
    *out = Parsed{Schema::Primitive(SchemaType::kFloat32, false), Value::Float32(f)};
  } else if (!std::isinf(d) && number.scale != 0) {
    *out = Parsed{Schema::Primitive(SchemaType::kFloat64, false), Value::Float64(d)};
  } else {
    *out = Parsed{SchemaBuilder::Decimal(static_cast<int>(number.scale)).Build(),
                  Value::MakeBytes(DecimalToTwosComplement(number.negative, digits))};
  }
  return true;
}

bool IsNumeric(SchemaType type) {
  switch (type) {
    case SchemaType::kInt8:
    case SchemaType::kInt16:
    case SchemaType::kInt32:
    case SchemaType::kInt64:
    case SchemaType::kFloat32:
    case SchemaType::kFloat64: return true;
    default: return false;
  }
}

// Values.mergeSchemas: numbers widen (INT8 < INT16 < INT32 < INT64 < FLOAT32 < FLOAT64, the
// wider schema kept whole, logical name included); equal types keep the newer schema; anything
// else has no common schema (null).
SchemaPtr MergeSchemas(const SchemaPtr& previous, const SchemaPtr& latest) {
  if (previous->type() != latest->type()) {
    if (!IsNumeric(previous->type()) || !IsNumeric(latest->type())) return nullptr;
    return static_cast<int>(latest->type()) > static_cast<int>(previous->type()) ? latest : previous;
  }
  if (previous->optional() == latest->optional()) return previous->optional() ? previous : latest;
  return previous->Equals(*latest) ? previous : nullptr;
}

// Values.SchemaMerger: the common schema of the non-null values seen, null when there is none.
class SchemaMerger {
 public:
  void Merge(const Parsed& latest) {
    if (!latest.schema || !compatible_) return;
    common_ = common_ ? MergeSchemas(common_, latest.schema) : latest.schema;
    compatible_ = common_ != nullptr;
  }
  const SchemaPtr& common() const { return common_; }

 private:
  SchemaPtr common_;
  bool compatible_ = true;
};

// Values.convertTo(to, null, value) for what parsing produces: numbers widen, dates take the
// target's logical form, lists/maps/strings/booleans stay. False where Kafka throws (a null for a
// required schema, a date where a plain number is wanted).
bool ConvertTo(const Schema& to, Parsed element, Value* out) {
  if (element.value.is_null()) {
    *out = Value();
    return to.optional();
  }
  const Value& v = element.value;
  switch (to.type()) {
    case SchemaType::kInt16: *out = Value::Int16(static_cast<int16_t>(v.Int64Of())); return true;
    case SchemaType::kInt32:
      if (to.IsLogical(kDateLogicalName) || to.IsLogical(kTimeLogicalName)) {
        *out = element.java_date ? DateValue(to, v.Int64Of()) : Value::Int32(static_cast<int32_t>(v.Int64Of()));
        return true;
      }
      if (element.java_date) return false;
      *out = Value::Int32(static_cast<int32_t>(v.Int64Of()));
      return true;
    case SchemaType::kInt64:
      if (element.java_date && !to.IsLogical(kTimestampLogicalName)) return false;
      *out = Value::Int64(v.Int64Of());
      return true;
    case SchemaType::kFloat32:
      if (element.java_date) return false;
      *out = v.kind() == ValueKind::kFloat32 ? v : Value::Float32(static_cast<float>(v.DoubleOf()));
      return true;
    case SchemaType::kFloat64:
      if (element.java_date) return false;
      *out = Value::Float64(v.DoubleOf());
      return true;
    case SchemaType::kBytes: {
      // Kafka keeps each BigDecimal with its own scale; connectd's bytes follow the schema's, so
      // a decimal of another scale is rescaled, and one that cannot be rescaled exactly fails.
      int32_t to_scale = 0, from_scale = 0;
      if (DecimalScale(to, &to_scale) && DecimalScale(*element.schema, &from_scale) && to_scale != from_scale) {
        std::string text, error, unscaled;
        AppendBigDecimal(v.bytes().data, from_scale, &text);
        if (!DecimalTextToUnscaled(text, to_scale, &unscaled, &error)) return false;
        *out = Value::MakeBytes(std::move(unscaled));
        return true;
      }
      *out = Finalized(std::move(element));
      return true;
    }
    default: *out = Finalized(std::move(element)); return true;
  }
}

// Adds or replaces (keeping the first position, as a LinkedHashMap does) the entry for `key`.
template <typename Key, typename Entry>
void Put(std::vector<std::pair<Key, Entry>>* entries, Key key, Entry value) {
  for (auto& entry : *entries) {
    if (entry.first == key) {
      entry.second = std::move(value);
      return;
    }
  }
  entries->emplace_back(std::move(key), std::move(value));
}

// Values.ValueParser. A false return is Kafka's DataException: the caller rewinds and, at the
// top level, keeps the whole text as a string.
class ValueParser {
 public:
  explicit ValueParser(std::string_view text) : tokens_(text) {}

  bool Parse(bool embedded, Parsed* out) {
    *out = Parsed();
    if (!tokens_.HasNext()) return true;
    if (embedded && tokens_.CanConsume("\"")) return ParseQuotedString(out);
    if (CanParseSingleTokenLiteral(embedded, "null")) return true;
    if (CanParseSingleTokenLiteral(embedded, "true")) {
      *out = Parsed{Schema::Primitive(SchemaType::kBoolean, false), Value::Boolean(true)};
      return true;
    }
    if (CanParseSingleTokenLiteral(embedded, "false")) {
      *out = Parsed{Schema::Primitive(SchemaType::kBoolean, false), Value::Boolean(false)};
      return true;
    }
    size_t start = tokens_.Mark();
    if (tokens_.CanConsume("[")) {
      if (ParseArray(out)) return true;
      tokens_.RewindTo(start);
    } else if (tokens_.CanConsume("{")) {
      if (ParseMap(out)) return true;
      tokens_.RewindTo(start);
    }
    std::string_view token = tokens_.Next();
    if (IsBlank(token)) {
      *out = Parsed{Schema::Primitive(SchemaType::kString, false), Value::String(std::string(token))};
      return true;
    }
    return ParseNextToken(embedded, JavaTrim(token), out);
  }

 private:
  // True (consumed) when the next token is `literal` and, at the top level, the last one.
  bool CanParseSingleTokenLiteral(bool embedded, std::string_view literal) {
    size_t start = tokens_.Mark();
    if (tokens_.CanConsume(literal) && (embedded || !tokens_.HasNext())) return true;
    tokens_.RewindTo(start);
    return false;
  }

  bool ParseNextToken(bool embedded, std::string_view token, Parsed* out) {
    bool digit_first = token[0] >= '0' && token[0] <= '9';
    if (digit_first && ParseMultipleTokensAsTemporal(token, out)) return true;
    if ((digit_first || token[0] == '+' || token[0] == '-') && ParseAsNumber(token, out)) return true;
    if (embedded) return false;
    *out = Parsed{Schema::Primitive(SchemaType::kString, false), Value::String(std::string(tokens_.original()))};
    return true;
  }

  // An unescaped ':' splits a time or timestamp into five tokens: try them joined first.
  bool ParseMultipleTokensAsTemporal(std::string_view token, Parsed* out) {
    size_t position = tokens_.Mark();
    std::optional<std::string_view> remainder = tokens_.Next(4);
    if (remainder && ParseAsTemporal(std::string(token) + std::string(*remainder), out)) return true;
    tokens_.RewindTo(position);
    return ParseAsTemporal(std::string(token), out);
  }

  bool ParseQuotedString(Parsed* out) {
    std::string content;
    while (tokens_.HasNext()) {
      if (tokens_.CanConsume("\"")) break;
      content += tokens_.Next();
    }
    if (ParseAsTemporal(content, out)) return true;
    *out = Parsed{Schema::Primitive(SchemaType::kString, false), Value::String(std::move(content))};
    return true;
  }

  bool ParseArray(Parsed* out) {
    std::vector<Parsed> elements;
    SchemaMerger element_schema;
    while (tokens_.HasNext()) {
      if (tokens_.CanConsume("]")) {
        std::vector<Value> items;
        const SchemaPtr& common = element_schema.common();
        for (Parsed& element : elements) {
          items.emplace_back();
          if (!common) {
            items.back() = Finalized(std::move(element));
          } else if (!ConvertTo(*common, std::move(element), &items.back())) {
            return false;
          }
        }
        *out = Parsed{SchemaBuilder::Array(common).Build(), Value::MakeArray(std::move(items))};
        return true;
      }
      if (tokens_.CanConsume(",")) return false;  // an empty element
      Parsed element;
      if (!Parse(true, &element)) return false;
      element_schema.Merge(element);
      elements.push_back(std::move(element));
      size_t position = tokens_.Mark();
      if (tokens_.CanConsume("]")) {
        tokens_.RewindTo(position);
      } else if (!tokens_.CanConsume(",")) {
        return false;
      }
    }
    return false;  // no closing ']'
  }

  bool ParseMap(Parsed* out) {
    std::vector<std::pair<Parsed, Parsed>> entries;
    SchemaMerger key_schema;
    SchemaMerger value_schema;
    while (tokens_.HasNext()) {
      if (tokens_.CanConsume("}"))
        return FinishMap(std::move(entries), key_schema.common(), value_schema.common(), out);
      if (tokens_.CanConsume(",")) return false;  // an entry with no key or value
      Parsed key;
      if (!Parse(true, &key) || key.value.is_null() || !tokens_.CanConsume(":")) return false;
      Parsed value;
      if (!Parse(true, &value)) return false;
      key_schema.Merge(key);
      value_schema.Merge(value);
      Put(&entries, std::move(key), std::move(value));
      tokens_.CanConsume(",");
    }
    return false;  // no closing '}'
  }

  // The map's schema: both sides typed only when keys and values each have a common schema;
  // keys alone when only they do.
  static bool FinishMap(std::vector<std::pair<Parsed, Parsed>> entries, const SchemaPtr& key_schema,
                        SchemaPtr value_schema, Parsed* out) {
    if (!key_schema) value_schema = nullptr;
    std::vector<std::pair<Value, Value>> converted;
    for (auto& [key, value] : entries) {
      Value k, v;
      if (!key_schema) {
        k = Finalized(std::move(key));
      } else if (!ConvertTo(*key_schema, std::move(key), &k)) {
        return false;
      }
      if (!value_schema) {
        v = Finalized(std::move(value));
      } else if (!ConvertTo(*value_schema, std::move(value), &v)) {
        return false;
      }
      Put(&converted, std::move(k), std::move(v));
    }
    *out = Parsed{SchemaBuilder::Map(key_schema, value_schema).Build(), Value::MakeMap(std::move(converted))};
    return true;
  }

  Tokenizer tokens_;
};

}  // namespace

void ParseValueText(std::string_view text, SchemaPtr* schema, Value* value) {
  if (text.empty()) {
    *schema = Schema::Primitive(SchemaType::kString, false);
    *value = Value::String("");
    return;
  }
  Parsed parsed;
  ValueParser(text).Parse(false, &parsed);
  *schema = parsed.schema;
  *value = Finalized(std::move(parsed));
}

}  // namespace connectd
