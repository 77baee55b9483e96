// Catalog DDL (see catalog_statements.h): databases, external and managed tables,
// partitions, columns, properties, locations and MSCK REPAIR TABLE.

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "core/ascii.h"
#include "core/error.h"
#include "engine/catalog_files.h"
#include "engine/catalog_format.h"
#include "engine/catalog_resolver.h"
#include "engine/catalog_serde.h"
#include "engine/catalog_statements.h"
#include "engine/catalog_table_source.h"
#include "engine/copy_options.h"
#include "engine/table_commit.h"
#include "formats/hive_partitioning.h"
#include "sql/binder/bind_scope.h"
#include "sql/parser/ddl_statement.h"
#include "sql/parser/sql_error.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;

std::string Owner() {
  const char* user = std::getenv("USER");
  return user != nullptr ? user : "";
}

/// The catalog form of a LOCATION written in a statement: resolved in the lake (an
/// error outside it), then relative to the root when inside it.
std::string CatalogLocation(std::string_view sql, const sql::StringValue& location, const CatalogContext& catalog) {
  if (location.value.empty()) sql::ThrowBinderError(sql, location.position, "LOCATION must name a folder");
  try {
    return ToCatalogPath(catalog, ResolveCatalogPath(catalog, location.value));
  } catch (const InvalidArgumentError& error) {
    sql::ThrowBinderError(sql, location.position, error.what());
  }
}

/// A column definition as a catalog column: the type read as DataType (nested types
/// are NotImplementedError at the type).
catalog::Column ColumnOf(std::string_view sql, const sql::ColumnDefinition& definition) {
  catalog::Column column;
  column.name = AsciiLower(definition.name.name);
  try {
    column.type = DataType::Parse(definition.type.ToString());
  } catch (const NotImplementedError& error) {
    sql::ThrowNotImplemented(sql, definition.type.position,
                             std::string(error.what()) +
                                 " (tables with array, map or struct columns cannot be "
                                 "read yet)");
  } catch (const InvalidArgumentError& error) {
    sql::ThrowBinderError(sql, definition.type.position, error.what());
  }
  if (column.type.is_interval()) {
    sql::ThrowBinderError(sql, definition.type.position, "a table cannot store " + column.type.ToString());
  }
  if (definition.comment) column.comment = definition.comment->value;
  column.not_null = definition.not_null;
  return column;
}

std::vector<catalog::Column> ColumnsOf(std::string_view sql, const std::vector<sql::ColumnDefinition>& definitions,
                                       std::set<std::string>* seen) {
  std::vector<catalog::Column> columns;
  for (const sql::ColumnDefinition& definition : definitions) {
    catalog::Column column = ColumnOf(sql, definition);
    if (!seen->insert(column.name).second) {
      sql::ThrowBinderError(sql, definition.name.position, "column '" + column.name + "' is defined twice");
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

const catalog::Database& RequireDatabase(std::string_view sql, sql::SourcePosition position, const std::string& name,
                                         const CatalogContext& catalog, std::optional<catalog::Database>* holder) {
  *holder = catalog.store->GetDatabase(name);
  if (!*holder) ThrowCatalogError(sql, position, "database '" + name + "' does not exist");
  return **holder;
}

/// The database and table a statement names, lower case (CatalogError with a caret
/// for a name without a database and no current one).
std::pair<std::string, std::string> TableName(std::string_view sql, const sql::QualifiedName& name,
                                              const CatalogContext& catalog) {
  try {
    return ResolveTableName(name, catalog.current_database);
  } catch (const CatalogError& error) {
    ThrowCatalogError(sql, name.position(), error.what());
  }
}

/// The raw values of a PARTITION (…) spec in the order of `table`'s keys; BinderError
/// for a key that is no partition key, a missing or repeated key, a value that is no
/// value of its key's type.
std::vector<std::string> SpecValues(std::string_view sql, const sql::PartitionSpec& spec, const catalog::Table& table) {
  std::vector<std::optional<std::string>> values(table.partition_keys.size());
  for (const sql::PartitionValue& value : spec.values) {
    std::string key = AsciiLower(value.key.name);
    size_t index = 0;
    while (index < table.partition_keys.size() && table.partition_keys[index].name != key) ++index;
    if (index == table.partition_keys.size()) {
      sql::ThrowBinderError(sql, value.key.position,
                            "'" + key + "' is not a partition key of " + table.QualifiedName());
    }
    if (values[index]) sql::ThrowBinderError(sql, value.key.position, "partition key '" + key + "' is given twice");
    try {
      ParseCatalogPartitionValue(value.value, table.partition_keys[index].type, table.QualifiedName(), key);
    } catch (const CatalogError&) {
      sql::ThrowBinderError(sql, value.value_position,
                            "'" + value.value + "' is not a value of partition key " + key + " (" +
                                table.partition_keys[index].type.ToString() + ")");
    }
    values[index] = value.value;
  }
  std::vector<std::string> result;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) {
      sql::ThrowBinderError(
          sql, spec.position,
          "the partition spec lacks key '" + table.partition_keys[i].name + "' of " + table.QualifiedName());
    }
    result.push_back(*values[i]);
  }
  return result;
}

std::string SpecText(const catalog::Table& table, const std::vector<std::string>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += "/";
    text += PartitionFolderName(table.partition_keys[i].name, values[i]);
  }
  return text;
}

catalog::Table RequirePartitioned(std::string_view sql, const sql::QualifiedName& name, const CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, name, catalog);
  if (table.kind == catalog::TableKind::kView) {
    ThrowCatalogError(sql, name.position(), table.QualifiedName() + " is a view, not a table");
  }
  if (!table.is_partitioned()) {
    ThrowCatalogError(sql, name.position(), "table " + table.QualifiedName() + " is not partitioned");
  }
  return table;
}

/// Deletes a managed table's (or partition's) folder: only inside the lake, never the
/// lake root or Sluice's folder.
void DeleteManagedFolder(const CatalogContext& catalog, const std::string& location) {
  if (location.empty()) return;
  std::string folder;
  try {
    folder = ResolveCatalogPath(catalog, location);
  } catch (const Error&) {
    return;
  }
  std::string relative = ToCatalogPath(catalog, folder);
  if (relative.empty() || relative == folder || relative.rfind(".sluice", 0) == 0) return;
  std::error_code error;
  fs::remove_all(folder, error);
}

// ---- Databases -------------------------------------------------------------------------

QueryResult CreateDatabase(std::string_view sql, const sql::CreateDatabaseStatement& create, CatalogContext& catalog) {
  catalog::Database database;
  database.name = AsciiLower(create.name.name);
  if (create.comment) database.description = create.comment->value;
  database.location = create.location ? CatalogLocation(sql, *create.location, catalog) : database.name;
  for (const sql::StringProperty& property : create.properties) database.parameters[property.key] = property.value;
  bool created = false;
  catalog.store->Write(
      [&](catalog::CatalogWriter& writer) { created = writer.CreateDatabase(database, /*if_not_exists=*/true); });
  if (!created && !create.if_not_exists) {
    ThrowCatalogError(sql, create.name.position, "database '" + database.name + "' already exists");
  }
  return {};
}

QueryResult DropDatabase(std::string_view sql, const sql::DropDatabaseStatement& drop, CatalogContext& catalog) {
  std::string name = AsciiLower(drop.name.name);
  if (!catalog.store->GetDatabase(name)) {
    if (drop.if_exists) return {};
    ThrowCatalogError(sql, drop.name.position, "database '" + name + "' does not exist");
  }
  std::vector<catalog::Table> tables = catalog.store->ListTables(name);
  if (!tables.empty() && !drop.cascade) {
    ThrowCatalogError(sql, drop.name.position,
                      "database '" + name + "' is not empty (" + std::to_string(tables.size()) +
                          " tables or views): drop them first, or DROP DATABASE " + name + " CASCADE");
  }
  catalog.store->Write([&](catalog::CatalogWriter& writer) { writer.DropDatabase(name, true, drop.cascade); });
  for (const catalog::Table& table : tables) {
    if (table.kind == catalog::TableKind::kManaged) DeleteManagedFolder(catalog, table.location);
  }
  if (catalog.current_database == name) catalog.current_database.clear();
  return {};
}

QueryResult Use(std::string_view sql, const sql::UseStatement& use, CatalogContext& catalog) {
  std::string name = AsciiLower(use.database.name);
  if (!catalog.store->GetDatabase(name))
    ThrowCatalogError(sql, use.database.position, "database '" + name + "' does not exist");
  catalog.current_database = name;
  return {};
}

// ---- Tables ----------------------------------------------------------------------------

/// BinderError at `position` when `value` is no good value of the table parameter
/// `key` (target_file_size, max_rows_per_file; other keys take anything).
void CheckFileLimit(std::string_view sql, sql::SourcePosition position, std::string_view key,
                    std::string_view value) {
  std::string problem = CheckFileLimitParameter(key, value);
  if (!problem.empty()) sql::ThrowBinderError(sql, position, problem);
}

/// The parameter text of CREATE TABLE's target_file_size or max_rows_per_file
/// property (`key`): a string or an integer literal, checked as ApplyTableFileLimits
/// reads it back; a row count in canonical digits, a size as written ('128MB').
std::string FileLimitProperty(std::string_view sql, const std::string& key, const sql::Expression& value) {
  const auto* literal = value.kind() == sql::ExpressionKind::kLiteral ? &value.As<sql::LiteralExpression>() : nullptr;
  if (literal == nullptr ||
      (literal->literal_kind != sql::LiteralKind::kString && literal->literal_kind != sql::LiteralKind::kInteger)) {
    sql::ThrowBinderError(sql, value.position,
                          key == kTargetFileSizeParameter
                              ? "property 'target_file_size' takes a size such as '128MB' or a number of bytes"
                              : "property 'max_rows_per_file' takes a row count (a positive integer; 0 for no "
                                "limit)");
  }
  CheckFileLimit(sql, value.position, key, literal->value);
  if (key == kMaxRowsPerFileParameter) return std::to_string(std::stoull(literal->value));
  return literal->value;
}

/// Refuses a table name taken by a table or view (unless `if_not_exists`: true means
/// "nothing to do").
bool TableExists(std::string_view sql, const sql::QualifiedName& name, const std::string& database,
                 const std::string& table, bool if_not_exists, const CatalogContext& catalog) {
  std::optional<catalog::Table> existing = catalog.store->GetTable(database, table);
  if (!existing) return false;
  if (if_not_exists) return true;
  ThrowCatalogError(sql, name.position(),
                    std::string(existing->kind == catalog::TableKind::kView ? "a view named '" : "table '") + database +
                        "." + table + (existing->kind == catalog::TableKind::kView ? "' exists" : "' already exists"));
}

}  // namespace

std::string NewManagedLocation(const catalog::Database& database, const std::string& name,
                               const CatalogContext& catalog) {
  std::string base = database.location.empty() ? name : database.location + "/" + name;
  std::set<std::string> used;
  for (const catalog::Table& table : catalog.store->ListTables(database.name)) used.insert(table.location);
  auto free = [&](const std::string& location) {
    if (used.count(location) > 0) return false;
    std::error_code error;
    fs::directory_iterator it(ResolveCatalogPath(catalog, location), error);
    return error || it == fs::directory_iterator();
  };
  if (free(base)) return base;
  std::random_device device;
  for (int attempt = 0; attempt < 8; ++attempt) {
    char suffix[10];
    std::snprintf(suffix, sizeof(suffix), "-%08x", device());
    if (free(base + suffix)) return base + suffix;
  }
  throw CatalogError("no free folder for table " + database.name + "." + name + " under " + base);
}

namespace {

/// Stores a table a CREATE [EXTERNAL] TABLE statement defines (owned by $USER), in one
/// catalog change; CatalogError "table '…' already exists" unless IF NOT EXISTS.
template <class Create>
QueryResult StoreNewTable(std::string_view sql, const Create& create, catalog::Table table, CatalogContext& catalog) {
  table.owner = Owner();
  bool created = false;
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    created = writer.CreateTable(table, StatementCause("ddl", create.ToString()), /*if_not_exists=*/true);
  });
  if (!created && !create.if_not_exists) {
    ThrowCatalogError(sql, create.name.position(), "table '" + table.QualifiedName() + "' already exists");
  }
  return {};
}

QueryResult CreateExternalTable(std::string_view sql, const sql::CreateExternalTableStatement& create,
                                CatalogContext& catalog) {
  auto [database_name, table_name] = TableName(sql, create.name, catalog);
  std::optional<catalog::Database> holder;
  const catalog::Database& database = RequireDatabase(sql, create.name.position(), database_name, catalog, &holder);
  if (TableExists(sql, create.name, database_name, table_name, create.if_not_exists, catalog)) return {};
  catalog::Table table;
  table.database = database_name;
  table.name = table_name;
  table.kind = catalog::TableKind::kExternal;
  std::set<std::string> seen;
  table.columns = ColumnsOf(sql, create.columns, &seen);
  table.partition_keys = ColumnsOf(sql, create.partition_columns, &seen);
  for (const catalog::Column& key : table.partition_keys) {
    if (key.type.id() == TypeId::kVarbinary || key.type.id() == TypeId::kTimestampTz) {
      sql::ThrowNotImplemented(sql, create.name.position(),
                               "partition key '" + key.name + "' of type " + key.type.ToString() + " is not supported");
    }
  }
  TableStorage storage = StorageFromDdl(sql, create);
  table.format = storage.format;
  table.format_options = std::move(storage.format_options);
  table.location = create.location ? CatalogLocation(sql, *create.location, catalog)
                                   : (database.location.empty() ? table_name : database.location + "/" + table_name);
  for (const sql::StringProperty& property : create.table_properties) {
    CheckFileLimit(sql, property.position, property.key, property.value);
    table.parameters[property.key] = property.value;
  }
  if (table.parameters.count("classification") == 0) {
    table.parameters["classification"] = std::string(catalog::StorageFormatName(table.format));
  }
  if (create.comment) table.comment = create.comment->value;
  return StoreNewTable(sql, create, std::move(table), catalog);
}

/// Trino's CREATE TABLE name (columns) WITH (format, partitioned_by, location …): an
/// empty table that INSERT INTO fills; managed unless it names a location.
QueryResult CreateTable(std::string_view sql, const sql::CreateTableStatement& create, CatalogContext& catalog) {
  auto [database_name, table_name] = TableName(sql, create.name, catalog);
  std::optional<catalog::Database> holder;
  const catalog::Database& database = RequireDatabase(sql, create.name.position(), database_name, catalog, &holder);
  if (TableExists(sql, create.name, database_name, table_name, create.if_not_exists, catalog)) return {};
  std::set<std::string> seen;
  std::vector<catalog::Column> columns = ColumnsOf(sql, create.columns, &seen);
  catalog::Table table;
  table.database = database_name;
  table.name = table_name;
  table.kind = catalog::TableKind::kManaged;
  table.format = catalog::StorageFormat::kParquet;
  std::vector<std::string> partitioned_by;
  for (const sql::Property& property : create.properties) {
    std::string key = AsciiLower(property.name.name);
    auto text = [&](const sql::Expression& value) -> std::string {
      if (value.kind() == sql::ExpressionKind::kLiteral) {
        const auto& literal = value.As<sql::LiteralExpression>();
        if (literal.literal_kind == sql::LiteralKind::kString) return literal.value;
      }
      sql::ThrowBinderError(sql, value.position, "property '" + key + "' takes a string");
    };
    if (key == "format") {
      std::string format = AsciiLower(text(*property.value));
      if (format == "textfile") format = "csv";
      if (format != "parquet" && format != "csv" && format != "json") {
        sql::ThrowNotImplemented(sql, property.value->position,
                                 "format '" + format + "' is not supported; use PARQUET, CSV or JSON");
      }
      table.format = catalog::ParseStorageFormat(format);
    } else if (key == "partitioned_by") {
      if (property.value->kind() != sql::ExpressionKind::kArray) {
        sql::ThrowBinderError(sql, property.value->position, "partitioned_by takes ARRAY['column', …]");
      }
      for (const sql::ExpressionPtr& element : property.value->As<sql::ArrayExpression>().elements) {
        partitioned_by.push_back(AsciiLower(text(*element)));
      }
    } else if (key == "location" || key == "external_location") {
      table.location = CatalogLocation(sql, {text(*property.value), property.value->position}, catalog);
      table.kind = catalog::TableKind::kExternal;
    } else if (key == "write_compression" || key == "parquet_compression") {
      table.parameters["write_compression"] = AsciiLower(text(*property.value));
    } else if (key == kTargetFileSizeParameter || key == kMaxRowsPerFileParameter) {
      table.parameters[key] = FileLimitProperty(sql, key, *property.value);
    } else {
      sql::ThrowBinderError(sql, property.name.position,
                            "unknown table property '" + key +
                                "'; properties: format, partitioned_by, location (external_location), "
                                "write_compression, target_file_size, max_rows_per_file");
    }
  }
  if (catalog.current_database == kTemporaryDatabase && table.kind == catalog::TableKind::kExternal) {
    ThrowCatalogError(sql, create.name.position(),
                      "a temporary table cannot have a location: its files live in the session only");
  }
  // Trino's rule: the partition columns are the last ones, in the order partitioned_by
  // names them (so INSERT … VALUES fills them in the order they are declared).
  for (size_t i = 0; i < partitioned_by.size() && partitioned_by.size() <= columns.size(); ++i) {
    size_t position = columns.size() - partitioned_by.size() + i;
    if (columns[position].name != partitioned_by[i]) {
      bool exists = std::any_of(columns.begin(), columns.end(),
                                [&](const catalog::Column& c) { return c.name == partitioned_by[i]; });
      if (exists) {
        sql::ThrowBinderError(sql, create.name.position(),
                              "partition columns must be the last columns of the table, in the order of "
                              "partitioned_by: put '" + partitioned_by[i] + "' at position " +
                                  std::to_string(position + 1));
      }
    }
  }
  for (const std::string& key : partitioned_by) {
    auto it = std::find_if(columns.begin(), columns.end(), [&](const catalog::Column& c) { return c.name == key; });
    if (it == columns.end()) {
      sql::ThrowBinderError(sql, create.name.position(), "partition column '" + key + "' is not a column of the table");
    }
    table.partition_keys.push_back(*it);
    columns.erase(it);
  }
  if (columns.empty())
    sql::ThrowBinderError(sql, create.name.position(), "a table needs a column besides its partition keys");
  table.columns = std::move(columns);
  if (table.format == catalog::StorageFormat::kCsv) {
    table.format_options = {
        {"delimiter", ","}, {"quote", "\""}, {"escape", "double"}, {"header", "true"}, {"null", ""}};
  }
  if (table.location.empty()) table.location = NewManagedLocation(database, table_name, catalog);
  if (table.kind == catalog::TableKind::kManaged && !table.is_partitioned()) {
    table.stats.files = 0;  // empty, and known to be: INSERTs add to these counts
    table.stats.bytes = 0;
    table.stats.rows = 0;
  }
  if (create.comment) table.comment = create.comment->value;
  return StoreNewTable(sql, create, std::move(table), catalog);
}

QueryResult DropCatalogTable(std::string_view sql, const sql::DropStatement& drop, CatalogContext& catalog) {
  auto [database_name, table_name] = TableName(sql, drop.name, catalog);
  std::optional<catalog::Table> table = catalog.store->GetTable(database_name, table_name);
  const bool want_view = drop.object_type == sql::ObjectType::kView;
  if (!table) {
    if (drop.if_exists) return {};
    if (!catalog.store->GetDatabase(database_name)) {
      ThrowCatalogError(sql, drop.name.position(), "database '" + database_name + "' does not exist");
    }
    ThrowCatalogError(
        sql, drop.name.position(),
        std::string(want_view ? "view '" : "table '") + database_name + "." + table_name + "' does not exist");
  }
  const bool is_view = table->kind == catalog::TableKind::kView;
  if (is_view != want_view) {
    ThrowCatalogError(sql, drop.name.position(),
                      "'" + table->QualifiedName() + "' is a " + (is_view ? "view" : "table") + ", not a " +
                          (want_view ? "view" : "table") + " (use DROP " + (is_view ? "VIEW" : "TABLE") + ")");
  }
  std::vector<catalog::Partition> partitions;
  if (table->kind == catalog::TableKind::kManaged && table->is_partitioned()) {
    partitions = catalog.store->ListPartitions(database_name, table_name);
  }
  std::optional<TableWriteLock> lock;
  if (table->kind == catalog::TableKind::kManaged) lock.emplace(catalog, database_name, table_name);
  catalog.store->Write([&](catalog::CatalogWriter& writer) { writer.DropTable(database_name, table_name, true); });
  if (table->kind == catalog::TableKind::kManaged) {
    for (const catalog::Partition& partition : partitions) DeleteManagedFolder(catalog, partition.location);
    DeleteManagedFolder(catalog, table->location);
  }
  return {};
}

// ---- ALTER TABLE -----------------------------------------------------------------------

QueryResult AddPartitions(std::string_view sql, const sql::AlterTableAddPartitionsStatement& alter,
                          CatalogContext& catalog) {
  catalog::Table table = RequirePartitioned(sql, alter.table, catalog);
  std::vector<catalog::Partition> added;
  std::set<std::vector<std::string>> seen;
  for (const sql::AddedPartition& spec : alter.partitions) {
    catalog::Partition partition;
    partition.values = SpecValues(sql, spec.spec, table);
    if (!seen.insert(partition.values).second) {
      sql::ThrowBinderError(sql, spec.spec.position,
                            "partition " + SpecText(table, partition.values) + " is given twice");
    }
    partition.location = spec.location ? CatalogLocation(sql, *spec.location, catalog)
                                       : DefaultPartitionLocation(table, partition.values);
    added.push_back(std::move(partition));
  }
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    std::vector<catalog::Partition> missing;
    for (size_t i = 0; i < added.size(); ++i) {
      if (writer.GetPartition(table.database, table.name, added[i].values)) {
        if (alter.if_not_exists) continue;
        ThrowCatalogError(
            sql, alter.partitions[i].spec.position,
            "partition " + SpecText(table, added[i].values) + " of " + table.QualifiedName() + " already exists");
      }
      missing.push_back(added[i]);
    }
    if (!missing.empty()) writer.PutPartitions(table.database, table.name, missing);
  });
  return {};
}

QueryResult DropPartitions(std::string_view sql, const sql::AlterTableDropPartitionsStatement& alter,
                           CatalogContext& catalog) {
  catalog::Table table = RequirePartitioned(sql, alter.table, catalog);
  std::vector<std::vector<std::string>> values;
  for (const sql::PartitionSpec& spec : alter.partitions) values.push_back(SpecValues(sql, spec, table));
  std::vector<std::string> locations;
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    locations.clear();
    for (size_t i = 0; i < values.size(); ++i) {
      std::optional<catalog::Partition> partition = writer.GetPartition(table.database, table.name, values[i]);
      if (!partition) {
        if (alter.if_exists) continue;
        ThrowCatalogError(
            sql, alter.partitions[i].position,
            "partition " + SpecText(table, values[i]) + " of " + table.QualifiedName() + " does not exist");
      }
      locations.push_back(partition->location);
    }
    writer.DropPartitions(table.database, table.name, values);
  });
  if (table.kind == catalog::TableKind::kManaged) {
    for (const std::string& location : locations) DeleteManagedFolder(catalog, location);
  }
  return {};
}

/// The table an ALTER TABLE [IF EXISTS] names, or nullopt when IF EXISTS and there is
/// none; CatalogError for a view.
std::optional<catalog::Table> AlteredTable(std::string_view sql, const sql::QualifiedName& name, bool if_exists,
                                           const CatalogContext& catalog) {
  if (if_exists) {
    auto [database, table_name] = TableName(sql, name, catalog);
    if (!catalog.store->GetTable(database, table_name)) return std::nullopt;
  }
  catalog::Table table = LookupCatalogTable(sql, name, catalog);
  if (table.kind == catalog::TableKind::kView) {
    ThrowCatalogError(sql, name.position(), table.QualifiedName() + " is a view, not a table");
  }
  return table;
}

QueryResult AddColumns(std::string_view sql, const sql::AlterTableAddColumnsStatement& alter, CatalogContext& catalog) {
  std::optional<catalog::Table> found = AlteredTable(sql, alter.table, alter.if_exists, catalog);
  if (!found) return {};
  catalog::Table& table = *found;
  std::set<std::string> seen;
  for (const catalog::Column& column : table.columns) seen.insert(column.name);
  for (const catalog::Column& column : table.partition_keys) seen.insert(column.name);
  if (alter.column_if_not_exists && alter.columns.size() == 1 &&
      seen.count(AsciiLower(alter.columns[0].name.name)) > 0) {
    return {};
  }
  for (const sql::ColumnDefinition& definition : alter.columns) {
    if (definition.not_null) {
      sql::ThrowNotImplemented(sql, definition.name.position,
                               "ADD COLUMN … NOT NULL is not supported: the rows already in the table would hold "
                               "NULL there");
    }
  }
  for (catalog::Column& column : ColumnsOf(sql, alter.columns, &seen)) table.columns.push_back(std::move(column));
  catalog.store->Write(
      [&](catalog::CatalogWriter& writer) { writer.UpdateTable(table, StatementCause("ddl", alter.ToString())); });
  return {};
}

QueryResult RenameTable(std::string_view sql, const sql::AlterTableRenameStatement& alter, CatalogContext& catalog) {
  std::optional<catalog::Table> found = AlteredTable(sql, alter.table, alter.if_exists, catalog);
  if (!found) return {};
  const catalog::Table& table = *found;
  if (catalog.current_database == kTemporaryDatabase && alter.new_name.parts.size() != 1) {
    ThrowCatalogError(sql, alter.new_name.position(), "a temporary table's new name has one part");
  }
  // A one-part new name keeps the table in its database.
  std::string new_database = table.database;
  std::string new_name;
  if (alter.new_name.parts.size() == 1) {
    new_name = AsciiLower(alter.new_name.parts[0].name);
  } else {
    std::tie(new_database, new_name) = TableName(sql, alter.new_name, catalog);
  }
  std::optional<catalog::Database> holder;
  RequireDatabase(sql, alter.new_name.position(), new_database, catalog, &holder);
  if (new_database == table.database && new_name == table.name) return {};
  if (std::optional<catalog::Table> existing = catalog.store->GetTable(new_database, new_name)) {
    ThrowCatalogError(sql, alter.new_name.position(),
                      (existing->kind == catalog::TableKind::kView ? "a view named '" : "table '") + new_database +
                          "." + new_name + "' already exists");
  }
  // Metadata only: the table keeps its folder (new managed tables never reuse a
  // folder another table has, NewManagedLocation), so a rename is one catalog change.
  TableWriteLock lock(catalog, table.database, table.name);
  catalog::Table renamed = table;
  renamed.database = new_database;
  renamed.name = new_name;
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    writer.RenameTable(table.database, table.name, renamed, StatementCause("ddl", alter.ToString()));
  });
  return {};
}

QueryResult DropColumn(std::string_view sql, const sql::AlterTableDropColumnStatement& alter,
                       CatalogContext& catalog) {
  std::optional<catalog::Table> found = AlteredTable(sql, alter.table, alter.if_exists, catalog);
  if (!found) return {};
  catalog::Table& table = *found;
  std::string name = AsciiLower(alter.column.name);
  for (const catalog::Column& key : table.partition_keys) {
    if (key.name == name) {
      ThrowCatalogError(sql, alter.column.position,
                        "'" + name + "' is a partition key of " + table.QualifiedName() + " and cannot be dropped");
    }
  }
  auto it = std::find_if(table.columns.begin(), table.columns.end(),
                         [&](const catalog::Column& column) { return column.name == name; });
  if (it == table.columns.end()) {
    if (alter.column_if_exists) return {};
    ThrowCatalogError(sql, alter.column.position, "table " + table.QualifiedName() + " has no column '" + name + "'");
  }
  if (table.columns.size() == 1) {
    ThrowCatalogError(sql, alter.column.position,
                      "'" + name + "' is the only data column of " + table.QualifiedName() +
                          ": a table keeps at least one (DROP TABLE drops it all)");
  }
  // Metadata only: Parquet and JSON files are read by column name, and so are CSV
  // files with a header line; a CSV table read by position would shift its columns.
  if (table.format == catalog::StorageFormat::kCsv) {
    auto header = table.format_options.find("header");
    if (header == table.format_options.end() || header->second != "true") {
      sql::ThrowNotImplemented(sql, alter.column.position,
                               "DROP COLUMN on a CSV table read by position (no header line) would shift the "
                               "columns after it; recreate the table with CREATE TABLE … AS SELECT");
    }
  }
  table.columns.erase(it);
  catalog.store->Write(
      [&](catalog::CatalogWriter& writer) { writer.UpdateTable(table, StatementCause("ddl", alter.ToString())); });
  return {};
}

QueryResult SetProperties(std::string_view sql, const sql::AlterTableSetPropertiesStatement& alter,
                          CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, alter.table, catalog);
  for (const sql::StringProperty& property : alter.properties) {
    CheckFileLimit(sql, property.position, property.key, property.value);
    table.parameters[property.key] = property.value;
    if (table.format != catalog::StorageFormat::kCsv) continue;
    // The properties Athena reads text tables by change how Sluice reads them too.
    if (property.key == "skip.header.line.count") {
      if (property.value.empty() || property.value == "0") {
        table.format_options.erase("skip_rows");
      } else if (std::all_of(property.value.begin(), property.value.end(),
                             [](char c) { return c >= '0' && c <= '9'; })) {
        table.format_options["skip_rows"] = property.value;
      } else {
        sql::ThrowBinderError(sql, property.position, "'skip.header.line.count' must be a number of lines");
      }
      table.format_options.erase("header");
    } else if (property.key == "serialization.null.format") {
      table.format_options["null"] = property.value;
    }
  }
  catalog.store->Write(
      [&](catalog::CatalogWriter& writer) { writer.UpdateTable(table, StatementCause("ddl", alter.ToString())); });
  return {};
}

QueryResult SetLocation(std::string_view sql, const sql::AlterTableSetLocationStatement& alter,
                        CatalogContext& catalog) {
  catalog::Table table = LookupCatalogTable(sql, alter.table, catalog);
  if (table.kind == catalog::TableKind::kView) {
    ThrowCatalogError(sql, alter.table.position(), table.QualifiedName() + " is a view, not a table");
  }
  std::string location = CatalogLocation(sql, alter.location, catalog);
  if (!alter.partition) {
    table.location = location;
    catalog.store->Write(
        [&](catalog::CatalogWriter& writer) { writer.UpdateTable(table, StatementCause("ddl", alter.ToString())); });
    return {};
  }
  if (!table.is_partitioned()) {
    ThrowCatalogError(sql, alter.table.position(), "table " + table.QualifiedName() + " is not partitioned");
  }
  std::vector<std::string> values = SpecValues(sql, *alter.partition, table);
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    std::optional<catalog::Partition> partition = writer.GetPartition(table.database, table.name, values);
    if (!partition) {
      ThrowCatalogError(sql, alter.partition->position,
                        "partition " + SpecText(table, values) + " of " + table.QualifiedName() + " does not exist");
    }
    partition->location = location;
    writer.PutPartitions(table.database, table.name, {*partition});
  });
  return {};
}

// ---- MSCK REPAIR TABLE -----------------------------------------------------------------

QueryResult MsckRepair(std::string_view sql, const sql::MsckRepairTableStatement& msck, CatalogContext& catalog) {
  catalog::Table table = RequirePartitioned(sql, msck.table, catalog);
  std::string root = ResolveCatalogPath(catalog, table.location);
  std::vector<std::string> keys;
  for (const catalog::Column& key : table.partition_keys) keys.push_back(key.name);
  std::vector<DiscoveredPartition> found = DiscoverPartitionFolders(root, keys);
  // Folders whose values are no values of the keys' types are not partitions.
  std::vector<catalog::Partition> candidates;
  std::set<std::vector<std::string>> on_disk;
  for (DiscoveredPartition& folder : found) {
    bool valid = true;
    for (size_t k = 0; k < keys.size() && valid; ++k) {
      try {
        ParseCatalogPartitionValue(folder.values[k], table.partition_keys[k].type, table.QualifiedName(), keys[k]);
      } catch (const CatalogError&) {
        valid = false;
      }
    }
    if (!valid) continue;
    on_disk.insert(folder.values);
    catalog::Partition partition;
    partition.values = folder.values;
    partition.location = ToCatalogPath(catalog, folder.folder);
    candidates.push_back(std::move(partition));
  }
  const bool add = msck.mode != sql::MsckMode::kDrop;
  const bool remove = msck.mode != sql::MsckMode::kAdd;
  std::set<std::vector<std::string>> known;
  std::vector<std::vector<std::string>> gone;
  for (const catalog::Partition& partition : catalog.store->ListPartitions(table.database, table.name)) {
    known.insert(partition.values);
    if (!remove || on_disk.count(partition.values) > 0) continue;
    std::error_code error;
    std::string folder = ResolveCatalogPath(
        catalog, partition.location.empty() ? DefaultPartitionLocation(table, partition.values) : partition.location);
    if (!fs::is_directory(folder, error)) gone.push_back(partition.values);
  }
  std::vector<catalog::Partition> missing;
  if (add) {
    for (catalog::Partition& partition : candidates) {
      if (known.count(partition.values) > 0) continue;
      partition.stats = FolderStats(ResolveCatalogPath(catalog, partition.location));
      missing.push_back(std::move(partition));
    }
  }
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    if (!missing.empty()) writer.PutPartitions(table.database, table.name, missing);
    if (!gone.empty()) writer.DropPartitions(table.database, table.name, gone);
  });
  QueryResult result;
  result.schema.AddField({"partitions_added", DataType::BigInt()});
  result.schema.AddField({"partitions_removed", DataType::BigInt()});
  Chunk chunk({DataType::BigInt(), DataType::BigInt()});
  Value::BigInt(static_cast<int64_t>(missing.size())).WriteTo(&chunk.column(0), 0);
  Value::BigInt(static_cast<int64_t>(gone.size())).WriteTo(&chunk.column(1), 0);
  chunk.set_size(1);
  result.chunks.push_back(std::move(chunk));
  return result;
}

}  // namespace

void ThrowCatalogError(std::string_view sql, sql::SourcePosition position, std::string_view message) {
  throw CatalogError(sql::FormatSqlError(sql, position, message));
}

catalog::Table LookupCatalogTable(std::string_view sql, const sql::QualifiedName& name, const CatalogContext& catalog) {
  auto [database, table_name] = TableName(sql, name, catalog);
  std::optional<catalog::Table> table = catalog.store->GetTable(database, table_name);
  if (table) return *table;
  if (!catalog.store->GetDatabase(database)) {
    ThrowCatalogError(sql, name.position(), "database '" + database + "' does not exist");
  }
  ThrowCatalogError(sql, name.position(), "table '" + database + "." + table_name + "' does not exist");
}

catalog::ChangeCause StatementCause(std::string_view kind, std::string_view sql) {
  catalog::ChangeCause cause;
  cause.kind = std::string(kind);
  std::string_view text = sql;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  cause.detail = std::string(text.substr(0, 500));
  return cause;
}

std::string PartitionFolderName(const std::string& key, const std::string& value) {
  return formats::EscapeHivePathValue(key) + "=" +
         (value == formats::kHiveDefaultPartition ? value : formats::EscapeHivePathValue(value));
}

std::optional<QueryResult> RunCatalogDdl(std::string_view sql, const sql::Statement& statement,
                                         CatalogContext& catalog) {
  switch (statement.kind()) {
    case sql::StatementKind::kCreateDatabase:
      return CreateDatabase(sql, statement.As<sql::CreateDatabaseStatement>(), catalog);
    case sql::StatementKind::kDropDatabase:
      return DropDatabase(sql, statement.As<sql::DropDatabaseStatement>(), catalog);
    case sql::StatementKind::kUse:
      return Use(sql, statement.As<sql::UseStatement>(), catalog);
    case sql::StatementKind::kCreateExternalTable:
      return CreateExternalTable(sql, statement.As<sql::CreateExternalTableStatement>(), catalog);
    case sql::StatementKind::kCreateTable:
      return CreateTable(sql, statement.As<sql::CreateTableStatement>(), catalog);
    case sql::StatementKind::kDrop:
      return DropCatalogTable(sql, statement.As<sql::DropStatement>(), catalog);
    case sql::StatementKind::kAlterTableAddPartitions:
      return AddPartitions(sql, statement.As<sql::AlterTableAddPartitionsStatement>(), catalog);
    case sql::StatementKind::kAlterTableDropPartitions:
      return DropPartitions(sql, statement.As<sql::AlterTableDropPartitionsStatement>(), catalog);
    case sql::StatementKind::kAlterTableAddColumns:
      return AddColumns(sql, statement.As<sql::AlterTableAddColumnsStatement>(), catalog);
    case sql::StatementKind::kAlterTableRename:
      return RenameTable(sql, statement.As<sql::AlterTableRenameStatement>(), catalog);
    case sql::StatementKind::kAlterTableDropColumn:
      return DropColumn(sql, statement.As<sql::AlterTableDropColumnStatement>(), catalog);
    case sql::StatementKind::kAlterTableSetProperties:
      return SetProperties(sql, statement.As<sql::AlterTableSetPropertiesStatement>(), catalog);
    case sql::StatementKind::kAlterTableSetLocation:
      return SetLocation(sql, statement.As<sql::AlterTableSetLocationStatement>(), catalog);
    case sql::StatementKind::kMsckRepairTable:
      return MsckRepair(sql, statement.As<sql::MsckRepairTableStatement>(), catalog);
    default:
      return std::nullopt;
  }
}

}  // namespace sluice::engine
