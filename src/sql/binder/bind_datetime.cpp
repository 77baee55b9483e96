#include "sql/binder/bind_datetime.h"

#include <array>
#include <string>

#include "core/datetime_functions.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/value_parse.h"
#include "sql/binder/bind_scope.h"
#include "sql/expression/expression_builder.h"
#include "sql/expression/functions/datetime_interval.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {

namespace {

/// Trino's EXTRACT fields (its grammar's list; millisecond is a function only).
constexpr std::array<std::string_view, 17> kExtractFields = {
    "year",        "quarter", "month", "week",   "day",          "day_of_month",   "day_of_week",
    "dow",         "day_of_year", "doy", "year_of_week", "yow",  "hour",           "minute",
    "second",      "timezone_hour", "timezone_minute"};

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view TrimSpaces(std::string_view text) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

BoundExpressionPtr BindIntervalLiteral(std::string_view sql, const IntervalLiteralExpression& literal) {
  IntervalField start, end;
  if (!ParseIntervalField(literal.start_field, &start)) {
    ThrowBinderError(sql, literal.position, "INTERVAL " + Upper(literal.start_field) +
                                                " is not supported (Trino's interval fields are YEAR, MONTH, DAY, "
                                                "HOUR, MINUTE and SECOND)");
  }
  end = start;
  if (!literal.end_field.empty() && !ParseIntervalField(literal.end_field, &end)) {
    ThrowBinderError(sql, literal.position, "Invalid interval qualifier: " + Upper(literal.start_field) + " TO " +
                                                Upper(literal.end_field));
  }
  try {
    return MakeConstant(ParseIntervalLiteral(literal.value, start, end, literal.negative));
  } catch (const InvalidArgumentError& error) {
    ThrowBinderError(sql, literal.position, error.what());
  }
}

BoundExpressionPtr BindDateTimeLiteral(std::string_view sql, const TypedLiteralExpression& literal) {
  const std::string_view text = TrimSpaces(literal.value);
  if (literal.type == "date") {
    int32_t days = 0;
    if (!ParseDate(text, &days)) {
      ThrowBinderError(sql, literal.position, "'" + literal.value + "' is not a valid date literal");
    }
    return MakeConstant(Value::Date(days));
  }
  if (literal.type == "timestamp") {
    int64_t micros = 0;
    if (ParseTimestamp(text, &micros)) return MakeConstant(Value::Timestamp(micros));
    TimestampTz value{0, 0, 0};
    if (ParseTimestampTz(text, kUtcZoneId, /*require_zone=*/true, &value)) {
      return MakeConstant(Value::TimestampTz(value.micros, value.zone_id));
    }
    ThrowBinderError(sql, literal.position, "'" + literal.value + "' is not a valid timestamp literal");
  }
  return nullptr;
}

BoundExpressionPtr BindExtract(std::string_view sql, const ExtractExpression& extract, BoundExpressionPtr operand) {
  bool known = false;
  for (std::string_view field : kExtractFields) known = known || field == extract.field;
  if (!known) ThrowBinderError(sql, extract.position, "Invalid EXTRACT field: " + Upper(extract.field));
  const TypeId type = operand->type().id();
  const bool temporal = type == TypeId::kDate || type == TypeId::kTimestamp || type == TypeId::kTimestampTz;
  if (!temporal && !operand->type().is_interval() && type != TypeId::kUnknown) {
    ThrowBinderError(sql, extract.operand->position,
                     "Type of argument to extract must be DATE, TIMESTAMP, or INTERVAL (actual " +
                         operand->type().ToString() + ")");
  }
  if (extract.field.starts_with("timezone_") && type != TypeId::kTimestampTz && type != TypeId::kUnknown) {
    ThrowBinderError(sql, extract.operand->position,
                     "Type of argument to extract time zone field must have a time zone (actual " +
                         operand->type().ToString() + ")");
  }
  const std::string type_name = operand->type().ToString();
  try {
    return MakeFunction(extract.field, {std::move(operand)});
  } catch (const BinderError&) {
    ThrowBinderError(sql, extract.position, "Cannot extract " + Upper(extract.field) + " from " + type_name);
  }
}

BoundExpressionPtr BindAtTimeZone(std::string_view sql, const AtTimeZoneExpression& expression,
                                  BoundExpressionPtr operand, BoundExpressionPtr zone) {
  const TypeId type = operand->type().id();
  if (type != TypeId::kTimestamp && type != TypeId::kTimestampTz && type != TypeId::kUnknown) {
    ThrowBinderError(sql, expression.operand->position,
                     "Type of value must be a timestamp with or without time zone (actual " +
                         operand->type().ToString() + ")");
  }
  const TypeId zone_type = zone->type().id();
  if (zone_type != TypeId::kVarchar && zone_type != TypeId::kIntervalDayTime && zone_type != TypeId::kUnknown) {
    ThrowBinderError(sql, expression.zone->position,
                     "Type of time zone must be varchar or interval day to second (actual " +
                         zone->type().ToString() + ")");
  }
  if (zone_type == TypeId::kUnknown) zone = CoerceTo(std::move(zone), DataType::Varchar());
  return MakeFunction("at_timezone", {CoerceTo(std::move(operand), DataType::TimestampTz()), std::move(zone)});
}

BoundExpressionPtr BindCurrentValue(std::string_view sql, const CurrentValueExpression& current) {
  std::vector<BoundExpressionPtr> arguments;
  if (current.precision >= 0) {
    if (current.precision > 12) {
      ThrowBinderError(sql, current.position,
                       "precision of " + Upper(current.name) + " must be between 0 and 12, got " +
                           std::to_string(current.precision));
    }
    arguments.push_back(MakeConstant(Value::BigInt(current.precision)));
  }
  if (current.name == "current_date") return MakeFunction("current_date", {});
  if (current.name == "current_timestamp" || current.name == "localtimestamp") {
    return MakeFunction(current.name, std::move(arguments));
  }
  if (current.name == "current_time" || current.name == "localtime") {
    ThrowNotImplemented(sql, current.position, Upper(current.name) + " is not supported yet (no TIME type)");
  }
  ThrowNotImplemented(sql, current.position, Upper(current.name) + " is not supported yet");
}

}  // namespace sluice::sql
