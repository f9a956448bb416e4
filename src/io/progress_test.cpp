#include "kamscore/io/progress.hpp"

#include <doctest/doctest.h>

using namespace kamscore;

TEST_SUITE("io") {
TEST_CASE("a progress line waits a second, then shows at most every quarter second") {
    ProgressMeter meter(2000000000);
    CHECK_FALSE(meter.update(0.5, 10, 100));
    CHECK_FALSE(meter.has_shown());
    CHECK(meter.update(1.0, 1234567, 500000000) == "kamscore: reading: 1,234,567 rows, 500.0 MB, 500.0 MB/s, 25 %");
    CHECK(meter.has_shown());
    CHECK_FALSE(meter.update(1.2, 1, 1));
    CHECK(meter.update(1.25, 999, 2000000000) == "kamscore: reading: 999 rows, 2000.0 MB, 1600.0 MB/s, 100 %");
}

TEST_CASE("without a known size the progress line has no percentage") {
    CHECK(progress_text(1000, 3000000, 2.0, std::nullopt) == "kamscore: reading: 1,000 rows, 3.0 MB, 1.5 MB/s");
    CHECK(progress_text(0, 0, 0, std::nullopt) == "kamscore: reading: 0 rows, 0.0 MB, 0.0 MB/s");
}
}
