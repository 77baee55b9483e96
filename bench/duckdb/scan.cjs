// Reads one CSV, JSON-lines or Parquet file with DuckDB (the benchmark rival and test
// oracle) and prints, as one JSON object, rows, seconds and per-column non-NULL counts
// (and with "max", MAX of every column as text) — the same shape as sluice-bench-scan.
// Test and benchmark use only; the product never calls DuckDB.
//
//   node bench/duckdb/scan.cjs FILE THREADS 'READ_PARAMS' [csv|json|parquet] [max]
// READ_CSV_PARAMS is the text of read_csv's named parameters, e.g.
//   "delim='|', header=false, quote='\"', escape='\\', nullstr='\\N'"
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

async function main() {
  const [file, threads = '2', params = '', format = 'csv', aggregate = ''] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/duckdb/scan.cjs FILE THREADS PARAMS [csv|json]');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const quoted = file.replace(/'/g, "''");
  const reader_function = { json: 'read_json', parquet: 'read_parquet' }[format] || 'read_csv';
  const source = `${reader_function}('${quoted}'${params ? ', ' + params : ''})`;
  const withMax = aggregate === 'max';
  const start = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(
    `SELECT count(*), count(COLUMNS(*))${withMax ? ', CAST(max(COLUMNS(*)) AS VARCHAR)' : ''} FROM ${source}`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const values = reader.getRows()[0];
  const columns = (values.length - 1) / (withMax ? 2 : 1);
  const result = {
    rows: Number(values[0]), seconds,
    non_null: values.slice(1, 1 + columns).map((v) => Number(v)),
  };
  if (withMax) result.max = values.slice(1 + columns).map((v) => (v === null ? null : String(v)));
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  console.error('duckdb scan failed: ' + e.message);
  process.exit(1);
});
