#pragma once
// The conformance suite of catalog stores: every CatalogStore (catalog/store.h) passes
// the same tests, defined once in store_conformance.cpp as TEST_P of the fixture below.
//
// To run it against a store, instantiate it once in that store's test file with a
// factory that returns a fresh, empty store for each test (or nullptr to skip):
//
//   #include "store_conformance.h"  // from a test file in tests/unit/catalog/
//   namespace sluice::catalog::testing {
//   INSTANTIATE_TEST_SUITE_P(Postgres, CatalogStoreConformance,
//                            ::testing::Values(CatalogStoreFactory([]() -> std::unique_ptr<CatalogStore> {
//                              const char* url = std::getenv("SLUICE_TEST_POSTGRES_URL");
//                              if (url == nullptr || *url == '\0') return nullptr;  // skipped
//                              return OpenPostgresStore(url, NewEmptySchemaName());
//                            })));
//   }
//
// Tests are then named Postgres/CatalogStoreConformance.<Test>/0 and run with
// --gtest_filter='*Conformance*'. tests/unit/catalog/sqlite_store_test.cpp instantiates
// it for SQLite (a new file per test).
//
// What the suite pins down beyond store.h's comments (both stores must agree):
//   - Lists are ordered by name (databases, tables), key (state), version (oldest
//     first), run id (newest first); partitions by their values compared key by key as
//     byte strings (PostgreSQL: COLLATE "C"), so ("a", "z") < ("a-", "x") and "B" < "a".
//   - Error messages: "database raw does not exist", "database raw already exists",
//     "database raw is not empty: it holds 1 table (drop them first, or use CASCADE)",
//     "table raw.events does not exist", "table raw.events already exists",
//     "table raw.plain is not partitioned",
//     "partition (2024-01-01, x) of table raw.events has 2 values; the table has 1 partition key",
//     "run 424242 does not exist" (FinishRun of an unknown id).
//   - GetPartition / DropPartitions / PutPartitions require an existing partitioned table
//     and one value per key (CatalogError otherwise).
//   - StartRun sets `started` and FinishRun sets `finished` when they are 0.
//   - A CatalogError from a writer method (e.g. creating an existing table) that `fn`
//     catches leaves the transaction usable: what `fn` does afterwards commits.

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "catalog/store.h"

namespace sluice::catalog::testing {

/// Makes a fresh, empty store for one test, or returns nullptr to skip the suite (e.g.
/// no PostgreSQL server configured).
using CatalogStoreFactory = std::function<std::unique_ptr<CatalogStore>()>;

/// The fixture of the conformance suite, parameterized by the store's factory.
class CatalogStoreConformance : public ::testing::TestWithParam<CatalogStoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam()();
    if (store_ == nullptr) GTEST_SKIP() << "no store configured for this suite";
  }
  void TearDown() override { store_.reset(); }

  CatalogStore& store() { return *store_; }

  std::unique_ptr<CatalogStore> store_;
};

}  // namespace sluice::catalog::testing
