#!/usr/bin/env bash
# Ctrl-C (SIGINT) cancels a running query within a chunk: `sluice query` exits 130 with
# "query cancelled" on stderr; `sluice sql` cancels the statement and goes on reading.
source "$(dirname "$0")/lib.sh"

# 400,000 rows, each padded to 10,000 characters: many seconds of work.
awk 'BEGIN { print "k,v"; for (i = 0; i < 400000; i++) print "key_" i "," i % 7 }' > keys.csv
slow="SELECT sum(length(lpad(k, 10000, 'x'))) AS padded FROM read_csv('keys.csv')"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# sluice query: SIGINT after a second; the process must be gone within 2 s.
"$SLUICE" query "$slow" >"$WORK/out" 2>"$WORK/err" &
pid=$!
sleep 1
kill -0 "$pid" 2>/dev/null && pass "the query is still running after 1 s" || fail "the query ended too soon"
start=$(now_ms)
kill -INT "$pid"
code=0
wait "$pid" || code=$?
elapsed=$(( $(now_ms) - start ))
[ "$code" -eq 130 ] && pass "sluice query exits 130 on Ctrl-C" || fail "sluice query exited $code, expected 130"
[ "$elapsed" -lt 2000 ] && pass "cancelled in ${elapsed} ms (< 2 s)" || fail "cancel took ${elapsed} ms"
expect_grep 'query cancelled' "$WORK/err" "stderr says the query was cancelled"
[ ! -s "$WORK/out" ] && pass "no result printed" || fail "a result was printed"

# sluice sql from a pipe: the slow statement is cancelled, the next one runs.
{ echo "$slow;"; echo "SELECT count(*) AS answer FROM read_csv('keys.csv');"; } |
  "$SLUICE" sql --history "$WORK/history" >"$WORK/out" 2>"$WORK/err" &
pid=$!
sleep 1
start=$(now_ms)
kill -INT "$pid"
code=0
wait "$pid" || code=$?
elapsed=$(( $(now_ms) - start ))
expect_grep 'query cancelled' "$WORK/err" "sluice sql reports the cancelled statement"
expect_grep '400000' "$WORK/out" "sluice sql runs the next statement after the cancel"
[ "$elapsed" -lt 2000 ] && pass "shell cancel and the next statement took ${elapsed} ms" || fail "took ${elapsed} ms"
[ "$code" -eq 1 ] && pass "piped shell exits 1 after a failed statement" || fail "piped shell exited $code"

# sluice sql on a terminal (script(1) gives it a pty): Ctrl-C cancels the query and the
# prompt comes back; Ctrl-C clears a half-typed statement; two at an empty prompt quit.
if command -v script >/dev/null 2>&1; then
  {
    sleep 0.5; echo "$slow;"
    sleep 1.5; printf '\003'
    sleep 0.5; echo "SELECT 'typed but'"; sleep 0.2; printf '\003'
    sleep 0.3; echo "SELECT count(*) AS after_cancel FROM read_csv('keys.csv');"
    sleep 1; printf '\003'; sleep 0.3; printf '\003'
    sleep 1
  } | script -qfec "$SLUICE sql --history $WORK/tty_history" /dev/null >"$WORK/tty" 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && { fail "the terminal shell did not quit"; kill "$pid"; } || pass "two Ctrl-C at an empty prompt quit"
  expect_grep 'query cancelled' "$WORK/tty" "Ctrl-C on a terminal cancels the query"
  expect_grep 'after_cancel' "$WORK/tty" "the prompt comes back and runs the next statement"
  expect_grep '400000' "$WORK/tty" "the next statement's result"
  grep -q "typed but" "$WORK/tty_history" && fail "a cleared line went to the history" || pass "a cleared line is not in the history"
  expect_grep 'after_cancel' "$WORK/tty_history" "statements are saved in the history file"
fi
finish
