"""Writes the crawler benchmark's section of docs/BENCHMARKS.md from the output of
bench/crawl_bench.sh: python3 bench/crawl_section.py OUTPUT_MD LOG MACHINE."""
import datetime
import re
import sys

from markdown_section import replace_section

output, log, machine = sys.argv[1:]
lines = open(log).read().splitlines()
rows = []
for line in lines:
    m = re.match(r'(\S+)\s+wall (\S+)\s+peak RSS\s+(\d+) MB\s+files read\s+(\d+)\s+folders listed\s+(\d+)', line)
    if m:
        rows.append(m.groups())
if len(rows) != 3:
    sys.exit(f'crawl_section: expected 3 timed runs in {log}, found {len(rows)}')
planning = [l for l in lines if l.startswith('planning')]
labels = {'cold': 'cold crawl', 'recrawl_unchanged': 're-crawl, nothing changed',
          'recrawl_10_new': 're-crawl after 10 new files'}
text = ['<!-- crawl:begin (bench/crawl_bench.sh) -->', '## Crawler: a 100,000-file lake', '',
        f'{datetime.date.today()}, {machine}. A generated lake of 100,000 tiny files under 3 partition '
        'levels (50,000 CSV in year=/month=/day= folders, 50,000 Parquet in unnamed YYYY/MM/DD folders: '
        '2 tables, 10,113 folders), crawled by `sluice crawl --path drop --database raw` into the SQLite '
        'catalog; wall time and peak RSS from /usr/bin/time -v.', '',
        '| run | wall | peak RSS | files read | folders listed |', '|---|---|---|---|---|']
for label, wall, rss, read, listed in rows:
    text.append(f'| {labels.get(label, label)} | {wall} | {rss} MB | {read} | {listed} |')
for line in planning:
    text += ['', line.replace('planning:', 'Planning:', 1) + '; that includes starting the '
             'binary and opening the catalog. The bind and partition pruning alone, over a 10,000-partition '
             'table, are printed by `sluice_unit_tests --gtest_filter=CatalogEngineTest.PlanningOverTenThousandPartitions` '
             '(10-14 ms on a quiet machine, 33 ms while a build ran beside it; ListPartitions is about half).']
text += ['', 'Reproduce: `BENCH_ONLY=crawl make bench` (or `bench/crawl_bench.sh build`).',
         '<!-- crawl:end -->']
replace_section(output, 'crawl', '\n'.join(text))
