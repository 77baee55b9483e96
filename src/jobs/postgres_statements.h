#pragma once
// The pieces of SQL that jobs send to PostgreSQL and take from users: table names
// (`schema.table` as PostgreSQL reads it), `:name` parameters in a replace_where
// predicate turned into $1…$n, and the type each bound value travels with. Values are
// always bound, never spliced into SQL text.

#include <libpq-fe.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/postgres_connection.h"
#include "core/value.h"

namespace sluice::jobs {

/// A table named as PostgreSQL reads `schema.table`.
struct PostgresTableName {
  std::string schema;  ///< "public" when the name had none.
  std::string table;

  /// "schema"."table", quoted for SQL.
  std::string Quoted() const;
  /// schema.table as the user reads it (for messages).
  std::string ToString() const;
};

/// Parses `schema.table` or `table` (schema public). A part in double quotes keeps its
/// case and may hold anything ("" for a quote); an unquoted part is folded to lower
/// case, as PostgreSQL folds unquoted names. InvalidArgumentError naming the text for
/// an empty part, more than two parts, or an unterminated quote.
PostgresTableName ParsePostgresTableName(std::string_view text);

/// A predicate with its `:name` parameters replaced by $1…$n.
struct TranslatedPredicate {
  std::string sql;
  /// The parameter names in $ order; a name used twice has one number.
  std::vector<std::string> names;
};

/// Replaces every `:name` (a letter or _ then letters, digits, _) outside string
/// literals ('…', E'…', $tag$…$tag$), quoted identifiers and comments by $n; `::`
/// casts are left alone. InvalidArgumentError when the predicate already holds a
/// positional parameter ($1) or an unterminated literal.
TranslatedPredicate TranslatePlaceholders(std::string_view predicate);

/// The values of `predicate`'s names from `parameters`, with their PostgreSQL type
/// OIDs (0 for varchar, so that the server reads it as it would a literal).
/// InvalidArgumentError naming the first name without a value.
struct BoundParameters {
  std::vector<catalog::PgValue> values;
  std::vector<Oid> types;
};
BoundParameters BindPlaceholders(const TranslatedPredicate& predicate,
                                 const std::map<std::string, Value>& parameters);

}  // namespace sluice::jobs
