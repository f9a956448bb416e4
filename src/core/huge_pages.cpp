#include "kamscore/huge_pages.hpp"

#include <sys/mman.h>

namespace kamscore {

HugePageSpan huge_pages_inside(std::uintptr_t address, std::size_t bytes) {
    constexpr std::uintptr_t mask = ~(std::uintptr_t{huge_page_bytes} - 1);
    // Rounding the start up cannot wrap for a real block: the top 2 MiB of the address space
    // belong to the kernel.
    const std::uintptr_t begin = (address + huge_page_bytes - 1) & mask;
    const std::uintptr_t end = (address + bytes) & mask;
    if (end <= begin) return {};
    return {begin, end};
}

bool advise_huge_pages(void* block, std::size_t bytes) {
    const HugePageSpan span = huge_pages_inside(reinterpret_cast<std::uintptr_t>(block), bytes);
    if (span.begin == span.end) return false;
    return madvise(reinterpret_cast<void*>(span.begin), span.end - span.begin, MADV_HUGEPAGE) == 0;
}

}  // namespace kamscore
