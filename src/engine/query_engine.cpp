#include "engine/query_engine.h"

#include "core/time_zone.h"
#include "exec/expression/evaluator.h"
#include "exec/pipeline/physical_planner.h"
#include "exec/pipeline/pipeline.h"
#include "sql/binder/binder.h"
#include "sql/binder/expression_binder.h"
#include "sql/parser/parser.h"
#include "sql/parser/sql_error.h"
#include "sql/planner/optimizer.h"

namespace sluice::engine {
namespace {

sql::LogicalPlanPtr PlanQuery(std::string_view text, const sql::Query& query, const sql::SessionSettings& session) {
  sql::Binder binder(text, session);
  return sql::Optimize(binder.BindQuery(query), session);
}

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

}  // namespace

size_t QueryResult::num_rows() const {
  size_t rows = 0;
  for (const Chunk& chunk : chunks) rows += chunk.size();
  return rows;
}

QueryResult QueryEngine::Execute(std::string_view text, const sql::Statement& statement) {
  switch (statement.kind()) {
    case sql::StatementKind::kQuery: {
      sql::LogicalPlanPtr plan = PlanQuery(text, *statement.As<sql::QueryStatement>().query, session_);
      auto physical = exec::CreatePhysicalPlan(*plan);
      exec::ExecutionContext context(session_);
      exec::ExecutePipelines(*physical, &context);
      QueryResult result;
      result.schema = plan->output();
      result.chunks = physical->TakeResult(context);
      return result;
    }
    case sql::StatementKind::kExplain: return Explain(text, statement.As<sql::ExplainStatement>());
    case sql::StatementKind::kSetTimeZone: {
      const auto& set = statement.As<sql::SetTimeZoneStatement>();
      if (set.local) {
        session_.time_zone = 0;
      } else {
        static const sql::BindScope kNoColumns;
        sql::ExpressionBinder binder(text, kNoColumns, "SET TIME ZONE");
        Value zone = exec::EvaluateConstant(*binder.Bind(*set.zone), session_);
        if (zone.is_null() || zone.type().id() != TypeId::kVarchar) {
          sql::ThrowBinderError(text, set.zone->position, "SET TIME ZONE takes a zone name string");
        }
        if (!LookupTimeZone(zone.string(), &session_.time_zone)) {
          sql::ThrowBinderError(text, set.zone->position, "time zone '" + zone.string() + "' is not known");
        }
      }
      return {};
    }
    default: break;
  }
  sql::ThrowNotImplemented(text, statement.position, "this statement is not supported yet");
}

QueryResult QueryEngine::Explain(std::string_view text, const sql::ExplainStatement& explain) {
  if (explain.analyze) sql::ThrowNotImplemented(text, explain.position, "EXPLAIN ANALYZE is not supported yet");
  if (explain.statement->kind() != sql::StatementKind::kQuery) {
    sql::ThrowNotImplemented(text, explain.statement->position, "EXPLAIN of this statement is not supported yet");
  }
  sql::LogicalPlanPtr plan = PlanQuery(text, *explain.statement->As<sql::QueryStatement>().query, session_);
  std::string plan_text = plan->ToString();
  if (explain.verbose) plan_text += "\nPhysical plan:\n" + exec::CreatePhysicalPlan(*plan)->ToString();
  if (!plan_text.empty() && plan_text.back() == '\n') plan_text.pop_back();
  return TextResult("plan", plan_text);
}

std::vector<QueryResult> QueryEngine::ExecuteAll(std::string_view text) {
  std::vector<QueryResult> results;
  for (const auto& statement : sql::ParseStatements(text)) results.push_back(Execute(text, *statement));
  return results;
}

}  // namespace sluice::engine
