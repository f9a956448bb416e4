#include "kamscore/score/evaluate.hpp"

#include <algorithm>
#include <cmath>

#include "kamscore/row_ranges.hpp"

#include "kamscore/score/row_stage.hpp"
#include "kamscore/score/scales.hpp"

namespace kamscore {

double shown_score(double value) {
    if (is_missing(value)) return value;
    constexpr double scale = 100;   // 10 ^ shown_score_decimals
    static_assert(shown_score_decimals == 2);
    return std::round(value * scale) / scale;
}

void compute_row_values(const ScoringPlan& plan, Frame& frame) {
    const std::size_t rows = frame.rows;
    for (const auto& derived : plan.derived)
        derived.program.run(frame, 0, rows, frame.columns[derived.slot], frame.arena);

    auto& count = frame.columns[plan.strategic_count_slot].numbers;
    std::fill(count.begin(), count.end(), 0.0);
    for (const auto& criterion : plan.strategic) {
        criterion.when.run(frame, 0, rows, frame.columns[criterion.slot], frame.arena);
        const auto& held = frame.columns[criterion.slot].bools;
        for (std::size_t row = 0; row < rows; ++row) count[row] += held[row] == bool_true;
    }
    for (const auto& metric : plan.metrics)
        if (!metric.raw_is_named_column) metric.value.run(frame, 0, rows, frame.columns[metric.raw_slot], frame.arena);
}

std::vector<MissingMetric> find_missing_required(const ScoringPlan& plan, const Frame& frame) {
    std::vector<MissingMetric> missing;
    const auto& specs = plan.rules->metrics;
    // Most rule files require no metric: then no row needs to be looked at.
    if (std::none_of(specs.begin(), specs.end(), [](const MetricSpec& metric) { return metric.missing == MissingPolicy::Error; }))
        return missing;
    for (std::size_t row = 0; row < frame.rows; ++row)
        for (std::size_t m = 0; m < specs.size(); ++m)
            if (specs[m].missing == MissingPolicy::Error && frame.columns[plan.metrics[m].raw_slot].is_missing_at(row))
                missing.push_back({row, m});
    return missing;
}

void compute_scores(const ScoringPlan& plan, Frame& frame, const RowStage* stage, const std::vector<bool>* scaled_given,
                    int threads) {
    const std::size_t rows = frame.rows;
    const auto& specs = plan.rules->metrics;
    // Each row's weights add up to the same sum unless a metric skips its missing values, so
    // a column of sums is needed only then.
    const bool sums_vary = std::any_of(specs.begin(), specs.end(),
                                       [](const MetricSpec& metric) { return metric.missing == MissingPolicy::Skip; });
    double every_weight = 0;
    for (const MetricSpec& metric : specs) every_weight += metric.weight;
    std::vector<double> weight_sums(sums_vary ? rows : 0, 0.0);
    const auto weight_sum = [&](std::size_t row) { return sums_vary ? weight_sums[row] : every_weight; };
    auto& score = frame.columns[plan.score_slot].numbers;
    score.clear();   // sized after the first scale: a percentile's sort needs memory first

    for (std::size_t m = 0; m < specs.size(); ++m) {
        auto& scaled = frame.columns[plan.metrics[m].scaled_slot].numbers;
        Column& raw = frame.columns[plan.metrics[m].raw_slot];
        // Nothing reads the raw values after scaling: freed as early as the scale allows.
        const bool release = stage && stage->released_after_scaling[static_cast<std::size_t>(plan.metrics[m].raw_slot)];
        if (!scaled_given || !(*scaled_given)[m]) apply_scale(specs[m].scale, raw, release, scaled, threads);
        else if (release) raw = Column(raw.type);
        if (score.size() != rows) score.assign(rows, 0.0);
        const bool skip_missing = specs[m].missing == MissingPolicy::Skip;
        const double weight = specs[m].weight;
        split_rows(rows, threads, [&](std::size_t first, std::size_t last) {
            for (std::size_t row = first; row < last; ++row) {
                if (is_missing(scaled[row])) {
                    if (skip_missing) continue;
                    scaled[row] = 0.0;
                }
                scaled[row] = shown_score(scaled[row]);
                score[row] += weight * scaled[row];
                if (sums_vary) weight_sums[row] += weight;
            }
        });
        // Added to the score, and nothing reads it (no output, tier, segment nor points): freed.
        if (stage && !is_read_later(*stage, plan.metrics[m].scaled_slot) &&
            stage->unread_points[static_cast<std::size_t>(plan.metrics[m].points_slot)])
            frame.columns[plan.metrics[m].scaled_slot] = Column(Type::Number);
    }
    if (score.size() != rows) score.assign(rows, 0.0);   // no metrics
    split_rows(rows, threads, [&](std::size_t first, std::size_t last) {
        for (std::size_t row = first; row < last; ++row)
            score[row] = weight_sum(row) > 0 ? shown_score(score[row] / weight_sum(row)) : missing_number;
    });

    // Points share the row's weight sum, so a metric's points show exactly what it adds.
    for (std::size_t m = 0; m < specs.size(); ++m) {
        const auto& scaled = frame.columns[plan.metrics[m].scaled_slot].numbers;
        auto& points = frame.columns[plan.metrics[m].points_slot].numbers;
        if (points.size() != rows) continue;   // nothing reads it (see RowStage::unread_points)
        split_rows(rows, threads, [&](std::size_t first, std::size_t last) {
            for (std::size_t row = first; row < last; ++row)
                points[row] = weight_sum(row) > 0 && !is_missing(scaled[row])
                                  ? specs[m].weight * scaled[row] / weight_sum(row)
                                  : missing_number;
        });
    }
}

}  // namespace kamscore
