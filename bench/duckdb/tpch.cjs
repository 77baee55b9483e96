// Runs one SQL query with DuckDB (the TPC-H oracle and benchmark rival) and prints, as one
// JSON object, the seconds the query took inside the process and its answer: column names,
// DuckDB types and rows of { kind, text } cells (see bench/tpch_answers.cjs). Test and
// benchmark use only; the product never calls DuckDB.
//
//   node bench/duckdb/tpch.cjs SQL_FILE THREADS
//
// As a module: RunDuckQuery(connection, sql) → { seconds, answer }.
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', '..', 'peers', 'package.json'));
const { DuckAnswer } = require('../tpch_answers.cjs');

/** Opens an in-memory DuckDB with `threads` threads; returns a connection. */
async function OpenDuck(threads) {
  const { DuckDBInstance } = peers('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  return instance.connect();
}

/** Runs `sql`, timing only the query (not the conversion of the answer). */
async function RunDuckQuery(connection, sql) {
  const start = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(sql);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, answer: DuckAnswer(reader) };
}

async function main() {
  const [sqlFile, threads = '2'] = process.argv.slice(2);
  if (!sqlFile) {
    console.error('usage: node bench/duckdb/tpch.cjs SQL_FILE THREADS');
    process.exit(2);
  }
  const connection = await OpenDuck(threads);
  const { seconds, answer } = await RunDuckQuery(connection, fs.readFileSync(sqlFile, 'utf8'));
  process.stdout.write(JSON.stringify({ seconds, ...answer }) + '\n');
}

if (require.main === module) {
  main().catch((e) => {
    console.error('duckdb query failed: ' + e.message);
    process.exit(1);
  });
}

module.exports = { OpenDuck, RunDuckQuery };
