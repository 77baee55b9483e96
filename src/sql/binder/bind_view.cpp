// Views in FROM: a name that is no WITH query is looked up in the ViewResolver of the
// statement's root binder; the view's stored SQL is parsed and bound again, on its
// own (the referencing query's WITH names are not visible inside it, as in Trino),
// and its plan is inlined where the name stood.

#include <utility>

#include "sql/binder/binder.h"
#include "sql/expression/expression_builder.h"
#include "sql/parser/parser.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

const char* KindName(const ViewDefinition& view) {
  return view.kind == ViewDefinition::Kind::kTable ? "table" : "view";
}

/// Rethrows the error `error` of a view's query with the view named in front, so a
/// message about line L:C and its caret is read as pointing into the view's text.
[[noreturn]] void RethrowInView(const Error& error, const ViewDefinition& view, SourcePosition reference) {
  std::string message = std::string("in ") + KindName(view) + " '" + view.name + "' (named at line " +
                        std::to_string(reference.line) + ":" + std::to_string(reference.column) +
                        (view.kind == ViewDefinition::Kind::kTable ? "; it reads the files CREATE TABLE AS wrote"
                                                                   : "") +
                        "): " + error.what();
  switch (error.kind()) {
    case ErrorKind::kParse: throw ParseError(message);
    case ErrorKind::kBinder: throw BinderError(message);
    case ErrorKind::kNotImplemented: throw NotImplementedError(message);
    case ErrorKind::kConversion: throw ConversionError(message);
    case ErrorKind::kInvalidArgument: throw InvalidArgumentError(message);
    default: throw;  // out of memory, cancelled, internal: not about the view's text
  }
}

}  // namespace

LogicalPlanPtr Binder::BindView(const BaseTableRef& table) const {
  const QualifiedName& name = table.name;
  if (name.parts.size() != 1) return nullptr;
  const Binder* root = this;
  while (root->views_ == nullptr && root->parent_ != nullptr) root = root->parent_;
  if (root->views_ == nullptr) return nullptr;
  const ViewDefinition* view = root->views_->FindView(name.parts[0].name);
  if (view == nullptr) return nullptr;
  return BindStoredView(*view, root->views_, root->view_path_, table.position);
}

LogicalPlanPtr Binder::BindStoredView(const ViewDefinition& view, const ViewResolver* resolver,
                                      std::vector<std::string> path, SourcePosition reference) const {
  for (const std::string& outer : path) {
    if (!NamesEqual(outer, view.name)) continue;
    std::string chain;
    for (const std::string& step : path) chain += step + " → ";
    ThrowBinderError(sql_, reference,
                     std::string(KindName(view)) + " '" + view.name + "' is recursive: " + chain + view.name);
  }
  path.push_back(view.name);

  LogicalPlanPtr plan;
  try {
    StatementPtr statement = ParseStatement(view.sql);
    if (statement->kind() != StatementKind::kQuery) {
      throw InternalError("the stored SQL of " + std::string(KindName(view)) + " '" + view.name +
                          "' is not a query");
    }
    Binder binder(view.sql, session_);
    binder.set_views(resolver, std::move(path));
    plan = binder.BindQuery(*statement->As<QueryStatement>().query);
  } catch (const Error& error) {
    RethrowInView(error, view, reference);
  }

  const Schema& output = plan->output();
  if (output.num_fields() != view.columns.size()) {
    std::string columns;
    for (const std::string& column : view.columns) columns += (columns.empty() ? "" : ", ") + column;
    ThrowBinderError(sql_, reference,
                     std::string(KindName(view)) + " '" + view.name + "' is stale: its query now returns " +
                         std::to_string(output.num_fields()) + " columns, it was created with " +
                         std::to_string(view.columns.size()) + " (" + columns +
                         (view.kind == ViewDefinition::Kind::kView ? "); create it again (CREATE OR REPLACE VIEW)"
                                                                   : ")"));
  }
  bool renamed = false;
  for (size_t i = 0; i < output.num_fields(); ++i) renamed |= output.field(i).name != view.columns[i];
  if (!renamed) return plan;
  std::vector<BoundExpressionPtr> expressions;
  for (size_t i = 0; i < output.num_fields(); ++i) {
    expressions.push_back(MakeColumnRef(i, output.field(i).type, output.field(i).name));
  }
  return std::make_shared<LogicalProject>(plan, std::move(expressions), view.columns);
}

}  // namespace sluice::sql
