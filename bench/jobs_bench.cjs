// DuckDB's side of the ETL jobs benchmark (bench/jobs_bench.sh): one operation per
// process, so that /usr/bin/time gives each its own peak RSS. DuckDB has no jobs, so the
// job's work (read the drop zone's CSV files, type the columns, write Parquet partitioned
// by event_date) is one COPY … TO … (PARTITION_BY (event_date)). Benchmark use only; the
// product never calls DuckDB.
//
//   node bench/jobs_bench.cjs OP THREADS ARGS…     prints one JSON object:
//     copy CSV_GLOB OUT_DIR      the job: COPY (SELECT <kTransform> FROM read_csv(…)) TO OUT_DIR
//     plain CSV_GLOB OUT.csv     the typed rows as one plain '|' CSV file for psql's \copy
//                                (not timed by the bench)
//     check PARQUET_GLOB         per event_date: count(*), sum(people_count), sum(space_id),
//                                as `date,count,sum_people,sum_space` lines in "answer"
// { seconds } is the time of the operation's statements inside the process.
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

// The job's SELECT list, the same as the `typed` step of bench/jobs_bench.sh (keep them equal).
const kTransform =
  'company_id, space_id, CAST(event_ts AS timestamp) AS event_ts, people_count, ' +
  'CAST(CAST(event_ts AS timestamp) AS date) AS event_date';

/** A SQL string literal. */
function Quote(text) {
  return `'${String(text).replace(/'/g, "''")}'`;
}

/** read_csv over the drop zone's files in the Redshift UNLOAD dialect (header line). DuckDB
 * refuses escape = '\\' beside nullstr = '\\N' ("ESCAPE must not appear in the NULL
 * specification"); the bench's values hold no backslash, so its default escape (a doubled
 * quote) reads them the same. */
function ReadDrop(glob) {
  return `read_csv(${Quote(glob)}, delim = '|', quote = '"', nullstr = '\\N', header = true)`;
}

/** The statements of one operation and, for check, the query whose rows are the answer. */
function Statements(op, args) {
  switch (op) {
    case 'copy':
      return { timed: [`COPY (SELECT ${kTransform} FROM ${ReadDrop(args[0])}) TO ${Quote(args[1])} ` +
        '(FORMAT parquet, COMPRESSION snappy, PARTITION_BY (event_date))'] };
    case 'plain':
      return { timed: [`COPY (SELECT ${kTransform} FROM ${ReadDrop(args[0])}) TO ${Quote(args[1])} ` +
        "(FORMAT csv, DELIMITER '|', NULLSTR '\\N', HEADER true)"] };
    case 'check':
      return { timed: [], check:
        'SELECT CAST(event_date AS VARCHAR), count(*)::BIGINT, sum(people_count)::BIGINT, ' +
        `sum(space_id)::BIGINT FROM read_parquet(${Quote(args[0])}, hive_partitioning = true) ` +
        'GROUP BY 1 ORDER BY 1' };
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

async function main() {
  const [op, threads, ...args] = process.argv.slice(2);
  if (!op || !threads) {
    console.error('usage: node bench/jobs_bench.cjs OP THREADS ARGS…');
    process.exit(2);
  }
  const work = Statements(op, args);
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const start = process.hrtime.bigint();
  for (const sql of work.timed) await connection.run(sql);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const result = { op, seconds };
  if (work.check) {
    const reader = await connection.runAndReadAll(work.check);
    result.answer = reader.getRows().map((row) => row.map(String).join(',')).join('\n');
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  console.error('jobs_bench.cjs: ' + e.message);
  process.exit(1);
});
