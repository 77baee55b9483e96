// sluice-datagen: a standalone, deterministic generator of test and benchmark data.
//
// It depends on nothing but the C++20 standard library, so that it can serve as an
// independent oracle for Sluice's CSV and JSON readers. See UsageText() for the
// command line.

#include <cstdio>
#include <exception>

#include "command_line.h"
#include "output_file.h"

namespace {

constexpr int kExitIoError = 1;
constexpr int kExitUsageError = 2;

int Run(int argc, const char* const* argv) {
  using sluice::datagen::Command;
  const Command command = sluice::datagen::ParseCommandLine(argc, argv);
  switch (command.kind) {
    case Command::Kind::kHelp: {
      const std::string_view usage = sluice::datagen::UsageText();
      std::fwrite(usage.data(), 1, usage.size(), stdout);
      return 0;
    }
    case Command::Kind::kTpch:
      sluice::datagen::GenerateTpch(command.tpch);
      return 0;
    case Command::Kind::kSpaceEvents:
      sluice::datagen::GenerateSpaceEvents(command.space_events);
      return 0;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const sluice::datagen::UsageError& error) {
    std::fprintf(stderr, "sluice-datagen: error: %s\nRun 'sluice-datagen --help' for usage.\n",
                 error.what());
    return kExitUsageError;
  } catch (const sluice::datagen::IoError& error) {
    std::fprintf(stderr, "sluice-datagen: I/O error: %s\n", error.what());
    return kExitIoError;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "sluice-datagen: error: %s\n", error.what());
    return kExitIoError;
  }
}
