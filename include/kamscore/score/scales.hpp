#pragma once

#include <vector>

#include "kamscore/rules/rule_set.hpp"
#include "kamscore/table/column.hpp"

namespace kamscore {

/// Scales a metric's raw values to 0..100 into `scaled` (same length; NaN = missing).
/// percentile is SQL PERCENT_RANK over the non-missing values: 100·(rank−1)/(n−1), ties at
/// their lowest rank, n = 1 gives 100. A map scale looks text (or "true"/"false") up exactly,
/// then ignoring ASCII case; values not in the map are missing. With `threads` = 2, a large
/// population is scaled (and a percentile's values sorted) on two threads, to the same values.
void apply_scale(const ScaleSpec& scale, const Column& raw, std::vector<double>& scaled, int threads = 1);
/// The same, freeing `raw` with `release_raw` as early as the scale allows (a percentile: before
/// `scaled` is sized), so that a metric's raw and scaled values are not all held at once.
void apply_scale(const ScaleSpec& scale, Column& raw, bool release_raw, std::vector<double>& scaled,
                 int threads = 1);

/// The scaled score of one number under a row-independent scale (linear, log, bands);
/// for explanations. Not for percentile or map.
double scale_number(const ScaleSpec& scale, double raw);

/// True for a scale that needs every row's value (percentile): the others scale each value on
/// its own, so a batch of rows can be scaled without the rest.
bool scales_the_population(const ScaleSpec& scale);

}  // namespace kamscore
