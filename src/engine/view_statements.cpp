// CREATE [OR REPLACE] VIEW and DROP VIEW | TABLE: the session's named queries
// (session_views.h). A view is bound when it is created (so a broken query, or one
// that would make views recursive, fails there) and stored as the text the user wrote;
// every reference parses and binds that text again (sql/binder/bind_view.cpp).

#include <cstdlib>
#include <filesystem>

#include "core/ascii.h"
#include "engine/catalog_resolver.h"
#include "engine/catalog_statements.h"
#include "engine/query_engine.h"
#include "engine/temp_catalog.h"
#include "sql/binder/binder.h"
#include "sql/parser/lexer.h"
#include "sql/parser/sql_error.h"

namespace sluice::engine {
namespace {

/// The text of `query` as written in `sql`: from its first token to its last, without
/// a trailing semicolon or comment. Throws BinderError for parameters, which a stored
/// view could never be given.
std::string QueryText(std::string_view sql, const sql::Query& query) {
  std::string_view rest = sql.substr(query.position.offset);
  std::vector<sql::Token> tokens = sql::Tokenize(rest);
  size_t end = 0;
  for (const sql::Token& token : tokens) {
    if (token.type == sql::TokenType::kEnd) break;
    if (token.type == sql::TokenType::kOperator && token.text == ";") break;
    if (token.type == sql::TokenType::kParameter) {
      sql::SourcePosition position{query.position.offset + token.position.offset, 0, 0};
      // Line and column in `sql` (the token's are relative to `rest`).
      position.line = query.position.line + token.position.line - 1;
      position.column = token.position.line == 1 ? query.position.column + token.position.column - 1
                                                 : token.position.column;
      sql::ThrowBinderError(sql, position, "a view's query cannot have parameters");
    }
    end = static_cast<size_t>(token.raw.data() - rest.data()) + token.raw.size();
  }
  return std::string(rest.substr(0, end));
}

/// Deletes the files a managed table wrote, then the folders they leave empty up to
/// and including the table's folder. Other files are never touched.
void DeleteTableFiles(const SessionTable& table) {
  namespace fs = std::filesystem;
  std::error_code error;
  for (const std::string& file : table.files) {
    fs::remove(file, error);
    fs::path folder = fs::path(file).parent_path();
    fs::path root = fs::path(table.location);
    while (!folder.empty() && folder.string().size() >= root.string().size()) {
      if (!fs::remove(folder, error)) break;  // not empty (or gone): stop climbing
      if (folder == root) break;
      folder = folder.parent_path();
    }
  }
  fs::remove(table.location, error);  // a table without files leaves its empty folder
}

}  // namespace

QueryResult QueryEngine::RunCreateView(std::string_view text, const sql::CreateViewStatement& create) {
  // A catalog view unless TEMPORARY: db.name, or a plain name in the current database.
  if (catalog_ && !create.temporary && (create.name.parts.size() > 1 || !catalog_->current_database.empty())) {
    return RunCatalogCreateView(text, create);
  }
  std::string name = SessionObjectName(text, create.name);
  if (const sql::ViewDefinition* existing = views_.FindView(name)) {
    if (existing->kind == sql::ViewDefinition::Kind::kTable) {
      sql::ThrowBinderError(text, create.name.position(), "a table named '" + existing->name + "' exists");
    }
    if (!create.or_replace) {
      sql::ThrowBinderError(text, create.name.position(),
                            "view '" + existing->name + "' already exists (CREATE OR REPLACE VIEW replaces it)");
    }
  }
  std::string query_text = QueryText(text, *create.query);
  // Bound as the new definition of `name`: a reference to it from inside (directly
  // or through other views) is recursion.
  sql::Binder binder(text, session_);
  CatalogResolver resolver(&views_, catalog(), catalog_ ? catalog_->current_database : std::string());
  binder.set_views(&resolver, {name});
  sql::LogicalPlanPtr plan = binder.BindQuery(*create.query);
  CheckStoredColumns(text, create.query->position, plan->output(), "view");

  sql::ViewDefinition view;
  view.kind = sql::ViewDefinition::Kind::kView;
  view.name = name;
  view.sql = std::move(query_text);
  for (const Field& field : plan->output().fields()) view.columns.push_back(field.name);
  views_.PutView(std::move(view));
  return {};
}

QueryResult QueryEngine::RunCatalogCreateView(std::string_view text, const sql::CreateViewStatement& create) {
  CatalogContext& catalog = *catalog_;
  std::pair<std::string, std::string> qualified;
  try {
    qualified = ResolveTableName(create.name, catalog.current_database);
  } catch (const CatalogError& error) {
    ThrowCatalogError(text, create.name.position(), error.what());
  }
  const auto& [database, name] = qualified;
  if (!catalog.store->GetDatabase(database)) {
    ThrowCatalogError(text, create.name.position(), "database '" + database + "' does not exist");
  }
  std::optional<catalog::Table> existing = catalog.store->GetTable(database, name);
  if (existing && existing->kind != catalog::TableKind::kView) {
    ThrowCatalogError(text, create.name.position(), "a table named '" + existing->QualifiedName() + "' exists");
  }
  if (existing && !create.or_replace) {
    ThrowCatalogError(text, create.name.position(),
                      "view '" + existing->QualifiedName() + "' already exists (CREATE OR REPLACE VIEW replaces it)");
  }
  std::string query_text = QueryText(text, *create.query);
  // Bound as it will be bound when used: in its own database, without session views.
  sql::Binder binder(text, session_);
  CatalogResolver resolver(nullptr, &catalog, database);
  binder.set_views(&resolver, {database + "." + name});
  sql::LogicalPlanPtr plan = binder.BindQuery(*create.query);
  CheckStoredColumns(text, create.query->position, plan->output(), "view");

  catalog::Table view;
  view.database = database;
  view.name = name;
  view.kind = catalog::TableKind::kView;
  view.view_sql = std::move(query_text);
  for (const Field& field : plan->output().fields()) view.columns.push_back({field.name, field.type, ""});
  view.owner = getenv("USER") != nullptr ? getenv("USER") : "";
  catalog.store->Write([&](catalog::CatalogWriter& writer) {
    std::optional<catalog::Table> current = writer.GetTable(database, name);
    if (!current) {
      writer.CreateTable(view, StatementCause("ddl", create.ToString()), false);
      return;
    }
    if (current->kind != catalog::TableKind::kView) {
      throw CatalogError("a table named '" + current->QualifiedName() + "' exists");
    }
    catalog::Table replaced = view;
    replaced.created = current->created;
    writer.UpdateTable(replaced, StatementCause("ddl", create.ToString()));
  });
  return {};
}

QueryResult QueryEngine::RunDrop(std::string_view text, const sql::DropStatement& drop) {
  // A catalog table or view: qualified, or unqualified in the current database when
  // the session has no object of that name.
  if (drop.name.parts.size() == 1 && views_.FindView(drop.name.parts[0].name) == nullptr &&
      temporary_ != nullptr && temporary_->Has(AsciiLower(drop.name.parts[0].name))) {
    return RunCatalogStatement(text, drop);
  }
  if (catalog_ && (drop.name.parts.size() > 1 || (views_.FindView(drop.name.parts[0].name) == nullptr &&
                                                  !catalog_->current_database.empty()))) {
    return RunCatalogStatement(text, drop);
  }
  std::string name = SessionObjectName(text, drop.name);
  const bool want_table = drop.object_type == sql::ObjectType::kTable;
  const char* kind = want_table ? "table" : "view";
  const sql::ViewDefinition* existing = views_.FindView(name);
  if (existing == nullptr) {
    if (drop.if_exists) return {};
    sql::ThrowBinderError(text, drop.name.position(), std::string(kind) + " '" + name + "' does not exist");
  }
  const bool is_table = existing->kind == sql::ViewDefinition::Kind::kTable;
  if (is_table != want_table) {
    sql::ThrowBinderError(text, drop.name.position(),
                          "'" + existing->name + "' is a " + (is_table ? "table" : "view") + ", not a " + kind +
                              " (use DROP " + (is_table ? "TABLE" : "VIEW") + ")");
  }
  if (const SessionTable* table = views_.FindTable(name); table != nullptr && table->managed) {
    DeleteTableFiles(*table);
  }
  views_.Erase(name);
  return {};
}

}  // namespace sluice::engine
