#include "engine/query_engine.h"

#include <chrono>

#include "core/query_memory.h"
#include "core/time_zone.h"
#include "engine/catalog_resolver.h"
#include "engine/table_commit.h"
#include "engine/temp_catalog.h"
#include "sql/parser/dml_statement.h"
#include "engine/prepared_statement.h"
#include "exec/expression/evaluator.h"
#include "exec/operators/chunk_consumer.h"
#include "exec/operators/copy_to.h"
#include "exec/pipeline/physical_planner.h"
#include "exec/pipeline/pipeline.h"
#include "exec/pipeline/query_profile.h"
#include "sql/binder/bind_parameter.h"
#include "sql/binder/binder.h"
#include "sql/binder/expression_binder.h"
#include "sql/expression/functions/datetime_kernel.h"
#include "sql/parser/parser.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/optimizer.h"

namespace sluice::engine {
namespace {

QueryResult TextResult(const std::string& column, const std::string& text) {
  QueryResult result;
  result.schema.AddField({column, DataType::Varchar()});
  Chunk chunk({DataType::Varchar()});
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (chunk.full()) {
      result.chunks.push_back(std::move(chunk));
      chunk = Chunk({DataType::Varchar()});
    }
    chunk.column(0).SetString(chunk.size(), std::string_view(text).substr(start, end - start));
    chunk.set_size(chunk.size() + 1);
    start = end + 1;
  }
  result.chunks.push_back(std::move(chunk));
  return result;
}

const sql::QueryStatement& ExplainedQuery(std::string_view text, const sql::ExplainStatement& explain) {
  if (explain.statement->kind() != sql::StatementKind::kQuery) {
    sql::ThrowNotImplemented(text, explain.statement->position, "EXPLAIN of this statement is not supported yet");
  }
  return explain.statement->As<sql::QueryStatement>();
}

}  // namespace

size_t QueryResult::num_rows() const {
  size_t rows = 0;
  for (const Chunk& chunk : chunks) rows += chunk.size();
  return rows;
}

QueryEngine::QueryEngine() : memory_limit_(QueryMemory::DefaultLimit()) {}

QueryEngine::~QueryEngine() = default;

void QueryEngine::AttachCatalog(CatalogContext context) {
  SLUICE_ASSERT(context.store != nullptr, "a catalog context has a store");
  catalog_ = std::move(context);
  RollForwardCommits(*catalog_);
  RemoveStaleTemporaryFolders(catalog_->lake_root);
}

TemporaryCatalog& QueryEngine::Temporary() {
  if (temporary_ == nullptr) temporary_ = std::make_unique<TemporaryCatalog>(catalog_ ? catalog_->lake_root : "");
  return *temporary_;
}

sql::LogicalPlanPtr QueryEngine::PlanQuery(std::string_view text, const sql::Query& query) const {
  sql::Binder binder(text, session_);
  CatalogResolver resolver(&views_, catalog(), catalog_ ? catalog_->current_database : std::string());
  if (temporary_ != nullptr) resolver.set_temporary(&temporary_->context());
  if (!file_restrictions_.empty()) resolver.set_file_restrictions(&file_restrictions_);
  binder.set_views(&resolver);
  return sql::Optimize(binder.BindQuery(query), session_);
}

QueryResult QueryEngine::Execute(std::string_view text, const sql::Statement& statement) {
  cancel_.store(false, std::memory_order_relaxed);
  return Run(text, statement, nullptr);
}

std::vector<QueryResult> QueryEngine::ExecuteAll(std::string_view text) {
  cancel_.store(false, std::memory_order_relaxed);
  std::vector<QueryResult> results;
  for (const auto& statement : sql::ParseStatements(text)) {
    if (cancel_requested()) throw InterruptedError("query cancelled");
    results.push_back(Run(text, *statement, nullptr));
  }
  return results;
}

PreparedStatement QueryEngine::Prepare(std::string sql) {
  auto text = std::make_unique<const std::string>(std::move(sql));
  std::vector<sql::StatementPtr> statements = sql::ParseStatements(*text);
  if (statements.size() != 1) {
    throw InvalidArgumentError("a prepared statement is one SQL statement; found " +
                               std::to_string(statements.size()));
  }
  return PreparedStatement(this, std::move(text), std::move(statements[0]));
}

QueryResult QueryEngine::Run(std::string_view text, const sql::Statement& statement,
                             const sql::ParameterValues* parameters) {
  // Bound in this thread's scope: a statement without parameters of its own sees the
  // session's (set_session_parameters), else none.
  sql::ParameterValuesScope scope(parameters != nullptr ? parameters : session_parameters_.get());
  // current_timestamp & co. return the statement's start time for every row.
  session_.statement_time_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
  switch (statement.kind()) {
    case sql::StatementKind::kQuery: return RunQuery(text, statement.As<sql::QueryStatement>());
    case sql::StatementKind::kExplain: {
      const auto& explain = statement.As<sql::ExplainStatement>();
      return explain.analyze ? ExplainAnalyze(text, explain) : Explain(text, explain);
    }
    case sql::StatementKind::kSetTimeZone:
      SetTimeZone(text, statement.As<sql::SetTimeZoneStatement>());
      return {};
    case sql::StatementKind::kCreateView: return RunCreateView(text, statement.As<sql::CreateViewStatement>());
    case sql::StatementKind::kDrop: return RunDrop(text, statement.As<sql::DropStatement>());
    case sql::StatementKind::kCopy: return RunCopy(text, statement.As<sql::CopyStatement>());
    case sql::StatementKind::kCreateTableAs:
      return RunCreateTableAs(text, statement.As<sql::CreateTableAsStatement>());
    case sql::StatementKind::kInsert: return RunInsert(text, statement.As<sql::InsertStatement>());
    case sql::StatementKind::kDelete: return RunDelete(text, statement.As<sql::DeleteStatement>());
    case sql::StatementKind::kUpdate: return RunUpdate(text, statement.As<sql::UpdateStatement>());
    case sql::StatementKind::kOptimize: return RunOptimize(text, statement.As<sql::OptimizeStatement>());
    case sql::StatementKind::kSetSession:
    case sql::StatementKind::kResetSession: break;
    default: return RunCatalogStatement(text, statement);
  }
  sql::ThrowNotImplemented(text, statement.position, "this statement is not supported yet");
}

QueryResult QueryEngine::RunQuery(std::string_view text, const sql::QueryStatement& statement) {
  sql::LogicalPlanPtr plan = PlanQuery(text, *statement.query);
  auto physical = exec::CreatePhysicalPlan(*plan);
  exec::ExecutionContext context(session_, memory_limit_, &cancel_);
  exec::ExecutePipelines(*physical, &context);
  QueryResult result;
  result.schema = plan->output();
  result.chunks = physical->TakeResult(context);
  return result;
}

QueryResult QueryEngine::Explain(std::string_view text, const sql::ExplainStatement& explain) {
  sql::LogicalPlanPtr plan = PlanQuery(text, *ExplainedQuery(text, explain).query);
  std::string plan_text = plan->ToString();
  if (explain.verbose) plan_text += "\nPhysical plan:\n" + exec::CreatePhysicalPlan(*plan)->ToString();
  if (!plan_text.empty() && plan_text.back() == '\n') plan_text.pop_back();
  return TextResult("plan", plan_text);
}

QueryResult QueryEngine::ExplainAnalyze(std::string_view text, const sql::ExplainStatement& explain) {
  sql::LogicalPlanPtr plan = PlanQuery(text, *ExplainedQuery(text, explain).query);
  auto physical = exec::CreatePhysicalPlan(*plan);
  // Declared before the context: the context's sink states release their memory into
  // the profile when they are destroyed.
  exec::QueryProfile profile(*physical);
  std::string plan_text;
  {
    exec::ExecutionContext context(session_, memory_limit_, &cancel_);
    auto start = std::chrono::steady_clock::now();
    exec::ExecutePipelines(*physical, &context, &profile);
    auto elapsed = std::chrono::steady_clock::now() - start;
    plan_text = profile.ToString(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed),
                                 context.memory().peak());
  }
  if (explain.verbose) plan_text = plan->ToString() + "\nPhysical plan:\n" + plan_text;
  if (!plan_text.empty() && plan_text.back() == '\n') plan_text.pop_back();
  return TextResult("plan", plan_text);
}

void QueryEngine::SetTimeZone(std::string_view text, const sql::SetTimeZoneStatement& set) {
  if (set.local) {
    session_.time_zone = 0;
    return;
  }
  static const sql::BindScope kNoColumns;
  sql::ExpressionBinder binder(text, kNoColumns, "SET TIME ZONE");
  Value zone = exec::EvaluateConstant(*binder.Bind(*set.zone), session_);
  if (!zone.is_null() && zone.type().id() == TypeId::kIntervalDayTime) {  // SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE
    try {
      session_.time_zone = sql::datetime::ZoneIdOfOffset(zone.int64());
    } catch (const InvalidArgumentError& error) {
      sql::ThrowBinderError(text, set.zone->position, error.what());
    }
    return;
  }
  if (zone.is_null() || zone.type().id() != TypeId::kVarchar) {
    sql::ThrowBinderError(text, set.zone->position,
                          "SET TIME ZONE takes a zone name string or an interval day to second");
  }
  if (!sql::datetime::LookupZoneName(zone.string(), &session_.time_zone)) {
    sql::ThrowBinderError(text, set.zone->position, "unknown time zone '" + zone.string() + "'");
  }
}

// ---- For programs that drive the engine ------------------------------------------------

void QueryEngine::set_session_parameters(std::map<std::string, Value, std::less<>> named) {
  session_parameters_ = std::make_unique<sql::ParameterValues>();
  session_parameters_->named = std::move(named);
}

sql::LogicalPlanPtr QueryEngine::PlanText(const std::string& query_sql) {
  std::vector<sql::StatementPtr> statements = sql::ParseStatements(query_sql);
  if (statements.size() != 1 || statements[0]->kind() != sql::StatementKind::kQuery) {
    throw InvalidArgumentError("expected one query (SELECT …), found " +
                               (statements.size() == 1 ? std::string("another statement")
                                                       : std::to_string(statements.size()) + " statements"));
  }
  sql::ParameterValuesScope scope(session_parameters_.get());
  session_.statement_time_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
  return PlanQuery(query_sql, *statements[0]->As<sql::QueryStatement>().query);
}

Schema QueryEngine::DefineSessionView(const std::string& name, const std::string& query_sql) {
  sql::LogicalPlanPtr plan = PlanText(query_sql);
  CheckStoredColumns(query_sql, sql::SourcePosition{}, plan->output(), "view");
  sql::ViewDefinition view;
  view.kind = sql::ViewDefinition::Kind::kView;
  view.name = name;
  view.sql = query_sql;
  for (const Field& field : plan->output().fields()) view.columns.push_back(field.name);
  views_.PutView(std::move(view));
  return plan->output();
}

Schema QueryEngine::Describe(const std::string& query_sql) { return PlanText(query_sql)->output(); }

std::string QueryEngine::ExplainQuery(const std::string& query_sql) { return PlanText(query_sql)->ToString(); }

void QueryEngine::RestrictTableFiles(const std::string& database, const std::string& table,
                                     std::set<std::string> files) {
  file_restrictions_[{database, table}] = std::make_shared<const std::set<std::string>>(std::move(files));
}

exec::CopyResult QueryEngine::WriteQuery(const std::string& query_sql, exec::CopyTarget target) {
  cancel_.store(false, std::memory_order_relaxed);
  sql::LogicalPlanPtr plan = PlanText(query_sql);
  sql::ParameterValuesScope scope(session_parameters_.get());
  return WriteRows(plan, std::move(target));
}

uint64_t QueryEngine::StreamQuery(const std::string& query_sql, const std::function<void(const Schema&)>& begin,
                                  const std::function<void(const Chunk&)>& consume) {
  cancel_.store(false, std::memory_order_relaxed);
  sql::LogicalPlanPtr plan = PlanText(query_sql);
  begin(plan->output());
  uint64_t rows = 0;
  auto sink = std::make_unique<exec::PhysicalChunkConsumer>(exec::CreatePhysicalOperator(*plan),
                                                            [&](const Chunk& chunk) {
                                                              rows += chunk.size();
                                                              consume(chunk);
                                                            });
  sql::ParameterValuesScope scope(session_parameters_.get());
  exec::ExecutionContext context(session_, memory_limit_, &cancel_);
  exec::ExecutePipelines(*sink, &context);
  return rows;
}

}  // namespace sluice::engine
