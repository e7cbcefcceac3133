#!/bin/sh
# Installs what connectd needs from Debian 12's archive (nothing is fetched from anywhere else).
#   packaging/install-deps.sh          build dependencies
#   packaging/install-deps.sh --test   plus what the tests use (kcat, python3 and its Kafka client)
# Runs apt-get as root, or through sudo when started by another user.
set -eu

packages="build-essential cmake ninja-build pkg-config librdkafka-dev libpoco-dev rapidjson-dev doctest-dev curl"
if [ "${1:-}" = "--test" ]; then
  packages="$packages kcat python3 python3-confluent-kafka procps"
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "install-deps: installing$missing"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
