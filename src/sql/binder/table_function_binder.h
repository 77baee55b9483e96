#pragma once
// Table functions in FROM: read_csv('path', delimiter => '|', header => true, …),
// read_json('path', …), read_parquet('path'). Options are constant expressions and
// mean what the same flags of `sluice convert` mean; the schema is found by opening
// the file (sniffing CSV, sampling JSON, reading the Parquet footer).

#include <memory>
#include <string_view>

#include "sql/expression/kernel.h"
#include "sql/parser/function_call.h"
#include "sql/planner/table_source.h"

namespace sluice::sql {

/// Throws BinderError (caret at the call or the option) for an unknown function or
/// option, a bad option value, or a file that cannot be opened.
std::shared_ptr<const TableSource> BindTableFunction(std::string_view sql,
                                                     const FunctionCallExpression& call,
                                                     const SessionSettings& session);

}  // namespace sluice::sql
