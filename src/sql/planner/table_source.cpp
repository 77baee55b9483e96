#include "sql/planner/table_source.h"

#include <algorithm>

#include "core/error.h"
#include "core/value_parse.h"
#include "formats/csv/reader.h"
#include "formats/csv/type_inference.h"
#include "formats/hive_partitioning.h"
#include "formats/json/reader.h"
#include "formats/parquet/reader.h"
#include "sql/expression/coercion.h"

namespace sluice::sql {
namespace {

/// A canonical integer: optional '-', digits without a leading zero (except "0"),
/// within BIGINT. "007" and "+1" are codes, kept as text (they would not read back).
bool IsCanonicalInteger(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return false;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  int64_t value = 0;
  return ParseInt64(text, &value) && !(text == "-0");
}

/// Exactly YYYY-MM-DD, a valid date.
bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int32_t days = 0;
  return ParseDate(text, &days);
}

/// The file's own schema: as bound, or learned now by sniffing (CSV) or from the
/// footer (Parquet, through the opened reader).
Schema CsvFileSchema(const SourceFile& file, const csv::ReadOptions& options) {
  if (file.schema) return *file.schema;
  return csv::Sniff(file.path, options).schema;
}

void CheckCastable(const TableSource& source, const SourceFile& file, const Field& bound, const DataType& file_type) {
  std::optional<DataType> unified = UnifyColumnType(source.format, file_type, bound.type);
  if (unified && *unified == bound.type) return;
  throw FormatError(file.path + ": column '" + bound.name + "' is " + file_type.ToString() + ", but the query bound it as " +
                    bound.type.ToString() + " from " + source.files.front().path +
                    " (union_by_name => true unifies the schemas of every file)");
}

OpenedFile OpenCsv(const TableSource& source, const SourceFile& file, const std::vector<size_t>& columns) {
  Schema file_schema = CsvFileSchema(file, source.csv_options);
  csv::ReadOptions options = source.csv_options;
  if (file.csv_dialect) {
    const csv::Dialect& dialect = *file.csv_dialect;
    options.delimiter = dialect.delimiter;
    options.quote = dialect.quote;
    options.escape_mode = dialect.escape_mode;
    options.escape = dialect.escape;
    options.null_strings = dialect.null_strings;
    options.null_if_quoted = dialect.null_if_quoted;
    options.header = dialect.header;
  }
  options.column_types.clear();
  for (const Field& field : file_schema.fields()) {
    int bound = source.schema.FindField(field.name);
    if (bound >= 0 && static_cast<size_t>(bound) < source.num_data_columns) {
      options.column_types.emplace_back(field.name, source.schema.field(static_cast<size_t>(bound)).type);
    }
  }
  OpenedFile opened;
  opened.reader = csv::OpenReader(file.path, options);
  for (size_t column : columns) {
    ColumnFill fill;
    int position = column < source.num_data_columns ? file_schema.FindField(source.schema.field(column).name) : -1;
    if (position >= 0) {
      fill.kind = ColumnFill::Kind::kRead;
      fill.position = static_cast<size_t>(position);
    }
    opened.fills.push_back(std::move(fill));
  }
  return opened;
}

OpenedFile OpenJson(const TableSource& source, const SourceFile& file, const std::vector<size_t>& columns) {
  json::ReadOptions options = source.json_options;
  options.columns.clear();
  options.column_types.clear();
  OpenedFile opened;
  for (size_t column : columns) {
    ColumnFill fill;
    if (column < source.num_data_columns) {
      const Field& field = source.schema.field(column);
      fill.kind = ColumnFill::Kind::kRead;
      fill.position = options.columns.size();
      options.columns.push_back(field.name);
      options.column_types.emplace_back(field.name, field.type);
    }
    opened.fills.push_back(std::move(fill));
  }
  // No data column needed (count(*), only partition columns): one keeps rows counted.
  if (options.columns.empty() && source.num_data_columns > 0) {
    const Field& field = source.schema.field(0);
    options.columns.push_back(field.name);
    options.column_types.emplace_back(field.name, field.type);
  }
  opened.reader = json::OpenReader(file.path, options);
  return opened;
}

OpenedFile OpenParquet(const TableSource& source, const SourceFile& file, const std::vector<size_t>& columns,
                       const std::vector<parquet::ColumnPredicate>& predicates) {
  std::shared_ptr<const parquet::ParquetFile> parquet_file = parquet::ParquetFile::Open(file.path);
  Schema file_schema = file.schema ? *file.schema : parquet::OpenParquetReader(parquet_file, {})->schema();
  parquet::ParquetReadOptions options;
  OpenedFile opened;
  for (size_t column : columns) {
    ColumnFill fill;
    int position = column < source.num_data_columns ? file_schema.FindField(source.schema.field(column).name) : -1;
    if (position >= 0) {
      const Field& file_field = file_schema.field(static_cast<size_t>(position));
      const Field& bound = source.schema.field(column);
      fill.position = options.columns.size();
      fill.file_type = file_field.type;
      if (file_field.type == bound.type) {
        fill.kind = ColumnFill::Kind::kRead;
      } else {
        CheckCastable(source, file, bound, file_field.type);
        fill.kind = ColumnFill::Kind::kCast;
      }
      options.columns.push_back(file_field.name);
    }
    opened.fills.push_back(std::move(fill));
  }
  // No column of the file needed (count(*)): read the first one for the row counts.
  if (options.columns.empty() && file_schema.num_fields() > 0) options.columns.push_back(file_schema.field(0).name);
  for (const parquet::ColumnPredicate& predicate : predicates) {
    int bound = source.schema.FindField(predicate.column);
    if (bound < 0 || static_cast<size_t>(bound) >= source.num_data_columns) continue;  // a file constant
    int position = file_schema.FindField(predicate.column);
    if (position < 0) continue;  // the file lacks the column: every value is NULL
    parquet::ColumnPredicate renamed = predicate;
    renamed.column = file_schema.field(static_cast<size_t>(position)).name;
    options.predicates.push_back(std::move(renamed));
  }
  // Several files are read at once, one per thread: each decodes fewer row groups ahead.
  if (source.files.size() > 1) options.max_parallel_row_groups = 2;
  opened.reader = parquet::OpenParquetReader(std::move(parquet_file), options);
  return opened;
}

/// Every field of `source` but its files (and their estimated rows).
std::shared_ptr<TableSource> CopyWithoutFiles(const TableSource& source) {
  auto copy = std::make_shared<TableSource>();
  copy->format = source.format;
  copy->total_files = source.total_files;
  copy->csv_options = source.csv_options;
  copy->json_options = source.json_options;
  copy->schema = source.schema;
  copy->num_data_columns = source.num_data_columns;
  copy->num_partition_columns = source.num_partition_columns;
  copy->filename_column = source.filename_column;
  copy->description = source.description;
  copy->pending = source.pending;
  copy->num_partitions = source.num_partitions;
  copy->total_partitions = source.total_partitions;
  copy->catalog_table = source.catalog_table;
  return copy;
}

}  // namespace

std::string_view TableFormatFunction(TableFormat format) {
  switch (format) {
    case TableFormat::kCsv: return "read_csv";
    case TableFormat::kJson: return "read_json";
    case TableFormat::kParquet: return "read_parquet";
  }
  return "?";
}

Value TableSource::FileConstant(size_t file, size_t column) const {
  SLUICE_ASSERT(IsFileConstant(column) && column < schema.num_fields(), "a file constant column");
  if (filename_column && column + 1 == schema.num_fields()) return Value::Varchar(files[file].path);
  return files[file].partition_values.at(column - num_data_columns);
}

OpenedFile TableSource::OpenReader(size_t file, const std::vector<size_t>& columns,
                                   const std::vector<parquet::ColumnPredicate>& predicates) const {
  const SourceFile& source_file = files.at(file);
  OpenedFile opened;
  switch (format) {
    case TableFormat::kCsv: opened = OpenCsv(*this, source_file, columns); break;
    case TableFormat::kJson: opened = OpenJson(*this, source_file, columns); break;
    case TableFormat::kParquet: opened = OpenParquet(*this, source_file, columns, predicates); break;
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (IsFileConstant(columns[i])) {
      opened.fills[i].kind = ColumnFill::Kind::kConstant;
      opened.fills[i].constant = FileConstant(file, columns[i]);
    }
  }
  return opened;
}

std::shared_ptr<TableSource> TableSource::WithFiles(const std::vector<size_t>& keep) const {
  auto copy = CopyWithoutFiles(*this);
  for (size_t index : keep) {
    copy->files.push_back(files.at(index));
    copy->estimated_rows += files[index].estimated_rows;
  }
  return copy;
}

std::shared_ptr<TableSource> TableSource::WithPendingPartitions(const std::vector<size_t>& keep) const {
  SLUICE_ASSERT(pending != nullptr, "pruning pending partitions of a source that has none");
  auto list = std::make_shared<PartitionList>();
  list->list_files = pending->list_files;
  list->file_template = pending->file_template;
  for (size_t index : keep) list->partitions.push_back(pending->partitions.at(index));
  auto copy = CopyWithoutFiles(*this);
  copy->pending = std::move(list);
  copy->num_partitions = keep.size();
  return copy;
}

std::shared_ptr<TableSource> TableSource::WithListedFiles(std::vector<SourceFile> listed) const {
  auto copy = CopyWithoutFiles(*this);
  copy->pending = nullptr;
  copy->files = std::move(listed);
  copy->total_files = copy->files.size();
  for (const SourceFile& file : copy->files) copy->estimated_rows += file.estimated_rows;
  return copy;
}

std::vector<std::pair<std::string, std::string>> ParseHivePartitions(std::string_view path) {
  std::vector<std::pair<std::string, std::string>> partitions;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) break;  // the last segment is the file name
    std::string_view segment = path.substr(start, slash - start);
    start = slash + 1;
    size_t equals = segment.find('=');
    if (equals == 0 || equals == std::string_view::npos) continue;
    std::string key = formats::UnescapeHivePathValue(segment.substr(0, equals));
    std::string value(segment.substr(equals + 1));
    auto same_key = [&](const auto& partition) { return partition.first == key; };
    auto it = std::find_if(partitions.begin(), partitions.end(), same_key);
    if (it != partitions.end()) {
      it->second = std::move(value);
    } else {
      partitions.emplace_back(std::move(key), std::move(value));
    }
  }
  return partitions;
}

DataType InferPartitionType(const std::vector<std::string>& values) {
  if (values.empty()) return DataType::Varchar();
  if (std::all_of(values.begin(), values.end(), [](const std::string& v) { return IsCanonicalInteger(v); })) {
    return DataType::BigInt();
  }
  if (std::all_of(values.begin(), values.end(), [](const std::string& v) { return IsIsoDate(v); })) {
    return DataType::Date();
  }
  return DataType::Varchar();
}

Value ParsePartitionValue(std::string_view raw, const DataType& type) {
  if (raw.empty() || raw == formats::kHiveDefaultPartition) return Value::Null(type);
  std::string text = formats::UnescapeHivePathValue(raw);
  switch (type.id()) {
    case TypeId::kBigInt: {
      int64_t value = 0;
      if (!ParseInt64(text, &value)) throw InternalError("partition value '" + text + "' is not a BIGINT");
      return Value::BigInt(value);
    }
    case TypeId::kDate: {
      int32_t days = 0;
      if (!ParseDate(text, &days)) throw InternalError("partition value '" + text + "' is not a DATE");
      return Value::Date(days);
    }
    default: return Value::Varchar(text);
  }
}

std::optional<DataType> UnifyColumnType(TableFormat format, const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (format != TableFormat::kParquet) {
    return csv::JoinTypes(csv::ColumnType{a, nullptr}, csv::ColumnType{b, nullptr}).type;
  }
  if (a.is_nested() || b.is_nested()) return std::nullopt;
  // Trino's implicit coercions, but never to VARCHAR: Parquet values are not text.
  std::optional<DataType> common = CommonSuperType(a, b);
  if (!common || common->id() == TypeId::kVarchar || common->id() == TypeId::kTimestampTz) return std::nullopt;
  return common;
}

}  // namespace sluice::sql
