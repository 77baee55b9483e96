#pragma once
// Building bound expressions with Trino's typing rules: each builder checks its
// operands, inserts the implicit casts they need (sql/expression/coercion.h) and
// throws BinderError with a message naming the operator and the types ("cannot apply
// operator: varchar = integer"). The binder turns AST nodes into calls of these; tests
// and the optimizer use them directly.

#include <optional>
#include <string_view>
#include <vector>

#include "sql/expression/bound_expression.h"

namespace sluice::sql {

BoundExpressionPtr MakeConstant(Value value);
BoundExpressionPtr MakeColumnRef(size_t index, DataType type, std::string name = {});

/// `expression` as `type` by an implicit coercion: unchanged when the type matches, a
/// typed NULL for an untyped NULL constant, else a CAST. Throws BinderError when the
/// coercion is not implicit ("cannot coerce varchar to integer").
BoundExpressionPtr CoerceTo(BoundExpressionPtr expression, const DataType& type);

/// CAST / TRY_CAST; throws BinderError when the cast is not allowed at all.
BoundExpressionPtr MakeCast(BoundExpressionPtr operand, const DataType& type, bool try_cast = false);
/// CAST(operand AS VARCHAR(length)): a VARCHAR that keeps the length for its kernel
/// (text is cut to `length` characters; other values must print within it). Throws
/// BinderError unless 0 <= length <= kMaxVarcharLength.
BoundExpressionPtr MakeVarcharCast(BoundExpressionPtr operand, int64_t length, bool try_cast = false);

/// A call of a registered function by name (case-insensitive), resolved against the
/// argument types; computes bind data from constant arguments (e.g. compiles a regex).
BoundExpressionPtr MakeFunction(const FunctionRegistry& registry, std::string_view name,
                                std::vector<BoundExpressionPtr> arguments);
/// Built-in functions.
BoundExpressionPtr MakeFunction(std::string_view name, std::vector<BoundExpressionPtr> arguments);

/// a + b, a - b, a * b, a / b, a % b ('+', '-', '*', '/', '%'), and unary minus.
BoundExpressionPtr MakeArithmetic(char op, BoundExpressionPtr left, BoundExpressionPtr right);
BoundExpressionPtr MakeNegate(BoundExpressionPtr operand);
/// a || b (concat).
BoundExpressionPtr MakeConcat(BoundExpressionPtr left, BoundExpressionPtr right);

/// A comparison (= <> < <= > >= and IS [NOT] DISTINCT FROM), coercing both sides to
/// their common type; a string literal compared with a date/timestamp takes its type.
BoundExpressionPtr MakeComparison(ComparisonOperator op, BoundExpressionPtr left, BoundExpressionPtr right);
/// x [NOT] BETWEEN low AND high, lowered to (x >= low AND x <= high).
BoundExpressionPtr MakeBetween(BoundExpressionPtr operand, BoundExpressionPtr low, BoundExpressionPtr high,
                               bool negated = false);
BoundExpressionPtr MakeInList(BoundExpressionPtr operand, std::vector<BoundExpressionPtr> list, bool negated = false);

/// AND/OR of boolean operands (nested conjunctions of the same kind are flattened).
BoundExpressionPtr MakeAnd(std::vector<BoundExpressionPtr> operands);
BoundExpressionPtr MakeOr(std::vector<BoundExpressionPtr> operands);
BoundExpressionPtr MakeNot(BoundExpressionPtr operand);
BoundExpressionPtr MakeIsNull(BoundExpressionPtr operand, bool negated = false);

/// Searched CASE; results are coerced to their common super type; a missing ELSE is
/// NULL.
BoundExpressionPtr MakeCase(std::vector<BoundCase::Branch> branches, BoundExpressionPtr else_result);
/// Simple CASE operand WHEN v THEN r …, lowered to a searched CASE of equalities.
BoundExpressionPtr MakeSimpleCase(BoundExpressionPtr operand, std::vector<BoundCase::Branch> when_then,
                                  BoundExpressionPtr else_result);
BoundExpressionPtr MakeIf(BoundExpressionPtr condition, BoundExpressionPtr then_result,
                          BoundExpressionPtr else_result = nullptr);
BoundExpressionPtr MakeCoalesce(std::vector<BoundExpressionPtr> operands);
BoundExpressionPtr MakeNullIf(BoundExpressionPtr value, BoundExpressionPtr compared);
BoundExpressionPtr MakeTry(BoundExpressionPtr operand);
/// x [NOT] LIKE pattern [ESCAPE escape] (escape may be null).
BoundExpressionPtr MakeLike(BoundExpressionPtr operand, BoundExpressionPtr pattern, BoundExpressionPtr escape,
                            bool negated = false);

}  // namespace sluice::sql
