// Prepared statements: `?` and `:name` placeholders bound as typed values, never as
// SQL text.

#include "engine/prepared_statement.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "engine_test_support.h"

namespace sluice::engine {
namespace {

class PreparedStatementTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    people_ = Write("people.csv", "name,age\nAda,36\nBob,25\nO'Brien,41\nCy,\n");
  }
  std::string people_;
  QueryEngine engine_;
};

TEST_F(PreparedStatementTest, PositionalAndNamedPlaceholders) {
  PreparedStatement statement =
      engine_.Prepare("SELECT name, age FROM read_csv(:path) WHERE age > ? AND name <> ? ORDER BY name");
  EXPECT_EQ(statement.num_positional(), 2u);
  EXPECT_EQ(statement.names(), std::vector<std::string>{"path"});
  statement.Bind("path", Value::Varchar(people_));
  statement.Bind(1, Value::BigInt(30));
  statement.Bind(2, Value::Varchar("Ada"));
  QueryResult result = statement.Execute();
  EXPECT_EQ(Rows(result), (std::vector<std::vector<std::string>>{{"O'Brien", "41"}}));
}

TEST_F(PreparedStatementTest, RebindingRunsAgainWithNewValues) {
  PreparedStatement statement = engine_.Prepare("SELECT count(*) FROM read_csv(:Path) WHERE age >= ?");
  statement.Bind(":PATH", Value::Varchar(people_));  // names are case-insensitive
  statement.Bind(1, Value::BigInt(0));
  EXPECT_EQ(Rows(statement.Execute()), (std::vector<std::vector<std::string>>{{"3"}}));
  statement.Bind(1, Value::BigInt(40));
  EXPECT_EQ(Rows(statement.Execute()), (std::vector<std::vector<std::string>>{{"1"}}));
}

TEST_F(PreparedStatementTest, QuotesAndInjectionAttemptsAreData) {
  const std::string hostile = "x'; DROP TABLE people; --";
  PreparedStatement statement =
      engine_.Prepare("SELECT ? AS v, name FROM read_csv(?) WHERE name = ? OR name = ? ORDER BY name");
  statement.Bind(1, Value::Varchar(hostile));
  statement.Bind(2, Value::Varchar(people_));
  statement.Bind(3, Value::Varchar("O'Brien"));
  statement.Bind(4, Value::Varchar("' OR '1'='1"));
  QueryResult result = statement.Execute();
  ASSERT_EQ(result.schema.field(0).type.id(), TypeId::kVarchar);
  // Only the row whose name is exactly O'Brien: the OR '1'='1' text matched nothing.
  EXPECT_EQ(Rows(result), (std::vector<std::vector<std::string>>{{hostile, "O'Brien"}}));
}

TEST_F(PreparedStatementTest, ValuesKeepTheirTypes) {
  PreparedStatement statement = engine_.Prepare(
      "SELECT ? + 1 AS i, ? AS d, ? AS b, ? AS n, ? * 2 AS x FROM read_csv(:path) LIMIT ?");
  statement.Bind("path", Value::Varchar(people_));
  statement.Bind(1, Value::BigInt(41));
  statement.Bind(2, Value::Date(19753));  // 2024-01-31
  statement.Bind(3, Value::Boolean(true));
  statement.Bind(4, Value::Null(DataType::Unknown()));
  statement.Bind(5, Value::Decimal(125, 5, 2));  // 1.25
  statement.Bind(6, Value::BigInt(1));
  QueryResult result = statement.Execute();
  EXPECT_EQ(result.schema.field(0).type.id(), TypeId::kBigInt);
  EXPECT_EQ(result.schema.field(1).type.id(), TypeId::kDate);
  EXPECT_EQ(result.schema.field(2).type.id(), TypeId::kBoolean);
  EXPECT_EQ(Rows(result), (std::vector<std::vector<std::string>>{{"42", "2024-01-31", "true", "NULL", "2.50"}}));
}

TEST_F(PreparedStatementTest, UnboundAndUnknownPlaceholdersAreErrors) {
  PreparedStatement statement = engine_.Prepare("SELECT name FROM read_csv(:path) WHERE age > ?");
  try {
    statement.Execute();
    FAIL() << "expected an error";
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("?1, :path"), std::string::npos) << e.what();
  }
  EXPECT_THROW(statement.Bind(0, Value::BigInt(1)), InvalidArgumentError);
  EXPECT_THROW(statement.Bind(2, Value::BigInt(1)), InvalidArgumentError);
  EXPECT_THROW(statement.Bind("nope", Value::BigInt(1)), InvalidArgumentError);
  statement.Bind("path", Value::Varchar(people_));
  statement.Bind(1, Value::BigInt(1));
  statement.ClearBindings();
  EXPECT_THROW(statement.Execute(), InvalidArgumentError);
}

TEST_F(PreparedStatementTest, OneStatementOnly) {
  EXPECT_THROW(engine_.Prepare("SELECT 1 FROM read_csv('a.csv'); SELECT 2 FROM read_csv('a.csv')"),
               InvalidArgumentError);
}

TEST_F(PreparedStatementTest, PlaceholdersOutsidePreparedStatementsPointAtThemselves) {
  try {
    engine_.ExecuteAll("SELECT name\nFROM read_csv('" + people_ + "') WHERE age > ?");
    FAIL() << "expected a binder error";
  } catch (const BinderError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("line 2:"), std::string::npos) << message;
    EXPECT_NE(message.find("no value bound to parameter"), std::string::npos) << message;
    EXPECT_NE(message.find("^"), std::string::npos) << message;
  }
}

TEST_F(PreparedStatementTest, ExplainWithPlaceholders) {
  PreparedStatement statement = engine_.Prepare("EXPLAIN SELECT name FROM read_csv(:path) WHERE age > ?");
  statement.Bind("path", Value::Varchar(people_));
  statement.Bind(1, Value::BigInt(30));
  std::string plan = Text(statement.Execute());
  EXPECT_NE(plan.find("30"), std::string::npos) << plan;
}

}  // namespace
}  // namespace sluice::engine
