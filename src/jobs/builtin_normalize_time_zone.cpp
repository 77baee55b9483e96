// normalize_time_zone: columns of local wall-clock times (timestamp without time zone)
// read in `zone`, written as the same instants' wall-clock times in `target_zone`
// (default UTC), still timestamp without time zone:
//
//   normalize_time_zone: { from: clean, zone: America/Los_Angeles, columns: [event_ts] }
//   → SELECT CAST(with_timezone("event_ts", 'America/Los_Angeles') AT TIME ZONE 'UTC' AS timestamp(6))
//       AS "event_ts", … FROM "clean"
//
// Daylight-saving changes follow with_timezone: a local time in a gap (spring forward:
// 02:30 on 2021-03-14 in Los Angeles does not exist) moves forward by the gap (03:30
// PDT = 10:30 UTC); a local time in an overlap (fall back: 01:30 on 2021-11-07 happens
// twice) takes the earlier instant (PDT, 08:30 UTC). Columns of type timestamp with time
// zone already hold instants: `zone` does not apply, they are converted to target_zone
// and their zone dropped. Varchar columns are CAST to timestamp first (a value that
// does not parse fails the run). Zones are IANA names (America/New_York), UTC or fixed
// offsets (+05:30), in any case (as SQL takes them), checked when the spec is.

#include "core/time_zone.h"
#include "jobs/builtin_step_options.h"
#include "sql/expression/functions/datetime_kernel.h"

namespace sluice::jobs::builtin {

namespace {

struct NormalizeTimeZone {
  std::string zone;         ///< Canonical name (TimeZoneName).
  std::string target_zone;  ///< Canonical name; "UTC" by default.
  std::vector<std::pair<std::string, ListItem>> columns;
};

std::string ReadZone(const StepOptions& options, const Option& option) {
  const std::string name = options.reader().String(option.value, option.key, option.key_node, /*required=*/true);
  int32_t zone_id = 0;
  if (!sql::datetime::LookupZoneName(name, &zone_id)) {  // as with_timezone reads it: any case
    options.Fail(option.value, option.key,
                 "unknown time zone '" + name + "' (expected an IANA name like America/Los_Angeles, UTC or an offset like +05:30)");
  }
  return TimeZoneName(zone_id);
}

NormalizeTimeZone ReadNormalize(const StepOptions& options) {
  NormalizeTimeZone normalize;
  normalize.zone = ReadZone(options, options.Require("zone", "the zone the local times were written in"));
  normalize.target_zone = "UTC";
  if (const Option* target = options.Find("target_zone")) normalize.target_zone = ReadZone(options, *target);
  normalize.columns = ColumnNames(options, options.Require("columns", "the timestamp columns to convert"),
                                  /*non_empty=*/true);
  return normalize;
}

}  // namespace

const std::vector<std::string> kNormalizeTimeZoneKeys = {"zone", "target_zone", "columns"};

void CheckNormalizeTimeZone(const StepOptions& options) { ReadNormalize(options); }

std::string CompileNormalizeTimeZone(const StepOptions& options, const BuiltinContext& context) {
  const NormalizeTimeZone normalize = ReadNormalize(options);
  std::vector<bool> convert(context.input.num_fields(), false);
  for (const auto& [name, item] : normalize.columns) {
    const size_t index = InputColumn(options, context, item.node, item.key, name);
    const DataType& type = context.input.field(index).type;
    if (type.id() != TypeId::kTimestamp && type.id() != TypeId::kTimestampTz && type.id() != TypeId::kVarchar) {
      options.Fail(item.node, item.key,
                   "'" + context.input.field(index).name + "' is " + type.ToString() +
                       "; normalize_time_zone converts timestamp, timestamp with time zone and varchar columns");
    }
    convert[index] = true;
  }
  const std::string target = QuoteLiteral(normalize.target_zone);
  std::vector<std::string> items;
  for (size_t i = 0; i < context.input.num_fields(); ++i) {
    const std::string column = PassThrough(context, i);
    if (!convert[i]) {
      items.push_back(column);
      continue;
    }
    const TypeId type = context.input.field(i).type.id();
    std::string instant;
    if (type == TypeId::kTimestampTz) {
      instant = column;
    } else {
      const std::string local = type == TypeId::kVarchar ? "CAST(" + column + " AS timestamp(6))" : column;
      instant = "with_timezone(" + local + ", " + QuoteLiteral(normalize.zone) + ")";
    }
    items.push_back("CAST(" + instant + " AT TIME ZONE " + target + " AS timestamp(6)) AS " + column);
  }
  return SelectFrom(items, context);
}

}  // namespace sluice::jobs::builtin
