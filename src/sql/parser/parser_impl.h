#pragma once
// The recursive-descent parser behind parser.h. One class; its methods are split by
// concept over parse_statement.cpp, parse_query.cpp, parse_relation.cpp,
// parse_expression.cpp and parse_type.cpp.
//
// Trino's keywords are mostly non-reserved, so words are never turned into keyword
// tokens: the parser asks "is the next token the word X?" where X may start a clause,
// and treats every non-reserved word as a possible identifier elsewhere.

#include <memory>
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
  StatementPtr ParseCreateTable(SourcePosition position);
  StatementPtr ParseCopy();
  StatementPtr ParseSet();
  StatementPtr ParseDrop();
  CopyOption ParseCopyOption();

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

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  int next_parameter_index_ = 1;
};

}  // namespace sluice::sql
