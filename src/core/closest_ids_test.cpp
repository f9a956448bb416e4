#include "kamscore/closest_ids.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("core") {
TEST_CASE("closest ids: typos within reach, nearest first") {
    const std::vector<std::string_view> ids{"C0000187", "C0000178", "D999"};
    CHECK(closest_ids_text("C0000188", ids) == "closest: 'C0000178', 'C0000187'");   // a tie: by id
    CHECK(closest_ids_text("C0000177", ids) == "closest: 'C0000178', 'C0000187'");
    CHECK(closest_ids_text("X", ids).empty());
}

TEST_CASE("closest ids: leading zeros count for nothing, either way round") {
    // Without the rule, "0000010058" is 5 edits from "10058": too far to be suggested.
    CHECK(closest_ids_text("0000010058", {"10058", "10059", "20058"}) == "closest: '10058'");
    CHECK(closest_ids_text("10058", {"0000010058", "0000010059"}) == "closest: '0000010058'");
    CHECK(closest_ids_text("0010058", {"0010085", "000010058"}) == "closest: '000010058', '0010085'");
}
}
