#pragma once
// File name patterns of the table functions (read_csv('data/*.csv'),
// read_parquet('lake/events/**/*.parquet')): a small matcher and the walk that lists
// the files a pattern names.
//
// Syntax, per '/'-separated segment:
//   *       any run of characters except '/'
//   ?       one character except '/'
//   [abc] [a-z] [!a-z] [^a-z]   one character of (or not of) the set
//   \x      the character x itself
//   **      as a whole segment: zero or more folders
// Names starting with '.' or '_' (staging folders of a partitioned write, _SUCCESS,
// _temporary, .DS_Store) are matched by a wildcard only when the pattern segment starts
// with that same character, as shells hide dot files.

#include <string>
#include <string_view>
#include <vector>

namespace sluice::io {

/// True when `text` holds a glob metacharacter (*, ? or [): it is a pattern, not a path.
bool HasGlobPattern(std::string_view text);

/// Whether the one path segment `name` matches the one segment `pattern` (no '/' in
/// either; '**' means the same as '*' here). A malformed set ("[a-") matches '[' literally.
bool MatchGlobSegment(std::string_view pattern, std::string_view name);

/// Whether `path` matches `pattern`, segment by segment; '**' segments match zero or
/// more whole segments. Hidden names (see above) are not special here.
bool MatchGlob(std::string_view pattern, std::string_view path);

/// The regular files `pattern` names, sorted bytewise (deterministic across runs and
/// machines). Paths keep the pattern's form: relative patterns give relative paths. A
/// pattern without metacharacters gives itself when it is a regular file. '**' does
/// not follow symbolic links to folders (no cycles). Folders that cannot be listed are
/// skipped. Returns no files when nothing matches; throws nothing.
std::vector<std::string> ExpandGlob(const std::string& pattern);

}  // namespace sluice::io
