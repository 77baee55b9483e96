#!/usr/bin/env bash
# The quickstart behind `make demo`: generates space-occupancy events in the Redshift
# UNLOAD dialect, shows what Sluice detects in them, converts them to JSON lines and
# back, and checks that the round trip reproduces the input byte for byte.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sluice="$build/sluice"
datagen="$build/sluice-datagen"
out="$build/demo"
rows=${DEMO_ROWS:-500000}
mkdir -p "$out"

columns="event_id,company_id,building_id,space_id,event_ts,people_count,device_id,note"

echo "== 1. Generate $rows space-occupancy events as Redshift UNLOAD output (gzip-compressed)"
"$datagen" space-events --rows "$rows" --seed 42 --null-share 0.05 \
  --out "$out/space_events.csv" --json "$out/space_events.expected.jsonl"
gzip -c -1 "$out/space_events.csv" > "$out/unload_0000_part_00.gz"
ls -l "$out/space_events.csv" "$out/unload_0000_part_00.gz" | awk '{print "   " $5 " bytes  " $9}'
echo "   a few raw lines:"
head -c 600 "$out/space_events.csv" | sed 's/^/   | /'
echo

echo "== 2. What Sluice detects (no options given: dialect, header and types are sniffed)"
"$sluice" schema "$out/unload_0000_part_00.gz"
echo

echo "== 3. Convert to JSON lines (names given with --columns)"
"$sluice" convert "$out/unload_0000_part_00.gz" "$out/space_events.jsonl" \
  --preset redshift-unload --columns "$columns"
head -3 "$out/space_events.jsonl" | sed 's/^/   /'
echo

echo "== 4. Convert the JSON lines back to the Redshift UNLOAD dialect"
"$sluice" convert "$out/space_events.jsonl" "$out/space_events.roundtrip.csv" \
  --preset redshift-unload
echo

echo "== 5. Land it as Parquet: one file, and a Hive-partitioned tree by company"
"$sluice" convert "$out/space_events.jsonl" "$out/space_events.parquet" --compression zstd
rm -rf "$out/space_events_by_company"
"$sluice" convert "$out/space_events.jsonl" "$out/space_events_by_company" --to parquet \
  --partition-by company_id
ls "$out/space_events_by_company" | sed -n '1,4s/^/   /p'
"$sluice" schema "$out/space_events.parquet" > "$out/space_events.parquet.txt"
head -14 "$out/space_events.parquet.txt" | sed 's/^/   /'
"$sluice" convert "$out/space_events.parquet" "$out/space_events.from_parquet.csv" \
  --preset redshift-unload --quiet
echo

echo "== 6. A lake: land the events by day in the drop zone, crawl them into the catalog, query"
lake="$out/lake"
rm -rf "$lake"
"$sluice" init "$lake" > /dev/null
echo "   sluice init $lake   (zones drop/raw/curated, catalog in $lake/.sluice/catalog.db)"
"$sluice" query --format csv --no-header "COPY (SELECT *, CAST(event_ts AS DATE) AS event_date
  FROM read_json('$out/space_events.jsonl')) TO '$lake/drop/space_events'
  (FORMAT json, PARTITION_BY (event_date), COMPRESSION gzip)" > /dev/null
echo "   landed $(ls "$lake/drop/space_events" | wc -l) event_date=… folders of gzip JSON lines under drop/space_events/"
"$sluice" crawl --lake "$lake" drop | sed 's/^/   /'
"$sluice" catalog --lake "$lake" describe raw.space_events | sed -n '1,12s/^/   /p'
echo "   a second crawl reads nothing that did not change:"
"$sluice" crawl --lake "$lake" drop | tail -1 | sed 's/^/   /'
day=$("$sluice" query --lake "$lake" --format csv --no-header \
  "SELECT min(event_date) + INTERVAL '74' DAY FROM raw.space_events")
query="SELECT count(*) AS events, sum(people_count) AS people FROM raw.space_events WHERE event_date = DATE '$day'"
echo "   $query"
"$sluice" query --lake "$lake" "$query" | sed 's/^/   /'
"$sluice" query --lake "$lake" --format csv --no-header "EXPLAIN $query" | grep -o 'partitions=[0-9]*/[0-9]*' \
  | sed 's/^/   the scan reads one partition: /'
"$sluice" query --lake "$lake" --format csv --no-header "EXPLAIN $query" | grep -q 'partitions=1/' \
  || { echo "   PARTITION PRUNING MISSING"; exit 1; }
echo

echo "== 7. Managed tables: a script of CREATE TABLE / INSERT / UPDATE / DELETE in one session"
cat > "$out/companies.sql" <<'SQL'
CREATE TABLE companies (company_id integer NOT NULL, name varchar NOT NULL, tier varchar)
  WITH (format = 'PARQUET', write_compression = 'ZSTD');
INSERT INTO companies SELECT DISTINCT company_id, 'company ' || CAST(company_id AS varchar), 'standard'
  FROM raw.space_events WHERE company_id IS NOT NULL;
UPDATE companies SET tier = 'gold' WHERE company_id IN
  (SELECT company_id FROM raw.space_events WHERE company_id IS NOT NULL
   GROUP BY company_id ORDER BY sum(people_count) DESC LIMIT 3);
DELETE FROM companies WHERE tier = 'standard' AND company_id > 15;
SELECT tier, count(*) AS companies FROM companies GROUP BY tier ORDER BY tier;
SQL
sed 's/^/   /' "$out/companies.sql"
"$sluice" query - --lake "$lake" < "$out/companies.sql" | sed 's/^/   /'
gold=$("$sluice" query --lake "$lake" --format csv --no-header "SELECT count(*) FROM companies WHERE tier = 'gold'")
[ "$gold" = 3 ] || { echo "   EXPECTED 3 GOLD COMPANIES, GOT $gold"; exit 1; }
echo "   default.companies lives in $lake/default/companies/; SHOW CREATE TABLE recreates it:"
"$sluice" query --lake "$lake" --format tsv --no-header "SHOW CREATE TABLE companies" | sed 's/^/   /'
echo

echo "== 8. Summary"
if cmp -s "$out/space_events.csv" "$out/space_events.roundtrip.csv"; then
  echo "   UNLOAD → JSON lines → UNLOAD reproduces the input byte for byte ($(wc -c < "$out/space_events.csv") bytes)."
else
  echo "   ROUND TRIP DIFFERS"; cmp "$out/space_events.csv" "$out/space_events.roundtrip.csv" || true; exit 1
fi
if cmp -s "$out/space_events.csv" "$out/space_events.from_parquet.csv"; then
  echo "   UNLOAD → JSON lines → Parquet → UNLOAD reproduces the input byte for byte too."
else
  echo "   PARQUET ROUND TRIP DIFFERS"; exit 1
fi
if cmp -s "$out/space_events.jsonl" "$out/space_events.expected.jsonl"; then
  echo "   The JSON lines hold exactly the generated values (byte-identical to the generator's rendering)."
else
  echo "   JSON LINES DIFFER FROM THE GENERATED VALUES"; exit 1
fi
echo "   Files are in $out/. Next: build/sluice help"
