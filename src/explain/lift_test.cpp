#include "kamscore/explain/explanation.hpp"

#include <doctest/doctest.h>

#include "test_run.hpp"

using namespace kamscore;
using kamscore::test::TestRun;

namespace {

std::string rules_with(std::string_view metrics, std::string_view tiers) {
    return "kamscore: 1\ninput: { id: id }\nparams: { big: 1000 }\nfields:\n  x: x\n  y: y\n"
           "  kind: { column: kind, type: text }\n  agreed: { column: agreed, type: bool }\n"
           "metrics:\n" + std::string(metrics) + "tiers:\n" + std::string(tiers);
}

const char* rows = "id,x,y,kind,agreed\na,10,40,low,yes\nb,20,50,high,yes\nc,30,60,medium,no\nd,40,70,low,yes\n";

Lift lift_of(TestRun& run, std::string_view id, ExplainContext context = {}) {
    context.outcomes = &run.outcomes;
    std::uint32_t row = run.row(id);
    std::vector<std::uint16_t> tiers = tier_indices(*run.plan, run.frame);
    return find_lift(*run.plan, run.frame, row, tiers[row], context);
}

}  // namespace

TEST_SUITE("explain") {
TEST_CASE("a linear scale is inverted exactly: the value whose points reach the condition") {
    TestRun run(rules_with("  - { id: x, value: x, weight: 1, scale: { linear: [0, 200] } }\n",
                           "  - { id: top, when: score >= 25 }\n  - { id: rest }\n"),
                rows);
    Lift lift = lift_of(run, "a");
    CHECK(lift.target == "top");
    REQUIRE(lift.changes.size() == 1);
    CHECK(lift.changes[0].bound == MetricChange::Bound::AtLeast);
    // 49.99 scales to 24.995, which is kept (and shown) as 25.00: scores are decided on two
    // decimals, so the lowest value that lands is below 50.
    CHECK(lift.changes[0].to.number == 49.99);
    CHECK(lift.changes[0].scaled_to == 25);
    CHECK(lift.changes[0].tier == "top");
}

TEST_CASE("lower is better: a linear scale from high to low asks for at most a value") {
    TestRun run(rules_with("  - { id: x, value: x, weight: 1, scale: { linear: [100, 0] } }\n",
                           "  - { id: top, when: score >= 75 }\n  - { id: rest }\n"),
                rows);
    Lift lift = lift_of(run, "d");   // 40 scores 60
    REQUIRE(lift.changes.size() == 1);
    CHECK(lift.changes[0].bound == MetricChange::Bound::AtMost);
    CHECK(lift.changes[0].to.number == 25);
}

TEST_CASE("a percentile asks to pass another customer's value") {
    TestRun run(rules_with("  - { id: x, value: x, weight: 1, scale: percentile }\n",
                           "  - { id: top, when: score >= 100 }\n  - { id: rest }\n"),
                rows);
    Lift lift = lift_of(run, "b");
    REQUIRE(lift.changes.size() == 1);
    CHECK(lift.changes[0].bound == MetricChange::Bound::Above);
    CHECK(lift.changes[0].to.number == 40);   // more than d's 40
    CHECK(lift.changes[0].scaled_to == 100);
}

TEST_CASE("bands ask for the next band's lower bound, a map for the key with enough points") {
    TestRun bands(rules_with("  - { id: y, value: y, weight: 1, scale: { bands: [[45, 0], [65, 50], [null, 100]] } }\n",
                             "  - { id: top, when: score >= 50 }\n  - { id: rest }\n"),
                  rows);
    Lift lift = lift_of(bands, "a");
    REQUIRE(lift.changes.size() == 1);
    CHECK(lift.changes[0].bound == MetricChange::Bound::AtLeast);
    CHECK(lift.changes[0].to.number == 45);

    TestRun map(rules_with("  - { id: kind, value: kind, weight: 1, scale: { map: { low: 0, medium: 60, high: 100 } } }\n",
                           "  - { id: top, when: score >= 50 }\n  - { id: rest }\n"),
                rows);
    Lift by_key = lift_of(map, "a");
    REQUIRE(by_key.changes.size() == 1);
    CHECK(by_key.changes[0].bound == MetricChange::Bound::Exactly);
    CHECK(by_key.changes[0].to.text == "medium");   // enough, and fewer points than high
}

TEST_CASE("a condition that reads the value itself is met at its threshold, beyond full points") {
    TestRun run(rules_with("  - { id: x, value: x, weight: 1, scale: { linear: [0, 100] } }\n",
                           "  - { id: big, when: x >= big }\n  - { id: rest }\n"),
                rows);
    Lift lift = lift_of(run, "a");
    REQUIRE(lift.changes.size() == 1);
    CHECK(lift.changes[0].to.number == 1000);
}

TEST_CASE("a full capacity must be won from the weakest customer it took") {
    TestRun run(rules_with("  - { id: x, value: x, weight: 1, scale: { linear: [0, 100] } }\n",
                           "  - { id: top, when: score >= 10, max: 2 }\n  - { id: rest }\n"),
                rows);
    CHECK(run.tier("b") == "rest");   // c (30) and d (40) took the seats
    Lift lift = lift_of(run, "b");
    REQUIRE(lift.changes.size() == 1);
    CHECK(lift.changes[0].to.number == 30);   // equal to c's score wins the tie: "b" < "c"
    Lift last = lift_of(run, "a");
    REQUIRE(last.changes.size() == 1);
    CHECK(last.changes[0].to.number == 30);
}

TEST_CASE("when no metric can do it alone, the parts that fail even at full points are named") {
    TestRun run(rules_with("  - { id: x, value: x, weight: 1, scale: { linear: [0, 100] } }\n",
                           "  - { id: top, when: score >= 10 and agreed }\n  - { id: rest }\n"),
                rows);
    Lift lift = lift_of(run, "c");
    CHECK(lift.changes.empty());
    CHECK(lift.blockers == std::vector<std::string>{"agreed"});
    CHECK(lift_of(run, "d").target.empty());   // already in the best tier
}

TEST_CASE("a condition is taken apart at its top-level and, with the values each part read") {
    TestRun run(rules_with("  - { id: x, value: x, weight: 1, scale: { linear: [0, 100] } }\n",
                           "  - { id: top, when: score >= 35 and (agreed or y > 100) and x < big }\n  - { id: rest }\n"),
                rows);
    ConditionTrace trace = trace_condition(run.loaded.rules.tiers[0].when->text, *run.plan, run.frame, run.row("c"), {});
    CHECK(trace.holds == bool_false);
    CHECK(trace.joined_by == "and");
    REQUIRE(trace.terms.size() == 3);
    CHECK(trace.terms[0].text == "score >= 35");
    CHECK(trace.terms[0].holds == bool_false);
    CHECK(trace.terms[1].text == "(agreed or y > 100)");
    CHECK(trace.terms[1].holds == bool_false);
    REQUIRE(trace.terms[2].values.size() == 2);
    CHECK(trace.terms[2].values[0].first == "x");     // in the order written
    CHECK(trace.terms[2].values[1].first == "big");
    CHECK(trace.terms[2].values[1].second.number == 1000);
}
}
