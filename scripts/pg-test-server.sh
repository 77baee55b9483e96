#!/usr/bin/env bash
# A throwaway PostgreSQL server for the catalog tests (tests/integration/catalog_postgres.sh).
#
#   scripts/pg-test-server.sh [start] [DIR]   initdb into DIR (default: a new temporary
#                                             folder), start the server on 127.0.0.1 at a
#                                             free port, print its connection URL on stdout
#   scripts/pg-test-server.sh stop DIR        stop that server and remove DIR
#
# The server listens only on the loopback address (and a Unix socket inside DIR) and
# trusts local connections: it is for tests, never for data. initdb refuses to run as
# root, so under root the server runs as the `postgres` user (Debian's postgresql
# package creates it) or else `nobody`. The binaries come from `pg_config --bindir`
# or /usr/lib/postgresql/<newest>/bin (scripts/install-deps.sh installs postgresql).
# Progress and errors go to stderr; the server's log is DIR/server.log.
set -euo pipefail

die() { echo "pg-test-server: $*" >&2; exit 1; }

find_bindir() {
  local dir
  for dir in "$(pg_config --bindir 2>/dev/null || true)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
  die "initdb and pg_ctl not found (tried pg_config --bindir and /usr/lib/postgresql/*/bin); run scripts/install-deps.sh"
}

# as_server_user CMD...: runs CMD as the user that owns the cluster.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$SERVER_USER" -- "$@"; else "$@"; fi
}

pick_server_user() {
  SERVER_USER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    if id -u postgres >/dev/null 2>&1; then SERVER_USER=postgres; else SERVER_USER=nobody; fi
  fi
}

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local dir=${1:-}
  local bindir
  bindir=$(find_bindir)
  pick_server_user
  if [ -z "$dir" ]; then
    # Under root, /tmp rather than $TMPDIR: the server user must be able to reach it.
    local parent=${TMPDIR:-/tmp}
    [ "$(id -u)" -eq 0 ] && parent=/tmp
    dir=$(mktemp -d "$parent/sluice-pg.XXXXXX")
  else
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  fi
  dir=$(cd "$dir" && pwd)
  chmod 0755 "$dir"
  # The server user must own DIR (mktemp makes it 0700 and owned by us).
  if [ "$(id -u)" -eq 0 ]; then
    chown "$SERVER_USER" "$dir"
    as_server_user test -w "$dir" ||
      die "$dir is not reachable by the server user $SERVER_USER (a parent folder is private); use a folder under /tmp"
  fi

  as_server_user "$bindir/initdb" --pgdata="$dir/data" --username=sluice --auth=trust \
    --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }

  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    if as_server_user "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
        --timeout=60 --silent \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir'
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off
            -c max_connections=50 -c shared_buffers=32MB" start >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      # The test database: "sluice", owned by the trusted superuser "sluice".
      as_server_user "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U sluice -d postgres \
        -c "CREATE DATABASE sluice" >/dev/null || die "cannot create the test database (see $dir/server.log)"
      echo "postgresql://sluice@127.0.0.1:$port/sluice"
      echo "pg-test-server: started in $dir (stop with: $0 stop $dir)" >&2
      return
    fi
    # Most likely another process took the port between the check and the start.
    tail -n 3 "$dir/server.log" >&2 2>/dev/null || true
  done
  die "could not start the server after 10 attempts (see $dir/server.log)"
}

stop() {
  local dir=${1:?usage: pg-test-server.sh stop DIR}
  [ -d "$dir/data" ] || die "$dir holds no test server"
  local bindir
  bindir=$(find_bindir)
  pick_server_user
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server_user "$bindir/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait --silent stop >/dev/null 2>&1 ||
      echo "pg-test-server: pg_ctl stop failed (see $dir/server.log)" >&2
  fi
  rm -rf "$dir"
}

case "${1:-start}" in
  start) shift || true; start "${1:-}" ;;
  stop) shift; stop "${1:-}" ;;
  *) if [ $# -eq 1 ] && [ "${1#-}" = "$1" ]; then start "$1"; else
       die "usage: $0 [start] [DIR] | $0 stop DIR"; fi ;;
esac
