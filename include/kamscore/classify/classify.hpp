#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// What happened at one tier, for summaries and explanations.
struct TierOutcome {
    std::size_t candidates = 0;              ///< rows that reached the tier and met `when`
    std::size_t assigned = 0;
    std::size_t stayed = 0;                  ///< assigned only by `stay` (with --previous)
    std::size_t forced = 0;                  ///< assigned by an override (counted in assigned)
    std::optional<std::size_t> capacity;     ///< with seats per group: the seats of `groups` together
    std::vector<std::uint32_t> turned_away;  ///< over capacity, best score first; fell through
    /// With `max: { by: ..., seats: ... }`: one per group, the listed ones in file order, then
    /// the groups met that `default:` gave seats (by value).
    struct Group {
        std::string value;                   ///< the value of `by` ("" and is_missing: no value)
        bool is_missing = false;
        std::size_t seats = 0;
        std::size_t candidates = 0;
        std::size_t assigned = 0;            ///< overrides included
        std::size_t forced = 0;
        std::size_t turned_away = 0;
    };
    std::vector<Group> groups;
    /// Rows in this tier only because of `stay` (with --previous): its `when` fails for them, or
    /// it holds but by score alone they would have been turned away by the capacity (without
    /// `stay`, incumbents would not come first). The change column calls them "kept".
    std::vector<std::uint32_t> kept_by_stay;
};

/// The tier decision list (README "The funnel"): every row takes the first tier whose `when`
/// holds (missing counts as not holding); the last tier takes the rest. A tier with `max: N` takes
/// the best N of its candidates by score (ties: smaller id first, bytewise), the others fall
/// through to the next tiers. Fills the tier and tier_label columns; returns one outcome per tier.
/// With a previous_tier column (--previous), a tier's `stay` keeps its former rows as
/// candidates, and they come first within its capacity (see Stickiness).
/// `forced` (overrides, one tier index or -1 per row; empty: none) puts rows in a tier before
/// any condition is looked at; they count against its capacity.
/// With seats per group (`max: { by: region, seats: {...} }`), the same happens within each
/// group; a candidate whose group `seats` does not list, with no `default:`, throws
/// Error(BadData) naming the groups and some of their customers.
/// Without `with_labels` the tier_label column is left empty (the first pass of a two-pass run,
/// where nothing reads it: label_tiers() fills it batch by batch later).
std::vector<TierOutcome> classify(const ScoringPlan& plan, Frame& frame, const std::vector<std::int32_t>& forced = {},
                                  bool with_labels = true);

/// Fills the tier_label column from the tier column (each tier's label).
void label_tiers(const ScoringPlan& plan, Frame& frame);

/// With seats per group at tier t: each row's group, the value of `by` (a missing value has
/// data() == nullptr); empty when the tier has none. Views into frame.arena.
std::vector<std::string_view> capacity_group_of_rows(const ScoringPlan& plan, Frame& frame, std::size_t t);

/// The tier index of each row (into RuleSet::tiers), from the tier column.
std::vector<std::uint16_t> tier_indices(const ScoringPlan& plan, const Frame& frame);

}  // namespace kamscore
