// Reads Java .properties files (the format of connect-standalone's worker and connector
// files): key=value, key:value or "key value"; '#'/'!' comments; backslash line continuation;
// \t \n \r \f \\ \uXXXX escapes. Written here rather than on Poco's PropertyFileConfiguration
// because errors must name the file and line.
#pragma once

#include <string>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

// Parses `text`; `source` names it in errors ("worker.properties line 7: ..."). Malformed:
// an invalid \u escape, an empty key, a line holding a key with no separator and no value.
// A duplicate key: the last one wins (as Java).
Status ParseProperties(const std::string& text, const std::string& source, ConfigMap* out);
// Reads and parses a file; IOError names the path when it cannot be read.
Status ReadPropertiesFile(const std::string& path, ConfigMap* out);
// Reads a whole config file (properties or JSON) as bytes; IOError names the path and why it
// cannot be read (missing, no permission, a directory). Shared by the config file readers.
// Like the parsers above, any thread may call.
Status ReadConfigFile(const std::string& path, std::string* out);

}  // namespace connectd
