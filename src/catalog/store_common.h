#pragma once
// What the SQLite and PostgreSQL catalog stores (and their CatalogWriters) share:
// retry pacing, busy-timeout wording, and the bookkeeping of table rows and partition
// values that does not depend on the database underneath.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"

namespace sluice::catalog {

/// The first wait before retrying a busy write, doubled after each attempt up to the
/// second.
constexpr std::chrono::milliseconds kFirstBackoff{5};
constexpr std::chrono::milliseconds kMaxBackoff{500};

/// `ms` milliseconds as seconds for messages: "30 s", "0.2 s", "1.25 s".
std::string FormatSeconds(int ms);

/// A delay drawn uniformly from [delay/2, delay]: processes that collided once do not
/// collide again in lockstep. Seeded per call, so forked processes differ too.
std::chrono::milliseconds Jittered(std::chrono::milliseconds delay);

/// "database.name", for messages.
std::string Qualified(std::string_view database, std::string_view name);

/// Partition values for messages: "(2024, 01)".
std::string JoinValues(const std::vector<std::string>& values);

/// Throws CatalogError unless `values` has one value per partition key of `table`.
void CheckPartitionValueCount(const Table& table, const std::vector<std::string>& values);

/// `table` as first stored: created and updated set to `now` where 0, version 1.
Table NewTableRow(const Table& table, Micros now);

/// Whether `after` has other columns or partition keys than `before` (a new version).
bool SchemaChanged(const Table& before, const Table& after);

/// `table` as stored over `before`: before's created, updated `now`, the version one
/// more than before's when the schema changed.
Table UpdatedTableRow(const Table& before, const Table& table, Micros now);

/// `renamed` as stored over `before` by RenameTable: before's created, updated `now`,
/// the version one more than before's (a rename is always a new version). CatalogError
/// "cannot rename table … to …: table … already exists" when `target_taken` (another
/// table has the new name).
Table RenamedTableRow(const Table& before, const Table& renamed, Micros now, bool target_taken);

/// A location without trailing slashes ("raw/t/" → "raw/t"; "/" stays): the prefix
/// RenameTable matches and replaces in partition locations.
std::string LocationPrefix(std::string_view location);

}  // namespace sluice::catalog
