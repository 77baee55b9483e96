// variance / var_samp / var_pop / stddev / stddev_samp / stddev_pop over double (every
// numeric type coerces to it), with Welford's running mean so that a long stream of
// large, close values keeps its precision, and Chan et al.'s pairwise merge so that
// per-thread partial states combine exactly as one pass would (up to rounding).

#include <cmath>

#include "exec/aggregate/aggregate_registry.h"
#include "exec/aggregate/simple_aggregate.h"

namespace sluice::exec {
namespace {

using sql::Operand;
using Args = std::span<const Operand>;

enum class Statistic : uint8_t { kVarSample, kVarPopulation, kStddevSample, kStddevPopulation };

struct VarianceOp : SkipNullArguments<1> {
  struct State {
    int64_t count;
    double mean;
    double m2;  ///< Sum of squared distances from the mean.
  };
  Statistic statistic = Statistic::kVarSample;

  void Add(State& s, Args args, uint32_t row) const {
    double x = args[0].Get<double>(row);
    ++s.count;
    double delta = x - s.mean;
    s.mean += delta / static_cast<double>(s.count);
    s.m2 += delta * (x - s.mean);
  }
  void Merge(State& t, State& s) const {
    if (s.count == 0) return;
    if (t.count == 0) {
      t = s;
      return;
    }
    double n_t = static_cast<double>(t.count);
    double n_s = static_cast<double>(s.count);
    double n = n_t + n_s;
    double delta = s.mean - t.mean;
    t.mean += delta * n_s / n;
    t.m2 += s.m2 + delta * delta * n_t * n_s / n;
    t.count += s.count;
  }
  void Final(State& s, Vector* out, size_t row) const {
    bool sample = statistic == Statistic::kVarSample || statistic == Statistic::kStddevSample;
    int64_t divisor = sample ? s.count - 1 : s.count;
    if (s.count == 0 || divisor <= 0) return out->SetNull(row);
    double variance = s.m2 / static_cast<double>(divisor);
    bool root = statistic == Statistic::kStddevSample ||
                statistic == Statistic::kStddevPopulation;
    out->data<double>()[row] = root ? std::sqrt(variance) : variance;
  }
};

}  // namespace

void RegisterStatisticalAggregates(AggregateRegistry* r) {
  struct Entry {
    const char* name;
    AggregateFactory factory;
  };
#define SLUICE_VARIANCE_FACTORY(statistic)                                           \
  [](const std::vector<DataType>& types) {                                           \
    return MakeSimple<VarianceOp>("variance", types, DataType::Double(),             \
                                  VarianceOp{{}, Statistic::statistic});             \
  }
  const Entry entries[] = {
      {"variance", SLUICE_VARIANCE_FACTORY(kVarSample)},
      {"var_samp", SLUICE_VARIANCE_FACTORY(kVarSample)},
      {"var_pop", SLUICE_VARIANCE_FACTORY(kVarPopulation)},
      {"stddev", SLUICE_VARIANCE_FACTORY(kStddevSample)},
      {"stddev_samp", SLUICE_VARIANCE_FACTORY(kStddevSample)},
      {"stddev_pop", SLUICE_VARIANCE_FACTORY(kStddevPopulation)},
  };
#undef SLUICE_VARIANCE_FACTORY
  for (const Entry& e : entries) r->Register({e.name, {DataType::Double()}, e.factory});
}

}  // namespace sluice::exec
