#include "errno_text.h"

#include <system_error>

namespace connectd {
namespace file {

// std::generic_category is thread-safe, unlike strerror.
std::string ErrnoText(int err) { return std::generic_category().message(err); }

}  // namespace file
}  // namespace connectd
