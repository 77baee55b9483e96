#include "sql/parser/table_ref.h"

#include "sql/parser/query.h"

namespace sluice::sql {

namespace {

std::string IdentifierList(const std::vector<Identifier>& names) {
  std::string result;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) result += ", ";
    result += names[i].ToString();
  }
  return result;
}

const char* JoinKeyword(JoinType type) {
  switch (type) {
    case JoinType::kCross: return " CROSS JOIN ";
    case JoinType::kImplicit: return ", ";
    case JoinType::kInner: return " JOIN ";
    case JoinType::kLeft: return " LEFT JOIN ";
    case JoinType::kRight: return " RIGHT JOIN ";
    case JoinType::kFull: return " FULL JOIN ";
  }
  return " JOIN ";
}

}  // namespace

std::string TableRef::ToString() const {
  std::string body = BodyToString();
  if (!alias) return body;
  // An aliased join needs parentheses to keep the alias on the whole join.
  if (kind_ == TableRefKind::kJoin) body = Parenthesize(body);
  std::string result = body + " AS " + alias->ToString();
  if (!column_aliases.empty()) result += Parenthesize(IdentifierList(column_aliases));
  return result;
}

std::string BaseTableRef::BodyToString() const { return name.ToString(); }

std::string TableFunctionRef::BodyToString() const { return call->ToString(); }

SubqueryRef::SubqueryRef(SourcePosition position) : TableRef(kKind, position) {}
SubqueryRef::~SubqueryRef() = default;

std::string SubqueryRef::BodyToString() const {
  return std::string(lateral ? "LATERAL (" : "(") + query->ToString() + ")";
}

std::string JoinRef::BodyToString() const {
  // Joins are left-deep; a join on the right, or a comma join on the left of a real
  // join, was written in parentheses.
  std::string left_text = left->ToString();
  bool wrap_left = left->kind() == TableRefKind::kJoin && !left->alias &&
                   left->As<JoinRef>().type == JoinType::kImplicit && type != JoinType::kImplicit;
  if (wrap_left) left_text = Parenthesize(left_text);
  std::string right_text = right->ToString();
  if (right->kind() == TableRefKind::kJoin && !right->alias) right_text = Parenthesize(right_text);
  std::string result = left_text + JoinKeyword(type) + right_text;
  if (condition) result += " ON " + condition->ToString();
  if (!using_columns.empty()) result += " USING (" + IdentifierList(using_columns) + ")";
  return result;
}

}  // namespace sluice::sql
