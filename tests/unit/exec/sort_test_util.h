#pragma once
// Helpers for the sort tests: rows of Values in, sorted rows of Values out, and a
// reference order built from Value comparisons.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/chunk.h"
#include "core/scheduler.h"
#include "core/value.h"
#include "exec/sort/sorter.h"

namespace sluice::exec::testing {

using Row = std::vector<Value>;

/// Chunks of at most `chunk_rows` rows holding `rows`.
inline std::vector<Chunk> MakeChunks(const std::vector<DataType>& types,
                                     const std::vector<Row>& rows, size_t chunk_rows = 1000) {
  std::vector<Chunk> chunks;
  for (size_t begin = 0; begin < rows.size(); begin += chunk_rows) {
    const size_t end = std::min(rows.size(), begin + chunk_rows);
    Chunk chunk(types);
    for (size_t r = begin; r < end; ++r) {
      for (size_t c = 0; c < types.size(); ++c) rows[r][c].WriteTo(&chunk.column(c), r - begin);
    }
    chunk.set_size(end - begin);
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

/// Every row of `sorted` as Values.
inline std::vector<Row> ReadAll(const SortedRows& sorted) {
  std::vector<Row> rows;
  Chunk chunk(sorted.output_types());
  for (size_t i = 0; i < sorted.num_chunks(); ++i) {
    sorted.ScanChunk(i, &chunk);
    for (size_t r = 0; r < chunk.size(); ++r) {
      Row row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) {
        row.push_back(Value::FromVector(chunk.column(c), r));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

/// Sorts `rows` with `num_threads` local states, the rows split into contiguous slices in
/// local-state order, each slice sunk in chunks of `chunk_rows`.
inline std::vector<Row> SortRows(const std::vector<DataType>& types,
                                 const std::vector<SortKey>& keys, const std::vector<Row>& rows,
                                 size_t num_threads = 1, size_t chunk_rows = 1000) {
  Sorter sorter(SortSpec{types, keys, {}});
  auto global = sorter.MakeGlobalState();
  std::vector<std::unique_ptr<SortLocalState>> locals;
  for (size_t t = 0; t < num_threads; ++t) locals.push_back(sorter.MakeLocalState(*global));
  TaskGroup group;
  for (size_t t = 0; t < num_threads; ++t) {
    group.Run([&, t] {
      const size_t begin = rows.size() * t / num_threads;
      const size_t end = rows.size() * (t + 1) / num_threads;
      std::vector<Row> slice(rows.begin() + begin, rows.begin() + end);
      for (const Chunk& chunk : MakeChunks(types, slice, chunk_rows)) {
        sorter.Sink(*locals[t], chunk);
      }
      sorter.Combine(*global, *locals[t]);
    });
  }
  group.Wait();
  return ReadAll(*sorter.Finalize(*global));
}

/// Java's Double.compare, which Trino's ORDER BY uses: NaN last, -0.0 before 0.0.
inline int CompareDoubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) - std::isnan(b);
  if (a < b) return -1;
  if (a > b) return 1;
  return std::signbit(b) - std::signbit(a);
}

/// Reference order of two rows under `keys`.
inline int CompareRows(const Row& a, const Row& b, const std::vector<SortKey>& keys) {
  for (const SortKey& key : keys) {
    const Value& x = a[key.column];
    const Value& y = b[key.column];
    if (x.is_null() || y.is_null()) {
      if (x.is_null() && y.is_null()) continue;
      return x.is_null() == key.nulls_first ? -1 : 1;
    }
    int c;
    const TypeId id = x.type().id();
    if (id == TypeId::kDouble || id == TypeId::kReal) {
      c = CompareDoubles(x.float64(), y.float64());
    } else if (id == TypeId::kTimestampTz) {
      c = (x.timestamp_tz().micros > y.timestamp_tz().micros) -
          (x.timestamp_tz().micros < y.timestamp_tz().micros);
    } else {
      c = Value::Compare(x, y);
    }
    if (c != 0) return key.ascending ? c : -c;
  }
  return 0;
}

inline std::vector<Row> ReferenceSort(std::vector<Row> rows, const std::vector<SortKey>& keys) {
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const Row& a, const Row& b) { return CompareRows(a, b, keys) < 0; });
  return rows;
}

/// Same rows, compared exactly (bits of doubles, NULL = NULL).
inline void ExpectSameRows(const std::vector<Row>& actual, const std::vector<Row>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t r = 0; r < actual.size(); ++r) {
    for (size_t c = 0; c < actual[r].size(); ++c) {
      const Value& x = actual[r][c];
      const Value& y = expected[r][c];
      ASSERT_EQ(x.is_null(), y.is_null()) << "row " << r << " column " << c;
      if (x.is_null()) continue;
      if (x.type().id() == TypeId::kDouble || x.type().id() == TypeId::kReal) {
        ASSERT_EQ(std::isnan(x.float64()), std::isnan(y.float64())) << "row " << r;
        if (!std::isnan(x.float64())) {
          ASSERT_EQ(std::bit_cast<uint64_t>(x.float64()), std::bit_cast<uint64_t>(y.float64()))
              << "row " << r << ": " << x.ToString() << " vs " << y.ToString();
        }
      } else if (x.type().id() == TypeId::kTimestampTz) {
        ASSERT_EQ(x.timestamp_tz(), y.timestamp_tz()) << "row " << r;
      } else {
        ASSERT_EQ(Value::Compare(x, y), 0)
            << "row " << r << " column " << c << ": " << x.ToString() << " vs " << y.ToString();
      }
    }
  }
}

}  // namespace sluice::exec::testing
