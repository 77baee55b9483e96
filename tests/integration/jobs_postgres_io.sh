#!/usr/bin/env bash
# Jobs and PostgreSQL against a real server: starts a throwaway PostgreSQL
# (scripts/pg-test-server.sh: initdb in a temporary folder, 127.0.0.1 at a free port,
# trust auth) and runs the PgJob* unit tests (tests/unit/jobs/postgres_io_server_test.cpp)
# against it: every load mode, a table created with every type, the round trip of every
# type lake → PostgreSQL → Parquet, failed loads leaving the table exactly as before,
# four parallel key ranges reading 100,000 rows exactly once. The server is stopped and
# its folder removed on exit, whatever happens.
# Usage: tests/integration/jobs_postgres_io.sh BUILD_DIR
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:?usage: jobs_postgres_io.sh BUILD_DIR}" && pwd)
UNIT="$BUILD/tests/sluice_unit_tests"
[ -x "$UNIT" ] || { echo "jobs_postgres_io: $UNIT not found (ninja -C build sluice_unit_tests)"; exit 1; }

SERVER_DIR=$(mktemp -d /tmp/sluice-pg.XXXXXX)
OUT=$(mktemp /tmp/sluice-pgjob-tests.XXXXXX)
cleanup() {
  "$REPO/scripts/pg-test-server.sh" stop "$SERVER_DIR" 2>/dev/null || rm -rf "$SERVER_DIR"
  rm -f "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # exit runs the EXIT trap: the server never outlives the test

URL=$(cd / && "$REPO/scripts/pg-test-server.sh" start "$SERVER_DIR")
echo "jobs_postgres_io: test server at $URL"

status=0
SLUICE_TEST_PG_URL="$URL" "$UNIT" --gtest_filter='PgJob*' --gtest_color=no 2>&1 | tee "$OUT" || status=$?

# Every test must have run against the server: a skip means the URL did not reach them.
if grep -q '^\[  SKIPPED \]' "$OUT"; then
  echo "FAIL jobs_postgres_io: tests were skipped"
  status=1
fi
if ! grep -qE '^\[  PASSED  \] [1-9][0-9]* tests?' "$OUT"; then
  echo "FAIL jobs_postgres_io: no test passed"
  status=1
fi
[ "$status" -eq 0 ] && echo "jobs_postgres_io: all PostgreSQL job tests passed"
exit "$status"
