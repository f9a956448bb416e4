#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"
#include "kamscore/value.hpp"

namespace kamscore {

/// What a segment computed, for `summary` and `explain`.
struct SegmentOutcome {
    std::vector<std::string> labels;   ///< every value the segment can take, in rule-file order
    std::vector<std::size_t> counts;   ///< rows per label, parallel to labels
    std::size_t missing = 0;           ///< rows without a value (their value or x or y is missing)

    /// pareto: the sum of the values (values below 0 count as 0), and per class the smallest
    /// value that made it in (NaN for an empty class).
    double total = 0;
    std::vector<double> smallest_in_class;
    /// grid: the cut-offs; a value at or above its cut-off is high.
    double x_cut = missing_number, y_cut = missing_number;
};

/// Fills every segment column (README "Segments"), in rule-file order; needs the scores
/// (step 2).
///  - pareto: customers by value, largest first (ties: smaller id first); each takes the first
///    class whose share the customers before it have not yet reached, so A holds the largest
///    customers up to and including the one that crosses 80 %. A missing value has no class.
///  - grid: x and y against their cut-offs (median and percentile as SQL PERCENTILE_CONT over
///    the values present); cells high_high, high_low, low_high, low_low name x's level first.
///  - cases: the label of the first case whose condition holds, or of the default case.
std::vector<SegmentOutcome> compute_segments(const ScoringPlan& plan, Frame& frame);

/// SQL PERCENTILE_CONT: the value at `percent` (0..100) of the non-missing `values`,
/// interpolating linearly between neighbours; NaN when there are none.
double percentile_cont(std::vector<double> values, double percent);

}  // namespace kamscore
