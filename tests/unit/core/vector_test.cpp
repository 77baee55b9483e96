#include "core/vector.h"

#include <gtest/gtest.h>

#include <string>

#include "core/chunk.h"
#include "core/error.h"

namespace sluice {
namespace {

TEST(StringRefTest, InlinesShortStrings) {
  StringRef a("hello", 5);
  EXPECT_TRUE(a.is_inlined());
  EXPECT_EQ(a.view(), "hello");
  StringRef empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty, StringRef("", 0));
}

TEST(StringRefTest, ComparesLongStrings) {
  std::string x = "a long string beyond twelve bytes";
  std::string y = x;
  std::string z = x;
  z.back() = 'X';
  EXPECT_EQ(StringRef(x), StringRef(y));
  EXPECT_NE(StringRef(x), StringRef(z));
  EXPECT_NE(StringRef(x), StringRef("a long"));
  EXPECT_TRUE(StringRef(z) < StringRef(x));
}

TEST(VectorTest, ValidityStartsAllValid) {
  Vector v(DataType::Integer());
  EXPECT_TRUE(v.all_valid());
  EXPECT_EQ(v.CountNulls(100), 0u);
  v.SetNull(3);
  v.SetNull(64);
  v.SetNull(2047);
  EXPECT_FALSE(v.IsValid(3));
  EXPECT_TRUE(v.IsValid(4));
  EXPECT_EQ(v.CountNulls(2048), 3u);
  EXPECT_EQ(v.CountNulls(64), 1u);
  v.SetValid(3);
  EXPECT_EQ(v.CountNulls(2048), 2u);
  v.Reset();
  EXPECT_TRUE(v.all_valid());
}

TEST(VectorTest, StoresStringsInItsHeap) {
  Vector v(DataType::Varchar(), 4);
  std::string long_text(5000, 'x');
  {
    std::string temp = long_text;
    v.SetString(0, temp);
    v.SetString(1, "short");
    temp.assign(temp.size(), 'y');  // the vector must hold its own copy
  }
  EXPECT_EQ(v.GetString(0), long_text);
  EXPECT_EQ(v.GetString(1), "short");
  for (int i = 0; i < 1000; ++i) v.SetString(2, std::string(100 + i, 'z'));
  EXPECT_EQ(v.GetString(2).size(), 1099u);
  v.Reset();
  v.SetString(0, long_text);
  EXPECT_EQ(v.GetString(0), long_text);
}

TEST(ChunkTest, HoldsColumnsOfTypes) {
  Chunk chunk({DataType::BigInt(), DataType::Varchar()});
  EXPECT_EQ(chunk.num_columns(), 2u);
  EXPECT_EQ(chunk.capacity(), kChunkCapacity);
  chunk.column(0).data<int64_t>()[0] = 42;
  chunk.set_size(1);
  EXPECT_EQ(chunk.size(), 1u);
  EXPECT_THROW(chunk.set_size(kChunkCapacity + 1), InternalError);
  chunk.Reset();
  EXPECT_EQ(chunk.size(), 0u);
}

}  // namespace
}  // namespace sluice
