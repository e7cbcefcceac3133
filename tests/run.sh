#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine: installs the dependencies, builds
# (a normal build and one under AddressSanitizer + UndefinedBehaviorSanitizer), and runs every
# test (unit, ABI, integration against a mock Kafka broker process) in both.
#   sh tests/run.sh
set -eu
cd "$(dirname "$0")/.."
sh packaging/install-deps.sh --test
# kafkajs, the Node.js client one integration test consumes Debezium events with (from npm). Where
# the npm registry cannot be reached (offline, or behind a TLS proxy whose CA Node.js does not trust:
# set NODE_EXTRA_CA_CERTS), that test is skipped and says so; everything else still runs.
npm install --prefix tests/integration/kafkajs --no-audit --no-fund --loglevel=error ||
  echo "run.sh: npm could not install kafkajs: test_postgres_cdc_kafkajs will be skipped" >&2
# s3rver, the S3-compatible server the S3 tests run as their own process (from npm), skipped alike.
npm install --prefix tests/integration/s3rver --no-audit --no-fund --loglevel=error ||
  echo "run.sh: npm could not install s3rver: test_s3_client will be skipped" >&2

jobs=$(nproc 2>/dev/null || echo 2)
for variant in build build-asan; do
  sanitize=OFF
  [ "$variant" = build-asan ] && sanitize=ON
  echo "=== $variant: configure and build (CONNECTD_SANITIZE=$sanitize)"
  cmake -S . -B "$variant" -G Ninja -DCONNECTD_TESTS=ON -DCONNECTD_SANITIZE=$sanitize
  cmake --build "$variant" -j "$jobs"
  echo "=== $variant: tests"
  # Leak checking is on in the sanitizer build; librdkafka's own threads are not our leaks.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$variant" --output-on-failure --no-tests=error -j 2
done
echo "=== all tests passed"
