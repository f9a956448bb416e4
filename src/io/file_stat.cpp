#include "kamscore/io/file_stat.hpp"

#include <ctime>

#include <sys/stat.h>

#include <fmt/format.h>

namespace kamscore {

std::optional<FileStat> stat_file(const std::string& path) {
    if (path.empty() || path == "-") return std::nullopt;
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) return std::nullopt;
    return FileStat{static_cast<std::uint64_t>(status.st_size), static_cast<std::int64_t>(status.st_mtime)};
}

std::string format_utc_time(std::int64_t seconds) {
    const auto time = static_cast<std::time_t>(seconds);
    std::tm utc{};
    if (::gmtime_r(&time, &utc) == nullptr) return fmt::format("{}", seconds);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                       utc.tm_hour, utc.tm_min, utc.tm_sec);
}

}  // namespace kamscore
