// Placeholder until the built-in steps land (see builtin_steps.h).
#include "jobs/builtin_steps.h"

#include "core/error.h"

namespace sluice::jobs {

const std::vector<std::string>& BuiltinStepKinds() {
  static const std::vector<std::string> kinds = {"apply_mapping", "resolve_choice", "drop_null_fields", "dedupe",
                                                 "flatten",       "pii",            "normalize_time_zone"};
  return kinds;
}

std::string CheckBuiltinStep(const BuiltinStep& step, const lake::YamlReader& reader) {
  reader.Fail(step.options, step.key, "built-in steps are not implemented yet");
}

std::string CompileBuiltinStep(const BuiltinStep& step, const BuiltinContext&, const lake::YamlReader& reader) {
  reader.Fail(step.options, step.key, "built-in steps are not implemented yet");
}

}  // namespace sluice::jobs
