#include "exec/expression/evaluator.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "sql/expression/functions/comparison.h"

namespace sluice::exec {

using sql::BoundExpression;
using sql::BoundExpressionKind;
using sql::ComparisonOperator;
using sql::Operand;
using sql::Rows;

/// Scratch of one node: its result vector, operand slots and row lists.
struct ExpressionEvaluator::NodeState {
  const BoundExpression* node = nullptr;
  std::vector<std::unique_ptr<NodeState>> children;
  Vector result;
  std::vector<Operand> operands;
  std::vector<uint32_t> rows_a, rows_b, rows_c;  ///< Row lists, capacity kChunkCapacity.
  std::vector<uint8_t> flags, flags2;            ///< Per-row marks.
  Vector constant;                               ///< 1-row value of a constant node.
};

namespace {

using NodeState = ExpressionEvaluator::NodeState;

std::unique_ptr<NodeState> BuildState(const BoundExpression& node) {
  auto state = std::make_unique<NodeState>();
  state->node = &node;
  for (const sql::BoundExpressionPtr& child : node.children()) state->children.push_back(BuildState(*child));
  if (node.kind() == BoundExpressionKind::kConstant) {
    state->constant = Vector(node.type(), 1);
    node.As<sql::BoundConstant>().value.WriteTo(&state->constant, 0);
  } else if (node.kind() != BoundExpressionKind::kColumnRef) {
    state->result = Vector(node.type(), kChunkCapacity);
  }
  state->operands.resize(state->children.size());
  return state;
}

/// A scratch buffer of kChunkCapacity elements, allocated on first use (most nodes
/// never need their row lists).
template <typename T>
T* Scratch(std::vector<T>& buffer) {
  if (buffer.empty()) buffer.resize(kChunkCapacity);
  return buffer.data();
}

void ResetState(NodeState* state) {
  state->result.Reset();
  for (auto& child : state->children) ResetState(child.get());
}

/// Marks the rows valid before a node writes them (a row written earlier in the same
/// batch, e.g. by TRY's per-row retry, may carry an old NULL).
void MarkValid(Vector* out, const Rows& rows) {
  if (out->all_valid()) return;
  rows.ForEach([&](uint32_t row) { out->SetValid(row); });
}

/// Copies the value (or NULL) of rows of `from` into the same rows of `to`.
template <typename T>
void CopyTyped(const Operand& from, const Rows& rows, Vector* to) {
  T* out = to->data<T>();
  rows.ForEach([&](uint32_t row) {
    if (from.IsNull(row)) {
      to->SetNull(row);
      return;
    }
    to->SetValid(row);
    if constexpr (std::is_same_v<T, StringRef>) {
      out[row] = to->heap().Add(from.Get<StringRef>(row).view());
    } else {
      out[row] = from.Get<T>(row);
    }
  });
}

void CopyRows(const Operand& from, const Rows& rows, Vector* to) {
  switch (to->type().physical_type()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8:
      return CopyTyped<uint8_t>(from, rows, to);
    case PhysicalType::kInt16:
      return CopyTyped<int16_t>(from, rows, to);
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return CopyTyped<int32_t>(from, rows, to);
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return CopyTyped<int64_t>(from, rows, to);
    case PhysicalType::kInt128:
      return CopyTyped<__int128>(from, rows, to);
    case PhysicalType::kString:
      return CopyTyped<StringRef>(from, rows, to);
    case PhysicalType::kTimestampTz:
      return CopyTyped<TimestampTz>(from, rows, to);
    case PhysicalType::kInvalid:  // unknown: every row NULL
      rows.ForEach([&](uint32_t row) { to->SetNull(row); });
      return;
    default:
      throw NotImplementedError("expressions of type " + to->type().ToString());
  }
}

void SetNullRows(Vector* out, const Rows& rows) {
  rows.ForEach([&](uint32_t row) { out->SetNull(row); });
}

/// Rows of `rows` where every operand is valid, into `buffer`; `rows` itself when all
/// are valid. Rows with a NULL operand are set NULL in `out`.
Rows ValidRows(std::span<const Operand> operands, const Rows& rows, uint32_t* buffer, Vector* out) {
  bool any_nulls = false;
  for (const Operand& o : operands) any_nulls |= !o.vector->all_valid();
  if (!any_nulls) return rows;
  size_t count = 0;
  rows.ForEach([&](uint32_t row) {
    bool valid = true;
    for (const Operand& o : operands) valid &= !o.IsNull(row);
    if (valid) {
      buffer[count++] = row;
    } else if (out != nullptr) {
      out->SetNull(row);
    }
  });
  return Rows{buffer, count};
}

bool IsTryableError(const Error& error) {
  return error.kind() == ErrorKind::kConversion || error.kind() == ErrorKind::kInvalidArgument;
}

bool BooleanTrue(const Operand& o, uint32_t row) { return !o.IsNull(row) && o.Get<uint8_t>(row) != 0; }

}  // namespace

/// The recursive evaluation, with access to the evaluator's session and generator.
class Evaluation {
 public:
  Evaluation(const sql::SessionSettings* session, std::mt19937_64* random, const Chunk& chunk)
      : session_(session), random_(random), chunk_(chunk) {}

  Operand Eval(NodeState& state, const Rows& rows);
  /// Rows of `rows` where the predicate is TRUE, into `out`.
  size_t Select(NodeState& state, const Rows& rows, uint32_t* out);

 private:
  Operand EvalFunction(NodeState& state, const Rows& rows);
  Operand EvalCast(NodeState& state, const Rows& rows);
  Operand EvalComparison(NodeState& state, const Rows& rows);
  Operand EvalConjunction(NodeState& state, const Rows& rows);
  Operand EvalCase(NodeState& state, const Rows& rows);
  Operand EvalCoalesce(NodeState& state, const Rows& rows);
  Operand EvalInList(NodeState& state, const Rows& rows);
  Operand EvalTry(NodeState& state, const Rows& rows);

  /// A constant result when all operands are constant: one row computed at row 0.
  static bool AllConstant(const std::vector<Operand>& operands) {
    for (const Operand& o : operands) {
      if (!o.constant) return false;
    }
    return true;
  }

  const sql::SessionSettings* session_;
  std::mt19937_64* random_;
  const Chunk& chunk_;
};

Operand Evaluation::Eval(NodeState& state, const Rows& rows) {
  const BoundExpression& node = *state.node;
  switch (node.kind()) {
    case BoundExpressionKind::kConstant:
      return Operand{&state.constant, true};
    case BoundExpressionKind::kColumnRef: {
      const size_t index = node.As<sql::BoundColumnRef>().index;
      SLUICE_ASSERT(index < chunk_.num_columns(), "column reference beyond the chunk's columns");
      return Operand{&chunk_.column(index), false};
    }
    case BoundExpressionKind::kParameter:
      throw BinderError("parameter " + node.ToString() + " has no value");
    case BoundExpressionKind::kFunctionCall:
      return EvalFunction(state, rows);
    case BoundExpressionKind::kCast:
      return EvalCast(state, rows);
    case BoundExpressionKind::kComparison:
      return EvalComparison(state, rows);
    case BoundExpressionKind::kConjunction:
      return EvalConjunction(state, rows);
    case BoundExpressionKind::kNot: {
      const Operand input = Eval(*state.children[0], rows);
      const Rows& r = input.constant ? Rows{nullptr, 1} : rows;
      MarkValid(&state.result, r);
      uint8_t* out = state.result.data<uint8_t>();
      r.ForEach([&](uint32_t row) {
        if (input.IsNull(row)) {
          state.result.SetNull(row);
        } else {
          out[row] = input.Get<uint8_t>(row) ? 0 : 1;
        }
      });
      return Operand{&state.result, input.constant};
    }
    case BoundExpressionKind::kIsNull: {
      const bool negated = node.As<sql::BoundIsNull>().negated;
      const Operand input = Eval(*state.children[0], rows);
      const Rows& r = input.constant ? Rows{nullptr, 1} : rows;
      MarkValid(&state.result, r);
      uint8_t* out = state.result.data<uint8_t>();
      r.ForEach([&](uint32_t row) { out[row] = input.IsNull(row) != negated ? 1 : 0; });
      return Operand{&state.result, input.constant};
    }
    case BoundExpressionKind::kInList:
      return EvalInList(state, rows);
    case BoundExpressionKind::kCase:
      return EvalCase(state, rows);
    case BoundExpressionKind::kCoalesce:
      return EvalCoalesce(state, rows);
    case BoundExpressionKind::kNullIf: {
      const Operand value = Eval(*state.children[0], rows);
      MarkValid(&state.result, rows);
      CopyRows(value, rows, &state.result);
      const size_t equal = Select(*state.children[1], rows, Scratch(state.rows_a));
      SetNullRows(&state.result, Rows{Scratch(state.rows_a), equal});
      return Operand{&state.result, false};
    }
    case BoundExpressionKind::kTry:
      return EvalTry(state, rows);
  }
  SLUICE_ASSERT(false, "unhandled bound expression kind");
  return {};
}

Operand Evaluation::EvalFunction(NodeState& state, const Rows& rows) {
  const auto& call = state.node->As<sql::BoundFunctionCall>();
  for (size_t i = 0; i < state.children.size(); ++i) state.operands[i] = Eval(*state.children[i], rows);
  const bool constant = call.function->deterministic && AllConstant(state.operands);
  const Rows target = constant ? Rows{nullptr, 1} : rows;
  MarkValid(&state.result, target);
  sql::KernelContext context{session_, call.bind_data.get(), random_};
  Rows valid = target;
  if (call.function->null_handling == sql::NullHandling::kPropagate) {
    valid = ValidRows(state.operands, target, Scratch(state.rows_a), &state.result);
  }
  if (valid.count > 0) call.function->kernel(context, state.operands, valid, &state.result);
  return Operand{&state.result, constant};
}

Operand Evaluation::EvalCast(NodeState& state, const Rows& rows) {
  const auto& cast = state.node->As<sql::BoundCast>();
  const Operand input = Eval(*state.children[0], rows);
  const Rows target = input.constant ? Rows{nullptr, 1} : rows;
  MarkValid(&state.result, target);
  sql::CastContext context{session_, cast.try_cast, cast.varchar_length};
  cast.kernel(context, input, target, &state.result);
  return Operand{&state.result, input.constant};
}

Operand Evaluation::EvalComparison(NodeState& state, const Rows& rows) {
  const auto& comparison = state.node->As<sql::BoundComparison>();
  state.operands[0] = Eval(*state.children[0], rows);
  state.operands[1] = Eval(*state.children[1], rows);
  const bool constant = AllConstant(state.operands);
  const Rows target = constant ? Rows{nullptr, 1} : rows;
  MarkValid(&state.result, target);
  uint8_t* out = state.result.data<uint8_t>();
  const ComparisonOperator op = comparison.op;
  const bool distinct = op == ComparisonOperator::kDistinctFrom || op == ComparisonOperator::kNotDistinctFrom;
  const Rows valid = ValidRows(state.operands, target, Scratch(state.rows_a), distinct ? nullptr : &state.result);
  if (state.operands[0].type().id() != TypeId::kUnknown && valid.count > 0) {
    sql::CompareRows(distinct ? ComparisonOperator::kEqual : op, state.operands[0], state.operands[1], valid, out);
  }
  if (distinct) {
    const bool want_distinct = op == ComparisonOperator::kDistinctFrom;
    const Operand& a = state.operands[0];
    const Operand& b = state.operands[1];
    target.ForEach([&](uint32_t row) {
      const bool a_null = a.IsNull(row), b_null = b.IsNull(row);
      const bool equal = (a_null || b_null) ? a_null == b_null : out[row] != 0;
      out[row] = equal != want_distinct ? 1 : 0;
    });
  }
  return Operand{&state.result, constant};
}

Operand Evaluation::EvalConjunction(NodeState& state, const Rows& rows) {
  // Three-valued AND: FALSE wins, else NULL if any NULL, else TRUE (OR symmetric).
  // Rows already decided are not evaluated by later operands.
  const bool is_and = state.node->As<sql::BoundConjunction>().conjunction == sql::ConjunctionKind::kAnd;
  uint8_t* out = state.result.data<uint8_t>();
  uint8_t* saw_null = Scratch(state.flags);
  MarkValid(&state.result, rows);
  rows.ForEach([&](uint32_t row) {
    out[row] = is_and ? 1 : 0;
    saw_null[row] = 0;
  });
  // Active rows live in rows_b / rows_c alternately (rows_a is for the children's use).
  Rows active = rows;
  uint32_t* buffers[2] = {Scratch(state.rows_b), Scratch(state.rows_c)};
  int next = 0;
  for (auto& child : state.children) {
    if (active.count == 0) break;
    const Operand value = Eval(*child, active);
    uint32_t* keep = buffers[next];
    next ^= 1;
    size_t kept = 0;
    active.ForEach([&](uint32_t row) {
      if (value.IsNull(row)) {
        saw_null[row] = 1;
        keep[kept++] = row;
      } else if ((value.Get<uint8_t>(row) != 0) != is_and) {
        out[row] = is_and ? 0 : 1;  // decided
      } else {
        keep[kept++] = row;
      }
    });
    active = Rows{keep, kept};
  }
  active.ForEach([&](uint32_t row) {
    if (saw_null[row]) state.result.SetNull(row);
  });
  return Operand{&state.result, false};
}

Operand Evaluation::EvalCase(NodeState& state, const Rows& rows) {
  const auto& node = state.node->As<sql::BoundCase>();
  MarkValid(&state.result, rows);
  Rows remaining = rows;
  uint32_t* buffers[2] = {Scratch(state.rows_b), Scratch(state.rows_c)};
  int next = 0;
  uint8_t* matched_flag = Scratch(state.flags);
  for (size_t i = 0; i < node.branches.size() && remaining.count > 0; ++i) {
    NodeState& condition = *state.children[2 * i];
    NodeState& result = *state.children[2 * i + 1];
    const size_t matched = Select(condition, remaining, Scratch(state.rows_a));
    if (matched == 0) continue;
    const Rows matched_rows{Scratch(state.rows_a), matched};
    const Operand value = Eval(result, matched_rows);
    CopyRows(value, matched_rows, &state.result);
    // remaining -= matched (both ascending).
    remaining.ForEach([&](uint32_t row) { matched_flag[row] = 0; });
    matched_rows.ForEach([&](uint32_t row) { matched_flag[row] = 1; });
    uint32_t* keep = buffers[next];
    next ^= 1;
    size_t kept = 0;
    remaining.ForEach([&](uint32_t row) {
      if (!matched_flag[row]) keep[kept++] = row;
    });
    remaining = Rows{keep, kept};
  }
  if (remaining.count > 0) {
    const Operand value = Eval(*state.children.back(), remaining);
    CopyRows(value, remaining, &state.result);
  }
  return Operand{&state.result, false};
}

Operand Evaluation::EvalCoalesce(NodeState& state, const Rows& rows) {
  MarkValid(&state.result, rows);
  Rows remaining = rows;
  uint32_t* buffers[2] = {Scratch(state.rows_b), Scratch(state.rows_c)};
  int next = 0;
  for (auto& child : state.children) {
    if (remaining.count == 0) break;
    const Operand value = Eval(*child, remaining);
    CopyRows(value, remaining, &state.result);
    uint32_t* keep = buffers[next];
    next ^= 1;
    size_t kept = 0;
    remaining.ForEach([&](uint32_t row) {
      if (value.IsNull(row)) keep[kept++] = row;
    });
    remaining = Rows{keep, kept};
  }
  return Operand{&state.result, false};
}

Operand Evaluation::EvalInList(NodeState& state, const Rows& rows) {
  const bool negated = state.node->As<sql::BoundInList>().negated;
  const Operand operand = Eval(*state.children[0], rows);
  MarkValid(&state.result, rows);
  uint8_t* found = state.result.data<uint8_t>();
  uint8_t* saw_null = Scratch(state.flags);
  // Candidates: rows whose operand is valid and not yet found.
  size_t count = 0;
  uint32_t* candidates = Scratch(state.rows_b);
  rows.ForEach([&](uint32_t row) {
    found[row] = 0;
    saw_null[row] = 0;
    if (operand.IsNull(row)) {
      state.result.SetNull(row);
    } else {
      candidates[count++] = row;
    }
  });
  Rows active{candidates, count};
  uint8_t* equal = Scratch(state.flags2);
  for (size_t i = 1; i < state.children.size() && active.count > 0; ++i) {
    const Operand element = Eval(*state.children[i], active);
    const Operand pair[2] = {operand, element};
    const Rows valid = ValidRows(pair, active, Scratch(state.rows_a), nullptr);
    active.ForEach([&](uint32_t row) {
      if (element.IsNull(row)) saw_null[row] = 1;
    });
    if (valid.count > 0) sql::CompareRows(ComparisonOperator::kEqual, operand, element, valid, equal);
    valid.ForEach([&](uint32_t row) { found[row] |= equal[row]; });
    size_t kept = 0;
    uint32_t* keep = active.selection == candidates ? Scratch(state.rows_c) : candidates;
    active.ForEach([&](uint32_t row) {
      if (!found[row]) keep[kept++] = row;
    });
    active = Rows{keep, kept};
  }
  rows.ForEach([&](uint32_t row) {
    if (operand.IsNull(row)) return;
    if (!found[row] && saw_null[row]) {
      state.result.SetNull(row);
    } else if (negated) {
      found[row] ^= 1;
    }
  });
  return Operand{&state.result, false};
}

Operand Evaluation::EvalTry(NodeState& state, const Rows& rows) {
  NodeState& child = *state.children[0];
  try {
    return Eval(child, rows);
  } catch (const Error& error) {
    if (!IsTryableError(error)) throw;
  }
  // Some row failed: evaluate row by row, NULL for the rows that fail.
  MarkValid(&state.result, rows);
  for (size_t i = 0; i < rows.count; ++i) {
    uint32_t row = rows[i];
    const Rows one{&row, 1};
    try {
      const Operand value = Eval(child, one);
      if (value.constant) {
        Value::FromVector(*value.vector, 0).WriteTo(&state.result, row);
      } else {
        CopyRows(value, one, &state.result);
      }
    } catch (const Error& error) {
      if (!IsTryableError(error)) throw;
      state.result.SetNull(row);
    }
  }
  return Operand{&state.result, false};
}

size_t Evaluation::Select(NodeState& state, const Rows& rows, uint32_t* out) {
  const BoundExpression& node = *state.node;
  if (node.kind() == BoundExpressionKind::kConjunction) {
    const bool is_and = node.As<sql::BoundConjunction>().conjunction == sql::ConjunctionKind::kAnd;
    if (is_and) {
      // Each operand filters the survivors of the previous one.
      Rows current = rows;
      uint32_t* buffers[2] = {Scratch(state.rows_b), Scratch(state.rows_c)};
      int next = 0;
      for (auto& child : state.children) {
        if (current.count == 0) break;
        uint32_t* target = buffers[next];
        next ^= 1;
        current = Rows{target, Select(*child, current, target)};
      }
      std::copy_n(current.selection ? current.selection : nullptr, current.selection ? current.count : 0, out);
      if (current.selection == nullptr) {
        for (size_t i = 0; i < current.count; ++i) out[i] = static_cast<uint32_t>(i);
      }
      return current.count;
    }
    // OR: each operand sees the rows not yet selected; the union is emitted in order.
    uint8_t* selected = Scratch(state.flags);
    rows.ForEach([&](uint32_t row) { selected[row] = 0; });
    Rows remaining = rows;
    uint32_t* buffers[2] = {Scratch(state.rows_b), Scratch(state.rows_c)};
    int next = 0;
    for (auto& child : state.children) {
      if (remaining.count == 0) break;
      const size_t matched = Select(*child, remaining, Scratch(state.rows_a));
      for (size_t i = 0; i < matched; ++i) selected[Scratch(state.rows_a)[i]] = 1;
      uint32_t* keep = buffers[next];
      next ^= 1;
      size_t kept = 0;
      remaining.ForEach([&](uint32_t row) {
        if (!selected[row]) keep[kept++] = row;
      });
      remaining = Rows{keep, kept};
    }
    size_t count = 0;
    rows.ForEach([&](uint32_t row) {
      out[count] = row;
      count += selected[row];
    });
    return count;
  }
  if (node.kind() == BoundExpressionKind::kComparison) {
    const ComparisonOperator op = node.As<sql::BoundComparison>().op;
    if (op != ComparisonOperator::kDistinctFrom && op != ComparisonOperator::kNotDistinctFrom) {
      state.operands[0] = Eval(*state.children[0], rows);
      state.operands[1] = Eval(*state.children[1], rows);
      if (state.operands[0].type().id() == TypeId::kUnknown) return 0;
      const Rows valid = ValidRows(state.operands, rows, Scratch(state.rows_a), nullptr);
      return sql::SelectRows(op, state.operands[0], state.operands[1], valid, out);
    }
  }
  const Operand value = Eval(state, rows);
  size_t count = 0;
  if (value.constant) {
    if (!BooleanTrue(value, 0)) return 0;
    rows.ForEach([&](uint32_t row) { out[count++] = row; });
    return count;
  }
  rows.ForEach([&](uint32_t row) {
    out[count] = row;
    count += BooleanTrue(value, row) ? 1 : 0;
  });
  return count;
}

ExpressionEvaluator::ExpressionEvaluator(sql::BoundExpressionPtr expression, const sql::SessionSettings& session,
                                         uint64_t seed)
    : expression_(std::move(expression)), session_(&session), random_(seed), root_(BuildState(*expression_)) {}

ExpressionEvaluator::~ExpressionEvaluator() = default;

sql::Operand ExpressionEvaluator::Evaluate(const Chunk& chunk, const sql::SelectionVector* selection, size_t count) {
  SLUICE_ASSERT(count <= kChunkCapacity, "expression evaluation over more rows than a chunk holds");
  ResetState(root_.get());
  Evaluation evaluation(session_, &random_, chunk);
  return evaluation.Eval(*root_, Rows{selection ? selection->data() : nullptr, count});
}

const Vector& ExpressionEvaluator::EvaluateToVector(const Chunk& chunk, const sql::SelectionVector* selection,
                                                    size_t count) {
  const Operand result = Evaluate(chunk, selection, count);
  if (!result.constant) return *result.vector;
  if (broadcast_.capacity() == 0) broadcast_ = Vector(expression_->type(), kChunkCapacity);
  broadcast_.Reset();
  const Value value = Value::FromVector(*result.vector, 0);
  const Rows rows{selection ? selection->data() : nullptr, count};
  rows.ForEach([&](uint32_t row) { value.WriteTo(&broadcast_, row); });
  return broadcast_;
}

size_t ExpressionEvaluator::Select(const Chunk& chunk, const sql::SelectionVector* selection, size_t count,
                                   sql::SelectionVector* out) {
  SLUICE_ASSERT(count <= kChunkCapacity && out->capacity() >= count, "selection too small for the rows");
  ResetState(root_.get());
  Evaluation evaluation(session_, &random_, chunk);
  return evaluation.Select(*root_, Rows{selection ? selection->data() : nullptr, count}, out->data());
}

Value EvaluateConstant(const sql::BoundExpression& expression, const sql::SessionSettings& session) {
  // A non-owning pointer: the caller keeps the expression alive during the call.
  sql::BoundExpressionPtr alias(std::shared_ptr<const sql::BoundExpression>(), &expression);
  ExpressionEvaluator evaluator(alias, session, 0);
  Chunk empty;
  const Operand result = evaluator.Evaluate(empty, nullptr, 1);
  return Value::FromVector(*result.vector, 0);
}

}  // namespace sluice::exec
