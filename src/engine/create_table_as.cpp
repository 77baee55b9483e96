// CREATE TABLE [IF NOT EXISTS] name [(columns)] [WITH (properties)] AS query
// [WITH [NO] DATA], without a catalog: the query's rows are written as a folder of
// data files (a Hive tree with partitioned_by) through the writing sink, and the name
// is registered in the session as a query that reads exactly those files back:
//
//   SELECT "id", CAST('2024-01-01' AS date) AS "day" FROM read_parquet('/abs/t/day=2024-01-01/part-….parquet')
//   UNION ALL SELECT …   (one branch per data file; partition values are constants;
//                          parenthesized groups of 256 branches past 256 files)
//
// CSV files are read as text and cast to the written types, JSON files as inferred and
// cast, so every table reads back with the columns and types it was created with.
// Returns one row: the number of rows written.

#include "engine/create_table_as.h"

#include <filesystem>
#include <algorithm>
#include <map>
#include <vector>

#include "engine/copy_options.h"
#include "engine/query_engine.h"
#include "engine/temp_catalog.h"
#include "exec/operators/copy_to.h"
#include "formats/hive_partitioning.h"
#include "sql/binder/bind_scope.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/identifier.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/logical_plan.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;

/// The partition values in the path of `file` below `root`: unescaped key → raw
/// (escaped) value.
std::map<std::string, std::string> PartitionValues(const std::string& root, const std::string& file) {
  std::map<std::string, std::string> values;
  fs::path relative = fs::path(file).lexically_relative(root).parent_path();
  for (const fs::path& segment : relative) {
    std::string text = segment.string();
    size_t equals = text.find('=');
    if (equals == std::string::npos) continue;
    values[formats::UnescapeHivePathValue(text.substr(0, equals))] = text.substr(equals + 1);
  }
  return values;
}

std::string CastTo(const std::string& expression, const DataType& type) {
  return "CAST(" + expression + " AS " + type.ToString() + ")";
}

/// The table function call that reads one data file.
std::string ReadCall(const exec::CopyTarget& target, const std::string& file) {
  switch (target.write.format) {
    case formats::FileFormat::kParquet: return "read_parquet(" + sql::QuoteString(file) + ")";
    case formats::FileFormat::kJson: return "read_json(" + sql::QuoteString(file) + ")";
    case formats::FileFormat::kCsv: {
      // The writer's dialect, spelled out: nothing is left to the sniffer.
      const csv::Dialect& dialect = target.write.csv.dialect;
      return "read_csv(" + sql::QuoteString(file) +
             ", delimiter => " + sql::QuoteString(std::string(1, dialect.delimiter)) +
             ", quote => " + sql::QuoteString(std::string(1, dialect.quote)) +
             ", escape => " + sql::QuoteString(std::string(1, dialect.quote)) +
             ", nullstr => '', header => true, all_varchar => true)";
    }
  }
  return {};
}

/// SELECT of one data file: its columns in the table's order, partition columns as
/// constants from the file's path.
std::string FileQuery(const exec::CopyTarget& target, const std::string& file) {
  std::map<std::string, std::string> partitions = PartitionValues(target.path, file);
  std::string select;
  for (const Field& field : target.schema.fields()) {
    std::string column = sql::QuoteIdentifierIfNeeded(field.name);
    std::string expression;
    auto partition = partitions.find(field.name);
    if (partition != partitions.end()) {
      const std::string& raw = partition->second;
      expression = raw == formats::kHiveDefaultPartition
                       ? CastTo("NULL", field.type)
                       : CastTo(sql::QuoteString(formats::UnescapeHivePathValue(raw)), field.type);
    } else if (target.write.format == formats::FileFormat::kParquet ||
               field.type.id() == TypeId::kVarchar) {
      expression = column;
    } else {
      expression = CastTo(column, field.type);
    }
    if (!select.empty()) select += ", ";
    select += expression == column ? column : expression + " AS " + column;
  }
  return "SELECT " + select + " FROM " + ReadCall(target, file);
}

/// A query with the table's columns and no rows (a table that wrote no data file).
std::string EmptyQuery(const Schema& schema) {
  std::string select;
  for (const Field& field : schema.fields()) {
    if (!select.empty()) select += ", ";
    select += CastTo("NULL", field.type) + " AS " + sql::QuoteIdentifierIfNeeded(field.name);
  }
  return "SELECT " + select + " WHERE false";
}

/// Branches joined by UNION ALL, at most kUnionFanOut in one chain: more are grouped
/// into parenthesized chains (the parser bounds a chain's length, and a tree of them
/// stays shallow: three levels hold 16 million files).
constexpr size_t kUnionFanOut = 256;

std::string UnionAll(const std::vector<std::string>& branches, size_t begin, size_t end) {
  std::string query;
  if (end - begin <= kUnionFanOut) {
    for (size_t i = begin; i < end; ++i) query += (i == begin ? "" : "\nUNION ALL\n") + branches[i];
    return query;
  }
  size_t group = kUnionFanOut;
  while ((end - begin + group - 1) / group > kUnionFanOut) group *= kUnionFanOut;
  for (size_t i = begin; i < end; i += group) {
    query += (i == begin ? "(" : "\nUNION ALL\n(") + UnionAll(branches, i, std::min(end, i + group)) + ")";
  }
  return query;
}

/// The query that reads a written table back.
std::string TableReadQuery(const exec::CopyTarget& target, const exec::CopyResult& written) {
  if (written.rows == 0 || written.files.empty()) return EmptyQuery(target.schema);
  std::vector<std::string> branches;
  for (const std::string& file : written.files) branches.push_back(FileQuery(target, file));
  return UnionAll(branches, 0, branches.size());
}

/// Refuses column types a table cannot hold (Trino's Hive tables have no intervals
/// and no unknown type) or that its format cannot read back.
void CheckStorableTypes(std::string_view sql, sql::SourcePosition position, const exec::CopyTarget& target) {
  for (const Field& field : target.schema.fields()) {
    const DataType& type = field.type;
    std::string problem;
    if (type.id() == TypeId::kUnknown) {
      problem = "has no type (a bare NULL): give it one with CAST(NULL AS type)";
    } else if (type.is_interval()) {
      problem = "has type " + type.ToString() + ", which a table cannot store";
    } else if (type.is_nested()) {
      problem = "has type " + type.ToString() + ", which tables cannot store yet";
    } else if (type.id() == TypeId::kVarbinary && target.write.format == formats::FileFormat::kJson) {
      problem = "has type varbinary, which JSON tables cannot read back yet (use PARQUET or CSV)";
    }
    if (!problem.empty()) sql::ThrowBinderError(sql, position, "column '" + field.name + "' " + problem);
  }
}

}  // namespace

sql::LogicalPlanPtr RenameColumns(std::string_view sql, const sql::CreateTableAsStatement& create,
                                  sql::LogicalPlanPtr plan) {
  if (create.columns.empty()) return plan;
  const Schema& output = plan->output();
  if (create.columns.size() != output.num_fields()) {
    sql::ThrowBinderError(sql, create.columns[0].position,
                          "the column list has " + std::to_string(create.columns.size()) +
                              " names but the query has " + std::to_string(output.num_fields()) + " columns");
  }
  std::vector<sql::BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  for (size_t i = 0; i < output.num_fields(); ++i) {
    expressions.push_back(sql::MakeColumnRef(i, output.field(i).type, output.field(i).name));
    names.push_back(create.columns[i].name);
  }
  return std::make_shared<sql::LogicalProject>(plan, std::move(expressions), std::move(names));
}

QueryResult QueryEngine::RunCreateTableAs(std::string_view text, const sql::CreateTableAsStatement& create) {
  // CREATE TABLE db.name AS …: a catalog table (catalog_write.cpp).
  if (create.temporary) {
    if (create.name.parts.size() != 1) {
      sql::ThrowBinderError(text, create.name.position(),
                            "a temporary table's name has one part (it lives in the session only)");
    }
    return RunCatalogCreateTableAs(text, create, Temporary().context());
  }
  // A catalog table: db.name, or a plain name in the current database.
  if (catalog_ && (create.name.parts.size() > 1 || !catalog_->current_database.empty())) {
    return RunCatalogCreateTableAs(text, create, *catalog_);
  }
  std::string name = SessionObjectName(text, create.name);
  if (const sql::ViewDefinition* existing = views_.FindView(name)) {
    if (existing->kind == sql::ViewDefinition::Kind::kTable && create.if_not_exists) {
      return QueryResult::RowsWritten(0);
    }
    sql::ThrowBinderError(text, create.name.position(),
                          existing->kind == sql::ViewDefinition::Kind::kTable
                              ? "table '" + existing->name + "' already exists"
                              : "a view named '" + existing->name + "' exists");
  }
  sql::LogicalPlanPtr plan = RenameColumns(text, create, PlanQuery(text, *create.query));
  CheckStoredColumns(text, create.query->position, plan->output(), "table");
  TableTarget table = TableTargetFromProperties(text, create, name, plan->output(), session_);
  CheckStorableTypes(text, create.query->position, table.target);
  if (!create.with_data) plan = std::make_shared<sql::LogicalLimit>(plan, 0, 0);

  exec::CopyResult written = WriteRows(plan, table.target);
  sql::ViewDefinition definition;
  definition.kind = sql::ViewDefinition::Kind::kTable;
  definition.name = name;
  definition.sql = TableReadQuery(table.target, written);
  for (const Field& field : table.target.schema.fields()) definition.columns.push_back(field.name);
  SessionTable stored;
  stored.location = table.target.path;
  stored.files = std::move(written.files);
  stored.managed = !table.external;
  views_.PutTable(std::move(definition), std::move(stored));
  return QueryResult::RowsWritten(written.rows);
}

}  // namespace sluice::engine
