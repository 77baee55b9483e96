// The catalog statements: CREATE / DROP DATABASE, CREATE EXTERNAL TABLE, Trino's CREATE
// TABLE, ALTER TABLE, MSCK, SHOW, DESCRIBE, USE, INSERT. Each form parses into the
// expected tree, prints to SQL that parses back to the same print, and each error
// points at the right token.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "sql/parser/hive_string.h"
#include "sql/parser/parser.h"
#include "parser_test_support.h"

namespace sluice::sql {
namespace {

using parser_testing::FirstLine;
using parser_testing::NotImplementedOf;
using parser_testing::Parsed;
using parser_testing::ParseErrorOf;
using parser_testing::RoundTrip;

TEST(SqlParserDdlTest, DatabaseStatements) {
  EXPECT_EQ(RoundTrip("create database raw"), "CREATE DATABASE raw");
  EXPECT_EQ(RoundTrip("CREATE SCHEMA IF NOT EXISTS raw COMMENT 'landing zone' LOCATION 'raw/' "
                      "WITH DBPROPERTIES ('creator'='me', \"team\"=\"data\")"),
            "CREATE DATABASE IF NOT EXISTS raw COMMENT 'landing zone' LOCATION 'raw/' "
            "WITH DBPROPERTIES ('creator' = 'me', 'team' = 'data')");
  EXPECT_EQ(RoundTrip("DROP DATABASE raw"), "DROP DATABASE raw");
  EXPECT_EQ(RoundTrip("drop schema if exists raw cascade"), "DROP DATABASE IF EXISTS raw CASCADE");
  EXPECT_EQ(RoundTrip("DROP DATABASE raw RESTRICT"), "DROP DATABASE raw");
  EXPECT_EQ(RoundTrip("USE curated"), "USE curated");
  EXPECT_EQ(RoundTrip("use \"Curated\""), "USE \"Curated\"");

  StatementPtr create = ParseStatement("CREATE DATABASE IF NOT EXISTS raw LOCATION 's3://b/raw' "
                                       "WITH DBPROPERTIES ('a'='1')");
  const auto& c = Parsed<CreateDatabaseStatement>(create);
  EXPECT_TRUE(c.if_not_exists);
  EXPECT_EQ(c.name.name, "raw");
  EXPECT_FALSE(c.comment);
  ASSERT_TRUE(c.location);
  EXPECT_EQ(c.location->value, "s3://b/raw");
  EXPECT_EQ(c.location->position, (SourcePosition{43, 1, 44}));
  ASSERT_EQ(c.properties.size(), 1u);
  EXPECT_EQ(c.properties[0].key, "a");
  EXPECT_EQ(c.properties[0].value, "1");

  StatementPtr drop = ParseStatement("DROP SCHEMA x CASCADE");
  EXPECT_TRUE(Parsed<DropDatabaseStatement>(drop).cascade);
  EXPECT_FALSE(Parsed<DropDatabaseStatement>(drop).if_exists);
  StatementPtr use = ParseStatement("USE raw");
  EXPECT_EQ(Parsed<UseStatement>(use).database.name, "raw");
}

TEST(SqlParserDdlTest, CreateExternalTableDelimited) {
  const char* sql = R"(CREATE EXTERNAL TABLE IF NOT EXISTS raw.events (
      id bigint COMMENT 'the event',
      `Name` string,
      amount decimal(10,2),
      tags array<string>,
      attrs map<string,int>,
      pos struct<x:double, y : double, `Label`:varchar(10)>,
      day date, at timestamp, ok boolean, c char(3), t tinyint, s smallint, f float, b binary, i int)
    COMMENT 'all events'
    PARTITIONED BY (event_date string COMMENT 'day', hour int)
    ROW FORMAT DELIMITED
      FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
      COLLECTION ITEMS TERMINATED BY '|'
      MAP KEYS TERMINATED BY ':'
      LINES TERMINATED BY '\n'
      NULL DEFINED AS ''
    STORED AS TEXTFILE
    LOCATION 'drop/events/'
    TBLPROPERTIES ('skip.header.line.count'='1', 'serialization.null.format'='\\N'))";
  EXPECT_EQ(RoundTrip(sql),
            "CREATE EXTERNAL TABLE IF NOT EXISTS raw.events (id bigint COMMENT 'the event', \"Name\" string, "
            "amount decimal(10, 2), tags array(string), attrs map(string, int), "
            "pos row(x double, y double, \"Label\" varchar(10)), day date, at timestamp, ok boolean, c char(3), "
            "t tinyint, s smallint, f float, b binary, i int) COMMENT 'all events' "
            "PARTITIONED BY (event_date string COMMENT 'day', hour int) "
            "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' COLLECTION ITEMS TERMINATED BY '|' "
            "MAP KEYS TERMINATED BY ':' LINES TERMINATED BY '\\n' NULL DEFINED AS '' STORED AS TEXTFILE "
            "LOCATION 'drop/events/' "
            "TBLPROPERTIES ('skip.header.line.count' = '1', 'serialization.null.format' = '\\\\N')");

  StatementPtr statement = ParseStatement(sql);
  const auto& t = Parsed<CreateExternalTableStatement>(statement);
  EXPECT_TRUE(t.if_not_exists);
  ASSERT_EQ(t.name.parts.size(), 2u);
  EXPECT_EQ(t.name.parts[0].name, "raw");
  EXPECT_EQ(t.name.parts[1].name, "events");
  ASSERT_EQ(t.columns.size(), 15u);
  EXPECT_EQ(t.columns[0].name.name, "id");
  EXPECT_EQ(t.columns[0].type.ToString(), "bigint");
  EXPECT_EQ(t.columns[0].comment->value, "the event");
  EXPECT_EQ(t.columns[1].name.name, "Name");
  EXPECT_TRUE(t.columns[1].name.quoted);
  EXPECT_EQ(t.columns[1].type.name, "string");
  EXPECT_EQ(t.columns[2].type.numeric_parameters, (std::vector<int64_t>{10, 2}));
  EXPECT_EQ(t.columns[3].type.name, "array");
  EXPECT_EQ(t.columns[5].type.name, "row");
  ASSERT_EQ(t.columns[5].type.field_names.size(), 3u);
  EXPECT_EQ(t.columns[5].type.field_names[2].name, "Label");
  EXPECT_EQ(t.columns[5].type.type_parameters[2].ToString(), "varchar(10)");
  // The column's type starts at its name (line 2, after "id ").
  EXPECT_EQ(t.columns[0].type.position.line, 2u);
  EXPECT_EQ(t.columns[0].type.position.column, 10u);
  EXPECT_EQ(t.comment->value, "all events");
  ASSERT_EQ(t.partition_columns.size(), 2u);
  EXPECT_EQ(t.partition_columns[0].name.name, "event_date");
  EXPECT_EQ(t.partition_columns[0].comment->value, "day");
  EXPECT_EQ(t.partition_columns[1].type.name, "int");
  ASSERT_TRUE(t.row_format);
  EXPECT_EQ(t.row_format->kind, RowFormatKind::kDelimited);
  // Hive's escapes are decoded.
  EXPECT_EQ(t.row_format->fields_terminated_by->value, "\t");
  EXPECT_EQ(t.row_format->escaped_by->value, "\\");
  EXPECT_EQ(t.row_format->collection_items_terminated_by->value, "|");
  EXPECT_EQ(t.row_format->map_keys_terminated_by->value, ":");
  EXPECT_EQ(t.row_format->lines_terminated_by->value, "\n");
  EXPECT_EQ(t.row_format->null_defined_as->value, "");
  EXPECT_FALSE(t.row_format->serde);
  ASSERT_TRUE(t.stored_as);
  EXPECT_EQ(t.stored_as->format, "textfile");
  EXPECT_TRUE(t.serde_properties.empty());
  EXPECT_EQ(t.location->value, "drop/events/");
  ASSERT_EQ(t.table_properties.size(), 2u);
  EXPECT_EQ(t.table_properties[0].key, "skip.header.line.count");
  EXPECT_EQ(t.table_properties[1].value, "\\N");
}

TEST(SqlParserDdlTest, CreateExternalTableSerdeAndFormats) {
  // Athena's OpenCSVSerde example, with its double-quoted strings.
  const char* open_csv = R"(CREATE EXTERNAL TABLE flights (a string, b string)
    ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
    WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "`", "escapeChar" = "\\")
    STORED AS TEXTFILE
    LOCATION 's3://bucket/flights/'
    TBLPROPERTIES ("skip.header.line.count"="1"))";
  EXPECT_EQ(RoundTrip(open_csv),
            "CREATE EXTERNAL TABLE flights (a string, b string) "
            "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES "
            "('separatorChar' = ',', 'quoteChar' = '`', 'escapeChar' = '\\\\') STORED AS TEXTFILE "
            "LOCATION 's3://bucket/flights/' TBLPROPERTIES ('skip.header.line.count' = '1')");
  StatementPtr statement = ParseStatement(open_csv);
  const auto& t = Parsed<CreateExternalTableStatement>(statement);
  EXPECT_EQ(t.row_format->kind, RowFormatKind::kSerde);
  EXPECT_EQ(t.row_format->serde->value, "org.apache.hadoop.hive.serde2.OpenCSVSerde");
  ASSERT_EQ(t.serde_properties.size(), 3u);
  EXPECT_EQ(t.serde_properties[0].key, "separatorChar");
  EXPECT_EQ(t.serde_properties[0].value, ",");
  EXPECT_EQ(t.serde_properties[2].value, "\\");

  // SERDEPROPERTIES after STORED AS (Athena's synopsis) move next to the SerDe.
  EXPECT_EQ(RoundTrip("CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
                      "STORED AS TEXTFILE WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')"),
            "CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
            "WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true') STORED AS TEXTFILE");
  // Without a SerDe they stay after STORED AS.
  EXPECT_EQ(RoundTrip("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET "
                      "WITH SERDEPROPERTIES ('k' = 'v') LOCATION 'x'"),
            "CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET WITH SERDEPROPERTIES ('k' = 'v') LOCATION 'x'");
  EXPECT_EQ(RoundTrip("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED WITH SERDEPROPERTIES ('k' = 'v')"),
            "CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED WITH SERDEPROPERTIES ('k' = 'v')");

  for (const char* format : {"PARQUET", "TEXTFILE", "JSON", "ORC", "AVRO", "SEQUENCEFILE", "RCFILE", "ION"}) {
    std::string sql = std::string("CREATE EXTERNAL TABLE t (a int) STORED AS ") + format + " LOCATION 'x'";
    EXPECT_EQ(RoundTrip(sql), sql);
  }
  StatementPtr parquet = ParseStatement("create external table t (a int) stored as parquet");
  EXPECT_EQ(Parsed<CreateExternalTableStatement>(parquet).stored_as->format, "parquet");

  const char* input_format =
      "CREATE EXTERNAL TABLE t (a int) STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' "
      "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'";
  EXPECT_EQ(RoundTrip(input_format), input_format);
  StatementPtr io = ParseStatement(input_format);
  const auto& stored = *Parsed<CreateExternalTableStatement>(io).stored_as;
  EXPECT_EQ(stored.format, "");
  EXPECT_EQ(stored.input_format->value, "org.apache.hadoop.mapred.TextInputFormat");
  EXPECT_EQ(stored.output_format->value, "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");

  // No columns, no clauses; nested Hive types of any depth.
  EXPECT_EQ(RoundTrip("CREATE EXTERNAL TABLE t"), "CREATE EXTERNAL TABLE t");
  EXPECT_EQ(RoundTrip("CREATE EXTERNAL TABLE t (a array<struct<b:map<string,array<int>>,c:decimal(5,1)>>)"),
            "CREATE EXTERNAL TABLE t (a array(row(b map(string, array(int)), c decimal(5, 1))))");
  // Struct field names may be any word, as in Hive.
  EXPECT_EQ(RoundTrip("CREATE EXTERNAL TABLE t (a struct<from:int, `to`:string>)"),
            "CREATE EXTERNAL TABLE t (a row(\"from\" int, \"to\" string))");
}

TEST(SqlParserDdlTest, HiveStrings) {
  EXPECT_EQ(DecodeHiveEscapes(R"(a\tb\nc\\d\'e\"f)"), "a\tb\nc\\d'e\"f");
  EXPECT_EQ(DecodeHiveEscapes(R"(\001\0\u00e9\Z)"), std::string("\x01") + '\0' + "\xC3\xA9\x1A");
  EXPECT_EQ(DecodeHiveEscapes(R"(100\%\_\q\)"), "100\\%\\_q\\");
  EXPECT_EQ(QuoteHiveString("a\tb'c\\d\x01"), R"('a\tb\047c\\d\001')");
  for (std::string value : {std::string("plain"), std::string("\\%"), std::string("\\\\%"), std::string("x\\"),
                            std::string("'\"\r\n\x7f"), std::string(1, '\0')}) {
    std::string quoted = QuoteHiveString(value);
    EXPECT_EQ(DecodeHiveEscapes(quoted.substr(1, quoted.size() - 2)), value) << quoted;
  }
  // Octal escapes in a statement; a quote written ''.
  EXPECT_EQ(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001' "
                         "COMMENT 'x'"),
            "line 1:82: COMMENT is out of place: CREATE EXTERNAL TABLE takes COMMENT, PARTITIONED BY, "
            "ROW FORMAT, STORED AS, WITH SERDEPROPERTIES, LOCATION, TBLPROPERTIES in this order, each once\n"
            "CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001' COMMENT 'x'\n" +
                std::string(81, ' ') + "^");
  StatementPtr quote = ParseStatement("CREATE EXTERNAL TABLE t (a int) COMMENT 'it''s' "
                                      "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001'");
  const auto& t = Parsed<CreateExternalTableStatement>(quote);
  EXPECT_EQ(t.comment->value, "it's");
  EXPECT_EQ(t.row_format->fields_terminated_by->value, "\x01");
  EXPECT_EQ(RoundTrip("CREATE EXTERNAL TABLE t (a int) COMMENT 'it''s' ROW FORMAT DELIMITED FIELDS TERMINATED BY "
                      "'\\001'"),
            "CREATE EXTERNAL TABLE t (a int) COMMENT 'it\\047s' ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001'");
  // Hive's \' would end the string for the lexer: reported, not misread.
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) COMMENT 'a\\' LOCATION 'x'")),
            "line 1:41: a backslash before a closing quote: Sluice ends the string there (write a quote inside "
            "a string as '' or \\047, a backslash as \\\\)");
  // "" is the empty string in Hive DDL, and still no name.
  StatementPtr empty = ParseStatement("ALTER TABLE t SET TBLPROPERTIES (\"serialization.null.format\"=\"\")");
  EXPECT_EQ(Parsed<AlterTableSetPropertiesStatement>(empty).properties[0].value, "");
  EXPECT_EQ(ParseErrorOf("SELECT \"\""), "line 1:8: zero-length quoted identifier\nSELECT \"\"\n       ^");
}

TEST(SqlParserDdlTest, TrinoCreateTable) {
  EXPECT_EQ(RoundTrip("CREATE TABLE IF NOT EXISTS curated.orders (id bigint NOT NULL COMMENT 'key', "
                      "note varchar, at timestamp(6) with time zone) COMMENT 'orders' "
                      "WITH (format = 'PARQUET', partitioned_by = ARRAY['day'])"),
            "CREATE TABLE IF NOT EXISTS curated.orders (id bigint NOT NULL COMMENT 'key', note varchar, "
            "at timestamp(6) with time zone) COMMENT 'orders' WITH (format = 'PARQUET', "
            "partitioned_by = ARRAY['day'])");
  StatementPtr statement = ParseStatement("CREATE TABLE t (a int NOT NULL, b double precision COMMENT 'x\\y')");
  const auto& t = Parsed<CreateTableStatement>(statement);
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_TRUE(t.columns[0].not_null);
  EXPECT_FALSE(t.columns[1].not_null);
  EXPECT_EQ(t.columns[1].type.name, "double");
  EXPECT_EQ(t.columns[1].comment->value, "x\\y");  // Trino strings have no escapes
  EXPECT_TRUE(t.properties.empty());
  EXPECT_EQ(RoundTrip("CREATE TABLE t (a int NOT NULL, b double precision COMMENT 'x\\y')"),
            "CREATE TABLE t (a int NOT NULL, b double COMMENT 'x\\y')");

  // CREATE TABLE … AS keeps working, with qualified names.
  StatementPtr ctas = ParseStatement("CREATE TABLE raw.t (x, y) WITH (format = 'PARQUET') AS SELECT 1, 2");
  const auto& c = Parsed<CreateTableAsStatement>(ctas);
  EXPECT_EQ(c.name.ToString(), "raw.t");
  EXPECT_EQ(c.columns.size(), 2u);
  EXPECT_EQ(RoundTrip("CREATE TABLE raw.t WITH (format = 'PARQUET', partitioned_by = ARRAY['d'], "
                      "write_compression = 'ZSTD') AS SELECT d, x FROM s"),
            "CREATE TABLE raw.t WITH (format = 'PARQUET', partitioned_by = ARRAY['d'], "
            "write_compression = 'ZSTD') AS SELECT d, x FROM s");
}

TEST(SqlParserDdlTest, DropTableAndView) {
  StatementPtr drop = ParseStatement("DROP TABLE IF EXISTS raw.events");
  const auto& d = Parsed<DropStatement>(drop);
  EXPECT_EQ(d.object_type, ObjectType::kTable);
  EXPECT_TRUE(d.if_exists);
  EXPECT_EQ(d.name.parts.size(), 2u);
  EXPECT_EQ(RoundTrip("drop view curated.v"), "DROP VIEW curated.v");
}

TEST(SqlParserDdlTest, AlterTable) {
  EXPECT_EQ(RoundTrip("ALTER TABLE raw.events ADD IF NOT EXISTS PARTITION (event_date='2024-01-05', hour=3) "
                      "LOCATION 'drop/events/2024/01/05/03' PARTITION (event_date = '2024-01-06', hour = -1)"),
            "ALTER TABLE raw.events ADD IF NOT EXISTS PARTITION (event_date = '2024-01-05', hour = 3) "
            "LOCATION 'drop/events/2024/01/05/03' PARTITION (event_date = '2024-01-06', hour = -1)");
  // Hive separates them with commas.
  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD PARTITION (d='1'), PARTITION (d='2') LOCATION 'x'"),
            "ALTER TABLE t ADD PARTITION (d = '1') PARTITION (d = '2') LOCATION 'x'");
  StatementPtr add = ParseStatement("ALTER TABLE t ADD PARTITION (d='1', n=2.5) LOCATION 'a' PARTITION (d=\"2\")");
  const auto& a = Parsed<AlterTableAddPartitionsStatement>(add);
  EXPECT_FALSE(a.if_not_exists);
  ASSERT_EQ(a.partitions.size(), 2u);
  ASSERT_EQ(a.partitions[0].spec.values.size(), 2u);
  EXPECT_EQ(a.partitions[0].spec.values[0].key.name, "d");
  EXPECT_EQ(a.partitions[0].spec.values[0].value, "1");
  EXPECT_TRUE(a.partitions[0].spec.values[0].is_string);
  EXPECT_EQ(a.partitions[0].spec.values[1].value, "2.5");
  EXPECT_FALSE(a.partitions[0].spec.values[1].is_string);
  EXPECT_EQ(a.partitions[0].spec.values[1].value_position, (SourcePosition{38, 1, 39}));
  EXPECT_EQ(a.partitions[0].spec.position, (SourcePosition{18, 1, 19}));
  EXPECT_EQ(a.partitions[0].location->value, "a");
  EXPECT_EQ(a.partitions[1].spec.values[0].value, "2");
  EXPECT_FALSE(a.partitions[1].location);

  EXPECT_EQ(RoundTrip("ALTER TABLE t DROP IF EXISTS PARTITION (d='1'), PARTITION (d='2')"),
            "ALTER TABLE t DROP IF EXISTS PARTITION (d = '1'), PARTITION (d = '2')");
  StatementPtr drop = ParseStatement("ALTER TABLE db.t DROP PARTITION (d='1')");
  EXPECT_FALSE(Parsed<AlterTableDropPartitionsStatement>(drop).if_exists);
  EXPECT_EQ(Parsed<AlterTableDropPartitionsStatement>(drop).partitions.size(), 1u);

  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD COLUMNS (c string COMMENT 'new', d array<int>)"),
            "ALTER TABLE t ADD COLUMNS (c string COMMENT 'new', d array(int))");
  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD COLUMN c bigint COMMENT 'trino'"),
            "ALTER TABLE t ADD COLUMNS (c bigint COMMENT 'trino')");
  StatementPtr columns = ParseStatement("ALTER TABLE t ADD COLUMNS (c string)");
  EXPECT_EQ(Parsed<AlterTableAddColumnsStatement>(columns).columns[0].name.name, "c");

  EXPECT_EQ(RoundTrip("ALTER TABLE t SET TBLPROPERTIES ('partition_discovery'='true')"),
            "ALTER TABLE t SET TBLPROPERTIES ('partition_discovery' = 'true')");
  EXPECT_EQ(RoundTrip("ALTER TABLE t SET LOCATION 's3://x/'"), "ALTER TABLE t SET LOCATION 's3://x/'");
  EXPECT_EQ(RoundTrip("ALTER TABLE t PARTITION (d='1') SET LOCATION 'p'"),
            "ALTER TABLE t PARTITION (d = '1') SET LOCATION 'p'");
  StatementPtr location = ParseStatement("ALTER TABLE t SET LOCATION 'new'");
  const auto& l = Parsed<AlterTableSetLocationStatement>(location);
  EXPECT_FALSE(l.partition);
  EXPECT_EQ(l.location.value, "new");
  EXPECT_EQ(l.table.ToString(), "t");
}

TEST(SqlParserDdlTest, MsckRepairTable) {
  EXPECT_EQ(RoundTrip("msck repair table raw.events"), "MSCK REPAIR TABLE raw.events");
  EXPECT_EQ(RoundTrip("MSCK REPAIR TABLE t ADD PARTITIONS"), "MSCK REPAIR TABLE t");
  EXPECT_EQ(RoundTrip("MSCK REPAIR TABLE t SYNC PARTITIONS"), "MSCK REPAIR TABLE t SYNC PARTITIONS");
  EXPECT_EQ(RoundTrip("MSCK REPAIR TABLE t DROP PARTITIONS"), "MSCK REPAIR TABLE t DROP PARTITIONS");
  StatementPtr msck = ParseStatement("MSCK REPAIR TABLE raw.events");
  EXPECT_EQ(Parsed<MsckRepairTableStatement>(msck).table.parts[1].name, "events");
  EXPECT_EQ(Parsed<MsckRepairTableStatement>(msck).mode, MsckMode::kAdd);
}

TEST(SqlParserDdlTest, ShowAndDescribe) {
  EXPECT_EQ(RoundTrip("SHOW DATABASES"), "SHOW DATABASES");
  EXPECT_EQ(RoundTrip("show schemas like 'ra*'"), "SHOW DATABASES LIKE 'ra*'");
  EXPECT_EQ(RoundTrip("SHOW TABLES"), "SHOW TABLES");
  EXPECT_EQ(RoundTrip("SHOW TABLES IN raw 'ev*|or*'"), "SHOW TABLES IN raw LIKE 'ev*|or*'");
  EXPECT_EQ(RoundTrip("SHOW TABLES FROM raw LIKE 'ev%'"), "SHOW TABLES IN raw LIKE 'ev%'");
  EXPECT_EQ(RoundTrip("SHOW TABLES 'x'"), "SHOW TABLES LIKE 'x'");
  EXPECT_EQ(RoundTrip("SHOW VIEWS IN curated"), "SHOW VIEWS IN curated");
  EXPECT_EQ(RoundTrip("SHOW PARTITIONS raw.events"), "SHOW PARTITIONS raw.events");
  EXPECT_EQ(RoundTrip("SHOW CREATE TABLE raw.events"), "SHOW CREATE TABLE raw.events");
  EXPECT_EQ(RoundTrip("SHOW CREATE VIEW v"), "SHOW CREATE VIEW v");
  EXPECT_EQ(RoundTrip("SHOW COLUMNS IN raw.events"), "SHOW COLUMNS FROM raw.events");
  EXPECT_EQ(RoundTrip("SHOW COLUMNS FROM events IN raw"), "SHOW COLUMNS FROM raw.events");
  EXPECT_EQ(RoundTrip("SHOW TBLPROPERTIES t"), "SHOW TBLPROPERTIES t");
  EXPECT_EQ(RoundTrip("SHOW TBLPROPERTIES t('skip.header.line.count')"),
            "SHOW TBLPROPERTIES t('skip.header.line.count')");
  EXPECT_EQ(RoundTrip("DESCRIBE raw.events"), "DESCRIBE raw.events");
  EXPECT_EQ(RoundTrip("desc t"), "DESCRIBE t");
  EXPECT_EQ(RoundTrip("DESCRIBE FORMATTED t PARTITION (d='1')"), "DESCRIBE FORMATTED t PARTITION (d = '1')");
  EXPECT_EQ(RoundTrip("DESCRIBE EXTENDED extended"), "DESCRIBE EXTENDED extended");
  EXPECT_EQ(RoundTrip("DESCRIBE extended"), "DESCRIBE extended");

  StatementPtr tables = ParseStatement("SHOW TABLES IN raw 'e*'");
  const auto& t = Parsed<ShowTablesStatement>(tables);
  EXPECT_FALSE(t.views);
  EXPECT_EQ(t.database->name, "raw");
  EXPECT_EQ(t.pattern->value, "e*");
  StatementPtr all = ParseStatement("SHOW TABLES");
  EXPECT_FALSE(Parsed<ShowTablesStatement>(all).database);
  EXPECT_FALSE(Parsed<ShowTablesStatement>(all).pattern);
  StatementPtr columns = ParseStatement("SHOW COLUMNS FROM events FROM raw");
  EXPECT_EQ(Parsed<ShowColumnsStatement>(columns).table.ToString(), "raw.events");
  StatementPtr properties = ParseStatement("SHOW TBLPROPERTIES t ('a')");
  EXPECT_EQ(Parsed<ShowTablePropertiesStatement>(properties).property->value, "a");
  StatementPtr create = ParseStatement("SHOW CREATE VIEW v");
  EXPECT_EQ(Parsed<ShowCreateTableStatement>(create).object_type, ObjectType::kView);
  StatementPtr describe = ParseStatement("DESC FORMATTED db.t PARTITION (d = 1)");
  const auto& d = Parsed<DescribeStatement>(describe);
  EXPECT_EQ(d.detail, DescribeDetail::kFormatted);
  EXPECT_EQ(d.table.ToString(), "db.t");
  EXPECT_EQ(d.partition->values[0].value, "1");
  StatementPtr plain = ParseStatement("DESCRIBE t");
  EXPECT_EQ(Parsed<DescribeStatement>(plain).detail, DescribeDetail::kColumns);
  EXPECT_FALSE(Parsed<DescribeStatement>(plain).partition);
}

TEST(SqlParserDdlTest, Insert) {
  EXPECT_EQ(RoundTrip("INSERT INTO raw.t SELECT * FROM s"), "INSERT INTO raw.t SELECT * FROM s");
  EXPECT_EQ(RoundTrip("insert into t (a, b) values (1, 'x'), (2, 'y')"),
            "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
  EXPECT_EQ(RoundTrip("INSERT INTO TABLE t WITH q AS (SELECT 1) SELECT * FROM q"),
            "INSERT INTO t WITH q AS (SELECT 1) SELECT * FROM q");
  EXPECT_EQ(RoundTrip("INSERT INTO t (SELECT 1)"), "INSERT INTO t (SELECT 1)");
  EXPECT_EQ(RoundTrip("INSERT INTO t TABLE s"), "INSERT INTO t TABLE s");
  StatementPtr insert = ParseStatement("INSERT INTO db.t (a) SELECT 1");
  const auto& i = Parsed<InsertStatement>(insert);
  EXPECT_EQ(i.table.ToString(), "db.t");
  ASSERT_EQ(i.columns.size(), 1u);
  EXPECT_EQ(i.columns[0].name, "a");
  ASSERT_NE(i.query, nullptr);
  EXPECT_EQ(i.position, (SourcePosition{0, 1, 1}));
  // EXPLAIN wraps any statement; the engine decides what it explains.
  EXPECT_EQ(RoundTrip("EXPLAIN INSERT INTO t SELECT 1"), "EXPLAIN INSERT INTO t SELECT 1");
}

TEST(SqlParserDdlTest, StatementKindNames) {
  EXPECT_EQ(StatementKindName(StatementKind::kCreateExternalTable), "CREATE EXTERNAL TABLE");
  EXPECT_EQ(StatementKindName(StatementKind::kAlterTableAddPartitions), "ALTER TABLE ADD PARTITION");
  EXPECT_EQ(StatementKindName(StatementKind::kMsckRepairTable), "MSCK REPAIR TABLE");
  EXPECT_EQ(StatementKindName(StatementKind::kUse), "USE");
}

TEST(SqlParserDdlTest, SyntaxErrors) {
  EXPECT_EQ(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATON 'x'"),
            "line 1:33: expected COMMENT, PARTITIONED BY, ROW FORMAT, STORED AS, WITH SERDEPROPERTIES, LOCATION, "
            "TBLPROPERTIES or end of statement but found 'LOCATON'\n"
            "CREATE EXTERNAL TABLE t (a int) LOCATON 'x'\n"
            "                                ^");
  EXPECT_EQ(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION 'x' STORED AS PARQUET"),
            "line 1:46: STORED AS is out of place: CREATE EXTERNAL TABLE takes COMMENT, PARTITIONED BY, ROW FORMAT, "
            "STORED AS, WITH SERDEPROPERTIES, LOCATION, TBLPROPERTIES in this order, each once\n"
            "CREATE EXTERNAL TABLE t (a int) LOCATION 'x' STORED AS PARQUET\n"
            "                                             ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION 'x' LOCATION 'y'")),
            "line 1:46: LOCATION is out of place: CREATE EXTERNAL TABLE takes COMMENT, PARTITIONED BY, ROW FORMAT, "
            "STORED AS, WITH SERDEPROPERTIES, LOCATION, TBLPROPERTIES in this order, each once");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION 'x' junk")),
            "line 1:46: expected TBLPROPERTIES or end of statement but found 'junk'");
  EXPECT_EQ(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) STORED AS XML"),
            "line 1:43: expected PARQUET, TEXTFILE, JSON, ORC, AVRO, SEQUENCEFILE, RCFILE, ION or INPUTFORMAT but "
            "found 'XML'\n"
            "CREATE EXTERNAL TABLE t (a int) STORED AS XML\n"
            "                                          ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT CSV")),
            "line 1:44: expected DELIMITED or SERDE but found 'CSV'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED LINES TERMINATED BY '\\n' "
                                   "FIELDS TERMINATED BY ','")),
            "line 1:79: FIELDS TERMINATED BY is out of place: ROW FORMAT DELIMITED takes FIELDS TERMINATED BY, "
            "COLLECTION ITEMS TERMINATED BY, MAP KEYS TERMINATED BY, LINES TERMINATED BY, NULL DEFINED AS in this "
            "order, each once");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED ','")),
            "line 1:72: expected BY but found '',''");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY 44")),
            "line 1:75: expected a character in quotes but found '44'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a) LOCATION 'x'")),
            "line 1:27: expected a type name but found ')'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int NOT NULL)")),
            "line 1:32: expected ')' but found 'NOT'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (from int)")),
            "line 1:26: expected an identifier but found reserved keyword 'from' (quote it as \"from\" to use it as "
            "a name)");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a struct<b int>)")),
            "line 1:37: expected ':' but found 'int'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES ('a' = 1)")),
            "line 1:54: expected a property value in quotes but found '1'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES (a = 'b')")),
            "line 1:48: expected a property name in quotes but found 'a'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) LOCATION `x`")),
            "line 1:42: expected a location in quotes but found '`x`'");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE 'x' WITH SERDEPROPERTIES "
                                   "('a'='b') STORED AS TEXTFILE WITH SERDEPROPERTIES ('c'='d')")),
            "line 1:104: WITH SERDEPROPERTIES is given twice");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE EXTERNAL VIEW v")), "line 1:17: expected TABLE but found 'VIEW'");

  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE TABLE t (a int) PARTITIONED BY (b int)")),
            "line 1:24: CREATE TABLE takes WITH (…) properties; 'PARTITIONED' belongs to Athena's CREATE EXTERNAL "
            "TABLE");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE TABLE t (a int) AS SELECT 1")),
            "line 1:24: CREATE TABLE with column definitions takes no query (CREATE TABLE name WITH (…) AS SELECT "
            "… takes its columns from the query)");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE TABLE t (a int) WITH (format = 'ORC') COMMENT 'x'")),
            "line 1:46: COMMENT is out of place: CREATE TABLE takes COMMENT, WITH in this order, each once");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE DATABASE d LOCATION 'x' COMMENT 'y'")),
            "line 1:32: COMMENT is out of place: CREATE DATABASE takes COMMENT, LOCATION, WITH DBPROPERTIES in this "
            "order, each once");
  EXPECT_EQ(FirstLine(ParseErrorOf("CREATE DATABASE d OWNER x")),
            "line 1:19: expected COMMENT, LOCATION, WITH DBPROPERTIES or end of statement but found 'OWNER'");
  EXPECT_EQ(FirstLine(ParseErrorOf("DROP DATABASE d PURGE")), "line 1:17: expected ';' or end of input but found 'PURGE'");
  EXPECT_EQ(FirstLine(ParseErrorOf("DROP INDEX i")),
            "line 1:6: expected TABLE, VIEW, DATABASE or SCHEMA but found 'INDEX'");

  EXPECT_EQ(ParseErrorOf("ALTER TABLE t ADD PARTITION (d = '1'),"),
            "line 1:39: expected PARTITION but found end of input\n"
            "ALTER TABLE t ADD PARTITION (d = '1'),\n"
            "                                      ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t ADD PARTITION (d)")), "line 1:31: expected '=' but found ')'");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t ADD PARTITION (d = x)")),
            "line 1:34: expected a partition value (a string in quotes or a number) but found 'x'");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t ADD (a int)")),
            "line 1:19: expected PARTITION, COLUMNS, COLUMN or a column name but found '('");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t DROP (a)")),
            "line 1:20: expected PARTITION, COLUMN or a column name but found '('");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t SET OWNER x")),
            "line 1:19: expected TBLPROPERTIES or LOCATION but found 'OWNER'");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t TRUNCATE")),
            "line 1:15: expected ADD, DROP, RENAME TO, SET, EXECUTE or PARTITION but found 'TRUNCATE'");
  EXPECT_EQ(FirstLine(ParseErrorOf("ALTER TABLE t PARTITION (d = '1') DROP")),
            "line 1:35: expected SET LOCATION but found 'DROP'");
  EXPECT_EQ(FirstLine(ParseErrorOf("MSCK TABLE t")), "line 1:6: expected REPAIR but found 'TABLE'");
  EXPECT_EQ(FirstLine(ParseErrorOf("MSCK REPAIR TABLE t ADD")), "line 1:24: expected PARTITIONS but found end of input");

  EXPECT_EQ(ParseErrorOf("SHOW TABLE"),
            "wrong error kind: line 1:6: SHOW table is not supported yet\nSHOW TABLE\n     ^");
  EXPECT_EQ(FirstLine(ParseErrorOf("SHOW TABELS")),
            "line 1:6: expected DATABASES, SCHEMAS, TABLES, VIEWS, PARTITIONS, CREATE TABLE, COLUMNS or "
            "TBLPROPERTIES but found 'TABELS'");
  EXPECT_EQ(FirstLine(ParseErrorOf("SHOW TABLES IN raw LIKE x")),
            "line 1:25: expected a pattern in quotes but found 'x'");
  EXPECT_EQ(FirstLine(ParseErrorOf("SHOW COLUMNS t")), "line 1:14: expected FROM or IN but found 't'");
  EXPECT_EQ(FirstLine(ParseErrorOf("SHOW COLUMNS FROM a.t FROM b")), "line 1:28: the database is named twice");
  EXPECT_EQ(FirstLine(ParseErrorOf("SHOW CREATE DATABASE d")), "line 1:13: expected TABLE or VIEW but found 'DATABASE'");
  EXPECT_EQ(FirstLine(ParseErrorOf("DESCRIBE")), "line 1:9: expected an identifier but found end of input");
  EXPECT_EQ(FirstLine(ParseErrorOf("USE")), "line 1:4: expected an identifier but found end of input");

  EXPECT_EQ(FirstLine(ParseErrorOf("INSERT t SELECT 1")), "line 1:8: expected INTO but found 't'");
  EXPECT_EQ(FirstLine(ParseErrorOf("INSERT INTO t (a, b)")),
            "line 1:21: expected a query (SELECT, VALUES, WITH or TABLE) but found end of input");
  EXPECT_EQ(FirstLine(ParseErrorOf("INSERT INTO t DEFAULT VALUES")),
            "line 1:15: expected a query (SELECT, VALUES, WITH or TABLE) but found 'DEFAULT'");
  EXPECT_EQ(FirstLine(ParseErrorOf("UPSERT INTO t VALUES (1)")),
            "line 1:1: expected a statement (SELECT, WITH, VALUES, INSERT, DELETE, UPDATE, TRUNCATE, OPTIMIZE, "
            "CREATE, DROP, ALTER, MSCK, SHOW, DESCRIBE, USE, EXPLAIN, COPY, SET) but found 'UPSERT'");
}

TEST(SqlParserDdlTest, NotSupported) {
  EXPECT_EQ(NotImplementedOf("INSERT OVERWRITE TABLE t SELECT 1"),
            "line 1:8: INSERT OVERWRITE is not supported (INSERT INTO appends; DROP TABLE and CREATE TABLE AS "
            "replace a table)\n"
            "INSERT OVERWRITE TABLE t SELECT 1\n"
            "       ^");
  EXPECT_EQ(FirstLine(NotImplementedOf("INSERT INTO t PARTITION (d = '1') SELECT 1")),
            "line 1:15: INSERT INTO … PARTITION (…) is not supported; partition values come from the query's "
            "columns");
  EXPECT_EQ(NotImplementedOf("CREATE EXTERNAL TABLE t (a int) CLUSTERED BY (a) INTO 4 BUCKETS"),
            "line 1:33: bucketed tables (CLUSTERED BY) are not supported\n"
            "CREATE EXTERNAL TABLE t (a int) CLUSTERED BY (a) INTO 4 BUCKETS\n"
            "                                ^");
  EXPECT_EQ(FirstLine(NotImplementedOf("CREATE EXTERNAL TABLE t (a int) STORED BY 'x'")),
            "line 1:40: STORED BY (storage handlers) is not supported");
  EXPECT_EQ(FirstLine(NotImplementedOf("CREATE SCHEMA hive.raw")),
            "line 1:19: CREATE DATABASE takes a database name of one part (catalog.database is not supported: "
            "Sluice has one catalog)");
  EXPECT_EQ(FirstLine(NotImplementedOf("USE hive.raw")),
            "line 1:9: USE takes a database name of one part (catalog.database is not supported: Sluice has one "
            "catalog)");
  EXPECT_EQ(FirstLine(NotImplementedOf("CREATE SCHEMA s WITH (location = 'x')")),
            "line 1:17: CREATE SCHEMA … WITH (…) is not supported; use LOCATION '…'");
  EXPECT_EQ(FirstLine(NotImplementedOf("CREATE TABLE t (a int WITH (x = 1))")),
            "line 1:23: column properties are not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("CREATE TABLE t (LIKE s)")),
            "line 1:17: CREATE TABLE … (LIKE table) is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t DROP PARTITION (d < '2024')")),
            "line 1:33: partition filters with '<' are not supported; name each partition with key = value");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t REPLACE COLUMNS (a int)")),
            "line 1:15: ALTER TABLE … replace is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER TABLE t SET SERDEPROPERTIES ('a' = 'b')")),
            "line 1:19: ALTER TABLE … SET serdeproperties is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("ALTER VIEW v AS SELECT 1")), "line 1:7: ALTER view is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("SHOW FUNCTIONS")), "line 1:6: SHOW functions is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("SHOW SCHEMAS FROM hive")),
            "line 1:14: catalogs are not supported: Sluice has one");
  EXPECT_EQ(FirstLine(NotImplementedOf("SHOW PARTITIONS t PARTITION (d = '1')")),
            "line 1:19: SHOW PARTITIONS takes no filter yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("DESCRIBE t c")), "line 1:12: DESCRIBE of one column is not supported yet");
  EXPECT_EQ(FirstLine(NotImplementedOf("DESCRIBE INPUT q")),
            "line 1:10: DESCRIBE INPUT and DESCRIBE OUTPUT (prepared statements) are not supported");
}

TEST(SqlParserDdlTest, DeepTypesAreBounded) {
  std::string structs = "CREATE EXTERNAL TABLE t (a ";
  std::string arrays = structs;
  for (int i = 0; i < 100000; ++i) {
    structs += "struct<a:";
    arrays += "array<";
  }
  for (const std::string& sql : {structs, arrays}) {
    EXPECT_NE(ParseErrorOf(sql).find("the statement is nested too deeply"), std::string::npos);
  }
}

TEST(SqlParserDdlTest, SeveralStatements) {
  std::vector<StatementPtr> statements = ParseStatements(
      "CREATE DATABASE raw; USE raw;\n"
      "CREATE EXTERNAL TABLE e (a int) PARTITIONED BY (d string) STORED AS PARQUET LOCATION 'raw/e';\n"
      "MSCK REPAIR TABLE e; SHOW PARTITIONS e; SELECT * FROM raw.e WHERE d = '1';");
  ASSERT_EQ(statements.size(), 6u);
  EXPECT_EQ(statements[0]->kind(), StatementKind::kCreateDatabase);
  EXPECT_EQ(statements[1]->kind(), StatementKind::kUse);
  EXPECT_EQ(statements[2]->kind(), StatementKind::kCreateExternalTable);
  EXPECT_EQ(statements[2]->position, (SourcePosition{30, 2, 1}));
  EXPECT_EQ(statements[3]->kind(), StatementKind::kMsckRepairTable);
  EXPECT_EQ(statements[4]->kind(), StatementKind::kShowPartitions);
  EXPECT_EQ(statements[5]->kind(), StatementKind::kQuery);
}

}  // namespace
}  // namespace sluice::sql
