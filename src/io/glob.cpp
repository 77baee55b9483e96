#include "io/glob.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace sluice::io {
namespace {

namespace fs = std::filesystem;

/// Splits on '/', dropping empty segments except a leading one (an absolute path).
std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!segment.empty() || segments.empty()) segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (segments.size() > 1 && segments.back().empty()) segments.pop_back();
  return segments;
}

/// Matches `c` against the set starting at pattern[*i] == '['; advances *i past ']'.
/// Returns nullopt-like -1 when the set is malformed (no closing bracket).
int MatchSet(std::string_view pattern, size_t* i, char c) {
  size_t p = *i + 1;
  bool negate = false;
  if (p < pattern.size() && (pattern[p] == '!' || pattern[p] == '^')) {
    negate = true;
    ++p;
  }
  bool matched = false;
  bool first = true;
  while (p < pattern.size() && (pattern[p] != ']' || first)) {
    first = false;
    char low = pattern[p];
    if (low == '\\' && p + 1 < pattern.size()) low = pattern[++p];
    char high = low;
    if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
      high = pattern[p + 2];
      if (high == '\\' && p + 3 < pattern.size()) {
        high = pattern[p + 3];
        ++p;
      }
      p += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= static_cast<unsigned char>(low) && u <= static_cast<unsigned char>(high)) matched = true;
    ++p;
  }
  if (p >= pattern.size()) return -1;
  *i = p + 1;
  return matched != negate ? 1 : 0;
}

/// Whether the single character pattern element at pattern[*i] matches `c`;
/// advances *i past the element.
bool MatchOne(std::string_view pattern, size_t* i, char c) {
  char p = pattern[*i];
  if (p == '?') {
    ++*i;
    return true;
  }
  if (p == '[') {
    size_t at = *i;
    int result = MatchSet(pattern, &at, c);
    if (result >= 0) {
      *i = at;
      return result == 1;
    }
  }
  if (p == '\\' && *i + 1 < pattern.size()) p = pattern[++*i];
  ++*i;
  return p == c;
}

bool IsHidden(std::string_view name, std::string_view pattern) {
  if (name.empty() || (name[0] != '.' && name[0] != '_')) return false;
  return pattern.empty() || pattern[0] != name[0];
}

bool MatchSegments(const std::vector<std::string_view>& pattern, size_t p, const std::vector<std::string_view>& path,
                   size_t s) {
  if (p == pattern.size()) return s == path.size();
  if (pattern[p] == "**") {
    for (size_t next = s; next <= path.size(); ++next) {
      if (MatchSegments(pattern, p + 1, path, next)) return true;
    }
    return false;
  }
  return s < path.size() && MatchGlobSegment(pattern[p], path[s]) && MatchSegments(pattern, p + 1, path, s + 1);
}

/// The literal text of a segment without metacharacters (escapes removed).
std::string Unescape(std::string_view segment) {
  std::string text;
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '\\' && i + 1 < segment.size()) ++i;
    text.push_back(segment[i]);
  }
  return text;
}

/// Lists the files under `prefix` (a folder path ending in '/', or empty for the
/// current folder) that match segments[i..].
class GlobWalker {
 public:
  explicit GlobWalker(std::vector<std::string_view> segments) : segments_(std::move(segments)) {}

  void Walk(const std::string& prefix, size_t i) {
    std::string_view segment = segments_[i];
    const bool last = i + 1 == segments_.size();
    if (segment == "**") {
      if (last) {
        WalkEntries(prefix, "*", i, /*last=*/true);  // a trailing ** is **/*
      } else {
        Walk(prefix, i + 1);
      }
      ForEachEntry(prefix, [&](const fs::directory_entry& entry, const std::string& name) {
        std::error_code error;
        if (IsHidden(name, {}) || entry.is_symlink(error) || !entry.is_directory(error)) return;
        Walk(prefix + name + "/", i);
      });
      return;
    }
    if (!HasGlobPattern(segment)) {
      std::string path = prefix + Unescape(segment);
      std::error_code error;
      if (last) {
        if (fs::is_regular_file(path, error)) files_.push_back(path);
      } else if (fs::is_directory(path, error)) {
        Walk(path + "/", i + 1);
      }
      return;
    }
    WalkEntries(prefix, segment, i, last);
  }

  std::vector<std::string> TakeFiles() {
    std::sort(files_.begin(), files_.end());
    files_.erase(std::unique(files_.begin(), files_.end()), files_.end());
    return std::move(files_);
  }

 private:
  void WalkEntries(const std::string& prefix, std::string_view segment, size_t i, bool last) {
    ForEachEntry(prefix, [&](const fs::directory_entry& entry, const std::string& name) {
      if (IsHidden(name, segment) || !MatchGlobSegment(segment, name)) return;
      std::error_code error;
      if (last) {
        if (entry.is_regular_file(error)) files_.push_back(prefix + name);
      } else if (entry.is_directory(error)) {
        Walk(prefix + name + "/", i + 1);
      }
    });
  }

  template <typename F>
  void ForEachEntry(const std::string& prefix, F&& f) {
    std::error_code error;
    fs::directory_iterator it(prefix.empty() ? fs::path(".") : fs::path(prefix),
                              fs::directory_options::skip_permission_denied, error);
    if (error) return;
    for (; it != fs::directory_iterator(); it.increment(error)) {
      if (error) return;
      f(*it, it->path().filename().string());
    }
  }

  std::vector<std::string_view> segments_;
  std::vector<std::string> files_;
};

}  // namespace

bool HasGlobPattern(std::string_view text) { return text.find_first_of("*?[") != std::string_view::npos; }

bool MatchGlobSegment(std::string_view pattern, std::string_view name) {
  // Iterative matching with one backtrack point: the last '*' seen.
  size_t p = 0;
  size_t n = 0;
  size_t star_p = std::string_view::npos;
  size_t star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*') ++p;
      star_p = p;
      star_n = n;
      continue;
    }
    if (p < pattern.size()) {
      size_t next = p;
      if (MatchOne(pattern, &next, name[n])) {
        p = next;
        ++n;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    n = ++star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool MatchGlob(std::string_view pattern, std::string_view path) {
  return MatchSegments(SplitSegments(pattern), 0, SplitSegments(path), 0);
}

std::vector<std::string> ExpandGlob(const std::string& pattern) {
  std::vector<std::string_view> segments = SplitSegments(pattern);
  size_t first_pattern = 0;
  while (first_pattern < segments.size() && !HasGlobPattern(segments[first_pattern])) ++first_pattern;
  if (first_pattern == segments.size()) {
    std::error_code error;
    if (fs::is_regular_file(pattern, error)) return {pattern};
    return {};
  }
  std::string prefix;
  for (size_t i = 0; i < first_pattern; ++i) prefix += std::string(segments[i]) + "/";
  GlobWalker walker(segments);
  walker.Walk(prefix, first_pattern);
  return walker.TakeFiles();
}

}  // namespace sluice::io
