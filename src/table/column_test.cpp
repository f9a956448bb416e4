#include "kamscore/table/column.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("table") {
TEST_CASE("appending rows of a frame of the same layout keeps the chosen rows and their texts") {
    Frame frame;
    frame.add_column("id", Type::Text);
    frame.add_column("n", Type::Number);
    frame.columns[0].texts.push_back(frame.arena.store("A"));
    frame.columns[1].numbers.push_back(1);
    frame.rows = 1;

    Frame later = frame.empty_like();
    CHECK(later.names == frame.names);
    for (const char* id : {"B", "C", "D"}) {
        later.columns[0].texts.push_back(later.arena.store(id));
        later.columns[1].numbers.push_back(later.rows + 2.0);
        ++later.rows;
    }
    frame.append_rows(std::move(later), {true, false, true});
    REQUIRE(frame.rows == 3);
    CHECK(frame.columns[0].texts == std::vector<std::string_view>{"A", "B", "D"});
    CHECK(frame.columns[1].numbers == std::vector<double>{1, 2, 4});
    CHECK(frame.arena.bytes() == 4);
}
}

TEST_CASE("a cleared arena forgets its texts and stores new ones, big or small") {
    TextArena arena;
    arena.store("first");
    arena.store(std::string(300000, 'x'));   // a chunk of its own
    arena.clear();
    CHECK(arena.bytes() == 0);
    std::string_view small = arena.store("second");
    std::string_view big = arena.store(std::string(400000, 'y'));
    CHECK(small == "second");
    CHECK(big.size() == 400000);
    CHECK(big.back() == 'y');
    arena.clear();
    CHECK(arena.store("third") == "third");
}
