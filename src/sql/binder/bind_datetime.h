#pragma once
// Binding of the date/time special forms of the AST, which ExpressionBinder's dispatch
// hands over with their operands already bound: interval literals, DATE '…' /
// TIMESTAMP '…' literals, EXTRACT, AT TIME ZONE and CURRENT_DATE & co. Each lowers to
// a constant or to a call of the date/time functions (sql/expression/functions/
// datetime_*.cpp). Errors are BinderErrors pointing at the node (`sql` is the text
// the node was parsed from).

#include <string_view>

#include "sql/expression/bound_expression.h"
#include "sql/parser/ast.h"

namespace sluice::sql {

/// INTERVAL [+|-] '…' field [TO field] → an INTERVAL DAY TO SECOND or YEAR TO MONTH
/// constant; "Invalid INTERVAL DAY value: x" and the like for bad text or qualifiers.
BoundExpressionPtr BindIntervalLiteral(std::string_view sql, const IntervalLiteralExpression& literal);

/// DATE '…' and TIMESTAMP '…' → a constant, checked now as Trino does ("'2021-02-29'
/// is not a valid date literal"); a TIMESTAMP literal with a zone or offset
/// ('2021-03-01 10:00 Europe/Berlin') is a TIMESTAMP WITH TIME ZONE. Null for the
/// other typed literals (the caller casts those).
BoundExpressionPtr BindDateTimeLiteral(std::string_view sql, const TypedLiteralExpression& literal);

/// EXTRACT(field FROM operand) → the field's function (year(x), day_of_week(x), …,
/// day(interval)); timezone_hour/minute need a TIMESTAMP WITH TIME ZONE.
BoundExpressionPtr BindExtract(std::string_view sql, const ExtractExpression& extract, BoundExpressionPtr operand);

/// operand AT TIME ZONE zone → at_timezone(CAST(operand AS timestamp with time zone),
/// zone): the same instant shown in a zone named by a varchar or given as an INTERVAL
/// DAY TO SECOND offset. A TIMESTAMP operand is read in the session zone first.
BoundExpressionPtr BindAtTimeZone(std::string_view sql, const AtTimeZoneExpression& expression,
                                  BoundExpressionPtr operand, BoundExpressionPtr zone);

/// CURRENT_DATE, CURRENT_TIMESTAMP[(p)], LOCALTIMESTAMP[(p)] → current_date(),
/// current_timestamp([p]), localtimestamp([p]): the statement's start time in the
/// session zone. CURRENT_TIME, LOCALTIME (no TIME type yet) and CURRENT_USER & co. are
/// NotImplementedErrors.
BoundExpressionPtr BindCurrentValue(std::string_view sql, const CurrentValueExpression& current);

}  // namespace sluice::sql
