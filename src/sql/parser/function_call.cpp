#include "sql/parser/function_call.h"

namespace sluice::sql {

namespace {

/// Function names print bare unless quoted: the parser accepts the reserved words
/// LISTAGG and GROUPING as function names.
std::string FunctionNameToString(const QualifiedName& name) {
  std::string result;
  for (size_t i = 0; i < name.parts.size(); ++i) {
    if (i > 0) result += '.';
    const Identifier& part = name.parts[i];
    bool bare = !part.quoted && (part.name == "listagg" || part.name == "grouping");
    result += bare ? part.name : part.ToString();
  }
  return result;
}

}  // namespace

std::string OrderByItem::ToString() const {
  std::string result = expression->ToString();
  if (order == SortOrder::kAscending) result += " ASC";
  if (order == SortOrder::kDescending) result += " DESC";
  if (null_order == NullOrder::kNullsFirst) result += " NULLS FIRST";
  if (null_order == NullOrder::kNullsLast) result += " NULLS LAST";
  return result;
}

std::string ToSql(const std::vector<OrderByItem>& items) {
  std::string result;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) result += ", ";
    result += items[i].ToString();
  }
  return result;
}

std::string FrameBound::ToString() const {
  switch (type) {
    case FrameBoundType::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundType::kPreceding: return offset->ToString() + " PRECEDING";
    case FrameBoundType::kCurrentRow: return "CURRENT ROW";
    case FrameBoundType::kFollowing: return offset->ToString() + " FOLLOWING";
    case FrameBoundType::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "CURRENT ROW";
}

std::string WindowFrame::ToString() const {
  std::string result = type == FrameType::kRows    ? "ROWS "
                       : type == FrameType::kRange ? "RANGE "
                                                   : "GROUPS ";
  if (!end) return result + start.ToString();
  return result + "BETWEEN " + start.ToString() + " AND " + end->ToString();
}

std::string WindowSpec::ToString() const {
  std::string result;
  auto add = [&result](const std::string& part) {
    if (!result.empty()) result += ' ';
    result += part;
  };
  if (existing_window) add(existing_window->ToString());
  if (!partition_by.empty()) add("PARTITION BY " + ToSql(partition_by));
  if (!order_by.empty()) add("ORDER BY " + ToSql(order_by));
  if (frame) add(frame->ToString());
  return Parenthesize(result);
}

FunctionCallExpression::~FunctionCallExpression() = default;

std::string FunctionCallExpression::ToString() const {
  std::string result = FunctionNameToString(name) + "(";
  if (star) result += "*";
  if (distinct) result += "DISTINCT ";
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (i > 0) result += ", ";
    if (arguments[i].name) result += arguments[i].name->ToString() + " => ";
    result += arguments[i].value->ToString();
  }
  if (!order_by.empty()) result += " ORDER BY " + ToSql(order_by);
  result += ")";
  if (!within_group.empty()) result += " WITHIN GROUP (ORDER BY " + ToSql(within_group) + ")";
  if (filter) result += " FILTER (WHERE " + filter->ToString() + ")";
  if (null_treatment == NullTreatment::kIgnoreNulls) result += " IGNORE NULLS";
  if (null_treatment == NullTreatment::kRespectNulls) result += " RESPECT NULLS";
  if (window_name) result += " OVER " + window_name->ToString();
  if (window) result += " OVER " + window->ToString();
  return result;
}

}  // namespace sluice::sql
