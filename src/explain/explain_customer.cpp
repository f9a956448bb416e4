#include "kamscore/explain/explanation.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "explain/cell_value.hpp"
#include "kamscore/table/parse_value.hpp"
#include "explain/one_line.hpp"

namespace kamscore {
namespace {

std::string describe_scale(const ScaleSpec& scale) {
    switch (scale.kind) {
    case ScaleKind::Percentile: return "percentile";
    case ScaleKind::Linear: return fmt::format("linear {}..{}", format_number_text(scale.low), format_number_text(scale.high));
    case ScaleKind::Log: return fmt::format("log {}..{}", format_number_text(scale.low), format_number_text(scale.high));
    case ScaleKind::Bands: return "bands";
    case ScaleKind::Map: return "map";
    }
    return "";
}

bool is_forced(const ExplainContext& context, std::uint32_t row) {
    return context.forced && !context.forced->empty() && (*context.forced)[row] >= 0;
}

/// Better by capacity's order: higher score, then smaller id.
bool is_better(double score_a, std::string_view id_a, double score_b, std::string_view id_b) {
    double a = is_missing(score_a) ? -1.0 : score_a, b = is_missing(score_b) ? -1.0 : score_b;
    return a != b ? a > b : id_a < id_b;
}

/// Rank among a capped tier's candidates, who the capacity took last, and how many seats
/// overrides hold; with seats per group, all of it within the customer's group.
void fill_capacity(TierTrace& trace, std::size_t k, const ScoringPlan& plan, Frame& frame, std::uint32_t row,
                   const ExplainContext& context, const std::vector<std::uint16_t>& tier_of) {
    if (!trace.capacity && !plan.rules->tiers[k].max_groups) return;
    const auto& scores = frame.columns[plan.score_slot].numbers;
    const auto& ids = frame.columns[plan.id_slot].texts;
    const TierOutcome* outcome = context.outcomes ? &(*context.outcomes)[k] : nullptr;
    trace.candidates = outcome ? outcome->candidates : 0;
    trace.forced = outcome ? outcome->forced : 0;
    const std::vector<std::string_view> group_of = capacity_group_of_rows(plan, frame, k);
    const auto same_group = [&](std::uint32_t other) { return group_of.empty() || group_of[other] == group_of[row]; };
    if (!group_of.empty()) {
        const CapacityGroups& groups = *plan.rules->tiers[k].max_groups;
        trace.capacity_by = one_line(groups.by.text);
        trace.capacity_group = std::string(group_of[row]);
        trace.capacity_group_is_missing = group_of[row].data() == nullptr;
        trace.capacity = groups.seats_of(group_of[row]).value_or(0);
        trace.candidates = trace.forced = 0;
        if (outcome)
            for (const TierOutcome::Group& group : outcome->groups)
                if (group.value == group_of[row]) {
                    trace.candidates = group.candidates;
                    trace.forced = group.forced;
                }
    }
    std::vector<std::uint32_t> candidates;
    for (std::uint32_t other = 0; other < frame.rows; ++other) {
        if (tier_of[other] != k || is_forced(context, other) || !same_group(other)) continue;
        candidates.push_back(other);
        if (is_missing(trace.lowest_taken) || is_better(trace.lowest_taken, trace.lowest_taken_id, scores[other], ids[other])) {
            trace.lowest_taken = is_missing(scores[other]) ? -1.0 : scores[other];
            trace.lowest_taken_id = std::string(ids[other]);
        }
    }
    if (outcome)
        for (std::uint32_t other : outcome->turned_away)
            if (same_group(other)) candidates.push_back(other);
    if (std::find(candidates.begin(), candidates.end(), row) == candidates.end()) return;
    trace.rank = 1;
    for (std::uint32_t other : candidates)
        if (other != row && is_better(scores[other], ids[other], scores[row], ids[row])) ++trace.rank;
}

/// `stay` holds the row in its tier: its `when` fails, or score's change column says "kept"
/// (it holds, but the capacity went to the previous run's customers first).
bool is_kept_by_stay(const ScoringPlan& plan, const Frame& frame, std::uint32_t row, TierVerdict verdict) {
    if (verdict == TierVerdict::Stayed) return true;
    return plan.change_slot >= 0 && frame.columns[plan.change_slot].texts[row] == "kept";
}

}  // namespace

Explanation explain_customer(const ScoringPlan& plan, Frame& frame, std::uint32_t row, const ExplainContext& context) {
    const RuleSet& rules = *plan.rules;
    Explanation explanation;
    explanation.id = std::string(frame.columns[plan.id_slot].texts[row]);
    if (plan.label_slot >= 0) explanation.label = std::string(frame.columns[plan.label_slot].texts[row]);
    explanation.tier = std::string(frame.columns[plan.tier_slot].texts[row]);
    explanation.tier_label = std::string(frame.columns[plan.tier_label_slot].texts[row]);
    explanation.score = frame.columns[plan.score_slot].numbers[row];
    explanation.strategic_met = static_cast<std::size_t>(frame.columns[plan.strategic_count_slot].numbers[row]);

    for (const auto& criterion : rules.strategic)
        explanation.strategic.push_back(
            {criterion.id, criterion.label, trace_condition(criterion.when.text, plan, frame, row, context.compile_options)});

    for (std::size_t m = 0; m < rules.metrics.size(); ++m) {
        const MetricSpec& spec = rules.metrics[m];
        MetricTrace trace;
        trace.id = spec.id;
        trace.label = spec.label;
        trace.raw = cell_value(frame.columns[plan.metrics[m].raw_slot], row);
        trace.scale = describe_scale(spec.scale);
        trace.scaled = frame.columns[plan.metrics[m].scaled_slot].numbers[row];
        trace.weight = spec.weight;
        trace.points = frame.columns[plan.metrics[m].points_slot].numbers[row];
        trace.skipped = is_missing(trace.scaled);
        explanation.metrics.push_back(std::move(trace));
    }
    for (std::size_t s = 0; s < rules.segments.size(); ++s)
        explanation.segments.emplace_back(rules.segments[s].name,
                                          std::string(frame.columns[plan.segments[s].slot].texts[row]));

    // The tier trace follows the rules: with an override, the tiers are shown as the rules
    // see them and the override said last.
    const std::vector<std::uint16_t> tier_of = tier_indices(plan, frame);
    const std::size_t final_tier = tier_of[row];
    const bool forced = is_forced(context, row);
    const std::size_t formula = forced && context.formula_tier ? (*context.formula_tier)[row] : final_tier;
    for (std::size_t k = 0; k < rules.tiers.size(); ++k) {
        const TierSpec& spec = rules.tiers[k];
        TierTrace trace;
        trace.id = spec.id;
        trace.label = spec.label;
        trace.capacity = spec.max;
        if (spec.max_groups) trace.capacity_by = one_line(spec.max_groups->by.text);
        if (forced) {
            trace.verdict = k == final_tier ? TierVerdict::Forced : TierVerdict::Skipped;
            if (spec.when && k <= std::max(formula, final_tier))
                trace.when = trace_condition(spec.when->text, plan, frame, row, context.compile_options);
        } else if (k > final_tier) {
            trace.verdict = TierVerdict::NotReached;
        } else {
            if (spec.when) trace.when = trace_condition(spec.when->text, plan, frame, row, context.compile_options);
            const bool held = !trace.when || trace.when->holds == bool_true;
            if (k == final_tier) trace.verdict = held ? TierVerdict::Taken : TierVerdict::Stayed;
            else trace.verdict = held ? TierVerdict::OverCapacity : TierVerdict::Failed;
            fill_capacity(trace, k, plan, frame, row, context, tier_of);
            if (k == final_tier && spec.stay && trace.when && is_kept_by_stay(plan, frame, row, trace.verdict))
                trace.stay = trace_stay(*trace.when, spec.stay->text, plan, frame, row, context.compile_options);
        }
        explanation.tiers.push_back(std::move(trace));
    }

    if (forced && context.override_entry && context.overrides) {
        const Override& entry = (*context.overrides)[static_cast<std::size_t>((*context.override_entry)[row])];
        OverrideTrace applied{entry.tier, entry.reason, entry.owner, entry.expires ? format_date(*entry.expires) : "",
                              rules.tiers[formula].id};
        explanation.override_applied = applied;
    }
    explanation.lift = find_lift(plan, frame, row, formula, context);
    return explanation;
}

}  // namespace kamscore
