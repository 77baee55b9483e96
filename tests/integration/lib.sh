# Helpers for the whole-binary tests (sourced). Each test script gets the build dir
# as $1 and runs in a fresh temporary folder.
set -euo pipefail
BUILD=$(cd "${1:?build dir}" && pwd)
SLUICE="$BUILD/sluice"
DATAGEN="$BUILD/sluice-datagen"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); echo "ok   $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }

# expect_exit CODE DESCRIPTION -- COMMAND...: runs COMMAND, keeps stdout/stderr in
# $WORK/out and $WORK/err, checks the exit code.
expect_exit() {
  local want=$1 what=$2
  shift 3
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [ "$got" -eq "$want" ]; then pass "$what"; else
    fail "$what: exit $got, expected $want"; sed 's/^/     /' "$WORK/err" | head -5; fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
  if grep -qE -- "$1" "$2"; then pass "$3"; else
    fail "$3: /$1/ not in $2:"; head -c 600 "$2" | sed 's/^/     /'; fi
}

# expect_same FILE1 FILE2 DESCRIPTION
expect_same() {
  if cmp -s "$1" "$2"; then pass "$3"; else fail "$3: $1 and $2 differ"; cmp "$1" "$2" | head -2; fi
}

# start_pg_test_server NAME: a throwaway PostgreSQL server (scripts/pg-test-server.sh)
# for this test, stopped with $WORK removed when the script exits (also on Ctrl-C);
# sets SERVER_DIR and URL. Fails the test when psql is missing or the server does not
# start.
start_pg_test_server() {
  local name=$1 repo
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  SERVER_DIR=$(mktemp -d /tmp/sluice-pg.XXXXXX)
  PG_TEST_SERVER="$repo/scripts/pg-test-server.sh"
  trap '"$PG_TEST_SERVER" stop "$SERVER_DIR" 2>/dev/null || rm -rf "$SERVER_DIR"; rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM  # exit runs the EXIT trap: the server never outlives the test
  command -v psql >/dev/null || { echo "FAIL $name: psql not found (scripts/install-deps.sh installs postgresql)"; exit 1; }
  URL=$(cd / && "$PG_TEST_SERVER" start "$SERVER_DIR") ||
    { echo "FAIL $name: could not start the PostgreSQL test server"; exit 1; }
  echo "$name: PostgreSQL test server at $URL"
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
