// Driver of the TPC-H data set: picks the tables, opens DIR/<table>.tbl and runs the
// table writers.

#include "tpch.h"

#include <array>
#include <filesystem>
#include <memory>
#include <system_error>

#include "tpch_tables.h"

namespace sluice::datagen {

namespace {

constexpr std::array<std::string_view, kNumTpchTables> kTableNames = {
    "region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"};

/// Stream number of the text pool, apart from the per-table streams.
constexpr uint64_t kTextPoolStream = 1000;

bool IsSelected(const TpchOptions& options, TpchTable table) {
  return (options.table_mask >> static_cast<int>(table) & 1u) != 0;
}

std::unique_ptr<OutputFile> OpenTableFile(const TpchOptions& options, TpchTable table) {
  if (!IsSelected(options, table)) return nullptr;
  const std::filesystem::path path =
      std::filesystem::path(options.out_dir) / (std::string(TpchTableName(table)) + ".tbl");
  return std::make_unique<OutputFile>(path.string());
}

using TableWriter = void (*)(const TpchContext&, OutputFile&);

}  // namespace

std::string_view TpchTableName(TpchTable table) {
  return kTableNames[static_cast<size_t>(table)];
}

std::optional<TpchTable> FindTpchTable(std::string_view name) {
  for (size_t i = 0; i < kTableNames.size(); ++i) {
    if (kTableNames[i] == name) return static_cast<TpchTable>(i);
  }
  return std::nullopt;
}

void GenerateTpch(const TpchOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.out_dir, error);
  if (error) {
    throw IoError("cannot create directory '" + options.out_dir + "': " + error.message());
  }
  const TextPool text(DeriveSeed(options.seed, kTextPoolStream), TextPool::kDefaultSize);
  const TpchScale scale(options.scale_millionths);
  const TpchContext context{scale, PartSuppliers(scale.suppliers, scale.parts), text,
                            options.seed, options.header};

  constexpr std::array<std::pair<TpchTable, TableWriter>, 6> kDimensionWriters = {{
      {TpchTable::kRegion, &WriteRegionTable},
      {TpchTable::kNation, &WriteNationTable},
      {TpchTable::kSupplier, &WriteSupplierTable},
      {TpchTable::kCustomer, &WriteCustomerTable},
      {TpchTable::kPart, &WritePartTable},
      {TpchTable::kPartSupp, &WritePartSuppTable},
  }};
  for (const auto& [table, writer] : kDimensionWriters) {
    const std::unique_ptr<OutputFile> file = OpenTableFile(options, table);
    if (file == nullptr) continue;
    writer(context, *file);
    file->Close();
  }

  const std::unique_ptr<OutputFile> orders = OpenTableFile(options, TpchTable::kOrders);
  const std::unique_ptr<OutputFile> lineitem = OpenTableFile(options, TpchTable::kLineitem);
  if (orders == nullptr && lineitem == nullptr) return;
  WriteOrdersAndLineitem(context, orders.get(), lineitem.get());
  if (orders != nullptr) orders->Close();
  if (lineitem != nullptr) lineitem->Close();
}

}  // namespace sluice::datagen
