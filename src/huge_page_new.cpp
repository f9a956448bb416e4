// kamscore's operator new: malloc for small blocks; large ones start on a huge page boundary
// and come with a hint to the kernel.
//
// A run's large blocks (a column of a million rows is 8 MB; the ids' hashes, a percentile's
// keys, the tiers) are fresh memory filled once, from front to back. In 4 KiB pages that is a
// page fault per 4 KiB: on the reference job about 30,000 faults, and on the 2-core benchmark
// machine a sixth of the run's time (a virtual machine makes each fault dear). Transparent huge
// pages fill the same blocks with one fault per 2 MiB. Debian's kernels give them only to
// memory that asks (madvise mode), so every block of 2 MiB and more asks. Nothing else
// changes: main() makes glibc serve such blocks as mappings of their own, which the hint cannot
// make larger in memory than what is touched, rounded to 2 MiB.
//
// Only the plain operator new is replaced: new[] and the nothrow forms call it, and what it
// takes from malloc or posix_memalign goes back with free, as the library's delete does. The
// sanitizer builds leave this file out (CMakeLists.txt): their runtime brings its own.
#include <cstdlib>
#include <new>

#include "kamscore/huge_pages.hpp"

void* operator new(std::size_t bytes) {
    for (;;) {
        if (bytes >= kamscore::huge_page_bytes) {
            // Aligned to a huge page, the block's start is one too: unaligned, the part before
            // the first 2 MiB boundary (a megabyte on average) was filled 4 KiB at a time.
            void* block = nullptr;
            if (posix_memalign(&block, kamscore::huge_page_bytes, bytes) == 0) {
                kamscore::advise_huge_pages(block, bytes);
                return block;
            }
        } else if (void* block = std::malloc(bytes == 0 ? 1 : bytes)) {
            return block;
        }
        // What the standard asks of a replacement: the new-handler may free memory, or throw.
        const std::new_handler handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
}

void operator delete(void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }
