#pragma once
// TPC-H data set: the eight tables written as '|'-separated .tbl files.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::datagen {

/// The TPC-H tables, in generation order.
enum class TpchTable : uint8_t {
  kRegion,
  kNation,
  kSupplier,
  kCustomer,
  kPart,
  kPartSupp,
  kOrders,
  kLineitem,
};
inline constexpr int kNumTpchTables = 8;

/// Lower-case table name, also the file stem: DIR/<name>.tbl.
std::string_view TpchTableName(TpchTable table);

/// The table called `name`, if any.
std::optional<TpchTable> FindTpchTable(std::string_view name);

/// What `sluice-datagen tpch` writes.
struct TpchOptions {
  /// Scale factor in millionths: SF 1 is 1'000'000, SF 0.01 is 10'000. Integer so
  /// that row counts are exact and identical everywhere.
  uint64_t scale_millionths = 1'000'000;
  std::string out_dir;
  /// Bit i set: write table TpchTable(i).
  uint32_t table_mask = (1u << kNumTpchTables) - 1;
  uint64_t seed = 0;
  /// Write a first line of column names.
  bool header = false;
};

/// Writes the selected tables under options.out_dir (created if missing). Each
/// table depends only on (seed, scale), never on which other tables are selected.
/// Throws IoError.
void GenerateTpch(const TpchOptions& options);

}  // namespace sluice::datagen
