// DuckDB's side of the managed-table write benchmark (bench/dml_bench.sh): one operation
// per process, so that /usr/bin/time gives each its own peak RSS. DuckDB has no lake, so
// each write is the copy-on-write work Sluice does, done by hand on the same Parquet files:
// read the table's files, write the rows that remain (changed) into a new
// PARTITION_BY (g) folder. Benchmark use only; the product never calls DuckDB.
//
//   node bench/dml_bench.cjs OP THREADS ARGS…     prints one JSON object:
//     gen ROWS OUT.parquet        the source rows (not timed by the bench)
//     ctas SRC.parquet OUT_DIR    CREATE TABLE … AS SELECT: COPY … TO OUT_DIR
//     delete TABLE_GLOB OUT_DIR   DELETE FROM t WHERE <kDeleteCondition>
//     update TABLE_GLOB OUT_DIR   UPDATE t SET v = v + 1 WHERE <kUpdateCondition>
//     drop TABLE_GLOB OUT_DIR     DELETE FROM t WHERE g = <kDroppedPartition>
//     appends ROWS COUNT OUT_DIR  COUNT single-row appends, each its own small file under
//                                 OUT_DIR/g=K/ (Sluice: COUNT INSERT … VALUES statements)
//     optimize TABLE_GLOB APPEND_GLOB OUT_DIR   OPTIMIZE: both rewritten as one table
//     check GLOB…                 count(*), sum(v), sum(id) of the files (hive partitions)
// { seconds } is the time of the operation's statements inside the process.
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

// The conditions, shared with bench/dml_bench.sh (keep them equal).
const kDeleteCondition = 'id % 100 >= 90';
const kUpdateCondition = 'id % 100 < 10';
const kDroppedPartition = 7;

/** A SQL string literal. */
function Quote(text) {
  return `'${String(text).replace(/'/g, "''")}'`;
}

/** read_parquet over one glob or a list of them, with the g=K folders as column g. */
function ReadTable(globs) {
  const list = globs.map(Quote).join(', ');
  return `read_parquet([${list}], hive_partitioning = true)`;
}

/** COPY (query) TO a new partitioned folder, as Sluice writes a partitioned table. */
function CopyPartitioned(query, outDir) {
  return `COPY (${query}) TO ${Quote(outDir)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (g))`;
}

/** The source rows: v in quarters (exact sums), s a string column, g = id % 10. */
function SourceQuery(rows) {
  return `SELECT i::BIGINT AS id, (((i * 7919) % 1000) * 0.25)::DOUBLE AS v, ` +
    `'customer-' || ((i * 31) % 100003)::VARCHAR AS s, (i % 10)::INTEGER AS g ` +
    `FROM range(${Number(rows)}) r(i)`;
}

/** The row the i-th single-row INSERT adds (bench/dml_bench.sh writes the same). */
function AppendQuery(rows, i) {
  return `SELECT ${Number(rows) + i}::BIGINT AS id, ${i * 0.5}::DOUBLE AS v, ` +
    `'insert-${i}' AS s`;
}

/** The statements of one operation: [untimed setup…] and the timed ones. */
function Statements(op, args) {
  switch (op) {
    case 'gen':
      return { timed: [`COPY (${SourceQuery(args[0])}) TO ${Quote(args[1])} (FORMAT parquet)`] };
    case 'ctas':
      return { timed: [CopyPartitioned(`SELECT id, v, s, g FROM read_parquet(${Quote(args[0])})`, args[1])] };
    case 'delete':
      return { timed: [CopyPartitioned(
        `SELECT id, v, s, g FROM ${ReadTable([args[0]])} WHERE NOT (${kDeleteCondition})`, args[1])] };
    case 'update':
      return { timed: [CopyPartitioned(
        `SELECT id, CASE WHEN ${kUpdateCondition} THEN v + 1 ELSE v END AS v, s, g ` +
        `FROM ${ReadTable([args[0]])}`, args[1])] };
    case 'drop':
      return { timed: [CopyPartitioned(
        `SELECT id, v, s, g FROM ${ReadTable([args[0]])} WHERE NOT (g = ${kDroppedPartition})`, args[1])] };
    case 'appends': {
      const [rows, count, outDir] = args;
      const timed = [];
      for (let i = 0; i < Number(count); i++) {
        const file = path.join(outDir, `g=${i % 10}`, `append-${i}.parquet`);
        timed.push(`COPY (${AppendQuery(rows, i)}) TO ${Quote(file)} (FORMAT parquet)`);
      }
      return { setup: Array.from({ length: 10 }, (_, g) => path.join(outDir, `g=${g}`)), timed };
    }
    case 'optimize':
      return { timed: [CopyPartitioned(`SELECT id, v, s, g FROM ${ReadTable([args[0], args[1]])}`, args[2])] };
    case 'check':
      return { timed: [], check: args };
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

async function main() {
  const [op, threads, ...args] = process.argv.slice(2);
  if (!op || !threads) {
    console.error('usage: node bench/dml_bench.cjs OP THREADS ARGS…');
    process.exit(2);
  }
  const work = Statements(op, args);
  for (const dir of work.setup || []) require('fs').mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const start = process.hrtime.bigint();
  for (const sql of work.timed) await connection.run(sql);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const result = { op, seconds };
  if (work.check) {
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::BIGINT, sum(v)::DOUBLE, sum(id)::BIGINT FROM ${ReadTable(work.check)}`);
    const [count, sumV, sumId] = reader.getRows()[0];
    Object.assign(result, { count: String(count), sum_v: Number(sumV), sum_id: String(sumId) });
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  console.error('dml_bench.cjs: ' + e.message);
  process.exit(1);
});
