// See builtin_steps.h. Each kind is a Check/Compile pair in builtin_<kind>.cpp; this
// file dispatches to them.

#include "jobs/builtin_steps.h"

#include "core/error.h"
#include "jobs/builtin_step_options.h"

namespace sluice::jobs {

namespace {

/// A kind: its name, its keys besides `from`, and its pair of functions.
struct BuiltinKind {
  std::string name;
  const std::vector<std::string>* keys;
  void (*check)(const builtin::StepOptions&);
  std::string (*compile)(const builtin::StepOptions&, const BuiltinContext&);
};

const std::vector<BuiltinKind>& Kinds() {
  using namespace builtin;
  static const std::vector<BuiltinKind> kinds = {
      {"apply_mapping", &kApplyMappingKeys, &CheckApplyMapping, &CompileApplyMapping},
      {"resolve_choice", &kResolveChoiceKeys, &CheckResolveChoice, &CompileResolveChoice},
      {"drop_null_fields", &kDropNullFieldsKeys, &CheckDropNullFields, &CompileDropNullFields},
      {"dedupe", &kDedupeKeys, &CheckDedupe, &CompileDedupe},
      {"flatten", &kFlattenKeys, &CheckFlatten, &CompileFlatten},
      {"pii", &kPiiKeys, &CheckPii, &CompilePii},
      {"normalize_time_zone", &kNormalizeTimeZoneKeys, &CheckNormalizeTimeZone, &CompileNormalizeTimeZone},
  };
  return kinds;
}

const BuiltinKind& FindKind(const BuiltinStep& step, const lake::YamlReader& reader) {
  for (const BuiltinKind& kind : Kinds()) {
    if (kind.name == step.kind) return kind;
  }
  reader.Fail(step.options, step.key,
              "'" + step.kind + "' is not a built-in step (expected one of " + lake::JoinNames(BuiltinStepKinds()) +
                  ")");
}

}  // namespace

const std::vector<std::string>& BuiltinStepKinds() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const BuiltinKind& kind : Kinds()) list.push_back(kind.name);
    return list;
  }();
  return names;
}

std::string CheckBuiltinStep(const BuiltinStep& step, const lake::YamlReader& reader) {
  const BuiltinKind& kind = FindKind(step, reader);
  builtin::StepOptions options(step, reader, *kind.keys);
  kind.check(options);
  return options.from();
}

std::string CompileBuiltinStep(const BuiltinStep& step, const BuiltinContext& context,
                               const lake::YamlReader& reader) {
  const BuiltinKind& kind = FindKind(step, reader);
  builtin::StepOptions options(step, reader, *kind.keys);
  kind.check(options);
  return kind.compile(options, context);
}

}  // namespace sluice::jobs
