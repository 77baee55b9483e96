#pragma once
// Expression nodes of the SQL AST.
//
// Nodes are plain data with public fields, owned through std::unique_ptr and
// immutable once the parser has built them. Each carries the position of the token
// that best names it in an error: its first token, or the operator's token for
// binary operators and predicates (`a + b` points at `+`). ToString() prints
// normalized SQL — keywords upper case, names quoted only when needed, parentheses
// only where precedence demands — which parses back to the same tree.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "sql/parser/identifier.h"
#include "sql/parser/source_position.h"
#include "sql/parser/type_name.h"

namespace sluice::sql {

class Query;

enum class ExpressionKind : uint8_t {
  kLiteral,
  kTypedLiteral,
  kIntervalLiteral,
  kColumnRef,
  kParameter,
  kDereference,
  kSubscript,
  kUnary,
  kBinary,
  kNot,
  kConjunction,
  kIsNull,
  kDistinctFrom,
  kBetween,
  kInList,
  kInSubquery,
  kLike,
  kQuantifiedComparison,
  kAtTimeZone,
  kCast,
  kCase,
  kFunctionCall,
  kExtract,
  kTrim,
  kCurrentValue,
  kLambda,
  kExists,
  kSubquery,
  kArray,
  kRow,
};

/// Binding strength of Trino's operators, weakest first (used to print parentheses).
namespace precedence {
inline constexpr int kLambda = 0;
inline constexpr int kOr = 1;
inline constexpr int kAnd = 2;
inline constexpr int kNot = 3;
inline constexpr int kPredicate = 4;  ///< = <> < IS BETWEEN IN LIKE DISTINCT FROM
inline constexpr int kConcat = 5;     ///< ||
inline constexpr int kAdditive = 6;   ///< + -
inline constexpr int kMultiplicative = 7;  ///< * / %
inline constexpr int kUnary = 8;           ///< unary + -
inline constexpr int kAtTimeZone = 9;
inline constexpr int kPrimary = 10;  ///< literals, names, calls, x[i], x.f
}  // namespace precedence

class Expression {
 public:
  Expression(ExpressionKind kind, SourcePosition position) : position(position), kind_(kind) {}
  virtual ~Expression() = default;
  Expression(const Expression&) = delete;
  Expression& operator=(const Expression&) = delete;

  ExpressionKind kind() const { return kind_; }
  /// How tightly this expression binds (precedence::k…).
  virtual int precedence() const { return precedence::kPrimary; }
  /// Normalized SQL text of the expression.
  virtual std::string ToString() const = 0;

  /// The node as its concrete class; asserts that the kind matches.
  template <class T>
  const T& As() const {
    SLUICE_ASSERT(kind_ == T::kKind, "expression cast to the wrong node class");
    return static_cast<const T&>(*this);
  }

  SourcePosition position;

 private:
  ExpressionKind kind_;
};

using ExpressionPtr = std::unique_ptr<Expression>;
using ExpressionList = std::vector<ExpressionPtr>;

/// The text of `expression`, in parentheses when it binds weaker than `min_precedence`.
std::string ToSql(const Expression& expression, int min_precedence);
/// Expressions separated by ", ".
std::string ToSql(const ExpressionList& list);

enum class LiteralKind : uint8_t { kNull, kBoolean, kInteger, kDecimal, kDouble, kString, kBinary };

/// NULL, TRUE, 42, 1.5 (decimal), 1e3 (double), 'text', X'CAFE'. Numbers keep their
/// digits as written (the binder picks the type: integer, bigint or decimal by size);
/// strings hold the decoded value, binary the decoded bytes.
class LiteralExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kLiteral;
  explicit LiteralExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  LiteralKind literal_kind = LiteralKind::kNull;
  std::string value;  ///< "true"/"false" for booleans.
};

/// A type name followed by a string: DATE '2024-01-31', TIMESTAMP '…', DECIMAL '1.5',
/// TIME '…', JSON '…' (Trino's typeConstructor).
class TypedLiteralExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kTypedLiteral;
  explicit TypedLiteralExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  std::string type;  ///< Lower case: "date", "timestamp", "decimal"...
  std::string value;
};

/// INTERVAL [+|-] '3' DAY [TO SECOND].
class IntervalLiteralExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kIntervalLiteral;
  explicit IntervalLiteralExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  std::string value;
  bool negative = false;
  std::string start_field;  ///< Lower case: year, month, week, day, hour, minute, second.
  std::string end_field;    ///< Empty unless `TO field`.
};

/// A possibly qualified column name: x, t.x, s.t.x (the binder decides which parts
/// name the table and which dereference row fields).
class ColumnRefExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kColumnRef;
  explicit ColumnRefExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  std::vector<Identifier> parts;
};

/// `?` (numbered 1, 2, … in order of appearance within its statement) or `:name`.
class ParameterExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kParameter;
  explicit ParameterExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  int index = 0;     ///< 1-based for `?`; 0 for named parameters.
  std::string name;  ///< Lower case; empty for `?`.
};

/// base.field where base is not a plain name: f(x).field, (CAST(… AS row(…))).field.
class DereferenceExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kDereference;
  explicit DereferenceExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  ExpressionPtr base;
  Identifier field;
};

/// base[index]: array element (1-based) or map value.
class SubscriptExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kSubscript;
  explicit SubscriptExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  ExpressionPtr base;
  ExpressionPtr index;
};

enum class UnaryOperator : uint8_t { kMinus, kPlus };

class UnaryExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kUnary;
  explicit UnaryExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kUnary; }
  std::string ToString() const override;

  UnaryOperator op = UnaryOperator::kMinus;
  ExpressionPtr operand;
};

enum class BinaryOperator : uint8_t {
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
  kConcat,
  kEqual,
  kNotEqual,  ///< <> and !=
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
};

/// "+", "<>", "||"...
const char* BinaryOperatorText(BinaryOperator op);
bool IsComparison(BinaryOperator op);

/// Arithmetic, || and comparisons (each comparison takes two value expressions;
/// Trino does not chain them).
class BinaryExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kBinary;
  explicit BinaryExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override;
  std::string ToString() const override;

  BinaryOperator op = BinaryOperator::kAdd;
  ExpressionPtr left;
  ExpressionPtr right;
};

class NotExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kNot;
  explicit NotExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kNot; }
  std::string ToString() const override;

  ExpressionPtr operand;
};

enum class ConjunctionType : uint8_t { kAnd, kOr };

/// a AND b AND c (or OR): flattened into one node with two or more children, so long
/// generated chains do not make deep trees.
class ConjunctionExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kConjunction;
  explicit ConjunctionExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override;
  std::string ToString() const override;

  ConjunctionType type = ConjunctionType::kAnd;
  ExpressionList children;
};

/// x IS [NOT] NULL.
class IsNullExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kIsNull;
  explicit IsNullExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kPredicate; }
  std::string ToString() const override;

  ExpressionPtr operand;
  bool negated = false;
};

/// a IS [NOT] DISTINCT FROM b.
class DistinctFromExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kDistinctFrom;
  explicit DistinctFromExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kPredicate; }
  std::string ToString() const override;

  ExpressionPtr left;
  ExpressionPtr right;
  bool negated = false;
};

/// x [NOT] BETWEEN low AND high.
class BetweenExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kBetween;
  explicit BetweenExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kPredicate; }
  std::string ToString() const override;

  ExpressionPtr operand;
  ExpressionPtr low;
  ExpressionPtr high;
  bool negated = false;
};

/// x [NOT] IN (a, b, …).
class InListExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kInList;
  explicit InListExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kPredicate; }
  std::string ToString() const override;

  ExpressionPtr operand;
  ExpressionList list;
  bool negated = false;
};

/// x [NOT] IN (SELECT …).
class InSubqueryExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kInSubquery;
  explicit InSubqueryExpression(SourcePosition position);
  ~InSubqueryExpression() override;
  int precedence() const override { return precedence::kPredicate; }
  std::string ToString() const override;

  ExpressionPtr operand;
  std::unique_ptr<Query> query;
  bool negated = false;
};

/// x [NOT] LIKE pattern [ESCAPE escape].
class LikeExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kLike;
  explicit LikeExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kPredicate; }
  std::string ToString() const override;

  ExpressionPtr operand;
  ExpressionPtr pattern;
  ExpressionPtr escape;  ///< Null when there is no ESCAPE.
  bool negated = false;
};

enum class Quantifier : uint8_t { kAll, kAny, kSome };

/// x = ANY (SELECT …), x > ALL (SELECT …).
class QuantifiedComparisonExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kQuantifiedComparison;
  explicit QuantifiedComparisonExpression(SourcePosition position);
  ~QuantifiedComparisonExpression() override;
  int precedence() const override { return precedence::kPredicate; }
  std::string ToString() const override;

  BinaryOperator op = BinaryOperator::kEqual;  ///< A comparison.
  Quantifier quantifier = Quantifier::kAny;
  ExpressionPtr operand;
  std::unique_ptr<Query> query;
};

/// x AT TIME ZONE zone (a string or an interval).
class AtTimeZoneExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kAtTimeZone;
  explicit AtTimeZoneExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kAtTimeZone; }
  std::string ToString() const override;

  ExpressionPtr operand;
  ExpressionPtr zone;
};

/// CAST(x AS type), TRY_CAST(x AS type); also x::type (printed as CAST).
class CastExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kCast;
  explicit CastExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  ExpressionPtr operand;
  TypeName type;
  bool try_cast = false;
};

struct WhenClause {
  ExpressionPtr condition;  ///< The compared value in a simple CASE.
  ExpressionPtr result;
};

/// CASE [operand] WHEN … THEN … [ELSE …] END (simple when operand is set).
class CaseExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kCase;
  explicit CaseExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  ExpressionPtr operand;  ///< Null for a searched CASE.
  std::vector<WhenClause> when_clauses;
  ExpressionPtr else_result;  ///< Null when there is no ELSE.
};

/// EXTRACT(field FROM x).
class ExtractExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kExtract;
  explicit ExtractExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  std::string field;  ///< Lower case: year, month, day_of_week, …
  ExpressionPtr operand;
};

enum class TrimSpecification : uint8_t { kBoth, kLeading, kTrailing };

/// trim([BOTH|LEADING|TRAILING] [characters] FROM source), trim(source[, characters]).
class TrimExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kTrim;
  explicit TrimExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  TrimSpecification specification = TrimSpecification::kBoth;
  ExpressionPtr characters;  ///< Null: white space.
  ExpressionPtr source;
};

/// CURRENT_DATE, CURRENT_TIME[(p)], CURRENT_TIMESTAMP[(p)], LOCALTIME[(p)],
/// LOCALTIMESTAMP[(p)], CURRENT_USER, CURRENT_CATALOG, CURRENT_SCHEMA (no parentheses
/// needed, as in Trino).
class CurrentValueExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kCurrentValue;
  explicit CurrentValueExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  std::string name;    ///< Lower case: "current_timestamp".
  int precision = -1;  ///< -1 when not given.
};

/// x -> x + 1, (a, b) -> a + b. Parsed only; the binder gives it meaning in the
/// arguments of higher-order functions.
class LambdaExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kLambda;
  explicit LambdaExpression(SourcePosition position) : Expression(kKind, position) {}
  int precedence() const override { return precedence::kLambda; }
  std::string ToString() const override;

  std::vector<Identifier> parameters;
  ExpressionPtr body;
};

/// EXISTS (SELECT …).
class ExistsExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kExists;
  explicit ExistsExpression(SourcePosition position);
  ~ExistsExpression() override;
  std::string ToString() const override;

  std::unique_ptr<Query> query;
};

/// (SELECT …) used as a value: a scalar subquery.
class SubqueryExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kSubquery;
  explicit SubqueryExpression(SourcePosition position);
  ~SubqueryExpression() override;
  std::string ToString() const override;

  std::unique_ptr<Query> query;
};

/// ARRAY[a, b, …].
class ArrayExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kArray;
  explicit ArrayExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  ExpressionList elements;
};

/// ROW(a, b, …) or (a, b, …) (two or more values in parentheses).
class RowExpression : public Expression {
 public:
  static constexpr ExpressionKind kKind = ExpressionKind::kRow;
  explicit RowExpression(SourcePosition position) : Expression(kKind, position) {}
  std::string ToString() const override;

  ExpressionList elements;
  bool row_keyword = false;  ///< Written as ROW(…); printed the same way.
};

}  // namespace sluice::sql
