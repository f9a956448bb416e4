#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kamscore/io/result_file.hpp"

namespace kamscore {

/// How a customer's tier changed between two result files. "Up" is a better tier: earlier in
/// the rules' tier list.
enum class Movement { Up, Down, Appeared, Disappeared, Same };

/// "up", "down", "appeared", "disappeared", "same".
std::string_view movement_name(Movement movement);

/// One customer in a migration report. Views point into the result files compared.
struct Migration {
    Movement movement = Movement::Same;
    std::string_view id;
    std::string_view label;       ///< from NEW (OLD when it disappeared); null when none
    std::string_view old_tier;    ///< null when it appeared
    std::string_view new_tier;    ///< null when it disappeared
    double old_score = 0;         ///< NaN when unknown
    double new_score = 0;
    /// Who holds the customer's tier in NEW: "override" (its override column is not empty),
    /// "stay" (its change column says "kept"), or null: the rules alone.
    std::string_view held_by;
};

/// Columns of the result files given to compare_results(), in this order.
/// change and override (as `score` writes them with --previous or a `stay:` tier, and with
/// --overrides) are optional and read from NEW only.
enum ResultColumn : std::size_t { result_id, result_tier, result_score, result_label, result_change, result_override };

struct MigrationReport {
    std::vector<Migration> rows;          ///< up, down, appeared, disappeared, then same; each by tier, then id
    std::array<std::size_t, 5> counts{};  ///< by Movement
    std::vector<std::string> tier_order;  ///< best first, as used
    bool knows_stay = false;              ///< NEW has a change column
    bool knows_overrides = false;         ///< NEW has an override column
    std::size_t held_by_stay = 0;         ///< customers of NEW held by stay / by an override
    std::size_t held_by_override = 0;
};

/// Compares two result files read with the columns of ResultColumn (score and label may be
/// absent). `tier_order` (best first, e.g. from the rule file) ranks the tiers; tiers it does
/// not list are ranked after it by their mean score over both files, best first (ties and
/// tiers without scores by name). A repeated id throws Error(BadData) naming both lines.
/// With `include_same`, customers whose tier did not change are listed too; those held by
/// `stay` or by an override (Migration::held_by) are listed always: the board wants to see them.
MigrationReport compare_results(const ResultFile& old_results, const ResultFile& new_results,
                                std::vector<std::string> tier_order, bool include_same);

}  // namespace kamscore
