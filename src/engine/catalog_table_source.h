#pragma once
// A catalog table as the source of a scan (sql/planner/table_source.h), built from the
// catalog alone: the schema is the table's columns then its partition keys (types as
// stored, pinned: nothing is inferred), the format options become reader options
// (nothing is sniffed), and each partition becomes a PendingPartition — typed values
// and the folder — that the optimizer prunes before it lists any folder. No file is
// opened and no folder is read while binding, except for a table with
// partition_discovery = "true", whose key=value folders are listed to find partitions
// the catalog does not have yet.

#include <memory>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "core/value.h"
#include "engine/catalog_context.h"
#include "sql/planner/table_source.h"

namespace sluice::engine {

/// The source of a scan of `table` (not a view) with its catalog `partitions`
/// (ignored for an unpartitioned table; deprecated ones are skipped). CatalogError
/// for a partition value that is no value of its key's type, or a format option the
/// readers do not know.
std::shared_ptr<const sql::TableSource> MakeCatalogTableSource(const catalog::Table& table,
                                                               const std::vector<catalog::Partition>& partitions,
                                                               const CatalogContext& context);

/// A raw partition value from the catalog as a value of its key's `type`: NULL for
/// __HIVE_DEFAULT_PARTITION__ (and the empty string unless `type` is varchar), else
/// the text cast as SQL's CAST does. CatalogError naming `table` and `key` when the
/// text is no value of the type.
Value ParseCatalogPartitionValue(std::string_view raw, const DataType& type, std::string_view table,
                                 std::string_view key);

/// The folder a partition of `table` with raw `values` has by default:
/// <location>/<key>=<escaped value>/… (as Hive and the writers lay it out).
std::string DefaultPartitionLocation(const catalog::Table& table, const std::vector<std::string>& values);

}  // namespace sluice::engine
