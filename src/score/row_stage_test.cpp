#include "kamscore/score/row_stage.hpp"

#include <doctest/doctest.h>

#include "test_run.hpp"

using namespace kamscore;
using kamscore::test::TestRun;

namespace {

const char* rules_text = R"(kamscore: 1
input: { id: id }
fields:
  revenue: revenue
  wallet: wallet
  sector: { column: sector, type: text }
  agreed: { column: agreed, type: bool }
derived:
  potential: max(wallet - revenue, 0)
  kind: if(revenue > 100, lower(sector), "small")
strategic:
  - { id: agreed, when: agreed }
metrics:
  - { id: potential, value: potential, weight: 1, scale: { linear: [0, 1000] } }
tiers:
  - { id: top, when: kind == "machines" and score > 10 }
  - { id: rest }
)";

const char* rows = "id,revenue,wallet,sector,agreed\n"
                   "a,500,900,Machines,yes\n"
                   "b,50,70,Retail,no\n"
                   "c,,10,,\n"
                   "d,200,2000,Chemicals,yes\n"
                   "e,300,100,MACHINES,no\n";

int field_slot(const TestRun& run, const char* name) {
    for (std::size_t f = 0; f < run.loaded.rules.fields.size(); ++f)
        if (run.loaded.rules.fields[f].name == name) return run.plan->field_slots[f];
    FAIL("no field " << name);
    return -1;
}

}  // namespace

TEST_SUITE("score") {
TEST_CASE("the row stage holds what tiers, scales and output read, and drops the rest") {
    const TestRun run(rules_text, rows);
    const ScoringPlan& plan = *run.plan;
    const RowStage stage = plan_row_stage(plan, run.frame, {});
    auto held = [&](int slot) { return bool(stage.held[static_cast<std::size_t>(slot)]); };
    CHECK(held(plan.id_slot));
    CHECK(held(plan.metrics[0].raw_slot));       // the scale reads it
    CHECK(held(plan.strategic_count_slot));      // strategic_met is always written
    CHECK(held(plan.derived[1].slot));           // `kind`: the first tier reads it
    CHECK_FALSE(held(field_slot(run, "revenue")));   // only derived values read these
    CHECK_FALSE(held(field_slot(run, "wallet")));
    CHECK_FALSE(held(field_slot(run, "sector")));
    // potential: the metric's value is that one name, so its raw values are potential's column.
    CHECK(plan.metrics[0].raw_is_named_column);
    CHECK(plan.metrics[0].raw_slot == plan.derived[0].slot);
    CHECK_FALSE(held(plan.strategic[0].slot));

    const RowStage asked = plan_row_stage(plan, run.frame, {field_slot(run, "wallet")});
    CHECK(asked.held[static_cast<std::size_t>(field_slot(run, "wallet"))]);   // e.g. --where reads it
    CHECK_FALSE(stage.computed[static_cast<std::size_t>(plan.score_slot)]);
    const auto points = static_cast<std::size_t>(plan.metrics[0].points_slot);
    CHECK(stage.unread_points[points]);   // no --breakdown: nothing writes the points
    CHECK(is_dropped(stage, points));
    CHECK_FALSE(plan_row_stage(plan, run.frame, {plan.metrics[0].points_slot}).unread_points[points]);
}

TEST_CASE("rows computed in batches while reading equal rows computed after reading") {
    const TestRun whole(rules_text, rows);
    const TestRun batched(rules_text, rows, {}, 2);   // 5 rows: two full batches and a last one of one row
    REQUIRE(batched.stage);
    REQUIRE(batched.frame.rows == 5);
    for (std::size_t slot = 0; slot < whole.frame.columns.size(); ++slot) {
        CAPTURE(batched.frame.names[slot]);
        const Column& got = batched.frame.columns[slot];
        const Column& want = whole.frame.columns[slot];
        // Left empty: dropped, the previous tier of a run without --previous, and raw values
        // freed once scaled (compute_scores with the stage).
        if (is_dropped(*batched.stage, slot) || batched.stage->released_after_scaling[slot] ||
            static_cast<int>(slot) == batched.plan->previous_tier_slot) {
            CHECK(got.size() == 0);
            continue;
        }
        REQUIRE(got.size() == 5);
        for (std::size_t row = 0; row < 5; ++row) {
            CHECK(got.is_missing_at(row) == want.is_missing_at(row));
            if (got.is_missing_at(row)) continue;
            if (got.type == Type::Text) CHECK(got.texts[row] == want.texts[row]);
            else if (got.type == Type::Bool) CHECK(got.bools[row] == want.bools[row]);
            else CHECK(got.numbers[row] == want.numbers[row]);
        }
    }
    // Texts computed in a batch outlive it: "machines" was lowered in the first batch.
    CHECK(batched.frame.columns[batched.plan->derived[1].slot].texts[0] == "machines");
    CHECK(batched.frame.columns[batched.plan->derived[1].slot].texts[4] == "machines");
    CHECK(batched.tier("a") == "top");
    CHECK(batched.tier("e") == "rest");   // potential 0: score 0
    // Nothing reads the raw values after scaling here: freed, while the whole-frame run keeps them.
    const auto raw = static_cast<std::size_t>(batched.plan->metrics[0].raw_slot);
    CHECK(batched.stage->released_after_scaling[raw]);
    CHECK(whole.frame.columns[raw].size() == 5);
}

TEST_CASE("a metric whose value is one name reads that column; two such metrics keep it until both are scaled") {
    const char* named = R"(kamscore: 1
input: { id: id }
fields:
  revenue: revenue
  wallet: wallet
metrics:
  - { id: rank, value: revenue, weight: 1, scale: percentile }
  - { id: size, value: revenue, weight: 1, scale: { linear: [0, 1000] } }
  - { id: wallet, value: " wallet ", weight: 1, scale: { linear: [0, 2000] } }
tiers:
  - { id: rest }
)";
    // The same rules with values computed into columns of their own: the answers must agree.
    const char* computed = R"(kamscore: 1
input: { id: id }
fields:
  revenue: revenue
  wallet: wallet
metrics:
  - { id: rank, value: revenue * 1, weight: 1, scale: percentile }
  - { id: size, value: revenue + 0, weight: 1, scale: { linear: [0, 1000] } }
  - { id: wallet, value: wallet * 1, weight: 1, scale: { linear: [0, 2000] } }
tiers:
  - { id: rest }
)";
    const TestRun by_name(named, rows, {}, 2);
    const TestRun by_value(computed, rows, {}, 2);
    REQUIRE(by_name.stage);
    const ScoringPlan& plan = *by_name.plan;
    const int revenue = field_slot(by_name, "revenue");
    CHECK(plan.metrics[0].raw_slot == revenue);
    CHECK(plan.metrics[1].raw_slot == revenue);
    CHECK(plan.metrics[2].raw_slot == field_slot(by_name, "wallet"));   // spaces around the name
    for (const auto& metric : by_value.plan->metrics) CHECK_FALSE(metric.raw_is_named_column);
    // Scaled twice: not freed after the first scale. Wallet, scaled once and read by nothing else, is.
    CHECK_FALSE(by_name.stage->released_after_scaling[static_cast<std::size_t>(revenue)]);
    CHECK(by_name.stage->released_after_scaling[static_cast<std::size_t>(plan.metrics[2].raw_slot)]);
    auto score = [](const TestRun& run, const char* id) {
        return run.frame.columns[static_cast<std::size_t>(run.plan->score_slot)].numbers[run.row(id)];
    };
    for (const char* id : {"a", "b", "c", "d", "e"}) {
        CAPTURE(id);
        CHECK(score(by_name, id) == score(by_value, id));
    }
    // a: the highest revenue (percentile 100), 500 of 1000, wallet 900 of 2000.
    CHECK(score(by_name, "a") == doctest::Approx((100.0 + 50.0 + 45.0) / 3).epsilon(0.0001));
}
}
