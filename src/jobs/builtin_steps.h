#pragma once
// The built-in steps of a job (docs/JOBS.md "Steps"): each compiles to one SQL query
// over its input step or source — run by the same engine as any `sql:` step, so a
// built-in never filters, casts or aggregates on the side.
//
//   apply_mapping       rename, cast and drop columns (Glue's ApplyMapping)
//   resolve_choice      a column whose type differs between files: cast to one type,
//                       split into one column per type, or keep one type
//   drop_null_fields    drop the columns that are NULL in every row
//   dedupe              keep one row per key, the first by an order (ROW_NUMBER)
//   flatten             JSON text into columns
//   pii                 keyed HMAC-SHA256 (key from a secret), masking that keeps the
//                       last N characters, redaction, drop
//   normalize_time_zone local timestamps read in a named zone, stored as UTC
//
// A step's options are the YAML mapping under its kind's key:
//   - name: clean
//     apply_mapping: { from: events, columns: [ [event_ts, event_ts, timestamp] ] }

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "lake/yaml_reader.h"

namespace sluice::jobs {

/// The kinds above, in the order the docs list them.
const std::vector<std::string>& BuiltinStepKinds();

/// A built-in step as the spec gives it.
struct BuiltinStep {
  std::string name;  ///< The step's name (what later steps and targets call it).
  std::string kind;  ///< One of BuiltinStepKinds().
  /// The mapping under the kind's key (kept with its marks for messages).
  YAML::Node options;
  /// "steps[2].apply_mapping": the key path for messages.
  std::string key;
};

/// Checks `step.options` without data: known keys only, required keys present, values
/// of the right shape (types parse, modes known, N ≥ 0…). InvalidArgumentError through
/// `reader` ("FILE:LINE: steps[2].apply_mapping.columns[1]: …"). Returns the name of
/// the step or source the built-in reads (its `from:`).
std::string CheckBuiltinStep(const BuiltinStep& step, const lake::YamlReader& reader);

/// What compiling a built-in may need besides its options.
struct BuiltinContext {
  /// The input's columns (names and types), as the engine planned it.
  Schema input;
  /// The name the input is referenced by in FROM (a view of the run): a plain name,
  /// which the compiled SQL quotes, or a name already in SQL form ("double-quoted",
  /// used as it is).
  std::string input_name;
  /// Runs a query (text) and returns the first row's values as text, NULL as nullopt:
  /// drop_null_fields asks which columns hold a value, resolve_choice which types a
  /// JSON-text column holds.
  std::function<std::vector<std::optional<std::string>>(const std::string& sql)> query_row;
  /// The `:name` placeholder (with the colon) under which the run binds the bytes of
  /// the secret the step names (pii's `key_secret:`) as a varbinary parameter; throws
  /// InvalidArgumentError when that secret is not set. Secret values never appear in
  /// SQL text, messages or records.
  std::function<std::string(const std::string& secret_name)> secret_parameter;
};

/// The step as one SQL query (text, no trailing semicolon) over `context.input_name`.
/// Identifiers are quoted; values the spec gives are SQL literals; secrets are
/// parameters (context.secret_parameter). Errors that need
/// the input's columns (a mapping naming a column the input lacks) are
/// InvalidArgumentError through `reader` at the option's line.
std::string CompileBuiltinStep(const BuiltinStep& step, const BuiltinContext& context,
                               const lake::YamlReader& reader);

}  // namespace sluice::jobs
