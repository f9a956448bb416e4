#include "kamscore/classify/stickiness.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "kamscore/classify/classify.hpp"
#include "kamscore/error.hpp"
#include "kamscore/rules/load_rules.hpp"
#include "kamscore/score/evaluate.hpp"

using namespace kamscore;

namespace {

/// One number field `points` that is also the score, and the tiers given.
std::string points_rules(std::string_view tiers) {
    return std::string(R"(kamscore: 1
input: { id: id }
fields:
  points: points
metrics:
  - { id: points, value: points, weight: 1, scale: { linear: [0, 100] } }
tiers:
)") + std::string(tiers);
}

/// key_account is sticky down to 40 points.
const std::string sticky_rules = points_rules(R"(  - { id: key_account, when: score >= 50, stay: score >= 40, max: 2 }
  - { id: large_customer, when: score >= 20 }
  - { id: standard }
)");

const std::string plain_rules = points_rules(R"(  - { id: key_account, when: score >= 50, max: 2 }
  - { id: large_customer, when: score >= 20, stay: score >= 10 }
  - { id: standard }
)");

/// Watches the customers that were "vip" (a tier these rules do not define) or are new.
const std::string watch_rules = points_rules(R"(  - { id: watched, when: previous_tier == "vip" or is_missing(previous_tier) }
  - { id: standard }
)");

struct Night {
    LoadedRules loaded;
    Frame frame;
    std::optional<ScoringPlan> plan;
    std::vector<TierOutcome> outcomes;
    PreviousMatch match;

    /// Scores `points` per id; `previous` is a result file (CSV text) or "" for none.
    Night(const std::string& yaml, const std::vector<std::string>& ids, const std::vector<double>& points,
          const std::string& previous)
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
        }
        if (!previous.empty())
            match = fill_previous_tiers(*plan, frame, read_result_file(string_byte_source(previous), "old.csv",
                                                                       {{"id", true}, {"tier", true}}));
        compute_row_values(*plan, frame);
        compute_scores(*plan, frame);
        outcomes = classify(*plan, frame);
        fill_changes(*plan, frame, outcomes);
    }

    std::string tier(std::size_t row) const { return std::string(frame.columns[plan->tier_slot].texts[row]); }
    std::string change(std::size_t row) const {
        std::string_view change = frame.columns[plan->change_slot].texts[row];
        return change.data() ? std::string(change) : "<missing>";
    }
};

}  // namespace

TEST_SUITE("classify") {
TEST_CASE("a customer keeps a tier with stay while stay holds, though its condition no longer does") {
    Night night(sticky_rules, {"a", "b", "c"}, {45, 45, 35},
                "id,tier\na,key_account\nb,large_customer\nc,key_account\n");
    CHECK(night.tier(0) == "key_account");      // 45 < 50, but stay (>= 40) holds
    CHECK(night.tier(1) == "large_customer");   // was not a key account: when decides
    CHECK(night.tier(2) == "large_customer");   // stay no longer holds: it leaves
    CHECK(night.outcomes[0].stayed == 1);
    CHECK(night.outcomes[0].kept_by_stay == std::vector<std::uint32_t>{0});
    CHECK(night.change(0) == "kept");           // the same tier, but only `stay` holds it
    CHECK(night.change(1) == "same");
    CHECK(night.change(2) == "down");
}

TEST_CASE("without previous results stay has no effect") {
    Night night(sticky_rules, {"a"}, {45}, "");
    CHECK(night.tier(0) == "large_customer");
    CHECK(night.plan->change_slot == -1);
}

TEST_CASE("within a sticky tier's capacity current members come first, then newcomers by score") {
    Night night(sticky_rules, {"a", "b", "c", "d"}, {60, 42, 90, 95},
                "id,tier\na,key_account\nb,key_account\nc,large_customer\n");
    CHECK(night.tier(0) == "key_account");
    CHECK(night.tier(1) == "key_account");      // stays, ahead of better-scoring newcomers
    CHECK(night.tier(2) == "large_customer");
    CHECK(night.tier(3) == "large_customer");
    CHECK(night.outcomes[0].candidates == 4);
    CHECK(night.outcomes[0].turned_away == std::vector<std::uint32_t>{3, 2});
    // b is held by stay (42 < 50); a meets when, but by score alone (60, below 95 and 90) the
    // two seats would have gone to d and c: stay's incumbents-first holds a too.
    CHECK(night.outcomes[0].kept_by_stay == std::vector<std::uint32_t>{0, 1});
    CHECK(night.change(0) == "kept");
    CHECK(night.change(1) == "kept");
    CHECK(night.change(2) == "same");
    CHECK(night.change(3) == "new");
}

TEST_CASE("a place freed by a member that leaves goes to the best newcomer") {
    Night night(sticky_rules, {"a", "b", "c", "d"}, {60, 30, 90, 95},
                "id,tier\na,key_account\nb,key_account\nc,large_customer\nd,standard\n");
    CHECK(night.tier(0) == "key_account");
    CHECK(night.tier(1) == "large_customer");
    CHECK(night.tier(3) == "key_account");
    CHECK(night.tier(2) == "large_customer");
    CHECK(night.change(0) == "kept");           // by score alone c (90) would have its seat
    CHECK(night.change(1) == "down");
    CHECK(night.change(3) == "up");
}

TEST_CASE("a tier without stay ranks its candidates by score alone, members or not") {
    Night night(plain_rules, {"a", "b", "c"}, {60, 70, 90}, "id,tier\na,key_account\nb,key_account\n");
    CHECK(night.tier(0) == "large_customer");
    CHECK(night.tier(1) == "key_account");
    CHECK(night.tier(2) == "key_account");
    CHECK(night.change(1) == "same");           // no stay: nothing is ever "kept"
}

TEST_CASE("previous_tier is usable in conditions, and a tier the rules do not define is counted") {
    Night night(watch_rules, {"a", "b", "c"}, {1, 2, 3}, "id,tier\na,vip\nb,standard\n");
    CHECK(night.tier(0) == "watched");
    CHECK(night.tier(1) == "standard");
    CHECK(night.tier(2) == "watched");
    CHECK(night.match.customers == 2);
    CHECK(night.match.matched == 2);
    CHECK(night.match.found == 2);
    CHECK(night.match.unknown_tier == 1);
    CHECK(night.match.first_unknown_tier == "vip");
    CHECK(night.change(0) == "<missing>");
    CHECK(night.change(2) == "new");
}

TEST_CASE("every customer of a long run meets its own previous tier, whatever the order of either file") {
    // More rows than the lookups fetch ahead, previous results in another order, some customers
    // new and some gone: each row must get the tier of its own id.
    std::vector<std::string> ids;
    std::vector<double> points;
    for (int n = 0; n < 200; ++n) {
        ids.push_back(fmt::format("C{}", n));
        points.push_back(n % 100);
    }
    std::string previous = "id,tier\n";
    for (int n = 299; n >= 50; n -= 1)   // C50..C299 backwards: C0..C49 are new, C200.. gone
        previous += fmt::format("C{},{}\n", n, n % 3 == 0 ? "vip" : "standard");
    Night night(watch_rules, ids, points, previous);
    CHECK(night.match.customers == 250);
    CHECK(night.match.matched == 150);
    CHECK(night.match.unknown_tier == 50);   // C51, C54, ... C198
    for (int n = 0; n < 200; ++n) {
        INFO("row " << n);
        CHECK(night.tier(static_cast<std::size_t>(n)) == (n < 50 || n % 3 == 0 ? "watched" : "standard"));
        // "vip" is no tier of these rules: no change is said for those customers.
        CHECK(night.change(static_cast<std::size_t>(n)) == (n < 50 ? "new" : n % 3 == 0 ? "<missing>" : "same"));
    }
}

TEST_CASE("a repeated id in the previous results is an error naming both lines") {
    try {
        Night night(sticky_rules, {"a"}, {1}, "id,tier\na,standard\nb,standard\na,standard\n");
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::BadData);
        CHECK(located_message(error) ==
              "old.csv:4: duplicate id 'a' (first on line 2): the previous results must have one row per customer");
    }
}
}
