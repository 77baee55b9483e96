// resolve_choice (Glue's ResolveChoice): a column whose values differ in type between
// files. Our readers give each column one type, so such a column arrives as varchar
// text; each of its non-NULL values is classified, in this order:
//
//   bigint   an integer in bigint's range: optional sign and digits, spaces around allowed
//   double   else anything TRY_CAST(trim(v) AS double) reads (1.5, -2e3, NaN, Infinity)
//   boolean  else true or false, in any case, spaces around allowed
//   varchar  everything else ('' and 'abc' included)
//
//   specs: [ [column, action], … ]; actions:
//   cast:T      every value converted to T with TRY_CAST: values that do not convert
//               become NULL (as Glue's cast).
//   project:T   only the values of type T are kept (converted), the others become NULL.
//               For T outside the four kinds above: TRY_CAST(v AS T). A column that is
//               not varchar holds one type: kept whole when it is T, all NULL otherwise
//               (use cast:T to convert it).
//   make_cols   one column per kind present in the data, named <column>_<kind>, in the
//               order bigint, double, boolean, varchar, in place of the column; each as
//               project:<kind>. The kinds present are counted with one query before the
//               step is compiled (context.query_row). With no value at all, and for a
//               column that is not varchar, one column <column>_<its type>.
//   make_cols:T1,T2,…  exactly these columns (a schema that does not depend on the
//               data); values of an unlisted kind are dropped.
//
// Columns the specs do not name pass through unchanged, in order.

#include <set>

#include "core/error.h"
#include "jobs/builtin_step_options.h"

namespace sluice::jobs::builtin {

namespace {

enum class Action { kCast, kProject, kMakeCols };

struct Spec {
  std::string column;
  Action action;
  std::vector<DataType> types;  ///< cast/project: one; make_cols: the listed ones (empty: those present).
  ListItem item;
};

const char* const kKinds[] = {"bigint", "double", "boolean", "varchar"};

Spec ReadSpec(const StepOptions& options, ListItem item) {
  if (!item.node.IsSequence() || item.node.size() != 2) {
    options.Fail(item.node, item.key,
                 "expected [column, action] (action: cast:TYPE, project:TYPE or make_cols), got " +
                     lake::YamlReader::Describe(item.node));
  }
  Spec spec;
  spec.column = ScalarText(options, item.node[0], item.key + "[0]");
  const std::string action_key = item.key + "[1]";
  const std::string action = ScalarText(options, item.node[1], action_key);
  const size_t colon = action.find(':');
  const std::string verb = action.substr(0, colon);
  const std::string argument = colon == std::string::npos ? "" : action.substr(colon + 1);
  if (verb == "cast" || verb == "project") {
    if (argument.empty()) options.Fail(item.node[1], action_key, verb + " needs a type: " + verb + ":TYPE");
    spec.action = verb == "cast" ? Action::kCast : Action::kProject;
    spec.types.push_back(ParseType(options, item.node[1], action_key, argument));
  } else if (verb == "make_cols") {
    spec.action = Action::kMakeCols;
    if (colon != std::string::npos) {
      size_t start = 0;
      while (start <= argument.size()) {
        size_t end = argument.find(',', start);
        if (end == std::string::npos) end = argument.size();
        std::string name = argument.substr(start, end - start);
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        if (name.empty()) options.Fail(item.node[1], action_key, "make_cols: expects types separated by commas");
        spec.types.push_back(ParseType(options, item.node[1], action_key, name));
        start = end + 1;
      }
    }
  } else if (verb == "make_struct") {
    options.Fail(item.node[1], action_key, "make_struct is not supported (no struct columns); use make_cols");
  } else {
    options.Fail(item.node[1], action_key,
                 "unknown action '" + action + "' (expected cast:TYPE, project:TYPE, make_cols or make_cols:TYPE,…)");
  }
  spec.item = std::move(item);
  return spec;
}

std::vector<Spec> ReadSpecs(const StepOptions& options) {
  const Option& specs = options.Require("specs", "[ [column, action], … ]");
  std::vector<Spec> result;
  std::set<std::string> columns;
  for (ListItem& item : Items(options, specs, /*non_empty=*/true)) {
    Spec spec = ReadSpec(options, std::move(item));
    if (!columns.insert(LowerName(spec.column)).second) {
      options.Fail(spec.item.node, spec.item.key, "column '" + spec.column + "' given twice");
    }
    result.push_back(std::move(spec));
  }
  return result;
}

/// "decimal(10,2)" → "decimal", "timestamp(6) with time zone" → "timestamp_with_time_zone".
std::string Suffix(const DataType& type) {
  std::string suffix;
  int depth = 0;
  for (char c : type.ToString()) {
    if (c == '(') ++depth;
    if (depth == 0) suffix.push_back(c == ' ' ? '_' : c);
    if (c == ')') --depth;
  }
  return suffix;
}

/// The kind (one of kKinds as a varchar, NULL for NULL) of each value of a varchar column.
std::string KindOf(const std::string& column) {
  const std::string trimmed = "trim(" + column + ")";
  return "CASE WHEN " + column + " IS NULL THEN NULL WHEN regexp_like(" + column +
         ", '^\\s*[+-]?[0-9]+\\s*$') AND TRY_CAST(" + trimmed + " AS bigint) IS NOT NULL THEN 'bigint' WHEN TRY_CAST(" +
         trimmed + " AS double) IS NOT NULL THEN 'double' WHEN lower(" + trimmed +
         ") IN ('true', 'false') THEN 'boolean' ELSE 'varchar' END";
}

bool IsKind(const DataType& type) {
  const std::string name = type.ToString();
  for (const char* kind : kKinds) {
    if (name == kind) return true;
  }
  return false;
}

/// project:`type` of `field` (quoted as `column`).
std::string Project(const Field& field, const std::string& column, const DataType& type) {
  if (field.type.id() != TypeId::kVarchar) {
    return field.type == type ? column : "CAST(NULL AS " + type.ToString() + ")";
  }
  if (!IsKind(type)) return "TRY_CAST(" + column + " AS " + type.ToString() + ")";
  std::string value = column;
  if (type.id() == TypeId::kBoolean) {
    value = "TRY_CAST(lower(trim(" + column + ")) AS boolean)";
  } else if (type.id() != TypeId::kVarchar) {
    value = "TRY_CAST(trim(" + column + ") AS " + type.ToString() + ")";
  }
  return "CASE WHEN " + KindOf(column) + " = " + QuoteLiteral(type.ToString()) + " THEN " + value + " END";
}

/// The kinds of kKinds present in each make_cols column (varchar, no listed types),
/// counted in one query; the others' entries stay empty.
std::vector<std::vector<DataType>> KindsPresent(const BuiltinContext& context, const std::vector<Spec>& specs,
                                                const std::vector<size_t>& indexes) {
  std::vector<std::vector<DataType>> present(specs.size());
  std::vector<std::string> counts;
  std::vector<size_t> counted;
  for (size_t s = 0; s < specs.size(); ++s) {
    const Field& field = context.input.field(indexes[s]);
    if (specs[s].action != Action::kMakeCols || !specs[s].types.empty() || field.type.id() != TypeId::kVarchar) {
      continue;
    }
    const std::string kind = KindOf(QuoteIdentifier(field.name));
    for (const char* name : kKinds) counts.push_back("count(CASE WHEN " + kind + " = '" + name + "' THEN 1 END)");
    counted.push_back(s);
  }
  if (counted.empty()) return present;
  if (!context.query_row) throw InternalError("resolve_choice make_cols needs BuiltinContext::query_row");
  const std::vector<std::optional<std::string>> row = context.query_row(SelectFrom(counts, context));
  if (row.size() != counts.size()) {
    throw InternalError("resolve_choice: the count query returned " + std::to_string(row.size()) + " values");
  }
  for (size_t c = 0; c < counted.size(); ++c) {
    for (size_t k = 0; k < std::size(kKinds); ++k) {
      const std::optional<std::string>& count = row[c * std::size(kKinds) + k];
      if (count && *count != "0") present[counted[c]].push_back(DataType::Parse(kKinds[k]));
    }
  }
  return present;
}

}  // namespace

const std::vector<std::string> kResolveChoiceKeys = {"specs"};

void CheckResolveChoice(const StepOptions& options) { ReadSpecs(options); }

std::string CompileResolveChoice(const StepOptions& options, const BuiltinContext& context) {
  const std::vector<Spec> specs = ReadSpecs(options);
  std::vector<size_t> indexes;
  std::vector<const Spec*> spec_of_column(context.input.num_fields(), nullptr);
  for (const Spec& spec : specs) {
    indexes.push_back(InputColumn(options, context, spec.item.node[0], spec.item.key + "[0]", spec.column));
    spec_of_column[indexes.back()] = &spec;
  }
  const std::vector<std::vector<DataType>> present = KindsPresent(context, specs, indexes);

  // Output names: the untouched columns', then each new one checked against them.
  std::set<std::string> names;
  for (size_t i = 0; i < context.input.num_fields(); ++i) {
    if (spec_of_column[i] == nullptr || spec_of_column[i]->action != Action::kMakeCols) {
      names.insert(LowerName(context.input.field(i).name));
    }
  }
  std::vector<std::string> items;
  for (size_t i = 0; i < context.input.num_fields(); ++i) {
    const Field& field = context.input.field(i);
    const std::string column = QuoteIdentifier(field.name);
    const Spec* spec = spec_of_column[i];
    if (spec == nullptr) {
      items.push_back(column);
      continue;
    }
    const DataType& type = spec->types.empty() ? field.type : spec->types[0];
    if (spec->action == Action::kCast) {
      items.push_back((field.type == type ? column : "TRY_CAST(" + column + " AS " + type.ToString() + ")") + " AS " +
                      column);
    } else if (spec->action == Action::kProject) {
      items.push_back(Project(field, column, type) + " AS " + column);
    } else {
      const size_t s = static_cast<size_t>(spec - specs.data());
      std::vector<DataType> types = spec->types.empty() ? present[s] : spec->types;
      if (types.empty()) types.push_back(field.type);
      for (const DataType& part : types) {
        const std::string name = field.name + "_" + Suffix(part);
        if (!names.insert(LowerName(name)).second) {
          options.Fail(spec->item.node, spec->item.key,
                       "make_cols would make a column '" + name + "', but the output already has one");
        }
        items.push_back(Project(field, column, part) + " AS " + QuoteIdentifier(name));
      }
    }
  }
  return SelectFrom(items, context);
}

}  // namespace sluice::jobs::builtin
