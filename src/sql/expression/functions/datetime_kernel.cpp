#include "sql/expression/functions/datetime_kernel.h"

#include <string>

#include "sql/expression/functions/builtin_functions.h"

namespace sluice::sql {

namespace datetime {

int32_t ZoneIdOf(std::string_view name) {
  int32_t zone_id = 0;
  if (!LookupTimeZone(name, &zone_id)) {
    throw InvalidArgumentError("unknown time zone '" + std::string(name) + "'");
  }
  return zone_id;
}

int32_t ZoneIdOfOffset(int64_t offset_millis) {
  constexpr int64_t kMillisPerMinute = 60000;
  constexpr int64_t kLimit = 14 * 60 * kMillisPerMinute;
  if (offset_millis % kMillisPerMinute != 0 || offset_millis < -kLimit || offset_millis > kLimit) {
    throw InvalidArgumentError("invalid time zone offset " + Value::IntervalDayTime(offset_millis).ToString() +
                               " (expected whole minutes between -14:00 and +14:00)");
  }
  const int64_t minutes = offset_millis / kMillisPerMinute;
  const int64_t magnitude = minutes < 0 ? -minutes : minutes;
  const char name[6] = {minutes < 0 ? '-' : '+',
                        static_cast<char>('0' + magnitude / 600),
                        static_cast<char>('0' + magnitude / 60 % 10),
                        ':',
                        static_cast<char>('0' + magnitude % 60 / 10),
                        static_cast<char>('0' + magnitude % 10)};
  return ZoneIdOf(std::string_view(name, 6));
}

int64_t CheckedAdd(int64_t a, int64_t b, const char* what) {
  int64_t result = 0;
  if (__builtin_add_overflow(a, b, &result)) throw ConversionError(std::string(what) + " overflow");
  return result;
}

int64_t CheckedMultiply(int64_t a, int64_t b, const char* what) {
  int64_t result = 0;
  if (__builtin_mul_overflow(a, b, &result)) throw ConversionError(std::string(what) + " overflow");
  return result;
}

int64_t IntervalMicros(int64_t millis) {
  int64_t micros = 0;
  if (__builtin_mul_overflow(millis, int64_t{1000}, &micros)) {
    throw InvalidArgumentError("timestamp out of range: the interval " + Value::IntervalDayTime(millis).ToString() +
                               " exceeds the timestamp range");
  }
  return micros;
}

}  // namespace datetime

void RegisterDateTimeFunctions(FunctionRegistry* registry) {
  datetime::RegisterDateTimeFieldFunctions(registry);
  datetime::RegisterDateTimeZoneFunctions(registry);
  datetime::RegisterDateTimeTextFunctions(registry);
}

}  // namespace sluice::sql
