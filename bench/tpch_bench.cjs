// The TPC-H section of docs/BENCHMARKS.md: the 22 queries of tests/sql/tpch through
// `sluice query` and DuckDB (bench/duckdb/tpch.cjs) on the same Sluice-written Parquet
// files, median time of BENCH_REPEAT runs, peak RSS, the ratio per query, geometric means,
// and each answer checked against DuckDB's (bench/tpch_answers.cjs). A query Sluice cannot
// answer is reported as "error: <first line>"; the run goes on.
//
// Called by bench/run.cjs: RunTpchBench({ root, build, sf, repeat, threads, timeoutSeconds,
// nodeBaselineMiB, log }) → { markdown, problems }.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BoundQuery, OrderKeys, ReadQuery, kAllQueries } = require('./tpch_queries.cjs');
const { CheckDuckTypes, EnsureTables, kTables } = require('./tpch_data.cjs');
const { CompareAnswers, CsvHeaderColumns, ParseJsonLines } = require('./tpch_answers.cjs');
const { OpenDuck } = require('./duckdb/tpch.cjs');

/**
 * Runs a command under /usr/bin/time and `timeout`; returns { seconds (wall), rssMiB,
 * stdout, error (first line of stderr, or null) }.
 */
function MeasureRun(command, args, timeoutSeconds) {
  const timeFile = path.join(os.tmpdir(), `sluice-bench-tpch-time-${process.pid}`);
  const start = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, 'timeout', String(timeoutSeconds),
    command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let rssMiB = NaN;
  try {
    rssMiB = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024;
    fs.unlinkSync(timeFile);
  } catch {
    // No measurement: the command could not start.
  }
  let error = null;
  if (run.status === 124) error = `timed out after ${timeoutSeconds} s`;
  else if (run.status !== 0) {
    error = (run.stderr || '').split('\n').find((l) => l.trim().length > 0) || `exit status ${run.status}`;
  }
  return { seconds, rssMiB, stdout: run.stdout, error };
}

function Median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function GeometricMean(values) {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** `repeat` runs of a query through one engine; stops at the first error. */
function Runs(repeat, once) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const run = once();
    runs.push(run);
    if (run.error) break;
  }
  const failed = runs.find((r) => r.error);
  return {
    error: failed ? failed.error : null,
    seconds: Median(runs.map((r) => r.seconds)),
    rssMiB: Math.max(...runs.map((r) => r.rssMiB)),
    first: runs[0],
  };
}

const Cell = (text) => String(text).replace(/\|/g, '\\|');

async function RunTpchBench({ root, build, sf, repeat, threads, timeoutSeconds, nodeBaselineMiB, log = console.log }) {
  const sluice = path.join(build, 'sluice');
  const tblDir = path.join(root, 'bench', 'data', `tpch-sf${sf}`);
  const parquetDir = path.join(root, 'bench', 'out', `tpch-sf${sf}`);
  EnsureTables({ datagen: path.join(build, 'sluice-datagen'), sluice, sf, tblDir, parquetDir, trustExistingTbl: true, log });
  const typeProblems = await CheckDuckTypes(await OpenDuck(1), parquetDir);
  if (typeProblems.length > 0) throw new Error(typeProblems.join('\n'));
  const sqlDir = path.join(parquetDir, 'sql');
  fs.mkdirSync(sqlDir, { recursive: true });

  const results = [];
  let problems = 0;
  for (const name of kAllQueries) {
    const sql = BoundQuery(name, parquetDir);
    const sqlFile = path.join(sqlDir, `${name}.sql`);
    fs.writeFileSync(sqlFile, sql + '\n');
    const ours = Runs(repeat, () => MeasureRun(sluice,
      ['--threads', String(threads), 'query', sql, '--format', 'jsonl'], timeoutSeconds));
    const theirs = Runs(repeat, () => {
      const run = MeasureRun('node', [path.join(root, 'bench', 'duckdb', 'tpch.cjs'), sqlFile, String(threads)], timeoutSeconds);
      if (run.error) return run;
      const output = JSON.parse(run.stdout.trim().split('\n').pop());
      return { ...run, seconds: output.seconds, answer: output };
    });
    let answer;
    if (theirs.error) {
      answer = `DuckDB error: ${theirs.error}`;
      problems++;
    } else if (ours.error) {
      answer = `error: ${ours.error.split(parquetDir + path.sep).join('')}`;
    } else {
      const ourAnswer = ParseJsonLines(ours.first.stdout);
      if (ourAnswer.rows.length === 0) {
        const header = MeasureRun(sluice, ['--threads', String(threads), 'query', sql, '--format', 'csv'], timeoutSeconds);
        if (!header.error) ourAnswer.columns = CsvHeaderColumns(header.stdout);
      }
      const comparison = CompareAnswers(ourAnswer, theirs.first.answer, OrderKeys(ReadQuery(name)));
      answer = comparison.ok ? 'equal' : `DIFFERS: ${comparison.problem}`;
      if (!comparison.ok) {
        problems++;
        for (const line of comparison.diff) log(`  ${line}`);
      }
    }
    const rows = theirs.error ? NaN : theirs.first.answer.rows.length;
    const r = { name, rows, ours, theirs, answer, answered: !ours.error && !theirs.error };
    results.push(r);
    log(`TPC-H SF ${sf} ${name}: ` +
      (r.answered ? `sluice ${ours.seconds.toFixed(3)} s ${ours.rssMiB.toFixed(0)} MiB; ` : '') +
      (theirs.error ? '' : `duckdb ${theirs.seconds.toFixed(3)} s ${theirs.rssMiB.toFixed(0)} MiB; `) + answer);
  }
  return { markdown: Markdown({ root, sf, repeat, threads, nodeBaselineMiB, parquetDir, results }), problems };
}

function Markdown({ root, sf, repeat, threads, nodeBaselineMiB, parquetDir, results }) {
  const mb = kTables.reduce((sum, t) => sum + fs.statSync(path.join(parquetDir, `${t}.parquet`)).size, 0) / 1e6;
  const duckVersion = require(path.join(root, 'peers', 'node_modules', '@duckdb', 'node-api', 'package.json')).version;
  const date = new Date().toISOString().slice(0, 10);
  let md = `## TPC-H SF${sf}\n\n` +
    `Run on ${date}. The 22 queries of tests/sql/tpch (Trino syntax; the table names are ` +
    `rewritten to \`read_parquet('…/<table>.parquet')\`, see bench/tpch_queries.cjs) over the same ` +
    `${mb.toFixed(0)} MB of Parquet: sluice-datagen's SF ${sf} tables written by \`sluice convert\` ` +
    `with the TPC-H types (DECIMAL(15,2), DATE, BIGINT keys). Sluice: \`sluice --threads ${threads} query ` +
    `SQL --format jsonl\`, wall time of the process (startup included). DuckDB ${duckVersion} ` +
    `(threads=${threads}, bench/duckdb/tpch.cjs): time of the query inside the process. Median of ` +
    `${repeat} runs, each a new process; peak memory is the largest maximum RSS of the runs ` +
    `(/usr/bin/time), DuckDB's including node (${nodeBaselineMiB.toFixed(0)} MiB with DuckDB loaded). ` +
    `Every answer is compared with DuckDB's (bench/tpch_answers.cjs: numbers to 1e-9 or to Trino's ` +
    `decimal scale, ORDER BY columns row by row). Queries Sluice cannot run yet show its error.\n\n` +
    `| query | rows | Sluice s | DuckDB s | speed ratio | Sluice peak MiB | DuckDB peak MiB | memory ratio | answer |\n` +
    `|---|---:|---:|---:|---:|---:|---:|---:|---|\n`;
  for (const r of results) {
    const duck = r.theirs.error ? ['–', '–'] : [r.theirs.seconds.toFixed(3), r.theirs.rssMiB.toFixed(0)];
    const ours = r.answered ? [r.ours.seconds.toFixed(3), r.ours.rssMiB.toFixed(0)] : ['–', '–'];
    const ratios = r.answered
      ? [(r.theirs.seconds / r.ours.seconds).toFixed(2), (r.ours.rssMiB / r.theirs.rssMiB).toFixed(2)]
      : ['–', '–'];
    md += `| ${r.name.toUpperCase()} | ${Number.isNaN(r.rows) ? '–' : r.rows} | ${ours[0]} | ${duck[0]} | ${ratios[0]} | ` +
      `${ours[1]} | ${duck[1]} | ${ratios[1]} | ${Cell(r.answer)} |\n`;
  }
  const correct = results.filter((r) => r.answered && r.answer === 'equal');
  md += '\n';
  if (correct.length > 0) {
    md += `Geometric means over the ${correct.length} of 22 queries Sluice answers correctly ` +
      `(${correct.map((r) => r.name.toUpperCase()).join(', ')}): Sluice ` +
      `${GeometricMean(correct.map((r) => r.ours.seconds)).toFixed(3)} s, DuckDB ` +
      `${GeometricMean(correct.map((r) => r.theirs.seconds)).toFixed(3)} s, speed ratio ` +
      `${GeometricMean(correct.map((r) => r.theirs.seconds / r.ours.seconds)).toFixed(2)}, memory ratio ` +
      `${GeometricMean(correct.map((r) => r.ours.rssMiB / r.theirs.rssMiB)).toFixed(2)}.\n\n`;
  } else {
    md += 'No query is answered correctly by Sluice yet, so there is no geometric mean.\n\n';
  }
  const duckAll = results.filter((r) => !r.theirs.error);
  if (duckAll.length > 0) {
    md += `DuckDB's geometric mean over all ${duckAll.length} queries: ` +
      `${GeometricMean(duckAll.map((r) => r.theirs.seconds)).toFixed(3)} s.\n\n`;
  }
  md += `Speed ratio = DuckDB time / Sluice time (> 1: Sluice faster); memory ratio = Sluice / DuckDB ` +
    `peak RSS. Reproduce: \`BENCH_ONLY=tpch make bench\` (\`BENCH_TPCH_SF\`, \`BENCH_REPEAT\`, ` +
    `\`BENCH_TPCH_TIMEOUT\` change the defaults 1, 3 and 600 s ` +
    `per query; a query that runs longer is reported as an error).\n`;
  return md;
}

module.exports = { RunTpchBench };
