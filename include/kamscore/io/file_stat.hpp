#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kamscore {

/// What the file system says about a regular file.
struct FileStat {
    std::uint64_t bytes = 0;
    std::int64_t modified = 0;   ///< seconds since 1970 (UTC)
};

/// The size and modification time of `path`; nullopt for "-", a pipe or a path that cannot be
/// looked at (the caller has read it already, or reports its own error).
std::optional<FileStat> stat_file(const std::string& path);

/// "2026-12-03T06:47:12Z".
std::string format_utc_time(std::int64_t seconds);

}  // namespace kamscore
