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
TEST_CASE("id hash set: a hash seen again is reported, through growth from an empty table") {
    IdHashSet set;
    for (std::uint64_t i = 0; i < 5000; ++i) CHECK(set.insert(hash_of_number(i)));
    CHECK(set.size() == 5000);
    CHECK_FALSE(set.insert(IdIndex::hash("C0")));
    CHECK_FALSE(set.insert(IdIndex::hash("C4999")));
    CHECK(set.insert(IdIndex::hash("C5000")));
}

TEST_CASE("id hash set: 0 and 1 share a slot, so 1 after 0 counts as seen (the caller then checks exactly)") {
    IdHashSet set;
    set.reserve(10);
    CHECK(set.insert(0));
    CHECK_FALSE(set.insert(1));
    CHECK(set.insert(2));
}
}
