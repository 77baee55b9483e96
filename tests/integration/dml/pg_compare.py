#!/usr/bin/env python3
"""The driver of tests/integration/dml_postgres.sh: turns dml/script.sql into the script
each engine runs, and their outputs into comparable result listings.

  pg_compare.py prepare TARGET SCRIPT          the script TARGET runs, on stdout
  pg_compare.py results TARGET SCRIPT OUTPUT   the results listing, on stdout

TARGET is `pg`, `sluice` or `sluice-partitioned` (sluice with every `-- sluice-with:`
directive appended to the CREATE TABLE that follows it). The prepared script puts
`SELECT 'stmt-N' AS marker;` before statement N (and `SELECT 'stmt-end' AS marker;` at
the end), so one session's output splits into the output of each statement.

The listing has one block per statement: its number and first line, then
  - a query (SELECT, WITH, VALUES): its rows as CSV, header first;
  - INSERT, UPDATE, DELETE: `rows=N`, the number of rows it changed;
  - other statements (DDL) and `-- sluice-only:` statements: nothing (not compared).

Normalisations, each a genuine difference of formatting, never of values:
  1. PostgreSQL's command tags `INSERT 0 N`, `UPDATE N`, `DELETE N` and Trino's
     one-column result `rows` / `N` both become `rows=N`.
  2. CSV quoting: both outputs are parsed as CSV and written back the same way.
  3. PostgreSQL prints booleans as t and f: a field that is exactly `t` or `f` becomes
     `true` or `false` (script.sql has no varchar value 't' or 'f').
A statement whose output is missing (the session stopped early) shows
`<no output: the session stopped before this statement>`.
"""
import csv
import io
import re
import sys

DML = ("INSERT", "UPDATE", "DELETE")
QUERY = ("SELECT", "WITH", "VALUES", "(")


class Statement:
    def __init__(self, text, with_clause=None, sluice_only=False):
        self.text = text  # without the final ';'
        self.with_clause = with_clause
        self.sluice_only = sluice_only

    def kind(self):
        first = self.text.lstrip().split(None, 1)[0].upper()
        if self.sluice_only:
            return "other"
        if first in DML:
            return "dml"
        if first.startswith(QUERY):
            return "query"
        return "other"

    def first_line(self):
        line = self.text.strip().splitlines()[0]
        return line if len(line) <= 100 else line[:97] + "..."


def parse_script(path):
    statements = []
    pending_with = None
    lines = []
    with open(path, encoding="utf-8") as script:
        for raw in script:
            line = raw.rstrip("\n")
            stripped = line.strip()
            if not lines and stripped.startswith("--"):
                directive = stripped[2:].strip()
                if directive.startswith("sluice-with:"):
                    pending_with = directive[len("sluice-with:"):].strip()
                elif directive.startswith("sluice-only:"):
                    text = directive[len("sluice-only:"):].strip()
                    if not text.endswith(";"):
                        sys.exit(f"{path}: a sluice-only directive must end with ';': {line}")
                    statements.append(Statement(text[:-1], sluice_only=True))
                continue
            if not lines and not stripped:
                continue
            if stripped.startswith("--"):
                continue  # a comment inside a statement
            lines.append(line)
            if stripped.endswith(";"):
                text = "\n".join(lines).rstrip()[:-1]
                statement = Statement(text)
                if pending_with is not None:
                    if not re.match(r"\s*CREATE\s+TABLE", text, re.IGNORECASE):
                        sys.exit(f"{path}: sluice-with before a statement that is no CREATE TABLE: {statement.first_line()}")
                    statement.with_clause = pending_with
                    pending_with = None
                statements.append(statement)
                lines = []
    if lines:
        sys.exit(f"{path}: the last statement does not end with ';'")
    return statements


def prepare(target, statements):
    out = []
    for number, statement in enumerate(statements, 1):
        if statement.sluice_only and target == "pg":
            continue
        text = statement.text
        if target == "sluice-partitioned" and statement.with_clause:
            text += "\n" + statement.with_clause
        out.append(f"SELECT 'stmt-{number}' AS marker;")
        out.append(text + ";")
    out.append("SELECT 'stmt-end' AS marker;")
    return "\n".join(out) + "\n"


def split_output(text):
    """Maps statement number -> its output lines (the lines after its marker)."""
    segments = {}
    current = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i] == "marker" and i + 1 < len(lines) and re.fullmatch(r"stmt-(\d+|end)", lines[i + 1]):
            tag = lines[i + 1][len("stmt-"):]
            current = None if tag == "end" else int(tag)
            if current is not None:
                segments[current] = []
            i += 2
            continue
        if current is not None:
            segments[current].append(lines[i])
        i += 1
    return segments


def canonical_rows(lines, target):
    rows = list(csv.reader(io.StringIO("\n".join(lines) + "\n")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for index, row in enumerate(rows):
        if target == "pg" and index > 0:  # not the header
            row = ["true" if f == "t" else "false" if f == "f" else f for f in row]
        writer.writerow(row)
    return buffer.getvalue().rstrip("\n").split("\n") if rows else []


def changed_rows(lines, target):
    body = [line for line in lines if line.strip()]
    if target == "pg":
        tags = [line for line in body if re.fullmatch(r"(INSERT 0|UPDATE|DELETE) \d+", line)]
        if len(tags) == 1 and len(body) == 1:
            return [f"rows={tags[0].split()[-1]}"]
    elif len(body) == 2 and body[0] == "rows" and body[1].isdigit():
        return [f"rows={body[1]}"]
    return ["<unexpected output>"] + body


def results(target, statements, output_path):
    with open(output_path, encoding="utf-8", errors="replace") as output:
        segments = split_output(output.read())
    out = []
    for number, statement in enumerate(statements, 1):
        if statement.sluice_only:
            continue  # not compared (a failure shows in the statements after it)
        out.append(f"== {number}: {statement.first_line()}")
        if number not in segments:
            out.append("<no output: the session stopped before this statement>")
            continue
        kind = statement.kind()
        if kind == "query":
            out.extend(canonical_rows(segments[number], target))
        elif kind == "dml":
            out.extend(changed_rows(segments[number], target))
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("prepare", "results") or \
            sys.argv[2] not in ("pg", "sluice", "sluice-partitioned"):
        sys.exit(__doc__)
    command, target, script = sys.argv[1:4]
    statements = parse_script(script)
    if command == "prepare":
        sys.stdout.write(prepare(target, statements))
    else:
        if len(sys.argv) != 5:
            sys.exit(__doc__)
        # The partitioned run lists the same results as the plain one.
        sys.stdout.write(results("pg" if target == "pg" else "sluice", statements, sys.argv[4]))


if __name__ == "__main__":
    main()
