#include "lake/paths.h"

#include <filesystem>
#include <string>
#include <system_error>

#include "core/error.h"

namespace sluice::lake {

namespace {

namespace fs = std::filesystem;

/// Symbolic links followed while resolving one path before giving up (Linux's
/// MAXSYMLINKS is 40).
constexpr int kMaxSymlinkHops = 40;

/// `path` lexically normal, without a trailing separator (except for "/").
std::string Normal(const fs::path& path) {
  std::string text = path.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

/// `path` (absolute) with every symbolic link along it resolved, as far as the file
/// system has it: the components that do not exist are kept as written. Unlike
/// fs::weakly_canonical this also follows a dangling link (one pointing at something
/// not created yet), so writing through it cannot escape the checks.
std::string ResolveLinks(const fs::path& path) {
  std::vector<fs::path> pending;  // Components still to walk, last one first.
  for (const fs::path& part : path.relative_path()) pending.insert(pending.begin(), part);
  fs::path resolved = path.root_path();
  int hops = 0;
  while (!pending.empty()) {
    fs::path part = pending.back();
    pending.pop_back();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      resolved = resolved.parent_path();
      continue;
    }
    fs::path next = resolved / part;
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(next, error))) {
      resolved = next;
      continue;
    }
    fs::path target = fs::read_symlink(next, error);
    if (error || ++hops > kMaxSymlinkHops) {
      throw InvalidArgumentError("path '" + path.string() + "': cannot resolve the symbolic link " +
                                 next.string() + (error ? ": " + error.message() : ": too many levels"));
    }
    if (target.is_absolute()) resolved = target.root_path();
    fs::path relative = target.relative_path();
    std::vector<fs::path> parts(relative.begin(), relative.end());
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
  }
  return Normal(resolved);
}

}  // namespace

bool PathIsUnder(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return false;
  if (prefix == "/") return !path.empty() && path.front() == '/';
  if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

std::string ResolveInLake(std::string_view root, std::string_view path,
                          const std::vector<std::string>& allowed_external) {
  std::string normal_root = Normal(fs::path(root));
  fs::path candidate(path);
  if (candidate.is_relative()) candidate = fs::path(normal_root) / candidate;
  std::string lexical = Normal(candidate);
  // Two checks: the path as written (so "../x" is refused even when it would land
  // back inside through a link; the root's real name counts as the root) and the path
  // with its links resolved (so a link inside the lake cannot lead out of it).
  std::string resolved = ResolveLinks(lexical);
  std::string resolved_root = ResolveLinks(normal_root);
  auto allowed = [&](const std::string& p, const std::string& r, bool resolve_external) {
    if (PathIsUnder(p, r) || PathIsUnder(p, resolved_root)) return true;
    for (const std::string& external : allowed_external) {
      std::string prefix = Normal(fs::path(external));
      if (!fs::path(prefix).is_absolute()) continue;
      if (PathIsUnder(p, resolve_external ? ResolveLinks(prefix) : prefix)) return true;
    }
    return false;
  };
  if (!allowed(lexical, normal_root, false) || !allowed(resolved, resolved_root, true)) {
    throw InvalidArgumentError("path '" + std::string(path) + "' is outside the lake " + normal_root +
                               "; name it under external_locations in sluice.yaml to allow it");
  }
  return lexical;
}

std::string RelativeToLake(std::string_view root, std::string_view absolute) {
  if (!PathIsUnder(absolute, root)) return std::string(absolute);
  if (absolute.size() == root.size()) return "";
  return std::string(absolute.substr(root.size() + (root == "/" ? 0 : 1)));
}

}  // namespace sluice::lake
