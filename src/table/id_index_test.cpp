#include "kamscore/table/id_index.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("table") {
TEST_CASE("the id index finds the first row of a repeated id, across growth") {
    std::vector<std::string> storage;
    for (int i = 0; i < 5000; ++i) storage.push_back(std::string("C").append(std::to_string(i)));
    storage.push_back("C17");
    storage.push_back("0042");
    storage.push_back("42");
    std::vector<std::string_view> ids;
    IdIndex index;
    std::vector<std::optional<std::uint32_t>> found;
    for (const auto& id : storage) {
        found.push_back(index.find_or_add(id, static_cast<std::uint32_t>(ids.size()), ids));
        if (!found.back()) ids.push_back(id);
    }
    CHECK_FALSE(found[4999].has_value());
    REQUIRE(found[5000].has_value());
    CHECK(*found[5000] == 17);
    CHECK_FALSE(found[5001].has_value());   // "0042" and "42" are two ids
    CHECK_FALSE(found[5002].has_value());
}

TEST_CASE("the home row of a hash is a guess: its own row when it sits at home, never another id's") {
    IdIndex index;
    std::vector<std::string_view> ids;
    CHECK_FALSE(index.home_row(IdIndex::hash("C1")).has_value());   // nothing registered yet
    std::vector<std::string> storage;
    for (int i = 0; i < 3000; ++i) storage.push_back(std::string("K-").append(std::to_string(i * 7)));
    for (const auto& id : storage) {
        REQUIRE_FALSE(index.find_or_add(id, static_cast<std::uint32_t>(ids.size()), ids).has_value());
        ids.push_back(id);
    }
    std::size_t at_home = 0;
    for (std::uint32_t row = 0; row < ids.size(); ++row) {
        const auto guess = index.home_row(IdIndex::hash(ids[row]));
        if (!guess) continue;   // moved on by a collision, or another id's tag is at home
        if (*guess == row) ++at_home;
        else CHECK((IdIndex::hash(ids[*guess]) >> 32) == (IdIndex::hash(ids[row]) >> 32));   // a tag alike
    }
    CHECK(at_home > ids.size() / 2);   // at most half full: most ids sit in their home slot
    CHECK_FALSE(index.home_row(IdIndex::hash("not registered")).has_value());
}
}
