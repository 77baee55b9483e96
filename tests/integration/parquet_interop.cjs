// Parquet interoperability with DuckDB, both directions.
//
//   node parquet_interop.cjs SLUICE WORKDIR [DATAGEN]
//
// 1. Files we write: DuckDB generates a table with every core type (NULL densities 0,
//    0.1 and 0.9), hands it to us as CSV, and we convert it to Parquet under every
//    codec and two row-group sizes (and writer version 2). DuckDB must read our file
//    with the same column types and identical values row by row, in order, and its
//    parquet_metadata() must agree with the min/max/null counts of each row group.
// 2. Files DuckDB writes (each codec, PARQUET_VERSION V1 and V2, a BLOB and a UUID
//    column): we convert them to Parquet again and DuckDB compares the result with
//    the original table — which checks our reader value by value.
// 3. Nested columns (LIST, STRUCT, MAP) are skipped with a notice while the flat
//    columns of the same file convert; naming a nested column fails clearly.
// 4. --partition-by output reads back through read_parquet(hive_partitioning=true).
// 5. TPC-H lineitem (SF 0.05, or PARQUET_INTEROP_SF; our generator): `sluice convert lineitem.tbl x.parquet`
//    read by DuckDB gives the same count, sum, min and max per column as DuckDB's own
//    read of the '|' file.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

const [sluice, work, datagen] = process.argv.slice(2);
if (!sluice || !work) {
  console.error('usage: node parquet_interop.cjs SLUICE WORKDIR');
  process.exit(2);
}
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

const kRows = 5000;
let failures = 0;
let checks = 0;

function fail(message) {
  failures++;
  console.error(`FAIL ${message}`);
}

function q(text) {
  return `'${String(text).replace(/'/g, "''")}'`;
}

// name, DuckDB type, Sluice type, generator (over i, the row number), checkStats
const columns = [
  ['id', 'BIGINT', 'bigint', 'i', true],
  ['b', 'BOOLEAN', 'boolean', '(hash(i) % 2 = 0)', true],
  ['i8', 'TINYINT', 'tinyint', '((hash(i, 1) % 256)::INTEGER - 128)::TINYINT', true],
  ['i16', 'SMALLINT', 'smallint', '((hash(i, 2) % 65536)::INTEGER - 32768)::SMALLINT', true],
  ['i32', 'INTEGER', 'integer', '((hash(i, 3) % 4294967296)::BIGINT - 2147483648)::INTEGER', true],
  ['i64', 'BIGINT', 'bigint', '(hash(i, 4) // 2)::BIGINT * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END)', true],
  ['seq', 'BIGINT', 'bigint', '1700000000000 + i * 37', true],
  ['f32', 'FLOAT', 'real', '((hash(i, 5) % 2000000)::DOUBLE / 1000 - 1000)::FLOAT', true],
  ['f64', 'DOUBLE', 'double', '(hash(i, 6) % 100000000)::DOUBLE / 7.0 - 5000000', true],
  ['d9', 'DECIMAL(9,2)', 'decimal(9,2)', '((hash(i, 7) % 199999999)::BIGINT - 99999999)::DECIMAL(9,0) / 100', true],
  ['d18', 'DECIMAL(18,6)', 'decimal(18,6)', '(((hash(i, 8) % 1999999999999)::BIGINT - 999999999999)::DECIMAL(18,6)) / 1000', true],
  ['d38', 'DECIMAL(38,10)', 'decimal(38,10)', '((hash(i, 9)::HUGEINT * 100000000000 - hash(i, 10)::HUGEINT)::DECIMAL(38,0) / 10000000000)::DECIMAL(38,10)', true],
  ['s', 'VARCHAR', 'varchar', "concat('v', hash(i, 11) % 100000, CASE WHEN i % 7 = 0 THEN ' \"quoted\", with | pipes' WHEN i % 11 = 0 THEN ' naïve café ☕' WHEN i % 13 = 0 THEN '' ELSE '' END, repeat('x', (hash(i, 12) % 40)::INTEGER))", true],
  ['s_low', 'VARCHAR', 'varchar', "['north', 'south', 'east', 'west', 'a/b=c', ''][1 + (hash(i, 13) % 6)::INTEGER]", true],
  ['dt', 'DATE', 'date', "DATE '2024-01-01' + (hash(i, 14) % 400)::INTEGER", true],
  ['ts', 'TIMESTAMP', 'timestamp', "TIMESTAMP '2024-01-01 00:00:00' + to_microseconds((hash(i, 15) % 31536000000000)::BIGINT)", true],
  ['tstz', 'TIMESTAMPTZ', 'timestamp with time zone', "(TIMESTAMP '2023-06-01 00:00:00' + to_microseconds((hash(i, 16) % 31536000000000)::BIGINT))::TIMESTAMPTZ", true],
];

function selectList(nullDensity) {
  return columns.map(([name, type, , expr], index) => {
    const value = `CAST(${expr} AS ${type})`;
    if (name === 'id' || nullDensity === 0) return `${value} AS ${name}`;
    const threshold = Math.round(nullDensity * 1000);
    return `CASE WHEN hash(i, ${100 + index}) % 1000 < ${threshold} THEN NULL ELSE ${value} END AS ${name}`;
  }).join(',\n  ');
}

async function scalar(connection, sql) {
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowsJson();
  return rows.length === 0 ? null : rows[0][0];
}

async function rowsOf(connection, sql) {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowsJson();
}

/** The table `expected` and the Parquet file must hold the same rows, in id order. */
async function compareWithTable(connection, label, file, expected, names, { checkTypes = true } = {}) {
  checks++;
  const f = q(file);
  let count;
  try {
    count = Number(await scalar(connection, `SELECT count(*) FROM read_parquet(${f})`));
  } catch (e) {
    fail(`${label}: DuckDB cannot read ${file}: ${e.message}`);
    return;
  }
  const expectedCount = Number(await scalar(connection, `SELECT count(*) FROM ${expected}`));
  if (count !== expectedCount) {
    fail(`${label}: ${count} rows, expected ${expectedCount}`);
    return;
  }
  if (checkTypes) {
    const ours = await rowsOf(connection, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${f}))`);
    const theirs = await rowsOf(connection, `SELECT column_name, column_type FROM (DESCRIBE SELECT ${names.join(', ')} FROM ${expected})`);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      fail(`${label}: column types differ:\n  ours   ${JSON.stringify(ours)}\n  theirs ${JSON.stringify(theirs)}`);
    }
  }
  const outOfOrder = Number(await scalar(connection,
    `SELECT count(*) FROM read_parquet(${f}, file_row_number = true) WHERE id <> file_row_number`));
  if (outOfOrder !== 0) fail(`${label}: ${outOfOrder} rows out of order`);
  for (const name of names) {
    const diff = await rowsOf(connection,
      `SELECT e.id, e.${name}::VARCHAR, p.${name}::VARCHAR FROM ${expected} e
       FULL OUTER JOIN read_parquet(${f}) p ON e.id = p.id
       WHERE e.${name}::VARCHAR IS DISTINCT FROM p.${name}::VARCHAR OR e.id IS NULL OR p.id IS NULL
       ORDER BY e.id LIMIT 3`);
    if (diff.length > 0) {
      fail(`${label}: column ${name} differs, e.g. (id, expected, ours) ${JSON.stringify(diff)}`);
    }
  }
}

function sameStat(a, b) {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const x = Number(a);
  const y = Number(b);
  if (String(a).trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) {
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  }
  return String(a).replace(/\+00(:00)?$/, '') === String(b).replace(/\+00(:00)?$/, '');
}

/** parquet_metadata() of our file against min/max/null count computed per row group. */
async function compareStatistics(connection, label, file, rowGroupSize) {
  checks++;
  const f = q(file);
  const meta = await rowsOf(connection,
    `SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count,
            row_group_num_rows
     FROM parquet_metadata(${f}) ORDER BY row_group_id, column_id`);
  const expectedGroups = Math.ceil(kRows / rowGroupSize);
  const groups = new Set(meta.map((r) => r[0]));
  if (groups.size !== expectedGroups) {
    fail(`${label}: ${groups.size} row groups, expected ${expectedGroups}`);
    return;
  }
  for (const [name, , , , checkStats] of columns) {
    if (!checkStats) continue;
    const truth = await rowsOf(connection,
      `SELECT id // ${rowGroupSize} AS rg, min(${name})::VARCHAR, max(${name})::VARCHAR,
              count(*) - count(${name})
       FROM read_parquet(${f}) GROUP BY rg ORDER BY rg`);
    for (const [rg, min, max, nulls] of truth) {
      const row = meta.find((r) => Number(r[0]) === Number(rg) && r[1] === name);
      if (!row) {
        fail(`${label}: no metadata for column ${name} in row group ${rg}`);
        continue;
      }
      const [, , statMin, statMax, statNulls] = row;
      if (Number(statNulls) !== Number(nulls)) {
        fail(`${label}: ${name} row group ${rg}: null_count ${statNulls}, expected ${nulls}`);
      }
      if (name === 'b' || name === 's' || name === 's_low') {
        // DuckDB renders boolean and string statistics its own way; compare loosely.
        if (min !== null && statMin === null) fail(`${label}: ${name} row group ${rg}: no min`);
        continue;
      }
      if (!sameStat(statMin, min) || !sameStat(statMax, max)) {
        fail(`${label}: ${name} row group ${rg}: stats [${statMin}, ${statMax}], expected [${min}, ${max}]`);
      }
    }
  }
}

function runSluice(args, { expectFailure = false } = {}) {
  const result = spawnSync(sluice, args, { encoding: 'utf8' });
  if (expectFailure) return result;
  if (result.status !== 0) {
    throw new Error(`sluice ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return result;
}

async function main() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const names = columns.map((c) => c[0]);
  const schema = columns.map(([name, , type]) => `${name} ${type}`).join(', ');

  // 1. Files we write.
  for (const nullDensity of [0, 0.1, 0.9]) {
    const table = `src_${Math.round(nullDensity * 100)}`;
    await connection.run(`CREATE TABLE ${table} AS SELECT\n  ${selectList(nullDensity)}\nFROM range(${kRows}) t(i)`);
    const csv = path.join(work, `${table}.csv`);
    await connection.run(`COPY ${table} TO ${q(csv)} (HEADER, DELIMITER ',', QUOTE '"', NULLSTR '\\N')`);
    const variants = [];
    for (const codec of ['snappy', 'zstd', 'gzip', 'lz4_raw', 'brotli', 'none']) {
      variants.push({ codec, rowGroup: codec === 'snappy' ? 1000 : kRows, version: 1 });
    }
    variants.push({ codec: 'snappy', rowGroup: kRows, version: 1 });
    variants.push({ codec: 'zstd', rowGroup: 1300, version: 2 });
    for (const v of variants) {
      const out = path.join(work, `${table}_${v.codec}_${v.rowGroup}_v${v.version}.parquet`);
      const label = `ours nulls=${nullDensity} codec=${v.codec} row_group=${v.rowGroup} v${v.version}`;
      try {
        runSluice(['convert', csv, out, '--quiet', '--header', '--delimiter', ',', '--null', '\\N',
          '--schema', schema, '--compression', v.codec, '--row-group-size', String(v.rowGroup),
          '--parquet-version', String(v.version)]);
      } catch (e) {
        fail(`${label}: ${e.message}`);
        continue;
      }
      await compareWithTable(connection, label, out, table, names);
      await compareStatistics(connection, label, out, v.rowGroup);
    }
  }

  // 2. Files DuckDB writes, read by us (and written again for DuckDB to compare).
  await connection.run(`CREATE TABLE duck_src AS SELECT *, ('\\xAA\\x00'::BLOB || encode(s)) AS blob_col,
      md5(id::VARCHAR)::UUID AS uuid_col
    FROM (SELECT\n  ${selectList(0.1)}\nFROM range(${kRows}) t(i))`);
  const duckNames = [...names, 'blob_col', 'uuid_col'];
  for (const version of ['V1', 'V2']) {
    for (const codec of ['snappy', 'gzip', 'zstd', 'lz4', 'brotli', 'uncompressed']) {
      const duckFile = path.join(work, `duck_${codec}_${version}.parquet`);
      await connection.run(`COPY duck_src TO ${q(duckFile)} (FORMAT parquet, COMPRESSION ${codec},
        ROW_GROUP_SIZE 2048, PARQUET_VERSION ${version})`);
      const ours = path.join(work, `duck_${codec}_${version}.ours.parquet`);
      const label = `duckdb-written codec=${codec} ${version}`;
      try {
        runSluice(['convert', duckFile, ours, '--quiet']);
      } catch (e) {
        fail(`${label}: ${e.message}`);
        continue;
      }
      await compareWithTable(connection, label, ours, 'duck_src', duckNames, { checkTypes: false });
    }
  }

  // 3. Nested columns.
  const nested = path.join(work, 'nested.parquet');
  await connection.run(`COPY (SELECT i AS id, [i, i + 1] AS list_col, {'a': i, 'b': 'x'} AS struct_col,
      MAP {'k': i} AS map_col, concat('s', i) AS s FROM range(100) t(i)) TO ${q(nested)} (FORMAT parquet)`);
  const nestedOut = path.join(work, 'nested.flat.parquet');
  checks++;
  try {
    const result = runSluice(['convert', nested, nestedOut]);
    if (!/nested/i.test(result.stderr)) fail(`nested: no notice about skipped nested columns: ${result.stderr}`);
    const flat = await rowsOf(connection, `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${q(nestedOut)}))`);
    if (JSON.stringify(flat.map((r) => r[0])) !== JSON.stringify(['id', 's'])) {
      fail(`nested: flat columns ${JSON.stringify(flat)}`);
    }
    const bad = Number(await scalar(connection, `SELECT count(*) FROM read_parquet(${q(nestedOut)}) WHERE s <> concat('s', id)`));
    if (bad !== 0) fail(`nested: ${bad} wrong rows`);
  } catch (e) {
    fail(`nested: ${e.message}`);
  }

  // 4. Hive partitions.
  checks++;
  const partitioned = path.join(work, 'partitioned');
  const srcCsv = path.join(work, 'src_10.csv');
  try {
    runSluice(['convert', srcCsv, partitioned, '--quiet', '--to', 'parquet', '--header',
      '--delimiter', ',', '--null', '\\N', '--schema', schema, '--partition-by', 'dt,s_low']);
    const glob = q(path.join(partitioned, '**', '*.parquet'));
    const count = Number(await scalar(connection, `SELECT count(*) FROM read_parquet(${glob}, hive_partitioning = true)`));
    if (count !== kRows) fail(`partitioned: ${count} rows, expected ${kRows}`);
    // DuckDB maps __HIVE_DEFAULT_PARTITION__ to NULL; Hive writes '' there too.
    const diff = await rowsOf(connection,
      `SELECT e.id FROM src_10 e FULL OUTER JOIN read_parquet(${glob}, hive_partitioning = true) p ON e.id = p.id
       WHERE p.id IS NULL OR e.id IS NULL OR e.s IS DISTINCT FROM p.s OR e.i64 IS DISTINCT FROM p.i64
          OR e.dt::VARCHAR IS DISTINCT FROM p.dt::VARCHAR
          OR nullif(e.s_low, '') IS DISTINCT FROM p.s_low::VARCHAR LIMIT 3`);
    if (diff.length > 0) fail(`partitioned: rows differ, e.g. ids ${JSON.stringify(diff)}`);
  } catch (e) {
    fail(`partitioned: ${e.message}`);
  }

  // 5. lineitem sums.
  if (datagen) {
    checks++;
    try {
      execFileSync(datagen, ['tpch', '--sf', process.env.PARQUET_INTEROP_SF || '0.05', '--tables', 'lineitem', '--out', work], { stdio: 'ignore' });
      const tbl = path.join(work, 'lineitem.tbl');
      const pq = path.join(work, 'lineitem.parquet');
      runSluice(['convert', tbl, pq, '--quiet', '--delimiter', '|', '--no-header']);
      const aggregates = (source) => `SELECT count(*), ${Array.from({ length: 16 }, (_, i) =>
        `count(column${String(i).padStart(2, '0')}), ` +
        (i <= 7 ? `sum(column${String(i).padStart(2, '0')})::VARCHAR, ` : '') +
        `min(column${String(i).padStart(2, '0')})::VARCHAR, max(column${String(i).padStart(2, '0')})::VARCHAR`).join(', ')} FROM ${source}`;
      const theirs = await rowsOf(connection, aggregates(`read_csv(${q(tbl)}, delim = '|', header = false)`));
      // Our columns are column0..column15; DuckDB names them column00..column15.
      const renamed = `(SELECT ${Array.from({ length: 16 }, (_, i) => `column${i} AS column${String(i).padStart(2, '0')}`).join(', ')} FROM read_parquet(${q(pq)}))`;
      const ours = await rowsOf(connection, aggregates(renamed));
      // DuckDB reads the CSV's decimals as DOUBLE: numbers agree to rounding, the rest exactly.
      const same = (a, b) => sameStat(a, b) && (Number.isFinite(Number(a)) || a === b);
      if (ours[0].length !== theirs[0].length || ours[0].some((v, i) => !same(v, theirs[0][i]))) {
        fail(`lineitem: aggregates differ:\n  ours   ${JSON.stringify(ours[0])}\n  theirs ${JSON.stringify(theirs[0])}`);
      }
    } catch (e) {
      fail(`lineitem: ${e.message}`);
    }
  }

  console.log(`parquet interop: ${checks} checks, ${failures} failures`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
