#include "engine/session_views.h"

#include <cctype>

#include "sql/binder/bind_scope.h"
#include "sql/parser/sql_error.h"

namespace sluice::engine {
namespace {

std::string Key(std::string_view name) {
  std::string key(name);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

}  // namespace

const sql::ViewDefinition* SessionViews::FindView(std::string_view name) const {
  auto it = entries_.find(Key(name));
  return it == entries_.end() ? nullptr : &it->second.definition;
}

const SessionTable* SessionViews::FindTable(std::string_view name) const {
  auto it = entries_.find(Key(name));
  if (it == entries_.end() || !it->second.table) return nullptr;
  return &*it->second.table;
}

void SessionViews::PutView(sql::ViewDefinition view) {
  std::string key = Key(view.name);
  entries_.insert_or_assign(std::move(key), Entry{std::move(view), std::nullopt});
}

void SessionViews::PutTable(sql::ViewDefinition definition, SessionTable table) {
  std::string key = Key(definition.name);
  entries_.insert_or_assign(std::move(key), Entry{std::move(definition), std::move(table)});
}

bool SessionViews::Erase(std::string_view name) { return entries_.erase(Key(name)) > 0; }

std::vector<const sql::ViewDefinition*> SessionViews::List() const {
  std::vector<const sql::ViewDefinition*> result;
  for (const auto& [key, entry] : entries_) result.push_back(&entry.definition);
  return result;
}

std::string SessionObjectName(std::string_view sql, const sql::QualifiedName& name) {
  if (name.parts.size() != 1) {
    sql::ThrowNotImplemented(sql, name.position(),
                             "qualified names ('" + name.ToString() +
                                 "') need a catalog: a lake's (run inside a lake or with --lake DIR); session "
                                 "views and tables have one-part names");
  }
  return name.parts[0].name;
}

void CheckStoredColumns(std::string_view sql, sql::SourcePosition position, const Schema& schema,
                        std::string_view what) {
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const std::string& name = schema.field(i).name;
    if (name.empty() || name == "_col" + std::to_string(i)) {
      sql::ThrowBinderError(sql, position,
                            "column " + std::to_string(i + 1) + " of the " + std::string(what) +
                                " has no name: give the expression one with AS");
    }
    for (size_t j = 0; j < i; ++j) {
      if (sql::NamesEqual(schema.field(j).name, name)) {
        sql::ThrowBinderError(sql, position,
                              "column name '" + name + "' appears more than once in the " + std::string(what) +
                                  ": rename one with AS");
      }
    }
  }
}

}  // namespace sluice::engine
