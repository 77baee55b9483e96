// Placeholder entry point; subcommands are added in src/cli/.
#include <cstdio>

int main() {
  std::puts("sluice " SLUICE_VERSION);
  return 0;
}
