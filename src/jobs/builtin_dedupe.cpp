// dedupe: one row per key, the first by an order (ROW_NUMBER semantics):
//
//   dedupe: { from: events, keys: [event_id], order_by: "event_ts DESC", keep: first }
//   → SELECT "event_id", "event_ts", … FROM (SELECT *, row_number() OVER (PARTITION BY "event_id"
//       ORDER BY "event_ts" DESC NULLS LAST) AS "__sluice_row_number" FROM "events")
//     WHERE "__sluice_row_number" = 1
//
// order_by is one term or a list of them: `column [ASC|DESC] [NULLS FIRST|LAST]` (the
// column may be "double quoted"); Trino's defaults: ASC, NULLS LAST. keep: last keeps
// the last row by that order instead (every term reversed, NULLS too). Without order_by
// an arbitrary row of each key is kept. Rows whose keys are NULL form one group per NULL
// combination, as in GROUP BY. The output has the input's columns, in order.

#include "jobs/builtin_step_options.h"

namespace sluice::jobs::builtin {

namespace {

struct OrderTerm {
  std::string column;
  bool descending = false;
  bool nulls_first = false;  ///< Trino's default is NULLS LAST in both directions.
  ListItem item;
};

struct Dedupe {
  std::vector<std::pair<std::string, ListItem>> keys;
  std::vector<OrderTerm> order;
  bool keep_last = false;
};

/// True when `text` ends with the word `word` (any case) after a space; removes it.
bool TakeLastWord(std::string* text, std::string_view word) {
  while (!text->empty() && text->back() == ' ') text->pop_back();
  if (text->size() <= word.size() || (*text)[text->size() - word.size() - 1] != ' ') return false;
  if (LowerName(text->substr(text->size() - word.size())) != word) return false;
  text->resize(text->size() - word.size());
  while (!text->empty() && text->back() == ' ') text->pop_back();
  return true;
}

OrderTerm ReadOrderTerm(const StepOptions& options, ListItem item) {
  std::string text = ScalarText(options, item.node, item.key);
  OrderTerm term;
  std::string rest = text;
  term.nulls_first = TakeLastWord(&rest, "first");
  if ((term.nulls_first || TakeLastWord(&rest, "last")) && !TakeLastWord(&rest, "nulls")) {
    options.Fail(item.node, item.key, "'" + text + "': expected NULLS FIRST or NULLS LAST");
  }
  if (TakeLastWord(&rest, "desc")) {
    term.descending = true;
  } else {
    TakeLastWord(&rest, "asc");
  }
  while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
    std::string name;
    for (size_t i = 1; i + 1 < rest.size(); ++i) {
      name.push_back(rest[i]);
      if (rest[i] == '"') ++i;  // "" inside quotes is one "
    }
    rest = name;
  } else if (rest.find(' ') != std::string::npos) {
    options.Fail(item.node, item.key,
                 "'" + text + "': expected a column, then ASC or DESC, then NULLS FIRST or NULLS LAST (quote a "
                 "name with spaces in double quotes)");
  }
  if (rest.empty()) options.Fail(item.node, item.key, "'" + text + "': expected a column name");
  term.column = rest;
  term.item = std::move(item);
  return term;
}

Dedupe ReadDedupe(const StepOptions& options) {
  Dedupe dedupe;
  dedupe.keys = ColumnNames(options, options.Require("keys", "the columns of one row's key"), /*non_empty=*/true);
  if (const Option* order_by = options.Find("order_by")) {
    for (ListItem& item : Items(options, *order_by, /*non_empty=*/true, /*scalar_is_list=*/true)) {
      dedupe.order.push_back(ReadOrderTerm(options, std::move(item)));
    }
  }
  if (const Option* keep = options.Find("keep")) {
    const std::string text = options.reader().String(keep->value, keep->key, keep->key_node, /*required=*/true);
    if (text != "first" && text != "last") {
      options.Fail(keep->value, keep->key, "expected first or last, got '" + text + "'");
    }
    dedupe.keep_last = text == "last";
    if (dedupe.keep_last && dedupe.order.empty()) {
      options.Fail(keep->value, keep->key, "keep: last needs an order_by");
    }
  }
  return dedupe;
}

/// "__sluice_row_number", or with a number appended while the input has such a column.
std::string HelperColumn(const BuiltinContext& context) {
  std::string name = "__sluice_row_number";
  for (int n = 1; context.input.FindField(name) >= 0; ++n) name = "__sluice_row_number_" + std::to_string(n);
  return name;
}

}  // namespace

const std::vector<std::string> kDedupeKeys = {"keys", "order_by", "keep"};

void CheckDedupe(const StepOptions& options) { ReadDedupe(options); }

std::string CompileDedupe(const StepOptions& options, const BuiltinContext& context) {
  const Dedupe dedupe = ReadDedupe(options);
  std::string window = "row_number() OVER (PARTITION BY ";
  for (size_t k = 0; k < dedupe.keys.size(); ++k) {
    const auto& [name, item] = dedupe.keys[k];
    window += (k == 0 ? "" : ", ") + PassThrough(context, InputColumn(options, context, item.node, item.key, name));
  }
  for (size_t t = 0; t < dedupe.order.size(); ++t) {
    const OrderTerm& term = dedupe.order[t];
    const size_t index = InputColumn(options, context, term.item.node, term.item.key, term.column);
    const bool descending = term.descending != dedupe.keep_last;
    const bool nulls_first = term.nulls_first != dedupe.keep_last;
    window += (t == 0 ? " ORDER BY " : ", ") + PassThrough(context, index) + (descending ? " DESC" : " ASC") +
              (nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
  window += ")";
  const std::string helper = QuoteIdentifier(HelperColumn(context));
  std::vector<std::string> items;
  for (size_t i = 0; i < context.input.num_fields(); ++i) items.push_back(PassThrough(context, i));
  std::string sql = "SELECT ";
  for (size_t i = 0; i < items.size(); ++i) sql += (i == 0 ? "" : ", ") + items[i];
  return sql + " FROM (SELECT *, " + window + " AS " + helper + " FROM " + InputRelation(context) +
         ") WHERE " + helper + " = 1";
}

}  // namespace sluice::jobs::builtin
