#pragma once
// Bound expressions: the typed, resolved form of SQL expressions that the binder
// produces, the optimizer rewrites and exec/expression evaluates.
//
// Nodes are immutable after construction and shared (`BoundExpressionPtr` is a
// shared_ptr to const), so a plan can reuse a subtree and any number of threads can
// evaluate one tree at once; all evaluation state lives in the evaluator
// (exec/expression/evaluator.h). Every node knows its result type; operands already
// have the types the node needs (the builders in expression_builder.h insert the
// implicit casts). ToString() prints SQL-like text for EXPLAIN.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"
#include "core/value.h"
#include "sql/expression/cast.h"
#include "sql/expression/function_registry.h"

namespace sluice::sql {

enum class BoundExpressionKind : uint8_t {
  kConstant,
  kColumnRef,
  kParameter,
  kFunctionCall,
  kCast,
  kCase,
  kConjunction,
  kNot,
  kIsNull,
  kComparison,
  kInList,
  kCoalesce,
  kNullIf,
  kTry,
};

class BoundExpression;
using BoundExpressionPtr = std::shared_ptr<const BoundExpression>;

class BoundExpression {
 public:
  BoundExpression(BoundExpressionKind kind, DataType type) : kind_(kind), type_(std::move(type)) {}
  virtual ~BoundExpression() = default;
  BoundExpression(const BoundExpression&) = delete;
  BoundExpression& operator=(const BoundExpression&) = delete;

  BoundExpressionKind kind() const { return kind_; }
  const DataType& type() const { return type_; }
  /// Operands in evaluation order.
  virtual std::vector<BoundExpressionPtr> children() const = 0;
  virtual std::string ToString() const = 0;

  /// No column references or parameters, and only deterministic functions: the value
  /// is the same for every row (constant folding may compute it once).
  bool IsFoldable() const;

  template <class T>
  const T& As() const {
    SLUICE_ASSERT(kind_ == T::kKind, "bound expression cast to the wrong node class");
    return static_cast<const T&>(*this);
  }

 private:
  BoundExpressionKind kind_;
  DataType type_;
};

/// A typed value (possibly a typed NULL).
class BoundConstant : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kConstant;
  explicit BoundConstant(Value value) : BoundExpression(kKind, value.type()), value(std::move(value)) {}
  std::vector<BoundExpressionPtr> children() const override { return {}; }
  std::string ToString() const override { return value.ToSqlLiteral(); }

  const Value value;
};

/// Column `index` of the input chunk.
class BoundColumnRef : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kColumnRef;
  BoundColumnRef(size_t index, DataType type, std::string name = {})
      : BoundExpression(kKind, std::move(type)), index(index), name(std::move(name)) {}
  std::vector<BoundExpressionPtr> children() const override { return {}; }
  std::string ToString() const override;

  const size_t index;
  const std::string name;  ///< For printing only; "#index" when empty.
};

/// A `?` or `:name` parameter; replaced by a constant before evaluation. Its type is
/// unknown until then (or what the context expects).
class BoundParameter : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kParameter;
  BoundParameter(int index, std::string name, DataType type = DataType::Unknown())
      : BoundExpression(kKind, std::move(type)), index(index), name(std::move(name)) {}
  std::vector<BoundExpressionPtr> children() const override { return {}; }
  std::string ToString() const override { return name.empty() ? "?" + std::to_string(index) : ":" + name; }

  const int index;  ///< 1-based for `?`, 0 for named.
  const std::string name;
};

/// A resolved scalar function (operators + - * / % included) over coerced arguments.
class BoundFunctionCall : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kFunctionCall;
  BoundFunctionCall(const ScalarFunction* function, std::vector<BoundExpressionPtr> arguments,
                    DataType return_type, std::shared_ptr<const FunctionData> bind_data)
      : BoundExpression(kKind, std::move(return_type)), function(function),
        arguments(std::move(arguments)), bind_data(std::move(bind_data)) {}
  std::vector<BoundExpressionPtr> children() const override { return arguments; }
  std::string ToString() const override;

  const ScalarFunction* const function;
  const std::vector<BoundExpressionPtr> arguments;
  const std::shared_ptr<const FunctionData> bind_data;
};

/// CAST / TRY_CAST from the operand's type to type().
class BoundCast : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kCast;
  BoundCast(BoundExpressionPtr operand, DataType target, bool try_cast, CastKernel kernel,
            int64_t varchar_length = kUnboundedVarchar)
      : BoundExpression(kKind, std::move(target)), operand(std::move(operand)),
        try_cast(try_cast), kernel(kernel), varchar_length(varchar_length) {}
  std::vector<BoundExpressionPtr> children() const override { return {operand}; }
  std::string ToString() const override;

  const BoundExpressionPtr operand;
  const bool try_cast;
  const CastKernel kernel;
  /// CAST(… AS VARCHAR(n)): n (the kernel's CastContext::varchar_length; the type is
  /// VARCHAR); kUnboundedVarchar otherwise.
  const int64_t varchar_length;
};

/// Searched CASE: the first WHEN that is TRUE picks its THEN; else the ELSE value.
class BoundCase : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kCase;
  struct Branch {
    BoundExpressionPtr condition;
    BoundExpressionPtr result;
  };
  BoundCase(std::vector<Branch> branches, BoundExpressionPtr else_result, DataType type)
      : BoundExpression(kKind, std::move(type)), branches(std::move(branches)),
        else_result(std::move(else_result)) {}
  std::vector<BoundExpressionPtr> children() const override;
  std::string ToString() const override;

  const std::vector<Branch> branches;
  const BoundExpressionPtr else_result;  ///< A typed NULL constant when SQL had no ELSE.
};

enum class ConjunctionKind : uint8_t { kAnd, kOr };

/// n-ary AND / OR with SQL's three-valued logic.
class BoundConjunction : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kConjunction;
  BoundConjunction(ConjunctionKind conjunction, std::vector<BoundExpressionPtr> operands)
      : BoundExpression(kKind, DataType::Boolean()), conjunction(conjunction),
        operands(std::move(operands)) {}
  std::vector<BoundExpressionPtr> children() const override { return operands; }
  std::string ToString() const override;

  const ConjunctionKind conjunction;
  const std::vector<BoundExpressionPtr> operands;
};

class BoundNot : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kNot;
  explicit BoundNot(BoundExpressionPtr operand)
      : BoundExpression(kKind, DataType::Boolean()), operand(std::move(operand)) {}
  std::vector<BoundExpressionPtr> children() const override { return {operand}; }
  std::string ToString() const override {
    std::string text = "(NOT ";  // appended, not "literal" + temporary (GCC 12 -Wrestrict)
    return text.append(operand->ToString()).append(")");
  }

  const BoundExpressionPtr operand;
};

/// x IS [NOT] NULL (never NULL itself).
class BoundIsNull : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kIsNull;
  BoundIsNull(BoundExpressionPtr operand, bool negated)
      : BoundExpression(kKind, DataType::Boolean()), operand(std::move(operand)), negated(negated) {}
  std::vector<BoundExpressionPtr> children() const override { return {operand}; }
  std::string ToString() const override {
    std::string text = "(";  // appended, not "literal" + temporary (GCC 12 -Wrestrict)
    return text.append(operand->ToString()).append(negated ? " IS NOT NULL)" : " IS NULL)");
  }

  const BoundExpressionPtr operand;
  const bool negated;
};

enum class ComparisonOperator : uint8_t {
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kDistinctFrom,     ///< IS DISTINCT FROM: never NULL; NULL equals NULL.
  kNotDistinctFrom,  ///< IS NOT DISTINCT FROM.
};
const char* ComparisonOperatorText(ComparisonOperator op);
/// a op b == b Flip(op) a.
ComparisonOperator FlipComparison(ComparisonOperator op);

/// left op right, both operands of one comparable type.
class BoundComparison : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kComparison;
  BoundComparison(ComparisonOperator op, BoundExpressionPtr left, BoundExpressionPtr right)
      : BoundExpression(kKind, DataType::Boolean()), op(op), left(std::move(left)),
        right(std::move(right)) {}
  std::vector<BoundExpressionPtr> children() const override { return {left, right}; }
  std::string ToString() const override;

  const ComparisonOperator op;
  const BoundExpressionPtr left;
  const BoundExpressionPtr right;
};

/// x [NOT] IN (a, b, …), every element of x's type. NULL when x is NULL, or when no
/// element equals x and some element is NULL.
class BoundInList : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kInList;
  BoundInList(BoundExpressionPtr operand, std::vector<BoundExpressionPtr> list, bool negated)
      : BoundExpression(kKind, DataType::Boolean()), operand(std::move(operand)),
        list(std::move(list)), negated(negated) {}
  std::vector<BoundExpressionPtr> children() const override;
  std::string ToString() const override;

  const BoundExpressionPtr operand;
  const std::vector<BoundExpressionPtr> list;
  const bool negated;
};

/// COALESCE(a, b, …): the first non-NULL operand, evaluating later operands only for
/// rows still NULL.
class BoundCoalesce : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kCoalesce;
  BoundCoalesce(std::vector<BoundExpressionPtr> operands, DataType type)
      : BoundExpression(kKind, std::move(type)), operands(std::move(operands)) {}
  std::vector<BoundExpressionPtr> children() const override { return operands; }
  std::string ToString() const override;

  const std::vector<BoundExpressionPtr> operands;
};

/// NULLIF(a, b): NULL when a = b, else a. `comparison_type` is what both are compared
/// as (the result keeps a's type).
class BoundNullIf : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kNullIf;
  BoundNullIf(BoundExpressionPtr value, BoundExpressionPtr equal_test)
      : BoundExpression(kKind, value->type()), value(std::move(value)),
        equal_test(std::move(equal_test)) {}
  std::vector<BoundExpressionPtr> children() const override { return {value, equal_test}; }
  std::string ToString() const override;

  const BoundExpressionPtr value;
  /// Boolean: the comparison a = b over coerced operands (a appears in it too).
  const BoundExpressionPtr equal_test;
};

/// TRY(x): rows whose evaluation throws a ConversionError / InvalidArgumentError
/// (division by zero, overflow, bad cast) become NULL instead.
class BoundTry : public BoundExpression {
 public:
  static constexpr BoundExpressionKind kKind = BoundExpressionKind::kTry;
  explicit BoundTry(BoundExpressionPtr operand)
      : BoundExpression(kKind, operand->type()), operand(std::move(operand)) {}
  std::vector<BoundExpressionPtr> children() const override { return {operand}; }
  std::string ToString() const override {
    std::string text = "TRY(";
    return text.append(operand->ToString()).append(")");
  }

  const BoundExpressionPtr operand;
};

}  // namespace sluice::sql
