#!/usr/bin/env bash
# Runs every `sluice ...` line of the ```sh blocks in docs/CLI.md, in a folder holding
# the files the page promises, and fails if any of them fails.
source "$(dirname "$0")/lib.sh"
docs="$(dirname "$0")/../../docs/CLI.md"

"$DATAGEN" space-events --rows 2000 --seed 5 --out events.csv --json events.jsonl
printf 'name,age,joined\nAda,36,2024-01-31\n"Lovelace, A.",,2023-12-01\nBob,n/a,2024-02-29\n' > people.csv

in_block=0
while IFS= read -r line; do
  case "$line" in
    '```sh') in_block=1; continue ;;
    '```') in_block=0; continue ;;
  esac
  [ "$in_block" -eq 1 ] || continue
  [[ "$line" == sluice\ * ]] || continue
  eval "set -- ${line#sluice }"
  expect_exit 0 "docs/CLI.md: $line" -- "$SLUICE" "$@"
done < "$docs"
[ "$PASSED" -ge 10 ] && pass "ran at least 10 documented examples" || fail "only $PASSED examples found"
finish
