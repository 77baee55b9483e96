#pragma once
// The SQL entry point: text → parse → bind → optimize → physical plan → pipelines →
// result. Used by `sluice query`, `sluice sql`, the logic-test runner and (later) the
// HTTP API and job runner.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/chunk.h"
#include "core/types.h"
#include "core/value.h"
#include "engine/catalog_context.h"
#include "engine/session_views.h"
#include "sql/expression/kernel.h"
#include "sql/parser/statement.h"

namespace sluice::sql {
struct ParameterValues;
class LogicalNode;
class DeleteStatement;
class UpdateStatement;
class OptimizeStatement;
}  // namespace sluice::sql

namespace sluice::exec {
struct CopyTarget;
struct CopyResult;
}

namespace sluice::engine {

class PreparedStatement;
class TableWriteLock;
class TemporaryCatalog;
struct WriteTarget;

/// What a statement returned: named, typed columns and their rows. EXPLAIN returns
/// one varchar column "plan" with one row per line; COPY and CREATE TABLE AS one
/// bigint column "rows" with the number of rows written; SET …, CREATE VIEW and DROP
/// return no columns.
struct QueryResult {
  Schema schema;
  std::vector<Chunk> chunks;
  size_t num_rows() const;
  /// COPY's and CREATE TABLE AS's result: one bigint column "rows" (copy_statement.cpp).
  static QueryResult RowsWritten(uint64_t rows);
};

/// Runs statements with session state that lives across statements: the time zone,
/// and the views and CREATE TABLE AS tables (session_views.h).
/// One statement runs at a time per engine; Cancel() may be called from any thread or
/// a signal handler.
class QueryEngine {
 public:
  QueryEngine();
  ~QueryEngine();
  QueryEngine(const QueryEngine&) = delete;
  QueryEngine& operator=(const QueryEngine&) = delete;
  const sql::SessionSettings& session() const { return session_; }
  sql::SessionSettings& session() { return session_; }

  /// The most memory one query's operators may reserve, in bytes (0: no limit); a
  /// query past it fails with OutOfMemoryError naming the operator. Default:
  /// QueryMemory::DefaultLimit() (80% of the machine's memory).
  uint64_t memory_limit() const { return memory_limit_; }
  void set_memory_limit(uint64_t bytes) { memory_limit_ = bytes; }

  /// The session's views and CREATE TABLE AS tables.
  const SessionViews& views() const { return views_; }

  /// Attaches a catalog (catalog_context.h): `db.table` and unqualified names that are
  /// no WITH query or session view resolve to its tables and views, and the catalog
  /// statements (CREATE DATABASE, CREATE EXTERNAL TABLE, SHOW …, INSERT INTO …) work.
  /// Commits a crashed statement left half done are completed first
  /// (table_commit.h). Without a catalog, qualified names are errors.
  void AttachCatalog(CatalogContext context);
  /// The attached catalog, or null.
  const CatalogContext* catalog() const { return catalog_ ? &*catalog_ : nullptr; }

  /// Asks the running statement to stop: it throws InterruptedError("query
  /// cancelled") at its next chunk boundary. Thread-safe and async-signal-safe (one
  /// atomic store). A request made while no statement runs stops the next statement of
  /// the ExecuteAll call in progress, or is forgotten when the next Execute or
  /// ExecuteAll starts (a late Ctrl-C must not kill the following query).
  void Cancel() { cancel_.store(true, std::memory_order_relaxed); }
  bool cancel_requested() const { return cancel_.load(std::memory_order_relaxed); }

  /// Runs one parsed statement; `sql` is the text it was parsed from (for error carets).
  /// Throws the error of any stage.
  QueryResult Execute(std::string_view sql, const sql::Statement& statement);
  /// Parses `sql` (one or more statements) and runs each; returns every result.
  std::vector<QueryResult> ExecuteAll(std::string_view sql);

  /// Parses one statement with `?` and/or `:name` parameters for running (many times)
  /// with values bound (prepared_statement.h). Throws ParseError, or
  /// InvalidArgumentError unless `sql` holds exactly one statement. The statement keeps
  /// a pointer to this engine, which must outlive it.
  PreparedStatement Prepare(std::string sql);

  // ---- For programs that drive the engine (the job runner, jobs/job_runner.h) ----

  /// Values for `:name` parameters of statements run without values of their own
  /// (ExecuteAll, and the views below): a job's typed arguments. Bound as data, never
  /// spliced into SQL text.
  void set_session_parameters(std::map<std::string, Value, std::less<>> named);
  /// Defines or replaces the session view `name` (case-insensitive) as `query_sql`,
  /// binding it now: ParseError/BinderError with carets into `query_sql`. Returns its
  /// columns. Views are found before catalog tables.
  Schema DefineSessionView(const std::string& name, const std::string& query_sql);
  /// The columns `query_sql` (one query) returns, planned but not run.
  Schema Describe(const std::string& query_sql);
  /// The optimized plan of `query_sql`, as EXPLAIN prints it.
  std::string ExplainQuery(const std::string& query_sql);
  /// From now on every reference to catalog table `database`.`table` reads only
  /// `files` (absolute paths of its data files): a job's bookmarked source.
  void RestrictTableFiles(const std::string& database, const std::string& table, std::set<std::string> files);
  /// Runs `query_sql` into the writing sink (exec/operators/copy_to.h).
  exec::CopyResult WriteQuery(const std::string& query_sql, exec::CopyTarget target);
  /// Runs `query_sql` and hands its result to `consume` chunk by chunk, one at a time
  /// (exec/operators/chunk_consumer.h), after `begin` got the result's columns; an
  /// exception from either fails the query. Returns the rows.
  uint64_t StreamQuery(const std::string& query_sql, const std::function<void(const Schema&)>& begin,
                       const std::function<void(const Chunk&)>& consume);

 private:
  friend class PreparedStatement;
  /// Execute without clearing the cancel flag; `parameters` (may be null) are the
  /// values of the statement's parameters.
  QueryResult Run(std::string_view sql, const sql::Statement& statement, const sql::ParameterValues* parameters);
  QueryResult RunQuery(std::string_view sql, const sql::QueryStatement& statement);
  QueryResult Explain(std::string_view sql, const sql::ExplainStatement& explain);
  QueryResult ExplainAnalyze(std::string_view sql, const sql::ExplainStatement& explain);
  void SetTimeZone(std::string_view sql, const sql::SetTimeZoneStatement& set);
  /// Binds (with the session's views) and optimizes a query.
  std::shared_ptr<const sql::LogicalNode> PlanQuery(std::string_view sql, const sql::Query& query) const;
  // Views and writes: view_statements.cpp, copy_statement.cpp, create_table_as.cpp.
  QueryResult RunCreateView(std::string_view sql, const sql::CreateViewStatement& create);
  QueryResult RunDrop(std::string_view sql, const sql::DropStatement& drop);
  QueryResult RunCopy(std::string_view sql, const sql::CopyStatement& copy);
  QueryResult RunCreateTableAs(std::string_view sql, const sql::CreateTableAsStatement& create);
  // The catalog: catalog_ddl.cpp, catalog_show.cpp (through RunCatalogStatement),
  // catalog_write.cpp (CREATE TABLE db.t AS, INSERT INTO), view_statements.cpp.
  QueryResult RunCatalogStatement(std::string_view sql, const sql::Statement& statement);
  QueryResult RunCatalogCreateView(std::string_view sql, const sql::CreateViewStatement& create);
  QueryResult RunCatalogCreateTableAs(std::string_view sql, const sql::CreateTableAsStatement& create,
                                      CatalogContext& catalog);
  QueryResult RunInsert(std::string_view sql, const sql::InsertStatement& insert);
  // DELETE, UPDATE, OPTIMIZE: table_rewrite.cpp.
  QueryResult RunDelete(std::string_view sql, const sql::DeleteStatement& del);
  QueryResult RunUpdate(std::string_view sql, const sql::UpdateStatement& update);
  QueryResult RunOptimize(std::string_view sql, const sql::OptimizeStatement& optimize);
  /// The catalog a statement that writes table `name` writes: the session's
  /// temporary tables when an unqualified name is one of them, else the lake's
  /// (NotImplementedError at the name, saying that `verb` needs a lake or a temporary
  /// table, when there is none).
  CatalogContext& WriteTargetContext(std::string_view sql, const sql::QualifiedName& name, std::string_view verb);
  /// The managed table `name` in `context`; CatalogError for a view or an external
  /// table ("DELETE changes managed tables only; …").
  catalog::Table RequireManagedTable(std::string_view sql, const sql::QualifiedName& name,
                                     const CatalogContext& context, std::string_view verb);
  /// Binds and optimizes a query in which scans of the target table have "$path"; with
  /// `only_files`, the query's FROM reads just those files of it.
  std::shared_ptr<const sql::LogicalNode> PlanRewrite(std::string_view sql, const sql::Query& query,
                                                      const WriteTarget& target,
                                                      const std::vector<std::string>* only_files = nullptr);
  /// The target's files that hold rows where `where` (null: every row) is true, with
  /// how many.
  std::map<std::string, int64_t> FilesWithRows(std::string_view sql, const WriteTarget& target,
                                               const sql::QualifiedName& name,
                                               const std::optional<sql::Identifier>& alias,
                                               std::unique_ptr<sql::Expression> where);
  /// Every data file of the target table (its partitions' folders).
  std::vector<std::string> TableFiles(const WriteTarget& target);
  /// Runs a plan and returns its rows.
  std::vector<Chunk> ExecutePlan(const std::shared_ptr<const sql::LogicalNode>& plan);
  /// Writes `plan`'s rows (null: none) as new files of the target table and commits
  /// them in place of `replaced` (see table_rewrite.cpp); returns the rows written.
  uint64_t CommitRewrite(std::string_view sql, sql::SourcePosition position, const WriteTarget& target,
                         const TableWriteLock& lock, const std::shared_ptr<const sql::LogicalNode>& plan,
                         const std::vector<std::string>& replaced, int64_t deleted_rows, std::string_view cause_kind,
                         const std::string& statement_text, std::string_view verb);
  /// Rewrites the target's `candidates` smaller than `threshold` bytes into one file
  /// per partition (where a partition has two or more); returns the rows rewritten.
  uint64_t CompactSmallFiles(std::string_view sql, sql::SourcePosition position, const sql::QualifiedName& name,
                             const WriteTarget& target, const TableWriteLock& lock,
                             const std::vector<std::string>& candidates, int64_t threshold,
                             const std::string& statement_text);
  /// After an INSERT into `folders` of `table`: compacts their small files when one
  /// holds too many (table_rewrite.cpp); never fails the INSERT.
  void AutoCompact(std::string_view sql, const sql::QualifiedName& name, CatalogContext& context,
                   const catalog::Table& table, const std::vector<std::string>& folders);
  /// The session's temporary tables, created at first use.
  TemporaryCatalog& Temporary();

  /// The attached catalog, or NotImplementedError at `position` saying that `what`
  /// needs a lake.
  CatalogContext& RequireCatalog(std::string_view sql, sql::SourcePosition position, std::string_view what);
  /// Runs `plan` into the writing sink (exec/operators/copy_to.h) instead of a result.
  exec::CopyResult WriteRows(const std::shared_ptr<const sql::LogicalNode>& plan, exec::CopyTarget target);

  sql::SessionSettings session_;
  SessionViews views_;
  std::optional<CatalogContext> catalog_;
  std::unique_ptr<TemporaryCatalog> temporary_;
  /// set_session_parameters' values (null when none).
  std::unique_ptr<sql::ParameterValues> session_parameters_;
  /// RestrictTableFiles' tables, by (database, table).
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const std::set<std::string>>> file_restrictions_;
  /// The one query of `query_sql`, planned (with the session parameters in scope).
  std::shared_ptr<const sql::LogicalNode> PlanText(const std::string& query_sql);
  uint64_t memory_limit_;
  std::atomic<bool> cancel_{false};
};

}  // namespace sluice::engine
