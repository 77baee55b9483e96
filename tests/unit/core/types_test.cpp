#include "core/types.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace sluice {
namespace {

TEST(DataTypeTest, ParsesTrinoNames) {
  EXPECT_EQ(DataType::Parse("INTEGER"), DataType::Integer());
  EXPECT_EQ(DataType::Parse("int"), DataType::Integer());
  EXPECT_EQ(DataType::Parse("decimal(10, 2)"), DataType::Decimal(10, 2));
  EXPECT_EQ(DataType::Parse("DECIMAL(38)"), DataType::Decimal(38, 0));
  EXPECT_EQ(DataType::Parse("timestamp(6) with time zone"), DataType::TimestampTz());
  EXPECT_EQ(DataType::Parse("Timestamp"), DataType::Timestamp());
  EXPECT_EQ(DataType::Parse("varchar(20)"), DataType::Varchar());
  EXPECT_EQ(DataType::Parse("  double   precision "), DataType::Double());
}

TEST(DataTypeTest, RejectsBadNames) {
  EXPECT_THROW(DataType::Parse("decimal(39,2)"), InvalidArgumentError);
  EXPECT_THROW(DataType::Parse("decimal(5,6)"), InvalidArgumentError);
  EXPECT_THROW(DataType::Parse("intt"), InvalidArgumentError);
  EXPECT_THROW(DataType::Parse("integer(3)"), InvalidArgumentError);
  EXPECT_THROW(DataType::Parse("decimal(1,2,3)"), InvalidArgumentError);
  EXPECT_THROW(DataType::Parse("array(integer)"), NotImplementedError);
}

TEST(DataTypeTest, RoundTripsThroughText) {
  for (const DataType& t :
       {DataType::Boolean(), DataType::TinyInt(), DataType::SmallInt(), DataType::Integer(),
        DataType::BigInt(), DataType::Real(), DataType::Double(), DataType::Decimal(38, 10),
        DataType::Decimal(5, 0), DataType::Varchar(), DataType::Varbinary(), DataType::Date(),
        DataType::Timestamp(), DataType::TimestampTz()}) {
    EXPECT_EQ(DataType::Parse(t.ToString()), t) << t.ToString();
  }
}

TEST(DataTypeTest, PhysicalLayout) {
  EXPECT_EQ(DataType::Decimal(18, 2).fixed_width(), 8u);
  EXPECT_EQ(DataType::Decimal(19, 2).fixed_width(), 16u);
  EXPECT_EQ(DataType::Varchar().fixed_width(), 16u);
  EXPECT_EQ(DataType::TimestampTz().fixed_width(), 16u);
  EXPECT_EQ(DataType::Date().physical_type(), PhysicalType::kInt32);
}

TEST(SchemaTest, FindsFieldsExactThenCaseInsensitive) {
  Schema schema({{"id", DataType::BigInt(), false}, {"Name", DataType::Varchar(), true},
                 {"name", DataType::Varchar(), true}});
  EXPECT_EQ(schema.FindField("name"), 2);
  EXPECT_EQ(schema.FindField("NAME"), 1);
  EXPECT_EQ(schema.FindField("missing"), -1);
  EXPECT_EQ(schema.ToString(), "id bigint NOT NULL\nName varchar\nname varchar\n");
}

}  // namespace
}  // namespace sluice
