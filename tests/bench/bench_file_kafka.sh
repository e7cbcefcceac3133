#!/usr/bin/env bash
# bench_file_kafka.sh — file <-> Kafka throughput of connectd against kcat, plus idle memory and
# startup time. Run on demand (it is not a CTest test); it builds nothing.
#
# Usage:  tests/bench/bench_file_kafka.sh BUILD_DIR [LINES]
#   BUILD_DIR  a configured and built tree (cmake --build BUILD_DIR): uses BUILD_DIR/connectd,
#              BUILD_DIR/plugins, BUILD_DIR/tests/mock_broker/{mock_broker,kafka_offsets}
#   LINES      lines in the generated input file (default 1000000, ~100 bytes each)
# Needs kcat and python3 on PATH. Set BENCH_KEEP=1 to keep the work directory.
#
# What is measured, and why this way:
#   One mock_broker process (librdkafka's mock cluster over real TCP) serves every run. The mock
#   keeps at most ~5 MB per partition and drops older data beyond that.
#   (a) file -> Kafka. "Done" means every message is on the broker: `kafka_offsets wait-end`
#       polls the sum of the high watermarks of all partitions every 5 ms until it reaches LINES.
#       High watermarks count every appended message even after the mock's retention has dropped
#       old ones, so (a) needs no consumer racing the producers, and polling them costs the broker
#       far less than consuming would. kcat -P reads the file into topic A; connectd's
#       FileStreamSource (StringConverter) reads it into topic B; both with their default
#       partitioner (null keys, sticky partitioning). The clock starts right before each process
#       is executed, so connectd's time includes its startup; the time to its first message is
#       printed too, and a steady rate that excludes it.
#   (b) Kafka -> file, both reading topic C, which must hold every line: the input is split
#       round-robin into 64 parts and each part produced to its own partition (kcat -P -p), so
#       each partition holds ~1.6 MB, far under the retention limit (sticky partitioning would
#       pile tens of MB on a few partitions and lose data). kcat -C -e writes the values to a
#       file and exits at the end of every partition; connectd's FileStreamSink writes another
#       file, and "done" is when that file reaches the input's size (same bytes; order is kept
#       per partition only). connectd's time includes joining its consumer group, so the rate
#       from its first written byte is printed as well. Both outputs are checked: same sorted
#       content as the input.
#   Idle RSS: VmRSS from /proc/PID/status 2 s after "connectd ready", with every plugin of
#   BUILD_DIR/plugins on plugin.path and one idle FileStreamSource connector.
#   Startup: from exec to the first 200 answer of GET /connectors, median of 5 runs.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
BUILD=$(cd "$1" && pwd)
LINES=${2:-1000000}
CONNECTD=$BUILD/connectd
PLUGINS=$BUILD/plugins
MOCK=$BUILD/tests/mock_broker/mock_broker
OFFSETS=$BUILD/tests/mock_broker/kafka_offsets
KCAT=$(command -v kcat || command -v kafkacat || true)
for bin in "$CONNECTD" "$MOCK" "$OFFSETS" "$KCAT"; do
  [[ -n "$bin" && -x "$bin" ]] || { echo "missing executable: ${bin:-kcat}" >&2; exit 2; }
done
PARTITIONS=64
WAIT_MS=600000

WORK=$(mktemp -d /tmp/connectd-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n "${BENCH_KEEP:-}" ]]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now_ns() { date +%s%N; }
ms_between() { echo $(( ($2 - $1) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# Starts connectd in the background; sets CONNECTD_PID. Args: name worker connector...
start_connectd() {
  local name=$1; shift
  "$CONNECTD" standalone "$@" 2>"$WORK/$name.log" >/dev/null &
  CONNECTD_PID=$!
  PIDS+=("$CONNECTD_PID")
}

stop_connectd() {
  kill -TERM "$CONNECTD_PID"
  local rc=0
  wait "$CONNECTD_PID" || rc=$?
  [[ $rc -eq 0 ]] || echo "warning: connectd exited with $rc on SIGTERM (log: $WORK/$1.log)" >&2
}

wait_for_log() {  # file pattern timeout_s
  local deadline=$(( $(date +%s) + $3 ))
  until grep -q "$2" "$1" 2>/dev/null; do
    if (( $(date +%s) > deadline )); then echo "timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; exit 1; fi
    sleep 0.01
  done
}

write_worker() {  # path rest_port offsets_file (each worker its own connectors.json beside it)
  cat >"$1" <<PROPS
bootstrap.servers=$BOOT
plugin.path=$PLUGINS
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
offset.storage.file.filename=$3
config.storage.file.filename=${3%.offsets}.connectors.json
offset.flush.interval.ms=10000
listeners=http://127.0.0.1:$2
PROPS
}

rate_line() {  # label messages bytes ms
  python3 - "$@" <<'PY'
import sys
label, msgs, size, ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), max(int(sys.argv[4]), 1)
print(f"{label}|{ms}|{msgs * 1000 / ms:,.0f}|{size / 1e6 * 1000 / ms:,.1f}")
PY
}

echo "== generating $LINES lines of ~100 bytes"
INPUT=$WORK/input.txt
awk -v n="$LINES" 'BEGIN { pad = sprintf("%90s", ""); gsub(/ /, "x", pad);
                          for (i = 0; i < n; i++) printf "%08d %s\n", i, pad }' >"$INPUT"
INPUT_BYTES=$(file_size "$INPUT")
PAYLOAD_BYTES=$(( INPUT_BYTES - LINES ))   # message values carry no newline
echo "   $INPUT_BYTES bytes"

"$MOCK" --topic A:$PARTITIONS --topic B:$PARTITIONS --topic C:$PARTITIONS --topic idle:1 >"$WORK/mock.out" 2>"$WORK/mock.log" &
PIDS+=($!)
until [[ -s "$WORK/mock.out" ]]; do sleep 0.01; done
BOOT=$(head -1 "$WORK/mock.out")
echo "== mock broker at $BOOT"

RESULTS=()

echo "== (a) file -> Kafka: kcat -P"
t0=$(now_ns)
"$KCAT" -P -b "$BOOT" -t A -l "$INPUT"
"$OFFSETS" wait-end "$BOOT" A "$LINES" "$WAIT_MS" >/dev/null
t1=$(now_ns)
KCAT_P_MS=$(ms_between "$t0" "$t1")
RESULTS+=("$(rate_line "file->kafka  kcat -P" "$LINES" "$PAYLOAD_BYTES" "$KCAT_P_MS")")

echo "== (a) file -> Kafka: connectd FileStreamSource"
PORT=$(free_port)
write_worker "$WORK/worker-src.properties" "$PORT" "$WORK/src.offsets"
cat >"$WORK/source.properties" <<PROPS
name=bench-source
connector.class=FileStreamSource
tasks.max=1
file=$INPUT
topic=B
PROPS
t0=$(now_ns)
start_connectd source "$WORK/worker-src.properties" "$WORK/source.properties"
"$OFFSETS" wait-end "$BOOT" B 1 "$WAIT_MS" >/dev/null
t_first=$(now_ns)
if ! "$OFFSETS" wait-end "$BOOT" B "$LINES" "$WAIT_MS" >/dev/null; then
  echo "connectd did not deliver $LINES messages; log tail:" >&2; tail -20 "$WORK/source.log" >&2; exit 1
fi
t1=$(now_ns)
stop_connectd source
SRC_MS=$(ms_between "$t0" "$t1")
SRC_STEADY_MS=$(ms_between "$t_first" "$t1")
RESULTS+=("$(rate_line "file->kafka  connectd source" "$LINES" "$PAYLOAD_BYTES" "$SRC_MS")")
RESULTS+=("$(rate_line "  (from its 1st message, +$(ms_between "$t0" "$t_first") ms before)" "$LINES" "$PAYLOAD_BYTES" "$SRC_STEADY_MS")")

echo "== (b) filling topic C: one round-robin share of the lines per partition"
mkdir "$WORK/parts"
split -n r/$PARTITIONS -d -a 3 "$INPUT" "$WORK/parts/part."
for (( p = 0; p < PARTITIONS; p++ )); do
  "$KCAT" -P -b "$BOOT" -t C -p "$p" -l "$WORK/parts/$(printf 'part.%03d' "$p")"
done
rm -rf "$WORK/parts"
"$OFFSETS" wait-end "$BOOT" C "$LINES" "$WAIT_MS" >/dev/null
INPUT_SORTED_SUM=$(sort "$INPUT" | md5sum)
same_lines_as_input() { [[ $(sort "$1" | md5sum) == "$INPUT_SORTED_SUM" ]]; }

echo "== (b) Kafka -> file: kcat -C"
t0=$(now_ns)
"$KCAT" -C -b "$BOOT" -t C -o beginning -e -q -f '%s\n' >"$WORK/kcat-out.txt"
t1=$(now_ns)
KCAT_C_MS=$(ms_between "$t0" "$t1")
same_lines_as_input "$WORK/kcat-out.txt" || { echo "kcat -C output differs from the input (topic C incomplete?)" >&2; exit 1; }
RESULTS+=("$(rate_line "kafka->file  kcat -C" "$LINES" "$PAYLOAD_BYTES" "$KCAT_C_MS")")

echo "== (b) Kafka -> file: connectd FileStreamSink"
PORT=$(free_port)
write_worker "$WORK/worker-sink.properties" "$PORT" "$WORK/sink.offsets"
cat >"$WORK/sink.properties" <<PROPS
name=bench-sink
connector.class=FileStreamSink
tasks.max=1
file=$WORK/sink-out.txt
topics=C
PROPS
t0=$(now_ns)
start_connectd sink "$WORK/worker-sink.properties" "$WORK/sink.properties"
t_first=""
deadline=$(( $(date +%s) + WAIT_MS / 1000 ))
while :; do
  size=$(file_size "$WORK/sink-out.txt")
  if [[ -z "$t_first" && $size -gt 0 ]]; then t_first=$(now_ns); fi
  (( size >= INPUT_BYTES )) && break
  if ! kill -0 "$CONNECTD_PID" 2>/dev/null || (( $(date +%s) > deadline )); then
    echo "connectd sink stopped at $size of $INPUT_BYTES bytes; log tail:" >&2; tail -20 "$WORK/sink.log" >&2; exit 1
  fi
  sleep 0.005
done
t1=$(now_ns)
stop_connectd sink
SINK_MS=$(ms_between "$t0" "$t1")
SINK_STEADY_MS=$(ms_between "$t_first" "$t1")
same_lines_as_input "$WORK/sink-out.txt" || echo "warning: the connectd sink file does not hold exactly the input's lines" >&2
RESULTS+=("$(rate_line "kafka->file  connectd sink" "$LINES" "$PAYLOAD_BYTES" "$SINK_MS")")
RESULTS+=("$(rate_line "  (from its 1st byte, +$(ms_between "$t0" "$t_first") ms before)" "$LINES" "$PAYLOAD_BYTES" "$SINK_STEADY_MS")")

echo "== idle RSS and startup time"
: >"$WORK/idle.txt"
cat >"$WORK/idle.properties" <<PROPS
name=idle-source
connector.class=FileStreamSource
file=$WORK/idle.txt
topic=idle
PROPS
PORT=$(free_port)
write_worker "$WORK/worker-idle.properties" "$PORT" "$WORK/idle.offsets"
start_connectd idle "$WORK/worker-idle.properties" "$WORK/idle.properties"
wait_for_log "$WORK/idle.log" "connectd ready" 30
sleep 2
IDLE_RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$CONNECTD_PID/status")
PLUGIN_COUNT=$(find "$PLUGINS" -maxdepth 1 -name '*.so' | wc -l)
stop_connectd idle

STARTUP=$(python3 - "$CONNECTD" "$WORK" "$WORK/idle.properties" "$BOOT" "$PLUGINS" <<'PY'
import os, signal, socket, statistics, subprocess, sys, time, urllib.request
connectd, work, connector, boot, plugins = sys.argv[1:6]
samples = []
for run in range(5):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    worker = os.path.join(work, f"worker-startup-{run}.properties")
    with open(worker, "w") as f:
        f.write(f"bootstrap.servers={boot}\nplugin.path={plugins}\n"
                "key.converter=org.apache.kafka.connect.storage.StringConverter\n"
                "value.converter=org.apache.kafka.connect.storage.StringConverter\n"
                f"offset.storage.file.filename={work}/startup-{run}.offsets\nlisteners=http://127.0.0.1:{port}\n")
    log = open(os.path.join(work, f"startup-{run}.log"), "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen([connectd, "standalone", worker, connector], stdout=subprocess.DEVNULL, stderr=log)
    answered = None
    while answered is None and time.monotonic() - t0 < 30 and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/connectors", timeout=0.5) as resp:
                if resp.status == 200:
                    answered = time.monotonic()
        except OSError:
            time.sleep(0.001)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    if answered is None:
        print("failed", end="")
        sys.exit(0)
    samples.append((answered - t0) * 1000)
print(f"{statistics.median(samples):.0f} (runs: {', '.join(f'{s:.0f}' for s in samples)})", end="")
PY
)

echo
echo "connectd file benchmark: $LINES lines, $INPUT_BYTES bytes, $PARTITIONS partitions, mock broker $BOOT"
echo
{
  echo "run|ms|msgs/s|MB/s"
  printf '%s\n' "${RESULTS[@]}"
} | column -t -s '|'
echo
python3 - "$KCAT_P_MS" "$SRC_MS" "$SRC_STEADY_MS" "$KCAT_C_MS" "$SINK_MS" "$SINK_STEADY_MS" <<'PY'
import sys
kp, src, src_steady, kc, sink, sink_steady = (max(int(v), 1) for v in sys.argv[1:])
print(f"ratio connectd/kcat (throughput)  file->kafka: {kp / src:.2f} (steady {kp / src_steady:.2f})   "
      f"kafka->file: {kc / sink:.2f} (steady {kc / sink_steady:.2f})")
PY
echo "idle RSS of connectd ($PLUGIN_COUNT plugin(s) on plugin.path, 1 idle source): $IDLE_RSS_KB kB"
echo "exec -> REST answering: median $STARTUP ms"
