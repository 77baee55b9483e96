// approx_distinct's error bound and approx_percentile's accuracy, grouped and combined.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "aggregate_test_util.h"
#include "core/error.h"

namespace sluice::exec {
namespace {

using testing::Resolve;
using testing::StateArray;

/// Feeds `values` to `state` chunk by chunk.
void Feed(const AggregateFunction& f, uint8_t* state, const DataType& type,
          const std::vector<int64_t>& values, const Value* second = nullptr) {
  for (size_t start = 0; start < values.size(); start += kChunkCapacity) {
    size_t n = std::min(kChunkCapacity, values.size() - start);
    Vector column(type);
    for (size_t i = 0; i < n; ++i) {
      if (type.id() == TypeId::kDouble) {
        column.data<double>()[i] = static_cast<double>(values[start + i]);
      } else if (type.id() == TypeId::kVarchar) {
        column.SetString(i, "value-" + std::to_string(values[start + i]));
      } else {
        column.data<int64_t>()[i] = values[start + i];
      }
    }
    std::vector<sql::Operand> operands{{&column, false}};
    Vector constant(DataType::Double(), 1);
    if (second != nullptr) {
      second->WriteTo(&constant, 0);
      operands.push_back({&constant, true});
    }
    f.UpdateSingle(state, operands, sql::Rows{nullptr, n});
  }
}

TEST(AggregateSketch, ApproxDistinctWithinErrorBoundOnOneMillionValues) {
  for (DataType type : {DataType::BigInt(), DataType::Varchar()}) {
    auto f = Resolve("approx_distinct", {type});
    std::vector<int64_t> values;
    for (int64_t i = 0; i < 1'000'000; ++i) values.push_back(i * 7 + 3);
    StateArray state(*f, 1);
    Feed(*f, state[0], type, values);
    Feed(*f, state[0], type, values);  // duplicates change nothing
    double estimate = static_cast<double>(state.Finalize()[0].int64());
    // Standard error 2.3%: 3 sigma is 7%; this data lands far closer.
    EXPECT_NEAR(estimate, 1e6, 0.07e6) << type.ToString();
  }
}

TEST(AggregateSketch, ApproxDistinctSmallCountsAreNearlyExactAndMerge) {
  auto f = Resolve("approx_distinct", {DataType::BigInt()});
  StateArray states(*f, 2);
  std::vector<int64_t> a, b;
  for (int64_t i = 0; i < 100; ++i) a.push_back(i);
  for (int64_t i = 50; i < 150; ++i) b.push_back(i);
  Feed(*f, states[0], DataType::BigInt(), a);
  Feed(*f, states[1], DataType::BigInt(), b);
  uint8_t* source = states[1];
  uint8_t* target = states[0];
  f->Combine(&source, &target, 1);
  EXPECT_NEAR(static_cast<double>(states.Finalize()[0].int64()), 150, 3);
  StateArray empty(*f, 1);
  EXPECT_EQ(empty.Finalize()[0], Value::BigInt(0));
}

TEST(AggregateSketch, ApproxPercentileIsExactForSmallInputs) {
  auto f = Resolve("approx_percentile", {DataType::BigInt(), DataType::Double()});
  StateArray state(*f, 1);
  std::vector<int64_t> values{5, 1, 4, 2, 3};
  Value half = Value::Double(0.5);
  Feed(*f, state[0], DataType::BigInt(), values, &half);
  EXPECT_EQ(state.Finalize()[0], Value::BigInt(3));
}

TEST(AggregateSketch, ApproxPercentileRankErrorOnAMillionShuffledValues) {
  auto f = Resolve("approx_percentile", {DataType::Double(), DataType::Double()});
  const int64_t n = 1'000'000;
  std::vector<int64_t> values(n);
  for (int64_t i = 0; i < n; ++i) values[i] = i;
  std::shuffle(values.begin(), values.end(), std::mt19937_64(7));
  for (double q : {0.01, 0.25, 0.5, 0.9, 0.99}) {
    // Four partial sketches combined, as four threads would.
    StateArray partials(*f, 4);
    Value percentile = Value::Double(q);
    for (size_t p = 0; p < 4; ++p) {
      std::vector<int64_t> part(values.begin() + p * n / 4, values.begin() + (p + 1) * n / 4);
      Feed(*f, partials[p], DataType::Double(), part, &percentile);
    }
    for (size_t p = 1; p < 4; ++p) {
      uint8_t* source = partials[p];
      uint8_t* target = partials[0];
      f->Combine(&source, &target, 1);
    }
    double result = partials.Finalize()[0].float64();
    EXPECT_NEAR(result / n, q, 0.01) << "q=" << q;
  }
}

TEST(AggregateSketch, ApproxPercentileRejectsOutOfRangePercentiles) {
  auto f = Resolve("approx_percentile", {DataType::BigInt(), DataType::Double()});
  StateArray state(*f, 1);
  Value bad = Value::Double(1.5);
  EXPECT_THROW(Feed(*f, state[0], DataType::BigInt(), {1, 2}, &bad), InvalidArgumentError);
  StateArray empty(*f, 1);
  EXPECT_TRUE(empty.Finalize()[0].is_null());
}

}  // namespace
}  // namespace sluice::exec
