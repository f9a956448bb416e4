#pragma once

#include <cstddef>
#include <cstdint>

namespace kamscore {

/// The size of a transparent huge page on x86-64 and most arm64 kernels.
inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

/// Whole huge pages inside a block: [begin, end), empty (begin == end) when none fits.
struct HugePageSpan {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
};

/// The huge pages that lie wholly inside the `bytes` bytes at `address`. Only those can be
/// backed by one: a page that reaches past the block would give the block's neighbour memory
/// it never asked for.
HugePageSpan huge_pages_inside(std::uintptr_t address, std::size_t bytes);

/// Asks the kernel to back the huge pages inside a block with transparent huge pages, so that
/// filling it costs one page fault per 2 MiB instead of 512. Meant for a block nothing has
/// touched yet (pages already there stay small). Only a hint: where transparent huge pages are
/// off, or the kernel has none free, the block simply gets small pages. Returns whether the
/// kernel took the hint (false also when no huge page fits).
bool advise_huge_pages(void* block, std::size_t bytes);

}  // namespace kamscore
