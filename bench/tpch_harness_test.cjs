// Tests of the harness code itself, without Sluice or DuckDB: TPC-H table binding and
// ORDER BY keys (tpch_queries.cjs), answer parsing and comparison (tpch_answers.cjs), and
// the logic-test cross-check's SQL translation and annotations
// (tests/sql/tools/duckdb_crosscheck.cjs).
//
//   node bench/tpch_harness_test.cjs        (ctest: integration.tpch_harness)
const assert = require('assert');
const path = require('path');
const { test } = require('node:test');
const { BindTables, BoundQuery, OrderKeys, ParseQueryList, kAllQueries, Tokenize } = require('./tpch_queries.cjs');
const { CompareAnswers, CsvHeaderColumns, ParseJsonLines, SameCell } = require('./tpch_answers.cjs');
const { ParseRecords, SameValue, TranslateSql } =
  require(path.join(__dirname, '..', 'tests', 'sql', 'tools', 'duckdb_crosscheck.cjs'));

const bind = (sql) => BindTables(sql, (t) => `read_parquet('/d/${t}.parquet')`);

test('table references in FROM lists are bound, other identifiers are not', () => {
  assert.strictEqual(bind('SELECT nation, o_year FROM nation n1, orders GROUP BY nation, o_year'),
    "SELECT nation, o_year FROM read_parquet('/d/nation.parquet') n1, read_parquet('/d/orders.parquet') AS orders GROUP BY nation, o_year");
  assert.strictEqual(bind('SELECT * FROM customer LEFT OUTER JOIN orders ON c_custkey = o_custkey'),
    "SELECT * FROM read_parquet('/d/customer.parquet') AS customer LEFT OUTER JOIN read_parquet('/d/orders.parquet') AS orders ON c_custkey = o_custkey");
  assert.strictEqual(bind("SELECT extract(year FROM l_shipdate) FROM lineitem AS l WHERE x IN (SELECT 1 FROM part)"),
    "SELECT extract(year FROM l_shipdate) FROM read_parquet('/d/lineitem.parquet') AS l WHERE x IN (SELECT 1 FROM read_parquet('/d/part.parquet') AS part)");
  assert.strictEqual(bind("WITH r AS (SELECT 1 FROM region) SELECT 'FROM nation' FROM r, supplier -- FROM part\n"),
    "WITH r AS (SELECT 1 FROM read_parquet('/d/region.parquet') AS region) SELECT 'FROM nation' FROM r, read_parquet('/d/supplier.parquet') AS supplier -- FROM part\n");
});

test('every TPC-H query binds all its table references and keeps its text otherwise', () => {
  for (const name of kAllQueries) {
    const sql = BoundQuery(name, '/d');
    const significant = Tokenize(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
    significant.forEach((t, i) => {
      if (t.upper === 'FROM' || t.upper === 'JOIN') {
        const next = significant[i + 1];
        assert.ok(next.text === '(' || next.upper === 'READ_PARQUET' || next.text === 'revenue0' ||
          /^l_|^o_/.test(next.text), `${name}: unbound table after ${t.text}: ${next.text}`);
      }
    });
    assert.ok(!/;\s*$/.test(sql), `${name} keeps its ';'`);
  }
  assert.match(BoundQuery('q08', '/d'), /WHEN nation = 'BRAZIL'/);
  assert.match(BoundQuery('q09', '/d'), /GROUP BY nation, o_year/);
});

test('ORDER BY keys and query lists', () => {
  assert.deepStrictEqual(OrderKeys('SELECT a FROM (SELECT b FROM t ORDER BY b) ORDER BY x.a DESC NULLS FIRST, 2, f(c) LIMIT 3'),
    [{ name: 'a' }, { ordinal: 2 }, null]);
  assert.deepStrictEqual(OrderKeys('SELECT a FROM t'), []);
  assert.deepStrictEqual(ParseQueryList('q1, 6 Q22'), ['q01', 'q06', 'q22']);
  assert.strictEqual(ParseQueryList('all').length, 22);
  assert.throws(() => ParseQueryList('q23'));
});

test('JSON lines keep decimals as text and repeated column names', () => {
  const answer = ParseJsonLines('{"a":25.50,"a":"x\\"y","b":null,"c":true,"d":-1e+301}\n');
  assert.deepStrictEqual(answer.columns, ['a', 'a', 'b', 'c', 'd']);
  assert.deepStrictEqual(answer.rows[0], [{ kind: 'number', text: '25.50' }, { kind: 'string', text: 'x"y' },
    { kind: 'null', text: null }, { kind: 'bool', text: 'true' }, { kind: 'number', text: '-1e+301' }]);
  assert.deepStrictEqual(CsvHeaderColumns('a,"b,c",""\n'), ['a', 'b,c', '']);
});

test('cells compare numerically, with Trino decimal scale against DuckDB doubles', () => {
  const num = (text) => ({ kind: 'number', text });
  const str = (text) => ({ kind: 'string', text });
  assert.ok(SameCell(num('25.53'), num('25.53437707702533'), 'DOUBLE'));
  assert.ok(!SameCell(num('25.52'), num('25.53437707702533'), 'DOUBLE'));
  assert.ok(!SameCell(num('25.53'), num('25.534'), 'DECIMAL(38,2)'));
  assert.ok(SameCell(num('765587877.39'), num('765587877.3857143'), 'DOUBLE'));
  assert.ok(SameCell(num('148951'), num('148951'), 'BIGINT'));
  assert.ok(!SameCell(num('9'), num('9.4'), 'DOUBLE'));
  assert.ok(!SameCell(str('9'), num('9'), 'BIGINT'));
  assert.ok(SameCell(str('2024-01-01 10:00:00.000000'), str('2024-01-01 10:00:00'), 'TIMESTAMP'));
  assert.ok(!SameCell(str('ab '), str('ab'), 'VARCHAR'));
});

test('answers: ORDER BY columns row by row, the rest as a multiset', () => {
  const row = (...cells) => cells.map((c) => (typeof c === 'number' ? { kind: 'number', text: String(c) } : { kind: 'string', text: c }));
  const duck = (rows) => ({ columns: ['k', 'v'], types: ['VARCHAR', 'BIGINT'], rows });
  const ours = (rows) => ({ columns: ['k', 'v'], rows });
  const ordered = [{ name: 'k' }];
  // Ties on the ORDER BY key may come in any order.
  assert.ok(CompareAnswers(ours([row('a', 2), row('a', 1), row('b', 0)]), duck([row('a', 1), row('a', 2), row('b', 0)]), ordered).ok);
  const wrongOrder = CompareAnswers(ours([row('b', 0), row('a', 1)]), duck([row('a', 1), row('b', 0)]), ordered);
  assert.ok(!wrongOrder.ok && /order differs at row 1/.test(wrongOrder.problem));
  assert.ok(CompareAnswers(ours([row('b', 0), row('a', 1)]), duck([row('a', 1), row('b', 0)]), []).ok);
  const missing = CompareAnswers(ours([row('a', 1)]), duck([row('a', 1), row('b', 0)]), []);
  assert.ok(!missing.ok && missing.diff.some((l) => /only in duckdb: "b" \| 0/.test(l)));
  const value = CompareAnswers(ours([row('a', 1)]), duck([row('a', 2)]), []);
  assert.ok(!value.ok && value.diff.some((l) => /<- v/.test(l)));
  assert.ok(!CompareAnswers({ columns: ['k'], rows: [[{ kind: 'string', text: 'a' }]] }, duck([row('a', 1)]), []).ok);
});

test('cross-check: table-function options, SET TIME ZONE, annotations', () => {
  assert.strictEqual(TranslateSql("SELECT * FROM read_csv('e.psv', delimiter => '|', header => true) t"),
    "SELECT * FROM read_csv('e.psv', delim='|', header=true) t");
  assert.strictEqual(TranslateSql("SELECT 1 FROM read_csv('u.csv', preset => 'redshift-unload', null => 'NULL')"),
    "SELECT 1 FROM read_csv('u.csv', delim='|', quote='\"', escape='\\', nullstr='NULL', header=false)");
  assert.strictEqual(TranslateSql("SET TIME ZONE 'Europe/Oslo'"), "SET TimeZone = 'Europe/Oslo'");
  const records = ParseRecords('# duckdb: skip avg rounds\nquery I\nSELECT 1\n----\n1\n\n# dialect: x\n\nquery T rowsort\nSELECT 2\n----\n2\n', 'f.test');
  assert.strictEqual(records[0].skip, 'avg rounds');
  assert.strictEqual(records[1].skip, null, 'an annotation separated by a blank line does not apply');
  assert.ok(records[1].rowsort);
  assert.ok(SameValue('22', '22.0') && SameValue('7.50', '7.5') && !SameValue('7.5', '7.6'));
  assert.ok(SameValue('2024-01-01 10:00:00.000 UTC', '2024-01-01 10:00:00+00'));
  assert.ok(SameValue('1998-09-02', '1998-09-02 00:00:00') && !SameValue('1998-09-02', '1998-09-02 00:00:01'));
});
