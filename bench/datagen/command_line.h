#pragma once
// Parsing of the sluice-datagen command line into the options of one data set.

#include <stdexcept>
#include <string_view>

#include "space_events.h"
#include "tpch.h"

namespace sluice::datagen {

/// The command line is wrong (unknown flag, bad number, missing option). The message
/// says what and is printed as is; the process exits with code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Seed used when --seed is not given.
inline constexpr uint64_t kDefaultSeed = 42;

/// A parsed command line: which data set to write, with its options.
struct Command {
  enum class Kind {
    kHelp,         ///< Print UsageText() and exit 0.
    kTpch,         ///< Run GenerateTpch(tpch).
    kSpaceEvents,  ///< Run GenerateSpaceEvents(space_events).
  };
  Kind kind = Kind::kHelp;
  TpchOptions tpch;
  SpaceEventsOptions space_events;
};

/// Parses argv[1..argc). Throws UsageError.
Command ParseCommandLine(int argc, const char* const* argv);

/// The --help text.
std::string_view UsageText();

}  // namespace sluice::datagen
