// Date/time ↔ text: date_format / date_parse (MySQL specifiers), format_datetime /
// parse_datetime (Joda patterns), from_iso8601_timestamp, from_iso8601_date and
// to_iso8601. Patterns are compiled by core/datetime_format.h; a constant pattern once
// at bind time, others through its per-thread cache.

#include "core/datetime_format.h"
#include "core/datetime_iso8601.h"
#include "sql/expression/functions/datetime_kernel.h"

namespace sluice::sql::datetime {

namespace {

/// Bind data: a compiled constant pattern.
struct PatternData : FunctionData {
  std::shared_ptr<const DateTimeFormat> format;
};

enum class Syntax : uint8_t { kMySql, kJoda };

/// Compiles argument 1 when it is a constant; a bad pattern is reported when the call
/// runs (so that TRY can catch it).
template <Syntax kSyntax>
std::shared_ptr<const FunctionData> BindPattern(std::span<const Value* const> constants) {
  const Value* pattern = constants.size() > 1 ? constants[1] : nullptr;
  if (pattern == nullptr || pattern->is_null()) return nullptr;
  try {
    auto data = std::make_shared<PatternData>();
    data->format = std::make_shared<const DateTimeFormat>(kSyntax == Syntax::kMySql
                                                              ? DateTimeFormat::CompileMySql(pattern->string())
                                                              : DateTimeFormat::CompileJoda(pattern->string()));
    return data;
  } catch (const InvalidArgumentError&) {
    return nullptr;
  }
}

/// The pattern of `row`: the bound one, else compiled through the per-thread cache.
template <Syntax kSyntax>
class PatternSource {
 public:
  PatternSource(const KernelContext& context, const Operand& pattern)
      : bound_(context.data != nullptr ? static_cast<const PatternData*>(context.data)->format.get() : nullptr),
        pattern_(pattern) {}
  const DateTimeFormat& At(uint32_t row) {
    if (bound_ != nullptr) return *bound_;
    cached_ = kSyntax == Syntax::kMySql ? CachedMySqlFormat(TextAt(pattern_, row))
                                        : CachedJodaFormat(TextAt(pattern_, row));
    return *cached_;
  }

 private:
  const DateTimeFormat* bound_;
  const Operand& pattern_;
  std::shared_ptr<const DateTimeFormat> cached_;
};

/// Writes text(row) → string into a VARCHAR result, reusing one buffer.
template <typename F>
void TextResult(const Rows& rows, Vector* out, F&& append) {
  std::string buffer;
  StringRef* result = out->data<StringRef>();
  rows.ForEach([&](uint32_t row) {
    buffer.clear();
    append(&buffer, row);
    result[row] = out->heap().Add(buffer);
  });
}

template <Syntax kSyntax>
void FormatTimestamp(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  PatternSource<kSyntax> patterns(context, args[1]);
  TextResult(rows, out, [&](std::string* text, uint32_t row) {
    patterns.At(row).Append(text, args[0].Get<int64_t>(row), kUtcZoneId);
  });
}

template <Syntax kSyntax>
void FormatTimestampTz(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  PatternSource<kSyntax> patterns(context, args[1]);
  TextResult(rows, out, [&](std::string* text, uint32_t row) {
    const TimestampTz value = args[0].Get<TimestampTz>(row);
    patterns.At(row).Append(text, value.micros, value.zone_id);
  });
}

void DateParseKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  PatternSource<Syntax::kMySql> patterns(context, args[1]);
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) { result[row] = DateParse(TextAt(args[0], row), patterns.At(row)); });
}

void ParseDatetimeKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  PatternSource<Syntax::kJoda> patterns(context, args[1]);
  const int32_t zone = SessionZone(context);
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) { result[row] = ParseDatetime(TextAt(args[0], row), patterns.At(row), zone); });
}

void FromIso8601TimestampKernel(const KernelContext& context, std::span<const Operand> args, const Rows& rows,
                                Vector* out) {
  const int32_t zone = SessionZone(context);
  TimestampTz* result = out->data<TimestampTz>();
  rows.ForEach([&](uint32_t row) { result[row] = FromIso8601Timestamp(TextAt(args[0], row), zone); });
}

void FromIso8601DateKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  int32_t* result = out->data<int32_t>();
  rows.ForEach([&](uint32_t row) { result[row] = FromIso8601Date(TextAt(args[0], row)); });
}

void ToIso8601Date(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  TextResult(rows, out, [&](std::string* text, uint32_t row) { AppendIso8601Date(text, args[0].Get<int32_t>(row)); });
}

void ToIso8601TimestampKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  TextResult(rows, out,
             [&](std::string* text, uint32_t row) { AppendIso8601Timestamp(text, args[0].Get<int64_t>(row)); });
}

void ToIso8601TimestampTzKernel(const KernelContext&, std::span<const Operand> args, const Rows& rows, Vector* out) {
  TextResult(rows, out,
             [&](std::string* text, uint32_t row) { AppendIso8601TimestampTz(text, args[0].Get<TimestampTz>(row)); });
}

}  // namespace

void RegisterDateTimeTextFunctions(FunctionRegistry* registry) {
  const DataType varchar = DataType::Varchar(), date = DataType::Date(), timestamp = DataType::Timestamp(),
                 timestamp_tz = DataType::TimestampTz();
  auto add = [&](const char* name, std::vector<ParameterType> parameters, DataType result, ScalarKernel kernel,
                 BindDataFunction bind = nullptr) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(parameters), .return_type = result,
                                      .kernel = kernel, .bind_data = bind});
  };
  add("date_format", {timestamp, varchar}, varchar, &FormatTimestamp<Syntax::kMySql>, &BindPattern<Syntax::kMySql>);
  add("date_format", {timestamp_tz, varchar}, varchar, &FormatTimestampTz<Syntax::kMySql>,
      &BindPattern<Syntax::kMySql>);
  add("date_parse", {varchar, varchar}, timestamp, &DateParseKernel, &BindPattern<Syntax::kMySql>);
  add("format_datetime", {timestamp, varchar}, varchar, &FormatTimestamp<Syntax::kJoda>, &BindPattern<Syntax::kJoda>);
  add("format_datetime", {timestamp_tz, varchar}, varchar, &FormatTimestampTz<Syntax::kJoda>,
      &BindPattern<Syntax::kJoda>);
  add("parse_datetime", {varchar, varchar}, timestamp_tz, &ParseDatetimeKernel, &BindPattern<Syntax::kJoda>);
  add("from_iso8601_timestamp", {varchar}, timestamp_tz, &FromIso8601TimestampKernel);
  add("from_iso8601_date", {varchar}, date, &FromIso8601DateKernel);
  add("to_iso8601", {date}, varchar, &ToIso8601Date);
  add("to_iso8601", {timestamp}, varchar, &ToIso8601TimestampKernel);
  add("to_iso8601", {timestamp_tz}, varchar, &ToIso8601TimestampTzKernel);
}

}  // namespace sluice::sql::datetime
