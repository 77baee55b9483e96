#include "sql/binder/bind_scope.h"

#include <cctype>

#include "core/error.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

constexpr size_t kMaxCandidates = 12;

std::string Candidates(const std::vector<ScopeColumn>& columns) {
  std::string text;
  for (size_t i = 0; i < columns.size() && i < kMaxCandidates; ++i) {
    if (i > 0) text += ", ";
    text += columns[i].table.empty() ? columns[i].name : columns[i].table + "." + columns[i].name;
  }
  if (columns.size() > kMaxCandidates) text += ", …";
  return text.empty() ? "none" : text;
}

}  // namespace

bool NamesEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

void ThrowBinderError(std::string_view sql, SourcePosition position, std::string_view message) {
  throw BinderError(FormatSqlError(sql, position, message));
}

size_t BindScope::Resolve(std::string_view sql, const ColumnRefExpression& reference) const {
  if (std::optional<size_t> index = TryResolve(sql, reference)) return *index;
  ThrowBinderError(sql, reference.position,
                   "column '" + reference.ToString() + "' cannot be resolved; candidates: " + Candidates(columns_));
}

std::optional<size_t> BindScope::TryResolve(std::string_view sql, const ColumnRefExpression& reference) const {
  const std::vector<Identifier>& parts = reference.parts;
  if (parts.size() > 2) {
    ThrowNotImplemented(sql, reference.position, "names with more than two parts are not supported yet");
  }
  std::string_view table = parts.size() == 2 ? std::string_view(parts[0].name) : std::string_view();
  std::string_view name = parts.back().name;
  std::vector<size_t> matches;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!table.empty() && !NamesEqual(columns_[i].table, table)) continue;
    if (table.empty() && columns_[i].qualified_only) continue;
    if (NamesEqual(columns_[i].name, name)) matches.push_back(i);
  }
  // An exact-case match decides between columns that differ only in case.
  if (matches.size() > 1) {
    std::vector<size_t> exact;
    for (size_t i : matches) {
      if (columns_[i].name == name) exact.push_back(i);
    }
    if (exact.size() == 1) matches = exact;
  }
  if (matches.size() == 1) return matches[0];
  if (matches.empty()) return std::nullopt;
  ThrowBinderError(sql, reference.position, "column '" + reference.ToString() + "' is ambiguous");
}

std::vector<size_t> BindScope::ColumnsOf(std::string_view table) const {
  std::vector<size_t> result;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (NamesEqual(columns_[i].table, table)) result.push_back(i);
  }
  return result;
}

}  // namespace sluice::sql
