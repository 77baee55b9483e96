#pragma once
// Trino's interval literals: INTERVAL [+|-] 'text' field [TO field].
//
// A qualifier is YEAR [TO MONTH] | MONTH, which gives an INTERVAL YEAR TO MONTH (int32
// months), or DAY | HOUR | MINUTE | SECOND with an optional later end field, which gives
// an INTERVAL DAY TO SECOND (int64 milliseconds). The text holds the fields from the
// start field on, each of up to 10 digits, and may stop early: DAY TO SECOND reads
// "d", "d h", "d h:m" or "d h:m:s[.fff]"; YEAR TO MONTH reads "y" or "y-m"; only
// seconds take a fraction (digits past milliseconds are dropped, as Joda's period
// parser that Trino uses). Fields are not range-checked ('25' HOUR is a day and an hour).
// A leading '-' in the text negates it; the SQL sign outside the quotes negates again.

#include <cstdint>
#include <string_view>

#include "core/value.h"

namespace sluice::sql {

enum class IntervalField : uint8_t { kYear, kMonth, kDay, kHour, kMinute, kSecond };

/// Reads a field name (case-insensitive); false for others (WEEK is not Trino's).
bool ParseIntervalField(std::string_view name, IntervalField* field);

/// "DAY", "YEAR" ... as Trino writes them in messages.
std::string_view IntervalFieldName(IntervalField field);

/// The value of INTERVAL [-]'text' start [TO end] (`end` == `start` without TO).
/// Throws InvalidArgumentError: "Invalid interval qualifier: MONTH TO DAY",
/// "Invalid INTERVAL DAY TO SECOND value: 1 2:3:x", "... (out of range)".
Value ParseIntervalLiteral(std::string_view text, IntervalField start, IntervalField end,
                           bool negative);

}  // namespace sluice::sql
