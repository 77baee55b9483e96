"""Writes the ETL jobs benchmark's section of docs/BENCHMARKS.md from the output of
bench/jobs_bench.sh (its `info` and `run` lines), replacing the section in place:
python3 bench/jobs_section.py OUTPUT_MD LOG."""
import datetime
import re
import statistics
import sys

from markdown_section import read_bench_log, replace_section

output, log = sys.argv[1:]
info, runs = read_bench_log(
    log,
    r'run (?P<key>\w+) (?P<engine>sluice|duckdb|psql) \d+ wall=(?P<wall>\S+) rss_kb=(?P<rss>\d+) '
    r'inproc=(?P<inproc>\S+) rows=(?P<rows>\S+) files=(?P<files>\S+) mb=(?P<mb>\S+) (?P<answer>answer=.*)',
    'jobs_section')

rows = int(info['rows'])
files = int(info['files'])
answers = {r['answer'] for group in runs.values() for r in group}
if len(answers) != 1:
    sys.exit(f'jobs_section: answers differ: {sorted(answers)}')
answer = answers.pop()
people = re.search(r'people=(\d+)', answer).group(1)
days = re.search(r'days=(\d+)', answer).group(1)


def Runs(part, engine):
    found = runs.get((part, engine))
    if not found:
        sys.exit(f'jobs_section: no {engine} runs of {part} in {log}')
    return found


def Mib(kb):
    return f'{kb / 1024:.0f}'


def Verdict(ratio, target):
    """Whether the speed ratio meets its target; the ratio to 3 places when it does not."""
    return 'met' if ratio >= target else f'**not met** ({ratio:.3f})'


def Rate(seconds):
    return f'{rows / seconds / 1e6:.2f}M'


sluice_lake, duck_lake = Runs('lake', 'sluice'), Runs('lake', 'duckdb')
sluice_s = statistics.median(r['wall'] for r in sluice_lake)
duck_s = statistics.median(float(r['inproc']) for r in duck_lake)
duck_wall = statistics.median(r['wall'] for r in duck_lake)
lake_ratio = duck_s / sluice_s
text = ['<!-- jobs:begin (bench/jobs_bench.sh) -->', '## ETL jobs: drop zone → Parquet and PostgreSQL', '',
        f"Run on {datetime.date.today()}. Machine: {info['machine']}. {info['sluice'].capitalize()} "
        f"(`--threads {info['threads']}`), DuckDB {info['duckdb']} via @duckdb/node-api "
        f"(threads={info['threads']})"
        + (f", PostgreSQL {info['postgres']}" if 'postgres' in info else '') + '. '
        f"The input: {rows:,} space-occupancy events in {files} CSV files ({info['csv_mb']} MB) in the "
        'Redshift UNLOAD dialect (`|` between fields, every field double-quoted, `\\N` for NULL, a header '
        'line), written by bench/gen_space_events.py: event_id, company_id (10), space_id (500), '
        f"event_ts (whole seconds over the {days} days of June 2024, every file holding every day), "
        'people_count (NULL in 3% of the rows). Every measurement runs '
        f"{info['repeat']} times; the tables show the median time and the largest peak RSS "
        '(/usr/bin/time).', '',
        'The job (the same `typed` step in both jobs):', '',
        '```yaml',
        'sources:',
        "  events: { path: drop/space_events/, format: csv, csv: { preset: redshift-unload, header: 'true' } }",
        'steps:',
        '  - name: typed',
        '    sql: |',
        '      SELECT company_id, space_id, CAST(event_ts AS timestamp) AS event_ts, people_count,',
        '             CAST(CAST(event_ts AS timestamp) AS date) AS event_date',
        '      FROM events',
        'targets:  # raw_events:',
        '  - { from: typed, table: raw.space_events, partition_by: [event_date], mode: overwrite_partitions }',
        '# pg_events: { from: typed, connection: bench, postgres_table: public.space_events, mode: truncate_insert }',
        '```', '',
        '### Drop zone → partitioned Parquet, beside DuckDB', '',
        'Sluice: `sluice job run raw_events` on a fresh lake each time (the files hard-linked into '
        'drop/space_events/), one process: the time is its wall time, start-up, planning, the commit of '
        'the table and its partitions in the catalog and the run record included. DuckDB has no jobs; '
        'bench/jobs_bench.cjs runs the same SELECT in one statement, `COPY (SELECT … FROM '
        "read_csv('drop/*.csv', delim = '|', quote = '\"', nullstr = '\\N', header = true)) TO out "
        '(FORMAT parquet, COMPRESSION snappy, PARTITION_BY (event_date))`; its time is that of the '
        'statement inside the process ("DuckDB process s" is the node process\'s wall time, and its peak '
        'RSS includes node, about 83 MiB with DuckDB loaded). DuckDB refuses `escape = \'\\\'` beside '
        "`nullstr = '\\N'`; these files hold no backslash inside a value, so its default escape reads "
        'them the same. Both write snappy Parquet with the same column types (bigint × 3, timestamp; '
        'event_date in the folder names). After every run, count(*), sum(people_count) and '
        'sum(space_id) per event_date must be equal between the engines, or the bench fails.', '',
        '| rows | Sluice s | Sluice rows/s | DuckDB s | DuckDB rows/s | speed ratio | target '
        '| DuckDB process s | Sluice peak MiB | DuckDB peak MiB | files (Sluice / DuckDB) '
        '| Parquet MB (Sluice / DuckDB) | answers |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
        f'| {rows:,} | {sluice_s:.2f} | {Rate(sluice_s)} | {duck_s:.2f} | {Rate(duck_s)} | '
        f'{lake_ratio:.2f} | ≥ 1.0 {Verdict(lake_ratio, 1.0)} | {duck_wall:.2f} | '
        f'{Mib(max(r["rss"] for r in sluice_lake))} | {Mib(max(r["rss"] for r in duck_lake))} | '
        f'{sluice_lake[0]["files"]} / {duck_lake[0]["files"]} | {sluice_lake[0]["mb"]} / {duck_lake[0]["mb"]} | '
        f'equal ({days} days, {rows:,} rows, sum(people_count) {int(people):,}) |',
        '', 'Speed ratio = DuckDB time / Sluice time (> 1: Sluice faster).', '']
if ('postgres', 'sluice') in runs:
    sluice_pg, psql = Runs('postgres', 'sluice'), Runs('postgres', 'psql')
    pg_s = statistics.median(r['wall'] for r in sluice_pg)
    psql_s = statistics.median(r['wall'] for r in psql)
    pg_ratio = psql_s / pg_s
    text += [
        '### Drop zone → PostgreSQL, beside psql\'s \\copy', '',
        'A throwaway local server (scripts/pg-test-server.sh: fsync, synchronous_commit and '
        'full_page_writes off, shared_buffers 32MB) on the same machine, over TCP on 127.0.0.1. Sluice: '
        '`sluice job run pg_events`, the same source and step into a PostgreSQL table, mode '
        'truncate_insert (one transaction: LOCK, count(*) of the rows it replaces, TRUNCATE, '
        'COPY FROM STDIN in text format; the job created the table in its first '
        f"run: {info.get('pg_types', '?')}). psql: `\\copy public.space_events_copy FROM 'plain.csv' WITH "
        "(FORMAT csv, DELIMITER '|', NULL '\\N', HEADER)` into a table of the same columns "
        f"(`LIKE public.space_events`), from one plain CSV file of the already typed rows "
        f"({info['plain_mb']} MB, written once by DuckDB, not timed), after an untimed TRUNCATE. psql "
        'only streams a file the server parses; Sluice reads the UNLOAD files, parses and types them, '
        'runs the step and encodes the rows for COPY. Both times are the wall time of the client process '
        '(the server\'s work included, as the client waits for it); the peak RSS is the client\'s. After '
        'every run count(*), sum(people_count) and sum(space_id) per event_date of the table must be '
        'the Parquet runs\' answer, or the bench fails.', '',
        '| rows | Sluice s | Sluice rows/s | psql \\copy s | psql rows/s | speed ratio | target '
        '| Sluice peak MiB | psql peak MiB | table MB | answers |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
        f'| {rows:,} | {pg_s:.2f} | {Rate(pg_s)} | {psql_s:.2f} | {Rate(psql_s)} | {pg_ratio:.2f} | '
        f'≥ 0.9 {Verdict(pg_ratio, 0.9)} | {Mib(max(r["rss"] for r in sluice_pg))} | '
        f'{Mib(max(r["rss"] for r in psql))} | {info["pg_table_mb"]} | equal |',
        '', 'Speed ratio = psql time / Sluice time (> 1: Sluice faster).', '']
else:
    text += ['The PostgreSQL part was skipped in this run (JOBS_BENCH_PG=0).', '']
text += [
    f"Load average (1, 5, 15 min) at the start: {info['load_start']}; at the end: {info['load_end']}, on "
    f"{info['machine'].split(',')[0]}: more than the core count means other work shared the CPUs and "
    'the times are noisy.', '',
    'Reproduce: `BENCH_ONLY=jobs make bench` (`bench/jobs_bench.sh build` alone prints the measurements '
    'without writing this section; `JOBS_BENCH_ROWS`, `JOBS_BENCH_FILES`, `JOBS_BENCH_THREADS`, '
    '`BENCH_REPEAT` change the defaults 10,000,000, 10, 2 and 3; `JOBS_BENCH_PG=0` skips PostgreSQL).',
    '<!-- jobs:end -->']
replace_section(output, 'jobs', '\n'.join(text))
