#pragma once
// Vectorized evaluation of bound expressions (sql/expression/bound_expression.h) over
// chunks.
//
// An ExpressionEvaluator is the per-thread state for one immutable expression tree:
// scratch vectors and selections for every node, the random generator. Create one per
// thread (they are cheap) and reuse it for every chunk. Results are row-aligned: the
// value of input row r is in row r of the result, for the selected rows only, so a
// filter's selection flows through without copying (see sql/expression/kernel.h).

#include <cstdint>
#include <memory>
#include <random>

#include "core/chunk.h"
#include "core/value.h"
#include "sql/expression/bound_expression.h"
#include "sql/expression/kernel.h"

namespace sluice::exec {

class ExpressionEvaluator {
 public:
  /// `session` must outlive the evaluator. `seed` seeds random().
  ExpressionEvaluator(sql::BoundExpressionPtr expression, const sql::SessionSettings& session,
                      uint64_t seed = std::random_device{}());
  ~ExpressionEvaluator();
  ExpressionEvaluator(const ExpressionEvaluator&) = delete;
  ExpressionEvaluator& operator=(const ExpressionEvaluator&) = delete;

  const sql::BoundExpression& expression() const { return *expression_; }

  /// Evaluates the rows `selection[0..count)` (or 0..count without a selection) of
  /// `chunk`. The result is valid until the next call; row r holds row r's value
  /// (a constant result is in row 0 with `constant` set). Throws the first error of
  /// a row outside TRY.
  sql::Operand Evaluate(const Chunk& chunk, const sql::SelectionVector* selection, size_t count);

  /// Like Evaluate, but a constant result is spread to every selected row.
  const Vector& EvaluateToVector(const Chunk& chunk, const sql::SelectionVector* selection, size_t count);

  /// For a boolean predicate: writes the selected rows where it is TRUE (not FALSE, not
  /// NULL) to `out`, ascending, and returns their number. AND/OR short-circuit: later
  /// operands see only the rows still undecided.
  size_t Select(const Chunk& chunk, const sql::SelectionVector* selection, size_t count,
                sql::SelectionVector* out);

  struct NodeState;

 private:
  sql::BoundExpressionPtr expression_;
  const sql::SessionSettings* session_;
  std::mt19937_64 random_;
  std::unique_ptr<NodeState> root_;
  Vector broadcast_;  ///< EvaluateToVector's spread of a constant result.
};

/// Evaluates an expression without column references (IsFoldable()) to a Value: the
/// optimizer's constant folding. Throws the evaluation's error (division by zero…);
/// a caller folding speculatively keeps the expression unfolded then.
Value EvaluateConstant(const sql::BoundExpression& expression, const sql::SessionSettings& session);

}  // namespace sluice::exec
