// Durable replacement of a small file (offsets, connector configs): a crash or power loss leaves
// either the old or the new content, never a mix.
//
// Threading: any thread; callers serialise writes to the same path.
#pragma once

#include <string>

#include <sys/types.h>

#include "error/status.h"

namespace connectd {

// Writes "<path>.tmp" (created fresh with exactly `mode`, so a file holding passwords is never
// readable by others on the way), fsyncs it, renames it over `path` and fsyncs the directory so
// the rename itself is durable. `what` names the file in errors ("offset file /var/x").
// IOError says which step failed and what to check; the temporary file is removed on failure.
Status ReplaceFileDurably(const std::string& path, const std::string& what, const std::string& content,
                          mode_t mode);

}  // namespace connectd
