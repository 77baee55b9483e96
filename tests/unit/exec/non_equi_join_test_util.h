#pragma once
// Helpers for the nested-loop and range join tests: an in-memory chunk source, running
// a hand-built physical plan into rows, SQL comparisons of Values with three-valued
// logic, and a naive reference join to compare the operators with.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/chunk.h"
#include "core/error.h"
#include "core/scheduler.h"
#include "core/value.h"
#include "core/vector_copy.h"
#include "exec/join/join_type.h"
#include "exec/operators/result_collector.h"
#include "exec/pipeline/pipeline.h"
#include "sort_test_util.h"

namespace sluice::exec::testing {

/// A source that hands out copies of fixed chunks, each to one thread (any thread).
class PhysicalChunkSource : public PhysicalOperator {
 public:
  PhysicalChunkSource(std::vector<DataType> types, std::vector<Chunk> chunks)
      : PhysicalOperator(std::move(types), std::vector<std::unique_ptr<PhysicalOperator>>{}),
        chunks_(std::move(chunks)) {}
  std::string name() const override { return "ChunkSource"; }
  bool IsSource() const override { return true; }

  struct State : GlobalSourceState {
    std::atomic<size_t> next{0};
  };
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext&) const override {
    return std::make_unique<State>();
  }
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState&, Chunk* out) const override {
    const size_t index = static_cast<State&>(global).next.fetch_add(1);
    if (index >= chunks_.size()) return SourceResult::kFinished;
    const Chunk& chunk = chunks_[index];
    std::vector<uint32_t> rows(chunk.size());
    for (size_t r = 0; r < rows.size(); ++r) rows[r] = static_cast<uint32_t>(r);
    std::vector<size_t> columns(chunk.num_columns());
    for (size_t c = 0; c < columns.size(); ++c) columns[c] = c;
    AppendRows(chunk, columns, rows, out);
    return SourceResult::kHaveOutput;
  }

 private:
  std::vector<Chunk> chunks_;
};

inline std::unique_ptr<PhysicalOperator> Source(const std::vector<DataType>& types, const std::vector<Row>& rows,
                                                size_t chunk_rows = 1000) {
  return std::make_unique<PhysicalChunkSource>(types, MakeChunks(types, rows, chunk_rows));
}

/// Runs the plan `root` (a join or anything else without a sink) into rows.
inline std::vector<Row> Run(std::unique_ptr<PhysicalOperator> root, uint64_t memory_limit = 0) {
  PhysicalResultCollector collector(std::move(root));
  sql::SessionSettings session;
  ExecutionContext context(session, memory_limit);
  ExecutePipelines(collector, &context);
  std::vector<Row> rows;
  for (const Chunk& chunk : collector.TakeResult(context)) {
    EXPECT_LE(chunk.size(), kChunkCapacity);
    for (size_t r = 0; r < chunk.size(); ++r) {
      Row row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) row.push_back(Value::FromVector(chunk.column(c), r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

/// Rows as sorted text lines, to compare results as multisets.
inline std::vector<std::string> Lines(const std::vector<Row>& rows) {
  std::vector<std::string> lines;
  for (const Row& row : rows) {
    std::string line;
    for (const Value& value : row) line += value.ToString() + "|";
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

using Truth = std::optional<bool>;  ///< SQL's TRUE / FALSE / NULL (nullopt).

inline bool IsFloating(const Value& v) { return v.type().id() == TypeId::kDouble || v.type().id() == TypeId::kReal; }

/// SQL comparisons: NULL with a NULL operand; false with NaN; -0.0 equals 0.0.
inline Truth SqlCompare(const Value& a, const Value& b, const std::function<bool(int)>& holds) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (IsFloating(a)) {
    const double x = a.float64(), y = b.float64();
    if (std::isnan(x) || std::isnan(y)) return false;
    return holds(x < y ? -1 : (x > y ? 1 : 0));
  }
  return holds(Value::Compare(a, b));
}
inline Truth Lt(const Value& a, const Value& b) { return SqlCompare(a, b, [](int c) { return c < 0; }); }
inline Truth Le(const Value& a, const Value& b) { return SqlCompare(a, b, [](int c) { return c <= 0; }); }
inline Truth Gt(const Value& a, const Value& b) { return SqlCompare(a, b, [](int c) { return c > 0; }); }
inline Truth Ge(const Value& a, const Value& b) { return SqlCompare(a, b, [](int c) { return c >= 0; }); }
inline Truth Eq(const Value& a, const Value& b) { return SqlCompare(a, b, [](int c) { return c == 0; }); }
inline Truth Ne(const Value& a, const Value& b) { return SqlCompare(a, b, [](int c) { return c != 0; }); }
inline Truth And(Truth a, Truth b) {
  if (a == false || b == false) return false;
  if (!a || !b) return std::nullopt;
  return true;
}
inline Truth Or(Truth a, Truth b) {
  if (a == true || b == true) return true;
  if (!a || !b) return std::nullopt;
  return false;
}

using Predicate = std::function<Truth(const Row& probe, const Row& build)>;

/// The join computed pair by pair: the predicate is evaluated once per pair, then
/// Rows() derives any join type's output from those truths.
class ReferenceJoin {
 public:
  ReferenceJoin(const std::vector<Row>& probe, const std::vector<Row>& build, size_t probe_width, size_t build_width,
                const Predicate& predicate)
      : probe_(probe), build_(build), probe_width_(probe_width), build_width_(build_width) {
    truths_.reserve(probe.size() * build.size());
    for (const Row& p : probe) {
      for (const Row& b : build) {
        const Truth truth = predicate(p, b);
        truths_.push_back(truth ? (*truth ? kTrue : kFalse) : kNull);
      }
    }
  }

  /// The output of a `type` join. Throws ConstraintError for a SINGLE join whose probe
  /// row matches two build rows.
  std::vector<Row> Rows(JoinType type) const {
    std::vector<Row> out;
    std::vector<bool> build_matched(build_.size(), false);
    const bool pairs = type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
                       type == JoinType::kFull || type == JoinType::kSingle;
    for (size_t p = 0; p < probe_.size(); ++p) {
      size_t matches = 0;
      bool saw_null = false;
      for (size_t b = 0; b < build_.size(); ++b) {
        const uint8_t truth = truths_[p * build_.size() + b];
        if (truth == kNull) saw_null = true;
        if (truth != kTrue) continue;
        ++matches;
        build_matched[b] = true;
        if (pairs) out.push_back(Concat(probe_[p], build_[b]));
      }
      if (type == JoinType::kSingle && matches > 1) {
        throw ConstraintError("scalar subquery returned more than one row");
      }
      if (matches == 0 && (type == JoinType::kLeft || type == JoinType::kFull || type == JoinType::kSingle)) {
        out.push_back(Concat(probe_[p], Row(build_width_, Value())));
      }
      if ((type == JoinType::kSemi && matches > 0) || (type == JoinType::kAnti && matches == 0)) {
        out.push_back(probe_[p]);
      }
      if (type == JoinType::kMark) {
        Row row = probe_[p];
        row.push_back(matches > 0 ? Value::Boolean(true) : (saw_null ? Value() : Value::Boolean(false)));
        out.push_back(std::move(row));
      }
    }
    if (EmitsUnmatchedBuild(type)) {
      for (size_t b = 0; b < build_.size(); ++b) {
        if (!build_matched[b]) out.push_back(Concat(Row(probe_width_, Value()), build_[b]));
      }
    }
    return out;
  }

 private:
  static constexpr uint8_t kFalse = 0, kTrue = 1, kNull = 2;
  static Row Concat(Row a, const Row& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }
  const std::vector<Row>& probe_;
  const std::vector<Row>& build_;
  size_t probe_width_;
  size_t build_width_;
  std::vector<uint8_t> truths_;
};

inline const std::vector<JoinType>& AllJoinTypes() {
  static const std::vector<JoinType> types = {JoinType::kInner, JoinType::kLeft, JoinType::kRight,
                                              JoinType::kFull,  JoinType::kSemi, JoinType::kAnti,
                                              JoinType::kMark,  JoinType::kSingle};
  return types;
}

/// Sets the global scheduler's size for one test and restores it after.
class ScopedThreads {
 public:
  explicit ScopedThreads(size_t threads) : previous_(TaskScheduler::Global().num_threads()) {
    TaskScheduler::SetGlobalThreads(threads);
  }
  ~ScopedThreads() { TaskScheduler::SetGlobalThreads(previous_); }
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  size_t previous_;
};

}  // namespace sluice::exec::testing
