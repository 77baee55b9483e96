// Running jobs (job_runner.h): sources and steps as session views of one engine,
// targets written into a staging folder, one commit for the lake and bookmarks.

#include "jobs/job_runner.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "catalog/store.h"
#include "core/ascii.h"
#include "core/error.h"
#include "engine/catalog_context.h"
#include "engine/catalog_files.h"
#include "engine/catalog_statements.h"
#include "engine/catalog_write.h"
#include "engine/prepared_statement.h"
#include "engine/query_engine.h"
#include "engine/table_commit.h"
#include "exec/operators/copy_to.h"
#include "jobs/builtin_steps.h"
#include "jobs/connections.h"
#include "jobs/postgres_io.h"
#include "lake/engine_context.h"

namespace sluice::jobs {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// "name" with embedded quotes doubled: a SQL identifier whatever the name holds.
std::string Quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// 'text' with embedded quotes doubled.
std::string Literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

/// A data file as bookmarks identify it.
struct FileInfo {
  std::string path;          ///< Absolute.
  std::string catalog_path;  ///< Relative to the lake when inside it.
  uint64_t size = 0;
  int64_t modified = 0;  ///< Microseconds since the epoch.
};

FileInfo StatFile(const std::string& path, const lake::Lake& lake) {
  FileInfo info;
  info.path = path;
  info.catalog_path = lake.ToCatalogPath(path);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    info.size = static_cast<uint64_t>(st.st_size);
    info.modified = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000;
  }
  return info;
}

std::string BookmarkValue(const FileInfo& file, int64_t run_id) {
  return Json{{"size", file.size}, {"modified", file.modified}, {"run", run_id}}.dump();
}

/// What one source read, for the run record.
struct SourceReport {
  std::string name;
  std::string kind;
  std::string what;  ///< The table, path or connection.
  size_t files = 0;
  uint64_t bytes = 0;
  int64_t rows = -1;  ///< -1: not counted (text files are not parsed twice).
  size_t skipped = 0;  ///< Files skipped by the bookmark.
  std::vector<FileInfo> consumed;  ///< Bookmarked sources: the new files read.
};

/// What one target wrote.
struct TargetReport {
  std::string kind;
  std::string name;
  std::string mode;
  uint64_t rows = 0;
  size_t files = 0;
  uint64_t bytes = 0;
  size_t partitions = 0;
  uint64_t rows_replaced = 0;
  bool created = false;
};

/// An error of the run whose kind decides retrying, with its context in front.
[[noreturn]] void Rethrow(const Error& error, const std::string& context) {
  std::string message = context + ": " + error.what();
  switch (error.kind()) {
    case ErrorKind::kInvalidArgument: throw InvalidArgumentError(message);
    case ErrorKind::kIO: throw IOError(message);
    case ErrorKind::kFormat: throw FormatError(message);
    case ErrorKind::kConversion: throw ConversionError(message);
    case ErrorKind::kParse: throw ParseError(message);
    case ErrorKind::kBinder: throw BinderError(message);
    case ErrorKind::kConstraint: throw ConstraintError(message);
    case ErrorKind::kNotImplemented: throw NotImplementedError(message);
    case ErrorKind::kOutOfMemory: throw OutOfMemoryError(message);
    case ErrorKind::kInterrupted: throw InterruptedError(message);
    case ErrorKind::kCatalog: throw CatalogError(message);
    case ErrorKind::kInternal: throw InternalError(message);
  }
  throw InternalError(message);
}

/// Runs `fn`, putting `context` in front of any error it throws.
template <typename Fn>
auto WithContext(const std::string& context, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error& error) {
    Rethrow(error, context);
  }
}

/// For an error inside a step's SQL: "SQL line 3 is line 16 of jobs/x.yaml".
std::string SqlLineHint(const std::string& message, const StepSpec& step) {
  static const std::regex kLine("line ([0-9]+):([0-9]+)");
  std::smatch match;
  if (step.sql_line <= 0 || !std::regex_search(message, match, kLine)) return "";
  int line = std::stoi(match[1].str());
  return " (SQL line " + match[1].str() + " is line " + std::to_string(step.sql_line + line - 1) + " of " +
         step.place.file + ")";
}

/// <lake>/.sluice/runs/<commit id>.lock: held (flock) by the process running an
/// attempt, so a RUNNING record whose lock is free belongs to a dead process.
std::string RunLockPath(const lake::Lake& lake, const std::string& commit_id) {
  return lake.private_dir() + "/runs/" + commit_id + ".lock";
}

class RunLock {
 public:
  RunLock(const lake::Lake& lake, const std::string& commit_id) : path_(RunLockPath(lake, commit_id)) {
    std::error_code error;
    fs::create_directories(fs::path(path_).parent_path(), error);
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0 || ::flock(fd_, LOCK_EX | LOCK_NB) != 0) throw IOError("cannot lock the run file " + path_);
  }
  ~RunLock() {
    ::unlink(path_.c_str());
    if (fd_ >= 0) ::close(fd_);
  }
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

/// The rows of the last statement of `sql`.
engine::QueryResult LastResult(engine::QueryEngine& engine, const std::string& sql) {
  std::vector<engine::QueryResult> results = engine.ExecuteAll(sql);
  return std::move(results.back());
}

int64_t CountRows(engine::QueryEngine& engine, const std::string& view) {
  engine::QueryResult count = LastResult(engine, "SELECT count(*) FROM " + Quoted(view));
  return Value::FromVector(count.chunks.at(0).column(0), 0).int64();
}

/// One attempt of a job: a run record, an engine session, a staging folder.
class Attempt {
 public:
  Attempt(lake::Lake& lake, const JobSpec& spec, const JobRunOptions& options, int attempt)
      : lake_(lake), spec_(spec), options_(options), attempt_(attempt) {}

  JobRunResult Run();

 private:
  void Log(const std::string& line);
  void Execute();
  void SetUpEngine();
  void BindArguments();
  void DefineSource(const SourceSpec& source);
  void DefineStep(const StepSpec& step);
  void MaterializeShared();
  void WriteLakeTarget(const TargetSpec& target, size_t index);
  void LoadPostgresTarget(const TargetSpec& target);
  void Commit();
  void Archive();
  std::string DetailsJson(const std::string& error) const;
  std::string Summary() const;
  /// The bookmark filter: files of `all` not consumed by an earlier run.
  std::vector<FileInfo> NewFiles(const SourceSpec& source, const std::vector<std::string>& all, SourceReport* report);

  lake::Lake& lake_;
  const JobSpec& spec_;
  const JobRunOptions& options_;
  int attempt_;
  catalog::Run run_;
  std::string commit_id_;
  std::string staging_;
  std::unique_ptr<engine::StagingGuard> staging_guard_;
  std::unique_ptr<RunLock> run_lock_;
  std::unique_ptr<engine::QueryEngine> engine_;
  engine::CatalogContext context_;
  std::map<std::string, Value, std::less<>> parameters_;
  std::vector<SourceReport> sources_;
  std::vector<TargetReport> targets_;
  std::vector<engine::TableCommit> table_commits_;
  std::vector<std::unique_ptr<PostgresLoad>> loads_;
  std::vector<std::string> log_;
  std::vector<std::string> plans_;
  bool bookmarked_ = false;
  bool nothing_new_ = false;
  std::mutex log_mutex_;
};

void Attempt::Log(const std::string& line) {
  std::lock_guard lock(log_mutex_);
  if (log_.size() < 2000) log_.push_back(line);
  if (options_.log) options_.log(line);
}

void Attempt::SetUpEngine() {
  engine_ = std::make_unique<engine::QueryEngine>();
  context_ = lake::EngineContext(lake_);
  engine_->AttachCatalog(context_);
}

void Attempt::BindArguments() {
  std::map<std::string, std::string> given;
  for (const auto& [name, value] : options_.args) given[AsciiLower(name)] = value;
  auto typed = [&](const std::string& name, const std::string& text, const DataType& type) {
    engine::PreparedStatement cast = engine_->Prepare("SELECT CAST(? AS " + type.ToString() + ")");
    cast.Bind(1, Value::Varchar(text));
    try {
      engine::QueryResult result = cast.Execute();
      return Value::FromVector(result.chunks.at(0).column(0), 0);
    } catch (const Error& error) {
      throw InvalidArgumentError("--arg " + name + "=" + text + ": not a " + type.ToString() + " (" + error.what() + ")");
    }
  };
  for (const ParameterSpec& parameter : spec_.parameters) {
    auto it = given.find(parameter.name);
    if (it != given.end()) {
      parameters_[parameter.name] = typed(parameter.name, it->second, parameter.type);
      given.erase(it);
    } else if (parameter.default_value) {
      parameters_[parameter.name] = typed(parameter.name, *parameter.default_value, parameter.type);
    }
  }
  // Undeclared arguments take the type their text reads as.
  static const std::regex kInteger("-?[0-9]{1,18}");
  static const std::regex kNumber("-?[0-9]+\\.[0-9]+");
  static const std::regex kDate("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  static const std::regex kTimestamp("[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?");
  for (const auto& [name, text] : given) {
    DataType type = DataType::Varchar();
    if (std::regex_match(text, kInteger)) {
      type = DataType::BigInt();
    } else if (std::regex_match(text, kNumber)) {
      type = DataType::Double();
    } else if (std::regex_match(text, kDate)) {
      type = DataType::Date();
    } else if (std::regex_match(text, kTimestamp)) {
      type = DataType::Timestamp();
    } else if (text == "true" || text == "false") {
      type = DataType::Boolean();
    }
    parameters_[name] = type.id() == TypeId::kVarchar ? Value::Varchar(text) : typed(name, text, type);
  }
  engine_->set_session_parameters(parameters_);
}

std::vector<FileInfo> Attempt::NewFiles(const SourceSpec& source, const std::vector<std::string>& all,
                                        SourceReport* report) {
  std::vector<FileInfo> files;
  std::map<std::string, std::string> consumed;
  if (source.bookmark) {
    for (auto& [key, value] : lake_.catalog().ListState(BookmarkNamespace(spec_.name, source.name))) {
      consumed.emplace(key, value);
    }
  }
  for (const std::string& path : all) {
    FileInfo info = StatFile(path, lake_);
    if (source.bookmark) {
      auto it = consumed.find(info.catalog_path);
      if (it != consumed.end()) {
        Json seen = Json::parse(it->second, nullptr, false);
        if (!seen.is_discarded() && seen.value("size", uint64_t{0}) == info.size &&
            seen.value("modified", int64_t{0}) == info.modified) {
          ++report->skipped;
          continue;
        }
      }
    }
    report->bytes += info.size;
    files.push_back(std::move(info));
  }
  report->files = files.size();
  if (source.bookmark) report->consumed = files;
  return files;
}

void Attempt::DefineSource(const SourceSpec& source) {
  SourceReport report;
  report.name = source.name;
  std::string context = source.place.ToString() + " (source " + source.name + ")";
  WithContext(context, [&] {
    if (source.kind == SourceSpec::Kind::kTable) {
      report.kind = "table";
      report.what = source.table;
      std::string database = std::string(lake::kDefaultDatabase);
      std::string name = source.table;
      if (size_t dot = source.table.find('.'); dot != std::string::npos) {
        database = source.table.substr(0, dot);
        name = source.table.substr(dot + 1);
      }
      std::optional<catalog::Table> table = lake_.catalog().GetTable(database, name);
      if (!table) throw CatalogError("table " + database + "." + name + " does not exist");
      if (table->kind == catalog::TableKind::kView && source.bookmark) {
        throw InvalidArgumentError(database + "." + name + " is a view: bookmarks follow the files of a table");
      }
      if (table->kind != catalog::TableKind::kView) {
        std::vector<std::string> all;
        if (table->is_partitioned()) {
          for (const catalog::Partition& partition : lake_.catalog().ListPartitions(database, name)) {
            if (partition.deprecated) continue;
            for (std::string& file : engine::ListDataFiles(lake_.Resolve(partition.location))) all.push_back(file);
          }
        } else {
          all = engine::ListDataFiles(lake_.Resolve(table->location));
        }
        std::vector<FileInfo> files = NewFiles(source, all, &report);
        if (source.bookmark) {
          std::set<std::string> chosen;
          for (const FileInfo& file : files) chosen.insert(file.path);
          engine_->RestrictTableFiles(database, name, std::move(chosen));
        }
      }
      engine_->DefineSessionView(source.name, "SELECT * FROM " + Quoted(database) + "." + Quoted(name));
      if (table->kind != catalog::TableKind::kView && table->format == catalog::StorageFormat::kParquet) {
        report.rows = CountRows(*engine_, source.name);
      }
    } else if (source.kind == SourceSpec::Kind::kPath) {
      report.kind = "path";
      report.what = source.path;
      std::string root = lake_.Resolve(source.path);
      if (!fs::exists(root)) throw InvalidArgumentError("path " + source.path + " does not exist in the lake");
      std::vector<std::string> all = engine::ListDataFiles(root);
      std::string format = source.format;
      if (format.empty()) {
        for (const std::string& file : all) {
          std::optional<formats::FileFormat> detected = formats::FileFormatFromExtension(file);
          std::string name = !detected                                    ? ""
                             : *detected == formats::FileFormat::kCsv     ? "csv"
                             : *detected == formats::FileFormat::kJson    ? "json"
                                                                          : "parquet";
          if (name.empty()) continue;
          if (!format.empty() && format != name) {
            throw InvalidArgumentError("path " + source.path + " holds " + format + " and " + name +
                                       " files: name the format with format:");
          }
          format = name;
        }
        if (format.empty() && !all.empty()) {
          throw InvalidArgumentError("cannot tell the format of the files under " + source.path +
                                     " by their names: give format: csv, json or parquet");
        }
      }
      if (all.empty()) throw InvalidArgumentError("path " + source.path + " holds no data files");
      std::vector<FileInfo> files = NewFiles(source, all, &report);
      // With no new file the source keeps its columns and has no rows.
      std::vector<std::string> read = {files.empty() ? all.front() : std::string()};
      if (!files.empty()) {
        read.clear();
        for (const FileInfo& file : files) read.push_back(file.path);
      }
      std::string list;
      bool hive = false;
      for (const std::string& file : read) {
        list += (list.empty() ? "" : ", ") + Literal(file);
        hive = hive || fs::path(file).lexically_relative(root).string().find('=') != std::string::npos;
      }
      std::string call = "read_" + format + "(ARRAY[" + list + "]";
      if (hive) call += ", hive_partitioning => true";
      for (const auto& [key, value] : source.csv) {
        std::string option = key == "skip_rows" ? "skip" : key;
        std::string lower = AsciiLower(value);
        bool plain = lower == "true" || lower == "false" ||
                     (option == "skip" && !value.empty() && value.find_first_not_of("0123456789") == std::string::npos);
        call += ", " + option + " => " + (plain ? lower : Literal(value));
      }
      call += ")";
      engine_->DefineSessionView(source.name,
                                 "SELECT * FROM " + call + (files.empty() ? " AS t LIMIT 0" : std::string()));
      if (format == "parquet") {
        report.rows = CountRows(*engine_, source.name);
      }
    } else {
      report.kind = "postgresql";
      const lake::ConnectionConfig* connection = lake_.FindConnection(source.connection);
      if (connection == nullptr) {
        throw InvalidArgumentError("connection '" + source.connection + "' is not defined in sluice.yaml (connections:)");
      }
      report.what = source.connection + ":" + (source.postgres_table.empty() ? "query" : source.postgres_table);
      PostgresSourceOptions read;
      read.table = source.postgres_table;
      read.query = source.query;
      read.partition_column = source.partition_column;
      read.partitions = source.partitions;
      PostgresReadResult result = ReadPostgresSource(*connection, read, staging_ + "/sources/" + source.name);
      report.rows = static_cast<int64_t>(result.rows);
      report.bytes = result.bytes;
      report.files = result.files.size();
      std::string list;
      for (const std::string& file : result.files) list += (list.empty() ? "" : ", ") + Literal(file);
      engine_->DefineSessionView(source.name, "SELECT * FROM read_parquet(ARRAY[" + list + "])");
    }
    return 0;
  });
  Log("source " + source.name + " (" + report.kind + " " + report.what + "): " + std::to_string(report.files) +
      " file(s), " + std::to_string(report.bytes) + " bytes" +
      (report.rows >= 0 ? ", " + std::to_string(report.rows) + " rows" : std::string()) +
      (source.bookmark ? ", " + std::to_string(report.skipped) + " already consumed" : std::string()));
  sources_.push_back(std::move(report));
}

void Attempt::DefineStep(const StepSpec& step) {
  std::string sql = step.sql;
  std::string context = step.place.ToString() + " (step " + step.name + ")";
  if (step.kind != "sql") {
    lake::YamlReader reader(spec_.file);
    BuiltinContext builtin;
    builtin.input_name = Quoted(step.from);
    builtin.input = WithContext(context, [&] { return engine_->Describe("SELECT * FROM " + Quoted(step.from)); });
    builtin.query_row = [&](const std::string& query) {
      std::vector<std::optional<std::string>> row;
      engine::QueryResult result = LastResult(*engine_, query);
      for (const Chunk& chunk : result.chunks) {
        if (chunk.size() == 0) continue;
        for (size_t c = 0; c < chunk.num_columns(); ++c) {
          Value value = Value::FromVector(chunk.column(c), 0);
          row.push_back(value.is_null() ? std::nullopt : std::optional<std::string>(value.ToString()));
        }
        break;
      }
      return row;
    };
    builtin.secret_parameter = [&](const std::string& secret_name) {
      std::string parameter = "__secret_" + AsciiLower(secret_name);
      std::string value = ReadSecret(secret_name, lake_.config().secrets_file, lake_.root());
      parameters_[parameter] = Value::Varbinary(value);
      engine_->set_session_parameters(parameters_);
      return ":" + parameter;
    };
    sql = WithContext(context, [&] { return CompileBuiltinStep(step.builtin, builtin, reader); });
  }
  try {
    Schema schema = engine_->DefineSessionView(step.name, sql);
    std::string columns;
    for (const Field& field : schema.fields()) columns += (columns.empty() ? "" : ", ") + field.name + " " + field.type.ToString();
    Log("step " + step.name + " (" + step.kind + "): " + columns);
    if (options_.validate_only) {
      plans_.push_back("step " + step.name + ":\n" + engine_->ExplainQuery("SELECT * FROM " + Quoted(step.name)));
    }
  } catch (const Error& error) {
    std::string message = error.what();
    Rethrow(error, context + (step.kind == "sql" ? SqlLineHint(message, step) : " (compiled to: " + sql + ")"));
  }
}

void Attempt::MaterializeShared() {
  std::map<std::string, int> uses;
  for (const TargetSpec& target : spec_.targets) ++uses[AsciiLower(target.from)];
  for (const auto& [name, count] : uses) {
    if (count < 2) continue;
    std::string table = "__job_" + name;
    WithContext("step " + name + " (materialized once for its " + std::to_string(count) + " targets)", [&] {
      engine_->ExecuteAll("CREATE TEMPORARY TABLE " + Quoted(table) + " AS SELECT * FROM " + Quoted(name));
      engine_->DefineSessionView(name, "SELECT * FROM " + Quoted(table));
      return 0;
    });
    Log("step " + name + " materialized for " + std::to_string(count) + " targets");
  }
}

void Attempt::WriteLakeTarget(const TargetSpec& target, size_t index) {
  TargetReport report;
  report.kind = "table";
  report.name = target.table;
  report.mode = std::string(TargetModeName(target.mode));
  std::string database = std::string(lake::kDefaultDatabase);
  std::string name = target.table;
  if (size_t dot = target.table.find('.'); dot != std::string::npos) {
    database = target.table.substr(0, dot);
    name = target.table.substr(dot + 1);
  }
  catalog::CatalogStore& store = lake_.catalog();
  Schema schema = engine_->Describe("SELECT * FROM " + Quoted(target.from));
  auto find = [&](const std::string& column) {
    for (size_t i = 0; i < schema.num_fields(); ++i) {
      if (AsciiLower(schema.field(i).name) == column) return static_cast<int>(i);
    }
    return -1;
  };
  std::string from_columns;
  for (const Field& field : schema.fields()) from_columns += (from_columns.empty() ? "" : ", ") + field.name;
  std::optional<catalog::Table> existing = store.GetTable(database, name);
  catalog::Table table;
  if (existing) {
    if (existing->kind == catalog::TableKind::kView) throw CatalogError(database + "." + name + " is a view");
    if (target.mode == TargetSpec::Mode::kErrorIfExists) {
      throw CatalogError("table " + database + "." + name + " exists (mode error_if_exists)");
    }
    table = *existing;
    std::vector<std::string> keys;
    for (const catalog::Column& key : table.partition_keys) keys.push_back(key.name);
    if (!target.partition_by.empty() && target.partition_by != keys) {
      throw InvalidArgumentError("table " + database + "." + name + " is partitioned by [" + lake::JoinNames(keys) +
                                 "], not by [" + lake::JoinNames(target.partition_by) + "]");
    }
    if (target.mode == TargetSpec::Mode::kOverwritePartitions && keys.empty()) {
      throw InvalidArgumentError("table " + database + "." + name +
                                 " is not partitioned: overwrite_partitions needs partitions (use overwrite)");
    }
  } else {
    std::optional<catalog::Database> db = store.GetDatabase(database);
    if (!db) throw CatalogError("database " + database + " does not exist (create it, or use a zone's: raw, curated…)");
    table.database = database;
    table.name = name;
    table.kind = catalog::TableKind::kManaged;
    table.format = catalog::ParseStorageFormat(target.format);
    for (const std::string& key : target.partition_by) {
      if (find(key) < 0) throw InvalidArgumentError("partition_by: " + key + " is no column of " + target.from + " (" + from_columns + ")");
    }
    for (const Field& field : schema.fields()) {
      const DataType& type = field.type;
      if (type.id() == TypeId::kUnknown || type.is_interval() || type.is_nested()) {
        throw InvalidArgumentError("column " + field.name + " of " + target.from + " has type " + type.ToString() +
                                   ", which a table cannot store (CAST it in a step)");
      }
      std::string column = AsciiLower(field.name);
      if (std::find(target.partition_by.begin(), target.partition_by.end(), column) == target.partition_by.end()) {
        table.columns.push_back({column, type, ""});
      }
    }
    for (const std::string& key : target.partition_by) table.partition_keys.push_back({key, schema.field(find(key)).type, ""});
    if (!target.compression.empty()) table.parameters["write_compression"] = target.compression;
    table.location = engine::NewManagedLocation(*db, name, context_);
    table.owner = getenv("USER") != nullptr ? getenv("USER") : "";
    table.comment = "written by job " + spec_.name;
    report.created = true;
  }
  catalog::Table writing = table;  // the write's file sizing; not stored for an existing table
  if (target.target_file_size > 0) writing.parameters["target_file_size"] = std::to_string(target.target_file_size);
  if (target.max_rows_per_file > 0) writing.parameters["max_rows_per_file"] = std::to_string(target.max_rows_per_file);
  if (report.created) table.parameters = writing.parameters;

  // The stored columns in order, each from the column of that name.
  std::string select;
  Schema stored;
  for (const catalog::Column& column : engine::StoredColumns(table)) {
    int source = find(column.name);
    if (source < 0) {
      throw InvalidArgumentError("table " + database + "." + name + " has a column " + column.name + " that " +
                                 target.from + " lacks (it has " + from_columns + ")");
    }
    const DataType& type = schema.field(static_cast<size_t>(source)).type;
    std::string expression = Quoted(schema.field(static_cast<size_t>(source)).name);
    if (type != column.type) expression = "CAST(" + expression + " AS " + column.type.ToString() + ")";
    select += (select.empty() ? "" : ", ") + expression + " AS " + Quoted(column.name);
    stored.AddField({column.name, column.type});
  }
  for (const Field& field : schema.fields()) {
    bool known = false;
    for (const Field& column : stored.fields()) known = known || column.name == AsciiLower(field.name);
    if (!known) {
      throw InvalidArgumentError(target.from + " has a column " + field.name + " that table " + database + "." + name +
                                 " lacks (add it first: ALTER TABLE " + database + "." + name + " ADD COLUMN …)");
    }
  }
  std::string query = "SELECT " + select + " FROM " + Quoted(target.from);
  if (options_.validate_only) {
    plans_.push_back("target " + database + "." + name + " (" + report.mode + (report.created ? ", created" : "") +
                     "):\n" + engine_->ExplainQuery(query));
    targets_.push_back(report);
    return;
  }
  exec::CopyTarget copy = engine::TableCopyTarget("", sql::SourcePosition{}, writing, stored,
                                                  staging_ + "/t" + std::to_string(index), commit_id_, "job " + spec_.name);
  exec::CopyResult written = engine_->WriteQuery(query, copy);

  engine::TableCommit commit;
  commit.id = commit_id_;
  commit.database = database;
  commit.table = name;
  commit.cause = catalog::ChangeCause{"job", spec_.name, run_.id};
  if (report.created) commit.create_table = table;
  engine::AddWrittenFiles(commit, context_, table, written, copy.path);
  if (target.mode == TargetSpec::Mode::kOverwrite) commit.replace = engine::ReplaceMode::kAll;
  if (target.mode == TargetSpec::Mode::kOverwritePartitions) commit.replace = engine::ReplaceMode::kPartitions;
  report.rows = written.rows;
  report.files = written.files.size();
  for (const std::string& file : written.files) {
    std::error_code error;
    report.bytes += fs::file_size(file, error);
  }
  report.partitions = commit.partitions.size();
  Log("target " + database + "." + name + " (" + report.mode + (report.created ? ", new table" : "") + "): " +
      std::to_string(report.rows) + " rows in " + std::to_string(report.files) + " file(s)" +
      (table.is_partitioned() ? ", " + std::to_string(report.partitions) + " partition(s)" : std::string()));
  table_commits_.push_back(std::move(commit));
  targets_.push_back(report);
}

void Attempt::LoadPostgresTarget(const TargetSpec& target) {
  TargetReport report;
  report.kind = "postgresql";
  report.name = target.connection + ":" + target.postgres_table;
  report.mode = std::string(TargetModeName(target.mode));
  const lake::ConnectionConfig* connection = lake_.FindConnection(target.connection);
  if (connection == nullptr) {
    throw InvalidArgumentError("connection '" + target.connection + "' is not defined in sluice.yaml (connections:)");
  }
  Schema schema = engine_->Describe("SELECT * FROM " + Quoted(target.from));
  for (const Field& field : schema.fields()) PostgresTypeName(field.type, field.name);  // refuse early
  if (options_.validate_only) {
    targets_.push_back(report);
    return;
  }
  PostgresTargetOptions load_options;
  load_options.table = target.postgres_table;
  switch (target.mode) {
    case TargetSpec::Mode::kTruncateInsert: load_options.mode = PostgresTargetOptions::Mode::kTruncateInsert; break;
    case TargetSpec::Mode::kUpsert: load_options.mode = PostgresTargetOptions::Mode::kUpsert; break;
    case TargetSpec::Mode::kReplaceWhere: load_options.mode = PostgresTargetOptions::Mode::kReplaceWhere; break;
    default: load_options.mode = PostgresTargetOptions::Mode::kAppend; break;
  }
  load_options.keys = target.keys;
  load_options.replace_where = target.replace_where;
  for (const auto& [name, value] : parameters_) {
    if (name.rfind("__secret_", 0) != 0) load_options.parameters[name] = value;
  }
  load_options.create = target.create;
  auto load = std::make_unique<PostgresLoad>(*connection, load_options, schema);
  load->Begin();
  engine_->StreamQuery("SELECT * FROM " + Quoted(target.from), [](const Schema&) {},
                       [&](const Chunk& chunk) { load->Write(chunk); });
  load->Finish();
  report.rows = load->rows();
  report.bytes = load->bytes();
  report.rows_replaced = load->rows_replaced();
  Log("target " + report.name + " (" + report.mode + "): " + std::to_string(report.rows) +
      " rows loaded, not committed yet");
  loads_.push_back(std::move(load));
  targets_.push_back(report);
}

std::string Attempt::Summary() const {
  if (nothing_new_) return "no new files in the bookmarked sources; nothing written";
  uint64_t rows = 0;
  for (const TargetReport& target : targets_) rows += target.rows;
  size_t files = 0;
  for (const SourceReport& source : sources_) files += source.files;
  return std::to_string(files) + " file(s) read, " + std::to_string(rows) + " rows written to " +
         std::to_string(targets_.size()) + " target(s)";
}

std::string Attempt::DetailsJson(const std::string& error) const {
  Json args = Json::object();
  for (const auto& [name, value] : options_.args) args[name] = value;
  Json sources = Json::array();
  for (const SourceReport& source : sources_) {
    Json consumed = Json::array();
    for (const FileInfo& file : source.consumed) consumed.push_back(file.catalog_path);
    sources.push_back({{"name", source.name},
                       {"kind", source.kind},
                       {"what", source.what},
                       {"files", source.files},
                       {"bytes", source.bytes},
                       {"rows", source.rows >= 0 ? Json(source.rows) : Json()},
                       {"skipped_by_bookmark", source.skipped},
                       {"files_consumed", consumed}});
  }
  Json targets = Json::array();
  for (const TargetReport& target : targets_) {
    targets.push_back({{"kind", target.kind},
                       {"name", target.name},
                       {"mode", target.mode},
                       {"rows", target.rows},
                       {"files", target.files},
                       {"bytes", target.bytes},
                       {"partitions", target.partitions},
                       {"rows_replaced", target.rows_replaced},
                       {"created", target.created}});
  }
  Json details = {{"spec_file", spec_.file}, {"arguments", args},   {"attempt", attempt_}, {"sources", sources},
                  {"targets", targets},       {"commit", commit_id_}, {"log", log_}};
  if (!error.empty()) details["error"] = error;
  return details.dump();
}

void Attempt::Commit() {
  // PostgreSQL first: a lake commit that fails after it leaves the bookmark where it
  // was, so the next run loads the same rows again (job_runner.h).
  for (size_t i = 0; i < loads_.size(); ++i) loads_[i]->Commit();
  if (!loads_.empty()) Log(std::to_string(loads_.size()) + " PostgreSQL load(s) committed");
  engine::LakeCommit commit;
  commit.id = commit_id_;
  commit.tables = std::move(table_commits_);
  for (size_t s = 0; s < spec_.sources.size(); ++s) {
    const SourceSpec& source = spec_.sources[s];
    if (!source.bookmark) continue;
    for (const FileInfo& file : sources_[s].consumed) {
      commit.state.push_back({BookmarkNamespace(spec_.name, source.name), file.catalog_path, BookmarkValue(file, run_.id)});
    }
  }
  catalog::Run finished = run_;
  finished.status = "succeeded";
  finished.finished = NowMicros();
  finished.summary = Summary();
  finished.details_json = DetailsJson("");
  commit.finish_run = finished;
  staging_guard_->Release();  // the commit owns the staging folder now
  engine::CommitLake(std::move(commit), context_);
  Log("committed " + commit_id_);
}

void Attempt::Archive() {
  for (size_t s = 0; s < spec_.sources.size(); ++s) {
    const SourceSpec& source = spec_.sources[s];
    if (source.archive.empty()) continue;
    std::string root = lake_.Resolve(source.path);
    std::string archive = lake_.Resolve(source.archive);
    size_t moved = 0;
    for (const FileInfo& file : sources_[s].consumed) {
      std::string relative = fs::path(file.path).lexically_relative(root).string();
      if (relative.empty() || relative.rfind("..", 0) == 0) relative = fs::path(file.path).filename().string();
      std::error_code error;
      fs::create_directories(fs::path(archive + "/" + relative).parent_path(), error);
      fs::rename(file.path, archive + "/" + relative, error);
      if (error) {
        Log("warning: cannot archive " + file.path + ": " + error.message());
      } else {
        ++moved;
      }
    }
    Log("source " + source.name + ": " + std::to_string(moved) + " consumed file(s) moved to " + source.archive);
  }
}

void Attempt::Execute() {
  SetUpEngine();
  if (options_.on_engine) options_.on_engine(engine_.get());
  BindArguments();
  // Every connection is known before any data moves.
  for (const SourceSpec& source : spec_.sources) {
    if (source.kind == SourceSpec::Kind::kPostgres && lake_.FindConnection(source.connection) == nullptr) {
      throw InvalidArgumentError(source.place.ToString() + " (source " + source.name + "): connection '" +
                                 source.connection + "' is not defined in sluice.yaml (connections:)");
    }
  }
  for (const TargetSpec& target : spec_.targets) {
    if (target.kind == TargetSpec::Kind::kPostgres && lake_.FindConnection(target.connection) == nullptr) {
      throw InvalidArgumentError(target.place.ToString() + " (target " + target.postgres_table + "): connection '" +
                                 target.connection + "' is not defined in sluice.yaml (connections:)");
    }
  }
  for (const SourceSpec& source : spec_.sources) DefineSource(source);
  bool any_new = false;
  for (size_t s = 0; s < spec_.sources.size(); ++s) {
    if (!spec_.sources[s].bookmark) continue;
    bookmarked_ = true;
    any_new = any_new || sources_[s].files > 0;
  }
  for (const StepSpec& step : spec_.steps) DefineStep(step);
  if (bookmarked_ && !any_new && !options_.validate_only) {
    nothing_new_ = true;
    Log("no new files in the bookmarked sources: nothing to do");
    return;
  }
  if (!options_.validate_only) MaterializeShared();
  for (size_t t = 0; t < spec_.targets.size(); ++t) {
    const TargetSpec& target = spec_.targets[t];
    WithContext(target.place.ToString() + " (target " +
                    (target.kind == TargetSpec::Kind::kTable ? target.table : target.postgres_table) + ")",
                [&] {
                  if (target.kind == TargetSpec::Kind::kTable) {
                    WriteLakeTarget(target, t);
                  } else {
                    LoadPostgresTarget(target);
                  }
                  return 0;
                });
  }
  if (options_.validate_only) return;
  Commit();
  Archive();
}

JobRunResult Attempt::Run() {
  JobRunResult result;
  commit_id_ = engine::NewCommitId();
  if (!options_.validate_only) {
    staging_ = lake_.staging_dir() + "/" + commit_id_;
    staging_guard_ = std::make_unique<engine::StagingGuard>(staging_);
    run_lock_ = std::make_unique<RunLock>(lake_, commit_id_);
    run_.kind = "job";
    run_.name = spec_.name;
    run_.started = NowMicros();
    run_.status = "running";
    run_.details_json = DetailsJson("");
    lake_.catalog().Write([&](catalog::CatalogWriter& writer) { run_.id = writer.StartRun(run_); });
    result.run_id = run_.id;
    Log("run " + std::to_string(run_.id) + " of job " + spec_.name +
        (attempt_ > 1 ? " (attempt " + std::to_string(attempt_) + ")" : std::string()));
  } else {
    staging_ = lake_.staging_dir() + "/" + commit_id_;
  }

  // The timeout: a watchdog cancels the running statement.
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  std::atomic<bool> timed_out{false};
  std::thread watchdog;
  if (spec_.timeout_seconds > 0 && !options_.validate_only) {
    watchdog = std::thread([&] {
      std::unique_lock lock(mutex);
      if (!done_signal.wait_for(lock, std::chrono::seconds(spec_.timeout_seconds), [&] { return done; })) {
        timed_out = true;
        if (engine_ != nullptr) engine_->Cancel();
      }
    });
  }
  std::string error;
  ErrorKind kind = ErrorKind::kInternal;
  try {
    Execute();
    result.status = "succeeded";
  } catch (const Error& problem) {
    error = problem.what();
    kind = problem.kind();
    result.status = kind == ErrorKind::kInterrupted ? (timed_out ? "timeout" : "cancelled") : "failed";
    if (timed_out) error = "timed out after " + std::to_string(spec_.timeout_seconds) + " s (" + error + ")";
  } catch (const std::exception& problem) {
    error = std::string("internal error: ") + problem.what();
    result.status = "failed";
  }
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  done_signal.notify_all();
  if (watchdog.joinable()) watchdog.join();
  for (auto& load : loads_) {
    try {
      if (result.status != "succeeded") load->Rollback();
    } catch (const std::exception&) {
    }
  }
  loads_.clear();
  if (options_.on_engine) options_.on_engine(nullptr);
  result.error = error;
  result.summary = result.status == "succeeded" ? Summary() : "nothing committed";
  if (options_.validate_only) {
    for (const std::string& plan : plans_) result.plan += plan + "\n";
    if (result.status != "succeeded") result.status = "failed";
    return result;
  }
  if (!error.empty()) Log("error: " + error);
  if (result.status != "succeeded" || nothing_new_) {
    catalog::Run finished = run_;
    finished.status = result.status;
    finished.finished = NowMicros();
    finished.summary = result.status == "succeeded" ? result.summary : result.status + ": " + error.substr(0, 300);
    finished.details_json = DetailsJson(error);
    try {
      lake_.catalog().Write([&](catalog::CatalogWriter& writer) { writer.FinishRun(finished); });
    } catch (const std::exception& problem) {
      Log(std::string("warning: the run's record could not be finished: ") + problem.what());
    }
  }
  // Retried: transient kinds only (I/O, a busy or unreachable store or server).
  result.plan = (kind == ErrorKind::kIO || kind == ErrorKind::kCatalog) ? "retry" : "";
  return result;
}

}  // namespace

std::string BookmarkNamespace(const std::string& job, const std::string& source) {
  return "job/" + job + "/bookmark/" + AsciiLower(source);
}

size_t ReapDeadRuns(lake::Lake& lake) {
  size_t reaped = 0;
  for (const catalog::Run& run : lake.catalog().ListRuns("job", "", 1000)) {
    if (run.status != "running") continue;
    Json details = Json::parse(run.details_json, nullptr, false);
    std::string commit = details.is_discarded() ? std::string() : details.value("commit", std::string());
    if (commit.empty()) continue;
    std::error_code error;
    // A pending commit of the run completes it (roll-forward), as succeeded.
    if (fs::exists(lake.private_dir() + "/commits/" + commit + ".json", error)) continue;
    std::string path = RunLockPath(lake, commit);
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
      bool alive = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
      ::close(fd);
      if (alive) continue;
    }
    catalog::Run finished = run;
    finished.status = "failed";
    finished.finished = NowMicros();
    finished.summary = "failed: the process running it ended without finishing it (killed or crashed)";
    details["error"] = "the process running it ended without finishing it (killed or crashed); nothing it wrote "
                       "to the lake was committed";
    finished.details_json = details.dump();
    lake.catalog().Write([&](catalog::CatalogWriter& writer) {
      std::optional<catalog::Run> current = writer.GetRun(run.id);
      if (current && current->status == "running") writer.FinishRun(finished);
    });
    ::unlink(path.c_str());
    ++reaped;
  }
  return reaped;
}

JobRunResult RunJob(lake::Lake& lake, const JobSpec& spec, const JobRunOptions& options) {
  if (!options.validate_only) ReapDeadRuns(lake);
  int backoff = spec.retry_backoff_seconds;
  for (int attempt = 1;; ++attempt) {
    Attempt run(lake, spec, options, attempt);
    JobRunResult result = run.Run();
    bool retry = result.plan == "retry";
    if (retry) result.plan.clear();
    if (options.validate_only || result.status != "failed" || !retry || attempt > spec.retries) return result;
    if (options.log) {
      options.log("attempt " + std::to_string(attempt) + " failed; retrying in " + std::to_string(backoff) + " s");
    }
    std::this_thread::sleep_for(std::chrono::seconds(backoff));
    backoff = std::min(backoff * 2, 3600);
  }
}

JobSpec LoadJobSpec(const lake::Lake* lake, const std::string& name_or_file) {
  std::string path;
  bool file_like = name_or_file.find('/') != std::string::npos || name_or_file.ends_with(".yaml") ||
                   name_or_file.ends_with(".yml");
  if (file_like || fs::exists(name_or_file)) {
    path = name_or_file;
  } else if (lake != nullptr) {
    for (const char* extension : {".yaml", ".yml"}) {
      std::string candidate = lake->root() + "/jobs/" + name_or_file + extension;
      if (fs::exists(candidate)) path = candidate;
    }
    if (path.empty()) {
      std::vector<std::string> names;
      std::error_code error;
      for (const auto& entry : fs::directory_iterator(lake->root() + "/jobs", error)) {
        std::string extension = entry.path().extension().string();
        if (extension == ".yaml" || extension == ".yml") names.push_back(entry.path().stem().string());
      }
      std::sort(names.begin(), names.end());
      throw InvalidArgumentError("no job '" + name_or_file + "' in " + lake->root() + "/jobs" +
                                 (names.empty() ? std::string(" (the folder holds no specs)")
                                                : " (jobs: " + lake::JoinNames(names) + ")"));
    }
  } else {
    throw InvalidArgumentError("no job file '" + name_or_file + "' (and no lake to look for jobs/" + name_or_file +
                               ".yaml in)");
  }
  std::ifstream in(path);
  if (!in) throw IOError("cannot read the job spec " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string shown = path;
  if (lake != nullptr) {
    std::error_code error;
    std::string relative = fs::path(fs::absolute(path)).lexically_relative(lake->root()).string();
    if (!relative.empty() && relative.rfind("..", 0) != 0) shown = relative;
  }
  return ParseJobSpec(text.str(), shown);
}

std::vector<BookmarkEntry> ListBookmarks(catalog::CatalogReader& store, const JobSpec& spec) {
  std::vector<BookmarkEntry> entries;
  for (const SourceSpec& source : spec.sources) {
    if (!source.bookmark) continue;
    for (const auto& [path, value] : store.ListState(BookmarkNamespace(spec.name, source.name))) {
      BookmarkEntry entry;
      entry.source = source.name;
      entry.path = path;
      Json json = Json::parse(value, nullptr, false);
      if (!json.is_discarded()) {
        entry.size = json.value("size", uint64_t{0});
        entry.modified_micros = json.value("modified", int64_t{0});
        entry.run_id = json.value("run", int64_t{0});
      }
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

size_t ResetBookmarks(catalog::CatalogStore& store, const JobSpec& spec, std::optional<int64_t> to_run,
                      const std::string& source) {
  size_t removed = 0;
  store.Write([&](catalog::CatalogWriter& writer) {
    removed = 0;
    for (const SourceSpec& spec_source : spec.sources) {
      if (!spec_source.bookmark) continue;
      if (!source.empty() && AsciiLower(source) != AsciiLower(spec_source.name)) continue;
      std::string ns = BookmarkNamespace(spec.name, spec_source.name);
      for (const auto& [path, value] : writer.ListState(ns)) {
        Json json = Json::parse(value, nullptr, false);
        int64_t run = json.is_discarded() ? 0 : json.value("run", int64_t{0});
        if (to_run && run <= *to_run) continue;
        writer.DeleteState(ns, path);
        ++removed;
      }
    }
  });
  return removed;
}

}  // namespace sluice::jobs
