// drop_null_fields (Glue's DropNullFields): leaves out the columns that are NULL in
// every row of the input. Which ones is decided when the step is compiled, by one
// query over the input (context.query_row):
//
//   SELECT count(*), count("a"), count("b"), … FROM "input"
//
// and the step is then a plain projection of the others, in input order. `columns:`
// limits the columns that may be dropped. An input without rows drops nothing (there is
// nothing to judge by, and an incremental run that found no new files must not change
// its output's schema); an input whose every column would go is an error.

#include <set>

#include "core/error.h"
#include "jobs/builtin_step_options.h"

namespace sluice::jobs::builtin {

namespace {

/// The names `columns:` gives, or nothing when it is absent (every column may go).
std::vector<std::pair<std::string, ListItem>> ReadCandidates(const StepOptions& options) {
  const Option* columns = options.Find("columns");
  if (columns == nullptr) return {};
  return ColumnNames(options, *columns, /*non_empty=*/true);
}

}  // namespace

const std::vector<std::string> kDropNullFieldsKeys = {"columns"};

void CheckDropNullFields(const StepOptions& options) { ReadCandidates(options); }

std::string CompileDropNullFields(const StepOptions& options, const BuiltinContext& context) {
  std::vector<bool> candidate(context.input.num_fields(), options.Find("columns") == nullptr);
  for (const auto& [name, item] : ReadCandidates(options)) {
    candidate[InputColumn(options, context, item.node, item.key, name)] = true;
  }
  std::vector<std::string> counts = {"count(*)"};
  std::vector<size_t> counted;
  for (size_t i = 0; i < candidate.size(); ++i) {
    if (!candidate[i]) continue;
    counts.push_back("count(" + PassThrough(context, i) + ")");
    counted.push_back(i);
  }
  std::vector<bool> keep(context.input.num_fields(), true);
  if (!counted.empty()) {
    if (!context.query_row) throw InternalError("drop_null_fields needs BuiltinContext::query_row");
    const std::vector<std::optional<std::string>> row = context.query_row(SelectFrom(counts, context));
    if (row.size() != counts.size()) {
      throw InternalError("drop_null_fields: the count query returned " + std::to_string(row.size()) + " values");
    }
    const bool has_rows = row[0] && *row[0] != "0";
    for (size_t c = 0; c < counted.size() && has_rows; ++c) keep[counted[c]] = row[c + 1] && *row[c + 1] != "0";
  }
  std::vector<std::string> items;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) items.push_back(PassThrough(context, i));
  }
  if (items.empty()) {
    options.Fail(options.step().options, options.step().key,
                 "every column of '" + options.from() + "' is NULL in every row: no column would be left");
  }
  return SelectFrom(items, context);
}

}  // namespace sluice::jobs::builtin
