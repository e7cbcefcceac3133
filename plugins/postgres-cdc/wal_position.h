// A PostgreSQL WAL position (LSN) and its text form "16/B374D848", as pg_lsn prints it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace connectd {
namespace pgcdc {

using Lsn = uint64_t;

// "16/B374D848" for 0x16B374D848.
std::string FormatLsn(Lsn lsn);
// Parses "X/Y" (hex, either case); false when `text` is not an LSN.
bool ParseLsn(std::string_view text, Lsn* out);

// Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01), in which the
// replication protocol sends times.
constexpr int64_t kPostgresEpochOffsetUs = 946684800LL * 1000000LL;

}  // namespace pgcdc
}  // namespace connectd
