#include "engine/catalog_table_source.h"

#include <set>

#include "core/error.h"
#include "core/value_parse.h"
#include "engine/catalog_files.h"
#include "engine/catalog_format.h"
#include "exec/expression/evaluator.h"
#include "formats/hive_partitioning.h"
#include "sql/expression/expression_builder.h"

namespace sluice::engine {
namespace {

/// The value by SQL's CAST from varchar (the general, slower path).
Value CastText(std::string_view text, const DataType& type) {
  static const sql::SessionSettings kSession;
  return exec::EvaluateConstant(*sql::MakeCast(sql::MakeConstant(Value::Varchar(text)), type), kSession);
}

std::optional<Value> ParseFast(std::string_view text, const DataType& type) {
  switch (type.id()) {
    case TypeId::kVarchar:
      return Value::Varchar(text);
    case TypeId::kBigInt: {
      int64_t value = 0;
      if (ParseInt64(text, &value)) return Value::BigInt(value);
      return std::nullopt;
    }
    case TypeId::kInteger: {
      int32_t value = 0;
      if (ParseInt32(text, &value)) return Value::Integer(value);
      return std::nullopt;
    }
    case TypeId::kDate: {
      int32_t days = 0;
      if (ParseDate(text, &days)) return Value::Date(days);
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

/// The reader options and per-file template of a CSV table.
void SetCsvOptions(const catalog::Table& table, const Schema& data, sql::TableSource* source,
                   sql::SourceFile* file_template) {
  csv::Dialect dialect = CsvDialectFromOptions(table.format_options, table.QualifiedName());
  csv::ReadOptions& options = source->csv_options;
  options.delimiter = dialect.delimiter;
  options.quote = dialect.quote;
  options.escape_mode = dialect.escape_mode;
  options.escape = dialect.escape;
  options.null_strings = dialect.null_strings;
  options.null_if_quoted = dialect.null_if_quoted;
  options.header = dialect.header;
  options.skip_rows = dialect.skip_rows;
  options.comment = dialect.comment;
  options.compression = CompressionFromOptions(table.format_options, table.QualifiedName());
  file_template->csv_dialect = dialect;
  if (dialect.header) {
    // header = "true" (crawled tables): each file's header names its columns, matched
    // to the table's by name when the scan opens the file — files written before a
    // column was added lack it (NULL), as the crawler's schema-drift policies expect.
    return;
  }
  // Otherwise columns are positional, as Hive's SerDes read them
  // ('skip.header.line.count' only skips lines).
  file_template->schema = data;
  for (const Field& field : data.fields()) options.column_names.push_back(field.name);
}

std::string DescribeSource(const catalog::Table& table) {
  return table.QualifiedName() + " (" + std::string(catalog::StorageFormatName(table.format)) + ")";
}

}  // namespace

Value ParseCatalogPartitionValue(std::string_view raw, const DataType& type, std::string_view table,
                                 std::string_view key) {
  if (raw == formats::kHiveDefaultPartition || (raw.empty() && type.id() != TypeId::kVarchar)) {
    return Value::Null(type);
  }
  if (std::optional<Value> value = ParseFast(raw, type)) return *value;
  try {
    return CastText(raw, type);
  } catch (const Error& error) {
    throw CatalogError("table " + std::string(table) + ": partition value '" + std::string(raw) + "' of key " +
                       std::string(key) + " is not a " + type.ToString() + " (" + error.what() + ")");
  }
}

std::string DefaultPartitionLocation(const catalog::Table& table, const std::vector<std::string>& values) {
  std::string location = table.location;
  for (size_t i = 0; i < table.partition_keys.size() && i < values.size(); ++i) {
    const std::string& value = values[i];
    location += "/" + formats::EscapeHivePathValue(table.partition_keys[i].name) + "=" +
                (value == formats::kHiveDefaultPartition ? value : formats::EscapeHivePathValue(value));
  }
  return location;
}

std::shared_ptr<const sql::TableSource> MakeCatalogTableSource(const catalog::Table& table,
                                                               const std::vector<catalog::Partition>& partitions,
                                                               const CatalogContext& context) {
  auto source = std::make_shared<sql::TableSource>();
  std::string name = table.QualifiedName();
  switch (table.format) {
    case catalog::StorageFormat::kCsv:
      source->format = sql::TableFormat::kCsv;
      break;
    case catalog::StorageFormat::kJson:
      source->format = sql::TableFormat::kJson;
      break;
    case catalog::StorageFormat::kParquet:
      source->format = sql::TableFormat::kParquet;
      break;
  }
  // Data columns, then partition keys; a data column named like a key gives way to it.
  std::set<std::string> keys;
  for (const catalog::Column& key : table.partition_keys) keys.insert(key.name);
  Schema data;
  for (const catalog::Column& column : table.columns) {
    if (keys.count(column.name) == 0) data.AddField(Field{column.name, column.type});
  }
  source->schema = data;
  source->num_data_columns = data.num_fields();
  for (const catalog::Column& key : table.partition_keys) source->schema.AddField(Field{key.name, key.type});
  source->num_partition_columns = table.partition_keys.size();
  source->description = DescribeSource(table);
  source->catalog_table = true;

  auto list = std::make_shared<sql::PartitionList>();
  // Parquet files are matched by name from their footers, JSON objects by key, CSV
  // files by position or header (SetCsvOptions).
  if (table.format == catalog::StorageFormat::kCsv) SetCsvOptions(table, data, source.get(), &list->file_template);
  if (table.format == catalog::StorageFormat::kJson) {
    source->json_options.compression = CompressionFromOptions(table.format_options, name);
  }
  CatalogContext paths = context;
  list->list_files = [paths](const std::string& location) {
    return ListDataFiles(ResolveCatalogPath(paths, location));
  };

  if (!table.is_partitioned()) {
    list->partitions.push_back({{}, table.location, table.stats.rows});
  } else {
    std::set<std::vector<std::string>> known;
    auto add = [&](const std::vector<std::string>& raw, std::string location, int64_t rows) {
      sql::PendingPartition partition;
      for (size_t k = 0; k < table.partition_keys.size(); ++k) {
        const catalog::Column& key = table.partition_keys[k];
        partition.values.push_back(ParseCatalogPartitionValue(raw.at(k), key.type, name, key.name));
      }
      partition.location = location.empty() ? DefaultPartitionLocation(table, raw) : std::move(location);
      partition.rows = rows;
      list->partitions.push_back(std::move(partition));
    };
    for (const catalog::Partition& partition : partitions) {
      known.insert(partition.values);
      if (partition.deprecated) continue;
      if (partition.values.size() != table.partition_keys.size()) {
        throw CatalogError("table " + name + ": a partition has " + std::to_string(partition.values.size()) +
                           " values for " + std::to_string(table.partition_keys.size()) + " partition keys");
      }
      add(partition.values, partition.location, partition.stats.rows);
    }
    auto discovery = table.parameters.find("partition_discovery");
    if (discovery != table.parameters.end() && discovery->second == "true") {
      std::vector<std::string> key_names;
      for (const catalog::Column& key : table.partition_keys) key_names.push_back(key.name);
      for (DiscoveredPartition& found :
           DiscoverPartitionFolders(ResolveCatalogPath(context, table.location), key_names)) {
        if (known.insert(found.values).second) add(found.values, std::move(found.folder), -1);
      }
    }
    source->total_partitions = list->partitions.size();
    source->num_partitions = list->partitions.size();
  }
  source->pending = std::move(list);
  return source;
}

}  // namespace sluice::engine
