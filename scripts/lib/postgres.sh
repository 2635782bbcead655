#!/usr/bin/env bash
# A private PostgreSQL cluster for Rehearse, listening on 127.0.0.1 only.
#
#   postgres.sh start    initialise (first time) and start the cluster; create the database; print its URL
#   postgres.sh stop     stop it (fast shutdown)
#   postgres.sh status   exit 0 when running
#   postgres.sh url      print the Npgsql connection string
#
# REHEARSE_PG_DATA (default <repo>/.data/postgres) and REHEARSE_PG_PORT (default 55432) choose where and on which
# port. Local connections are trusted: the cluster is bound to the loopback address and belongs to this checkout.
# As root, the server runs as the 'postgres' system user, since PostgreSQL refuses to run as root.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Absolute, because the server resolves its socket directory from inside the data directory.
data="$(realpath -m "${REHEARSE_PG_DATA:-$repo/.data/postgres}")"
port="${REHEARSE_PG_PORT:-55432}"
user=rehearse
database="${REHEARSE_PG_DATABASE:-rehearse}"

find_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  return 1
}

bindir="$(find_bindir)" || {
  echo "postgres: PostgreSQL server binaries not found (install the 'postgresql' package; scripts/lib/setup.sh does)" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() { echo "Host=127.0.0.1;Port=$port;Username=$user;Database=$database"; }

running() { as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$data" && chmod 700 "$data"
    # The data directory must be reachable by the server's user (as root, 'postgres').
    if ! as_owner test -w "$data"; then
      echo "postgres: $data is not writable by the server user; set REHEARSE_PG_DATA to a directory it can use" >&2
      exit 1
    fi
    as_owner "$bindir/initdb" -D "$data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$data.init.log" 2>&1 || {
      cat "$data.init.log" >&2
      exit 1
    }
  fi
  if ! running; then
    # Another cluster (another checkout's, say) on the port would make the start fail with only "see the log".
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "postgres: port $port on 127.0.0.1 is already in use by another server; stop it or set REHEARSE_PG_PORT" >&2
      exit 1
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null
  fi
  if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database"
  fi
  url
}

case "${1:-}" in
  start) start ;;
  stop) running && as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true ;;
  status) running ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
