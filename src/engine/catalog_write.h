#pragma once
// The pieces every statement that writes a catalog table's files shares
// (catalog_write.cpp: CREATE TABLE AS, INSERT; table_rewrite.cpp: DELETE, UPDATE,
// OPTIMIZE): the staging folder's guard, the files a write produced and their
// partitions, the writer options a table's format implies, and the projection that
// turns query rows into the table's stored columns.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "engine/catalog_context.h"
#include "engine/table_commit.h"
#include "exec/operators/copy_to.h"
#include "formats/file_writer.h"
#include "sql/parser/source_position.h"
#include "sql/expression/bound_expression.h"
#include "sql/planner/logical_plan.h"

namespace sluice::engine {

/// The table a DELETE/UPDATE/OPTIMIZE changes, and the catalog it is in.
struct WriteTarget {
  CatalogContext* context = nullptr;
  catalog::Table table;
};

/// One written file and its partition: values from its folders below the write root.
struct WrittenFile {
  std::string path;      ///< Staged, absolute.
  std::string relative;  ///< Below the staging root: k=v/…/part-….
  std::vector<std::string> values;
};

/// The files of `written` below `root`, with `num_keys` partition values each.
std::vector<WrittenFile> WrittenFiles(const exec::CopyResult& written, const std::string& root, size_t num_keys);

/// Adds the files of `written` (staged below `root`) to `commit` as moves into
/// `table`'s folders: an unpartitioned table's location, else each partition's folder
/// (an existing partition's location, a new one's default; every partition is new
/// when the commit creates the table), with the rows written.
void AddWrittenFiles(TableCommit& commit, const CatalogContext& catalog, const catalog::Table& table,
                     const exec::CopyResult& written, const std::string& root);

/// Rows of the written files per partition: exact for Parquet (footers), -1 else.
std::map<std::vector<std::string>, int64_t> RowsByPartition(const std::vector<WrittenFile>& files, bool parquet);

/// Rows of one data file of `table`: from the footer for Parquet, -1 otherwise or
/// when the footer cannot be read.
int64_t FileRows(const std::string& path, const catalog::Table& table);

/// The writer options for new files of `table`: its format, its CSV dialect (a header
/// line when the table skips one), its write_compression. NotImplementedError at
/// `position` for layouts Sluice cannot write.
formats::FileWriteOptions TableWriteOptions(std::string_view sql, sql::SourcePosition position,
                                            const catalog::Table& table);

/// The copy target of a statement writing new files of `table` into `staging`/data:
/// folder layout, the table's partition keys, format, NOT NULL columns; files named
/// part-NNNNN-<commit id>, each ending at the table parameters target_file_size /
/// max_rows_per_file (ApplyTableFileLimits: BinderError at `position` for a bad value).
/// `schema` is the stored columns (StoredColumns order).
exec::CopyTarget TableCopyTarget(std::string_view sql, sql::SourcePosition position, const catalog::Table& table,
                                 const Schema& schema, const std::string& staging, const std::string& commit_id,
                                 std::string statement);

/// Trino's assignment of a value to a column (INSERT, UPDATE): `value` as type `to` —
/// the implicit coercion when there is one, else a CAST when the two types have a
/// common super type (bigint into integer, decimal(12,2) into decimal(10,2): a value
/// that does not fit fails the statement); null when they have none (varchar into
/// integer).
sql::BoundExpressionPtr AssignmentCast(sql::BoundExpressionPtr value, const DataType& to);

/// The table's columns as stored rows carry them: data columns, then partition keys.
std::vector<catalog::Column> StoredColumns(const catalog::Table& table);

/// `plan`'s rows as `table`'s stored columns: `sources[i]` is the plan column that
/// fills stored column i (none: NULL), coerced to the column's type by Trino's
/// assignment rules; BinderError at `position` naming the column when a type cannot
/// be stored ("column 2 of the query has type varchar, which cannot be stored in …").
sql::LogicalPlanPtr StoredProjection(std::string_view sql, sql::SourcePosition position, const catalog::Table& table,
                                     const sql::LogicalPlanPtr& plan, const std::vector<std::optional<size_t>>& sources,
                                     std::string_view what = "the query");

}  // namespace sluice::engine
