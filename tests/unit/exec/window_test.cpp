// Window functions (exec/window/, exec/operators/window.h): hand-built plans — an
// in-memory chunk source, PhysicalWindow, PhysicalResultCollector — run on the
// pipeline executor with 4 threads, every result checked against a naive reference
// interpreter of WindowCall written here from the SQL definitions.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <tuple>

#include "core/error.h"
#include "core/scheduler.h"
#include "core/value.h"
#include "core/vector_copy.h"
#include "exec/aggregate/aggregate_registry.h"
#include "exec/operators/result_collector.h"
#include "exec/operators/window.h"
#include "exec/pipeline/pipeline.h"
#include "sql/expression/expression_builder.h"

namespace sluice::exec {
namespace {

using Row = std::vector<Value>;
using BoundKind = WindowFrameBound::Kind;
using Mode = WindowFrame::Mode;

// ---- plans ---------------------------------------------------------------------------

/// A test-only source: hands out prepared chunks, one per call, to any thread.
class ChunkSource : public PhysicalOperator {
 public:
  ChunkSource(std::vector<DataType> types, std::vector<Chunk> chunks)
      : PhysicalOperator(std::move(types), std::vector<std::unique_ptr<PhysicalOperator>>{}),
        chunks_(std::move(chunks)) {}
  std::string name() const override { return "ChunkSource"; }
  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> MakeGlobalSourceState(const ExecutionContext&) const override {
    return std::make_unique<State>();
  }
  SourceResult GetChunk(GlobalSourceState& global, LocalSourceState&, Chunk* out) const override {
    const size_t index = static_cast<State&>(global).next.fetch_add(1);
    if (index >= chunks_.size()) return SourceResult::kFinished;
    const Chunk& chunk = chunks_[index];
    std::vector<size_t> columns(chunk.num_columns());
    std::iota(columns.begin(), columns.end(), size_t{0});
    std::vector<uint32_t> rows(chunk.size());
    std::iota(rows.begin(), rows.end(), uint32_t{0});
    AppendRows(chunk, columns, rows, out);
    return SourceResult::kHaveOutput;
  }

 private:
  struct State : GlobalSourceState {
    std::atomic<size_t> next{0};
  };
  std::vector<Chunk> chunks_;
};

std::vector<Chunk> MakeChunks(const std::vector<DataType>& types, const std::vector<Row>& rows, size_t chunk_rows) {
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

/// Runs Window(calls) over `rows`; returns the output rows.
std::vector<Row> RunWindow(const std::vector<DataType>& types, const std::vector<Row>& rows,
                           std::vector<WindowCall> calls, uint64_t memory_limit = 0, size_t chunk_rows = 700) {
  auto source = std::make_unique<ChunkSource>(types, MakeChunks(types, rows, chunk_rows));
  auto window = std::make_unique<PhysicalWindow>(std::move(source), std::move(calls));
  PhysicalResultCollector root(std::move(window));
  ExecutionContext context(sql::SessionSettings{}, memory_limit);
  ExecutePipelines(root, &context);
  std::vector<Row> result;
  for (const Chunk& chunk : root.TakeResult(context)) {
    for (size_t r = 0; r < chunk.size(); ++r) {
      Row row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) row.push_back(Value::FromVector(chunk.column(c), r));
      result.push_back(std::move(row));
    }
  }
  return result;
}

// ---- the test table ------------------------------------------------------------------

enum Column : size_t { kId, kPart, kOrder, kX, kD, kS, kDate, kDec, kOffset, kNumColumns };

std::vector<DataType> TableTypes() {
  return {DataType::BigInt(), DataType::Integer(), DataType::BigInt(), DataType::BigInt(), DataType::Double(),
          DataType::Varchar(), DataType::Date(),   DataType::Decimal(10, 2), DataType::BigInt()};
}

/// `num_rows` rows: unique ids, `num_partitions` partitions plus NULL, order keys with
/// ties and NULLs, values with NULLs, long and short strings.
std::vector<Row> MakeTable(size_t num_rows, int num_partitions, int order_range, uint64_t seed) {
  std::mt19937_64 random(seed);
  auto chance = [&](int percent) { return static_cast<int>(random() % 100) < percent; };
  const std::vector<DataType> types = TableTypes();
  std::vector<Row> rows;
  for (size_t i = 0; i < num_rows; ++i) {
    Row row(kNumColumns);
    row[kId] = Value::BigInt(static_cast<int64_t>(i));
    row[kPart] = chance(5) ? Value::Null(types[kPart]) : Value::Integer(static_cast<int32_t>(random() % num_partitions));
    row[kOrder] = chance(5) ? Value::Null(types[kOrder]) : Value::BigInt(static_cast<int64_t>(random() % order_range) - 5);
    const int64_t x = static_cast<int64_t>(random() % 2001) - 1000;
    row[kX] = chance(15) ? Value::Null(types[kX]) : Value::BigInt(x);
    row[kD] = chance(10) ? Value::Null(types[kD]) : Value::Double(static_cast<double>(x) * 0.37 + 0.125);
    const uint64_t s = random() % 50;
    row[kS] = chance(10) ? Value::Null(types[kS])
                         : Value::Varchar(s % 3 == 0 ? "a long string value number " + std::to_string(s)
                                                     : "s" + std::to_string(s));
    row[kDate] = chance(5) ? Value::Null(types[kDate]) : Value::Date(static_cast<int32_t>(19000 + random() % 60));
    row[kDec] = chance(5) ? Value::Null(types[kDec])
                          : Value::Decimal(static_cast<int64_t>(random() % 4000) - 2000, 10, 2);
    row[kOffset] = chance(5) ? Value::Null(types[kOffset]) : Value::BigInt(static_cast<int64_t>(random() % 4 + 1));
    rows.push_back(std::move(row));
  }
  return rows;
}

sql::BoundExpressionPtr Col(size_t column) { return sql::MakeColumnRef(column, TableTypes()[column]); }
sql::BoundExpressionPtr Const(Value value) { return sql::MakeConstant(std::move(value)); }
sql::BoundExpressionPtr Int(int64_t value) { return Const(Value::BigInt(value)); }

// ---- building calls ------------------------------------------------------------------

WindowCall Function(WindowFunctionKind kind, std::vector<sql::BoundExpressionPtr> arguments = {}) {
  WindowCall call;
  call.kind = kind;
  std::vector<DataType> types;
  for (const auto& argument : arguments) types.push_back(argument->type());
  const std::vector<DataType> coerced = WindowArgumentTypes(kind, types);
  for (size_t i = 0; i < arguments.size(); ++i) arguments[i] = sql::CoerceTo(arguments[i], coerced[i]);
  call.arguments = std::move(arguments);
  call.type = WindowResultType(kind, coerced);
  return call;
}

WindowCall Aggregate(const std::string& name, std::vector<sql::BoundExpressionPtr> arguments, bool distinct = false) {
  std::vector<DataType> types;
  for (const auto& argument : arguments) types.push_back(argument->type());
  ResolvedAggregate resolved = AggregateRegistry::Builtins().Resolve(name, types, distinct);
  WindowCall call;
  call.kind = WindowFunctionKind::kAggregate;
  call.aggregate = resolved.function;
  for (size_t i = 0; i < arguments.size(); ++i) {
    call.arguments.push_back(sql::CoerceTo(arguments[i], resolved.argument_types[i]));
  }
  call.type = resolved.function->result_type();
  call.name = (distinct ? "distinct " : "") + name;
  return call;
}

struct Spec {
  std::vector<size_t> partition;
  std::vector<WindowOrderKey> order;
};

WindowOrderKey Key(size_t column, bool descending = false, bool nulls_first = false) {
  return WindowOrderKey{Col(column), descending, nulls_first};
}

WindowFrameBound Bound(BoundKind kind, sql::BoundExpressionPtr offset = nullptr) {
  return WindowFrameBound{kind, std::move(offset)};
}

WindowFrame Frame(Mode mode, WindowFrameBound start, WindowFrameBound end) { return WindowFrame{mode, start, end}; }

WindowCall Over(WindowCall call, const Spec& spec, WindowFrame frame = WindowFrame::Default()) {
  for (size_t column : spec.partition) call.partition_by.push_back(Col(column));
  call.order_by = spec.order;
  call.frame = std::move(frame);
  return call;
}

WindowCall IgnoreNulls(WindowCall call) {
  call.ignore_nulls = true;
  return call;
}

// ---- the reference -------------------------------------------------------------------

/// A test case: a call and, for DISTINCT aggregates, the flag the reference needs.
struct Case {
  WindowCall call;
  bool distinct = false;
};

Value ArgumentOf(const sql::BoundExpression& expression, const Row& row) {
  if (expression.kind() == sql::BoundExpressionKind::kColumnRef) {
    return row[expression.As<sql::BoundColumnRef>().index];
  }
  if (expression.kind() == sql::BoundExpressionKind::kCast) {
    // Coercions of the test's own columns: only bigint/integer widening is used.
    Value inner = ArgumentOf(*expression.As<sql::BoundCast>().operand, row);
    if (inner.is_null()) return Value::Null(expression.type());
    if (expression.type().id() == TypeId::kDouble) return Value::Double(static_cast<double>(inner.int64()));
    return Value::Integral(expression.type(), inner.int64());
  }
  SLUICE_ASSERT(expression.kind() == sql::BoundExpressionKind::kConstant, "reference arguments are simple");
  return expression.As<sql::BoundConstant>().value;
}

/// A RANGE key or offset: exact (scaled by 10^6) for integers, dates and decimals of
/// scale <= 6, else a double (Trino compares a decimal key with a double offset as
/// doubles: the key is cast, then shifted).
struct Number {
  bool exact = true;
  __int128 scaled = 0;
  double approx = 0;
};

long double Approx(const Value& value);

Number NumberOf(const Value& value) {
  Number number;
  number.approx = value.type().id() == TypeId::kDecimal
                      ? static_cast<double>(value.unscaled()) / static_cast<double>(PowerOfTen(value.type().scale()))
                      : static_cast<double>(Approx(value));
  switch (value.type().id()) {
    case TypeId::kDouble:
    case TypeId::kReal: number.exact = false; break;
    case TypeId::kDecimal: number.scaled = value.unscaled() * PowerOfTen(6 - value.type().scale()); break;
    case TypeId::kDate:  // milliseconds, as day-to-second intervals
      number.scaled = static_cast<__int128>(value.int64()) * 86400 * 1000 * PowerOfTen(6);
      break;
    default: number.scaled = static_cast<__int128>(value.int64()) * PowerOfTen(6);
  }
  return number;
}

/// Days since 1970-01-01 plus `months` by the calendar, the day clamped to the month's
/// end (the proleptic Gregorian calendar, from H. Hinnant's civil-from-days).
int64_t AddMonthsToDate(int64_t days, int64_t months) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2);
  // Add, then back to days.
  const int64_t total = year * 12 + (month - 1) + months;
  const int64_t new_year = total >= 0 ? total / 12 : (total - 11) / 12;
  const int64_t new_month = total - new_year * 12 + 1;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (new_year % 4 == 0 && new_year % 100 != 0) || new_year % 400 == 0;
  const int64_t last = kDays[new_month - 1] + (new_month == 2 && leap ? 1 : 0);
  const int64_t new_day = std::min(day, last);
  const int64_t y = new_year - (new_month <= 2);
  const int64_t e = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - e * 400;
  const int64_t doy = (153 * (new_month > 2 ? new_month - 3 : new_month + 9) + 2) / 5 + new_day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return e * 146097 + doe - 719468;
}

/// key + sign * offset compared with other: -1, 0, 1.
int CompareShifted(const Number& other, const Number& key, int sign, const Number& offset) {
  if (other.exact && key.exact && offset.exact) {
    const __int128 target = key.scaled + sign * offset.scaled;
    return (other.scaled > target) - (other.scaled < target);
  }
  const double target = key.approx + sign * offset.approx;
  return (other.approx > target) - (other.approx < target);
}

/// The first j in [low, high) for which `holds` (true on a prefix) is false, else high.
template <typename Predicate>
size_t FirstFailing(size_t low, size_t high, Predicate holds) {
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    if (holds(middle)) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/// Long double view of a numeric / date value.
long double Approx(const Value& value) {
  switch (value.type().id()) {
    case TypeId::kDouble:
    case TypeId::kReal: return value.float64();
    case TypeId::kDecimal:
      return static_cast<long double>(value.unscaled()) / std::pow(10.0L, value.type().scale());
    default: return static_cast<long double>(value.int64());
  }
}

class Reference {
 public:
  Reference(const std::vector<Row>& rows, const Case& test) : rows_(rows), test_(test), call_(test.call) {}

  /// The expected result of every input row (by input index).
  std::vector<Value> Compute() {
    std::vector<Value> results(rows_.size());
    std::map<std::vector<Value>, std::vector<size_t>> partitions;
    for (size_t i = 0; i < rows_.size(); ++i) {
      std::vector<Value> key;
      for (const auto& expression : call_.partition_by) key.push_back(ArgumentOf(*expression, rows_[i]));
      partitions[key].push_back(i);
    }
    for (auto& [key, members] : partitions) {
      std::vector<std::vector<Value>> order_keys;
      for (size_t i : members) {
        std::vector<Value> values;
        for (const WindowOrderKey& order : call_.order_by) values.push_back(ArgumentOf(*order.expression, rows_[i]));
        order_keys.push_back(std::move(values));
      }
      std::vector<size_t> order(members.size());
      std::iota(order.begin(), order.end(), size_t{0});
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return CompareOrder(order_keys[a], order_keys[b]) < 0; });
      Partition partition;
      for (size_t j : order) {
        partition.members.push_back(members[j]);
        partition.keys.push_back(order_keys[j]);
      }
      ComputePartition(&partition, &results);
    }
    return results;
  }

 private:
  /// One partition in order, with the arguments of its rows.
  struct Partition {
    std::vector<size_t> members;                ///< Input rows in order.
    std::vector<std::vector<Value>> keys;       ///< ORDER BY values per position.
    std::vector<std::vector<Value>> arguments;  ///< [argument][position]
    std::vector<size_t> group;                  ///< Peer group of each position.
    std::vector<size_t> group_first;            ///< First position of each group, then n.
    size_t first_number = 0;                    ///< RANGE: positions with a numeric key.
    size_t numbers_end = 0;
    std::vector<Number> numbers;                ///< RANGE: the key of each position.
  };

  int CompareOrder(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (size_t k = 0; k < call_.order_by.size(); ++k) {
      const WindowOrderKey& key = call_.order_by[k];
      const Value& x = a[k];
      const Value& y = b[k];
      if (x.is_null() || y.is_null()) {
        if (x.is_null() && y.is_null()) continue;
        return x.is_null() == key.nulls_first ? -1 : 1;
      }
      const int c = Value::Compare(x, y);
      if (c != 0) return key.descending ? -c : c;
    }
    return 0;
  }

  static bool UsesFrame(WindowFunctionKind kind) {
    return kind == WindowFunctionKind::kAggregate || kind == WindowFunctionKind::kFirstValue ||
           kind == WindowFunctionKind::kLastValue || kind == WindowFunctionKind::kNthValue;
  }

  void ComputePartition(Partition* partition, std::vector<Value>* results) const {
    const size_t n = partition->members.size();
    for (const auto& argument : call_.arguments) {
      std::vector<Value> values;
      for (size_t member : partition->members) values.push_back(ArgumentOf(*argument, rows_[member]));
      partition->arguments.push_back(std::move(values));
    }
    partition->group.resize(n);
    for (size_t i = 0; i < n; ++i) {
      if (i == 0 || CompareOrder(partition->keys[i - 1], partition->keys[i]) != 0) {
        partition->group_first.push_back(i);
      }
      partition->group[i] = partition->group_first.size() - 1;
    }
    partition->group_first.push_back(n);
    bool found = false;
    for (size_t j = 0; j < n && call_.order_by.size() == 1; ++j) {
      const Value& key = partition->keys[j][0];
      partition->numbers.push_back(key.is_null() ? Number{} : NumberOf(key));
      if (key.is_null() || std::isnan(static_cast<double>(Approx(key)))) continue;
      if (!found) partition->first_number = j;
      found = true;
      partition->numbers_end = j + 1;
    }
    for (size_t i = 0; i < n; ++i) {
      size_t start = 0;
      size_t end = n;
      if (UsesFrame(call_.kind)) std::tie(start, end) = FrameOf(*partition, i);
      (*results)[partition->members[i]] = Evaluate(*partition, i, start, std::max(start, end));
    }
  }

  std::pair<size_t, size_t> FrameOf(const Partition& partition, size_t i) const {
    const size_t n = partition.members.size();
    const WindowFrame& frame = call_.frame;
    auto offset = [&](const WindowFrameBound& bound) { return ArgumentOf(*bound.offset, rows_[0]); };
    const std::vector<size_t>& group_first = partition.group_first;
    const size_t g = partition.group[i];
    const size_t num_groups = group_first.size() - 1;
    size_t start = 0;
    size_t end = n;
    if (frame.mode == Mode::kRows) {
      auto count = [&](const WindowFrameBound& bound) { return static_cast<long long>(offset(bound).int64()); };
      const long long li = static_cast<long long>(i);
      const long long ln = static_cast<long long>(n);
      auto clamp = [&](long long v) { return static_cast<size_t>(std::clamp(v, 0LL, ln)); };
      switch (frame.start.kind) {
        case BoundKind::kPreceding: start = clamp(li - count(frame.start)); break;
        case BoundKind::kCurrentRow: start = i; break;
        case BoundKind::kFollowing: start = clamp(li + count(frame.start)); break;
        default: break;
      }
      switch (frame.end.kind) {
        case BoundKind::kPreceding: end = clamp(li - count(frame.end) + 1); break;
        case BoundKind::kCurrentRow: end = i + 1; break;
        case BoundKind::kFollowing: end = clamp(li + count(frame.end) + 1); break;
        default: break;
      }
      return {start, end};
    }
    if (frame.mode == Mode::kGroups) {
      auto count = [&](const WindowFrameBound& bound) { return static_cast<size_t>(offset(bound).int64()); };
      switch (frame.start.kind) {
        case BoundKind::kPreceding: start = group_first[count(frame.start) > g ? 0 : g - count(frame.start)]; break;
        case BoundKind::kCurrentRow: start = group_first[g]; break;
        case BoundKind::kFollowing:
          start = g + count(frame.start) < num_groups ? group_first[g + count(frame.start)] : n;
          break;
        default: break;
      }
      switch (frame.end.kind) {
        case BoundKind::kPreceding: end = count(frame.end) > g ? 0 : group_first[g - count(frame.end) + 1]; break;
        case BoundKind::kCurrentRow: end = group_first[g + 1]; break;
        case BoundKind::kFollowing: end = group_first[std::min(num_groups - 1, g + count(frame.end)) + 1]; break;
        default: break;
      }
      return {start, end};
    }
    // RANGE: offsets by value over the rows whose key is a number (contiguous).
    const bool descending = !call_.order_by.empty() && call_.order_by[0].descending;
    const bool current_is_number = i >= partition.first_number && i < partition.numbers_end;
    // j's key against i's key shifted by `offset` in ORDER BY direction (PRECEDING:
    // towards the start): > 0 when j lies after that point.
    auto compare = [&](size_t j, BoundKind kind, const WindowFrameBound& bound) {
      const int sign = (kind == BoundKind::kPreceding ? -1 : 1) * (descending ? -1 : 1);
      const Value amount = offset(bound);
      if (amount.type().id() == TypeId::kIntervalYearMonth) {
        const int64_t target = AddMonthsToDate(partition.keys[i][0].int64(), sign * amount.int64());
        const int64_t key = partition.keys[j][0].int64();
        const int c = (key > target) - (key < target);
        return descending ? -c : c;
      }
      const int c = CompareShifted(partition.numbers[j], partition.numbers[i], sign, NumberOf(offset(bound)));
      return descending ? -c : c;
    };
    switch (frame.start.kind) {
      case BoundKind::kCurrentRow: start = group_first[g]; break;
      case BoundKind::kPreceding:
      case BoundKind::kFollowing: {
        if (!current_is_number) {
          start = group_first[g];
          break;
        }
        // The first numeric row at or after the shifted key (keys are sorted).
        start = FirstFailing(partition.first_number, partition.numbers_end,
                             [&](size_t j) { return compare(j, frame.start.kind, frame.start) < 0; });
        break;
      }
      default: break;
    }
    switch (frame.end.kind) {
      case BoundKind::kCurrentRow: end = group_first[g + 1]; break;
      case BoundKind::kPreceding:
      case BoundKind::kFollowing: {
        if (!current_is_number) {
          end = group_first[g + 1];
          break;
        }
        // After the last numeric row at or before the shifted key.
        end = FirstFailing(partition.first_number, partition.numbers_end,
                           [&](size_t j) { return compare(j, frame.end.kind, frame.end) <= 0; });
        break;
      }
      default: break;
    }
    return {start, end};
  }

  Value Evaluate(const Partition& partition, size_t i, size_t start, size_t end) const {
    const size_t n = partition.members.size();
    const size_t g = partition.group[i];
    const std::vector<size_t>& group_first = partition.group_first;
    auto arg = [&](size_t argument, size_t position) -> const Value& { return partition.arguments[argument][position]; };
    switch (call_.kind) {
      case WindowFunctionKind::kRowNumber: return Value::BigInt(static_cast<int64_t>(i + 1));
      case WindowFunctionKind::kRank: return Value::BigInt(static_cast<int64_t>(group_first[g] + 1));
      case WindowFunctionKind::kDenseRank: return Value::BigInt(static_cast<int64_t>(g + 1));
      case WindowFunctionKind::kPercentRank:
        return Value::Double(n == 1 ? 0.0 : static_cast<double>(group_first[g]) / static_cast<double>(n - 1));
      case WindowFunctionKind::kCumeDist:
        return Value::Double(static_cast<double>(group_first[g + 1]) / static_cast<double>(n));
      case WindowFunctionKind::kNtile: {
        const Value& buckets = arg(0, i);
        if (buckets.is_null()) return Value::Null(DataType::BigInt());
        // Buckets of n / k rows; the first n % k buckets get one row more.
        const size_t k = static_cast<size_t>(buckets.int64());
        if (n < k) return Value::BigInt(static_cast<int64_t>(i + 1));
        size_t first = 0;
        for (size_t b = 0; b < k; ++b) {
          const size_t size = n / k + (b < n % k ? 1 : 0);
          if (i < first + size) return Value::BigInt(static_cast<int64_t>(b + 1));
          first += size;
        }
        return Value();
      }
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead: return LagLead(partition, i);
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue:
      case WindowFunctionKind::kNthValue: {
        auto counts = [&](size_t j) { return !call_.ignore_nulls || !arg(0, j).is_null(); };
        if (call_.kind == WindowFunctionKind::kLastValue) {
          for (size_t j = end; j > start; --j) {
            if (counts(j - 1)) return arg(0, j - 1);
          }
          return Value::Null(call_.type);
        }
        size_t nth = 1;
        if (call_.kind == WindowFunctionKind::kNthValue) {
          if (arg(1, i).is_null()) return Value::Null(call_.type);
          nth = static_cast<size_t>(arg(1, i).int64());
        }
        for (size_t j = start; j < end; ++j) {
          if (counts(j) && --nth == 0) return arg(0, j);
        }
        return Value::Null(call_.type);
      }
      case WindowFunctionKind::kAggregate: return AggregateOf(partition, start, end);
    }
    return Value();
  }

  Value LagLead(const Partition& partition, size_t i) const {
    const bool lead = call_.kind == WindowFunctionKind::kLead;
    const auto& values = partition.arguments[0];
    int64_t offset = 1;
    if (call_.arguments.size() >= 2) {
      const Value& value = partition.arguments[1][i];
      if (value.is_null()) return Value::Null(call_.type);
      offset = value.int64();
    }
    std::optional<size_t> target;
    if (offset == 0) {
      target = i;
    } else {
      int64_t seen = 0;
      for (long long j = static_cast<long long>(i) + (lead ? 1 : -1);
           j >= 0 && j < static_cast<long long>(values.size()); j += lead ? 1 : -1) {
        if (call_.ignore_nulls && values[j].is_null()) continue;
        if (++seen == offset) {
          target = static_cast<size_t>(j);
          break;
        }
      }
    }
    if (target) return values[*target];
    if (call_.arguments.size() == 3) return partition.arguments[2][i];
    return Value::Null(call_.type);
  }

  Value AggregateOf(const Partition& partition, size_t start, size_t end) const {
    const std::string& name = call_.aggregate->name();
    const DataType& type = call_.type;
    if (call_.arguments.empty()) return Value::BigInt(static_cast<int64_t>(end - start));  // count(*)
    const auto& column = partition.arguments[0];
    std::set<Value> distinct;
    size_t count = 0;
    int64_t integer_sum = 0;
    long double sum = 0;
    const Value* best = nullptr;
    std::string text;
    const bool is_min = name == "min";
    const bool is_pick = is_min || name == "max";
    const bool is_listagg = name == "listagg";
    const bool is_sum = !is_pick && !is_listagg && name != "count";
    const bool is_integer_sum = is_sum && type.id() == TypeId::kBigInt;
    for (size_t j = start; j < end; ++j) {
      const Value& value = column[j];
      if (value.is_null()) continue;
      if (test_.distinct && !distinct.insert(value).second) continue;
      ++count;
      if (is_pick) {
        const int c = best == nullptr ? 0 : Value::Compare(value, *best);
        if (best == nullptr || (is_min ? c < 0 : c > 0)) best = &value;
      } else if (is_listagg) {
        text += (count > 1 ? "," : "") + value.string();
      } else if (is_integer_sum) {
        integer_sum += value.int64();
      } else if (is_sum) {
        sum += Approx(value);
      }
    }
    if (name == "count") return Value::BigInt(static_cast<int64_t>(count));
    if (count == 0) return Value::Null(type);
    if (name == "min" || name == "max") return *best;
    if (name == "listagg") return Value::Varchar(text);
    if (is_integer_sum) {
      if (name == "sum") return Value::BigInt(integer_sum);
      sum = static_cast<long double>(integer_sum);
    }
    if (name == "sum") return Value::Double(static_cast<double>(sum));
    const long double n = static_cast<long double>(count);
    if (name == "avg") return Value::Double(static_cast<double>(sum / n));
    if (name == "variance") {  // stddev's function calls itself "variance"; the tests use stddev
      if (count < 2) return Value::Null(type);
      long double squares = 0;
      for (size_t j = start; j < end; ++j) {
        if (!column[j].is_null()) squares += (Approx(column[j]) - sum / n) * (Approx(column[j]) - sum / n);
      }
      return Value::Double(static_cast<double>(std::sqrt(squares / (n - 1))));
    }
    ADD_FAILURE() << "no reference for " << name;
    return Value();
  }

  const std::vector<Row>& rows_;
  const Case& test_;
  const WindowCall& call_;
};

/// Equal values; doubles within a relative 1e-9.
bool SameResult(const Value& actual, const Value& expected) {
  if (actual.is_null() || expected.is_null()) return actual.is_null() == expected.is_null();
  if (actual.type().id() == TypeId::kDouble) {
    const double a = actual.float64();
    const double e = expected.float64();
    return std::abs(a - e) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(e)});
  }
  return Value::Compare(actual, expected) == 0 && actual.type() == expected.type();
}

/// Runs every case in one window operator and compares each row with the reference.
void CheckCases(const std::vector<Row>& rows, const std::vector<Case>& cases, size_t chunk_rows = 700) {
  std::vector<WindowCall> calls;
  for (const Case& test : cases) calls.push_back(test.call);
  const std::vector<Row> output = RunWindow(TableTypes(), rows, calls, 0, chunk_rows);
  ASSERT_EQ(output.size(), rows.size());
  std::vector<std::vector<Value>> expected;
  for (const Case& test : cases) expected.push_back(Reference(rows, test).Compute());
  std::vector<bool> seen(rows.size());
  size_t failures = 0;
  for (const Row& row : output) {
    ASSERT_EQ(row.size(), kNumColumns + cases.size());
    const size_t id = static_cast<size_t>(row[kId].int64());
    ASSERT_LT(id, rows.size());
    ASSERT_FALSE(seen[id]) << "row " << id << " twice";
    seen[id] = true;
    for (size_t c = 0; c < kNumColumns; ++c) {
      ASSERT_TRUE(SameResult(row[c], rows[id][c])) << "input column " << c << " of row " << id;
    }
    for (size_t k = 0; k < cases.size(); ++k) {
      const Value& actual = row[kNumColumns + k];
      if (!SameResult(actual, expected[k][id]) && ++failures <= 10) {
        ADD_FAILURE() << cases[k].call.ToString() << "\n  row " << id << ": got " << actual.ToString()
                      << ", expected " << expected[k][id].ToString();
      }
    }
  }
  EXPECT_EQ(failures, 0u);
}

class WindowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    saved_threads_ = TaskScheduler::Global().num_threads();
    TaskScheduler::SetGlobalThreads(4);
  }
  static void TearDownTestSuite() { TaskScheduler::SetGlobalThreads(saved_threads_); }
  static size_t saved_threads_;
};
size_t WindowTest::saved_threads_ = 1;

const Spec kByPartOrder{{kPart}, {Key(kOrder)}};
const Spec kByPartTotal{{kPart}, {Key(kOrder), Key(kId)}};

// ---- tests ---------------------------------------------------------------------------

TEST(WindowFunctionTest, LookupAndResultTypes) {
  EXPECT_EQ(LookupWindowFunction("ROW_NUMBER"), WindowFunctionKind::kRowNumber);
  EXPECT_EQ(LookupWindowFunction("nth_value"), WindowFunctionKind::kNthValue);
  EXPECT_EQ(LookupWindowFunction("sum"), std::nullopt);
  EXPECT_EQ(WindowResultType(WindowFunctionKind::kRank, {}), DataType::BigInt());
  EXPECT_EQ(WindowResultType(WindowFunctionKind::kNtile, {DataType::Integer()}), DataType::BigInt());
  EXPECT_EQ(WindowResultType(WindowFunctionKind::kCumeDist, {}), DataType::Double());
  EXPECT_EQ(WindowResultType(WindowFunctionKind::kPercentRank, {}), DataType::Double());
  EXPECT_EQ(WindowResultType(WindowFunctionKind::kLag, {DataType::Varchar()}), DataType::Varchar());
  EXPECT_EQ(WindowResultType(WindowFunctionKind::kLead, {DataType::Integer(), DataType::Integer(), DataType::BigInt()}),
            DataType::BigInt());
  EXPECT_EQ(WindowArgumentTypes(WindowFunctionKind::kLag, {DataType::Integer(), DataType::Integer(), DataType::Double()}),
            (std::vector<DataType>{DataType::Double(), DataType::BigInt(), DataType::Double()}));
  EXPECT_EQ(WindowResultType(WindowFunctionKind::kNthValue, {DataType::Date(), DataType::Integer()}), DataType::Date());
  EXPECT_THROW(WindowResultType(WindowFunctionKind::kRank, {DataType::BigInt()}), InvalidArgumentError);
  EXPECT_THROW(WindowResultType(WindowFunctionKind::kNtile, {DataType::Varchar()}), InvalidArgumentError);
  EXPECT_THROW(WindowResultType(WindowFunctionKind::kLag, {DataType::Varchar(), DataType::BigInt(), DataType::Integer()}),
               InvalidArgumentError);
}

TEST(WindowFunctionTest, ValidationAndExplainText) {
  WindowCall call = Over(Aggregate("sum", {Col(kX)}), kByPartOrder,
                         Frame(Mode::kRows, Bound(BoundKind::kPreceding, Int(2)), Bound(BoundKind::kCurrentRow)));
  EXPECT_EQ(call.ToString(), "sum(#3) OVER (PARTITION BY #1 ORDER BY #2 ASC NULLS LAST ROWS BETWEEN BIGINT '2' PRECEDING AND CURRENT ROW)");
  EXPECT_NO_THROW(ValidateWindowCall(call));
  auto rejects = [](WindowCall c, const std::string& message) {
    try {
      ValidateWindowCall(c);
      ADD_FAILURE() << "accepted " << c.ToString();
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << error.what();
    }
  };
  WindowCall bad = call;
  bad.frame.start = Bound(BoundKind::kUnboundedFollowing);
  rejects(bad, "start cannot be UNBOUNDED FOLLOWING");
  bad = call;
  bad.frame.end = Bound(BoundKind::kUnboundedPreceding);
  rejects(bad, "end cannot be UNBOUNDED PRECEDING");
  bad = call;
  bad.frame = Frame(Mode::kRows, Bound(BoundKind::kFollowing, Int(1)), Bound(BoundKind::kCurrentRow));
  rejects(bad, "starting from FOLLOWING cannot end with CURRENT ROW");
  bad = Over(Aggregate("sum", {Col(kX)}), kByPartTotal,
             Frame(Mode::kRange, Bound(BoundKind::kPreceding, Int(2)), Bound(BoundKind::kCurrentRow)));
  rejects(bad, "requires single sort item");
  bad = Over(Aggregate("sum", {Col(kX)}), Spec{{}, {Key(kS)}},
             Frame(Mode::kRange, Bound(BoundKind::kPreceding, Int(2)), Bound(BoundKind::kCurrentRow)));
  rejects(bad, "not compatible with sort item type");
  bad = Over(Aggregate("sum", {Col(kX)}), Spec{{kPart}, {}},
             Frame(Mode::kGroups, Bound(BoundKind::kPreceding, Int(2)), Bound(BoundKind::kCurrentRow)));
  rejects(bad, "GROUPS PRECEDING or FOLLOWING requires ORDER BY");
  bad = Over(Function(WindowFunctionKind::kRank), kByPartOrder);
  bad.ignore_nulls = true;
  rejects(bad, "IGNORE NULLS");
  EXPECT_THROW(PhysicalWindow(std::make_unique<ChunkSource>(TableTypes(), std::vector<Chunk>{}), {bad}),
               InvalidArgumentError);
}

TEST_F(WindowTest, RankingFunctionsWithPeersNullsAndDirections) {
  const std::vector<Row> rows = MakeTable(6000, 7, 40, 1);
  std::vector<Case> cases;
  for (const Spec& spec : {kByPartOrder, Spec{{kPart}, {Key(kOrder, true, true)}}, Spec{{}, {Key(kOrder, false, true)}},
                           Spec{{kPart, kS}, {Key(kDate, true, false)}}}) {
    for (WindowFunctionKind kind : {WindowFunctionKind::kRank, WindowFunctionKind::kDenseRank,
                                    WindowFunctionKind::kPercentRank, WindowFunctionKind::kCumeDist}) {
      cases.push_back({Over(Function(kind), spec)});
    }
  }
  // Order-dependent ones over a total order.
  cases.push_back({Over(Function(WindowFunctionKind::kRowNumber), kByPartTotal)});
  cases.push_back({Over(Function(WindowFunctionKind::kRowNumber), Spec{{kPart}, {Key(kOrder, true, true), Key(kId, true)}})});
  cases.push_back({Over(Function(WindowFunctionKind::kNtile, {Int(4)}), kByPartTotal)});
  cases.push_back({Over(Function(WindowFunctionKind::kNtile, {Int(7000)}), kByPartTotal)});
  cases.push_back({Over(Function(WindowFunctionKind::kNtile, {Col(kOffset)}),  // per row; NULL → NULL
                        Spec{{kOffset}, {Key(kId)}})});
  CheckCases(rows, cases);
}

TEST_F(WindowTest, RowNumberWithoutOrderNumbersEachPartition) {
  const std::vector<Row> rows = MakeTable(5000, 5, 10, 2);
  WindowCall call = Over(Function(WindowFunctionKind::kRowNumber), Spec{{kPart}, {}});
  WindowCall rank = Over(Function(WindowFunctionKind::kRank), Spec{{kPart}, {}});
  const std::vector<Row> output = RunWindow(TableTypes(), rows, {call, rank});
  std::map<Value, std::set<int64_t>> numbers;
  for (const Row& row : output) {
    EXPECT_TRUE(numbers[row[kPart]].insert(row[kNumColumns].int64()).second);
    EXPECT_EQ(row[kNumColumns + 1].int64(), 1);  // all rows are peers
  }
  std::map<Value, size_t> sizes;
  for (const Row& row : rows) ++sizes[row[kPart]];
  for (const auto& [key, set] : numbers) {
    EXPECT_EQ(set.size(), sizes[key]);
    EXPECT_EQ(*set.begin(), 1);
    EXPECT_EQ(*set.rbegin(), static_cast<int64_t>(sizes[key]));
  }
}

TEST_F(WindowTest, LagLeadWithOffsetsDefaultsAndIgnoreNulls) {
  const std::vector<Row> rows = MakeTable(5000, 6, 1000, 3);
  using K = WindowFunctionKind;
  std::vector<Case> cases = {
      {Over(Function(K::kLag, {Col(kX)}), kByPartTotal)},
      {Over(Function(K::kLag, {Col(kX), Int(3)}), kByPartTotal)},
      {Over(Function(K::kLag, {Col(kX), Int(0)}), kByPartTotal)},
      {Over(Function(K::kLead, {Col(kX), Int(2), Int(-1)}), kByPartTotal)},
      {Over(Function(K::kLead, {Col(kS)}), kByPartTotal)},
      {Over(Function(K::kLag, {Col(kS), Int(1), Const(Value::Varchar("a default that is long"))}), kByPartTotal)},
      {Over(Function(K::kLag, {Col(kX), Col(kOffset), Col(kId)}), kByPartTotal)},
      {Over(Function(K::kLead, {Col(kD), Int(5000)}), kByPartTotal)},
      {IgnoreNulls(Over(Function(K::kLag, {Col(kX), Int(2)}), kByPartTotal))},
      {IgnoreNulls(Over(Function(K::kLead, {Col(kX), Int(1), Int(99)}), kByPartTotal))},
      {IgnoreNulls(Over(Function(K::kLead, {Col(kS), Col(kOffset)}), kByPartTotal))},
      {IgnoreNulls(Over(Function(K::kLag, {Col(kDec), Int(0)}), kByPartTotal))},
  };
  CheckCases(rows, cases);
}

TEST_F(WindowTest, FirstLastNthValueOverFrames) {
  const std::vector<Row> rows = MakeTable(5000, 5, 300, 4);
  using K = WindowFunctionKind;
  const WindowFrame sliding = Frame(Mode::kRows, Bound(BoundKind::kPreceding, Int(3)), Bound(BoundKind::kFollowing, Int(2)));
  const WindowFrame ahead = Frame(Mode::kRows, Bound(BoundKind::kFollowing, Int(1)), Bound(BoundKind::kFollowing, Int(4)));
  const WindowFrame whole =
      Frame(Mode::kRows, Bound(BoundKind::kUnboundedPreceding), Bound(BoundKind::kUnboundedFollowing));
  std::vector<Case> cases;
  for (const WindowFrame& frame : {WindowFrame::Default(), sliding, ahead, whole}) {
    for (bool ignore : {false, true}) {
      for (K kind : {K::kFirstValue, K::kLastValue}) {
        WindowCall call = Over(Function(kind, {Col(kS)}), kByPartTotal, frame);
        call.ignore_nulls = ignore;
        cases.push_back({call});
      }
      WindowCall nth = Over(Function(K::kNthValue, {Col(kX), Int(2)}), kByPartTotal, frame);
      nth.ignore_nulls = ignore;
      cases.push_back({nth});
    }
  }
  cases.push_back({Over(Function(K::kNthValue, {Col(kX), Col(kOffset)}), kByPartTotal, sliding)});  // NULL n → NULL
  // RANGE frames: the value is the key itself, so peers agree.
  const WindowFrame range = Frame(Mode::kRange, Bound(BoundKind::kPreceding, Int(10)), Bound(BoundKind::kFollowing, Int(5)));
  cases.push_back({Over(Function(K::kFirstValue, {Col(kOrder)}), kByPartOrder, range)});
  cases.push_back({Over(Function(K::kLastValue, {Col(kOrder)}), kByPartOrder, range)});
  cases.push_back({Over(Function(K::kLastValue, {Col(kOrder)}), Spec{{kPart}, {Key(kOrder, true, true)}}, range)});
  CheckCases(rows, cases);
}

/// Aggregates of plain-byte states (segment tree) and of owning states (fallback).
std::vector<WindowCall> AggregateCalls() {
  return {Aggregate("count", {}),           Aggregate("count", {Col(kX)}),  Aggregate("sum", {Col(kX)}),
          Aggregate("sum", {Col(kD)}),      Aggregate("avg", {Col(kX)}),    Aggregate("min", {Col(kX)}),
          Aggregate("max", {Col(kD)}),      Aggregate("stddev", {Col(kD)}), Aggregate("min", {Col(kS)}),
          Aggregate("max", {Col(kS)}),      Aggregate("count", {Col(kS)}, true)};
}

/// `with_owning_states`: also the functions whose states own memory (strings,
/// DISTINCT), whose reference is slow on large frames.
std::vector<Case> AggregateCases(const Spec& spec, const WindowFrame& frame, bool with_owning_states = true) {
  std::vector<Case> cases;
  for (const WindowCall& call : AggregateCalls()) {
    if (!with_owning_states && call.aggregate->has_destructor()) continue;
    cases.push_back({Over(call, spec, frame), call.name.rfind("distinct", 0) == 0});
  }
  return cases;
}

TEST_F(WindowTest, AggregatesOverRowsFrames) {
  const std::vector<Row> rows = MakeTable(1500, 2, 200, 5);
  const std::vector<Row> big = MakeTable(3000, 1, 200, 5);  // one partition > 2048 rows, NULLs
  auto b = [](BoundKind kind, int64_t offset = -1) {
    return offset < 0 ? Bound(kind) : Bound(kind, Int(offset));
  };
  const std::vector<WindowFrame> frames = {
      Frame(Mode::kRows, b(BoundKind::kUnboundedPreceding), b(BoundKind::kCurrentRow)),
      Frame(Mode::kRows, b(BoundKind::kPreceding, 5), b(BoundKind::kFollowing, 3)),
      Frame(Mode::kRows, b(BoundKind::kCurrentRow), b(BoundKind::kUnboundedFollowing)),
      Frame(Mode::kRows, b(BoundKind::kPreceding, 100), b(BoundKind::kPreceding, 20)),
      Frame(Mode::kRows, b(BoundKind::kFollowing, 2), b(BoundKind::kFollowing, 700)),
      Frame(Mode::kRows, b(BoundKind::kPreceding, 0), b(BoundKind::kCurrentRow)),
      Frame(Mode::kRows, b(BoundKind::kUnboundedPreceding), b(BoundKind::kPreceding, 2)),
  };
  for (const WindowFrame& frame : frames) {
    SCOPED_TRACE(frame.ToString());
    CheckCases(rows, AggregateCases(kByPartTotal, frame));
  }
  // Frames that cross sorted chunks; the reference is quadratic in the frame size.
  for (size_t f : {size_t{0}, size_t{1}, size_t{3}}) CheckCases(big, AggregateCases(kByPartTotal, frames[f], f != 0));
  std::vector<Case> listagg = {
      {Over(Aggregate("listagg", {Col(kS), Const(Value::Varchar(","))}), kByPartTotal, frames[1])},
      {Over(Aggregate("listagg", {Col(kS), Const(Value::Varchar(","))}), kByPartTotal, frames[0])}};
  CheckCases(rows, listagg);
}

TEST_F(WindowTest, AggregatesOverRangeAndGroupsFramesWithPeers) {
  const std::vector<Row> rows = MakeTable(1500, 2, 60, 6);
  const std::vector<Row> big = MakeTable(2500, 1, 300, 6);  // one partition > 2048 rows, NULLs
  auto b = [](BoundKind kind, int64_t offset = -1) {
    return offset < 0 ? Bound(kind) : Bound(kind, Int(offset));
  };
  const std::vector<WindowFrame> frames = {
      WindowFrame::Default(),
      Frame(Mode::kRange, b(BoundKind::kCurrentRow), b(BoundKind::kCurrentRow)),
      Frame(Mode::kRange, b(BoundKind::kCurrentRow), b(BoundKind::kUnboundedFollowing)),
      Frame(Mode::kRange, b(BoundKind::kPreceding, 3), b(BoundKind::kFollowing, 2)),
      Frame(Mode::kRange, b(BoundKind::kPreceding, 10), b(BoundKind::kPreceding, 4)),
      Frame(Mode::kRange, b(BoundKind::kFollowing, 1), b(BoundKind::kUnboundedFollowing)),
      Frame(Mode::kRange, b(BoundKind::kUnboundedPreceding), b(BoundKind::kPreceding, 1)),
      Frame(Mode::kGroups, b(BoundKind::kPreceding, 2), b(BoundKind::kFollowing, 1)),
      Frame(Mode::kGroups, b(BoundKind::kFollowing, 1), b(BoundKind::kFollowing, 3)),
      Frame(Mode::kGroups, b(BoundKind::kUnboundedPreceding), b(BoundKind::kPreceding, 1)),
  };
  for (const Spec& spec : {kByPartOrder, Spec{{kPart}, {Key(kOrder, true, true)}}}) {
    for (const WindowFrame& frame : frames) {
      SCOPED_TRACE(frame.ToString());
      CheckCases(rows, AggregateCases(spec, frame));
    }
  }
  for (size_t f : {size_t{1}, size_t{3}, size_t{7}, size_t{8}}) CheckCases(big, AggregateCases(kByPartOrder, frames[f]));
  // Without ORDER BY: every frame of SQL's default is the whole partition.
  CheckCases(rows, AggregateCases(Spec{{kPart}, {}}, WindowFrame::Default()));
}

constexpr int64_t kMillisPerDay = 86400 * 1000;

TEST_F(WindowTest, RangeOffsetsOverDoubleDateAndDecimalKeys) {
  const std::vector<Row> rows = MakeTable(4000, 3, 50, 7);
  std::vector<Case> cases;
  auto range = [](Value before, Value after) {
    return Frame(Mode::kRange, Bound(BoundKind::kPreceding, Const(std::move(before))),
                 Bound(BoundKind::kFollowing, Const(std::move(after))));
  };
  for (bool descending : {false, true}) {
    for (bool nulls_first : {false, true}) {
      const Spec by_double{{kPart}, {Key(kD, descending, nulls_first)}};
      const Spec by_date{{kPart}, {Key(kDate, descending, nulls_first)}};
      const Spec by_decimal{{kPart}, {Key(kDec, descending, nulls_first)}};
      cases.push_back({Over(Aggregate("count", {}), by_double, range(Value::Double(20.5), Value::Double(3.25)))});
      cases.push_back({Over(Aggregate("sum", {Col(kX)}), by_double, range(Value::BigInt(7), Value::BigInt(0)))});
      cases.push_back({Over(Aggregate("count", {}), by_date,
                            range(Value::IntervalDayTime(3 * kMillisPerDay), Value::IntervalDayTime(2 * kMillisPerDay)))});
      cases.push_back({Over(Aggregate("max", {Col(kS)}), by_date,
                            range(Value::IntervalDayTime(0), Value::IntervalDayTime(6 * kMillisPerDay)))});
      cases.push_back({Over(Aggregate("count", {}), by_date,
                            range(Value::IntervalYearMonth(1), Value::IntervalDayTime(kMillisPerDay / 2)))});
      cases.push_back({Over(Aggregate("count", {}), by_decimal, range(Value::Decimal(15, 3, 1), Value::BigInt(2)))});
      cases.push_back(
          {Over(Aggregate("sum", {Col(kX)}), by_decimal, range(Value::Decimal(125, 5, 2), Value::Decimal(3, 5, 3)))});
      cases.push_back({Over(Aggregate("avg", {Col(kX)}), by_decimal, range(Value::Double(1.5), Value::Double(0.5)))});
    }
  }
  CheckCases(rows, cases);
}

TEST_F(WindowTest, SeveralSortGroupsAndComputedKeysShareOneOperator) {
  const std::vector<Row> rows = MakeTable(5000, 6, 30, 8);
  // Computed keys: PARTITION BY p % 2 ORDER BY x + o, compared with the same call over
  // precomputed columns.
  const auto p_mod = sql::MakeArithmetic('%', Col(kPart), Const(Value::Integer(2)));
  const auto x_plus_o = sql::MakeArithmetic('+', Col(kX), Col(kOrder));
  WindowCall computed = Function(WindowFunctionKind::kRank);
  computed.partition_by = {p_mod};
  computed.order_by = {WindowOrderKey{x_plus_o, true, false}};
  WindowCall computed_sum = Over(Aggregate("sum", {Col(kX)}), Spec{}, WindowFrame::Default());
  computed_sum.partition_by = {p_mod};
  computed_sum.order_by = {WindowOrderKey{x_plus_o, false, true}};
  computed_sum.frame = Frame(Mode::kRange, Bound(BoundKind::kPreceding, Int(50)), Bound(BoundKind::kCurrentRow));
  std::vector<WindowCall> calls = {
      computed,
      Over(Function(WindowFunctionKind::kRowNumber), kByPartTotal),
      Over(Aggregate("sum", {Col(kX)}), Spec{{kS}, {Key(kDate), Key(kId)}},
           Frame(Mode::kRows, Bound(BoundKind::kPreceding, Int(2)), Bound(BoundKind::kCurrentRow))),
      computed_sum,
      Over(Aggregate("max", {Col(kS)}), Spec{}, WindowFrame::Default()),  // whole input
      Over(Function(WindowFunctionKind::kLag, {Col(kX)}), Spec{{kPart}, {Key(kOrder), Key(kId)}}),
  };
  const std::vector<Row> output = RunWindow(TableTypes(), rows, calls);
  ASSERT_EQ(output.size(), rows.size());

  // The reference table: columns kOffset ← p % 2 and kDec ← x + o (bigint here).
  std::vector<Row> precomputed = rows;
  std::vector<DataType> types = TableTypes();
  for (Row& row : precomputed) {
    row[kOffset] = row[kPart].is_null() ? Value::Null(DataType::BigInt()) : Value::BigInt(row[kPart].int64() % 2);
    row[kDec] = row[kX].is_null() || row[kOrder].is_null() ? Value::Null(DataType::BigInt())
                                                             : Value::BigInt(row[kX].int64() + row[kOrder].int64());
  }
  WindowCall rank_reference = Over(Function(WindowFunctionKind::kRank), Spec{{kOffset}, {}});
  rank_reference.order_by = {WindowOrderKey{sql::MakeColumnRef(kDec, DataType::BigInt()), true, false}};
  WindowCall sum_reference = Over(Aggregate("sum", {Col(kX)}), Spec{{kOffset}, {}},
                                  Frame(Mode::kRange, Bound(BoundKind::kPreceding, Int(50)), Bound(BoundKind::kCurrentRow)));
  sum_reference.order_by = {WindowOrderKey{sql::MakeColumnRef(kDec, DataType::BigInt()), false, true}};
  std::vector<std::vector<Value>> expected = {
      Reference(precomputed, Case{rank_reference}).Compute(), Reference(rows, Case{calls[1]}).Compute(),
      Reference(rows, Case{calls[2]}).Compute(),              Reference(precomputed, Case{sum_reference}).Compute(),
      Reference(rows, Case{calls[4]}).Compute(),              Reference(rows, Case{calls[5]}).Compute()};
  for (const Row& row : output) {
    const size_t id = static_cast<size_t>(row[kId].int64());
    for (size_t k = 0; k < calls.size(); ++k) {
      ASSERT_TRUE(SameResult(row[kNumColumns + k], expected[k][id]))
          << calls[k].ToString() << " row " << id << ": " << row[kNumColumns + k].ToString() << " vs "
          << expected[k][id].ToString();
    }
  }
}

TEST_F(WindowTest, LargeSinglePartitionSortsAndEvaluatesInParallel) {
  const std::vector<Row> rows = MakeTable(150000, 1, 100000, 9);
  std::vector<Case> cases = {
      {Over(Function(WindowFunctionKind::kRowNumber), Spec{{}, {Key(kOrder), Key(kId)}})},
      {Over(Function(WindowFunctionKind::kRank), Spec{{}, {Key(kOrder, true)}})},
      {Over(Aggregate("sum", {Col(kX)}), Spec{{}, {Key(kOrder), Key(kId)}},
            Frame(Mode::kRows, Bound(BoundKind::kPreceding, Int(1000)), Bound(BoundKind::kFollowing, Int(10))))},
      {Over(Aggregate("count", {Col(kX)}), Spec{{}, {Key(kOrder)}},
            Frame(Mode::kRange, Bound(BoundKind::kPreceding, Int(500)), Bound(BoundKind::kCurrentRow)))},
  };
  std::vector<WindowCall> calls;
  for (const Case& test : cases) calls.push_back(test.call);
  const std::vector<Row> output = RunWindow(TableTypes(), rows, calls, 0, 2048);
  ASSERT_EQ(output.size(), rows.size());
  for (size_t k = 0; k < cases.size(); ++k) {
    // The reference is quadratic in a partition for frames; check those on every 97th row.
    const std::vector<Value> expected = k == 2 || k == 3 ? std::vector<Value>{} : Reference(rows, cases[k]).Compute();
    if (expected.empty()) continue;
    for (const Row& row : output) {
      const size_t id = static_cast<size_t>(row[kId].int64());
      ASSERT_TRUE(SameResult(row[kNumColumns + k], expected[id])) << calls[k].ToString() << " row " << id;
    }
  }
  // Frames: recompute directly from the order (ids sorted by (o, id)).
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Value& x = rows[a][kOrder];
    const Value& y = rows[b][kOrder];
    if (x.is_null() != y.is_null()) return y.is_null();
    if (!x.is_null() && x.int64() != y.int64()) return x.int64() < y.int64();
    return a < b;
  });
  std::vector<int64_t> prefix_sum(rows.size() + 1);
  std::vector<Value> by_id(rows.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const Value& x = rows[order[i]][kX];
    prefix_sum[i + 1] = prefix_sum[i] + (x.is_null() ? 0 : x.int64());
  }
  std::vector<size_t> position(rows.size());
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  for (const Row& row : output) {
    const size_t id = static_cast<size_t>(row[kId].int64());
    if (id % 97 != 0) continue;
    const size_t i = position[id];
    const size_t start = i >= 1000 ? i - 1000 : 0;
    const size_t end = std::min(rows.size(), i + 11);
    EXPECT_EQ(row[kNumColumns + 2].int64(), prefix_sum[end] - prefix_sum[start]) << "row " << id;
  }
}

TEST_F(WindowTest, NullsAndSpecialDoublesFormPartitions) {
  // -0.0 and 0.0 are one partition, every NaN another, NULLs a third.
  const std::vector<DataType> types = {DataType::Double(), DataType::BigInt()};
  std::vector<Row> rows;
  const double values[] = {0.0, -0.0, std::nan(""), -std::nan(""), 1.5};
  for (int i = 0; i < 300; ++i) {
    rows.push_back({i % 6 == 5 ? Value::Null(DataType::Double()) : Value::Double(values[i % 6 == 5 ? 0 : i % 5]),
                    Value::BigInt(i)});
  }
  WindowCall count = Aggregate("count", {});
  count.partition_by = {sql::MakeColumnRef(0, DataType::Double())};
  WindowCall rank = Function(WindowFunctionKind::kDenseRank);
  rank.order_by = {WindowOrderKey{sql::MakeColumnRef(0, DataType::Double()), false, true}};
  // RANGE offsets: a NaN or NULL key's frame is its peers; numbers reach numbers only.
  std::vector<WindowCall> calls = {count, rank};
  for (bool descending : {false, true}) {
    WindowCall near = Aggregate("count", {});
    near.order_by = {WindowOrderKey{sql::MakeColumnRef(0, DataType::Double()), descending, descending}};
    near.frame = Frame(Mode::kRange, Bound(BoundKind::kPreceding, Const(Value::Double(1))),
                       Bound(BoundKind::kFollowing, Const(Value::Double(1))));
    calls.push_back(near);
  }
  const std::vector<Row> output = RunWindow(types, rows, calls, 0, 64);
  ASSERT_EQ(output.size(), rows.size());
  for (const Row& row : output) {
    const Value& key = row[0];
    // Every key class has its own frame: [-1, 1] holds the zeros only, [0.5, 2.5] 1.5.
    EXPECT_EQ(row[4].int64(), row[2].int64()) << key.ToString();
    EXPECT_EQ(row[5].int64(), row[2].int64()) << key.ToString();
    int64_t expected_count = 0;
    int64_t expected_rank = 0;
    for (const Row& other : rows) {
      const Value& o = other[0];
      const bool same = key.is_null() ? o.is_null()
                        : o.is_null() ? false
                        : std::isnan(key.float64()) ? std::isnan(o.float64())
                                                    : o.float64() == key.float64();
      expected_count += same;
    }
    // NULLS FIRST, then 0.0 (with -0.0), 1.5, NaN.
    if (key.is_null()) {
      expected_rank = 1;
    } else if (std::isnan(key.float64())) {
      expected_rank = 4;
    } else {
      expected_rank = key.float64() == 0 ? 2 : 3;
    }
    EXPECT_EQ(row[2].int64(), expected_count) << key.ToString();
    EXPECT_EQ(row[3].int64(), expected_rank) << key.ToString();
  }
}

TEST_F(WindowTest, EmptyInputAndOneRow) {
  std::vector<WindowCall> calls = {Over(Function(WindowFunctionKind::kRowNumber), kByPartTotal),
                                   Over(Aggregate("sum", {Col(kX)}), kByPartOrder),
                                   Over(Function(WindowFunctionKind::kPercentRank), kByPartOrder)};
  EXPECT_TRUE(RunWindow(TableTypes(), {}, calls).empty());
  const std::vector<Row> one = MakeTable(1, 1, 1, 10);
  const std::vector<Row> output = RunWindow(TableTypes(), one, calls);
  ASSERT_EQ(output.size(), 1u);
  EXPECT_EQ(output[0][kNumColumns].int64(), 1);
  EXPECT_EQ(output[0][kNumColumns + 2].float64(), 0.0);
}

TEST_F(WindowTest, ArgumentErrors) {
  const std::vector<Row> rows = MakeTable(100, 2, 10, 11);
  auto fails = [&](WindowCall call, const std::string& message) {
    try {
      RunWindow(TableTypes(), rows, {call});
      ADD_FAILURE() << "no error for " << call.ToString();
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << error.what();
    }
  };
  fails(Over(Function(WindowFunctionKind::kNtile, {Int(0)}), kByPartTotal), "Buckets must be greater than 0");
  fails(Over(Function(WindowFunctionKind::kLag, {Col(kX), Int(-1)}), kByPartTotal), "Offset must be at least 0");
  fails(Over(Function(WindowFunctionKind::kNthValue, {Col(kX), Int(0)}), kByPartTotal), "Offset must be at least 1");
  fails(Over(Aggregate("sum", {Col(kX)}), kByPartTotal,
             Frame(Mode::kRows, Bound(BoundKind::kPreceding, Int(-2)), Bound(BoundKind::kCurrentRow))),
        "must not be negative or null");
  fails(Over(Aggregate("sum", {Col(kX)}), kByPartOrder,
             Frame(Mode::kRange, Bound(BoundKind::kPreceding, Const(Value::Null(DataType::BigInt()))),
                   Bound(BoundKind::kCurrentRow))),
        "must not be negative or null");
}

TEST_F(WindowTest, MemoryLimitNamesTheOperator) {
  const std::vector<Row> rows = MakeTable(20000, 10, 100, 12);
  try {
    RunWindow(TableTypes(), rows, {Over(Function(WindowFunctionKind::kRowNumber), kByPartTotal)}, 256 * 1024);
    FAIL() << "expected the memory limit to stop the query";
  } catch (const OutOfMemoryError& error) {
    EXPECT_NE(std::string(error.what()).find("Window"), std::string::npos) << error.what();
  }
  // The same query fits without a limit.
  EXPECT_EQ(RunWindow(TableTypes(), rows, {Over(Function(WindowFunctionKind::kRowNumber), kByPartTotal)}).size(),
            rows.size());
}

}  // namespace
}  // namespace sluice::exec
