// LIKE and the regular expression functions regexp_like, regexp_extract, regexp_replace,
// regexp_count, regexp_position (RE2; Java-style $n in replacements as
// Trino's regexp_replace). Constant patterns are compiled once at bind time.

#include <re2/re2.h>

#include <memory>
#include <string>

#include "core/error.h"
#include "core/value.h"
#include "sql/expression/function_registry.h"
#include "sql/expression/functions/builtin_functions.h"
#include "sql/expression/functions/like_pattern.h"

namespace sluice::sql {

namespace {

std::string_view Text(const Operand& operand, uint32_t row) { return operand.Get<StringRef>(row).view(); }

// ---- LIKE ------------------------------------------------------------------------------

struct LikeData : FunctionData {
  LikePattern pattern;
};

std::shared_ptr<const FunctionData> BindLike(std::span<const Value* const> constants) {
  const Value* pattern = constants[1];
  const Value* escape = constants.size() > 2 ? constants[2] : nullptr;
  if (pattern == nullptr || pattern->is_null() || (constants.size() > 2 && (escape == nullptr || escape->is_null()))) {
    return nullptr;
  }
  auto data = std::make_shared<LikeData>();
  data->pattern = LikePattern::Compile(pattern->string(), escape ? std::string_view(escape->string()) : std::string_view(),
                                       escape != nullptr);
  return data;
}

void Like(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  uint8_t* result = out->data<uint8_t>();
  if (context.data != nullptr) {
    const LikePattern& pattern = static_cast<const LikeData*>(context.data)->pattern;
    rows.ForEach([&](uint32_t row) { result[row] = pattern.Matches(Text(args[0], row)) ? 1 : 0; });
    return;
  }
  // Pattern per row: recompile only when it changes.
  std::string last_pattern, last_escape;
  LikePattern pattern;
  bool compiled = false;
  rows.ForEach([&](uint32_t row) {
    const std::string_view p = Text(args[1], row);
    const std::string_view e = args.size() > 2 ? Text(args[2], row) : std::string_view();
    if (!compiled || p != last_pattern || e != last_escape) {
      pattern = LikePattern::Compile(p, e, args.size() > 2);
      last_pattern.assign(p);
      last_escape.assign(e);
      compiled = true;
    }
    result[row] = pattern.Matches(Text(args[0], row)) ? 1 : 0;
  });
}

// ---- regular expressions -----------------------------------------------------------------

std::unique_ptr<RE2> CompileRegex(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex->ok()) {
    throw InvalidArgumentError("invalid regular expression '" + std::string(pattern) + "': " + regex->error());
  }
  return regex;
}

struct RegexData : FunctionData {
  std::unique_ptr<RE2> regex;
};

std::shared_ptr<const FunctionData> BindRegex(std::span<const Value* const> constants) {
  if (constants[1] == nullptr || constants[1]->is_null()) return nullptr;
  auto data = std::make_shared<RegexData>();
  data->regex = CompileRegex(constants[1]->string());
  return data;
}

/// The compiled pattern of a row: the bound one, or compiled (and cached) per row.
class RegexSource {
 public:
  RegexSource(const KernelContext& context, const Operand& pattern)
      : bound_(context.data ? static_cast<const RegexData*>(context.data)->regex.get() : nullptr), pattern_(pattern) {}
  const RE2& Get(uint32_t row) {
    if (bound_ != nullptr) return *bound_;
    const std::string_view text = Text(pattern_, row);
    if (!cached_ || text != cached_text_) {
      cached_ = CompileRegex(text);
      cached_text_.assign(text);
    }
    return *cached_;
  }

 private:
  const RE2* bound_;
  const Operand& pattern_;
  std::unique_ptr<RE2> cached_;
  std::string cached_text_;
};

re2::StringPiece Piece(std::string_view text) { return re2::StringPiece(text.data(), text.size()); }

void RegexpLike(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  RegexSource source(context, args[1]);
  uint8_t* result = out->data<uint8_t>();
  rows.ForEach([&](uint32_t row) { result[row] = RE2::PartialMatch(Piece(Text(args[0], row)), source.Get(row)) ? 1 : 0; });
}

void RegexpExtract(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  RegexSource source(context, args[1]);
  StringRef* result = out->data<StringRef>();
  std::vector<re2::StringPiece> groups;
  rows.ForEach([&](uint32_t row) {
    const RE2& regex = source.Get(row);
    const int64_t group = args.size() > 2 ? args[2].Get<int64_t>(row) : 0;
    if (group < 0 || group > regex.NumberOfCapturingGroups()) {
      throw InvalidArgumentError("regexp_extract: pattern has " + std::to_string(regex.NumberOfCapturingGroups()) +
                                 " groups; cannot access group " + std::to_string(group));
    }
    const std::string_view text = Text(args[0], row);
    groups.assign(static_cast<size_t>(group) + 1, {});
    if (!regex.Match(Piece(text), 0, text.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size())) ||
        groups[group].data() == nullptr) {
      out->SetNull(row);
      return;
    }
    result[row] = out->heap().Add(std::string_view(groups[group].data(), groups[group].size()));
  });
}

/// Code points in text[0, end) (continuation bytes do not count).
int64_t CodePointsBefore(std::string_view text, size_t end) {
  int64_t count = 0;
  for (size_t i = 0; i < end && i < text.size(); ++i) count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return count;
}

/// Byte length of the UTF-8 character at text[i] (1 for an invalid byte).
size_t CharLength(std::string_view text, size_t i) {
  size_t n = 1;
  while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
  return n;
}

/// regexp_count(s, pattern): the number of non-overlapping matches; an empty match
/// counts and the search moves on by one character (Trino).
void RegexpCount(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  RegexSource source(context, args[1]);
  int64_t* result = out->data<int64_t>();
  rows.ForEach([&](uint32_t row) {
    const RE2& regex = source.Get(row);
    const std::string_view text = Text(args[0], row);
    int64_t count = 0;
    size_t position = 0;
    re2::StringPiece match;
    while (position <= text.size() &&
           regex.Match(Piece(text), position, text.size(), RE2::UNANCHORED, &match, 1)) {
      ++count;
      const size_t end = static_cast<size_t>(match.data() - text.data()) + match.size();
      position = match.empty() ? end + (end < text.size() ? CharLength(text, end) : 1) : end;
    }
    result[row] = count;
  });
}

/// regexp_position(s, pattern [, start]): the 1-based character position of the first
/// match at or after character `start`, or -1.
void RegexpPosition(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  RegexSource source(context, args[1]);
  int32_t* result = out->data<int32_t>();
  rows.ForEach([&](uint32_t row) {
    const RE2& regex = source.Get(row);
    const std::string_view text = Text(args[0], row);
    const int64_t start = args.size() > 2 ? args[2].Get<int64_t>(row) : 1;
    if (start < 1) throw InvalidArgumentError("regexp_position: start must be positive, got " + std::to_string(start));
    size_t position = 0;
    for (int64_t skipped = 1; skipped < start && position < text.size(); ++skipped) position += CharLength(text, position);
    re2::StringPiece match;
    if (start - 1 > CodePointsBefore(text, text.size()) ||
        !regex.Match(Piece(text), position, text.size(), RE2::UNANCHORED, &match, 1)) {
      result[row] = -1;
      return;
    }
    result[row] = static_cast<int32_t>(CodePointsBefore(text, static_cast<size_t>(match.data() - text.data())) + 1);
  });
}

/// Java's replacement syntax ($1, ${name} unsupported, \$ for a dollar) to RE2's (\1).
std::string ToRe2Rewrite(std::string_view replacement) {
  std::string out;
  for (size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    if (c == '\\' && i + 1 < replacement.size()) {
      const char next = replacement[++i];
      if (next == '\\') {
        out += "\\\\";
      } else {
        out.push_back(next);
      }
    } else if (c == '$' && i + 1 < replacement.size() && replacement[i + 1] >= '0' && replacement[i + 1] <= '9') {
      out.push_back('\\');
      out.push_back(replacement[++i]);
    } else if (c == '$') {
      throw InvalidArgumentError("regexp_replace: illegal group reference in '" + std::string(replacement) + "'");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void RegexpReplace(const KernelContext& context, std::span<const Operand> args, const Rows& rows, Vector* out) {
  RegexSource source(context, args[1]);
  StringRef* result = out->data<StringRef>();
  std::string buffer, rewrite;
  std::string last_replacement;
  bool have_rewrite = false;
  rows.ForEach([&](uint32_t row) {
    const RE2& regex = source.Get(row);
    if (args.size() > 2) {
      const std::string_view replacement = Text(args[2], row);
      if (!have_rewrite || replacement != last_replacement) {
        rewrite = ToRe2Rewrite(replacement);
        last_replacement.assign(replacement);
        have_rewrite = true;
        std::string error;
        if (!regex.CheckRewriteString(rewrite, &error)) {
          throw InvalidArgumentError("regexp_replace: invalid replacement '" + std::string(replacement) + "': " + error);
        }
      }
    }
    buffer.assign(Text(args[0], row));
    RE2::GlobalReplace(&buffer, regex, args.size() > 2 ? Piece(rewrite) : re2::StringPiece());
    result[row] = out->heap().Add(buffer);
  });
}

}  // namespace

void RegisterRegexFunctions(FunctionRegistry* registry) {
  const DataType varchar = DataType::Varchar(), boolean = DataType::Boolean(), bigint = DataType::BigInt();
  auto add = [&](const char* name, std::vector<ParameterType> params, DataType ret, ScalarKernel kernel,
                 BindDataFunction bind) {
    registry->Register(ScalarFunction{.name = name, .parameters = std::move(params), .return_type = std::move(ret),
                                      .kernel = kernel, .bind_data = bind});
  };
  add("like", {varchar, varchar}, boolean, &Like, &BindLike);
  add("like", {varchar, varchar, varchar}, boolean, &Like, &BindLike);
  add("regexp_like", {varchar, varchar}, boolean, &RegexpLike, &BindRegex);
  add("regexp_extract", {varchar, varchar}, varchar, &RegexpExtract, &BindRegex);
  add("regexp_extract", {varchar, varchar, bigint}, varchar, &RegexpExtract, &BindRegex);
  add("regexp_replace", {varchar, varchar}, varchar, &RegexpReplace, &BindRegex);
  add("regexp_replace", {varchar, varchar, varchar}, varchar, &RegexpReplace, &BindRegex);
  add("regexp_count", {varchar, varchar}, DataType::BigInt(), &RegexpCount, &BindRegex);
  add("regexp_position", {varchar, varchar}, DataType::Integer(), &RegexpPosition, &BindRegex);
  add("regexp_position", {varchar, varchar, DataType::BigInt()}, DataType::Integer(), &RegexpPosition, &BindRegex);
}

}  // namespace sluice::sql
