#include "sql/binder/table_function_binder.h"

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "core/scheduler.h"
#include "exec/expression/evaluator.h"
#include "formats/hive_partitioning.h"
#include "io/glob.h"
#include "formats/csv/reader.h"
#include "formats/json/reader.h"
#include "formats/parquet/reader.h"
#include "sql/binder/expression_binder.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

/// One named option after constant folding.
struct Option {
  const Identifier* name;
  Value value;
};

class OptionReader {
 public:
  OptionReader(std::string_view sql, const Option& option) : sql_(sql), option_(option) {}

  std::string String() const {
    if (option_.value.is_null() || option_.value.type().id() != TypeId::kVarchar) Fail("a string");
    return option_.value.string();
  }
  bool Boolean() const {
    if (option_.value.is_null() || option_.value.type().id() != TypeId::kBoolean) Fail("a boolean");
    return option_.value.boolean();
  }
  int64_t Count() const {
    if (option_.value.is_null() || !option_.value.type().is_integer() || option_.value.int64() < 0) {
      Fail("a non-negative integer");
    }
    return option_.value.int64();
  }
  char Byte() const {
    std::string text = String();
    if (text == "\\t" || text == "tab") return '\t';
    if (text.empty() || text == "none") return '\0';
    if (text.size() != 1) Fail("one character");
    return text[0];
  }
  [[noreturn]] void Fail(std::string_view expected) const {
    ThrowBinderError(sql_, option_.name->position,
                     "option '" + option_.name->name + "' must be " + std::string(expected) + ", not " +
                         option_.value.ToSqlLiteral());
  }

 private:
  std::string_view sql_;
  const Option& option_;
};

/// Options every table function takes (see FileOptions).
constexpr std::string_view kFileOptions = "hive_partitioning, filename, union_by_name";

[[noreturn]] void UnknownOption(std::string_view sql, const Option& option, std::string_view known) {
  ThrowBinderError(sql, option.name->position,
                   "unknown option '" + option.name->name + "'; options: " + std::string(known));
}

void ApplyCsvOption(std::string_view sql, const Option& option, csv::ReadOptions* options) {
  OptionReader read(sql, option);
  const std::string& name = option.name->name;
  if (name == "delimiter" || name == "delim" || name == "sep") {
    options->delimiter = read.Byte();
  } else if (name == "quote") {
    options->quote = read.Byte();
  } else if (name == "escape") {
    std::string text = read.String();
    if (text == "\"" || text == "double") {
      options->escape_mode = csv::EscapeMode::kDoubledQuote;
    } else if (text == "none" || text.empty()) {
      options->escape_mode = csv::EscapeMode::kNone;
    } else {
      options->escape_mode = csv::EscapeMode::kEscapeChar;
      options->escape = read.Byte();
    }
  } else if (name == "header") {
    options->header = read.Boolean();
  } else if (name == "preset") {
    options->preset = read.String();
  } else if (name == "null" || name == "nullstr") {
    options->null_strings = std::vector<std::string>{read.String()};
  } else if (name == "skip") {
    options->skip_rows = static_cast<size_t>(read.Count());
  } else if (name == "comment") {
    options->comment = read.String();
  } else if (name == "all_varchar") {
    options->all_varchar = read.Boolean();
  } else if (name == "sample_rows") {
    options->sample_rows = static_cast<size_t>(read.Count());
  } else if (name == "date_format") {
    options->date_format = read.String();
  } else if (name == "timestamp_format") {
    options->timestamp_format = read.String();
  } else {
    UnknownOption(sql, option,
                  "delimiter, quote, escape, header, preset, null, skip, comment, all_varchar, "
                  "sample_rows, date_format, timestamp_format, " + std::string(kFileOptions));
  }
}

void ApplyJsonOption(std::string_view sql, const Option& option, json::ReadOptions* options) {
  OptionReader read(sql, option);
  if (option.name->name == "sample_rows") {
    options->sample_rows = static_cast<size_t>(read.Count());
  } else {
    UnknownOption(sql, option, "sample_rows, " + std::string(kFileOptions));
  }
}


/// The options about the set of files, taken by every table function.
struct FileOptions {
  bool hive_partitioning = false;
  bool filename = false;
  bool union_by_name = true;
};

/// Applies `option` if it is one of the file options; false otherwise.
bool ApplyFileOption(std::string_view sql, const Option& option, FileOptions* options) {
  OptionReader read(sql, option);
  const std::string& name = option.name->name;
  if (name == "hive_partitioning") {
    options->hive_partitioning = read.Boolean();
  } else if (name == "filename") {
    options->filename = read.Boolean();
  } else if (name == "union_by_name") {
    options->union_by_name = read.Boolean();
  } else {
    return false;
  }
  return true;
}

/// One path argument: a file, or a glob, and where it was written.
struct PathArgument {
  std::string text;
  SourcePosition position;
};

/// The path argument: 'file', 'glob', or ARRAY['file', 'glob', …].
std::vector<PathArgument> BindPaths(std::string_view sql, const std::string& function, const Expression& argument,
                                    ExpressionBinder& constants, const SessionSettings& session) {
  auto as_path = [&](const Expression& expression) {
    Value value = exec::EvaluateConstant(*constants.Bind(expression), session);
    if (value.is_null() || value.type().id() != TypeId::kVarchar) {
      ThrowBinderError(sql, expression.position,
                       function + " takes a path string (or ARRAY['a', 'b']), then options as name => value");
    }
    return PathArgument{value.string(), expression.position};
  };
  if (argument.kind() != ExpressionKind::kArray) return {as_path(argument)};
  std::vector<PathArgument> paths;
  for (const ExpressionPtr& element : argument.As<ArrayExpression>().elements) paths.push_back(as_path(*element));
  if (paths.empty()) ThrowBinderError(sql, argument.position, function + " needs at least one path");
  return paths;
}

/// The files the paths name, in the order given (each glob's matches sorted), each
/// file once. A glob that matches nothing is an error naming it; a plain path is
/// kept as it is (opening it reports a missing file).
std::vector<std::string> ExpandPaths(std::string_view sql, const std::string& function,
                                     const std::vector<PathArgument>& paths) {
  std::vector<std::string> files;
  std::unordered_set<std::string> seen;
  for (const PathArgument& path : paths) {
    std::vector<std::string> matches = {path.text};
    if (io::HasGlobPattern(path.text)) {
      matches = io::ExpandGlob(path.text);
      if (matches.empty()) {
        ThrowBinderError(sql, path.position, function + ": no files match '" + path.text + "'");
      }
    }
    for (std::string& match : matches) {
      if (seen.insert(match).second) files.push_back(std::move(match));
    }
  }
  return files;
}

/// Bytes of text per column and row, for guessing rows of CSV and JSON files.
constexpr uint64_t kTextBytesPerValue = 16;

uint64_t FileSize(const std::string& path) {
  std::error_code error;
  uint64_t bytes = std::filesystem::file_size(path, error);
  return error ? 0 : bytes;
}

/// Reads files[i]'s schema (and, for Parquet, exact row count) as its format sees it.
void ReadFileSchema(const TableSource& source, SourceFile* file) {
  switch (source.format) {
    case TableFormat::kCsv: {
      csv::SniffResult sniffed = csv::Sniff(file->path, source.csv_options);
      file->schema = std::move(sniffed.schema);
      file->csv_dialect = sniffed.dialect;
      file->csv_dialect->header = sniffed.header;
      break;
    }
    case TableFormat::kJson: {
      // A key with only nulls in this file's sample is "unknown" here, so that other
      // files decide its type (UnifySchemas makes it VARCHAR when none does).
      json::InferResult inferred = json::InferSchema(file->path, source.json_options);
      std::vector<Field> fields = inferred.schema.fields();
      for (size_t i = 0; i < fields.size() && i < inferred.only_nulls.size(); ++i) {
        if (inferred.only_nulls[i]) fields[i].type = DataType::Unknown();
      }
      file->schema = Schema(std::move(fields));
      break;
    }
    case TableFormat::kParquet: {
      std::shared_ptr<const parquet::ParquetFile> parquet_file = parquet::ParquetFile::Open(file->path);
      file->estimated_rows = static_cast<uint64_t>(std::max<int64_t>(0, parquet_file->metadata().num_rows));
      file->schema = parquet::OpenParquetReader(parquet_file, {})->schema();
      return;
    }
  }
  uint64_t values = kTextBytesPerValue * std::max<size_t>(1, file->schema->num_fields());
  file->estimated_rows = FileSize(file->path) / values + 1;
}

/// Reads the schemas of every file (union_by_name) or of the first one, in parallel.
/// Files whose schema is not read get rows estimated from their size, at the rows per
/// byte of the first file.
void ReadFileSchemas(TableSource* source, bool union_by_name) {
  size_t count = union_by_name ? source->files.size() : 1;
  TaskGroup group;
  for (size_t i = 0; i < count; ++i) {
    group.Run([source, i] { ReadFileSchema(*source, &source->files[i]); });
  }
  group.Wait();
  if (count == source->files.size()) return;
  const SourceFile& first = source->files.front();
  double rows_per_byte = static_cast<double>(first.estimated_rows) / static_cast<double>(std::max<uint64_t>(1, FileSize(first.path)));
  for (size_t i = count; i < source->files.size(); ++i) {
    SourceFile& file = source->files[i];
    file.estimated_rows = static_cast<uint64_t>(rows_per_byte * static_cast<double>(FileSize(file.path))) + 1;
  }
}

/// The union by name of the files' schemas, widened (see UnifyColumnType).
Schema UnifySchemas(std::string_view sql, const FunctionCallExpression& call, const TableSource& source) {
  Schema unified;
  std::vector<const std::string*> origin;  // the file whose type each column has
  for (const SourceFile& file : source.files) {
    if (!file.schema) continue;
    for (const Field& field : file.schema->fields()) {
      int index = unified.FindField(field.name);
      if (index < 0) {
        unified.AddField(Field{field.name, field.type});
        origin.push_back(&file.path);
        continue;
      }
      Field& column = unified.mutable_field(static_cast<size_t>(index));
      std::optional<DataType> type = UnifyColumnType(source.format, column.type, field.type);
      if (!type) {
        ThrowBinderError(sql, call.position,
                         std::string(TableFormatFunction(source.format)) + ": column '" + column.name + "' is " +
                             column.type.ToString() + " in " + *origin[static_cast<size_t>(index)] + " but " +
                             field.type.ToString() + " in " + file.path + ", and the types do not unify");
      }
      if (*type != column.type) origin[static_cast<size_t>(index)] = &file.path;
      column.type = *type;
    }
  }
  // Columns no file has a value for (JSON keys with only nulls) read as VARCHAR.
  for (size_t i = 0; i < unified.num_fields(); ++i) {
    if (unified.field(i).type.id() == TypeId::kUnknown) unified.mutable_field(i).type = DataType::Varchar();
  }
  return unified;
}

/// Adds the Hive partition columns of the files' folders to `source` (after the data
/// columns; a data column of the same name gives way to the folder's value).
void AddPartitionColumns(TableSource* source) {
  std::vector<std::vector<std::pair<std::string, std::string>>> parsed;
  std::vector<std::string> keys;
  for (const SourceFile& file : source->files) {
    parsed.push_back(ParseHivePartitions(file.path));
    for (const auto& [key, value] : parsed.back()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  Schema key_names;
  for (const std::string& key : keys) key_names.AddField(Field{key, DataType::Varchar()});
  Schema data;
  for (const Field& field : source->schema.fields()) {
    if (key_names.FindField(field.name) < 0) data.AddField(field);
  }
  source->schema = data;
  source->num_data_columns = data.num_fields();
  source->num_partition_columns = keys.size();
  for (const std::string& key : keys) {
    std::vector<std::string> values;
    for (const auto& partitions : parsed) {
      for (const auto& [k, raw] : partitions) {
        if (k != key || raw.empty() || raw == formats::kHiveDefaultPartition) continue;
        values.push_back(formats::UnescapeHivePathValue(raw));
      }
    }
    DataType type = InferPartitionType(values);
    source->schema.AddField(Field{key, type});
    for (size_t f = 0; f < source->files.size(); ++f) {
      std::string_view raw;
      for (const auto& [k, value] : parsed[f]) {
        if (k == key) raw = value;
      }
      source->files[f].partition_values.push_back(ParsePartitionValue(raw, type));
    }
  }
}

}  // namespace

std::shared_ptr<const TableSource> BindTableFunction(std::string_view sql,
                                                     const FunctionCallExpression& call,
                                                     const SessionSettings& session) {
  std::string name = call.name.ToString();
  auto source = std::make_shared<TableSource>();
  if (name == "read_csv") {
    source->format = TableFormat::kCsv;
  } else if (name == "read_json") {
    source->format = TableFormat::kJson;
  } else if (name == "read_parquet") {
    source->format = TableFormat::kParquet;
  } else {
    ThrowBinderError(sql, call.position,
                     "table function '" + name + "' does not exist; table functions: read_csv, "
                     "read_json, read_parquet");
  }
  static const BindScope kNoColumns;
  ExpressionBinder constants(sql, kNoColumns, "table function argument");
  std::vector<Option> options;
  std::vector<PathArgument> paths;
  for (const FunctionArgument& argument : call.arguments) {
    if (!argument.name) {
      if (!paths.empty()) {
        ThrowBinderError(sql, argument.value->position,
                         name + " takes one path string (or ARRAY['a', 'b']), then options as name => value");
      }
      paths = BindPaths(sql, name, *argument.value, constants, session);
      continue;
    }
    options.push_back({&*argument.name, exec::EvaluateConstant(*constants.Bind(*argument.value), session)});
  }
  if (paths.empty()) ThrowBinderError(sql, call.position, name + " needs a path: " + name + "('file')");
  FileOptions file_options;
  for (const Option& option : options) {
    if (ApplyFileOption(sql, option, &file_options)) continue;
    if (source->format == TableFormat::kCsv) {
      ApplyCsvOption(sql, option, &source->csv_options);
    } else if (source->format == TableFormat::kJson) {
      ApplyJsonOption(sql, option, &source->json_options);
    } else {
      UnknownOption(sql, option, kFileOptions);
    }
  }
  for (std::string& path : ExpandPaths(sql, name, paths)) source->files.push_back(SourceFile{std::move(path)});
  source->total_files = source->files.size();
  try {
    ReadFileSchemas(source.get(), file_options.union_by_name);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kIO && error.kind() != ErrorKind::kInvalidArgument &&
        error.kind() != ErrorKind::kFormat) {
      throw;
    }
    ThrowBinderError(sql, call.position, error.what());
  }
  source->schema = UnifySchemas(sql, call, *source);
  source->num_data_columns = source->schema.num_fields();
  if (file_options.hive_partitioning) AddPartitionColumns(source.get());
  if (file_options.filename) {
    if (source->schema.FindField("filename") >= 0) {
      ThrowBinderError(sql, call.position,
                       name + ": the files already have a column 'filename'; filename => true would hide it");
    }
    source->schema.AddField(Field{"filename", DataType::Varchar()});
    source->filename_column = true;
  }
  for (const SourceFile& file : source->files) source->estimated_rows += file.estimated_rows;
  source->description = call.ToString();
  return source;
}

}  // namespace sluice::sql
