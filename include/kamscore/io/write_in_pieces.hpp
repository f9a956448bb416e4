#pragma once

#include <cstddef>
#include <cstdio>

namespace kamscore {

/// The most bytes kamscore hands to one write(2) of a file it makes (the result, the
/// temporary file of two passes, the rejects). A large write lets the kernel put the bytes
/// into large page-cache folios, and a large folio comes from a large free block of memory,
/// which a virtual machine's balloon driver has often handed back to the host: each of its
/// pages then faults in the host while the kernel copies. Measured on the 2-core benchmark VM
/// (Linux 6.18, ext4), 62 MB written in 1 MiB writes took 0.20 s, in 64 KiB writes 0.10 to
/// 0.21 s, in 16 KiB writes 0.021 to 0.028 s, in 8 KiB writes 0.04 s (the calls start to
/// cost). On a machine without the effect the 4,000 calls of 62 MB cost a few milliseconds.
inline constexpr std::size_t most_bytes_per_write = std::size_t{16} << 10;

/// fwrite() of `size` bytes in pieces of at most most_bytes_per_write. True when every byte
/// was written; otherwise errno says why (0 for a short write without a reason).
bool write_in_pieces(std::FILE* out, const void* data, std::size_t size);

}  // namespace kamscore
