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
#include "sql/parser/sql_error.h"
#include "sql/planner/logical_plan.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;

/// Removes a statement's staging folder unless the commit took it over.
class StagingGuard {
 public:
  explicit StagingGuard(std::string folder) : folder_(std::move(folder)) {}
  ~StagingGuard() {
    if (folder_.empty()) return;
    std::error_code error;
    fs::remove_all(folder_, error);
  }
  StagingGuard(const StagingGuard&) = delete;
  StagingGuard& operator=(const StagingGuard&) = delete;
  void Release() { folder_.clear(); }

 private:
  std::string folder_;
};

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

/// The written files' partitions: values from each file's folders below `root`.
struct WrittenFile {
  std::string path;      ///< Staged, absolute.
  std::string relative;  ///< Below the staging root: k=v/…/part-….
  std::vector<std::string> values;
};

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

/// The query's rows as the table's columns (data columns, then partition keys):
/// by position, or by the INSERT's column list (other columns NULL), each coerced
/// to the column's type.
sql::LogicalPlanPtr InsertProjection(std::string_view sql, const sql::InsertStatement& insert,
                                     const catalog::Table& table, const sql::LogicalPlanPtr& plan) {
  std::vector<catalog::Column> columns = table.columns;
  for (const catalog::Column& key : table.partition_keys) columns.push_back(key);
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
  }
  std::vector<sql::BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  for (size_t i = 0; i < columns.size(); ++i) {
    const DataType& type = columns[i].type;
    sql::BoundExpressionPtr value;
    if (!sources[i]) {
      value = sql::MakeConstant(Value::Null(type));
    } else {
      const Field& field = output.field(*sources[i]);
      value = sql::MakeColumnRef(*sources[i], field.type, field.name);
      if (field.type != type) {
        if (field.type.id() != TypeId::kUnknown && !sql::CanCoerce(field.type, type)) {
          sql::ThrowBinderError(sql, insert.query->position,
                                "column " + std::to_string(*sources[i] + 1) + " of the query has type " +
                                    field.type.ToString() + ", which cannot be stored in column '" + columns[i].name +
                                    "' of type " + type.ToString() + " (CAST it)");
        }
        value = sql::CoerceTo(value, type);
      }
    }
    expressions.push_back(std::move(value));
    names.push_back(columns[i].name);
  }
  return std::make_shared<sql::LogicalProject>(plan, std::move(expressions), std::move(names));
}

}  // namespace

CatalogContext& QueryEngine::RequireCatalog(std::string_view sql, sql::SourcePosition position, std::string_view what) {
  if (!catalog_) {
    sql::ThrowNotImplemented(sql, position,
                             std::string(what) +
                                 " needs a lake's catalog: run inside a lake, or with --lake DIR "
                                 "(create one with `sluice init DIR`)");
  }
  return *catalog_;
}

QueryResult QueryEngine::RunCatalogStatement(std::string_view sql, const sql::Statement& statement) {
  CatalogContext& catalog = RequireCatalog(sql, statement.position, sql::StatementKindName(statement.kind()));
  if (std::optional<QueryResult> result = RunCatalogDdl(sql, statement, catalog)) return std::move(*result);
  if (std::optional<QueryResult> result = RunCatalogShow(sql, statement, catalog)) return std::move(*result);
  sql::ThrowNotImplemented(sql, statement.position,
                           std::string(sql::StatementKindName(statement.kind())) + " is not supported yet");
}

QueryResult QueryEngine::RunCatalogCreateTableAs(std::string_view sql, const sql::CreateTableAsStatement& create) {
  CatalogContext& catalog = RequireCatalog(sql, create.position, "CREATE TABLE db.name AS");
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
    location = database->location.empty() ? table_name : database->location + "/" + table_name;
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
  std::vector<WrittenFile> files = WrittenFiles(written, target.path, target.partition_by.size());
  for (const WrittenFile& file : files) commit.moves.push_back({file.path, folder + "/" + file.relative});
  if (table.is_partitioned()) {
    for (const auto& [values, rows] : RowsByPartition(files, table.format == catalog::StorageFormat::kParquet)) {
      commit.partitions.push_back({values, DefaultPartitionLocation(table, values), rows});
    }
  } else {
    commit.table_rows = static_cast<int64_t>(written.rows);
  }
  commit.create_table = std::move(table);
  guard.Release();  // the commit owns the staging folder now
  CommitTable(commit, catalog);
  return QueryResult::RowsWritten(written.rows);
}

QueryResult QueryEngine::RunInsert(std::string_view sql, const sql::InsertStatement& insert) {
  if (!catalog_) {
    sql::ThrowNotImplemented(sql, insert.position,
                             "INSERT INTO writes catalog tables, which need a lake: run inside a lake or with "
                             "--lake DIR (session tables of CREATE TABLE AS cannot be appended to)");
  }
  CatalogContext& catalog = *catalog_;
  catalog::Table table = LookupCatalogTable(sql, insert.table, catalog);
  if (table.kind == catalog::TableKind::kView) {
    ThrowCatalogError(sql, insert.table.position(), "cannot INSERT INTO " + table.QualifiedName() + ": it is a view");
  }
  sql::LogicalPlanPtr plan = InsertProjection(sql, insert, table, PlanQuery(sql, *insert.query));

  exec::CopyTarget target;
  target.layout = exec::CopyTarget::Layout::kFolder;
  target.existing = exec::CopyTarget::ExistingFolder::kFail;
  target.create_parents = true;
  target.schema = plan->output();
  target.statement = "INSERT";
  target.write = TableWriteOptions(sql, insert.table.position(), table);
  for (const catalog::Column& key : table.partition_keys) target.partition_by.push_back(key.name);

  TableCommit commit;
  commit.id = NewCommitId();
  std::string staging = StagingFolder(catalog, commit.id);
  StagingGuard guard(staging);
  target.path = staging + "/data";
  target.file_name = "part-00000-" + commit.id;
  exec::CopyResult written = WriteRows(plan, target);

  commit.database = table.database;
  commit.table = table.name;
  commit.cause = StatementCause("insert", insert.ToString());
  std::vector<WrittenFile> files = WrittenFiles(written, target.path, table.partition_keys.size());
  if (!table.is_partitioned()) {
    std::string folder = ResolveCatalogPath(catalog, table.location);
    for (const WrittenFile& file : files) commit.moves.push_back({file.path, folder + "/" + file.relative});
    commit.table_rows = static_cast<int64_t>(written.rows);
  } else {
    for (const auto& [values, rows] : RowsByPartition(files, table.format == catalog::StorageFormat::kParquet)) {
      std::optional<catalog::Partition> existing = catalog.store->GetPartition(table.database, table.name, values);
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
  if (written.rows == 0 || commit.moves.empty()) return QueryResult::RowsWritten(0);  // nothing to commit
  guard.Release();  // the commit owns the staging folder now
  CommitTable(commit, catalog);
  return QueryResult::RowsWritten(written.rows);
}

}  // namespace sluice::engine
