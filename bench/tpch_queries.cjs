// The 22 TPC-H queries of tests/sql/tpch/qNN.sql, bound to Parquet files.
//
// The query files name the TPC-H tables as plain identifiers (`FROM lineitem l1`,
// `LEFT OUTER JOIN orders`), as the specification and Trino's tpch catalog do. Sluice has
// no catalog yet, so BindTables rewrites every table reference of a FROM clause — the
// identifier right after FROM, JOIN or a comma of the FROM list — into
// `read_parquet('<dir>/<table>.parquet')`, keeping the alias or adding `AS <table>` when
// there is none. Columns, aliases and CTEs that happen to share a table's name (Q8 and Q9
// call a column `nation`) are left alone because only FROM-list positions are rewritten.
// The same rewritten text goes to Sluice and to DuckDB.
//
// Used by tests/integration/tpch_check.cjs and bench/tpch_bench.cjs.
const fs = require('fs');
const path = require('path');

const kQueryDir = path.join(__dirname, '..', 'tests', 'sql', 'tpch');
const kTableNames = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem'];
const kAllQueries = Array.from({ length: 22 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);

/** Splits SQL into tokens whose texts concatenate back to the input. */
function Tokenize(sql) {
  const patterns = [
    ['space', /\s+/y],
    ['comment', /--[^\n]*|\/\*[\s\S]*?\*\//y],
    ['string', /'(?:[^']|'')*'/y],
    ['quoted', /"(?:[^"]|"")*"/y],
    ['word', /[A-Za-z_][A-Za-z0-9_]*/y],
    ['number', /[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+/y],
    ['punct', /[\s\S]/y],
  ];
  const tokens = [];
  let at = 0;
  while (at < sql.length) {
    for (const [kind, re] of patterns) {
      re.lastIndex = at;
      const m = re.exec(sql);
      if (m) {
        tokens.push({ kind, text: m[0], upper: m[0].toUpperCase() });
        at += m[0].length;
        break;
      }
    }
  }
  return tokens;
}

const isSignificant = (t) => t.kind !== 'space' && t.kind !== 'comment';

/** Words that end a FROM item: what may follow a table reference that is not its alias. */
const kNotAlias = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION',
  'INTERSECT', 'EXCEPT', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING',
  'WINDOW']);
/** Words that end the FROM clause of the current nesting level. */
const kEndsFrom = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION',
  'INTERSECT', 'EXCEPT', 'WINDOW', 'SELECT']);

/**
 * Rewrites the TPC-H table references of `sql` into table functions.
 * `source(table)` returns the replacement text, e.g. "read_parquet('/d/lineitem.parquet')".
 */
function BindTables(sql, source) {
  const tokens = Tokenize(sql);
  const frames = [{ inFrom: false, expectTable: false }];
  const nextSignificant = (i) => {
    for (let j = i + 1; j < tokens.length; j++) if (isSignificant(tokens[j])) return tokens[j];
    return null;
  };
  let out = '';
  tokens.forEach((token, i) => {
    const frame = frames[frames.length - 1];
    if (!isSignificant(token)) {
      out += token.text;
      return;
    }
    if (token.text === '(') {
      frame.expectTable = false;
      frames.push({ inFrom: false, expectTable: false });
    } else if (token.text === ')') {
      if (frames.length > 1) frames.pop();
    } else if (token.text === ',' && frame.inFrom) {
      frame.expectTable = true;
      out += token.text;
      return;
    } else if (token.kind === 'word' && frame.expectTable) {
      frame.expectTable = false;
      const next = nextSignificant(i);
      const isCall = next && (next.text === '(' || next.text === '.');
      if (kTableNames.includes(token.text.toLowerCase()) && !isCall) {
        const hasAlias = next && (next.upper === 'AS' || (next.kind === 'word' && !kNotAlias.has(next.upper)));
        out += source(token.text.toLowerCase()) + (hasAlias ? '' : ` AS ${token.text}`);
        return;
      }
    } else if (token.kind === 'word') {
      if (token.upper === 'FROM') {
        frame.inFrom = true;
        frame.expectTable = true;
      } else if (token.upper === 'JOIN' && frame.inFrom) {
        frame.expectTable = true;
      } else if (kEndsFrom.has(token.upper)) {
        frame.inFrom = false;
        frame.expectTable = false;
      }
    }
    out += token.text;
  });
  return out;
}

/**
 * The sort keys of the outermost ORDER BY as output-column references: each entry is
 * { name } (a bare or qualified column name, lower case), { ordinal } (1-based) or null (an
 * expression). Empty when the query has no top-level ORDER BY.
 */
function OrderKeys(sql) {
  const tokens = Tokenize(sql).filter(isSignificant);
  let depth = 0;
  let start = -1;
  tokens.forEach((t, i) => {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.upper === 'ORDER' && tokens[i + 1] && tokens[i + 1].upper === 'BY') start = i + 2;
  });
  if (start < 0) return [];
  const items = [[]];
  depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i];
    if (depth === 0 && (['LIMIT', 'OFFSET', 'FETCH'].includes(t.upper) || t.text === ';')) break;
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (depth === 0 && t.text === ',') items.push([]);
    else items[items.length - 1].push(t);
  }
  return items.map((item) => {
    let words = item.map((t) => t.text);
    const upper = () => (words.length > 0 ? words[words.length - 1].toUpperCase() : '');
    if (['FIRST', 'LAST'].includes(upper()) && words.length >= 2) words = words.slice(0, -2);
    if (['ASC', 'DESC'].includes(upper())) words = words.slice(0, -1);
    if (words.length === 1 && /^[0-9]+$/.test(words[0])) return { ordinal: Number(words[0]) };
    if (words.length === 1 && /^[A-Za-z_]/.test(words[0])) return { name: words[0].toLowerCase() };
    if (words.length === 3 && words[1] === '.') return { name: words[2].toLowerCase() };
    return null;
  });
}

/** Whether the outermost query ends with LIMIT / FETCH (ties at the cut may differ). */
function HasTopLevelLimit(sql) {
  let depth = 0;
  let found = false;
  for (const t of Tokenize(sql).filter(isSignificant)) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && (t.upper === 'LIMIT' || t.upper === 'FETCH')) found = true;
  }
  return found;
}

/**
 * Parses a query list: "q01,q06", "1 6", "all". Returns canonical names (q01 … q22);
 * throws on an unknown name.
 */
function ParseQueryList(text) {
  const words = String(text).split(/[\s,]+/).filter((w) => w.length > 0);
  if (words.length === 1 && words[0].toLowerCase() === 'all') return [...kAllQueries];
  return words.map((w) => {
    const m = /^q?0*([0-9]+)$/i.exec(w);
    const name = m ? `q${m[1].padStart(2, '0')}` : w;
    if (!kAllQueries.includes(name)) throw new Error(`unknown TPC-H query '${w}' (expected q01 … q22 or all)`);
    return name;
  });
}

/** Reads tests/sql/tpch/<name>.sql. */
function ReadQuery(name) {
  return fs.readFileSync(path.join(kQueryDir, `${name}.sql`), 'utf8');
}

/** The query bound to `<parquetDir>/<table>.parquet`, without its final ';'. */
function BoundQuery(name, parquetDir) {
  const quoted = (p) => `'${p.replace(/'/g, "''")}'`;
  const sql = BindTables(ReadQuery(name), (table) => `read_parquet(${quoted(path.join(parquetDir, `${table}.parquet`))})`);
  return sql.replace(/;\s*$/, '').trimEnd();
}

module.exports = {
  kAllQueries, kQueryDir, kTableNames, BindTables, BoundQuery, HasTopLevelLimit, OrderKeys,
  ParseQueryList, ReadQuery, Tokenize,
};
