#pragma once
// Internal interface between the TPC-H driver (tpch.cpp) and the table writers
// (tpch_dimension_tables.cpp, tpch_orders.cpp).

#include <cstdint>

#include "output_file.h"
#include "random.h"
#include "tpch.h"
#include "tpch_text.h"

namespace sluice::datagen {

/// Upper bound of one .tbl line of any table; every writer reserves this per row.
inline constexpr size_t kMaxTblLineBytes = 1024;

/// Row counts of the tables that grow with the scale factor (TPC-H cardinalities).
struct TpchScale {
  explicit TpchScale(uint64_t scale_millionths)
      : suppliers(Scaled(10'000, scale_millionths, 4)),
        customers(Scaled(150'000, scale_millionths)),
        parts(Scaled(200'000, scale_millionths)),
        orders(Scaled(1'500'000, scale_millionths)),
        clerks(Scaled(1'000, scale_millionths)) {}

  /// At least 4, so that each part can have four distinct suppliers.
  int64_t suppliers;
  int64_t customers;
  int64_t parts;
  int64_t orders;
  /// O_CLERK is drawn from Clerk#1 .. Clerk#clerks.
  int64_t clerks;

 private:
  /// base * SF rounded down, but at least `minimum` rows.
  static int64_t Scaled(int64_t base, uint64_t scale_millionths, int64_t minimum = 1) {
    const auto rows =
        static_cast<int64_t>(static_cast<uint64_t>(base) * scale_millionths / 1'000'000);
    return rows > minimum ? rows : minimum;
  }
};

/// Suppliers of the four PARTSUPP rows of each part, also used for L_SUPPKEY so that
/// every lineitem references an existing PARTSUPP row.
///
/// Clause 4.2.3's formula repeats a supplier within one part for some supplier
/// counts below ~230 (SF < 0.023, outside the specification's range; dbgen has the
/// same flaw). For those counts the four suppliers are spaced S/4 apart instead, so
/// that (ps_partkey, ps_suppkey) is a key at every scale factor.
class PartSuppliers {
 public:
  /// `suppliers` must be at least 4.
  constexpr PartSuppliers(int64_t suppliers, int64_t parts)
      : suppliers_(suppliers), use_spec_formula_(SpecFormulaIsUnique(suppliers, parts)) {}

  /// Supplier key of the `slot`-th (0..3) PARTSUPP row of `part_key`.
  constexpr int64_t Supplier(int64_t part_key, int64_t slot) const {
    const int64_t shift = (part_key - 1) / suppliers_;
    if (use_spec_formula_) {
      return (part_key + slot * (suppliers_ / 4 + shift)) % suppliers_ + 1;
    }
    return (part_key + slot * (suppliers_ / 4) + shift) % suppliers_ + 1;
  }

 private:
  /// Slots i and i + k (k = 1..3) collide iff k * (S / 4 + shift) is a multiple of S.
  static constexpr bool SpecFormulaIsUnique(int64_t suppliers, int64_t parts) {
    for (int64_t shift = 0; shift <= (parts - 1) / suppliers; ++shift) {
      for (int64_t k = 1; k <= 3; ++k) {
        if (k * (suppliers / 4 + shift) % suppliers == 0) return false;
      }
    }
    return true;
  }

  int64_t suppliers_;
  bool use_spec_formula_;
};

/// Read-only inputs shared by all table writers of one run.
struct TpchContext {
  TpchScale scale;
  PartSuppliers part_suppliers;
  const TextPool& text;
  uint64_t seed;
  bool header;

  /// The random stream of `table`; orders and lineitem share the orders stream.
  Random StreamFor(TpchTable table) const {
    return Random(DeriveSeed(seed, static_cast<uint64_t>(table) + 1));
  }
};

/// P_RETAILPRICE in cents (clause 4.2.3).
constexpr int64_t RetailPriceCents(int64_t part_key) {
  return 90'000 + (part_key / 10) % 20'001 + 100 * (part_key % 1'000);
}

void WriteRegionTable(const TpchContext& context, OutputFile& file);
void WriteNationTable(const TpchContext& context, OutputFile& file);
void WriteSupplierTable(const TpchContext& context, OutputFile& file);
void WriteCustomerTable(const TpchContext& context, OutputFile& file);
void WritePartTable(const TpchContext& context, OutputFile& file);
void WritePartSuppTable(const TpchContext& context, OutputFile& file);

/// Generates ORDERS and LINEITEM together, because an order's status and total
/// price derive from its line items. Either file may be null (not written); the
/// rows of the other are the same either way.
void WriteOrdersAndLineitem(const TpchContext& context, OutputFile* orders, OutputFile* lineitem);

}  // namespace sluice::datagen
