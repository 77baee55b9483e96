// TPC-H tables as Sluice-written Parquet: bench/datagen's .tbl files converted with
// `sluice convert` under the specification's column types (clause 1.4: identifiers BIGINT,
// small integers INTEGER, money and quantities DECIMAL(15,2), dates DATE, text VARCHAR).
// Used by tests/integration/tpch_check.cjs and bench/tpch_bench.cjs.
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const kMoney = 'decimal(15,2)';
/** Column names and types of every table, in .tbl order. */
const kSchemas = {
  region: [['r_regionkey', 'bigint'], ['r_name', 'varchar'], ['r_comment', 'varchar']],
  nation: [['n_nationkey', 'bigint'], ['n_name', 'varchar'], ['n_regionkey', 'bigint'],
    ['n_comment', 'varchar']],
  supplier: [['s_suppkey', 'bigint'], ['s_name', 'varchar'], ['s_address', 'varchar'],
    ['s_nationkey', 'bigint'], ['s_phone', 'varchar'], ['s_acctbal', kMoney], ['s_comment', 'varchar']],
  customer: [['c_custkey', 'bigint'], ['c_name', 'varchar'], ['c_address', 'varchar'],
    ['c_nationkey', 'bigint'], ['c_phone', 'varchar'], ['c_acctbal', kMoney], ['c_mktsegment', 'varchar'],
    ['c_comment', 'varchar']],
  part: [['p_partkey', 'bigint'], ['p_name', 'varchar'], ['p_mfgr', 'varchar'], ['p_brand', 'varchar'],
    ['p_type', 'varchar'], ['p_size', 'integer'], ['p_container', 'varchar'], ['p_retailprice', kMoney],
    ['p_comment', 'varchar']],
  partsupp: [['ps_partkey', 'bigint'], ['ps_suppkey', 'bigint'], ['ps_availqty', 'integer'],
    ['ps_supplycost', kMoney], ['ps_comment', 'varchar']],
  orders: [['o_orderkey', 'bigint'], ['o_custkey', 'bigint'], ['o_orderstatus', 'varchar'],
    ['o_totalprice', kMoney], ['o_orderdate', 'date'], ['o_orderpriority', 'varchar'],
    ['o_clerk', 'varchar'], ['o_shippriority', 'integer'], ['o_comment', 'varchar']],
  lineitem: [['l_orderkey', 'bigint'], ['l_partkey', 'bigint'], ['l_suppkey', 'bigint'],
    ['l_linenumber', 'integer'], ['l_quantity', kMoney], ['l_extendedprice', kMoney],
    ['l_discount', kMoney], ['l_tax', kMoney], ['l_returnflag', 'varchar'], ['l_linestatus', 'varchar'],
    ['l_shipdate', 'date'], ['l_commitdate', 'date'], ['l_receiptdate', 'date'],
    ['l_shipinstruct', 'varchar'], ['l_shipmode', 'varchar'], ['l_comment', 'varchar']],
};
const kTables = Object.keys(kSchemas);

function FileSha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function ReadStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Makes `<tblDir>/<table>.tbl` (no header) and `<parquetDir>/<table>.parquet` for every
 * table, doing only what is missing or stale:
 *  - .tbl files are regenerated when their stamp (`.datagen-stamp.json`: scale factor and
 *    SHA-256 of the generator binary) differs or is missing; with `trustExistingTbl`
 *    (bench/data, where bench/run.sh wrote lineitem.tbl without a stamp) unstamped
 *    existing files are kept and only missing tables are generated;
 *  - Parquet files are rewritten when the .tbl stamp or the SHA-256 of the sluice binary
 *    changed (`.convert-stamp.json`), so they always come from the current writer.
 * Returns { parquetDir, generated: [tables], converted: [tables] }.
 */
function EnsureTables({ datagen, sluice, sf, tblDir, parquetDir, trustExistingTbl = false, log = console.log }) {
  fs.mkdirSync(tblDir, { recursive: true });
  fs.mkdirSync(parquetDir, { recursive: true });
  const tblStampFile = path.join(tblDir, '.datagen-stamp.json');
  const tblStamp = { sf: String(sf), datagen: FileSha256(datagen) };
  const oldTblStamp = ReadStamp(tblStampFile);
  const tblFresh = oldTblStamp
    ? oldTblStamp.sf === tblStamp.sf && oldTblStamp.datagen === tblStamp.datagen
    : trustExistingTbl;
  const tblMissing = kTables.filter((t) => !fs.existsSync(path.join(tblDir, `${t}.tbl`)));
  const toGenerate = tblFresh ? tblMissing : kTables;
  if (toGenerate.length > 0) {
    log(`tpch: generating SF ${sf} ${toGenerate.join(', ')} into ${tblDir}`);
    fs.rmSync(tblStampFile, { force: true });
    execFileSync(datagen, ['tpch', '--sf', String(sf), '--tables', toGenerate.join(','), '--out', tblDir],
      { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (toGenerate.length > 0 || !oldTblStamp) fs.writeFileSync(tblStampFile, JSON.stringify(tblStamp) + '\n');
  const convertStampFile = path.join(parquetDir, '.convert-stamp.json');
  const convertStamp = {
    tbl: fs.readFileSync(tblStampFile, 'utf8'), sluice: FileSha256(sluice), schemas: kSchemas,
  };
  const oldConvertStamp = ReadStamp(convertStampFile);
  const convertFresh = oldConvertStamp && JSON.stringify(oldConvertStamp) === JSON.stringify(convertStamp) &&
    toGenerate.length === 0;
  const toConvert = convertFresh
    ? kTables.filter((t) => !fs.existsSync(path.join(parquetDir, `${t}.parquet`)))
    : kTables;
  if (toConvert.length > 0) {
    fs.rmSync(convertStampFile, { force: true });
    for (const table of toConvert) {
      const start = process.hrtime.bigint();
      const schema = kSchemas[table].map(([name, type]) => `${name} ${type}`).join(', ');
      execFileSync(sluice, ['convert', path.join(tblDir, `${table}.tbl`), path.join(parquetDir, `${table}.parquet`),
        '--delimiter', '|', '--no-header', '--quote', 'none', '--schema', schema, '--quiet'],
      { stdio: ['ignore', 'inherit', 'inherit'] });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      log(`tpch: converted ${table}.tbl to Parquet in ${seconds.toFixed(1)} s`);
    }
    fs.writeFileSync(convertStampFile, JSON.stringify(convertStamp) + '\n');
  }
  return { parquetDir, generated: toGenerate, converted: toConvert };
}

/** DuckDB's name for each of our column types, to check it reads the files as we wrote them. */
function DuckTypeOf(type) {
  return { bigint: 'BIGINT', integer: 'INTEGER', varchar: 'VARCHAR', date: 'DATE' }[type] ||
    type.toUpperCase().replace(/\s+/g, '');
}

/**
 * Checks with DuckDB's DESCRIBE that every Parquet file has the expected column names and
 * types (decimals stay DECIMAL(15,2), dates DATE). Returns a list of problems (empty: ok).
 */
async function CheckDuckTypes(connection, parquetDir) {
  const problems = [];
  for (const table of kTables) {
    const file = path.join(parquetDir, `${table}.parquet`).replace(/'/g, "''");
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    const actual = reader.getRowsJson().map((r) => `${r[0]} ${String(r[1]).replace(/\s+/g, '')}`);
    const expected = kSchemas[table].map(([name, type]) => `${name} ${DuckTypeOf(type)}`);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(`${table}.parquet: DuckDB reads (${actual.join(', ')}), expected (${expected.join(', ')})`);
    }
  }
  return problems;
}

module.exports = { kSchemas, kTables, CheckDuckTypes, EnsureTables };
