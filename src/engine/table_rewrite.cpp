// DELETE, UPDATE and OPTIMIZE on managed tables, by copy-on-write of whole files.
//
// Each statement holds the table's TableWriteLock from its first read to its commit,
// so no other statement replaces the same files meanwhile (INSERTs, which only add
// files, go on). Then:
//   1. Find the files: SELECT "$path", count(*) FROM t [alias] WHERE condition GROUP
//      BY "$path" — the table scanned with one more column, the row's file
//      (CatalogResolver::set_path_column); partition pruning and Parquet statistics
//      skip what cannot match, so a DELETE of one day touches that day's files only.
//   2. Rewrite them: one query over exactly those files (the scan's listing is cut to
//      them: CatalogResolver::set_path_column's only_files) yields the
//      rows that stay (DELETE: the condition is not true) or the rows as updated
//      (UPDATE: IF(condition, value, column) per assigned column, each value coerced
//      to its column's type by the assignment rules), written as new files of the
//      table — partitioned by the same keys, so an UPDATE of a key moves its rows.
//      A DELETE whose condition holds for every row of a Parquet file (its footer
//      count) removes the file without rewriting it.
//   3. One commit (table_commit.h) moves the old files out and the new ones in and
//      updates the partitions (a partition left without files is dropped) — atomic,
//      also across kill -9.
// The user's condition and values are bound where they stand in the user's text (the
// statement is parsed again to get a copy of its expressions to build the queries
// from), so errors point into the statement as written.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "core/ascii.h"
#include "core/error.h"
#include "engine/catalog_files.h"
#include "engine/catalog_resolver.h"
#include "engine/catalog_statements.h"
#include "engine/catalog_table_source.h"
#include "engine/catalog_write.h"
#include "engine/copy_options.h"
#include "engine/query_engine.h"
#include "engine/table_commit.h"
#include "engine/temp_catalog.h"
#include "exec/pipeline/physical_planner.h"
#include "exec/pipeline/pipeline.h"
#include "sql/binder/binder.h"
#include "sql/expression/coercion.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/dml_statement.h"
#include "sql/parser/parser.h"
#include "sql/parser/query.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/optimizer.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;

/// Files smaller than this are compacted by OPTIMIZE unless it names a threshold.
constexpr int64_t kDefaultOptimizeThreshold = int64_t{128} << 20;

/// An INSERT that leaves a partition (or an unpartitioned table) with this many data
/// files compacts its small ones (table property auto_compact_files overrides; 0 never).
constexpr int64_t kAutoCompactFiles = 64;

/// A fresh copy of `statement` (parsed again from `sql`), whose expressions the
/// rewrite queries take over. Positions stay those of the user's text.
template <class T>
std::unique_ptr<T> Reparse(std::string_view sql, const sql::Statement& statement) {
  for (std::unique_ptr<sql::Statement>& parsed : sql::ParseStatements(sql)) {
    if (parsed->position == statement.position && parsed->kind() == T::kKind) {
      return std::unique_ptr<T>(static_cast<T*>(parsed.release()));
    }
  }
  throw InternalError("the statement at offset " + std::to_string(statement.position.offset) +
                      " was not found when parsed again");
}

sql::ExpressionPtr ColumnRef(std::string name, sql::SourcePosition position) {
  auto ref = std::make_unique<sql::ColumnRefExpression>(position);
  ref->parts.push_back(sql::Identifier{std::move(name), true, position});
  return ref;
}

sql::ExpressionPtr BooleanLiteral(bool value, sql::SourcePosition position) {
  auto literal = std::make_unique<sql::LiteralExpression>(position);
  literal->literal_kind = sql::LiteralKind::kBoolean;
  literal->value = value ? "true" : "false";
  return literal;
}

/// coalesce(condition, false): true exactly where the condition is true.
sql::ExpressionPtr IsTrue(sql::ExpressionPtr condition) {
  sql::SourcePosition position = condition->position;
  auto call = std::make_unique<sql::FunctionCallExpression>(position);
  call->name.parts.push_back(sql::Identifier{"coalesce", false, position});
  call->arguments.push_back({std::nullopt, std::move(condition)});
  call->arguments.push_back({std::nullopt, BooleanLiteral(false, position)});
  return call;
}

/// SELECT … FROM table [alias] [WHERE where] as a Query.
std::unique_ptr<sql::Query> SelectFrom(const sql::QualifiedName& table, const std::optional<sql::Identifier>& alias,
                                       std::vector<sql::SelectItem> items, sql::ExpressionPtr where,
                                       sql::SourcePosition position) {
  auto body = std::make_unique<sql::SelectBody>(position);
  body->select_list = std::move(items);
  auto from = std::make_unique<sql::BaseTableRef>(table.position());
  from->name = table;
  from->alias = alias;
  body->from = std::move(from);
  body->where = std::move(where);
  auto query = std::make_unique<sql::Query>(position);
  query->body = std::move(body);
  return query;
}

sql::SelectItem Item(sql::ExpressionPtr expression) {
  sql::SelectItem item;
  item.position = expression->position;
  item.expression = std::move(expression);
  return item;
}

/// The partition a data file of `table` belongs to: its folder (or a folder above it)
/// is the partition's location.
struct FilePartitions {
  struct Entry {
    std::vector<std::string> values;
    std::string location;  ///< Catalog form.
  };
  std::map<std::string, Entry> by_folder;  ///< Absolute folder → partition.

  const Entry* Find(const std::string& file) const {
    fs::path folder = fs::path(file).parent_path();
    while (!folder.empty() && folder != folder.root_path()) {
      auto it = by_folder.find(folder.string());
      if (it != by_folder.end()) return &it->second;
      folder = folder.parent_path();
    }
    return nullptr;
  }
};

FilePartitions PartitionsOf(const WriteTarget& target) {
  FilePartitions partitions;
  for (const catalog::Partition& partition :
       target.context->store->ListPartitions(target.table.database, target.table.name)) {
    std::string location =
        partition.location.empty() ? DefaultPartitionLocation(target.table, partition.values) : partition.location;
    partitions.by_folder[ResolveCatalogPath(*target.context, location)] = {partition.values, location};
  }
  return partitions;
}

/// OPTIMIZE's file_size_threshold: a size text (ParseByteSize: '128MB', '10kB', '1GB',
/// '4096'); BinderError at the text otherwise.
int64_t ParseThreshold(std::string_view sql, const sql::StringValue& text) {
  std::optional<uint64_t> bytes = ParseByteSize(text.value);
  if (!bytes) {
    sql::ThrowBinderError(sql, text.position,
                          "file_size_threshold '" + text.value + "' is no size (write e.g. '128MB', '10kB', '1GB')");
  }
  return static_cast<int64_t>(*bytes);
}

/// The file limits the table's writes follow (ApplyTableFileLimits; BinderError at
/// `position` for a bad parameter, which the rewrite's own write would report too).
exec::CopyTarget TableFileLimits(std::string_view sql, sql::SourcePosition position, const catalog::Table& table) {
  exec::CopyTarget limits;
  ApplyTableFileLimits(sql, position, table.parameters, table.QualifiedName(), &limits);
  return limits;
}

/// The threshold of an OPTIMIZE that names none: half the table's target_file_size,
/// at most kDefaultOptimizeThreshold. A file the writer ended at the target is then not
/// small, so a table with a small target_file_size is not rewritten again and again
/// (a second OPTIMIZE finds at most one small file, the last, per partition).
int64_t DefaultThreshold(const exec::CopyTarget& limits) {
  if (limits.target_file_bytes == 0) return kDefaultOptimizeThreshold;
  return std::min(kDefaultOptimizeThreshold, static_cast<int64_t>(limits.target_file_bytes / 2));
}

}  // namespace

QueryResult QueryEngine::RunDelete(std::string_view sql, const sql::DeleteStatement& del) {
  const char* verb = del.truncate ? "TRUNCATE" : "DELETE";
  WriteTarget target;
  target.context = &WriteTargetContext(sql, del.table, verb);
  target.table = RequireManagedTable(sql, del.table, *target.context, verb);
  TableWriteLock lock(*target.context, target.table.database, target.table.name);
  RollForwardCommits(*target.context, &lock);  // what a crashed statement left, first
  target.table = RequireManagedTable(sql, del.table, *target.context, verb);  // as it is now, under the lock

  // 1. The files holding rows to delete, and how many each holds.
  std::unique_ptr<sql::DeleteStatement> copy = Reparse<sql::DeleteStatement>(sql, del);
  std::map<std::string, int64_t> matches = FilesWithRows(sql, target, del.table, copy->alias, std::move(copy->where));
  if (matches.empty()) return QueryResult::RowsWritten(0);
  int64_t deleted = 0;
  std::vector<std::string> rewrite;  // files that keep some rows
  std::vector<std::string> drop;     // files that keep none
  for (const auto& [path, rows] : matches) {
    deleted += rows;
    int64_t total = del.where == nullptr ? rows : FileRows(path, target.table);
    (total == rows ? drop : rewrite).push_back(path);
  }

  // 2. The rows that stay.
  sql::LogicalPlanPtr plan;
  if (!rewrite.empty()) {
    std::unique_ptr<sql::DeleteStatement> again = Reparse<sql::DeleteStatement>(sql, del);
    std::vector<sql::SelectItem> items;
    for (const catalog::Column& column : StoredColumns(target.table)) {
      items.push_back(Item(ColumnRef(column.name, del.table.position())));
    }
    auto keep = std::make_unique<sql::NotExpression>(again->where->position);
    keep->operand = IsTrue(std::move(again->where));
    std::unique_ptr<sql::Query> query =
        SelectFrom(del.table, again->alias, std::move(items), std::move(keep), del.position);
    plan = PlanRewrite(sql, *query, target, &rewrite);
  }
  std::vector<std::string> replaced = rewrite;
  replaced.insert(replaced.end(), drop.begin(), drop.end());
  CommitRewrite(sql, del.position, target, lock, plan, replaced, deleted, "delete", del.ToString(), verb);
  return QueryResult::RowsWritten(static_cast<uint64_t>(deleted));
}

QueryResult QueryEngine::RunUpdate(std::string_view sql, const sql::UpdateStatement& update) {
  WriteTarget target;
  target.context = &WriteTargetContext(sql, update.table, "UPDATE");
  target.table = RequireManagedTable(sql, update.table, *target.context, "UPDATE");
  TableWriteLock lock(*target.context, target.table.database, target.table.name);
  RollForwardCommits(*target.context, &lock);  // what a crashed statement left, first
  target.table = RequireManagedTable(sql, update.table, *target.context, "UPDATE");
  std::vector<catalog::Column> columns = StoredColumns(target.table);

  // Which stored column each assignment sets.
  std::vector<std::optional<size_t>> assigned(columns.size());
  for (size_t a = 0; a < update.assignments.size(); ++a) {
    const sql::Identifier& name = update.assignments[a].column;
    std::string lower = AsciiLower(name.name);
    size_t index = 0;
    while (index < columns.size() && columns[index].name != lower) ++index;
    if (index == columns.size()) {
      sql::ThrowBinderError(sql, name.position,
                            "table " + target.table.QualifiedName() + " has no column '" + lower + "'");
    }
    if (assigned[index]) sql::ThrowBinderError(sql, name.position, "column '" + lower + "' is set twice");
    assigned[index] = a;
  }

  // 1. The files holding rows to update.
  std::unique_ptr<sql::UpdateStatement> copy = Reparse<sql::UpdateStatement>(sql, update);
  std::map<std::string, int64_t> matches =
      FilesWithRows(sql, target, update.table, copy->alias, std::move(copy->where));
  if (matches.empty()) return QueryResult::RowsWritten(0);
  int64_t updated = 0;
  std::vector<std::string> files;
  for (const auto& [path, rows] : matches) {
    updated += rows;
    files.push_back(path);
  }

  // 2. Every row of those files, updated where the condition holds: the stored
  // columns, then whether the condition holds, then the assigned values.
  std::unique_ptr<sql::UpdateStatement> again = Reparse<sql::UpdateStatement>(sql, update);
  std::vector<sql::SelectItem> items;
  for (const catalog::Column& column : columns) items.push_back(Item(ColumnRef(column.name, update.table.position())));
  items.push_back(Item(again->where != nullptr ? IsTrue(std::move(again->where))
                                               : BooleanLiteral(true, update.position)));
  for (sql::UpdateStatement::Assignment& assignment : again->assignments) {
    items.push_back(Item(std::move(assignment.value)));
  }
  std::unique_ptr<sql::Query> query =
      SelectFrom(update.table, again->alias, std::move(items), nullptr, update.position);
  sql::LogicalPlanPtr rows = PlanRewrite(sql, *query, target, &files);

  const Schema& output = rows->output();
  const size_t hit = columns.size();
  std::vector<sql::BoundExpressionPtr> expressions;
  std::vector<std::string> names;
  for (size_t i = 0; i < columns.size(); ++i) {
    sql::BoundExpressionPtr value = sql::MakeColumnRef(i, columns[i].type, columns[i].name);
    if (assigned[i]) {
      size_t source = hit + 1 + *assigned[i];
      const DataType& type = output.field(source).type;
      sql::BoundExpressionPtr new_value =
          AssignmentCast(sql::MakeColumnRef(source, type, columns[i].name), columns[i].type);
      if (new_value == nullptr) {
        const sql::Expression& written = *update.assignments[*assigned[i]].value;
        sql::ThrowBinderError(sql, written.position,
                              "the value has type " + type.ToString() + ", which cannot be stored in column '" +
                                  columns[i].name + "' of type " + columns[i].type.ToString() + " (CAST it)");
      }
      value = sql::MakeIf(sql::MakeColumnRef(hit, DataType::Boolean(), "hit"), std::move(new_value), std::move(value));
    }
    expressions.push_back(std::move(value));
    names.push_back(columns[i].name);
  }
  sql::LogicalPlanPtr plan = std::make_shared<sql::LogicalProject>(rows, std::move(expressions), std::move(names));
  CommitRewrite(sql, update.position, target, lock, plan, files, 0, "update", update.ToString(), "UPDATE");
  return QueryResult::RowsWritten(static_cast<uint64_t>(updated));
}

QueryResult QueryEngine::RunOptimize(std::string_view sql, const sql::OptimizeStatement& optimize) {
  WriteTarget target;
  target.context = &WriteTargetContext(sql, optimize.table, "OPTIMIZE");
  target.table = RequireManagedTable(sql, optimize.table, *target.context, "OPTIMIZE");
  std::optional<int64_t> threshold;
  if (optimize.file_size_threshold) threshold = ParseThreshold(sql, *optimize.file_size_threshold);
  TableWriteLock lock(*target.context, target.table.database, target.table.name);
  RollForwardCommits(*target.context, &lock);  // what a crashed statement left, first
  target.table = RequireManagedTable(sql, optimize.table, *target.context, "OPTIMIZE");
  if (!threshold) threshold = DefaultThreshold(TableFileLimits(sql, optimize.position, target.table));

  // The table's files (those with rows matching the WHERE condition, if any), by
  // partition; a partition with two or more files under the threshold gets them
  // rewritten as one.
  std::vector<std::string> candidates;
  if (optimize.where != nullptr) {
    std::unique_ptr<sql::OptimizeStatement> copy = Reparse<sql::OptimizeStatement>(sql, optimize);
    for (const auto& [path, rows] :
         FilesWithRows(sql, target, optimize.table, std::nullopt, std::move(copy->where))) {
      candidates.push_back(path);
    }
  } else {
    candidates = TableFiles(target);
  }
  return QueryResult::RowsWritten(CompactSmallFiles(sql, optimize.position, optimize.table, target, lock, candidates,
                                                    *threshold, optimize.ToString()));
}

uint64_t QueryEngine::CompactSmallFiles(std::string_view sql, sql::SourcePosition position,
                                        const sql::QualifiedName& name, const WriteTarget& target,
                                        const TableWriteLock& lock, const std::vector<std::string>& candidates,
                                        int64_t threshold, const std::string& statement_text) {
  FilePartitions partitions;
  if (target.table.is_partitioned()) partitions = PartitionsOf(target);
  // A file with half the table's max_rows_per_file rows or more is not small either:
  // merging two such files would write two files again (counted from Parquet footers;
  // other formats are judged by size alone).
  const uint64_t max_rows = TableFileLimits(sql, position, target.table).max_rows_per_file;
  std::map<std::string, std::vector<std::string>> small_by_partition;
  for (const std::string& path : candidates) {
    std::error_code error;
    auto size = static_cast<int64_t>(fs::file_size(path, error));
    if (error || size >= threshold) continue;
    if (max_rows != 0) {
      int64_t rows = FileRows(path, target.table);
      if (rows >= 0 && static_cast<uint64_t>(rows) >= (max_rows + 1) / 2) continue;
    }
    const FilePartitions::Entry* partition = target.table.is_partitioned() ? partitions.Find(path) : nullptr;
    small_by_partition[partition != nullptr ? partition->location : std::string()].push_back(path);
  }
  std::vector<std::string> files;
  for (auto& [location, list] : small_by_partition) {
    if (list.size() >= 2) files.insert(files.end(), list.begin(), list.end());
  }
  if (files.empty()) return 0;

  std::vector<sql::SelectItem> items;
  for (const catalog::Column& column : StoredColumns(target.table)) {
    items.push_back(Item(ColumnRef(column.name, name.position())));
  }
  std::unique_ptr<sql::Query> query = SelectFrom(name, std::nullopt, std::move(items), nullptr, position);
  sql::LogicalPlanPtr plan = PlanRewrite(sql, *query, target, &files);
  return CommitRewrite(sql, position, target, lock, plan, files, 0, "optimize", statement_text, "OPTIMIZE");
}

void QueryEngine::AutoCompact(std::string_view sql, const sql::QualifiedName& name, CatalogContext& context,
                              const catalog::Table& table, const std::vector<std::string>& folders) {
  if (table.kind != catalog::TableKind::kManaged) return;
  int64_t limit = kAutoCompactFiles;
  auto setting = table.parameters.find("auto_compact_files");
  if (setting != table.parameters.end()) limit = std::strtoll(setting->second.c_str(), nullptr, 10);
  if (limit <= 1) return;  // "0": never
  bool over = false;
  for (const std::string& folder : folders) {
    if (static_cast<int64_t>(ListDataFiles(folder).size()) >= limit) over = true;
  }
  if (!over) return;
  try {
    // Only when no other statement changes the table now; the next INSERT tries again.
    TableWriteLock lock(context, table.database, table.name, /*timeout_seconds=*/0);
    WriteTarget target;
    target.context = &context;
    target.table = RequireManagedTable(sql, name, context, "INSERT");
    std::vector<std::string> candidates;
    for (const std::string& folder : folders) {
      std::vector<std::string> files = ListDataFiles(folder);
      candidates.insert(candidates.end(), files.begin(), files.end());
    }
    CompactSmallFiles(sql, name.position(), name, target, lock, candidates,
                      DefaultThreshold(TableFileLimits(sql, name.position(), target.table)),
                      "OPTIMIZE " + table.QualifiedName() + " (automatic, after INSERT)");
  } catch (const Error& error) {
    std::cerr << "sluice: automatic compaction of " << table.QualifiedName() << " skipped: " << error.what() << "\n";
  }
}

// ---- Shared steps ----------------------------------------------------------------------

CatalogContext& QueryEngine::WriteTargetContext(std::string_view sql, const sql::QualifiedName& name,
                                                std::string_view verb) {
  if (name.parts.size() == 1 && temporary_ != nullptr && temporary_->Has(AsciiLower(name.parts[0].name))) {
    return temporary_->context();
  }
  if (!catalog_) {
    sql::ThrowNotImplemented(sql, name.position(),
                             std::string(verb) +
                                 " writes catalog tables, which need a lake: run inside a lake or with --lake DIR, "
                                 "or create the table with CREATE TEMPORARY TABLE (session tables of CREATE TABLE "
                                 "AS cannot be changed)");
  }
  return *catalog_;
}

catalog::Table QueryEngine::RequireManagedTable(std::string_view sql, const sql::QualifiedName& name,
                                                const CatalogContext& context, std::string_view verb) {
  catalog::Table table = LookupCatalogTable(sql, name, context);
  if (table.kind == catalog::TableKind::kView) {
    ThrowCatalogError(sql, name.position(),
                      std::string("cannot ") + std::string(verb) + " " + table.QualifiedName() + ": it is a view");
  }
  if (table.kind != catalog::TableKind::kManaged) {
    ThrowCatalogError(sql, name.position(),
                      std::string(verb) + " changes managed tables only; " + table.QualifiedName() +
                          " is an external table, whose files belong to whoever writes them (rewrite it with "
                          "CREATE TABLE … AS SELECT into a managed table)");
  }
  return table;
}

sql::LogicalPlanPtr QueryEngine::PlanRewrite(std::string_view sql, const sql::Query& query, const WriteTarget& target,
                                             const std::vector<std::string>* only_files) {
  sql::Binder binder(sql, session_);
  CatalogResolver resolver(&views_, catalog(), catalog_ ? catalog_->current_database : std::string());
  if (temporary_ != nullptr) resolver.set_temporary(&temporary_->context());
  std::shared_ptr<const std::set<std::string>> only;
  if (only_files != nullptr) only = std::make_shared<const std::set<std::string>>(only_files->begin(), only_files->end());
  resolver.set_path_column(target.context, target.table.database, target.table.name, std::move(only));
  binder.set_views(&resolver);
  return sql::Optimize(binder.BindQuery(query), session_);
}

std::map<std::string, int64_t> QueryEngine::FilesWithRows(std::string_view sql, const WriteTarget& target,
                                                          const sql::QualifiedName& name,
                                                          const std::optional<sql::Identifier>& alias,
                                                          sql::ExpressionPtr where) {
  sql::SourcePosition position = name.position();
  std::vector<sql::SelectItem> items;
  items.push_back(Item(ColumnRef(std::string(kPathColumn), position)));
  auto count = std::make_unique<sql::FunctionCallExpression>(position);
  count->name.parts.push_back(sql::Identifier{"count", false, position});
  count->star = true;
  items.push_back(Item(std::move(count)));
  std::unique_ptr<sql::Query> query = SelectFrom(name, alias, std::move(items), std::move(where), position);
  auto& body = static_cast<sql::SelectBody&>(*query->body);
  sql::GroupBy group_by;
  sql::GroupingElement element;
  element.position = position;
  sql::ExpressionList keys;
  keys.push_back(ColumnRef(std::string(kPathColumn), position));
  element.sets.push_back(std::move(keys));
  group_by.elements.push_back(std::move(element));
  body.group_by = std::move(group_by);

  sql::LogicalPlanPtr plan = PlanRewrite(sql, *query, target);
  std::map<std::string, int64_t> files;
  for (const Chunk& chunk : ExecutePlan(plan)) {
    for (size_t row = 0; row < chunk.size(); ++row) {
      files[std::string(chunk.column(0).GetString(row))] = chunk.column(1).data<int64_t>()[row];
    }
  }
  return files;
}

std::vector<std::string> QueryEngine::TableFiles(const WriteTarget& target) {
  if (!target.table.is_partitioned()) return ListDataFiles(ResolveCatalogPath(*target.context, target.table.location));
  std::vector<std::string> files;
  for (const auto& [folder, partition] : PartitionsOf(target).by_folder) {
    std::vector<std::string> listed = ListDataFiles(folder);
    files.insert(files.end(), listed.begin(), listed.end());
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::vector<Chunk> QueryEngine::ExecutePlan(const sql::LogicalPlanPtr& plan) {
  auto physical = exec::CreatePhysicalPlan(*plan);
  exec::ExecutionContext context(session_, memory_limit_, &cancel_);
  exec::ExecutePipelines(*physical, &context);
  return physical->TakeResult(context);
}

uint64_t QueryEngine::CommitRewrite(std::string_view sql, sql::SourcePosition position, const WriteTarget& target,
                                    const TableWriteLock& lock, const sql::LogicalPlanPtr& plan,
                                    const std::vector<std::string>& replaced, int64_t deleted_rows,
                                    std::string_view cause_kind, const std::string& statement_text,
                                    std::string_view verb) {
  const catalog::Table& table = target.table;
  CatalogContext& context = *target.context;
  const bool parquet = table.format == catalog::StorageFormat::kParquet;
  TableCommit commit;
  commit.id = NewCommitId();
  commit.database = table.database;
  commit.table = table.name;
  commit.cause = StatementCause(cause_kind, statement_text);
  std::string staging = StagingFolder(context, commit.id);
  StagingGuard guard(staging);

  exec::CopyResult written;
  std::vector<WrittenFile> files;
  if (plan != nullptr) {
    exec::CopyTarget copy_target =
        TableCopyTarget(sql, position, table, plan->output(), staging, commit.id, std::string(verb));
    written = WriteRows(plan, copy_target);
    files = WrittenFiles(written, copy_target.path, table.partition_keys.size());
  }

  // The old files leave for the staging folder (removed with it).
  FilePartitions partitions;
  if (table.is_partitioned()) partitions = PartitionsOf(target);
  std::map<std::vector<std::string>, CommitPartition> touched;
  int64_t removed_rows = 0;
  for (size_t i = 0; i < replaced.size(); ++i) {
    const std::string& path = replaced[i];
    commit.removals.push_back({path, staging + "/removed/" + std::to_string(i) + "-" + fs::path(path).filename().string()});
    int64_t rows = FileRows(path, table);
    removed_rows = removed_rows < 0 || rows < 0 ? -1 : removed_rows + rows;
    if (table.is_partitioned()) {
      const FilePartitions::Entry* partition = partitions.Find(path);
      if (partition == nullptr) throw InternalError("a file of " + table.QualifiedName() + " is in no partition: " + path);
      auto [it, inserted] = touched.try_emplace(partition->values, CommitPartition{partition->values, partition->location, 0, 0});
      it->second.rows_removed = it->second.rows_removed < 0 || rows < 0 ? -1 : it->second.rows_removed + rows;
    }
  }

  // The new files go where INSERT puts them.
  if (!table.is_partitioned()) {
    std::string folder = ResolveCatalogPath(context, table.location);
    for (const WrittenFile& file : files) commit.moves.push_back({file.path, folder + "/" + file.relative});
    commit.table_rows = static_cast<int64_t>(written.rows);
    // Exact for every format: the rows removed are those kept plus those deleted.
    commit.table_rows_removed = parquet ? removed_rows : static_cast<int64_t>(written.rows) + deleted_rows;
  } else {
    for (const auto& [values, rows] : RowsByPartition(files, parquet)) {
      auto it = touched.find(values);
      std::string location;
      if (it != touched.end()) {
        location = it->second.location;
      } else {
        std::optional<catalog::Partition> existing = context.store->GetPartition(table.database, table.name, values);
        location = existing && !existing->location.empty() ? existing->location : DefaultPartitionLocation(table, values);
        it = touched.try_emplace(values, CommitPartition{values, location, 0, 0}).first;
      }
      it->second.rows = rows;
      std::string folder = ResolveCatalogPath(context, location);
      for (const WrittenFile& file : files) {
        if (file.values == values) {
          commit.moves.push_back({file.path, folder + "/" + fs::path(file.relative).filename().string()});
        }
      }
    }
    for (auto& [values, partition] : touched) commit.partitions.push_back(partition);
  }
  guard.Release();  // the commit owns the staging folder now
  CommitTable(commit, context, &lock);
  return written.rows;
}

}  // namespace sluice::engine
