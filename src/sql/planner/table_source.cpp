#include "sql/planner/table_source.h"

#include "core/error.h"
#include "formats/csv/reader.h"
#include "formats/json/reader.h"
#include "formats/parquet/reader.h"

namespace sluice::sql {

std::unique_ptr<formats::Reader> TableSource::OpenReader(
    const std::vector<size_t>& columns,
    const std::vector<parquet::ColumnPredicate>& predicates) const {
  switch (format) {
    case TableFormat::kCsv: {
      csv::ReadOptions options = csv_options;
      options.column_types.clear();
      for (const Field& field : schema.fields()) options.column_types.emplace_back(field.name, field.type);
      return csv::OpenReader(path, options);
    }
    case TableFormat::kJson: {
      json::ReadOptions options = json_options;
      options.columns.clear();
      options.column_types.clear();
      for (const Field& field : schema.fields()) {
        options.columns.push_back(field.name);
        options.column_types.emplace_back(field.name, field.type);
      }
      return json::OpenReader(path, options);
    }
    case TableFormat::kParquet: {
      parquet::ParquetReadOptions options;
      for (size_t column : columns) options.columns.push_back(schema.field(column).name);
      // No column needed (count(*)): read the first one for the row counts.
      if (options.columns.empty() && schema.num_fields() > 0) options.columns.push_back(schema.field(0).name);
      options.predicates = predicates;
      return parquet::OpenParquetReader(path, options);
    }
  }
  SLUICE_ASSERT(false, "every table format is handled");
  return nullptr;
}

}  // namespace sluice::sql
