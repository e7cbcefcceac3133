// Case-insensitive comparison of ASCII text, as SQL folds unquoted identifiers and ODBC treats
// connection-string keys and driver names. Pure functions; any thread.
#pragma once

#include <string_view>

namespace connectd {
namespace odbc {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool ContainsIgnoreCase(std::string_view s, std::string_view part);

}  // namespace odbc
}  // namespace connectd
