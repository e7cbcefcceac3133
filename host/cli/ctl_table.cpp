#include "cli/ctl_table.h"

#include <algorithm>

namespace connectd {

namespace {

constexpr size_t kColumnGap = 3;

// The number of UTF-8 characters in `text` (continuation bytes are not counted).
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string OneLine(const std::string& cell) {
  std::string out = cell;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

std::string UpperCase(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string RenderTable(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string>> lines;
  lines.reserve(rows.size() + 1);
  std::vector<std::string> header_cells;
  for (const std::string& h : headers) header_cells.push_back(UpperCase(OneLine(h)));
  lines.push_back(std::move(header_cells));
  for (const auto& row : rows) {
    std::vector<std::string> cells(headers.size());
    for (size_t i = 0; i < headers.size() && i < row.size(); ++i) cells[i] = OneLine(row[i]);
    lines.push_back(std::move(cells));
  }

  std::vector<size_t> widths(headers.size(), 0);
  for (const auto& cells : lines) {
    for (size_t i = 0; i < cells.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
  }

  std::string out;
  for (const auto& cells : lines) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      line += cells[i];
      if (i + 1 < cells.size()) line.append(widths[i] - DisplayWidth(cells[i]) + kColumnGap, ' ');
    }
    // An empty last cell would leave the padding of the column before it.
    line.erase(line.find_last_not_of(' ') + 1);
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace connectd
