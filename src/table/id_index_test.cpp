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
}
