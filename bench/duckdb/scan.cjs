// Reads one CSV or JSON-lines file with DuckDB (the benchmark rival and test oracle)
// and prints, as one JSON object, rows, seconds and per-column non-NULL counts — the
// same shape as sluice-bench-scan. Test and benchmark use only; the product never
// calls DuckDB.
//
//   node bench/duckdb/scan.cjs FILE THREADS 'READ_CSV_PARAMS' [csv|json]
// READ_CSV_PARAMS is the text of read_csv's named parameters, e.g.
//   "delim='|', header=false, quote='\"', escape='\\', nullstr='\\N'"
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

async function main() {
  const [file, threads = '2', params = '', format = 'csv'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/duckdb/scan.cjs FILE THREADS PARAMS [csv|json]');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const quoted = file.replace(/'/g, "''");
  const source = format === 'json'
    ? `read_json('${quoted}'${params ? ', ' + params : ''})`
    : `read_csv('${quoted}'${params ? ', ' + params : ''})`;
  const start = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(
    `SELECT count(*), count(COLUMNS(*)) FROM ${source}`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const row = reader.getRows()[0].map((v) => Number(v));
  process.stdout.write(JSON.stringify({ rows: row[0], seconds, non_null: row.slice(1) }) + '\n');
}

main().catch((e) => {
  console.error('duckdb scan failed: ' + e.message);
  process.exit(1);
});
