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

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
