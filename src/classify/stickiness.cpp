#include "kamscore/classify/stickiness.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kamscore/error.hpp"
#include "kamscore/table/id_index.hpp"

namespace kamscore {
namespace {

constexpr std::uint16_t no_tier = UINT16_MAX;

/// Index of the tier named `id`, or no_tier.
std::uint16_t tier_index(const RuleSet& rules, std::string_view id) {
    for (std::size_t t = 0; t < rules.tiers.size(); ++t)
        if (rules.tiers[t].id == id) return static_cast<std::uint16_t>(t);
    return no_tier;
}

}  // namespace

PreviousMatch fill_previous_tiers(ScoringPlan& plan, Frame& frame, const ResultFile& previous) {
    const RuleSet& rules = *plan.rules;
    PreviousMatch match;
    // An open-addressing index of row numbers (IdIndex), not a node per id: for a million
    // previous customers std::unordered_map took 1.4 s of a 2 s run, mostly cache misses.
    IdIndex row_of_id;
    row_of_id.reserve(previous.rows);
    const auto& ids = previous.columns[0];
    const auto& tiers = previous.columns[1];
    for (std::size_t row = 0; row < previous.rows; ++row) {
        if (!ids[row].data()) continue;
        if (const auto first = row_of_id.find_or_add(ids[row], static_cast<std::uint32_t>(row), ids))
            throw Error(ExitCode::BadData,
                        fmt::format("duplicate id '{}' (first on line {}): the previous results must have "
                                    "one row per customer",
                                    ids[row], previous.lines[*first]),
                        ErrorLocation{previous.display_name, previous.lines[row]});
        ++match.customers;
    }

    auto& previous_tier = frame.columns[plan.previous_tier_slot].texts;
    const auto& id = frame.columns[plan.id_slot].texts;
    // The index misses the cache on nearly every id: each id's slot is fetched some rows ahead.
    constexpr std::size_t fetch_ahead = 16;
    std::uint64_t hashes[fetch_ahead];
    for (std::size_t row = 0; row < std::min(fetch_ahead, frame.rows); ++row) {
        hashes[row] = IdIndex::hash(id[row]);
        row_of_id.prefetch(hashes[row]);
    }
    for (std::size_t row = 0; row < frame.rows; ++row) {
        const std::uint64_t hash = hashes[row % fetch_ahead];
        if (row + fetch_ahead < frame.rows) {
            hashes[row % fetch_ahead] = IdIndex::hash(id[row + fetch_ahead]);
            row_of_id.prefetch(hashes[row % fetch_ahead]);
        }
        const auto found = row_of_id.find(id[row], hash, ids);
        if (!found) continue;
        ++match.matched;
        if (!tiers[*found].data()) continue;
        ++match.found;
        std::string_view tier = tiers[*found];
        std::uint16_t t = tier_index(rules, tier);
        if (t != no_tier) {
            previous_tier[row] = rules.tiers[t].id;
        } else {
            previous_tier[row] = frame.arena.store(tier);
            if (match.unknown_tier++ == 0) match.first_unknown_tier = std::string(tier);
        }
    }
    add_change_column(plan, frame);
    return match;
}

void add_change_column(ScoringPlan& plan, Frame& frame) {
    if (plan.change_slot >= 0) return;
    plan.change_slot = frame.add_column("change", Type::Text);
    plan.final_scope.add_slot("change", Type::Text, plan.change_slot);
}

Stickiness::Stickiness(const ScoringPlan& plan, const Frame& frame) : plan_(plan) {
    if (plan.previous_tier_slot < 0) return;
    // Empty when the run has no previous results and nothing reads them (RowStage::sized_later).
    const auto& previous = frame.columns[plan.previous_tier_slot].texts;
    for (std::size_t row = 0; row < previous.size(); ++row) {
        if (!previous[row].data()) continue;
        if (previous_.empty()) previous_.assign(frame.rows, no_tier);   // only runs with --previous pay for it
        previous_[row] = tier_index(*plan.rules, previous[row]);
        has_previous_ = has_previous_ || previous_[row] != no_tier;
    }
}

void Stickiness::begin_tier(std::size_t t, Frame& frame) {
    current_ = static_cast<std::uint16_t>(t);
    const auto& stay = plan_.tiers[t].stay;
    sticky_ = has_previous_ && stay.has_value();
    if (!sticky_) return;
    condition_.resize(frame.rows);
    stay->run(frame, 0, frame.rows, condition_, frame.arena);
}

void Stickiness::put_incumbents_first(std::vector<std::uint32_t>& candidates) const {
    if (!sticky_) return;
    std::stable_partition(candidates.begin(), candidates.end(),
                          [&](std::uint32_t row) { return previous_[row] == current_; });
}

void fill_changes(const ScoringPlan& plan, Frame& frame, const std::vector<TierOutcome>& outcomes) {
    if (plan.change_slot < 0) return;
    const RuleSet& rules = *plan.rules;
    const auto& tier = frame.columns[plan.tier_slot].texts;
    const auto& previous = frame.columns[plan.previous_tier_slot].texts;
    auto& change = frame.columns[plan.change_slot].texts;
    for (std::size_t row = 0; row < frame.rows; ++row) {
        if (!previous[row].data()) {
            change[row] = "new";
            continue;
        }
        std::uint16_t before = tier_index(rules, previous[row]);
        std::uint16_t now = tier_index(rules, tier[row]);
        if (before == no_tier || now == no_tier) continue;
        change[row] = now < before ? "up" : now > before ? "down" : "same";
    }
    for (const TierOutcome& outcome : outcomes)
        for (std::uint32_t row : outcome.kept_by_stay)
            if (change[row] == "same") change[row] = "kept";
}

}  // namespace kamscore
