#pragma once
// The space-occupancy event data set: one CSV file and optionally the same rows as
// JSON lines.

#include <cstdint>
#include <string>

namespace sluice::datagen {

/// What `sluice-datagen space-events` writes.
struct SpaceEventsOptions {
  std::string csv_path;
  /// Empty: no JSON lines file.
  std::string json_path;
  /// true: stop after the row that brings the CSV file to at least min_csv_bytes;
  /// false: write exactly num_rows rows.
  bool size_by_bytes = false;
  uint64_t num_rows = 0;
  uint64_t min_csv_bytes = 0;
  uint64_t seed = 0;
  /// Probability, in parts per 10^9, that each nullable column is NULL.
  uint32_t null_share_ppb = 50'000'000;
  /// RFC 4180 CSV with a header instead of the Redshift UNLOAD dialect.
  bool rfc4180 = false;
};

/// Writes the data set. Throws IoError.
void GenerateSpaceEvents(const SpaceEventsOptions& options);

}  // namespace sluice::datagen
