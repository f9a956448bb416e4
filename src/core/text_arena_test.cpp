#include "kamscore/text_arena.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kamscore;

TEST_SUITE("core") {
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
}
