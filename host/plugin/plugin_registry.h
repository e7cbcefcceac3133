// PluginRegistry: finds plugin .so files on plugin.path, loads each with RTLD_LOCAL (Poco
// SharedLibrary), checks its entry block field by field, initialises it with the host API and
// records every connector it declares. A plugin that fails any step is skipped with a log line
// naming the file and the reason; the others still load.
//
// Threading: load on the main thread before any connector runs; afterwards the registry is
// read-only and may be read from any thread. Unloading happens in the destructor, after every
// connector and task has been destroyed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config_def.h"
#include "connectd/plugin.h"
#include "error/status.h"

namespace Poco {
class SharedLibrary;
}

namespace connectd {

// One connector class held by a loaded plugin.
struct ConnectorPlugin {
  std::string class_name;
  std::vector<std::string> aliases;
  cd_connector_type type = CD_CONNECTOR_SOURCE;
  std::string version;
  std::string description;
  std::vector<ConfigKey> config_keys;
  cd_connector_info info{};  // callbacks (zero-filled beyond what the plugin wrote)
  std::string plugin_file;

  // The simple name ("FileStreamSourceConnector") and the short one ("FileStreamSource").
  std::string simple_name() const;
  bool Matches(const std::string& name) const;
};

class PluginRegistry {
 public:
  PluginRegistry();
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Loads every plugin found in `paths` (each a directory of .so files, a directory of plugin
  // folders holding .so files, or a .so file). Missing directories and bad plugins are logged
  // and skipped. Returns the number of problems seen (0 when every plugin loaded).
  int LoadPath(const std::vector<std::string>& paths);
  // Loads one file; the Status says exactly why it was rejected.
  Status LoadFile(const std::string& path);

  // The connector selected by `name` (full class name, simple name, short name or alias).
  // NotFound lists the available connectors.
  Status Find(const std::string& name, const ConnectorPlugin** out) const;
  const std::vector<std::unique_ptr<ConnectorPlugin>>& connectors() const { return connectors_; }

 private:
  struct LoadedLibrary;
  std::vector<std::unique_ptr<LoadedLibrary>> libraries_;
  std::vector<std::unique_ptr<ConnectorPlugin>> connectors_;
};

// Checks an entry block against this host's ABI; the message names the field that differs.
Status CheckPluginEntry(const cd_plugin_entry& entry);

}  // namespace connectd
