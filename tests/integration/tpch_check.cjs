// TPC-H correctness: each query of tests/sql/tpch runs through `sluice query` and through
// DuckDB over the same Sluice-written Parquet files, and the answers must agree.
//
//   node tpch_check.cjs SLUICE DATAGEN WORKDIR [QUERY ...]
//
// QUERY: q01 … q22, 1 … 22 or `all`; default: $TPCH_QUERIES, else kExpectedToPass below.
// Environment: TPCH_QUERIES (same syntax, comma- or space-separated), TPCH_SF (scale
// factor, default 0.1), TPCH_THREADS (both engines, default 2), TPCH_TIMEOUT (seconds per
// Sluice query, default 600).
//
// WORKDIR/tbl holds the generated .tbl files (regenerated only when the generator binary
// or the scale factor changes), WORKDIR/parquet the tables converted by `sluice convert`
// with the TPC-H column types (rewritten when the sluice binary changes), WORKDIR/sql the
// queries as run (table names bound to the Parquet files). DuckDB's
// DESCRIBE must see the same types (DECIMAL(15,2), DATE, …) before any query runs.
//
// How the queries name tables, and the comparison rules (numeric tolerance, Trino's
// decimal scale of avg and division, ORDER BY columns compared row by row, the rest as a
// multiset): bench/tpch_queries.cjs and bench/tpch_answers.cjs.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const bench = path.join(__dirname, '..', '..', 'bench');
const { BoundQuery, HasTopLevelLimit, OrderKeys, ParseQueryList, ReadQuery, kAllQueries } =
  require(path.join(bench, 'tpch_queries.cjs'));
const { CheckDuckTypes, EnsureTables } = require(path.join(bench, 'tpch_data.cjs'));
const { CompareAnswers, CsvHeaderColumns, ParseJsonLines } = require(path.join(bench, 'tpch_answers.cjs'));
const { OpenDuck, RunDuckQuery } = require(path.join(bench, 'duckdb', 'tpch.cjs'));

/** The queries checked by default: all 22; the test fails if any does not match DuckDB. */
const kExpectedToPass = ParseQueryList('all');

const [sluice, datagen, workArg, ...queryArgs] = process.argv.slice(2);
if (!sluice || !datagen || !workArg) {
  console.error('usage: node tpch_check.cjs SLUICE DATAGEN WORKDIR [QUERY ...]');
  process.exit(2);
}
const work = path.resolve(workArg);
const sf = process.env.TPCH_SF || '0.1';
const threads = process.env.TPCH_THREADS || '2';
const timeoutSeconds = Number(process.env.TPCH_TIMEOUT || 600);

/** Runs a statement through `sluice query`; returns { seconds, stdout, error }. */
function RunSluice(sql, format) {
  const start = process.hrtime.bigint();
  const run = spawnSync(sluice, ['--threads', threads, 'query', sql, '--format', format],
    { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutSeconds * 1000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let error = null;
  if (run.error && run.error.code === 'ETIMEDOUT') error = `timed out after ${timeoutSeconds} s`;
  else if (run.error) error = run.error.message;
  else if (run.status !== 0) error = (run.stderr || '').trim() || `exit status ${run.status} (signal ${run.signal})`;
  return { seconds, stdout: run.stdout, error };
}

/** Our answer to `sql` in the shape of tpch_answers.ParseJsonLines. */
function SluiceAnswer(sql) {
  const run = RunSluice(sql, 'jsonl');
  if (run.error) return { seconds: run.seconds, error: run.error };
  const answer = ParseJsonLines(run.stdout);
  if (answer.rows.length === 0) {
    const header = RunSluice(sql, 'csv');
    if (!header.error) answer.columns = CsvHeaderColumns(header.stdout);
  }
  return { seconds: run.seconds, answer };
}

function Table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

async function main() {
  const names = queryArgs.length > 0 ? ParseQueryList(queryArgs.join(','))
    : process.env.TPCH_QUERIES !== undefined ? ParseQueryList(process.env.TPCH_QUERIES) : kExpectedToPass;
  const { parquetDir } = EnsureTables({
    datagen, sluice, sf, tblDir: path.join(work, 'tbl'), parquetDir: path.join(work, 'parquet'),
  });
  const connection = await OpenDuck(threads);
  const typeProblems = await CheckDuckTypes(connection, parquetDir);
  for (const p of typeProblems) console.error(`FAIL ${p}`);
  if (typeProblems.length > 0) process.exit(1);
  console.log(`TPC-H SF ${sf}: checking ${names.length > 0 ? names.join(' ') : 'no queries'} ` +
    `(sluice and DuckDB on ${threads} threads, Parquet in ${parquetDir})`);

  const summary = [['query', 'rows', 'result', 'sluice s', 'duckdb s', 'order']];
  const sqlDir = path.join(work, 'sql');
  fs.mkdirSync(sqlDir, { recursive: true });
  let failures = 0;
  for (const name of names) {
    const sql = BoundQuery(name, parquetDir);
    const sqlFile = path.join(sqlDir, `${name}.sql`);
    fs.writeFileSync(sqlFile, sql + '\n');
    const ours = SluiceAnswer(sql);
    let theirs;
    try {
      theirs = await RunDuckQuery(connection, sql);
    } catch (e) {
      theirs = { seconds: NaN, error: e.message };
    }
    let result = 'ok';
    let order = '';
    const details = [];
    if (ours.error) {
      result = 'FAIL: sluice error';
      details.push(...ours.error.split('\n').map((l) => `  ${l}`));
    } else if (theirs.error) {
      result = 'FAIL: DuckDB error';
      details.push(`  ${theirs.error}`);
    } else {
      const comparison = CompareAnswers(ours.answer, theirs.answer, OrderKeys(ReadQuery(name)));
      order = comparison.orderChecked ? 'ORDER BY columns row by row' : 'multiset';
      if (!comparison.ok) {
        result = `FAIL: ${comparison.problem}`;
        details.push(...comparison.diff.map((l) => `  ${l}`));
        if (HasTopLevelLimit(ReadQuery(name))) details.push('  (the query has a LIMIT: ties at the cut may legitimately differ)');
      }
    }
    if (result !== 'ok') {
      failures++;
      details.push(`  rerun: ${sluice} query - --format table < ${sqlFile}`);
    }
    const rows = theirs.answer ? theirs.answer.rows.length : '?';
    summary.push([name, rows, result, ours.seconds.toFixed(3), Number.isNaN(theirs.seconds) ? '-' : theirs.seconds.toFixed(3), order]);
    console.log(`${name}: ${result}`);
    for (const line of details.slice(0, 40)) console.log(line);
  }
  if (names.length > 0) console.log('\n' + Table(summary));
  const unchecked = kAllQueries.filter((q) => !names.includes(q));
  if (unchecked.length > 0) {
    console.log(`\nnot checked: ${unchecked.join(' ')} (TPCH_QUERIES=all runs every query)`);
  }
  console.log(`${names.length - failures} of ${names.length} queries match DuckDB`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
