// COPY (query) TO 'path' (options) and COPY name TO …: the query is planned as any
// other, and its physical plan runs under the writing sink (exec/operators/copy_to.h)
// instead of the result collector. Returns one row: the number of rows written.

#include "engine/copy_options.h"
#include "engine/query_engine.h"
#include "exec/operators/copy_to.h"
#include "exec/pipeline/physical_planner.h"
#include "exec/pipeline/pipeline.h"

namespace sluice::engine {

QueryResult QueryResult::RowsWritten(uint64_t rows) {
  QueryResult result;
  result.schema.AddField({"rows", DataType::BigInt()});
  Chunk chunk({DataType::BigInt()}, 1);
  chunk.column(0).data<int64_t>()[0] = static_cast<int64_t>(rows);
  chunk.set_size(1);
  result.chunks.push_back(std::move(chunk));
  return result;
}

exec::CopyResult QueryEngine::WriteRows(const sql::LogicalPlanPtr& plan, exec::CopyTarget target) {
  // The operator outlives the context, whose sink states it keys.
  auto sink = std::make_unique<exec::PhysicalCopyTo>(exec::CreatePhysicalOperator(*plan), std::move(target));
  exec::ExecutionContext context(session_, memory_limit_, &cancel_);
  exec::ExecutePipelines(*sink, &context);
  return sink->TakeResult(context);
}

QueryResult QueryEngine::RunCopy(std::string_view text, const sql::CopyStatement& copy) {
  const sql::Query* query = copy.query.get();
  sql::Query whole_table(copy.position);
  if (query == nullptr) {
    // COPY name TO …: the query TABLE name.
    auto body = std::make_unique<sql::TableBody>(copy.table.position());
    body->name = copy.table;
    whole_table.body = std::move(body);
    query = &whole_table;
  }
  sql::LogicalPlanPtr plan = PlanQuery(text, *query);
  exec::CopyTarget target = CopyTargetFromOptions(text, copy, plan->output(), session_);
  return QueryResult::RowsWritten(WriteRows(plan, std::move(target)).rows);
}

}  // namespace sluice::engine
