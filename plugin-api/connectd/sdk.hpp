// connectd C++ SDK: a header-only layer over the C ABI in plugin.h, in the spirit of Kafka
// Connect's Java API. A plugin writes SourceConnector/SourceTask or SinkConnector/SinkTask
// subclasses and exports them with CONNECTD_PLUGIN(...).
//
// Errors: throw ConnectException (the task fails with its message) or RetriableException (the
// host backs off and calls again). The SDK catches every exception at the ABI boundary.
// Threading: the rules of plugin.h apply; SDK objects are not thread-safe unless stated.
// Ownership: Value, Schema and SourceRecord own what they hold (move-only or reference
// counted); *View classes borrow and must not outlive what they were read from.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "connectd/plugin.h"

namespace connectd {
namespace sdk {

// The host's service table, set once when the plugin is initialised (one per .so, because
// plugins are built with hidden visibility and loaded RTLD_LOCAL).
inline const cd_host_api*& HostSlot() {
  static const cd_host_api* api = nullptr;
  return api;
}
inline const cd_host_api& Host() { return *HostSlot(); }

class ConnectException : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class RetriableException : public ConnectException {
 public:
  using ConnectException::ConnectException;
};

enum class Type : int {
  Int8 = CD_SCHEMA_INT8,
  Int16 = CD_SCHEMA_INT16,
  Int32 = CD_SCHEMA_INT32,
  Int64 = CD_SCHEMA_INT64,
  Float32 = CD_SCHEMA_FLOAT32,
  Float64 = CD_SCHEMA_FLOAT64,
  Boolean = CD_SCHEMA_BOOLEAN,
  String = CD_SCHEMA_STRING,
  Bytes = CD_SCHEMA_BYTES,
  Array = CD_SCHEMA_ARRAY,
  Map = CD_SCHEMA_MAP,
  Struct = CD_SCHEMA_STRUCT,
};

// A cd_error owned by the plugin, for host functions called outside a callback.
class HostError {
 public:
  HostError() : e_(Host().error_new()) {}
  ~HostError() { Host().error_free(e_); }
  HostError(const HostError&) = delete;
  HostError& operator=(const HostError&) = delete;
  cd_error* raw() const { return e_; }
  std::string message() const {
    const char* m = Host().error_message(e_);
    return m ? m : "no message";
  }

 private:
  cd_error* e_;
};

// ---- schemas --------------------------------------------------------------------------

// A borrowed schema; may be null (a schemaless key or value).
class SchemaView {
 public:
  SchemaView(const cd_schema* s = nullptr) : s_(s) {}  // NOLINT: implicit from the C handle
  explicit operator bool() const { return s_ != nullptr; }
  const cd_schema* raw() const { return s_; }
  Type type() const { return static_cast<Type>(Host().schema_type(s_)); }
  bool optional() const { return Host().schema_is_optional(s_) != 0; }
  std::string_view name() const { return Str(Host().schema_name(s_)); }
  std::optional<std::string_view> parameter(const char* key) const {
    const char* v = Host().schema_parameter(s_, key);
    if (v == nullptr) return std::nullopt;
    return std::string_view(v);
  }
  size_t fieldCount() const { return Host().schema_field_count(s_); }
  // The position of the field called `name`, for Value::setAt; nullopt when there is none.
  std::optional<size_t> fieldIndex(const char* name) const {
    int32_t i = Host().schema_field_index(s_, name);
    if (i < 0) return std::nullopt;
    return static_cast<size_t>(i);
  }
  // Field `index`'s schema; its name in *name when given.
  SchemaView field(size_t index, std::string_view* name = nullptr) const {
    const char* n = nullptr;
    SchemaView f(Host().schema_field_at(s_, index, &n));
    if (name != nullptr) *name = Str(n);
    return f;
  }
  SchemaView keySchema() const { return SchemaView(Host().schema_key_schema(s_)); }
  SchemaView valueSchema() const { return SchemaView(Host().schema_value_schema(s_)); }

 protected:
  static std::string_view Str(const char* s) { return s ? std::string_view(s) : std::string_view(); }
  const cd_schema* s_;
};

// An owned schema reference (reference counted by the host; copies retain).
class Schema : public SchemaView {
 public:
  Schema() = default;
  // Takes ownership of a reference returned by the host.
  static Schema Adopt(cd_schema* owned) {
    Schema s;
    s.s_ = owned;
    return s;
  }
  // A shared primitive schema (never released).
  static SchemaView Primitive(Type type, bool optional = false) {
    return SchemaView(Host().schema_primitive(static_cast<cd_schema_type>(type), optional ? 1 : 0));
  }
  Schema(const Schema& o) : SchemaView(o.s_ ? Host().schema_retain(o.s_) : nullptr) {}
  Schema(Schema&& o) noexcept : SchemaView(o.s_) { o.s_ = nullptr; }
  Schema& operator=(Schema o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~Schema() {
    if (s_ != nullptr) Host().schema_release(const_cast<cd_schema*>(s_));
  }
};

class Value;

// Builds a schema; build() returns an owned Schema. Throws ConnectException on an invalid one.
class SchemaBuilder {
 public:
  explicit SchemaBuilder(Type type) : b_(Host().schema_builder_new(static_cast<cd_schema_type>(type))) {}
  static SchemaBuilder Struct() { return SchemaBuilder(Type::Struct); }
  static SchemaBuilder Array(SchemaView element) { return SchemaBuilder(Host().schema_builder_array(element.raw())); }
  static SchemaBuilder Map(SchemaView key, SchemaView value) {
    return SchemaBuilder(Host().schema_builder_map(key.raw(), value.raw()));
  }
  static SchemaBuilder Decimal(int scale) {
    SchemaBuilder b(Type::Bytes);
    b.name(CD_LOGICAL_DECIMAL).version(1).parameter("scale", std::to_string(scale));
    return b;
  }
  static SchemaBuilder Date() { return Logical(Type::Int32, CD_LOGICAL_DATE); }
  static SchemaBuilder Time() { return Logical(Type::Int32, CD_LOGICAL_TIME); }
  static SchemaBuilder Timestamp() { return Logical(Type::Int64, CD_LOGICAL_TIMESTAMP); }

  SchemaBuilder(SchemaBuilder&& o) noexcept : b_(o.b_) { o.b_ = nullptr; }
  SchemaBuilder(const SchemaBuilder&) = delete;
  SchemaBuilder& operator=(const SchemaBuilder&) = delete;
  ~SchemaBuilder() {
    if (b_ != nullptr) Host().schema_builder_free(b_);
  }

  SchemaBuilder& optional(bool v = true) {
    Host().schema_builder_optional(b_, v ? 1 : 0);
    return *this;
  }
  SchemaBuilder& name(const std::string& n) {
    Host().schema_builder_name(b_, n.c_str());
    return *this;
  }
  SchemaBuilder& version(int32_t v) {
    Host().schema_builder_version(b_, v);
    return *this;
  }
  SchemaBuilder& doc(const std::string& d) {
    Host().schema_builder_doc(b_, d.c_str());
    return *this;
  }
  SchemaBuilder& parameter(const std::string& k, const std::string& v) {
    Host().schema_builder_parameter(b_, k.c_str(), v.c_str());
    return *this;
  }
  inline SchemaBuilder& defaultValue(Value v);
  SchemaBuilder& field(const std::string& n, SchemaView schema) {
    Host().schema_builder_field(b_, n.c_str(), schema.raw());
    return *this;
  }
  Schema build() {
    HostError err;
    cd_schema* s = Host().schema_builder_build(b_, err.raw());
    b_ = nullptr;
    if (s == nullptr) throw ConnectException("invalid schema: " + err.message());
    return Schema::Adopt(s);
  }

 private:
  explicit SchemaBuilder(cd_schema_builder* b) : b_(b) {}
  static SchemaBuilder Logical(Type type, const char* name) {
    SchemaBuilder b(type);
    b.name(name).version(1);
    return b;
  }
  cd_schema_builder* b_;
};

// ---- values ---------------------------------------------------------------------------

// A borrowed value.
class ValueView {
 public:
  ValueView(const cd_value* v = nullptr) : v_(v) {}  // NOLINT: implicit from the C handle
  const cd_value* raw() const { return v_; }
  cd_value_kind kind() const { return v_ ? Host().value_kind(v_) : CD_VALUE_NULL; }
  bool isNull() const { return kind() == CD_VALUE_NULL; }
  // The accessors return 0/empty for a null view or a value of another kind.
  bool asBool() const { return v_ != nullptr && Host().value_get_boolean(v_) != 0; }
  int64_t asInt() const { return v_ ? Host().value_get_int(v_) : 0; }
  double asDouble() const { return v_ ? Host().value_get_double(v_) : 0.0; }
  // STRING or BYTES contents.
  std::string_view asString() const {
    if (v_ == nullptr) return std::string_view();
    cd_bytes b = Host().value_get_bytes(v_);
    return std::string_view(b.ptr, b.len);
  }
  size_t size() const { return v_ ? Host().value_size(v_) : 0; }
  ValueView at(size_t i) const { return ValueView(Host().value_array_at(v_, i)); }
  ValueView keyAt(size_t i) const { return ValueView(Host().value_map_key_at(v_, i)); }
  ValueView valueAt(size_t i) const { return ValueView(Host().value_map_value_at(v_, i)); }
  // MAP with string keys: the entry for `key` (a null view when absent).
  ValueView get(const char* key) const { return ValueView(v_ ? Host().value_map_get(v_, key) : nullptr); }
  // STRUCT: field by name (a null view when absent) or index.
  ValueView field(const char* name) const { return ValueView(v_ ? Host().value_struct_get(v_, name) : nullptr); }
  ValueView field(size_t index) const { return ValueView(v_ ? Host().value_struct_get_index(v_, index) : nullptr); }
  SchemaView structSchema() const { return SchemaView(Host().value_struct_schema(v_)); }
  // A Decimal value's plain text at `scale` ("-12.50"); empty when this is not a Decimal's bytes.
  std::string decimalText(int32_t scale) const {
    if (v_ == nullptr) return std::string();
    char small[64];
    size_t n = Host().decimal_to_text(v_, scale, small, sizeof(small));
    if (n < sizeof(small)) return std::string(small, n);
    std::string text(n + 1, '\0');
    Host().decimal_to_text(v_, scale, &text[0], text.size());
    text.resize(n);
    return text;
  }

 protected:
  const cd_value* v_;
};

// An owned value (move-only). Containers take their items by move.
class Value : public ValueView {
 public:
  Value() : ValueView(Host().value_new_null()) {}
  static Value Adopt(cd_value* owned) { return Value(owned); }
  static Value Boolean(bool v) { return Value(Host().value_new_boolean(v ? 1 : 0)); }
  static Value Int8(int8_t v) { return Value(Host().value_new_int8(v)); }
  static Value Int16(int16_t v) { return Value(Host().value_new_int16(v)); }
  static Value Int32(int32_t v) { return Value(Host().value_new_int32(v)); }
  static Value Int64(int64_t v) { return Value(Host().value_new_int64(v)); }
  static Value Float32(float v) { return Value(Host().value_new_float32(v)); }
  static Value Float64(double v) { return Value(Host().value_new_float64(v)); }
  static Value String(std::string_view v) { return Value(Host().value_new_string(v.data(), v.size())); }
  static Value Bytes(std::string_view v) { return Value(Host().value_new_bytes(v.data(), v.size())); }
  static Value Array() { return Value(Host().value_new_array()); }
  static Value Map() { return Value(Host().value_new_map()); }
  static Value Struct(SchemaView schema) { return Value(Host().value_new_struct(schema.raw())); }
  static Value Copy(ValueView v) { return Value(Host().value_copy(v.raw())); }
  // A Decimal value for decimal text at `scale`; throws ConnectException when the text is not a
  // number or needs more fraction digits than `scale` (ABI 1.1).
  static Value Decimal(std::string_view text, int32_t scale) {
    HostError err;
    cd_value* v = Host().value_new_decimal(text.data(), text.size(), scale, err.raw());
    if (v == nullptr) throw ConnectException(err.message());
    return Value(v);
  }

  Value(Value&& o) noexcept : ValueView(o.v_) { o.v_ = nullptr; }
  Value& operator=(Value&& o) noexcept {
    std::swap(v_, o.v_);
    return *this;
  }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  ~Value() {
    if (v_ != nullptr) Host().value_free(mut());
  }

  Value& append(Value item) {
    Host().value_array_append(mut(), item.release());
    return *this;
  }
  Value& put(Value key, Value item) {
    Host().value_map_put(mut(), key.release(), item.release());
    return *this;
  }
  Value& put(std::string_view key, Value item) { return put(String(key), std::move(item)); }
  // MAP: appends key -> INT64 without value handles (ABI 1.4).
  Value& putInt64(const char* key, int64_t v) {
    Host().value_map_put_int64(mut(), key, v);
    return *this;
  }
  // STRUCT: sets a field; throws ConnectException when the schema has no such field.
  Value& set(const char* field, Value item) {
    // A failed set took the item; the second call, only for the message, sets a null, which
    // fails the same way.
    cd_value* owned = item.release();
    return SetChecked([&](cd_error* err) {
      cd_value* v = owned != nullptr ? std::exchange(owned, nullptr) : Host().value_new_null();
      return Host().value_struct_set(mut(), field, v, err);
    });
  }
  // STRUCT: sets a field to an INT64 or a STRING without a value handle (ABI 1.4); throws as set.
  Value& setInt64(const char* field, int64_t v) {
    return SetChecked([&](cd_error* err) { return Host().value_struct_set_int64(mut(), field, v, err); });
  }
  Value& setString(const char* field, std::string_view text) {
    return SetChecked([&](cd_error* err) {
      return Host().value_struct_set_string(mut(), field, text.data(), text.size(), err);
    });
  }
  // STRUCT: the same setters for the field at `index` of the schema (its position in
  // SchemaView::field(index) order), without a name lookup (ABI 1.5); throws when out of range.
  Value& setAt(size_t index, Value item) {
    cd_value* owned = item.release();
    return SetChecked([&](cd_error* err) {
      cd_value* v = owned != nullptr ? std::exchange(owned, nullptr) : Host().value_new_null();
      return Host().value_struct_set_at(mut(), index, v, err);
    });
  }
  Value& setInt64At(size_t index, int64_t v) {
    return SetChecked([&](cd_error* err) { return Host().value_struct_set_int64_at(mut(), index, v, err); });
  }
  Value& setStringAt(size_t index, std::string_view text) {
    return SetChecked([&](cd_error* err) {
      return Host().value_struct_set_string_at(mut(), index, text.data(), text.size(), err);
    });
  }
  // Gives up ownership, for an `owned_*` parameter.
  cd_value* release() {
    cd_value* v = mut();
    v_ = nullptr;
    return v;
  }

 private:
  // Runs `set(err)` without an error object first (one per field cost an allocation and a free);
  // when that fails, again with one for the host's message, which it throws.
  template <typename Set>
  Value& SetChecked(Set set) {
    if (set(nullptr) != CD_OK) {
      HostError err;
      set(err.raw());
      throw ConnectException(err.message());
    }
    return *this;
  }
  explicit Value(cd_value* v) : ValueView(v) {}
  cd_value* mut() const { return const_cast<cd_value*>(v_); }
};

inline SchemaBuilder& SchemaBuilder::defaultValue(Value v) {
  Host().schema_builder_default(b_, v.release());
  return *this;
}

// The JSON Kafka's JsonConverter writes for `value` with `schema` (null for schemaless data): the
// {"schema":...,"payload":...} envelope when `with_schema`, else the payload alone; decimals as
// base64. A Kafka null gives "null". Throws ConnectException with the host's message when the
// value does not match the schema (ABI 1.2).
inline std::string ToJson(SchemaView schema, ValueView value, bool with_schema) {
  HostError err;
  char small[256];
  size_t n = Host().value_to_json(schema.raw(), value.raw(), with_schema ? 1 : 0, small, sizeof(small), err.raw());
  if (n == static_cast<size_t>(-1)) throw ConnectException(err.message());
  if (n < sizeof(small)) return std::string(small, n);
  std::string json(n + 1, '\0');
  Host().value_to_json(schema.raw(), value.raw(), with_schema ? 1 : 0, &json[0], json.size(), err.raw());
  json.resize(n);
  return json;
}

// ---- configs --------------------------------------------------------------------------

// Fluent config table; the host validates configs against it. Keep one static instance per
// connector (the C arrays it exposes must outlive the plugin's registration).
class ConfigDef {
 public:
  struct Key {
    std::string name;
    cd_config_type type = CD_CONFIG_STRING;
    std::optional<std::string> default_value;
    cd_config_importance importance = CD_IMPORTANCE_MEDIUM;
    std::string documentation;
    bool required = false;
    std::vector<std::string> valid_values;
    std::optional<std::pair<double, double>> range;

    // A key from its usual fields (default_value nullptr: no default).
    static Key Of(std::string name, cd_config_type type, const char* default_value, cd_config_importance importance,
                  std::string documentation, std::vector<std::string> valid_values = {}) {
      Key k;
      k.name = std::move(name);
      k.type = type;
      if (default_value != nullptr) k.default_value = default_value;
      k.importance = importance;
      k.documentation = std::move(documentation);
      k.valid_values = std::move(valid_values);
      return k;
    }
    Key& markRequired() {
      required = true;
      return *this;
    }
  };

  ConfigDef& define(Key key) {
    keys_.push_back(std::move(key));
    return *this;
  }
  // Shorthand for the common case.
  ConfigDef& define(std::string name, cd_config_type type, std::optional<std::string> default_value,
                    cd_config_importance importance, std::string documentation) {
    Key k;
    k.name = std::move(name);
    k.type = type;
    k.default_value = std::move(default_value);
    k.importance = importance;
    k.documentation = std::move(documentation);
    return define(std::move(k));
  }
  const std::vector<Key>& keys() const { return keys_; }

  ConfigDef() = default;
  // Copies the keys only: the C view points into its owner and is rebuilt on demand.
  ConfigDef(const ConfigDef& o) : keys_(o.keys_) {}
  ConfigDef& operator=(const ConfigDef& o) {
    keys_ = o.keys_;
    defs_.clear();
    valid_ptrs_.clear();
    return *this;
  }

  // The C view; built once, valid as long as this ConfigDef.
  const cd_config_def* data() const {
    if (defs_.size() != keys_.size()) Materialize();
    return defs_.data();
  }
  uint32_t size() const { return static_cast<uint32_t>(keys_.size()); }

 private:
  void Materialize() const {
    valid_ptrs_.assign(keys_.size(), {});
    defs_.assign(keys_.size(), cd_config_def{});
    for (size_t i = 0; i < keys_.size(); ++i) {
      const Key& k = keys_[i];
      cd_config_def& d = defs_[i];
      d.name = k.name.c_str();
      d.type = k.type;
      d.default_value = k.default_value ? k.default_value->c_str() : nullptr;
      d.importance = k.importance;
      d.documentation = k.documentation.c_str();
      d.required = k.required ? 1 : 0;
      if (!k.valid_values.empty()) {
        for (const std::string& v : k.valid_values) valid_ptrs_[i].push_back(v.c_str());
        valid_ptrs_[i].push_back(nullptr);
        d.valid_values = valid_ptrs_[i].data();
      }
      if (k.range) {
        d.has_range = 1;
        d.min_value = k.range->first;
        d.max_value = k.range->second;
      }
    }
  }
  std::vector<Key> keys_;
  mutable std::vector<cd_config_def> defs_;
  mutable std::vector<std::vector<const char*>> valid_ptrs_;
};

// A validated config (defaults filled by the host), borrowed for the connector's/task's life.
class Config {
 public:
  explicit Config(const cd_config* c) : c_(c) {}
  std::optional<std::string> get(const char* key) const {
    const char* v = Host().config_get(c_, key);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  }
  // Throws ConnectException naming the key when it is absent.
  std::string getString(const char* key) const {
    auto v = get(key);
    if (!v) throw ConnectException(std::string("missing required configuration \"") + key + "\"");
    return *v;
  }
  int64_t getLong(const char* key) const {
    std::string v = getString(key);
    try {
      size_t used = 0;
      long long n = std::stoll(v, &used);
      if (used == v.size()) return n;
    } catch (const std::exception&) {
    }
    throw ConnectException(std::string("configuration \"") + key + "\" must be an integer, got \"" + v + "\"");
  }
  int32_t getInt(const char* key) const { return static_cast<int32_t>(getLong(key)); }
  bool getBool(const char* key) const {
    std::string v = getString(key);
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (v == "true") return true;
    if (v == "false") return false;
    throw ConnectException(std::string("configuration \"") + key + "\" must be true or false, got \"" + v + "\"");
  }
  // Comma separated, items trimmed, empty items dropped.
  std::vector<std::string> getList(const char* key) const {
    std::vector<std::string> out;
    std::string v = get(key).value_or("");
    size_t start = 0;
    while (start <= v.size()) {
      size_t end = v.find(',', start);
      if (end == std::string::npos) end = v.size();
      size_t b = v.find_first_not_of(" \t", start);
      size_t e = v.find_last_not_of(" \t", end == 0 ? 0 : end - 1);
      if (b != std::string::npos && b < end && e != std::string::npos && e >= b) out.push_back(v.substr(b, e - b + 1));
      start = end + 1;
    }
    return out;
  }
  std::map<std::string, std::string> all() const {
    std::map<std::string, std::string> out;
    size_t n = Host().config_count(c_);
    for (size_t i = 0; i < n; ++i) {
      const char* k = nullptr;
      const char* v = nullptr;
      Host().config_at(c_, i, &k, &v);
      out.emplace(k, v);
    }
    return out;
  }
  const cd_config* raw() const { return c_; }

 private:
  const cd_config* c_;
};

// Where taskConfigs() writes its output.
class TaskConfigs {
 public:
  explicit TaskConfigs(cd_task_configs* out) : out_(out) {}
  void add(const std::map<std::string, std::string>& config) {
    size_t i = Host().task_configs_add(out_);
    for (const auto& [k, v] : config) Host().task_configs_set(out_, i, k.c_str(), v.c_str());
  }

 private:
  cd_task_configs* out_;
};

// ---- context --------------------------------------------------------------------------

class Context {
 public:
  explicit Context(cd_context* ctx) : ctx_(ctx) {}
  std::string connectorName() const { return Host().context_connector_name(ctx_); }
  int32_t taskId() const { return Host().context_task_id(ctx_); }
  // Sleeps up to `ms`; true when the host asked to stop (return from poll promptly then).
  bool wait(int64_t ms) { return Host().context_wait(ctx_, ms) != 0; }
  void requestTaskReconfiguration() { Host().context_request_task_reconfiguration(ctx_); }
  // Source tasks: the last committed offset of a source partition, if any.
  std::optional<Value> offset(ValueView partition) {
    cd_value* v = Host().offset_read(ctx_, partition.raw());
    if (v == nullptr) return std::nullopt;
    return Value::Adopt(v);
  }
  void log(cd_log_level level, const std::string& msg) const { Host().log(ctx_, level, msg.c_str()); }
  void info(const std::string& msg) const { log(CD_LOG_INFO, msg); }
  void warn(const std::string& msg) const { log(CD_LOG_WARN, msg); }
  void error(const std::string& msg) const { log(CD_LOG_ERROR, msg); }
  cd_context* raw() const { return ctx_; }

 private:
  cd_context* ctx_;
};

// ---- records --------------------------------------------------------------------------

// A borrowed record (a sink record, or a source record being acknowledged).
class RecordView {
 public:
  explicit RecordView(const cd_record* r) : r_(r) {}
  std::string_view topic() const { return Host().record_topic(r_); }
  int32_t kafkaPartition() const { return Host().record_kafka_partition(r_); }
  int64_t kafkaOffset() const { return Host().record_kafka_offset(r_); }
  int64_t timestamp() const { return Host().record_timestamp(r_); }
  SchemaView keySchema() const { return SchemaView(Host().record_key_schema(r_)); }
  ValueView key() const { return ValueView(Host().record_key(r_)); }
  SchemaView valueSchema() const { return SchemaView(Host().record_value_schema(r_)); }
  ValueView value() const { return ValueView(Host().record_value(r_)); }
  // Sink records: the value as ToJson(valueSchema(), value(), false) writes it, borrowed from the
  // record; nullopt for a null value. Cheap for a task whose valuesAsJson() is true, which should
  // then not call value() (ABI 1.3). Throws ConnectException when the value does not match its
  // schema.
  std::optional<std::string_view> valueJson() const {
    cd_bytes json{nullptr, 0};
    // Without an error object on the way that succeeds (one per record would cost an allocation).
    if (Host().record_value_json(r_, &json, nullptr) != CD_OK) {
      HostError err;
      Host().record_value_json(r_, &json, err.raw());
      throw ConnectException(err.message());
    }
    if (json.ptr == nullptr) return std::nullopt;
    return std::string_view(json.ptr, json.len);
  }
  ValueView sourcePartition() const { return ValueView(Host().record_source_partition(r_)); }
  ValueView sourceOffset() const { return ValueView(Host().record_source_offset(r_)); }
  size_t headerCount() const { return Host().record_header_count(r_); }
  // Header `index` (< headerCount()): its value, with its key and schema (null when none).
  ValueView header(size_t index, std::string_view* key, SchemaView* schema) const {
    const char* k = nullptr;
    const cd_schema* s = nullptr;
    ValueView v(Host().record_header_at(r_, index, &k, &s));
    *key = k != nullptr ? std::string_view(k) : std::string_view();
    *schema = SchemaView(s);
    return v;
  }
  const cd_record* raw() const { return r_; }

 private:
  const cd_record* r_;
};

// A source partition shared by every record of it (built once, no copy per record).
class SourcePartition {
 public:
  explicit SourcePartition(Value map) : p_(Host().source_partition_new(map.release())) {}
  SourcePartition(SourcePartition&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  SourcePartition(const SourcePartition&) = delete;
  SourcePartition& operator=(const SourcePartition&) = delete;
  ~SourcePartition() {
    if (p_ != nullptr) Host().source_partition_free(p_);
  }
  const cd_source_partition* raw() const { return p_; }

 private:
  cd_source_partition* p_;
};

// A source record under construction; handed to the host with RecordList::add.
class SourceRecord {
 public:
  explicit SourceRecord(const std::string& topic) : r_(Host().record_new(topic.c_str())) {}
  SourceRecord(SourceRecord&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  SourceRecord(const SourceRecord&) = delete;
  SourceRecord& operator=(const SourceRecord&) = delete;
  ~SourceRecord() {
    if (r_ != nullptr) Host().record_free(r_);
  }
  SourceRecord& partition(int32_t p) {
    Host().record_set_partition(r_, p);
    return *this;
  }
  SourceRecord& key(SchemaView schema, Value v) {
    Host().record_set_key(r_, schema.raw(), v.release());
    return *this;
  }
  SourceRecord& value(SchemaView schema, Value v) {
    Host().record_set_value(r_, schema.raw(), v.release());
    return *this;
  }
  SourceRecord& timestamp(int64_t ms) {
    Host().record_set_timestamp(r_, ms);
    return *this;
  }
  SourceRecord& header(const std::string& key, SchemaView schema, Value v) {
    Host().record_add_header(r_, key.c_str(), schema.raw(), v.release());
    return *this;
  }
  SourceRecord& sourcePartition(Value map) {
    Host().record_set_source_partition(r_, map.release());
    return *this;
  }
  SourceRecord& sourcePartition(const SourcePartition& partition) {
    Host().record_set_source_partition_shared(r_, partition.raw());
    return *this;
  }
  SourceRecord& sourceOffset(Value map) {
    Host().record_set_source_offset(r_, map.release());
    return *this;
  }
  cd_record* release() {
    cd_record* r = r_;
    r_ = nullptr;
    return r;
  }

 private:
  cd_record* r_;
};

class RecordList {
 public:
  explicit RecordList(cd_record_list* list) : list_(list) {}
  void add(SourceRecord record) { Host().record_list_append(list_, record.release()); }

 private:
  cd_record_list* list_;
};

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
};

// Sink flush: the offsets the host will commit; lower them to what is durable.
class OffsetList {
 public:
  explicit OffsetList(cd_offset_list* list) : list_(list) {}
  size_t size() const { return Host().offset_list_count(list_); }
  int64_t offset(size_t i, TopicPartition* tp = nullptr) const {
    cd_topic_partition raw{};
    int64_t off = Host().offset_list_at(list_, i, &raw);
    if (tp != nullptr) *tp = TopicPartition{raw.topic ? raw.topic : "", raw.partition};
    return off;
  }
  void set(size_t i, int64_t offset) { Host().offset_list_set(list_, i, offset); }

 private:
  cd_offset_list* list_;
};

// ---- connectors and tasks -------------------------------------------------------------

class ConnectorBase {
 public:
  virtual ~ConnectorBase() = default;
  // Called once with the validated config. `context` lives until the connector is destroyed.
  virtual void start(const Config& config, Context& context) = 0;
  // Up to `max_tasks` task configs.
  virtual void taskConfigs(uint32_t max_tasks, TaskConfigs& out) = 0;
  virtual void stop() {}
};
class SourceConnector : public ConnectorBase {
 public:
  static constexpr cd_connector_type kType = CD_CONNECTOR_SOURCE;
};
class SinkConnector : public ConnectorBase {
 public:
  static constexpr cd_connector_type kType = CD_CONNECTOR_SINK;
};

class SourceTask {
 public:
  virtual ~SourceTask() = default;
  virtual void start(const Config& config, Context& context) = 0;
  // Adds the next records to `out`; wait with Context::wait when there are none.
  virtual void poll(RecordList& out) = 0;
  // Override to learn when Kafka acknowledged a record (the SDK only registers the callback
  // when a subclass overrides it).
  virtual void commitRecord(const RecordView&) {}
  // Override to learn when offsets were stored.
  virtual void commit() {}
  virtual void stop() {}
};

class SinkTask {
 public:
  virtual ~SinkTask() = default;
  virtual void start(const Config& config, Context& context) = 0;
  virtual void open(const std::vector<TopicPartition>&) {}
  virtual void close(const std::vector<TopicPartition>&) {}
  virtual void put(const std::vector<RecordView>& records) = 0;
  // Make what was put durable; lower offsets in `offsets` when part of it is not.
  virtual void flush(OffsetList&) {}
  virtual void stop() {}
  // True when put reads values through RecordView::valueJson only (asked once, after start): the
  // host may then hand over JSON values without building them (ABI 1.3).
  virtual bool valuesAsJson() const { return false; }
};

namespace internal {

// Runs `fn`, turning exceptions into return codes and messages (none may cross the ABI).
template <class Fn>
cd_rc Guard(cd_error* err, Fn&& fn) {
  try {
    fn();
    return CD_OK;
  } catch (const RetriableException& e) {
    Host().error_set(err, e.what());
    return CD_RETRY;
  } catch (const std::exception& e) {
    Host().error_set(err, e.what());
    return CD_ERROR;
  } catch (...) {
    Host().error_set(err, "unknown exception");
    return CD_ERROR;
  }
}

// A plugin object with the config and context it was started with; both live as long as it.
template <class T>
struct Instance {
  Instance(const cd_config* cfg, cd_context* ctx) : config(cfg), context(ctx) {}
  Config config;
  Context context;
  T object;
};

inline std::vector<TopicPartition> ToPartitions(const cd_topic_partition* p, size_t n) {
  std::vector<TopicPartition> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(TopicPartition{p[i].topic, p[i].partition});
  return out;
}

// Static glue between one connector class C (with C::Task) and the C ABI.
template <class C>
struct Glue {
  using Task = typename C::Task;

  static cd_rc ConnectorCreate(const cd_config* config, cd_context* ctx, void** out, cd_error* err) {
    return Guard(err, [&] {
      auto inst = std::make_unique<Instance<C>>(config, ctx);
      inst->object.start(inst->config, inst->context);
      *out = inst.release();
    });
  }
  static cd_rc ConnectorTaskConfigs(void* c, uint32_t max_tasks, cd_task_configs* out, cd_error* err) {
    return Guard(err, [&] {
      TaskConfigs configs(out);
      static_cast<Instance<C>*>(c)->object.taskConfigs(max_tasks, configs);
    });
  }
  static void ConnectorDestroy(void* c) { StopAndDelete(static_cast<Instance<C>*>(c)); }
  static cd_rc TaskCreate(const cd_config* config, cd_context* ctx, void** out, cd_error* err) {
    return Guard(err, [&] {
      auto inst = std::make_unique<Instance<Task>>(config, ctx);
      inst->object.start(inst->config, inst->context);
      *out = inst.release();
    });
  }
  static void TaskDestroy(void* t) { StopAndDelete(static_cast<Instance<Task>*>(t)); }
  // stop() may throw; the instance is freed regardless.
  template <class I>
  static void StopAndDelete(I* inst) {
    try {
      inst->object.stop();
    } catch (const std::exception& e) {
      inst->context.error(std::string("stop failed: ") + e.what());
    } catch (...) {
      inst->context.error("stop failed");
    }
    delete inst;
  }
  static Task& T(void* t) { return static_cast<Instance<Task>*>(t)->object; }

  static cd_rc SourcePoll(void* t, cd_record_list* out, cd_error* err) {
    return Guard(err, [&] {
      RecordList list(out);
      T(t).poll(list);
    });
  }
  static void SourceRecordAcked(void* t, const cd_record* r) {
    try {
      T(t).commitRecord(RecordView(r));
    } catch (...) {
      static_cast<Instance<Task>*>(t)->context.error("commitRecord threw; ignored");
    }
  }
  static cd_rc SourceCommit(void* t, cd_error* err) {
    return Guard(err, [&] { T(t).commit(); });
  }
  static cd_rc SinkOpen(void* t, const cd_topic_partition* p, size_t n, cd_error* err) {
    return Guard(err, [&] { T(t).open(ToPartitions(p, n)); });
  }
  static cd_rc SinkClose(void* t, const cd_topic_partition* p, size_t n, cd_error* err) {
    return Guard(err, [&] { T(t).close(ToPartitions(p, n)); });
  }
  static cd_rc SinkPut(void* t, const cd_record* const* records, size_t n, cd_error* err) {
    return Guard(err, [&] {
      std::vector<RecordView> views;
      views.reserve(n);
      for (size_t i = 0; i < n; ++i) views.emplace_back(records[i]);
      T(t).put(views);
    });
  }
  static int SinkValuesAsJson(void* t) {
    try {
      return T(t).valuesAsJson() ? 1 : 0;
    } catch (...) {
      return 0;
    }
  }
  static cd_rc SinkFlush(void* t, cd_offset_list* offsets, cd_error* err) {
    return Guard(err, [&] {
      OffsetList list(offsets);
      T(t).flush(list);
    });
  }

  static void Describe(cd_connector_info* info) {
    static const ConfigDef& def = C::configDef();
    info->class_name = C::kClassName;
    info->aliases = C::aliases();
    info->type = C::kType;
    info->version = C::kVersion;
    info->description = C::kDescription;
    info->config_defs = def.data();
    info->config_def_count = def.size();
    info->config_def_size = sizeof(cd_config_def);
    info->connector_create = &ConnectorCreate;
    info->connector_task_configs = &ConnectorTaskConfigs;
    info->connector_destroy = &ConnectorDestroy;
    info->task_create = &TaskCreate;
    info->task_destroy = &TaskDestroy;
    if constexpr (C::kType == CD_CONNECTOR_SOURCE) {
      info->source_poll = &SourcePoll;
      // Registered only when overridden, so the host skips the per-record call otherwise.
      if constexpr (!std::is_same_v<decltype(&Task::commitRecord), void (SourceTask::*)(const RecordView&)>) {
        info->source_record_acked = &SourceRecordAcked;
      }
      if constexpr (!std::is_same_v<decltype(&Task::commit), void (SourceTask::*)()>) {
        info->source_commit = &SourceCommit;
      }
    } else {
      info->sink_open = &SinkOpen;
      info->sink_close = &SinkClose;
      info->sink_put = &SinkPut;
      if constexpr (!std::is_same_v<decltype(&Task::flush), void (SinkTask::*)(OffsetList&)>) {
        info->sink_flush = &SinkFlush;
      }
      if constexpr (!std::is_same_v<decltype(&Task::valuesAsJson), bool (SinkTask::*)() const>) {
        info->sink_values_as_json = &SinkValuesAsJson;
      }
    }
  }
};

using DescribeFn = void (*)(cd_connector_info*);

// Fills the host's zero-filled `info` without writing past `info_size` (an older host's struct).
inline cd_rc DescribeInto(DescribeFn fn, cd_connector_info* info, size_t info_size) {
  cd_connector_info mine{};
  fn(&mine);
  std::memcpy(info, &mine, info_size < sizeof(mine) ? info_size : sizeof(mine));
  return CD_OK;
}

}  // namespace internal
}  // namespace sdk
}  // namespace connectd

// Exports the plugin entry symbol for the listed connector classes. Each class C derives from
// SourceConnector or SinkConnector and provides: `using Task = ...;`, static constexpr const
// char* kClassName, kVersion, kDescription; `static const char* const* aliases();` (NULL-
// terminated list or nullptr); `static const ConfigDef& configDef();`.
#define CONNECTD_PLUGIN(plugin_name, plugin_version, ...)                                                   \
  namespace {                                                                                               \
  const ::connectd::sdk::internal::DescribeFn connectd_plugin_connectors[] = {                              \
      CONNECTD_PLUGIN_DESCRIBE_LIST(__VA_ARGS__)};                                                          \
  cd_rc connectd_plugin_init(const cd_host_api* host, cd_error*) {                                          \
    ::connectd::sdk::HostSlot() = host;                                                                     \
    return CD_OK;                                                                                           \
  }                                                                                                         \
  uint32_t connectd_plugin_count() {                                                                        \
    return static_cast<uint32_t>(sizeof(connectd_plugin_connectors) / sizeof(connectd_plugin_connectors[0])); \
  }                                                                                                         \
  cd_rc connectd_plugin_describe(uint32_t index, cd_connector_info* info, size_t info_size, cd_error* err) { \
    if (index >= connectd_plugin_count()) {                                                                 \
      ::connectd::sdk::Host().error_set(err, "connector index out of range");                              \
      return CD_ERROR;                                                                                      \
    }                                                                                                       \
    return ::connectd::sdk::internal::DescribeInto(connectd_plugin_connectors[index], info, info_size);     \
  }                                                                                                         \
  }                                                                                                         \
  extern "C" CD_EXPORT const cd_plugin_entry connectd_plugin_entry = {                                      \
      CD_PLUGIN_MAGIC,        CD_ABI_MAJOR,          CD_ABI_MINOR,           sizeof(cd_plugin_entry),        \
      sizeof(cd_host_api),    sizeof(cd_connector_info), plugin_name,       plugin_version,                 \
      &connectd_plugin_init,  nullptr,               &connectd_plugin_count, &connectd_plugin_describe}

// Expands CONNECTD_PLUGIN's class list (up to 8 connectors per plugin).
#define CONNECTD_PLUGIN_GLUE(C) &::connectd::sdk::internal::Glue<C>::Describe
#define CONNECTD_PLUGIN_NTH(_1, _2, _3, _4, _5, _6, _7, _8, N, ...) N
#define CONNECTD_PLUGIN_L1(a) CONNECTD_PLUGIN_GLUE(a)
#define CONNECTD_PLUGIN_L2(a, ...) CONNECTD_PLUGIN_GLUE(a), CONNECTD_PLUGIN_L1(__VA_ARGS__)
#define CONNECTD_PLUGIN_L3(a, ...) CONNECTD_PLUGIN_GLUE(a), CONNECTD_PLUGIN_L2(__VA_ARGS__)
#define CONNECTD_PLUGIN_L4(a, ...) CONNECTD_PLUGIN_GLUE(a), CONNECTD_PLUGIN_L3(__VA_ARGS__)
#define CONNECTD_PLUGIN_L5(a, ...) CONNECTD_PLUGIN_GLUE(a), CONNECTD_PLUGIN_L4(__VA_ARGS__)
#define CONNECTD_PLUGIN_L6(a, ...) CONNECTD_PLUGIN_GLUE(a), CONNECTD_PLUGIN_L5(__VA_ARGS__)
#define CONNECTD_PLUGIN_L7(a, ...) CONNECTD_PLUGIN_GLUE(a), CONNECTD_PLUGIN_L6(__VA_ARGS__)
#define CONNECTD_PLUGIN_L8(a, ...) CONNECTD_PLUGIN_GLUE(a), CONNECTD_PLUGIN_L7(__VA_ARGS__)
#define CONNECTD_PLUGIN_DESCRIBE_LIST(...)                                                                  \
  CONNECTD_PLUGIN_NTH(__VA_ARGS__, CONNECTD_PLUGIN_L8, CONNECTD_PLUGIN_L7, CONNECTD_PLUGIN_L6,               \
                      CONNECTD_PLUGIN_L5, CONNECTD_PLUGIN_L4, CONNECTD_PLUGIN_L3, CONNECTD_PLUGIN_L2,        \
                      CONNECTD_PLUGIN_L1)(__VA_ARGS__)
