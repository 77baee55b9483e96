#pragma once
// A job specification: YAML in a lake's jobs/ folder (jobs/NAME.yaml) or any file
// (docs/JOBS.md is the reference). Sources are read, steps transform them by name,
// targets receive a step's (or source's) rows:
//
//   name: hourly_space
//   parameters: { since: date }
//   sources:
//     events: { table: raw.space_events, bookmark: true }
//     companies: { path: drop/dim_company/, format: csv, csv: { preset: redshift-unload } }
//   steps:
//     - name: clean
//       apply_mapping: { from: events, columns: [ [event_ts, event_ts, timestamp] ] }
//     - name: hourly
//       sql: SELECT … FROM clean JOIN companies USING (company_id) WHERE … >= :since
//   targets:
//     - { from: hourly, table: curated.agg_hourly_space, partition_by: [event_date],
//         mode: overwrite_partitions }
//     - { from: hourly, connection: warehouse, postgres_table: public.agg_hourly_space,
//         mode: upsert, keys: [company_id, space_id, hour] }
//
// ParseJobSpec checks everything that needs no data: keys known (with "did you mean"),
// values of the right shape, names unique, every `from` naming an earlier source or
// step, modes and their options consistent. Errors are InvalidArgumentError
// "FILE:LINE: KEY: what is wrong" (lake/yaml_reader.h).

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "jobs/builtin_steps.h"

namespace sluice::jobs {

/// Where a part of the spec was written, for messages: "jobs/x.yaml:12: steps[1].sql".
struct SpecPlace {
  std::string file;
  int line = 0;
  std::string key;
  std::string ToString() const;
};

/// A declared parameter: `since: date` or `since: { type: date, default: '2024-01-01' }`.
struct ParameterSpec {
  std::string name;
  DataType type;
  std::optional<std::string> default_value;  ///< Text, cast to `type` when used.
  SpecPlace place;
};

struct SourceSpec {
  enum class Kind : uint8_t { kTable, kPath, kPostgres };
  std::string name;
  Kind kind = Kind::kTable;
  /// kTable: the catalog table, database.table (or table in `default`).
  std::string table;
  /// kPath: a file or folder relative to the lake (or under an external location).
  std::string path;
  /// kPath: csv, json or parquet; empty: by file extension.
  std::string format;
  /// kPath CSV options (keys as sluice.yaml crawlers' csv:, e.g. preset, delimiter).
  std::map<std::string, std::string> csv;
  /// Read only files no earlier successful run consumed (kTable, kPath).
  bool bookmark = false;
  /// After a successful run, move the consumed files under this folder of the lake
  /// (kPath with bookmark only: files of a catalog table belong to the table).
  std::string archive;
  /// kPostgres: the connection (sluice.yaml connections:), a table or a query, the key
  /// column to split the read on and the number of parallel ranges.
  std::string connection;
  std::string postgres_table;
  std::string query;
  std::string partition_column;
  int partitions = 1;
  SpecPlace place;
};

struct StepSpec {
  std::string name;
  /// "sql" or a built-in kind (builtin_steps.h).
  std::string kind;
  std::string sql;
  /// The file line of the SQL's first line (a block scalar starts below its key).
  int sql_line = 0;
  /// Built-ins: their options and input.
  BuiltinStep builtin;
  std::string from;
  SpecPlace place;
};

struct TargetSpec {
  enum class Kind : uint8_t { kTable, kPostgres };
  enum class Mode : uint8_t {
    kAppend,
    kOverwrite,
    kOverwritePartitions,
    kErrorIfExists,
    kTruncateInsert,
    kUpsert,
    kReplaceWhere
  };
  Kind kind = Kind::kTable;
  std::string from;
  Mode mode = Mode::kAppend;
  /// kTable.
  std::string table;
  std::vector<std::string> partition_by;
  std::string format = "parquet";  ///< parquet, csv, json (new tables).
  std::string compression;         ///< write_compression of a new table ("" default).
  uint64_t target_file_size = 0;   ///< Bytes; 0: the table's / default.
  uint64_t max_rows_per_file = 0;
  /// kPostgres.
  std::string connection;
  std::string postgres_table;
  std::vector<std::string> keys;
  std::string replace_where;
  bool create = true;
  SpecPlace place;
};

struct JobSpec {
  std::string name;
  std::string description;
  /// The file it was read from (as given), for messages.
  std::string file;
  std::vector<ParameterSpec> parameters;
  std::vector<SourceSpec> sources;
  std::vector<StepSpec> steps;
  std::vector<TargetSpec> targets;
  int timeout_seconds = 0;  ///< 0: none.
  int retries = 0;
  int retry_backoff_seconds = 10;  ///< Doubles with every retry.
  /// The YAML text, kept for run records and `job show`.
  std::string text;
};

/// "append", "overwrite_partitions", … as specs spell them.
std::string_view TargetModeName(TargetSpec::Mode mode);

/// Parses and checks a spec (see the file comment). `file` names it in messages.
JobSpec ParseJobSpec(std::string_view yaml, std::string_view file);

/// A job name: letters, digits, _ - . (it names files and catalog records).
bool IsJobName(std::string_view name);

/// "90", "90s", "15m", "2h" → seconds; nullopt otherwise.
std::optional<int> ParseDurationSeconds(std::string_view text);

}  // namespace sluice::jobs
