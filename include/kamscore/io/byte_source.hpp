#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace kamscore {

/// Thrown by ByteSource::read() of a decoding source when the input is not valid text in its
/// encoding. Every byte before the bad one has been returned by earlier read() calls, so the
/// caller can tell the line it is on; `message` has no file name or line, e.g.
/// "invalid UTF-8 at byte offset 88231 (0xE4): the file is probably Windows-1252 ...".
struct InvalidTextError {
    std::string message;
    /// UTF-8 input only: the offset of the bad sequence's first byte, which is the same in the
    /// bytes handed out (they are the file's own), so that the caller can tell its column.
    std::optional<std::uint64_t> utf8_offset;
};

/// Where input bytes come from: a file, stdin, or a string in tests.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Reads up to `capacity` bytes into `buffer`; returns 0 at the end of input.
    /// Throws kamscore::Error(ExitCode::IoFailure) when reading fails.
    virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
    /// Total size in bytes when known (regular files), for progress and buffer sizing.
    virtual std::optional<std::uint64_t> size() const { return std::nullopt; }
};

/// Opens `path` for reading; "-" is stdin. Throws Error(IoFailure) naming the path and the
/// system's reason ("kamscore: error: cannot open 'x.csv': No such file or directory").
std::unique_ptr<ByteSource> open_byte_source(const std::string& path);

/// A source over bytes held in memory (tests, rule-file `tests:` rows).
std::unique_ptr<ByteSource> string_byte_source(std::string bytes);

/// The next `max_bytes` bytes of `source`, or fewer at its end (a read may return less than
/// asked before the end: this reads until either).
std::string read_up_to(ByteSource& source, std::size_t max_bytes);

}  // namespace kamscore
