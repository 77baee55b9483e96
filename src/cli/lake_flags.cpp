#include "cli/lake_flags.h"

#include <CLI/CLI.hpp>

#include <optional>

namespace sluice::cli {
namespace {

std::optional<std::string> ExplicitDir(const LakeFlags& flags) {
  if (flags.lake.empty()) return std::nullopt;
  return flags.lake;
}

}  // namespace

void AddLakeFlags(CLI::App* app, LakeFlags* flags) {
  app->add_option("--lake", flags->lake,
                  "The lake's folder (default: $SLUICE_LAKE, else the nearest folder upward holding sluice.yaml)")
      ->type_name("DIR");
}

std::unique_ptr<lake::Lake> OpenLake(const LakeFlags& flags) { return lake::OpenLake(ExplicitDir(flags)); }

std::unique_ptr<lake::Lake> OpenLakeIfAny(const LakeFlags& flags) {
  std::optional<std::string> root = lake::FindLakeRoot(ExplicitDir(flags));
  if (!root.has_value()) return nullptr;
  return std::make_unique<lake::Lake>(*root);
}

}  // namespace sluice::cli
