#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "kamscore/io/byte_source.hpp"

namespace kamscore {

/// Reads `prefix` first, then bytes [begin, end) of the regular file at `path` (with pread,
/// so several ranges of one file can be read at once). Lets a second thread read the second
/// half of a file as if it were a file of its own with the same header line.
/// Throws Error(IoFailure) when the file cannot be opened or read.
std::unique_ptr<ByteSource> file_range_source(const std::string& path, std::uint64_t begin,
                                              std::uint64_t end, std::string prefix = {});

/// Physical line breaks as the CSV reader counts them: LF, CRLF and a lone CR each end one line.
std::uint64_t count_line_breaks(const char* bytes, std::size_t size);
/// The same over everything `source` yields (read through a buffer of 1 MiB).
std::uint64_t count_line_breaks(ByteSource& source);

}  // namespace kamscore
