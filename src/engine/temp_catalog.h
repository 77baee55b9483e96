#pragma once
// The home of a session's temporary tables (CREATE TEMPORARY TABLE, and every CREATE
// TABLE run without a lake): a private catalog — SQLite in a folder of its own — with
// one database, "temp", whose tables are ordinary managed tables there. So INSERT,
// DELETE, UPDATE, OPTIMIZE, DROP, DESCRIBE and SHOW CREATE TABLE work on them by the
// same code as on lake tables; only the name resolution differs (an unqualified name
// finds a temporary table first).
//
// The folder is <lake>/.sluice/temp/session-<pid>-<random> inside a lake (same file
// system: commits are renames), else a new folder under $TMPDIR. It is removed when
// the session ends; a folder whose process is gone is removed by the next session
// that opens the lake (RemoveStaleTemporaryFolders).

#include <memory>
#include <string>

#include "catalog/store.h"
#include "engine/catalog_context.h"

namespace sluice::engine {

/// One session's temporary tables.
class TemporaryCatalog {
 public:
  /// Creates the folder and its catalog: under <lake_root>/.sluice/temp when
  /// `lake_root` is not empty, else under $TMPDIR (or /tmp). IOError when it cannot.
  explicit TemporaryCatalog(const std::string& lake_root);
  ~TemporaryCatalog();
  TemporaryCatalog(const TemporaryCatalog&) = delete;
  TemporaryCatalog& operator=(const TemporaryCatalog&) = delete;

  /// The catalog (current database "temp").
  CatalogContext& context() { return context_; }
  const CatalogContext& context() const { return context_; }
  /// Whether the session has a temporary table (or view) named `name` (lower case).
  bool Has(const std::string& name) const;

 private:
  std::string folder_;
  std::unique_ptr<catalog::CatalogStore> store_;
  CatalogContext context_;
};

/// Removes <lake_root>/.sluice/temp/session-<pid>-… folders whose process is gone.
void RemoveStaleTemporaryFolders(const std::string& lake_root);

}  // namespace sluice::engine
