// Cross-checks the expected rows of SQL logic tests (tests/sql/**/*.test, the format read
// by tests/sql/logic_test_runner.cpp) against DuckDB: every `query` record runs through
// DuckDB, and records whose DuckDB answer differs from the expected rows are reported.
// DuckDB is an oracle where the semantics match Trino's; where they do not, annotate the
// record with a comment line in the comment block directly above it:
//
//   # duckdb: skip <reason>        or        # dialect: <reason>
//
// Such records are not run and are counted as skipped, as are all records of a file with
// a `# lake` or `# lake default` line (it runs against a lake's catalog, which DuckDB does not have).
//
//   node tests/sql/tools/duckdb_crosscheck.cjs [FILE.test ...]   (default: every tests/sql/**/*.test)
//
// How records run in DuckDB: one in-memory database per file, working directory the
// file's folder (as the runner), session time zone UTC (Sluice's default) and
// integer_division=true (Trino's `/` on integers). `statement ok` records run too (their
// failures are reported as notes); `statement error` records are not run. __TEST_DIR__
// is a fresh temporary folder per file (as the runner makes it). Table-function
// options are translated: read_csv(delimiter => '|', null => '\N', preset => …) becomes
// read_csv(delim='|', nullstr='\N', …), sample_rows → sample_size, `SET TIME ZONE 'x'`
// → `SET TimeZone = 'x'`.
//
// Comparison, as the runner compares: the same number of columns as the type string has
// letters, rows compared in order, or after sorting both sides with `rowsort` (here with
// one total order for both sides: NULL, numbers by value, text). Values: NULL as NULL,
// '' as (empty), numbers numerically (relative 1e-9: Sluice prints the double 22 where
// DuckDB has 22.0, DECIMAL 7.50 where DuckDB has the DOUBLE 7.5), booleans as true/false,
// timestamps with trailing fractional zeros dropped, a date equal to DuckDB's midnight
// timestamp (DuckDB's DATE ± INTERVAL is a TIMESTAMP). Exit status 1 when any record differs.
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const repo = path.join(__dirname, '..', '..', '..');
const { Tokenize } = require(path.join(repo, 'bench', 'tpch_queries.cjs'));
const { NormalizeTemporal } = require(path.join(repo, 'bench', 'tpch_answers.cjs'));

// ---------------------------------------------------------------------------------------
// Test files

/** Parses a .test file into records, as logic_test_runner.cpp does, plus annotations. */
function ParseRecords(text, file) {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const records = [];
  let i = 0;
  while (i < lines.length) {
    const header = lines[i];
    if (header === '' || header.startsWith('#')) {
      i++;
      continue;
    }
    const record = { file, line: i + 1, header, sql: '', expected: [], skip: null };
    for (let j = i - 1; j >= 0 && lines[j].startsWith('#'); j--) {
      const m = /^#\s*(?:duckdb:\s*skip\b|dialect:)\s*(.*)$/i.exec(lines[j]);
      if (m) record.skip = m[1].trim() || '(no reason given)';
    }
    const words = header.split(/\s+/);
    if (words[0] === 'statement' && (words[1] === 'ok' || words[1] === 'error')) {
      record.kind = `statement ${words[1]}`;
    } else if (words[0] === 'query') {
      record.kind = 'query';
      record.types = words[1] || '';
      record.rowsort = words.slice(2).includes('rowsort');
    } else {
      throw new Error(`${file}:${i + 1}: unknown record '${header}'`);
    }
    i++;
    const sql = [];
    while (i < lines.length && lines[i] !== '' && lines[i] !== '----') sql.push(lines[i++]);
    record.sql = sql.join('\n');
    if (i < lines.length && lines[i] === '----') {
      i++;
      while (i < lines.length && lines[i] !== '') record.expected.push(lines[i++]);
    }
    records.push(record);
  }
  return records;
}

function FindTestFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...FindTestFiles(full));
    else if (entry.name.endsWith('.test')) found.push(full);
  }
  return found.sort();
}

// ---------------------------------------------------------------------------------------
// Trino (Sluice) SQL → DuckDB SQL

const kSqlString = (text) => `'${text.replace(/'/g, "''")}'`;
const kUnquote = (literal) => literal.slice(1, -1).replace(/''/g, "'");
const kDelimiterNames = { tab: '\t', pipe: '|', comma: ',', semicolon: ';', '\\t': '\t' };

/** DuckDB named parameters for one Sluice table-function option. */
function TranslateOption(fn, name, value) {
  const text = /^'.*'$/s.test(value) ? kUnquote(value) : null;
  if (fn === 'read_csv') {
    switch (name) {
      case 'delimiter':
        return [`delim=${kSqlString(kDelimiterNames[text] !== undefined ? kDelimiterNames[text] : text)}`];
      case 'null':
        return [`nullstr=${value}`];
      case 'escape':
        return [`escape=${kSqlString({ double: '"', none: '' }[text] !== undefined ? { double: '"', none: '' }[text] : text)}`];
      case 'quote':
        return [`quote=${kSqlString(text === 'none' ? '' : text)}`];
      case 'sample_rows':
        return [`sample_size=${value}`];
      case 'date_format':
        return [`dateformat=${value}`];
      case 'timestamp_format':
        return [`timestampformat=${value}`];
      case 'preset':
        if (text === 'redshift-unload') return ["delim='|'", "quote='\"'", "escape='\\'", "nullstr='\\N'", 'header=false'];
        if (text === 'rfc4180') return ["delim=','", "quote='\"'", "escape='\"'", 'header=true'];
        break;
      default:
        return [`${name}=${value}`];
    }
  }
  if (fn === 'read_json' && name === 'sample_rows') return [`sample_size=${value}`];
  return [`${name}=${value}`];
}

/** Rewrites `fn('path', name => value, …)` calls and SET TIME ZONE for DuckDB. */
function TranslateSql(sql) {
  const setZone = /^\s*SET\s+TIME\s+ZONE\s+('(?:[^']|'')*')\s*;?\s*$/i.exec(sql);
  if (setZone) return `SET TimeZone = ${setZone[1]}`;
  const tokens = Tokenize(sql);
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const fn = t.kind === 'word' ? t.text.toLowerCase() : '';
    if (!['read_csv', 'read_json', 'read_parquet'].includes(fn) || !tokens[i + 1] || tokens[i + 1].text !== '(') {
      out += t.text;
      continue;
    }
    // Collect the arguments up to the matching ')'.
    let depth = 1;
    let j = i + 2;
    const args = [[]];
    for (; j < tokens.length; j++) {
      const a = tokens[j];
      if (a.text === '(') depth++;
      if (a.text === ')' && --depth === 0) break;
      if (depth === 1 && a.text === ',') args.push([]);
      else args[args.length - 1].push(a);
    }
    const positional = [];
    const named = new Map(); // DuckDB name → 'name=value'; a later option overrides a preset's
    for (const arg of args) {
      const significant = arg.filter((a) => a.kind !== 'space' && a.kind !== 'comment');
      if (significant.length >= 4 && significant[0].kind === 'word' && significant[1].text === '=' && significant[2].text === '>') {
        const valueStart = arg.indexOf(significant[3]);
        const value = arg.slice(valueStart).map((a) => a.text).join('').trim();
        for (const option of TranslateOption(fn, significant[0].text.toLowerCase(), value)) {
          named.set(option.slice(0, option.indexOf('=')), option);
        }
      } else {
        positional.push(arg.map((a) => a.text).join('').trim());
      }
    }
    out += `${t.text}(${[...positional, ...named.values()].join(', ')})`;
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Values

/** DuckDB's value as the runner would print it (NULL, (empty), true, 22, 7.5, text). */
function FormatDuckValue(value) {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return JSON.stringify(value);
}

const kNumber = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
const kTemporal = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;
const kDate = /^\d{4}-\d{2}-\d{2}$/;

/** Whether an expected value (text from the file) matches DuckDB's printed value. */
function SameValue(expected, actual) {
  if (expected === actual) return true;
  if (kNumber.test(expected) && kNumber.test(actual)) {
    const x = Number(expected);
    const y = Number(actual);
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  }
  if (kTemporal.test(expected) && kTemporal.test(actual)) return NormalizeTemporal(expected) === NormalizeTemporal(actual);
  // DuckDB's DATE ± INTERVAL is a TIMESTAMP where Trino's stays a DATE.
  if (kDate.test(expected) && kTemporal.test(actual)) return `${expected} 00:00:00` === NormalizeTemporal(actual);
  return false;
}

/**
 * Whether the rows differ only where an expected fixed-point value equals DuckDB's rounded
 * to as many decimals: Trino's avg(DECIMAL) and DECIMAL division keep the scale where
 * DuckDB returns a DOUBLE (a dialect difference, not a wrong expectation).
 */
function RoundedScaleMatches(expected, actual) {
  const e = expected.split('\t');
  const a = actual.split('\t');
  return e.length === a.length && e.every((v, c) => {
    if (SameValue(v, a[c])) return true;
    const m = /^-?[0-9]*\.([0-9]+)$/.exec(v);
    return m !== null && kNumber.test(a[c]) && Math.abs(Number(v) - Number(a[c])) <= 0.5 * 10 ** -m[1].length * (1 + 1e-9);
  });
}

/** One total order for both sides of a rowsort: per column NULL, numbers by value, text. */
function CompareRowTexts(a, b) {
  const ca = a.split('\t');
  const cb = b.split('\t');
  const rank = (v) => (v === 'NULL' ? 0 : kNumber.test(v) ? 1 : 2);
  for (let c = 0; c < Math.min(ca.length, cb.length); c++) {
    const [x, y] = [ca[c], cb[c]];
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    if (rank(x) === 1 && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (rank(x) === 2 && x !== y) return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

function SameRow(expected, actual) {
  const e = expected.split('\t');
  const a = actual.split('\t');
  return e.length === a.length && e.every((v, c) => SameValue(v, a[c]));
}

// ---------------------------------------------------------------------------------------
// Running

/** Runs one query record; returns null when DuckDB agrees, else a description. */
async function CheckQuery(connection, record) {
  const duckSql = TranslateSql(record.sql);
  let reader;
  try {
    reader = await connection.runAndReadAll(duckSql);
  } catch (e) {
    return { problem: `DuckDB error: ${e.message.split('\n')[0]}`, duckSql, actual: [] };
  }
  const columns = reader.columnCount;
  let actual = reader.getRowsJson().map((row) => row.map(FormatDuckValue).join('\t'));
  let expected = record.expected;
  if (columns !== record.types.length) {
    return { problem: `DuckDB returns ${columns} columns, the record declares ${record.types.length} ('${record.types}')`, duckSql, actual };
  }
  if (record.rowsort) {
    actual = [...actual].sort(CompareRowTexts);
    expected = [...expected].sort(CompareRowTexts);
  }
  if (actual.length !== expected.length) {
    return { problem: `DuckDB returns ${actual.length} rows, ${expected.length} expected`, duckSql, actual, expected };
  }
  const bad = expected.findIndex((row, r) => !SameRow(row, actual[r]));
  if (bad < 0) return null;
  const hint = RoundedScaleMatches(expected[bad], actual[bad])
    ? " (equal after rounding DuckDB's value to the expected decimal places: Trino's DECIMAL scale? then annotate # dialect:)"
    : '';
  return { problem: `row ${bad + 1}${record.rowsort ? ' (after sorting)' : ''} differs${hint}`, duckSql, actual, expected };
}

function Report(record, result) {
  const lines = [`${path.relative(process.cwd(), record.file)}:${record.line}: ${result.problem}`];
  lines.push(`  SQL: ${record.sql.split('\n').join('\n       ')}`);
  if (result.duckSql !== record.sql) lines.push(`  DuckDB SQL: ${result.duckSql.split('\n').join('\n              ')}`);
  const expected = result.expected || record.expected;
  lines.push('  expected:', ...expected.map((r) => `    ${r}`));
  lines.push('  DuckDB:', ...result.actual.map((r) => `    ${r}`));
  return lines.join('\n');
}

async function CheckFile(DuckDBInstance, file, counts) {
  let records;
  try {
    const text = fs.readFileSync(file, 'utf8');
    records = ParseRecords(text, file);
    // `# lake`: the file runs against a catalog (logic_test_runner.cpp), which DuckDB lacks.
    if (text.split('\n').some((line) => ['# lake', '# lake default'].includes(line.replace(/\r$/, '')))) {
      for (const record of records) record.skip = 'runs against a lake catalog';
    }
  } catch (e) {
    counts.unreadable.push(e.message);
    return;
  }
  // __TEST_DIR__: a fresh temporary folder for the files a test writes, as the runner.
  let testDir = null;
  if (records.some((r) => r.sql.includes('__TEST_DIR__'))) {
    testDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'sluice_crosscheck_'));
    for (const record of records) {
      record.sql = record.sql.split('__TEST_DIR__').join(testDir);
      record.expected = record.expected.map((row) => row.split('__TEST_DIR__').join(testDir));
    }
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const cwd = process.cwd();
  process.chdir(path.dirname(file));
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run('SET integer_division = true');
    for (const record of records) {
      if (record.kind === 'statement error') continue;
      if (record.skip !== null) {
        if (record.kind === 'query') {
          counts.skipped++;
          counts.skips.push(`${path.relative(cwd, file)}:${record.line}: ${record.skip}`);
        }
        continue;
      }
      if (record.kind === 'statement ok') {
        try {
          await connection.run(TranslateSql(record.sql));
        } catch (e) {
          counts.notes.push(`${path.relative(cwd, file)}:${record.line}: statement ok fails in DuckDB: ${e.message.split('\n')[0]}`);
        }
        continue;
      }
      counts.checked++;
      const result = await CheckQuery(connection, record);
      if (result === null) {
        counts.matched++;
      } else {
        counts.differing++;
        process.chdir(cwd);
        counts.reports.push(Report(record, result));
        process.chdir(path.dirname(file));
      }
    }
  } finally {
    process.chdir(cwd);
    if (testDir !== null) fs.rmSync(testDir, { recursive: true, force: true });
  }
}

async function main() {
  const peers = createRequire(path.join(repo, 'peers', 'package.json'));
  let DuckDBInstance;
  try {
    ({ DuckDBInstance } = peers('@duckdb/node-api'));
  } catch (e) {
    console.error(`duckdb_crosscheck: DuckDB is not installed (scripts/install-deps.sh): ${e.message}`);
    process.exit(2);
  }
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args.map((f) => path.resolve(f)) : FindTestFiles(path.join(repo, 'tests', 'sql'));
  const counts = { checked: 0, matched: 0, skipped: 0, differing: 0, reports: [], skips: [], notes: [], unreadable: [] };
  for (const file of files) await CheckFile(DuckDBInstance, file, counts);
  for (const report of counts.reports) console.log(report + '\n');
  for (const note of counts.notes) console.log(`note: ${note}`);
  for (const skip of counts.skips) console.log(`skipped: ${skip}`);
  for (const problem of counts.unreadable) console.log(`unreadable file: ${problem}`);
  console.log(`${files.length} files: ${counts.checked} query records checked against DuckDB, ${counts.matched} matched, ` +
    `${counts.skipped} skipped (# duckdb: skip / # dialect:), ${counts.differing} differing` +
    (counts.unreadable.length > 0 ? `; ${counts.unreadable.length} files not readable` : ''));
  process.exit(counts.differing === 0 && counts.unreadable.length === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(2);
  });
}

module.exports = { ParseRecords, SameValue, TranslateSql };
