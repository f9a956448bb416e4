#pragma once

#include <cstddef>
#include <vector>

#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// Step 1, row by row (in batches): derived values in order, strategic criteria and their
/// count, each metric's raw value. The frame's field columns must be filled and every column
/// sized to frame.rows.
void compute_row_values(const ScoringPlan& plan, Frame& frame);

/// A metric with `missing: error` whose value is missing in a row.
struct MissingMetric {
    std::size_t row;
    std::size_t metric;
};

/// The rows that break a `missing: error` metric, in row order.
std::vector<MissingMetric> find_missing_required(const ScoringPlan& plan, const Frame& frame);

/// Step 2, over whole columns: each metric's scaled score (0..100), its weighted points
/// (their sum is the score) and the score. score = Σ weight·scaled ÷ Σ weight, where a
/// missing scaled value counts 0 (missing: zero) or leaves the metric out of both sums
/// (missing: skip). A row whose weights are all skipped has a missing score.
/// A points column left empty (nothing reads it, see RowStage) is skipped.
void compute_scores(const ScoringPlan& plan, Frame& frame);

}  // namespace kamscore
