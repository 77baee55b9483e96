#pragma once
// Table functions in FROM: read_csv('path', delimiter => '|', header => true, …),
// read_json('path', …), read_parquet('path'). The path is a file, a glob
// ('data/*.csv', 'lake/**/*.parquet'; see io/glob.h) or ARRAY['a.csv', 'b/*.csv'].
// Options are constant expressions and mean what the same flags of `sluice convert`
// mean; every function also takes
//   hive_partitioning => true   key=value folders become columns (after the data ones)
//   filename => true            a last column `filename`: the path of the row's file
//   union_by_name => false      bind from the first file only (default true: every
//                               file's schema is read, in parallel, and unified)
// The schema is found by opening the files (sniffing CSV, sampling JSON, reading
// Parquet footers); see sql/planner/table_source.h for the columns it makes.

#include <memory>
#include <string_view>

#include "sql/expression/kernel.h"
#include "sql/parser/function_call.h"
#include "sql/planner/table_source.h"

namespace sluice::sql {

/// Throws BinderError (caret at the call or the option) for an unknown function or
/// option, a bad option value, a glob that matches no file, a file that cannot be
/// opened, or columns whose types do not unify across files (naming both files).
std::shared_ptr<const TableSource> BindTableFunction(std::string_view sql,
                                                     const FunctionCallExpression& call,
                                                     const SessionSettings& session);

}  // namespace sluice::sql
