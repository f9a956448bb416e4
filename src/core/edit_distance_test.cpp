#include "kamscore/edit_distance.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("core") {
TEST_CASE("edit distance counts insertions, deletions and substitutions") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("revenue", "revenu") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest name suggests a plausible typo and nothing far away") {
    std::vector<std::string> names{"revenue", "wallet", "margin"};
    CHECK(closest_name("revenu", names) == "revenue");
    CHECK(closest_name("Wallet", names) == "wallet");
    CHECK(closest_name("xyz", names).empty());
    CHECK(did_you_mean("margn", names) == " (did you mean 'margin'?)");
}
}
