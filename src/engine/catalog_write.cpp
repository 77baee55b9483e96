// Writing catalog tables: CREATE TABLE db.t [WITH (…)] AS query (Athena's CTAS: a new
// table under the database's location, or at external_location) and INSERT INTO
// db.t [(columns)] query (appends files to the table's folders). Both write their
// rows into a staging folder of the lake and commit files and catalog partitions
// together (table_commit.h); a statement that fails leaves nothing behind.
//
// Files get names no other write uses (part-NNNNN-<id>…), so appends never replace a
// file. Partitioned tables are written as key=value folders under the table's
// location (an existing partition's own location when it has one); the commit adds
// the new partitions and refreshes the statistics (files, bytes; rows from Parquet
// footers, and for unpartitioned writes from the row count).

#include <filesystem>
#include <map>
#include <set>

#include "core/ascii.h"
#include "core/error.h"
#include "engine/catalog_format.h"
#include "engine/catalog_resolver.h"
#include "engine/catalog_statements.h"
#include "engine/catalog_table_source.h"
#include "engine/catalog_write.h"
#include "engine/copy_options.h"
#include "engine/create_table_as.h"
#include "engine/query_engine.h"
#include "engine/table_commit.h"
#include "exec/operators/copy_to.h"
#include "formats/hive_partitioning.h"
#include "formats/parquet/codec.h"
#include "formats/parquet/reader.h"
#include "sql/binder/bind_scope.h"
#include "sql/expression/coercion.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/show_statement.h"
#include "sql/parser/sql_error.h"
#include "engine/temp_catalog.h"
#include "sql/parser/ddl_statement.h"
#include "sql/planner/logical_plan.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;

bool FolderHasFiles(const std::string& folder) {
  std::error_code error;
  fs::directory_iterator it(folder, error);
  return !error && it != fs::directory_iterator();
}

/// A string property's value (location, format …), or null when absent.
const sql::Property* FindProperty(const sql::CreateTableAsStatement& create, std::string_view key) {
  for (const sql::Property& property : create.properties) {
    if (AsciiLower(property.name.name) == key) return &property;
  }
  return nullptr;
}

std::string LiteralText(std::string_view sql, const sql::Property& property) {
  const sql::Expression& value = *property.value;
  if (value.kind() == sql::ExpressionKind::kLiteral) {
    const auto& literal = value.As<sql::LiteralExpression>();
    if (literal.literal_kind == sql::LiteralKind::kString) return literal.value;
  }
  sql::ThrowBinderError(sql, value.position, "property '" + property.name.name + "' takes a string");
}

/// format_options and parameters recording how a CTAS wrote its files.
void RecordWriteOptions(const sql::CreateTableAsStatement& create, std::string_view sql,
                        const formats::FileWriteOptions& write, catalog::Table* table) {
  switch (write.format) {
    case formats::FileFormat::kParquet:
      table->format = catalog::StorageFormat::kParquet;
      break;
    case formats::FileFormat::kJson:
      table->format = catalog::StorageFormat::kJson;
      break;
    case formats::FileFormat::kCsv: {
      table->format = catalog::StorageFormat::kCsv;
      const csv::Dialect& dialect = write.csv.dialect;
      table->format_options["delimiter"] = ShowDialectByte(dialect.delimiter);
      table->format_options["quote"] = ShowDialectByte(dialect.quote);
      table->format_options["escape"] = "double";
      table->format_options["header"] = "true";
      table->format_options["null"] = "";
      break;
    }
  }
  if (write.format != formats::FileFormat::kParquet && write.compression != io::Compression::kNone) {
    table->format_options["compression"] = std::string(io::CompressionName(write.compression));
  }
  table->parameters["classification"] = std::string(catalog::StorageFormatName(table->format));
  for (std::string_view key : {"write_compression", "parquet_compression"}) {
    if (const sql::Property* property = FindProperty(create, key)) {
      table->parameters["write_compression"] = AsciiLower(LiteralText(sql, *property));
    }
  }
}

/// The query's rows as the table's stored columns: by position, or by the INSERT's
/// column list (other columns NULL).
sql::LogicalPlanPtr InsertProjection(std::string_view sql, const sql::InsertStatement& insert,
                                     const catalog::Table& table, const sql::LogicalPlanPtr& plan) {
  std::vector<catalog::Column> columns = StoredColumns(table);
  const Schema& output = plan->output();
  // For each table column: the query column that fills it, or none.
  std::vector<std::optional<size_t>> sources(columns.size());
  if (insert.columns.empty()) {
    if (output.num_fields() != columns.size()) {
      sql::ThrowBinderError(sql, insert.query->position,
                            "the query has " + std::to_string(output.num_fields()) + " columns but table " +
                                table.QualifiedName() + " has " + std::to_string(columns.size()));
    }
    for (size_t i = 0; i < columns.size(); ++i) sources[i] = i;
  } else {
    if (insert.columns.size() != output.num_fields()) {
      sql::ThrowBinderError(sql, insert.query->position,
                            "the query has " + std::to_string(output.num_fields()) + " columns but the INSERT names " +
                                std::to_string(insert.columns.size()));
    }
    for (size_t q = 0; q < insert.columns.size(); ++q) {
      std::string name = AsciiLower(insert.columns[q].name);
      size_t index = 0;
      while (index < columns.size() && columns[index].name != name) ++index;
      if (index == columns.size()) {
        sql::ThrowBinderError(sql, insert.columns[q].position,
                              "table " + table.QualifiedName() + " has no column '" + name + "'");
      }
      if (sources[index])
        sql::ThrowBinderError(sql, insert.columns[q].position, "column '" + name + "' is named twice");
      sources[index] = q;
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      if (!sources[i] && columns[i].not_null) {
        sql::ThrowBinderError(sql, insert.table.position(),
                              "column '" + columns[i].name + "' of table " + table.QualifiedName() +
                                  " is NOT NULL and has no default: the INSERT must name it");
      }
    }
  }
  return StoredProjection(sql, insert.query->position, table, plan, sources);
}

}  // namespace

void AddWrittenFiles(TableCommit& commit, const CatalogContext& catalog, const catalog::Table& table,
                     const exec::CopyResult& written, const std::string& root) {
  std::vector<WrittenFile> files = WrittenFiles(written, root, table.partition_keys.size());
  if (!table.is_partitioned()) {
    std::string folder = ResolveCatalogPath(catalog, table.location);
    for (const WrittenFile& file : files) commit.moves.push_back({file.path, folder + "/" + file.relative});
    commit.table_rows = static_cast<int64_t>(written.rows);
    return;
  }
  for (const auto& [values, rows] : RowsByPartition(files, table.format == catalog::StorageFormat::kParquet)) {
    std::optional<catalog::Partition> existing;
    if (!commit.create_table) existing = catalog.store->GetPartition(table.database, table.name, values);
    std::string location =
        existing && !existing->location.empty() ? existing->location : DefaultPartitionLocation(table, values);
    std::string folder = ResolveCatalogPath(catalog, location);
    for (const WrittenFile& file : files) {
      if (file.values == values) {
        commit.moves.push_back({file.path, folder + "/" + fs::path(file.relative).filename().string()});
      }
    }
    commit.partitions.push_back({values, location, rows});
  }
}

std::vector<WrittenFile> WrittenFiles(const exec::CopyResult& written, const std::string& root, size_t num_keys) {
  std::vector<WrittenFile> files;
  for (const std::string& path : written.files) {
    WrittenFile file;
    file.path = path;
    fs::path relative = fs::path(path).lexically_relative(root);
    file.relative = relative.string();
    for (const fs::path& segment : relative.parent_path()) {
      std::string text = segment.string();
      size_t equals = text.find('=');
      std::string raw = equals == std::string::npos ? text : text.substr(equals + 1);
      file.values.push_back(raw == formats::kHiveDefaultPartition ? raw : formats::UnescapeHivePathValue(raw));
    }
    if (file.values.size() != num_keys) throw InternalError("a written file is not in its partition's folder: " + path);
    files.push_back(std::move(file));
  }
  return files;
}

/// Rows of the written files per partition: exact for Parquet (footers), unknown else.
std::map<std::vector<std::string>, int64_t> RowsByPartition(const std::vector<WrittenFile>& files, bool parquet) {
  std::map<std::vector<std::string>, int64_t> rows;
  for (const WrittenFile& file : files) {
    int64_t count = -1;
    if (parquet) {
      try {
        count = parquet::ParquetFile::Open(file.path)->metadata().num_rows;
      } catch (const Error&) {
        count = -1;
      }
    }
    auto [it, inserted] = rows.emplace(file.values, count);
    if (!inserted) it->second = it->second < 0 || count < 0 ? -1 : it->second + count;
  }
  return rows;
}

/// The writer options INSERT uses for `table`: its format, its CSV dialect (a header
/// line when the table skips one), its write_compression.
formats::FileWriteOptions TableWriteOptions(std::string_view sql, sql::SourcePosition position,
                                            const catalog::Table& table) {
  formats::FileWriteOptions write;
  std::string name = table.QualifiedName();
  switch (table.format) {
    case catalog::StorageFormat::kParquet:
      write.format = formats::FileFormat::kParquet;
      break;
    case catalog::StorageFormat::kJson:
      write.format = formats::FileFormat::kJson;
      break;
    case catalog::StorageFormat::kCsv: {
      write.format = formats::FileFormat::kCsv;
      csv::Dialect dialect = CsvDialectFromOptions(table.format_options, name);
      if (dialect.skip_rows > 1 || (dialect.skip_rows == 1 && dialect.header)) {
        sql::ThrowNotImplemented(sql, position,
                                 "INSERT into a CSV table that skips more than one header line is not supported");
      }
      dialect.header = dialect.header || dialect.skip_rows == 1;
      dialect.skip_rows = 0;
      write.csv.dialect = dialect;
      break;
    }
  }
  if (write.format != formats::FileFormat::kParquet) {
    io::Compression compression = CompressionFromOptions(table.format_options, name);
    write.compression = compression == io::Compression::kAuto ? io::Compression::kNone : compression;
  }
  auto codec = table.parameters.find("write_compression");
  if (codec != table.parameters.end()) {
    if (write.format == formats::FileFormat::kParquet) {
      write.parquet.codec = parquet::ParseCodec(codec->second);
    } else if (codec->second != "none") {
      write.compression = io::ParseCompression(codec->second);
    }
  }
  return write;
}

int64_t FileRows(const std::string& path, const catalog::Table& table) {
  if (table.format != catalog::StorageFormat::kParquet) return -1;
  try {
    return parquet::ParquetFile::Open(path)->metadata().num_rows;
  } catch (const Error&) {
    return -1;
  }
}

sql::BoundExpressionPtr AssignmentCast(sql::BoundExpressionPtr value, const DataType& to) {
  const DataType from = value->type();
  if (from == to) return value;
  if (from.id() == TypeId::kUnknown || sql::CanCoerce(from, to)) return sql::CoerceTo(value, to);
  if (sql::CommonSuperType(from, to)) return sql::MakeCast(std::move(value), to);
  return nullptr;
}

std::vector<catalog::Column> StoredColumns(const catalog::Table& table) {
  std::vector<catalog::Column> columns = table.columns;
  for (const catalog::Column& key : table.partition_keys) columns.push_back(key);
  return columns;
}

exec::CopyTarget TableCopyTarget(std::string_view sql, sql::SourcePosition position, const catalog::Table& table,
                                 const Schema& schema, const std::string& staging, const std::string& commit_id,
                                 std::string statement) {
  exec::CopyTarget target;
  target.layout = exec::CopyTarget::Layout::kFolder;
  target.existing = exec::CopyTarget::ExistingFolder::kFail;
  target.create_parents = true;
  target.schema = schema;
  target.statement = std::move(statement);
  target.write = TableWriteOptions(sql, position, table);
  for (const catalog::Column& key : table.partition_keys) target.partition_by.push_back(key.name);
  std::vector<catalog::Column> columns = StoredColumns(table);
  for (size_t i = 0; i < columns.size() && i < schema.num_fields(); ++i) {
    if (columns[i].not_null) target.not_null_columns.push_back(i);
  }
  target.table = table.QualifiedName();
  ApplyTableFileLimits(sql, position, table.parameters, target.table, &target);  // a few files, not one huge one
  target.path = staging + "/data";
  target.file_name = "part-00000-" + commit_id;
  return target;
}

sql::LogicalPlanPtr StoredProjection(std::string_view sql, sql::SourcePosition position, const catalog::Table& table,
                                     const sql::LogicalPlanPtr& plan, const std::vector<std::optional<size_t>>& sources,
                                     std::string_view what) {
  std::vector<catalog::Column> columns = StoredColumns(table);
  const Schema& output = plan->output();
  std::vector<sql::BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  for (size_t i = 0; i < columns.size(); ++i) {
    const DataType& type = columns[i].type;
    sql::BoundExpressionPtr value;
    if (!sources[i]) {
      value = sql::MakeConstant(Value::Null(type));
    } else {
      const Field& field = output.field(*sources[i]);
      value = AssignmentCast(sql::MakeColumnRef(*sources[i], field.type, field.name), type);
      if (value == nullptr) {
        sql::ThrowBinderError(sql, position,
                              "column " + std::to_string(*sources[i] + 1) + " of " + std::string(what) +
                                  " has type " + field.type.ToString() + ", which cannot be stored in column '" +
                                  columns[i].name + "' of type " + type.ToString() + " (CAST it)");
      }
    }
    expressions.push_back(std::move(value));
    names.push_back(columns[i].name);
  }
  return std::make_shared<sql::LogicalProject>(plan, std::move(expressions), std::move(names));
}

CatalogContext& QueryEngine::RequireCatalog(std::string_view sql, sql::SourcePosition position, std::string_view what) {
  if (!catalog_) {
    sql::ThrowNotImplemented(sql, position,
                             std::string(what) +
                                 " needs a lake's catalog: run inside a lake, or with --lake DIR "
                                 "(create one with `sluice init DIR`)");
  }
  return *catalog_;
}

namespace {

/// The table a catalog statement names, or null for statements about databases.
const sql::QualifiedName* StatementTable(const sql::Statement& statement) {
  switch (statement.kind()) {
    case sql::StatementKind::kDrop: return &statement.As<sql::DropStatement>().name;
    case sql::StatementKind::kAlterTableAddPartitions:
      return &statement.As<sql::AlterTableAddPartitionsStatement>().table;
    case sql::StatementKind::kAlterTableDropPartitions:
      return &statement.As<sql::AlterTableDropPartitionsStatement>().table;
    case sql::StatementKind::kAlterTableAddColumns: return &statement.As<sql::AlterTableAddColumnsStatement>().table;
    case sql::StatementKind::kAlterTableRename: return &statement.As<sql::AlterTableRenameStatement>().table;
    case sql::StatementKind::kAlterTableDropColumn: return &statement.As<sql::AlterTableDropColumnStatement>().table;
    case sql::StatementKind::kAlterTableSetProperties:
      return &statement.As<sql::AlterTableSetPropertiesStatement>().table;
    case sql::StatementKind::kAlterTableSetLocation:
      return &statement.As<sql::AlterTableSetLocationStatement>().table;
    case sql::StatementKind::kMsckRepairTable: return &statement.As<sql::MsckRepairTableStatement>().table;
    case sql::StatementKind::kShowPartitions: return &statement.As<sql::ShowPartitionsStatement>().table;
    case sql::StatementKind::kShowCreateTable: return &statement.As<sql::ShowCreateTableStatement>().name;
    case sql::StatementKind::kShowColumns: return &statement.As<sql::ShowColumnsStatement>().table;
    case sql::StatementKind::kShowTableProperties: return &statement.As<sql::ShowTablePropertiesStatement>().table;
    case sql::StatementKind::kDescribe: return &statement.As<sql::DescribeStatement>().table;
    default: return nullptr;
  }
}

}  // namespace

QueryResult QueryEngine::RunCatalogStatement(std::string_view sql, const sql::Statement& statement) {
  CatalogContext* context = nullptr;
  if (statement.kind() == sql::StatementKind::kCreateTable) {
    const auto& create = statement.As<sql::CreateTableStatement>();
    if (create.temporary || !catalog_) {
      // A session table: CREATE TEMPORARY TABLE, or any CREATE TABLE without a lake.
      if (create.name.parts.size() != 1) {
        ThrowCatalogError(sql, create.name.position(),
                          create.temporary ? "a temporary table's name has one part (it lives in the session only)"
                                           : "CREATE TABLE db.name needs a lake's catalog: run inside a lake or with "
                                             "--lake DIR (create one with `sluice init DIR`)");
      }
      context = &Temporary().context();
    }
  } else if (const sql::QualifiedName* name = StatementTable(statement)) {
    if (name->parts.size() == 1 && temporary_ != nullptr && temporary_->Has(AsciiLower(name->parts[0].name))) {
      context = &temporary_->context();
    }
  }
  if (context == nullptr) context = &RequireCatalog(sql, statement.position, sql::StatementKindName(statement.kind()));
  if (std::optional<QueryResult> result = RunCatalogDdl(sql, statement, *context)) return std::move(*result);
  if (std::optional<QueryResult> result = RunCatalogShow(sql, statement, *context)) return std::move(*result);
  sql::ThrowNotImplemented(sql, statement.position,
                           std::string(sql::StatementKindName(statement.kind())) + " is not supported yet");
}

QueryResult QueryEngine::RunCatalogCreateTableAs(std::string_view sql, const sql::CreateTableAsStatement& create,
                                                 CatalogContext& catalog) {
  std::pair<std::string, std::string> name;
  try {
    name = ResolveTableName(create.name, catalog.current_database);
  } catch (const CatalogError& error) {
    ThrowCatalogError(sql, create.name.position(), error.what());
  }
  const auto& [database_name, table_name] = name;
  std::optional<catalog::Database> database = catalog.store->GetDatabase(database_name);
  if (!database) ThrowCatalogError(sql, create.name.position(), "database '" + database_name + "' does not exist");
  if (std::optional<catalog::Table> existing = catalog.store->GetTable(database_name, table_name)) {
    if (create.if_not_exists && existing->kind != catalog::TableKind::kView) return QueryResult::RowsWritten(0);
    ThrowCatalogError(sql, create.name.position(),
                      existing->kind == catalog::TableKind::kView
                          ? "a view named '" + existing->QualifiedName() + "' exists"
                          : "table '" + existing->QualifiedName() + "' already exists");
  }

  sql::LogicalPlanPtr plan = RenameColumns(sql, create, PlanQuery(sql, *create.query));
  CheckStoredColumns(sql, create.query->position, plan->output(), "table");
  TableTarget properties = TableTargetFromProperties(sql, create, table_name, plan->output(), session_);
  exec::CopyTarget target = properties.target;
  for (const Field& field : target.schema.fields()) {
    const DataType& type = field.type;
    if (type.id() == TypeId::kUnknown || type.is_interval() || type.is_nested()) {
      sql::ThrowBinderError(sql, create.query->position,
                            "column '" + field.name + "' has type " + type.ToString() + ", which a table cannot store" +
                                (type.id() == TypeId::kUnknown ? " (give it one with CAST(NULL AS type))" : ""));
    }
  }

  // Where the table goes: external_location, else <database location>/<name>.
  std::string location;
  if (properties.external) {
    const sql::Property* property = FindProperty(create, "external_location");
    if (property == nullptr) property = FindProperty(create, "location");
    location = LiteralText(sql, *property);
  } else {
    location = NewManagedLocation(*database, table_name, catalog);
  }
  std::string folder;
  try {
    folder = ResolveCatalogPath(catalog, location);
  } catch (const InvalidArgumentError& error) {
    sql::ThrowBinderError(sql, create.name.position(), error.what());
  }
  if (FolderHasFiles(folder)) {
    ThrowCatalogError(sql, create.name.position(),
                      "the location of table " + database_name + "." + table_name + " (" + folder +
                          ") is not empty: name an empty or new folder with external_location");
  }

  catalog::Table table;
  table.database = database_name;
  table.name = table_name;
  table.kind = properties.external ? catalog::TableKind::kExternal : catalog::TableKind::kManaged;
  table.location = ToCatalogPath(catalog, folder);
  std::set<std::string> keys(target.partition_by.begin(), target.partition_by.end());
  for (const Field& field : target.schema.fields()) {
    if (keys.count(field.name) == 0) table.columns.push_back({AsciiLower(field.name), field.type, ""});
  }
  for (const std::string& key : target.partition_by) {
    const Field& field = target.schema.field(static_cast<size_t>(target.schema.FindField(key)));
    table.partition_keys.push_back({AsciiLower(field.name), field.type, ""});
  }
  RecordWriteOptions(create, sql, target.write, &table);
  // target_file_size / max_rows_per_file: later INSERTs, UPDATEs and OPTIMIZEs size
  // their files as this first write does (TableCopyTarget reads them back).
  for (const auto& [key, value] : properties.parameters) table.parameters[key] = value;
  table.owner = getenv("USER") != nullptr ? getenv("USER") : "";

  TableCommit commit;
  commit.id = NewCommitId();
  std::string staging = StagingFolder(catalog, commit.id);
  StagingGuard guard(staging);
  target.path = staging + "/data";
  target.file_name = "part-00000-" + commit.id;
  target.statement = "CREATE TABLE AS";
  if (!create.with_data) plan = std::make_shared<sql::LogicalLimit>(plan, 0, 0);
  exec::CopyResult written = WriteRows(plan, target);

  commit.database = database_name;
  commit.table = table_name;
  commit.cause = StatementCause("ctas", create.ToString());
  commit.create_table = table;
  AddWrittenFiles(commit, catalog, table, written, target.path);
  guard.Release();  // the commit owns the staging folder now
  CommitTable(commit, catalog);
  return QueryResult::RowsWritten(written.rows);
}

QueryResult QueryEngine::RunInsert(std::string_view sql, const sql::InsertStatement& insert) {
  CatalogContext& catalog = WriteTargetContext(sql, insert.table, "INSERT INTO");
  catalog::Table table = LookupCatalogTable(sql, insert.table, catalog);
  if (table.kind == catalog::TableKind::kView) {
    ThrowCatalogError(sql, insert.table.position(), "cannot INSERT INTO " + table.QualifiedName() + ": it is a view");
  }
  sql::LogicalPlanPtr plan = InsertProjection(sql, insert, table, PlanQuery(sql, *insert.query));

  TableCommit commit;
  commit.id = NewCommitId();
  std::string staging = StagingFolder(catalog, commit.id);
  StagingGuard guard(staging);
  exec::CopyTarget target =
      TableCopyTarget(sql, insert.table.position(), table, plan->output(), staging, commit.id, "INSERT");
  exec::CopyResult written = WriteRows(plan, target);

  commit.database = table.database;
  commit.table = table.name;
  commit.cause = StatementCause("insert", insert.ToString());
  AddWrittenFiles(commit, catalog, table, written, target.path);
  if (written.rows == 0 || commit.moves.empty()) return QueryResult::RowsWritten(0);  // nothing to commit
  guard.Release();  // the commit owns the staging folder now
  CommitTable(commit, catalog);
  std::vector<std::string> folders;
  if (!table.is_partitioned()) {
    folders.push_back(ResolveCatalogPath(catalog, table.location));
  } else {
    for (const CommitPartition& partition : commit.partitions) {
      folders.push_back(ResolveCatalogPath(catalog, partition.location));
    }
  }
  AutoCompact(sql, insert.table, catalog, table, folders);
  return QueryResult::RowsWritten(written.rows);
}

}  // namespace sluice::engine
