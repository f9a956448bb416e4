#include "kamscore/classify/classify.hpp"

#include <doctest/doctest.h>

#include "kamscore/rules/load_rules.hpp"
#include "kamscore/score/evaluate.hpp"

using namespace kamscore;

namespace {

/// Rules with one number field `points` that is also the score (one linear metric 0..100).
const char* capped_rules = R"(kamscore: 1
input: { id: id }
fields:
  points: points
  agreed: { column: agreed, type: bool }
metrics:
  - { id: points, value: points, weight: 1, scale: { linear: [0, 100] } }
tiers:
  - { id: key_account, when: score >= 50 and agreed, max: 2 }
  - { id: large_customer, when: score >= 50 }
  - { id: standard }
)";

struct Scored {
    LoadedRules loaded;
    Frame frame;
    std::optional<ScoringPlan> plan;
    std::vector<TierOutcome> outcomes;

    Scored(const char* yaml, const std::vector<std::string>& ids, const std::vector<double>& points,
           const std::vector<Bool3>& agreed)
        : loaded(load_rules(yaml, "test.yaml")) {
        REQUIRE_FALSE(loaded.has_errors());
        PlanResult built = build_plan(loaded.rules, frame, {}, {});
        REQUIRE(built.diagnostics.empty());
        plan = std::move(built.plan);
        frame.rows = ids.size();
        for (auto& column : frame.columns) column.resize(frame.rows);
        for (std::size_t row = 0; row < ids.size(); ++row) {
            frame.columns[plan->id_slot].texts[row] = frame.arena.store(ids[row]);
            frame.columns[plan->field_slots[0]].numbers[row] = points[row];
            frame.columns[plan->field_slots[1]].bools[row] = agreed[row];
        }
        compute_row_values(*plan, frame);
        compute_scores(*plan, frame);
        outcomes = classify(*plan, frame);
    }

    std::string tier(std::size_t row) const { return std::string(frame.columns[plan->tier_slot].texts[row]); }
};

}  // namespace

TEST_SUITE("classify") {
TEST_CASE("the first tier whose condition holds wins and the last takes the rest") {
    Scored s(capped_rules, {"a", "b", "c"}, {80, 80, 10}, {bool_true, bool_false, bool_true});
    CHECK(s.tier(0) == "key_account");
    CHECK(s.tier(1) == "large_customer");
    CHECK(s.tier(2) == "standard");
}

TEST_CASE("a capped tier takes the best scores, ties by id, and the rest fall through") {
    Scored s(capped_rules, {"d", "c", "b", "a"}, {60, 90, 60, 60}, {bool_true, bool_true, bool_true, bool_true});
    CHECK(s.tier(1) == "key_account");   // 90: best score
    CHECK(s.tier(3) == "key_account");   // 60, id "a" wins the tie
    CHECK(s.tier(2) == "large_customer");
    CHECK(s.tier(0) == "large_customer");
    CHECK(s.outcomes[0].candidates == 4);
    CHECK(s.outcomes[0].assigned == 2);
    CHECK(s.outcomes[0].turned_away == std::vector<std::uint32_t>{2, 0});
}

TEST_CASE("a missing condition does not hold") {
    Scored s(capped_rules, {"a"}, {99}, {bool_missing});
    CHECK(s.tier(0) == "large_customer");
}

TEST_CASE("missing skip re-weights the remaining metrics and missing zero counts zero points") {
    const char* yaml = R"(kamscore: 1
input: { id: id }
fields:
  a: a
  b: b
metrics:
  - { id: a, value: a, weight: 3, scale: { linear: [0, 100] } }
  - { id: b, value: b, weight: 1, scale: { linear: [0, 100] }, missing: skip }
tiers:
  - { id: only }
)";
    LoadedRules loaded = load_rules(yaml, "t.yaml");
    REQUIRE_FALSE(loaded.has_errors());
    Frame frame;
    PlanResult built = build_plan(loaded.rules, frame, {}, {});
    REQUIRE(built.plan);
    ScoringPlan& plan = *built.plan;
    frame.rows = 3;
    for (auto& column : frame.columns) column.resize(3);
    for (std::size_t row = 0; row < 3; ++row) frame.columns[plan.id_slot].texts[row] = frame.arena.store("x");
    frame.columns[plan.field_slots[0]].numbers = {40, missing_number, missing_number};
    frame.columns[plan.field_slots[1]].numbers = {80, 80, missing_number};
    compute_row_values(plan, frame);
    compute_scores(plan, frame);
    const auto& score = frame.columns[plan.score_slot].numbers;
    CHECK(score[0] == doctest::Approx((3 * 40 + 80) / 4.0));
    CHECK(score[1] == doctest::Approx(80 / 4.0));   // a counts 0 with weight 3
    CHECK(score[2] == doctest::Approx(0.0));        // b skipped, a zero
    const auto& points_b = frame.columns[plan.metrics[1].points_slot].numbers;
    CHECK(points_b[0] == doctest::Approx(20.0));
    CHECK(is_missing(points_b[2]));
}
}
