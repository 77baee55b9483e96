// The conformance suite of catalog stores (see store_conformance.h for how a store
// instantiates it and what it pins down).
#include "store_conformance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "catalog/store.h"
#include "core/error.h"
#include "core/types.h"

namespace sluice::catalog::testing {
namespace {

using Values = std::vector<std::string>;

/// The message of the CatalogError `call` throws, or "no error".
template <typename Call>
std::string CatalogErrorOf(Call call) {
  try {
    call();
  } catch (const CatalogError& e) {
    return e.what();
  }
  return "no error";
}

Column Col(const std::string& name, const std::string& type, const std::string& comment = "") {
  return Column{name, DataType::Parse(type), comment};
}

Database MakeDatabase(const std::string& name) {
  Database database;
  database.name = name;
  database.description = "the " + name + " zone";
  database.location = name;
  database.parameters = {{"zone", name}, {"owner.team", "data"}};
  return database;
}

/// A partitioned CSV table with a value in every field.
Table MakeTable(const std::string& database, const std::string& name) {
  Table table;
  table.database = database;
  table.name = name;
  table.kind = TableKind::kExternal;
  table.columns = {Col("id", "bigint", "the event's id"), Col("amount", "decimal(10,2)"),
                   Col("seen_at", "timestamp(6) with time zone", "when, with \"quotes\" and ünïcode"),
                   Col("label", "varchar")};
  table.partition_keys = {Col("event_date", "varchar")};
  table.location = database + "/" + name;
  table.format = StorageFormat::kCsv;
  table.format_options = {{"delimiter", "|"}, {"header", "true"}, {"null", "\\N"}, {"compression", "gzip"}};
  table.parameters = {{"classification", "csv"}, {"skip.header.line.count", "1"}};
  table.owner = "crawler:drop_events";
  table.comment = "events that landed in drop/";
  table.stats = {3, 1024, 42};
  return table;
}

Table MakeUnpartitionedTable(const std::string& database, const std::string& name) {
  Table table = MakeTable(database, name);
  table.partition_keys.clear();
  table.format = StorageFormat::kParquet;
  table.format_options.clear();
  return table;
}

Partition MakePartition(const Values& values, const std::string& location) {
  Partition partition;
  partition.values = values;
  partition.location = location;
  partition.stats = {2, 2048, 100};
  return partition;
}

/// A run to start: kind and name, the rest defaults.
catalog::Run NewRun(const std::string& kind, const std::string& name) {
  catalog::Run run;
  run.kind = kind;
  run.name = name;
  return run;
}

ChangeCause Cause(const std::string& kind, const std::string& detail, int64_t run_id = 0) {
  return ChangeCause{kind, detail, run_id};
}

std::string ColumnsText(const std::vector<Column>& columns) {
  std::string text;
  for (const Column& column : columns) {
    text += column.name + " " + column.type.ToString() + (column.not_null ? " not null" : "") +
            (column.comment.empty() ? "" : " '" + column.comment + "'") + "; ";
  }
  return text;
}

std::string MapText(const std::map<std::string, std::string>& map) {
  std::string text;
  for (const auto& [key, value] : map) text += key + "=" + value + "; ";
  return text;
}

std::string ValuesText(const Values& values) {
  std::string text = "(";
  for (const std::string& value : values) text += value + ",";
  return text + ")";
}

std::vector<std::string> PartitionValuesOf(const std::vector<Partition>& partitions) {
  std::vector<std::string> texts;
  for (const Partition& partition : partitions) texts.push_back(ValuesText(partition.values));
  return texts;
}

/// Compares field by field, so that a failure names the field.
void ExpectSameTable(const Table& expected, const Table& actual) {
  EXPECT_EQ(expected.database, actual.database);
  EXPECT_EQ(expected.name, actual.name);
  EXPECT_EQ(TableKindName(expected.kind), TableKindName(actual.kind));
  EXPECT_EQ(ColumnsText(expected.columns), ColumnsText(actual.columns));
  EXPECT_EQ(ColumnsText(expected.partition_keys), ColumnsText(actual.partition_keys));
  EXPECT_EQ(expected.location, actual.location);
  EXPECT_EQ(StorageFormatName(expected.format), StorageFormatName(actual.format));
  EXPECT_EQ(MapText(expected.format_options), MapText(actual.format_options));
  EXPECT_EQ(MapText(expected.parameters), MapText(actual.parameters));
  EXPECT_EQ(expected.owner, actual.owner);
  EXPECT_EQ(expected.comment, actual.comment);
  EXPECT_EQ(expected.view_sql, actual.view_sql);
  EXPECT_EQ(expected.created, actual.created);
  EXPECT_EQ(expected.updated, actual.updated);
  EXPECT_EQ(expected.version, actual.version);
  EXPECT_EQ(expected.stats, actual.stats);
  EXPECT_TRUE(expected == actual);
}

/// A fixture-level setup: database "raw" with a partitioned table "events".
void CreateRawEvents(CatalogStore& store) {
  store.Write([](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("raw"), false);
    writer.CreateTable(MakeTable("raw", "events"), Cause("ddl", "CREATE EXTERNAL TABLE raw.events"), false);
  });
}

// ---- Databases ------------------------------------------------------------------------

TEST_P(CatalogStoreConformance, EmptyStore) {
  EXPECT_TRUE(store().ListDatabases().empty());
  EXPECT_FALSE(store().GetDatabase("raw").has_value());
  EXPECT_FALSE(store().GetTable("raw", "events").has_value());
  EXPECT_TRUE(store().ListRuns("", "", 100).empty());
  EXPECT_FALSE(store().GetRun(1).has_value());
  EXPECT_TRUE(store().ListState("crawler/x").empty());
  EXPECT_GE(store().SchemaVersion(), 1);
  EXPECT_FALSE(store().Describe().empty());
}

TEST_P(CatalogStoreConformance, DatabaseRoundTripAndOrder) {
  const Micros before = NowMicros();
  Database explicit_time = MakeDatabase("curated");
  explicit_time.created = 1'600'000'000'000'000;
  store().Write([&](CatalogWriter& writer) {
    EXPECT_TRUE(writer.CreateDatabase(MakeDatabase("raw"), false));
    EXPECT_TRUE(writer.CreateDatabase(explicit_time, false));
    EXPECT_TRUE(writer.CreateDatabase(MakeDatabase("drop"), true));
  });
  std::optional<Database> raw = store().GetDatabase("raw");
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->name, "raw");
  EXPECT_EQ(raw->description, "the raw zone");
  EXPECT_EQ(raw->location, "raw");
  EXPECT_EQ(MapText(raw->parameters), "owner.team=data; zone=raw; ");
  EXPECT_GE(raw->created, before);
  EXPECT_LE(raw->created, NowMicros());
  EXPECT_TRUE(store().GetDatabase("curated") == explicit_time);

  std::vector<std::string> names;
  for (const Database& database : store().ListDatabases()) names.push_back(database.name);
  EXPECT_EQ(names, (std::vector<std::string>{"curated", "drop", "raw"}));
}

TEST_P(CatalogStoreConformance, DatabaseNamesAreExact) {
  store().Write([](CatalogWriter& writer) { writer.CreateDatabase(MakeDatabase("raw"), false); });
  EXPECT_FALSE(store().GetDatabase("RAW").has_value());
  EXPECT_FALSE(store().GetDatabase("raw ").has_value());
  EXPECT_TRUE(store().GetDatabase("raw").has_value());
}

TEST_P(CatalogStoreConformance, CreateExistingDatabase) {
  store().Write([](CatalogWriter& writer) { writer.CreateDatabase(MakeDatabase("raw"), false); });
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) { writer.CreateDatabase(MakeDatabase("raw"), false); });
            }),
            "database raw already exists");
  Database changed = MakeDatabase("raw");
  changed.description = "changed";
  store().Write([&](CatalogWriter& writer) { EXPECT_FALSE(writer.CreateDatabase(changed, true)); });
  EXPECT_EQ(store().GetDatabase("raw")->description, "the raw zone");
}

TEST_P(CatalogStoreConformance, DropDatabase) {
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) { writer.DropDatabase("nope", false, false); });
            }),
            "database nope does not exist");
  store().Write([](CatalogWriter& writer) {
    EXPECT_FALSE(writer.DropDatabase("nope", true, false));
    writer.CreateDatabase(MakeDatabase("empty"), false);
    EXPECT_TRUE(writer.DropDatabase("empty", false, false));
  });
  EXPECT_FALSE(store().GetDatabase("empty").has_value());

  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) {
    writer.PutPartitions("raw", "events", {MakePartition({"2024-01-01"}, "raw/events/event_date=2024-01-01")});
  });
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) { writer.DropDatabase("raw", false, false); });
            }),
            "database raw is not empty: it holds 1 table (drop them first, or use CASCADE)");
  EXPECT_TRUE(store().GetTable("raw", "events").has_value());

  store().Write([](CatalogWriter& writer) { EXPECT_TRUE(writer.DropDatabase("raw", false, true)); });
  EXPECT_FALSE(store().GetDatabase("raw").has_value());
  EXPECT_FALSE(store().GetTable("raw", "events").has_value());
  // Nothing of the old table survives under the same names.
  CreateRawEvents(store());
  EXPECT_TRUE(store().ListPartitions("raw", "events").empty());
  EXPECT_EQ(store().ListVersions("raw", "events").size(), 1u);
}

// ---- Tables and views -----------------------------------------------------------------

TEST_P(CatalogStoreConformance, TableRoundTripsEveryField) {
  const Micros before = NowMicros();
  CreateRawEvents(store());
  std::optional<Table> stored = store().GetTable("raw", "events");
  ASSERT_TRUE(stored.has_value());
  EXPECT_GE(stored->created, before);
  EXPECT_LE(stored->created, NowMicros());
  EXPECT_EQ(stored->updated, stored->created);
  Table expected = MakeTable("raw", "events");
  expected.created = stored->created;
  expected.updated = stored->updated;
  expected.version = 1;
  ExpectSameTable(expected, *stored);
  EXPECT_TRUE(stored->is_partitioned());
}

TEST_P(CatalogStoreConformance, TableKeepsGivenTimesAndEveryKindAndFormat) {
  store().Write([](CatalogWriter& writer) { writer.CreateDatabase(MakeDatabase("raw"), false); });
  const struct {
    TableKind kind;
    StorageFormat format;
  } cases[] = {{TableKind::kExternal, StorageFormat::kJson},
               {TableKind::kManaged, StorageFormat::kParquet},
               {TableKind::kExternal, StorageFormat::kCsv}};
  int i = 0;
  for (const auto& c : cases) {
    const std::string name = std::string("t").append(std::to_string(i++));
    Table table = MakeUnpartitionedTable("raw", name);
    table.kind = c.kind;
    table.format = c.format;
    table.created = 1'700'000'000'000'000 + i;
    table.updated = 1'700'000'000'500'000 + i;
    table.version = 77;  // ignored: the store numbers versions
    table.stats = {-1, -1, -1};
    store().Write([&](CatalogWriter& writer) { EXPECT_TRUE(writer.CreateTable(table, Cause("ddl", "x"), false)); });
    table.version = 1;
    ExpectSameTable(table, *store().GetTable("raw", table.name));
  }
}

TEST_P(CatalogStoreConformance, ColumnTypesRoundTrip) {
  const char* types[] = {"boolean", "tinyint", "smallint", "integer", "bigint", "real", "double",
                         "decimal(10,2)", "decimal(38,0)", "decimal(3,3)", "varchar", "varbinary",
                         "date", "timestamp(6)", "timestamp(6) with time zone",
                         "interval day to second", "interval year to month", "unknown"};
  Table table = MakeUnpartitionedTable("raw", "types");
  table.columns.clear();
  int i = 0;
  for (const char* type : types) table.columns.push_back(Col(std::string("c").append(std::to_string(i++)), type, type));
  store().Write([&](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("raw"), false);
    writer.CreateTable(table, Cause("ddl", ""), false);
  });
  const Table stored = *store().GetTable("raw", "types");
  ASSERT_EQ(stored.columns.size(), std::size(types));
  for (size_t c = 0; c < stored.columns.size(); ++c) {
    EXPECT_EQ(stored.columns[c].type.ToString(), DataType::Parse(types[c]).ToString());
    EXPECT_TRUE(stored.columns[c].type == table.columns[c].type) << types[c];
    EXPECT_EQ(stored.columns[c].comment, types[c]);
  }
}

TEST_P(CatalogStoreConformance, ViewRoundTrip) {
  Table view;
  view.database = "curated";
  view.name = "daily";
  view.kind = TableKind::kView;
  view.columns = {Col("day", "date"), Col("n", "bigint")};
  view.view_sql = "SELECT CAST(seen_at AS date) AS day, count(*) AS n FROM raw.events "
                  "WHERE label <> 'it''s; -- not a comment' GROUP BY 1";
  view.owner = "ana";
  view.comment = "events per day";
  store().Write([&](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("curated"), false);
    writer.CreateTable(view, Cause("ddl", "CREATE VIEW curated.daily"), false);
  });
  const Table stored = *store().GetTable("curated", "daily");
  view.created = stored.created;
  view.updated = stored.updated;
  view.version = 1;
  ExpectSameTable(view, stored);
  EXPECT_EQ(stored.location, "");
}

TEST_P(CatalogStoreConformance, ListTablesByName) {
  store().Write([](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("raw"), false);
    writer.CreateDatabase(MakeDatabase("curated"), false);
    for (const char* name : {"zeta", "alpha", "events", "Beta"}) {
      writer.CreateTable(MakeTable("raw", name), Cause("ddl", ""), false);
    }
    writer.CreateTable(MakeTable("curated", "events"), Cause("ddl", ""), false);
  });
  std::vector<std::string> names;
  for (const Table& table : store().ListTables("raw")) names.push_back(table.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Beta", "alpha", "events", "zeta"}));
  ASSERT_EQ(store().ListTables("curated").size(), 1u);
  EXPECT_EQ(store().ListTables("curated")[0].QualifiedName(), "curated.events");
  EXPECT_EQ(store().GetTable("curated", "events")->location, "curated/events");
  EXPECT_FALSE(store().GetTable("raw", "EVENTS").has_value());
  EXPECT_EQ(CatalogErrorOf([&] { store().ListTables("nope"); }), "database nope does not exist");
}

TEST_P(CatalogStoreConformance, CreateTableErrors) {
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) {
                writer.CreateTable(MakeTable("raw", "events"), Cause("ddl", ""), true);
              });
            }),
            "database raw does not exist");
  CreateRawEvents(store());
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) {
                writer.CreateTable(MakeTable("raw", "events"), Cause("ddl", ""), false);
              });
            }),
            "table raw.events already exists");
  Table changed = MakeTable("raw", "events");
  changed.comment = "changed";
  changed.columns.pop_back();
  store().Write([&](CatalogWriter& writer) { EXPECT_FALSE(writer.CreateTable(changed, Cause("ddl", ""), true)); });
  EXPECT_EQ(store().GetTable("raw", "events")->comment, "events that landed in drop/");
  EXPECT_EQ(store().ListVersions("raw", "events").size(), 1u);
}

TEST_P(CatalogStoreConformance, DropTable) {
  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) {
    writer.PutPartitions("raw", "events", {MakePartition({"a"}, "raw/events/event_date=a")});
    writer.UpdateTable(MakeUnpartitionedTable("raw", "events"), Cause("ddl", "ALTER"));
    writer.UpdateTable(MakeTable("raw", "events"), Cause("ddl", "ALTER"));
    writer.PutPartitions("raw", "events", {MakePartition({"b"}, "raw/events/event_date=b")});
  });
  ASSERT_EQ(store().ListVersions("raw", "events").size(), 3u);
  store().Write([](CatalogWriter& writer) {
    EXPECT_TRUE(writer.DropTable("raw", "events", false));
    EXPECT_FALSE(writer.DropTable("raw", "events", true));
  });
  EXPECT_FALSE(store().GetTable("raw", "events").has_value());
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) { writer.DropTable("raw", "events", false); });
            }),
            "table raw.events does not exist");
  EXPECT_EQ(CatalogErrorOf([&] { store().ListPartitions("raw", "events"); }), "table raw.events does not exist");
  EXPECT_EQ(CatalogErrorOf([&] { store().ListVersions("raw", "events"); }), "table raw.events does not exist");
  // A new table of the same name starts afresh.
  store().Write([](CatalogWriter& writer) {
    writer.CreateTable(MakeTable("raw", "events"), Cause("crawler", "drop_events"), false);
  });
  EXPECT_TRUE(store().ListPartitions("raw", "events").empty());
  ASSERT_EQ(store().ListVersions("raw", "events").size(), 1u);
  EXPECT_EQ(store().ListVersions("raw", "events")[0].cause.kind, "crawler");
  EXPECT_EQ(store().GetTable("raw", "events")->version, 1);
}

// ---- Versions -------------------------------------------------------------------------

TEST_P(CatalogStoreConformance, CreateRecordsVersionOne) {
  CreateRawEvents(store());
  const std::vector<TableVersion> versions = store().ListVersions("raw", "events");
  ASSERT_EQ(versions.size(), 1u);
  const TableVersion& v1 = versions[0];
  const Table table = MakeTable("raw", "events");
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v1.time, store().GetTable("raw", "events")->created);
  EXPECT_TRUE(v1.old_columns.empty());
  EXPECT_TRUE(v1.old_partition_keys.empty());
  EXPECT_EQ(ColumnsText(v1.new_columns), ColumnsText(table.columns));
  EXPECT_EQ(ColumnsText(v1.new_partition_keys), ColumnsText(table.partition_keys));
  EXPECT_EQ(v1.cause.kind, "ddl");
  EXPECT_EQ(v1.cause.detail, "CREATE EXTERNAL TABLE raw.events");
  EXPECT_EQ(v1.cause.run_id, 0);
}

TEST_P(CatalogStoreConformance, UpdateTableVersionsOnlySchemaChanges) {
  CreateRawEvents(store());
  const Table created = *store().GetTable("raw", "events");

  // Not a schema change: no new version, but the definition is replaced.
  Table moved = MakeTable("raw", "events");
  moved.location = "raw/events_v2";
  moved.parameters["classification"] = "parquet";
  moved.format = StorageFormat::kParquet;
  moved.comment = "";
  moved.stats = {9, 9, 9};
  moved.version = 42;        // ignored
  moved.created = 5;         // ignored: the table keeps its created time
  int64_t version = 0;
  store().Write([&](CatalogWriter& writer) { version = writer.UpdateTable(moved, Cause("ddl", "ALTER")); });
  EXPECT_EQ(version, 1);
  Table stored = *store().GetTable("raw", "events");
  EXPECT_EQ(stored.version, 1);
  EXPECT_EQ(stored.created, created.created);
  EXPECT_GE(stored.updated, created.updated);
  moved.created = stored.created;
  moved.updated = stored.updated;
  moved.version = 1;
  ExpectSameTable(moved, stored);
  EXPECT_EQ(store().ListVersions("raw", "events").size(), 1u);

  // A new column: version 2, with the old and new schema and the cause.
  Table wider = moved;
  wider.columns.push_back(Col("extra", "double", "added by drift"));
  store().Write([&](CatalogWriter& writer) { version = writer.UpdateTable(wider, Cause("crawler", "drop_events", 7)); });
  EXPECT_EQ(version, 2);
  EXPECT_EQ(store().GetTable("raw", "events")->version, 2);

  // A widened type is a change too; so is a partition key change.
  Table widened = wider;
  widened.columns[1].type = DataType::Decimal(20, 2);
  store().Write([&](CatalogWriter& writer) { version = writer.UpdateTable(widened, Cause("crawler", "drop_events", 8)); });
  EXPECT_EQ(version, 3);
  Table repartitioned = widened;
  repartitioned.partition_keys.push_back(Col("hour", "integer"));
  store().Write([&](CatalogWriter& writer) { version = writer.UpdateTable(repartitioned, Cause("ddl", "ALTER")); });
  EXPECT_EQ(version, 4);
  // A column comment is part of the columns.
  Table commented = repartitioned;
  commented.columns[0].comment = "new comment";
  store().Write([&](CatalogWriter& writer) { version = writer.UpdateTable(commented, Cause("ddl", "COMMENT")); });
  EXPECT_EQ(version, 5);

  const std::vector<TableVersion> versions = store().ListVersions("raw", "events");
  ASSERT_EQ(versions.size(), 5u);
  for (size_t i = 0; i < versions.size(); ++i) EXPECT_EQ(versions[i].version, static_cast<int64_t>(i + 1));
  EXPECT_EQ(ColumnsText(versions[1].old_columns), ColumnsText(moved.columns));
  EXPECT_EQ(ColumnsText(versions[1].new_columns), ColumnsText(wider.columns));
  EXPECT_EQ(ColumnsText(versions[1].old_partition_keys), ColumnsText(moved.partition_keys));
  EXPECT_EQ(ColumnsText(versions[1].new_partition_keys), ColumnsText(moved.partition_keys));
  EXPECT_EQ(versions[1].cause.kind, "crawler");
  EXPECT_EQ(versions[1].cause.detail, "drop_events");
  EXPECT_EQ(versions[1].cause.run_id, 7);
  EXPECT_GE(versions[1].time, versions[0].time);
  EXPECT_EQ(versions[2].new_columns[1].type.ToString(), "decimal(20,2)");
  EXPECT_EQ(versions[2].old_columns[1].type.ToString(), "decimal(10,2)");
  EXPECT_EQ(ColumnsText(versions[3].old_partition_keys), "event_date varchar; ");
  EXPECT_EQ(ColumnsText(versions[3].new_partition_keys), "event_date varchar; hour integer; ");
  EXPECT_EQ(versions[4].cause.detail, "COMMENT");
  EXPECT_EQ(store().GetTable("raw", "events")->version, 5);
}

TEST_P(CatalogStoreConformance, UpdateMissingTable) {
  store().Write([](CatalogWriter& writer) { writer.CreateDatabase(MakeDatabase("raw"), false); });
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) { writer.UpdateTable(MakeTable("raw", "nope"), Cause("ddl", "")); });
            }),
            "table raw.nope does not exist");
}

TEST_P(CatalogStoreConformance, NotNullColumnsRoundTripAndAreVersioned) {
  Table table = MakeUnpartitionedTable("raw", "managed");
  table.kind = TableKind::kManaged;
  table.columns[0].not_null = true;
  table.columns[2].not_null = true;
  store().Write([&](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("raw"), false);
    writer.CreateTable(table, Cause("ddl", "CREATE TABLE raw.managed"), false);
  });
  Table stored = *store().GetTable("raw", "managed");
  EXPECT_EQ(ColumnsText(stored.columns), ColumnsText(table.columns));
  EXPECT_TRUE(stored.columns[0].not_null);
  EXPECT_FALSE(stored.columns[1].not_null);
  EXPECT_TRUE(stored.columns[2].not_null);
  EXPECT_TRUE(stored.columns == table.columns);
  std::vector<TableVersion> versions = store().ListVersions("raw", "managed");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_TRUE(versions[0].new_columns == table.columns);

  // Dropping NOT NULL is a schema change: a new version with both schemas.
  Table relaxed = stored;
  relaxed.columns[0].not_null = false;
  int64_t version = 0;
  store().Write([&](CatalogWriter& writer) { version = writer.UpdateTable(relaxed, Cause("ddl", "ALTER")); });
  EXPECT_EQ(version, 2);
  versions = store().ListVersions("raw", "managed");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_TRUE(versions[1].old_columns[0].not_null);
  EXPECT_FALSE(versions[1].new_columns[0].not_null);
  EXPECT_TRUE(versions[1].new_columns[2].not_null);
  EXPECT_TRUE(store().GetTable("raw", "managed")->columns == relaxed.columns);
}

// ---- Renames --------------------------------------------------------------------------

/// `table` as RenameTable's `renamed` for `database`.`name`, located at database/name.
Table RenamedTo(Table table, const std::string& database, const std::string& name) {
  table.database = database;
  table.name = name;
  table.location = database + "/" + name;
  return table;
}

TEST_P(CatalogStoreConformance, RenameTableWithinADatabase) {
  CreateRawEvents(store());
  const Table created = *store().GetTable("raw", "events");
  store().Write([](CatalogWriter& writer) {
    writer.UpdateTable(MakeUnpartitionedTable("raw", "events"), Cause("ddl", "ALTER 1"));
    writer.UpdateTable(MakeTable("raw", "events"), Cause("ddl", "ALTER 2"));
  });
  const Table before = *store().GetTable("raw", "events");
  ASSERT_EQ(before.version, 3);
  store().Write([&](CatalogWriter& writer) {
    writer.RenameTable("raw", "events", RenamedTo(before, "raw", "clicks"), Cause("ddl", "ALTER TABLE RENAME", 5));
  });
  EXPECT_FALSE(store().GetTable("raw", "events").has_value());
  std::optional<Table> renamed = store().GetTable("raw", "clicks");
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->QualifiedName(), "raw.clicks");
  EXPECT_EQ(renamed->location, "raw/clicks");
  EXPECT_EQ(renamed->created, created.created);
  EXPECT_GE(renamed->updated, before.updated);
  EXPECT_EQ(renamed->version, 4);
  Table expected = RenamedTo(before, "raw", "clicks");
  expected.updated = renamed->updated;
  expected.version = 4;
  ExpectSameTable(expected, *renamed);

  // The history moved with it, and the rename is a version of its own.
  const std::vector<TableVersion> versions = store().ListVersions("raw", "clicks");
  ASSERT_EQ(versions.size(), 4u);
  EXPECT_EQ(versions[0].cause.detail, "CREATE EXTERNAL TABLE raw.events");
  EXPECT_EQ(versions[2].cause.detail, "ALTER 2");
  EXPECT_EQ(versions[3].version, 4);
  EXPECT_EQ(versions[3].cause.kind, "ddl");
  EXPECT_EQ(versions[3].cause.detail, "ALTER TABLE RENAME");
  EXPECT_EQ(versions[3].cause.run_id, 5);
  EXPECT_EQ(versions[3].time, renamed->updated);
  EXPECT_EQ(ColumnsText(versions[3].old_columns), ColumnsText(before.columns));
  EXPECT_EQ(ColumnsText(versions[3].new_columns), ColumnsText(before.columns));
  EXPECT_EQ(ColumnsText(versions[3].new_partition_keys), ColumnsText(before.partition_keys));
  EXPECT_EQ(CatalogErrorOf([&] { store().ListVersions("raw", "events"); }), "table raw.events does not exist");

  std::vector<std::string> names;
  for (const Table& table : store().ListTables("raw")) names.push_back(table.name);
  EXPECT_EQ(names, (std::vector<std::string>{"clicks"}));
  // The old name is free again.
  store().Write([](CatalogWriter& writer) {
    writer.CreateTable(MakeTable("raw", "events"), Cause("ddl", "CREATE EXTERNAL TABLE raw.events"), false);
  });
  EXPECT_EQ(store().ListVersions("raw", "events").size(), 1u);
  EXPECT_EQ(store().ListVersions("raw", "clicks").size(), 4u);
}

TEST_P(CatalogStoreConformance, RenameTableAcrossDatabases) {
  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) { writer.CreateDatabase(MakeDatabase("curated"), false); });
  const Table before = *store().GetTable("raw", "events");
  Table target = RenamedTo(before, "curated", "events");
  target.comment = "moved";
  store().Write([&](CatalogWriter& writer) {
    writer.RenameTable("raw", "events", target, Cause("ddl", "ALTER TABLE raw.events RENAME TO curated.events"));
  });
  EXPECT_FALSE(store().GetTable("raw", "events").has_value());
  EXPECT_TRUE(store().ListTables("raw").empty());
  ASSERT_EQ(store().ListTables("curated").size(), 1u);
  const Table renamed = *store().GetTable("curated", "events");
  EXPECT_EQ(renamed.location, "curated/events");
  EXPECT_EQ(renamed.comment, "moved");
  EXPECT_EQ(renamed.version, 2);
  ASSERT_EQ(store().ListVersions("curated", "events").size(), 2u);
  // The old database can go now: nothing of the table is left in it.
  store().Write([](CatalogWriter& writer) { EXPECT_TRUE(writer.DropDatabase("raw", false, false)); });
  EXPECT_TRUE(store().GetTable("curated", "events").has_value());
  EXPECT_EQ(store().ListVersions("curated", "events").size(), 2u);
}

TEST_P(CatalogStoreConformance, RenameTableMovesPartitionsAndRewritesTheirLocations) {
  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("curated"), false);
    writer.PutPartitions("raw", "events",
                         {MakePartition({"a"}, "raw/events/event_date=a"),
                          MakePartition({"b"}, "raw/events/event_date=b/deeper"),
                          MakePartition({"c"}, "/abs/elsewhere/c"),
                          MakePartition({"d"}, "raw/events_old/event_date=d"),
                          MakePartition({"e"}, "raw/events"),
                          MakePartition({"f"}, "raw/events/caf\xc3\xa9=\xe2\x82\xac")});
  });
  const std::vector<Partition> before = store().ListPartitions("raw", "events");
  ASSERT_EQ(before.size(), 6u);
  const Table table = *store().GetTable("raw", "events");
  store().Write([&](CatalogWriter& writer) {
    writer.RenameTable("raw", "events", RenamedTo(table, "curated", "clicks"), Cause("ddl", "RENAME"));
  });
  const std::vector<Partition> after = store().ListPartitions("curated", "clicks");
  ASSERT_EQ(after.size(), 6u);
  std::vector<std::string> locations;
  for (const Partition& partition : after) locations.push_back(partition.location);
  EXPECT_EQ(locations, (std::vector<std::string>{"curated/clicks/event_date=a", "curated/clicks/event_date=b/deeper",
                                                 "/abs/elsewhere/c", "raw/events_old/event_date=d", "raw/events",
                                                 "curated/clicks/caf\xc3\xa9=\xe2\x82\xac"}));
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].values, before[i].values);
    EXPECT_EQ(after[i].stats, before[i].stats);
    EXPECT_EQ(after[i].created, before[i].created);
  }
  EXPECT_TRUE(store().GetPartition("curated", "clicks", {"a"}).has_value());

  // A trailing slash on either location changes nothing; an absolute root works too.
  store().Write([&](CatalogWriter& writer) {
    Table moved = *writer.GetTable("curated", "clicks");
    moved.location = "curated/clicks/";
    writer.UpdateTable(moved, Cause("ddl", ""));
    moved.name = "final";
    moved.location = "/abs/final/";
    writer.RenameTable("curated", "clicks", moved, Cause("ddl", "RENAME"));
  });
  EXPECT_EQ(store().GetPartition("curated", "final", {"a"})->location, "/abs/final/event_date=a");
  EXPECT_EQ(store().GetPartition("curated", "final", {"c"})->location, "/abs/elsewhere/c");
  EXPECT_EQ(store().GetTable("curated", "final")->location, "/abs/final/");
}

TEST_P(CatalogStoreConformance, RenameTableErrors) {
  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) {
    writer.CreateTable(MakeTable("raw", "other"), Cause("ddl", ""), false);
    writer.PutPartitions("raw", "events", {MakePartition({"a"}, "raw/events/event_date=a")});
  });
  const Table events = *store().GetTable("raw", "events");
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([&](CatalogWriter& writer) {
                writer.RenameTable("raw", "nope", RenamedTo(events, "raw", "x"), Cause("ddl", ""));
              });
            }),
            "table raw.nope does not exist");
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([&](CatalogWriter& writer) {
                writer.RenameTable("raw", "events", RenamedTo(events, "raw", "other"), Cause("ddl", ""));
              });
            }),
            "cannot rename table raw.events to raw.other: table raw.other already exists");
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([&](CatalogWriter& writer) {
                writer.RenameTable("raw", "events", RenamedTo(events, "nope", "x"), Cause("ddl", ""));
              });
            }),
            "database nope does not exist");
  // Nothing changed; a caught error leaves the transaction usable.
  store().Write([&](CatalogWriter& writer) {
    EXPECT_THROW(writer.RenameTable("raw", "events", RenamedTo(events, "raw", "other"), Cause("ddl", "")),
                 CatalogError);
    writer.PutState("ns", "k", "v");
  });
  EXPECT_EQ(store().GetState("ns", "k"), "v");
  EXPECT_TRUE(store().GetTable("raw", "events") == events);
  EXPECT_EQ(store().ListPartitions("raw", "events")[0].location, "raw/events/event_date=a");
  EXPECT_EQ(store().ListVersions("raw", "other").size(), 1u);
  // Renaming onto its own name is allowed (a new location and version only).
  store().Write([&](CatalogWriter& writer) {
    writer.RenameTable("raw", "events", RenamedTo(events, "raw", "events"), Cause("ddl", ""));
  });
  EXPECT_EQ(store().GetTable("raw", "events")->version, 2);
  // A rolled-back rename leaves everything as it was.
  EXPECT_THROW(store().Write([&](CatalogWriter& writer) {
    writer.RenameTable("raw", "events", RenamedTo(events, "raw", "gone"), Cause("ddl", ""));
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  EXPECT_TRUE(store().GetTable("raw", "events").has_value());
  EXPECT_FALSE(store().GetTable("raw", "gone").has_value());
  EXPECT_EQ(store().ListPartitions("raw", "events")[0].location, "raw/events/event_date=a");
}

// ---- Partitions -----------------------------------------------------------------------

TEST_P(CatalogStoreConformance, PartitionsRoundTripInOrder) {
  CreateRawEvents(store());
  Partition deprecated = MakePartition({"2024-01-02"}, "raw/events/event_date=2024-01-02");
  deprecated.deprecated = true;
  deprecated.stats = {-1, -1, -1};
  Partition dated = MakePartition({"2023-12-31"}, "/abs/elsewhere/2023-12-31");
  dated.created = 1'700'000'000'000'000;
  dated.updated = 1'700'000'000'000'001;
  const Micros before = NowMicros();
  store().Write([&](CatalogWriter& writer) {
    writer.PutPartitions("raw", "events", {MakePartition({"2024-01-03"}, "raw/events/event_date=2024-01-03"), deprecated});
    writer.PutPartitions("raw", "events", {dated});
    writer.PutPartitions("raw", "events", {});
  });
  const std::vector<Partition> partitions = store().ListPartitions("raw", "events");
  EXPECT_EQ(PartitionValuesOf(partitions),
            (std::vector<std::string>{"(2023-12-31,)", "(2024-01-02,)", "(2024-01-03,)"}));
  ASSERT_EQ(partitions.size(), 3u);
  EXPECT_TRUE(partitions[0] == dated);
  EXPECT_EQ(partitions[1].location, deprecated.location);
  EXPECT_TRUE(partitions[1].deprecated);
  EXPECT_EQ(partitions[1].stats, (PartitionStats{-1, -1, -1}));
  EXPECT_GE(partitions[1].created, before);
  EXPECT_EQ(partitions[1].updated, partitions[1].created);
  EXPECT_FALSE(partitions[2].deprecated);
  EXPECT_EQ(partitions[2].stats, (PartitionStats{2, 2048, 100}));

  std::optional<Partition> found = store().GetPartition("raw", "events", {"2024-01-02"});
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(*found == partitions[1]);
  EXPECT_FALSE(store().GetPartition("raw", "events", {"2024-01-04"}).has_value());
}

TEST_P(CatalogStoreConformance, ReplacedPartitionKeepsCreatedTime) {
  CreateRawEvents(store());
  Partition original = MakePartition({"2024-01-01"}, "raw/events/event_date=2024-01-01");
  original.created = 1'000;
  original.updated = 2'000;
  store().Write([&](CatalogWriter& writer) { writer.PutPartitions("raw", "events", {original}); });
  Partition replacement = MakePartition({"2024-01-01"}, "raw/events/moved");
  replacement.stats = {5, 5000, 500};
  replacement.deprecated = true;
  const Micros before = NowMicros();
  store().Write([&](CatalogWriter& writer) { writer.PutPartitions("raw", "events", {replacement}); });
  const std::vector<Partition> partitions = store().ListPartitions("raw", "events");
  ASSERT_EQ(partitions.size(), 1u);
  EXPECT_EQ(partitions[0].created, 1'000);
  EXPECT_GE(partitions[0].updated, before);
  EXPECT_EQ(partitions[0].location, "raw/events/moved");
  EXPECT_EQ(partitions[0].stats, (PartitionStats{5, 5000, 500}));
  EXPECT_TRUE(partitions[0].deprecated);
  // An explicit updated time is kept; created still is not replaced.
  replacement.created = 99;
  replacement.updated = 3'000;
  store().Write([&](CatalogWriter& writer) { writer.PutPartitions("raw", "events", {replacement}); });
  EXPECT_EQ(store().GetPartition("raw", "events", {"2024-01-01"})->created, 1'000);
  EXPECT_EQ(store().GetPartition("raw", "events", {"2024-01-01"})->updated, 3'000);
}

TEST_P(CatalogStoreConformance, PartitionOrderIsKeyByKeyBytewise) {
  Table table = MakeTable("raw", "multi");
  table.partition_keys = {Col("a", "varchar"), Col("b", "varchar")};
  store().Write([&](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("raw"), false);
    writer.CreateTable(table, Cause("ddl", ""), false);
    std::vector<Partition> partitions;
    for (const Values& values : std::vector<Values>{{"b", "a"}, {"a-", "x"}, {"a", "z"}, {"a", "y"}, {"B", "z"},
                                                    {"10", "1"}, {"9", "1"}, {"", "empty"}, {"a", ""}}) {
      partitions.push_back(MakePartition(values, "raw/multi/" + values[0] + "/" + values[1]));
    }
    writer.PutPartitions("raw", "multi", partitions);
  });
  EXPECT_EQ(PartitionValuesOf(store().ListPartitions("raw", "multi")),
            (std::vector<std::string>{"(,empty,)", "(10,1,)", "(9,1,)", "(B,z,)", "(a,,)", "(a,y,)",
                                      "(a,z,)", "(a-,x,)", "(b,a,)"}));
}

TEST_P(CatalogStoreConformance, PartitionValuesAreKeptExactly) {
  CreateRawEvents(store());
  const std::vector<std::string> values = {"__HIVE_DEFAULT_PARTITION__", "with space", "a=b", "slash/inside",
                                           "ünïcode ✓", "quote'\"", "%2F", "", "trailing "};
  store().Write([&](CatalogWriter& writer) {
    for (const std::string& value : values) writer.PutPartitions("raw", "events", {MakePartition({value}, "loc")});
  });
  EXPECT_EQ(store().ListPartitions("raw", "events").size(), values.size());
  for (const std::string& value : values) {
    std::optional<Partition> partition = store().GetPartition("raw", "events", {value});
    ASSERT_TRUE(partition.has_value()) << value;
    EXPECT_EQ(partition->values, Values{value});
  }
}

TEST_P(CatalogStoreConformance, PartitionErrors) {
  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) {
    writer.CreateTable(MakeUnpartitionedTable("raw", "plain"), Cause("ddl", ""), false);
  });
  const Partition two_values = MakePartition({"2024-01-01", "x"}, "loc");
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([&](CatalogWriter& writer) { writer.PutPartitions("raw", "events", {two_values}); });
            }),
            "partition (2024-01-01, x) of table raw.events has 2 values; the table has 1 partition key");
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([&](CatalogWriter& writer) {
                writer.PutPartitions("raw", "plain", {MakePartition({"2024-01-01"}, "loc")});
              });
            }),
            "table raw.plain is not partitioned");
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([&](CatalogWriter& writer) {
                writer.PutPartitions("raw", "nope", {MakePartition({"2024-01-01"}, "loc")});
              });
            }),
            "table raw.nope does not exist");
  // A bad partition in a batch: nothing of the batch is stored.
  EXPECT_NE(CatalogErrorOf([&] {
              store().Write([&](CatalogWriter& writer) {
                writer.PutPartitions("raw", "events", {MakePartition({"2024-01-01"}, "loc"), two_values});
              });
            }),
            "no error");
  EXPECT_TRUE(store().ListPartitions("raw", "events").empty());

  EXPECT_EQ(CatalogErrorOf([&] { store().GetPartition("raw", "events", {"a", "b"}); }),
            "partition (a, b) of table raw.events has 2 values; the table has 1 partition key");
  EXPECT_EQ(CatalogErrorOf([&] { store().GetPartition("raw", "nope", {"a"}); }), "table raw.nope does not exist");
  EXPECT_EQ(CatalogErrorOf([&] { store().GetPartition("raw", "plain", {"a"}); }), "table raw.plain is not partitioned");
  EXPECT_EQ(CatalogErrorOf([&] { store().ListPartitions("raw", "nope"); }), "table raw.nope does not exist");
  EXPECT_TRUE(store().ListPartitions("raw", "plain").empty());
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) { writer.DropPartitions("raw", "nope", {{"a"}}); });
            }),
            "table raw.nope does not exist");
  EXPECT_EQ(CatalogErrorOf([&] {
              store().Write([](CatalogWriter& writer) { writer.DropPartitions("raw", "events", {{}}); });
            }),
            "partition () of table raw.events has 0 values; the table has 1 partition key");
}

TEST_P(CatalogStoreConformance, DropPartitionsCountsThoseThatExisted) {
  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) {
    std::vector<Partition> partitions;
    for (const char* day : {"d1", "d2", "d3", "d4"}) partitions.push_back(MakePartition({day}, day));
    writer.PutPartitions("raw", "events", partitions);
  });
  size_t dropped = 0;
  store().Write([&](CatalogWriter& writer) {
    dropped = writer.DropPartitions("raw", "events", {{"d2"}, {"missing"}, {"d4"}, {"d2"}});
  });
  EXPECT_EQ(dropped, 2u);
  EXPECT_EQ(PartitionValuesOf(store().ListPartitions("raw", "events")), (std::vector<std::string>{"(d1,)", "(d3,)"}));
  store().Write([&](CatalogWriter& writer) { dropped = writer.DropPartitions("raw", "events", {}); });
  EXPECT_EQ(dropped, 0u);
}

TEST_P(CatalogStoreConformance, ManyPartitionsInOneWrite) {
  Table table = MakeTable("raw", "big");
  table.partition_keys = {Col("day", "varchar"), Col("hour", "varchar")};
  std::vector<Partition> partitions;
  for (int day = 0; day < 50; ++day) {
    for (int hour = 0; hour < 24; ++hour) {
      char day_text[16];
      char hour_text[8];
      std::snprintf(day_text, sizeof(day_text), "2024-%03d", day);
      std::snprintf(hour_text, sizeof(hour_text), "%02d", hour);
      partitions.push_back(MakePartition({day_text, hour_text}, std::string("raw/big/") + day_text + "/" + hour_text));
    }
  }
  std::vector<Partition> shuffled = partitions;
  std::reverse(shuffled.begin(), shuffled.end());
  store().Write([&](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("raw"), false);
    writer.CreateTable(table, Cause("crawler", "big"), false);
    writer.PutPartitions("raw", "big", shuffled);
  });
  const std::vector<Partition> listed = store().ListPartitions("raw", "big");
  ASSERT_EQ(listed.size(), partitions.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    ASSERT_EQ(listed[i].values, partitions[i].values) << i;
    ASSERT_EQ(listed[i].location, partitions[i].location) << i;
  }
}

// ---- Runs -----------------------------------------------------------------------------

TEST_P(CatalogStoreConformance, Runs) {
  const Micros before = NowMicros();
  catalog::Run crawl;
  crawl.kind = "crawl";
  crawl.name = "drop_events";
  int64_t first = 0, second = 0, third = 0;
  store().Write([&](CatalogWriter& writer) {
    first = writer.StartRun(crawl);
    catalog::Run other = crawl;
    other.name = "other";
    other.started = 1'234;
    second = writer.StartRun(other);
    catalog::Run job = crawl;
    job.kind = "job";
    third = writer.StartRun(job);
  });
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  EXPECT_GT(third, second);

  std::optional<catalog::Run> started = store().GetRun(first);
  ASSERT_TRUE(started.has_value());
  EXPECT_EQ(started->id, first);
  EXPECT_EQ(started->kind, "crawl");
  EXPECT_EQ(started->name, "drop_events");
  EXPECT_EQ(started->status, "running");
  EXPECT_GE(started->started, before);
  EXPECT_EQ(started->finished, 0);
  EXPECT_EQ(store().GetRun(second)->started, 1'234);

  catalog::Run finished = *started;
  finished.status = "succeeded";
  finished.summary = "3 tables created, 120 partitions added";
  finished.details_json = R"({"tables_created":["raw.events"],"warnings":["bad file \u00e9"]})";
  store().Write([&](CatalogWriter& writer) { writer.FinishRun(finished); });
  std::optional<catalog::Run> done = store().GetRun(first);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->status, "succeeded");
  EXPECT_EQ(done->summary, finished.summary);
  EXPECT_EQ(done->details_json, finished.details_json);
  EXPECT_GE(done->finished, done->started);
  EXPECT_EQ(done->started, started->started);
  finished.finished = 9'999;
  store().Write([&](CatalogWriter& writer) { writer.FinishRun(finished); });
  EXPECT_EQ(store().GetRun(first)->finished, 9'999);

  auto ids = [](const std::vector<catalog::Run>& runs) {
    std::vector<int64_t> result;
    for (const catalog::Run& run : runs) result.push_back(run.id);
    return result;
  };
  EXPECT_EQ(ids(store().ListRuns("", "", 10)), (std::vector<int64_t>{third, second, first}));
  EXPECT_EQ(ids(store().ListRuns("", "", 2)), (std::vector<int64_t>{third, second}));
  EXPECT_EQ(ids(store().ListRuns("crawl", "", 10)), (std::vector<int64_t>{second, first}));
  EXPECT_EQ(ids(store().ListRuns("", "drop_events", 10)), (std::vector<int64_t>{third, first}));
  EXPECT_EQ(ids(store().ListRuns("crawl", "drop_events", 10)), (std::vector<int64_t>{first}));
  EXPECT_TRUE(store().ListRuns("nope", "", 10).empty());
  EXPECT_FALSE(store().GetRun(third + 100).has_value());

  catalog::Run unknown = finished;
  unknown.id = 424242;
  EXPECT_EQ(CatalogErrorOf([&] { store().Write([&](CatalogWriter& writer) { writer.FinishRun(unknown); }); }),
            "run 424242 does not exist");
}

// ---- State ----------------------------------------------------------------------------

TEST_P(CatalogStoreConformance, State) {
  const std::string big(100'000, 'x');
  store().Write([&](CatalogWriter& writer) {
    writer.PutState("crawler/events", "drop/events/b", "{\"files\":2}");
    writer.PutState("crawler/events", "drop/events/a", "ünïcode ✓");
    writer.PutState("crawler/events", "drop/events/big", big);
    writer.PutState("crawler/other", "drop/events/a", "other");
    writer.PutState("crawler/events", "drop/events/empty", "");
  });
  EXPECT_EQ(store().GetState("crawler/events", "drop/events/a"), "ünïcode ✓");
  EXPECT_EQ(store().GetState("crawler/events", "drop/events/big"), big);
  EXPECT_EQ(store().GetState("crawler/events", "drop/events/empty"), "");
  EXPECT_FALSE(store().GetState("crawler/events", "missing").has_value());
  EXPECT_FALSE(store().GetState("crawler/none", "drop/events/a").has_value());

  std::vector<std::string> keys;
  for (const auto& [key, value] : store().ListState("crawler/events")) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"drop/events/a", "drop/events/b", "drop/events/big", "drop/events/empty"}));

  store().Write([](CatalogWriter& writer) {
    writer.PutState("crawler/events", "drop/events/a", "replaced");
    writer.DeleteState("crawler/events", "drop/events/b");
    writer.DeleteState("crawler/events", "never-there");
  });
  EXPECT_EQ(store().GetState("crawler/events", "drop/events/a"), "replaced");
  EXPECT_FALSE(store().GetState("crawler/events", "drop/events/b").has_value());
  EXPECT_EQ(store().ListState("crawler/events").size(), 3u);

  store().Write([](CatalogWriter& writer) { writer.ClearState("crawler/events"); });
  EXPECT_TRUE(store().ListState("crawler/events").empty());
  ASSERT_EQ(store().ListState("crawler/other").size(), 1u);
  EXPECT_EQ(store().ListState("crawler/other")[0], (std::pair<std::string, std::string>{"drop/events/a", "other"}));
}

// ---- Transactions ---------------------------------------------------------------------

TEST_P(CatalogStoreConformance, ExceptionRollsBackTheWholeWrite) {
  CreateRawEvents(store());
  struct Abort : std::runtime_error {
    Abort() : std::runtime_error("abort") {}
  };
  EXPECT_THROW(store().Write([](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("curated"), false);
    writer.CreateTable(MakeTable("curated", "t"), Cause("ddl", ""), false);
    writer.PutPartitions("raw", "events", {MakePartition({"d1"}, "d1")});
    writer.UpdateTable(MakeUnpartitionedTable("raw", "events"), Cause("ddl", ""));
    writer.PutState("ns", "k", "v");
    writer.StartRun(NewRun("crawl", "x"));
    writer.DropTable("raw", "events", false);
    throw Abort();
  }),
               Abort);
  EXPECT_FALSE(store().GetDatabase("curated").has_value());
  ASSERT_TRUE(store().GetTable("raw", "events").has_value());
  EXPECT_EQ(store().GetTable("raw", "events")->version, 1);
  EXPECT_TRUE(store().GetTable("raw", "events")->is_partitioned());
  EXPECT_EQ(store().ListVersions("raw", "events").size(), 1u);
  EXPECT_TRUE(store().ListPartitions("raw", "events").empty());
  EXPECT_FALSE(store().GetState("ns", "k").has_value());
  EXPECT_TRUE(store().ListRuns("", "", 10).empty());
}

TEST_P(CatalogStoreConformance, ReadsInsideAWriteSeeItsOwnChanges) {
  store().Write([](CatalogWriter& writer) {
    writer.CreateDatabase(MakeDatabase("raw"), false);
    EXPECT_TRUE(writer.GetDatabase("raw").has_value());
    EXPECT_TRUE(writer.ListTables("raw").empty());
    writer.CreateTable(MakeTable("raw", "events"), Cause("ddl", ""), false);
    EXPECT_EQ(writer.ListTables("raw").size(), 1u);
    EXPECT_EQ(writer.GetTable("raw", "events")->version, 1);
    writer.PutPartitions("raw", "events", {MakePartition({"d1"}, "d1")});
    EXPECT_EQ(writer.ListPartitions("raw", "events").size(), 1u);
    EXPECT_TRUE(writer.GetPartition("raw", "events", {"d1"}).has_value());
    Table wider = MakeTable("raw", "events");
    wider.columns.push_back(Col("x", "integer"));
    EXPECT_EQ(writer.UpdateTable(wider, Cause("ddl", "")), 2);
    EXPECT_EQ(writer.ListVersions("raw", "events").size(), 2u);
    const int64_t run = writer.StartRun(NewRun("crawl", "c"));
    EXPECT_EQ(writer.GetRun(run)->name, "c");
    EXPECT_EQ(writer.ListRuns("crawl", "", 5).size(), 1u);
    writer.PutState("ns", "k", "v1");
    writer.PutState("ns", "k", "v2");
    EXPECT_EQ(writer.GetState("ns", "k"), "v2");
    EXPECT_EQ(writer.ListState("ns").size(), 1u);
    EXPECT_EQ(writer.ListDatabases().size(), 1u);
  });
  EXPECT_EQ(store().GetTable("raw", "events")->version, 2);
  EXPECT_EQ(store().GetState("ns", "k"), "v2");
}

TEST_P(CatalogStoreConformance, CaughtCatalogErrorLeavesTheTransactionUsable) {
  CreateRawEvents(store());
  store().Write([](CatalogWriter& writer) {
    EXPECT_THROW(writer.CreateTable(MakeTable("raw", "events"), Cause("ddl", ""), false), CatalogError);
    EXPECT_THROW(writer.CreateDatabase(MakeDatabase("raw"), false), CatalogError);
    EXPECT_THROW(writer.PutPartitions("raw", "events", {MakePartition({"a", "b"}, "x")}), CatalogError);
    EXPECT_THROW(writer.DropTable("raw", "nope", false), CatalogError);
    writer.PutPartitions("raw", "events", {MakePartition({"d1"}, "d1")});
    writer.PutState("ns", "k", "v");
  });
  EXPECT_EQ(store().ListPartitions("raw", "events").size(), 1u);
  EXPECT_EQ(store().GetState("ns", "k"), "v");
}

TEST_P(CatalogStoreConformance, ReadModifyWriteInOneTransaction) {
  for (int i = 0; i < 20; ++i) {
    store().Write([](CatalogWriter& writer) {
      std::optional<std::string> value = writer.GetState("counters", "n");
      const int n = value ? std::stoi(*value) : 0;
      writer.PutState("counters", "n", std::to_string(n + 1));
    });
  }
  EXPECT_EQ(store().GetState("counters", "n"), "20");
}

}  // namespace
}  // namespace sluice::catalog::testing
