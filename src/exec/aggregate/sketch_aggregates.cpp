// approx_distinct: HyperLogLog with 2^11 registers, standard error 1.04/sqrt(2048) ≈
// 2.3% (Trino's default). approx_percentile: a mergeable compacting quantile sketch
// (KLL's idea with equal level capacities): exact while a group holds fewer than
// kLevelCapacity values, then each full level sorts itself and promotes every other
// value to the next level with twice the weight.

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <vector>

#include "core/error.h"
#include "exec/aggregate/aggregate_registry.h"
#include "exec/aggregate/key_hash.h"
#include "exec/aggregate/simple_aggregate.h"

namespace sluice::exec {
namespace {

using sql::Operand;
using Args = std::span<const Operand>;

// ---- approx_distinct ----

constexpr int kHllIndexBits = 11;
constexpr size_t kHllRegisters = size_t{1} << kHllIndexBits;

template <typename T>
struct ApproxDistinctOp : SkipNullArguments<1> {
  struct State {
    std::unique_ptr<std::array<uint8_t, kHllRegisters>> registers;  ///< Null while empty.
  };
  void Add(State& s, Args args, uint32_t row) const {
    Insert(s, HashValue(args[0].Get<T>(row)));
  }
  static void Insert(State& s, uint64_t hash) {
    if (!s.registers) s.registers = std::make_unique<std::array<uint8_t, kHllRegisters>>();
    size_t index = hash >> (64 - kHllIndexBits);
    uint64_t rest = (hash << kHllIndexBits) | (uint64_t{1} << (kHllIndexBits - 1));
    auto rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
    uint8_t& reg = (*s.registers)[index];
    if (rank > reg) reg = rank;
  }
  void Merge(State& t, State& s) const {
    if (!s.registers) return;
    if (!t.registers) {
      t.registers = std::move(s.registers);
      return;
    }
    for (size_t i = 0; i < kHllRegisters; ++i) {
      (*t.registers)[i] = std::max((*t.registers)[i], (*s.registers)[i]);
    }
  }
  void Final(State& s, Vector* out, size_t row) const {
    out->data<int64_t>()[row] = s.registers ? Estimate(*s.registers) : 0;
  }
  static int64_t Estimate(const std::array<uint8_t, kHllRegisters>& registers) {
    const double m = static_cast<double>(kHllRegisters);
    double sum = 0;
    size_t zeros = 0;
    for (uint8_t r : registers) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    const double alpha = 0.7213 / (1 + 1.079 / m);
    double estimate = alpha * m * m / sum;
    // Small range: linear counting is far more accurate while registers are empty.
    if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / static_cast<double>(zeros));
    return std::llround(estimate);
  }
};

AggregateFunctionPtr MakeApproxDistinct(const std::vector<DataType>& types) {
  return DispatchPhysical(types[0].physical_type(), [&]<typename T>() -> AggregateFunctionPtr {
    if constexpr (std::is_void_v<T>) {
      throw NotImplementedError("approx_distinct(" + types[0].ToString() + ")");
    } else {
      return MakeSimple<ApproxDistinctOp<T>>("approx_distinct", types, DataType::BigInt());
    }
  });
}

// ---- approx_percentile ----

class QuantileSketch {
 public:
  static constexpr size_t kLevelCapacity = 1024;

  void Add(double value) {
    if (levels_.empty()) levels_.emplace_back();
    levels_[0].push_back(value);
    if (levels_[0].size() >= kLevelCapacity) Compact(0);
  }

  void Merge(QuantileSketch& other) {
    if (levels_.size() < other.levels_.size()) levels_.resize(other.levels_.size());
    for (size_t i = 0; i < other.levels_.size(); ++i) {
      levels_[i].insert(levels_[i].end(), other.levels_[i].begin(), other.levels_[i].end());
    }
    for (size_t i = 0; i < levels_.size(); ++i) {
      if (levels_[i].size() >= kLevelCapacity) Compact(i);
    }
  }

  /// The smallest retained value whose cumulative weight reaches `q` of the total.
  double Quantile(double q) {
    std::vector<std::pair<double, uint64_t>> weighted;
    uint64_t total = 0;
    for (size_t i = 0; i < levels_.size(); ++i) {
      for (double v : levels_[i]) weighted.emplace_back(v, uint64_t{1} << i);
      total += levels_[i].size() << i;
    }
    std::sort(weighted.begin(), weighted.end());
    double target = q * static_cast<double>(total);
    uint64_t cumulative = 0;
    for (const auto& [value, weight] : weighted) {
      cumulative += weight;
      if (static_cast<double>(cumulative) >= target) return value;
    }
    return weighted.back().first;
  }

 private:
  void Compact(size_t level) {
    std::vector<double>& items = levels_[level];
    std::sort(items.begin(), items.end());
    if (levels_.size() == level + 1) levels_.emplace_back();
    std::vector<double>& next = levels_[level + 1];  // after emplace_back: no dangling
    std::vector<double>& current = levels_[level];
    // Alternate the kept half so that rounding does not drift one way.
    size_t offset = toggles_ >> level & 1;
    toggles_ ^= uint64_t{1} << level;
    size_t pairs = current.size() / 2 * 2;
    for (size_t i = offset; i < pairs; i += 2) next.push_back(current[i]);
    // An odd item out stays at this level.
    bool odd = current.size() % 2 != 0;
    double last = odd ? current.back() : 0;
    current.clear();
    if (odd) current.push_back(last);
    if (next.size() >= kLevelCapacity) Compact(level + 1);
  }

  std::vector<std::vector<double>> levels_;  ///< levels_[i] items weigh 2^i.
  uint64_t toggles_ = 0;
};

template <typename T>
struct ApproxPercentileOp : SkipNullArguments<1> {
  struct State {
    std::unique_ptr<QuantileSketch> sketch;
    double percentile = -1;
  };
  void Add(State& s, Args args, uint32_t row) const {
    if (!s.sketch) {
      s.sketch = std::make_unique<QuantileSketch>();
      if (args[1].IsNull(row)) throw InvalidArgumentError("Percentile cannot be NULL");
      s.percentile = args[1].Get<double>(row);
      if (!(s.percentile >= 0 && s.percentile <= 1)) {
        throw InvalidArgumentError("Percentile must be between 0 and 1");
      }
    }
    s.sketch->Add(static_cast<double>(args[0].Get<T>(row)));
  }
  void Merge(State& t, State& s) const {
    if (!s.sketch) return;
    if (!t.sketch) {
      t.sketch = std::move(s.sketch);
      t.percentile = s.percentile;
      return;
    }
    t.sketch->Merge(*s.sketch);
  }
  void Final(State& s, Vector* out, size_t row) const {
    if (!s.sketch) return out->SetNull(row);
    out->data<T>()[row] = static_cast<T>(s.sketch->Quantile(s.percentile));
  }
};

}  // namespace

void RegisterSketchAggregates(AggregateRegistry* r) {
  r->Register({"approx_distinct", {sql::ParameterType::T()}, MakeApproxDistinct});
  r->Register({"approx_percentile",
               {DataType::BigInt(), DataType::Double()},
               [](const std::vector<DataType>& types) {
                 return MakeSimple<ApproxPercentileOp<int64_t>>("approx_percentile", types,
                                                                types[0]);
               }});
  r->Register({"approx_percentile",
               {DataType::Real(), DataType::Double()},
               [](const std::vector<DataType>& types) {
                 return MakeSimple<ApproxPercentileOp<float>>("approx_percentile", types,
                                                              types[0]);
               }});
  r->Register({"approx_percentile",
               {DataType::Double(), DataType::Double()},
               [](const std::vector<DataType>& types) {
                 return MakeSimple<ApproxPercentileOp<double>>("approx_percentile", types,
                                                               types[0]);
               }});
}

}  // namespace sluice::exec
