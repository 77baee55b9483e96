#pragma once
// What the date/time kernels (datetime_*.cpp beside this header) share: row loops over
// the fixed-width layouts, the session's zone and statement time, and bind data for
// constant unit, zone and pattern arguments.
//
// Layouts (core/types.h): DATE int32 days, TIMESTAMP int64 µs, TIMESTAMP WITH TIME ZONE
// TimestampTz, INTERVAL DAY TO SECOND int64 ms, INTERVAL YEAR TO MONTH int32 months.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/datetime_functions.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/value.h"
#include "sql/expression/function_registry.h"

namespace sluice::sql::datetime {

/// result[row] = f(a[row]) for each row; a dense loop over plain arrays when the
/// argument is a column and the rows are 0..count.
template <typename A, typename R, typename F>
void Map1(std::span<const Operand> args, const Rows& rows, Vector* out, F&& f) {
  R* result = out->data<R>();
  if (rows.dense() && !args[0].constant) {
    const A* a = args[0].vector->data<A>();
    for (size_t i = 0; i < rows.count; ++i) result[i] = f(a[i]);
    return;
  }
  rows.ForEach([&](uint32_t row) { result[row] = f(args[0].Get<A>(row)); });
}

/// result[row] = f(a[row], b[row]).
template <typename A, typename B, typename R, typename F>
void Map2(std::span<const Operand> args, const Rows& rows, Vector* out, F&& f) {
  R* result = out->data<R>();
  rows.ForEach([&](uint32_t row) { result[row] = f(args[0].Get<A>(row), args[1].Get<B>(row)); });
}

/// The text of a VARCHAR argument at `row`.
inline std::string_view TextAt(const Operand& operand, uint32_t row) {
  return operand.Get<StringRef>(row).view();
}

/// The session's zone id (UTC without a session).
inline int32_t SessionZone(const KernelContext& context) {
  return context.session != nullptr ? context.session->time_zone : kUtcZoneId;
}

/// The statement's start time in UTC µs: the session's, else the clock's now.
inline int64_t StatementTime(const KernelContext& context) {
  if (context.session != nullptr && context.session->statement_time_micros != 0) {
    return context.session->statement_time_micros;
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Resolves a zone name as Trino does: "UTC", "+05:30", "America/New_York", and IANA
/// names in any letter case ("america/new_york" is America/New_York). False when unknown.
bool LookupZoneName(std::string_view name, int32_t* zone_id);

/// A zone name as AT TIME ZONE, with_timezone and friends accept it (LookupZoneName);
/// throws InvalidArgumentError "unknown time zone 'Mars/Olympus'".
int32_t ZoneIdOf(std::string_view name);

/// A fixed-offset zone from an INTERVAL DAY TO SECOND of whole minutes within ±14:00
/// (AT TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE); throws InvalidArgumentError.
int32_t ZoneIdOfOffset(int64_t offset_millis);

/// Bind data of a constant zone argument.
struct ZoneData : FunctionData {
  int32_t zone_id = 0;
};

/// Resolves zone names row by row, remembering the last one (zones in a column repeat).
class ZoneResolver {
 public:
  explicit ZoneResolver(const KernelContext& context)
      : bound_(context.data != nullptr ? static_cast<const ZoneData*>(context.data) : nullptr) {}
  int32_t Resolve(std::string_view name) {
    if (bound_ != nullptr) return bound_->zone_id;
    if (!has_last_ || name != last_name_) {
      last_zone_ = ZoneIdOf(name);
      last_name_.assign(name);
      has_last_ = true;
    }
    return last_zone_;
  }

 private:
  const ZoneData* bound_;
  bool has_last_ = false;
  std::string last_name_;
  int32_t last_zone_ = 0;
};

/// Bind data for a constant zone name in argument `kIndex`; nothing (errors come at run
/// time, so that TRY can catch them) when it is not constant or not a known zone.
template <size_t kIndex>
std::shared_ptr<const FunctionData> BindZone(std::span<const Value* const> constants) {
  const Value* zone = constants.size() > kIndex ? constants[kIndex] : nullptr;
  if (zone == nullptr || zone->is_null() || zone->type().id() != TypeId::kVarchar) return nullptr;
  int32_t zone_id = 0;
  if (!LookupZoneName(zone->string(), &zone_id)) return nullptr;
  auto data = std::make_shared<ZoneData>();
  data->zone_id = zone_id;
  return data;
}

/// Bind data of a constant date_trunc / date_add / date_diff unit (argument 0).
struct UnitData : FunctionData {
  DateTimeUnit unit = DateTimeUnit::kDay;
};

/// Bind data for a constant unit valid for values of `kType`.
template <TypeId kType>
std::shared_ptr<const FunctionData> BindUnit(std::span<const Value* const> constants) {
  const Value* unit = constants.empty() ? nullptr : constants[0];
  if (unit == nullptr || unit->is_null() || unit->type().id() != TypeId::kVarchar) return nullptr;
  try {
    auto data = std::make_shared<UnitData>();
    data->unit = ParseDateTimeUnit(unit->string(), kType);
    return data;
  } catch (const InvalidArgumentError&) {
    return nullptr;  // reported when the call runs
  }
}

/// The unit at `row`: the bound constant, else parsed (and checked for `type`).
inline DateTimeUnit UnitAt(const KernelContext& context, const Operand& unit, uint32_t row,
                           TypeId type) {
  if (context.data != nullptr) return static_cast<const UnitData*>(context.data)->unit;
  return ParseDateTimeUnit(TextAt(unit, row), type);
}

/// Interval milliseconds as microseconds; throws "timestamp out of range" on overflow.
int64_t IntervalMicros(int64_t millis);

// Registration of each family; RegisterDateTimeFunctions calls them.
void RegisterDateTimeFieldFunctions(FunctionRegistry* registry);
void RegisterDateTimeZoneFunctions(FunctionRegistry* registry);
void RegisterDateTimeTextFunctions(FunctionRegistry* registry);

}  // namespace sluice::sql::datetime
