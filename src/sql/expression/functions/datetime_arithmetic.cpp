// The date/time operators, as Trino's DateTimeOperators, TimestampOperators,
// IntervalDayTimeOperators and IntervalYearMonthOperators define them:
//
//   date | timestamp | timestamp with time zone  ±  interval (either kind; interval + x too)
//   timestamp - timestamp, timestamptz - timestamptz  →  interval day to second
//   interval ± interval (same kind), interval * bigint | double (either side),
//   interval / double, -interval; comparisons need nothing here (intervals of one kind
//   compare as integers).
//
// Day-to-second intervals added to a date must be whole days ("Cannot add hour, minutes
// or seconds to a date"); year-to-month intervals clamp the day to the end of the
// target month (2020-01-31 + 1 month = 2020-02-29); on a timestamp with time zone,
// day-to-second intervals move the instant and months move the local date in the
// value's zone (core/datetime_functions.h). Where Trino's Java arithmetic wraps around
// (interval + interval, interval * n) we raise an overflow error instead. Trino has no
// date - date; binding it fails as in Trino ("cannot apply operator: date - date")
// instead of coercing both dates to timestamps.

#include <cmath>
#include <limits>
#include <string>

#include "core/calendar.h"
#include "sql/expression/functions/builtin_functions.h"
#include "sql/expression/functions/datetime_kernel.h"
#include "sql/expression/functions/number_text.h"

namespace sluice::sql {

namespace {

using datetime::Map1;
using datetime::Map2;

constexpr int64_t kMillisPerDay = 86400000;

// ---- date ± interval ---------------------------------------------------------------------

int32_t DateDays(int64_t days) {
  if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max()) {
    throw InvalidArgumentError("date out of range");
  }
  return static_cast<int32_t>(days);
}

/// date + sign * interval day to second (whole days only).
template <int kSign>
int32_t DateWithDayTime(int32_t days, int64_t millis) {
  if (millis % kMillisPerDay != 0) {
    throw InvalidArgumentError(kSign > 0 ? "Cannot add hour, minutes or seconds to a date"
                                         : "Cannot subtract hour, minutes or seconds from a date");
  }
  return DateDays(int64_t{days} + kSign * (millis / kMillisPerDay));
}

template <int kSign>
void DatePlusDayTime(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int32_t, int64_t, int32_t>(args, rows, out, DateWithDayTime<kSign>);
}

void DayTimePlusDate(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int64_t, int32_t, int32_t>(args, rows, out, [](int64_t i, int32_t d) { return DateWithDayTime<1>(d, i); });
}

template <int kSign>
void DatePlusYearMonth(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int32_t, int32_t, int32_t>(args, rows, out,
                                  [](int32_t d, int32_t months) { return sluice::DatePlusYearMonth(d, kSign * int64_t{months}); });
}

void YearMonthPlusDate(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int32_t, int32_t, int32_t>(args, rows, out,
                                  [](int32_t months, int32_t d) { return sluice::DatePlusYearMonth(d, months); });
}

// ---- timestamp ± interval ----------------------------------------------------------------

template <int kSign>
void TimestampPlusDayTime(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int64_t, int64_t, int64_t>(args, rows, out, [](int64_t t, int64_t millis) {
    return sluice::TimestampPlusDayTime(t, kSign * datetime::IntervalMicros(millis));
  });
}

void DayTimePlusTimestamp(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int64_t, int64_t, int64_t>(args, rows, out, [](int64_t millis, int64_t t) {
    return sluice::TimestampPlusDayTime(t, datetime::IntervalMicros(millis));
  });
}

template <int kSign>
void TimestampPlusYearMonth(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int64_t, int32_t, int64_t>(args, rows, out, [](int64_t t, int32_t months) {
    return sluice::TimestampPlusYearMonth(t, kSign * int64_t{months});
  });
}

void YearMonthPlusTimestamp(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int32_t, int64_t, int64_t>(args, rows, out,
                                  [](int32_t months, int64_t t) { return sluice::TimestampPlusYearMonth(t, months); });
}

template <int kSign>
void TimestampTzPlusDayTime(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<TimestampTz, int64_t, TimestampTz>(args, rows, out, [](TimestampTz t, int64_t millis) {
    return sluice::TimestampTzPlusDayTime(t, kSign * datetime::IntervalMicros(millis));
  });
}

void DayTimePlusTimestampTz(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int64_t, TimestampTz, TimestampTz>(args, rows, out, [](int64_t millis, TimestampTz t) {
    return sluice::TimestampTzPlusDayTime(t, datetime::IntervalMicros(millis));
  });
}

template <int kSign>
void TimestampTzPlusYearMonth(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<TimestampTz, int32_t, TimestampTz>(args, rows, out, [](TimestampTz t, int32_t months) {
    return sluice::TimestampTzPlusYearMonth(t, kSign * int64_t{months});
  });
}

void YearMonthPlusTimestampTz(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int32_t, TimestampTz, TimestampTz>(args, rows, out, [](int32_t months, TimestampTz t) {
    return sluice::TimestampTzPlusYearMonth(t, months);
  });
}

// ---- timestamp - timestamp -----------------------------------------------------------------

/// A difference of microseconds as milliseconds, rounded half up (Trino's
/// TimestampMinusTimestamp rounds to the interval's precision of 3).
int64_t MicrosToMillisRounded(int64_t a, int64_t b) {
  int64_t difference = 0;
  if (__builtin_sub_overflow(a, b, &difference)) {
    throw ConversionError("interval day to second overflow in timestamp subtraction");
  }
  const int64_t millis = FloorDiv(difference, 1000);
  return difference - millis * 1000 >= 500 ? millis + 1 : millis;
}

void TimestampMinusTimestamp(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int64_t, int64_t, int64_t>(args, rows, out, MicrosToMillisRounded);
}

void TimestampTzMinusTimestampTz(const KernelContext&, std::span<const Operand> args, const Rows& rows,
                                 Vector* out) {
  Map2<TimestampTz, TimestampTz, int64_t>(args, rows, out, [](TimestampTz a, TimestampTz b) {
    return MicrosToMillisRounded(a.micros, b.micros);
  });
}

/// date - date: Trino has no such operator (use date_diff); resolving it fails here
/// rather than through the date → timestamp coercion.
DataType RefuseDateMinusDate(std::vector<DataType>*) { throw BinderError("cannot apply operator: date - date"); }

void Unreachable(const KernelContext&, std::span<const Operand>, const Rows&, Vector*) {
  throw InternalError("date - date has no kernel");
}

// ---- interval ± interval, * and / ------------------------------------------------------------

template <typename T>
const char* IntervalName() {
  return std::is_same_v<T, int64_t> ? "interval day to second" : "interval year to month";
}

template <typename T>
std::string IntervalText(T value) {
  return std::is_same_v<T, int64_t> ? Value::IntervalDayTime(value).ToString()
                                    : Value::IntervalYearMonth(static_cast<int32_t>(value)).ToString();
}

template <typename T, int kSign>
void IntervalPlusInterval(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<T, T, T>(args, rows, out, [](T a, T b) {
    T result;
    if (kSign > 0 ? __builtin_add_overflow(a, b, &result) : __builtin_sub_overflow(a, b, &result)) {
      throw ConversionError(std::string(IntervalName<T>()) + (kSign > 0 ? " addition" : " subtraction") +
                            " overflow: " + IntervalText(a) + (kSign > 0 ? " + " : " - ") + IntervalText(b));
    }
    return result;
  });
}

template <typename T>
T MultiplyByBigint(T interval, int64_t factor) {
  T result;
  if (__builtin_mul_overflow(interval, factor, &result)) {
    throw ConversionError(std::string(IntervalName<T>()) + " multiplication overflow: " + IntervalText(interval) +
                          " * " + std::to_string(factor));
  }
  return result;
}

/// Trino truncates toward zero ((long) (interval * factor)); NaN is an error, and so is
/// a result beyond the type (Java would saturate).
template <typename T>
T ScaleByDouble(T interval, double scaled, const char* what) {
  const double truncated = std::trunc(scaled);
  if (!(truncated >= static_cast<double>(std::numeric_limits<T>::min()) &&
        truncated < -static_cast<double>(std::numeric_limits<T>::min()))) {
    throw ConversionError(std::string(IntervalName<T>()) + " " + what + " overflow: " + IntervalText(interval));
  }
  return static_cast<T>(truncated);
}

template <typename T>
T MultiplyByDouble(T interval, double factor) {
  if (std::isnan(factor)) throw InvalidArgumentError("Cannot multiply by double NaN");
  return ScaleByDouble<T>(interval, static_cast<double>(interval) * factor, "multiplication");
}

template <typename T>
void IntervalTimesBigint(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<T, int64_t, T>(args, rows, out, MultiplyByBigint<T>);
}

template <typename T>
void BigintTimesInterval(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<int64_t, T, T>(args, rows, out, [](int64_t factor, T interval) { return MultiplyByBigint<T>(interval, factor); });
}

template <typename T>
void IntervalTimesDouble(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<T, double, T>(args, rows, out, MultiplyByDouble<T>);
}

template <typename T>
void DoubleTimesInterval(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<double, T, T>(args, rows, out, [](double factor, T interval) { return MultiplyByDouble<T>(interval, factor); });
}

template <typename T>
void IntervalDividedByDouble(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<T, double, T>(args, rows, out, [](T interval, double divisor) {
    if (std::isnan(divisor) || divisor == 0) {
      std::string text;
      AppendJavaDouble(&text, divisor);
      throw InvalidArgumentError("Cannot divide by double " + text);
    }
    return ScaleByDouble<T>(interval, static_cast<double>(interval) / divisor, "division");
  });
}

template <typename T>
void NegateInterval(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<T, T>(args, rows, out, [](T value) {
    if (value == std::numeric_limits<T>::min()) {
      throw ConversionError(std::string(IntervalName<T>()) + " negation overflow: -(" + IntervalText(value) + ")");
    }
    return static_cast<T>(-value);
  });
}

}  // namespace

void RegisterDateTimeArithmetic(FunctionRegistry* registry) {
  const DataType date = DataType::Date(), timestamp = DataType::Timestamp(), timestamp_tz = DataType::TimestampTz();
  const DataType day_time = DataType::IntervalDayTime(), year_month = DataType::IntervalYearMonth();
  const DataType bigint = DataType::BigInt(), dbl = DataType::Double();
  auto add = [&](const char* name, DataType a, DataType b, DataType result, ScalarKernel kernel) {
    registry->Register(ScalarFunction{.name = name, .parameters = {a, b}, .return_type = result, .kernel = kernel});
  };
  // date ± interval
  add("+", date, day_time, date, &DatePlusDayTime<1>);
  add("+", day_time, date, date, &DayTimePlusDate);
  add("-", date, day_time, date, &DatePlusDayTime<-1>);
  add("+", date, year_month, date, &DatePlusYearMonth<1>);
  add("+", year_month, date, date, &YearMonthPlusDate);
  add("-", date, year_month, date, &DatePlusYearMonth<-1>);
  // timestamp ± interval
  add("+", timestamp, day_time, timestamp, &TimestampPlusDayTime<1>);
  add("+", day_time, timestamp, timestamp, &DayTimePlusTimestamp);
  add("-", timestamp, day_time, timestamp, &TimestampPlusDayTime<-1>);
  add("+", timestamp, year_month, timestamp, &TimestampPlusYearMonth<1>);
  add("+", year_month, timestamp, timestamp, &YearMonthPlusTimestamp);
  add("-", timestamp, year_month, timestamp, &TimestampPlusYearMonth<-1>);
  // timestamp with time zone ± interval
  add("+", timestamp_tz, day_time, timestamp_tz, &TimestampTzPlusDayTime<1>);
  add("+", day_time, timestamp_tz, timestamp_tz, &DayTimePlusTimestampTz);
  add("-", timestamp_tz, day_time, timestamp_tz, &TimestampTzPlusDayTime<-1>);
  add("+", timestamp_tz, year_month, timestamp_tz, &TimestampTzPlusYearMonth<1>);
  add("+", year_month, timestamp_tz, timestamp_tz, &YearMonthPlusTimestampTz);
  add("-", timestamp_tz, year_month, timestamp_tz, &TimestampTzPlusYearMonth<-1>);
  // differences of instants
  add("-", timestamp, timestamp, day_time, &TimestampMinusTimestamp);
  add("-", timestamp_tz, timestamp_tz, day_time, &TimestampTzMinusTimestampTz);
  registry->Register(ScalarFunction{.name = "-", .parameters = {date, date}, .return_type = {},
                                    .compute_return_type = &RefuseDateMinusDate, .kernel = &Unreachable});
  // interval arithmetic
  add("+", day_time, day_time, day_time, &IntervalPlusInterval<int64_t, 1>);
  add("-", day_time, day_time, day_time, &IntervalPlusInterval<int64_t, -1>);
  add("+", year_month, year_month, year_month, &IntervalPlusInterval<int32_t, 1>);
  add("-", year_month, year_month, year_month, &IntervalPlusInterval<int32_t, -1>);
  add("*", day_time, bigint, day_time, &IntervalTimesBigint<int64_t>);
  add("*", bigint, day_time, day_time, &BigintTimesInterval<int64_t>);
  add("*", day_time, dbl, day_time, &IntervalTimesDouble<int64_t>);
  add("*", dbl, day_time, day_time, &DoubleTimesInterval<int64_t>);
  add("/", day_time, dbl, day_time, &IntervalDividedByDouble<int64_t>);
  add("*", year_month, bigint, year_month, &IntervalTimesBigint<int32_t>);
  add("*", bigint, year_month, year_month, &BigintTimesInterval<int32_t>);
  add("*", year_month, dbl, year_month, &IntervalTimesDouble<int32_t>);
  add("*", dbl, year_month, year_month, &DoubleTimesInterval<int32_t>);
  add("/", year_month, dbl, year_month, &IntervalDividedByDouble<int32_t>);
  registry->Register(
      ScalarFunction{.name = "negate", .parameters = {day_time}, .return_type = day_time, .kernel = &NegateInterval<int64_t>});
  registry->Register(ScalarFunction{.name = "negate", .parameters = {year_month}, .return_type = year_month,
                                    .kernel = &NegateInterval<int32_t>});
}

}  // namespace sluice::sql
