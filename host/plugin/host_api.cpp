#include "plugin/host_api.h"

#include <cstring>
#include <mutex>
#include <unordered_map>

#include "converters/json_converter.h"
#include "data/decimal.h"
#include "log/log.h"
#include "plugin/abi_objects.h"

struct cd_schema_builder {
  explicit cd_schema_builder(connectd::SchemaBuilder b) : builder(std::move(b)) {}
  connectd::SchemaBuilder builder;
};

namespace connectd {
namespace {

// References plugins hold on schemas: a cd_schema* stays valid while its count is > 0.
class SchemaReferences {
 public:
  const cd_schema* Add(SchemaPtr schema) {
    const Schema* raw = schema.get();
    std::lock_guard<std::mutex> lock(mu_);
    auto& entry = refs_[raw];
    if (entry.second++ == 0) entry.first = std::move(schema);
    return ToHandle(raw);
  }
  void Release(const cd_schema* handle) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = refs_.find(AsSchema(handle));
    if (it != refs_.end() && --it->second.second == 0) refs_.erase(it);
  }

 private:
  std::mutex mu_;
  std::unordered_map<const Schema*, std::pair<SchemaPtr, int64_t>> refs_;
};

SchemaReferences& References() {
  static SchemaReferences* refs = new SchemaReferences;  // never destroyed: plugins may release late
  return *refs;
}

void SetError(cd_error* err, const char* message) {
  if (err == nullptr) return;
  err->message = message ? message : "";
  err->set = true;
}

const char* OrNull(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }

// A handle owning `v`, and the contents of an owned handle (which it frees).
cd_value* Own(Value v) { return ToHandle(new Value(std::move(v))); }
Value Take(cd_value* owned) {
  if (owned == nullptr) return Value();
  std::unique_ptr<Value> v(AsValue(owned));
  return std::move(*v);
}

// A NULL string from a plugin is taken as empty rather than crashing the host.
const char* Str(const char* s) { return s != nullptr ? s : ""; }

// ---- logging and context ----

void HostLog(const cd_context* ctx, cd_log_level level, const char* message) {
  static const LogLevel kLevels[] = {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                                     LogLevel::kError};
  LogLevel l = (level >= CD_LOG_TRACE && level <= CD_LOG_ERROR) ? kLevels[level] : LogLevel::kInfo;
  std::string component = "plugin";
  if (ctx != nullptr) component = ctx->task_id >= 0 ? ctx->connector + "-" + std::to_string(ctx->task_id) : ctx->connector;
  Log(l, component, message ? message : "");
}
const char* ContextConnectorName(const cd_context* ctx) { return ctx->connector.c_str(); }
int32_t ContextTaskId(const cd_context* ctx) { return ctx->task_id; }
int ContextWait(cd_context* ctx, int64_t timeout_ms) { return ctx->stop->WaitFor(timeout_ms) ? 1 : 0; }
void ContextRequestReconfiguration(cd_context* ctx) {
  if (ctx->request_reconfiguration) ctx->request_reconfiguration();
}
cd_value* OffsetRead(cd_context* ctx, const cd_value* partition) {
  if (!ctx->offset_reader || partition == nullptr) return nullptr;
  std::optional<Value> v = ctx->offset_reader(*AsValue(partition));
  return v ? Own(std::move(*v)) : nullptr;
}

// ---- configs ----

const char* ConfigGet(const cd_config* c, const char* key) {
  if (key == nullptr) return nullptr;
  auto it = c->map.find(key);
  return it == c->map.end() ? nullptr : it->second.c_str();
}
size_t ConfigCount(const cd_config* c) { return c->entries.size(); }
void ConfigAt(const cd_config* c, size_t i, const char** key, const char** value) {
  bool ok = i < c->entries.size();
  *key = ok ? c->entries[i]->first.c_str() : "";
  *value = ok ? c->entries[i]->second.c_str() : "";
}
size_t TaskConfigsAdd(cd_task_configs* out) {
  out->configs.emplace_back();
  return out->configs.size() - 1;
}
void TaskConfigsSet(cd_task_configs* out, size_t task, const char* key, const char* value) {
  if (task < out->configs.size()) out->configs[task][Str(key)] = Str(value);
}

// ---- schemas ----

const cd_schema* SchemaPrimitive(cd_schema_type type, int optional) {
  if (type < CD_SCHEMA_INT8 || type > CD_SCHEMA_BYTES) return nullptr;
  return ToHandle(Schema::Primitive(static_cast<SchemaType>(type), optional != 0).get());
}
cd_schema_builder* BuilderNew(cd_schema_type type) {
  if (type < CD_SCHEMA_INT8 || type > CD_SCHEMA_STRUCT) type = CD_SCHEMA_STRUCT;
  return new cd_schema_builder(SchemaBuilder(static_cast<SchemaType>(type)));
}
cd_schema_builder* BuilderArray(const cd_schema* element) {
  return new cd_schema_builder(SchemaBuilder::Array(SharedSchema(element)));
}
cd_schema_builder* BuilderMap(const cd_schema* key, const cd_schema* value) {
  return new cd_schema_builder(SchemaBuilder::Map(SharedSchema(key), SharedSchema(value)));
}
void BuilderOptional(cd_schema_builder* b, int optional) { b->builder.Optional(optional != 0); }
void BuilderName(cd_schema_builder* b, const char* name) { b->builder.Name(Str(name)); }
void BuilderVersion(cd_schema_builder* b, int32_t version) { b->builder.Version(version); }
void BuilderDoc(cd_schema_builder* b, const char* doc) { b->builder.Doc(Str(doc)); }
void BuilderParameter(cd_schema_builder* b, const char* key, const char* value) {
  b->builder.Parameter(Str(key), Str(value));
}
void BuilderDefault(cd_schema_builder* b, cd_value* owned) { b->builder.Default(Take(owned)); }
void BuilderField(cd_schema_builder* b, const char* name, const cd_schema* schema) {
  b->builder.AddField(Str(name), SharedSchema(schema));
}
cd_schema* BuilderBuild(cd_schema_builder* owned, cd_error* err) {
  std::unique_ptr<cd_schema_builder> b(owned);
  SchemaType type = b->builder.type();
  SchemaPtr schema = b->builder.Build();
  if ((type == SchemaType::kArray || type == SchemaType::kMap) &&
      (!schema->value_schema() || (type == SchemaType::kMap && !schema->key_schema()))) {
    SetError(err, "array and map schemas need element schemas: use schema_builder_array/schema_builder_map");
    return nullptr;
  }
  if (type != SchemaType::kStruct && !schema->fields().empty()) {
    SetError(err, "only STRUCT schemas have fields");
    return nullptr;
  }
  for (const Field& f : schema->fields()) {
    if (!f.schema) {
      SetError(err, ("field '" + f.name + "' has no schema").c_str());
      return nullptr;
    }
  }
  std::string message;
  if (schema->default_value() != nullptr && !ValidateValue(*schema, *schema->default_value(), &message)) {
    SetError(err, ("default value does not fit the schema: " + message).c_str());
    return nullptr;
  }
  return const_cast<cd_schema*>(References().Add(std::move(schema)));
}
void BuilderFree(cd_schema_builder* owned) { delete owned; }
cd_schema* SchemaRetain(const cd_schema* s) { return const_cast<cd_schema*>(References().Add(SharedSchema(s))); }
void SchemaRelease(cd_schema* s) {
  if (s != nullptr) References().Release(s);
}
cd_schema_type SchemaTypeOf(const cd_schema* s) { return static_cast<cd_schema_type>(AsSchema(s)->type()); }
int SchemaIsOptional(const cd_schema* s) { return AsSchema(s)->optional() ? 1 : 0; }
const char* SchemaName(const cd_schema* s) { return OrNull(AsSchema(s)->name()); }
const char* SchemaDoc(const cd_schema* s) { return OrNull(AsSchema(s)->doc()); }
int32_t SchemaVersion(const cd_schema* s) { return AsSchema(s)->version().value_or(0); }
const char* SchemaParameter(const cd_schema* s, const char* key) {
  const std::string* v = AsSchema(s)->parameter(key);
  return v ? v->c_str() : nullptr;
}
const cd_value* SchemaDefault(const cd_schema* s) { return ToHandle(AsSchema(s)->default_value()); }
size_t SchemaFieldCount(const cd_schema* s) { return AsSchema(s)->fields().size(); }
const cd_schema* SchemaFieldAt(const cd_schema* s, size_t i, const char** name) {
  if (i >= AsSchema(s)->fields().size()) return nullptr;
  const Field& f = AsSchema(s)->fields()[i];
  if (name != nullptr) *name = f.name.c_str();
  return ToHandle(f.schema.get());
}
int32_t SchemaFieldIndex(const cd_schema* s, const char* name) {
  const Field* f = AsSchema(s)->field(name);
  return f ? f->index : -1;
}
const cd_schema* SchemaKeySchema(const cd_schema* s) { return ToHandle(AsSchema(s)->key_schema().get()); }
const cd_schema* SchemaValueSchema(const cd_schema* s) { return ToHandle(AsSchema(s)->value_schema().get()); }

// ---- values ----

cd_value* ValueNull() { return Own(Value()); }
cd_value* ValueBoolean(int v) { return Own(Value::Boolean(v != 0)); }
cd_value* ValueInt8(int8_t v) { return Own(Value::Int8(v)); }
cd_value* ValueInt16(int16_t v) { return Own(Value::Int16(v)); }
cd_value* ValueInt32(int32_t v) { return Own(Value::Int32(v)); }
cd_value* ValueInt64(int64_t v) { return Own(Value::Int64(v)); }
cd_value* ValueFloat32(float v) { return Own(Value::Float32(v)); }
cd_value* ValueFloat64(double v) { return Own(Value::Float64(v)); }
cd_value* ValueString(const char* p, size_t n) { return Own(Value::String(std::string(p, n))); }
cd_value* ValueBytes(const void* p, size_t n) { return Own(Value::MakeBytes(std::string(static_cast<const char*>(p), n))); }
cd_value* ValueArray() { return Own(Value::MakeArray()); }
cd_value* ValueMap() { return Own(Value::MakeMap()); }
cd_value* ValueStruct(const cd_schema* s) {
  if (s == nullptr || AsSchema(s)->type() != SchemaType::kStruct) return nullptr;
  return Own(Value::MakeStruct(SharedSchema(s)));
}
cd_value* ValueCopy(const cd_value* v) { return Own(*AsValue(v)); }
void ValueFree(cd_value* v) { delete AsValue(v); }

// The container functions take ownership even when the container is of the wrong kind (the
// item is then freed), as plugin.h promises for every `owned_*` parameter.
void ArrayAppend(cd_value* a, cd_value* owned) {
  Value item = Take(owned);
  if (AsValue(a)->kind() == ValueKind::kArray) AsValue(a)->array().items.push_back(std::move(item));
}
// value_map_put and value_map_put_int64.
void PutEntry(cd_value* m, Value key, Value value) {
  if (AsValue(m)->kind() != ValueKind::kMap) return;
  std::vector<std::pair<Value, Value>>& entries = AsValue(m)->map().entries;
  // Maps built through the ABI are mostly source offsets and partitions of a few entries: one
  // allocation instead of growing 1, 2, 4, 8.
  if (entries.capacity() == 0) entries.reserve(8);
  entries.emplace_back(std::move(key), std::move(value));
}
void MapPut(cd_value* m, cd_value* owned_key, cd_value* owned_value) {
  PutEntry(m, Take(owned_key), Take(owned_value));
}
void MapPutInt64(cd_value* m, const char* key, int64_t v) { PutEntry(m, Value::String(Str(key)), Value::Int64(v)); }
// value_struct_set and the setters that take the field's value itself (ABI 1.4).
cd_rc SetField(cd_value* s, const char* field, Value v, cd_error* err) {
  if (AsValue(s)->kind() != ValueKind::kStruct) {
    SetError(err, "value_struct_set on a value that is not a struct");
    return CD_ERROR;
  }
  Struct& st = AsValue(s)->structure();
  const Field* f = st.schema->field(Str(field));
  if (f == nullptr) {
    SetError(err, (std::string("struct has no field '") + Str(field) + "'").c_str());
    return CD_ERROR;
  }
  st.fields[static_cast<size_t>(f->index)] = std::move(v);
  return CD_OK;
}
cd_rc StructSet(cd_value* s, const char* field, cd_value* owned, cd_error* err) {
  return SetField(s, field, Take(owned), err);
}
cd_rc StructSetInt64(cd_value* s, const char* field, int64_t v, cd_error* err) {
  return SetField(s, field, Value::Int64(v), err);
}
cd_rc StructSetString(cd_value* s, const char* field, const char* p, size_t n, cd_error* err) {
  return SetField(s, field, Value::String(std::string(p, n)), err);
}
// The setters by field position (ABI 1.5).
cd_rc SetFieldAt(cd_value* s, size_t index, Value v, cd_error* err) {
  if (AsValue(s)->kind() != ValueKind::kStruct) {
    SetError(err, "a field set by position on a value that is not a struct");
    return CD_ERROR;
  }
  Struct& st = AsValue(s)->structure();
  if (index >= st.fields.size()) {
    SetError(err, ("struct has no field at index " + std::to_string(index) + " (it has " +
                   std::to_string(st.fields.size()) + ")").c_str());
    return CD_ERROR;
  }
  st.fields[index] = std::move(v);
  return CD_OK;
}
cd_rc StructSetAt(cd_value* s, size_t index, cd_value* owned, cd_error* err) {
  return SetFieldAt(s, index, Take(owned), err);
}
cd_rc StructSetInt64At(cd_value* s, size_t index, int64_t v, cd_error* err) {
  return SetFieldAt(s, index, Value::Int64(v), err);
}
cd_rc StructSetStringAt(cd_value* s, size_t index, const char* p, size_t n, cd_error* err) {
  return SetFieldAt(s, index, Value::String(std::string(p, n)), err);
}

cd_value_kind ValueKindOf(const cd_value* v) { return static_cast<cd_value_kind>(AsValue(v)->kind()); }
int ValueGetBoolean(const cd_value* v) {
  return AsValue(v)->kind() == ValueKind::kBoolean && AsValue(v)->boolean() ? 1 : 0;
}
int64_t ValueGetInt(const cd_value* v) { return AsValue(v)->is_integer() ? AsValue(v)->Int64Of() : 0; }
double ValueGetDouble(const cd_value* v) {
  ValueKind k = AsValue(v)->kind();
  return (AsValue(v)->is_integer() || k == ValueKind::kFloat32 || k == ValueKind::kFloat64) ? AsValue(v)->DoubleOf()
                                                                                             : 0.0;
}
cd_bytes ValueGetBytes(const cd_value* v) {
  const Value* val = AsValue(v);
  if (val->kind() == ValueKind::kString) return cd_bytes{val->string().data(), val->string().size()};
  if (val->kind() == ValueKind::kBytes) return cd_bytes{val->bytes().data.data(), val->bytes().data.size()};
  return cd_bytes{"", 0};
}
size_t ValueSize(const cd_value* v) {
  const Value* val = AsValue(v);
  switch (val->kind()) {
    case ValueKind::kArray: return val->array().items.size();
    case ValueKind::kMap: return val->map().entries.size();
    case ValueKind::kStruct: return val->structure().fields.size();
    default: return 0;
  }
}
const cd_value* ArrayAt(const cd_value* a, size_t i) {
  const Value* v = AsValue(a);
  return v->kind() == ValueKind::kArray && i < v->array().items.size() ? ToHandle(&v->array().items[i]) : nullptr;
}
const cd_value* MapKeyAt(const cd_value* m, size_t i) {
  const Value* v = AsValue(m);
  return v->kind() == ValueKind::kMap && i < v->map().entries.size() ? ToHandle(&v->map().entries[i].first) : nullptr;
}
const cd_value* MapValueAt(const cd_value* m, size_t i) {
  const Value* v = AsValue(m);
  return v->kind() == ValueKind::kMap && i < v->map().entries.size() ? ToHandle(&v->map().entries[i].second) : nullptr;
}
const cd_value* MapGet(const cd_value* m, const char* key) {
  if (AsValue(m)->kind() != ValueKind::kMap) return nullptr;
  return ToHandle(AsValue(m)->map().Find(Str(key)));
}
const cd_schema* StructSchema(const cd_value* s) {
  if (AsValue(s)->kind() != ValueKind::kStruct) return nullptr;
  return ToHandle(AsValue(s)->structure().schema.get());
}
const cd_value* StructGet(const cd_value* s, const char* field) {
  if (AsValue(s)->kind() != ValueKind::kStruct) return nullptr;
  return ToHandle(AsValue(s)->structure().Get(Str(field)));
}
const cd_value* StructGetIndex(const cd_value* s, size_t i) {
  if (AsValue(s)->kind() != ValueKind::kStruct || i >= AsValue(s)->structure().fields.size()) return nullptr;
  return ToHandle(&AsValue(s)->structure().fields[i]);
}

// ---- records ----

cd_record* RecordNew(const char* topic) {
  auto* r = new ConnectRecord;
  r->topic = Str(topic);
  return ToHandle(r);
}
void RecordFree(cd_record* r) { delete AsRecord(r); }
void RecordSetPartition(cd_record* r, int32_t p) { AsRecord(r)->kafka_partition = p; }
void RecordSetKey(cd_record* r, const cd_schema* s, cd_value* owned) {
  AsRecord(r)->key_schema = SharedSchema(s);
  AsRecord(r)->key = Take(owned);
}
void RecordSetValue(cd_record* r, const cd_schema* s, cd_value* owned) {
  AsRecord(r)->value_schema = SharedSchema(s);
  AsRecord(r)->value = Take(owned);
}
void RecordSetTimestamp(cd_record* r, int64_t ts) {
  AsRecord(r)->timestamp = ts;
  AsRecord(r)->timestamp_type = ts >= 0 ? TimestampType::kCreateTime : TimestampType::kNone;
}
void RecordAddHeader(cd_record* r, const char* key, const cd_schema* s, cd_value* owned) {
  AsRecord(r)->headers.push_back(Header{Str(key), SharedSchema(s), Take(owned)});
}
void RecordSetSourcePartition(cd_record* r, cd_value* owned) {
  AsRecord(r)->source_partition = std::make_shared<const Value>(Take(owned));
}
void RecordSetSourceOffset(cd_record* r, cd_value* owned) { AsRecord(r)->source_offset = Take(owned); }
const char* RecordTopic(const cd_record* r) { return AsRecord(r)->topic.c_str(); }
int32_t RecordKafkaPartition(const cd_record* r) { return AsRecord(r)->kafka_partition; }
int64_t RecordKafkaOffset(const cd_record* r) { return AsRecord(r)->kafka_offset; }
int64_t RecordTimestamp(const cd_record* r) { return AsRecord(r)->timestamp; }
const cd_schema* RecordKeySchema(const cd_record* r) { return ToHandle(AsRecord(r)->key_schema.get()); }
const cd_value* RecordKey(const cd_record* r) { return ToHandle(&AsRecord(r)->key); }
// A sink record's deferred value is built on first read; records are used by one thread at a
// time, so building it behind a const handle is safe.
ConnectRecord& Built(const cd_record* r) {
  ConnectRecord& record = *const_cast<ConnectRecord*>(AsRecord(r));
  ValueOf(record);
  return record;
}
const cd_schema* RecordValueSchema(const cd_record* r) { return ToHandle(Built(r).value_schema.get()); }
const cd_value* RecordValue(const cd_record* r) { return ToHandle(&Built(r).value); }
size_t RecordHeaderCount(const cd_record* r) { return AsRecord(r)->headers.size(); }
const cd_value* RecordHeaderAt(const cd_record* r, size_t i, const char** key, const cd_schema** schema) {
  if (i >= AsRecord(r)->headers.size()) return nullptr;
  const Header& h = AsRecord(r)->headers[i];
  if (key != nullptr) *key = h.key.c_str();
  if (schema != nullptr) *schema = ToHandle(h.schema.get());
  return ToHandle(&h.value);
}
const cd_value* RecordSourcePartition(const cd_record* r) {
  static const Value kNone;
  const auto& p = AsRecord(r)->source_partition;
  return ToHandle(p ? p.get() : &kNone);
}
const cd_value* RecordSourceOffset(const cd_record* r) { return ToHandle(&AsRecord(r)->source_offset); }

// ---- task I/O ----

void RecordListAppend(cd_record_list* list, cd_record* owned) {
  list->records.emplace_back(AsRecord(owned));
}
size_t OffsetListCount(const cd_offset_list* list) { return list->entries.size(); }
int64_t OffsetListAt(const cd_offset_list* list, size_t i, cd_topic_partition* tp) {
  if (i >= list->entries.size()) return -1;
  const cd_offset_list::Entry& e = list->entries[i];
  if (tp != nullptr) *tp = cd_topic_partition{e.topic.c_str(), e.partition};
  return e.offset;
}
void OffsetListSet(cd_offset_list* list, size_t i, int64_t offset) {
  if (i >= list->entries.size()) return;
  cd_offset_list::Entry& e = list->entries[i];
  if (offset < 0 || offset < e.offset) e.offset = offset < 0 ? -1 : offset;
}

cd_source_partition* SourcePartitionNew(cd_value* owned) {
  return new cd_source_partition{std::make_shared<const Value>(Take(owned))};
}
void SourcePartitionFree(cd_source_partition* p) { delete p; }
void RecordSetSourcePartitionShared(cd_record* r, const cd_source_partition* p) {
  AsRecord(r)->source_partition = p != nullptr ? p->value : nullptr;
}

cd_value* ValueDecimal(const char* text, size_t len, int32_t scale, cd_error* err) {
  std::string unscaled;
  std::string error;
  if (!DecimalTextToUnscaled(std::string_view(text, len), scale, &unscaled, &error)) {
    SetError(err, error.c_str());
    return nullptr;
  }
  return Own(Value::MakeBytes(std::move(unscaled)));
}
size_t DecimalToText(const cd_value* decimal, int32_t scale, char* buf, size_t cap) {
  const Value& v = *AsValue(decimal);
  if (v.kind() != ValueKind::kBytes || v.bytes().data.empty()) return 0;
  std::string text;
  AppendPlainDecimal(v.bytes().data, scale, &text);
  if (text.size() < cap) std::memcpy(buf, text.c_str(), text.size() + 1);
  return text.size();
}

// The JsonConverters value_to_json uses on one thread, one per envelope mode: a converter serves
// one thread at a time, and keeping it lets repeated schemas reuse its cached schema JSON.
class ThreadJsonConverters {
 public:
  ThreadJsonConverters() {
    // Fixed, valid settings: Configure cannot fail on them.
    (void)with_envelope_.Configure(ConfigMap{{"schemas.enable", "true"}}, false);
    (void)payload_only_.Configure(ConfigMap{{"schemas.enable", "false"}}, false);
  }
  JsonConverter& For(bool with_schema) { return with_schema ? with_envelope_ : payload_only_; }

 private:
  JsonConverter with_envelope_;
  JsonConverter payload_only_;
};

JsonConverter& ThreadJsonConverter(bool with_schema) {
  thread_local ThreadJsonConverters converters;
  return converters.For(with_schema);
}

size_t ValueToJson(const cd_schema* schema, const cd_value* value, int with_schema, char* buf, size_t cap,
                   cd_error* err) {
  static const Value kNull;
  std::string json;
  bool is_null = false;
  Status s = ThreadJsonConverter(with_schema != 0)
                 .FromConnectData(ErrorContext{}, SharedSchema(schema), value != nullptr ? *AsValue(value) : kNull,
                                  &json, &is_null);
  if (!s.ok()) {
    SetError(err, s.message().c_str());
    return static_cast<size_t>(-1);
  }
  if (is_null) json = "null";
  if (json.size() < cap) std::memcpy(buf, json.c_str(), json.size() + 1);
  return json.size();
}

cd_rc RecordValueJson(const cd_record* r, cd_bytes* out, cd_error* err) {
  ConnectRecord& record = *const_cast<ConnectRecord*>(AsRecord(r));
  if (!record.value_json_ready) {
    const Value& value = ValueOf(record);
    if (value.is_null()) {
      *out = cd_bytes{nullptr, 0};
      return CD_OK;
    }
    bool is_null = false;
    Status s =
        ThreadJsonConverter(false).FromConnectData(ErrorContext{}, record.value_schema, value, &record.value_json, &is_null);
    if (!s.ok()) {
      SetError(err, s.message().c_str());
      return CD_ERROR;
    }
    record.value_json_ready = true;
  }
  *out = cd_bytes{record.value_json.data(), record.value_json.size()};
  return CD_OK;
}

cd_error* ErrorNew() { return new cd_error; }
const char* ErrorMessage(const cd_error* err) { return err->set ? err->message.c_str() : nullptr; }
void ErrorFree(cd_error* err) { delete err; }

cd_host_api MakeHostApi() {
  cd_host_api api{};
  api.struct_size = sizeof(cd_host_api);
  api.abi_major = CD_ABI_MAJOR;
  api.abi_minor = CD_ABI_MINOR;
  api.error_set = &SetError;
  api.log = &HostLog;
  api.context_connector_name = &ContextConnectorName;
  api.context_task_id = &ContextTaskId;
  api.context_wait = &ContextWait;
  api.context_request_task_reconfiguration = &ContextRequestReconfiguration;
  api.offset_read = &OffsetRead;
  api.config_get = &ConfigGet;
  api.config_count = &ConfigCount;
  api.config_at = &ConfigAt;
  api.task_configs_add = &TaskConfigsAdd;
  api.task_configs_set = &TaskConfigsSet;
  api.schema_primitive = &SchemaPrimitive;
  api.schema_builder_new = &BuilderNew;
  api.schema_builder_array = &BuilderArray;
  api.schema_builder_map = &BuilderMap;
  api.schema_builder_optional = &BuilderOptional;
  api.schema_builder_name = &BuilderName;
  api.schema_builder_version = &BuilderVersion;
  api.schema_builder_doc = &BuilderDoc;
  api.schema_builder_parameter = &BuilderParameter;
  api.schema_builder_default = &BuilderDefault;
  api.schema_builder_field = &BuilderField;
  api.schema_builder_build = &BuilderBuild;
  api.schema_builder_free = &BuilderFree;
  api.schema_retain = &SchemaRetain;
  api.schema_release = &SchemaRelease;
  api.schema_type = &SchemaTypeOf;
  api.schema_is_optional = &SchemaIsOptional;
  api.schema_name = &SchemaName;
  api.schema_doc = &SchemaDoc;
  api.schema_version = &SchemaVersion;
  api.schema_parameter = &SchemaParameter;
  api.schema_default = &SchemaDefault;
  api.schema_field_count = &SchemaFieldCount;
  api.schema_field_at = &SchemaFieldAt;
  api.schema_field_index = &SchemaFieldIndex;
  api.schema_key_schema = &SchemaKeySchema;
  api.schema_value_schema = &SchemaValueSchema;
  api.value_new_null = &ValueNull;
  api.value_new_boolean = &ValueBoolean;
  api.value_new_int8 = &ValueInt8;
  api.value_new_int16 = &ValueInt16;
  api.value_new_int32 = &ValueInt32;
  api.value_new_int64 = &ValueInt64;
  api.value_new_float32 = &ValueFloat32;
  api.value_new_float64 = &ValueFloat64;
  api.value_new_string = &ValueString;
  api.value_new_bytes = &ValueBytes;
  api.value_new_array = &ValueArray;
  api.value_new_map = &ValueMap;
  api.value_new_struct = &ValueStruct;
  api.value_copy = &ValueCopy;
  api.value_free = &ValueFree;
  api.value_array_append = &ArrayAppend;
  api.value_map_put = &MapPut;
  api.value_struct_set = &StructSet;
  api.value_kind = &ValueKindOf;
  api.value_get_boolean = &ValueGetBoolean;
  api.value_get_int = &ValueGetInt;
  api.value_get_double = &ValueGetDouble;
  api.value_get_bytes = &ValueGetBytes;
  api.value_size = &ValueSize;
  api.value_array_at = &ArrayAt;
  api.value_map_key_at = &MapKeyAt;
  api.value_map_value_at = &MapValueAt;
  api.value_map_get = &MapGet;
  api.value_struct_schema = &StructSchema;
  api.value_struct_get = &StructGet;
  api.value_struct_get_index = &StructGetIndex;
  api.record_new = &RecordNew;
  api.record_free = &RecordFree;
  api.record_set_partition = &RecordSetPartition;
  api.record_set_key = &RecordSetKey;
  api.record_set_value = &RecordSetValue;
  api.record_set_timestamp = &RecordSetTimestamp;
  api.record_add_header = &RecordAddHeader;
  api.record_set_source_partition = &RecordSetSourcePartition;
  api.record_set_source_offset = &RecordSetSourceOffset;
  api.record_topic = &RecordTopic;
  api.record_kafka_partition = &RecordKafkaPartition;
  api.record_kafka_offset = &RecordKafkaOffset;
  api.record_timestamp = &RecordTimestamp;
  api.record_key_schema = &RecordKeySchema;
  api.record_key = &RecordKey;
  api.record_value_schema = &RecordValueSchema;
  api.record_value = &RecordValue;
  api.record_header_count = &RecordHeaderCount;
  api.record_header_at = &RecordHeaderAt;
  api.record_source_partition = &RecordSourcePartition;
  api.record_source_offset = &RecordSourceOffset;
  api.record_list_append = &RecordListAppend;
  api.offset_list_count = &OffsetListCount;
  api.offset_list_at = &OffsetListAt;
  api.offset_list_set = &OffsetListSet;
  api.error_new = &ErrorNew;
  api.error_message = &ErrorMessage;
  api.error_free = &ErrorFree;
  api.source_partition_new = &SourcePartitionNew;
  api.source_partition_free = &SourcePartitionFree;
  api.record_set_source_partition_shared = &RecordSetSourcePartitionShared;
  api.value_new_decimal = &ValueDecimal;
  api.decimal_to_text = &DecimalToText;
  api.value_to_json = &ValueToJson;
  api.record_value_json = &RecordValueJson;
  api.value_map_put_int64 = &MapPutInt64;
  api.value_struct_set_int64 = &StructSetInt64;
  api.value_struct_set_string = &StructSetString;
  api.value_struct_set_at = &StructSetAt;
  api.value_struct_set_int64_at = &StructSetInt64At;
  api.value_struct_set_string_at = &StructSetStringAt;
  return api;
}

}  // namespace

const cd_host_api* HostApi() {
  static const cd_host_api api = MakeHostApi();
  return &api;
}

}  // namespace connectd
