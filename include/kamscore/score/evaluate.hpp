#pragma once

#include <cstddef>
#include <vector>

#include "kamscore/score/plan.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

struct RowStage;

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

/// Scores are kept at the precision every output format shows them, so that a tier is decided
/// on the value a reader sees: a score of 74.9993 would be shown "75.00" and must not be
/// standard under `score >= 75`.
inline constexpr int shown_score_decimals = 2;

/// `value` rounded to shown_score_decimals (half away from zero); missing stays missing.
double shown_score(double value);

/// Step 2, over whole columns: each metric's scaled score (0..100, rounded by shown_score), its
/// weighted points and the score. score = shown_score(Σ weight·scaled ÷ Σ weight), where a
/// missing scaled value counts 0 (missing: zero) or leaves the metric out of both sums
/// (missing: skip). A row whose weights are all skipped has a missing score.
/// A points column left empty (nothing reads it, see RowStage) is skipped. With the `stage`
/// the rows were read with, a raw value nothing reads afterwards is freed once it is scaled,
/// and a scaled value nothing reads (see RowStage::read_later) once it is added to the score.
/// `scaled_given` (per metric, optional): the metric's scaled column is filled already (by the
/// second pass of a two-pass run, from the first pass's percentiles) and is not scaled again.
/// With `threads` = 2, a large population's rows are scaled and scored in two halves at once
/// (split_rows), to the same values.
void compute_scores(const ScoringPlan& plan, Frame& frame, const RowStage* stage = nullptr,
                    const std::vector<bool>* scaled_given = nullptr, int threads = 1);

}  // namespace kamscore
