#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace kamscore {

/// Owns the bytes of text values. Views returned by store() stay valid for the arena's
/// lifetime: storage grows in chunks and is never moved.
class TextArena {
public:
    /// Copies `text` into the arena. An empty input gives a non-null empty view, so that
    /// "" stays distinct from a missing text (a default-constructed string_view).
    std::string_view store(std::string_view text);

    /// Forgets every text (earlier views dangle) but keeps one chunk for reuse: a batch's
    /// arena is cleared after every few thousand rows, and a fresh 1 MiB allocation each
    /// time would cost page faults.
    void clear();

    /// Total bytes held (for memory accounting).
    std::size_t bytes() const { return bytes_; }

private:
    static constexpr std::size_t chunk_size = 1 << 20;
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::size_t used_in_last_ = chunk_size;
    std::size_t bytes_ = 0;
    bool last_is_ordinary_ = false;   ///< chunks_.back() has chunk_size bytes
};

}  // namespace kamscore
