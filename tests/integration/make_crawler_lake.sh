#!/usr/bin/env bash
# Writes the crawler test drop zone into DIR (a lake's drop/ folder):
#   space_events/event_date=2024-01-0{1,2,3}/unload_000N_part_00[.gz]
#                                    Redshift UNLOAD output (sluice-datagen space-events)
#   events/event_date=…/hour=…/      CSV with a header; drift: a new column on day 2, a
#                                    missing one and a widened one on day 3; .gz .zst .bz2
#   clicks/2024/01/05/…              JSON lines under unnamed levels
#   metrics/dt=…/m.parquet           Parquet (written by sluice convert), one corrupt file
#   users/                           unpartitioned CSV, a binary file named .csv
#   _SUCCESS, .crc, _temporary/, .hidden/, *.tmp, ~ files that must be ignored
#
#   make_crawler_lake.sh SLUICE DATAGEN DIR
set -euo pipefail
SLUICE=$1
DATAGEN=$2
DIR=$3
mkdir -p "$DIR"
cd "$DIR"

for day in 1 2 3; do
  d="space_events/event_date=2024-01-0$day"
  mkdir -p "$d"
  "$DATAGEN" space-events --rows $((day * 100)) --seed "$day" --out "$d/unload_0000_part_00"
  "$DATAGEN" space-events --rows 50 --seed $((day + 10)) --out "$d/unload_0001_part_00"
  gzip "$d/unload_0001_part_00"
done

e=events
mkdir -p "$e/event_date=2024-01-01/hour=0" "$e/event_date=2024-01-01/hour=1" "$e/event_date=2024-01-02/hour=0" \
  "$e/event_date=2024-01-03/hour=0" "$e/event_date=2024-01-03/hour=5" "$e/_temporary/0"
printf 'id,kind,amount\n1,click,10\n2,view,20\n' >"$e/event_date=2024-01-01/hour=0/part-0.csv"
printf 'id,kind,amount\n3,click,30\n' | gzip >"$e/event_date=2024-01-01/hour=1/part-0.csv.gz"
printf 'id,kind,amount,country\n4,view,40,fr\n5,click,50,de\n' >"$e/event_date=2024-01-02/hour=0/part-0.csv"
: >"$e/event_date=2024-01-02/hour=0/_SUCCESS"
printf 'crc' >"$e/event_date=2024-01-02/hour=0/.part-0.csv.crc"
printf 'id,kind\n6,view\n' | zstd -q >"$e/event_date=2024-01-03/hour=0/part-0.csv.zst"
printf 'id,kind,amount\n7,click,7.5\n' | bzip2 >"$e/event_date=2024-01-03/hour=5/part-0.csv.bz2"
printf 'id,kind,amount\n9,x,1\n' >"$e/_temporary/0/task-0.csv"

c=clicks
mkdir -p "$c/2024/01/05" "$c/2024/01/06" "$c/2024/02/01"
printf '{"user":"u1","n":1}\n{"user":"u2","n":2}\n' >"$c/2024/01/05/a.jsonl"
printf '{"user":"u3","n":3}\n' | gzip >"$c/2024/01/06/b.jsonl.gz"
printf '{"user":"u4","n":4}\n' >"$c/2024/02/01/c.json"

m=metrics
mkdir -p "$m/dt=2024-01-01" "$m/dt=2024-01-02"
printf 'name,value\ncpu,0.5\nmem,0.25\ndisk,0.125\n' >"$DIR/.m1.csv"
printf 'name,value\ncpu,0.75\nmem,0.5\n' >"$DIR/.m2.csv"
"$SLUICE" convert "$DIR/.m1.csv" "$m/dt=2024-01-01/m.parquet" --quiet
"$SLUICE" convert "$DIR/.m2.csv" "$m/dt=2024-01-02/m.parquet" --quiet
rm "$DIR/.m1.csv" "$DIR/.m2.csv"
printf 'PAR1 this is not a parquet file PAR1' >"$m/dt=2024-01-02/corrupt.parquet"

u=users
mkdir -p "$u"
printf 'user_id,email,signup\n1,a@x.org,2024-01-01\n2,b@x.org,2024-01-02\n' >"$u/users_1.csv"
printf 'user_id,email,signup\n3,c@x.org,2024-01-03\n' >"$u/users_2.csv"
printf 'scratch' >"$u/notes.tmp"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' >"$u/junk.csv"

mkdir -p .hidden
printf 'a,b\n1,2\n' >.hidden/x.csv
printf 'backup' >readme~
