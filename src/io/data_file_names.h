#pragma once
// Which names in a folder of data are not data: the one rule the crawler (files into
// tables) and the engine (a catalog table's files at query time) share, so that a query
// reads exactly the files a crawl classified.

#include <string_view>

namespace sluice::io {

/// Why a folder entry named `name` is not data, or empty when it may be. Ignored:
///   hidden        names starting with '.' (.DS_Store, .sluice-staging-*, .part.crc)
///   hidden        names starting with '_' unless they look like a partition (_a=b):
///   marker        _SUCCESS, _committed_*, _started_*
///   temporary     _temporary/, _tmp*, and files *.tmp, *.temp, *.inprogress, names
///                 ending in '~'
///   checksum      files *.crc
std::string_view IgnoredNameReason(std::string_view name, bool is_folder);

}  // namespace sluice::io
