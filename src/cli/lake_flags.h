#pragma once
// The --lake option that every lake command takes, and opening the lake it names
// (or $SLUICE_LAKE, or the nearest sluice.yaml upward from the current folder).

#include <memory>
#include <string>

#include "lake/lake.h"

namespace CLI {
class App;
}

namespace sluice::cli {

struct LakeFlags {
  std::string lake;  ///< Empty: $SLUICE_LAKE, else found upward from the current folder.
};

/// Adds `--lake DIR` to `app`.
void AddLakeFlags(CLI::App* app, LakeFlags* flags);

/// The lake the flags name (lake::OpenLake); InvalidArgumentError saying how to make
/// one (`sluice init DIR`) when there is none.
std::unique_ptr<lake::Lake> OpenLake(const LakeFlags& flags);

/// For commands that also work without a lake (queries over files): the lake when
/// --lake or $SLUICE_LAKE names one (an error when it holds none) or one is found
/// upward from the current folder; null otherwise.
std::unique_ptr<lake::Lake> OpenLakeIfAny(const LakeFlags& flags);

}  // namespace sluice::cli
