#pragma once
// The recursive-descent parser behind parser.h. One class; its methods are split by
// concept over parse_statement.cpp, parse_ddl.cpp, parse_dml.cpp, parse_show.cpp,
// parse_query.cpp, parse_relation.cpp, parse_expression.cpp, parse_special_forms.cpp and
// parse_type.cpp.
//
// Trino's keywords are mostly non-reserved, so words are never turned into keyword
// tokens: the parser asks "is the next token the word X?" where X may start a clause,
// and treats every non-reserved word as a possible identifier elsewhere.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/parser/ast.h"
#include "sql/parser/token.h"

namespace sluice::sql {

class Parser {
 public:
  explicit Parser(std::string_view sql);

  std::vector<StatementPtr> ParseStatements();
  ExpressionPtr ParseStandaloneExpression();

 private:
  /// Nesting budget: a nested construct costs kNestingCost, one more link of a
  /// left-deep chain (a + b + c…, a[1][2]…, joins, set operations) costs 1. Bounds
  /// both the parser's recursion and the height of the tree that later passes walk.
  static constexpr int kDepthBudget = 1000;
  static constexpr int kNestingCost = 5;

  class DepthGuard {
   public:
    DepthGuard(Parser& parser, int cost);
    ~DepthGuard() { parser_.depth_ -= cost_; }
    /// Charges `cost` more (one more link of a chain) until the guard ends.
    void Extend(int cost);
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& parser_;
    int cost_;
  };

  // Token cursor (parser.cpp).
  const Token& Peek(size_t ahead = 0) const;
  const Token& Advance();
  bool IsWord(std::string_view word, size_t ahead = 0) const;
  bool AcceptWord(std::string_view word);
  void ExpectWord(std::string_view word);
  bool IsOperator(std::string_view op, size_t ahead = 0) const;
  bool AcceptOperator(std::string_view op);
  void ExpectOperator(std::string_view op);
  /// True for a token usable as a name: quoted, or an unquoted non-reserved word.
  bool IsIdentifier(size_t ahead = 0) const;
  Identifier ParseIdentifier();
  QualifiedName ParseQualifiedName();
  std::vector<Identifier> ParseIdentifierList();  ///< "(a, b)"
  int64_t ParseSmallInteger(std::string_view what);
  [[noreturn]] void Fail(const Token& at, std::string_view message) const;
  [[noreturn]] void FailExpected(std::string_view expected) const;
  [[noreturn]] void FailNotImplemented(const Token& at, std::string_view message) const;
  static std::string Describe(const Token& token);

  // Statements (parse_statement.cpp).
  StatementPtr ParseOneStatement();
  StatementPtr ParseExplain();
  StatementPtr ParseCreate();
  /// From the word TABLE; `temporary` when CREATE TEMP | TEMPORARY came before it.
  StatementPtr ParseCreateTable(SourcePosition position, bool temporary);
  StatementPtr ParseCopy();
  StatementPtr ParseSet();
  StatementPtr ParseDrop();
  StatementPtr ParseInsert();
  CopyOption ParseCopyOption();
  /// IF NOT EXISTS / IF EXISTS when they come next.
  bool AcceptIfNotExists();
  bool AcceptIfExists();
  /// (name = expression, …) after WITH: Trino's table properties.
  std::vector<Property> ParseWithProperties();
  /// At ';' or the end of the input.
  bool AtStatementEnd() const;

  /// One optional clause of a statement whose clauses come in a fixed order.
  struct OrderedClause {
    std::string_view name;              ///< As SQL writes it, for messages: "ROW FORMAT".
    std::function<bool()> starts_here;  ///< True at the clause's first token.
    std::function<void()> parse;        ///< Reads the clause from its first token.
    bool listed = true;                 ///< Named in "expected …" messages.
  };
  /// Reads the clauses that come next, in `clauses`' order and each at most once, and
  /// stops at a token that starts none of them. `owner` names the statement in the
  /// message for a clause out of order. With `then_end`, fails unless the statement
  /// ends there, naming the clauses that could still come.
  void ParseOrderedClauses(const std::vector<OrderedClause>& clauses, std::string_view owner, bool then_end);

  // Catalog DDL (parse_ddl.cpp).
  StatementPtr ParseCreateDatabase(SourcePosition position);
  StatementPtr ParseDropDatabase(SourcePosition position);
  StatementPtr ParseCreateExternalTable(SourcePosition position);
  StatementPtr ParseCreateTableColumns(SourcePosition position, bool temporary, bool if_not_exists,
                                       QualifiedName name);
  void ParseHiveTableClauses(CreateExternalTableStatement& statement);
  RowFormat ParseRowFormat();
  StoredAs ParseStoredAs();
  StatementPtr ParseAlterTable();
  /// The action after ALTER TABLE [IF EXISTS] name, from the token after ADD / DROP /
  /// RENAME. `if_exists` is the IF of ALTER TABLE IF EXISTS, null without it: the
  /// actions that do not take it report it there.
  StatementPtr ParseAlterTableAdd(SourcePosition position, QualifiedName table, const Token* if_exists);
  StatementPtr ParseAlterTableDrop(SourcePosition position, QualifiedName table, const Token* if_exists);
  StatementPtr ParseAlterTableRename(SourcePosition position, QualifiedName table, const Token* if_exists);
  /// `col type [COMMENT '…']` of ADD [COLUMN]; NOT NULL is reported as not supported.
  ColumnDefinition ParseAddedColumn();
  /// Fails at `if_exists` (when not null): ALTER TABLE IF EXISTS does not take `action`.
  void RejectAlterTableIfExists(const Token* if_exists, std::string_view action) const;
  StatementPtr ParseMsck();
  /// A one-part database name; `statement` names the statement in the error for a.b.
  Identifier ParseDatabaseName(std::string_view statement);
  /// A Hive DDL string: '…' or "…", backslash escapes decoded (hive_string.h).
  StringValue ParseHiveString(std::string_view what);
  bool AtHiveString() const;
  /// A Trino string: '…' only.
  StringValue ParseTrinoString(std::string_view what);
  /// ('k' = 'v', …) of DBPROPERTIES, SERDEPROPERTIES and TBLPROPERTIES.
  std::vector<StringProperty> ParseStringProperties();
  /// (name type [NOT NULL] [COMMENT '…'], …); NOT NULL and Trino strings when `trino`.
  std::vector<ColumnDefinition> ParseColumnDefinitions(bool trino);
  PartitionSpec ParsePartitionSpec();
  PartitionValue ParsePartitionValue();

  // DELETE, TRUNCATE, UPDATE, OPTIMIZE (parse_dml.cpp).
  StatementPtr ParseDelete();
  StatementPtr ParseTruncate();
  StatementPtr ParseUpdate();
  StatementPtr ParseOptimize();
  /// ALTER TABLE name EXECUTE procedure …, from the word EXECUTE: optimize only.
  StatementPtr ParseAlterTableExecute(SourcePosition position, QualifiedName table);
  /// `[AS] alias` after the table of DELETE / UPDATE. Without AS, the word
  /// `next_clause` (SET of UPDATE) and RETURNING are not aliases.
  std::optional<Identifier> ParseTargetAlias(std::string_view next_clause);
  /// RETURNING (PostgreSQL) is reported as not supported; `statement` names the statement.
  void RejectReturning(std::string_view statement) const;

  // SHOW, DESCRIBE, USE (parse_show.cpp).
  StatementPtr ParseShow();
  StatementPtr ParseShowTables(SourcePosition position, bool views);
  StatementPtr ParseDescribe();
  StatementPtr ParseUse();

  // Queries (parse_query.cpp).
  bool AtQueryStart(size_t ahead = 0) const;
  std::unique_ptr<Query> ParseQuery();
  void ParseWith(Query& query);
  void ParseLimitClauses(Query& query);
  QueryBodyPtr ParseQueryBody();
  QueryBodyPtr ParseIntersectTerm();
  QueryBodyPtr ParseQueryPrimary();
  QueryBodyPtr ParseSelect();
  SelectItem ParseSelectItem();
  bool AtImplicitAlias() const;
  GroupBy ParseGroupBy();
  GroupingElement ParseGroupingElement();
  ExpressionList ParseGroupingSet();
  std::vector<OrderByItem> ParseOrderByList();

  // FROM clause (parse_relation.cpp).
  TableRefPtr ParseFromList();
  TableRefPtr ParseJoinedRelation();
  TableRefPtr ParseAliasedRelation();
  TableRefPtr ParseRelationPrimary();
  TableRefPtr ParseTableFunction(SourcePosition position);

  // Expressions (parse_expression.cpp, parse_special_forms.cpp).
  ExpressionPtr ParseExpressionNode();
  ExpressionPtr ParseConjunction(ConjunctionType type);
  ExpressionPtr ParseNot();
  ExpressionPtr ParsePredicate();
  ExpressionPtr ParseComparison(ExpressionPtr left);
  ExpressionPtr ParseNegatablePredicate(ExpressionPtr left);
  ExpressionPtr ParseValueExpression();  ///< || level and tighter.
  ExpressionPtr ParseAdditive();
  ExpressionPtr ParseMultiplicative();
  ExpressionPtr ParseUnary();
  ExpressionPtr ParseAtTimeZone();
  ExpressionPtr ParsePostfix();
  ExpressionPtr ParsePrimary();
  ExpressionPtr ParseParenthesized();
  ExpressionPtr ParseWordExpression();
  ExpressionPtr ParseNameOrCall();
  ExpressionPtr ParseLiteral();
  ExpressionPtr ParseTypedLiteral();
  ExpressionPtr ParseInterval();
  std::string ParseIntervalField();
  ExpressionPtr ParseCast(bool try_cast);
  ExpressionPtr ParseCase();
  ExpressionPtr ParseExtract();
  ExpressionPtr ParseTrim();
  ExpressionPtr ParseCurrentValue();
  ExpressionPtr ParseLambda();
  ExpressionPtr ParseArray();
  ExpressionPtr ParseRow();
  ExpressionPtr ParseExists();
  bool AtLambda() const;
  std::unique_ptr<FunctionCallExpression> ParseFunctionCall(QualifiedName name);
  void ParseFunctionArguments(FunctionCallExpression& call);
  void ParseCallSuffixes(FunctionCallExpression& call);
  WindowSpec ParseWindowSpec();
  WindowFrame ParseWindowFrame();
  FrameBound ParseFrameBound();
  std::unique_ptr<Query> ParseParenthesizedQuery();

  // Types (parse_type.cpp).
  TypeName ParseType();
  /// The rest of a type whose base name has been read into `type`.
  void ParseTypeRest(TypeName& type);
  /// Hive's struct<name:type, …> after `struct<`, as row(name type, …).
  void ParseHiveStruct(TypeName& type);

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  int next_parameter_index_ = 1;
};

}  // namespace sluice::sql
