// ConnectorConfigStore: the standalone worker's record of connectors created over REST (their
// configs and whether they are started, paused or stopped), kept in a JSON file so a restart
// brings them back. Distributed mode keeps the same facts in Kafka's config topic instead.
//
// File format (versioned so a later layout can be told apart from this one):
//   {"version":1,"connectors":{"<name>":{"config":{"<key>":"<value>",...},"target_state":"STOPPED"}}}
// Every config value is a string, as in Kafka Connect's REST API. A missing "target_state" means
// STARTED. The file is replaced atomically (temporary file, fsync, rename, fsync of the directory)
// with mode 0600, because connector configs may hold passwords.
//
// One worker process owns the file; the store does not guard against two processes writing it.
// Threading: every method may be called from any thread (an internal mutex serializes them).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "config/config_map.h"
#include "error/status.h"

namespace connectd {

// The state a connector is asked to be in, as Kafka Connect's TargetState.
enum class TargetState { kStarted, kPaused, kStopped };

// "STARTED", "PAUSED" or "STOPPED", as Kafka spells them.
const char* TargetStateName(TargetState state);
// Accepts the names above in any case; false (and *out untouched) for anything else.
bool TargetStateFromName(const std::string& name, TargetState* out);

struct StoredConnector {
  std::string name;
  ConfigMap config;
  TargetState target_state = TargetState::kStarted;
};

class ConnectorConfigStore {
 public:
  // An empty `path` keeps connectors in memory only: nothing is read or written.
  explicit ConnectorConfigStore(std::string path);

  // Reads the file and replaces what the store holds with it; `*out` gets every connector,
  // ordered by name. A file that does not exist yet means no connectors. A file that exists but
  // cannot be read or parsed is an IOError naming the path (and, for bad JSON, the byte offset),
  // never an empty result: starting without the stored connectors would silently drop them.
  // In memory-only mode returns what was put so far.
  Status Load(std::vector<StoredConnector>* out);

  // Inserts `connector`, or replaces the stored one of the same name; on OK it is on disk. The
  // file is loaded first if Load() has not succeeded yet, so connectors already stored are kept.
  // On error the store is unchanged. `connector.name` must not be empty (InvalidArgument).
  Status Put(const StoredConnector& connector);

  // Forgets the connector `name` (OK when it is not stored); on OK the file no longer has it.
  // Loads the file first like Put. On error the store is unchanged.
  Status Remove(const std::string& name);

  const std::string& path() const { return path_; }

 private:
  using Connectors = std::map<std::string, StoredConnector>;  // by name

  // Reads the file into *out (empty when the file does not exist).
  Status ReadFile(Connectors* out) const;
  // Loads the file into connectors_ unless already done. Requires mu_ held.
  Status EnsureLoadedLocked();
  // Writes `connectors` to the file (nothing in memory-only mode), then makes them current.
  Status CommitLocked(Connectors connectors);

  const std::string path_;
  std::mutex mu_;
  Connectors connectors_;
  bool loaded_ = false;
};

// The file used when the worker config names none: "connectors.json" in the directory of the
// offsets file `offset_storage_file` ("connectd-connectors.json" if the offsets file is itself
// named "connectors.json", so the two never collide), or "" (memory only) when that is empty.
std::string DefaultConnectorConfigPath(const std::string& offset_storage_file);

}  // namespace connectd
