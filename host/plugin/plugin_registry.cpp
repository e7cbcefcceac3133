#include "plugin/plugin_registry.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SharedLibrary.h>

#include <algorithm>
#include <cstdio>

#include "log/log.h"
#include "plugin/abi_objects.h"
#include "plugin/host_api.h"

namespace connectd {

struct PluginRegistry::LoadedLibrary {
  std::string path;
  Poco::SharedLibrary library;
  const cd_plugin_entry* entry = nullptr;
  bool initialised = false;

  ~LoadedLibrary() {
    if (initialised && entry->deinit != nullptr) entry->deinit();
    if (library.isLoaded()) library.unload();
  }
};

namespace {

constexpr const char* kComponent = "plugins";

bool HasSoSuffix(const std::string& name) {
  return name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0;
}

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "0x%08X", v);
  return buf;
}

void CollectSoFiles(const std::string& dir, int depth, std::vector<std::string>* out) {
  std::vector<std::string> found;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
    if (it->isDirectory()) {
      if (depth == 0) CollectSoFiles(it->path(), 1, out);
    } else if (HasSoSuffix(it.name())) {
      found.push_back(it->path());
    }
  }
  std::sort(found.begin(), found.end());
  out->insert(out->end(), found.begin(), found.end());
}

}  // namespace

std::string ConnectorPlugin::simple_name() const {
  size_t dot = class_name.rfind('.');
  return dot == std::string::npos ? class_name : class_name.substr(dot + 1);
}

bool ConnectorPlugin::Matches(const std::string& name) const {
  if (name == class_name) return true;
  std::string simple = simple_name();
  if (name == simple) return true;
  const std::string suffix = "Connector";
  if (simple.size() > suffix.size() && simple.compare(simple.size() - suffix.size(), suffix.size(), suffix) == 0 &&
      name == simple.substr(0, simple.size() - suffix.size())) {
    return true;
  }
  return std::find(aliases.begin(), aliases.end(), name) != aliases.end();
}

Status CheckPluginEntry(const cd_plugin_entry& entry) {
  if (entry.magic != CD_PLUGIN_MAGIC) {
    return Status::InvalidArgument("not a connectd plugin: magic is " + Hex(entry.magic) + ", expected " +
                                   Hex(CD_PLUGIN_MAGIC));
  }
  if (entry.abi_major != CD_ABI_MAJOR) {
    return Status::InvalidArgument("built for plugin ABI major version " + std::to_string(entry.abi_major) +
                                   ", this host speaks major version " + std::to_string(CD_ABI_MAJOR));
  }
  if (entry.abi_minor > CD_ABI_MINOR) {
    return Status::InvalidArgument("needs plugin ABI 1." + std::to_string(entry.abi_minor) + ", this host provides 1." +
                                   std::to_string(CD_ABI_MINOR) + "; upgrade connectd");
  }
  if (entry.entry_size < sizeof(cd_plugin_entry)) {
    return Status::InvalidArgument("entry_size is " + std::to_string(entry.entry_size) + ", ABI 1 needs at least " +
                                   std::to_string(sizeof(cd_plugin_entry)));
  }
  if (entry.host_api_size > sizeof(cd_host_api)) {
    return Status::InvalidArgument("expects a host API of " + std::to_string(entry.host_api_size) +
                                   " bytes, this host provides " + std::to_string(sizeof(cd_host_api)));
  }
  if (entry.connector_count == nullptr || entry.connector_describe == nullptr) {
    return Status::InvalidArgument("entry has no connector_count/connector_describe factory");
  }
  return Status::OK();
}

PluginRegistry::PluginRegistry() = default;

PluginRegistry::~PluginRegistry() {
  connectors_.clear();
  // Unload in reverse load order.
  while (!libraries_.empty()) libraries_.pop_back();
}

int PluginRegistry::LoadPath(const std::vector<std::string>& paths) {
  int problems = 0;
  for (const std::string& path : paths) {
    std::vector<std::string> files;
    try {
      Poco::File f(path);
      if (!f.exists()) {
        LogWarn(kComponent, "plugin.path entry '" + path + "' does not exist; skipped");
        ++problems;
        continue;
      }
      if (f.isDirectory()) {
        CollectSoFiles(path, 0, &files);
      } else {
        files.push_back(path);
      }
    } catch (const Poco::Exception& e) {
      LogWarn(kComponent, "cannot read plugin.path entry '" + path + "': " + e.displayText());
      ++problems;
      continue;
    }
    for (const std::string& file : files) {
      Status s = LoadFile(file);
      if (!s.ok()) {
        LogError(kComponent, "plugin " + file + " not loaded: " + s.message());
        ++problems;
      }
    }
  }
  return problems;
}

Status PluginRegistry::LoadFile(const std::string& path) {
  auto lib = std::make_unique<LoadedLibrary>();
  lib->path = path;
  try {
    lib->library.load(path, Poco::SharedLibrary::SHLIB_LOCAL);
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("cannot load shared library: " + e.displayText());
  }
  if (!lib->library.hasSymbol(CD_PLUGIN_ENTRY_SYMBOL)) {
    return Status::InvalidArgument(std::string("no '") + CD_PLUGIN_ENTRY_SYMBOL +
                                   "' symbol: not a connectd plugin (export it with CONNECTD_PLUGIN)");
  }
  lib->entry = static_cast<const cd_plugin_entry*>(lib->library.getSymbol(CD_PLUGIN_ENTRY_SYMBOL));
  const cd_plugin_entry& entry = *lib->entry;
  Status check = CheckPluginEntry(entry);
  if (!check.ok()) return check;
  std::string plugin_name = entry.plugin_name ? entry.plugin_name : Poco::Path(path).getBaseName();

  if (entry.init != nullptr) {
    cd_error err;
    cd_rc rc = entry.init(HostApi(), &err);
    if (rc != CD_OK) return Status::Failed("init failed: " + (err.set ? err.message : std::string("no message")));
  }
  lib->initialised = true;

  std::vector<std::unique_ptr<ConnectorPlugin>> found;
  uint32_t count = entry.connector_count();
  for (uint32_t i = 0; i < count; ++i) {
    auto c = std::make_unique<ConnectorPlugin>();
    cd_error err;
    cd_rc rc = entry.connector_describe(i, &c->info, sizeof(c->info), &err);
    if (rc != CD_OK) {
      return Status::Failed("connector_describe(" + std::to_string(i) + ") failed: " +
                            (err.set ? err.message : std::string("no message")));
    }
    const cd_connector_info& info = c->info;
    if (info.class_name == nullptr || info.connector_create == nullptr || info.connector_task_configs == nullptr ||
        info.connector_destroy == nullptr || info.task_create == nullptr || info.task_destroy == nullptr) {
      return Status::InvalidArgument("connector " + std::to_string(i) +
                                     " lacks a required field (class_name, connector_create/task_configs/destroy, "
                                     "task_create/destroy)");
    }
    if (info.type == CD_CONNECTOR_SOURCE ? info.source_poll == nullptr
                                         : (info.type != CD_CONNECTOR_SINK || info.sink_put == nullptr)) {
      return Status::InvalidArgument(std::string("connector ") + info.class_name +
                                     (info.type == CD_CONNECTOR_SOURCE ? " is a source without source_poll"
                                                                       : " is neither a source with source_poll nor a "
                                                                         "sink with sink_put"));
    }
    c->class_name = info.class_name;
    for (const char* const* a = info.aliases; a != nullptr && *a != nullptr; ++a) c->aliases.emplace_back(*a);
    c->type = info.type;
    c->version = info.version ? info.version : (entry.plugin_version ? entry.plugin_version : "");
    c->description = info.description ? info.description : "";
    if (info.config_defs != nullptr && info.config_def_count > 0) {
      c->config_keys = ConfigKeysFromAbi(info.config_defs, info.config_def_count, info.config_def_size);
    }
    c->plugin_file = path;
    const ConnectorPlugin* existing = nullptr;
    if (Find(c->class_name, &existing).ok()) {
      return Status::InvalidArgument("connector " + c->class_name + " is already provided by " + existing->plugin_file);
    }
    found.push_back(std::move(c));
  }
  for (auto& c : found) {
    LogInfo(kComponent, "loaded " + c->class_name + " " + c->version + " (" +
                            (c->type == CD_CONNECTOR_SOURCE ? "source" : "sink") + ") from " + path);
    connectors_.push_back(std::move(c));
  }
  LogDebug(kComponent, "plugin '" + plugin_name + "' ready");
  libraries_.push_back(std::move(lib));
  return Status::OK();
}

Status PluginRegistry::Find(const std::string& name, const ConnectorPlugin** out) const {
  for (const auto& c : connectors_) {
    if (c->Matches(name)) {
      *out = c.get();
      return Status::OK();
    }
  }
  std::string available;
  for (const auto& c : connectors_) {
    available += available.empty() ? "" : ", ";
    available += c->class_name;
  }
  return Status::NotFound("no connector plugin matches connector.class '" + name + "'; available: " +
                          (available.empty() ? "none (check plugin.path)" : available));
}

}  // namespace connectd
