/* One C source, compiled once per ABI_TEST_* variant: a minimal source connector that sets
 * only the required callbacks (every optional one stays NULL), and broken variants of it that
 * the host must reject with a clear reason while it keeps running. */
#include <connectd/plugin.h>
#include <string.h>

static const cd_host_api *host;

typedef struct counter_task {
  int64_t next;
  char topic[128];
} counter_task;

static const cd_config_def defs[] = {
    {"topic", CD_CONFIG_STRING, NULL, CD_IMPORTANCE_HIGH, "Topic to write to.", 1, NULL, 0, 0, 0},
    {"count", CD_CONFIG_LONG, "3", CD_IMPORTANCE_LOW, "How many records to emit.", 0, NULL, 1, 0, 1000},
};

static cd_rc connector_create(const cd_config *config, cd_context *ctx, void **out, cd_error *err) {
  (void)config;
  (void)ctx;
  (void)err;
  *out = (void *)&host; /* no state needed */
  return CD_OK;
}

static cd_rc connector_task_configs(void *connector, uint32_t max_tasks, cd_task_configs *out, cd_error *err) {
  (void)connector;
  (void)max_tasks;
  (void)err;
  size_t task = host->task_configs_add(out);
  host->task_configs_set(out, task, "role", "counter");
  return CD_OK;
}

static void connector_destroy(void *connector) { (void)connector; }

static cd_rc task_create(const cd_config *config, cd_context *ctx, void **out, cd_error *err) {
  static counter_task state;
  (void)ctx;
  const char *role = host->config_get(config, "role");
  if (role == NULL || strcmp(role, "counter") != 0) {
    host->error_set(err, "task config lacks role=counter");
    return CD_ERROR;
  }
  state.next = 0;
  strncpy(state.topic, "abi-test", sizeof(state.topic) - 1);
  *out = &state;
  return CD_OK;
}

static void task_destroy(void *task) { (void)task; }

static cd_rc source_poll(void *task, cd_record_list *out, cd_error *err) {
  counter_task *t = (counter_task *)task;
  (void)err;
  if (t->next >= 3) return CD_OK;
  cd_record *r = host->record_new(t->topic);
  host->record_set_value(r, host->schema_primitive(CD_SCHEMA_INT64, 0), host->value_new_int64(t->next));
  t->next++;
  host->record_list_append(out, r);
  return CD_OK;
}

static cd_rc describe(uint32_t index, cd_connector_info *info, size_t info_size, cd_error *err) {
  cd_connector_info mine;
  (void)index;
#ifdef ABI_TEST_DESCRIBE_FAILS
  host->error_set(err, "describe refused on purpose");
  return CD_ERROR;
#else
  (void)err;
#endif
  memset(&mine, 0, sizeof(mine));
  mine.class_name = "test.abi.CounterSourceConnector";
  mine.type = CD_CONNECTOR_SOURCE;
  mine.version = "1.0";
  mine.description = "Emits 0, 1, 2 (ABI test)";
  mine.config_defs = defs;
  mine.config_def_count = 2;
  mine.config_def_size = sizeof(cd_config_def);
  mine.connector_create = connector_create;
  mine.connector_task_configs = connector_task_configs;
  mine.connector_destroy = connector_destroy;
  mine.task_create = task_create;
  mine.task_destroy = task_destroy;
  mine.source_poll = source_poll;
#ifdef ABI_TEST_MISSING_POLL
  mine.source_poll = NULL;
#endif
  memcpy(info, &mine, info_size < sizeof(mine) ? info_size : sizeof(mine));
  return CD_OK;
}

static uint32_t count(void) { return 1; }

static cd_rc init(const cd_host_api *api, cd_error *err) {
  host = api;
#ifdef ABI_TEST_INIT_FAILS
  api->error_set(err, "init refused on purpose");
  return CD_ERROR;
#else
  (void)err;
  return CD_OK;
#endif
}

/* NO_ENTRY: a typo in the exported name, the mistake the host must explain. */
#ifdef ABI_TEST_NO_ENTRY
#define ABI_TEST_ENTRY_NAME connectd_plugin_entyr
#else
#define ABI_TEST_ENTRY_NAME connectd_plugin_entry
#endif
CD_EXPORT const cd_plugin_entry ABI_TEST_ENTRY_NAME = {
#ifdef ABI_TEST_WRONG_MAGIC
    0xDEADBEEFu,
#else
    CD_PLUGIN_MAGIC,
#endif
#ifdef ABI_TEST_WRONG_MAJOR
    CD_ABI_MAJOR + 1,
#else
    CD_ABI_MAJOR,
#endif
#ifdef ABI_TEST_NEWER_MINOR
    CD_ABI_MINOR + 1,
#else
    CD_ABI_MINOR,
#endif
    sizeof(cd_plugin_entry),
    sizeof(cd_host_api),
    sizeof(cd_connector_info),
    "abi-test",
    "1.0",
    init,
    NULL,
    count,
    describe};
