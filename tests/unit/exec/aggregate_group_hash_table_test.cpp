// GroupHashTable: keys of many types, NULL keys, forced collisions, growth, long
// strings, and combining per-thread tables partition by partition.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "aggregate_test_util.h"
#include "exec/aggregate/group_hash_table.h"

namespace sluice::exec {
namespace {

using testing::MakeVector;

/// Inserts the rows of `columns` and returns the group id of each row.
std::vector<uint32_t> Insert(GroupHashTable* table, const std::vector<Vector>& columns,
                             size_t num_rows) {
  std::vector<const Vector*> keys;
  for (const Vector& v : columns) keys.push_back(&v);
  std::vector<uint32_t> groups(num_rows);
  table->FindOrCreateGroups(keys, sql::Rows{nullptr, num_rows}, groups.data());
  return groups;
}

/// The key of `group` as Values.
std::vector<Value> KeyOf(const GroupHashTable& table, uint32_t group) {
  std::vector<Vector> out;
  std::vector<Vector*> pointers;
  for (const DataType& t : table.key_types()) out.emplace_back(t, 1);
  for (Vector& v : out) pointers.push_back(&v);
  table.GatherKeys(&group, 1, pointers, 0);
  std::vector<Value> key;
  for (const Vector& v : out) key.push_back(Value::FromVector(v, 0));
  return key;
}

TEST(GroupHashTable, ManyTypesAndNullKeysRoundTrip) {
  std::vector<DataType> types{DataType::Boolean(), DataType::TinyInt(), DataType::SmallInt(),
                              DataType::Integer(), DataType::BigInt(), DataType::Real(),
                              DataType::Double(), DataType::Decimal(10, 2),
                              DataType::Decimal(30, 3), DataType::Varchar(), DataType::Date(),
                              DataType::Timestamp(), DataType::TimestampTz(),
                              DataType::Varbinary()};
  std::vector<std::vector<Value>> rows;
  for (int r = 0; r < 3; ++r) {
    rows.push_back({Value::Boolean(r % 2 == 0), Value::TinyInt(static_cast<int8_t>(r)),
                    Value::SmallInt(static_cast<int16_t>(-r)), Value::Integer(r * 1000),
                    Value::BigInt(int64_t{r} << 40), Value::Real(0.5f * r), Value::Double(r / 3.0),
                    Value::Decimal(r * 123, 10, 2), Value::Decimal(PowerOfTen(25) + r, 30, 3),
                    Value::Varchar(std::string(r * 10, 'x')), Value::Date(r), Value::Timestamp(r),
                    Value::TimestampTz(r * 1000, 0), Value::Varbinary(std::string(r + 1, '\xB0'))});
  }
  std::vector<Value> nulls;
  for (const DataType& t : types) nulls.push_back(Value::Null(t));
  rows.push_back(nulls);
  rows.push_back(rows[1]);  // duplicates
  rows.push_back(nulls);
  std::vector<Vector> columns;
  for (size_t c = 0; c < types.size(); ++c) {
    std::vector<Value> column;
    for (const auto& row : rows) column.push_back(row[c]);
    columns.push_back(MakeVector(types[c], column));
  }
  GroupHashTable table(types);
  auto groups = Insert(&table, columns, rows.size());
  EXPECT_EQ(table.num_groups(), 4u);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 1, 2, 3, 1, 3}));
  for (uint32_t g = 0; g < 4; ++g) {
    auto key = KeyOf(table, g);
    for (size_t c = 0; c < types.size(); ++c) EXPECT_EQ(key[c], rows[g][c]) << g << " " << c;
  }
  // A second batch finds the same groups.
  EXPECT_EQ(Insert(&table, columns, rows.size()), groups);
}

TEST(GroupHashTable, NullIsItsOwnKeyPerColumn) {
  const DataType b = DataType::BigInt();
  std::vector<Vector> columns;
  columns.push_back(MakeVector(b, {Value::Null(b), Value::BigInt(0), Value::Null(b), Value::BigInt(0)}));
  columns.push_back(MakeVector(b, {Value::BigInt(0), Value::Null(b), Value::Null(b), Value::BigInt(0)}));
  GroupHashTable table({b, b});
  EXPECT_EQ(Insert(&table, columns, 4), (std::vector<uint32_t>{0, 1, 2, 3}));
}

TEST(GroupHashTable, FloatKeysGroupNegativeZeroAndNaN) {
  const DataType d = DataType::Double();
  std::vector<Vector> columns;
  columns.push_back(MakeVector(d, {Value::Double(0.0), Value::Double(-0.0),
                                   Value::Double(std::nan("1")), Value::Double(-std::nan("2"))}));
  GroupHashTable table({d});
  EXPECT_EQ(Insert(&table, columns, 4), (std::vector<uint32_t>{0, 0, 1, 1}));
}

TEST(GroupHashTable, ForcedCollisionsStillSeparateKeys) {
  const DataType v = DataType::Varchar();
  std::vector<Value> values;
  for (int i = 0; i < 300; ++i) values.push_back(Value::Varchar("key number " + std::to_string(i % 100)));
  std::vector<Vector> columns;
  columns.push_back(MakeVector(v, values));
  for (uint64_t mask : {uint64_t{0}, uint64_t{0xF}, uint64_t{0xFFFF000000000000ULL}}) {
    GroupHashTable table({v});
    table.set_hash_mask_for_testing(mask);
    auto groups = Insert(&table, columns, values.size());
    EXPECT_EQ(table.num_groups(), 100u);
    for (size_t r = 0; r < values.size(); ++r) EXPECT_EQ(groups[r], r % 100) << mask;
    // A second batch finds every key through the candidate rounds (no new rows).
    EXPECT_EQ(Insert(&table, columns, values.size()), groups) << mask;
    EXPECT_EQ(table.num_groups(), 100u);
  }
}

TEST(GroupHashTable, GrowsAndKeepsPayloadPointersStable) {
  const DataType b = DataType::BigInt();
  GroupHashTable table({b}, sizeof(int64_t), alignof(int64_t));
  std::vector<int64_t*> payloads;
  const int64_t n = 200'000;
  for (int64_t start = 0; start < n; start += kChunkCapacity) {
    size_t count = std::min<int64_t>(kChunkCapacity, n - start);
    Vector keys(b);
    for (size_t i = 0; i < count; ++i) keys.data<int64_t>()[i] = (start + i) * 0x9E3779B1;
    const Vector* key_pointer = &keys;
    std::vector<uint32_t> groups(count);
    size_t before = table.num_groups();
    table.FindOrCreateGroups({&key_pointer, 1}, sql::Rows{nullptr, count}, groups.data());
    for (size_t g = before; g < table.num_groups(); ++g) {
      auto* payload = reinterpret_cast<int64_t*>(table.payload(static_cast<uint32_t>(g)));
      *payload = static_cast<int64_t>(g);
      payloads.push_back(payload);
    }
  }
  ASSERT_EQ(table.num_groups(), static_cast<size_t>(n));
  for (int64_t g = 0; g < n; ++g) {
    ASSERT_EQ(reinterpret_cast<int64_t*>(table.payload(static_cast<uint32_t>(g))), payloads[g]);
    ASSERT_EQ(*payloads[g], g);
  }
  EXPECT_GT(table.bytes_used(), static_cast<size_t>(n) * 16);
  EXPECT_LT(table.bytes_used(), static_cast<size_t>(n) * 128);
}

TEST(GroupHashTable, LongStringKeysLiveInTheTableArena) {
  const DataType v = DataType::Varchar();
  GroupHashTable table({v, v});
  {
    std::vector<Vector> columns;
    columns.push_back(MakeVector(v, {Value::Varchar("a string longer than twelve bytes"),
                                     Value::Varchar("short"), Value::Varchar("")}));
    columns.push_back(MakeVector(v, {Value::Varchar("another long string value here"),
                                     Value::Varchar("a string longer than twelve bytes"),
                                     Value::Varchar("")}));
    Insert(&table, columns, 3);
  }  // input vectors gone
  std::vector<Vector> probe;
  probe.push_back(MakeVector(v, {Value::Varchar("a string longer than twelve bytez"),
                                 Value::Varchar("a string longer than twelve bytes")}));
  probe.push_back(MakeVector(v, {Value::Varchar("another long string value here"),
                                 Value::Varchar("another long string value here")}));
  EXPECT_EQ(Insert(&table, probe, 2), (std::vector<uint32_t>{3, 0}));
  EXPECT_EQ(KeyOf(table, 0)[0], Value::Varchar("a string longer than twelve bytes"));
  EXPECT_EQ(KeyOf(table, 1)[1], Value::Varchar("a string longer than twelve bytes"));
}

TEST(GroupHashTable, SelectionOnlyTouchesSelectedRows) {
  const DataType b = DataType::BigInt();
  std::vector<Vector> columns;
  columns.push_back(MakeVector(b, {Value::BigInt(1), Value::BigInt(2), Value::BigInt(3)}));
  GroupHashTable table({b});
  const Vector* keys = &columns[0];
  uint32_t selection[] = {2};
  uint32_t groups[3] = {99, 99, 99};
  table.FindOrCreateGroups({&keys, 1}, sql::Rows{selection, 1}, groups);
  EXPECT_EQ(table.num_groups(), 1u);
  EXPECT_EQ(groups[0], 99u);
  EXPECT_EQ(groups[2], 0u);
}

/// Two "threads" each aggregate sum(v) by (k1 varchar, k2 bigint) into their own table;
/// the final tables are built per partition and must equal a single-table result.
TEST(GroupHashTable, CombineAcrossPartitionsEqualsOneTable) {
  const DataType v = DataType::Varchar();
  const DataType b = DataType::BigInt();
  auto sum = testing::Resolve("sum", {b});
  auto make_table = [&] {
    return std::make_unique<GroupHashTable>(std::vector{v, b}, sum->state_size(),
                                            sum->state_alignment(), /*partition_bits=*/3);
  };
  // What one thread of the operator does per chunk: find groups, initialize the new
  // ones' states, update sum(value) through row-aligned state pointers.
  auto aggregate = [&](GroupHashTable* table, int64_t begin, int64_t end) {
    std::vector<Value> k1, k2, values;
    for (int64_t r = begin; r < end; ++r) {
      k1.push_back(r % 13 == 0 ? Value::Null(v)
                               : Value::Varchar("customer name #" + std::to_string(r % 37)));
      k2.push_back(Value::BigInt(r % 5));
      values.push_back(Value::BigInt(r));
    }
    std::vector<Vector> keys;
    keys.push_back(MakeVector(v, k1));
    keys.push_back(MakeVector(b, k2));
    Vector value_column = MakeVector(b, values);
    size_t before = table->num_groups();
    auto groups = Insert(table, keys, k1.size());
    for (size_t g = before; g < table->num_groups(); ++g) {
      sum->Initialize(table->payload(static_cast<uint32_t>(g)));
    }
    std::vector<uint8_t*> states(groups.size());
    for (size_t r = 0; r < groups.size(); ++r) states[r] = table->payload(groups[r]);
    sql::Operand operand{&value_column, false};
    sum->Update(states.data(), {&operand, 1}, sql::Rows{nullptr, groups.size()});
  };
  auto single = make_table();
  aggregate(single.get(), 0, 3000);
  auto thread_a = make_table();
  auto thread_b = make_table();
  aggregate(thread_a.get(), 0, 1700);
  aggregate(thread_b.get(), 1700, 3000);

  std::map<std::pair<std::string, int64_t>, Value> expected, combined;
  auto key_string = [](const Value& k) { return k.is_null() ? std::string("<null>") : k.string(); };
  auto read_out = [&](GroupHashTable& t, std::map<std::pair<std::string, int64_t>, Value>* out) {
    for (uint32_t g = 0; g < t.num_groups(); ++g) {
      auto key = KeyOf(t, g);
      Vector result(sum->result_type(), 1);
      uint8_t* state = t.payload(g);
      sum->Finalize(&state, 1, &result, 0);
      (*out)[{key_string(key[0]), key[1].int64()}] = Value::FromVector(result, 0);
    }
  };
  read_out(*single, &expected);

  // One final table per partition; partitions are independent (parallel in the operator).
  auto parts_a = thread_a->GroupsByPartition();
  auto parts_b = thread_b->GroupsByPartition();
  ASSERT_EQ(parts_a.size(), 8u);
  size_t total = 0;
  for (size_t p = 0; p < parts_a.size(); ++p) {
    auto final_table = make_table();
    for (auto [source, groups] : {std::pair{thread_a.get(), &parts_a[p]}, std::pair{thread_b.get(), &parts_b[p]}}) {
      for (uint32_t g : *groups) {
        EXPECT_EQ(source->partition(g), p);
        bool created = false;
        uint32_t target = final_table->FindOrCreateFrom(*source, g, &created);
        if (created) sum->Initialize(final_table->payload(target));
        uint8_t* from = source->payload(g);
        uint8_t* to = final_table->payload(target);
        sum->Combine(&from, &to, 1);
      }
    }
    total += final_table->num_groups();
    read_out(*final_table, &combined);
  }
  EXPECT_EQ(total, single->num_groups());
  EXPECT_EQ(combined, expected);
}

}  // namespace
}  // namespace sluice::exec
