// Differential test: on generated RFC-4180 and '|' files, the values Sluice parses
// equal DuckDB's with the same options.
//
//   node duckdb_differential.cjs SLUICE DATAGEN WORKDIR
//
// Two comparisons per file:
//  - text: `sluice convert --all-varchar` vs DuckDB's all_varchar read — every field's
//    text after unquoting/unescaping and every NULL must be identical;
//  - typed: inferred types on both sides; numbers compared as numbers (Sluice keeps
//    12.50 as DECIMAL where DuckDB reads DOUBLE), everything else as text.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

const [sluice, datagen, work] = process.argv.slice(2);
if (!sluice || !datagen || !work) {
  console.error('usage: node duckdb_differential.cjs SLUICE DATAGEN WORKDIR');
  process.exit(2);
}
fs.mkdirSync(work, { recursive: true });

let failures = 0;
let checks = 0;

function sluiceRows(file, flags) {
  const out = path.join(work, path.basename(file) + (flags.includes('--all-varchar') ? '.text' : '.typed') + '.jsonl');
  execFileSync(sluice, ['convert', file, out, '--quiet', ...flags], { stdio: ['ignore', 'inherit', 'inherit'] });
  return fs.readFileSync(out, 'utf8').split('\n').filter((l) => l.length > 0)
    .map((l) => Object.values(JSON.parse(l)));
}

async function duckRows(connection, file, params) {
  const quoted = file.replace(/'/g, "''");
  const reader = await connection.runAndReadAll(
    `SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_csv('${quoted}', ${params})`);
  return reader.getRowsJson();
}

function sameValue(ours, theirs, typed) {
  if (ours === null || theirs === null) return ours === theirs;
  const a = String(ours);
  const b = String(theirs);
  if (a === b) return true;
  if (!typed) return false;
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) {
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  }
  if (a.toLowerCase() === b.toLowerCase() && (a === 'true' || a === 'false' || a === 'True')) return true;
  return false;
}

function compare(name, ours, theirs, typed) {
  checks++;
  const label = `${name} (${typed ? 'typed' : 'text'})`;
  if (ours.length !== theirs.length) {
    console.error(`FAIL ${label}: ${ours.length} rows from sluice, ${theirs.length} from DuckDB`);
    failures++;
    return;
  }
  let bad = 0;
  for (let r = 0; r < ours.length && bad < 5; r++) {
    if (ours[r].length !== theirs[r].length) {
      console.error(`FAIL ${label}: row ${r + 1} has ${ours[r].length} columns vs ${theirs[r].length}`);
      bad++;
      continue;
    }
    for (let c = 0; c < ours[r].length; c++) {
      if (!sameValue(ours[r][c], theirs[r][c], typed)) {
        console.error(`FAIL ${label}: row ${r + 1} column ${c + 1}: sluice ${JSON.stringify(ours[r][c])} vs DuckDB ${JSON.stringify(theirs[r][c])}`);
        bad++;
        break;
      }
    }
  }
  if (bad > 0) failures++;
  else console.log(`ok   ${label}: ${ours.length} rows equal`);
}

async function main() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const cases = [];

  // Space events as RFC 4180 (header, quoted newlines, "" vs empty-NULL).
  const space = path.join(work, 'space_rfc4180.csv');
  execFileSync(datagen, ['space-events', '--rfc4180', '--rows', '20000', '--seed', '7', '--out', space]);
  cases.push({ file: space, ours: ['--delimiter', ',', '--header', '--escape', 'double', '--null', ''],
    duck: "delim=',', header=true, quote='\"', escape='\"', strict_mode=false, allow_quoted_nulls=false" });

  // TPC-H at a small scale: '|' delimited, no header.
  const tpch = path.join(work, 'tpch');
  execFileSync(datagen, ['tpch', '--sf', '0.01', '--out', tpch]);
  for (const table of ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem']) {
    cases.push({ file: path.join(tpch, `${table}.tbl`), ours: ['--delimiter', '|', '--no-header'],
      duck: "delim='|', header=false" });
  }

  // Hand-made messy file: BOM, CRLF, quoted CRLF and delimiters, empty vs "".
  const messy = path.join(work, 'messy.csv');
  fs.writeFileSync(messy, '\ufeffid,name,amount,day\r\n1,"Smith, J.",12.50,2024-01-31\r\n' +
    '2,"multi\r\nline ""quoted""",,2024-02-29\r\n3,"",-0.5,\r\n4,plain,1e3,2024-03-01\r\n');
  cases.push({ file: messy, ours: ['--delimiter', ',', '--header'],
    duck: "delim=',', header=true, quote='\"', escape='\"', allow_quoted_nulls=false" });

  for (const c of cases) {
    const name = path.basename(c.file);
    compare(name, sluiceRows(c.file, [...c.ours, '--all-varchar']),
      await duckRows(connection, c.file, c.duck + ', all_varchar=true'), false);
    compare(name, sluiceRows(c.file, c.ours), await duckRows(connection, c.file, c.duck), true);
  }
  console.log(`${checks - failures} passed, ${failures} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
