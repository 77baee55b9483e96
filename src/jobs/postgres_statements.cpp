// See postgres_statements.h.

#include "jobs/postgres_statements.h"

#include <cctype>

#include "core/error.h"
#include "jobs/postgres_copy_text.h"
#include "jobs/postgres_session.h"

namespace sluice::jobs {
namespace {

bool IsIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool IsIdentifierChar(char c) {
  return IsIdentifierStart(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

/// The end of the quoted run starting at `start` (text[start] is the quote), past the
/// closing quote; a doubled quote stays inside. With `backslashes`, \x escapes too.
size_t SkipQuoted(std::string_view text, size_t start, bool backslashes, std::string_view what) {
  const char quote = text[start];
  for (size_t i = start + 1; i < text.size(); ++i) {
    if (backslashes && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  throw InvalidArgumentError("replace_where: unterminated " + std::string(what) + " in '" + std::string(text) + "'");
}

/// The dollar-quote tag at `start` ("$$", "$tag$"), or "" when none starts there.
std::string_view DollarTag(std::string_view text, size_t start) {
  size_t i = start + 1;
  if (i < text.size() && text[i] == '$') return text.substr(start, 2);
  if (i >= text.size() || !IsIdentifierStart(text[i])) return {};
  while (i < text.size() && IsIdentifierChar(text[i]) && text[i] != '$') ++i;
  if (i < text.size() && text[i] == '$') return text.substr(start, i + 1 - start);
  return {};
}

Oid TypeOid(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return pg_oid::kBool;
    case TypeId::kTinyInt:
    case TypeId::kSmallInt: return pg_oid::kInt2;
    case TypeId::kInteger: return pg_oid::kInt4;
    case TypeId::kBigInt: return pg_oid::kInt8;
    case TypeId::kReal: return pg_oid::kFloat4;
    case TypeId::kDouble: return pg_oid::kFloat8;
    case TypeId::kDecimal: return pg_oid::kNumeric;
    case TypeId::kVarbinary: return pg_oid::kBytea;
    case TypeId::kDate: return pg_oid::kDate;
    case TypeId::kTimestamp: return pg_oid::kTimestamp;
    case TypeId::kTimestampTz: return pg_oid::kTimestampTz;
    default: return 0;  // varchar and untyped NULL: as a literal would be read
  }
}

}  // namespace

std::string PostgresTableName::Quoted() const {
  return QuotePostgresIdentifier(schema) + "." + QuotePostgresIdentifier(table);
}

std::string PostgresTableName::ToString() const {
  auto show = [](const std::string& part) {
    bool plain = !part.empty() && IsIdentifierStart(part[0]);
    for (char c : part) {
      plain = plain && IsIdentifierChar(c) && std::isupper(static_cast<unsigned char>(c)) == 0;
    }
    return plain ? part : QuotePostgresIdentifier(part);
  };
  return show(schema) + "." + show(table);
}

PostgresTableName ParsePostgresTableName(std::string_view text) {
  std::vector<std::string> parts;
  auto refuse = [&](const std::string& why) {
    throw InvalidArgumentError("'" + std::string(text) + "' is not a PostgreSQL table name (" + why +
                               "); expected schema.table or table");
  };
  size_t i = 0;
  while (true) {
    std::string part;
    if (i < text.size() && text[i] == '"') {
      size_t end = SkipQuoted(text, i, false, "quoted name");
      for (size_t k = i + 1; k + 1 < end; ++k) {
        part.push_back(text[k]);
        if (text[k] == '"') ++k;  // "" stands for one quote
      }
      i = end;
      if (part.empty()) refuse("an empty quoted name");
    } else {
      while (i < text.size() && text[i] != '.') {
        if (text[i] == '"' || std::isspace(static_cast<unsigned char>(text[i])) != 0) refuse("a stray quote or space");
        part.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
        ++i;
      }
      if (part.empty()) refuse("an empty part");
    }
    parts.push_back(std::move(part));
    if (i == text.size()) break;
    if (text[i] != '.') refuse("text after a quoted name");
    ++i;
  }
  if (parts.size() > 2) refuse("more than two parts");
  if (parts.size() == 1) return PostgresTableName{"public", parts[0]};
  return PostgresTableName{parts[0], parts[1]};
}

TranslatedPredicate TranslatePlaceholders(std::string_view predicate) {
  TranslatedPredicate out;
  std::string& sql = out.sql;
  size_t i = 0;
  while (i < predicate.size()) {
    const char c = predicate[i];
    const char next = i + 1 < predicate.size() ? predicate[i + 1] : '\0';
    const bool after_identifier = i > 0 && IsIdentifierChar(predicate[i - 1]);
    size_t end = i + 1;
    if (c == '\'') {
      const bool escaped = i > 0 && (predicate[i - 1] == 'E' || predicate[i - 1] == 'e') &&
                           !(i > 1 && IsIdentifierChar(predicate[i - 2]));
      end = SkipQuoted(predicate, i, escaped, "string literal");
    } else if (c == '"') {
      end = SkipQuoted(predicate, i, false, "quoted name");
    } else if (c == '-' && next == '-') {
      end = predicate.find('\n', i);
      end = end == std::string_view::npos ? predicate.size() : end;
    } else if (c == '/' && next == '*') {
      int depth = 0;
      for (end = i; end < predicate.size(); ++end) {
        if (predicate.substr(end, 2) == "/*") {
          ++depth;
          ++end;
        } else if (predicate.substr(end, 2) == "*/") {
          ++end;
          if (--depth == 0) break;
        }
      }
      if (depth != 0) throw InvalidArgumentError("replace_where: unterminated comment in '" + std::string(predicate) + "'");
      ++end;
    } else if (c == '$' && !after_identifier) {
      if (std::isdigit(static_cast<unsigned char>(next)) != 0) {
        throw InvalidArgumentError("replace_where: positional parameters ($1) are not allowed in '" +
                                   std::string(predicate) + "'; name them (:since) and pass --arg since=…");
      }
      std::string_view tag = DollarTag(predicate, i);
      if (!tag.empty()) {
        size_t close = predicate.find(tag, i + tag.size());
        if (close == std::string_view::npos) {
          throw InvalidArgumentError("replace_where: unterminated " + std::string(tag) + " string in '" +
                                     std::string(predicate) + "'");
        }
        end = close + tag.size();
      }
    } else if (c == ':' && next == ':') {
      end = i + 2;
    } else if (c == ':' && IsIdentifierStart(next)) {
      end = i + 1;
      while (end < predicate.size() && IsIdentifierChar(predicate[end]) && predicate[end] != '$') ++end;
      std::string name(predicate.substr(i + 1, end - i - 1));
      size_t number = 0;
      while (number < out.names.size() && out.names[number] != name) ++number;
      if (number == out.names.size()) out.names.push_back(name);
      sql += "$" + std::to_string(number + 1);
      i = end;
      continue;
    }
    sql.append(predicate.substr(i, end - i));
    i = end;
  }
  return out;
}

BoundParameters BindPlaceholders(const TranslatedPredicate& predicate,
                                 const std::map<std::string, Value>& parameters) {
  BoundParameters bound;
  for (const std::string& name : predicate.names) {
    auto it = parameters.find(name);
    if (it == parameters.end()) {
      std::string known;
      for (const auto& [key, value] : parameters) known += (known.empty() ? "" : ", ") + key;
      throw InvalidArgumentError("replace_where: parameter :" + name + " has no value (pass --arg " + name +
                                 "=…; the job's arguments: " + (known.empty() ? "none" : known) + ")");
    }
    const Value& value = it->second;
    bound.types.push_back(TypeOid(value.type()));
    if (value.is_null()) {
      bound.values.emplace_back(std::nullopt);
    } else {
      bound.values.emplace_back(PostgresValueText(value));
    }
  }
  return bound;
}

}  // namespace sluice::jobs
