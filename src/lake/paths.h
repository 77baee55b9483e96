#pragma once
// Paths inside a lake. Users name places relative to the lake root (crawler paths,
// LOCATION, COPY targets); nothing they write may resolve outside the root unless the
// lake config names that place as an external location.

#include <string>
#include <string_view>
#include <vector>

namespace sluice::lake {

/// `path` made absolute and lexically normal: a relative path is taken from `root`;
/// "." and ".." segments are resolved without touching the file system; symbolic
/// links inside the lake are then resolved for the part that exists (so a link that
/// points outside is caught). `root` must be absolute and normal.
/// Throws InvalidArgumentError ("path '../x' is outside the lake /abs/root; name it
/// under external_locations in sluice.yaml to allow it") when the result is neither
/// under `root` nor under one of `allowed_external` (absolute, normal prefixes).
std::string ResolveInLake(std::string_view root, std::string_view path,
                          const std::vector<std::string>& allowed_external = {});

/// `absolute` relative to `root` when it lies under it ("raw/events"; "" for the root
/// itself), else `absolute` unchanged. For storing paths in the catalog so that a
/// lake folder can be moved.
std::string RelativeToLake(std::string_view root, std::string_view absolute);

/// True when `path` equals `prefix` or lies under it (whole segments: /a/bc is not
/// under /a/b). Both absolute and normal.
bool PathIsUnder(std::string_view path, std::string_view prefix);

}  // namespace sluice::lake
