// Fields and calendar arithmetic of dates and timestamps: year(x) … millisecond(x),
// timezone_hour/minute (what EXTRACT lowers to), the same fields of intervals,
// date_trunc, date_add, date_diff, last_day_of_month and to_milliseconds. Kernels wrap
// core/datetime_functions.h, which holds the calendar and zone semantics.

#include "core/calendar.h"
#include "sql/expression/functions/datetime_kernel.h"

namespace sluice::sql::datetime {

namespace {

// ---- year(x), month(x), … -----------------------------------------------------------------

template <DateTimeField kField>
void ExtractFromDate(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  if (rows.dense() && !args[0].constant) {
    ExtractDates(kField, args[0].vector->data<int32_t>(), rows.count, out->data<int64_t>());
    return;
  }
  Map1<int32_t, int64_t>(args, rows, out, [](int32_t days) { return ExtractDate(kField, days); });
}

template <DateTimeField kField>
void ExtractFromTimestamp(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  if (rows.dense() && !args[0].constant) {
    ExtractTimestamps(kField, args[0].vector->data<int64_t>(), rows.count, out->data<int64_t>());
    return;
  }
  Map1<int64_t, int64_t>(args, rows, out, [](int64_t micros) { return ExtractTimestamp(kField, micros); });
}

template <DateTimeField kField>
void ExtractFromTimestampTz(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<TimestampTz, int64_t>(args, rows, out, [](TimestampTz value) { return ExtractTimestampTz(kField, value); });
}

/// Registers name(date|timestamp|timestamptz) for the types the field applies to.
template <DateTimeField kField>
void RegisterField(FunctionRegistry* registry, const char* name) {
  const DataType bigint = DataType::BigInt();
  if (DateTimeFieldAppliesTo(kField, TypeId::kDate)) {
    registry->Register(ScalarFunction{.name = name, .parameters = {DataType::Date()}, .return_type = bigint,
                                      .kernel = &ExtractFromDate<kField>});
  }
  if (DateTimeFieldAppliesTo(kField, TypeId::kTimestamp)) {
    registry->Register(ScalarFunction{.name = name, .parameters = {DataType::Timestamp()}, .return_type = bigint,
                                      .kernel = &ExtractFromTimestamp<kField>});
  }
  registry->Register(ScalarFunction{.name = name, .parameters = {DataType::TimestampTz()}, .return_type = bigint,
                                    .kernel = &ExtractFromTimestampTz<kField>});
}

// ---- the same fields of intervals -------------------------------------------------------------
// Java's truncating / and % (Trino's DateTimeFunctions), so a negative interval has
// negative fields: day(INTERVAL '-1 12:00:00' DAY TO SECOND) = -1, hour(…) = -12.

constexpr int64_t kMillisPerSecond = 1000, kMillisPerMinute = 60000, kMillisPerHour = 3600000,
                  kMillisPerDay = 86400000;

template <int64_t kModulus, int64_t kUnit>
void DayTimeField(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<int64_t, int64_t>(args, rows, out, [](int64_t millis) {
    return (kModulus == 0 ? millis : millis % kModulus) / kUnit;
  });
}

template <bool kYears>
void YearMonthField(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<int32_t, int64_t>(args, rows, out, [](int32_t months) { return int64_t{kYears ? months / 12 : months % 12}; });
}

// ---- date_trunc, date_add, date_diff ------------------------------------------------------

/// The unit parsed for the value type of a call (date or timestamp units).
template <TypeId kType>
DateTimeUnit Unit(const KernelContext& context, std::span<const Operand> args, uint32_t row) {
  return UnitAt(context, args[0], row, kType == TypeId::kDate ? TypeId::kDate : TypeId::kTimestamp);
}

void DateTruncDateKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int32_t* result = out->data<int32_t>();
  rows.ForEach([&](uint32_t row) {
    result[row] = DateTruncDate(Unit<TypeId::kDate>(context, args, row), args[1].Get<int32_t>(row));
  });
}

void DateTruncTimestampKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                              Vector* out) {
  int64_t* result = out->data<int64_t>();
  if (context.data != nullptr && rows.dense() && !args[1].constant) {
    DateTruncTimestamps(static_cast<const UnitData*>(context.data)->unit, args[1].vector->data<int64_t>(), rows.count,
                        result);
    return;
  }
  rows.ForEach([&](uint32_t row) {
    result[row] = DateTruncTimestamp(Unit<TypeId::kTimestamp>(context, args, row), args[1].Get<int64_t>(row));
  });
}

void DateTruncTimestampTzKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                                Vector* out) {
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) {
    result[row] = DateTruncTimestampTz(Unit<TypeId::kTimestampTz>(context, args, row), args[1].Get<TimestampTz>(row));
  });
}

void DateAddDateKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int32_t* result = out->data<int32_t>();
  rows.ForEach([&](uint32_t row) {
    result[row] = DateAddDate(Unit<TypeId::kDate>(context, args, row), args[1].Get<int64_t>(row),
                              args[2].Get<int32_t>(row));
  });
}

void DateAddTimestampKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                            Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) {
    result[row] = DateAddTimestamp(Unit<TypeId::kTimestamp>(context, args, row), args[1].Get<int64_t>(row),
                                   args[2].Get<int64_t>(row));
  });
}

void DateAddTimestampTzKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                              Vector* out) {
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) {
    result[row] = DateAddTimestampTz(Unit<TypeId::kTimestampTz>(context, args, row), args[1].Get<int64_t>(row),
                                     args[2].Get<TimestampTz>(row));
  });
}

void DateDiffDateKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) {
    result[row] =
        DateDiffDate(Unit<TypeId::kDate>(context, args, row), args[1].Get<int32_t>(row), args[2].Get<int32_t>(row));
  });
}

void DateDiffTimestampKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                             Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) {
    result[row] = DateDiffTimestamp(Unit<TypeId::kTimestamp>(context, args, row), args[1].Get<int64_t>(row),
                                    args[2].Get<int64_t>(row));
  });
}

void DateDiffTimestampTzKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                               Vector* out) {
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) {
    result[row] = DateDiffTimestampTz(Unit<TypeId::kTimestampTz>(context, args, row), args[1].Get<TimestampTz>(row),
                                      args[2].Get<TimestampTz>(row));
  });
}

// ---- last_day_of_month, to_milliseconds ------------------------------------------------------

void LastDayOfMonthDate(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<int32_t, int32_t>(args, rows, out, LastDayOfMonth);
}

void LastDayOfMonthTimestamp(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<int64_t, int32_t>(args, rows, out, [](int64_t micros) {
    return LastDayOfMonth(static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay)));
  });
}

void LastDayOfMonthTimestampTz(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<TimestampTz, int32_t>(args, rows, out, [](TimestampTz value) { return LastDayOfMonth(TimestampTzToDate(value)); });
}

void ToMilliseconds(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<int64_t, int64_t>(args, rows, out, [](int64_t millis) { return millis; });
}

}  // namespace

void RegisterDateTimeFieldFunctions(FunctionRegistry* registry) {
  using F = DateTimeField;
  RegisterField<F::kYear>(registry, "year");
  RegisterField<F::kQuarter>(registry, "quarter");
  RegisterField<F::kMonth>(registry, "month");
  RegisterField<F::kWeek>(registry, "week");
  RegisterField<F::kWeek>(registry, "week_of_year");
  RegisterField<F::kDay>(registry, "day");
  RegisterField<F::kDay>(registry, "day_of_month");
  RegisterField<F::kDayOfWeek>(registry, "day_of_week");
  RegisterField<F::kDayOfWeek>(registry, "dow");
  RegisterField<F::kDayOfYear>(registry, "day_of_year");
  RegisterField<F::kDayOfYear>(registry, "doy");
  RegisterField<F::kYearOfWeek>(registry, "year_of_week");
  RegisterField<F::kYearOfWeek>(registry, "yow");
  RegisterField<F::kHour>(registry, "hour");
  RegisterField<F::kMinute>(registry, "minute");
  RegisterField<F::kSecond>(registry, "second");
  RegisterField<F::kMillisecond>(registry, "millisecond");
  RegisterField<F::kTimezoneHour>(registry, "timezone_hour");
  RegisterField<F::kTimezoneMinute>(registry, "timezone_minute");

  const DataType bigint = DataType::BigInt(), day_time = DataType::IntervalDayTime(),
                 year_month = DataType::IntervalYearMonth();
  auto add = [&](const char* name, std::vector<ParameterType> parameters, DataType result, ScalarKernel kernel,
                 BindDataFunction bind = nullptr) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(parameters), .return_type = result,
                                      .kernel = kernel, .bind_data = bind});
  };
  add("day", {day_time}, bigint, &DayTimeField<0, kMillisPerDay>);
  add("hour", {day_time}, bigint, &DayTimeField<kMillisPerDay, kMillisPerHour>);
  add("minute", {day_time}, bigint, &DayTimeField<kMillisPerHour, kMillisPerMinute>);
  add("second", {day_time}, bigint, &DayTimeField<kMillisPerMinute, kMillisPerSecond>);
  add("millisecond", {day_time}, bigint, &DayTimeField<kMillisPerSecond, 1>);
  add("to_milliseconds", {day_time}, bigint, &ToMilliseconds);
  add("year", {year_month}, bigint, &YearMonthField<true>);
  add("month", {year_month}, bigint, &YearMonthField<false>);

  const DataType varchar = DataType::Varchar(), date = DataType::Date(), timestamp = DataType::Timestamp(),
                 timestamp_tz = DataType::TimestampTz();
  add("date_trunc", {varchar, date}, date, &DateTruncDateKernel, &BindUnit<TypeId::kDate>);
  add("date_trunc", {varchar, timestamp}, timestamp, &DateTruncTimestampKernel, &BindUnit<TypeId::kTimestamp>);
  add("date_trunc", {varchar, timestamp_tz}, timestamp_tz, &DateTruncTimestampTzKernel, &BindUnit<TypeId::kTimestamp>);
  add("date_add", {varchar, bigint, date}, date, &DateAddDateKernel, &BindUnit<TypeId::kDate>);
  add("date_add", {varchar, bigint, timestamp}, timestamp, &DateAddTimestampKernel, &BindUnit<TypeId::kTimestamp>);
  add("date_add", {varchar, bigint, timestamp_tz}, timestamp_tz, &DateAddTimestampTzKernel,
      &BindUnit<TypeId::kTimestamp>);
  add("date_diff", {varchar, date, date}, bigint, &DateDiffDateKernel, &BindUnit<TypeId::kDate>);
  add("date_diff", {varchar, timestamp, timestamp}, bigint, &DateDiffTimestampKernel, &BindUnit<TypeId::kTimestamp>);
  add("date_diff", {varchar, timestamp_tz, timestamp_tz}, bigint, &DateDiffTimestampTzKernel,
      &BindUnit<TypeId::kTimestamp>);
  add("last_day_of_month", {date}, date, &LastDayOfMonthDate);
  add("last_day_of_month", {timestamp}, date, &LastDayOfMonthTimestamp);
  add("last_day_of_month", {timestamp_tz}, date, &LastDayOfMonthTimestampTz);
}

}  // namespace sluice::sql::datetime
