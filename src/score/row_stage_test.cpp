#include "kamscore/score/row_stage.hpp"

#include <doctest/doctest.h>

#include "kamscore/io/csv_reader.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/score/evaluate.hpp"
#include "kamscore/table/convert.hpp"

using namespace kamscore;

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

struct Planned {
    LoadedRules loaded = load_rules(rules_text, "r.yaml");
    Frame frame;
    std::optional<ScoringPlan> plan;
    Planned() {
        REQUIRE_FALSE(loaded.has_errors());
        plan = std::move(build_plan(loaded.rules, frame, {}, {}).plan);
        REQUIRE(plan);
    }
    int field(const char* name) const {
        for (std::size_t f = 0; f < loaded.rules.fields.size(); ++f)
            if (loaded.rules.fields[f].name == name) return plan->field_slots[f];
        FAIL("no field " << name);
        return -1;
    }
    int derived(std::size_t d) const { return plan->derived[d].slot; }

    /// Reads `rows` through a TableBuilder, with `stage` or without (then computes afterwards).
    void read(const RowStage* stage) {
        CsvReader reader(string_byte_source(rows), "r.csv");
        TableBuilder builder(frame, *plan);
        if (stage) builder.stage_rows(*stage);
        builder.begin_file("r.csv", bind_columns(reader.header(), loaded.rules, "r.csv"));
        CsvRecord record;
        Reject reject;
        while (reader.next(record)) REQUIRE_MESSAGE(builder.add(record, reject), reject.message);
        builder.finish_reading();
        for (std::size_t slot = 0; slot < frame.columns.size(); ++slot)
            if (!builder.is_dropped(slot)) frame.columns[slot].resize(frame.rows);
        if (!stage) compute_row_values(*plan, frame);
    }
};

}  // namespace

TEST_SUITE("score") {
TEST_CASE("the row stage holds what tiers, scales and output read, and drops the rest") {
    Planned p;
    const RowStage stage = plan_row_stage(*p.plan, p.frame, {});
    auto held = [&](int slot) { return bool(stage.held[static_cast<std::size_t>(slot)]); };
    CHECK(held(p.plan->id_slot));
    CHECK(held(p.plan->metrics[0].raw_slot));       // the scale reads it
    CHECK(held(p.plan->strategic_count_slot));      // strategic_met is always written
    CHECK(held(p.derived(1)));                      // `kind`: the first tier reads it
    CHECK_FALSE(held(p.field("revenue")));          // only derived values read these
    CHECK_FALSE(held(p.field("wallet")));
    CHECK_FALSE(held(p.field("sector")));
    CHECK_FALSE(held(p.derived(0)));                // potential: the metric's raw value holds it
    CHECK_FALSE(held(p.plan->strategic[0].slot));

    const RowStage asked = plan_row_stage(*p.plan, p.frame, {p.field("wallet")});
    CHECK(asked.held[static_cast<std::size_t>(p.field("wallet"))]);   // e.g. --where reads it
    CHECK_FALSE(stage.computed[static_cast<std::size_t>(p.plan->score_slot)]);
    const auto points = static_cast<std::size_t>(p.plan->metrics[0].points_slot);
    CHECK(stage.unread_points[points]);   // no --breakdown: nothing writes the points
    CHECK(is_dropped(stage, points));
    CHECK_FALSE(plan_row_stage(*p.plan, p.frame, {p.plan->metrics[0].points_slot}).unread_points[points]);
}

TEST_CASE("rows computed in batches while reading equal rows computed after reading") {
    Planned whole;
    whole.read(nullptr);
    Planned batched;
    RowStage stage = plan_row_stage(*batched.plan, batched.frame, {});
    stage.batch_rows = 2;   // 5 rows: two full batches and a last one of one row
    batched.read(&stage);

    REQUIRE(batched.frame.rows == 5);
    for (std::size_t slot = 0; slot < stage.held.size(); ++slot) {
        CAPTURE(batched.frame.names[slot]);
        const Column& got = batched.frame.columns[slot];
        const Column& want = whole.frame.columns[slot];
        if (is_dropped(stage, slot)) {
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
    CHECK(batched.frame.columns[batched.derived(1)].texts[0] == "machines");
    CHECK(batched.frame.columns[batched.derived(1)].texts[4] == "machines");
}
}
