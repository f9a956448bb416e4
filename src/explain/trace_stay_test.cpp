#include "kamscore/explain/explanation.hpp"

#include <doctest/doctest.h>

#include "test_run.hpp"

using namespace kamscore;
using kamscore::test::TestRun;

namespace {

// x scales 0..200 to 0..100, so a's score is 5 and c's 15.
const char* rules = "kamscore: 1\ninput: { id: id }\nparams: { big: 1000 }\nfields:\n  x: x\n  y: y\n"
                    "  kind: { column: kind, type: text }\n  agreed: { column: agreed, type: bool }\n"
                    "metrics:\n  - { id: x, value: x, weight: 1, scale: { linear: [0, 200] } }\n"
                    "tiers:\n  - { id: top, when: score >= 50 }\n  - { id: rest }\n";

const char* rows = "id,x,y,kind,agreed\na,10,40,low,yes\nc,30,60,medium,no\n";

const std::string when = "score >= 50 and y <= 45 and agreed and kind == \"high\"";

StayTrace stay_of(TestRun& run, std::string_view id, const std::string& stay) {
    std::uint32_t row = run.row(id);
    return trace_stay(trace_condition(when, *run.plan, run.frame, row, {}), stay, *run.plan, run.frame, row, {});
}

}  // namespace

TEST_SUITE("explain") {
TEST_CASE("stay's trace gives each failing number comparison of when with both sides and its gap") {
    TestRun run(rules, rows);
    StayTrace a = stay_of(run, "a", "score >= big - 996 and agreed");
    CHECK(a.when_fails);
    REQUIRE(a.gaps.size() == 1);   // y <= 45 and agreed hold for a
    CHECK(a.gaps[0].left == "score");
    CHECK(a.gaps[0].op == ">=");
    CHECK(a.gaps[0].right == "50");
    CHECK(a.gaps[0].right_is_literal);
    CHECK(a.gaps[0].left_value == doctest::Approx(5));
    CHECK(a.gaps[0].gap == doctest::Approx(45));
    // A text comparison has no gap: it is named instead.
    CHECK(a.other_failures == std::vector<std::string>{"kind == \"high\""});
    CHECK(a.stay.holds == bool_true);
    // The param expression is worked out; a term without one stays as written.
    CHECK(a.stay_bound == "score >= 4 and agreed");
}

TEST_CASE("an upper bound that fails is over by the gap, and a failing bool is named") {
    TestRun run(rules, rows);
    StayTrace c = stay_of(run, "c", "y <= big / 10");
    REQUIRE(c.gaps.size() == 2);
    CHECK(c.gaps[1].text == "y <= 45");
    CHECK(c.gaps[1].gap == doctest::Approx(15));   // 60 is 15 over 45
    CHECK(c.other_failures == std::vector<std::string>{"agreed", "kind == \"high\""});
    CHECK(c.stay.holds == bool_true);
    CHECK(c.stay_bound == "y <= 100");
}
}
