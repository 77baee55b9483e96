#include "sql/binder/window_planner.h"

#include "exec/aggregate/aggregate_registry.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/column_remap.h"

namespace sluice::sql {
namespace {

exec::WindowFrameBound::Kind ToBoundKind(FrameBoundType type) {
  switch (type) {
    case FrameBoundType::kUnboundedPreceding: return exec::WindowFrameBound::Kind::kUnboundedPreceding;
    case FrameBoundType::kPreceding: return exec::WindowFrameBound::Kind::kPreceding;
    case FrameBoundType::kCurrentRow: return exec::WindowFrameBound::Kind::kCurrentRow;
    case FrameBoundType::kFollowing: return exec::WindowFrameBound::Kind::kFollowing;
    case FrameBoundType::kUnboundedFollowing: return exec::WindowFrameBound::Kind::kUnboundedFollowing;
  }
  return exec::WindowFrameBound::Kind::kCurrentRow;
}

/// A copy of the parts of a spec the planner reads (WindowSpec holds unique_ptrs).
struct SpecView {
  const ExpressionList* partition_by = nullptr;
  const std::vector<OrderByItem>* order_by = nullptr;
  const sql::WindowFrame* frame = nullptr;
};

}  // namespace

BoundExpressionPtr WindowPlanner::BindWindow(const FunctionCallExpression& call, ExpressionBinder& binder) {
  // The spec: OVER (…), OVER w, or OVER (w …) refining a named window.
  SpecView view;
  auto find_named = [&](const Identifier& name) -> const WindowSpec& {
    for (const NamedWindow& w : named_) {
      if (NamesEqual(w.name.name, name.name)) return w.spec;
    }
    ThrowBinderError(sql_, name.position, "window '" + name.name + "' is not defined");
  };
  const WindowSpec* base = nullptr;
  if (call.window_name) base = &find_named(*call.window_name);
  if (call.window && call.window->existing_window) base = &find_named(*call.window->existing_window);
  for (const WindowSpec* spec : std::initializer_list<const WindowSpec*>{base, call.window.get()}) {
    if (spec == nullptr) continue;
    if (!spec->partition_by.empty()) view.partition_by = &spec->partition_by;
    if (!spec->order_by.empty()) view.order_by = &spec->order_by;
    if (spec->frame) view.frame = &*spec->frame;
  }

  std::string text = call.ToString();
  for (size_t i = 0; i < texts_.size(); ++i) {
    if (texts_[i] == text) return MakeColumnRef(kWindowColumnBase + i, calls_[i].type, text);
  }
  if (call.name.parts.size() != 1) ThrowBinderError(sql_, call.position, "function '" + call.name.ToString() + "' does not exist");
  const std::string& name = call.name.parts[0].name;

  exec::WindowCall bound;
  bound.name = text;
  std::vector<DataType> types;
  for (const FunctionArgument& argument : call.arguments) {
    bound.arguments.push_back(binder.Bind(*argument.value));
    types.push_back(bound.arguments.back()->type());
  }
  try {
    if (std::optional<exec::WindowFunctionKind> kind = exec::LookupWindowFunction(name)) {
      bound.kind = *kind;
      std::vector<DataType> coerced = exec::WindowArgumentTypes(*kind, types);
      for (size_t i = 0; i < bound.arguments.size() && i < coerced.size(); ++i) {
        bound.arguments[i] = CoerceTo(bound.arguments[i], coerced[i]);
        types[i] = coerced[i];
      }
      bound.type = exec::WindowResultType(*kind, types);
    } else if (exec::AggregateRegistry::Builtins().Contains(name)) {
      if (call.distinct) ThrowNotImplemented(sql_, call.position, "DISTINCT in window aggregates is not supported yet");
      if (call.filter) ThrowNotImplemented(sql_, call.position, "FILTER in window aggregates is not supported yet");
      exec::ResolvedAggregate resolved = exec::AggregateRegistry::Builtins().Resolve(name, types, false);
      for (size_t i = 0; i < bound.arguments.size(); ++i) {
        bound.arguments[i] = CoerceTo(bound.arguments[i], resolved.argument_types[i]);
      }
      bound.kind = exec::WindowFunctionKind::kAggregate;
      bound.aggregate = resolved.function;
      bound.type = resolved.function->result_type();
    } else {
      ThrowBinderError(sql_, call.position, "function '" + name + "' is not a window function");
    }
  } catch (const InvalidArgumentError& error) {
    ThrowBinderError(sql_, call.position, error.what());
  } catch (const BinderError& error) {
    std::string_view message = error.what();
    if (message.starts_with("line ")) throw;
    ThrowBinderError(sql_, call.position, message);
  }
  bound.ignore_nulls = call.null_treatment == NullTreatment::kIgnoreNulls;

  if (view.partition_by) {
    for (const ExpressionPtr& e : *view.partition_by) bound.partition_by.push_back(binder.Bind(*e));
  }
  if (view.order_by) {
    for (const OrderByItem& item : *view.order_by) {
      bound.order_by.push_back({binder.Bind(*item.expression), item.order == SortOrder::kDescending,
                                item.null_order == NullOrder::kNullsFirst});
    }
  }
  if (view.frame) {
    const sql::WindowFrame& frame = *view.frame;
    bound.frame.mode = frame.type == FrameType::kRows    ? exec::WindowFrame::Mode::kRows
                       : frame.type == FrameType::kRange ? exec::WindowFrame::Mode::kRange
                                                         : exec::WindowFrame::Mode::kGroups;
    auto bind_bound = [&](const FrameBound& b) {
      exec::WindowFrameBound result;
      result.kind = ToBoundKind(b.type);
      if (b.offset) result.offset = binder.Bind(*b.offset);
      return result;
    };
    bound.frame.start = bind_bound(frame.start);
    bound.frame.end = frame.end ? bind_bound(*frame.end)
                                : exec::WindowFrameBound{exec::WindowFrameBound::Kind::kCurrentRow, nullptr};
  }
  try {
    exec::ValidateWindowCall(bound);
  } catch (const InvalidArgumentError& error) {
    ThrowBinderError(sql_, call.position, error.what());
  }
  calls_.push_back(bound);
  texts_.push_back(text);
  return MakeColumnRef(kWindowColumnBase + calls_.size() - 1, bound.type, text);
}

LogicalPlanPtr WindowPlanner::Apply(LogicalPlanPtr plan,
                                    const std::function<BoundExpressionPtr(const BoundExpressionPtr&)>& resolve) {
  if (calls_.empty()) return plan;
  base_ = plan->output().num_fields();
  std::vector<exec::WindowCall> calls;
  for (const exec::WindowCall& call : calls_) calls.push_back(MapWindowCall(call, resolve));
  return std::make_shared<LogicalWindow>(plan, calls);
}

BoundExpressionPtr WindowPlanner::Resolve(const BoundExpressionPtr& expression) const {
  if (calls_.empty()) return expression;
  return RewriteColumns(expression, [&](const BoundExpressionPtr& ref) -> BoundExpressionPtr {
    const auto& column = ref->As<BoundColumnRef>();
    if (column.index < kWindowColumnBase || column.index >= kDeferredColumnBase) return ref;
    return MakeColumnRef(base_ + (column.index - kWindowColumnBase), column.type(), column.name);
  });
}

}  // namespace sluice::sql
