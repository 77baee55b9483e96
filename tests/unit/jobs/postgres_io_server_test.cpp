// PostgreSQL loads and sources against a real server: every load mode, tables created
// with every type, a round trip of every type lake → PostgreSQL → Parquet, failed loads
// leaving the table exactly as before, and parallel key ranges reading every row once.
//
// Needs SLUICE_TEST_PG_URL (a database where the user may create schemas), e.g. from
// scripts/pg-test-server.sh; every test is skipped without it.
// tests/integration/jobs_postgres_io.sh starts a server and runs them (PgJob*).

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"
#include "formats/parquet/reader.h"
#include "jobs/postgres_copy_text.h"
#include "jobs/postgres_io.h"
#include "jobs/postgres_session.h"

namespace sluice::jobs {
namespace {

namespace fs = std::filesystem;
using Mode = PostgresTargetOptions::Mode;

std::string TestUrl() {
  const char* url = std::getenv("SLUICE_TEST_PG_URL");
  return url != nullptr ? url : "";
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

int32_t Days(int year, int month, int day) { return DaysFromCivil(year, month, day); }
int64_t Micros(int year, int month, int day, int hour, int minute, int second, int micros) {
  return int64_t{Days(year, month, day)} * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
         second * kMicrosPerSecond + micros;
}

using Rows = std::vector<std::vector<Value>>;

/// Chunks of `schema`'s types holding `rows` (several chunks when there are many).
std::vector<Chunk> MakeChunks(const Schema& schema, const Rows& rows) {
  std::vector<Chunk> chunks;
  for (size_t start = 0; start < rows.size() || chunks.empty(); start += kChunkCapacity) {
    Chunk chunk(schema.types());
    const size_t count = std::min(kChunkCapacity, rows.size() - start);
    for (size_t row = 0; row < count; ++row) {
      for (size_t column = 0; column < schema.num_fields(); ++column) {
        rows[start + row][column].WriteTo(&chunk.column(column), row);
      }
    }
    chunk.set_size(count);
    chunks.push_back(std::move(chunk));
    if (rows.empty()) break;
  }
  return chunks;
}

/// Every row of the Parquet files, in file order.
Rows ReadParquetRows(const std::vector<std::string>& files, Schema* schema = nullptr) {
  Rows rows;
  for (const std::string& file : files) {
    std::unique_ptr<formats::Reader> reader = parquet::OpenParquetReader(file, {});
    if (schema != nullptr) *schema = reader->schema();
    Chunk chunk;
    while (reader->Next(&chunk)) {
      for (size_t row = 0; row < chunk.size(); ++row) {
        std::vector<Value> values;
        for (size_t column = 0; column < chunk.num_columns(); ++column) {
          values.push_back(Value::FromVector(chunk.column(column), row));
        }
        rows.push_back(std::move(values));
      }
    }
  }
  return rows;
}

class PgJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestUrl().empty()) GTEST_SKIP() << "SLUICE_TEST_PG_URL is not set (see scripts/pg-test-server.sh)";
    connection_ = lake::ConnectionConfig{"test", TestUrl(), "", ""};
    admin_ = PostgresSession::Connect(connection_);
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    schema_ = "jobs_";
    for (char c : name) schema_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Sql("DROP SCHEMA IF EXISTS " + QuotePostgresIdentifier(schema_) + " CASCADE");
    Sql("CREATE SCHEMA " + QuotePostgresIdentifier(schema_));
    folder_ = fs::temp_directory_path() / ("sluice-pgjob-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(folder_);
  }
  void TearDown() override {
    if (!folder_.empty()) fs::remove_all(folder_);
  }

  catalog::PgResult Sql(const std::string& sql) { return admin_->Exec(sql); }
  std::string Table(const std::string& name) const { return schema_ + "." + name; }
  int64_t Count(const std::string& table) { return Sql("SELECT count(*) FROM " + Table(table)).Int(0, 0); }
  /// "a|b;c|d" of a query's rows (NULL as ∅), for short comparisons.
  std::string Text(const std::string& sql) {
    catalog::PgResult result = Sql(sql);
    std::string text;
    for (int row = 0; row < result.num_rows(); ++row) {
      if (row > 0) text += ";";
      for (int column = 0; column < PQnfields(result.raw()); ++column) {
        if (column > 0) text += "|";
        text += result.IsNull(row, column) ? "∅" : std::string(result.Text(row, column));
      }
    }
    return text;
  }

  PostgresTargetOptions Target(const std::string& table, Mode mode = Mode::kAppend) {
    PostgresTargetOptions options;
    options.table = Table(table);
    options.mode = mode;
    return options;
  }

  /// One whole load: Begin, every chunk, Finish, Commit. Returns the load's counters.
  struct Counts {
    uint64_t rows = 0;
    uint64_t replaced = 0;
  };
  Counts Load(const PostgresTargetOptions& options, const Schema& schema, const Rows& rows) {
    PostgresLoad load(connection_, options, schema);
    load.Begin();
    for (const Chunk& chunk : MakeChunks(schema, rows)) load.Write(chunk);
    load.Finish();
    load.Commit();
    return Counts{load.rows(), load.rows_replaced()};
  }

  PostgresReadResult Read(const PostgresSourceOptions& options, const std::string& sub = "out") {
    return ReadPostgresSource(connection_, options, (folder_ / sub).string());
  }

  lake::ConnectionConfig connection_;
  std::unique_ptr<PostgresSession> admin_;
  std::string schema_;
  fs::path folder_;
};

Schema EveryTypeSchema() {
  return Schema({Field{"b", DataType::Boolean(), true}, Field{"i1", DataType::TinyInt(), true},
                 Field{"i2", DataType::SmallInt(), true}, Field{"i4", DataType::Integer(), true},
                 Field{"i8", DataType::BigInt(), false}, Field{"f4", DataType::Real(), true},
                 Field{"f8", DataType::Double(), true}, Field{"big", DataType::Decimal(38, 10), true},
                 Field{"small", DataType::Decimal(9, 2), true}, Field{"s", DataType::Varchar(), true},
                 Field{"bin", DataType::Varbinary(), true}, Field{"day", DataType::Date(), true},
                 Field{"ts", DataType::Timestamp(), true}, Field{"tz", DataType::TimestampTz(), true}});
}

Rows EveryTypeRows() {
  const __int128 max38 = PowerOfTen(38) - 1;
  Rows rows = {
      {Value::Boolean(true), Value::TinyInt(-128), Value::SmallInt(32767), Value::Integer(-2147483647 - 1),
       Value::BigInt(1), Value::Real(3.4028235e38f), Value::Double(0.1), Value::Decimal(max38, 38, 10),
       Value::Decimal(-999999999, 9, 2), Value::Varchar("tab\there\nnewline\\backslash\rCR \\N \\. end"),
       Value::Varbinary(std::string("\x00\x01\xff\\\t\n", 6)), Value::Date(Days(2024, 2, 29)),
       Value::Timestamp(Micros(2024, 1, 31, 8, 5, 9, 123456)),
       Value::TimestampTz(Micros(2024, 3, 31, 1, 30, 0, 999999), 0)},
      {Value::Boolean(false), Value::TinyInt(127), Value::SmallInt(-32768), Value::Integer(2147483647),
       Value::BigInt(std::numeric_limits<int64_t>::max()), Value::Real(-1.17549435e-38f), Value::Double(-5e-324),
       Value::Decimal(-max38, 38, 10), Value::Decimal(1, 9, 2), Value::Varchar("Zürich 東京 🚀 ''\"quotes\""),
       Value::Varbinary(""), Value::Date(Days(-43, 3, 15)), Value::Timestamp(Micros(1, 1, 1, 0, 0, 0, 1)),
       Value::TimestampTz(Micros(-43, 3, 15, 12, 0, 0, 0), 0)},
      {Value::Null(DataType::Boolean()), Value::Null(DataType::TinyInt()), Value::Null(DataType::SmallInt()),
       Value::Null(DataType::Integer()), Value::BigInt(std::numeric_limits<int64_t>::min()),
       Value::Real(std::numeric_limits<float>::infinity()), Value::Double(-std::numeric_limits<double>::infinity()),
       Value::Decimal(1, 38, 10), Value::Null(DataType::Decimal(9, 2)), Value::Varchar(""),
       Value::Null(DataType::Varbinary()), Value::Date(Days(9999, 12, 31)),
       Value::Timestamp(Micros(1969, 12, 31, 23, 59, 59, 999999)), Value::Null(DataType::TimestampTz())},
      {Value::Boolean(true), Value::TinyInt(0), Value::SmallInt(0), Value::Integer(0), Value::BigInt(0),
       Value::Real(0.1f), Value::Double(1.0 / 3), Value::Null(DataType::Decimal(38, 10)), Value::Decimal(0, 9, 2),
       Value::Null(DataType::Varchar()), Value::Varbinary("\x7f"), Value::Null(DataType::Date()),
       Value::Null(DataType::Timestamp()), Value::TimestampTz(0, 3)},
  };
  return rows;
}

void ExpectSameRows(const Rows& got, const Rows& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t row = 0; row < want.size(); ++row) {
    ASSERT_EQ(got[row].size(), want[row].size());
    for (size_t column = 0; column < want[row].size(); ++column) {
      EXPECT_TRUE(got[row][column] == want[row][column])
          << "row " << row << " column " << column << ": " << got[row][column].ToString() << " vs "
          << want[row][column].ToString();
    }
  }
}

TEST_F(PgJobTest, CreatesTheTableWithEveryType) {
  Schema schema = EveryTypeSchema();
  Counts counts = Load(Target("every"), schema, EveryTypeRows());
  EXPECT_EQ(counts.rows, 4u);
  EXPECT_EQ(Count("every"), 4);
  EXPECT_EQ(Text("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || "
                 "CASE WHEN attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY attnum) FROM pg_attribute "
                 "WHERE attrelid = '" + Table("every") + "'::regclass AND attnum > 0"),
            "b boolean, i1 smallint, i2 smallint, i4 integer, i8 bigint not null, f4 real, f8 double precision, "
            "big numeric(38,10), small numeric(9,2), s text, bin bytea, day date, ts timestamp without time zone, "
            "tz timestamp with time zone");
  // What PostgreSQL itself reads from the text we sent.
  EXPECT_EQ(Text("SELECT s, encode(bin, 'hex'), day::text, ts::text, tz::text, f8::text, big::text FROM " +
                 Table("every") + " WHERE i8 = 1"),
            "tab\there\nnewline\\backslash\rCR \\N \\. end|0001ff5c090a|2024-02-29|2024-01-31 08:05:09.123456|"
            "2024-03-31 01:30:00.999999+00|0.1|9999999999999999999999999999.9999999999");
  EXPECT_EQ(Text("SELECT day::text, ts::text, tz::text FROM " + Table("every") + " WHERE i8 > 1"),
            "0044-03-15 BC|0001-01-01 00:00:00.000001|0044-03-15 12:00:00+00 BC");
}

/// lake types → PostgreSQL → ReadPostgresSource → the same values (tinyint comes back
/// as smallint: PostgreSQL has no 1-byte integer).
TEST_F(PgJobTest, RoundTripOfEveryType) {
  Schema schema = EveryTypeSchema();
  Rows rows = EveryTypeRows();
  Load(Target("every"), schema, rows);
  PostgresSourceOptions source;
  source.query = "SELECT * FROM " + Table("every") +
                 " ORDER BY array_position('{1, 9223372036854775807, -9223372036854775808, 0}'::bigint[], i8);";
  PostgresReadResult result = Read(source);
  EXPECT_EQ(result.rows, 4u);
  EXPECT_GT(result.bytes, 0u);
  ASSERT_EQ(result.files.size(), 1u);
  Schema read_schema;
  Rows got = ReadParquetRows(result.files, &read_schema);
  Schema expected = schema;
  expected.mutable_field(1).type = DataType::SmallInt();
  for (size_t i = 0; i < expected.num_fields(); ++i) expected.mutable_field(i).nullable = true;
  EXPECT_EQ(result.schema, expected) << result.schema.ToString();
  EXPECT_EQ(read_schema.types(), expected.types()) << read_schema.ToString();
  ExpectSameRows(got, rows);
}

TEST_F(PgJobTest, SourceTypesMapExactly) {
  Sql("CREATE TABLE " + Table("kinds") +
      " (n numeric, n2 numeric(12,4), c char(3), v varchar(5), j json, jb jsonb, u uuid, nm name)");
  Sql("INSERT INTO " + Table("kinds") +
      " VALUES (12.345, 1.5, 'ab', 'xyz', '{\"a\": 1}', '{\"b\": [1, 2]}', "
      "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'nm'), (-7, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  PostgresSourceOptions source;
  source.table = Table("kinds");
  PostgresReadResult result = Read(source);
  EXPECT_EQ(result.schema.field(0).type, DataType::Decimal(38, 3));  // unconstrained: the data's scale
  EXPECT_EQ(result.schema.field(1).type, DataType::Decimal(12, 4));
  for (size_t i = 2; i < result.schema.num_fields(); ++i) EXPECT_EQ(result.schema.field(i).type, DataType::Varchar());
  Rows got = ReadParquetRows(result.files);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0][0].ToString(), "12.345");
  EXPECT_EQ(got[1][0].ToString(), "-7.000");
  EXPECT_EQ(got[0][1].ToString(), "1.5000");
  EXPECT_EQ(got[0][2].string(), "ab ");
  EXPECT_EQ(got[0][4].string(), "{\"a\": 1}");
  EXPECT_EQ(got[0][5].string(), "{\"b\": [1, 2]}");
  EXPECT_EQ(got[0][6].string(), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

  // A type without a mapping names the column; a cast in a query reads it.
  Sql("CREATE TABLE " + Table("odd") + " (id int, wait interval)");
  source.table = Table("odd");
  try {
    Read(source, "odd");
    ADD_FAILURE() << "interval read";
  } catch (const InvalidArgumentError& e) {
    EXPECT_TRUE(Contains(e.what(), "column wait has PostgreSQL type interval")) << e.what();
  }
  Sql("CREATE TABLE " + Table("wide") + " (id int, x numeric(50,2))");
  source.table = Table("wide");
  EXPECT_THROW(Read(source, "wide"), InvalidArgumentError);
}

TEST_F(PgJobTest, EmptySourceStillHasItsColumns) {
  Sql("CREATE TABLE " + Table("nothing") + " (id bigint, name text)");
  PostgresSourceOptions source;
  source.table = Table("nothing");
  source.partition_column = "id";
  source.partitions = 4;
  PostgresReadResult result = Read(source);
  EXPECT_EQ(result.rows, 0u);
  ASSERT_EQ(result.files.size(), 1u);
  Schema schema;
  EXPECT_TRUE(ReadParquetRows(result.files, &schema).empty());
  EXPECT_EQ(schema.num_fields(), 2u);
  EXPECT_EQ(schema.field(1).name, "name");
}

TEST_F(PgJobTest, AppendAndTruncateInsert) {
  Schema schema({Field{"id", DataType::BigInt(), true}, Field{"name", DataType::Varchar(), true}});
  Load(Target("t"), schema, {{Value::BigInt(1), Value::Varchar("a")}, {Value::BigInt(2), Value::Varchar("b")}});
  Counts counts = Load(Target("t"), schema, {{Value::BigInt(3), Value::Varchar("c")}});
  EXPECT_EQ(counts.replaced, 0u);
  EXPECT_EQ(Text("SELECT id, name FROM " + Table("t") + " ORDER BY id"), "1|a;2|b;3|c");
  counts = Load(Target("t", Mode::kTruncateInsert), schema, {{Value::BigInt(9), Value::Varchar("z")}});
  EXPECT_EQ(counts.rows, 1u);
  EXPECT_EQ(counts.replaced, 3u);
  EXPECT_EQ(Text("SELECT id, name FROM " + Table("t") + " ORDER BY id"), "9|z");
}

TEST_F(PgJobTest, ExistingTablesMatchColumnsByName) {
  Sql("CREATE TABLE " + Table("t") +
      " (\"Name\" varchar(20), extra text DEFAULT 'kept', \"ID\" integer NOT NULL, amount numeric(8,3))");
  Schema schema({Field{"id", DataType::BigInt(), true}, Field{"amount", DataType::Decimal(5, 1), true},
                 Field{"name", DataType::Varchar(), true}});
  Load(Target("t"), schema, {{Value::BigInt(7), Value::Decimal(15, 5, 1), Value::Varchar("seven")}});
  EXPECT_EQ(Text("SELECT \"Name\", extra, \"ID\", amount FROM " + Table("t")), "seven|kept|7|1.500");

  // A column the table lacks is an error naming it (and nothing changes).
  Schema more({Field{"id", DataType::BigInt(), true}, Field{"colour", DataType::Varchar(), true}});
  try {
    Load(Target("t"), more, {{Value::BigInt(8), Value::Varchar("red")}});
    ADD_FAILURE() << "loaded a column the table lacks";
  } catch (const InvalidArgumentError& e) {
    EXPECT_TRUE(Contains(e.what(), "has no column colour")) << e.what();
    EXPECT_TRUE(Contains(e.what(), Table("t"))) << e.what();
  }
  // Types that cannot go in are refused before loading.
  Schema bytes({Field{"id", DataType::BigInt(), true}, Field{"name", DataType::Varbinary(), true}});
  EXPECT_THROW(Load(Target("t"), bytes, {{Value::BigInt(8), Value::Varbinary("x")}}), InvalidArgumentError);
  EXPECT_EQ(Count("t"), 1);

  // create: false and no table.
  PostgresTargetOptions options = Target("absent");
  options.create = false;
  try {
    Load(options, schema, {});
    ADD_FAILURE() << "created a table with create: false";
  } catch (const InvalidArgumentError& e) {
    EXPECT_TRUE(Contains(e.what(), "does not exist")) << e.what();
  }
}

TEST_F(PgJobTest, Upsert) {
  Schema schema({Field{"company", DataType::Integer(), false}, Field{"hour", DataType::Timestamp(), false},
                 Field{"people", DataType::BigInt(), true}});
  PostgresTargetOptions options = Target("agg", Mode::kUpsert);
  options.keys = {"company", "hour"};
  const int64_t h1 = Micros(2024, 5, 1, 8, 0, 0, 0);
  const int64_t h2 = Micros(2024, 5, 1, 9, 0, 0, 0);
  Counts counts = Load(options, schema,
                       {{Value::Integer(1), Value::Timestamp(h1), Value::BigInt(10)},
                        {Value::Integer(1), Value::Timestamp(h2), Value::BigInt(20)},
                        {Value::Integer(2), Value::Timestamp(h1), Value::BigInt(30)}});
  EXPECT_EQ(counts.replaced, 0u);
  EXPECT_EQ(Text("SELECT count(*) FROM pg_index WHERE indrelid = '" + Table("agg") + "'::regclass AND indisprimary"),
            "1");
  // One update, one new row, and a key twice in one load: the last one wins.
  counts = Load(options, schema,
                {{Value::Integer(1), Value::Timestamp(h2), Value::BigInt(21)},
                 {Value::Integer(3), Value::Timestamp(h1), Value::BigInt(40)},
                 {Value::Integer(3), Value::Timestamp(h1), Value::BigInt(41)},
                 {Value::Integer(1), Value::Timestamp(h2), Value::BigInt(22)}});
  EXPECT_EQ(counts.rows, 4u);
  EXPECT_EQ(counts.replaced, 1u);
  EXPECT_EQ(Text("SELECT company, hour, people FROM " + Table("agg") + " ORDER BY 1, 2"),
            "1|2024-05-01 08:00:00|10;1|2024-05-01 09:00:00|22;2|2024-05-01 08:00:00|30;3|2024-05-01 08:00:00|41");

  // Only keys: new keys are added, nothing is updated.
  Schema keys_only({Field{"company", DataType::Integer(), false}, Field{"hour", DataType::Timestamp(), false}});
  counts = Load(options, keys_only, {{Value::Integer(1), Value::Timestamp(h1)}, {Value::Integer(4), Value::Timestamp(h1)}});
  EXPECT_EQ(Count("agg"), 5);

  // An existing table without a unique index on the keys is refused, naming them.
  Sql("CREATE TABLE " + Table("plain") + " (company int, hour timestamp, people bigint)");
  options.table = Table("plain");
  try {
    Load(options, schema, {{Value::Integer(1), Value::Timestamp(h1), Value::BigInt(1)}});
    ADD_FAILURE() << "upsert without a unique index";
  } catch (const InvalidArgumentError& e) {
    EXPECT_TRUE(Contains(e.what(), "unique index or primary key on exactly (company, hour)")) << e.what();
  }
  // With one (in another order, with a different case in the step) it works.
  Sql("CREATE UNIQUE INDEX ON " + Table("plain") + " (hour, company)");
  options.keys = {"HOUR", "Company"};
  counts = Load(options, schema, {{Value::Integer(1), Value::Timestamp(h1), Value::BigInt(1)}});
  counts = Load(options, schema, {{Value::Integer(1), Value::Timestamp(h1), Value::BigInt(2)}});
  EXPECT_EQ(counts.replaced, 1u);
  EXPECT_EQ(Text("SELECT people FROM " + Table("plain")), "2");
}

TEST_F(PgJobTest, ReplaceWhere) {
  Schema schema({Field{"day", DataType::Date(), true}, Field{"region", DataType::Varchar(), true},
                 Field{"n", DataType::Integer(), true}});
  Load(Target("daily"), schema,
       {{Value::Date(Days(2024, 5, 1)), Value::Varchar("emea"), Value::Integer(1)},
        {Value::Date(Days(2024, 5, 2)), Value::Varchar("emea"), Value::Integer(2)},
        {Value::Date(Days(2024, 5, 2)), Value::Varchar("o'hara"), Value::Integer(3)},
        {Value::Date(Days(2024, 5, 3)), Value::Varchar("emea"), Value::Integer(4)}});
  PostgresTargetOptions options = Target("daily", Mode::kReplaceWhere);
  options.replace_where = "day = :day AND region <> ':day' AND region <> :skip";
  options.parameters = {{"day", Value::Date(Days(2024, 5, 2))}, {"skip", Value::Varchar("o'hara")}};
  Counts counts = Load(options, schema, {{Value::Date(Days(2024, 5, 2)), Value::Varchar("emea"), Value::Integer(20)}});
  EXPECT_EQ(counts.replaced, 1u);
  EXPECT_EQ(Text("SELECT day, region, n FROM " + Table("daily") + " ORDER BY n"),
            "2024-05-01|emea|1;2024-05-02|o'hara|3;2024-05-03|emea|4;2024-05-02|emea|20");

  // A bad predicate is the server's error, naming the table; nothing changes.
  options.replace_where = "no_such_column = :day";
  try {
    Load(options, schema, {});
    ADD_FAILURE() << "a bad predicate ran";
  } catch (const InvalidArgumentError& e) {
    EXPECT_TRUE(Contains(e.what(), "no_such_column")) << e.what();
    EXPECT_TRUE(Contains(e.what(), "connection 'test'")) << e.what();
    EXPECT_TRUE(Contains(e.what(), Table("daily"))) << e.what();
  }
  EXPECT_EQ(Count("daily"), 4);
}

/// A load that fails in its last rows leaves the table exactly as it was, in every
/// mode, and so does one that is never committed.
TEST_F(PgJobTest, FailedLoadsLeaveTheTableAsItWas) {
  Sql("CREATE TABLE " + Table("t") + " (id bigint PRIMARY KEY, amount numeric(6,2) NOT NULL)");
  Sql("INSERT INTO " + Table("t") + " SELECT g, g / 100.0 FROM generate_series(1, 100) g");
  const std::string before = Text("SELECT sum(id), sum(amount), count(*) FROM " + Table("t"));
  Schema schema({Field{"id", DataType::BigInt(), true}, Field{"amount", DataType::Decimal(10, 2), true}});
  auto rows_ending_with = [&](Value last_amount) {
    Rows rows;
    for (int64_t i = 0; i < 10000; ++i) rows.push_back({Value::BigInt(1000 + i), Value::Decimal(i % 1000, 10, 2)});
    rows.push_back({Value::BigInt(50000), std::move(last_amount)});
    return rows;
  };
  const Rows null_at_end = rows_ending_with(Value::Null(DataType::Decimal(10, 2)));
  const Rows overflow_at_end = rows_ending_with(Value::Decimal(123456789, 10, 2));  // 1234567.89 > numeric(6,2)

  for (Mode mode : {Mode::kAppend, Mode::kTruncateInsert, Mode::kUpsert, Mode::kReplaceWhere}) {
    for (const Rows* rows : {&null_at_end, &overflow_at_end}) {
      PostgresTargetOptions options = Target("t", mode);
      if (mode == Mode::kUpsert) options.keys = {"id"};
      if (mode == Mode::kReplaceWhere) options.replace_where = "id > 50";
      bool failed = false;
      try {
        Load(options, schema, *rows);
      } catch (const ConstraintError& e) {  // NOT NULL
        failed = rows == &null_at_end;
        EXPECT_TRUE(Contains(e.what(), Table("t"))) << e.what();
      } catch (const ConversionError& e) {  // numeric field overflow
        failed = rows == &overflow_at_end;
        EXPECT_TRUE(Contains(e.what(), "overflow")) << e.what();
      }
      EXPECT_TRUE(failed) << "mode " << static_cast<int>(mode);
      EXPECT_EQ(Text("SELECT sum(id), sum(amount), count(*) FROM " + Table("t")), before)
          << "mode " << static_cast<int>(mode);
    }
  }

  // A big load that fails at its first row reports the server's error once all is
  // sent, not a broken COPY.
  {
    Rows rows = {{Value::BigInt(999), Value::Null(DataType::Decimal(10, 2))}};
    for (int64_t i = 0; i < 300000; ++i) rows.push_back({Value::BigInt(100000 + i), Value::Decimal(i % 1000, 10, 2)});
    try {
      Load(Target("t"), schema, rows);
      ADD_FAILURE() << "a NULL went into a NOT NULL column";
    } catch (const ConstraintError& e) {
      EXPECT_TRUE(Contains(e.what(), "amount")) << e.what();
    }
    EXPECT_EQ(Text("SELECT sum(id), sum(amount), count(*) FROM " + Table("t")), before);
  }

  // Finished but never committed: dropped without a trace; Rollback() likewise.
  {
    PostgresLoad load(connection_, Target("t", Mode::kTruncateInsert), schema);
    load.Begin();
    for (const Chunk& chunk : MakeChunks(schema, {{Value::BigInt(7777), Value::Decimal(1, 10, 2)}})) load.Write(chunk);
    load.Finish();
  }
  {
    PostgresLoad load(connection_, Target("t"), schema);
    load.Begin();
    for (const Chunk& chunk : MakeChunks(schema, {{Value::BigInt(7777), Value::Decimal(1, 10, 2)}})) load.Write(chunk);
    load.Rollback();
  }
  EXPECT_EQ(Text("SELECT sum(id), sum(amount), count(*) FROM " + Table("t")), before);
}

/// Four connections over 100,000 rows split on an integer key read every row exactly
/// once, NULL keys and keys added outside the bounds included.
TEST_F(PgJobTest, ParallelRangesReadEveryRowOnce) {
  Sql("CREATE TABLE " + Table("events") + " (id bigint, payload text)");
  Sql("INSERT INTO " + Table("events") +
      " SELECT CASE WHEN g % 1000 = 0 THEN NULL ELSE g * 7 - 3000 END, 'row ' || g FROM generate_series(1, 100000) g");
  PostgresSourceOptions source;
  source.table = Table("events");
  source.partition_column = "id";
  source.partitions = 4;
  PostgresReadResult result = Read(source);
  EXPECT_EQ(result.rows, 100000u);
  EXPECT_EQ(result.files.size(), 4u);
  Rows rows = ReadParquetRows(result.files);
  ASSERT_EQ(rows.size(), 100000u);
  std::set<std::string> payloads;
  size_t nulls = 0;
  for (const std::vector<Value>& row : rows) {
    payloads.insert(row[1].string());
    nulls += row[0].is_null() ? 1 : 0;
  }
  EXPECT_EQ(payloads.size(), 100000u);
  EXPECT_EQ(nulls, 100u);
  // Each file holds about a quarter.
  for (const std::string& file : result.files) {
    size_t in_file = ReadParquetRows({file}).size();
    EXPECT_GT(in_file, 20000u) << file;
    EXPECT_LT(in_file, 30000u) << file;
  }

  // Dates and timestamps split too; more partitions than keys give fewer ranges.
  Sql("CREATE TABLE " + Table("days") + " (day date, at timestamptz)");
  Sql("INSERT INTO " + Table("days") +
      " SELECT DATE '2024-01-01' + g % 3, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 minute' "
      "FROM generate_series(1, 999) g");
  source.table = Table("days");
  source.partition_column = "day";
  source.partitions = 8;
  result = Read(source, "days");
  EXPECT_EQ(result.rows, 999u);
  EXPECT_EQ(result.files.size(), 3u);
  source.partition_column = "at";
  source.partitions = 3;
  result = Read(source, "at");
  EXPECT_EQ(result.rows, 999u);
  EXPECT_EQ(result.files.size(), 3u);

  source.partition_column = "nope";
  EXPECT_THROW(Read(source, "nope"), InvalidArgumentError);
}

/// Throughput of a load beside psql's \copy of the same COPY text (not run by default:
/// --gtest_also_run_disabled_tests; SLUICE_PG_BENCH_ROWS rows, default 10 million).
TEST_F(PgJobTest, DISABLED_LoadThroughputBesidePsqlCopy) {
  const char* rows_text = std::getenv("SLUICE_PG_BENCH_ROWS");
  const size_t total = rows_text != nullptr ? std::stoul(rows_text) : 10000000;
  Schema schema({Field{"event_ts", DataType::Timestamp(), true}, Field{"company_id", DataType::Integer(), true},
                 Field{"space_id", DataType::BigInt(), true}, Field{"people", DataType::Integer(), true},
                 Field{"sensor", DataType::Varchar(), true}, Field{"occupancy", DataType::Decimal(12, 2), true},
                 Field{"event_date", DataType::Date(), true}});
  std::vector<Chunk> chunks;
  for (size_t start = 0; start < total; start += kChunkCapacity) {
    Chunk chunk(schema.types());
    const size_t count = std::min(kChunkCapacity, total - start);
    for (size_t row = 0; row < count; ++row) {
      const int64_t i = static_cast<int64_t>(start + row);
      const int64_t ts = Micros(2024, 1, 1, 0, 0, 0, 0) + i * 37 * kMicrosPerSecond;
      chunk.column(0).data<int64_t>()[row] = ts;
      chunk.column(1).data<int32_t>()[row] = static_cast<int32_t>(i % 500);
      chunk.column(2).data<int64_t>()[row] = i % 20000;
      chunk.column(3).data<int32_t>()[row] = static_cast<int32_t>(i % 37);
      chunk.column(4).SetString(row, "sensor-" + std::to_string(i % 5000));
      chunk.column(5).data<int64_t>()[row] = i % 100000;
      chunk.column(6).data<int32_t>()[row] = static_cast<int32_t>(ts / kMicrosPerDay);
    }
    chunk.set_size(count);
    chunks.push_back(std::move(chunk));
  }
  auto seconds_since = [](std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto start = std::chrono::steady_clock::now();
  PostgresLoad load(connection_, Target("bench"), schema);
  load.Begin();
  for (const Chunk& chunk : chunks) load.Write(chunk);
  load.Finish();
  load.Commit();
  const double ours = seconds_since(start);
  EXPECT_EQ(Count("bench"), static_cast<int64_t>(total));

  // The same text through psql's \copy into a table of the same shape.
  const std::string file = (folder_ / "bench.copy").string();
  fs::create_directories(folder_);
  double encode = 0;
  {
    std::ofstream out(file, std::ios::binary);
    CopyTextEncoder encoder(schema);
    start = std::chrono::steady_clock::now();
    std::string text;
    for (const Chunk& chunk : chunks) {
      text.clear();
      encoder.AppendRows(chunk, 0, chunk.size(), &text);
      out << text;
    }
    encode = seconds_since(start);
  }
  Sql("CREATE TABLE " + Table("bench_psql") + " (LIKE " + Table("bench") + ")");
  start = std::chrono::steady_clock::now();
  const std::string command = "psql -X -q -v ON_ERROR_STOP=1 '" + TestUrl() + "' -c \"\\copy " + Table("bench_psql") +
                              " FROM '" + file + "'\"";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const double psql = seconds_since(start);
  EXPECT_EQ(Count("bench_psql"), static_cast<int64_t>(total));
  std::printf(
      "load of %zu rows: sluice %.2f s (%.0f rows/s, %.1f MB of COPY text; encoding it alone %.2f s), "
      "psql \\copy %.2f s: %.2fx\n",
      total, ours, static_cast<double>(total) / ours, static_cast<double>(load.bytes()) / 1e6, encode, psql,
      psql / ours);
}

}  // namespace
}  // namespace sluice::jobs
