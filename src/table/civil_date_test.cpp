#include <doctest/doctest.h>

#include "kamscore/table/parse_value.hpp"

using namespace kamscore;

TEST_SUITE("table") {
TEST_CASE("civil dates convert to days since 1970 and back") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(format_date(days_from_civil(2024, 2, 29)) == "2024-02-29");
    CHECK(format_date(-1) == "1969-12-31");
}
}
