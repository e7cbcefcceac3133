#include "cli/ctl_table.h"

#include <doctest/doctest.h>

namespace connectd {
namespace {

TEST_CASE("ctl table: columns padded to the widest cell, three spaces apart, header in capitals") {
  CHECK(RenderTable({"name", "state", "class"}, {{"file-source", "RUNNING", "FileStreamSource"},
                                                 {"s", "FAILED", "FileStreamSink"}}) ==
        "NAME          STATE     CLASS\n"
        "file-source   RUNNING   FileStreamSource\n"
        "s             FAILED    FileStreamSink\n");
}

TEST_CASE("ctl table: a header wider than every cell sets the width") {
  CHECK(RenderTable({"partition", "offset"}, {{"{}", "1"}}) ==
        "PARTITION   OFFSET\n"
        "{}          1\n");
}

TEST_CASE("ctl table: no rows prints the header alone") {
  CHECK(RenderTable({"class", "type", "version"}, {}) == "CLASS   TYPE   VERSION\n");
}

TEST_CASE("ctl table: no trailing spaces when the last cells are empty") {
  CHECK(RenderTable({"a", "b", "c"}, {{"x"}, {"longer", "", ""}}) ==
        "A        B   C\n"
        "x\n"
        "longer\n");
}

TEST_CASE("ctl table: widths count UTF-8 characters, not bytes") {
  CHECK(RenderTable({"name", "state"}, {{"caf\xC3\xA9", "RUNNING"}, {"ab", "PAUSED"}}) ==
        "NAME   STATE\n"
        "caf\xC3\xA9   RUNNING\n"
        "ab     PAUSED\n");
}

TEST_CASE("ctl table: a newline or tab in a cell is shown as a space") {
  CHECK(RenderTable({"k", "v"}, {{"a\nb", "c\td"}}) ==
        "K     V\n"
        "a b   c d\n");
}

TEST_CASE("ctl table: only ASCII letters of the header are capitalised") {
  CHECK(RenderTable({"tasks(running/total)", "\xC3\xA9t\xC3\xA9"}, {}) == "TASKS(RUNNING/TOTAL)   \xC3\xA9T\xC3\xA9\n");
}

}  // namespace
}  // namespace connectd
