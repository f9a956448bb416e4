#include "kamscore/explain/summary.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "explain/cell_value.hpp"
#include "explain/compensated_sum.hpp"
#include "explain/funnel.hpp"

namespace kamscore {
namespace {

constexpr std::size_t shown_in_line = 5;
constexpr int cut_points[] = {25, 50, 75, 90};

/// The revenue of every row, and what it is.
std::vector<double> revenue_of(const ScoringPlan& plan, Frame& frame, std::string& source) {
    const RuleSet& rules = *plan.rules;
    std::vector<double> revenue;
    if (plan.summary_revenue && rules.summary.revenue) {
        Column column(Type::Number);
        column.resize(frame.rows);
        plan.summary_revenue->run(frame, 0, frame.rows, column, frame.arena);
        source = "summary revenue: " + rules.summary.revenue->text;
        revenue = std::move(column.numbers);
    } else {
        for (std::size_t s = 0; s < rules.segments.size() && revenue.empty(); ++s) {
            if (rules.segments[s].kind != SegmentKind::Pareto) continue;
            source = fmt::format("{} (the value of segment '{}')", rules.segments[s].value.text, rules.segments[s].name);
            revenue = frame.columns[plan.segments[s].value_slot].numbers;
        }
        for (std::size_t m = 0; m < rules.metrics.size() && revenue.empty(); ++m) {
            if (rules.metrics[m].scale.kind != ScaleKind::Percentile) continue;
            source = fmt::format("{} (the value of metric '{}')", rules.metrics[m].value.text, rules.metrics[m].id);
            revenue = frame.columns[plan.metrics[m].raw_slot].numbers;
        }
    }
    for (double& value : revenue)
        if (is_missing(value)) value = 0;
    return revenue;
}

void finish_shares(std::vector<ShareRow>& rows, std::size_t customers, double total, bool has_revenue) {
    for (ShareRow& row : rows) {
        row.share = customers ? 100.0 * static_cast<double>(row.count) / static_cast<double>(customers) : 0;
        row.revenue_share = has_revenue && total != 0 ? 100.0 * row.revenue / total : missing_number;
    }
}

/// Counts and revenue per label of a text column, labels in the given order.
std::vector<ShareRow> shares_by_label(const std::vector<std::string_view>& column, const std::vector<std::string>& labels,
                                      const std::vector<double>& revenue) {
    std::vector<ShareRow> rows;
    for (const auto& label : labels) rows.push_back(ShareRow{label, label, 0, 0, 0, missing_number});
    std::vector<CompensatedSum> sums(rows.size());
    for (std::size_t row = 0; row < column.size(); ++row) {
        if (column[row].data() == nullptr) continue;
        for (std::size_t s = 0; s < rows.size(); ++s) {
            if (rows[s].id != column[row]) continue;
            ++rows[s].count;
            if (!revenue.empty()) sums[s].add(revenue[row]);
            break;
        }
    }
    for (std::size_t s = 0; s < rows.size(); ++s) rows[s].revenue = sums[s].value();
    return rows;
}

/// Customers per segment class (rows) and tier (columns).
std::vector<std::vector<std::size_t>> by_tier(const std::vector<std::string_view>& segment,
                                              const std::vector<std::string>& classes,
                                              const std::vector<std::string_view>& tier,
                                              const std::vector<std::string>& tiers) {
    std::vector<std::vector<std::size_t>> counts(classes.size(), std::vector<std::size_t>(tiers.size(), 0));
    for (std::size_t row = 0; row < segment.size(); ++row) {
        if (segment[row].data() == nullptr) continue;
        auto c = std::find(classes.begin(), classes.end(), segment[row]);
        auto t = std::find(tiers.begin(), tiers.end(), tier[row]);
        if (c != classes.end() && t != tiers.end())
            ++counts[static_cast<std::size_t>(c - classes.begin())][static_cast<std::size_t>(t - tiers.begin())];
    }
    return counts;
}

std::string split_name(const SplitSpec& split) {
    switch (split.kind) {
    case SplitSpec::Median: return "median";
    case SplitSpec::Percentile: return "percentile " + format_number_text(split.value);
    case SplitSpec::Fixed: return "fixed";
    }
    return "";
}

PercentileCut percentile_cut(const std::string& metric, const Column& raw) {
    PercentileCut cut{metric, {}};
    std::vector<double> sorted;
    for (double value : raw.numbers)
        if (!is_missing(value)) sorted.push_back(value);
    std::sort(sorted.begin(), sorted.end());
    if (sorted.empty()) return cut;
    for (int points : cut_points) {
        // PERCENT_RANK = 100 * (values below) / (n - 1): the first value with enough below it.
        const double needed = points * static_cast<double>(sorted.size() - 1) / 100.0;
        auto index = static_cast<std::size_t>(std::ceil(needed - 1e-9));
        while (index < sorted.size() && index > 0 && sorted[index] == sorted[index - 1]) ++index;
        if (index < sorted.size()) cut.value_for_points.emplace_back(points, sorted[index]);
    }
    return cut;
}

}  // namespace

Summary summarize(const ScoringPlan& plan, Frame& frame, const std::vector<TierOutcome>& outcomes,
                  const std::vector<SegmentOutcome>& segments, const std::vector<MadeMissing>& made_missing,
                  const std::vector<std::uint16_t>& rules_tier, const expr::CompileOptions& options) {
    const RuleSet& rules = *plan.rules;
    Summary summary;
    summary.name = rules.name;
    summary.customers = frame.rows;
    const std::vector<double> revenue = revenue_of(plan, frame, summary.revenue_source);
    const bool has_revenue = !summary.revenue_source.empty();
    CompensatedSum total;
    for (double value : revenue) total.add(value);
    summary.revenue_total = total.value();

    std::vector<std::string> tier_ids;
    for (const auto& tier : rules.tiers) tier_ids.push_back(tier.id);
    std::vector<ShareRow> tier_rows = shares_by_label(frame.columns[plan.tier_slot].texts, tier_ids, revenue);
    finish_shares(tier_rows, frame.rows, summary.revenue_total, has_revenue);
    const auto& ids = frame.columns[plan.id_slot].texts;
    const auto& scores = frame.columns[plan.score_slot].numbers;
    for (std::size_t t = 0; t < rules.tiers.size(); ++t) {
        TierSummary tier;
        tier.row = tier_rows[t];
        tier.row.label = rules.tiers[t].label;
        tier.capacity = rules.tiers[t].max;
        if (rules.tiers[t].max_groups) tier.capacity_by = rules.tiers[t].max_groups->by.text;
        if (t < outcomes.size()) {
            if (outcomes[t].capacity) tier.capacity = outcomes[t].capacity;
            tier.groups = outcomes[t].groups;
            tier.candidates = outcomes[t].candidates;
            tier.forced = outcomes[t].forced;
            const auto& away = outcomes[t].turned_away;
            for (std::size_t i = 0; i < away.size() && i < shown_in_line; ++i)
                tier.next_in_line.push_back(NextInLine{
                    std::string(ids[away[i]]),
                    plan.label_slot >= 0 ? std::string(frame.columns[plan.label_slot].texts[away[i]]) : "",
                    scores[away[i]]});
            tier.more_in_line = away.size() > shown_in_line ? away.size() - shown_in_line : 0;
        }
        summary.tiers.push_back(std::move(tier));
    }
    summary.funnel = work_out_funnel(plan, frame, outcomes, revenue, summary.revenue_total, has_revenue, rules_tier, options);

    for (std::size_t s = 0; s < rules.segments.size() && s < segments.size(); ++s) {
        const SegmentSpec& spec = rules.segments[s];
        SegmentSummary segment;
        segment.name = spec.name;
        segment.kind = spec.kind;
        segment.classes = shares_by_label(frame.columns[plan.segments[s].slot].texts, segments[s].labels, revenue);
        finish_shares(segment.classes, frame.rows, summary.revenue_total, has_revenue);
        segment.missing = segments[s].missing;
        segment.smallest_in_class = segments[s].smallest_in_class;
        if (spec.kind == SegmentKind::Grid) {
            segment.x = spec.value.text;
            segment.y = spec.y.text;
            segment.x_split = split_name(spec.x_split);
            segment.y_split = split_name(spec.y_split);
            segment.x_cut = segments[s].x_cut;
            segment.y_cut = segments[s].y_cut;
        } else if (spec.kind == SegmentKind::Pareto) {
            segment.x = spec.value.text;
        }
        segment.by_tier = by_tier(frame.columns[plan.segments[s].slot].texts, segments[s].labels,
                                  frame.columns[plan.tier_slot].texts, tier_ids);
        summary.segments.push_back(std::move(segment));
    }

    for (double score : scores) {
        if (is_missing(score)) {
            ++summary.scores_missing;
            continue;
        }
        auto bucket = static_cast<std::size_t>(std::clamp(score, 0.0, 100.0) / 10.0);
        ++summary.histogram[std::min<std::size_t>(bucket, 9)];
    }
    for (std::size_t m = 0; m < rules.metrics.size(); ++m)
        if (rules.metrics[m].scale.kind == ScaleKind::Percentile)
            summary.percentile_cuts.push_back(percentile_cut(rules.metrics[m].id, frame.columns[plan.metrics[m].raw_slot]));
    for (std::size_t f = 0; f < rules.fields.size(); ++f) {
        FieldCompleteness field{rules.fields[f].name, rules.fields[f].column, 0, 0, 0, 0};
        if (f < made_missing.size()) {
            field.missing_words = made_missing[f].words;
            field.unreadable = made_missing[f].unreadable;
        }
        const Column& column = frame.columns[plan.field_slots[f]];
        for (std::size_t row = 0; row < frame.rows; ++row) field.missing += column.is_missing_at(row);
        field.share = frame.rows ? 100.0 * static_cast<double>(field.missing) / static_cast<double>(frame.rows) : 0;
        summary.completeness.push_back(field);
    }
    return summary;
}

}  // namespace kamscore
