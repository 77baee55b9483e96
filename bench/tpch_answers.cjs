// Compares a query answer of `sluice query --format jsonl` with DuckDB's answer to the same
// SQL over the same files. Used by tests/integration/tpch_check.cjs and bench/tpch_bench.cjs.
//
// Rules:
//  - same number of columns and rows;
//  - numbers compare numerically with a relative tolerance of 1e-9. Where Sluice prints a
//    fixed-point value with s ≥ 1 fractional digits (a DECIMAL) and DuckDB's column is a
//    DOUBLE or a DECIMAL of larger scale, Sluice's may also be DuckDB's rounded to s digits:
//    Trino's avg(DECIMAL) and DECIMAL / DECIMAL keep a decimal scale where DuckDB returns
//    DOUBLE (Q1's avg_qty 25.53 vs 25.534377…);
//  - strings exactly; booleans as booleans; dates and timestamps as text with 'T' read as a
//    space and trailing fractional zeros dropped (Sluice prints 10:00:00.000000, DuckDB 10:00:00);
//  - order: the columns named by the outermost ORDER BY must hold equal values row by row;
//    beyond that rows compare as multisets (ties may come in any order).

/**
 * Parses JSON lines of flat objects, keeping duplicate keys and the exact text of numbers
 * (JSON.parse would turn 25.50 into 25.5 and drop a repeated column name).
 * Returns { columns: [name], rows: [[{ kind: 'null'|'bool'|'number'|'string', text }]] }.
 */
function ParseJsonLines(text) {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  let columns = null;
  const rows = lines.map((line, lineIndex) => {
    let at = 0;
    const fail = (what) => {
      throw new Error(`jsonl line ${lineIndex + 1}, offset ${at}: ${what}: ${line.slice(0, 200)}`);
    };
    const skipSpace = () => {
      while (at < line.length && /\s/.test(line[at])) at++;
    };
    const readString = () => {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(line.slice(at));
      if (!m) fail('expected a string');
      at += m[0].length;
      return JSON.parse(m[0]);
    };
    const names = [];
    const cells = [];
    skipSpace();
    if (line[at++] !== '{') fail("expected '{'");
    skipSpace();
    while (line[at] !== '}') {
      names.push(readString());
      skipSpace();
      if (line[at++] !== ':') fail("expected ':'");
      skipSpace();
      const rest = line.slice(at);
      let m;
      if (rest[0] === '"') {
        cells.push({ kind: 'string', text: readString() });
      } else if ((m = /^(null|true|false)/.exec(rest))) {
        cells.push(m[1] === 'null' ? { kind: 'null', text: null } : { kind: 'bool', text: m[1] });
        at += m[1].length;
      } else if ((m = /^-?[0-9][0-9.]*(?:[eE][-+]?[0-9]+)?/.exec(rest))) {
        cells.push({ kind: 'number', text: m[0] });
        at += m[0].length;
      } else {
        fail('unexpected value');
      }
      skipSpace();
      if (line[at] === ',') at++;
      skipSpace();
      if (at >= line.length) fail("expected '}'");
    }
    if (columns === null) columns = names;
    else if (names.join('\u0000') !== columns.join('\u0000')) fail('columns differ from the first line');
    return cells;
  });
  return { columns: columns || [], rows };
}

const kDuckNumeric = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;
const kDuckTemporal = /^(DATE|TIME|TIMESTAMP)/;

/**
 * Converts a DuckDB reader's answer (getRowsJson: decimals and 64-bit integers as strings,
 * doubles as numbers) into { columns, types, rows } with cells { kind, text } like ours.
 */
function DuckAnswer(reader) {
  const types = reader.columnTypes().map((t) => t.toString());
  const rows = reader.getRowsJson().map((row) => row.map((v, c) => {
    if (v === null) return { kind: 'null', text: null };
    if (typeof v === 'boolean') return { kind: 'bool', text: String(v) };
    if (kDuckNumeric.test(types[c])) return { kind: 'number', text: String(v) };
    return { kind: 'string', text: typeof v === 'string' ? v : JSON.stringify(v) };
  }));
  return { columns: reader.columnNames(), types, rows };
}

/** The number of fractional digits of a fixed-point text ("25.50" → 2), else 0. */
function FixedScale(text) {
  const m = /^-?[0-9]*\.([0-9]+)$/.exec(text);
  return m ? m[1].length : 0;
}

function DuckScale(type) {
  const m = /^DECIMAL\(\d+,(\d+)\)/.exec(type);
  return m ? Number(m[1]) : null;
}

/** Date/time text in one form: 'T' as a space, no trailing fractional zeros, UTC as Z. */
function NormalizeTemporal(text) {
  return text.replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 ').replace(/(\.[0-9]*?)0+(?=$|[^0-9])/, '$1')
    .replace(/\.(?=$|[^0-9])/, '').replace(/(?:\s*UTC|\+00(?::00)?)$/, 'Z');
}

/** Whether our cell equals DuckDB's cell of a column of DuckDB type `type`. */
function SameCell(ours, theirs, type) {
  if (ours.kind === 'null' || theirs.kind === 'null') return ours.kind === theirs.kind;
  if (theirs.kind === 'number') {
    if (ours.kind !== 'number') return false;
    const x = Number(ours.text);
    const y = Number(theirs.text);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
    let tolerance = 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
    const scale = FixedScale(ours.text);
    const theirScale = DuckScale(type);
    if (scale >= 1 && (theirScale === null ? /^(DOUBLE|FLOAT)/.test(type) : theirScale > scale)) {
      tolerance = Math.max(tolerance, 0.5 * 10 ** -scale * (1 + 1e-9));
    }
    return Math.abs(x - y) <= tolerance;
  }
  if (theirs.kind === 'bool') return ours.kind === 'bool' && ours.text === theirs.text;
  if (ours.kind !== 'string') return false;
  if (kDuckTemporal.test(type)) return NormalizeTemporal(ours.text) === NormalizeTemporal(theirs.text);
  return ours.text === theirs.text;
}

/** A total order on cells: NULL, then booleans, numbers (by value), strings. */
function CompareCells(a, b) {
  const rank = { null: 0, bool: 1, number: 2, string: 3 };
  if (rank[a.kind] !== rank[b.kind]) return rank[a.kind] - rank[b.kind];
  if (a.kind === 'null') return 0;
  if (a.kind === 'number') return Number(a.text) - Number(b.text);
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

function CompareRows(a, b) {
  for (let c = 0; c < Math.min(a.length, b.length); c++) {
    const d = CompareCells(a[c], b[c]);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const ShowCell = (cell) => (cell.kind === 'null' ? 'NULL' : cell.kind === 'string' ? JSON.stringify(cell.text) : cell.text);
const ShowRow = (row) => (row ? row.map(ShowCell).join(' | ') : '(none)');

/**
 * Maps ORDER BY keys (tpch_queries.OrderKeys) to column indexes of DuckDB's answer.
 * Returns null when a key is an expression or names no output column.
 */
function OrderColumns(orderKeys, columns) {
  const lower = columns.map((c) => c.toLowerCase());
  const indexes = orderKeys.map((key) => {
    if (key === null) return -1;
    if (key.ordinal !== undefined) return key.ordinal >= 1 && key.ordinal <= columns.length ? key.ordinal - 1 : -1;
    return lower.indexOf(key.name);
  });
  return indexes.includes(-1) ? null : indexes;
}

/**
 * Compares our answer with DuckDB's. `orderKeys` as from tpch_queries.OrderKeys.
 * Returns { ok, problem (one line), diff (lines showing the first mismatching rows),
 * orderChecked }.
 */
function CompareAnswers(ours, theirs, orderKeys, maxDiffRows = 5) {
  const result = { ok: false, problem: '', diff: [], orderChecked: false };
  if (ours.columns.length !== theirs.columns.length && ours.rows.length > 0) {
    result.problem = `${ours.columns.length} columns (${ours.columns.join(', ')}), DuckDB has ` +
      `${theirs.columns.length} (${theirs.columns.join(', ')})`;
    return result;
  }
  const columnNames = `columns: ${theirs.columns.join(' | ')}`;
  const orderColumns = orderKeys.length > 0 ? OrderColumns(orderKeys, theirs.columns) : null;
  if (orderColumns && ours.rows.length === theirs.rows.length) {
    result.orderChecked = true;
    for (let r = 0; r < ours.rows.length; r++) {
      const bad = orderColumns.filter((c) => !SameCell(ours.rows[r][c], theirs.rows[r][c], theirs.types[c]));
      if (bad.length > 0) {
        result.problem = `order differs at row ${r + 1} in ORDER BY column ${theirs.columns[bad[0]]}`;
        result.diff.push(columnNames);
        for (let k = r; k < Math.min(ours.rows.length, r + maxDiffRows); k++) {
          result.diff.push(`row ${k + 1}  sluice: ${ShowRow(ours.rows[k])}`);
          result.diff.push(`row ${k + 1}  duckdb: ${ShowRow(theirs.rows[k])}`);
        }
        return result;
      }
    }
  }
  const a = [...ours.rows].sort(CompareRows);
  const b = [...theirs.rows].sort(CompareRows);
  const sameRow = (x, y) => x && y && x.length === y.length && x.every((cell, c) => SameCell(cell, y[c], theirs.types[c]));
  let first = -1;
  for (let r = 0; r < Math.max(a.length, b.length); r++) {
    if (!sameRow(a[r], b[r])) {
      first = r;
      break;
    }
  }
  if (first < 0) {
    result.ok = true;
    return result;
  }
  result.diff.push(columnNames);
  if (a.length !== b.length) {
    // A merge walk over the sorted rows: what only one side has.
    result.problem = `${a.length} rows, DuckDB has ${b.length}`;
    let shown = 0;
    for (let i = 0, j = 0; (i < a.length || j < b.length) && shown < maxDiffRows;) {
      if (i < a.length && j < b.length && sameRow(a[i], b[j])) {
        i++;
        j++;
      } else if (j >= b.length || (i < a.length && CompareRows(a[i], b[j]) < 0)) {
        result.diff.push(`only in sluice: ${ShowRow(a[i++])}`);
        shown++;
      } else {
        result.diff.push(`only in duckdb: ${ShowRow(b[j++])}`);
        shown++;
      }
    }
    return result;
  }
  result.problem = `values differ (rows compared sorted; first difference at sorted row ${first + 1})`;
  let shown = 0;
  for (let r = first; r < a.length && shown < maxDiffRows; r++) {
    if (sameRow(a[r], b[r])) continue;
    const differing = theirs.columns.filter((_, c) => !SameCell(a[r][c], b[r][c], theirs.types[c]));
    result.diff.push(`sorted row ${r + 1}  sluice: ${ShowRow(a[r])}`);
    result.diff.push(`sorted row ${r + 1}  duckdb: ${ShowRow(b[r])}   <- ${differing.join(', ')}`);
    shown++;
  }
  return result;
}

/**
 * Column names from the header line of `sluice query --format csv` (for answers without
 * rows, whose JSON lines carry no names).
 */
function CsvHeaderColumns(text) {
  const line = text.split('\n')[0].replace(/\r$/, '');
  const names = [];
  let at = 0;
  while (at <= line.length) {
    let m = /^"((?:[^"]|"")*)"/.exec(line.slice(at));
    if (m) {
      names.push(m[1].replace(/""/g, '"'));
    } else {
      m = /^[^,]*/.exec(line.slice(at));
      names.push(m[0]);
    }
    at += m[0].length + 1;
  }
  return line.length === 0 ? [] : names;
}

module.exports = { CompareAnswers, CsvHeaderColumns, DuckAnswer, NormalizeTemporal, ParseJsonLines, SameCell };
