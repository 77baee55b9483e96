// sluice.yaml: every key parses, every mistake is an InvalidArgumentError naming the
// file, the line and the key, and the text `sluice init` writes reads back unchanged.

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "core/error.h"
#include "lake/lake.h"

namespace sluice::lake {
namespace {

/// The error ParseLakeConfig gives for `yaml` ("" when it parses).
std::string ErrorOf(const std::string& yaml, std::string_view root = {}) {
  try {
    ParseLakeConfig(yaml, "lake/sluice.yaml", root);
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "";
}

/// Expects `yaml` to fail with a message holding every one of `parts`.
void ExpectError(const std::string& yaml, std::initializer_list<std::string> parts, std::string_view root = {}) {
  std::string message = ErrorOf(yaml, root);
  ASSERT_FALSE(message.empty()) << "expected an error for:\n" << yaml;
  for (const std::string& part : parts) EXPECT_NE(message.find(part), std::string::npos) << message;
}

TEST(LakeConfigTest, EveryKey) {
  LakeConfig config = ParseLakeConfig(R"(
name: demo
catalog: postgresql://sluice@db.example:5432/lake
catalog_schema: team_catalog
zones: [landing, raw, curated, archive]
external_locations: [/mnt/shared/exports/, /data]
crawlers:
  - name: drop_events
    path: landing/events
    database: raw
    table_prefix: ev_
    exclude: ["**/_tmp/**", "*.log"]
    schema_change: add_new_columns
    deletion: deprecate
    table_per_folder: true
    csv: { preset: redshift-unload, delimiter: "|", header: false, null: '\N' }
    partition_discovery: yes
  - name: exports
    path: /mnt/shared/exports/daily
    database: curated
    table_level: 2
    schema_change: log
    deletion: ignore
)",
                                      "sluice.yaml");
  EXPECT_EQ(config.name, "demo");
  EXPECT_EQ(config.catalog, "postgresql://sluice@db.example:5432/lake");
  EXPECT_EQ(config.catalog_schema, "team_catalog");
  EXPECT_EQ(config.zones, (std::vector<std::string>{"landing", "raw", "curated", "archive"}));
  EXPECT_EQ(config.external_locations, (std::vector<std::string>{"/mnt/shared/exports", "/data"}));
  ASSERT_EQ(config.crawlers.size(), 2u);
  const CrawlerConfig& events = config.crawlers[0];
  EXPECT_EQ(events.name, "drop_events");
  EXPECT_EQ(events.path, "landing/events");
  EXPECT_EQ(events.database, "raw");
  EXPECT_EQ(events.table_prefix, "ev_");
  EXPECT_EQ(events.exclude, (std::vector<std::string>{"**/_tmp/**", "*.log"}));
  EXPECT_EQ(events.schema_change, SchemaChangePolicy::kAddNewColumns);
  EXPECT_EQ(events.deletion, DeletionPolicy::kDeprecate);
  EXPECT_TRUE(events.table_per_folder);
  EXPECT_EQ(events.table_level, 0);
  EXPECT_EQ(events.csv, (std::map<std::string, std::string>{
                            {"preset", "redshift-unload"}, {"delimiter", "|"}, {"header", "false"}, {"null", "\\N"}}));
  EXPECT_TRUE(events.partition_discovery);
  const CrawlerConfig& exports = config.crawlers[1];
  EXPECT_EQ(exports.path, "/mnt/shared/exports/daily");
  EXPECT_EQ(exports.table_level, 2);
  EXPECT_EQ(exports.schema_change, SchemaChangePolicy::kLog);
  EXPECT_EQ(exports.deletion, DeletionPolicy::kIgnore);
  EXPECT_FALSE(exports.table_per_folder);
  EXPECT_FALSE(exports.partition_discovery);
}

TEST(LakeConfigTest, DefaultsForWhatIsNotGiven) {
  LakeConfig empty = ParseLakeConfig("", "sluice.yaml");
  EXPECT_EQ(empty, LakeConfig{});
  EXPECT_EQ(empty.catalog, "sqlite");
  EXPECT_EQ(empty.catalog_schema, "sluice");
  EXPECT_EQ(empty.zones, (std::vector<std::string>{"drop", "raw", "curated"}));
  EXPECT_EQ(ParseLakeConfig("# only a comment\n", "sluice.yaml"), LakeConfig{});

  LakeConfig config = ParseLakeConfig("crawlers:\n  - {name: c, path: drop, database: raw}\n", "sluice.yaml");
  ASSERT_EQ(config.crawlers.size(), 1u);
  CrawlerConfig expected;
  expected.name = "c";
  expected.path = "drop";
  expected.database = "raw";
  EXPECT_EQ(config.crawlers[0], expected);
  EXPECT_EQ(config.crawlers[0].schema_change, SchemaChangePolicy::kUpdate);
  EXPECT_EQ(config.crawlers[0].deletion, DeletionPolicy::kDelete);

  // Empty values of lists are empty lists; zones may be empty.
  config = ParseLakeConfig("zones: []\nexternal_locations:\ncrawlers:\n", "sluice.yaml");
  EXPECT_TRUE(config.zones.empty());
  EXPECT_TRUE(config.external_locations.empty());
  EXPECT_TRUE(config.crawlers.empty());
}

TEST(LakeConfigTest, UnknownKeysNameFileLineAndSuggest) {
  ExpectError("name: x\nzone: [a]\n", {"lake/sluice.yaml:2:", "unknown key 'zone'", "did you mean 'zones'?"});
  ExpectError("name: x\nfoo: 1\n", {"lake/sluice.yaml:2:", "unknown key 'foo'", "expected one of name, catalog"});
  ExpectError(R"(crawlers:
  - name: a
    path: drop
    database: raw
    schema_changes: log
)",
              {"lake/sluice.yaml:5:", "unknown key 'crawlers[0].schema_changes'", "did you mean 'schema_change'?"});
}

TEST(LakeConfigTest, WrongTypes) {
  ExpectError("zones: drop\n", {"sluice.yaml:1:", "zones: expected a list", "'drop'"});
  ExpectError("name: [a, b]\n", {"sluice.yaml:1:", "name: expected a single value, got a list"});
  ExpectError("zones: [drop, [raw]]\n", {"sluice.yaml:1:", "zones[1]: expected a single value"});
  ExpectError("crawlers: {name: a}\n", {"sluice.yaml:1:", "crawlers: expected a list of crawlers"});
  ExpectError("crawlers: [a]\n", {"sluice.yaml:1:", "crawlers[0]: expected a mapping"});
  ExpectError("external_locations: /data\n", {"sluice.yaml:1:", "external_locations: expected a list"});
  const std::string crawler = "crawlers:\n  - name: a\n    path: drop\n    database: raw\n";
  ExpectError(crawler + "    table_per_folder: maybe\n",
              {"sluice.yaml:5:", "crawlers[0].table_per_folder: expected true or false, got 'maybe'"});
  ExpectError(crawler + "    partition_discovery: [x]\n",
              {"sluice.yaml:5:", "crawlers[0].partition_discovery: expected true or false, got a list"});
  ExpectError(crawler + "    table_level: two\n", {"sluice.yaml:5:", "crawlers[0].table_level: expected a whole number"});
  ExpectError(crawler + "    table_level: -1\n", {"sluice.yaml:5:", "table_level", "'-1'"});
  ExpectError(crawler + "    exclude: {a: b}\n", {"sluice.yaml:5:", "crawlers[0].exclude: expected a list"});
  ExpectError(crawler + "    csv: [a]\n", {"sluice.yaml:5:", "crawlers[0].csv: expected a mapping"});
  ExpectError(crawler + "    table_per_folder:\n    deletion: ignore\n",
              {"sluice.yaml:5:", "crawlers[0].table_per_folder: expected true or false, got nothing"});
  ExpectError(crawler + "    name: b\n", {"sluice.yaml:5:", "crawlers[0].name: given twice (first on line 2)"});
  ExpectError("name: a\nname: b\n", {"sluice.yaml:2:", "name: given twice (first on line 1)"});
}

TEST(LakeConfigTest, BadEnumValuesListTheChoices) {
  const std::string crawler = "crawlers:\n  - name: a\n    path: drop\n    database: raw\n";
  ExpectError(crawler + "    schema_change: updat\n",
              {"sluice.yaml:5:", "crawlers[0].schema_change", "'updat'", "update, add_new_columns or log"});
  ExpectError(crawler + "    deletion: remove\n",
              {"sluice.yaml:5:", "crawlers[0].deletion", "'remove'", "delete, deprecate or ignore"});
  ExpectError(crawler + "    deletion:\n", {"sluice.yaml:5:", "crawlers[0].deletion: needs a value"});
}

TEST(LakeConfigTest, CrawlersNeedNameUniquePathAndDatabase) {
  ExpectError(R"(crawlers:
  - name: events
    path: drop/events
    database: raw
  - name: other
    path: drop/other
    database: raw
  - name: events
    path: drop/more
    database: raw
)",
              {"sluice.yaml:8:", "crawlers[2].name", "a crawler named 'events' is already defined on line 2"});
  ExpectError("crawlers:\n  - name: a\n    path: drop\n", {"sluice.yaml:2:", "crawlers[0]: missing key 'database'"});
  ExpectError("crawlers:\n  - path: drop\n    database: raw\n", {"sluice.yaml:2:", "missing key 'name'"});
  ExpectError("crawlers:\n  - name: a\n    database: raw\n", {"missing key 'path'"});
  ExpectError("crawlers:\n  - name: a\n    path:\n    database: raw\n", {"sluice.yaml:3:", "crawlers[0].path: needs a value"});
  ExpectError("crawlers:\n  - name: a b\n    path: x\n    database: raw\n", {"sluice.yaml:2:", "not a crawler name"});
  ExpectError("crawlers:\n  - name: a\n    path: x\n    database: Raw\n", {"sluice.yaml:4:", "'Raw' is not a database name"});
  ExpectError("crawlers:\n  - {name: a, path: x, database: raw, table_per_folder: true, table_level: 2}\n",
              {"sluice.yaml:2:", "table_per_folder and table_level both given"});
}

TEST(LakeConfigTest, CrawlerPathsStayInsideTheLake) {
  const std::string head = "crawlers:\n  - name: a\n    database: raw\n    path: ";
  ExpectError(head + "../elsewhere\n", {"sluice.yaml:4:", "crawlers[0].path", "'../elsewhere' is outside the lake"});
  ExpectError(head + "drop/../../x\n", {"sluice.yaml:4:", "outside the lake"});
  ExpectError(head + "..\n", {"outside the lake"});
  ExpectError(head + ".sluice/staging\n", {"sluice.yaml:4:", "Sluice's private folder"});
  EXPECT_EQ(ErrorOf(head + "drop/../raw/x\n"), "");
  EXPECT_EQ(ErrorOf(head + ".\n"), "");
  // Absolute paths: inside the root, or under an external location.
  ExpectError(head + "/data/x\n", {"sluice.yaml:4:", "'/data/x' is outside the lake", "external_locations"}, "/lake");
  ExpectError(head + "/lakehouse/x\n", {"outside the lake"}, "/lake");
  EXPECT_EQ(ErrorOf(head + "/lake/drop\n", "/lake"), "");
  EXPECT_EQ(ErrorOf("external_locations: [/data]\n" + head + "/data/x\n", "/lake"), "");
  // The order of keys does not matter.
  EXPECT_EQ(ErrorOf(head + "/data/x\nexternal_locations: [/data]\n", "/lake"), "");
}

TEST(LakeConfigTest, ZonesAndLocations) {
  ExpectError("zones: [drop, Raw]\n", {"sluice.yaml:1:", "zones[1]", "'Raw' is not a zone name"});
  ExpectError("zones: [drop, raw-data]\n", {"'raw-data' is not a zone name"});
  ExpectError("zones:\n  - drop\n  - raw\n  - drop\n", {"sluice.yaml:4:", "zones[2]", "zone 'drop' is listed twice"});
  ExpectError("zones: [drop, \"1st\"]\n", {"'1st' is not a zone name"});
  ExpectError("external_locations:\n  - data/x\n", {"sluice.yaml:2:", "external_locations[0]", "must be an absolute path"});
}

TEST(LakeConfigTest, CatalogValues) {
  EXPECT_EQ(ErrorOf("catalog: sqlite\n"), "");
  EXPECT_EQ(ErrorOf("catalog: postgres://u@localhost/db\n"), "");
  EXPECT_EQ(ErrorOf("catalog: postgresql://u@[::1]:5432/db?sslmode=disable\n"), "");
  EXPECT_EQ(ErrorOf("catalog: \"host=localhost port=5433 dbname=lake user=u\"\n"), "");
  ExpectError("catalog: mysql://x\n", {"sluice.yaml:1:", "catalog", "'mysql://x' is not a catalog"});
  ExpectError("catalog:\n", {"sluice.yaml:1:", "catalog: needs a value"});
  ExpectError("name: x\ncatalog: postgresql://u:secret@host/db\n",
              {"sluice.yaml:2:", "catalog: holds a password", "SLUICE_CATALOG_PASSWORD"});
  ExpectError("catalog: postgresql://u@host/db?password=secret\n", {"holds a password"});
  ExpectError("catalog: \"host=h password=secret\"\n", {"holds a password"});
  ExpectError("catalog_schema: Team-Catalog\n", {"sluice.yaml:1:", "catalog_schema", "not a schema name"});
}

TEST(LakeConfigTest, CsvOptionsAreChecked) {
  const std::string head = "crawlers:\n  - name: a\n    path: drop\n    database: raw\n    csv:\n";
  EXPECT_EQ(ErrorOf(head + "      preset: redshift-unload\n      delimiter: tab\n"), "");
  ExpectError(head + "      delimiter: ab\n", {"sluice.yaml:6:", "crawlers[0].csv", "delimiter", "'ab'"});
  ExpectError(head + "      header: perhaps\n", {"sluice.yaml:6:", "header", "'perhaps'"});
  ExpectError(head + "      delimter: \",\"\n", {"sluice.yaml:6:", "delimter"});
  ExpectError(head + "      header: true\n      header: false\n", {"sluice.yaml:7:", "given twice"});
}

TEST(LakeConfigTest, BadYamlNamesTheLine) {
  ExpectError("name: demo\nzones: [drop, raw\ncrawlers: []\n", {"lake/sluice.yaml:", "not valid YAML"});
  ExpectError("- a\n- b\n", {"lake/sluice.yaml:1:", "expected a mapping of keys"});
  ExpectError("name: x\n\tzones: []\n", {"lake/sluice.yaml:2", "not valid YAML"});
}

TEST(LakeConfigTest, PolicyNames) {
  for (auto policy : {SchemaChangePolicy::kUpdate, SchemaChangePolicy::kAddNewColumns, SchemaChangePolicy::kLog}) {
    EXPECT_EQ(ParseSchemaChangePolicy(SchemaChangePolicyName(policy)), policy);
  }
  for (auto policy : {DeletionPolicy::kDelete, DeletionPolicy::kDeprecate, DeletionPolicy::kIgnore}) {
    EXPECT_EQ(ParseDeletionPolicy(DeletionPolicyName(policy)), policy);
  }
  EXPECT_THROW(ParseSchemaChangePolicy("Update"), InvalidArgumentError);
  EXPECT_THROW(ParseDeletionPolicy(""), InvalidArgumentError);
}

TEST(LakeConfigTest, FormatReadsBack) {
  LakeConfig config;
  EXPECT_EQ(ParseLakeConfig(FormatLakeConfig(config), "sluice.yaml"), config);

  config.name = "my lake: \"quoted\" # not a comment";
  config.catalog = "postgresql://team@db:5432/lake";
  config.catalog_schema = "lake_catalog";
  config.zones = {"landing", "yes", "z2"};
  config.external_locations = {"/mnt/exports", "/data/with space"};
  CrawlerConfig a;
  a.name = "true";
  a.path = "landing/events";
  a.database = "raw";
  a.table_prefix = "ev_";
  a.exclude = {"**/_tmp/**", "*.log", "a,b"};
  a.schema_change = SchemaChangePolicy::kLog;
  a.deletion = DeletionPolicy::kDeprecate;
  a.table_level = 3;
  a.csv = {{"preset", "redshift-unload"}, {"null", "\\N"}, {"delimiter", "|"}, {"quote", "none"}};
  a.partition_discovery = true;
  CrawlerConfig b;
  b.name = "b";
  b.path = "/mnt/exports/daily";
  b.database = "curated";
  b.table_per_folder = true;
  config.crawlers = {a, b};
  std::string text = FormatLakeConfig(config);
  EXPECT_EQ(ParseLakeConfig(text, "sluice.yaml", "/lake"), config) << text;
  EXPECT_NE(text.find("# update | add_new_columns | log"), std::string::npos) << text;
  EXPECT_NE(text.find("catalog_schema: lake_catalog"), std::string::npos) << text;
}

TEST(LakeConfigTest, Connections) {
  LakeConfig config = ParseLakeConfig(R"(
connections:
  warehouse:
    url: postgresql://etl@db.internal:5432/analytics
    password_env: WAREHOUSE_PASSWORD
  reporting:
    url: "host=reports port=5433 dbname=r user=etl"
    password_file: /etc/sluice/../sluice/reporting.password
  local:
    url: postgres://me@localhost/dev
secrets_file: /etc/sluice/secrets
)",
                                      "sluice.yaml", "/lake");
  ASSERT_EQ(config.connections.size(), 3u);
  EXPECT_EQ(config.connections[0],
            (ConnectionConfig{"warehouse", "postgresql://etl@db.internal:5432/analytics", "WAREHOUSE_PASSWORD", ""}));
  EXPECT_EQ(config.connections[1], (ConnectionConfig{"reporting", "host=reports port=5433 dbname=r user=etl", "",
                                                     "/etc/sluice/reporting.password"}));
  EXPECT_EQ(config.connections[2], (ConnectionConfig{"local", "postgres://me@localhost/dev", "", ""}));
  EXPECT_EQ(config.secrets_file, "/etc/sluice/secrets");

  Lake lake("/lake", config);
  ASSERT_NE(lake.FindConnection("reporting"), nullptr);
  EXPECT_EQ(lake.FindConnection("reporting")->url, "host=reports port=5433 dbname=r user=etl");
  EXPECT_EQ(lake.FindConnection("Reporting"), nullptr);
  EXPECT_EQ(lake.FindConnection("missing"), nullptr);

  EXPECT_TRUE(ParseLakeConfig("connections:\nsecrets_file:\n", "sluice.yaml").connections.empty());
}

TEST(LakeConfigTest, ConnectionMistakes) {
  ExpectError("connections:\n  w:\n    password_env: P\n", {"sluice.yaml:2:", "connections.w: missing key 'url'"});
  ExpectError("connections:\n  w:\n", {"sluice.yaml:2:", "connections.w: missing key 'url'"});
  ExpectError("connections:\n  w:\n    url:\n", {"sluice.yaml:3:", "connections.w.url: needs a value"});
  ExpectError("connections:\n  w:\n    url: mysql://x\n",
              {"sluice.yaml:3:", "connections.w.url", "'mysql://x' is not a PostgreSQL URL"});
  ExpectError("connections:\n  w:\n    url: postgresql://h/db\n    pasword_env: P\n",
              {"sluice.yaml:4:", "unknown key 'connections.w.pasword_env'", "did you mean 'password_env'?"});
  ExpectError("connections:\n  w:\n    url: postgresql://h/db\n    password_env: 1PASS\n",
              {"sluice.yaml:4:", "connections.w.password_env", "not an environment variable name"});
  ExpectError("connections:\n  w:\n    url: postgresql://h/db\n    password_file: secrets/w\n",
              {"sluice.yaml:4:", "connections.w.password_file", "must be an absolute path"});
  ExpectError("connections:\n  w:\n    url: postgresql://h/db\n    password_file: /lake/secrets/w\n",
              {"sluice.yaml:4:", "connections.w.password_file", "inside the lake"}, "/lake");
  ExpectError("connections:\n  w: {url: postgresql://h/db, password_env: P, password_file: /p}\n",
              {"sluice.yaml:2:", "password_env and password_file both given"});
  ExpectError("connections: [a]\n", {"sluice.yaml:1:", "connections: expected a mapping of connection names"});
  ExpectError("connections:\n  w x:\n    url: postgresql://h/db\n", {"sluice.yaml:2:", "'w x' is not a connection name"});
  ExpectError("connections:\n  a:\n    url: postgresql://h/a\n  b:\n    url: postgresql://h/b\n  a:\n    url: postgresql://h/c\n",
              {"sluice.yaml:6:", "connections.a", "a connection named 'a' is already defined on line 2"});
  ExpectError("secrets_file: secrets.env\n", {"sluice.yaml:1:", "secrets_file", "must be an absolute path"});
  ExpectError("secrets_file: /lake/.sluice/secrets\n", {"sluice.yaml:1:", "secrets_file", "inside the lake"}, "/lake");
  EXPECT_EQ(ErrorOf("secrets_file: /lakehouse/secrets\n", "/lake"), "");
}

TEST(LakeConfigTest, ConnectionUrlsNeverHoldPasswords) {
  for (const std::string url : {"postgresql://etl:hunter2@db/analytics", "postgresql://db/analytics?password=hunter2",
                                "\"host=db password=hunter2\"", "postgres://etl:hunter2@db:5432/a"}) {
    std::string message = ErrorOf("connections:\n  w:\n    url: " + url + "\n");
    EXPECT_NE(message.find("sluice.yaml:3: connections.w.url: holds a password"), std::string::npos) << message;
    EXPECT_NE(message.find("password_env"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << "the password is repeated: " << message;
  }
  EXPECT_EQ(ErrorOf("connections:\n  w:\n    url: postgresql://etl@db:5432/a?sslmode=require\n"), "");
}

TEST(LakeConfigTest, ConnectionsFormatReadsBack) {
  LakeConfig config;
  ConnectionConfig warehouse{"warehouse", "postgresql://etl@db.internal:5432/analytics", "WAREHOUSE_PASSWORD", ""};
  ConnectionConfig reports{"reports-2", "host=reports port=5433 dbname=r user=etl", "", "/etc/sluice/reports pw"};
  ConnectionConfig plain{"yes", "postgresql://localhost/dev", "", ""};
  config.connections = {warehouse, reports, plain};
  config.secrets_file = "/etc/sluice/secrets";
  std::string text = FormatLakeConfig(config);
  EXPECT_EQ(ParseLakeConfig(text, "sluice.yaml", "/lake"), config) << text;
  EXPECT_NE(text.find("password_env: WAREHOUSE_PASSWORD"), std::string::npos) << text;

  LakeConfig empty;
  text = FormatLakeConfig(empty);
  EXPECT_EQ(ParseLakeConfig(text, "sluice.yaml"), empty) << text;
  EXPECT_NE(text.find("# secrets_file:"), std::string::npos) << text;
}

}  // namespace
}  // namespace sluice::lake
