// libFuzzer target of the job spec parser (jobs/job_spec.h) and sluice.yaml's
// (lake/lake.h): arbitrary text → ParseJobSpec / ParseLakeConfig. A sluice::Error
// (InvalidArgumentError naming file:line:key) is a fine outcome; any other exception
// (a yaml-cpp exception escaping), crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "jobs/job_spec.h"
#include "lake/lake.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    sluice::jobs::ParseJobSpec(text, "fuzz.yaml");
  } catch (const sluice::Error&) {
  }
  try {
    sluice::lake::ParseLakeConfig(text, "sluice.yaml");
  } catch (const sluice::Error&) {
  }
  return 0;
}
