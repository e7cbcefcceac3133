// A plain-text table as kubectl prints one: a header row in capitals, then one line per row,
// every column but the last padded with spaces to its widest cell (header included) and three
// spaces between columns, no trailing spaces. Used by every `connectd ctl` listing.
//
// Threading: pure; any thread.
#pragma once

#include <string>
#include <vector>

namespace connectd {

// Renders `rows` under `headers`. A row shorter than the header gets empty cells; cells beyond
// the header's width are not shown (precondition: rows are no wider than the header). Widths
// count UTF-8 characters, not bytes. Control characters in a cell (a newline in a config value)
// are shown as spaces so a row stays on one line. Every line ends with '\n'.
std::string RenderTable(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);

}  // namespace connectd
