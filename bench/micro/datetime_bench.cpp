// Date/time kernels: date_trunc over 1M timestamps (the array helper and per value,
// plain and with a named zone), extract, and MySQL / Joda formatting and parsing.
//
//   ninja -C build sluice-micro-bench && build/sluice-micro-bench --benchmark_filter=DateTime
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/datetime_format.h"
#include "core/datetime_functions.h"
#include "core/time_zone.h"

namespace sluice {
namespace {

constexpr size_t kValues = 1 << 20;

/// Deterministic timestamps spread over 2000..2030, including negative-offset seconds.
const std::vector<int64_t>& Timestamps() {
  static const std::vector<int64_t> values = [] {
    std::vector<int64_t> out(kValues);
    uint64_t state = 0x9E3779B97F4A7C15ull;
    const int64_t start = int64_t{DaysFromCivil(2000, 1, 1)} * kMicrosPerDay;
    const int64_t span = int64_t{30} * 365 * kMicrosPerDay;
    for (int64_t& v : out) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      v = start + static_cast<int64_t>(state % static_cast<uint64_t>(span));
    }
    return out;
  }();
  return values;
}

void DateTimeTruncArray(benchmark::State& state, DateTimeUnit unit) {
  const std::vector<int64_t>& in = Timestamps();
  std::vector<int64_t> out(in.size());
  for (auto _ : state) {
    DateTruncTimestamps(unit, in.data(), in.size(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK_CAPTURE(DateTimeTruncArray, day, DateTimeUnit::kDay);
BENCHMARK_CAPTURE(DateTimeTruncArray, month, DateTimeUnit::kMonth);
BENCHMARK_CAPTURE(DateTimeTruncArray, week, DateTimeUnit::kWeek);

void DateTimeTruncTz(benchmark::State& state, DateTimeUnit unit) {
  const std::vector<int64_t>& in = Timestamps();
  int32_t zone = 0;
  LookupTimeZone("America/Los_Angeles", &zone);
  std::vector<TimestampTz> out(in.size());
  for (auto _ : state) {
    for (size_t i = 0; i < in.size(); ++i) {
      out[i] = DateTruncTimestampTz(unit, TimestampTz{in[i], zone, 0});
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK_CAPTURE(DateTimeTruncTz, day, DateTimeUnit::kDay);
BENCHMARK_CAPTURE(DateTimeTruncTz, month, DateTimeUnit::kMonth);

void DateTimeExtract(benchmark::State& state, DateTimeField field) {
  const std::vector<int64_t>& in = Timestamps();
  std::vector<int64_t> out(in.size());
  for (auto _ : state) {
    ExtractTimestamps(field, in.data(), in.size(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK_CAPTURE(DateTimeExtract, year, DateTimeField::kYear);
BENCHMARK_CAPTURE(DateTimeExtract, week, DateTimeField::kWeek);

constexpr size_t kFormatValues = 1 << 16;

void DateTimeFormatMySql(benchmark::State& state) {
  const std::vector<int64_t>& in = Timestamps();
  const auto format = CachedMySqlFormat("%Y-%m-%d %H:%i:%s.%f");
  std::string out;
  for (auto _ : state) {
    for (size_t i = 0; i < kFormatValues; ++i) {
      out.clear();
      AppendDateFormat(&out, in[i], *format);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kFormatValues));
}
BENCHMARK(DateTimeFormatMySql);

void DateTimeFormatJodaTz(benchmark::State& state) {
  const std::vector<int64_t>& in = Timestamps();
  const auto pattern = CachedJodaFormat("EEE, dd MMM yyyy HH:mm:ss ZZ");
  int32_t zone = 0;
  LookupTimeZone("Europe/Berlin", &zone);
  std::string out;
  for (auto _ : state) {
    for (size_t i = 0; i < kFormatValues; ++i) {
      out.clear();
      AppendFormatDatetime(&out, TimestampTz{in[i], zone, 0}, *pattern);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kFormatValues));
}
BENCHMARK(DateTimeFormatJodaTz);

void DateTimeParseMySql(benchmark::State& state) {
  const std::vector<int64_t>& in = Timestamps();
  const auto format = CachedMySqlFormat("%Y-%m-%d %H:%i:%s");
  std::vector<std::string> texts(kFormatValues);
  for (size_t i = 0; i < kFormatValues; ++i) AppendDateFormat(&texts[i], in[i], *format);
  for (auto _ : state) {
    for (const std::string& text : texts) benchmark::DoNotOptimize(DateParse(text, *format));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kFormatValues));
}
BENCHMARK(DateTimeParseMySql);

void DateTimeParseJoda(benchmark::State& state) {
  const std::vector<int64_t>& in = Timestamps();
  const auto pattern = CachedJodaFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  std::vector<std::string> texts(kFormatValues);
  for (size_t i = 0; i < kFormatValues; ++i) pattern->Append(&texts[i], in[i], kUtcZoneId);
  for (auto _ : state) {
    for (const std::string& text : texts) {
      benchmark::DoNotOptimize(ParseDatetime(text, *pattern, kUtcZoneId));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kFormatValues));
}
BENCHMARK(DateTimeParseJoda);

}  // namespace
}  // namespace sluice
