// Converts a CSV file to Parquet with DuckDB — COPY (SELECT * FROM read_csv(…)) TO …
// (FORMAT parquet) — and prints, as one JSON object, seconds, rows and the output size:
// the rival of `sluice convert FILE OUT.parquet`. Benchmark use only.
//
//   node bench/duckdb/convert.cjs INPUT OUTPUT THREADS 'READ_CSV_PARAMS' [CODEC]
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

async function main() {
  const [input, output, threads = '2', params = '', codec = 'snappy'] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node bench/duckdb/convert.cjs INPUT OUTPUT THREADS PARAMS [CODEC]');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const q = (text) => `'${text.replace(/'/g, "''")}'`;
  const start = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(
    `COPY (SELECT * FROM read_csv(${q(input)}${params ? ', ' + params : ''})) TO ${q(output)} ` +
    `(FORMAT parquet, COMPRESSION ${codec})`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rows = Number(reader.getRows()[0][0]);
  process.stdout.write(JSON.stringify({ rows, seconds, bytes: fs.statSync(output).size }) + '\n');
}

main().catch((e) => {
  console.error('duckdb convert failed: ' + e.message);
  process.exit(1);
});
