#include "engine/catalog_context.h"

#include <filesystem>

#include "core/error.h"

namespace sluice::engine {

std::string ResolveCatalogPath(const CatalogContext& context, std::string_view path) {
  if (context.resolve_path) return context.resolve_path(path);
  std::filesystem::path resolved(path);
  bool relative = resolved.is_relative();
  if (relative) resolved = std::filesystem::path(context.lake_root) / resolved;
  std::string text = resolved.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  if (relative && ToCatalogPath(context, text) == text) {
    throw InvalidArgumentError("path '" + std::string(path) + "' is outside the lake " + context.lake_root);
  }
  return text;
}

std::string ToCatalogPath(const CatalogContext& context, std::string_view absolute) {
  if (context.to_catalog_path) return context.to_catalog_path(absolute);
  std::string root = context.lake_root;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (absolute == root) return "";
  if (absolute.size() > root.size() && absolute.substr(0, root.size()) == root && absolute[root.size()] == '/') {
    return std::string(absolute.substr(root.size() + 1));
  }
  return std::string(absolute);
}

}  // namespace sluice::engine
