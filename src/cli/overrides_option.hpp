// --overrides FILE for score, explain and summary.
#pragma once

#include <string>
#include <vector>

#include "cli/customer_rows.hpp"
#include "kamscore/classify/overrides.hpp"

namespace kamscore {

/// The overrides of one run: the file's entries and how they apply to the rows.
struct OverridesInEffect {
    std::vector<Override> entries;
    AppliedOverrides applied;       ///< applied.forced is empty without --overrides
};

/// Reads the overrides file at `path` ("" = none), matches it to the scored rows, prints its
/// warnings on stderr (unless quiet) and adds the `override` column (each row's reason).
OverridesInEffect read_overrides_option(const std::string& path, ScoringPlan& plan, Frame& frame, double today,
                                        const CustomerRows& rows, bool quiet);

}  // namespace kamscore
