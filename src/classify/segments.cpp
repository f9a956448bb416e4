#include "kamscore/classify/segments.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kamscore {
namespace {

void run_pareto(const ScoringPlan& plan, const SegmentSpec& spec, const ScoringPlan::Segment& segment, Frame& frame,
                SegmentOutcome& outcome) {
    const auto& values = frame.columns[segment.value_slot].numbers;
    const auto& ids = frame.columns[plan.id_slot].texts;
    auto& labels = frame.columns[segment.slot].texts;
    std::vector<std::uint32_t> order;
    for (std::uint32_t row = 0; row < frame.rows; ++row) {
        if (is_missing(values[row])) ++outcome.missing;
        else order.push_back(row);
    }
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return values[a] != values[b] ? values[a] > values[b] : ids[a] < ids[b];
    });
    // Credit notes can make a value negative; they add nothing to a share.
    for (std::uint32_t row : order) outcome.total += std::max(values[row], 0.0);

    outcome.smallest_in_class.assign(spec.classes.size(), missing_number);
    double before = 0;
    for (std::uint32_t row : order) {
        // Compared as before·100 < bound·total, so that no division rounds a customer across.
        std::size_t k = 0;
        while (k + 1 < spec.classes.size() && !(outcome.total > 0 && before * 100 < spec.classes[k].second * outcome.total))
            ++k;
        labels[row] = spec.classes[k].first;
        ++outcome.counts[k];
        outcome.smallest_in_class[k] = values[row];
        before += std::max(values[row], 0.0);
    }
}

double cut_off(const SplitSpec& split, const std::vector<double>& values) {
    switch (split.kind) {
    case SplitSpec::Median: return percentile_cont(values, 50);
    case SplitSpec::Percentile: return percentile_cont(values, split.value);
    case SplitSpec::Fixed: return split.value;
    }
    return missing_number;
}

void run_grid(const SegmentSpec& spec, const ScoringPlan::Segment& segment, Frame& frame, SegmentOutcome& outcome) {
    const auto& x = frame.columns[segment.value_slot].numbers;
    const auto& y = frame.columns[segment.y_slot].numbers;
    auto& labels = frame.columns[segment.slot].texts;
    outcome.x_cut = cut_off(spec.x_split, x);
    outcome.y_cut = cut_off(spec.y_split, y);
    for (std::size_t row = 0; row < frame.rows; ++row) {
        if (is_missing(x[row]) || is_missing(y[row])) {
            ++outcome.missing;
            continue;
        }
        // Cells in the order high_high, high_low, low_high, low_low: x's level first.
        std::size_t cell = (x[row] >= outcome.x_cut ? 0 : 2) + (y[row] >= outcome.y_cut ? 0 : 1);
        labels[row] = spec.cells[cell];
        ++outcome.counts[cell];
    }
}

void run_cases(const SegmentSpec& spec, const ScoringPlan::Segment& segment, Frame& frame, SegmentOutcome& outcome) {
    auto& labels = frame.columns[segment.slot].texts;
    std::vector<std::uint8_t> decided(frame.rows, 0);
    Column condition(Type::Bool);
    condition.resize(frame.rows);
    for (std::size_t k = 0; k < spec.cases.size(); ++k) {
        const auto& when = segment.cases[k];
        if (when) when->run(frame, 0, frame.rows, condition, frame.arena);
        for (std::size_t row = 0; row < frame.rows; ++row) {
            if (decided[row] || (when && condition.bools[row] != bool_true)) continue;
            decided[row] = 1;
            labels[row] = spec.cases[k].label;
            ++outcome.counts[k];
        }
    }
    for (std::uint8_t is_decided : decided) outcome.missing += !is_decided;
}

}  // namespace

double percentile_cont(std::vector<double> values, double percent) {
    std::erase_if(values, [](double v) { return is_missing(v); });
    if (values.empty()) return missing_number;
    std::sort(values.begin(), values.end());
    const double position = std::clamp(percent, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    if (below + 1 >= values.size()) return values.back();
    const double fraction = position - static_cast<double>(below);
    return values[below] + fraction * (values[below + 1] - values[below]);
}

std::vector<SegmentOutcome> compute_segments(const ScoringPlan& plan, Frame& frame) {
    const auto& specs = plan.rules->segments;
    std::vector<SegmentOutcome> outcomes(specs.size());
    for (std::size_t s = 0; s < specs.size(); ++s) {
        const SegmentSpec& spec = specs[s];
        const ScoringPlan::Segment& segment = plan.segments[s];
        SegmentOutcome& outcome = outcomes[s];
        Column& labels = frame.columns[segment.slot];
        labels.texts.assign(frame.rows, std::string_view());
        if (segment.value) segment.value->run(frame, 0, frame.rows, frame.columns[segment.value_slot], frame.arena);
        if (segment.y) segment.y->run(frame, 0, frame.rows, frame.columns[segment.y_slot], frame.arena);
        switch (spec.kind) {
        case SegmentKind::Pareto:
            for (const auto& [label, share] : spec.classes) outcome.labels.push_back(label);
            outcome.counts.assign(outcome.labels.size(), 0);
            run_pareto(plan, spec, segment, frame, outcome);
            break;
        case SegmentKind::Grid:
            outcome.labels = spec.cells;
            outcome.counts.assign(outcome.labels.size(), 0);
            run_grid(spec, segment, frame, outcome);
            break;
        case SegmentKind::Cases:
            for (const auto& segment_case : spec.cases) outcome.labels.push_back(segment_case.label);
            outcome.counts.assign(outcome.labels.size(), 0);
            run_cases(spec, segment, frame, outcome);
            break;
        }
    }
    return outcomes;
}

}  // namespace kamscore
