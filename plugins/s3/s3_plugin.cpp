// The connectd-s3 plugin: Confluent's S3 sink. Its only exported symbol is the entry block
// CONNECTD_PLUGIN defines.
#include "connectd/sdk.hpp"
#include "s3_sink.h"

CONNECTD_PLUGIN("s3", CONNECTD_S3_PLUGIN_VERSION, connectd::s3::S3SinkConnector);
