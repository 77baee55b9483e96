#!/usr/bin/env bash
# Crawler benchmark: a generated lake of 100,000 tiny files under 3 partition levels
# (drop/events: CSV, year=/month=/day= Hive folders; drop/metrics: Parquet, unnamed
# YYYY/MM/DD folders; 5 x 10 x 100 leaf folders of 10 files each, per table), then
#   1. the cold crawl (every file classified),
#   2. a re-crawl with nothing changed,
#   3. a re-crawl after 10 new files landed (5 in new partitions, 5 in existing ones),
# each timed with /usr/bin/time -v (wall time, peak memory), and the files the
# crawler read checked against what was added.
#
#   bench/crawl_bench.sh [BUILD_DIR] [WORK_DIR]     (defaults: build, a temporary folder)
# Env: CRAWL_BENCH_LEAVES_PER_DAY (default 100), CRAWL_BENCH_FILES_PER_LEAF (default 10).
set -euo pipefail

BUILD=$(cd "${1:-build}" && pwd)
SLUICE="$BUILD/sluice"
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
LAKE="$WORK/lake"
LEAVES=${CRAWL_BENCH_LEAVES_PER_DAY:-100}
FILES=${CRAWL_BENCH_FILES_PER_LEAF:-10}
rm -rf "$LAKE"
"$SLUICE" init "$LAKE" >/dev/null

# One tiny Parquet file, copied under every metrics leaf.
printf 'id,name,value\n1,cpu,0.5\n2,mem,0.25\n' >"$WORK/seed.csv"
"$SLUICE" convert "$WORK/seed.csv" "$WORK/seed.parquet" --quiet

echo "generating $((2 * 5 * 10 * LEAVES * FILES)) files in $LAKE/drop ..."
python3 - "$LAKE/drop" "$WORK/seed.parquet" "$LEAVES" "$FILES" <<'EOF'
import os, sys
root, seed, leaves, files = sys.argv[1], open(sys.argv[2], 'rb').read(), int(sys.argv[3]), int(sys.argv[4])
n = 0
for year in range(2020, 2025):
    for month in range(1, 11):
        for leaf in range(leaves):
            day = leaf + 1
            events = f"{root}/events/year={year}/month={month:02d}/day={day}"
            metrics = f"{root}/metrics/{year}/{month:02d}/{day:03d}"
            os.makedirs(events, exist_ok=True)
            os.makedirs(metrics, exist_ok=True)
            for f in range(files):
                with open(f"{events}/part-{f:05d}.csv", "w") as out:
                    out.write(f"id,kind,amount\n{n},click,{f}\n{n + 1},view,{f * 2}\n")
                with open(f"{metrics}/part-{f:05d}.parquet", "wb") as out:
                    out.write(seed)
                n += 2
print(f"{n} files")
EOF
# Let the folders' times age past the crawler's 2-second "racy" window.
sleep 3

# run LABEL -- COMMAND...: runs it under /usr/bin/time -v, prints wall time and peak RSS.
run() {
  local label=$1
  shift 2
  /usr/bin/time -v "$@" >"$WORK/$label.out" 2>"$WORK/$label.time"
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$WORK/$label.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$WORK/$label.time" | awk '{print $NF}')
  local read listed
  read=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['files']['read'])" "$WORK/$label.out")
  listed=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['folders']['listed'])" "$WORK/$label.out")
  printf '%-22s wall %-9s peak RSS %6d MB   files read %6s   folders listed %5s\n' \
    "$label" "$wall" $((rss / 1024)) "$read" "$listed"
  echo "$read"  >"$WORK/$label.read"
}

CRAWL=("$SLUICE" crawl --lake "$LAKE" --path drop --database raw --format json)
run cold -- "${CRAWL[@]}"
run recrawl_unchanged -- "${CRAWL[@]}"

# 10 new files: 5 in a new day folder of each table's existing month, 5 in existing leaves.
python3 - "$LAKE/drop" "$WORK/seed.parquet" <<'EOF'
import os, sys
root, seed = sys.argv[1], open(sys.argv[2], 'rb').read()
new_events = f"{root}/events/year=2024/month=10/day=999"
os.makedirs(new_events, exist_ok=True)
for f in range(3):
    with open(f"{new_events}/part-{f:05d}.csv", "w") as out:
        out.write(f"id,kind,amount\n{f},click,1\n")
new_metrics = f"{root}/metrics/2024/10/999"
os.makedirs(new_metrics, exist_ok=True)
for f in range(2):
    with open(f"{new_metrics}/part-{f:05d}.parquet", "wb") as out:
        out.write(seed)
for f in range(3):
    with open(f"{root}/events/year=2023/month=05/day=7/late-{f}.csv", "w") as out:
        out.write(f"id,kind,amount\n{f},view,2\n")
for f in range(2):
    with open(f"{root}/metrics/2021/03/042/late-{f}.parquet", "wb") as out:
        out.write(seed)
EOF
run recrawl_10_new -- "${CRAWL[@]}"
if [ "$(cat "$WORK/recrawl_10_new.read")" != 10 ]; then
  echo "FAIL: the re-crawl read $(cat "$WORK/recrawl_10_new.read") files, expected 10" >&2
  exit 1
fi
python3 - "$WORK/cold.out" "$WORK/recrawl_10_new.out" <<'EOF'
import json, sys
cold, again = (json.load(open(p)) for p in sys.argv[1:])
print("cold:", cold["summary"])
print("re-crawl:", again["summary"])
EOF

# Query planning over the crawled table with a partition filter: the whole `sluice query
# EXPLAIN` process (start, catalog open, bind, prune), best of 5.
best=""
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$SLUICE" query --lake "$LAKE" --format csv --no-header \
    "EXPLAIN SELECT count(*) FROM raw.events WHERE year = 2023 AND month = '05' AND day = 7" >"$WORK/explain.out"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
pruned=$(grep -o 'partitions=[0-9]*/[0-9]*' "$WORK/explain.out" || echo "partitions=?")
echo "planning: EXPLAIN of a query with a partition filter over raw.events ($pruned) takes $best ms for the whole sluice process (best of 5)"
