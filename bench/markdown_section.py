"""One generated section of docs/BENCHMARKS.md, kept between its markers."""

import re
import sys


def replace_section(path, name, section):
    """Puts `section` (which starts with `<!-- NAME:begin` and ends with
    `<!-- NAME:end -->`) in place of the file's section of that name, or at its end."""
    doc = open(path).read()
    pattern = r'<!-- ' + re.escape(name) + r':begin.*?<!-- ' + re.escape(name) + r':end -->'
    if re.search(pattern, doc, flags=re.S):
        doc = re.sub(pattern, lambda _: section, doc, flags=re.S)
    else:
        doc = doc.rstrip('\n') + '\n\n' + section + '\n'
    open(path, 'w').write(doc)


def read_bench_log(path, run_pattern, what):
    """A bench script's log: its `info key=value` lines as a dict, and its `run …` lines
    matching `run_pattern` (named groups `key` and `engine`, then `wall`, `rss` and any
    others) grouped by (key, engine) as dicts (wall a float, rss an int). Exits naming
    `what` when the log does not end with the script's `info load_end=` line."""
    info = {}
    runs = {}
    for line in open(path).read().splitlines():
        if line.startswith('info '):
            key, _, value = line[5:].partition('=')
            info[key] = value
            continue
        m = re.match(run_pattern, line)
        if m:
            fields = m.groupdict()
            group = (fields.pop('key'), fields.pop('engine'))
            fields['wall'] = float(fields['wall'])
            fields['rss'] = int(fields['rss'])
            runs.setdefault(group, []).append(fields)
    if 'load_end' not in info:
        sys.exit(f'{what}: {path} does not hold a finished bench/{what.replace("_section", "_bench")}.sh run')
    return info, runs
