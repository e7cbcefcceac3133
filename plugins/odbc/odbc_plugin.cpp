// The connectd-odbc plugin: the ODBC source and sink connectors (Confluent JDBC compatible) in
// one .so. Its only exported symbol is the entry block CONNECTD_PLUGIN defines.
#include "connectd/sdk.hpp"
#include "odbc_sink.h"
#include "odbc_source.h"

CONNECTD_PLUGIN("odbc", CONNECTD_ODBC_PLUGIN_VERSION, connectd::odbc::OdbcSourceConnector,
                connectd::odbc::OdbcSinkConnector);
