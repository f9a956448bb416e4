#include "kamscore/io/write_in_pieces.hpp"

#include <algorithm>
#include <cerrno>

namespace kamscore {

bool write_in_pieces(std::FILE* out, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    errno = 0;
    for (std::size_t at = 0; at < size;) {
        const std::size_t piece = std::min(size - at, most_bytes_per_write);
        // ferror too: glibc's fwrite on an unbuffered stream can count a failed write as written.
        if (std::fwrite(bytes + at, 1, piece, out) != piece || std::ferror(out)) return false;
        at += piece;
    }
    return true;
}

}  // namespace kamscore
