#!/bin/sh
# Start a throw-away PostgreSQL for the test suite and print the variable that points to it.
# Used by `make test` when CI is set; locally, set HUB_TEST_POSTGRES_URL yourself to test on it.
set -eu
port=${HUB_TEST_PG_PORT:-54329}
data=${HUB_TEST_PG_DIR:-/tmp/hub-test-postgres}
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  rm -rf "$data"; mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown postgres "$data"
  as_postgres "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
  as_postgres "$bin/pg_ctl" -D "$data" -l "$data/log" -w \
    -o "-p $port -k /tmp -c listen_addresses=''" start >/dev/null
fi
as_postgres "$bin/psql" -h /tmp -p "$port" -U postgres -tc \
  "SELECT 1 FROM pg_database WHERE datname = 'hubtest'" | grep -q 1 ||
  as_postgres "$bin/createdb" -h /tmp -p "$port" -U postgres hubtest
echo "HUB_TEST_POSTGRES_URL=postgresql+psycopg://postgres@/hubtest?host=/tmp&port=$port"
