// Regenerates the Parquet fixtures of tests/unit/formats/parquet_reader_test.cpp with
// DuckDB, and beside each FILE.parquet a FILE.jsonl.gz of the expected rows (base.jsonl.gz for the
// files that hold the same rows): one JSON
// array per row, each value a string in Sluice's canonical text (see the test's
// Render) or null.
//
//   node tests/data/parquet/generate.cjs
const path = require('path');
const fs = require('fs');
const zlib = require('zlib');
const { createRequire } = require('module');
const peers = createRequire(path.join(__dirname, '..', '..', '..', 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');

const dir = __dirname;

// Values of several types with NULLs, deterministic.
const BASE = `
  SELECT
    i::INTEGER AS id,
    CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 37 % 1000)::BIGINT - 500 END AS big,
    CASE WHEN i % 5 = 0 THEN NULL ELSE 'name_' || (i % 50)::VARCHAR END AS name,
    CASE WHEN i % 11 = 0 THEN NULL ELSE i * 0.25 END::DOUBLE AS score,
    (i % 3 = 0) AS flag,
    CASE WHEN i % 13 = 0 THEN NULL ELSE repeat('x', i % 9) || i::VARCHAR END AS text
  FROM range(1500) t(i)`;

// Expressions that render each column as the test expects it.
function renderSql(columns) {
  return columns.map(([name, kind]) => {
    const q = `"${name}"`;
    switch (kind) {
      case 'timestamp':
        return `strftime(${q}, '%Y-%m-%d %H:%M:%S.%f')`;
      case 'time':
        return `strftime(DATE '2000-01-01' + ${q}, '%H:%M:%S.%f')`;
      case 'blob':
        return `lower(hex(${q}))`;
      default:
        return `CAST(${q} AS VARCHAR)`;
    }
  }).join(', ');
}

// Writes the expected rows (gzip: the test reads them through io::InputStream).
async function writeExpected(connection, file, columns, expected) {
  const reader = await connection.runAndReadAll(
    `SELECT ${renderSql(columns)} FROM read_parquet('${file}')`);
  const rows = reader.getRowsJson();
  const text = rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  const target = expected || file.replace(/\.parquet$/, '.jsonl.gz');
  if (expected && fs.existsSync(target)) {
    if (zlib.gunzipSync(fs.readFileSync(target)).toString() !== text) throw new Error(`${file}: rows differ`);
    return;
  }
  fs.writeFileSync(target, zlib.gzipSync(text, { level: 9 }));
}

async function main() {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`SET TimeZone = 'UTC'`);
  const baseColumns = [['id'], ['big'], ['name'], ['score'], ['flag'], ['text']];
  // Every codec_*.parquet and v2_delta.parquet holds these same rows.
  const baseExpected = path.join(dir, 'base.jsonl.gz');
  if (fs.existsSync(baseExpected)) fs.unlinkSync(baseExpected);

  for (const codec of ['snappy', 'gzip', 'zstd', 'lz4_raw', 'brotli', 'uncompressed']) {
    const file = path.join(dir, `codec_${codec}.parquet`);
    await c.run(`COPY (${BASE}) TO '${file}' (FORMAT PARQUET, COMPRESSION '${codec}', ROW_GROUP_SIZE 1000)`);
    await writeExpected(c, file, baseColumns, baseExpected);
  }

  // Data page v2 and the delta encodings.
  {
    const file = path.join(dir, 'v2_delta.parquet');
    await c.run(`COPY (${BASE}) TO '${file}' (FORMAT PARQUET, COMPRESSION 'snappy', PARQUET_VERSION V2,
                 ROW_GROUP_SIZE 1000)`);
    await writeExpected(c, file, baseColumns, baseExpected);
  }

  // All scalar types, with NULLs.
  const types = `
    SELECT
      i::INTEGER AS id,
      CASE WHEN i % 4 = 0 THEN NULL ELSE (i % 120 - 60)::TINYINT END AS tiny,
      CASE WHEN i % 4 = 1 THEN NULL ELSE (i * 97 % 60000 - 30000)::SMALLINT END AS small,
      (i * 1000003 % 2000000000 - 1000000000)::INTEGER AS int32,
      CASE WHEN i % 6 = 0 THEN NULL ELSE (i::BIGINT * 9007199254741 - 4000000000000000) END AS int64,
      (i % 250)::UTINYINT AS u8,
      (i * 311 % 65000)::USMALLINT AS u16,
      (i::UBIGINT * 1000003 % 4000000000)::UINTEGER AS u32,
      CASE WHEN i % 9 = 0 THEN 18446744073709551615::UBIGINT ELSE (i * 12345)::UBIGINT END AS u64,
      CASE WHEN i % 5 = 0 THEN NULL ELSE (i / 8.0)::FLOAT END AS f32,
      (i / 3.0 - 50)::DOUBLE AS f64,
      (i * 13 % 10000 / 100.0)::DECIMAL(4,2) AS dec4,
      CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 7919 % 1000000 / 1000.0 - 400)::DECIMAL(9,3) END AS dec9,
      (i::BIGINT * 1234567891 / 1000000.0)::DECIMAL(18,6) AS dec18,
      CASE WHEN i % 8 = 0 THEN NULL ELSE ('12345678901234567890123.' || lpad((i * 31)::VARCHAR, 10, '0'))::DECIMAL(38,10) * (CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END) END AS dec38,
      CASE WHEN i % 10 = 0 THEN NULL ELSE DATE '1969-12-01' + (i * 17)::INTEGER END AS day,
      CASE WHEN i % 7 = 0 THEN NULL ELSE TIMESTAMP '1965-06-01 00:00:00' + to_microseconds(i * 86400123457 // 1000) END AS ts,
      TIMESTAMP '2024-03-10 01:30:00' + to_seconds(i * 3600 + 12) + to_milliseconds(i % 1000) AS ts_ms_local,
      CASE WHEN i % 7 = 3 THEN NULL ELSE (TIMESTAMPTZ '2021-01-01 00:00:00+00' + to_microseconds(i * 7777777)) END AS tstz,
      CASE WHEN i % 6 = 2 THEN NULL ELSE TIME '00:00:00' + to_microseconds(i * 29876543 % 86400000000) END AS tod,
      CASE WHEN i % 5 = 3 THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad(printf('%x', i * 4099), 12, '0'))::UUID END AS uid,
      CASE WHEN i % 4 = 2 THEN NULL ELSE ('\\x' || printf('%02X', i % 256) || '\\x00\\xFF')::BLOB END AS bin,
      CASE WHEN i % 3 = 1 THEN NULL ELSE (['red', 'green', 'blue'])[i % 3 + 1] END AS color,
      CASE WHEN i % 2 = 0 THEN NULL ELSE i % 4 = 1 END AS maybe
    FROM range(400) t(i)`;
  const typeColumns = [['id'], ['tiny'], ['small'], ['int32'], ['int64'], ['u8'], ['u16'], ['u32'], ['u64'],
    ['f32'], ['f64'], ['dec4'], ['dec9'], ['dec18'], ['dec38'], ['day'], ['ts', 'timestamp'],
    ['ts_ms_local', 'timestamp'], ['tstz', 'timestamp'], ['tod', 'time'], ['uid'], ['bin', 'blob'],
    ['color'], ['maybe']];
  {
    const file = path.join(dir, 'types.parquet');
    await c.run(`COPY (${types}) TO '${file}' (FORMAT PARQUET, COMPRESSION 'zstd')`);
    await writeExpected(c, file, typeColumns);
  }
  {
    const file = path.join(dir, 'types_v2.parquet');
    await c.run(`COPY (${types}) TO '${file}' (FORMAT PARQUET, COMPRESSION 'snappy', PARQUET_VERSION V2)`);
    await writeExpected(c, file, typeColumns, path.join(dir, 'types.jsonl.gz'));
  }

  // Nested columns beside flat ones.
  {
    const file = path.join(dir, 'nested.parquet');
    await c.run(`COPY (SELECT i::INTEGER AS id,
                   [i, i + 1] AS list_col,
                   MAP {'k' || i::VARCHAR: i} AS map_col,
                   {'a': i, 'b': 'x' || i::VARCHAR} AS struct_col,
                   'v' || i::VARCHAR AS tail
                 FROM range(50) t(i)) TO '${file}' (FORMAT PARQUET)`);
    await writeExpected(c, file, [['id'], ['tail']]);
  }

  // Sorted data in small pages and row groups, for statistics and page-index skipping.
  {
    const file = path.join(dir, 'sorted.parquet');
    await c.run(`COPY (SELECT i::BIGINT AS k, 'row' || i::VARCHAR AS label,
                   CASE WHEN i >= 5000 THEN NULL ELSE i % 10 END AS maybe_null
                 FROM range(6000) t(i) ORDER BY i)
                 TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 2048, COMPRESSION 'zstd')`);
    await writeExpected(c, file, [['k'], ['label'], ['maybe_null']]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
