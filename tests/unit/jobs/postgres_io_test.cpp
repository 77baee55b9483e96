// PostgreSQL loads and sources without a server: the type names, the COPY text of
// every type both ways, placeholders, table names, and the option checks a load makes
// before it connects. tests/unit/jobs/postgres_io_server_test.cpp runs against a real
// server (tests/integration/jobs_postgres_io.sh).

#include "jobs/postgres_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"
#include "jobs/postgres_copy_text.h"
#include "jobs/postgres_session.h"
#include "jobs/postgres_statements.h"

namespace sluice::jobs {
namespace {

/// The error `fn` throws as `E` ("" when it throws nothing).
template <typename E, typename Fn>
std::string ErrorOf(Fn fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// One chunk of `schema`'s types holding `rows`.
Chunk MakeChunk(const Schema& schema, const std::vector<std::vector<Value>>& rows) {
  Chunk chunk(schema.types());
  for (size_t row = 0; row < rows.size(); ++row) {
    for (size_t column = 0; column < schema.num_fields(); ++column) rows[row][column].WriteTo(&chunk.column(column), row);
  }
  chunk.set_size(rows.size());
  return chunk;
}

std::string Encode(const Schema& schema, const std::vector<std::vector<Value>>& rows) {
  std::string out;
  Chunk chunk = MakeChunk(schema, rows);
  CopyTextEncoder(schema).AppendRows(chunk, 0, chunk.size(), &out);
  return out;
}

/// The COPY text of one value of `type`.
std::string EncodeOne(const Value& value) {
  Schema schema({Field{"c", value.type(), true}});
  std::string text = Encode(schema, {{value}});
  EXPECT_TRUE(text.ends_with('\n')) << text;
  text.pop_back();
  return text;
}

int32_t Days(int year, int month, int day) { return DaysFromCivil(year, month, day); }
int64_t Micros(int year, int month, int day, int hour, int minute, int second, int micros) {
  return int64_t{Days(year, month, day)} * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
         second * kMicrosPerSecond + micros;
}

TEST(PgTypeNameTest, EveryType) {
  EXPECT_EQ(PostgresTypeName(DataType::Boolean(), "c"), "boolean");
  EXPECT_EQ(PostgresTypeName(DataType::TinyInt(), "c"), "smallint");
  EXPECT_EQ(PostgresTypeName(DataType::SmallInt(), "c"), "smallint");
  EXPECT_EQ(PostgresTypeName(DataType::Integer(), "c"), "integer");
  EXPECT_EQ(PostgresTypeName(DataType::BigInt(), "c"), "bigint");
  EXPECT_EQ(PostgresTypeName(DataType::Real(), "c"), "real");
  EXPECT_EQ(PostgresTypeName(DataType::Double(), "c"), "double precision");
  EXPECT_EQ(PostgresTypeName(DataType::Decimal(38, 10), "c"), "numeric(38,10)");
  EXPECT_EQ(PostgresTypeName(DataType::Decimal(5, 0), "c"), "numeric(5,0)");
  EXPECT_EQ(PostgresTypeName(DataType::Varchar(), "c"), "text");
  EXPECT_EQ(PostgresTypeName(DataType::Varbinary(), "c"), "bytea");
  EXPECT_EQ(PostgresTypeName(DataType::Date(), "c"), "date");
  EXPECT_EQ(PostgresTypeName(DataType::Timestamp(), "c"), "timestamp");
  EXPECT_EQ(PostgresTypeName(DataType::TimestampTz(), "c"), "timestamptz");
  std::string message =
      ErrorOf<InvalidArgumentError>([] { PostgresTypeName(DataType::IntervalDayTime(), "wait_time"); });
  EXPECT_TRUE(Contains(message, "column wait_time")) << message;
  EXPECT_TRUE(Contains(message, "interval day to second")) << message;
  message = ErrorOf<InvalidArgumentError>([] { PostgresTypeName(DataType::Unknown(), "nothing"); });
  EXPECT_TRUE(Contains(message, "column nothing")) << message;
  EXPECT_TRUE(Contains(message, "CAST")) << message;
}

TEST(PgCopyTextTest, NumbersAndBooleans) {
  EXPECT_EQ(EncodeOne(Value::Boolean(true)), "t");
  EXPECT_EQ(EncodeOne(Value::Boolean(false)), "f");
  EXPECT_EQ(EncodeOne(Value::TinyInt(-128)), "-128");
  EXPECT_EQ(EncodeOne(Value::SmallInt(-32768)), "-32768");
  EXPECT_EQ(EncodeOne(Value::Integer(2147483647)), "2147483647");
  EXPECT_EQ(EncodeOne(Value::BigInt(std::numeric_limits<int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(EncodeOne(Value::Double(0.1)), "0.1");
  EXPECT_EQ(EncodeOne(Value::Double(1.0 / 3)), "0.3333333333333333");
  EXPECT_EQ(EncodeOne(Value::Double(1e300)), "1e+300");
  EXPECT_EQ(EncodeOne(Value::Double(5e-324)), "5e-324");
  EXPECT_EQ(EncodeOne(Value::Double(std::nan(""))), "NaN");
  EXPECT_EQ(EncodeOne(Value::Double(std::numeric_limits<double>::infinity())), "Infinity");
  EXPECT_EQ(EncodeOne(Value::Double(-std::numeric_limits<double>::infinity())), "-Infinity");
  EXPECT_EQ(EncodeOne(Value::Real(0.1f)), "0.1");
  EXPECT_EQ(EncodeOne(Value::Real(16777216.0f)), "16777216");
  EXPECT_EQ(EncodeOne(Value::Decimal(-50, 10, 2)), "-0.50");
  EXPECT_EQ(EncodeOne(Value::Decimal(12345, 5, 0)), "12345");
  __int128 big = PowerOfTen(37) * 9 + 1;  // 38 digits
  EXPECT_EQ(EncodeOne(Value::Decimal(big, 38, 10)), "9000000000000000000000000000.0000000001");
  EXPECT_EQ(EncodeOne(Value::Decimal(-big, 38, 38)), "-0.90000000000000000000000000000000000001");
}

TEST(PgCopyTextTest, TextIsEscaped) {
  EXPECT_EQ(EncodeOne(Value::Varchar("plain")), "plain");
  EXPECT_EQ(EncodeOne(Value::Varchar("")), "");
  EXPECT_EQ(EncodeOne(Value::Varchar("a\tb\nc\rd\\e")), "a\\tb\\nc\\rd\\\\e");
  EXPECT_EQ(EncodeOne(Value::Varchar("\\N")), "\\\\N");  // text, not NULL
  EXPECT_EQ(EncodeOne(Value::Varchar("\\.")), "\\\\.");  // not the end-of-data marker
  EXPECT_EQ(EncodeOne(Value::Varchar("Zürich 東京 🚀")), "Zürich 東京 🚀");
  EXPECT_EQ(EncodeOne(Value::Varchar(R"({"a": [1, "x\ty"]})")), R"({"a": [1, "x\\ty"]})");
  EXPECT_EQ(EncodeOne(Value::Varbinary(std::string("\x00\xff\x0a\\", 4))), "\\\\x00ff0a5c");
  EXPECT_EQ(EncodeOne(Value::Varbinary("")), "\\\\x");
}

TEST(PgCopyTextTest, DatesAndTimestamps) {
  EXPECT_EQ(EncodeOne(Value::Date(0)), "1970-01-01");
  EXPECT_EQ(EncodeOne(Value::Date(Days(2024, 2, 29))), "2024-02-29");
  EXPECT_EQ(EncodeOne(Value::Date(Days(12, 3, 4))), "0012-03-04");
  EXPECT_EQ(EncodeOne(Value::Date(Days(0, 2, 29))), "0001-02-29 BC");  // year 0 is 1 BC, a leap year
  EXPECT_EQ(EncodeOne(Value::Date(Days(-43, 3, 15))), "0044-03-15 BC");
  EXPECT_EQ(EncodeOne(Value::Date(Days(10000, 1, 1))), "10000-01-01");
  EXPECT_EQ(EncodeOne(Value::Timestamp(0)), "1970-01-01 00:00:00");
  EXPECT_EQ(EncodeOne(Value::Timestamp(Micros(2024, 1, 31, 8, 5, 9, 123456))), "2024-01-31 08:05:09.123456");
  EXPECT_EQ(EncodeOne(Value::Timestamp(Micros(2024, 1, 31, 8, 5, 9, 500000))), "2024-01-31 08:05:09.5");
  EXPECT_EQ(EncodeOne(Value::Timestamp(Micros(2024, 1, 31, 23, 59, 59, 1))), "2024-01-31 23:59:59.000001");
  EXPECT_EQ(EncodeOne(Value::Timestamp(-1)), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(EncodeOne(Value::Timestamp(Micros(-43, 3, 15, 12, 0, 0, 0))), "0044-03-15 12:00:00 BC");
  // The instant in UTC; the zone the value was shown in is not sent.
  EXPECT_EQ(EncodeOne(Value::TimestampTz(Micros(2024, 3, 1, 8, 15, 30, 250000), 0)), "2024-03-01 08:15:30.25+00");
  EXPECT_EQ(EncodeOne(Value::TimestampTz(Micros(-43, 3, 15, 0, 0, 0, 0), 0)), "0044-03-15 00:00:00+00 BC");
}

TEST(PgCopyTextTest, RowsNullsAndTabs) {
  Schema schema({Field{"id", DataType::Integer(), true}, Field{"name", DataType::Varchar(), true},
                 Field{"amount", DataType::Decimal(10, 2), true}});
  std::string text = Encode(schema, {{Value::Integer(1), Value::Varchar("a\tb"), Value::Decimal(150, 10, 2)},
                                     {Value::Null(DataType::Integer()), Value::Null(DataType::Varchar()),
                                      Value::Null(DataType::Decimal(10, 2))}});
  EXPECT_EQ(text, "1\ta\\tb\t1.50\n\\N\t\\N\t\\N\n");
  // Part of a chunk.
  Chunk chunk = MakeChunk(schema, {{Value::Integer(1), Value::Varchar("x"), Value::Decimal(1, 10, 2)},
                                   {Value::Integer(2), Value::Varchar("y"), Value::Decimal(2, 10, 2)},
                                   {Value::Integer(3), Value::Varchar("z"), Value::Decimal(3, 10, 2)}});
  std::string part;
  CopyTextEncoder(schema).AppendRows(chunk, 1, 2, &part);
  EXPECT_EQ(part, "2\ty\t0.02\n");
}

TEST(PgCopyTextTest, EncoderRefusesTypesWithoutText) {
  Schema schema({Field{"a", DataType::Integer(), true}, Field{"gap", DataType::IntervalYearMonth(), true}});
  std::string message = ErrorOf<InvalidArgumentError>([&] { CopyTextEncoder encoder(schema); });
  EXPECT_TRUE(Contains(message, "column gap")) << message;
}

/// Every type, encoded and decoded again, gives the same values (the decoder reads
/// what PostgreSQL's COPY TO writes, which is what the encoder writes).
TEST(PgCopyTextTest, DecodeReadsWhatEncodeWrites) {
  Schema schema({Field{"b", DataType::Boolean(), true}, Field{"i1", DataType::TinyInt(), true},
                 Field{"i2", DataType::SmallInt(), true}, Field{"i4", DataType::Integer(), true},
                 Field{"i8", DataType::BigInt(), true}, Field{"f4", DataType::Real(), true},
                 Field{"f8", DataType::Double(), true}, Field{"d", DataType::Decimal(38, 10), true},
                 Field{"ds", DataType::Decimal(9, 3), true}, Field{"s", DataType::Varchar(), true},
                 Field{"x", DataType::Varbinary(), true}, Field{"day", DataType::Date(), true},
                 Field{"ts", DataType::Timestamp(), true}, Field{"tz", DataType::TimestampTz(), true}});
  std::vector<std::vector<Value>> rows = {
      {Value::Boolean(true), Value::TinyInt(-7), Value::SmallInt(32767), Value::Integer(-2147483647 - 1),
       Value::BigInt(std::numeric_limits<int64_t>::max()), Value::Real(3.4028235e38f), Value::Double(-1.5e-300),
       Value::Decimal(-(PowerOfTen(38) - 1), 38, 10), Value::Decimal(-999999999, 9, 3),
       Value::Varchar("tab\there\nnewline\\back\rCR 東京"), Value::Varbinary(std::string("\x00\x01\\\t", 4)),
       Value::Date(Days(0, 2, 29)), Value::Timestamp(Micros(-4712, 1, 1, 0, 0, 0, 1)),
       Value::TimestampTz(Micros(2024, 3, 31, 1, 30, 0, 999999), 0)},
      {Value::Boolean(false), Value::TinyInt(0), Value::SmallInt(0), Value::Integer(0), Value::BigInt(0),
       Value::Real(std::numeric_limits<float>::infinity()), Value::Double(std::nan("")),
       Value::Decimal(1, 38, 10), Value::Decimal(0, 9, 3), Value::Varchar(""), Value::Varbinary(""),
       Value::Date(Days(294276, 12, 31)), Value::Timestamp(Micros(1999, 12, 31, 23, 59, 59, 0)),
       Value::TimestampTz(Micros(-43, 3, 15, 0, 0, 0, 0), 0)},
      std::vector<Value>(schema.num_fields()),
  };
  for (size_t column = 0; column < schema.num_fields(); ++column) rows[2][column] = Value::Null(schema.field(column).type);
  std::string text = Encode(schema, rows);

  CopyTextDecoder decoder(schema);
  Chunk chunk(schema.types());
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    decoder.AppendRow(std::string_view(text).substr(start, end + 1 - start), &chunk);
    start = end + 1;
  }
  ASSERT_EQ(chunk.size(), rows.size());
  for (size_t row = 0; row < rows.size(); ++row) {
    for (size_t column = 0; column < schema.num_fields(); ++column) {
      Value got = Value::FromVector(chunk.column(column), row);
      const Value& want = rows[row][column];
      if (!want.is_null() && want.type().id() == TypeId::kDouble && std::isnan(want.float64())) {
        EXPECT_TRUE(std::isnan(got.float64()));
        continue;
      }
      EXPECT_EQ(got, want) << "row " << row << " column " << schema.field(column).name << ": " << got.ToString()
                           << " vs " << want.ToString();
    }
  }
}

TEST(PgCopyTextTest, DecodeWhatPostgresWrites) {
  Schema schema({Field{"tz", DataType::TimestampTz(), true}, Field{"d", DataType::Decimal(10, 2), true},
                 Field{"s", DataType::Varchar(), true}, Field{"x", DataType::Varbinary(), true}});
  CopyTextDecoder decoder(schema);
  Chunk chunk(schema.types());
  // Offsets other than +00 (another TimeZone), octal and \b escapes, bytea hex.
  decoder.AppendRow("2024-01-01 05:30:00+05:30\t12.50\ta\\011b\\bc\t\\\\xCAFE\n", &chunk);
  decoder.AppendRow("2024-01-01 00:00:00-01\t-0.01\t\\x41\t\\\\x\n", &chunk);
  ASSERT_EQ(chunk.size(), 2u);
  EXPECT_EQ(chunk.column(0).data<TimestampTz>()[0].micros, Micros(2024, 1, 1, 0, 0, 0, 0));
  EXPECT_EQ(chunk.column(0).data<TimestampTz>()[1].micros, Micros(2024, 1, 1, 1, 0, 0, 0));
  EXPECT_EQ(chunk.column(1).data<int64_t>()[0], 1250);
  EXPECT_EQ(chunk.column(2).GetString(0), "a\tb\bc");
  EXPECT_EQ(chunk.column(2).GetString(1), "A");
  EXPECT_EQ(chunk.column(3).GetString(0), "\xca\xfe");
  EXPECT_EQ(chunk.column(3).GetString(1), "");

  // Values that do not fit name the column and the text.
  std::string message = ErrorOf<ConversionError>([&] { decoder.AppendRow("infinity\t1\ta\t\\\\x\n", &chunk); });
  EXPECT_TRUE(Contains(message, "column tz")) << message;
  EXPECT_TRUE(Contains(message, "'infinity'")) << message;
  message = ErrorOf<ConversionError>([&] { decoder.AppendRow("\\N\t123456789.5\ta\t\\\\x\n", &chunk); });
  EXPECT_TRUE(Contains(message, "column d")) << message;
  message = ErrorOf<ConversionError>([&] { decoder.AppendRow("\\N\t1.555\ta\t\\\\x\n", &chunk); });
  EXPECT_TRUE(Contains(message, "more fractional digits")) << message;
  message = ErrorOf<ConversionError>([&] { decoder.AppendRow("\\N\tNaN\ta\t\\\\x\n", &chunk); });
  EXPECT_TRUE(Contains(message, "'NaN'")) << message;
  message = ErrorOf<FormatError>([&] { decoder.AppendRow("\\N\t1\n", &chunk); });
  EXPECT_TRUE(Contains(message, "2 columns, expected 4")) << message;
}

TEST(PgCopyTextTest, Unescape) {
  EXPECT_EQ(UnescapeCopyField("plain"), "plain");
  EXPECT_EQ(UnescapeCopyField("a\\\\b\\tc\\nd\\re\\vf\\fg"), "a\\b\tc\nd\re\vf\fg");
  EXPECT_EQ(UnescapeCopyField("\\101\\x42\\7"), "AB\x07");
  EXPECT_EQ(UnescapeCopyField("\\q\\"), "q\\");
}

TEST(PgCopyTextTest, ValueTextForParameters) {
  EXPECT_EQ(PostgresValueText(Value::Boolean(true)), "true");
  EXPECT_EQ(PostgresValueText(Value::Integer(-3)), "-3");
  EXPECT_EQ(PostgresValueText(Value::Decimal(12345, 10, 3)), "12.345");
  EXPECT_EQ(PostgresValueText(Value::Varchar("it's\t")), "it's\t");  // bound, never escaped
  EXPECT_EQ(PostgresValueText(Value::Varbinary("\x01")), "\\x01");
  EXPECT_EQ(PostgresValueText(Value::Date(Days(2024, 5, 1))), "2024-05-01");
  EXPECT_EQ(PostgresValueText(Value::Timestamp(Micros(2024, 5, 1, 1, 2, 3, 4))), "2024-05-01 01:02:03.000004");
  EXPECT_EQ(PostgresValueText(Value::TimestampTz(Micros(2024, 5, 1, 1, 2, 3, 0), 0)), "2024-05-01 01:02:03+00");
  EXPECT_THROW(PostgresValueText(Value::IntervalDayTime(5)), InvalidArgumentError);
}

TEST(PgStatementsTest, Placeholders) {
  TranslatedPredicate p = TranslatePlaceholders("event_date = :day AND region = :region OR event_date > :day");
  EXPECT_EQ(p.sql, "event_date = $1 AND region = $2 OR event_date > $1");
  EXPECT_EQ(p.names, (std::vector<std::string>{"day", "region"}));

  // Casts, literals, quoted names, comments and dollar quotes are left alone.
  p = TranslatePlaceholders(
      "d::date = :since::date AND note <> ':not' AND \"odd:col\" = E'\\':nope' -- :comment\n"
      "AND /* :block /* nested :x */ */ x = $q$ :dollar $q$ AND y = $$:also$$ AND z = :_z9");
  EXPECT_EQ(p.sql,
            "d::date = $1::date AND note <> ':not' AND \"odd:col\" = E'\\':nope' -- :comment\n"
            "AND /* :block /* nested :x */ */ x = $q$ :dollar $q$ AND y = $$:also$$ AND z = $2");
  EXPECT_EQ(p.names, (std::vector<std::string>{"since", "_z9"}));
  EXPECT_TRUE(TranslatePlaceholders("true").names.empty());
  EXPECT_EQ(TranslatePlaceholders("a[1:2] = b").sql, "a[1:2] = b");

  std::string message = ErrorOf<InvalidArgumentError>([] { TranslatePlaceholders("a = $1"); });
  EXPECT_TRUE(Contains(message, "positional parameters")) << message;
  message = ErrorOf<InvalidArgumentError>([] { TranslatePlaceholders("a = 'open"); });
  EXPECT_TRUE(Contains(message, "unterminated string literal")) << message;
  EXPECT_THROW(TranslatePlaceholders("a = $x$ open"), InvalidArgumentError);
  EXPECT_THROW(TranslatePlaceholders("a /* open"), InvalidArgumentError);
}

TEST(PgStatementsTest, BindingNamesEveryMissingValue) {
  TranslatedPredicate p = TranslatePlaceholders("day = :day AND n > :n AND s = :s AND x = :x");
  std::map<std::string, Value> values = {{"day", Value::Date(Days(2024, 1, 2))},
                                         {"n", Value::BigInt(5)},
                                         {"s", Value::Varchar("o'hara; DROP TABLE t")},
                                         {"x", Value::Null(DataType::Integer())}};
  BoundParameters bound = BindPlaceholders(p, values);
  ASSERT_EQ(bound.values.size(), 4u);
  EXPECT_EQ(bound.values[0].text, "2024-01-02");
  EXPECT_EQ(bound.types[0], pg_oid::kDate);
  EXPECT_EQ(bound.values[1].text, "5");
  EXPECT_EQ(bound.types[1], pg_oid::kInt8);
  EXPECT_EQ(bound.values[2].text, "o'hara; DROP TABLE t");
  EXPECT_EQ(bound.types[2], 0u);
  EXPECT_TRUE(bound.values[3].is_null);

  values.erase("n");
  std::string message = ErrorOf<InvalidArgumentError>([&] { BindPlaceholders(p, values); });
  EXPECT_TRUE(Contains(message, ":n has no value")) << message;
  EXPECT_TRUE(Contains(message, "--arg n=")) << message;
}

TEST(PgStatementsTest, TableNames) {
  PostgresTableName name = ParsePostgresTableName("public.agg_hourly_space");
  EXPECT_EQ(name.schema, "public");
  EXPECT_EQ(name.table, "agg_hourly_space");
  EXPECT_EQ(name.Quoted(), "\"public\".\"agg_hourly_space\"");
  name = ParsePostgresTableName("Events");
  EXPECT_EQ(name.schema, "public");
  EXPECT_EQ(name.table, "events");  // folded, as PostgreSQL folds unquoted names
  name = ParsePostgresTableName("\"Mixed Case\".\"a\"\"b.c\"");
  EXPECT_EQ(name.schema, "Mixed Case");
  EXPECT_EQ(name.table, "a\"b.c");
  EXPECT_EQ(name.Quoted(), "\"Mixed Case\".\"a\"\"b.c\"");
  EXPECT_EQ(name.ToString(), "\"Mixed Case\".\"a\"\"b.c\"");
  EXPECT_EQ(ParsePostgresTableName("s.t").ToString(), "s.t");
  for (const char* bad : {"", "a.b.c", ".t", "s.", "\"open", "a b", "\"\".t", "\"x\"y"}) {
    EXPECT_THROW(ParsePostgresTableName(bad), InvalidArgumentError) << bad;
  }
  EXPECT_EQ(QuotePostgresIdentifier("we\"ird"), "\"we\"\"ird\"");
}

/// Option mistakes are refused before connecting (the url points nowhere).
TEST(PgLoadOptionsTest, RefusedBeforeConnecting) {
  lake::ConnectionConfig nowhere{"warehouse", "postgresql://etl@127.0.0.1:1/none", "", ""};
  Schema schema({Field{"id", DataType::BigInt(), true}, Field{"day", DataType::Date(), true}});
  auto error = [&](PostgresTargetOptions options, Schema rows = {}) {
    return ErrorOf<InvalidArgumentError>(
        [&] { PostgresLoad load(nowhere, options, rows.num_fields() == 0 ? schema : rows); });
  };
  PostgresTargetOptions options;
  options.table = "public.t";
  options.mode = PostgresTargetOptions::Mode::kUpsert;
  EXPECT_TRUE(Contains(error(options), "upsert needs keys")) << error(options);
  options.keys = {"id", "missing"};
  EXPECT_TRUE(Contains(error(options), "key missing is not a column")) << error(options);
  options.mode = PostgresTargetOptions::Mode::kAppend;
  options.keys = {"id"};
  EXPECT_TRUE(Contains(error(options), "keys are for mode upsert")) << error(options);
  options.keys.clear();
  options.mode = PostgresTargetOptions::Mode::kReplaceWhere;
  EXPECT_TRUE(Contains(error(options), "needs a replace_where predicate")) << error(options);
  options.replace_where = "day = :day";
  EXPECT_TRUE(Contains(error(options), ":day has no value")) << error(options);
  options.mode = PostgresTargetOptions::Mode::kAppend;
  EXPECT_TRUE(Contains(error(options), "replace_where is for mode replace_where")) << error(options);
  options.replace_where.clear();
  options.table = "a.b.c";
  EXPECT_TRUE(Contains(error(options), "not a PostgreSQL table name")) << error(options);
  options.table = "t";
  Schema twice({Field{"id", DataType::BigInt(), true}, Field{"ID", DataType::BigInt(), true}});
  EXPECT_TRUE(Contains(error(options, twice), "column ID appears twice")) << error(options, twice);
  Schema interval({Field{"wait", DataType::IntervalDayTime(), true}});
  EXPECT_TRUE(Contains(error(options, interval), "column wait")) << error(options, interval);

  // Good options get as far as connecting, which fails naming the connection.
  options.table = "t";
  std::string message = ErrorOf<IOError>([&] { PostgresLoad load(nowhere, options, schema); });
  EXPECT_TRUE(Contains(message, "connection 'warehouse'")) << message;
  EXPECT_TRUE(Contains(message, "127.0.0.1:1")) << message;
}

TEST(PgSourceOptionsTest, RefusedBeforeConnecting) {
  lake::ConnectionConfig nowhere{"warehouse", "postgresql://etl@127.0.0.1:1/none", "", ""};
  PostgresSourceOptions options;
  EXPECT_THROW(ReadPostgresSource(nowhere, options, "/tmp/x"), InvalidArgumentError);
  options.table = "t";
  options.query = "SELECT 1";
  EXPECT_THROW(ReadPostgresSource(nowhere, options, "/tmp/x"), InvalidArgumentError);
  options.query.clear();
  options.partitions = 0;
  EXPECT_THROW(ReadPostgresSource(nowhere, options, "/tmp/x"), InvalidArgumentError);
  options.partitions = 2;
  EXPECT_THROW(ReadPostgresSource(nowhere, options, "/tmp/x"), IOError);
}

}  // namespace
}  // namespace sluice::jobs
