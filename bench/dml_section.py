"""Writes the managed-table write benchmark's section of docs/BENCHMARKS.md from the output
of bench/dml_bench.sh (its `info` and `run` lines), replacing the section in place:
python3 bench/dml_section.py OUTPUT_MD LOG."""
import datetime
import re
import statistics
import sys

from markdown_section import read_bench_log, replace_section

output, log = sys.argv[1:]
info, runs = read_bench_log(
    log,
    r'run (?P<key>\w+) (?P<engine>sluice|duckdb) \d+ wall=(?P<wall>\S+) rss_kb=(?P<rss>\d+) '
    r'inproc=(?P<inproc>\S+) rows=(?P<rows>\S+) files=(?P<files>\S+) (?P<answer>count=.*)',
    'dml_section')

rows = int(info['rows'])
inserts = int(info['inserts'])
ops = [
    ('ctas', 'CTAS of the table',
     "`CREATE TABLE t WITH (format = 'PARQUET', partitioned_by = ARRAY['g']) AS SELECT id, v, s, g "
     "FROM read_parquet(source)`"),
    ('delete', 'DELETE 10% of the rows, in every partition', '`DELETE FROM t WHERE id % 100 >= 90`'),
    ('update', 'UPDATE one column of 10% of the rows', '`UPDATE t SET v = v + 1 WHERE id % 100 < 10`'),
    ('drop', 'DELETE one whole partition', '`DELETE FROM t WHERE g = 7`'),
    ('inserts', f'{inserts} single-row INSERTs in one session',
     f'{inserts} × `INSERT INTO t VALUES (…)` in one `sluice query -`'),
    ('optimize', f'OPTIMIZE after the {inserts} INSERTs', '`OPTIMIZE t`'),
]


def Mib(kb):
    return f'{kb / 1024:.0f}'


text = ['<!-- dml:begin (bench/dml_bench.sh) -->', '## Managed tables: writes beside DuckDB', '',
        f"Run on {datetime.date.today()}. Machine: {info['machine']}. {info['sluice'].capitalize()} "
        f"(`--threads {info['threads']}`) and DuckDB {info['duckdb']} via @duckdb/node-api "
        f"(threads={info['threads']}). A managed table of {rows:,} rows (id bigint, v double, s varchar, "
        f"g integer; 10 partitions on g = id % 10, {rows // 10:,} rows in one file each, "
        f"{info['table_mb']} MB of snappy Parquet) made by CTAS from a {info['source_mb']} MB Parquet "
        'file. Every operation runs '
        f"{info['repeat']} times, each on a fresh copy (`cp -a`) of a lake prepared once; the table "
        'shows the median time and the largest peak RSS (/usr/bin/time).', '',
        'Sluice runs each operation as one `sluice query` process: the time is its wall time, start-up, '
        'catalog and commit included. DuckDB has no lake, so bench/dml_bench.cjs does the same '
        'copy-on-write work by hand on the same Parquet files (the Sluice table\'s), one node process per '
        'operation: `COPY (SELECT … FROM read_parquet(files, hive_partitioning = true) WHERE NOT (cond)) '
        'TO new_folder (FORMAT parquet, PARTITION_BY (g))` for a DELETE, the same with '
        '`CASE WHEN cond THEN v + 1 ELSE v END` for the UPDATE, `COPY (SELECT … FROM read_parquet(source)) '
        'TO …` for the CTAS, and for OPTIMIZE a rewrite of the table and the appended files. Its time is '
        'that of the statements inside the process; "DuckDB process s" is the wall time of the node '
        'process, whose peak RSS includes node (about 83 MiB with DuckDB loaded). After every run both '
        'results are checked: count(*), sum(v) and sum(id) must be equal between the engines and the row '
        'count the expected one, or the bench fails.', '',
        '| operation | Sluice statement | rows | Sluice s | DuckDB s | speed ratio | DuckDB process s '
        '| Sluice peak MiB | DuckDB peak MiB | Sluice files written | answers |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|']
for op, label, statement in ops:
    sluice, duck = runs.get((op, 'sluice')), runs.get((op, 'duckdb'))
    if not sluice or not duck:
        sys.exit(f'dml_section: no runs of {op} in {log}')
    answers = {r['answer'] for r in sluice + duck}
    if len(answers) != 1:
        sys.exit(f'dml_section: {op}: answers differ: {sorted(answers)}')
    sluice_s = statistics.median(r['wall'] for r in sluice)
    duck_s = statistics.median(float(r['inproc']) for r in duck)
    duck_wall = statistics.median(r['wall'] for r in duck)
    changed = sluice[0]['rows']
    files = statistics.median(int(r['files']) for r in sluice)
    count = re.match(r'count=(\d+)', sluice[0]['answer']).group(1)
    text.append(f'| {label} | {statement} | {int(changed):,} | {sluice_s:.2f} | {duck_s:.2f} | '
                f'{duck_s / sluice_s:.2f} | {duck_wall:.2f} | {Mib(max(r["rss"] for r in sluice))} | '
                f'{Mib(max(r["rss"] for r in duck))} | {files:.0f} | equal ({int(count):,} rows) |')
text += [
    '',
    '"rows" is the number Sluice returns (rows written, deleted or updated); "Sluice files written" '
    'counts the Parquet files of the table that were not there before the statement. Speed ratio = '
    'DuckDB time / Sluice time (> 1: Sluice faster).', '',
    '- DELETE and UPDATE rewrite every file, as each holds matching rows: both engines read and write '
    'the whole table.',
    '- The whole-partition DELETE: every row of g=7 matches, so Sluice drops the partition\'s file in '
    'the commit and writes no data (0 files written). DuckDB\'s generic copy-on-write rewrites the '
    'other 9 partitions; by hand one would delete the folder instead.',
    f'- The {inserts} INSERTs are {inserts} atomic commits, each writing one small file. DuckDB\'s side '
    f'is {inserts} single-row `COPY (SELECT …) TO \'g=K/append-i.parquet\'` in one process: the same '
    'files, without a catalog or atomicity.',
    f"- OPTIMIZE finds {int(info['files_after_inserts']) // 10} files under 128MB in each partition (the "
    f"table's file and the INSERTs') and merges them into one ({info['files_after_optimize']} files "
    'after), so it rewrites the whole table, as DuckDB\'s COPY does.',
    '',
    f"Load average (1, 5, 15 min) at the start: {info['load_start']}; at the end: {info['load_end']}, on "
    f"{info['machine'].split(',')[0]}: more than the core count means other work shared the CPUs and "
    'the times are noisy.', '',
    'Reproduce: `BENCH_ONLY=dml make bench` (`bench/dml_bench.sh build` alone prints the measurements '
    'without writing this section; `DML_BENCH_ROWS`, '
    '`DML_BENCH_INSERTS`, `DML_BENCH_THREADS`, `BENCH_REPEAT` change the defaults 5,000,000, 200, 2 '
    'and 3).',
    '<!-- dml:end -->']
replace_section(output, 'dml', '\n'.join(text))
