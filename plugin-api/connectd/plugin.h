/*
 * connectd plugin ABI, version 1.
 *
 * A plugin is a shared object that exports one data symbol, `connectd_plugin_entry`, of type
 * cd_plugin_entry. The host loads it with RTLD_LOCAL, compares the entry's magic and version
 * block field by field, hands the plugin a table of host services (cd_host_api), and asks the
 * plugin's factory for the connectors it holds. The plugin never links against the host.
 *
 * Compatibility rules
 * - ABI_MAJOR changes only when something is removed or changes meaning; the host refuses a
 *   plugin built for another major version.
 * - ABI_MINOR grows when entries are appended to cd_host_api or fields to cd_connector_info.
 *   Nothing is ever inserted in the middle or reordered.
 * - A plugin built for minor N loads in any host with minor >= N. The host checks that its
 *   cd_host_api is at least as large as the one the plugin was compiled with.
 * - cd_connector_info is zero-filled by the host; a plugin fills only what it knows, and NULL
 *   callbacks mean "not supported", so old plugins keep working as the struct grows.
 *
 * Ownership rules (they hold for every function below)
 * - A parameter named `owned_*` transfers ownership to the callee, also when the call fails.
 * - Functions named *_new, *_copy, *_build, schema_builder_array, schema_builder_map,
 *   schema_retain and offset_read return a reference the caller owns and must release
 *   (value_free, schema_release, schema_builder_free, record_free, error_free,
 *   source_partition_free) or give away through an `owned_*` parameter.
 * - Every other pointer parameter is borrowed for the duration of the call; every other returned
 *   pointer is borrowed from the object it was read from and lives as long as that object.
 * - Strings are NUL-terminated UTF-8 unless passed as (ptr, len); a NULL string is taken as "".
 * - Index accessors (*_at) return NULL (or -1/"") for an index out of range (the struct setters
 *   value_struct_set*_at return CD_ERROR and free any owned argument), and value
 *   accessors and container functions used on a value of another kind do nothing (freeing any
 *   owned argument) and return NULL/0, so a plugin bug cannot crash the host.
 * - Error messages are written with cd_host_api.error_set, which copies them.
 *
 * Threading rules
 * - Plugin entry points (init, deinit, connector_count, and connector_describe once per index)
 *   are called on the thread that loads the plugin, before/after any connector runs.
 * - A connector's callbacks (connector_*) are called on one host thread at a time, never
 *   concurrently for the same connector instance.
 * - A task's callbacks (task_*, source_*, sink_*) are all called on that task's own thread,
 *   never concurrently for the same task instance. Different tasks run on different threads.
 * - Every cd_host_api function may be called from any thread, but a value, schema builder,
 *   record or list must be used by one thread at a time. Built schemas are immutable and may be
 *   shared between threads.
 * - No C++ exception, longjmp or signal may cross this boundary.
 */
#ifndef CONNECTD_PLUGIN_H
#define CONNECTD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CD_ABI_MAJOR 1
#define CD_ABI_MINOR 5
/* "CDPL": first field of every plugin entry. */
#define CD_PLUGIN_MAGIC 0x4344504Cu
#define CD_PLUGIN_ENTRY_SYMBOL "connectd_plugin_entry"

#if defined(__GNUC__)
#define CD_EXPORT __attribute__((visibility("default")))
#else
#define CD_EXPORT
#endif

/* Return codes of every fallible callback and host function.
 * CD_OK: done. CD_RETRY: a transient failure (connection lost, busy); the host backs off and
 * calls again with the same input. CD_ERROR: a permanent failure; the host stops the task or
 * connector and reports the message set with error_set as its failure trace. */
typedef enum cd_rc { CD_OK = 0, CD_RETRY = 1, CD_ERROR = 2 } cd_rc;

typedef enum cd_log_level {
  CD_LOG_TRACE = 0,
  CD_LOG_DEBUG = 1,
  CD_LOG_INFO = 2,
  CD_LOG_WARN = 3,
  CD_LOG_ERROR = 4
} cd_log_level;

/* Kafka Connect schema types (org.apache.kafka.connect.data.Schema.Type). */
typedef enum cd_schema_type {
  CD_SCHEMA_INT8 = 0,
  CD_SCHEMA_INT16 = 1,
  CD_SCHEMA_INT32 = 2,
  CD_SCHEMA_INT64 = 3,
  CD_SCHEMA_FLOAT32 = 4,
  CD_SCHEMA_FLOAT64 = 5,
  CD_SCHEMA_BOOLEAN = 6,
  CD_SCHEMA_STRING = 7,
  CD_SCHEMA_BYTES = 8,
  CD_SCHEMA_ARRAY = 9,
  CD_SCHEMA_MAP = 10,
  CD_SCHEMA_STRUCT = 11
} cd_schema_type;

/* What a value holds. Integers keep their width so schemaless data round-trips. */
typedef enum cd_value_kind {
  CD_VALUE_NULL = 0,
  CD_VALUE_BOOLEAN = 1,
  CD_VALUE_INT8 = 2,
  CD_VALUE_INT16 = 3,
  CD_VALUE_INT32 = 4,
  CD_VALUE_INT64 = 5,
  CD_VALUE_FLOAT32 = 6,
  CD_VALUE_FLOAT64 = 7,
  CD_VALUE_STRING = 8,
  CD_VALUE_BYTES = 9,
  CD_VALUE_ARRAY = 10,
  CD_VALUE_MAP = 11,
  CD_VALUE_STRUCT = 12
} cd_value_kind;

/* Logical types are a name (and parameters) on a physical schema, as in Kafka Connect:
 * Decimal: BYTES holding the unscaled value as big-endian two's complement, parameter "scale".
 * Date: INT32 days since the epoch. Time: INT32 milliseconds since midnight.
 * Timestamp: INT64 milliseconds since the epoch. */
#define CD_LOGICAL_DECIMAL "org.apache.kafka.connect.data.Decimal"
#define CD_LOGICAL_DATE "org.apache.kafka.connect.data.Date"
#define CD_LOGICAL_TIME "org.apache.kafka.connect.data.Time"
#define CD_LOGICAL_TIMESTAMP "org.apache.kafka.connect.data.Timestamp"

/* A borrowed byte range. Frozen: passed by value, so it never grows. */
typedef struct cd_bytes {
  const char *ptr;
  size_t len;
} cd_bytes;

/* Opaque host objects. */
typedef struct cd_schema cd_schema;                 /* immutable, reference counted */
typedef struct cd_schema_builder cd_schema_builder; /* mutable until built */
typedef struct cd_value cd_value;                   /* a data tree */
typedef struct cd_record cd_record;                 /* a Connect record */
typedef struct cd_config cd_config;                 /* read-only string map */
typedef struct cd_context cd_context;               /* identifies a running connector or task */
typedef struct cd_error cd_error;                   /* where a callback writes its failure */
typedef struct cd_record_list cd_record_list;       /* a source poll's output */
typedef struct cd_task_configs cd_task_configs;     /* a connector's task config output */
typedef struct cd_offset_list cd_offset_list;       /* sink offsets to commit */
typedef struct cd_source_partition cd_source_partition; /* a shared, immutable source partition */

/* A Kafka topic partition, borrowed for the duration of the call it is passed to. Frozen: it is
 * passed in arrays, so it never grows. */
typedef struct cd_topic_partition {
  const char *topic;
  int32_t partition;
} cd_topic_partition;

/* ------------------------------------------------------------------------------------------
 * Host services. The host fills this table; a plugin receives it in init() and keeps the
 * pointer (it stays valid until deinit() returns). struct_size lets a plugin test whether an
 * entry appended after its own ABI minor exists before calling it.
 * ------------------------------------------------------------------------------------------ */
typedef struct cd_host_api {
  uint32_t struct_size; /* sizeof(cd_host_api) in the host */
  uint16_t abi_major;
  uint16_t abi_minor;

  /* --- errors and logging --- */

  /* Records `message` (copied) as the failure of the callback that received `err`. The last
   * call wins. */
  void (*error_set)(cd_error *err, const char *message);
  /* Logs `message` (copied). `ctx` may be NULL (plugin-level message); otherwise the line is
   * prefixed with the connector name and task id. */
  void (*log)(const cd_context *ctx, cd_log_level level, const char *message);

  /* --- context --- */

  /* The connector's name; borrowed, valid while ctx is. */
  const char *(*context_connector_name)(const cd_context *ctx);
  /* The task id, or -1 for a connector context. */
  int32_t (*context_task_id)(const cd_context *ctx);
  /* Sleeps up to timeout_ms, waking early when the host asks the connector or task to stop.
   * Returns 1 when a stop was requested, 0 when the time elapsed. Plugins call it instead of
   * sleeping so that shutdown is prompt. */
  int (*context_wait)(cd_context *ctx, int64_t timeout_ms);
  /* Connector contexts only (a no-op on a task context): asks the host to call
   * connector_task_configs again (for example when a source discovers new tables). Tasks are
   * restarted with the new configs. */
  void (*context_request_task_reconfiguration)(cd_context *ctx);
  /* Source task contexts only: the last offset committed for `partition` (a map value), as an
   * owned map value, or NULL when none is stored. Called usually from task_create. */
  cd_value *(*offset_read)(cd_context *ctx, const cd_value *partition);

  /* --- configs --- */

  /* The value of `key`, or NULL when absent. Declared keys with a default are always present
   * in connector configs. Borrowed, valid while `config` is (until the matching destroy). */
  const char *(*config_get)(const cd_config *config, const char *key);
  size_t (*config_count)(const cd_config *config);
  /* Entry `index` (< config_count), in key order. */
  void (*config_at)(const cd_config *config, size_t index, const char **key, const char **value);
  /* Appends an empty task config to `out` and returns its index. */
  size_t (*task_configs_add)(cd_task_configs *out);
  /* Sets key=value (both copied) in task config `task` (an index from task_configs_add). */
  void (*task_configs_set)(cd_task_configs *out, size_t task, const char *key, const char *value);

  /* --- schemas --- */

  /* A shared primitive schema (INT8..BYTES), borrowed, valid for the life of the process. */
  const cd_schema *(*schema_primitive)(cd_schema_type type, int optional);
  cd_schema_builder *(*schema_builder_new)(cd_schema_type type);
  /* Array of `element`, map of `key` -> `value`; the schemas are borrowed (the host retains). */
  cd_schema_builder *(*schema_builder_array)(const cd_schema *element);
  cd_schema_builder *(*schema_builder_map)(const cd_schema *key, const cd_schema *value);
  void (*schema_builder_optional)(cd_schema_builder *b, int optional);
  void (*schema_builder_name)(cd_schema_builder *b, const char *name);
  void (*schema_builder_version)(cd_schema_builder *b, int32_t version);
  void (*schema_builder_doc)(cd_schema_builder *b, const char *doc);
  void (*schema_builder_parameter)(cd_schema_builder *b, const char *key, const char *value);
  void (*schema_builder_default)(cd_schema_builder *b, cd_value *owned_default);
  /* STRUCT builders only; `schema` is borrowed (the host retains it). */
  void (*schema_builder_field)(cd_schema_builder *b, const char *name, const cd_schema *schema);
  /* Consumes the builder. Returns an owned schema, or NULL with a message in `err` (which may
   * be NULL) when the builder is inconsistent (a default that does not fit the schema). */
  cd_schema *(*schema_builder_build)(cd_schema_builder *owned_builder, cd_error *err);
  void (*schema_builder_free)(cd_schema_builder *owned_builder);
  /* Reference counting: retain returns `schema` with one more reference for the caller. */
  cd_schema *(*schema_retain)(const cd_schema *schema);
  void (*schema_release)(cd_schema *owned_schema);

  cd_schema_type (*schema_type)(const cd_schema *schema);
  int (*schema_is_optional)(const cd_schema *schema);
  /* NULL when unset. */
  const char *(*schema_name)(const cd_schema *schema);
  const char *(*schema_doc)(const cd_schema *schema);
  /* 0 when unset. */
  int32_t (*schema_version)(const cd_schema *schema);
  /* NULL when the parameter is absent. */
  const char *(*schema_parameter)(const cd_schema *schema, const char *key);
  /* NULL when the schema has no default. */
  const cd_value *(*schema_default)(const cd_schema *schema);
  /* STRUCT: the number of fields; 0 otherwise. */
  size_t (*schema_field_count)(const cd_schema *schema);
  /* STRUCT: field `index`'s schema, its name in *name. */
  const cd_schema *(*schema_field_at)(const cd_schema *schema, size_t index, const char **name);
  /* STRUCT: the index of the field called `name`, or -1. */
  int32_t (*schema_field_index)(const cd_schema *schema, const char *name);
  /* MAP: key schema; NULL otherwise. ARRAY and MAP: element/value schema; NULL otherwise. */
  const cd_schema *(*schema_key_schema)(const cd_schema *schema);
  const cd_schema *(*schema_value_schema)(const cd_schema *schema);

  /* --- values --- */

  cd_value *(*value_new_null)(void);
  cd_value *(*value_new_boolean)(int v);
  cd_value *(*value_new_int8)(int8_t v);
  cd_value *(*value_new_int16)(int16_t v);
  cd_value *(*value_new_int32)(int32_t v);
  cd_value *(*value_new_int64)(int64_t v);
  cd_value *(*value_new_float32)(float v);
  cd_value *(*value_new_float64)(double v);
  /* The bytes are copied. */
  cd_value *(*value_new_string)(const char *ptr, size_t len);
  cd_value *(*value_new_bytes)(const void *ptr, size_t len);
  cd_value *(*value_new_array)(void);
  cd_value *(*value_new_map)(void);
  /* A struct of `schema` (a STRUCT schema, borrowed and retained) with every field null;
   * NULL when `schema` is NULL or not a STRUCT. */
  cd_value *(*value_new_struct)(const cd_schema *schema);
  cd_value *(*value_copy)(const cd_value *value);
  void (*value_free)(cd_value *owned_value);

  /* Precondition: `array` is an ARRAY value. */
  void (*value_array_append)(cd_value *array, cd_value *owned_item);
  /* Precondition: `map` is a MAP value. Entries keep insertion order. */
  void (*value_map_put)(cd_value *map, cd_value *owned_key, cd_value *owned_value);
  /* Sets a struct field. CD_ERROR (message in `err`, which may be NULL) when the struct has no
   * such field. */
  cd_rc (*value_struct_set)(cd_value *structure, const char *field, cd_value *owned_value, cd_error *err);

  cd_value_kind (*value_kind)(const cd_value *value);
  /* The accessors below return 0/empty when the value is of another kind. */
  int (*value_get_boolean)(const cd_value *value);
  /* Any integer width. */
  int64_t (*value_get_int)(const cd_value *value);
  /* FLOAT32/FLOAT64, or an integer widened. */
  double (*value_get_double)(const cd_value *value);
  /* STRING or BYTES contents, borrowed from the value. */
  cd_bytes (*value_get_bytes)(const cd_value *value);
  /* ARRAY: number of items; MAP: number of entries; STRUCT: number of fields; else 0. */
  size_t (*value_size)(const cd_value *value);
  const cd_value *(*value_array_at)(const cd_value *array, size_t index);
  const cd_value *(*value_map_key_at)(const cd_value *map, size_t index);
  const cd_value *(*value_map_value_at)(const cd_value *map, size_t index);
  /* MAP with string keys: the value for `key`, or NULL. */
  const cd_value *(*value_map_get)(const cd_value *map, const char *key);
  /* STRUCT: its schema, and the value of a field (NULL when no such field). */
  const cd_schema *(*value_struct_schema)(const cd_value *structure);
  const cd_value *(*value_struct_get)(const cd_value *structure, const char *field);
  const cd_value *(*value_struct_get_index)(const cd_value *structure, size_t index);

  /* --- records --- */

  /* A new source record for `topic` with null key and value. */
  cd_record *(*record_new)(const char *topic);
  void (*record_free)(cd_record *owned_record);
  /* -1 (the default) lets the producer's partitioner choose. */
  void (*record_set_partition)(cd_record *record, int32_t partition);
  /* `schema` may be NULL (schemaless); `owned_value` may be NULL (a Kafka null). */
  void (*record_set_key)(cd_record *record, const cd_schema *schema, cd_value *owned_value);
  void (*record_set_value)(cd_record *record, const cd_schema *schema, cd_value *owned_value);
  /* Milliseconds since the epoch; -1 (the default) lets Kafka stamp it. */
  void (*record_set_timestamp)(cd_record *record, int64_t timestamp_ms);
  void (*record_add_header)(cd_record *record, const char *key, const cd_schema *schema, cd_value *owned_value);
  /* Source partition and offset, both MAP values (schemaless, string keys). The host stores
   * the offset once Kafka has acknowledged this record and every earlier record of the same
   * source partition. A record may carry a partition and no offset: a later record's offset of
   * the same partition then covers it. A source that emits many records of one partition should
   * use source_partition_new and record_set_source_partition_shared instead. */
  void (*record_set_source_partition)(cd_record *record, cd_value *owned_map);
  void (*record_set_source_offset)(cd_record *record, cd_value *owned_map);

  const char *(*record_topic)(const cd_record *record);
  int32_t (*record_kafka_partition)(const cd_record *record);
  /* Sink records: the offset the record was read at; -1 for source records. */
  int64_t (*record_kafka_offset)(const cd_record *record);
  int64_t (*record_timestamp)(const cd_record *record);
  /* NULL schema = schemaless; the value is never NULL (a Kafka null is a NULL-kind value). */
  const cd_schema *(*record_key_schema)(const cd_record *record);
  const cd_value *(*record_key)(const cd_record *record);
  const cd_schema *(*record_value_schema)(const cd_record *record);
  const cd_value *(*record_value)(const cd_record *record);
  size_t (*record_header_count)(const cd_record *record);
  /* Header `index`: its value, with key and schema (may be NULL) written to the out params. */
  const cd_value *(*record_header_at)(const cd_record *record, size_t index, const char **key,
                                      const cd_schema **schema);
  /* Source records: the source partition/offset maps set by the plugin, or NULL-kind values. */
  const cd_value *(*record_source_partition)(const cd_record *record);
  const cd_value *(*record_source_offset)(const cd_record *record);

  /* --- task I/O --- */

  /* Appends a record to a poll's output; the host takes it. */
  void (*record_list_append)(cd_record_list *list, cd_record *owned_record);
  /* Sink flush: the partitions and the offsets the host would commit (the next offset to read,
   * as Kafka commits them). */
  size_t (*offset_list_count)(const cd_offset_list *list);
  int64_t (*offset_list_at)(const cd_offset_list *list, size_t index, cd_topic_partition *tp);
  /* Lowers what is committed for entry `index` (to data the plugin has made durable), or -1 to
   * commit nothing for that partition this time. Raising an offset is ignored. */
  void (*offset_list_set)(cd_offset_list *list, size_t index, int64_t offset);

  /* --- errors owned by the plugin --- */

  /* A fresh error for host functions that take `cd_error *err` outside a callback (for example
   * schema_builder_build). Free it with error_free. */
  cd_error *(*error_new)(void);
  /* The message set on `err`, or NULL when none; borrowed from `err`. */
  const char *(*error_message)(const cd_error *err);
  void (*error_free)(cd_error *owned_err);

  /* --- shared source partitions --- */

  /* Wraps a MAP value as a source partition that many records can share without copying it.
   * The plugin owns the result; records keep their own reference, so it may be freed any time. */
  cd_source_partition *(*source_partition_new)(cd_value *owned_map);
  void (*source_partition_free)(cd_source_partition *owned_partition);
  /* Sets the record's source partition to `partition` (shared, not copied). */
  void (*record_set_source_partition_shared)(cd_record *record, const cd_source_partition *partition);

  /* --- decimals (ABI 1.1) --- */

  /* A Decimal value (BYTES: the unscaled integer as big-endian two's complement) for decimal text
   * such as "-12.50" or "1e-3" at `scale`; `text` need not be NUL-terminated. Returns NULL with
   * `err` set when the text is not a number or has more fraction digits than `scale` keeps (it is
   * never rounded). The plugin owns the result. */
  cd_value *(*value_new_decimal)(const char *text, size_t len, int32_t scale, cd_error *err);
  /* The plain decimal text of a Decimal value at `scale` ("-12.50", never an exponent), written to
   * `buf` and NUL-terminated when it fits. Returns the text's length without the NUL: when that is
   * >= cap, call again with a larger buffer. Returns 0 when `decimal` is not a non-empty BYTES. */
  size_t (*decimal_to_text)(const cd_value *decimal, int32_t scale, char *buf, size_t cap);

  /* --- JSON (ABI 1.2) --- */

  /* The JSON Kafka's JsonConverter writes for `value` with `schema` (NULL for schemaless data):
   * the envelope {"schema":...,"payload":...} when `with_schema` is nonzero, else the payload alone;
   * decimals as base64 (decimal.format=BASE64, Kafka's default). Written to `buf`, NUL-terminated
   * when it fits. Returns the text's length without the NUL: when that is >= cap, call again with a
   * larger buffer. Returns (size_t)-1 with `err` set when the value does not match the schema.
   * Any thread may call it.
   * A NULL `value`, or a NULL-kind value without a schema (a Kafka null, for which the converter
   * writes no bytes at all), gives "null". `buf` may be NULL when `cap` is 0; `err` may be NULL.
   * A plugin built for 1.2 never loads in an older host (its host_api_size is larger), so it may
   * call this without testing struct_size. */
  size_t (*value_to_json)(const cd_schema *schema, const cd_value *value, int with_schema, char *buf, size_t cap,
                          cd_error *err);

  /* --- sink record values as JSON (ABI 1.3) --- */

  /* The record's value as value_to_json(record_value_schema, record_value, 0, ...) writes it, in
   * *out (not NUL-terminated; borrowed from the record and valid as long as it). A null value (a
   * tombstone, or JSON null) gives CD_OK with out->ptr NULL, so a sink tells nulls apart without
   * reading the value. CD_ERROR with `err` set when the value does not match its schema; `err`
   * may be NULL (a second call with an error object then gives the same message).
   * For a task whose sink_values_as_json returned nonzero, the host may hand over values read
   * through a schemaless JsonConverter without building them at all: this call is then a lookup,
   * and the first record_value or record_value_schema call on such a record builds the value
   * (correct, but the saving is lost). Called on the task's thread, during sink_put. */
  cd_rc (*record_value_json)(const cd_record *record, cd_bytes *out, cd_error *err);

  /* --- values set without value handles (ABI 1.4) --- */

  /* What value_map_put(map, value_new_string(key), value_new_int64(v)) does, without allocating
   * and freeing the two handles (a source offset is mostly such entries). `key` is copied. */
  void (*value_map_put_int64)(cd_value *map, const char *key, int64_t v);
  /* What value_struct_set(structure, field, value_new_int64(v) / value_new_string(ptr, len), err)
   * does, without the handle. The string is copied. CD_ERROR (message in `err`, which may be
   * NULL) when the struct has no such field. */
  cd_rc (*value_struct_set_int64)(cd_value *structure, const char *field, int64_t v, cd_error *err);
  cd_rc (*value_struct_set_string)(cd_value *structure, const char *field, const char *ptr, size_t len,
                                   cd_error *err);

  /* --- struct fields set by position (ABI 1.5) --- */

  /* What value_struct_set, value_struct_set_int64 and value_struct_set_string do for the field at
   * `index` in the struct's schema (the order of schema_field_at), without looking a name up: a
   * plugin that builds many structs of one schema finds its field positions once, with
   * schema_field_index (Kafka's Struct.put(Field, Object)). CD_OK when set; CD_ERROR (message in
   * `err`, which may be NULL) when `structure` is not a struct or `index` is not below its
   * schema's field count, and `owned_value` is freed then too. The string is copied. Any thread,
   * one at a time per struct (the threading rules above). A plugin built for 1.5 never loads in
   * an older host, so it may call these without testing struct_size. */
  cd_rc (*value_struct_set_at)(cd_value *structure, size_t index, cd_value *owned_value, cd_error *err);
  cd_rc (*value_struct_set_int64_at)(cd_value *structure, size_t index, int64_t v, cd_error *err);
  cd_rc (*value_struct_set_string_at)(cd_value *structure, size_t index, const char *ptr, size_t len,
                                      cd_error *err);
} cd_host_api;

/* ------------------------------------------------------------------------------------------
 * Config declarations. Each connector declares its keys so the host validates configs
 * (required keys, types, allowed values), fills defaults, masks passwords and documents them.
 * ------------------------------------------------------------------------------------------ */
typedef enum cd_config_type {
  CD_CONFIG_STRING = 0,
  CD_CONFIG_INT = 1,     /* 32-bit */
  CD_CONFIG_LONG = 2,    /* 64-bit */
  CD_CONFIG_DOUBLE = 3,
  CD_CONFIG_BOOLEAN = 4, /* true/false */
  CD_CONFIG_LIST = 5,    /* comma separated */
  CD_CONFIG_PASSWORD = 6,/* a string never shown in clear */
  CD_CONFIG_CLASS = 7
} cd_config_type;

typedef enum cd_config_importance {
  CD_IMPORTANCE_HIGH = 0,
  CD_IMPORTANCE_MEDIUM = 1,
  CD_IMPORTANCE_LOW = 2
} cd_config_importance;

/* One declared key. Arrays of these are walked with the stride config_def_size given in
 * cd_connector_info, so fields may be appended in later minors. All strings are static. */
typedef struct cd_config_def {
  const char *name;
  cd_config_type type;
  /* NULL: no default. */
  const char *default_value;
  cd_config_importance importance;
  const char *documentation;
  /* Nonzero: the key must be set (a key with no default is not automatically required). */
  int required;
  /* NULL, or a NULL-terminated list of allowed values (compared case-insensitively). */
  const char *const *valid_values;
  /* Inclusive bounds for INT/LONG/DOUBLE keys, used when has_range is nonzero. */
  int has_range;
  double min_value;
  double max_value;
} cd_config_def;

typedef enum cd_connector_type { CD_CONNECTOR_SOURCE = 1, CD_CONNECTOR_SINK = 2 } cd_connector_type;

/* ------------------------------------------------------------------------------------------
 * A connector: its description and callbacks. The host zero-fills this struct and passes its
 * size to connector_describe; the plugin fills what it supports. NULL optional callbacks mean
 * "not supported" and the host falls back to the documented default.
 *
 * Every fallible callback returns cd_rc and writes a message to `err` on CD_RETRY/CD_ERROR.
 * ------------------------------------------------------------------------------------------ */
typedef struct cd_connector_info {
  /* Full class name users put in connector.class, e.g.
   * "org.apache.kafka.connect.file.FileStreamSourceConnector". Required. The simple name
   * (after the last '.') and the simple name without the "Connector" suffix match too. */
  const char *class_name;
  /* NULL-terminated list of other names that select this connector, or NULL. */
  const char *const *aliases;
  cd_connector_type type;
  const char *version;
  const char *description;
  const cd_config_def *config_defs;
  uint32_t config_def_count;
  uint32_t config_def_size; /* sizeof(cd_config_def) as the plugin was compiled */

  /* --- connector (required unless noted) --- */

  /* Starts a connector with its validated config (defaults filled). `config` and `ctx` stay
   * valid until connector_destroy returns. On CD_OK *out_connector is the plugin's state. */
  cd_rc (*connector_create)(const cd_config *config, cd_context *ctx, void **out_connector, cd_error *err);
  /* Optional: checks beyond the declared config table (cross-key rules). NULL: none. */
  cd_rc (*connector_validate)(const cd_config *config, cd_error *err);
  /* Writes up to max_tasks task configs to `out` (at least one). */
  cd_rc (*connector_task_configs)(void *connector, uint32_t max_tasks, cd_task_configs *out, cd_error *err);
  /* Stops the connector and frees its state. */
  void (*connector_destroy)(void *connector);

  /* --- task (required) --- */

  /* Starts a task with one of the configs from connector_task_configs. `config` and `ctx` stay
   * valid until task_destroy returns. On CD_OK *out_task is the plugin's state. */
  cd_rc (*task_create)(const cd_config *config, cd_context *ctx, void **out_task, cd_error *err);
  void (*task_destroy)(void *task);

  /* --- source tasks --- */

  /* Required for sources. Appends zero or more records to `out`. May block briefly (use
   * context_wait) when there is no data; returning CD_OK with no records is fine. Records
   * appended before returning CD_RETRY or CD_ERROR are discarded: do not advance your read
   * position for them. */
  cd_rc (*source_poll)(void *task, cd_record_list *out, cd_error *err);
  /* Optional: `record` (borrowed, as the plugin produced it, before transforms) was delivered
   * to Kafka together with every earlier record of its source partition. Called on the task
   * thread between polls, in submission order within each source partition; a CDC source
   * confirms its log position here. Records dropped by a transform count as delivered. */
  void (*source_record_acked)(void *task, const cd_record *record);
  /* Optional: the host has durably stored the offsets of every record reported to
   * source_record_acked so far. */
  cd_rc (*source_commit)(void *task, cd_error *err);

  /* --- sink tasks --- */

  /* Optional: partitions assigned to / revoked from this task. */
  cd_rc (*sink_open)(void *task, const cd_topic_partition *partitions, size_t count, cd_error *err);
  cd_rc (*sink_close)(void *task, const cd_topic_partition *partitions, size_t count, cd_error *err);
  /* Required for sinks: a batch of records (borrowed for the call). CD_RETRY: the host backs off
   * and delivers the same batch again. */
  cd_rc (*sink_put)(void *task, const cd_record *const *records, size_t count, cd_error *err);
  /* Optional: make everything put so far durable; may lower entries of `offsets` to what is
   * durable. NULL: records are durable when sink_put returns. */
  cd_rc (*sink_flush)(void *task, cd_offset_list *offsets, cd_error *err);

  /* --- sink tasks (ABI 1.3) --- */

  /* Optional: nonzero when the task reads record values through record_value_json only (a sink
   * that writes values as JSON, like a JSON file format). Asked once, on the task thread, after
   * task_create. The host may then skip building the values it would only have serialized again.
   * NULL or 0: values are built as usual. */
  int (*sink_values_as_json)(void *task);
} cd_connector_info;

/* ------------------------------------------------------------------------------------------
 * The entry point: the one exported symbol, a constant the host reads without calling
 * anything first.
 * ------------------------------------------------------------------------------------------ */
typedef struct cd_plugin_entry {
  uint32_t magic;         /* CD_PLUGIN_MAGIC */
  uint16_t abi_major;     /* CD_ABI_MAJOR the plugin was built with */
  uint16_t abi_minor;     /* CD_ABI_MINOR the plugin was built with */
  uint32_t entry_size;    /* sizeof(cd_plugin_entry) */
  uint32_t host_api_size; /* sizeof(cd_host_api) the plugin expects at least */
  uint32_t info_size;     /* sizeof(cd_connector_info) the plugin fills at most */
  const char *plugin_name;
  const char *plugin_version;

  /* Optional: called once after the checks pass. `host` stays valid until deinit returns.
   * CD_ERROR: the plugin is not loaded (the message says why). */
  cd_rc (*init)(const cd_host_api *host, cd_error *err);
  /* Optional: called once before unloading, after every connector and task is destroyed. */
  void (*deinit)(void);
  /* The factory: how many connectors this plugin holds, and each one's description. The
   * plugin writes at most info_size bytes into the zero-filled `info`. */
  uint32_t (*connector_count)(void);
  cd_rc (*connector_describe)(uint32_t index, cd_connector_info *info, size_t info_size, cd_error *err);
} cd_plugin_entry;

#ifdef __cplusplus
}
#endif

#endif /* CONNECTD_PLUGIN_H */
