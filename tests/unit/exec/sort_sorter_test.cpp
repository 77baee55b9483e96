// Sorter: every type in both directions with NULLS FIRST/LAST, multiple keys, string
// ties beyond the prefix, NaN and -0.0, 128-bit decimals, stability, parallel runs.

#include <limits>
#include <random>
#include <string>

#include "core/error.h"
#include "sort_test_util.h"

namespace sluice::exec {
namespace {

using testing::ExpectSameRows;
using testing::ReferenceSort;
using testing::Row;
using testing::SortRows;

/// A random non-NULL value of `type`, drawn from a small domain so that ties occur.
Value RandomValue(const DataType& type, std::mt19937_64& random) {
  const int64_t small = static_cast<int64_t>(random() % 41) - 20;
  switch (type.id()) {
    case TypeId::kBoolean: return Value::Boolean(random() % 2 == 0);
    case TypeId::kTinyInt: {
      static const int8_t kEdges[] = {-128, 127, 0, -1};
      return Value::TinyInt(random() % 4 == 0 ? kEdges[random() % 4] : static_cast<int8_t>(small));
    }
    case TypeId::kSmallInt: return Value::SmallInt(static_cast<int16_t>(small * 1000));
    case TypeId::kInteger: {
      static const int32_t kEdges[] = {std::numeric_limits<int32_t>::min(),
                                       std::numeric_limits<int32_t>::max()};
      return Value::Integer(random() % 8 == 0 ? kEdges[random() % 2]
                                              : static_cast<int32_t>(small * 100000));
    }
    case TypeId::kBigInt: {
      static const int64_t kEdges[] = {std::numeric_limits<int64_t>::min(),
                                       std::numeric_limits<int64_t>::max(), 256, -256};
      return Value::BigInt(random() % 8 == 0 ? kEdges[random() % 4] : small << 33);
    }
    case TypeId::kReal:
    case TypeId::kDouble: {
      static const double kEdges[] = {std::numeric_limits<double>::quiet_NaN(),
                                      -std::numeric_limits<double>::quiet_NaN(),
                                      std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity(), 0.0, -0.0,
                                      std::numeric_limits<double>::denorm_min(),
                                      -std::numeric_limits<double>::denorm_min()};
      const double value = random() % 4 == 0 ? kEdges[random() % 8] : small * 0.25;
      return type.id() == TypeId::kReal ? Value::Real(static_cast<float>(value))
                                        : Value::Double(value);
    }
    case TypeId::kDecimal: {
      if (type.is_short_decimal()) return Value::Decimal(small * 99, type.precision(), type.scale());
      const __int128 big = PowerOfTen(37) * (static_cast<int64_t>(random() % 9) - 4);
      return Value::Decimal(big + small, type.precision(), type.scale());
    }
    case TypeId::kVarchar:
    case TypeId::kVarbinary: {
      static const std::string kStems[] = {
          "", "a", "ab", "abcdefghijkl", "abcdefghijklm", "abcdefghijklmnopqrstuvwxyz-0",
          "abcdefghijklmnopqrstuvwxyz-1", std::string("ab\0", 3)};
      std::string text = kStems[random() % 8];
      if (random() % 3 == 0) text += std::string(random() % 20, static_cast<char>('a' + random() % 3));
      if (random() % 7 == 0) text += '\xff';
      return type.id() == TypeId::kVarchar ? Value::Varchar(text) : Value::Varbinary(text);
    }
    case TypeId::kDate: return Value::Date(static_cast<int32_t>(small * 3000));
    case TypeId::kTimestamp: return Value::Timestamp(small * 86'400'000'000 + 5);
    case TypeId::kTimestampTz:
      return Value::TimestampTz(small * 3'600'000'000, static_cast<int32_t>(random() % 2));
    default: return Value::Null(type);
  }
}

/// Rows (value, sequence number) with about one NULL in eight.
std::vector<Row> RandomRows(const std::vector<DataType>& types, size_t num_rows, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<Row> rows;
  for (size_t r = 0; r < num_rows; ++r) {
    Row row;
    for (const DataType& type : types) {
      row.push_back(random() % 8 == 0 ? Value::Null(type) : RandomValue(type, random));
    }
    row.push_back(Value::BigInt(static_cast<int64_t>(r)));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<DataType> AllTypes() {
  return {DataType::Boolean(),   DataType::TinyInt(),      DataType::SmallInt(),
          DataType::Integer(),   DataType::BigInt(),       DataType::Real(),
          DataType::Double(),    DataType::Decimal(10, 2), DataType::Decimal(38, 5),
          DataType::Varchar(),   DataType::Varbinary(),    DataType::Date(),
          DataType::Timestamp(), DataType::TimestampTz()};
}

std::vector<SortKey> AllDirections(size_t column) {
  return {{column, true, false}, {column, true, true}, {column, false, false},
          {column, false, true}};
}

TEST(SortTest, EveryTypeEveryDirection) {
  for (const DataType& type : AllTypes()) {
    const std::vector<DataType> types = {type, DataType::BigInt()};
    const std::vector<Row> rows = RandomRows({type}, 3000, 7);
    for (const SortKey& key : AllDirections(0)) {
      SCOPED_TRACE(type.ToString() + (key.ascending ? " ASC" : " DESC") +
                   (key.nulls_first ? " NULLS FIRST" : " NULLS LAST"));
      // The sequence column makes every comparison of whole rows check stability.
      ExpectSameRows(SortRows(types, {key}, rows), ReferenceSort(rows, {key}));
    }
  }
}

TEST(SortTest, MultipleKeysOfMixedTypes) {
  const std::vector<DataType> key_types = {DataType::Varchar(), DataType::Integer(),
                                           DataType::Double(), DataType::Decimal(38, 0)};
  std::vector<DataType> types = key_types;
  types.push_back(DataType::BigInt());
  const std::vector<Row> rows = RandomRows(key_types, 5000, 11);
  const std::vector<std::vector<SortKey>> orders = {
      {{0, true, false}, {1, false, true}},
      {{1, false, false}, {0, true, true}, {2, true, false}},
      {{3, false, false}, {0, false, false}, {2, false, true}, {1, true, false}},
      {{2, true, true}, {3, true, false}},
  };
  for (const auto& keys : orders) {
    ExpectSameRows(SortRows(types, keys, rows), ReferenceSort(rows, keys));
  }
}

TEST(SortTest, StringsSharingLongPrefixesUseTheFullComparator) {
  // Two string keys: the first ties on its 12-byte prefix, so its whole value must decide
  // before the second key's bytes (which a plain memcmp would look at first).
  const std::vector<DataType> types = {DataType::Varchar(), DataType::Varchar(),
                                       DataType::BigInt()};
  std::vector<Row> rows;
  std::mt19937_64 random(3);
  const std::string stem(40, 'x');
  for (int64_t i = 0; i < 4000; ++i) {
    std::string first = stem.substr(0, 10 + random() % 30) + std::to_string(random() % 50);
    std::string second = stem + std::to_string(random() % 5);
    rows.push_back({Value::Varchar(first), Value::Varchar(second), Value::BigInt(i)});
  }
  for (bool ascending : {true, false}) {
    const std::vector<SortKey> keys = {{0, ascending, false}, {1, !ascending, false}};
    ExpectSameRows(SortRows(types, keys, rows), ReferenceSort(rows, keys));
    ExpectSameRows(SortRows(types, keys, rows, 3, 700), ReferenceSort(rows, keys));
  }
}

TEST(SortTest, NanAndNegativeZeroFollowTrino) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> input = {1.0, nan, -0.0, -inf, 0.0, inf, -nan, -1.0};
  std::vector<Row> rows;
  for (double value : input) rows.push_back({Value::Double(value)});
  rows.push_back({Value::Null(DataType::Double())});
  const auto sorted = SortRows({DataType::Double()}, {{0, true, false}}, rows);
  const std::vector<std::string> expected = {"-Infinity", "-1", "-0", "0", "1",
                                             "Infinity", "NaN", "NaN", "NULL"};
  ASSERT_EQ(sorted.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(sorted[i][0].ToString(), expected[i]);
  const auto descending = SortRows({DataType::Double()}, {{0, false, true}}, rows);
  EXPECT_TRUE(descending[0][0].is_null());
  EXPECT_EQ(descending[1][0].ToString(), "NaN");
  EXPECT_EQ(descending[8][0].ToString(), "-Infinity");
}

TEST(SortTest, LongDecimalsAcrossTheWholeRange) {
  const DataType type = DataType::Decimal(38, 2);
  const __int128 max = PowerOfTen(38) - 1;
  const std::vector<__int128> values = {max, -max, 0, -1, 1, PowerOfTen(20), -PowerOfTen(20),
                                        (__int128{1} << 64), -(__int128{1} << 64)};
  std::vector<Row> rows;
  for (__int128 value : values) rows.push_back({Value::Decimal(value, 38, 2)});
  const auto sorted = SortRows({type}, {{0, true, false}}, rows);
  for (size_t i = 1; i < sorted.size(); ++i) {
    EXPECT_LT(sorted[i - 1][0].unscaled(), sorted[i][0].unscaled());
  }
  EXPECT_EQ(sorted.front()[0].unscaled(), -max);
  EXPECT_EQ(sorted.back()[0].unscaled(), max);
}

TEST(SortTest, EqualKeysKeepInputOrderAcrossThreads) {
  const std::vector<DataType> types = {DataType::Integer(), DataType::BigInt()};
  std::vector<Row> rows;
  for (int64_t i = 0; i < 50000; ++i) {
    rows.push_back({Value::Integer(static_cast<int32_t>(i % 3)), Value::BigInt(i)});
  }
  const std::vector<SortKey> keys = {{0, false, false}};
  ExpectSameRows(SortRows(types, keys, rows, 4, 2048), ReferenceSort(rows, keys));
}

TEST(SortTest, EmptyInputAndOutputColumns) {
  Sorter sorter(SortSpec{{DataType::BigInt(), DataType::Varchar()}, {{0}}, {1}});
  auto global = sorter.MakeGlobalState();
  auto local = sorter.MakeLocalState(*global);
  sorter.Combine(*global, *local);
  auto sorted = sorter.Finalize(*global);
  EXPECT_EQ(sorted->num_rows(), 0u);
  ASSERT_EQ(sorted->output_types().size(), 1u);
  EXPECT_EQ(sorted->output_types()[0], DataType::Varchar());
}

TEST(SortTest, RejectsBadKeys) {
  EXPECT_THROW(Sorter(SortSpec{{DataType::BigInt()}, {{1}}, {}}), InvalidArgumentError);
  EXPECT_THROW(Sorter(SortSpec{{DataType::BigInt()}, {{0}}, {2}}), InvalidArgumentError);
}

TEST(SortTest, StringsStayValidAfterTheSorterIsGone) {
  std::vector<Row> rows;
  for (int i = 0; i < 100; ++i) {
    rows.push_back({Value::Varchar("a long string that is not inlined #" + std::to_string(i % 10))});
  }
  const auto sorted = SortRows({DataType::Varchar()}, {{0, true, false}}, rows);
  EXPECT_EQ(sorted.front()[0].string(), "a long string that is not inlined #0");
  EXPECT_EQ(sorted.back()[0].string(), "a long string that is not inlined #9");
}

TEST(SortTest, MemoryIsAccounted) {
  Sorter sorter(SortSpec{{DataType::BigInt()}, {{0}}, {}});
  auto global = sorter.MakeGlobalState();
  auto local = sorter.MakeLocalState(*global);
  Chunk chunk({DataType::BigInt()});
  chunk.set_size(kChunkCapacity);
  for (int i = 0; i < 10; ++i) sorter.Sink(*local, chunk);
  EXPECT_GE(local->memory_bytes(), 10 * kChunkCapacity * (8 + sorter.encoder().entry_width()));
  sorter.Combine(*global, *local);
  EXPECT_EQ(local->memory_bytes(), 0u);
  EXPECT_GE(global->memory_bytes(), 10 * kChunkCapacity * 8);
}

}  // namespace
}  // namespace sluice::exec
