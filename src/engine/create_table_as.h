#pragma once
// What CREATE TABLE … AS shares between session tables (create_table_as.cpp) and
// catalog tables (catalog_write.cpp).

#include <string_view>

#include "sql/parser/statement.h"
#include "sql/planner/logical_plan.h"

namespace sluice::engine {

/// `plan` with its columns renamed by CREATE TABLE t (a, b) AS … (unchanged without a
/// column list); a BinderError at the list when its length is not the query's.
sql::LogicalPlanPtr RenameColumns(std::string_view sql, const sql::CreateTableAsStatement& create,
                                  sql::LogicalPlanPtr plan);

}  // namespace sluice::engine
