// The guards of a run: checks that stop it, before anything is published, when the export
// looks broken (empty, cut off, far from the previous results). See README, "Nightly runs".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "kamscore/rules/rule_set.hpp"
#include "kamscore/run/run.hpp"

namespace kamscore {

/// The guards in effect: the command line's choice, else the rule file's, else the default.
struct Guards {
    bool allow_empty = false;
    std::uint64_t min_rows = 0;
    double max_disappeared = default_max_disappeared;   ///< percent; 100 turns the check off
    std::optional<double> max_new;                      ///< percent; unset: no limit
    bool require_final_newline = false;
};

Guards guards_in_effect(const GuardsSpec& command_line, const GuardsSpec& rules);

/// Warns about each input whose last record has no line break after it, or, with `required`,
/// throws Error(BadData) naming the first such file and line.
void check_final_line_breaks(const InputCounts& counts, bool required,
                             const std::function<void(const std::string&)>& warn);

/// Throws Error(BadData) when no customer was scored (unless allowed) or fewer than min_rows.
void check_row_count(const Guards& guards, const InputCounts& counts, std::uint64_t scored);

/// Against the previous results (`previous_name`): warns when they are empty or fewer than
/// half as many as the customers scored; throws Error(BadData) when more of their customers
/// disappeared, or more customers are new, than the guards allow (percent of their count).
void check_previous(const Guards& guards, const ScoredRun::PreviousCounts& previous, const std::string& previous_name,
                    std::uint64_t scored, const std::function<void(const std::string&)>& warn);

}  // namespace kamscore
