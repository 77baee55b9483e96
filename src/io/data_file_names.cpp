#include "io/data_file_names.h"

#include <cctype>
#include <string_view>

namespace sluice::io {

namespace {

bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  std::string_view tail = text.substr(text.size() - suffix.size());
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tail[i])) != std::tolower(static_cast<unsigned char>(suffix[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view IgnoredNameReason(std::string_view name, bool is_folder) {
  if (name.empty()) return "hidden";
  if (name.front() == '.') return "hidden";
  if (name.front() == '_' && name.find('=') == std::string_view::npos) {
    if (name == "_SUCCESS" || name.starts_with("_committed_") || name.starts_with("_started_")) return "marker";
    if (name == "_temporary" || name.starts_with("_tmp")) return "temporary";
    return "hidden";
  }
  if (is_folder) return {};
  if (name.back() == '~') return "temporary";
  if (EndsWithIgnoreCase(name, ".crc")) return "checksum";
  if (EndsWithIgnoreCase(name, ".tmp") || EndsWithIgnoreCase(name, ".temp") ||
      EndsWithIgnoreCase(name, ".inprogress")) {
    return "temporary";
  }
  return {};
}

}  // namespace sluice::io
