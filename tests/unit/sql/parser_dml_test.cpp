// The statements of managed tables: DELETE, TRUNCATE, UPDATE, OPTIMIZE (both
// spellings), ALTER TABLE RENAME TO / ADD COLUMN / DROP COLUMN with IF [NOT] EXISTS,
// CREATE TEMPORARY TABLE / VIEW, and the PostgreSQL type spellings of CREATE TABLE.
// Each form parses into the expected tree, prints to SQL that parses back to the same
// print, and each error points at the right token.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/types.h"
#include "sql/parser/parser.h"
#include "parser_test_support.h"

namespace sluice::sql {
namespace {

using parser_testing::FirstLine;
using parser_testing::NotImplementedOf;
using parser_testing::Parsed;
using parser_testing::ParseErrorOf;
using parser_testing::RoundTrip;

TEST(SqlParserDmlTest, Delete) {
  EXPECT_EQ(RoundTrip("delete from t"), "DELETE FROM t");
  EXPECT_EQ(RoundTrip("DELETE FROM raw.t WHERE a = 1 AND b IN (SELECT x FROM s)"),
            "DELETE FROM raw.t WHERE a = 1 AND b IN (SELECT x FROM s)");
  EXPECT_EQ(RoundTrip("DELETE FROM t AS x WHERE x.a > 2"), "DELETE FROM t AS x WHERE x.a > 2");
  EXPECT_EQ(RoundTrip("DELETE FROM t x WHERE x.a > 2"), "DELETE FROM t AS x WHERE x.a > 2");
  EXPECT_EQ(RoundTrip("DELETE FROM t \"Where\""), "DELETE FROM t AS \"Where\"");
  EXPECT_EQ(RoundTrip("EXPLAIN DELETE FROM t WHERE a IS NULL"), "EXPLAIN DELETE FROM t WHERE a IS NULL");

  StatementPtr statement = ParseStatement("DELETE FROM db.t AS x WHERE a = 1");
  const auto& d = Parsed<DeleteStatement>(statement);
  EXPECT_EQ(d.table.ToString(), "db.t");
  ASSERT_TRUE(d.alias);
  EXPECT_EQ(d.alias->name, "x");
  ASSERT_NE(d.where, nullptr);
  EXPECT_FALSE(d.truncate);
  EXPECT_EQ(d.position, (SourcePosition{0, 1, 1}));
  StatementPtr all = ParseStatement("DELETE FROM t");
  EXPECT_EQ(Parsed<DeleteStatement>(all).where, nullptr);
  EXPECT_FALSE(Parsed<DeleteStatement>(all).alias);
}

TEST(SqlParserDmlTest, Truncate) {
  EXPECT_EQ(RoundTrip("TRUNCATE TABLE raw.t"), "TRUNCATE TABLE raw.t");
  EXPECT_EQ(RoundTrip("truncate t"), "TRUNCATE TABLE t");
  StatementPtr statement = ParseStatement("TRUNCATE t");
  const auto& d = Parsed<DeleteStatement>(statement);
  EXPECT_TRUE(d.truncate);
  EXPECT_EQ(d.where, nullptr);
  EXPECT_FALSE(d.alias);
  EXPECT_EQ(d.table.ToString(), "t");
}

TEST(SqlParserDmlTest, Update) {
  EXPECT_EQ(RoundTrip("update t set a = 1"), "UPDATE t SET a = 1");
  EXPECT_EQ(RoundTrip("UPDATE raw.t SET a = a + 1, \"B\" = 'x' WHERE c <> 0"),
            "UPDATE raw.t SET a = a + 1, \"B\" = 'x' WHERE c <> 0");
  EXPECT_EQ(RoundTrip("UPDATE t AS x SET a = NULL WHERE x.b = 1"), "UPDATE t AS x SET a = NULL WHERE x.b = 1");
  EXPECT_EQ(RoundTrip("UPDATE t x SET a = (SELECT max(b) FROM s)"), "UPDATE t AS x SET a = (SELECT max(b) FROM s)");
  EXPECT_EQ(RoundTrip("UPDATE t AS set SET set = 1"), "UPDATE t AS set SET set = 1");
  EXPECT_EQ(RoundTrip("UPDATE t SET value = 2, key = 'k', name = 'n'"),
            "UPDATE t SET value = 2, key = 'k', name = 'n'");

  StatementPtr statement = ParseStatement("UPDATE db.t SET a = 1, b = a WHERE c");
  const auto& u = Parsed<UpdateStatement>(statement);
  EXPECT_EQ(u.table.ToString(), "db.t");
  EXPECT_FALSE(u.alias);
  ASSERT_EQ(u.assignments.size(), 2u);
  EXPECT_EQ(u.assignments[0].column.name, "a");
  EXPECT_EQ(u.assignments[0].value->ToString(), "1");
  EXPECT_EQ(u.assignments[1].column.name, "b");
  EXPECT_EQ(u.assignments[1].column.position, (SourcePosition{23, 1, 24}));
  ASSERT_NE(u.where, nullptr);
  StatementPtr all = ParseStatement("UPDATE t SET a = 1");
  EXPECT_EQ(Parsed<UpdateStatement>(all).where, nullptr);
}

TEST(SqlParserDmlTest, Optimize) {
  EXPECT_EQ(RoundTrip("optimize raw.t"), "OPTIMIZE raw.t");
  EXPECT_EQ(RoundTrip("OPTIMIZE TABLE t WHERE d = DATE '2024-01-01'"), "OPTIMIZE t WHERE d = DATE '2024-01-01'");
  EXPECT_EQ(RoundTrip("ALTER TABLE t EXECUTE optimize"), "ALTER TABLE t EXECUTE optimize");
  EXPECT_EQ(RoundTrip("ALTER TABLE t EXECUTE OPTIMIZE()"), "ALTER TABLE t EXECUTE optimize");
  EXPECT_EQ(RoundTrip("ALTER TABLE raw.t EXECUTE optimize(file_size_threshold => '128MB') WHERE d > 1"),
            "ALTER TABLE raw.t EXECUTE optimize(file_size_threshold => '128MB') WHERE d > 1");
  EXPECT_EQ(RoundTrip("ALTER TABLE t EXECUTE optimize('10kB')"),
            "ALTER TABLE t EXECUTE optimize(file_size_threshold => '10kB')");

  StatementPtr short_form = ParseStatement("OPTIMIZE t WHERE d = 1");
  const auto& s = Parsed<OptimizeStatement>(short_form);
  EXPECT_FALSE(s.trino_form);
  EXPECT_FALSE(s.file_size_threshold);
  ASSERT_NE(s.where, nullptr);
  StatementPtr trino = ParseStatement("ALTER TABLE db.t EXECUTE optimize(file_size_threshold => '1GB')");
  const auto& t = Parsed<OptimizeStatement>(trino);
  EXPECT_TRUE(t.trino_form);
  EXPECT_EQ(t.table.ToString(), "db.t");
  EXPECT_EQ(t.where, nullptr);
  ASSERT_TRUE(t.file_size_threshold);
  EXPECT_EQ(t.file_size_threshold->value, "1GB");
  EXPECT_EQ(t.file_size_threshold->position, (SourcePosition{57, 1, 58}));
}

TEST(SqlParserDmlTest, AlterTableRenameAndColumns) {
  EXPECT_EQ(RoundTrip("ALTER TABLE t RENAME TO u"), "ALTER TABLE t RENAME TO u");
  EXPECT_EQ(RoundTrip("alter table if exists raw.t rename to curated.u"),
            "ALTER TABLE IF EXISTS raw.t RENAME TO curated.u");
  EXPECT_EQ(RoundTrip("ALTER TABLE t RENAME TO to"), "ALTER TABLE t RENAME TO to");
  EXPECT_EQ(RoundTrip("ALTER TABLE t RENAME TO to.x"), "ALTER TABLE t RENAME TO to.x");
  StatementPtr rename = ParseStatement("ALTER TABLE IF EXISTS a.t RENAME TO u");
  const auto& r = Parsed<AlterTableRenameStatement>(rename);
  EXPECT_TRUE(r.if_exists);
  EXPECT_EQ(r.table.ToString(), "a.t");
  EXPECT_EQ(r.new_name.ToString(), "u");

  EXPECT_EQ(RoundTrip("ALTER TABLE t DROP COLUMN c"), "ALTER TABLE t DROP COLUMN c");
  EXPECT_EQ(RoundTrip("ALTER TABLE IF EXISTS t DROP COLUMN IF EXISTS c"),
            "ALTER TABLE IF EXISTS t DROP COLUMN IF EXISTS c");
  EXPECT_EQ(RoundTrip("ALTER TABLE t DROP c RESTRICT"), "ALTER TABLE t DROP COLUMN c");
  EXPECT_EQ(RoundTrip("ALTER TABLE t DROP IF EXISTS \"C\""), "ALTER TABLE t DROP COLUMN IF EXISTS \"C\"");
  EXPECT_EQ(RoundTrip("ALTER TABLE t DROP COLUMN partition"), "ALTER TABLE t DROP COLUMN partition");
  StatementPtr drop = ParseStatement("ALTER TABLE t DROP COLUMN IF EXISTS c");
  const auto& d = Parsed<AlterTableDropColumnStatement>(drop);
  EXPECT_FALSE(d.if_exists);
  EXPECT_TRUE(d.column_if_exists);
  EXPECT_EQ(d.column.name, "c");
  EXPECT_EQ(d.column.position, (SourcePosition{36, 1, 37}));
  // Hive's DROP PARTITION is unchanged.
  StatementPtr partitions = ParseStatement("ALTER TABLE t DROP IF EXISTS PARTITION (d = '1')");
  EXPECT_TRUE(Parsed<AlterTableDropPartitionsStatement>(partitions).if_exists);

  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD COLUMN IF NOT EXISTS c varchar(10) COMMENT 'x'"),
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS c varchar(10) COMMENT 'x'");
  EXPECT_EQ(RoundTrip("ALTER TABLE IF EXISTS t ADD COLUMN c bigint"), "ALTER TABLE IF EXISTS t ADD COLUMNS (c bigint)");
  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD c integer"), "ALTER TABLE t ADD COLUMNS (c integer)");
  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD IF NOT EXISTS c text"), "ALTER TABLE t ADD COLUMN IF NOT EXISTS c text");
  EXPECT_EQ(RoundTrip("ALTER TABLE IF EXISTS t ADD COLUMNS (c int)"), "ALTER TABLE IF EXISTS t ADD COLUMNS (c int)");
  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD COLUMN partition int"), "ALTER TABLE t ADD COLUMNS (partition int)");
  StatementPtr add = ParseStatement("ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS c double precision");
  const auto& a = Parsed<AlterTableAddColumnsStatement>(add);
  EXPECT_TRUE(a.if_exists);
  EXPECT_TRUE(a.column_if_not_exists);
  ASSERT_EQ(a.columns.size(), 1u);
  EXPECT_EQ(a.columns[0].type.ToString(), "double");
  StatementPtr add_partition = ParseStatement("ALTER TABLE t ADD IF NOT EXISTS PARTITION (d = '1')");
  EXPECT_TRUE(Parsed<AlterTableAddPartitionsStatement>(add_partition).if_not_exists);
}

TEST(SqlParserDmlTest, TemporaryTablesAndViews) {
  EXPECT_EQ(RoundTrip("CREATE TEMPORARY TABLE t (a integer, b text)"),
            "CREATE TEMPORARY TABLE t (a integer, b text)");
  EXPECT_EQ(RoundTrip("create temp table if not exists t (a int)"), "CREATE TEMPORARY TABLE IF NOT EXISTS t (a int)");
  EXPECT_EQ(RoundTrip("CREATE TEMP TABLE t AS SELECT 1 AS a"), "CREATE TEMPORARY TABLE t AS SELECT 1 AS a");
  EXPECT_EQ(RoundTrip("CREATE TEMPORARY TABLE t (x) AS SELECT 1"), "CREATE TEMPORARY TABLE t(x) AS SELECT 1");
  EXPECT_EQ(RoundTrip("CREATE TEMP VIEW v AS SELECT 1"), "CREATE TEMPORARY VIEW v AS SELECT 1");
  EXPECT_EQ(RoundTrip("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1"),
            "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1");
  EXPECT_EQ(RoundTrip("CREATE TABLE t (a int)"), "CREATE TABLE t (a int)");
  EXPECT_EQ(RoundTrip("CREATE VIEW v AS SELECT 1"), "CREATE VIEW v AS SELECT 1");

  StatementPtr columns = ParseStatement("CREATE TEMP TABLE t (a int)");
  EXPECT_TRUE(Parsed<CreateTableStatement>(columns).temporary);
  StatementPtr plain = ParseStatement("CREATE TABLE t (a int)");
  EXPECT_FALSE(Parsed<CreateTableStatement>(plain).temporary);
  StatementPtr as = ParseStatement("CREATE TEMPORARY TABLE t AS SELECT 1");
  EXPECT_TRUE(Parsed<CreateTableAsStatement>(as).temporary);
  StatementPtr view = ParseStatement("CREATE TEMP VIEW v AS SELECT 1");
  EXPECT_TRUE(Parsed<CreateViewStatement>(view).temporary);
  EXPECT_FALSE(Parsed<CreateViewStatement>(view).or_replace);
}

TEST(SqlParserDmlTest, CreateTableWithEveryClauseAndPostgresTypes) {
  EXPECT_EQ(RoundTrip("CREATE TABLE t (a integer NOT NULL, b varchar(10) COMMENT 'x', c decimal(10,2)) COMMENT 'y' "
                      "WITH (format = 'PARQUET', partitioned_by = ARRAY['c'])"),
            "CREATE TABLE t (a integer NOT NULL, b varchar(10) COMMENT 'x', c decimal(10, 2)) COMMENT 'y' "
            "WITH (format = 'PARQUET', partitioned_by = ARRAY['c'])");
  StatementPtr statement = ParseStatement(
      "CREATE TABLE t (a integer, b int, c bigint, d smallint, e double precision, f real, g numeric(10,2), "
      "h decimal, i varchar(20), j text, k boolean, l date, m timestamp, n character varying(5), o character(2), "
      "p timestamp without time zone)");
  const auto& c = Parsed<CreateTableStatement>(statement);
  ASSERT_EQ(c.columns.size(), 16u);
  EXPECT_EQ(c.columns[13].type.ToString(), "varchar(5)");
  EXPECT_EQ(c.columns[14].type.ToString(), "char(2)");
  // Every spelling is one DataType::Parse reads.
  const char* expected[] = {"integer",       "integer", "bigint",  "smallint", "double",  "real",
                            "decimal(10,2)", "decimal(38,0)", "varchar", "varchar", "boolean", "date",
                            "timestamp(6)",  "varchar", "varchar", "timestamp(6)"};
  for (size_t i = 0; i < c.columns.size(); ++i) {
    EXPECT_EQ(DataType::Parse(c.columns[i].type.ToString()).ToString(), expected[i]) << c.columns[i].name.name;
  }
}

TEST(SqlParserDmlTest, NewStatementWordsStayNames) {
  EXPECT_EQ(RoundTrip("SELECT optimize, temporary, truncate, temp, update, set, rename, execute_at FROM t"),
            "SELECT optimize, temporary, truncate, temp, update, set, rename, execute_at FROM t");
  EXPECT_EQ(RoundTrip("SELECT key, value, name, comment FROM optimize"),
            "SELECT key, value, name, comment FROM optimize");
  EXPECT_EQ(RoundTrip("CREATE TABLE temporary (optimize int, truncate int, update int)"),
            "CREATE TABLE temporary (optimize int, truncate int, update int)");
  EXPECT_EQ(RoundTrip("DELETE FROM update WHERE optimize = 1"), "DELETE FROM update WHERE optimize = 1");
  EXPECT_EQ(RoundTrip("UPDATE truncate SET temporary = 1"), "UPDATE truncate SET temporary = 1");
  EXPECT_EQ(RoundTrip("OPTIMIZE optimize"), "OPTIMIZE optimize");
  EXPECT_EQ(RoundTrip("TRUNCATE TABLE truncate"), "TRUNCATE TABLE truncate");
}

TEST(SqlParserDmlTest, StatementKindNames) {
  EXPECT_EQ(StatementKindName(StatementKind::kDelete), "DELETE");
  EXPECT_EQ(StatementKindName(StatementKind::kUpdate), "UPDATE");
  EXPECT_EQ(StatementKindName(StatementKind::kOptimize), "OPTIMIZE");
  EXPECT_EQ(StatementKindName(StatementKind::kAlterTableRename), "ALTER TABLE RENAME TO");
  EXPECT_EQ(StatementKindName(StatementKind::kAlterTableDropColumn), "ALTER TABLE DROP COLUMN");
}

TEST(SqlParserDmlTest, SyntaxErrors) {
  EXPECT_EQ(ParseErrorOf("DELETE t WHERE a = 1"),
            "line 1:8: expected FROM but found 't'\n"
            "DELETE t WHERE a = 1\n"
            "       ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("DELETE FROM t x y")),
            "line 1:17: expected WHERE or end of statement but found 'y'");
  EXPECT_EQ(FirstLine(ParseErrorOf("DELETE FROM WHERE a = 1")),
            "line 1:13: expected an identifier but found reserved keyword 'WHERE' (quote it as \"where\" to use it "
            "as a name)");
  EXPECT_EQ(FirstLine(ParseErrorOf("DELETE FROM t WHERE")), "line 1:20: expected an expression but found end of input");

  EXPECT_EQ(ParseErrorOf("UPDATE t SET x.a = 1"),
            "line 1:14: the column to set is named without its table: write SET a = …\n"
            "UPDATE t SET x.a = 1\n"
            "             ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("UPDATE t SET a = 1 b = 2")),
            "line 1:20: expected ',', WHERE or end of statement but found 'b'");
  EXPECT_EQ(FirstLine(ParseErrorOf("UPDATE t a = 1")), "line 1:12: expected SET but found '='");
  EXPECT_EQ(FirstLine(ParseErrorOf("UPDATE t SET a 1")), "line 1:16: expected '=' but found '1'");
  EXPECT_EQ(FirstLine(ParseErrorOf("UPDATE t SET")), "line 1:13: expected an identifier but found end of input");
  EXPECT_EQ(FirstLine(ParseErrorOf("UPDATE t SET a = 1 WHERE b = 1 c")),
            "line 1:32: expected end of statement but found 'c'");

  EXPECT_EQ(FirstLine(ParseErrorOf("OPTIMIZE t FINAL")),
            "line 1:12: expected WHERE or end of statement but found 'FINAL'");
  EXPECT_EQ(ParseErrorOf("ALTER TABLE t EXECUTE optimize(max_size => '1GB')"),
            "line 1:32: optimize takes one argument, file_size_threshold, not 'max_size'\n"
            "ALTER TABLE t EXECUTE optimize(max_size => '1GB')\n"
            "                               ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t EXECUTE optimize(file_size_threshold => 128)")),
            "line 1:55: expected a file size in quotes, such as '128MB' but found '128'");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t EXECUTE optimize('1GB', '2GB')")),
            "line 1:37: optimize takes one argument, file_size_threshold");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t EXECUTE optimize WHERE")),
            "line 1:37: expected an expression but found end of input");

  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t RENAME u")), "line 1:22: expected TO but found 'u'");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t RENAME")), "line 1:21: expected TO but found end of input");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t RENAME TO")),
            "line 1:24: expected an identifier but found end of input");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t DROP COLUMN")),
            "line 1:26: expected an identifier but found end of input");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t DROP IF EXISTS (a)")),
            "line 1:30: expected PARTITION or a column name but found '('");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t ADD COLUMN IF EXISTS c int")),
            "line 1:29: expected NOT but found 'EXISTS'");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t ADD IF NOT EXISTS (a int)")),
            "line 1:33: expected PARTITION or a column name but found '('");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t ADD COLUMN c")),
            "line 1:27: expected a type name but found end of input");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE IF t DROP COLUMN c")), "line 1:16: expected EXISTS but found 't'");

  EXPECT_EQ(ParseErrorOf("CREATE TEMP SCHEMA s"),
            "line 1:13: expected TABLE or VIEW but found 'SCHEMA'\n"
            "CREATE TEMP SCHEMA s\n"
            "            ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE OR REPLACE TEMP TABLE t (a int)")),
            "line 1:24: expected VIEW but found 'TABLE'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE TEMPORARY TABLE t (a int) AS SELECT 1")),
            "line 1:34: CREATE TABLE with column definitions takes no query (CREATE TABLE name WITH (…) AS SELECT "
            "… takes its columns from the query)");
}

TEST(SqlParserDmlTest, NotSupported) {
  EXPECT_EQ(NotImplementedOf("ALTER TABLE t EXECUTE expire_snapshots(retention_threshold => '7d')"),
            "line 1:23: ALTER TABLE … EXECUTE expire_snapshots is not supported (Sluice runs the optimize procedure "
            "only)\n"
            "ALTER TABLE t EXECUTE expire_snapshots(retention_threshold => '7d')\n"
            "                      ^");
  EXPECT_EQ(NotImplementedOf("ALTER TABLE IF EXISTS t EXECUTE optimize"),
            "line 1:13: ALTER TABLE IF EXISTS … EXECUTE is not supported (IF EXISTS goes with ADD COLUMN, DROP "
            "COLUMN and RENAME TO)\n"
            "ALTER TABLE IF EXISTS t EXECUTE optimize\n"
            "            ^");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE IF EXISTS t ADD PARTITION (d = '1')")),
            "line 1:13: ALTER TABLE IF EXISTS … ADD PARTITION is not supported (IF EXISTS goes with ADD COLUMN, "
            "DROP COLUMN and RENAME TO)");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE IF EXISTS t DROP PARTITION (d = '1')")),
            "line 1:13: ALTER TABLE IF EXISTS … DROP PARTITION is not supported (IF EXISTS goes with ADD COLUMN, "
            "DROP COLUMN and RENAME TO)");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE IF EXISTS t SET LOCATION 'x'")),
            "line 1:13: ALTER TABLE IF EXISTS … SET is not supported (IF EXISTS goes with ADD COLUMN, DROP COLUMN "
            "and RENAME TO)");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE IF EXISTS t PARTITION (d = '1') SET LOCATION 'x'")),
            "line 1:13: ALTER TABLE IF EXISTS … PARTITION (…) SET LOCATION is not supported (IF EXISTS goes "
            "with ADD COLUMN, DROP COLUMN and RENAME TO)");
  EXPECT_EQ(NotImplementedOf("ALTER TABLE t RENAME COLUMN a TO b"),
            "line 1:22: ALTER TABLE … RENAME COLUMN is not supported yet\n"
            "ALTER TABLE t RENAME COLUMN a TO b\n"
            "                     ^");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t RENAME to TO b")),
            "line 1:22: ALTER TABLE … RENAME COLUMN is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t RENAME a TO b")),
            "line 1:22: ALTER TABLE … RENAME COLUMN is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t DROP COLUMN a.b")),
            "line 1:28: dropping a field of a row column is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t DROP COLUMN a CASCADE")),
            "line 1:29: DROP COLUMN … CASCADE is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t ADD COLUMN a int NOT NULL")),
            "line 1:32: ADD COLUMN … NOT NULL is not supported (the rows already there would hold NULL)");

  EXPECT_EQ(NotImplementedOf("DELETE FROM t USING s WHERE t.a = s.a"),
            "line 1:15: DELETE … USING is not supported; write the condition with IN (SELECT …) or EXISTS (SELECT "
            "…)\n"
            "DELETE FROM t USING s WHERE t.a = s.a\n"
            "              ^");
  EXPECT_EQ(FirstLine(NotImplementedOf("DELETE FROM t WHERE a = 1 RETURNING *")),
            "line 1:27: DELETE … RETURNING is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("DELETE FROM t RETURNING a")), "line 1:15: DELETE … RETURNING is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("DELETE FROM t WHERE CURRENT OF c")),
            "line 1:21: WHERE CURRENT OF (cursors) is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("TRUNCATE a, b")), "line 1:11: TRUNCATE of several tables is not supported; "
                                                          "truncate each");
  EXPECT_EQ(FirstLine(NotImplementedOf("UPDATE t SET (a, b) = (1, 2)")),
            "line 1:14: SET (a, b) = … is not supported; set each column: SET a = …, b = …");
  EXPECT_EQ(FirstLine(NotImplementedOf("UPDATE t SET a = DEFAULT")),
            "line 1:18: SET … = DEFAULT is not supported (columns have no default values); write NULL");
  EXPECT_EQ(FirstLine(NotImplementedOf("UPDATE t SET a = s.b FROM s WHERE t.k = s.k")),
            "line 1:22: UPDATE … FROM is not supported; compute the value with a subquery");
  EXPECT_EQ(FirstLine(NotImplementedOf("UPDATE t SET a = 1 RETURNING a")),
            "line 1:20: UPDATE … RETURNING is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("CREATE TEMPORARY FUNCTION f AS 'x'")),
            "line 1:18: CREATE TEMPORARY function is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("CREATE TEMPORARY EXTERNAL TABLE t (a int)")),
            "line 1:18: CREATE TEMPORARY external is not supported");
}

}  // namespace
}  // namespace sluice::sql
