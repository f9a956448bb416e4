#include "kamscore/table/id_hash_set.hpp"

#include <string>

#include <doctest/doctest.h>

#include "kamscore/table/id_index.hpp"

using namespace kamscore;

namespace {
std::uint64_t hash_of_number(std::uint64_t i) {
    std::string id = "C";   // not "C" + to_string(i): GCC 12 warns falsely (-Wrestrict) at -O3
    id += std::to_string(i);
    return IdIndex::hash(id);
}
}  // namespace

TEST_SUITE("table") {
TEST_CASE("id hash set: a hash added again is found, first or last, reserved or not") {
    for (const bool reserved : {false, true}) {
        CAPTURE(reserved);
        IdHashSet set;
        if (reserved) set.reserve(50'000);
        for (std::uint64_t i = 0; i < 50'000; ++i) set.add(hash_of_number(i));
        CHECK(set.size() == 50'000);
        CHECK_FALSE(set.has_repeat());
        IdHashSet first = set;
        first.add(hash_of_number(0));
        CHECK(first.has_repeat());
        IdHashSet last = set;
        last.add(hash_of_number(49'999));
        CHECK(last.has_repeat());
        set.add(hash_of_number(50'000));
        CHECK_FALSE(set.has_repeat());
    }
}

TEST_CASE("id hash set: hashes alike in their top or low bits are told apart") {
    IdHashSet set;
    // One partition (same top bits), slots colliding in the low bits: probing must go on.
    for (std::uint64_t i = 1; i <= 3000; ++i) set.add((std::uint64_t{7} << 54) | (i << 20) | 5);
    CHECK_FALSE(set.has_repeat());
    set.add((std::uint64_t{7} << 54) | (std::uint64_t{1234} << 20) | 5);
    CHECK(set.has_repeat());
}

TEST_CASE("id hash set: 0 and 1 count as the same hash (the caller then checks exactly)") {
    IdHashSet set;
    set.add(0);
    set.add(2);
    CHECK_FALSE(set.has_repeat());
    set.add(1);
    CHECK(set.has_repeat());
}

TEST_CASE("id hash set: a repeat is found between the reserved block and a partition's overflow") {
    IdHashSet set;
    // Added before the reservation: moved into the block by it.
    for (std::uint64_t i = 0; i < 1000; ++i) set.add(hash_of_number(i));
    set.reserve(2560);   // 26 a partition
    // One partition (top bits 3) gets far more than its share: the rest overflow.
    for (std::uint64_t i = 1; i <= 500; ++i) set.add((std::uint64_t{3} << 56) | i);
    CHECK(set.size() == 1500);
    CHECK_FALSE(set.has_repeat());
    IdHashSet in_overflow = set;
    in_overflow.add((std::uint64_t{3} << 56) | 499);   // the first copy sits in the overflow
    CHECK(in_overflow.has_repeat());
    IdHashSet in_block = set;
    in_block.add((std::uint64_t{3} << 56) | 1);   // the first copy sits in the block
    CHECK(in_block.has_repeat());
    IdHashSet moved = set;
    moved.add(hash_of_number(999));   // added before the reservation
    CHECK(moved.has_repeat());
    // A larger reservation takes what overflowed into the block, and keeps every hash.
    set.reserve(256'000);
    CHECK(set.size() == 1500);
    CHECK_FALSE(set.has_repeat());
    set.add((std::uint64_t{3} << 56) | 250);
    CHECK(set.has_repeat());
}

TEST_CASE("id hash set: nothing added, nothing repeated") {
    CHECK_FALSE(IdHashSet().has_repeat());
    CHECK(IdHashSet().size() == 0);
}
}
