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

int SetOperationPrecedence(const QueryBody& body) {
  if (body.kind() != QueryBodyKind::kSetOperation) return 3;
  return body.As<SetOperationBody>().type == SetOperationType::kIntersect ? 2 : 1;
}

}  // namespace

std::string SelectItem::ToString() const {
  if (star) {
    std::string result;
    for (const Identifier& part : star_qualifier) result += part.ToString() + ".";
    return result + "*";
  }
  std::string result = expression->ToString();
  if (alias) result += " AS " + alias->ToString();
  return result;
}

std::string GroupingElement::ToString() const {
  auto list = [](const ExpressionList& set) { return Parenthesize(ToSql(set)); };
  switch (kind) {
    case GroupingKind::kExpressions:
      return sets[0].size() == 1 ? sets[0][0]->ToString() : list(sets[0]);
    case GroupingKind::kRollup: return "ROLLUP " + list(sets[0]);
    case GroupingKind::kCube: return "CUBE " + list(sets[0]);
    case GroupingKind::kGroupingSets: {
      std::string result = "GROUPING SETS (";
      for (size_t i = 0; i < sets.size(); ++i) {
        if (i > 0) result += ", ";
        result += list(sets[i]);
      }
      return result + ")";
    }
  }
  return "";
}

std::string GroupBy::ToString() const {
  std::string result = distinct ? "GROUP BY DISTINCT " : "GROUP BY ";
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) result += ", ";
    result += elements[i].ToString();
  }
  return result;
}

std::string SelectBody::ToString() const {
  std::string result = distinct ? "SELECT DISTINCT " : "SELECT ";
  for (size_t i = 0; i < select_list.size(); ++i) {
    if (i > 0) result += ", ";
    result += select_list[i].ToString();
  }
  if (from) result += " FROM " + from->ToString();
  if (where) result += " WHERE " + where->ToString();
  if (group_by) {
    result += ' ';
    result += group_by->ToString();
  }
  if (having) result += " HAVING " + having->ToString();
  for (size_t i = 0; i < windows.size(); ++i) {
    result += i == 0 ? " WINDOW " : ", ";
    result += windows[i].name.ToString() + " AS " + windows[i].spec.ToString();
  }
  return result;
}

std::string SetOperationBody::ToString() const {
  int own = SetOperationPrecedence(*this);
  std::string left_text = left->ToString();
  if (SetOperationPrecedence(*left) < own) left_text = Parenthesize(left_text);
  std::string right_text = right->ToString();
  if (SetOperationPrecedence(*right) <= own) right_text = Parenthesize(right_text);
  const char* word = type == SetOperationType::kUnion       ? " UNION "
                     : type == SetOperationType::kIntersect ? " INTERSECT "
                                                            : " EXCEPT ";
  return left_text + word + (all ? "ALL " : "") + right_text;
}

std::string ValuesBody::ToString() const { return "VALUES " + ToSql(rows); }

std::string TableBody::ToString() const { return "TABLE " + name.ToString(); }

SubqueryBody::SubqueryBody(SourcePosition position) : QueryBody(kKind, position) {}
SubqueryBody::~SubqueryBody() = default;

std::string SubqueryBody::ToString() const { return Parenthesize(query->ToString()); }

std::string Query::ToString() const {
  std::string result;
  for (size_t i = 0; i < with.size(); ++i) {
    result += i == 0 ? "WITH " : ", ";
    result += with[i].name.ToString();
    if (!with[i].columns.empty()) result += Parenthesize(IdentifierList(with[i].columns));
    result += " AS (" + with[i].query->ToString() + ")";
  }
  if (!with.empty()) result += " ";
  result += body->ToString();
  if (!order_by.empty()) result += " ORDER BY " + ToSql(order_by);
  if (offset) result += " OFFSET " + offset->ToString() + " ROWS";
  if (limit_all) result += " LIMIT ALL";
  if (limit && fetch_first) {
    result += " FETCH FIRST " + limit->ToString() + (with_ties ? " ROWS WITH TIES" : " ROWS ONLY");
  } else if (limit) {
    result += " LIMIT " + limit->ToString();
  }
  return result;
}

}  // namespace sluice::sql
