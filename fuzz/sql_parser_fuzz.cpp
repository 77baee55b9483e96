// libFuzzer target of the SQL parser: arbitrary text → ParseStatements. A sluice::Error
// (ParseError, NotImplementedError) is a fine outcome; any other exception, crash or
// sanitizer report is a bug. Whatever parses must print to SQL that parses again and
// prints the same (the printer's fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sql/parser/parser.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "%s\n--- first:\n%s\n--- second:\n%s\n", what, a.c_str(), b.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  std::vector<std::unique_ptr<sluice::sql::Statement>> statements;
  try {
    statements = sluice::sql::ParseStatements(sql);
  } catch (const sluice::Error&) {
    return 0;
  }
  for (const auto& statement : statements) {
    std::string printed = statement->ToString();
    std::string reprinted;
    try {
      reprinted = sluice::sql::ParseStatement(printed)->ToString();
    } catch (const sluice::Error& error) {
      Fail("printed SQL does not parse", printed, error.what());
    }
    if (printed != reprinted) Fail("printing is not a fixed point", printed, reprinted);
  }
  return 0;
}
