#include "kamscore/classify/segments.hpp"

#include <doctest/doctest.h>

#include "test_run.hpp"

using namespace kamscore;
using kamscore::test::TestRun;

namespace {

std::string rules_with(std::string_view segments) {
    return "kamscore: 1\ninput: { id: id }\nfields:\n  revenue: revenue\n  potential: potential\n"
           "metrics:\n  - { id: revenue, value: revenue, weight: 1, scale: percentile }\n"
           "tiers:\n  - { id: all }\nsegments:\n" + std::string(segments);
}

}  // namespace

TEST_SUITE("classify") {
TEST_CASE("pareto: A holds the largest customers up to and including the one that crosses 80 %") {
    // Total 100: a (50) starts at 0 %, b (30) at 50 %, c (10) at 80 %, d (6) at 90 %, e (4) at 96 %.
    TestRun run(rules_with("  abc: { pareto: revenue }\n"),
                "id,revenue,potential\nc,10,0\na,50,0\nd,6,0\nb,30,0\ne,4,0\nf,,0\n");
    CHECK(run.segment(0, "a") == "A");
    CHECK(run.segment(0, "b") == "A");
    CHECK(run.segment(0, "c") == "B");
    CHECK(run.segment(0, "d") == "B");
    CHECK(run.segment(0, "e") == "C");
    CHECK(run.segment(0, "f").empty());   // no value, no class
    const SegmentOutcome& outcome = run.segments[0];
    CHECK(outcome.counts == std::vector<std::size_t>{2, 2, 1});
    CHECK(outcome.missing == 1);
    CHECK(outcome.total == 100);
    CHECK(outcome.smallest_in_class == std::vector<double>{30, 6, 4});
}

TEST_CASE("pareto: ties go by id, negative values add nothing, all zero is the last class") {
    TestRun ties(rules_with("  abc: { pareto: revenue, classes: { A: 50, B: 100 } }\n"),
                 "id,revenue,potential\ny,10,0\nx,10,0\nz,-5,0\n");
    CHECK(ties.segment(0, "x") == "A");
    CHECK(ties.segment(0, "y") == "B");
    CHECK(ties.segment(0, "z") == "B");
    CHECK(ties.segments[0].total == 20);
    TestRun zero(rules_with("  abc: { pareto: revenue }\n"), "id,revenue,potential\na,0,0\nb,0,0\n");
    CHECK(zero.segment(0, "a") == "C");
}

TEST_CASE("grid: x's level first, values at the cut-off are high, a missing value has no cell") {
    TestRun run(rules_with("  grid: { x: revenue, y: potential, split: { x: median, y: 100 },\n"
                           "          cells: { high_high: Top, low_low: Gelegenheit } }\n"),
                "id,revenue,potential\na,1,200\nb,2,50\nc,3,100\nd,4,0\ne,,5\n");
    CHECK(run.segments[0].x_cut == 2.5);   // PERCENTILE_CONT(0.5) of 1, 2, 3, 4
    CHECK(run.segments[0].y_cut == 100);
    CHECK(run.segment(0, "a") == "low_high");
    CHECK(run.segment(0, "b") == "Gelegenheit");
    CHECK(run.segment(0, "c") == "Top");
    CHECK(run.segment(0, "d") == "high_low");
    CHECK(run.segment(0, "e").empty());
}

TEST_CASE("percentile_cont interpolates between neighbours and ignores missing values") {
    CHECK(percentile_cont({4, 1, 3, 2}, 50) == 2.5);
    CHECK(percentile_cont({10, 20, 30, 40, 50}, 75) == 40);
    CHECK(percentile_cont({10, 20}, 25) == 12.5);
    CHECK(percentile_cont({missing_number, 7}, 90) == 7);
    CHECK(is_missing(percentile_cont({}, 50)));
}

TEST_CASE("cases: the first that holds wins, earlier segments may be used, no default leaves it missing") {
    TestRun run(rules_with("  abc: { pareto: revenue, classes: { A: 60, B: 100 } }\n"
                           "  size:\n    cases:\n"
                           "      - { when: segment.abc == \"A\" and potential > 10, label: Star }\n"
                           "      - { when: potential > 10, label: Hope }\n"),
                "id,revenue,potential\na,90,50\nb,5,50\nc,5,1\n");
    CHECK(run.segment(1, "a") == "Star");
    CHECK(run.segment(1, "b") == "Hope");
    CHECK(run.segment(1, "c").empty());
    CHECK(run.segments[1].counts == std::vector<std::size_t>{1, 1});
    CHECK(run.segments[1].missing == 1);
}
}
