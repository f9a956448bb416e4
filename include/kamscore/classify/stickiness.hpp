#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kamscore/classify/classify.hpp"
#include "kamscore/io/result_file.hpp"
#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// How the rows of this run met the previous run's results (--previous).
struct PreviousMatch {
    std::size_t customers = 0;          ///< ids in the previous results
    std::size_t matched = 0;            ///< rows whose id is in the previous results
    std::size_t found = 0;              ///< of those, rows with a previous tier
    std::size_t unknown_tier = 0;       ///< of those, rows whose previous tier the rules do not define
    std::string first_unknown_tier;     ///< e.g. a tier renamed since the previous run
};

/// Fills the previous_tier column from `previous` (columns: id, tier): each row gets the tier
/// its id had, or stays missing (a new customer). Adds the change column (plan.change_slot,
/// usable in --where as `change`), filled by fill_changes() after classify(). A repeated id
/// in `previous` throws Error(BadData) naming both lines.
PreviousMatch fill_previous_tiers(ScoringPlan& plan, Frame& frame, const ResultFile& previous);

/// Adds the change column (plan.change_slot, usable in --where as `change`), once. Without
/// previous results it stays empty: the column is there so that the output's columns do not
/// depend on whether a previous run existed.
void add_change_column(ScoringPlan& plan, Frame& frame);

/// Stickiness for classify(), so that a customer near the bar does not flap in and out from
/// one nightly run to the next (README "Nightly runs"): a row whose previous tier t has
/// `stay:` is a candidate of t while `stay` holds, even if `when` does not. Such a tier serves its
/// incumbents (rows that were in it and are candidates again) before newcomers when its
/// capacity is short, so a customer does not lose its place to one that scores a little higher.
class Stickiness {
public:
    Stickiness(const ScoringPlan& plan, const Frame& frame);

    /// Evaluates tier t's `stay` (when it has one and any row was in t before).
    void begin_tier(std::size_t t, Frame& frame);
    /// True when the row was in the current tier and its `stay` holds.
    bool stays(std::uint32_t row) const {
        return sticky_ && previous_[row] == current_ && condition_.bools[row] == bool_true;
    }
    /// With a capacity: moves the incumbents of a sticky tier to the front, keeping the order
    /// (best score first) within both groups.
    void put_incumbents_first(std::vector<std::uint32_t>& candidates) const;

private:
    const ScoringPlan& plan_;
    std::vector<std::uint16_t> previous_;   ///< tier index of the previous run, or none
    bool has_previous_ = false;
    bool sticky_ = false;
    std::uint16_t current_ = 0;
    Column condition_{Type::Bool};
};

/// Fills the change column from the tier and previous_tier columns: "up" (a better tier,
/// earlier in the list), "down", "same", "kept" (the same tier, but only because of its `stay`:
/// a row in `outcomes[t].kept_by_stay`), or "new" (no previous tier); missing when the previous
/// tier is not one of the rules' tiers.
void fill_changes(const ScoringPlan& plan, Frame& frame, const std::vector<TierOutcome>& outcomes);

}  // namespace kamscore
