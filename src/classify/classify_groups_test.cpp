// Seats per group of customers: `max: { by: region, seats: {...}, default: N }`.
#include "kamscore/classify/classify.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/score/evaluate.hpp"

using namespace kamscore;

namespace {

/// One number field `points` that is also the score, and a text field `region`.
std::string rules_with_max(std::string_view max) {
    return fmt::format(R"(kamscore: 1
input: {{ id: id }}
fields:
  points: points
  region: {{ column: region, type: text }}
metrics:
  - {{ id: points, value: points, weight: 1, scale: {{ linear: [0, 100] }} }}
tiers:
  - {{ id: key_account, when: score >= 50, max: {} }}
  - {{ id: standard }}
)",
                       max);
}

struct Scored {
    LoadedRules loaded;
    Frame frame;
    std::optional<ScoringPlan> plan;
    std::vector<TierOutcome> outcomes;

    Scored(const std::string& yaml, const std::vector<std::string>& ids, const std::vector<double>& points,
           const std::vector<std::string>& regions, const std::vector<std::int32_t>& forced = {})
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
            // "-" stands for a missing region
            if (regions[row] != "-") frame.columns[plan->field_slots[1]].texts[row] = frame.arena.store(regions[row]);
        }
        compute_row_values(*plan, frame);
        compute_scores(*plan, frame);
        outcomes = classify(*plan, frame, forced);
    }

    std::string tier(std::size_t row) const { return std::string(frame.columns[plan->tier_slot].texts[row]); }
};

}  // namespace

TEST_SUITE("classify") {
TEST_CASE("seats per group: the best by score within each group, the others fall through") {
    Scored s(rules_with_max("{ by: region, seats: { north: 2, south: 1 } }"), {"a", "b", "c", "d", "e"},
             {90, 80, 70, 95, 60}, {"north", "north", "north", "south", "south"});
    CHECK(s.tier(0) == "key_account");
    CHECK(s.tier(1) == "key_account");
    CHECK(s.tier(2) == "standard");   // north's 2 seats went to 90 and 80
    CHECK(s.tier(3) == "key_account");
    CHECK(s.tier(4) == "standard");   // south's 1 seat went to 95
    const TierOutcome& outcome = s.outcomes[0];
    CHECK(outcome.capacity == 3);
    CHECK(outcome.candidates == 5);
    CHECK(outcome.assigned == 3);
    CHECK(outcome.turned_away == std::vector<std::uint32_t>{2, 4});   // best score first
    REQUIRE(outcome.groups.size() == 2);
    CHECK(outcome.groups[0].value == "north");
    CHECK(outcome.groups[0].seats == 2);
    CHECK(outcome.groups[0].candidates == 3);
    CHECK(outcome.groups[0].turned_away == 1);
    CHECK(outcome.groups[1].value == "south");
    CHECK(outcome.groups[1].assigned == 1);
}

TEST_CASE("a group 'seats' does not list gets the default's seats, each group its own") {
    Scored s(rules_with_max("{ by: region, seats: { north: 1 }, default: 1 }"), {"a", "b", "c", "d", "e"},
             {90, 80, 70, 60, 55}, {"north", "north", "east", "east", "-"});
    CHECK(s.tier(0) == "key_account");
    CHECK(s.tier(1) == "standard");
    CHECK(s.tier(2) == "key_account");   // east: 1 seat of its own
    CHECK(s.tier(3) == "standard");
    CHECK(s.tier(4) == "key_account");   // no region: a group too, with the default's seat
    REQUIRE(s.outcomes[0].groups.size() == 3);
    CHECK(s.outcomes[0].groups[0].value == "north");   // listed first, then the others by value
    CHECK(s.outcomes[0].groups[1].is_missing);
    CHECK(s.outcomes[0].groups[2].value == "east");
    CHECK(s.outcomes[0].capacity == 3);
}

TEST_CASE("a default of 0 seats turns every candidate of an unlisted group away") {
    Scored s(rules_with_max("{ by: region, seats: { north: 5 }, default: 0 }"), {"a", "b"}, {90, 80},
             {"north", "west"});
    CHECK(s.tier(0) == "key_account");
    CHECK(s.tier(1) == "standard");
    CHECK(s.outcomes[0].turned_away == std::vector<std::uint32_t>{1});
}

TEST_CASE("a candidate of a group 'seats' does not list, without a default, stops the run") {
    const std::string yaml = rules_with_max("{ by: region, seats: { north: 5, south: 1 } }");
    // Below the tier's condition the region does not matter: no seat is needed.
    CHECK_NOTHROW(Scored(yaml, {"a", "b"}, {90, 10}, {"north", "nord"}));
    try {
        Scored(yaml, {"a", "b", "c"}, {90, 80, 70}, {"north", "nord", "-"});
        FAIL("expected an error");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        CHECK(error.message() ==
              "tier 'key_account': 'max' has seats per 'region', but not for no value (1 candidate: c), 'nord' (1 "
              "candidate: b): list them under 'seats:', or give 'default:' (the seats of each group not listed; 0 "
              "for none)");
    }
}

TEST_CASE("an override takes a seat of its customer's group") {
    // b is forced into key_account: north's 2 seats leave 1 for the rules, which goes to a.
    Scored s(rules_with_max("{ by: region, seats: { north: 2 } }"), {"a", "b", "c"}, {90, 10, 80},
             {"north", "north", "north"}, {-1, 0, -1});
    CHECK(s.tier(0) == "key_account");
    CHECK(s.tier(1) == "key_account");
    CHECK(s.tier(2) == "standard");
    CHECK(s.outcomes[0].groups[0].forced == 1);
    CHECK(s.outcomes[0].groups[0].assigned == 2);
}

TEST_CASE("capacity_group_of_rows gives each row's group, and nothing for a tier without seats per group") {
    Scored s(rules_with_max("{ by: region, seats: { north: 2 } }"), {"a", "b"}, {90, 10}, {"north", "-"});
    const auto groups = capacity_group_of_rows(*s.plan, s.frame, 0);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0] == "north");
    CHECK(groups[1].data() == nullptr);
    CHECK(capacity_group_of_rows(*s.plan, s.frame, 1).empty());
}
}
