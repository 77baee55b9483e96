// Zones and clocks: at_timezone (what x AT TIME ZONE z lowers to), with_timezone,
// from_unixtime / to_unixtime, current_date, current_timestamp / now(),
// localtimestamp, current_timezone() and date(x).
//
// current_* read the statement's start time from the session (SessionSettings::
// statement_time_micros), so every row of a statement sees one value; they are
// deterministic within a statement, so the evaluator computes them once.

#include "sql/expression/cast.h"
#include "sql/expression/functions/datetime_kernel.h"

namespace sluice::sql::datetime {

namespace {

void AtTimeZoneName(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  ZoneResolver zones(context);
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) {
    result[row] = AtTimeZone(args[0].Get<TimestampTz>(row), zones.Resolve(TextAt(args[1], row)));
  });
}

void AtTimeZoneOffset(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map2<TimestampTz, int64_t, TimestampTz>(args, rows, out, [](TimestampTz value, int64_t offset) {
    return AtTimeZone(value, ZoneIdOfOffset(offset));
  });
}

void WithTimeZoneKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  ZoneResolver zones(context);
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) {
    result[row] = WithTimeZone(args[0].Get<int64_t>(row), zones.Resolve(TextAt(args[1], row)));
  });
}

void FromUnixtimeSession(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const int32_t zone = SessionZone(context);
  Map1<double, TimestampTz>(args, rows, out, [zone](double seconds) { return FromUnixtime(seconds, zone); });
}

void FromUnixtimeZone(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  ZoneResolver zones(context);
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) {
    result[row] = FromUnixtime(args[0].Get<double>(row), zones.Resolve(TextAt(args[1], row)));
  });
}

void FromUnixtimeOffset(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) {
    result[row] = FromUnixtime(args[0].Get<double>(row), args[1].Get<int64_t>(row), args[2].Get<int64_t>(row));
  });
}

void ToUnixtimeKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Map1<TimestampTz, double>(args, rows, out, ToUnixtime);
}

// ---- the clock ----------------------------------------------------------------------------
// Each writes row 0 and copies it: these calls have no arguments, so the evaluator
// treats them as constants and asks for one row; a caller asking for more gets the
// same value in each.

template <typename T>
void Fill(const Rows& rows, Vector* out, T value) {
  T* result = out->data<T>();
  rows.ForEach([&](uint32_t row) { result[row] = value; });
}

/// The fractional digits asked for (argument 0 when present; Trino's default 3), kept
/// within what TIMESTAMP(6) stores.
int Precision(std::span<const Operand> args) {
  if (args.empty()) return 3;
  const int64_t precision = args[0].Get<int64_t>(0);
  if (precision < 0 || precision > 12) {
    throw InvalidArgumentError("timestamp precision must be between 0 and 12, got " + std::to_string(precision));
  }
  return precision > 6 ? 6 : static_cast<int>(precision);
}

void CurrentDateKernel(const KernelContext& context, std::span<const Operand>, const Rows& rows, Vector* out) {
  Fill<int32_t>(rows, out, CurrentDate(StatementTime(context), SessionZone(context)));
}

void CurrentTimestampKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                            Vector* out) {
  Fill<TimestampTz>(rows, out, CurrentTimestamp(StatementTime(context), SessionZone(context), Precision(args)));
}

void LocalTimestampKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  Fill<int64_t>(rows, out, LocalTimestamp(StatementTime(context), SessionZone(context), Precision(args)));
}

void CurrentTimezoneKernel(const KernelContext& context, std::span<const Operand>, const Rows& rows, Vector* out) {
  const std::string name = TimeZoneName(SessionZone(context));
  StringRef* result = out->data<StringRef>();
  rows.ForEach([&](uint32_t row) { result[row] = out->heap().Add(name); });
}

/// date(x): CAST(x AS date), with the cast's rules and messages.
void DateOf(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  const CastKernel cast = GetCastKernel(args[0].type(), DataType::Date());
  cast(CastContext{.session = context.session, .null_on_error = false}, args[0], rows, out);
}

}  // namespace

void RegisterDateTimeZoneFunctions(FunctionRegistry* registry) {
  const DataType varchar = DataType::Varchar(), bigint = DataType::BigInt(), dbl = DataType::Double();
  const DataType date = DataType::Date(), timestamp = DataType::Timestamp(), timestamp_tz = DataType::TimestampTz();
  auto add = [&](const char* name, std::vector<ParameterType> parameters, DataType result, ScalarKernel kernel,
                 BindDataFunction bind = nullptr) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(parameters), .return_type = result,
                                      .kernel = kernel, .bind_data = bind});
  };
  add("at_timezone", {timestamp_tz, varchar}, timestamp_tz, &AtTimeZoneName, &BindZone<1>);
  add("at_timezone", {timestamp_tz, DataType::IntervalDayTime()}, timestamp_tz, &AtTimeZoneOffset);
  add("with_timezone", {timestamp, varchar}, timestamp_tz, &WithTimeZoneKernel, &BindZone<1>);
  add("from_unixtime", {dbl}, timestamp_tz, &FromUnixtimeSession);
  add("from_unixtime", {dbl, varchar}, timestamp_tz, &FromUnixtimeZone, &BindZone<1>);
  add("from_unixtime", {dbl, bigint, bigint}, timestamp_tz, &FromUnixtimeOffset);
  add("to_unixtime", {timestamp_tz}, dbl, &ToUnixtimeKernel);
  add("current_date", {}, date, &CurrentDateKernel);
  add("current_timestamp", {}, timestamp_tz, &CurrentTimestampKernel);
  add("current_timestamp", {bigint}, timestamp_tz, &CurrentTimestampKernel);
  add("now", {}, timestamp_tz, &CurrentTimestampKernel);
  add("localtimestamp", {}, timestamp, &LocalTimestampKernel);
  add("localtimestamp", {bigint}, timestamp, &LocalTimestampKernel);
  add("current_timezone", {}, varchar, &CurrentTimezoneKernel);
  add("date", {varchar}, date, &DateOf);
  add("date", {timestamp}, date, &DateOf);
  add("date", {timestamp_tz}, date, &DateOf);
}

}  // namespace sluice::sql::datetime
