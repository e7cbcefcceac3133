// The connectd-postgres-cdc plugin: Debezium's PostgreSQL connector. Its only exported symbol
// is the entry block CONNECTD_PLUGIN defines.
#include "connectd/sdk.hpp"
#include "postgres_cdc_source.h"

CONNECTD_PLUGIN("postgres-cdc", CONNECTD_POSTGRES_CDC_PLUGIN_VERSION, connectd::pgcdc::PostgresCdcConnector);
