// The text of an errno value, for error messages that name the file and the reason
// ("cannot open sink file '/x': Permission denied"). Thread-safe.
#pragma once

#include <string>

namespace connectd {
namespace file {

std::string ErrnoText(int err);

}  // namespace file
}  // namespace connectd
