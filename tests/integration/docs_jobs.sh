#!/usr/bin/env bash
# The examples of docs/JOBS.md: every ```yaml block whose first line is `# file: PATH`
# is written to PATH inside a lake named `demo` (with the data the page's job reads:
# Redshift UNLOAD space events and a company dimension), then every `sluice …` line of
# the ```sh blocks runs in order and must succeed; the job's results are checked.
docs="$(cd "$(dirname "$0")/../.." && pwd)/docs/JOBS.md"
source "$(dirname "$0")/lib.sh"
unset SLUICE_LAKE

"$SLUICE" init demo >/dev/null
mkdir -p demo/drop/space_events demo/drop/dim_company demo/jobs
"$DATAGEN" space-events --rows 20000 --seed 7 --out demo/drop/space_events/part-1.csv
{ echo '"company_id"|"company_name"'; for i in $(seq 0 99); do echo "\"$i\"|\"Company $i\""; done; } \
  >demo/drop/dim_company/companies.csv

# Write the `# file:` YAML blocks.
awk '
  /^```yaml$/ { inblock = 1; file = ""; next }
  /^```$/ { inblock = 0; file = ""; next }
  inblock && file == "" && /^# file: / { file = "demo/" substr($0, 9); printf "" > file; next }
  inblock && file != "" { print >> file }
' "$docs"
[ -f demo/jobs/hourly_space.yaml ] && pass "the page's job spec was extracted" || fail "no jobs/hourly_space.yaml block"

in_block=0
while IFS= read -r line; do
  case "$line" in
    '```sh') in_block=1; continue ;;
    '```') in_block=0; continue ;;
  esac
  [ "$in_block" -eq 1 ] || continue
  [[ "$line" == sluice\ * ]] || continue
  command=${line%%#*}
  eval "set -- ${command#sluice }"
  expect_exit 0 "docs/JOBS.md: $command" -- "$SLUICE" "$@"
done <"$docs"

# The documented run wrote hourly rows.
got=$("$SLUICE" query --lake demo --format csv --no-header "SELECT sum(people) FROM curated.agg_hourly_space")
[ -n "$got" ] && [ "$got" != "0" ] && pass "the documented job wrote curated.agg_hourly_space ($got people)" ||
  fail "agg_hourly_space: '$got'"
[ "$PASSED" -ge 6 ] && pass "ran the documented commands" || fail "only $PASSED checks"
finish
