#include "kamscore/huge_pages.hpp"

#include <doctest/doctest.h>
#include <sys/mman.h>

#include <cstdio>
#include <fstream>
#include <string>

using namespace kamscore;

namespace {

constexpr std::uintptr_t mib = std::uintptr_t{1} << 20;

/// The VmFlags of the mapping that holds `address`, from /proc/self/smaps ("" if none).
std::string mapping_flags(std::uintptr_t address) {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        unsigned long long from = 0, to = 0;
        if (std::sscanf(line.c_str(), "%llx-%llx ", &from, &to) == 2 && line.find(':') > line.find(' ')) {
            inside = from <= address && address < to;
        } else if (inside && line.rfind("VmFlags:", 0) == 0) {
            return line + ' ';
        }
    }
    return "";
}

}  // namespace

TEST_SUITE("core") {
TEST_CASE("only huge pages wholly inside a block are named") {
    // Aligned both ends: all of it.
    HugePageSpan span = huge_pages_inside(8 * mib, 6 * mib);
    CHECK(span.begin == 8 * mib);
    CHECK(span.end == 14 * mib);
    // Unaligned: the start rounds up, the end down.
    span = huge_pages_inside(8 * mib + 16, 6 * mib);
    CHECK(span.begin == 10 * mib);
    CHECK(span.end == 14 * mib);
    // 4 MiB that straddle a boundary hold one huge page...
    span = huge_pages_inside(9 * mib, 4 * mib);
    CHECK(span.begin == 10 * mib);
    CHECK(span.end == 12 * mib);
    // ...2.5 MiB that straddle one hold none, and neither does anything smaller than 2 MiB.
    span = huge_pages_inside(9 * mib, 5 * mib / 2);
    CHECK(span.begin == span.end);
    CHECK(huge_pages_inside(8 * mib, 2 * mib - 1).end == 0);
    CHECK(huge_pages_inside(8 * mib + 1, 2 * mib).end == 0);
}

TEST_CASE("the hint marks the huge pages inside a fresh block, and nothing around them") {
    const std::size_t bytes = 9 * mib;
    void* block = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(block != MAP_FAILED);
    const auto start = reinterpret_cast<std::uintptr_t>(block);
    const HugePageSpan span = huge_pages_inside(start + 16, bytes - 16);
    REQUIRE(span.end - span.begin >= 2 * mib);
    const bool taken = advise_huge_pages(reinterpret_cast<void*>(start + 16), bytes - 16);
    // A kernel without transparent huge pages refuses the hint; the block works all the same.
    if (taken) {
        CHECK(mapping_flags(span.begin).find(" hg ") != std::string::npos);
        CHECK(mapping_flags(span.end - 1).find(" hg ") != std::string::npos);
        if (span.begin > start) CHECK(mapping_flags(span.begin - 1).find(" hg ") == std::string::npos);
        if (span.end < start + bytes) CHECK(mapping_flags(span.end).find(" hg ") == std::string::npos);
    }
    auto* bytes_of = static_cast<unsigned char*>(block);
    for (std::size_t at = 0; at < bytes; at += 4096) bytes_of[at] = static_cast<unsigned char>(at >> 12);
    CHECK(bytes_of[5 * mib] == static_cast<unsigned char>((5 * mib) >> 12));
    munmap(block, bytes);
}

TEST_CASE("a block with no whole huge page inside is left alone") {
    char small[4096];
    CHECK_FALSE(advise_huge_pages(small, sizeof small));
}
}
