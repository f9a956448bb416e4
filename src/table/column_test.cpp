#include "kamscore/table/column.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("table") {
TEST_CASE("an empty frame like another has its columns and no rows") {
    Frame frame;
    frame.add_column("id", Type::Text);
    frame.add_column("n", Type::Number);
    frame.columns[0].texts.push_back(frame.arena.store("A"));
    frame.columns[1].numbers.push_back(1);
    frame.rows = 1;

    const Frame later = frame.empty_like();
    CHECK(later.names == frame.names);
    CHECK(later.columns[1].type == Type::Number);
    CHECK(later.rows == 0);
    CHECK(later.columns[0].size() == 0);
    CHECK(later.arena.bytes() == 0);
}
}
