#include "engine/temp_catalog.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "core/error.h"
#include "engine/catalog_resolver.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "session-";

std::string NewFolderName() {
  std::random_device device;
  char random[9];
  std::snprintf(random, sizeof(random), "%08x", device());
  return std::string(kPrefix) + std::to_string(::getpid()) + "-" + random;
}

}  // namespace

TemporaryCatalog::TemporaryCatalog(const std::string& lake_root) {
  fs::path parent;
  if (!lake_root.empty()) {
    parent = fs::path(lake_root) / ".sluice" / "temp";
  } else {
    const char* tmp = std::getenv("TMPDIR");
    parent = fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
  }
  std::error_code error;
  fs::create_directories(parent, error);
  fs::path folder = parent / (lake_root.empty() ? "sluice-" + NewFolderName() : NewFolderName());
  if (!fs::create_directory(folder, error) || error) {
    throw IOError("cannot create the folder of the session's temporary tables " + folder.string() + ": " +
                  error.message());
  }
  folder_ = folder.string();
  try {
    store_ = catalog::OpenSqliteStore(folder_ + "/catalog.db");
    catalog::Database database;
    database.name = std::string(kTemporaryDatabase);
    database.description = "The session's temporary tables";
    store_->Write([&](catalog::CatalogWriter& writer) { writer.CreateDatabase(database, true); });
  } catch (...) {
    store_.reset();
    fs::remove_all(folder_, error);
    throw;
  }
  context_.store = store_.get();
  context_.lake_root = folder_;
  context_.current_database = std::string(kTemporaryDatabase);
  context_.session_private = true;
}

TemporaryCatalog::~TemporaryCatalog() {
  store_.reset();
  std::error_code error;
  fs::remove_all(folder_, error);
}

bool TemporaryCatalog::Has(const std::string& name) const {
  return store_->GetTable(kTemporaryDatabase, name).has_value();
}

void RemoveStaleTemporaryFolders(const std::string& lake_root) {
  std::error_code error;
  fs::path parent = fs::path(lake_root) / ".sluice" / "temp";
  for (const fs::directory_entry& entry : fs::directory_iterator(parent, error)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0) continue;
    size_t dash = name.find('-', kPrefix.size());
    long pid = std::strtol(name.substr(kPrefix.size(), dash - kPrefix.size()).c_str(), nullptr, 10);
    if (pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) continue;  // still running
    std::error_code remove_error;
    fs::remove_all(entry.path(), remove_error);
  }
}

}  // namespace sluice::engine
