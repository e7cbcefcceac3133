// The connectd-file plugin: Kafka's FileStreamSource and FileStreamSink connectors in one .so.
// Its only exported symbol is the entry block CONNECTD_PLUGIN defines.
#include "connectd/sdk.hpp"
#include "file_stream_sink.h"
#include "file_stream_source.h"

CONNECTD_PLUGIN("file", CONNECTD_FILE_PLUGIN_VERSION, connectd::file::FileStreamSourceConnector,
                connectd::file::FileStreamSinkConnector);
