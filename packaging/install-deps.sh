#!/bin/sh
# Installs what connectd needs from Debian 12's archive (nothing is fetched from anywhere else).
#   packaging/install-deps.sh          build dependencies
#   packaging/install-deps.sh --test   plus what the tests use (kcat, python3 and its Kafka client;
#                                      PostgreSQL 15 with wal2json, MariaDB 10.11, SQLite and their ODBC
#                                      drivers and CLIs; Node.js and npm for the kafkajs consumer;
#                                      botocore to check the S3 request signer)
# Runs apt-get as root, or through sudo when started by another user.
set -eu

packages="build-essential cmake ninja-build pkg-config librdkafka-dev libpoco-dev rapidjson-dev doctest-dev curl"
packages="$packages unixodbc-dev libpq-dev libjemalloc-dev"
if [ "${1:-}" = "--test" ]; then
  packages="$packages kcat python3 python3-confluent-kafka procps"
  # The database tests start their own servers in temporary directories on free ports
  # (tests/integration/db_servers.py). The postinst scripts of postgresql and mariadb-server create
  # a default cluster and ask invoke-rc.d to start it: under systemd it starts (on 5432/3306, which
  # the tests never use); in a container or chroot without an init system invoke-rc.d refuses to
  # start anything and the install still succeeds, so no policy-rc.d is needed either way.
  packages="$packages postgresql mariadb-server mariadb-client sqlite3"
  packages="$packages unixodbc odbc-postgresql odbc-mariadb libsqliteodbc python3-psycopg2 python3-pymysql"
  packages="$packages postgresql-15-wal2json python3-botocore"
  # Debian's nodejs and npm, unless a Node.js that brings its own npm is installed already.
  command -v npm >/dev/null 2>&1 || packages="$packages nodejs npm"
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
