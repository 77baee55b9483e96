#!/usr/bin/env bash
# The PostgreSQL catalog store against a real server: starts a throwaway PostgreSQL
# (scripts/pg-test-server.sh: initdb in a temporary folder, 127.0.0.1 at a free port,
# trust auth) and runs every *Postgres* unit test against it — the catalog conformance
# suite (the same tests the SQLite store passes) and the PostgreSQL store's own tests,
# among them two forked processes incrementing one counter through Write() with no lost
# update, the busy timeout, retries and reconnecting. The server is stopped and its
# folder removed on exit, whatever happens.
# Usage: tests/integration/catalog_postgres.sh BUILD_DIR
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:?usage: catalog_postgres.sh BUILD_DIR}" && pwd)
UNIT="$BUILD/tests/sluice_unit_tests"
[ -x "$UNIT" ] || { echo "catalog_postgres: $UNIT not found (ninja -C build sluice_unit_tests)"; exit 1; }

SERVER_DIR=$(mktemp -d /tmp/sluice-pg.XXXXXX)
OUT=$(mktemp /tmp/sluice-pg-tests.XXXXXX)
cleanup() {
  "$REPO/scripts/pg-test-server.sh" stop "$SERVER_DIR" 2>/dev/null || rm -rf "$SERVER_DIR"
  rm -f "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # exit runs the EXIT trap: the server never outlives the test

URL=$("$REPO/scripts/pg-test-server.sh" start "$SERVER_DIR")
echo "catalog_postgres: test server at $URL"

status=0
SLUICE_TEST_PG_URL="$URL" "$UNIT" --gtest_filter='*Postgres*' --gtest_color=no 2>&1 | tee "$OUT" || status=$?

# Every test must have run against the server: a skip means the URL did not reach them.
if grep -q '^\[  SKIPPED \]' "$OUT"; then
  echo "FAIL catalog_postgres: tests were skipped"
  status=1
fi
if ! grep -qE '^\[  PASSED  \] [1-9][0-9]* tests?' "$OUT"; then
  echo "FAIL catalog_postgres: no test passed"
  status=1
fi
[ "$status" -eq 0 ] && echo "catalog_postgres: all PostgreSQL catalog tests passed"
exit "$status"
