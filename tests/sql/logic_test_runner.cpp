// Runs one sqllogictest-style file (DuckDB's dialect of it) against the query engine:
//
//   # comment
//   statement ok
//   SQL (until a blank line)
//
//   statement error <fragment of the expected message>
//   SQL
//
//   query <one type letter per column: I integer, R real/decimal, T text, B boolean> [rowsort]
//   SQL
//   ----
//   expected rows, values separated by tabs, NULL as NULL
//
// Values print as the CLI prints them (Trino's text). `rowsort` sorts actual and
// expected rows as strings before comparing. Paths in SQL are relative to the test
// file's folder; __TEST_DIR__ in a record (SQL, error or rows) is a fresh temporary
// folder for files the test writes, removed at the end. Exit code 0 when every record
// passes; failures print the file, the record's line, the SQL and a diff.
//
// A file with a line `# lake` runs against a fresh temporary lake: a folder with
// sluice.yaml and an SQLite catalog (.sluice/catalog.db) attached to the engine, no
// databases and no current database. __LAKE__ in a record is the lake's folder. With
// `# lake default` instead, the lake has the database `default` (as `sluice init`
// makes it) and it is the current database, as in `sluice query --lake`.
// (tests/sql/tools/duckdb_crosscheck.cjs skips such files: DuckDB has no catalog.)

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/store.h"
#include "core/error.h"
#include "core/value.h"
#include "engine/query_engine.h"

namespace {

struct Record {
  enum class Kind { kStatementOk, kStatementError, kQuery } kind = Kind::kStatementOk;
  size_t line = 0;
  std::string sql;
  std::string expected_error;
  std::string types;
  bool rowsort = false;
  std::vector<std::string> expected_rows;
};

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw sluice::IOError(path + ": cannot open");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<Record> ParseRecords(const std::vector<std::string>& lines, const std::string& path) {
  std::vector<Record> records;
  size_t i = 0;
  while (i < lines.size()) {
    const std::string& header = lines[i];
    if (header.empty() || header[0] == '#') {
      ++i;
      continue;
    }
    Record record;
    record.line = i + 1;
    std::istringstream words(header);
    std::string word;
    words >> word;
    if (word == "statement") {
      words >> word;
      if (word == "ok") {
        record.kind = Record::Kind::kStatementOk;
      } else if (word == "error") {
        record.kind = Record::Kind::kStatementError;
        std::getline(words, record.expected_error);
        record.expected_error.erase(0, record.expected_error.find_first_not_of(' '));
      } else {
        throw sluice::FormatError(path + ":" + std::to_string(i + 1) + ": expected 'statement ok|error'");
      }
    } else if (word == "query") {
      record.kind = Record::Kind::kQuery;
      words >> record.types;
      while (words >> word) {
        if (word == "rowsort") record.rowsort = true;
      }
    } else {
      throw sluice::FormatError(path + ":" + std::to_string(i + 1) + ": unknown record '" + header + "'");
    }
    ++i;
    while (i < lines.size() && !lines[i].empty() && lines[i] != "----") {
      record.sql += lines[i++] + "\n";
    }
    if (i < lines.size() && lines[i] == "----") {
      ++i;
      while (i < lines.size() && !lines[i].empty()) record.expected_rows.push_back(lines[i++]);
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::vector<std::string> ResultRows(const sluice::engine::QueryResult& result) {
  std::vector<std::string> rows;
  for (const sluice::Chunk& chunk : result.chunks) {
    for (size_t r = 0; r < chunk.size(); ++r) {
      std::string row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) {
        if (c > 0) row += '\t';
        std::string text = sluice::Value::FromVector(chunk.column(c), r).ToString();
        row += text.empty() ? "(empty)" : text;
      }
      rows.push_back(row);
    }
  }
  return rows;
}

std::string Join(const std::vector<std::string>& rows) {
  std::string text;
  for (const std::string& row : rows) text += "    " + row + "\n";
  return text;
}

/// Runs one record; returns an empty string or what went wrong.
std::string Run(sluice::engine::QueryEngine& engine, const Record& record) {
  std::vector<sluice::engine::QueryResult> results;
  try {
    results = engine.ExecuteAll(record.sql);
  } catch (const std::exception& error) {
    if (record.kind != Record::Kind::kStatementError) return std::string("unexpected error:\n") + error.what();
    if (std::string(error.what()).find(record.expected_error) == std::string::npos) {
      return "error message does not contain '" + record.expected_error + "':\n" + error.what();
    }
    return {};
  }
  if (record.kind == Record::Kind::kStatementError) return "expected an error, but the statement succeeded";
  if (record.kind == Record::Kind::kStatementOk) return {};
  if (results.size() != 1) return "a query record needs exactly one statement";
  const sluice::engine::QueryResult& result = results[0];
  if (result.schema.num_fields() != record.types.size()) {
    return "expected " + std::to_string(record.types.size()) + " columns, got " +
           std::to_string(result.schema.num_fields());
  }
  std::vector<std::string> actual = ResultRows(result);
  std::vector<std::string> expected = record.expected_rows;
  if (record.rowsort) {
    std::sort(actual.begin(), actual.end());
    std::sort(expected.begin(), expected.end());
  }
  if (actual != expected) return "wrong result\n  expected:\n" + Join(expected) + "  actual:\n" + Join(actual);
  return {};
}

void ReplaceAll(std::string* text, std::string_view from, const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos; at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sluice_logic_test_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw sluice::IOError("cannot create a temporary folder " + pattern);
  return pattern;
}

/// Replaces __TEST_DIR__ in every record by a new temporary folder; returns the folder
/// (empty when no record names it).
std::string SubstituteTestDir(std::vector<Record>* records) {
  constexpr std::string_view kMarker = "__TEST_DIR__";
  bool used = false;
  for (const Record& record : *records) used |= record.sql.find(kMarker) != std::string::npos;
  if (!used) return {};
  std::string pattern = MakeTempDir();
  for (Record& record : *records) {
    ReplaceAll(&record.sql, kMarker, pattern);
    ReplaceAll(&record.expected_error, kMarker, pattern);
    for (std::string& row : record.expected_rows) ReplaceAll(&row, kMarker, pattern);
  }
  return pattern;
}

/// A `# lake` line: the file runs against a temporary lake.
bool WantsLake(const std::vector<std::string>& lines) {
  return std::find(lines.begin(), lines.end(), "# lake") != lines.end() ||
         std::find(lines.begin(), lines.end(), "# lake default") != lines.end();
}

/// Creates the temporary lake and replaces __LAKE__ in every record by its folder.
std::string MakeLake(std::vector<Record>* records) {
  std::string root = MakeTempDir();
  std::ofstream(root + "/sluice.yaml") << "name: logic_test\n";
  std::filesystem::create_directories(root + "/.sluice");
  for (Record& record : *records) {
    ReplaceAll(&record.sql, "__LAKE__", root);
    ReplaceAll(&record.expected_error, "__LAKE__", root);
    for (std::string& row : record.expected_rows) ReplaceAll(&row, "__LAKE__", root);
  }
  return root;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: sluice_logic_test FILE.test\n";
    return 2;
  }
  std::filesystem::path path = std::filesystem::absolute(argv[1]);
  try {
    std::vector<std::string> lines = ReadLines(path.string());
    std::vector<Record> records = ParseRecords(lines, path.string());
    std::string test_dir = SubstituteTestDir(&records);
    std::string lake = WantsLake(lines) ? MakeLake(&records) : std::string();
    std::filesystem::current_path(path.parent_path());
    sluice::engine::QueryEngine engine;
    std::unique_ptr<sluice::catalog::CatalogStore> store;
    if (!lake.empty()) {
      store = sluice::catalog::OpenSqliteStore(lake + "/.sluice/catalog.db");
      sluice::engine::CatalogContext context;
      context.store = store.get();
      context.lake_root = lake;
      if (std::find(lines.begin(), lines.end(), "# lake default") != lines.end()) {
        sluice::catalog::Database database;
        database.name = "default";
        database.location = "default";
        store->Write([&](sluice::catalog::CatalogWriter& writer) { writer.CreateDatabase(database, true); });
        context.current_database = "default";
      }
      engine.AttachCatalog(std::move(context));
    }
    size_t failures = 0;
    for (const Record& record : records) {
      std::string problem = Run(engine, record);
      if (problem.empty()) continue;
      ++failures;
      std::cerr << path.filename().string() << ":" << record.line << ": " << problem << "\n  SQL: " << record.sql << "\n";
    }
    std::cout << path.filename().string() << ": " << records.size() - failures << "/" << records.size()
              << " records passed\n";
    if (!test_dir.empty()) std::filesystem::remove_all(test_dir);
    if (!lake.empty()) std::filesystem::remove_all(lake);
    return failures == 0 ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << path.string() << ": " << error.what() << "\n";
    return 2;
  }
}
