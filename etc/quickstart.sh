#!/bin/sh
# The quickstart: installs the dependencies, builds connectd, and runs Kafka's file quickstart
# pipeline (test.txt -> FileStreamSource -> embedded Kafka -> FileStreamSink -> test.sink.txt)
# with the sample configs in etc/, then prints where to look.
#   sh etc/quickstart.sh
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
sh packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCONNECTD_TESTS=OFF
cmake --build build

work=$root/build/quickstart
rm -rf "$work" && mkdir -p "$work"
cp etc/connect-standalone.properties etc/connect-file-source.properties etc/connect-file-sink.properties "$work/"
# The sample worker config leaves plugin.path to the installation; point it at the build tree.
printf '\nplugin.path=%s/build/plugins\nlisteners=http://127.0.0.1:8083\n' "$root" >> "$work/connect-standalone.properties"
printf 'hello from connectd\nline 2\nline 3\n' > "$work/test.txt"

cd "$work"
"$root/build/connectd" standalone connect-standalone.properties connect-file-source.properties \
  connect-file-sink.properties > connectd.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM

# Waits up to $2 tenths of a second for test.sink.txt to hold $1 lines.
wait_for_lines() {
  i=0
  while [ $i -lt "$2" ]; do
    [ -f test.sink.txt ] && [ "$(wc -l < test.sink.txt)" -ge "$1" ] && return 0
    sleep 0.1
    i=$((i + 1))
  done
}
wait_for_lines 3 600
echo "line 4, appended while the pipeline runs" >> test.txt
wait_for_lines 4 300

status=$(curl -s http://127.0.0.1:8083/connectors/local-file-source/status || true)
kill -TERM $pid
wait $pid || true
trap - EXIT INT TERM

if cmp -s test.txt test.sink.txt; then
  cat <<MSG

connectd quickstart: the pipeline works.
  input      $work/test.txt
  output     $work/test.sink.txt   (the same lines, via the embedded in-memory Kafka topic connect-test)
  log        $work/connectd.log
  offsets    $work/connect.offsets
  status     $status

Run it yourself (Ctrl-C stops it; append lines to test.txt and watch test.sink.txt):
  cd $work && $root/build/connectd standalone connect-standalone.properties \\
      connect-file-source.properties connect-file-sink.properties
MSG
else
  echo "connectd quickstart: the output differs from the input; see $work/connectd.log" >&2
  tail -20 connectd.log >&2
  exit 1
fi
