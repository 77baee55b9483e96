#include "sql/parser/expression.h"

#include "sql/parser/query.h"

namespace sluice::sql {

namespace {

std::string Upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

std::string Not(bool negated) { return negated ? " NOT " : " "; }

}  // namespace

std::string ToSql(const Expression& expression, int min_precedence) {
  std::string text = expression.ToString();
  return expression.precedence() < min_precedence ? Parenthesize(text) : text;
}

std::string ToSql(const ExpressionList& list) {
  std::string result;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) result += ", ";
    result += list[i]->ToString();
  }
  return result;
}

const char* BinaryOperatorText(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kAdd: return "+";
    case BinaryOperator::kSubtract: return "-";
    case BinaryOperator::kMultiply: return "*";
    case BinaryOperator::kDivide: return "/";
    case BinaryOperator::kModulo: return "%";
    case BinaryOperator::kConcat: return "||";
    case BinaryOperator::kEqual: return "=";
    case BinaryOperator::kNotEqual: return "<>";
    case BinaryOperator::kLess: return "<";
    case BinaryOperator::kLessEqual: return "<=";
    case BinaryOperator::kGreater: return ">";
    case BinaryOperator::kGreaterEqual: return ">=";
  }
  return "?";
}

bool IsComparison(BinaryOperator op) { return op >= BinaryOperator::kEqual; }

std::string LiteralExpression::ToString() const {
  switch (literal_kind) {
    case LiteralKind::kNull: return "NULL";
    case LiteralKind::kBoolean: return Upper(value);
    case LiteralKind::kInteger:
    case LiteralKind::kDecimal:
    case LiteralKind::kDouble: return value;
    case LiteralKind::kString: return QuoteString(value);
    case LiteralKind::kBinary: {
      static constexpr char kHex[] = "0123456789ABCDEF";
      std::string result = "X'";
      for (char c : value) {
        auto byte = static_cast<unsigned char>(c);
        result += kHex[byte >> 4];
        result += kHex[byte & 15];
      }
      return result + "'";
    }
  }
  return "NULL";
}

std::string TypedLiteralExpression::ToString() const {
  return Upper(type) + " " + QuoteString(value);
}

std::string IntervalLiteralExpression::ToString() const {
  std::string result = std::string("INTERVAL ") + (negative ? "-" : "") + QuoteString(value) +
                       " " + Upper(start_field);
  if (!end_field.empty()) result += " TO " + Upper(end_field);
  return result;
}

std::string ColumnRefExpression::ToString() const {
  std::string result;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) result += '.';
    result += parts[i].ToString();
  }
  return result;
}

std::string ParameterExpression::ToString() const { return name.empty() ? "?" : ":" + name; }

std::string DereferenceExpression::ToString() const {
  // (a).b stays apart from the qualified name a.b, and (1).b from the number "1.".
  bool wrap = base->kind() == ExpressionKind::kColumnRef ||
              (base->kind() == ExpressionKind::kLiteral &&
               base->As<LiteralExpression>().literal_kind >= LiteralKind::kInteger &&
               base->As<LiteralExpression>().literal_kind <= LiteralKind::kDouble);
  std::string base_text =
      wrap ? Parenthesize(base->ToString()) : ToSql(*base, precedence::kPrimary);
  return base_text + "." + field.ToString();
}

std::string SubscriptExpression::ToString() const {
  return ToSql(*base, precedence::kPrimary) + "[" + index->ToString() + "]";
}

std::string UnaryExpression::ToString() const {
  std::string operand_text = ToSql(*operand, precedence::kUnary);
  std::string sign = op == UnaryOperator::kMinus ? "-" : "+";
  // "- -x" not "--x", which would start a comment.
  if (!operand_text.empty() && (operand_text[0] == '-' || operand_text[0] == '+')) sign += ' ';
  return sign + operand_text;
}

int BinaryExpression::precedence() const {
  switch (op) {
    case BinaryOperator::kAdd:
    case BinaryOperator::kSubtract: return precedence::kAdditive;
    case BinaryOperator::kMultiply:
    case BinaryOperator::kDivide:
    case BinaryOperator::kModulo: return precedence::kMultiplicative;
    case BinaryOperator::kConcat: return precedence::kConcat;
    default: return precedence::kPredicate;
  }
}

std::string BinaryExpression::ToString() const {
  int own = precedence();
  // Left-associative: the right operand needs parentheses at equal precedence;
  // comparisons take value expressions on both sides.
  int left_min = IsComparison(op) ? precedence::kConcat : own;
  int right_min = IsComparison(op) ? precedence::kConcat : own + 1;
  return ToSql(*left, left_min) + " " + BinaryOperatorText(op) + " " + ToSql(*right, right_min);
}

std::string NotExpression::ToString() const { return "NOT " + ToSql(*operand, precedence::kNot); }

int ConjunctionExpression::precedence() const {
  return type == ConjunctionType::kAnd ? precedence::kAnd : precedence::kOr;
}

std::string ConjunctionExpression::ToString() const {
  std::string result;
  const char* separator = type == ConjunctionType::kAnd ? " AND " : " OR ";
  for (size_t i = 0; i < children.size(); ++i) {
    if (i > 0) result += separator;
    // Nested conjunctions of the same type would be flattened by the parser; keep
    // them apart with parentheses so the tree reads back the same.
    result += ToSql(*children[i], precedence() + 1);
  }
  return result;
}

std::string IsNullExpression::ToString() const {
  return ToSql(*operand, precedence::kConcat) + (negated ? " IS NOT NULL" : " IS NULL");
}

std::string DistinctFromExpression::ToString() const {
  return ToSql(*left, precedence::kConcat) + (negated ? " IS NOT" : " IS") +
         " DISTINCT FROM " + ToSql(*right, precedence::kConcat);
}

std::string BetweenExpression::ToString() const {
  return ToSql(*operand, precedence::kConcat) + Not(negated) + "BETWEEN " +
         ToSql(*low, precedence::kConcat) + " AND " + ToSql(*high, precedence::kConcat);
}

std::string InListExpression::ToString() const {
  return ToSql(*operand, precedence::kConcat) + Not(negated) + "IN (" + ToSql(list) + ")";
}

InSubqueryExpression::InSubqueryExpression(SourcePosition position)
    : Expression(kKind, position) {}
InSubqueryExpression::~InSubqueryExpression() = default;

std::string InSubqueryExpression::ToString() const {
  return ToSql(*operand, precedence::kConcat) + Not(negated) + "IN (" + query->ToString() + ")";
}

std::string LikeExpression::ToString() const {
  std::string result = ToSql(*operand, precedence::kConcat) + Not(negated) + "LIKE " +
                       ToSql(*pattern, precedence::kConcat);
  if (escape) result += " ESCAPE " + ToSql(*escape, precedence::kConcat);
  return result;
}

QuantifiedComparisonExpression::QuantifiedComparisonExpression(SourcePosition position)
    : Expression(kKind, position) {}
QuantifiedComparisonExpression::~QuantifiedComparisonExpression() = default;

std::string QuantifiedComparisonExpression::ToString() const {
  const char* word = quantifier == Quantifier::kAll   ? "ALL"
                     : quantifier == Quantifier::kAny ? "ANY"
                                                      : "SOME";
  return ToSql(*operand, precedence::kConcat) + " " + BinaryOperatorText(op) + " " + word +
         " (" + query->ToString() + ")";
}

std::string AtTimeZoneExpression::ToString() const {
  return ToSql(*operand, precedence::kAtTimeZone) + " AT TIME ZONE " +
         ToSql(*zone, precedence::kPrimary);
}

std::string CastExpression::ToString() const {
  return std::string(try_cast ? "TRY_CAST(" : "CAST(") + operand->ToString() + " AS " +
         type.ToString() + ")";
}

std::string CaseExpression::ToString() const {
  std::string result = "CASE";
  if (operand) {
    result += ' ';
    result += operand->ToString();
  }
  for (const WhenClause& clause : when_clauses) {
    result += " WHEN " + clause.condition->ToString() + " THEN " + clause.result->ToString();
  }
  if (else_result) result += " ELSE " + else_result->ToString();
  return result + " END";
}

std::string ExtractExpression::ToString() const {
  std::string name = QuoteIdentifierIfNeeded(field);
  if (name == field) name = Upper(field);
  return "EXTRACT(" + name + " FROM " + operand->ToString() + ")";
}

std::string TrimExpression::ToString() const {
  if (specification == TrimSpecification::kBoth && !characters) {
    return "TRIM(" + source->ToString() + ")";
  }
  std::string result = "TRIM(";
  result += specification == TrimSpecification::kBoth      ? "BOTH "
            : specification == TrimSpecification::kLeading ? "LEADING "
                                                            : "TRAILING ";
  if (characters) result += ToSql(*characters, precedence::kConcat) + " ";
  return result + "FROM " + ToSql(*source, precedence::kConcat) + ")";
}

std::string CurrentValueExpression::ToString() const {
  std::string result = Upper(name);
  if (precision >= 0) result += Parenthesize(std::to_string(precision));
  return result;
}

std::string LambdaExpression::ToString() const {
  std::string result;
  if (parameters.size() == 1) {
    result = parameters[0].ToString();
  } else {
    result = "(";
    for (size_t i = 0; i < parameters.size(); ++i) {
      if (i > 0) result += ", ";
      result += parameters[i].ToString();
    }
    result += ")";
  }
  return result + " -> " + body->ToString();
}

ExistsExpression::ExistsExpression(SourcePosition position) : Expression(kKind, position) {}
ExistsExpression::~ExistsExpression() = default;

std::string ExistsExpression::ToString() const { return "EXISTS (" + query->ToString() + ")"; }

SubqueryExpression::SubqueryExpression(SourcePosition position) : Expression(kKind, position) {}
SubqueryExpression::~SubqueryExpression() = default;

std::string SubqueryExpression::ToString() const { return Parenthesize(query->ToString()); }

std::string ArrayExpression::ToString() const { return "ARRAY[" + ToSql(elements) + "]"; }

std::string RowExpression::ToString() const {
  return (row_keyword ? "ROW(" : "(") + ToSql(elements) + ")";
}

}  // namespace sluice::sql
