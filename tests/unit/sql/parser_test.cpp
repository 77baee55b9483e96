#include "sql/parser/parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.h"
#include "parser_test_support.h"

namespace sluice::sql {
namespace {

using parser_testing::NotImplementedOf;
using parser_testing::ParseErrorOf;
using parser_testing::RoundTrip;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The expression as a fully parenthesized tree, to check precedence and associativity.
std::string Tree(const Expression& e) {
  switch (e.kind()) {
    case ExpressionKind::kBinary: {
      const auto& b = e.As<BinaryExpression>();
      return "(" + Tree(*b.left) + " " + BinaryOperatorText(b.op) + " " + Tree(*b.right) + ")";
    }
    case ExpressionKind::kConjunction: {
      const auto& c = e.As<ConjunctionExpression>();
      std::string result = c.type == ConjunctionType::kAnd ? "(AND" : "(OR";
      for (const auto& child : c.children) result += " " + Tree(*child);
      return result + ")";
    }
    case ExpressionKind::kNot: return "(NOT " + Tree(*e.As<NotExpression>().operand) + ")";
    case ExpressionKind::kUnary: {
      const auto& u = e.As<UnaryExpression>();
      return std::string("(") + (u.op == UnaryOperator::kMinus ? "-" : "+") + Tree(*u.operand) +
             ")";
    }
    case ExpressionKind::kAtTimeZone: {
      const auto& a = e.As<AtTimeZoneExpression>();
      return "(" + Tree(*a.operand) + " AT " + Tree(*a.zone) + ")";
    }
    case ExpressionKind::kIsNull: return "(" + Tree(*e.As<IsNullExpression>().operand) + " IS NULL)";
    case ExpressionKind::kBetween: {
      const auto& b = e.As<BetweenExpression>();
      return "(" + Tree(*b.operand) + " BETWEEN " + Tree(*b.low) + " " + Tree(*b.high) + ")";
    }
    case ExpressionKind::kSubscript: {
      const auto& s = e.As<SubscriptExpression>();
      return "(" + Tree(*s.base) + "[" + Tree(*s.index) + "])";
    }
    case ExpressionKind::kDereference: {
      const auto& d = e.As<DereferenceExpression>();
      return "(" + Tree(*d.base) + " . " + d.field.name + ")";
    }
    default: return e.ToString();
  }
}

std::string ParseTree(std::string_view sql) { return Tree(*ParseExpression(sql)); }

TEST(SqlParserTest, TpchQueriesParseAndRoundTrip) {
  std::filesystem::path dir = std::filesystem::path(SLUICE_TEST_DATA_DIR) / ".." / "sql" / "tpch";
  for (int i = 1; i <= 22; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "q%02d.sql", i);
    std::string sql = ReadFile(dir / name);
    ASSERT_FALSE(sql.empty()) << name;
    SCOPED_TRACE(name);
    std::vector<StatementPtr> statements = ParseStatements(sql);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0]->kind(), StatementKind::kQuery);
    RoundTrip(sql);
  }
}

TEST(SqlParserTest, TpchQ1Shape) {
  std::filesystem::path dir = std::filesystem::path(SLUICE_TEST_DATA_DIR) / ".." / "sql" / "tpch";
  StatementPtr statement = ParseStatement(ReadFile(dir / "q01.sql"));
  const Query& query = *statement->As<QueryStatement>().query;
  const auto& select = query.body->As<SelectBody>();
  ASSERT_EQ(select.select_list.size(), 10u);
  EXPECT_EQ(select.select_list[2].alias->name, "sum_qty");
  EXPECT_EQ(select.from->As<BaseTableRef>().name.ToString(), "lineitem");
  EXPECT_EQ(select.where->ToString(), "l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY");
  EXPECT_EQ(select.group_by->elements.size(), 2u);
  EXPECT_EQ(query.order_by.size(), 2u);
  EXPECT_EQ(select.select_list[9].expression->As<FunctionCallExpression>().star, true);
  EXPECT_EQ(statement->position, (SourcePosition{36, 2, 1}));
}

TEST(SqlParserTest, NormalizedPrinting) {
  EXPECT_EQ(RoundTrip("select A, \"B\", t.* from S.T as x(a, b) where not a=1 limit 5"),
            "SELECT a, \"B\", t.* FROM s.t AS x(a, b) WHERE NOT a = 1 LIMIT 5");
  EXPECT_EQ(RoundTrip("SELECT (a + b) * c, a + (b * c), (a - b) - c, a - (b - c) FROM t"),
            "SELECT (a + b) * c, a + b * c, a - b - c, a - (b - c) FROM t");
  EXPECT_EQ(RoundTrip("SELECT x FROM t WHERE (a OR b) AND c AND (d AND e)"),
            "SELECT x FROM t WHERE (a OR b) AND c AND (d AND e)");
  EXPECT_EQ(RoundTrip("SELECT - -1, -(-x), 1 - -1"), "SELECT - -1, - -x, 1 - -1");
  EXPECT_EQ(RoundTrip("SELECT \"select\", \"a b\", \"x\"\"y\" FROM \"from\""),
            "SELECT \"select\", \"a b\", \"x\"\"y\" FROM \"from\"");
  EXPECT_EQ(RoundTrip("SELECT 'it''s', X'cafe', U&'\\0041', 1.5, 1e3, NULL, true"),
            "SELECT 'it''s', X'CAFE', 'A', 1.5, 1e3, NULL, TRUE");
  EXPECT_EQ(RoundTrip("SELECT a FROM t LIMIT 10 OFFSET 5"), "SELECT a FROM t OFFSET 5 ROWS LIMIT 10");
  EXPECT_EQ(RoundTrip("SELECT x::bigint, (a).b, f(x).y[1]"),
            "SELECT CAST(x AS bigint), (a).b, f(x).y[1]");
  // Names that would read back as special forms are quoted.
  EXPECT_EQ(RoundTrip("SELECT (all), (array)[1], (interval) - 'x', (1).x FROM t GROUP BY (all)"),
            "SELECT \"all\", \"array\"[1], \"interval\" - 'x', (1).x FROM t GROUP BY \"all\"");
  EXPECT_EQ(RoundTrip("SELECT sum(x) OVER (ROWS (unbounded) PRECEDING), extract(\"A b\" FROM x)"),
            "SELECT sum(x) OVER (ROWS \"unbounded\" PRECEDING), EXTRACT(\"A b\" FROM x)");
  EXPECT_EQ(RoundTrip("COPY (SELECT 1) TO 'x' (a = (1 + 2) * 3, b (1, 2), c = (1, 2))"),
            "COPY (SELECT 1) TO 'x' (A = (1 + 2) * 3, B (1, 2), C = (1, 2))");
}

TEST(SqlParserTest, RoundTrips) {
  const char* statements[] = {
      "SELECT DISTINCT a AS x, b y, count(*) FROM t GROUP BY 1, 2 HAVING count(*) > 1",
      "SELECT * FROM a JOIN b ON a.k = b.k LEFT JOIN c USING (k) RIGHT OUTER JOIN d ON TRUE "
      "FULL JOIN e ON e.x = a.x CROSS JOIN f INNER JOIN g ON 1 = 1",
      "SELECT * FROM a, b, (c JOIN d ON c.x = d.x), (a CROSS JOIN b) JOIN c ON x",
      "SELECT * FROM a, b JOIN c ON x, d",
      "SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x",
      "SELECT * FROM (SELECT 1) AS s(x), LATERAL (SELECT s.x) l",
      "SELECT * FROM read_csv('data/*.csv', delimiter => '|', header => true) AS r",
      "SELECT * FROM TABLE(read_parquet('x.parquet', hive_partitioning => true))",
      "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)",
      "VALUES 1, 2, 3",
      "TABLE lake.sales",
      "WITH a AS (SELECT 1), b (x, y) AS (SELECT 1, 2) SELECT * FROM a, b",
      "SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 INTERSECT SELECT 4 EXCEPT DISTINCT SELECT 5",
      "(SELECT 1 ORDER BY 1 LIMIT 1) UNION ALL (SELECT 2) ORDER BY 1 DESC NULLS LAST",
      "SELECT a FROM t ORDER BY a ASC NULLS FIRST, b DESC OFFSET 10 ROWS FETCH FIRST 5 ROWS ONLY",
      "SELECT a FROM t ORDER BY a FETCH NEXT ROW WITH TIES",
      "SELECT a FROM t LIMIT ALL",
      "SELECT a, b, sum(c) FROM t GROUP BY ROLLUP (a, b)",
      "SELECT a, b FROM t GROUP BY CUBE (a, b), GROUPING SETS ((a, b), (a), ()), (a, b), ()",
      "SELECT a FROM t GROUP BY DISTINCT ROLLUP (a), CUBE (b)",
      "SELECT rank() OVER w, sum(x) OVER (w ORDER BY y) FROM t WINDOW w AS (PARTITION BY z)",
      "SELECT sum(x) OVER (PARTITION BY a, b ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND "
      "CURRENT ROW), avg(x) OVER (ORDER BY d RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND 2 "
      "FOLLOWING), count(*) OVER (GROUPS 3 PRECEDING), lag(x) IGNORE NULLS OVER (ORDER BY t)",
      "SELECT count(DISTINCT x), count(x) FILTER (WHERE x > 0), array_agg(x ORDER BY y DESC), "
      "listagg(s, ',') WITHIN GROUP (ORDER BY s), grouping(a, b) FROM t",
      "SELECT CAST(a AS decimal(10,2)), TRY_CAST(b AS varchar(20)), CAST(c AS timestamp(3) with "
      "time zone), CAST(d AS array(bigint)), CAST(e AS map(varchar, array(bigint))), CAST(f AS "
      "row(a bigint, \"B\" varchar, c double precision)), CAST(g AS interval day to second), "
      "CAST(h AS array<varchar>), CAST(i AS time without time zone)",
      "SELECT DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00', TIME '10:00', DECIMAL '1.5', "
      "INTERVAL '3' DAY, INTERVAL -'1' YEAR TO MONTH, INTERVAL '1' HOUR TO SECOND, X'00', "
      "DOUBLE PRECISION '1.5'",
      "SELECT CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE x WHEN 1 THEN 'a' END",
      "SELECT if(a, 1, 2), coalesce(a, b, c), nullif(a, b), try(1 / 0)",
      "SELECT extract(year FROM d), extract(day_of_week FROM d), trim(s), trim(LEADING 'x' FROM "
      "s), trim(BOTH FROM s), trim(s, 'y'), trim(TRAILING FROM s)",
      "SELECT current_date, current_timestamp, current_timestamp(3), localtimestamp, "
      "current_time, localtime(6), current_user",
      "SELECT transform(xs, x -> x + 1), reduce(xs, 0, (s, x) -> s + x, s -> s), f(() -> 1)",
      "SELECT EXISTS (SELECT 1), (SELECT max(x) FROM t), x IN (SELECT y FROM u), x NOT IN (1, 2)",
      "SELECT x = ANY (SELECT y FROM u), x > ALL (SELECT 1), x <> SOME (SELECT 2)",
      "SELECT ARRAY[1, 2, 3], ARRAY[], ROW(1, 'a'), (1, 2), a[1], m['k'], r.f, ROW(1)",
      "SELECT ?, ?, :name FROM t WHERE a = ? LIMIT ?",
      "SELECT a IS NULL, a IS NOT NULL, a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b",
      "SELECT a BETWEEN 1 AND 2, a NOT BETWEEN b AND c, s LIKE 'a%', s NOT LIKE 'a!%' ESCAPE '!'",
      "SELECT ts AT TIME ZONE 'America/New_York', ts AT TIME ZONE INTERVAL '1' HOUR",
      "SELECT a || b || c, 'x' || 1 + 2, NOT a AND NOT b OR c",
      "SELECT date, year, filter, \"limit\" FROM t AS window",
      "SELECT count(*) filter FROM t",
      "EXPLAIN SELECT 1",
      "EXPLAIN ANALYZE SELECT 1",
      "EXPLAIN ANALYZE VERBOSE SELECT 1",
      "CREATE VIEW v AS SELECT 1",
      "CREATE OR REPLACE VIEW s.v AS SELECT a FROM t",
      "CREATE TABLE t AS SELECT 1",
      "CREATE TABLE IF NOT EXISTS s.t (a, b) WITH (format = 'PARQUET', partitioned_by = "
      "ARRAY['b']) AS SELECT 1, 2 WITH NO DATA",
      "COPY (SELECT * FROM t) TO 'out/x.parquet' (FORMAT parquet, PARTITION_BY (a, b), "
      "COMPRESSION zstd, ROW_GROUP_SIZE 100000, HEADER, DELIMITER '|')",
      "COPY t TO 'x.csv'",
      "SET TIME ZONE 'UTC'",
      "SET TIME ZONE LOCAL",
      "SET TIME ZONE INTERVAL '10' HOUR",
      "SET SESSION query_max_memory = '1GB'",
      "SET SESSION hive.compression_codec = 'zstd'",
      "RESET SESSION query_max_memory",
      "DROP TABLE t",
      "DROP VIEW IF EXISTS s.v",
  };
  for (const char* sql : statements) {
    SCOPED_TRACE(sql);
    RoundTrip(sql);
  }
}

TEST(SqlParserTest, Precedence) {
  EXPECT_EQ(ParseTree("a OR b AND c"), "(OR a (AND b c))");
  EXPECT_EQ(ParseTree("a AND b OR c AND d OR e"), "(OR (AND a b) (AND c d) e)");
  EXPECT_EQ(ParseTree("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(ParseTree("NOT a AND b"), "(AND (NOT a) b)");
  EXPECT_EQ(ParseTree("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(ParseTree("a = b || c"), "(a = (b || c))");
  EXPECT_EQ(ParseTree("a || b + c"), "(a || (b + c))");
  EXPECT_EQ(ParseTree("a + b * c - d"), "((a + (b * c)) - d)");
  EXPECT_EQ(ParseTree("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(ParseTree("a / b % c * d"), "(((a / b) % c) * d)");
  EXPECT_EQ(ParseTree("-a * b"), "((-a) * b)");
  EXPECT_EQ(ParseTree("- - a"), "(-(-a))");
  EXPECT_EQ(ParseTree("-a AT TIME ZONE 'UTC'"), "(-(a AT 'UTC'))");
  EXPECT_EQ(ParseTree("a + b AT TIME ZONE 'UTC'"), "(a + (b AT 'UTC'))");
  EXPECT_EQ(ParseTree("a[1].f[2]"), "(((a[1]) . f)[2])");
  EXPECT_EQ(ParseTree("a + 1 BETWEEN b AND c + 1"), "((a + 1) BETWEEN b (c + 1))");
  EXPECT_EQ(ParseTree("a BETWEEN b AND c AND d"), "(AND (a BETWEEN b c) d)");
  EXPECT_EQ(ParseTree("a || b IS NULL"), "((a || b) IS NULL)");
  EXPECT_EQ(ParseTree("x - INTERVAL '1' DAY"), "(x - INTERVAL '1' DAY)");
  EXPECT_EQ(ParseTree("(a + b) * c"), "((a + b) * c)");
}

TEST(SqlParserTest, SetOperationPrecedence) {
  auto body = [](std::string_view sql) {
    StatementPtr statement = ParseStatement(sql);
    return statement->As<QueryStatement>().query->body->ToString();
  };
  StatementPtr statement = ParseStatement("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
  const auto& top = statement->As<QueryStatement>().query->body->As<SetOperationBody>();
  EXPECT_EQ(top.type, SetOperationType::kUnion);
  EXPECT_EQ(top.right->As<SetOperationBody>().type, SetOperationType::kIntersect);
  EXPECT_EQ(body("SELECT 1 EXCEPT SELECT 2 UNION SELECT 3"),
            "SELECT 1 EXCEPT SELECT 2 UNION SELECT 3");
  StatementPtr left_assoc = ParseStatement("SELECT 1 EXCEPT SELECT 2 UNION SELECT 3");
  const auto& root = left_assoc->As<QueryStatement>().query->body->As<SetOperationBody>();
  EXPECT_EQ(root.type, SetOperationType::kUnion);
  EXPECT_EQ(root.left->As<SetOperationBody>().type, SetOperationType::kExcept);
}

TEST(SqlParserTest, StatementShapes) {
  StatementPtr copy = ParseStatement(
      "COPY (SELECT 1) TO 'out' WITH (FORMAT parquet, PARTITION_BY (a, b), COMPRESSION 'zstd')");
  const auto& c = copy->As<CopyStatement>();
  EXPECT_EQ(c.path, "out");
  ASSERT_EQ(c.options.size(), 3u);
  EXPECT_EQ(c.options[0].name, "format");
  EXPECT_EQ(c.options[0].value->As<ColumnRefExpression>().parts[0].name, "parquet");
  EXPECT_TRUE(c.options[1].has_list);
  EXPECT_EQ(c.options[1].list.size(), 2u);

  StatementPtr parameters = ParseStatement("SELECT ?, :x, ? FROM t");
  const auto& items = parameters->As<QueryStatement>().query->body->As<SelectBody>().select_list;
  EXPECT_EQ(items[0].expression->As<ParameterExpression>().index, 1);
  EXPECT_EQ(items[1].expression->As<ParameterExpression>().name, "x");
  EXPECT_EQ(items[2].expression->As<ParameterExpression>().index, 2);

  StatementPtr table_function =
      ParseStatement("SELECT * FROM read_csv('x', delim => '|') AS r(a, b)");
  const auto& from = table_function->As<QueryStatement>()
                         .query->body->As<SelectBody>()
                         .from->As<TableFunctionRef>();
  EXPECT_EQ(from.call->arguments[1].name->name, "delim");
  EXPECT_EQ(from.alias->name, "r");
  EXPECT_EQ(from.column_aliases.size(), 2u);

  StatementPtr quoted = ParseStatement("SELECT \"Foo\" FROM t");
  const auto& column = quoted->As<QueryStatement>()
                           .query->body->As<SelectBody>()
                           .select_list[0]
                           .expression->As<ColumnRefExpression>();
  EXPECT_EQ(column.parts[0].name, "Foo");
  EXPECT_TRUE(column.parts[0].quoted);
  EXPECT_EQ(column.position, (SourcePosition{7, 1, 8}));
}

TEST(SqlParserTest, MultipleStatements) {
  EXPECT_EQ(ParseStatements("SELECT 1; SELECT 2;").size(), 2u);
  EXPECT_EQ(ParseStatements(";;SELECT 1;;").size(), 1u);
  EXPECT_EQ(ParseStatements("  -- nothing\n").size(), 0u);
  EXPECT_EQ(ParseStatement("SELECT 1;")->ToString(), "SELECT 1");
}

TEST(SqlParserTest, LongChainsAreFine) {
  // Flattened AND/OR, and a long IN list, are lists rather than deep trees.
  std::string ors = "x = 0";
  for (int i = 1; i < 5000; ++i) ors += " OR x = " + std::to_string(i);
  EXPECT_EQ(ParseExpression(ors)->As<ConjunctionExpression>().children.size(), 5000u);
  std::string sum = "1";
  for (int i = 0; i < 500; ++i) sum += " + 1";
  EXPECT_NO_THROW(ParseExpression(sum));
}

}  // namespace
}  // namespace sluice::sql
